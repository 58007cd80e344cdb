/* Disk full and read-only databases: writes fail with KIOSK_EFULL /
 * KIOSK_EREADONLY, nothing committed is lost, reads still work.
 *
 * A small file system is not available, so "disk full" is a page quota on
 * the connection (PRAGMA max_page_count), which makes SQLite fail exactly
 * as it does on ENOSPC (SQLITE_FULL). Read-only is tested by opening with
 * read_only = 1, and by making the file itself unwritable: chmod 0444, and
 * because root ignores modes, the ext4 immutable flag when running as root. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_private.h"
#include "helpers.h"
#include "test.h"

#define N_BEFORE 40

static unsigned char big[STORE_MAX_ANSWERS];

static enum kiosk_err save(struct store *st, int i, size_t len)
{
    struct store_value v[] = {{"assist_risk", i % 2 ? "low" : "high"}};
    struct store_screening sc = {
        .form_id = "assist_lite", .form_version = "1", .language = "vi",
        .time = TEST_NOW + i, .values = v, .n_values = 1, .tallies = v,
        .n_tallies = 1, .answers = big,
        .answers_len = len,
    };
    struct store_outbox_new ob = {.kind = "odk", .body = big, .len = 100};
    sc.outbox = &ob;
    return store_save_screening(st, &sc, NULL);
}

static enum kiosk_err ticket(struct store *st, int i)
{
    char code[32];
    snprintf(code, sizeof code, "FULL-%04d", i);
    struct store_ticket_new t = {.code = code, .created = TEST_NOW + i,
                                 .language = "vi"};
    return store_ticket_insert(st, &t, NULL);
}

static int count_cb(void *ctx, const struct store_count *c)
{
    *(int *)ctx += (int)c->n;
    return 0;
}

/* Screenings counted, and sealed rows kept: both must agree. */
static int live_screenings(struct store *st)
{
    int n = 0;
    int64_t d = store_day(st, TEST_NOW);
    CHECK_INT(store_count_by_form(st, d - 1, d + 2, count_cb, &n), KIOSK_OK);
    sqlite3_stmt *s = NULL;
    int rows = -1;
    if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM screenings",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        rows = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    CHECK_INT(rows, n);
    return n;
}

/* Fills a fresh database with N_BEFORE screenings and tickets. */
static void fill(const char *path)
{
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    unsigned char card[STORE_CARD_BYTES] = {3};
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, NULL), KIOSK_OK);
    for (int i = 0; st && i < N_BEFORE; i++) {
        CHECK_INT(save(st, i, 300), KIOSK_OK);
        CHECK_INT(ticket(st, i), KIOSK_OK);
    }
    store_close(st);
}

/* Every read the staff screens need, on a store holding fill()'s rows. */
static void check_reads(struct store *st)
{
    CHECK_INT(live_screenings(st), N_BEFORE);
    struct store_ticket t;
    CHECK_INT(store_ticket_by_code(st, "FULL-0000", &t), KIOSK_OK);
    CHECK_INT(store_ticket_by_code(st, "FULL-0039", &t), KIOSK_OK);
    struct store_totals tot;
    int64_t d = store_day(st, TEST_NOW);
    CHECK_INT(store_totals(st, d, d + 1, &tot), KIOSK_OK);
    CHECK_INT(tot.tickets_issued, N_BEFORE);
    char msg[64];
    CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
}

