/* report: the sender against tests/report/central.py through a real SQLite
 * outbox. Every response the facts page lists is mapped to what happens to
 * the record next (sent, retried after a backoff, held until the token is
 * fixed, parked with the reason); backoff is checked on a virtual clock;
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

/* ---- every response, and what happens to the record after it ----------- */

enum fix {
    FIX_NONE,       /* nothing needed */
    FIX_UP,         /* bring the submission port back */
    FIX_TOKEN,      /* write the right token into the token file */
    FIX_NEW_TOKEN,  /* server takes a new token; write it to the file */
    FIX_ASSIGN,     /* assign the form again, then "send now" */
};

struct mapcase {
    const char *name;
    const char *ctl;       /* control query before the first attempt */
    const char *token;     /* token file content, NULL = the right one */
    int project;           /* 0 = 1 */
    const char *version;   /* screening form version, NULL = default */
    int http;              /* expected status.last_http */
    enum report_outcome outcome;
    const char *msg;       /* expected in last_error */
    enum fix fix;          /* for RETRY and HELD: what makes it go */
};

static const struct mapcase cases[] = {
    {"201", NULL, NULL, 0, NULL, 201, REPORT_SENT, NULL, FIX_NONE},
    {"202 (Kobo duplicate)", "queue=202", NULL, 0, NULL, 202, REPORT_SENT,
     NULL, FIX_NONE},
    {"500", "queue=500", NULL, 0, NULL, 500, REPORT_RETRY, "HTTP 500",
     FIX_NONE},
    {"503", "queue=503", NULL, 0, NULL, 503, REPORT_RETRY, "HTTP 503",
     FIX_NONE},
    {"429", "queue=429", NULL, 0, NULL, 429, REPORT_RETRY, "HTTP 429",
     FIX_NONE},
    {"dropped connection", "queue=drop", NULL, 0, NULL, 0, REPORT_RETRY,
     "network:", FIX_NONE},
    {"connection refused", "down=1", NULL, 0, NULL, 0, REPORT_RETRY,
     "network:", FIX_UP},
    {"200 (captive portal)", "queue=200", NULL, 0, NULL, 200, REPORT_RETRY,
     "captive portal", FIX_NONE},
    {"302", "queue=302", NULL, 0, NULL, 302, REPORT_RETRY, "redirected",
     FIX_NONE},
    {"400", "queue=400", NULL, 0, NULL, 400, REPORT_PARKED, "HTTP 400",
     FIX_NONE},
    {"401 wrong token", NULL, "wrong-token", 0, NULL, 401, REPORT_HELD,
     "Could not authenticate", FIX_TOKEN},
    {"403 revoked token", "revoke=1", NULL, 0, NULL, 403, REPORT_HELD,
     "HTTP 403", FIX_NEW_TOKEN},
    {"401 form not assigned", "unassign=kiosk_screening", NULL, 0, NULL, 401,
     REPORT_HELD, "HTTP 401", FIX_ASSIGN},
    {"404 unknown project", NULL, NULL, 2, NULL, 404, REPORT_PARKED,
     "Could not find", FIX_NONE},
    {"404 unknown version", NULL, NULL, 0, "1999010101", 404, REPORT_PARKED,
     "'1999010101' does not exist", FIX_NONE},
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
    r.cfg.screening_version = c->version;
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
    }

    switch (c->outcome) {
    case REPORT_SENT:
        CHECK_INT(s.sent, 1);
        CHECK_INT(s.last_success, T0);
        CHECK_STR(s.last_error, "");
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);        /* nothing sent twice */
        CHECK_INT(status_of(&r).queue_empty, 1);
        /* the server's Date against the virtual clock */
        s = status_of(&r);
        CHECK(s.clock_skew > (int64_t)time(NULL) - T0 - 120 &&
              s.clock_skew < (int64_t)time(NULL) - T0 + 120);
        break;
    case REPORT_RETRY:
        CHECK_INT(s.failures, 1);
        CHECK_INT(s.sent, 0);
        CHECK_INT(s.held, 0);
        CHECK(s.next_attempt >= T0 + 24 && s.next_attempt <= T0 + 36);
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
    case REPORT_HELD:
        CHECK_INT(s.held, 1);
        CHECK_INT(s.sent, 0);
        CHECK_INT(s.next_attempt, 0);
        CHECK(kick(r.s));
        r.clk.now += 7200;
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);        /* held: nothing more is tried */
        CHECK_INT(status_of(&r).held, 1);
        if (c->fix == FIX_TOKEN) {
            CHECK_INT(write_token(r.tok, TOKEN, 0600), 0);
            CHECK(kick(r.s));        /* a new token file ends the hold */
        } else if (c->fix == FIX_NEW_TOKEN) {
            CHECK_INT(central_ctl(&srv, "token=tok-second-0002"), 0);
            CHECK_INT(write_token(r.tok, "tok-second-0002", 0600), 0);
            CHECK(kick(r.s));
        } else {
            CHECK_INT(central_ctl(&srv, "assign=kiosk_screening"), 0);
            CHECK(kick(r.s));        /* same token: still held */
            CHECK_INT(hits(), 1);
            CHECK(push(r.s));        /* staff press "send now" */
        }
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
        CHECK(push(r.s));            /* "send now" does not revive it */
        r.clk.now += 86400;
        CHECK(kick(r.s));
        CHECK_INT(hits(), 1);
        CHECK_INT(status_of(&r).queue_empty, 1);
        break;
    }
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

