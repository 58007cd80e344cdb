/* report: a kiosk killed in the middle of a send. A child process runs the
 * sender; the server holds its answer to the first record; the child is
 * killed with SIGKILL while it waits (as a power cut would); a new sender
 * on the same database then sends everything. The server must end up with
 * each record exactly once: the interrupted record arrives twice with the
 * same bytes and both times gets 201 (Central's duplicate rule), and no
 * record is lost or answered 409. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "central.h"
#include "test.h"

#define TOKEN "kill-token-0001"

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct central srv;
    if (central_start(&srv, TOKEN, NULL) != 0) {
        CHECK(0);
        TEST_MAIN_END();
    }
    char url[64], db[512], tok[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    test_file(db, sizeof db, "kill.db");
    test_file(tok, sizeof tok, "kill.token");
    CHECK_INT(write_token(tok, TOKEN, 0600), 0);
    /* the real clock: the child and the parent must agree on it */
    struct report_cfg cfg = {
        .enabled = 1, .server = url, .project_id = 1, .token_file = tok,
        .kiosk_id = "HN-0003", .interval_s = 3600, .tz_offset = 25200,
        .public_key = test_key(NULL),
    };
    struct store *st = fresh_store(db);
    CHECK(st != NULL);
    char ids[3][REPORT_INSTANCE_ID_SIZE];
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(queue_screening(st, &cfg, now - 60 + i, i + 1, ids[i]), 0);
    }
    store_close(st);
    CHECK_INT(central_ctl(&srv, "delay_once=60"), 0);

    pid_t child = fork();
    if (child == 0) {
        struct report_sender *s = report_start(&cfg, db);
        if (!s) {
            _exit(2);
        }
        for (;;) {
            pause();
        }
    }
    CHECK(child > 0);
    struct central_hit h[16];
    int n = 0;
    for (int i = 0; i < 10000 && n < 1; i++) {
        n = central_log(&srv, h, 16);
        usleep(2000);
    }
    CHECK_INT(n, 1); /* the first record is at the server, answer held */
    kill(child, SIGKILL);
    int wst = 0;
    waitpid(child, &wst, 0);
    CHECK(WIFSIGNALED(wst) && WTERMSIG(wst) == SIGKILL);

    /* the kiosk starts again */
    struct report_sender *s = report_start(&cfg, db);
    CHECK(s != NULL);
    CHECK(wait_served(s));
    struct report_status rs;
    report_status(s, &rs);
    CHECK_INT(rs.sent, 3);
    CHECK_INT(rs.parked, 0);
    report_stop(s);

    n = central_log(&srv, h, 16);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(h[0].instance, ids[0]);
        CHECK_STR(h[1].instance, ids[0]); /* re-sent after the restart */
        CHECK_STR(h[0].sha, h[1].sha);    /* the very same bytes */
        CHECK_STR(h[2].instance, ids[1]);
        CHECK_STR(h[3].instance, ids[2]);
        for (int i = 0; i < 4; i++) {
            CHECK_INT(h[i].status, 201);
        }
    }
    char *list = central_instances(&srv);
    if (list) {
        char want[256];
        snprintf(want, sizeof want, "%s\n%s\n%s\n", ids[0], ids[1], ids[2]);
        CHECK_STR(list, want); /* each stored once */
        free(list);
    }
    central_stop(&srv);
    curl_global_cleanup();
    TEST_MAIN_END();
}
