/* staff_stats_collect on real SQLite files: a generated month compared
 * with the generator's own tallies, and the caps ("other" bars) compared
 * with a sort-based oracle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "core/date.h"
#include "staff/staff.h"
#include "test.h"

static struct gen_truth truth; /* large: not on the stack */

static const struct staff_count *find(const struct staff_count *a, int n,
                                      const char *key)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(a[i].key, key) == 0) {
            return &a[i];
        }
    }
    return NULL;
}

/* The stats for days [lo, hi) of the month against the truth. */
static void check_range(struct store *st, int lo, int hi)
{
    struct staff_stats s;
    long from = truth.from_day + lo, to = truth.from_day + hi;
    CHECK_INT(staff_stats_collect(st, from, to, &s), KIOSK_OK);
    CHECK_INT(s.from_day, from);
    CHECK_INT(s.to_day, to);
    int64_t visits = 0;
    for (int o = 0; o < STORE_OUTCOMES; o++) {
        CHECK_INT(s.visits[o], gen_sum_visits(&truth, lo, hi, o));
        visits += s.visits[o];
    }
    CHECK_INT(s.visits_total, visits);
    CHECK_INT(s.tickets_issued, gen_sum_issued(&truth, lo, hi));
    CHECK_INT(s.tickets_attended, gen_sum_attended(&truth, lo, hi));
    int64_t scr = 0;
    int nforms = 0;
    for (int f = 0; f < GEN_FORMS; f++) {
        int64_t want = gen_sum_forms(&truth, lo, hi, f);
        scr += want;
        const struct staff_count *c = find(s.forms, s.nforms, gen_forms[f]);
        CHECK_INT(c ? c->n : 0, want);
        nforms += want > 0;
    }
    CHECK_INT(s.nforms, nforms);
    CHECK_INT(s.forms_other, 0);
    CHECK_INT(s.screenings_total, scr);
    for (int i = 1; i < s.nforms; i++) {
        CHECK(s.forms[i - 1].n >= s.forms[i].n);
    }
    int nlangs = 0;
    for (int l = 0; l < GEN_LANGS; l++) {
        int64_t want = gen_sum_langs(&truth, lo, hi, l);
        const struct staff_count *c = find(s.langs, s.nlangs, gen_langs[l]);
        CHECK_INT(c ? c->n : 0, want);
        nlangs += want > 0;
    }
    CHECK_INT(s.nlangs, nlangs);
    for (int i = 1; i < s.nlangs; i++) {
        CHECK(s.langs[i - 1].n >= s.langs[i].n);
    }
    int nsets = 0;
    for (int f = 0; f < GEN_FORMS; f++) {
        const struct staff_band_set *set = NULL;
        for (int i = 0; i < s.nsets; i++) {
            if (strcmp(s.sets[i].form_id, gen_forms[f]) == 0 &&
                strcmp(s.sets[i].name, gen_band_names[f]) == 0) {
                set = &s.sets[i];
            }
        }
        int64_t total = 0;
        int prev_rank = -1;
        for (int b = 0; gen_band_value(f, b); b++) {
            int64_t want = gen_sum_bands(&truth, lo, hi, f, b);
            total += want;
            const struct staff_count *c =
                set ? find(set->bands, set->nbands, gen_band_value(f, b))
                    : NULL;
            CHECK_INT(c ? c->n : 0, want);
        }
        if (total > 0) {
            nsets++;
            CHECK(set != NULL);
        }
        if (set) {
            CHECK_INT(set->total, total);
            CHECK_INT(set->other, 0);
            /* severity order: the generator's bands are listed mildest
             * first, so ranks must rise along the chart */
            for (int i = 0; i < set->nbands; i++) {
                int r = staff_band_rank(set->bands[i].key);
                CHECK(r > prev_rank);
                prev_rank = r;
            }
        }
    }
    CHECK_INT(s.nsets, nsets);
}