static int add_raw(struct store *st, const char *iid, const char *body,
                   int64_t t)
{
    return store_outbox_add(st, REPORT_OUTBOX_KIND, iid,
                            (const unsigned char *)body, strlen(body), t,
                            NULL) == KIOSK_OK ? 0 : -1;
}

static void test_duplicates_and_order(void)
{
    fprintf(stderr, "-- duplicates and order\n");
    CHECK_INT(central_ctl(&srv, "reset=1&up=1"), 0);
    struct rig a, b;
    CHECK_INT(rig_up(&a, "dupa"), 0);
    CHECK_INT(rig_up(&b, "dupb"), 0);
    /* Two kiosks' outboxes holding the same instance: one with the same
     * bytes (a re-send after a lost answer), one with other bytes. */
    char *xml = NULL, iid[REPORT_INSTANCE_ID_SIZE];
    size_t len;
    const struct store_value v[] = {{"dast10_score", "4"},
                                    {"dast10_level", "moderate"}};
    struct report_screening rs = {"dast10", "2026112401", "en", T0, 9, v, 2};
    CHECK_INT(report_build_screening(&a.cfg, &rs, &xml, &len, iid), KIOSK_OK);
    CHECK_INT(add_raw(a.st, iid, xml, T0), 0);
    CHECK_INT(add_raw(b.st, iid, xml, T0), 0);
    char *other = strdup(xml);
    char *p = strstr(other, "<score>4<");
    if (p) {
        p[7] = '5';
    }
    char other_id[REPORT_INSTANCE_ID_SIZE];
    report_uuid4(other_id);
    /* b also has, after it, a conflicting body under a's id: impossible in
     * one outbox (unique ids), so it goes into a third one */
    struct rig c;
    CHECK_INT(rig_up(&c, "dupc"), 0);
    CHECK_INT(add_raw(c.st, iid, other, T0), 0);
    /* and a's queue gets more records, out of id order in time */
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
    CHECK_INT(sc.parked, 1);         /* different bytes: 409, parked */
    CHECK_INT(sc.recent[0].http, 409);
    CHECK_CONTAINS(sc.recent[0].reason, "different XML");

    /* order on the server: creation time, then queue order */
    char *list = central_instances(&srv);
    CHECK(list != NULL);
    if (list) {
        char want[512];
        snprintf(want, sizeof want, "%s\n%s\n%s\n%s\n%s\n%s\n", iid, ids[1],
                 ids[2], ids[4], ids[3], ids[0]);
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
    }
    free(other);
    free(xml);
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
    CHECK_INT(store_outbox_add(r.st, "dhis2", "other-1",
                               (const unsigned char *)"{}", 2, T0 - 1, NULL),
              KIOSK_OK);
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
        "<data id=\"kiosk_screening\" version=\"2026112401\">"
        "<kiosk_id>HN-0001</kiosk_id><meta><instanceID>uuid:c1</instanceID>"
        "</meta></data>";
    static const char other_xml[] =
        "<data id=\"kiosk_screening\" version=\"2026112401\">"
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
    test_backoff();
    test_duplicates_and_order();
    test_token_file();
    test_stop_mid_request();
    test_tls();
    central_stop(&srv);
    curl_global_cleanup();
    TEST_MAIN_END();
}
