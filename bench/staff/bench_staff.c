/* Staff statistics and export figures. Prints; asserts nothing.
 *
 *   staff_bench                      a year of data (30 visits a day) made
 *                                    through the store API in a temp dir
 *   staff_bench --db PATH            an existing database (e.g. the one
 *                                    store_bench --db PATH builds)
 *   staff_bench --days N --per-day M size of the generated year
 *   staff_bench --make-month PATH    only write November 2026 (the tests'
 *                                    generated month) to PATH and exit: a
 *                                    database for staff-stats screenshots
 *
 * "Today" is 2026-11-24 08:00 in Vietnam, as in store_bench. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "gen.h"
#include "core/date.h"
#include "staff/staff.h"

#define NOW 1795482000LL
#define REPEAT 7
/* Visits from 07:00 local (a clock hour, not the UTC offset) to 18:00. */
#define OPEN_S (7L * 60 * 60)
#define HOURS_S (11L * 60 * 60)

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static uint64_t rng_state = 0x5eedf00dULL;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A year of visits through the public API (one durable commit each). */
static int make_year(struct store *st, int days, int per_day, long *nscr)
{
    static const char *const forms[] = {"assist_lite", "phq4"};
    static const char *const bands[2][4] = {
        {"low", "moderate", "high", "high"},
        {"none", "mild", "moderate", "severe"},
    };
    static const char *const langs[] = {"vi", "vi", "vi", "km", "en", "hmn"};
    long last = (long)((NOW + DATE_UTC_OFFSET_DEFAULT) / 86400);
    int code = 0;
    *nscr = 0;
    for (long day = last - days + 1; day <= last; day++) {
        int n = per_day / 2 + (int)(rnd() % (uint64_t)(per_day + 1));
        for (int i = 0; i < n; i++) {
            int64_t t = date_day_start(day, DATE_UTC_OFFSET_DEFAULT) + OPEN_S +
                        (int64_t)(rnd() % HOURS_S);
            const char *lang = langs[rnd() % 6];
            if (store_visit_begin(st, t) != KIOSK_OK) {
                return -1;
            }
            if (rnd() % 3 != 0) {
                int f = (int)(rnd() % 2);
                char score[8];
                snprintf(score, sizeof score, "%d", (int)(rnd() % 30));
                struct store_value v[2] = {
                    {f ? "phq4_score" : "assist_score", score},
                    {f ? "phq4_level" : "assist_risk", bands[f][rnd() % 4]},
                };
                struct store_screening s = {
                    .form_id = forms[f],
                    .form_version = "1", .language = lang, .time = t + 120,
                    .values = v, .n_values = 2, .tallies = v + 1,
                    .n_tallies = 1,
                    .answers = (const unsigned char *)"answers....",
                    .answers_len = 11,
                };
                int64_t sid = 0;
                if (store_save_screening(st, &s, &sid) != KIOSK_OK) {
                    return -1;
                }
                (*nscr)++;
                if (rnd() % 4 == 0) {
                    char c[32];
                    snprintf(c, sizeof c, "BENCH%08d", ++code);
                    struct store_ticket_new tn = {c, 0, t + 180, lang, sid};
                    int64_t tid = 0;
                    if (store_ticket_insert(st, &tn, &tid) != KIOSK_OK) {
                        return -1;
                    }
                    if (rnd() % 3 == 0 &&
                        store_ticket_set_state(st, tid, STORE_TICKET_ATTENDED,
                                               t + 3600, 0) != KIOSK_OK) {
                        return -1;
                    }
                }
            }
            if (store_visit_end(st, t, STORE_VISIT_COMPLETED, lang) !=
                KIOSK_OK) {
                return -1;
            }
        }
    }
    return 0;
}

static long dir_bytes(const char *dir, const char *name)
{
    char p[1024];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0 ? (long)sb.st_size : -1;
}

