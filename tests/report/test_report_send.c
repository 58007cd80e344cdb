/* report: the sender against tests/report/central.py (which answers with
 * real Central's codes and messages, and decrypts what it receives with
 * the province's key) through a real SQLite outbox. Every answer is mapped
 * to what happens to the record next (sent, retried after a backoff, its
 * form held and retried by itself, everything held until the token is
 * fixed, sent again once, parked with the reason); backoff is checked on a
 * virtual clock; Form Access missing on one form; two copies in flight;
 * the queue order whatever the clock; staff re-queueing parked records;
 * TLS verification, token files, stopping mid-request and restarting.
 * No test waits for real time beyond a few milliseconds of polling (and
 * one deliberately slow response). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "central.h"
#include "report/report_int.h"
#include "test.h"

#define TOKEN "tok-AAAAbbbb1234$!"
#define T0 1795519471LL /* 2026-11-24 18:24 in Vietnam */

static struct central srv;
static char server_url[64];

/* One sender with its own store, token file and clock. */
struct rig {
    char db[512], tok[512];
    struct vclock clk;
    struct report_cfg cfg;
    struct store *st;            /* the "app" connection that queues */
    struct report_sender *s;
};

static int rig_up(struct rig *r, const char *name)
{
    memset(r, 0, sizeof *r);
    char file[128];
    snprintf(file, sizeof file, "%s.db", name);
    test_file(r->db, sizeof r->db, file);
    snprintf(file, sizeof file, "%s.token", name);
    test_file(r->tok, sizeof r->tok, file);
    r->clk.now = T0;
    r->cfg = (struct report_cfg){
        .enabled = 1, .server = server_url, .project_id = 1,
        .token_file = r->tok, .kiosk_id = "HN-0001", .interval_s = 3600,
        .tz_offset = 25200, .clock = vclock_now, .clock_ctx = &r->clk,
        .public_key = test_key(NULL),
    };
    r->st = fresh_store(r->db);
    return r->st && write_token(r->tok, TOKEN, 0600) == 0 ? 0 : -1;
}

static void rig_start(struct rig *r)
{
    r->s = report_start(&r->cfg, r->db);
    CHECK(r->s != NULL);
}

static void rig_down(struct rig *r)
{
    report_stop(r->s);
    r->s = NULL;
    store_close(r->st);
    r->st = NULL;
}

static int hits(void)
{
    struct central_hit h[64];
    return central_log(&srv, h, 64);
}

static struct report_status status_of(struct rig *r)
{
    struct report_status s;
    report_status(r->s, &s);
    return s;
}

/* The decrypted instance the server stored for iid has this kiosk's id:
 * the record went encrypted, in two parts, and decrypted there. */
static void check_decrypted(const char *iid)
{
    char *plain = central_plain(&srv, iid);
    CHECK(plain != NULL);
    if (plain) {
        CHECK_CONTAINS(plain, "<kiosk_id>HN-0001</kiosk_id>");
        char want[100];
        snprintf(want, sizeof want, "<orx:instanceID>%s</orx:instanceID>",
                 iid);
        CHECK_CONTAINS(plain, want);
        free(plain);
    }
}

/* ---- every response, and what happens to the record after it ----------- */

enum fix {
    FIX_NONE,       /* nothing needed */
    FIX_UP,         /* bring the submission port back */
    FIX_TOKEN,      /* write the right token into the token file */
    FIX_NEW_TOKEN,  /* server takes a new token; write it to the file */
    FIX_CTL,        /* an administrator fixes it on the server (ctl
                       query `undo`); the form's retry finds it fixed */
    FIX_CTL_NOW,    /* the same, then staff press "send now" */
};

struct mapcase {
    const char *name;
    const char *ctl;       /* control query before the first attempt */
    const char *token;     /* token file content, NULL = the right one */
    int project;           /* 0 = 1 */
    int http;              /* expected status.last_http */
    enum report_outcome outcome;
    const char *problem;   /* the form hold's problem, or NULL */
    const char *msg;       /* expected in last_error (decoded) */
    enum fix fix;          /* for RETRY and holds: what makes it go */
    const char *undo;      /* FIX_CTL*: the control query that fixes it */
};

