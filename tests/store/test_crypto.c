/* Encryption at rest, tried as an attacker would: what the file holds
 * before and after the first account, the setup code and its lockout, PIN +
 * staff card, the thief with the SD card and the right PIN but no card,
 * lockout, new cards, removal, another site's key, and the raw bytes of the
 * database and its WAL. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "store/store.h"
#include "store/store_private.h"
#include "helpers.h"
#include "test.h"

#define PIN_A "482915"
#define PIN_B "73100462"
#define PIN_C "999111"

/* Answers a visitor gave; must never appear in the file in clear. */
static const char SECRET_ANSWERS[] =
    "consent=yes\nq8=recent\nq_share_needles=yes\nmarker=ANSWER-7f3a9c\n";
/* A calculate that copies an answer (like ASSIST's `injected`) and a
 * score: not counted, so sealed with the answers. */
static const char COPY_CALC[] = "copied-answer-5d21";
static const char SCORE[] = "score-marker-9b04";
/* A declared band: counted per day and language, so it is in the file
 * (as one aggregate row), which proves the scan below reads the bytes. */
static const char BAND[] = "band-marker-1e6b";

static void card_of(unsigned char card[STORE_CARD_BYTES], int n)
{
    for (int i = 0; i < STORE_CARD_BYTES; i++) {
        card[i] = (unsigned char)(n * 31 + i * 7 + 1);
    }
}

static int64_t save_one(struct store *st, const char *answers, int64_t t)
{
    struct store_value v[] = {{"assist_score", SCORE},
                              {"assist_risk", BAND},
                              {"injected", COPY_CALC}};
    struct store_value tally[] = {{"assist_risk", BAND}};
    struct store_screening sc = {
        .form_id = "assist_lite", .form_version = "2", .language = "km",
        .time = t, .values = v, .n_values = 3, .tallies = tally,
        .n_tallies = 1, .answers = (const unsigned char *)answers,
        .answers_len = strlen(answers),
    };
    int64_t id = -1;
    CHECK_INT(store_save_screening(st, &sc, &id), KIOSK_OK);
    return id;
}

/* 1 if `needle` occurs in the raw bytes of file `path`. */
static int file_contains(const char *path, const void *needle, size_t n)
{
    char *data = NULL;
    size_t len = 0;
    if (kiosk_read_file(path, 512u * 1024 * 1024, &data, &len) != KIOSK_OK) {
        return 0; /* a missing -wal holds nothing */
    }
    int found = memmem(data, len, needle, n) != NULL;
    free(data);
    return found;
}

static int db_or_wal_contains(const char *path, const char *needle)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return file_contains(path, needle, strlen(needle)) ||
           file_contains(wal, needle, strlen(needle));
}

static int audit_has(struct store *st, const char *action)
{
    struct store_audit a[128];
    int n = 0;
    CHECK_INT(store_audit_list(st, 0, a, 128, &n), KIOSK_OK);
    int count = 0;
    for (int i = 0; i < n; i++) {
        count += strcmp(a[i].action, action) == 0;
    }
    return count;
}

static int band_count(struct store *st)
{
    int64_t day = store_day(st, TEST_NOW);
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT sum(n) FROM tally WHERE kind = 2 AND"
                           " day = ?1 AND value = 'band-marker-1e6b'",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, day);
        if (sqlite3_step(s) == SQLITE_ROW) {
            n = sqlite3_column_int64(s, 0);
        }
    }
    sqlite3_finalize(s);
    return (int)n;
}

static void check_opened(struct store *st, const struct store_key *k,
                         int64_t id, const char *answers, int64_t t)
{
    struct store_opened *o = NULL;
    CHECK_INT(store_open_screening(st, k, id, "T-1", TEST_NOW, &o),
              KIOSK_OK);
    if (!o) {
        return;
    }
    CHECK_STR(o->form_id, "assist_lite");
    CHECK_STR(o->form_version, "2");
    CHECK_STR(o->language, "km");
    CHECK_INT(o->time, t);
    CHECK_INT(o->n_values, 3);
    CHECK_STR(o->values[0].name, "assist_score");
    CHECK_STR(o->values[0].value, SCORE);
    CHECK_STR(o->values[2].value, COPY_CALC);
    CHECK_INT(o->answers_len, strlen(answers));
    CHECK_STR(o->answers, answers);
    CHECK_INT(o->legacy, 0);
    store_opened_free(o);
}

