/* Store queries on a real SQLite file: visits, screenings, tickets, slots,
 * closed days, audit log (in the same transaction as each staff action),
 * outbox, statistics, retention, notices and opening with loss never
 * silent. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "store/store_private.h"
#include "helpers.h"
#include "test.h"

#define DAY 86400
#define STAFF 7 /* a staff member's id, for audited actions */

static const unsigned char ANSWERS[] = "q1=yes;q2=weekly";

static struct store *open_fresh(const char *name)
{
    char path[512];
    test_path(path, sizeof path, name);
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    enum kiosk_err e = store_open(path, &o, &st);
    CHECK_INT(e, KIOSK_OK);
    return st;
}

static void test_open(void)
{
    char path[512];
    test_path(path, sizeof path, "open.db");
    test_unlink_db(path);
    struct store *st = NULL;
    struct store_opts o = test_opts();
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    char msg[64];
    CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
    CHECK_STR(msg, "ok");
    CHECK_INT(store_check(st, 0, msg, sizeof msg), KIOSK_OK);
    CHECK_STR(msg, "ok");
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(store_db(st), "PRAGMA journal_mode", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_prepare_v2(store_db(st), "PRAGMA synchronous", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 2); /* FULL */
    sqlite3_finalize(s);
    sqlite3_prepare_v2(store_db(st), "PRAGMA foreign_keys", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 1);
    sqlite3_finalize(s);
    store_close(st);
    /* An existing database opens without options or setup code. */
    st = NULL;
    CHECK_INT(store_open(path, NULL, &st), KIOSK_OK);
    store_close(st);
    /* Day numbers: local midnight (UTC+7) starts a new day. */
    st = open_fresh("day.db");
    int64_t midnight = 1795453200LL + DAY; /* 25th 00:00 in UTC+7 */
    CHECK_INT(store_day(st, midnight) - store_day(st, midnight - 1), 1);
    CHECK_INT(store_day(st, TEST_NOW), store_day(st, midnight - 1));
    CHECK_INT(store_day(st, -TEST_DAY_OFFSET - 1), -1);
    CHECK_INT(store_day(st, -TEST_DAY_OFFSET), 0);
    store_close(st);
}

static void test_visits(void)
{
    struct store *st = open_fresh("visits.db");
    /* Visits are counts, never rows: begun, then how each ended, on the
     * day it began, in the language it ended in. */
    for (int i = 0; i < 3; i++) {
        CHECK_INT(store_visit_begin(st, TEST_NOW + i), KIOSK_OK);
    }
    CHECK_INT(store_visit_end(st, TEST_NOW, STORE_VISIT_COMPLETED, "en"),
              KIOSK_OK);
    CHECK_INT(store_visit_end(st, TEST_NOW + 1, STORE_VISIT_IDLE, "km"),
              KIOSK_OK);
    /* "Interrupted" is what a visit is when it never ends: not an outcome
     * anyone records; a language is needed. */
    CHECK_INT(store_visit_end(st, TEST_NOW, STORE_VISIT_INTERRUPTED, "vi"),
              KIOSK_EINVAL);
    CHECK_INT(store_visit_end(st, TEST_NOW, STORE_OUTCOMES, "vi"),
              KIOSK_EINVAL);
    CHECK_INT(store_visit_end(st, TEST_NOW, STORE_VISIT_LEFT, NULL),
              KIOSK_EINVAL);
    /* a visit begun just before midnight and ended after counts on the
     * day it began */
    int64_t d = store_day(st, TEST_NOW);
    int64_t late = (d + 1) * DAY - TEST_DAY_OFFSET - 10;
    CHECK_INT(store_visit_begin(st, late), KIOSK_OK);
    CHECK_INT(store_visit_end(st, late, STORE_VISIT_LEFT, "vi"), KIOSK_OK);
    struct store_totals t;
    CHECK_INT(store_totals(st, d, d + 1, &t), KIOSK_OK);
    CHECK_INT(t.visits[STORE_VISIT_COMPLETED], 1);
    CHECK_INT(t.visits[STORE_VISIT_IDLE], 1);
    CHECK_INT(t.visits[STORE_VISIT_LEFT], 1);
    CHECK_INT(t.visits[STORE_VISIT_INTERRUPTED], 1); /* the third */
    CHECK_INT(t.staff_calls, 0);
    /* a call for staff from Talk now: a count of the day, nothing else */
    CHECK_INT(store_staff_call(st, TEST_NOW), KIOSK_OK);
    CHECK_INT(store_staff_call(st, TEST_NOW + 60), KIOSK_OK);
    CHECK_INT(store_totals(st, d, d + 1, &t), KIOSK_OK);
    CHECK_INT(t.staff_calls, 2);
    CHECK_INT(store_totals(st, d + 1, d + 2, &t), KIOSK_OK);
    CHECK_INT(t.staff_calls, 0);
    CHECK_INT(store_totals(st, d + 1, d + 2, &t), KIOSK_OK);
    CHECK_INT(t.visits[STORE_VISIT_LEFT], 0);
    CHECK_INT(t.visits[STORE_VISIT_INTERRUPTED], 0);
    /* nothing but counts: no time, no row per visit */
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2(store_db(st),
                       "SELECT count(*) FROM sqlite_schema WHERE name ="
                       " 'visits'", -1, &s, NULL);
    CHECK_INT(sqlite3_step(s), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    store_close(st);
}

/* ---- screenings ----------------------------------------------------------- */

static int collect_cb(void *ctx, const struct store_count *c);

struct collect_ctx {
    char buf[4096];
    size_t used;
};

static void test_screenings(void)
{
    struct store *st = open_fresh("screenings.db");
    unsigned char card[STORE_CARD_BYTES] = {1, 2, 3};
    int64_t staff = 0;
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, &staff), KIOSK_OK);
    struct store_value vals[] = {
        {"assist_score", "14"}, {"assist_risk", "moderate"}, {"note", ""},
    };
    struct store_value tallies[] = {{"assist_risk", "moderate"}};
    const unsigned char body[] = "<data id=\"assist_lite\"/>";
    struct store_screening sc = {
        .form_id = "assist_lite", .form_version = "3", .language = "vi",
        .time = TEST_NOW + 100, .values = vals, .n_values = 3,
        .tallies = tallies, .n_tallies = 1,
        .answers = ANSWERS, .answers_len = sizeof ANSWERS - 1,
    };
    const unsigned char att[] = {0x00, 0xff, 0x10};
    struct store_outbox_new ob = {.kind = "odk", .form = "kiosk_screening",
                                  .body = body, .len = sizeof body,
                                  .att = att, .att_len = sizeof att};
    sc.outbox = &ob;
    int64_t id = 0;
    CHECK_INT(store_save_screening(st, &sc, &id), KIOSK_OK);
    CHECK(id > 0);
    /* Invalid inputs change nothing. */
    static const struct {
        const char *what;
        int field;
    } bad[] = {
        {"no form id", 0}, {"answers missing", 1}, {"too many values", 2},
        {"empty calculate name", 3}, {"answers over the cap", 4},
        {"bad UTF-8 language", 5}, {"too many tallies", 6},
        {"tally without a name", 7},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct store_screening b = sc;
        struct store_value badv[] = {{"", "x"}};
        switch (bad[i].field) {
        case 0: b.form_id = NULL; break;
        case 1: b.answers = NULL; break;
        case 2: b.n_values = STORE_MAX_VALUES + 1; break;
        case 3: b.values = badv; b.n_values = 1; break;
        case 4: b.answers_len = STORE_MAX_ANSWERS + 1; break;
        case 5: b.language = "\xff\xfe"; break;
        case 6: b.n_tallies = STORE_MAX_TALLIES + 1; break;
        default: b.tallies = badv; b.n_tallies = 1; break;
        }
        enum kiosk_err e = store_save_screening(st, &b, NULL);
        if (e != KIOSK_EINVAL) {
            fprintf(stderr, "case '%s'\n", bad[i].what);
        }
        CHECK_INT(e, KIOSK_EINVAL);
    }
    sc.outbox = NULL;
    sc.form_id = "phq4";
    sc.time = TEST_NOW + 200;
    sc.language = "km";
    struct store_value v2[] = {{"phq4_level", "mild"}, {"other", "x"}};
    sc.values = v2;
    sc.n_values = 2;
    sc.tallies = v2;
    sc.n_tallies = 1;
    int64_t id2 = 0;
    CHECK_INT(store_save_screening(st, &sc, &id2), KIOSK_OK);
    CHECK(id2 > id);

    /* Counted: each form in its language, each declared measure value. */
    struct collect_ctx x = {0};
    int64_t d = store_day(st, TEST_NOW);
    CHECK_INT(store_count_tally(st, d, d + 1, collect_cb, &x), KIOSK_OK);
    CHECK_STR(x.buf, "assist_lite|-|-|vi=1\n"
                     "assist_lite|assist_risk|moderate|vi=1\n"
                     "phq4|-|-|km=1\n"
                     "phq4|phq4_level|mild|km=1\n");
    struct collect_ctx y = {0};
    CHECK_INT(store_count_tally(st, d + 1, d + 2, collect_cb, &y), KIOSK_OK);
    CHECK_STR(y.buf, "");

    /* Each record opens whole with a staff key, and only with one. */
    struct store_key *k = NULL;
    CHECK_INT(store_staff_unlock(st, staff, "123456", card, TEST_NOW, &k),
              KIOSK_OK);
    struct store_opened *o = NULL;
    CHECK_INT(store_open_screening(st, k, id2, "test", TEST_NOW, &o),
              KIOSK_OK);
    if (o) {
        CHECK_STR(o->form_id, "phq4");
        CHECK_STR(o->language, "km");
        CHECK_INT(o->time, TEST_NOW + 200);
        CHECK_INT(o->n_values, 2);
        CHECK_STR(o->values[1].name, "other");
        CHECK_STR(o->answers, (const char *)ANSWERS);
    }
    store_opened_free(o);
    store_key_free(k);

    /* The outbox row was written with the screening: both parts. */
    struct store_outbox_item it;
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK);
    CHECK_STR(it.kind, "odk");
    CHECK_STR(it.form, "kiosk_screening");
    CHECK_INT(it.len, sizeof body);
    CHECK(it.len == sizeof body && memcmp(it.body, body, it.len) == 0);
    CHECK_INT(it.att_len, sizeof att);
    CHECK(it.att && memcmp(it.att, att, sizeof att) == 0);
    CHECK_INT(strncmp(it.instance, "uuid:", 5), 0);
    CHECK_INT(strlen(it.instance), 41);
    CHECK_INT(it.created, TEST_NOW + 100);
    int64_t oid = it.id;
    store_outbox_item_clear(&it);
    /* A failed attempt keeps it at its place, with the error. */
    CHECK_INT(store_outbox_mark(st, oid, STORE_OUTBOX_PENDING,
                                TEST_NOW + 500, "HTTP 503"), KIOSK_OK);
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK);
    CHECK_INT(it.id, oid);
    CHECK_INT(it.attempts, 1);
    CHECK_STR(it.last_error, "HTTP 503");
    store_outbox_item_clear(&it);
    /* Skipping its form, or starting after it, finds nothing. */
    const char *skip[] = {"other", "kiosk_screening"};
    CHECK_INT(store_outbox_next(st, 0, skip, 2, &it), KIOSK_ENOENT);
    CHECK_INT(store_outbox_next(st, oid, NULL, 0, &it), KIOSK_ENOENT);
    CHECK_INT(store_outbox_next(st, 0, skip, STORE_OUTBOX_SKIP_MAX + 1, &it),
              KIOSK_EINVAL);
    CHECK_INT(store_outbox_mark(st, oid, STORE_OUTBOX_SENT, TEST_NOW, NULL),
              KIOSK_OK);
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_ENOENT);
    CHECK_INT(store_outbox_mark(st, oid, STORE_OUTBOX_SENT, 0, NULL),
              KIOSK_ENOENT);
    /* Records queued alone, with a caller's instance id (unique), in the
     * order they were added whatever their times: the second was made
     * while the clock was a day ahead, the third after it was set back. */
    struct store_outbox_new a = {.kind = "odk", .form = "kiosk_daily",
                                 .instance = "uuid:fixed", .body = body,
                                 .len = 3};
    int64_t o2 = 0, o3 = 0, o4 = 0;
    CHECK_INT(store_outbox_add(st, &a, TEST_NOW, &o2), KIOSK_OK);
    CHECK_INT(store_outbox_add(st, &a, TEST_NOW, NULL), KIOSK_EEXIST);
    a.instance = "uuid:ahead";
    a.form = "kiosk_screening";
    CHECK_INT(store_outbox_add(st, &a, TEST_NOW + 86400, &o3), KIOSK_OK);
    a.instance = "uuid:behind";
    CHECK_INT(store_outbox_add(st, &a, TEST_NOW - 60, &o4), KIOSK_OK);
    int64_t order[3] = {0, 0, 0}, after = 0;
    for (int i = 0; i < 3; i++) {
        CHECK_INT(store_outbox_next(st, after, NULL, 0, &it), KIOSK_OK);
        order[i] = after = it.id;
        CHECK(it.att == NULL);
        store_outbox_item_clear(&it);
    }
    CHECK_INT(order[0], o2);
    CHECK_INT(order[1], o3);
    CHECK_INT(order[2], o4);
    const char *daily[] = {"kiosk_daily"};
    CHECK_INT(store_outbox_next(st, 0, daily, 1, &it), KIOSK_OK);
    CHECK_INT(it.id, o3);
    store_outbox_item_clear(&it);
    /* Bad records are refused whole. */
    struct store_outbox_new nope = a;
    nope.instance = "uuid:bad";
    nope.att_len = 5; /* a length without bytes */
    CHECK_INT(store_outbox_add(st, &nope, TEST_NOW, NULL), KIOSK_EINVAL);
    nope = a;
    nope.instance = "uuid:bad";
    nope.kind = "";
    CHECK_INT(store_outbox_add(st, &nope, TEST_NOW, NULL), KIOSK_EINVAL);
    CHECK_INT(store_outbox_add(st, NULL, TEST_NOW, NULL), KIOSK_EINVAL);
    /* Parked records: counted, and staff can put them back in the queue
     * at their old place. */
    CHECK_INT(store_outbox_mark(st, o2, STORE_OUTBOX_FAILED, TEST_NOW,
                                "rejected"), KIOSK_OK);
    CHECK_INT(store_outbox_mark(st, o3, STORE_OUTBOX_FAILED, TEST_NOW,
                                "rejected too"), KIOSK_OK);
    struct store_outbox_counts c;
    CHECK_INT(store_outbox_counts(st, &c), KIOSK_OK);
    CHECK_INT(c.pending, 1);
    CHECK_INT(c.sent, 1);
    CHECK_INT(c.failed, 2);
    CHECK_INT(c.oldest_pending, TEST_NOW - 60);
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK);
    CHECK_INT(it.id, o4);
    store_outbox_item_clear(&it);
    int n = 0;
    CHECK_INT(store_outbox_requeue(st, TEST_NOW, STAFF, &n), KIOSK_OK);
    CHECK_INT(n, 2);
    struct store_audit ra[2];
    int na = 0;
    CHECK_INT(store_audit_list(st, 0, ra, 2, &na), KIOSK_OK);
    CHECK(na >= 1 && strcmp(ra[0].action, "requeue") == 0 &&
          strcmp(ra[0].detail, "2") == 0 && ra[0].staff_id == STAFF);
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK);
    CHECK_INT(it.id, o2);
    CHECK_STR(it.last_error, "re-queued: rejected");
    store_outbox_item_clear(&it);
    CHECK_INT(store_outbox_counts(st, &c), KIOSK_OK);
    CHECK_INT(c.pending, 3);
    CHECK_INT(c.failed, 0);
    CHECK_INT(c.oldest_pending, TEST_NOW);
    store_close(st);
}

