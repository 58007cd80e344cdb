/* Figures for the report module, printed, never asserted:
 *   - building one kiosk_screening record (an ASSIST with its 10 band
 *     measures), plain and encrypted (RSA-2048 OAEP twice + AES-CFB), and
 *     the province's decryption of it
 *   - report_next_seq on a store with N and 2N screenings; the next record
 *     of one form while the other form is held with 2N records waiting;
 *     the outbox counts the staff view shows
 *   - one screening save on the "UI thread" (seq + build + encrypt + save
 *     + wake): sender off, sender delivering to the loopback server,
 *     sender backing off against a refused connection
 *   - delivery rate to the loopback server (which decrypts every record)
 * Usage: report_bench [N]   (from the repository root; default N = 1000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/date.h"
#include "report/central.h"
#include "report/report_int.h"

#define TOKEN "bench-token-0001"

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_latency(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    printf("%-44s median %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", what,
           ms[n / 2], ms[n * 99 / 100], ms[n - 1]);
}

/* Saves n screenings as the app would, timing each on this thread. */
static void save_run(struct store *st, const struct report_cfg *cfg,
                     struct report_sender *s, int n, int64_t t0, double *ms)
{
    for (int i = 0; i < n; i++) {
        double a = mono();
        int64_t seq = 0;
        if (report_next_seq(st, &seq) != KIOSK_OK ||
            queue_screening(st, cfg, t0 + i, seq, NULL) != 0) {
            fprintf(stderr, "save %d failed\n", i);
            exit(1);
        }
        report_wake(s);
        ms[i] = (mono() - a) * 1000.0;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    if (n < 100 || n > 100000) {
        fprintf(stderr, "N must be 100..100000\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    double *ms = calloc((size_t)n, sizeof *ms);
    if (!ms) {
        return 1;
    }

    /* 1. building */
    static const char *names[] = {
        "tobacco_risk", "alcohol_risk", "cannabis_risk", "cocaine_risk",
        "amphetamines_risk", "inhalants_risk", "sedatives_risk",
        "hallucinogens_risk", "opioids_risk", "other_risk"};
    struct report_measure m[10];
    for (int i = 0; i < 10; i++) {
        m[i] = (struct report_measure){names[i], "12", "moderate"};
    }
    EVP_PKEY *priv = NULL;
    struct report_cfg cfg = {
        .enabled = 1, .server = "http://127.0.0.1:1", .project_id = 1,
        .token_file = "/nonexistent", .kiosk_id = "HN-0001",
        .interval_s = 3600, .tz_offset = DATE_UTC_OFFSET_DEFAULT,
        .public_key = test_key(&priv),
    };
    struct report_screening rs = {"assist", "2026112401", "vi", 1795433071,
                                  1, m, 10};
    const int reps = 2000;
    double a = mono();
    size_t plain_len = 0;
    for (int i = 0; i < reps * 10; i++) {
        struct report_buf b = {.max = 1 << 20};
        if (report_screening_xml(&cfg, &rs, "uuid:x", &b) != KIOSK_OK) {
            return 1;
        }
        plain_len = b.len;
        report_buf_free(&b);
    }
    printf("instance XML of kiosk_screening (ASSIST, 10 measures): %.1f us, "
           "%zu bytes\n", (mono() - a) / (reps * 10) * 1e6, plain_len);
    struct report_record r;
    a = mono();
    for (int i = 0; i < reps; i++) {
        if (report_build_screening(&cfg, &rs, &r) != KIOSK_OK) {
            return 1;
        }
        if (i < reps - 1) {
            report_record_free(&r);
        }
    }
    printf("build + encrypt it: %.1f us; manifest %zu + ciphertext %zu "
           "bytes\n", (mono() - a) / reps * 1e6, r.manifest_len, r.enc_len);
    a = mono();
    for (int i = 0; i < reps / 4; i++) {
        struct odk_plain p;
        char err[200];
        if (odk_decrypt(priv, r.manifest, r.manifest_len, r.enc, r.enc_len,
                        &p, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        free(p.xml);
    }
    printf("the province decrypting it (and checking the signature): "
           "%.1f us\n", (mono() - a) / (reps / 4) * 1e6);
    report_record_free(&r);

    /* 2. seq on a growing store (no sender) */
    char db[512], tok[512];
    test_file(db, sizeof db, "bench.db");
    test_file(tok, sizeof tok, "bench.token");
    struct store *st = fresh_store(db);
    if (!st || write_token(tok, TOKEN, 0600) != 0) {
        return 1;
    }
    cfg.token_file = tok;
    int64_t t0 = (int64_t)time(NULL) - 30 * 86400;
    save_run(st, &cfg, NULL, (int)n, t0, ms);
    print_latency("save, sender off", ms, (int)n);
    int64_t seq;
    for (int round = 0; round < 2; round++) {
        a = mono();
        for (int i = 0; i < 100; i++) {
            if (report_next_seq(st, &seq) != KIOSK_OK) {
                return 1;
            }
        }
        printf("report_next_seq with %lld screenings stored: %.2f ms\n",
               (long long)seq - 1, (mono() - a) / 100 * 1000);
        if (round == 0) {
            save_run(st, &cfg, NULL, (int)n, t0 + n, ms);
        }
    }

    /* 2b. the next record when one form is held with all these screenings
     * waiting: the other form's record is found past them */
    int day_queued = 0;
    if (report_close_day(&cfg, st, 20780, -1, t0 + 3 * n, &day_queued) !=
        KIOSK_OK) {
        return 1;
    }
    const char *held[] = {REPORT_SCREENING_FORM};
    a = mono();
    for (int i = 0; i < 100; i++) {
        struct store_outbox_item it;
        if (store_outbox_next(st, 0, held, 1, &it) != KIOSK_OK) {
            return 1;
        }
        store_outbox_item_clear(&it);
    }
    printf("next record past %lld waiting screenings of a held form: "
           "%.2f ms\n", (long long)seq - 1, (mono() - a) / 100 * 1000);
    a = mono();
    for (int i = 0; i < 1000; i++) {
        struct store_outbox_counts oc;
        if (store_outbox_counts(st, &oc) != KIOSK_OK) {
            return 1;
        }
    }
    printf("outbox counts for the staff view (%lld rows): %.3f ms\n",
           (long long)seq, (mono() - a));

    /* 3. saves while the sender delivers, then while it backs off */
    struct central srv;
    if (central_start(&srv, TOKEN, NULL) != 0) {
        return 1;
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", srv.port);
    cfg.server = url;
    a = mono();
    struct report_sender *s = report_start(&cfg, db);
    if (!s || !wait_served(s)) {
        return 1;
    }
    struct report_status stt;
    report_status(s, &stt);
    double took = mono() - a;
    printf("delivered the %lld queued records in %.2f s: %.0f records/s\n",
           (long long)stt.sent, took, (double)stt.sent / took);
    save_run(st, &cfg, s, (int)n, t0 + 2 * n, ms);
    print_latency("save, sender delivering each one", ms, (int)n);
    wait_served(s);
    report_status(s, &stt);
    printf("sender: %lld sent, %lld failures\n", (long long)stt.sent,
           (long long)stt.failures);
    central_ctl(&srv, "down=1");
    save_run(st, &cfg, s, (int)n, t0 + 3 * n, ms);
    print_latency("save, sender backing off (refused)", ms, (int)n);
    central_ctl(&srv, "up=1");
    a = mono();
    report_send_now(s);
    wait_served(s);
    report_status(s, &stt);
    printf("after the network returned: %lld sent in total, last pass "
           "%.2f s\n", (long long)stt.sent, mono() - a);
    report_stop(s);
    store_close(st);
    central_stop(&srv);
    free(ms);
    curl_global_cleanup();
    return 0;
}
