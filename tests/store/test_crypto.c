/* Encryption at rest: sealing, PIN wrapping, setup code -> first account,
 * lockout, PIN change, removal, and the raw database bytes. */
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
    "consent=yes;q_inject=weekly;q_share_needles=yes;MARKER-7f3a9c";
/* A calculate value: stored in clear on purpose (statistics). */
static const char PLAIN_BAND[] = "band-marker-1e6b";

static int64_t save_one(struct store *st, const char *answers, int64_t t)
{
    struct store_value v[] = {{"assist_risk", PLAIN_BAND}};
    struct store_screening sc = {
        .form_id = "assist_lite", .form_version = "2", .language = "vi",
        .time = t, .values = v, .n_values = 1,
        .answers = (const unsigned char *)answers,
        .answers_len = strlen(answers),
    };
    int64_t id = 0;
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

static int db_or_wal_contains(const char *path, const void *needle, size_t n)
{
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    return file_contains(path, needle, n) || file_contains(wal, needle, n);
}

static int64_t staff_failed(struct store *st, int64_t id, int64_t *lock)
{
    struct store_staff s[8];
    int n = 0;
    CHECK_INT(store_staff_list(st, s, 8, &n), KIOSK_OK);
    for (int i = 0; i < n; i++) {
        if (s[i].id == id) {
            *lock = s[i].lock_until;
            return s[i].failed;
        }
    }
    return -1;
}

static int audit_has(struct store *st, const char *action)
{
    struct store_audit a[64];
    int n = 0;
    CHECK_INT(store_audit_list(st, 0, a, 64, &n), KIOSK_OK);
    int count = 0;
    for (int i = 0; i < n; i++) {
        count += strcmp(a[i].action, action) == 0;
    }
    return count;
}

/* The wrapped blob of a table row, for byte comparisons. */
static int read_blob(struct store *st, const char *sql, int64_t id,
                     unsigned char *out, int cap)
{
    sqlite3_stmt *s = NULL;
    int len = -1;
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, id);
        if (sqlite3_step(s) == SQLITE_ROW) {
            len = sqlite3_column_bytes(s, 0);
            if (len <= cap) {
                memcpy(out, sqlite3_column_blob(s, 0), (size_t)len);
            }
        }
    }
    sqlite3_finalize(s);
    return len;
}