static const struct mapcase cases[] = {
    {"201", NULL, NULL, 0, 201, REPORT_SENT, NULL, NULL, FIX_NONE, NULL},
    {"202 (Kobo duplicate)", "queue=202", NULL, 0, 202, REPORT_SENT, NULL,
     NULL, FIX_NONE, NULL},
    {"500", "queue=500", NULL, 0, 500, REPORT_RETRY, NULL, "HTTP 500",
     FIX_NONE, NULL},
    {"503", "queue=503", NULL, 0, 503, REPORT_RETRY, NULL, "HTTP 503",
     FIX_NONE, NULL},
    {"429", "queue=429", NULL, 0, 429, REPORT_RETRY, NULL, "HTTP 429",
     FIX_NONE, NULL},
    {"dropped connection", "queue=drop", NULL, 0, 0, REPORT_RETRY, NULL,
     "network:", FIX_NONE, NULL},
    {"connection refused", "down=1", NULL, 0, 0, REPORT_RETRY, NULL,
     "network:", FIX_UP, NULL},
    {"200 (captive portal)", "queue=200", NULL, 0, 200, REPORT_RETRY, NULL,
     "captive portal", FIX_NONE, NULL},
    {"302", "queue=302", NULL, 0, 302, REPORT_RETRY, NULL, "redirected",
     FIX_NONE, NULL},
    {"400", "queue=400", NULL, 0, 400, REPORT_PARKED, NULL, "HTTP 400",
     FIX_NONE, NULL},
    {"401 wrong token", NULL, "wrong-token", 0, 401, REPORT_HOLD_FORM,
     "401.2", "Could not authenticate", FIX_TOKEN, NULL},
    {"403 revoked token", "revoke=1", NULL, 0, 403, REPORT_HOLD_ALL, NULL,
     "HTTP 403", FIX_NEW_TOKEN, NULL},
    {"401 no Form Access", "unassign=kiosk_screening", NULL, 0, 401,
     REPORT_HOLD_FORM, "401.2", "Form Access", FIX_CTL,
     "assign=kiosk_screening"},
    {"404.1 form not published", "unpublish=kiosk_screening", NULL, 0, 404,
     REPORT_HOLD_FORM, "404.1", "Could not find the resource", FIX_CTL,
     "publish=kiosk_screening"},
    {"404.1 unknown project", NULL, NULL, 2, 404, REPORT_HOLD_FORM, "404.1",
     "correct project_id", FIX_NONE, NULL},
    /* the message comes escaped (&#39;): the kiosk shows it decoded */
    {"404.6 version not published",
     "drop_version=kiosk_screening:" REPORT_FORMS_VERSION, NULL, 0, 404,
     REPORT_HOLD_FORM, "404.6",
     "'" REPORT_FORMS_VERSION "' does not exist", FIX_CTL,
     "add_version=kiosk_screening:" REPORT_FORMS_VERSION},
    {"409.2 form closed", "close=kiosk_screening", NULL, 0, 409,
     REPORT_HOLD_FORM, "409.2", "not currently accepting", FIX_CTL_NOW,
     "open=kiosk_screening"},
};