/* The thief's own attempt, outside this program's store code: Argon2id
 * over the secrets they have, against the wrapped copy read from the
 * file. Returns 1 if the site secret key comes out. */
static int thief_unwraps(const char *path, int64_t staff_id, const char *pin,
                         const unsigned char *card)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int ok = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT salt, ops, mem, nonce, wrapped FROM staff"
                           " WHERE id = ?1", -1, &s, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_bind_int64(s, 1, staff_id);
    if (sqlite3_step(s) == SQLITE_ROW &&
        sqlite3_column_bytes(s, 4) ==
            crypto_box_SECRETKEYBYTES + crypto_secretbox_MACBYTES) {
        unsigned char pw[STORE_PIN_MAX + 1 + STORE_CARD_BYTES];
        size_t pn = strlen(pin), n = pn;
        memcpy(pw, pin, pn);
        if (card) {
            pw[pn] = 0;
            memcpy(pw + pn + 1, card, STORE_CARD_BYTES);
            n += 1 + STORE_CARD_BYTES;
        }
        unsigned char key[crypto_secretbox_KEYBYTES];
        unsigned char sk[crypto_box_SECRETKEYBYTES];
        if (crypto_pwhash(key, sizeof key, (const char *)pw, n,
                          sqlite3_column_blob(s, 0),
                          (unsigned long long)sqlite3_column_int64(s, 1),
                          (size_t)sqlite3_column_int64(s, 2),
                          crypto_pwhash_ALG_ARGON2ID13) == 0) {
            ok = crypto_secretbox_open_easy(
                     sk, sqlite3_column_blob(s, 4),
                     (unsigned long long)sqlite3_column_bytes(s, 4),
                     sqlite3_column_blob(s, 3), key) == 0;
        }
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return ok;
}

static void test_before_first_account(void)
{
    char path[512];
    test_path(path, sizeof path, "fresh.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    /* Visitors are served before any staff account exists, and nothing
     * but counts is kept: there is no key yet to seal answers to. */
    CHECK_INT(store_keeps_answers(st), 0);
    CHECK_INT(save_one(st, SECRET_ANSWERS, TEST_NOW), 0);
    CHECK_INT(band_count(st), 1);
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(store_db(st),
                                 "SELECT count(*) FROM screenings", -1, &s,
                                 NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    CHECK(!db_or_wal_contains(path, "ANSWER-7f3a9c"));
    CHECK(!db_or_wal_contains(path, COPY_CALC));
    CHECK(!db_or_wal_contains(path, SCORE));
    /* the setup code is never written anywhere */
    CHECK(!db_or_wal_contains(path, TEST_SETUP_CODE));

    /* The setup code only allows making the first account; wrong codes
     * are counted before they are compared and lock out like PINs. */
    unsigned char card[STORE_CARD_BYTES];
    card_of(card, 1);
    for (int i = 1; i <= 4; i++) {
        CHECK_INT(store_setup_check(st, "wrong-code", TEST_NOW + i),
                  KIOSK_EDENIED);
    }
    int64_t t5 = TEST_NOW + 10;
    CHECK_INT(store_staff_create_first(st, "wrong-code", "Lan", PIN_A, card,
                                       t5, NULL), KIOSK_EDENIED);
    CHECK_INT(audit_has(st, "locked"), 1);
    /* locked: even the right code is refused, unchecked, until t5 + 60 */
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       card, t5 + 59, NULL), KIOSK_ELOCKED);
    CHECK_INT(audit_has(st, "setup_while_locked"), 1);
    int n = -1;
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 0);
    /* a lock survives closing and opening the store (a restart) */
    store_close(st);
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    CHECK_INT(store_setup_check(st, TEST_SETUP_CODE, t5 + 30),
              KIOSK_ELOCKED);
    int64_t lan = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       card, t5 + 61, &lan), KIOSK_OK);
    CHECK(lan > 0);
    CHECK_INT(store_keeps_answers(st), 1);
    /* the code is spent once an account exists */
    CHECK_INT(store_setup_check(st, TEST_SETUP_CODE, t5 + 62), KIOSK_EEXIST);
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Minh", PIN_B,
                                       card, t5 + 63, NULL), KIOSK_EEXIST);
    store_close(st);

    /* A site without a setup code cannot make a first account. */
    struct store_opts none = test_opts();
    none.setup_code = NULL;
    char p2[512];
    test_path(p2, sizeof p2, "nocode.db");
    test_unlink_db(p2);
    CHECK_INT(store_open(p2, &none, &st), KIOSK_OK);
    CHECK_INT(store_setup_check(st, TEST_SETUP_CODE, TEST_NOW), KIOSK_ENOENT);
    store_close(st);
}

