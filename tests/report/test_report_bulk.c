/* report: the "done" case. With reporting configured against the
 * loopback Central, 1 000 screenings are saved while the network is down
 * (connection refused) and the sender keeps trying in the background; when
 * the server comes back every record is delivered exactly once, in the
 * order the screenings were made, and a restarted sender has nothing left
 * to send. (How long a save takes while the sender works is printed by
 * bench/report, not asserted here.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "central.h"
#include "test.h"

#define TOKEN "bulk-token-0001"
#define T0 1795519471LL
#define N 1000

static char ids[N][REPORT_INSTANCE_ID_SIZE];

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct central srv;
    if (central_start(&srv, TOKEN, "--down") != 0) {
        CHECK(0);
        TEST_MAIN_END();
    }
    char url[64], db[512], tok[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    test_file(db, sizeof db, "bulk.db");
    test_file(tok, sizeof tok, "bulk.token");
    CHECK_INT(write_token(tok, TOKEN, 0600), 0);
    struct vclock clk = {T0};
    struct report_cfg cfg = {
        .enabled = 1, .server = url, .project_id = 1, .token_file = tok,
        .kiosk_id = "HN-0002", .interval_s = 3600, .tz_offset = 25200,
        .clock = vclock_now, .clock_ctx = &clk,
        .public_key = test_key(NULL),
    };
    struct store *st = fresh_store(db);
    CHECK(st != NULL);
    struct report_sender *s = report_start(&cfg, db);
    CHECK(s != NULL);
    if (!st || !s) {
        central_stop(&srv);
        TEST_MAIN_END();
    }

    /* The kiosk in use while offline: each screening saved with its
     * record, the sender woken after each save as the app does. */
    double t_save = mono();
    for (int i = 0; i < N; i++) {
        clk.now = T0 + 20 * i;
        int64_t seq = 0;
        CHECK_INT(report_next_seq(st, &seq), KIOSK_OK);
        CHECK_INT(seq, i + 1);
        CHECK_INT(queue_screening(st, &cfg, clk.now, seq, ids[i]), 0);
        report_wake(s);
    }
    t_save = mono() - t_save;
    CHECK(wait_served(s));
    struct report_status rs;
    report_status(s, &rs);
    CHECK_INT(rs.sent, 0);
    CHECK(rs.failures >= 1);
    CHECK_CONTAINS(rs.last_error, "network:");
    CHECK(rs.next_attempt > clk.now);
    fprintf(stderr, "offline: %lld failed attempts, last: %s\n",
            (long long)rs.failures, rs.last_error);

    /* The network returns; the next attempt is due after the backoff. */
    CHECK_INT(central_ctl(&srv, "up=1"), 0);
    clk.now = rs.next_attempt;
    double t_send = mono();
    CHECK(kick(s));
    t_send = mono() - t_send;
    fprintf(stderr, "%d saves in %.1f s, delivered in %.1f s (figures, not "
            "checks: bench/report measures)\n", N, t_save, t_send);
    report_status(s, &rs);
    CHECK_INT(rs.sent, N);
    CHECK_INT(rs.queue_empty, 1);
    CHECK_INT(rs.parked, 0);

    /* exactly once, in order */
    char *list = central_instances(&srv);
    CHECK(list != NULL);
    if (list) {
        const char *p = list;
        int n = 0, in_order = 1;
        while (*p && n < N + 1) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            if (n >= N || len != strlen(ids[n]) ||
                strncmp(p, ids[n], len) != 0) {
                in_order = 0;
            }
            n++;
            p += len + (nl ? 1 : 0);
        }
        CHECK_INT(n, N);
        CHECK(in_order);
        free(list);
    }
    static struct central_hit hits[N + 10];
    int n = central_log(&srv, hits, N + 10);
    CHECK_INT(n, N);            /* one request per record, nothing more */
    int ok = 0;
    for (int i = 0; i < n; i++) {
        ok += hits[i].status == 201;
    }
    CHECK_INT(ok, N);
    report_stop(s);

    /* after a restart there is nothing left to send */
    s = report_start(&cfg, db);
    CHECK(wait_served(s));
    report_status(s, &rs);
    CHECK_INT(rs.sent, 0);
    CHECK_INT(rs.queue_empty, 1);
    CHECK_INT(central_log(&srv, hits, N + 10), N);
    report_stop(s);
    store_close(st);
    central_stop(&srv);
    curl_global_cleanup();
    TEST_MAIN_END();
}