static void run_case(const struct mapcase *c, int idx)
{
    fprintf(stderr, "-- case %s\n", c->name);
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    char name[32];
    snprintf(name, sizeof name, "map%d", idx);
    struct rig r;
    CHECK_INT(rig_up(&r, name), 0);
    if (c->token) {
        CHECK_INT(write_token(r.tok, c->token, 0600), 0);
    }
    if (c->project) {
        r.cfg.project_id = c->project;
    }
    char iid[REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 - 3600, 1, iid), 0);
    if (c->ctl) {
        CHECK_INT(central_ctl(&srv, c->ctl), 0);
    }
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    CHECK_INT(s.last_http, c->http);
    CHECK_INT(s.last_attempt, T0);
    if (c->msg) {
        CHECK_CONTAINS(s.last_error, c->msg);
    }
    struct central_hit h[8];
    int n = central_log(&srv, h, 8);
    CHECK_INT(n, c->fix == FIX_UP ? 0 : 1); /* refused: nothing arrived */
    if (n >= 1) {
        /* what the facts page asks of every request */
        CHECK(strncmp(h[0].ua, "vn-kiosk/", 9) == 0);
        CHECK_STR(h[0].device, "HN-0001");
        CHECK_INT(h[0].key_in_url, 0);
        if (c->problem) {
            CHECK_STR(h[0].problem, c->problem);
        }
    }

    switch (c->outcome) {
    case REPORT_SENT:
        CHECK_INT(s.sent, 1);
        CHECK_INT(s.last_success, T0);
        CHECK_STR(s.last_error, "");
        if (n >= 1 && c->http == 201) {
            CHECK_INT(h[0].enc, 1);   /* two parts, decrypted there */
            check_decrypted(iid);
        }
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);        /* nothing sent twice */
        CHECK_INT(status_of(&r).queue_empty, 1);
        /* the server's Date against the virtual clock */
        s = status_of(&r);
        CHECK(s.clock_skew > (int64_t)time(NULL) - T0 - 120 &&
              s.clock_skew < (int64_t)time(NULL) - T0 + 120);
        CHECK_INT(s.outbox.sent, 1);
        CHECK_INT(s.outbox.pending, 0);
        break;
    case REPORT_RETRY:
        CHECK_INT(s.failures, 1);
        CHECK_INT(s.sent, 0);
        CHECK_INT(s.held, 0);
        CHECK(s.next_attempt >= T0 + 24 && s.next_attempt <= T0 + 36);
        CHECK_INT(s.outbox.pending, 1);
        /* woken before the backoff ends: no request */
        r.clk.now = s.next_attempt - 1;
        CHECK(kick(r.s));
        CHECK_INT(hits(), n);
        if (c->fix == FIX_UP) {
            CHECK_INT(central_ctl(&srv, "up=1"), 0);
        }
        r.clk.now = s.next_attempt;
        CHECK(kick(r.s));
        s = status_of(&r);
        CHECK_INT(s.sent, 1);
        CHECK_INT(s.last_http, 201);
        CHECK_INT(hits(), n + 1);
        break;
    case REPORT_HOLD_FORM: {
        /* the form is held with the reason; retried by itself later */
        CHECK_INT(s.held, 0);
        CHECK_INT(s.sent, 0);
        CHECK_INT(s.parked, 0);      /* never given up */
        CHECK_INT(s.n_holds, 1);
        CHECK_STR(s.holds[0].form, "kiosk_screening");
        CHECK_STR(s.holds[0].problem, c->problem);
        CHECK_INT(s.holds[0].http, c->http);
        CHECK(s.holds[0].retry_at >= T0 + 24 && s.holds[0].retry_at <=
              T0 + 36);
        CHECK_CONTAINS(s.holds[0].reason, "Retried by itself");
        CHECK_INT(s.outbox.pending, 1);
        int64_t at = s.holds[0].retry_at;
        r.clk.now = at - 1;
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);        /* held until its time */
        if (c->fix == FIX_NONE) {
            /* not fixed: tried again at its time, held longer */
            r.clk.now = at;
            CHECK(kick(r.s));
            CHECK_INT(hits(), 2);
            s = status_of(&r);
            CHECK_INT(s.n_holds, 1);
            CHECK_INT(s.holds[0].tries, 2);
            CHECK(s.holds[0].retry_at - at >= 48 &&
                  s.holds[0].retry_at - at <= 72);
            CHECK_INT(s.parked, 0);
            break;
        }
        if (c->fix == FIX_TOKEN) {
            CHECK_INT(write_token(r.tok, TOKEN, 0600), 0);
            CHECK(kick(r.s));        /* a new token file: tried at once */
        } else {
            CHECK_INT(central_ctl(&srv, c->undo), 0);
            if (c->fix == FIX_CTL_NOW) {
                CHECK(push(r.s));    /* staff press "send now" */
            } else {
                r.clk.now = at;      /* its retry finds it fixed */
                CHECK(kick(r.s));
            }
        }
        s = status_of(&r);
        CHECK_INT(s.n_holds, 0);
        CHECK_INT(s.sent, 1);
        CHECK_INT(hits(), 2);
        check_decrypted(iid);
        break;
    }
    case REPORT_HOLD_ALL:
        CHECK_INT(s.held, 1);
        CHECK_INT(s.sent, 0);
        CHECK_INT(s.next_attempt, 0);
        CHECK(kick(r.s));
        r.clk.now += 7200;
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);        /* held: nothing more is tried */
        CHECK_INT(status_of(&r).held, 1);
        CHECK_INT(central_ctl(&srv, "token=tok-second-0002"), 0);
        CHECK_INT(write_token(r.tok, "tok-second-0002", 0600), 0);
        CHECK(kick(r.s));
        s = status_of(&r);
        CHECK_INT(s.held, 0);
        CHECK_INT(s.sent, 1);
        CHECK_INT(hits(), 2);
        break;
    case REPORT_PARKED:
        CHECK_INT(s.parked, 1);
        CHECK_INT(s.n_recent, 1);
        CHECK_STR(s.recent[0].instance, iid);
        CHECK_INT(s.recent[0].http, c->http);
        CHECK_CONTAINS(s.recent[0].reason, c->msg);
        CHECK_INT(s.outbox.failed, 1);
        CHECK(push(r.s));            /* "send now" does not revive it */
        r.clk.now += 86400;
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);
        CHECK_INT(status_of(&r).queue_empty, 1);
        /* staff re-queue it: sent */
        int k = 0;
        CHECK_INT(store_outbox_requeue(r.st, 0, 0, &k), KIOSK_OK);
        CHECK_INT(k, 1);
        CHECK(push(r.s));
        s = status_of(&r);
        CHECK_INT(s.sent, 1);
        CHECK_INT(s.outbox.failed, 0);
        CHECK_INT(hits(), 2);
        check_decrypted(iid);
        break;
    case REPORT_RESEND:
        CHECK(0); /* not a case of its own: see test_two_in_flight */
        break;
    }
    rig_down(&r);
}

