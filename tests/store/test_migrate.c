/* Migrations: a database is created at EVERY earlier version k, filled with
 * rows for the tables that version has, migrated by store_open, and checked
 * through the API for every row. Also: a failing step rolls back alone, and
 * a database from a newer build is refused. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "store/store_private.h"
#include "helpers.h"
#include "test.h"

static int exec_ok(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "sql failed: %s\n  %s\n", err ? err : "?", sql);
    }
    sqlite3_free(err);
    return rc == SQLITE_OK;
}

static int version_of(const char *path)
{
    sqlite3 *db = NULL;
    int v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) ==
                SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW) {
            v = sqlite3_column_int(s, 0);
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return v;
}

/* Rows an old kiosk would have written, per version that has the table.
 * Days are local day numbers for TEST_NOW (20781). */
static const struct {
    int since; /* first version with these tables */
    int until; /* last version with them */
    const char *sql;
} FILL[] = {
    {1, 5, "INSERT INTO visits(id, started, ended, day, language, outcome)"
        " VALUES (1, 1795482000, 1795482300, 20781, 'km', 1);"
        "INSERT INTO screenings(id, visit_id, form_id, form_version,"
        " language, created, day, answers)"
        " VALUES (1, 1, 'assist_lite', '1', 'km', 1795482100, 20781,"
        " x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
        "00112233445566778899aabbccddeeff00');"
        "INSERT INTO screening_values VALUES"
        " (1, 'assist_score', '27', 0, 'assist_lite', 20781),"
        " (1, 'assist_risk', 'high', 1, 'assist_lite', 20781);"},
    {2, 99, "INSERT INTO slots(id, start, length, capacity, blocked, day)"
        " VALUES (1, 1795489200, 1800, 2, 0, 20781);"
        "INSERT INTO closed_days(day, reason) VALUES (20790, 'Tet');"
        "INSERT INTO tickets(id, code, slot_id, created, day, state,"
        " state_changed, printed, language, screening_id)"
        " VALUES (1, 'K7Q2-M9XD', 1, 1795482200, 20781, 0, 1795482200, 1,"
        " 'km', 1);"},
    {3, 99, "INSERT INTO staff(id, name, salt, ops, mem, nonce, wrapped,"
        " created) VALUES (1, 'Lan', zeroblob(16), 1, 8192, zeroblob(24),"
        " zeroblob(48), 1795482000);"
        "INSERT INTO audit(time, staff_id, action, detail)"
        " VALUES (1795482000, 1, 'unlock', 'old build');"},
    {4, 99, "INSERT INTO outbox(kind, instance_id, body, created, day,"
        " next_attempt) VALUES ('odk', 'uuid:old', x'3c646174612f3e',"
        " 1795482100, 20781, 1795482100);"},
    /* the same visit and screening as a version 6 kiosk keeps them */
    {6, 99, "INSERT INTO tally VALUES"
        " (1, 20781, 'assist_lite', '', '', 'km', 1),"
        " (2, 20781, 'assist_lite', 'assist_risk', 'high', 'km', 1),"
        " (3, 20781, '', '', '', '', 1),"
        " (4, 20781, '', '1', '', 'km', 1);"
        "INSERT INTO screenings(id, day, sealed)"
        " VALUES (1, 20781, zeroblob(80));"},
    {7, 99, "INSERT INTO outbox(kind, form, instance_id, body, attachment,"
        " created, day, next_attempt) VALUES ('odk', 'kiosk_daily',"
        " 'uuid:enc', x'6d', x'0102', 1795482200, 20781, 1795482200);"},
};

static int count_cb(void *ctx, const struct store_count *c)
{
    char *buf = ctx;
    size_t u = strlen(buf);
    snprintf(buf + u, 256 - u, "%s/%s/%s=%lld;", c->form_id ? c->form_id : "",
             c->name ? c->name : "", c->value ? c->value : "",
             (long long)c->n);
    return 0;
}

static int64_t scalar(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        v = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return v;
}

/* The re-sealed record of screening 1 opened with the old site secret
 * key: everything that was in clear, and the old sealed answers inside. */
