/* Store benchmark: builds (or reuses) a database with N screenings, N visits
 * and N tickets and prints lookup/count timings and the Argon2id unlock
 * time. Prints figures; asserts nothing.
 *
 * Data: a splitmix64 PRNG with a fixed seed, so every run builds the same
 * database. Times are spread over the 730 days before 2026-11-24, N/730 per
 * day at random times of day (07:00-19:00 local, UTC+7), written day by day
 * through the public API (store_visit_begin/end, store_save_screening with
 * its counts and a real crypto_box_seal of the record, store_ticket_insert,
 * store_ticket_set_state) inside
 * bulk transactions of 10,000 rows (the only non-API part: per-save commits
 * would take an hour of fsyncs and measure the disk, not the indexes).
 * Each screening: form assist_lite (60 %) or phq4, language vi/km/en/hmn
 * (55/20/15/10 %), a score and a band (*_risk / *_level, 3-4 values), 200
 * answer bytes. Each ticket: a random 8-symbol Crockford code, 35 % later
 * attended.
 *
 * Usage: store_bench [--n N] [--db PATH] [--argon-only] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/date.h"
#include "store/store.h"
#include "store/store_private.h"

#define T_END 1795453200LL /* 2026-11-24 00:00 UTC+7 */
#define DAYS 730
#define OFFSET DATE_UTC_OFFSET_DEFAULT
/* Visits from opening, 07:00 local (a clock hour, not the UTC offset),
 * for twelve hours. */
#define OPEN_S (7L * 60 * 60)
#define HOURS_S (12L * 60 * 60)
#define SETUP "bench-setup-code"
#define PIN "582047"

static const unsigned char CARD[STORE_CARD_BYTES] = {'b', 'e', 'n', 'c', 'h'};