static void test_staff_card_and_pin(void)
{
    char path[512];
    test_path(path, sizeof path, "crypto.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    unsigned char card_a[STORE_CARD_BYTES], card_b[STORE_CARD_BYTES],
        card_c[STORE_CARD_BYTES];
    card_of(card_a, 1);
    card_of(card_b, 2);
    card_of(card_c, 3);
    static const struct {
        const char *name, *pin;
    } bad[] = {
        {"Lan", "12345"}, {"Lan", "abcdef"}, {"Lan", "1234567890123"},
        {"Lan", "12 456"}, {"Lan", NULL}, {"", PIN_A}, {NULL, PIN_A},
        {"Lan", "-12345"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, bad[i].name,
                                           bad[i].pin, card_a, TEST_NOW,
                                           NULL), KIOSK_EINVAL);
    }
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       NULL, TEST_NOW, NULL), KIOSK_EINVAL);
    int64_t lan = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       card_a, TEST_NOW, &lan), KIOSK_OK);
    int64_t sid = save_one(st, SECRET_ANSWERS, TEST_NOW + 1);
    CHECK(sid > 0);

    /* A scanned card finds its account; an unknown card finds none. */
    int64_t found = 0;
    CHECK_INT(store_staff_by_card(st, card_a, &found), KIOSK_OK);
    CHECK_INT(found, lan);
    CHECK_INT(store_staff_by_card(st, card_b, &found), KIOSK_ENOENT);

    /* PIN and card together open the record: everything as saved. */
    struct store_key *k = NULL;
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, NULL, TEST_NOW, &k),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, card_b, TEST_NOW, &k),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, card_a, TEST_NOW, &k),
              KIOSK_OK);
    CHECK(k != NULL);
    CHECK_INT(store_key_staff(k), lan);
    CHECK_INT(audit_has(st, "login"), 1);
    check_opened(st, k, sid, SECRET_ANSWERS, TEST_NOW + 1);
    CHECK_INT(audit_has(st, "answers"), 1);
    struct store_opened *op = NULL;
    CHECK_INT(store_open_screening(st, k, 424242, "x", TEST_NOW, &op),
              KIOSK_ENOENT);
    /* A failed audit fails the action: a detail the log refuses (over
     * STORE_MAX_TEXT) means no answers are opened at all. */
    char *huge = malloc(STORE_MAX_TEXT + 10);
    memset(huge, 'x', STORE_MAX_TEXT + 9);
    huge[STORE_MAX_TEXT + 9] = '\0';
    CHECK_INT(store_open_screening(st, k, sid, huge, TEST_NOW, &op),
              KIOSK_EINVAL);
    CHECK(op == NULL);
    free(huge);

    /* A second account, added under Lan's session, with its own card. */
    int64_t minh = 0;
    CHECK_INT(store_staff_add(st, NULL, "Minh", PIN_B, card_b, TEST_NOW,
                              &minh), KIOSK_EINVAL);
    CHECK_INT(store_staff_add(st, k, "Minh", PIN_B, card_b, TEST_NOW, &minh),
              KIOSK_OK);
    CHECK_INT(store_staff_add(st, k, "Minh", PIN_C, card_c, TEST_NOW, NULL),
              KIOSK_EEXIST); /* duplicate name */
    CHECK_INT(store_staff_add(st, k, "Hoa", PIN_C, card_a, TEST_NOW, NULL),
              KIOSK_EEXIST); /* Lan's card */
    struct store_key *k2 = NULL;
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, card_b, TEST_NOW, &k2),
              KIOSK_OK);
    int64_t sid2 = save_one(st, "second=visitor\n", TEST_NOW + 5);
    check_opened(st, k2, sid2, "second=visitor\n", TEST_NOW + 5);
    store_key_free(k2);

    /* Lockout: four wrong tries are counted, the fifth locks for 60 s,
     * the next failure after that for 120 s; a wrong card counts too. */
    struct store_staff sf;
    for (int i = 1; i <= 4; i++) {
        CHECK_INT(store_staff_unlock(st, minh, i == 2 ? PIN_B : "000000",
                                     i == 2 ? card_a : card_b, TEST_NOW + i,
                                     &k2), KIOSK_EDENIED);
        CHECK(k2 == NULL);
        CHECK_INT(store_staff_get(st, minh, &sf), KIOSK_OK);
        CHECK_INT(sf.failed, i);
        CHECK_INT(sf.lock_until, 0);
    }
    int64_t t5 = TEST_NOW + 10;
    CHECK_INT(store_staff_unlock(st, minh, "000000", card_b, t5, &k2),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_get(st, minh, &sf), KIOSK_OK);
    CHECK_INT(sf.failed, 5);
    CHECK_INT(sf.lock_until, t5 + 60);
    CHECK_INT(audit_has(st, "locked"), 1);
    /* While locked even the right secrets are refused, and not counted. */
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, card_b, t5 + 59, &k2),
              KIOSK_ELOCKED);
    CHECK_INT(store_staff_get(st, minh, &sf), KIOSK_OK);
    CHECK_INT(sf.failed, 5);
    CHECK_INT(audit_has(st, "pin_while_locked"), 1);
    CHECK_INT(store_staff_unlock(st, minh, "111111", card_b, t5 + 60, &k2),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_get(st, minh, &sf), KIOSK_OK);
    CHECK_INT(sf.lock_until, t5 + 60 + 120);
    CHECK_INT(store_staff_get(st, lan, &sf), KIOSK_OK);
    CHECK_INT(sf.failed, 0); /* other accounts are unaffected */
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, card_b, t5 + 180, &k2),
              KIOSK_OK);
    store_key_free(k2);
    k2 = NULL;

    /* Minh lost the card: Lan gives Minh a new card and PIN. */
    CHECK_INT(store_staff_rewrap(st, k, minh, PIN_C, card_a, TEST_NOW + 300),
              KIOSK_EEXIST); /* Lan's card */
    CHECK_INT(store_staff_rewrap(st, k, minh, "12", card_c, TEST_NOW + 300),
              KIOSK_EINVAL);
    CHECK_INT(store_staff_rewrap(st, k, minh, PIN_C, card_c, TEST_NOW + 300),
              KIOSK_OK);
    CHECK_INT(audit_has(st, "new_card"), 1);
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, card_b, TEST_NOW + 301,
                                 &k2), KIOSK_EDENIED);
    CHECK_INT(store_staff_unlock(st, minh, PIN_C, card_c, TEST_NOW + 302,
                                 &k2), KIOSK_OK);
    check_opened(st, k2, sid, SECRET_ANSWERS, TEST_NOW + 1);

    /* Removing: not the last account. */
    CHECK_INT(store_staff_remove(st, k2, lan, TEST_NOW + 400), KIOSK_OK);
    CHECK_INT(store_staff_remove(st, k2, minh, TEST_NOW + 401), KIOSK_EINUSE);
    CHECK_INT(store_staff_remove(st, k2, 424242, TEST_NOW + 401),
              KIOSK_ENOENT);
    struct store_key *gone = NULL;
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, card_a, TEST_NOW + 402,
                                 &gone), KIOSK_ENOENT);
    CHECK(gone == NULL);
    store_key_free(k);
    store_key_free(k2);
    store_close(st);

    /* A key from another site cannot open this site's answers. */
    char other[512];
    test_path(other, sizeof other, "other.db");
    test_unlink_db(other);
    struct store *st2 = NULL;
    CHECK_INT(store_open(other, &o, &st2), KIOSK_OK);
    int64_t x = 0;
    CHECK_INT(store_staff_create_first(st2, TEST_SETUP_CODE, "X", PIN_A,
                                       card_a, TEST_NOW, &x), KIOSK_OK);
    struct store_key *kx = NULL;
    CHECK_INT(store_staff_unlock(st2, x, PIN_A, card_a, TEST_NOW, &kx),
              KIOSK_OK);
    store_close(st2);
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    CHECK_INT(store_open_screening(st, kx, sid, "x", TEST_NOW, &op),
              KIOSK_EIO);
    CHECK_INT(store_staff_add(st, kx, "Eve", PIN_C, card_c, TEST_NOW, NULL),
              KIOSK_EDENIED);
    store_key_free(kx);
    store_close(st);
}