/* ---- tickets, slots, closed days ---------------------------------------- */

struct day_ctx {
    int n;
    char codes[256];
};

static int day_cb(void *ctx, const struct store_ticket *t)
{
    struct day_ctx *c = ctx;
    size_t u = strlen(c->codes);
    snprintf(c->codes + u, sizeof c->codes - u, "%s ", t->code);
    c->n++;
    return 0;
}

static void test_tickets(void)
{
    struct store *st = open_fresh("tickets.db");
    int64_t day = store_day(st, TEST_NOW);
    int64_t t9 = TEST_NOW + 3600, t10 = TEST_NOW + 7200;
    int64_t s9 = 0, s10 = 0, s_tomorrow = 0;
    CHECK_INT(store_slot_add(st, t10, 1800, 2, TEST_NOW, 0, &s10), KIOSK_OK);
    CHECK_INT(store_slot_add(st, t9, 1800, 1, TEST_NOW, 0, &s9), KIOSK_OK);
    CHECK_INT(store_slot_add(st, t9 + DAY, 1800, 1, TEST_NOW, STAFF,
                             &s_tomorrow), KIOSK_OK);
    CHECK_INT(store_slot_add(st, t9, 10, 1, TEST_NOW, 0, NULL), KIOSK_EINVAL);
    CHECK_INT(store_slot_add(st, t9, 1800, 0, TEST_NOW, 0, NULL),
              KIOSK_EINVAL);

    /* Table: insert in this order, expect this result. */
    static const struct {
        const char *code;
        int slot;        /* 0 walk-in, 9, 10, 99 = missing */
        int after;       /* seconds after TEST_NOW */
        enum kiosk_err want;
    } ins[] = {
        {"WALK-0002", 0, 50, KIOSK_OK},
        {"K7Q2-M9XD", 10, 10, KIOSK_OK},
        {"WALK-0001", 0, 20, KIOSK_OK},
        {"A9B8-C7D6", 9, 30, KIOSK_OK},
        {"FULL-0009", 9, 31, KIOSK_EBOOKED},   /* capacity 1 */
        {"B1B1-C2C2", 10, 40, KIOSK_OK},
        {"C3C3-D4D4", 10, 41, KIOSK_EBOOKED},  /* capacity 2 */
        {"K7Q2-M9XD", 0, 42, KIOSK_EEXIST},  /* duplicate code */
        {"NOSL-0000", 99, 43, KIOSK_ENOENT}, /* no such slot */
        {"", 0, 44, KIOSK_EINVAL},
    };
    int64_t ids[sizeof ins / sizeof ins[0]] = {0};
    for (size_t i = 0; i < sizeof ins / sizeof ins[0]; i++) {
        struct store_ticket_new tn = {
            .code = ins[i].code, .created = TEST_NOW + ins[i].after,
            .language = "vi",
            .slot_id = ins[i].slot == 9 ? s9 : ins[i].slot == 10 ? s10
                       : ins[i].slot == 99 ? 99999 : 0,
        };
        enum kiosk_err e = store_ticket_insert(st, &tn, &ids[i]);
        if (e != ins[i].want) {
            fprintf(stderr, "ticket %zu (%s)\n", i, ins[i].code);
        }
        CHECK_INT(e, ins[i].want);
    }
    struct store_ticket t;
    CHECK_INT(store_ticket_by_code(st, "K7Q2-M9XD", &t), KIOSK_OK);
    CHECK_INT(t.id, ids[1]);
    CHECK_INT(t.slot_id, s10);
    CHECK_INT(t.slot_start, t10);
    CHECK_INT(t.slot_length, 1800);
    CHECK_INT(t.state, STORE_TICKET_ISSUED);
    CHECK_INT(t.printed, 0);
    CHECK_STR(t.language, "vi");
    CHECK_INT(store_ticket_by_code(st, "k7q2-m9xd", &t), KIOSK_ENOENT);
    CHECK_INT(store_ticket_printed(st, ids[1], TEST_NOW, 0), KIOSK_OK);
    CHECK_INT(store_ticket_printed(st, ids[1], TEST_NOW, STAFF), KIOSK_OK);
    CHECK_INT(store_ticket_printed(st, 424242, TEST_NOW, STAFF),
              KIOSK_ENOENT);
    CHECK_INT(store_ticket_by_code(st, "K7Q2-M9XD", &t), KIOSK_OK);
    CHECK_INT(t.printed, 2);

    /* The day's list: appointments by slot time, then walk-ins by time. */
    struct day_ctx dc = {0};
    CHECK_INT(store_tickets_for_day(st, day, day_cb, &dc), KIOSK_OK);
    CHECK_STR(dc.codes, "A9B8-C7D6 K7Q2-M9XD B1B1-C2C2 WALK-0001 WALK-0002 ");
    struct day_ctx dt = {0};
    CHECK_INT(store_tickets_for_day(st, day + 1, day_cb, &dt), KIOSK_OK);
    CHECK_INT(dt.n, 0);

    struct store_slot slots[4];
    int n = 0;
    CHECK_INT(store_slots_for_day(st, day, slots, 4, &n), KIOSK_OK);
    CHECK_INT(n, 2);
    CHECK_INT(slots[0].id, s9);
    CHECK_INT(slots[0].booked, 1);
    CHECK_INT(slots[1].id, s10);
    CHECK_INT(slots[1].booked, 2);
    CHECK_INT(slots[1].capacity, 2);
    CHECK_INT(store_slots_for_day(st, day, slots, 1, &n), KIOSK_ETOOBIG);
    CHECK_INT(n, 1);

    /* Cancelling frees the place; attending counts on its day. */
    CHECK_INT(store_ticket_set_state(st, ids[5], STORE_TICKET_CANCELLED,
                                     TEST_NOW + 100, STAFF), KIOSK_OK);
    struct store_ticket_new again = {.code = "C3C3-D4D4", .slot_id = s10,
                                     .created = TEST_NOW + 101,
                                     .language = "km"};
    CHECK_INT(store_ticket_insert(st, &again, NULL), KIOSK_OK);
    CHECK_INT(store_ticket_set_state(st, ids[1], STORE_TICKET_ATTENDED,
                                     TEST_NOW + DAY, STAFF), KIOSK_OK);
    CHECK_INT(store_ticket_set_state(st, 424242, STORE_TICKET_ATTENDED,
                                     TEST_NOW, STAFF), KIOSK_ENOENT);
    CHECK_INT(store_ticket_by_code(st, "K7Q2-M9XD", &t), KIOSK_OK);
    CHECK_INT(t.state, STORE_TICKET_ATTENDED);
    CHECK_INT(t.state_changed, TEST_NOW + DAY);
    struct store_totals tot;
    CHECK_INT(store_totals(st, day, day + 1, &tot), KIOSK_OK);
    CHECK_INT(tot.tickets_issued, 6);
    CHECK_INT(tot.tickets_attended, 0);
    CHECK_INT(store_totals(st, day + 1, day + 2, &tot), KIOSK_OK);
    CHECK_INT(tot.tickets_issued, 0);
    CHECK_INT(tot.tickets_attended, 1);

    /* Blocked slot and closed day refuse tickets. */
    CHECK_INT(store_slot_block(st, s_tomorrow, 1, TEST_NOW, STAFF), KIOSK_OK);
    struct store_ticket_new tb = {.code = "BLOC-KED0", .slot_id = s_tomorrow,
                                  .created = TEST_NOW, .language = "vi"};
    CHECK_INT(store_ticket_insert(st, &tb, NULL), KIOSK_ECLOSED);
    CHECK_INT(store_slot_block(st, s_tomorrow, 0, TEST_NOW, STAFF), KIOSK_OK);
    CHECK_INT(store_closed_day_add(st, day + 1, "Tet", TEST_NOW, STAFF),
              KIOSK_OK);
    CHECK_INT(store_closed_day_add(st, day + 1, "Tet holiday", TEST_NOW,
                                   STAFF), KIOSK_OK);
    CHECK_INT(store_ticket_insert(st, &tb, NULL), KIOSK_ECLOSED);
    int closed = -1;
    CHECK_INT(store_closed_day_is(st, day + 1, &closed), KIOSK_OK);
    CHECK_INT(closed, 1);
    CHECK_INT(store_closed_day_is(st, day, &closed), KIOSK_OK);
    CHECK_INT(closed, 0);
    CHECK_INT(store_closed_day_add(st, day + 5, NULL, TEST_NOW, 0), KIOSK_OK);
    int64_t days[4];
    CHECK_INT(store_closed_days(st, day, day + 10, days, 4, &n), KIOSK_OK);
    CHECK_INT(n, 2);
    CHECK_INT(days[0], day + 1);
    CHECK_INT(days[1], day + 5);
    CHECK_INT(store_closed_day_remove(st, day + 1, TEST_NOW, STAFF),
              KIOSK_OK);
    CHECK_INT(store_closed_day_remove(st, day + 1, TEST_NOW, STAFF),
              KIOSK_ENOENT);
    CHECK_INT(store_ticket_insert(st, &tb, NULL), KIOSK_OK);

    /* A slot with tickets cannot be removed; an empty one can. */
    CHECK_INT(store_slot_remove(st, s9, TEST_NOW, STAFF), KIOSK_EINUSE);
    int64_t s_empty = 0;
    CHECK_INT(store_slot_add(st, t9 + 2 * DAY, 1800, 3, TEST_NOW, 0,
                             &s_empty), KIOSK_OK);
    CHECK_INT(store_slot_remove(st, s_empty, TEST_NOW, STAFF), KIOSK_OK);
    CHECK_INT(store_slot_remove(st, s_empty, TEST_NOW, STAFF), KIOSK_ENOENT);
    CHECK_INT(store_slot_block(st, s_empty, 1, TEST_NOW, STAFF),
              KIOSK_ENOENT);

    /* Each staff action wrote its audit row, and only staff actions. */
    static const char *const want[] = {
        "add-slot|2026-11-25 09:00", "reprint|K7Q2-M9XD",
        "cancel|B1B1-C2C2", "attended|K7Q2-M9XD", "block-slot|slot",
        "unblock-slot|slot", "close-day|2026-11-25", "close-day|2026-11-25",
        "open-day|2026-11-25", "remove-slot|slot",
    };
    struct store_audit a[32];
    CHECK_INT(store_audit_list(st, 0, a, 32, &n), KIOSK_OK);
    CHECK_INT(n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < n && i < (int)(sizeof want / sizeof want[0]); i++) {
        const struct store_audit *e = &a[n - 1 - i]; /* oldest first */
        char got[300];
        snprintf(got, sizeof got, "%s|%s", e->action, e->detail);
        CHECK_INT(strncmp(got, want[i], strlen(want[i])), 0);
        CHECK_INT(e->staff_id, STAFF);
    }
    /* A staff action whose audit row cannot be written does not happen:
     * with the audit table gone, blocking a slot fails and changes
     * nothing. */
    CHECK(sqlite3_exec(store_db(st), "ALTER TABLE audit RENAME TO audit_x",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(store_slot_block(st, s9, 1, TEST_NOW, STAFF) != KIOSK_OK);
    CHECK_INT(store_slots_for_day(st, day, slots, 4, &n), KIOSK_OK);
    CHECK_INT(slots[0].blocked, 0);
    CHECK_INT(store_slot_block(st, s9, 1, TEST_NOW, 0), KIOSK_OK);
    store_close(st);
}

/* ---- audit log ---------------------------------------------------------- */

static void test_audit(void)
{
    struct store *st = open_fresh("audit.db");
    static const char *const actions[] = {"export", "purge", "settings",
                                          "print_test", "slots_edit"};
    for (int i = 0; i < 5; i++) {
        CHECK_INT(store_audit_add(st, TEST_NOW + i, i % 2 ? 7 : 0,
                                  actions[i], "detail"), KIOSK_OK);
    }
    CHECK_INT(store_audit_add(st, TEST_NOW, 1, "", NULL), KIOSK_EINVAL);
    struct store_audit a[3];
    int n = 0;
    CHECK_INT(store_audit_list(st, 0, a, 3, &n), KIOSK_OK);
    CHECK_INT(n, 3);
    CHECK_STR(a[0].action, "slots_edit");
    CHECK_STR(a[2].action, "settings");
    CHECK_INT(a[1].staff_id, 7);
    CHECK_INT(a[0].staff_id, 0);
    CHECK_INT(store_audit_list(st, a[2].id, a, 3, &n), KIOSK_OK);
    CHECK_INT(n, 2);
    CHECK_STR(a[0].action, "purge");
    CHECK_STR(a[1].action, "export");
    /* Append-only even for SQL that bypasses the API. */
    CHECK(sqlite3_exec(store_db(st), "UPDATE audit SET action = 'x'", NULL,
                       NULL, NULL) != SQLITE_OK);
    CHECK(sqlite3_exec(store_db(st), "DELETE FROM audit", NULL, NULL,
                       NULL) != SQLITE_OK);
    CHECK_INT(store_audit_list(st, 0, a, 3, &n), KIOSK_OK);
    CHECK_INT(n, 3);
    CHECK_STR(a[0].action, "slots_edit");
    store_close(st);
}

/* ---- statistics and retention ------------------------------------------ */

/* A deterministic spread of screenings over 40 days. */
struct gen {
    int day_back; /* days before TEST_NOW */
    const char *form;
    const char *lang;
    const char *band;
};

static const char *const FORMS[] = {"assist_lite", "phq4"};
static const char *const LANGS[] = {"vi", "en", "km", "vi"};
static const char *const BANDS[] = {"low", "moderate", "high"};

static struct gen gen_row(int i)
{
    struct gen g = {
        .day_back = (i * 7) % 40,
        .form = FORMS[i % 2],
        .lang = LANGS[(i / 2) % 4],
        .band = BANDS[(i * 5 / 3) % 3],
    };
    return g;
}

#define NGEN 300
#define SNAP (3 * 4096 + 256)

static int collect_cb(void *ctx, const struct store_count *c)
{
    struct collect_ctx *x = ctx;
    char lang[24] = "";
    if (c->language) {
        snprintf(lang, sizeof lang, "|%s", c->language);
    }
    int k = snprintf(x->buf + x->used, sizeof x->buf - x->used,
                     "%s|%s|%s%s=%lld\n", c->form_id ? c->form_id : "-",
                     c->name ? c->name : "-", c->value ? c->value : "-",
                     lang, (long long)c->n);
    if (k > 0 && (size_t)k < sizeof x->buf - x->used) {
        x->used += (size_t)k;
    }
    return 0;
}

/* All count queries over [from, to) in one string. */
static void snapshot(struct store *st, int64_t from, int64_t to, char *out,
                     size_t n)
{
    struct collect_ctx a = {0}, b = {0}, c = {0};
    CHECK_INT(store_count_by_form(st, from, to, collect_cb, &a), KIOSK_OK);
    CHECK_INT(store_count_by_language(st, from, to, collect_cb, &b), KIOSK_OK);
    CHECK_INT(store_count_by_band(st, from, to, collect_cb, &c), KIOSK_OK);
    struct store_totals t;
    CHECK_INT(store_totals(st, from, to, &t), KIOSK_OK);
    snprintf(out, n, "%s#%s#%s#v%lld/%lld/%lld/%lld t%lld/%lld", a.buf, b.buf,
             c.buf, (long long)t.visits[0], (long long)t.visits[1],
             (long long)t.visits[2], (long long)t.visits[3],
             (long long)t.tickets_issued, (long long)t.tickets_attended);
}

/* Sealed records on the days [from, to). */
static int sealed_rows(struct store *st, int64_t from, int64_t to)
{
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(store_db(st),
                           "SELECT count(*) FROM screenings WHERE day >= ?1"
                           " AND day < ?2", -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, from);
        sqlite3_bind_int64(s, 2, to);
        if (sqlite3_step(s) == SQLITE_ROW) {
            n = sqlite3_column_int(s, 0);
        }
    }
    sqlite3_finalize(s);
    return n;
}

static void test_stats_and_purge(void)
{
    struct store *st = open_fresh("stats.db");
    unsigned char card[STORE_CARD_BYTES] = {9};
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, NULL), KIOSK_OK);
    int64_t today = store_day(st, TEST_NOW);
    /* Expected counts, computed from the generator. */
    int by_form[2] = {0}, by_band_phq_high = 0, recent = 0, kept = 0,
        vi = 0;
    for (int i = 0; i < NGEN; i++) {
        struct gen g = gen_row(i);
        int64_t t = TEST_NOW - (int64_t)g.day_back * DAY;
        CHECK_INT(store_visit_begin(st, t), KIOSK_OK);
        char bandname[32];
        snprintf(bandname, sizeof bandname, "%s_%s", g.form,
                 i % 2 ? "level" : "risk");
        struct store_value v[] = {{"score", "3"}, {bandname, g.band}};
        struct store_screening sc = {
            .form_id = g.form, .form_version = "1",
            .language = g.lang, .time = t, .values = v, .n_values = 2,
            .tallies = v + 1, .n_tallies = 1,
            .answers = ANSWERS, .answers_len = sizeof ANSWERS,
        };
        struct store_outbox_new ob = {.kind = "odk", .body = ANSWERS,
                                      .len = 4};
        sc.outbox = i % 10 ? NULL : &ob;
        int64_t sid = 0;
        CHECK_INT(store_save_screening(st, &sc, &sid), KIOSK_OK);
        CHECK_INT(store_visit_end(st, t, (enum store_outcome)(1 + i % 3),
                                  g.lang), KIOSK_OK);
        char code[16];
        snprintf(code, sizeof code, "T%05d", i);
        struct store_ticket_new tn = {.code = code, .created = t,
                                      .language = g.lang,
                                      .screening_id = sid};
        int64_t tid = 0;
        CHECK_INT(store_ticket_insert(st, &tn, &tid), KIOSK_OK);
        if (i % 4 == 0) {
            CHECK_INT(store_ticket_set_state(st, tid, STORE_TICKET_ATTENDED,
                                             t + DAY, 0), KIOSK_OK);
        }
        by_form[i % 2]++;
        by_band_phq_high += (i % 2 == 1 && strcmp(g.band, "high") == 0);
        recent += g.day_back < 10;
        kept += g.day_back <= 10; /* retention keeps day today-10 */
        vi += strcmp(g.lang, "vi") == 0;
    }
    int64_t slot_old = 0;
    CHECK_INT(store_slot_add(st, TEST_NOW - 35 * DAY, 1800, 1, TEST_NOW, 0,
                             &slot_old), KIOSK_OK);
    CHECK_INT(store_closed_day_add(st, today - 33, "old", TEST_NOW, 0),
              KIOSK_OK);

    /* Counts match the generator. */
    struct collect_ctx fc = {0};
    CHECK_INT(store_count_by_form(st, today - 100, today + 1, collect_cb, &fc),
              KIOSK_OK);
    char want[256];
    snprintf(want, sizeof want, "assist_lite|-|-=%d\nphq4|-|-=%d\n",
             by_form[0], by_form[1]);
    CHECK_STR(fc.buf, want);
    struct collect_ctx bc = {0};
    CHECK_INT(store_count_by_band(st, today - 100, today + 1, collect_cb, &bc),
              KIOSK_OK);
    snprintf(want, sizeof want, "phq4|phq4_level|high=%d\n", by_band_phq_high);
    CHECK_CONTAINS(bc.buf, want);
    CHECK(strstr(bc.buf, "score") == NULL); /* not a band */
    struct collect_ctx lc = {0};
    CHECK_INT(store_count_by_language(st, today - 100, today + 1, collect_cb,
                                      &lc), KIOSK_OK);
    snprintf(want, sizeof want, "-|vi|-=%d\n", vi);
    CHECK_CONTAINS(lc.buf, want);
    CHECK_INT(sealed_rows(st, today - 9, today + 1), recent);

    /* Snapshots over several periods before purging... */
    static const int periods[][2] = {{-100, 1}, {-39, -20}, {-20, 1},
                                     {-35, -34}, {-9, 1}};
    static char before[5][SNAP];
    for (int p = 0; p < 5; p++) {
        snapshot(st, today + periods[p][0], today + periods[p][1], before[p],
                 sizeof before[p]);
    }
    /* ...then purge everything older than 10 days in batches of 50. */
    int deleted = 0, calls = 0, total = 0;
    do {
        CHECK_INT(store_purge(st, TEST_NOW, 10, 50, &deleted), KIOSK_OK);
        CHECK(deleted <= 50);
        total += deleted;
        calls++;
    } while (deleted > 0 && calls < 1000);
    CHECK(calls > 2);
    CHECK(total > 0);
    for (int p = 0; p < 5; p++) {
        static char after[SNAP];
        snapshot(st, today + periods[p][0], today + periods[p][1], after,
                 sizeof after);
        if (strcmp(before[p], after) != 0) {
            fprintf(stderr, "period %d changed:\n%s\n---\n%s\n", p, before[p],
                    after);
        }
        CHECK_STR(after, before[p]);
    }
    /* The old rows are gone, the recent ones stay. */
    CHECK_INT(sealed_rows(st, today - 100, today + 1), kept);
    struct store_ticket t;
    CHECK_INT(store_ticket_by_code(st, "T00001", &t), KIOSK_OK); /* 7 d */
    CHECK_INT(store_ticket_by_code(st, "T00002", &t), KIOSK_ENOENT); /* 14 */
    struct store_slot sl[2];
    int n = 0;
    CHECK_INT(store_slots_for_day(st, today - 35, sl, 2, &n), KIOSK_OK);
    CHECK_INT(n, 0);
    int closed = 1;
    CHECK_INT(store_closed_day_is(st, today - 33, &closed), KIOSK_OK);
    CHECK_INT(closed, 0);
    struct store_outbox_item it;
    CHECK_INT(store_outbox_next(st, 0, NULL, 0, &it), KIOSK_OK); /* i = 0 */
    store_outbox_item_clear(&it);
    CHECK_INT(store_purge(st, TEST_NOW, 0, 50, &deleted), KIOSK_EINVAL);
    char msg[64];
    CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
    store_close(st);
}