static uint64_t rng_state = 20261124;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_code(uint64_t r, char *out)
{
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (int i = 0, j = 0; i < 8; i++) {
        out[j++] = alpha[(r >> (5 * i)) & 31];
        if (i == 3) {
            out[j++] = '-';
        }
    }
    out[9] = '\0';
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int64_t count_rows(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return n;
}

static int fail(const char *what, enum kiosk_err e)
{
    fprintf(stderr, "%s: %s\n", what, kiosk_strerror(e));
    return 1;
}

/* Codes of every ticket, regenerated from the PRNG stream. */
static char (*codes)[10];

static int generate(struct store *st, long n)
{
    static const char *const langs[] = {"vi", "km", "en", "hmn"};
    static const int lang_pct[] = {55, 75, 90, 100};
    static const char *const risk[] = {"low", "moderate", "high"};
    static const char *const level[] = {"none", "mild", "moderate",
                                        "severe"};
    unsigned char answers[200];
    long done = 0;
    double t0 = now_s();
    /* records are sealed (and kept) once a staff account exists */
    enum kiosk_err e = store_staff_create_first(st, SETUP, "bench", PIN,
                                                CARD, T_END - DAYS * 86400LL,
                                                NULL);
    if (e != KIOSK_OK) {
        return fail("staff", e);
    }
    e = store_bulk_begin(st);
    if (e != KIOSK_OK) {
        return fail("bulk", e);
    }
    for (int d = 0; d < DAYS && done < n; d++) {
        long per_day = n / DAYS + (d < n % DAYS ? 1 : 0);
        int64_t day_start = T_END - (int64_t)(DAYS - d) * 86400;
        int64_t last = day_start + OPEN_S;
        for (long i = 0; i < per_day && done < n; i++, done++) {
            /* Increasing times through the day, 07:00 to 19:00. */
            int64_t t = day_start + OPEN_S +
                        (int64_t)(HOURS_S * (i + 1) / (per_day + 1));
            if (t < last) {
                t = last;
            }
            last = t;
            uint64_t r = rng();
            int pct = (int)(r % 100);
            const char *lang = langs[3];
            for (int k = 0; k < 4; k++) {
                if (pct < lang_pct[k]) {
                    lang = langs[k];
                    break;
                }
            }
            int assist = (r >> 8) % 100 < 60;
            char score[8];
            snprintf(score, sizeof score, "%d", (int)((r >> 16) % 40));
            struct store_value v[2] = {
                {assist ? "assist_score" : "phq4_score", score},
                {assist ? "assist_risk" : "phq4_level",
                 assist ? risk[(r >> 24) % 3] : level[(r >> 24) % 4]},
            };
            memset(answers, (int)(r & 0xff), sizeof answers);
            int64_t sid = 0, tid = 0;
            e = store_visit_begin(st, t - 300);
            if (e == KIOSK_OK) {
                struct store_screening sc = {
                    .form_id = assist ? "assist_lite" : "phq4",
                    .form_version = "2026-10", .language = lang, .time = t,
                    .values = v, .n_values = 2, .tallies = v + 1,
                    .n_tallies = 1, .answers = answers,
                    .answers_len = sizeof answers,
                };
                e = store_save_screening(st, &sc, &sid);
            }
            if (e == KIOSK_OK) {
                e = store_visit_end(st, t - 300,
                                    (enum store_outcome)(1 + (r >> 32) % 3),
                                    lang);
            }
            if (e == KIOSK_OK) {
                make_code(rng(), codes[done]);
                struct store_ticket_new tn = {.code = codes[done],
                                              .created = t + 10,
                                              .language = lang,
                                              .screening_id = sid};
                e = store_ticket_insert(st, &tn, &tid);
                if (e == KIOSK_EEXIST) {
                    /* A 40-bit code collided: draw another, like the
                     * ticket module would. */
                    make_code(rng(), codes[done]);
                    e = store_ticket_insert(st, &tn, &tid);
                }
            }
            if (e == KIOSK_OK && (r >> 40) % 100 < 35) {
                e = store_ticket_set_state(st, tid, STORE_TICKET_ATTENDED,
                                           t + 86400 * (int64_t)((r >> 48) % 5),
                                           0);
            }
            if (e != KIOSK_OK) {
                enum kiosk_err e2 = store_bulk_end(st);
                return fail("generate", e2 == KIOSK_OK ? e : e2);
            }
            if (done % 10000 == 9999) {
                e = store_bulk_end(st);
                if (e == KIOSK_OK) {
                    e = store_bulk_begin(st);
                }
                if (e != KIOSK_OK) {
                    return fail("bulk commit", e);
                }
                if (done % 100000 == 99999) {
                    fprintf(stderr, "  %ld rows, %.0f s\n", done + 1,
                            now_s() - t0);
                }
            }
        }
    }
    e = store_bulk_end(st);
    if (e != KIOSK_OK) {
        return fail("bulk end", e);
    }
    printf("generated %ld screenings + visits + tickets in %.1f s "
           "(%.0f per second)\n", done, now_s() - t0,
           (double)done / (now_s() - t0));
    return 0;
}

static int64_t band_total;

static int sum_cb(void *ctx, const struct store_count *c)
{
    (void)ctx;
    band_total += c->n;
    return 0;
}

/* Runs one count query `reps` times; prints first and median times. */
static void time_count(struct store *st, const char *label,
                       enum kiosk_err (*fn)(struct store *, int64_t, int64_t,
                                            store_count_cb, void *),
                       int64_t from, int64_t to)
{
    double t[7];
    for (int i = 0; i < 7; i++) {
        band_total = 0;
        double t0 = now_s();
        enum kiosk_err e = fn(st, from, to, sum_cb, NULL);
        t[i] = (now_s() - t0) * 1000;
        if (e != KIOSK_OK) {
            fail(label, e);
            return;
        }
    }
    double first = t[0];
    qsort(t, 7, sizeof t[0], cmp_double);
    printf("%-34s %8.1f ms first, %8.1f ms median (rows counted %lld)\n",
           label, first, t[3], (long long)band_total);
}

static void bench_lookups(struct store *st, long n)
{
    enum { LOOKUPS = 20000 };
    static double t[LOOKUPS];
    int found = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        char miss[10];
        const char *code = codes[rng() % (uint64_t)n];
        if (i % 10 == 9) {
            make_code(rng(), miss); /* almost surely absent */
            code = miss;
        }
        struct store_ticket tk;
        double t0 = now_s();
        enum kiosk_err e = store_ticket_by_code(st, code, &tk);
        t[i] = (now_s() - t0) * 1e6;
        found += e == KIOSK_OK;
    }
    qsort(t, LOOKUPS, sizeof t[0], cmp_double);
    double sum = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        sum += t[i];
    }
    printf("ticket by code (%d lookups, %d hits): mean %.1f us, median "
           "%.1f us, p99 %.1f us, max %.1f us\n", LOOKUPS, found,
           sum / LOOKUPS, t[LOOKUPS / 2], t[LOOKUPS * 99 / 100],
           t[LOOKUPS - 1]);
}