static void test_month(void)
{
    char path[512];
    struct store *st = gen_open(gen_path(path, sizeof path, "month.db"));
    CHECK(st != NULL);
    if (!st) {
        return;
    }
    long nov1 = date_from_civil(2026, 11, 1);
    CHECK_INT(gen_month(st, nov1, 30, 10, 42, &truth), 0);
    CHECK(truth.nscr > 100);
    CHECK(truth.ntk > 20);
    check_range(st, 0, 30);  /* the month */
    check_range(st, 22, 29); /* Monday 23 to Sunday 29 */
    check_range(st, 0, 1);   /* the first day, with its 00:00:00 visit */
    check_range(st, 29, 30); /* the last day, with its 23:59:58 visit */
    check_range(st, 10, 10); /* empty */
    /* the month from the staff_period helper is the same month */
    long from, to;
    CHECK_INT(staff_period(STAFF_THIS_MONTH, 1795482000, GEN_DAY_OFFSET,
                           &from, &to), KIOSK_OK);
    CHECK_INT(from, nov1);
    CHECK_INT(to, nov1 + 30);
    /* the day before the month holds the boundary visit, not the month */
    struct staff_stats s;
    CHECK_INT(staff_stats_collect(st, nov1 - 1, nov1, &s), KIOSK_OK);
    CHECK(s.visits_total >= 1);
    /* a backwards range is refused and leaves the struct empty */
    CHECK_INT(staff_stats_collect(st, nov1 + 5, nov1, &s), KIOSK_EINVAL);
    CHECK_INT(s.visits_total, 0);
    CHECK_INT(s.nforms, 0);
    store_close(st);
}

/* ---- caps ---------------------------------------------------------------- */

#define CAP_FORMS 9
#define CAP_LANGS 8
#define CAP_VALUES 8

static const int form_counts[CAP_FORMS] = {1, 2, 3, 3, 4, 5, 6, 6, 7};
static const char *const cap_values[CAP_VALUES] = {
    "zeta", "low", "severe", "alpha", "moderate", "none", "high", "mild",
};

struct oracle_item {
    char key[160];
    int64_t n;
};

static int oracle_cmp(const void *a, const void *b)
{
    const struct oracle_item *x = a, *y = b;
    if (x->n != y->n) {
        return x->n > y->n ? -1 : 1;
    }
    return strcmp(x->key, y->key);
}

/* Keeps the cap largest (ties by key); returns the sum of the rest. */
static int64_t oracle_top(struct oracle_item *it, int n, int cap)
{
    qsort(it, (size_t)n, sizeof *it, oracle_cmp);
    int64_t other = 0;
    for (int i = cap; i < n; i++) {
        other += it[i].n;
    }
    return other;
}

