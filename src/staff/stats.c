/* The numbers behind staff-stats: totals, screenings by form, by language
 * and by band, each capped with an "other" count.
 *
 * The store hands every group exactly once, so keeping the N largest while
 * streaming is exact: when the array is full, the smallest of the kept
 * groups and the new one compete, and the loser goes to "other". */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "staff/staff.h"

const char *staff_outcome_name(int outcome)
{
    static const char *const names[STORE_OUTCOMES] = {
        "interrupted", "completed", "left", "idle",
    };
    return outcome >= 0 && outcome < STORE_OUTCOMES ? names[outcome]
                                                     : "unknown";
}

/* Severity words seen in screening instruments' band names (ASSIST "low /
 * moderate / high", PHQ "none / mild / moderate / moderately severe /
 * severe", AUDIT zones ...), from least to most. */
static const char *const band_words[] = {
    "none", "no", "negative", "minimal", "low", "mild", "moderate",
    "moderately_severe", "substantial", "high", "severe", "very_high",
};

int staff_band_rank(const char *value)
{
    char norm[32];
    size_t i = 0;
    for (; value && value[i] && i + 1 < sizeof norm; i++) {
        char c = value[i];
        norm[i] = (c == '-' || c == ' ') ? '_'
                                         : (char)tolower((unsigned char)c);
    }
    norm[i] = '\0';
    if (value && value[i]) {
        return 100; /* longer than any word */
    }
    for (size_t w = 0; w < sizeof band_words / sizeof band_words[0]; w++) {
        if (strcmp(norm, band_words[w]) == 0) {
            return (int)w;
        }
    }
    return 100;
}

/* Keeps the cap largest (key, n); the rest goes to *other. */
static void top_add(struct staff_count *arr, int *n, int cap, int64_t *other,
                    const char *key, int64_t v)
{
    if (*n < cap) {
        snprintf(arr[*n].key, sizeof arr[*n].key, "%s", key ? key : "");
        arr[*n].n = v;
        (*n)++;
        return;
    }
    /* the weakest kept group: smallest count, on a tie the larger key */
    int min = 0;
    for (int i = 1; i < *n; i++) {
        if (arr[i].n < arr[min].n ||
            (arr[i].n == arr[min].n && strcmp(arr[i].key, arr[min].key) > 0)) {
            min = i;
        }
    }
    /* groups arrive in key order, so on a tie the new key is the larger */
    if (v > arr[min].n) {
        *other += arr[min].n;
        snprintf(arr[min].key, sizeof arr[min].key, "%s", key ? key : "");
        arr[min].n = v;
    } else {
        *other += v;
    }
}

static int by_count(const struct staff_count *x, const struct staff_count *y)
{
    if (x->n != y->n) {
        return x->n > y->n ? -1 : 1;
    }
    return strcmp(x->key, y->key);
}

static int by_severity(const struct staff_count *x,
                       const struct staff_count *y)
{
    int rx = staff_band_rank(x->key), ry = staff_band_rank(y->key);
    if (rx != ry) {
        return rx < ry ? -1 : 1;
    }
    return strcmp(x->key, y->key);
}

/* Insertion sort: at most STAFF_MAX_* items, and unlike glibc's qsort it
 * never allocates. */
static void sort_counts(struct staff_count *a, int n,
                        int (*cmp)(const struct staff_count *,
                                   const struct staff_count *))
{
    for (int i = 1; i < n; i++) {
        struct staff_count t = a[i];
        int j = i;
        for (; j > 0 && cmp(&a[j - 1], &t) > 0; j--) {
            a[j] = a[j - 1];
        }
        a[j] = t;
    }
}

static int form_cb(void *ctx, const struct store_count *c)
{
    struct staff_stats *s = ctx;
    s->screenings_total += c->n;
    top_add(s->forms, &s->nforms, STAFF_MAX_FORMS, &s->forms_other,
            c->form_id, c->n);
    return 0;
}

static int lang_cb(void *ctx, const struct store_count *c)
{
    struct staff_stats *s = ctx;
    top_add(s->langs, &s->nlangs, STAFF_MAX_LANGS, &s->langs_other, c->name,
            c->n);
    return 0;
}

/* Band rows come ordered by (form, name, value): one set is built in `cur`
 * and placed when the next set starts. */
struct band_ctx {
    struct staff_stats *s;
    struct staff_band_set cur;
    int have;
};

static void place_set(struct band_ctx *b)
{
    struct staff_stats *s = b->s;
    if (!b->have) {
        return;
    }
    b->have = 0;
    sort_counts(b->cur.bands, b->cur.nbands, by_severity);
    if (s->nsets < STAFF_MAX_BAND_SETS) {
        s->sets[s->nsets++] = b->cur;
        return;
    }
    /* sets are kept in (form, name) order, so among equal totals the
     * later index is the larger key */
    int min = 0;
    for (int i = 1; i < s->nsets; i++) {
        if (s->sets[i].total <= s->sets[min].total) {
            min = i;
        }
    }
    if (b->cur.total > s->sets[min].total) {
        s->sets_other += s->sets[min].total;
        /* keep (form, name) order: close the gap, append at the end */
        memmove(&s->sets[min], &s->sets[min + 1],
                (size_t)(s->nsets - min - 1) * sizeof s->sets[0]);
        s->sets[s->nsets - 1] = b->cur;
    } else {
        s->sets_other += b->cur.total;
    }
}

static int band_cb(void *ctx, const struct store_count *c)
{
    struct band_ctx *b = ctx;
    const char *form = c->form_id ? c->form_id : "";
    const char *name = c->name ? c->name : "";
    if (b->have && (strcmp(b->cur.form_id, form) != 0 ||
                    strcmp(b->cur.name, name) != 0)) {
        place_set(b);
    }
    if (!b->have) {
        memset(&b->cur, 0, sizeof b->cur);
        snprintf(b->cur.form_id, sizeof b->cur.form_id, "%s", form);
        snprintf(b->cur.name, sizeof b->cur.name, "%s", name);
        b->have = 1;
    }
    b->cur.total += c->n;
    top_add(b->cur.bands, &b->cur.nbands, STAFF_MAX_BANDS, &b->cur.other,
            c->value, c->n);
    return 0;
}

enum kiosk_err staff_stats_collect(struct store *st, long from_day,
                                   long to_day, struct staff_stats *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    out->from_day = from_day;
    out->to_day = to_day;
    if (!st || to_day < from_day) {
        return KIOSK_EINVAL;
    }
    struct store_totals t;
    enum kiosk_err e = store_totals(st, from_day, to_day, &t);
    if (e == KIOSK_OK) {
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            out->visits[o] = t.visits[o];
            out->visits_total += t.visits[o];
        }
        out->tickets_issued = t.tickets_issued;
        out->tickets_attended = t.tickets_attended;
        e = store_count_by_form(st, from_day, to_day, form_cb, out);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_language(st, from_day, to_day, lang_cb, out);
    }
    if (e == KIOSK_OK) {
        /* about 2 KB on the stack: the collection allocates nothing */
        struct band_ctx b = {.s = out};
        e = store_count_by_band(st, from_day, to_day, band_cb, &b);
        place_set(&b);
    }
    if (e != KIOSK_OK) {
        memset(out, 0, sizeof *out);
        out->from_day = from_day;
        out->to_day = to_day;
        return e;
    }
    sort_counts(out->forms, out->nforms, by_count);
    sort_counts(out->langs, out->nlangs, by_count);
    return KIOSK_OK;
}