static void bench_argon(void)
{
    static const struct {
        unsigned long long ops;
        size_t mib;
    } limits[] = {{1, 64}, {2, 64}, {3, 64}, {2, 128}, {3, 256}};
    unsigned char key[32], salt[crypto_pwhash_SALTBYTES] = {0};
    printf("Argon2id (crypto_pwhash, 1 thread) on this machine:\n");
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        double best = 1e9;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now_s();
            if (crypto_pwhash(key, sizeof key, PIN, strlen(PIN), salt,
                              limits[i].ops, limits[i].mib << 20,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
                printf("  ops %llu mem %zu MiB: out of memory\n",
                       limits[i].ops, limits[i].mib);
                best = -1;
                break;
            }
            double dt = now_s() - t0;
            best = dt < best ? dt : best;
        }
        if (best >= 0) {
            printf("  ops %llu, mem %4zu MiB: %6.0f ms%s\n", limits[i].ops,
                   limits[i].mib, best * 1000,
                   (limits[i].ops == STORE_PWHASH_OPS &&
                    (limits[i].mib << 20) == STORE_PWHASH_MEM)
                       ? "   <- store default"
                       : "");
        }
    }
}

/* A full unlock through the store with the default limits. */
static void bench_unlock(struct store *st)
{
    int n = 0;
    if (store_staff_count(st, &n) != KIOSK_OK) {
        return;
    }
    int64_t id = 0;
    if (n == 0) {
        if (store_staff_create_first(st, SETUP, "bench", PIN, CARD, T_END,
                                     &id) != KIOSK_OK) {
            printf("staff setup failed\n");
            return;
        }
    } else {
        struct store_staff s;
        enum kiosk_err e = store_staff_list(st, &s, 1, &n);
        if (e != KIOSK_OK && e != KIOSK_ETOOBIG) {
            return;
        }
        id = s.id;
    }
    double best = 1e9;
    for (int i = 0; i < 3; i++) {
        struct store_key *k = NULL;
        double t0 = now_s();
        enum kiosk_err e = store_staff_unlock(st, id, PIN, CARD, T_END, &k);
        double dt = now_s() - t0;
        store_key_free(k);
        if (e != KIOSK_OK) {
            fail("unlock", e);
            return;
        }
        best = dt < best ? dt : best;
    }
    printf("store_staff_unlock (default ops %llu, mem %u MiB, incl. 2 "
           "commits): %.0f ms\n", STORE_PWHASH_OPS, STORE_PWHASH_MEM >> 20,
           best * 1000);
}

/* Durable single saves (each its own fsync'd commit). */
static void bench_durable_saves(struct store *st)
{
    unsigned char answers[200] = {1};
    static unsigned char record[1900]; /* an encrypted record's size */
    struct store_value v[] = {{"assist_risk", "low"}};
    struct store_outbox_new ob = {.kind = "odk", .form = "kiosk_screening",
                                  .body = record, .len = 1150,
                                  .att = record + 1150, .att_len = 720};
    struct store_screening sc = {
        .form_id = "bench_durable", .form_version = "1", .language = "vi",
        .time = T_END + 1, .values = v, .n_values = 1, .answers = answers,
        .answers_len = sizeof answers, .outbox = &ob,
    };
    enum { SAVES = 50 };
    double t[SAVES];
    for (int i = 0; i < SAVES; i++) {
        double t0 = now_s();
        enum kiosk_err e = store_save_screening(st, &sc, NULL);
        t[i] = (now_s() - t0) * 1000;
        if (e != KIOSK_OK) {
            fail("durable save", e);
            return;
        }
    }
    qsort(t, SAVES, sizeof t[0], cmp_double);
    printf("store_save_screening, durable commit (%d saves): median %.2f "
           "ms, max %.2f ms\n", SAVES, t[SAVES / 2], t[SAVES - 1]);
}