static void test_disk_full(void)
{
    char path[512];
    test_path(path, sizeof path, "full.db");
    fill(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    /* Cap the file a few pages above its current size. */
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(store_db(st), "PRAGMA page_count", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    int pages = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", pages + 4);
    CHECK_INT(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);

    /* Large screenings fill it; the failure is EFULL, never anything
     * else, and the failed write leaves no partial rows. */
    int ok = 0;
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; i < 100 && e == KIOSK_OK; i++) {
        e = save(st, 1000 + i, sizeof big);
        ok += e == KIOSK_OK;
    }
    CHECK_INT(e, KIOSK_EFULL);
    CHECK_INT(live_screenings(st), N_BEFORE + ok);
    s = NULL;
    sqlite3_prepare_v2(store_db(st),
                       "SELECT count(*) FROM outbox", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), N_BEFORE + ok);
    sqlite3_finalize(s);
    /* Small writes fail the same way once the last page is used. */
    e = KIOSK_OK;
    for (int i = 0; i < 2000 && e == KIOSK_OK; i++) {
        e = ticket(st, 1000 + i);
    }
    CHECK_INT(e, KIOSK_EFULL);
    /* Reads still work. */
    struct store_ticket t;
    CHECK_INT(store_ticket_by_code(st, "FULL-0007", &t), KIOSK_OK);
    char msg[64];
    CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
    /* Space freed (quota lifted): writing resumes. */
    CHECK_INT(sqlite3_exec(store_db(st), "PRAGMA max_page_count = 1000000",
                           NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(save(st, 5000, 300), KIOSK_OK);
    store_close(st);
    /* Nothing committed was lost. */
    st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (st) {
        CHECK_INT(live_screenings(st), N_BEFORE + ok + 1);
        CHECK_INT(store_ticket_by_code(st, "FULL-0039", &t), KIOSK_OK);
        CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
    }
    store_close(st);
}

/* Every write API must refuse with KIOSK_EREADONLY on a read-only store. */
static void check_writes_denied(struct store *st)
{
    int64_t d = store_day(st, TEST_NOW);
    CHECK_INT(save(st, 9000, 10), KIOSK_EREADONLY);
    CHECK_INT(ticket(st, 9000), KIOSK_EREADONLY);
    CHECK_INT(store_visit_begin(st, TEST_NOW), KIOSK_EREADONLY);
    CHECK_INT(store_visit_end(st, TEST_NOW, STORE_VISIT_IDLE, "vi"),
              KIOSK_EREADONLY);
    CHECK_INT(store_ticket_printed(st, 1, TEST_NOW, 1), KIOSK_EREADONLY);
    CHECK_INT(store_ticket_set_state(st, 1, STORE_TICKET_ATTENDED, TEST_NOW,
                                     1), KIOSK_EREADONLY);
    CHECK_INT(store_slot_add(st, TEST_NOW, 1800, 1, TEST_NOW, 1, NULL),
              KIOSK_EREADONLY);
    CHECK_INT(store_closed_day_add(st, d, NULL, TEST_NOW, 1), KIOSK_EREADONLY);
    CHECK_INT(store_notice_add(st, TEST_NOW, "x", NULL), KIOSK_EREADONLY);
    CHECK_INT(store_audit_add(st, TEST_NOW, 0, "x", NULL), KIOSK_EREADONLY);
    struct store_outbox_new ob = {.kind = "odk", .body = big, .len = 4};
    CHECK_INT(store_outbox_add(st, &ob, TEST_NOW, NULL),
              KIOSK_EREADONLY);
    CHECK_INT(store_outbox_mark(st, 1, STORE_OUTBOX_SENT, 0, NULL),
              KIOSK_EREADONLY);
    CHECK_INT(store_purge(st, TEST_NOW + 400 * 86400LL, 30, 100, NULL),
              KIOSK_EREADONLY);
    unsigned char card[STORE_CARD_BYTES] = {4};
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, NULL), KIOSK_EREADONLY);
}

static void test_read_only_open(void)
{
    char path[512];
    test_path(path, sizeof path, "ro.db");
    fill(path);
    struct store_opts o = test_opts();
    o.read_only = 1;
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    check_reads(st);
    check_writes_denied(st);
    check_reads(st);
    store_close(st);
    /* A missing file is not created by a read-only open. */
    char none[512];
    test_path(none, sizeof none, "missing.db");
    CHECK_INT(store_open(none, &o, &st), KIOSK_ENOENT);
    CHECK(access(none, F_OK) != 0);
}

/* Makes the file unwritable even for root; returns 1 if it worked. */
static int make_unwritable(const char *path, int on)
{
    chmod(path, on ? 0444 : 0644);
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        int flags = 0;
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
            flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
            (void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
        }
        close(fd);
    }
    if (!on) {
        return 1;
    }
    fd = open(path, O_WRONLY);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    return 1;
}

static void test_unwritable_file(void)
{
    char path[512];
    test_path(path, sizeof path, "chmod.db");
    fill(path);
    if (!make_unwritable(path, 1)) {
        make_unwritable(path, 0);
        printf("note: cannot make a file unwritable here (root without the "
               "immutable flag); read-only open covers the case\n");
        return;
    }
    /* Opened as usual (not read_only): the store notices, serves reads,
     * refuses writes. */
    struct store_opts o = test_opts();
    struct store *st = NULL;
    enum kiosk_err e = store_open(path, &o, &st);
    CHECK_INT(e, KIOSK_OK);
    if (st) {
        check_reads(st);
        check_writes_denied(st);
        store_close(st);
    }
    make_unwritable(path, 0);
    /* Writable again: everything is still there and writes work. */
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (st) {
        check_reads(st);
        CHECK_INT(save(st, 7000, 10), KIOSK_OK);
        store_close(st);
    }
}

int main(void)
{
    randombytes_buf(big, sizeof big);
    test_disk_full();
    test_read_only_open();
    test_unwritable_file();
    test_cleanup();
    TEST_MAIN_END();
}