/* The thief has the SD card's files and has watched the PIN being typed,
 * but not the staff card: no attempt opens a single answer. With the card
 * and the PIN, the same attempt does (so the attempt is a real one). */
static void test_thief(void)
{
    char path[512];
    test_path(path, sizeof path, "stolen.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    unsigned char card[STORE_CARD_BYTES], other[STORE_CARD_BYTES];
    card_of(card, 7);
    card_of(other, 8);
    int64_t lan = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       card, TEST_NOW, &lan), KIOSK_OK);
    save_one(st, SECRET_ANSWERS, TEST_NOW + 1);
    store_close(st);
    /* offline, with the thief's own Argon2id over the file's wrap */
    CHECK(!thief_unwraps(path, lan, PIN_A, NULL));
    CHECK(!thief_unwraps(path, lan, PIN_A, other));
    CHECK(!thief_unwraps(path, lan, "000000", card));
    CHECK(thief_unwraps(path, lan, PIN_A, card));
    /* and through the store, on a copy of the files */
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    struct store_key *k = NULL;
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, NULL, TEST_NOW + 2, &k),
              KIOSK_EDENIED);
    CHECK(k == NULL);
    store_close(st);
}

/* The raw file and WAL hold no answer, no calculate that is not a
 * declared measure and no per-screening result, while the declared band
 * is there as a count (proving the scan reads the bytes). */