int main(int argc, char **argv)
{
    long n = 1000000;
    const char *db = "/tmp/kiosk-store-bench.db";
    int argon_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
            char *end = NULL;
            n = strtol(argv[++i], &end, 10);
            if (!end || *end || n < DAYS || n > 20000000) {
                fprintf(stderr, "--n: %d..20000000\n", DAYS);
                return 2;
            }
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--argon-only") == 0) {
            argon_only = 1;
        } else {
            fprintf(stderr, "usage: %s [--n N] [--db PATH] [--argon-only]\n",
                    argv[0]);
            return 2;
        }
    }
    if (sodium_init() < 0) {
        return 1;
    }
    bench_argon();
    if (argon_only) {
        return 0;
    }
    codes = malloc((size_t)n * sizeof *codes);
    if (!codes) {
        return 1;
    }
    struct store_opts o = {.setup_code = SETUP, .day_offset = OFFSET};
    struct store *st = NULL;
    enum kiosk_err e = store_open(db, &o, &st);
    if (e != KIOSK_OK) {
        return fail(db, e);
    }
    int64_t have = count_rows(st, "SELECT count(*) FROM tickets");
    if (have >= n) {
        /* Same seed, same stream: regenerate the codes without writing. */
        printf("reusing %s (%lld tickets)\n", db, (long long)have);
        sqlite3_stmt *s = NULL;
        sqlite3_prepare_v2(store_db(st),
                           "SELECT code FROM tickets ORDER BY id LIMIT ?1",
                           -1, &s, NULL);
        sqlite3_bind_int64(s, 1, n);
        long i = 0;
        while (i < n && sqlite3_step(s) == SQLITE_ROW) {
            snprintf(codes[i++], sizeof codes[0], "%s",
                     (const char *)sqlite3_column_text(s, 0));
        }
        sqlite3_finalize(s);
        n = i;
    } else if (have == 0) {
        printf("generating %ld of each into %s ...\n", n, db);
        if (generate(st, n)) {
            return 1;
        }
        /* Statistics for the query planner, as the app does after purge. */
        if (sqlite3_exec(store_db(st), "PRAGMA optimize", NULL, NULL,
                         NULL) != SQLITE_OK) {
            fprintf(stderr, "optimize failed\n");
        }
    } else {
        fprintf(stderr, "%s holds %lld tickets; delete it or pass --n\n", db,
                (long long)have);
        return 1;
    }
    store_close(st);
    struct stat sb;
    if (stat(db, &sb) == 0) {
        printf("database file: %.1f MiB\n", (double)sb.st_size / 1048576.0);
    }
    /* Reopen: the counts below start from a fresh connection. */
    e = store_open(db, &o, &st);
    if (e != KIOSK_OK) {
        return fail(db, e);
    }
    printf("rows: %lld sealed screenings, %lld tally rows, %lld tickets\n",
           (long long)count_rows(st, "SELECT count(*) FROM screenings"),
           (long long)count_rows(st, "SELECT count(*) FROM tally"),
           (long long)count_rows(st, "SELECT count(*) FROM tickets"));
    bench_lookups(st, n);
    int64_t last = store_day(st, T_END);
    time_count(st, "count by band, last 6 months", store_count_by_band,
               last - 182, last);
    time_count(st, "count by form, last 6 months", store_count_by_form,
               last - 182, last);
    time_count(st, "count by language, last 6 months",
               store_count_by_language, last - 182, last);
    time_count(st, "count by band, all 2 years", store_count_by_band,
               last - DAYS, last);
    struct store_totals tot;
    double t0 = now_s();
    e = store_totals(st, last - 182, last, &tot);
    printf("%-34s %8.1f ms (visits %lld, issued %lld, attended %lld)\n",
           "totals, last 6 months", (now_s() - t0) * 1000,
           (long long)(tot.visits[1] + tot.visits[2] + tot.visits[3]),
           (long long)tot.tickets_issued, (long long)tot.tickets_attended);
    bench_durable_saves(st);
    bench_unlock(st);
    store_close(st);
    free(codes);
    return e == KIOSK_OK ? 0 : 1;
}