static void check_resealed(struct store *st, const unsigned char *pk,
                           const unsigned char *sk)
{
    sqlite3_stmt *s = NULL;
    CHECK_INT(sqlite3_prepare_v2(store_db(st),
                                 "SELECT sealed FROM screenings WHERE id = 1",
                                 -1, &s, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    int clen = sqlite3_column_bytes(s, 0);
    char plain[512] = "";
    CHECK(clen > (int)crypto_box_SEALBYTES &&
          clen - (int)crypto_box_SEALBYTES < (int)sizeof plain);
    if (clen > (int)crypto_box_SEALBYTES &&
        clen - (int)crypto_box_SEALBYTES < (int)sizeof plain) {
        CHECK_INT(crypto_box_seal_open((unsigned char *)plain,
                                       sqlite3_column_blob(s, 0),
                                       (unsigned long long)clen, pk, sk), 0);
    }
    sqlite3_finalize(s);
    CHECK_INT(strncmp(plain, "KSR2\nform=assist_lite\nversion=1\n"
                             "language=km\ntime=1795482100\n", 59), 0);
    CHECK_CONTAINS(plain, "calc:assist_risk=high\n");
    CHECK_CONTAINS(plain, "calc:assist_score=27\nlegacy\n");
    /* the old sealed blob is kept byte for byte after "legacy\n" */
    const char *inner = strstr(plain, "legacy\n");
    static const unsigned char old[33] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
        0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
        0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};
    CHECK(inner && memcmp(inner + 7, old, sizeof old) == 0);
}

static void check_rows(struct store *st, int k)
{
    int64_t day = 20781;
    if (k >= 1) {
        /* a screening's values live on only as counts, and as a sealed
         * record where a staff account could open it (k >= 3) */
        CHECK_INT(scalar(st, "SELECT count(*) FROM screenings WHERE id = 1"),
                  k >= 3 ? 1 : 0);
        CHECK_INT(scalar(st, "SELECT count(*) FROM sqlite_schema WHERE"
                             " name IN ('screening_values', 'v5_values',"
                             " 'v5_screenings', 'visits', 'stat_daily',"
                             " 'setup_key')"), 0);
        char bands[256] = "";
        CHECK_INT(store_count_by_band(st, day, day + 1, count_cb, bands),
                  KIOSK_OK);
        CHECK_STR(bands, "assist_lite/assist_risk/high=1;");
        char forms[256] = "";
        CHECK_INT(store_count_by_form(st, day, day + 1, count_cb, forms),
                  KIOSK_OK);
        CHECK_STR(forms, "assist_lite//=1;");
        struct store_totals t;
        CHECK_INT(store_totals(st, day, day + 1, &t), KIOSK_OK);
        CHECK_INT(t.visits[STORE_VISIT_COMPLETED], 1);
    }
    if (k >= 2) {
        struct store_ticket t;
        CHECK_INT(store_ticket_by_code(st, "K7Q2-M9XD", &t), KIOSK_OK);
        CHECK_INT(t.slot_id, 1);
        CHECK_INT(t.printed, 1);
        CHECK_INT(t.screening_id, k >= 3 ? 1 : 0);
        int closed = 0;
        CHECK_INT(store_closed_day_is(st, 20790, &closed), KIOSK_OK);
        CHECK_INT(closed, 1);
        struct store_slot s[2];
        int n = 0;
        CHECK_INT(store_slots_for_day(st, day, s, 2, &n), KIOSK_OK);
        CHECK_INT(n, 1);
        CHECK_INT(s[0].booked, 1);
    }
    if (k >= 3) {
        struct store_staff s[2];
        int n = 0;
        CHECK_INT(store_staff_list(st, s, 2, &n), KIOSK_OK);
        CHECK_INT(n, 1);
        CHECK_STR(s[0].name, "Lan");
        struct store_audit a[4];
        CHECK_INT(store_audit_list(st, 0, a, 4, &n), KIOSK_OK);
        CHECK(n >= 1);
        CHECK_STR(a[n - 1].detail, "old build");
    }
    if (k >= 4 && k < 7) {
        /* Step 7: a row queued before records were encrypted held
         * plaintext: it is wiped and given up, with the reason. */
        struct store_outbox_counts c;
        CHECK_INT(store_outbox_counts(st, &c), KIOSK_OK);
        CHECK_INT(c.pending, 0);
        CHECK_INT(c.failed, 1);
        struct store_outbox_item it;
        CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_ENOENT);
        sqlite3_stmt *s = NULL;
        sqlite3_prepare_v2(store_db(st), "SELECT length(body), last_error,"
                           " attachment IS NULL FROM outbox", -1, &s, NULL);
        CHECK_INT(sqlite3_step(s), SQLITE_ROW);
        CHECK_INT(sqlite3_column_int(s, 0), 0);
        CHECK_CONTAINS((const char *)sqlite3_column_text(s, 1),
                       "plaintext was removed");
        CHECK_INT(sqlite3_column_int(s, 2), 1);
        sqlite3_finalize(s);
        int n = -1;
        CHECK_INT(store_outbox_requeue(st, 0, 0, &n), KIOSK_OK);
        CHECK_INT(n, 0); /* nothing left to send */
    }
    if (k >= 7) {
        struct store_outbox_item it;
        CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK);
        CHECK_STR(it.instance, "uuid:old");
        CHECK_INT(it.len, 7);
        CHECK(it.att == NULL);
        int64_t first = it.id;
        store_outbox_item_clear(&it);
        CHECK_INT(store_outbox_next(st, first, NULL, 0, &it), KIOSK_OK);
        CHECK_STR(it.instance, "uuid:enc");
        CHECK_STR(it.form, "kiosk_daily");
        CHECK_INT(it.att_len, 2);
        store_outbox_item_clear(&it);
    }
}