/* ---- one form held, the other goes on ------------------------------------ */

static void test_form_access(void)
{
    fprintf(stderr, "-- no Form Access to one form\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1&unassign=kiosk_daily"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "access"), 0);
    char s1[REPORT_INSTANCE_ID_SIZE], s2[REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 - 86400, 1, s1), 0);
    int queued = 0;
    CHECK_INT(report_close_day(&r.cfg, r.st, 20780, -1, T0 - 3600, &queued),
              KIOSK_OK);
    CHECK_INT(queued, 1);
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    CHECK_INT(s.sent, 1);            /* the screening went */
    CHECK_INT(s.held, 0);            /* the token is not blamed */
    CHECK_INT(s.n_holds, 1);
    CHECK_STR(s.holds[0].form, "kiosk_daily");
    CHECK_INT(s.holds[0].http, 401);
    CHECK_CONTAINS(s.holds[0].reason, "while kiosk_screening is accepted, "
                   "so the token is good: the app user has no Form Access "
                   "to kiosk_daily");
    fprintf(stderr, "   %s\n", s.holds[0].reason);
    /* screenings keep going while the daily form is held */
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 + 5, 2, s2), 0);
    CHECK(kick(r.s));
    s = status_of(&r);
    CHECK_INT(s.sent, 2);
    CHECK_INT(hits(), 3);            /* s1, the day, s2: the day not again */
    CHECK_INT(s.outbox.pending, 1);
    /* access given on the server: released at its retry, no restart */
    CHECK_INT(central_ctl(&srv, "assign=kiosk_daily"), 0);
    r.clk.now = s.holds[0].retry_at;
    CHECK(kick(r.s));
    s = status_of(&r);
    CHECK_INT(s.sent, 3);
    CHECK_INT(s.n_holds, 0);
    CHECK_INT(s.outbox.pending, 0);
    char day_id[REPORT_INSTANCE_ID_SIZE];
    report_daily_id(&r.cfg, 20780, day_id);
    char *plain = central_plain(&srv, day_id);
    CHECK(plain && strstr(plain, "<day>2026-11-23</day>"));
    free(plain);
    rig_down(&r);
}

/* ---- two copies of one record in flight, and a deleted one -------------- */

static void test_two_in_flight(void)
{
    fprintf(stderr, "-- two copies in flight; a deleted record\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1&race=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "race"), 0);
    char iid[REPORT_INSTANCE_ID_SIZE], gone[REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(queue_screening(r.st, &r.cfg, T0, 1, iid), 0);
    CHECK_INT(queue_screening(r.st, &r.cfg, T0, 2, gone), 0);
    char q[120];
    snprintf(q, sizeof q, "delete=%s", gone);
    CHECK_INT(central_ctl(&srv, q), 0);
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    /* the first lost the race (409.18) but is on the server: the same
     * bytes again get 201 */
    struct central_hit h[8];
    int n = central_log(&srv, h, 8);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(h[0].instance, iid);
        CHECK_INT(h[0].status, 409);
        CHECK_STR(h[0].problem, "409.18");
        CHECK_STR(h[1].instance, iid);
        CHECK_STR(h[1].sha, h[0].sha);
        CHECK_INT(h[1].status, 201);
        /* the deleted one: refused twice, then parked */
        CHECK_STR(h[2].instance, gone);
        CHECK_INT(h[2].status, 409);
        CHECK_INT(h[3].status, 409);
        CHECK_STR(h[3].sha, h[2].sha);
    }
    CHECK_INT(s.sent, 1);
    CHECK_INT(s.parked, 1);
    CHECK_STR(s.recent[0].instance, gone);
    CHECK_CONTAINS(s.recent[0].reason, "This submission has been deleted");
    CHECK_CONTAINS(s.last_error, "deleted on the server");
    char *list = central_instances(&srv);
    char want[64];
    snprintf(want, sizeof want, "%s\n", iid);
    CHECK_STR(list ? list : "", want); /* stored once */
    free(list);
    rig_down(&r);
}

/* ---- queue order, whatever the clock said -------------------------------- */

static void test_clock_ahead(void)
{
    fprintf(stderr, "-- a record made while the clock was ahead\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "ahead"), 0);
    /* made with the clock a month ahead, then the clock was set right */
    char ids[3][REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 + 30 * 86400, 1, ids[0]), 0);
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 - 60, 2, ids[1]), 0);
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 - 30, 3, ids[2]), 0);
    rig_start(&r);
    CHECK(wait_served(r.s));
    CHECK_INT(status_of(&r).sent, 3); /* none waits for its time */
    char *list = central_instances(&srv);
    char want[200];
    snprintf(want, sizeof want, "%s\n%s\n%s\n", ids[0], ids[1], ids[2]);
    CHECK_STR(list ? list : "", want);
    free(list);
    rig_down(&r);
}