static void test_caps(void)
{
    char path[512];
    struct store *st = gen_open(gen_path(path, sizeof path, "caps.db"));
    CHECK(st != NULL);
    if (!st) {
        return;
    }
    long day = date_from_civil(2026, 11, 10);
    int64_t t0 = (int64_t)day * 86400 - GEN_DAY_OFFSET + 9 * 3600;
    /* tallies for the oracle */
    int64_t lang_n[CAP_LANGS] = {0};
    int64_t band_n[CAP_FORMS][CAP_VALUES] = {{0}};
    int k = 0;
    for (int f = 0; f < CAP_FORMS; f++) {
        for (int i = 0; i < form_counts[f]; i++, k++) {
            char form[16], name[32], lang[8];
            snprintf(form, sizeof form, "f%d", f);
            snprintf(name, sizeof name, "f%d_level", f);
            int l = (k * 5 + f) % CAP_LANGS;
            int v = (k * 3 + i) % CAP_VALUES;
            snprintf(lang, sizeof lang, "l%d", l);
            lang_n[l]++;
            band_n[f][v]++;
            struct store_value vals[2] = {
                {name, cap_values[v]}, {"score", "3"},
            };
            struct store_screening s = {
                .form_id = form, .form_version = "1", .language = lang,
                .time = t0 + k, .values = vals, .n_values = 2,
                .tallies = vals, .n_tallies = 1, /* the declared band */
                .answers = (const unsigned char *)"a", .answers_len = 1,
            };
            CHECK_INT(store_save_screening(st, &s, NULL), KIOSK_OK);
        }
    }
    struct staff_stats s;
    CHECK_INT(staff_stats_collect(st, day, day + 1, &s), KIOSK_OK);

    struct oracle_item it[CAP_FORMS * CAP_VALUES];
    int64_t all = 0;
    for (int f = 0; f < CAP_FORMS; f++) {
        snprintf(it[f].key, sizeof it[f].key, "f%d", f);
        it[f].n = form_counts[f];
        all += form_counts[f];
    }
    int64_t other = oracle_top(it, CAP_FORMS, STAFF_MAX_FORMS);
    CHECK_INT(s.nforms, STAFF_MAX_FORMS);
    CHECK_INT(s.forms_other, other);
    CHECK_INT(s.screenings_total, all);
    for (int i = 0; i < STAFF_MAX_FORMS; i++) {
        CHECK_STR(s.forms[i].key, it[i].key);
        CHECK_INT(s.forms[i].n, it[i].n);
    }

    int nl = 0;
    for (int l = 0; l < CAP_LANGS; l++) {
        if (lang_n[l] > 0) {
            snprintf(it[nl].key, sizeof it[nl].key, "l%d", l);
            it[nl++].n = lang_n[l];
        }
    }
    other = oracle_top(it, nl, STAFF_MAX_LANGS);
    CHECK_INT(s.nlangs, nl < STAFF_MAX_LANGS ? nl : STAFF_MAX_LANGS);
    CHECK_INT(s.langs_other, other);
    for (int i = 0; i < s.nlangs; i++) {
        CHECK_STR(s.langs[i].key, it[i].key);
        CHECK_INT(s.langs[i].n, it[i].n);
    }

    /* band sets: the 8 largest by total (ties by name), shown by form */
    struct oracle_item sets[CAP_FORMS];
    for (int f = 0; f < CAP_FORMS; f++) {
        snprintf(sets[f].key, sizeof sets[f].key, "f%d", f);
        sets[f].n = form_counts[f];
    }
    other = oracle_top(sets, CAP_FORMS, STAFF_MAX_BAND_SETS);
    CHECK_INT(s.nsets, STAFF_MAX_BAND_SETS);
    CHECK_INT(s.sets_other, other);
    for (int i = 1; i < s.nsets; i++) {
        CHECK(strcmp(s.sets[i - 1].form_id, s.sets[i].form_id) < 0);
    }
    for (int i = 0; i < s.nsets; i++) {
        const struct staff_band_set *set = &s.sets[i];
        int f = (int)strtol(set->form_id + 1, NULL, 10);
        int kept = 0;
        for (int j = 0; j < STAFF_MAX_BAND_SETS; j++) {
            kept += strcmp(sets[j].key, set->form_id) == 0;
        }
        CHECK_INT(kept, 1);
        CHECK_INT(set->total, form_counts[f]);
        int nv = 0;
        for (int v = 0; v < CAP_VALUES; v++) {
            if (band_n[f][v] > 0) {
                snprintf(it[nv].key, sizeof it[nv].key, "%s", cap_values[v]);
                it[nv++].n = band_n[f][v];
            }
        }
        int64_t bo = oracle_top(it, nv, STAFF_MAX_BANDS);
        CHECK_INT(set->other, bo);
        CHECK_INT(set->nbands, nv < STAFF_MAX_BANDS ? nv : STAFF_MAX_BANDS);
        for (int b = 0; b < set->nbands; b++) {
            /* the kept bands are the oracle's top ones, in severity order */
            int in_top = 0;
            for (int j = 0; j < set->nbands; j++) {
                if (strcmp(it[j].key, set->bands[b].key) == 0) {
                    in_top = 1;
                    CHECK_INT(set->bands[b].n, it[j].n);
                }
            }
            CHECK(in_top);
            if (b > 0) {
                int r0 = staff_band_rank(set->bands[b - 1].key);
                int r1 = staff_band_rank(set->bands[b].key);
                CHECK(r0 < r1 || (r0 == r1 && strcmp(set->bands[b - 1].key,
                                                     set->bands[b].key) < 0));
            }
        }
    }
    store_close(st);
}

static void test_band_rank(void)
{
    static const char *const order[] = {
        "none", "minimal", "Low", "mild", "Moderate", "moderately severe",
        "moderately-severe", "high", "SEVERE", "very_high",
    };
    for (size_t i = 1; i < sizeof order / sizeof order[0]; i++) {
        CHECK(staff_band_rank(order[i - 1]) <= staff_band_rank(order[i]));
    }
    CHECK(staff_band_rank("low") < staff_band_rank("high"));
    CHECK_INT(staff_band_rank("moderately severe"),
              staff_band_rank("moderately_severe"));
    CHECK_INT(staff_band_rank("purple"), 100);
    CHECK_INT(staff_band_rank(""), 100);
    CHECK_INT(staff_band_rank("low-ish and a very long value indeed"), 100);
    CHECK_STR(staff_outcome_name(STORE_VISIT_COMPLETED), "completed");
    CHECK_STR(staff_outcome_name(7), "unknown");
}

int main(void)
{
    test_band_rank();
    test_month();
    test_caps();
    gen_cleanup();
    TEST_MAIN_END();
}