static void test_every_version(void)
{
    int latest = store_migration_count;
    CHECK(latest >= 5);
    for (int k = 0; k <= latest; k++) {
        char name[32], path[512];
        snprintf(name, sizeof name, "v%d.db", k);
        test_path(path, sizeof path, name);
        test_unlink_db(path);
        sqlite3 *db = NULL;
        CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
        CHECK_INT(store_migrate(db, k), KIOSK_OK);
        unsigned char pk[crypto_box_PUBLICKEYBYTES];
        unsigned char sk[crypto_box_SECRETKEYBYTES];
        crypto_box_keypair(pk, sk);
        if (k >= 1) {
            /* the site key an old kiosk made */
            sqlite3_stmt *s = NULL;
            sqlite3_prepare_v2(db,
                "INSERT INTO site_key(id, public_key, created)"
                " VALUES (1, ?1, 0)", -1, &s, NULL);
            sqlite3_bind_blob(s, 1, pk, sizeof pk, SQLITE_STATIC);
            CHECK_INT(sqlite3_step(s), SQLITE_DONE);
            sqlite3_finalize(s);
        }
        for (size_t i = 0; i < sizeof FILL / sizeof FILL[0]; i++) {
            if (FILL[i].since <= k && k <= FILL[i].until) {
                CHECK(exec_ok(db, FILL[i].sql));
            }
        }
        sqlite3_close(db);
        CHECK_INT(version_of(path), k);

        struct store_opts o = test_opts();
        struct store *st = NULL;
        CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
        if (!st) {
            continue;
        }
        CHECK_INT(version_of(path), latest);
        check_rows(st, k);
        char msg[64];
        CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
        /* New rows go in alongside the old ones. */
        struct store_ticket_new tn = {.code = "NEW1-NEW1",
                                      .created = TEST_NOW,
                                      .language = "vi"};
        CHECK_INT(store_ticket_insert(st, &tn, NULL), KIOSK_OK);
        unsigned char got[crypto_box_PUBLICKEYBYTES];
        sqlite3_stmt *s = NULL;
        sqlite3_prepare_v2(store_db(st),
                           "SELECT public_key FROM site_key", -1, &s, NULL);
        if (k >= 3) {
            /* an old site key survives where staff hold copies of it... */
            CHECK_INT(sqlite3_step(s), SQLITE_ROW);
            memcpy(got, sqlite3_column_blob(s, 0), sizeof got);
            CHECK(memcmp(got, pk, sizeof pk) == 0);
            if (k < 6) {
                check_resealed(st, pk, sk);
            }
        } else {
            /* ...and goes where only the setup code wrapped it */
            CHECK_INT(sqlite3_step(s), SQLITE_DONE);
        }
        sqlite3_finalize(s);
        /* nothing that was in clear is left in the file */
        store_close(st);
        FILE *fp = fopen(path, "rb");
        static char raw[1 << 20];
        size_t len = fp ? fread(raw, 1, sizeof raw, fp) : 0;
        if (fp) {
            fclose(fp);
        }
        CHECK(len > 0);
        CHECK(memmem(raw, len, "assist_score", 12) == NULL);
        CHECK(k < 3 || memmem(raw, len, "old build", 9) != NULL); /* audit */
        /* Opening again is a no-op. */
        CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
        check_rows(st, k);
        store_close(st);
    }
}

static void test_failed_step_rolls_back(void)
{
    char path[512];
    test_path(path, sizeof path, "broken.db");
    test_unlink_db(path);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(store_migrate(db, 2), KIOSK_OK);
    /* A stray object that makes step 3 fail half way (after "staff"). */
    CHECK(exec_ok(db, "CREATE TABLE audit(x)"));
    sqlite3_close(db);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK(store_open(path, &o, &st) != KIOSK_OK);
    CHECK(st == NULL);
    CHECK_INT(version_of(path), 2);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT count(*) FROM sqlite_schema WHERE name = 'staff'",
                       -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    /* Fix the stray table and the same file migrates. */
    CHECK(exec_ok(db, "DROP TABLE audit"));
    sqlite3_close(db);
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    CHECK_INT(version_of(path), store_migration_count);
    store_close(st);
}

static void test_newer_build_refused(void)
{
    char path[512];
    test_path(path, sizeof path, "future.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    store_close(st);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK(exec_ok(db, "PRAGMA user_version = 999"));
    sqlite3_close(db);
    CHECK_INT(store_open(path, &o, &st), KIOSK_EINVAL);
    CHECK(st == NULL);
    CHECK_INT(version_of(path), 999);
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    test_every_version();
    test_failed_step_rolls_back();
    test_newer_build_refused();
    test_cleanup();
    TEST_MAIN_END();
}