/* ---- records the kiosk never sends --------------------------------------- */

static void test_plaintext_refused(void)
{
    fprintf(stderr, "-- a record in the clear is never sent\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "plain"), 0);
    static const char xml[] = "<data id=\"kiosk_screening\" version=\""
                              REPORT_FORMS_VERSION "\"><meta><instanceID>"
                              "uuid:plain</instanceID></meta></data>";
    struct store_outbox_new ob = {.kind = REPORT_OUTBOX_KIND,
                                  .form = "kiosk_screening",
                                  .instance = "uuid:plain",
                                  .body = (const unsigned char *)xml,
                                  .len = sizeof xml - 1};
    CHECK_INT(store_outbox_add(r.st, &ob, T0, NULL), KIOSK_OK);
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    CHECK_INT(hits(), 0);
    CHECK_INT(s.parked, 1);
    CHECK_CONTAINS(s.recent[0].reason, "not an encrypted record");
    rig_down(&r);
}

/* ---- backoff on the virtual clock ---------------------------------------- */

static void test_backoff(void)
{
    fprintf(stderr, "-- backoff\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "backoff"), 0);
    CHECK_INT(queue_screening(r.st, &r.cfg, T0, 1, NULL), 0);
    /* (no "drop" here: libcurl itself retries once on a reused connection
     * that closes without an answer, which would blur the count) */
    CHECK_INT(central_ctl(&srv, "queue=500,500,503,500,504,500,500,500,"
                          "500"), 0);
    rig_start(&r);
    CHECK(wait_served(r.s));
    int64_t base = 30;
    for (int k = 1; k <= 9; k++) {
        struct report_status s = status_of(&r);
        CHECK_INT(s.failures, k);
        CHECK_INT(hits(), k);
        int64_t d = s.next_attempt - r.clk.now;
        int64_t nominal = base < 3600 ? base : 3600;
        if (!(d >= nominal * 8 / 10 && d <= nominal * 12 / 10)) {
            fprintf(stderr, "failure %d: waited %lld, nominal %lld\n", k,
                    (long long)d, (long long)nominal);
        }
        CHECK(d >= nominal * 8 / 10 && d <= nominal * 12 / 10);
        base *= 2;
        /* just before: nothing; at the time: the next attempt */
        r.clk.now = s.next_attempt - 1;
        CHECK(kick(r.s));
        CHECK_INT(hits(), k);
        r.clk.now = s.next_attempt;
        CHECK(kick(r.s));
    }
    struct report_status s = status_of(&r);
    CHECK_INT(s.sent, 1);
    CHECK_INT(s.next_attempt, 0);
    CHECK_INT(hits(), 10);

    /* a success resets the streak: the next failure waits 30 s again */
    CHECK_INT(queue_screening(r.st, &r.cfg, r.clk.now, 2, NULL), 0);
    CHECK_INT(central_ctl(&srv, "queue=502"), 0);
    CHECK(kick(r.s));
    s = status_of(&r);
    CHECK(s.next_attempt - r.clk.now >= 24 && s.next_attempt - r.clk.now <= 36);
    /* "send now" ends the backoff at once */
    CHECK(push(r.s));
    CHECK_INT(status_of(&r).sent, 2);
    CHECK_INT(hits(), 12);
    rig_down(&r);
}

/* ---- identical re-send, conflicting re-send, queue order ----------------- */

static void test_duplicates_and_order(void)
{
    fprintf(stderr, "-- duplicates and order\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig a, b, c;
    CHECK_INT(rig_up(&a, "dupa"), 0);
    CHECK_INT(rig_up(&b, "dupb"), 0);
    CHECK_INT(rig_up(&c, "dupc"), 0);
    /* Two kiosks' outboxes holding the same record: one with the same
     * bytes (a re-send after a lost answer), one with other bytes under
     * the same id (impossible in one outbox: ids are unique). */
    const struct report_measure m[] = {{"dast10_level", "4", "moderate"}};
    struct report_screening rs = {"dast10", "2026112401", "en", T0, 9, m, 1};
    struct report_record rec, other;
    CHECK_INT(report_build_screening(&a.cfg, &rs, &rec), KIOSK_OK);
    static const char xml2[] = "<data id=\"kiosk_screening\">5</data>";
    CHECK_INT(report_encrypt(a.cfg.public_key, "kiosk_screening",
                             REPORT_FORMS_VERSION, rec.instance_id,
                             (const unsigned char *)xml2, sizeof xml2 - 1,
                             &other), KIOSK_OK);
    struct store_outbox_new ob;
    report_record_outbox(&rec, &ob);
    CHECK_INT(store_outbox_add(a.st, &ob, T0, NULL), KIOSK_OK);
    CHECK_INT(store_outbox_add(b.st, &ob, T0, NULL), KIOSK_OK);
    report_record_outbox(&other, &ob);
    CHECK_INT(store_outbox_add(c.st, &ob, T0, NULL), KIOSK_OK);
    /* and a's queue gets more records, their times out of order */
    char ids[5][REPORT_INSTANCE_ID_SIZE];
    static const int64_t when[5] = {T0 + 50, T0 + 10, T0 + 10, T0 + 30,
                                    T0 + 20};
    for (int i = 0; i < 5; i++) {
        CHECK_INT(queue_screening(a.st, &a.cfg, when[i], 10 + i, ids[i]), 0);
    }
    a.clk.now = b.clk.now = c.clk.now = T0 + 100;
    rig_start(&a);
    CHECK(wait_served(a.s));
    CHECK_INT(status_of(&a).sent, 6);
    rig_start(&b);
    CHECK(wait_served(b.s));
    struct report_status sb = status_of(&b);
    CHECK_INT(sb.sent, 1);           /* identical re-send: 201 */
    CHECK_INT(sb.last_http, 201);
    rig_start(&c);
    CHECK(wait_served(c.s));
    struct report_status sc = status_of(&c);
    CHECK_INT(sc.parked, 1);         /* different bytes: 409.1, parked */
    CHECK_INT(sc.recent[0].http, 409);
    CHECK_CONTAINS(sc.recent[0].reason, "(409.1)");
    CHECK_CONTAINS(sc.recent[0].reason, "different XML");

    /* order on the server: the queue's, not the records' times */
    char *list = central_instances(&srv);
    CHECK(list != NULL);
    if (list) {
        char want[512];
        snprintf(want, sizeof want, "%s\n%s\n%s\n%s\n%s\n%s\n",
                 rec.instance_id, ids[0], ids[1], ids[2], ids[3], ids[4]);
        CHECK_STR(list, want);
        free(list);
    }
    struct central_hit h[16];
    int n = central_log(&srv, h, 16);
    CHECK_INT(n, 8);
    if (n == 8) {
        CHECK_STR(h[6].sha, h[0].sha); /* b re-sent a's exact bytes */
        CHECK_INT(h[6].status, 201);
        CHECK_INT(h[7].status, 409);
        CHECK_STR(h[7].problem, "409.1");
        for (int i = 0; i < 8; i++) {
            CHECK_INT(h[i].enc, 1);
        }
    }
    report_record_free(&rec);
    report_record_free(&other);
    rig_down(&a);
    rig_down(&b);
    rig_down(&c);
}

/* ---- token file, foreign outbox kinds ------------------------------------ */

static void test_token_file(void)
{
    fprintf(stderr, "-- token file\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "tokfile"), 0);
    CHECK_INT(write_token(r.tok, TOKEN, 0644), 0);
    CHECK_INT(queue_screening(r.st, &r.cfg, T0, 1, NULL), 0);
    struct store_outbox_new foreign = {.kind = "dhis2",
                                       .instance = "other-1",
                                       .body = (const unsigned char *)"{}",
                                       .len = 2};
    CHECK_INT(store_outbox_add(r.st, &foreign, T0 - 1, NULL), KIOSK_OK);
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    CHECK_INT(s.held, 1);
    CHECK_CONTAINS(s.last_error, "chmod 600");
    CHECK(strstr(s.last_error, TOKEN) == NULL);
    CHECK_INT(hits(), 0);            /* a world-readable token is not used */
    CHECK_INT(chmod(r.tok, 0600), 0);
    CHECK(kick(r.s));
    s = status_of(&r);
    CHECK_INT(s.held, 0);
    CHECK_INT(s.sent, 1);
    CHECK_INT(s.parked, 1);          /* the foreign kind is set aside */
    CHECK_STR(s.recent[0].instance, "other-1");
    CHECK_CONTAINS(s.recent[0].reason, "kind 'dhis2'");
    CHECK_INT(hits(), 1);
    rig_down(&r);
}

/* ---- stop during a slow answer, then restart ----------------------------- */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_stop_mid_request(void)
{
    fprintf(stderr, "-- stop during a slow answer\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig r;
    CHECK_INT(rig_up(&r, "stop"), 0);
    char iid[REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(queue_screening(r.st, &r.cfg, T0, 1, iid), 0);
    CHECK_INT(central_ctl(&srv, "delay_once=30"), 0);
    rig_start(&r);
    struct central_hit h[4];
    int n = 0;
    for (int i = 0; i < 5000 && n < 1; i++) {
        n = central_log(&srv, h, 4);
        usleep(2000);
    }
    CHECK_INT(n, 1);                 /* the request is at the server */
    double t = mono();
    report_stop(r.s);
    r.s = NULL;
    fprintf(stderr, "   report_stop returned after %.2f s (answer was 30 s "
            "away)\n", mono() - t);
    /* restart: the record was not marked, so it goes again, same bytes */
    rig_start(&r);
    CHECK(wait_served(r.s));
    struct report_status s = status_of(&r);
    CHECK_INT(s.sent, 1);
    n = central_log(&srv, h, 4);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(h[0].instance, iid);
        CHECK_STR(h[1].instance, iid);
        CHECK_STR(h[0].sha, h[1].sha);
        CHECK_INT(h[1].status, 201);
    }
    char *list = central_instances(&srv);
    if (list) {
        char want[64];
        snprintf(want, sizeof want, "%s\n", iid);
        CHECK_STR(list, want);       /* stored once */
        free(list);
    }
    /* a slow answer that does come is simply waited for */
    CHECK_INT(queue_screening(r.st, &r.cfg, T0 + 1, 2, NULL), 0);
    CHECK_INT(central_ctl(&srv, "delay_once=1.5"), 0);
    r.clk.now = T0 + 10;
    CHECK(kick(r.s));
    CHECK_INT(status_of(&r).sent, 2);
    rig_down(&r);
}

/* ---- TLS: verification always on, CA file, a clock outside validity ------ */

static void test_tls(void)
{
    fprintf(stderr, "-- TLS\n");
    char dir[512], cmd[1200];
    test_file(dir, sizeof dir, "certs");
    if (mkdir(dir, 0700) != 0) {
        CHECK(0);
        return;
    }
    snprintf(cmd, sizeof cmd, "python3 tests/report/make_certs.py %s", dir);
    int rc = system(cmd);
    if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
        fprintf(stderr, "   skipped: python3-cryptography is not installed\n");
        return;
    }
    CHECK_INT(rc, 0);
    static const struct {
        const char *cert;
        int with_ca;
        enum report_outcome want;
        const char *msg;
    } t[] = {
        {"good", 1, REPORT_SENT, NULL},
        {"good", 0, REPORT_RETRY, "tls: the server's certificate is not "
                                  "trusted"},
        {"future", 1, REPORT_RETRY, "clock: the kiosk's clock"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct central tls;
        char extra[1200], ca[600], url[64];
        snprintf(extra, sizeof extra, "--tls %s/%s.pem %s/%s.key", dir,
                 t[i].cert, dir, t[i].cert);
        snprintf(ca, sizeof ca, "%s/ca.pem", dir);
        CHECK_INT(central_start(&tls, TOKEN, extra), 0);
        snprintf(url, sizeof url, "https://127.0.0.1:%d", tls.port);
        struct rig r;
        char name[16];
        snprintf(name, sizeof name, "tls%zu", i);
        CHECK_INT(rig_up(&r, name), 0);
        r.cfg.server = url;
        r.cfg.ca_file = t[i].with_ca ? ca : NULL;
        CHECK_INT(queue_screening(r.st, &r.cfg, T0, 1, NULL), 0);
        rig_start(&r);
        CHECK(wait_served(r.s));
        struct report_status s = status_of(&r);
        fprintf(stderr, "   %s certificate, %s CA file: %s\n", t[i].cert,
                t[i].with_ca ? "with" : "no",
                s.last_error[0] ? s.last_error : "sent");
        CHECK_INT(s.sent, t[i].want == REPORT_SENT);
        CHECK_INT(s.failures, t[i].want == REPORT_RETRY);
        if (t[i].msg) {
            CHECK_CONTAINS(s.last_error, t[i].msg);
        }
        struct central_hit h[4];
        CHECK_INT(central_log(&tls, h, 4), t[i].want == REPORT_SENT);
        rig_down(&r);
        central_stop(&tls);
    }
}

/* ---- the stand-in itself: the checks a real Central makes ------------- */

/* One raw request, made here without the report module, so that a 201
 * seen by the sender proves it sent what these checks demand. */
static long raw_post(const char *auth, int openrosa, const char *part,
                     const char *filename, const char *body)
{
    char url[96], hdr[128];
    snprintf(url, sizeof url, "%s/v1/projects/1/submission", server_url);
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    if (openrosa) {
        h = curl_slist_append(h, "X-OpenRosa-Version: 1.0");
    }
    if (auth) {
        snprintf(hdr, sizeof hdr, "Authorization: %s", auth);
        h = curl_slist_append(h, hdr);
    }
    curl_mime *m = curl_mime_init(c);
    curl_mimepart *p = curl_mime_addpart(m);
    curl_mime_name(p, part);
    curl_mime_data(p, body, CURL_ZERO_TERMINATED);
    if (filename) {
        curl_mime_filename(p, filename);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, fwrite);
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
    long code = 0;
    if (curl_easy_perform(c) == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    }
    if (devnull) {
        fclose(devnull);
    }
    curl_mime_free(m);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return code;
}

static void test_server_contract(void)
{
    fprintf(stderr, "-- the stand-in's checks\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    static const char ok_xml[] =
        "<data id=\"kiosk_screening\" version=\"" REPORT_FORMS_VERSION "\">"
        "<kiosk_id>HN-0001</kiosk_id><meta><instanceID>uuid:c1</instanceID>"
        "</meta></data>";
    static const char other_xml[] =
        "<data id=\"kiosk_screening\" version=\"" REPORT_FORMS_VERSION "\">"
        "<kiosk_id>HN-0002</kiosk_id><meta><instanceID>uuid:c1</instanceID>"
        "</meta></data>";
    static const char unknown_form[] =
        "<data id=\"nope\" version=\"1\"><meta><instanceID>uuid:c2"
        "</instanceID></meta></data>";
    static const struct {
        const char *auth;
        int openrosa;
        const char *part, *filename, *body;
        long want;
    } t[] = {
        {"Bearer " TOKEN, 0, "xml_submission_file", "s.xml", ok_xml, 400},
        {"Bearer " TOKEN, 1, "xml_submission_file", NULL, ok_xml, 400},
        {"Bearer " TOKEN, 1, "submission", "s.xml", ok_xml, 400},
        {NULL, 1, "xml_submission_file", "s.xml", ok_xml, 401},
        {"Bearer wrong", 1, "xml_submission_file", "s.xml", ok_xml, 401},
        {"Basic dTpw", 1, "xml_submission_file", "s.xml", ok_xml, 401},
        {"Bearer " TOKEN, 1, "xml_submission_file", "s.xml", unknown_form,
         404},
        {"Bearer " TOKEN, 1, "xml_submission_file", "s.xml", "<broken",
         404},
        {"Bearer " TOKEN, 1, "xml_submission_file", "s.xml", ok_xml, 201},
        {"Bearer " TOKEN, 1, "xml_submission_file", "s.xml", ok_xml, 201},
        {"Bearer " TOKEN, 1, "xml_submission_file", "s.xml", other_xml, 409},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        long got = raw_post(t[i].auth, t[i].openrosa, t[i].part,
                            t[i].filename, t[i].body);
        if (got != t[i].want) {
            fprintf(stderr, "raw case %zu\n", i);
        }
        CHECK_INT(got, t[i].want);
    }
    char *list = central_instances(&srv);
    CHECK_STR(list ? list : "", "uuid:c1\n");
    free(list);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (central_start(&srv, TOKEN, NULL) != 0) {
        CHECK(0);
        TEST_MAIN_END();
    }
    snprintf(server_url, sizeof server_url, "http://127.0.0.1:%d", srv.port);
    test_server_contract();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_case(&cases[i], (int)i);
    }
    test_form_access();
    test_two_in_flight();
    test_clock_ahead();
    test_plaintext_refused();
    test_backoff();
    test_duplicates_and_order();
    test_token_file();
    test_stop_mid_request();
    test_tls();
    central_stop(&srv);
    curl_global_cleanup();
    TEST_MAIN_END();
}