/* ---- opening: damage and loss are never silent ----------------------- */

static int exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
    }
    return f != NULL;
}

static int notice_count(struct store *st, const char *kind)
{
    struct store_notice nt[8];
    int n = 0;
    CHECK_INT(store_notices(st, nt, 8, &n), KIOSK_OK);
    int c = 0;
    for (int i = 0; i < n; i++) {
        c += strcmp(nt[i].kind, kind) == 0;
    }
    return c;
}

/* A used database with one staff account and some counts. */
static void make_used(const char *path)
{
    test_unlink_db(path);
    char marker[600];
    snprintf(marker, sizeof marker, "%s.id", path);
    unlink(marker); /* a kiosk set up anew */
    struct store_opts o = test_opts();
    struct store *st = NULL;
    struct store_start f;
    CHECK_INT(store_open_checked(path, &o, TEST_NOW, &st, &f), KIOSK_OK);
    CHECK(!f.damaged && !f.lost && !f.zero_length);
    unsigned char card[STORE_CARD_BYTES] = {5};
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, NULL), KIOSK_OK);
    for (int i = 0; i < 200; i++) {
        CHECK_INT(store_visit_begin(st, TEST_NOW - i * 3600), KIOSK_OK);
        struct store_value v[] = {{"band", i % 2 ? "low" : "high"}};
        struct store_screening sc = {
            .form_id = "f", .form_version = "1", .language = "vi",
            .time = TEST_NOW - i * 3600, .values = v, .n_values = 1,
            .tallies = v, .n_tallies = 1, .answers = ANSWERS,
            .answers_len = 8,
        };
        CHECK_INT(store_save_screening(st, &sc, NULL), KIOSK_OK);
    }
    store_close(st);
}