static void test_raw_bytes(void)
{
    char path[512];
    test_path(path, sizeof path, "raw.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    unsigned char card[STORE_CARD_BYTES];
    card_of(card, 4);
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       card, TEST_NOW, NULL), KIOSK_OK);
    for (int i = 0; i < 50; i++) {
        save_one(st, SECRET_ANSWERS, TEST_NOW + i);
    }
    CHECK_INT(band_count(st), 50);
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    static const char *const never[] = {
        "ANSWER-7f3a9c", "q_share_needles", "recent", COPY_CALC, SCORE,
        "assist_score", "injected",
    };
    /* While open, the rows sit in the WAL. */
    CHECK(file_contains(wal, BAND, strlen(BAND)));
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
        CHECK(!db_or_wal_contains(path, never[i]));
    }
    store_close(st);
    /* After close they are checkpointed into the main file. */
    CHECK(file_contains(path, BAND, strlen(BAND)));
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
        CHECK(!db_or_wal_contains(path, never[i]));
    }
}

/* More accounts than a screen shows at once are all listed. */
static void test_many_accounts(void)
{
    char path[512];
    test_path(path, sizeof path, "many.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    unsigned char card[STORE_CARD_BYTES];
    card_of(card, 100);
    int64_t first = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "A00", PIN_A,
                                       card, TEST_NOW, &first), KIOSK_OK);
    struct store_key *k = NULL;
    CHECK_INT(store_staff_unlock(st, first, PIN_A, card, TEST_NOW, &k),
              KIOSK_OK);
    for (int i = 1; i < 40; i++) {
        char name[8];
        snprintf(name, sizeof name, "A%02d", i);
        card_of(card, 100 + i);
        CHECK_INT(store_staff_add(st, k, name, PIN_B, card, TEST_NOW, NULL),
                  KIOSK_OK);
    }
    struct store_staff list[64];
    int n = 0;
    CHECK_INT(store_staff_list(st, list, 32, &n), KIOSK_ETOOBIG);
    CHECK_INT(n, 32);
    CHECK_INT(store_staff_list(st, list, 64, &n), KIOSK_OK);
    CHECK_INT(n, 40);
    CHECK_STR(list[39].name, "A39");
    store_key_free(k);
    store_close(st);
}

int main(void)
{
    test_before_first_account();
    test_staff_card_and_pin();
    test_thief();
    test_raw_bytes();
    test_many_accounts();
    test_cleanup();
    TEST_MAIN_END();
}