static void test_setup_and_staff(void)
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
    /* Visitors are served before any staff account exists. */
    int n = -1;
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 0);
    int64_t sid = save_one(st, SECRET_ANSWERS, TEST_NOW);

    unsigned char setup_wrap[64];
    int setup_len = read_blob(st, "SELECT wrapped FROM setup_key"
                                  " WHERE id = ?1", 1, setup_wrap,
                              sizeof setup_wrap);
    CHECK_INT(setup_len, 48);
    CHECK(setup_len > 0 && db_or_wal_contains(path, setup_wrap,
                                               (size_t)setup_len));

    /* Bad names/PINs, then a wrong setup code (audited, no account). */
    static const struct {
        const char *name, *pin;
    } bad[] = {
        {"Lan", "12345"}, {"Lan", "abcdef"}, {"Lan", "1234567890123"},
        {"Lan", "12 456"}, {"Lan", NULL}, {"", PIN_A}, {NULL, PIN_A},
        {"Lan", "-12345"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, bad[i].name,
                                           bad[i].pin, TEST_NOW, NULL),
                  KIOSK_EINVAL);
    }
    CHECK_INT(store_staff_create_first(st, "wrong-setup-code", "Lan", PIN_A,
                                       TEST_NOW, NULL), KIOSK_EDENIED);
    CHECK_INT(audit_has(st, "setup_code_wrong"), 1);
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 0);

    int64_t lan = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", PIN_A,
                                       TEST_NOW, &lan), KIOSK_OK);
    CHECK(lan > 0);
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 1);
    /* The setup copy is gone: from the table, the file and the WAL. */
    unsigned char tmp[64];
    CHECK_INT(read_blob(st, "SELECT wrapped FROM setup_key WHERE id = ?1", 1,
                        tmp, sizeof tmp), -1);
    CHECK(!db_or_wal_contains(path, setup_wrap, (size_t)setup_len));
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Minh", PIN_B,
                                       TEST_NOW, NULL), KIOSK_EBUSY);

    /* Right PIN opens the answers saved before the account existed. */
    struct store_key *k = NULL;
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, TEST_NOW, &k), KIOSK_OK);
    CHECK(k != NULL);
    CHECK_INT(store_key_staff(k), lan);
    unsigned char *plain = NULL;
    size_t plen = 0;
    CHECK_INT(store_open_answers(st, k, sid, &plain, &plen), KIOSK_OK);
    CHECK_INT(plen, strlen(SECRET_ANSWERS));
    CHECK(plain && plen == strlen(SECRET_ANSWERS) &&
          memcmp(plain, SECRET_ANSWERS, plen) == 0);
    store_answers_free(plain);
    CHECK_INT(store_open_answers(st, k, 424242, &plain, &plen), KIOSK_ENOENT);

    /* A second account, added under Lan's session. */
    int64_t minh = 0;
    CHECK_INT(store_staff_add(st, NULL, "Minh", PIN_B, TEST_NOW, &minh),
              KIOSK_EINVAL);
    CHECK_INT(store_staff_add(st, k, "Minh", PIN_B, TEST_NOW, &minh),
              KIOSK_OK);
    CHECK_INT(store_staff_add(st, k, "Minh", PIN_C, TEST_NOW, NULL),
              KIOSK_EINVAL); /* duplicate name */
    struct store_key *k2 = NULL;
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, TEST_NOW, &k2), KIOSK_OK);
    int64_t sid2 = save_one(st, "second visitor", TEST_NOW + 5);
    CHECK_INT(store_open_answers(st, k2, sid2, &plain, &plen), KIOSK_OK);
    CHECK(plain && plen == 14 && memcmp(plain, "second visitor", 14) == 0);
    store_answers_free(plain);
    store_key_free(k2);

    /* Lockout: four wrong PINs are counted, the fifth locks for 60 s,
     * the next failure after that for 120 s. */
    int64_t lock = 0;
    for (int i = 1; i <= 4; i++) {
        CHECK_INT(store_staff_unlock(st, minh, "000000", TEST_NOW + i, &k2),
                  KIOSK_EDENIED);
        CHECK(k2 == NULL);
        CHECK_INT(staff_failed(st, minh, &lock), i);
        CHECK_INT(lock, 0);
    }
    int64_t t5 = TEST_NOW + 10;
    CHECK_INT(store_staff_unlock(st, minh, "000000", t5, &k2), KIOSK_EDENIED);
    CHECK_INT(staff_failed(st, minh, &lock), 5);
    CHECK_INT(lock, t5 + 60);
    CHECK_INT(audit_has(st, "staff_locked"), 1);
    /* While locked even the right PIN is refused, and not counted. */
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, t5 + 59, &k2),
              KIOSK_EDENIED);
    CHECK_INT(staff_failed(st, minh, &lock), 5);
    CHECK_INT(audit_has(st, "pin_while_locked"), 1);
    CHECK_INT(store_staff_unlock(st, minh, "111111", t5 + 60, &k2),
              KIOSK_EDENIED);
    CHECK_INT(staff_failed(st, minh, &lock), 6);
    CHECK_INT(lock, t5 + 60 + 120);
    CHECK_INT(audit_has(st, "staff_locked"), 2);
    /* Other accounts are unaffected by Minh's lock. */
    CHECK_INT(staff_failed(st, lan, &lock), 0);
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, t5 + 180, &k2), KIOSK_OK);
    CHECK_INT(staff_failed(st, minh, &lock), 0);
    CHECK_INT(lock, 0);
    store_key_free(k2);
    k2 = NULL;

    /* Changing Minh's PIN re-wraps only Minh's copy. */
    unsigned char lan_before[64], lan_after[64], minh_before[64],
        minh_after[64];
    const char *wsql = "SELECT wrapped FROM staff WHERE id = ?1";
    CHECK_INT(read_blob(st, wsql, lan, lan_before, 64), 48);
    CHECK_INT(read_blob(st, wsql, minh, minh_before, 64), 48);
    CHECK_INT(store_staff_change_pin(st, minh, PIN_C, PIN_C, TEST_NOW + 300),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_change_pin(st, minh, PIN_B, "12", TEST_NOW + 300),
              KIOSK_EINVAL);
    CHECK_INT(store_staff_change_pin(st, minh, PIN_B, PIN_C, TEST_NOW + 300),
              KIOSK_OK);
    CHECK_INT(read_blob(st, wsql, lan, lan_after, 64), 48);
    CHECK_INT(read_blob(st, wsql, minh, minh_after, 64), 48);
    CHECK(memcmp(lan_before, lan_after, 48) == 0);
    CHECK(memcmp(minh_before, minh_after, 48) != 0);
    CHECK_INT(store_staff_unlock(st, minh, PIN_B, TEST_NOW + 301, &k2),
              KIOSK_EDENIED);
    CHECK_INT(store_staff_unlock(st, minh, PIN_C, TEST_NOW + 302, &k2),
              KIOSK_OK);
    CHECK_INT(store_open_answers(st, k2, sid, &plain, &plen), KIOSK_OK);
    store_answers_free(plain);
    CHECK_INT(audit_has(st, "pin_changed"), 1);

    /* Removing: not the last account. */
    CHECK_INT(store_staff_remove(st, k2, lan, TEST_NOW + 400), KIOSK_OK);
    CHECK_INT(store_staff_remove(st, k2, minh, TEST_NOW + 401), KIOSK_EBUSY);
    CHECK_INT(store_staff_remove(st, k2, 424242, TEST_NOW + 401),
              KIOSK_ENOENT);
    struct store_key *gone = NULL;
    CHECK_INT(store_staff_unlock(st, lan, PIN_A, TEST_NOW + 402, &gone),
              KIOSK_ENOENT);
    CHECK(gone == NULL);
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 1);
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
                                       TEST_NOW, &x), KIOSK_OK);
    struct store_key *kx = NULL;
    CHECK_INT(store_staff_unlock(st2, x, PIN_A, TEST_NOW, &kx), KIOSK_OK);
    store_close(st2);
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    CHECK_INT(store_open_answers(st, kx, sid, &plain, &plen), KIOSK_EIO);
    CHECK_INT(store_staff_add(st, kx, "Eve", PIN_C, TEST_NOW, NULL),
              KIOSK_EDENIED);
    store_key_free(kx);
    store_close(st);
}

/* The raw file and WAL never hold an answer in clear, while the plaintext
 * calculates (statistics) are found there, proving the scan works. */
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
    for (int i = 0; i < 50; i++) {
        save_one(st, SECRET_ANSWERS, TEST_NOW + i);
    }
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    /* While open, the rows sit in the WAL. */
    CHECK(file_contains(wal, PLAIN_BAND, strlen(PLAIN_BAND)));
    CHECK(!db_or_wal_contains(path, "MARKER-7f3a9c", 13));
    CHECK(!db_or_wal_contains(path, "q_share_needles", 15));
    store_close(st);
    /* After close they are checkpointed into the main file. */
    CHECK(file_contains(path, PLAIN_BAND, strlen(PLAIN_BAND)));
    CHECK(!db_or_wal_contains(path, "MARKER-7f3a9c", 13));
    CHECK(!db_or_wal_contains(path, "q_share_needles", 15));
}

int main(void)
{
    test_setup_and_staff();
    test_raw_bytes();
    test_cleanup();
    TEST_MAIN_END();
}