static void test_open_checked(void)
{
    char path[512], marker[600];
    test_path(path, sizeof path, "kiosk.db");
    snprintf(marker, sizeof marker, "%s.id", path);
    unlink(marker);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    struct store_start f;

    /* 1. A healthy database opens quietly, and again. */
    make_used(path);
    CHECK(exists(marker));
    CHECK_INT(store_open_checked(path, &o, TEST_NOW, &st, &f), KIOSK_OK);
    CHECK(!f.damaged && !f.lost && !f.zero_length);
    CHECK_INT(notice_count(st, "database_damaged") +
              notice_count(st, "database_lost"), 0);
    store_close(st);

    /* 2. 4 KB of random bytes over a table page: moved aside whole, a new
     * database starts, staff are told (in the new database's notices). */
    FILE *fp = fopen(path, "r+b");
    CHECK(fp != NULL);
    if (fp) {
        unsigned char junk[4096];
        randombytes_buf(junk, sizeof junk);
        fseek(fp, 3 * 4096, SEEK_SET);
        fwrite(junk, 1, sizeof junk, fp);
        fclose(fp);
    }
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 60, &st, &f),
              KIOSK_OK);
    CHECK_INT(f.damaged, 1);
    CHECK(f.moved_to[0] && exists(f.moved_to));
    CHECK_CONTAINS(f.moved_to, ".damaged-");
    CHECK_INT(notice_count(st, "database_damaged"), 1);
    int n = -1;
    CHECK_INT(store_staff_count(st, &n), KIOSK_OK);
    CHECK_INT(n, 0); /* a new database: the first account again */
    /* the notice stays until staff acknowledge it */
    struct store_notice nt[4];
    CHECK_INT(store_notices(st, nt, 4, &n), KIOSK_OK);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(nt[0].detail, "kept as");
    store_close(st);
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 70, &st, &f),
              KIOSK_OK);
    CHECK(!f.damaged && !f.lost);
    CHECK_INT(notice_count(st, "database_damaged"), 1);
    CHECK_INT(store_notices(st, nt, 4, &n), KIOSK_OK);
    CHECK_INT(store_notice_ack(st, nt[0].id, 3, TEST_NOW + 80), KIOSK_OK);
    CHECK_INT(store_notice_ack(st, nt[0].id, 3, TEST_NOW + 80),
              KIOSK_ENOENT);
    CHECK_INT(notice_count(st, "database_damaged"), 0);
    store_close(st);

    /* 3. A zero-length file where the database was: kept, reported. */
    make_used(path);
    test_unlink_db(path);
    fp = fopen(path, "wb");
    if (fp) {
        fclose(fp);
    }
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 90, &st, &f),
              KIOSK_OK);
    CHECK_INT(f.zero_length, 1);
    CHECK(exists(f.moved_to));
    CHECK_INT(notice_count(st, "database_empty"), 1);
    store_close(st);

    /* 4. The database is missing but the marker says this kiosk had one:
     * a new one starts and staff are told. */
    make_used(path);
    test_unlink_db(path);
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 100, &st, &f),
              KIOSK_OK);
    CHECK_INT(f.lost, 1);
    CHECK_CONTAINS(f.detail, "missing");
    CHECK_INT(notice_count(st, "database_lost"), 1);
    store_close(st);

    /* 5. Another kiosk's (or an old) database put in its place. */
    char other[512];
    test_path(other, sizeof other, "other-kiosk.db");
    test_unlink_db(other);
    CHECK_INT(store_open(other, &o, &st), KIOSK_OK);
    store_close(st);
    test_unlink_db(path);
    CHECK_INT(rename(other, path), 0);
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 110, &st, &f),
              KIOSK_OK);
    CHECK_INT(f.lost, 1);
    CHECK_CONTAINS(f.detail, "not the database");
    store_close(st);
    /* ...and from then on it is this kiosk's database */
    CHECK_INT(store_open_checked(path, &o, TEST_NOW + 120, &st, &f),
              KIOSK_OK);
    CHECK(!f.lost);
    store_close(st);
}

int main(void)
{
    test_open_checked();
    test_open();
    test_visits();
    test_screenings();
    test_tickets();
    test_audit();
    test_stats_and_purge();
    test_cleanup();
    TEST_MAIN_END();
}