static void rm_dir(const char *dir)
{
    static const char *const names[] = {
        "screenings.csv", "tickets.csv", "aggregate.csv", "dhis2.json",
        "bench.db", "bench.db-wal", "bench.db-shm",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static struct gen_truth month_truth;

int main(int argc, char **argv)
{
    const char *db = NULL, *month_db = NULL;
    int days = 365, per_day = 30;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            days = (int)strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--per-day") == 0 && i + 1 < argc) {
            per_day = (int)strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--make-month") == 0 && i + 1 < argc) {
            month_db = argv[++i];
        } else {
            fprintf(stderr, "usage: staff_bench [--db PATH] [--days N] "
                            "[--per-day M] [--make-month PATH]\n");
            return 2;
        }
    }
    if (days < 1 || days > 3000 || per_day < 1 || per_day > 1000) {
        fprintf(stderr, "staff_bench: --days 1..3000, --per-day 1..1000\n");
        return 2;
    }
    if (sodium_init() < 0) {
        return 1;
    }
    if (month_db) {
        struct store *st = gen_open(month_db);
        if (!st || gen_month(st, date_from_civil(2026, 11, 1), 30, 12,
                             7, &month_truth)) {
            fprintf(stderr, "staff_bench: cannot make %s\n", month_db);
            store_close(st);
            return 1;
        }
        store_close(st);
        printf("%s: November 2026, %d screenings, %d tickets (setup code "
               "20261124, as in the demo site.ini)\n", month_db,
               month_truth.nscr, month_truth.ntk);
        return 0;
    }
    char tmp[] = "/tmp/staff-bench-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    char path[1024];
    struct store *st = NULL;
    if (db) {
        struct store_opts o = {.day_offset = DATE_UTC_OFFSET_DEFAULT};
        if (store_open(db, &o, &st) != KIOSK_OK) {
            fprintf(stderr, "staff_bench: cannot open %s\n", db);
            rm_dir(tmp);
            return 1;
        }
        printf("database: %s\n", db);
    } else {
        snprintf(path, sizeof path, "%s/bench.db", tmp);
        st = gen_open(path);
        long nscr = 0;
        double t0 = now_ms();
        if (!st || make_year(st, days, per_day, &nscr)) {
            fprintf(stderr, "staff_bench: generating failed\n");
            store_close(st);
            rm_dir(tmp);
            return 1;
        }
        printf("generated %d days, ~%d visits a day, %ld screenings through "
               "the store API in %.1f s\n", days, per_day, nscr,
               (now_ms() - t0) / 1e3);
    }

    static const char *const kinds[] = {
        "this week", "this month", "last 6 months", "this year",
        "last month",
    };
    printf("\nstaff_stats_collect (median of %d):\n", REPEAT);
    for (int k = 0; k < STAFF_PERIOD_KINDS; k++) {
        long from, to;
        if (staff_period((enum staff_period_kind)k, NOW, DATE_UTC_OFFSET_DEFAULT,
                         &from, &to)) {
            continue;
        }
        double ms[REPEAT];
        struct staff_stats s;
        for (int r = 0; r < REPEAT; r++) {
            double t0 = now_ms();
            if (staff_stats_collect(st, from, to, &s) != KIOSK_OK) {
                fprintf(stderr, "staff_bench: stats failed\n");
                break;
            }
            ms[r] = now_ms() - t0;
        }
        qsort(ms, REPEAT, sizeof ms[0], cmp_double);
        printf("  %-14s %7.2f ms  (%lld visits, %lld screenings)\n", kinds[k],
               ms[REPEAT / 2], (long long)s.visits_total,
               (long long)s.screenings_total);
    }
    printf("  sizeof(struct staff_stats) = %zu bytes\n",
           sizeof(struct staff_stats));

    struct staff_export_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.now = NOW;
    cfg.utc_offset = DATE_UTC_OFFSET_DEFAULT;
    struct kiosk_diag d = {0};
    /* ids in DHIS2's shape, made up for the benchmark */
    if (staff_dhis2_cfg_load_string("[dhis2]\ndataset = dsBench0001\n"
                                    "orgunit = ouBench0001\n"
                                    "visits = deBench0001\n",
                                    "bench", &cfg.dhis2, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
    }
    kiosk_diag_free(&d);
    printf("\nstaff_export into %s (each file written, fsync'd, renamed):\n",
           tmp);
    static const enum staff_period_kind ex[] = {STAFF_THIS_MONTH,
                                                STAFF_THIS_YEAR};
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        long from, to;
        if (staff_period(ex[i], NOW, DATE_UTC_OFFSET_DEFAULT, &from, &to)) {
            continue;
        }
        struct staff_export_result res;
        double t0 = now_ms();
        enum kiosk_err e = staff_export(st, &cfg, tmp, from, to, &res, &d);
        double ms = now_ms() - t0;
        kiosk_diag_free(&d);
        if (e != KIOSK_OK) {
            fprintf(stderr, "staff_bench: export failed: %s\n",
                    kiosk_strerror(e));
            continue;
        }
        printf("  %-10s %8.1f ms  %lld screenings, %lld tickets, %lld "
               "aggregate rows, dhis2 %s\n", kinds[ex[i]], ms,
               (long long)res.screenings, (long long)res.tickets,
               (long long)res.aggregate_rows, res.period);
        printf("             files: screenings.csv %ld B, tickets.csv %ld B,"
               " aggregate.csv %ld B, dhis2.json %ld B\n",
               dir_bytes(tmp, "screenings.csv"), dir_bytes(tmp, "tickets.csv"),
               dir_bytes(tmp, "aggregate.csv"), dir_bytes(tmp, "dhis2.json"));
    }
    store_close(st);
    rm_dir(tmp);
    return 0;
}
