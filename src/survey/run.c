/* Survey runner: one visit's answers, relevance, calculations and page
 * navigation. No SDL: the app asks for the current page's items and calls
 * set/next/back.
 *
 * After every change the whole form is re-evaluated in the dependency
 * order computed at load (relevance of groups before their children,
 * calculates after the values they read). With a few hundred rows that is
 * cheaper than tracking what changed, and always right. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/date.h"
#include "survey_private.h"

#define RUN_SCRATCH SURVEY_MAX_VALUE /* temporary strings of one evaluation */

struct survey_run {
    const struct survey_form *f;
    char **val;          /* per item: answer or calculated value; NULL = '' */
    size_t *vsize;       /* bytes allocated for val[i] (wiped on free) */
    unsigned char *kind; /* per item: enum survey_val_kind of val[i] */
    double *num;         /* per item: the number (or 0/1) of a NUM/BOOL */
    unsigned char *rel;  /* per item: relevant now */
    int **vis;           /* per item with a choice_filter: visible choices */
    int *nvis;
    int cur;             /* current page; npages = past the end */
    const struct survey_page *pages; /* f->pages, or f->pages_split when */
    int npages;                      /* table-list groups are split */
    int split;
    int cur_choice;      /* choice under test while filtering */
    char *scratch;       /* RUN_SCRATCH bytes, wiped on free */
    int overflow;        /* item whose evaluation ran out of scratch, or -1 */
    char today[16];      /* today() as YYYY-MM-DD */
    char lang[16];       /* language of jr:choice-name() */
};

/* ------------------------------------------------------------ evaluation */

static const char *lookup(void *ud, int ref)
{
    const struct survey_run *r = ud;
    if (ref < 0 || ref >= r->f->nitems || !r->rel[ref] || !r->val[ref]) {
        return "";
    }
    return r->val[ref];
}

static const char *choice_column(void *ud, int col)
{
    const struct survey_run *r = ud;
    const struct survey_form *f = r->f;
    const struct survey_choice *c = &f->choices[r->cur_choice];
    return csv_cell(&f->sheets[1], c->csv_row, f->filter_csv_col[col]);
}

/* The value with its type, as JavaRosa unpacks a node: numbers (number
 * answers, numeric calculates) as numbers, boolean calculates as booleans,
 * everything else and '' as strings. */
static struct survey_val lookup_typed(void *ud, int ref)
{
    const struct survey_run *r = ud;
    struct survey_val v = {SURVEY_VAL_STR, 0, "", 0};
    if (ref < 0 || ref >= r->f->nitems || !r->rel[ref] || !r->val[ref]) {
        return v;
    }
    if (r->kind[ref] == SURVEY_VAL_NUM) {
        v.kind = SURVEY_VAL_NUM;
        v.num = r->num[ref];
    } else if (r->kind[ref] == SURVEY_VAL_BOOL) {
        v.kind = SURVEY_VAL_BOOL;
        v.b = r->num[ref] != 0;
    } else {
        v.str = r->val[ref];
    }
    return v;
}

/* jr:choice-name(): the label of a choice of item's list in the run's
 * language ('' when the value is not a choice). */
static const char *choice_label(void *ud, int item, const char *value)
{
    const struct survey_run *r = ud;
    const struct survey_form *f = r->f;
    int li = item >= 0 && item < f->nitems ? f->items[item].list : -1;
    if (li < 0) {
        return "";
    }
    const struct survey_list *l = &f->lists[li];
    for (int k = 0; k < l->count; k++) {
        if (strcmp(f->choices[l->idx[k]].name, value) == 0) {
            return survey_text_pick(f, f->choice_text, l->idx[k], TX_LABEL,
                                    r->lang);
        }
    }
    return "";
}

static void eval_init(const struct survey_run *r, struct survey_eval *ev,
                      const char *dot)
{
    memset(ev, 0, sizeof *ev);
    ev->value = lookup;
    ev->typed = lookup_typed;
    ev->today = r->today;
    ev->choice_label = choice_label;
    ev->column = choice_column;
    ev->ud = (void *)r;
    ev->dot = dot;
    ev->scratch = r->scratch;
    ev->cap = RUN_SCRATCH;
}

static void wipe_free(char *p, size_t n)
{
    if (p) {
        sodium_memzero(p, n);
        free(p);
    }
}

/* Replaces val[i] with a copy of v ("" stores NULL) of the given kind.
 * Returns 0, or -1 when out of memory (the value is then ''). */
static int store_typed(struct survey_run *r, int i, const char *v,
                       enum survey_val_kind kind, double num)
{
    r->kind[i] = (unsigned char)(*v ? kind : SURVEY_VAL_STR);
    r->num[i] = *v ? num : 0;
    const char *old = r->val[i] ? r->val[i] : "";
    if (strcmp(old, v) == 0) {
        return 0;
    }
    size_t n = strlen(v);
    char *copy = NULL;
    if (n) {
        copy = malloc(n + 1);
        if (!copy) {
            wipe_free(r->val[i], r->vsize[i]);
            r->val[i] = NULL;
            r->vsize[i] = 0;
            return -1;
        }
        memcpy(copy, v, n + 1);
    }
    wipe_free(r->val[i], r->vsize[i]);
    r->val[i] = copy;
    r->vsize[i] = n ? n + 1 : 0;
    return 0;
}

static int store(struct survey_run *r, int i, const char *v)
{
    return store_typed(r, i, v, SURVEY_VAL_STR, 0);
}

/* Stores a calculate's result as JavaRosa does (IAnswerData.wrapData): ''
 * and NaN are empty; a boolean stays a boolean ("true"/"false" as text);
 * a number within 1e-9 of its integer part is that integer, other numbers
 * are decimals. */
static void store_result(struct survey_run *r, int i, struct survey_val v,
                         struct survey_eval *ev)
{
    char buf[400];
    switch (v.kind) {
    case SURVEY_VAL_BOOL:
        (void)store_typed(r, i, v.b ? "true" : "false", SURVEY_VAL_BOOL,
                          v.b);
        return;
    case SURVEY_VAL_NUM:
        if (isnan(v.num)) {
            (void)store(r, i, "");
            return;
        }
        if (isfinite(v.num) && fabs(v.num) < 9.2e18 &&
            fabs(v.num - trunc(v.num)) < 1e-9) {
            v.num = trunc(v.num) == 0 ? 0.0 : trunc(v.num);
            snprintf(buf, sizeof buf, "%.0f", v.num);
        } else {
            survey_num_format(v.num, buf, sizeof buf);
        }
        (void)store_typed(r, i, buf, SURVEY_VAL_NUM, v.num);
        return;
    default:
        (void)store(r, i, ev->overflow ? "" : v.str);
        return;
    }
}

/* Drops from filtered select answers the choices their filter hides now
 * (ODK does the same: an answer no longer offered is not kept). Returns
 * 1 when an answer changed. */
static int prune_filtered(struct survey_run *r)
{
    const struct survey_form *f = r->f;
    int changed = 0;
    for (int k = 0; k < f->nfiltered; k++) {
        int i = f->filtered[k];
        if (!r->val[i]) {
            continue;
        }
        char *out = malloc(r->vsize[i]);
        if (!out) {
            continue; /* kept: re-checked on the next pass */
        }
        size_t o = 0;
        for (const char *p = r->val[i]; *p;) {
            while (*p == ' ') {
                p++;
            }
            size_t len = strcspn(p, " ");
            int shown = 0;
            for (int c = 0; len && c < r->nvis[i]; c++) {
                const char *name = f->choices[r->vis[i][c]].name;
                shown |= strlen(name) == len && strncmp(name, p, len) == 0;
            }
            if (shown) {
                if (o) {
                    out[o++] = ' ';
                }
                memcpy(out + o, p, len);
                o += len;
            }
            p += len;
        }
        out[o] = '\0';
        if (strcmp(out, r->val[i]) != 0) {
            (void)store(r, i, out);
            changed = 1;
        }
        sodium_memzero(out, r->vsize[i] > o + 1 ? r->vsize[i] : o + 1);
        free(out);
    }
    return changed;
}

static void note_overflow(struct survey_run *r, int i,
                          const struct survey_eval *ev)
{
    if (ev->overflow && r->overflow < 0) {
        r->overflow = i;
    }
}

/* One pass in dependency order: relevance, calculates, choice filters. */
static void recompute_pass(struct survey_run *r)
{
    const struct survey_form *f = r->f;
    struct survey_eval ev;
    r->overflow = -1;
    for (int k = 0; k < f->norder; k++) {
        int i = f->order[k];
        const struct survey_item *it = &f->items[i];
        int rel = it->parent < 0 || r->rel[it->parent];
        if (rel && it->relevant) {
            eval_init(r, &ev, NULL);
            rel = survey_expr_eval_bool(it->relevant, &ev);
            note_overflow(r, i, &ev);
        }
        r->rel[i] = (unsigned char)rel;
        if (it->type == SURVEY_CALCULATE) {
            if (rel) {
                eval_init(r, &ev, NULL);
                struct survey_val v = survey_expr_eval(it->calculation, &ev);
                note_overflow(r, i, &ev);
                store_result(r, i, v, &ev);
            } else {
                (void)store(r, i, "");
            }
        }
    }
    for (int k = 0; k < f->nfiltered; k++) {
        int i = f->filtered[k];
        const struct survey_list *l = &f->lists[f->items[i].list];
        r->nvis[i] = 0;
        for (int c = 0; c < l->count; c++) {
            r->cur_choice = l->idx[c];
            eval_init(r, &ev, NULL);
            if (survey_expr_eval_bool(f->items[i].filter, &ev)) {
                r->vis[i][r->nvis[i]++] = l->idx[c];
            }
            note_overflow(r, i, &ev);
        }
    }
}

/* Re-evaluates everything; answers a filter no longer offers are dropped
 * and the form evaluated again (each round only removes answers, so it
 * ends). */
static void recompute(struct survey_run *r)
{
    for (int round = 0; round <= r->f->nfiltered; round++) {
        recompute_pass(r);
        if (!prune_filtered(r)) {
            break;
        }
    }
}

/* ----------------------------------------------------------- lifecycle */

static int first_page_from(const struct survey_run *r, int p);
static void apply_defaults(struct survey_run *r);

struct survey_run *survey_run_new(const struct survey_form *f)
{
    struct survey_run *r = calloc(1, sizeof *r);
    if (!r) {
        return NULL;
    }
    r->f = f;
    size_t n = (size_t)f->nitems;
    r->val = calloc(n, sizeof *r->val);
    r->vsize = calloc(n, sizeof *r->vsize);
    r->kind = calloc(n, 1);
    r->num = calloc(n, sizeof *r->num);
    r->overflow = -1;
    {
        /* today() from the system clock in Vietnam's time until the app
         * gives the date of its own clock (survey_run_set_today) */
        date_format((int64_t)time(NULL), DATE_UTC_OFFSET_DEFAULT, DATE_YMD,
                    r->today, sizeof r->today);
    }
    r->rel = calloc(n, 1);
    r->vis = calloc(n, sizeof *r->vis);
    r->nvis = calloc(n, sizeof *r->nvis);
    r->scratch = malloc(RUN_SCRATCH);
    int ok = r->val && r->vsize && r->kind && r->num && r->rel && r->vis &&
             r->nvis && r->scratch;
    for (int k = 0; ok && k < f->nfiltered; k++) {
        int i = f->filtered[k];
        size_t count = (size_t)f->lists[f->items[i].list].count;
        r->vis[i] = calloc(count + 1, sizeof(int));
        ok = r->vis[i] != NULL;
    }
    if (!ok) {
        survey_run_free(r);
        return NULL;
    }
    r->pages = f->pages;
    r->npages = f->npages;
    recompute(r);
    apply_defaults(r);
    r->cur = first_page_from(r, 0);
    return r;
}

static void wipe_answers(struct survey_run *r)
{
    for (int i = 0; i < r->f->nitems; i++) {
        wipe_free(r->val[i], r->vsize[i]);
        r->val[i] = NULL;
        r->vsize[i] = 0;
    }
    if (r->scratch) {
        sodium_memzero(r->scratch, RUN_SCRATCH);
    }
}

void survey_run_reset(struct survey_run *r)
{
    wipe_answers(r);
    recompute(r);
    apply_defaults(r);
    r->cur = first_page_from(r, 0);
}

void survey_run_free(struct survey_run *r)
{
    if (!r) {
        return;
    }
    if (r->val && r->vsize) {
        wipe_answers(r);
    }
    free(r->val);
    free(r->vsize);
    if (r->num) {
        sodium_memzero(r->num, (size_t)r->f->nitems * sizeof *r->num);
    }
    free(r->num);
    free(r->kind);
    free(r->rel);
    if (r->vis) {
        for (int i = 0; i < r->f->nitems; i++) {
            free(r->vis[i]);
        }
    }
    free(r->vis);
    free(r->nvis);
    free(r->scratch);
    free(r);
}

const struct survey_form *survey_run_form(const struct survey_run *r)
{
    return r->f;
}

/* --------------------------------------------------------------- answers */

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next space-separated word at *p (*len 0 when only spaces are left);
 * *p moves past it. */
static const char *next_word(const char **p, size_t *len)
{
    const char *s = *p;
    while (is_ws(*s)) {
        s++;
    }
    size_t n = 0;
    while (s[n] && !is_ws(s[n])) {
        n++;
    }
    *len = n;
    *p = s + n;
    return s;
}

static int choice_in_list(const struct survey_form *f, int list,
                          const char *name, size_t len)
{
    const struct survey_list *l = &f->lists[list];
    for (int k = 0; k < l->count; k++) {
        const char *c = f->choices[l->idx[k]].name;
        if (strlen(c) == len && strncmp(c, name, len) == 0) {
            return k;
        }
    }
    return -1;
}

/* Rewrites a select_multiple answer as its choices in list order, single
 * spaces. Returns 0, or -1 for an unknown or repeated choice. */
static int normalise_multi(const struct survey_form *f, int list,
                           const char *v, char *out, size_t n)
{
    const struct survey_list *l = &f->lists[list];
    unsigned char *seen = calloc((size_t)l->count + 1, 1);
    if (!seen) {
        return -1;
    }
    int rc = 0;
    for (const char *p = v; *p && !rc;) {
        size_t len;
        const char *word = next_word(&p, &len);
        if (len) {
            int k = choice_in_list(f, list, word, len);
            if (k < 0 || seen[k]) {
                rc = -1;
            } else {
                seen[k] = 1;
            }
        }
    }
    size_t o = 0;
    out[0] = '\0';
    for (int k = 0; k < l->count && !rc; k++) {
        if (seen[k]) {
            const char *c = f->choices[l->idx[k]].name;
            int w = snprintf(out + o, n - o, "%s%s", o ? " " : "", c);
            if (w < 0 || (size_t)w >= n - o) {
                rc = -1;
                break;
            }
            o += (size_t)w;
        }
    }
    sodium_memzero(seen, (size_t)l->count + 1);
    free(seen);
    return rc;
}

/* Trims spaces into out; -1 when it does not fit. */
static int trim_copy(const char *v, char *out, size_t n)
{
    while (is_ws(*v)) {
        v++;
    }
    size_t len = strlen(v);
    while (len > 0 && is_ws(v[len - 1])) {
        len--;
    }
    if (len >= n) {
        return -1;
    }
    memcpy(out, v, len);
    out[len] = '\0';
    return 0;
}

static int valid_integer(const char *s)
{
    const char *p = s;
    if (*p == '-') {
        p++;
    }
    if (!*p || strlen(p) > 10) {
        return 0;
    }
    for (const char *q = p; *q; q++) {
        if (*q < '0' || *q > '9') {
            return 0;
        }
    }
    /* XForms int is 32-bit. */
    long long x = strtoll(s, NULL, 10);
    return x >= INT32_MIN && x <= INT32_MAX;
}

/* Checks the trimmed, non-empty answer in buf (SURVEY_MAX_ANSWER bytes)
 * against the item's type and rewrites it as stored (ODK's forms of
 * numbers, a select_multiple in list order); *kind and *num for a
 * number. */
static enum kiosk_err normalise_value(const struct survey_form *f, int item,
                                      char *buf, enum survey_val_kind *kind,
                                      double *num)
{
    const struct survey_item *it = &f->items[item];
    enum kiosk_err rc = KIOSK_OK;
    switch (it->type) {
    case SURVEY_SELECT_ONE:
        if (choice_in_list(f, it->list, buf, strlen(buf)) < 0) {
            rc = KIOSK_EINVAL;
        }
        break;
    case SURVEY_SELECT_MULTIPLE: {
        char tmp[SURVEY_MAX_ANSWER];
        if (normalise_multi(f, it->list, buf, tmp, sizeof tmp)) {
            rc = KIOSK_EINVAL;
        } else {
            memcpy(buf, tmp, strlen(tmp) + 1);
        }
        sodium_memzero(tmp, sizeof tmp);
        break;
    }
    case SURVEY_INTEGER:
        /* Stored as ODK stores an int: "00" is 0, "-0" is 0. */
        if (!valid_integer(buf)) {
            rc = KIOSK_EINVAL;
        } else {
            *num = (double)strtoll(buf, NULL, 10);
            snprintf(buf, SURVEY_MAX_ANSWER, "%.0f", *num + 0.0);
            *kind = SURVEY_VAL_NUM;
        }
        break;
    case SURVEY_DECIMAL:
        /* A decimal comma is read as a point; stored normalised, so
         * "1.50" and "1,5" are both 1.5. */
        *num = survey_num_parse(buf);
        if (isnan(*num) || !isfinite(*num)) {
            rc = KIOSK_EINVAL;
        } else if (*num == trunc(*num) && fabs(*num) < 1e7) {
            /* ODK keeps a decimal as a double and writes it with
             * Java's Double.toString: 3 is "3.0". */
            snprintf(buf, SURVEY_MAX_ANSWER, "%.1f", *num + 0.0);
            *kind = SURVEY_VAL_NUM;
        } else {
            survey_num_format(*num, buf, SURVEY_MAX_ANSWER);
            *kind = SURVEY_VAL_NUM;
        }
        break;
    case SURVEY_DATE:
        if (!survey_date_valid(buf)) {
            rc = KIOSK_EINVAL;
        }
        break;
    case SURVEY_RANGE:
        rc = survey_range_value(f, item, buf, num);
        *kind = SURVEY_VAL_NUM;
        break;
    case SURVEY_ACKNOWLEDGE:
        if (strcmp(buf, "OK") != 0 && strcmp(buf, "ok") != 0) {
            rc = KIOSK_EINVAL;
        } else {
            memcpy(buf, "OK", 3);
        }
        break;
    default:
        rc = KIOSK_EINVAL;
        break;
    }
    return rc;
}

static enum kiosk_err set_item(struct survey_run *r, int item,
                               const char *value)
{
    const struct survey_form *f = r->f;
    if (item < 0 || item >= f->nitems || !value) {
        return KIOSK_EINVAL;
    }
    const struct survey_item *it = &f->items[item];
    if (!survey_type_is_input(it->type)) {
        return KIOSK_EINVAL;
    }
    size_t vlen = strlen(value);
    if (vlen >= SURVEY_MAX_ANSWER) {
        return KIOSK_ETOOBIG;
    }
    char *buf = malloc(SURVEY_MAX_ANSWER);
    if (!buf) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err rc = KIOSK_OK;
    enum survey_val_kind kind = SURVEY_VAL_STR;
    double num = 0;
    if (it->type == SURVEY_TEXT) {
        /* Free text keeps its spaces; it must be valid UTF-8. */
        size_t bad;
        if (!kiosk_utf8_valid(value, vlen, &bad)) {
            rc = KIOSK_EINVAL;
        } else {
            memcpy(buf, value, vlen + 1);
        }
    } else if (trim_copy(value, buf, SURVEY_MAX_ANSWER)) {
        rc = KIOSK_ETOOBIG;
    } else if (!*buf) {
        /* clearing is always allowed */
    } else {
        rc = normalise_value(f, item, buf, &kind, &num);
    }
    if (!rc) {
        if (store_typed(r, item, buf, kind, num)) {
            rc = KIOSK_ENOMEM;
        }
        recompute(r);
    }
    sodium_memzero(buf, SURVEY_MAX_ANSWER);
    free(buf);
    return rc;
}

enum kiosk_err survey_run_set_item(struct survey_run *r, int item,
                                   const char *value)
{
    if (item >= 0 && item < r->f->nitems && r->f->items[item].read_only) {
        return KIOSK_EINVAL; /* shown, not answered */
    }
    return set_item(r, item, value);
}

/* Every default answer, as a new visit starts (checked at load). */
static void apply_defaults(struct survey_run *r)
{
    for (int i = 0; i < r->f->nitems; i++) {
        const char *v = r->f->items[i].default_value;
        if (v && *v && survey_type_is_input(r->f->items[i].type)) {
            (void)set_item(r, i, v);
        }
    }
}

enum kiosk_err survey_run_set(struct survey_run *r, const char *name,
                              const char *value)
{
    int i = survey_form_find(r->f, name);
    if (i < 0) {
        return KIOSK_ENOENT;
    }
    return survey_run_set_item(r, i, value);
}

int survey_run_is_selected(const struct survey_run *r, int item,
                           const char *choice)
{
    const char *v = survey_run_value(r, item);
    size_t n = strlen(choice);
    if (!n) {
        return 0;
    }
    for (const char *p = v; *p;) {
        size_t len;
        const char *word = next_word(&p, &len);
        if (len == n && strncmp(word, choice, n) == 0) {
            return 1;
        }
    }
    return 0;
}

enum kiosk_err survey_run_toggle(struct survey_run *r, int item,
                                 const char *choice)
{
    const struct survey_form *f = r->f;
    if (item < 0 || item >= f->nitems ||
        f->items[item].type != SURVEY_SELECT_MULTIPLE) {
        return KIOSK_EINVAL;
    }
    const char *cur = r->val[item] ? r->val[item] : "";
    size_t need = strlen(cur) + strlen(choice) + 2;
    if (need > SURVEY_MAX_ANSWER) {
        return KIOSK_ETOOBIG;
    }
    char *buf = malloc(need);
    if (!buf) {
        return KIOSK_ENOMEM;
    }
    size_t o = 0, n = strlen(choice);
    int removed = 0;
    for (const char *p = cur; *p;) {
        size_t len;
        const char *word = next_word(&p, &len);
        if (len == n && strncmp(word, choice, n) == 0) {
            removed = 1;
        } else if (len) {
            if (o) {
                buf[o++] = ' ';
            }
            memcpy(buf + o, word, len);
            o += len;
        }
    }
    if (!removed) {
        if (o) {
            buf[o++] = ' ';
        }
        memcpy(buf + o, choice, n);
        o += n;
    }
    buf[o] = '\0';
    enum kiosk_err rc = survey_run_set_item(r, item, buf);
    sodium_memzero(buf, need);
    free(buf);
    return rc;
}

const char *survey_run_value(const struct survey_run *r, int item)
{
    return lookup((void *)r, item);
}

int survey_run_relevant(const struct survey_run *r, int item)
{
    return item >= 0 && item < r->f->nitems && r->rel[item];
}

/* --------------------------------------------------------------- choices */

static int choice_at(const struct survey_run *r, int item, int k)
{
    const struct survey_form *f = r->f;
    const struct survey_item *it = &f->items[item];
    if (it->list < 0 || k < 0) {
        return -1;
    }
    if (it->has_filter) {
        return k < r->nvis[item] ? r->vis[item][k] : -1;
    }
    const struct survey_list *l = &f->lists[it->list];
    return k < l->count ? l->idx[k] : -1;
}

int survey_run_choice_count(const struct survey_run *r, int item)
{
    const struct survey_form *f = r->f;
    if (item < 0 || item >= f->nitems || f->items[item].list < 0) {
        return 0;
    }
    if (f->items[item].has_filter) {
        return r->nvis[item];
    }
    return f->lists[f->items[item].list].count;
}

const char *survey_run_choice_name(const struct survey_run *r, int item,
                                   int k)
{
    int c = choice_at(r, item, k);
    return c < 0 ? "" : r->f->choices[c].name;
}

static const char *choice_text(const struct survey_run *r, int item, int k,
                               enum survey_text_kind tk, const char *lang)
{
    int c = choice_at(r, item, k);
    return c < 0 ? "" : survey_text_pick(r->f, r->f->choice_text, c, tk,
                                         lang);
}

const char *survey_run_choice_label(const struct survey_run *r, int item,
                                    int k, const char *lang)
{
    return choice_text(r, item, k, TX_LABEL, lang);
}

const char *survey_run_choice_image(const struct survey_run *r, int item,
                                    int k, const char *lang)
{
    return choice_text(r, item, k, TX_IMAGE, lang);
}

const char *survey_run_choice_audio(const struct survey_run *r, int item,
                                    int k, const char *lang)
{
    int c = choice_at(r, item, k);
    const char *s = c < 0 || !lang || !*lang
                        ? NULL
                        : survey_choice_text_in(r->f, c, SURVEY_TEXT_AUDIO,
                                                lang);
    return s && *s ? s : NULL;
}

/* ---------------------------------------------------------- interpolation */

size_t survey_run_interpolate(const struct survey_run *r, const char *text,
                              char *buf, size_t n)
{
    size_t o = 0;
#define PUT(c)                                                             \
    do {                                                                   \
        if (o + 1 < n) {                                                   \
            buf[o] = (c);                                                  \
        }                                                                  \
        o++;                                                               \
    } while (0)
    for (const char *p = text; *p;) {
        if (p[0] == '$' && p[1] == '{') {
            const char *e = strchr(p + 2, '}');
            if (e && (size_t)(e - p - 2) < 200) {
                char name[200];
                snprintf(name, sizeof name, "%.*s", (int)(e - p - 2), p + 2);
                int i = survey_form_find(r->f, name);
                if (i >= 0) {
                    for (const char *v = survey_run_value(r, i); *v; v++) {
                        PUT(*v);
                    }
                    p = e + 1;
                    continue;
                }
            }
        }
        PUT(*p);
        p++;
    }
#undef PUT
    if (n) {
        buf[o < n ? o : n - 1] = '\0';
    }
    return o;
}

size_t survey_run_label(const struct survey_run *r, int item,
                        const char *lang, char *buf, size_t n)
{
    return survey_run_interpolate(r, survey_item_label(r->f, item, lang), buf,
                                  n);
}

/* ------------------------------------------------------------ navigation */

static int displayable(enum survey_type t)
{
    return survey_type_is_input(t) || t == SURVEY_NOTE;
}

static int page_relevant(const struct survey_run *r, int p)
{
    const struct survey_page *pg = &r->pages[p];
    if (pg->group >= 0 && !r->rel[pg->group]) {
        return 0;
    }
    for (int k = pg->first; k <= pg->last; k++) {
        if (displayable(r->f->items[k].type) && r->rel[k]) {
            return 1;
        }
    }
    return 0;
}

/* First relevant page at or after p; npages when none. */
static int first_page_from(const struct survey_run *r, int p)
{
    for (; p < r->npages; p++) {
        if (page_relevant(r, p)) {
            return p;
        }
    }
    return r->npages;
}

int survey_run_at_end(const struct survey_run *r)
{
    return r->cur >= r->npages;
}

int survey_run_page_items(const struct survey_run *r, int *items, int max)
{
    if (survey_run_at_end(r)) {
        return 0;
    }
    const struct survey_page *pg = &r->pages[r->cur];
    int n = 0;
    for (int k = pg->first; k <= pg->last; k++) {
        if (displayable(r->f->items[k].type) && r->rel[k]) {
            if (n < max) {
                items[n] = k;
            }
            n++;
        }
    }
    return n;
}

int survey_run_page_group(const struct survey_run *r)
{
    return survey_run_at_end(r) ? -1 : r->pages[r->cur].group;
}

/* The page of `pages` holding item i, or else the first after it (a
 * table's group row is on no page when tables are split); n when none. */
static int page_of(const struct survey_page *pages, int n, int i)
{
    for (int p = 0; p < n; p++) {
        if (pages[p].last >= i) {
            return p;
        }
    }
    return n;
}

void survey_run_split_tables(struct survey_run *r, int split)
{
    split = split != 0;
    if (split == r->split) {
        return;
    }
    const struct survey_form *f = r->f;
    int at_end = survey_run_at_end(r);
    int first = at_end ? -1 : r->pages[r->cur].first;
    r->split = split;
    r->pages = split ? f->pages_split : f->pages;
    r->npages = split ? f->npages_split : f->npages;
    /* the same place: the page now holding the first item of the old
     * one (the first question of the table, or its table) */
    r->cur = at_end ? r->npages
                    : first_page_from(r, page_of(r->pages, r->npages, first));
}

int survey_run_table(const struct survey_run *r, int *items, int max)
{
    if (survey_run_at_end(r)) {
        return 0;
    }
    const struct survey_form *f = r->f;
    int g = f->items[r->pages[r->cur].first].type == SURVEY_BEGIN_GROUP
                ? r->pages[r->cur].first
                : f->items[r->pages[r->cur].first].parent;
    if (g < 0 || !f->items[g].table_list) {
        return 0;
    }
    int n = 0;
    for (int k = g + 1; k < f->items[g].end; k++) {
        if (displayable(f->items[k].type) && r->rel[k]) {
            if (n < max) {
                items[n] = k;
            }
            n++;
        }
    }
    return n;
}

int survey_run_tables_split(const struct survey_run *r)
{
    return r->split;
}

static void set_issue(const struct survey_run *r, struct survey_issue *issue,
                      enum survey_issue_kind kind, int item,
                      const char *lang)
{
    if (!issue) {
        return;
    }
    issue->kind = kind;
    issue->item = item;
    issue->message[0] = '\0';
    if (kind == SURVEY_ISSUE_NONE) {
        return;
    }
    const char *msg = survey_text_pick(
        r->f, r->f->item_text, item,
        kind == SURVEY_ISSUE_REQUIRED ? TX_RMSG : TX_CMSG, lang);
    survey_run_interpolate(r, msg, issue->message, sizeof issue->message);
}

enum survey_issue_kind survey_run_check(struct survey_run *r, int item,
                                        const char *lang,
                                        struct survey_issue *issue)
{
    const struct survey_form *f = r->f;
    set_issue(r, issue, SURVEY_ISSUE_NONE, -1, lang);
    if (item < 0 || item >= f->nitems) {
        return SURVEY_ISSUE_NONE;
    }
    const struct survey_item *it = &f->items[item];
    if (!survey_type_is_input(it->type) || !r->rel[item] || it->read_only) {
        return SURVEY_ISSUE_NONE; /* a read-only question cannot be fixed */
    }
    struct survey_eval ev;
    const char *v = survey_run_value(r, item);
    int required = it->required_const;
    if (!required && it->required) {
        eval_init(r, &ev, NULL);
        required = survey_expr_eval_bool(it->required, &ev);
    }
    if (required && !*v) {
        set_issue(r, issue, SURVEY_ISSUE_REQUIRED, item, lang);
        return SURVEY_ISSUE_REQUIRED;
    }
    if (*v && it->constraint) {
        eval_init(r, &ev, v);
        if (!survey_expr_eval_bool(it->constraint, &ev)) {
            set_issue(r, issue, SURVEY_ISSUE_CONSTRAINT, item, lang);
            return SURVEY_ISSUE_CONSTRAINT;
        }
    }
    return SURVEY_ISSUE_NONE;
}

/* Checks required answers and constraints of page p. Returns 0 when the
 * page may be left. */
static int check_page(struct survey_run *r, int p, const char *lang,
                      struct survey_issue *issue)
{
    const struct survey_page *pg = &r->pages[p];
    for (int k = pg->first; k <= pg->last; k++) {
        if (survey_run_check(r, k, lang, issue) != SURVEY_ISSUE_NONE) {
            return -1;
        }
    }
    return 0;
}

enum kiosk_err survey_run_next(struct survey_run *r, const char *lang,
                               struct survey_issue *issue)
{
    if (survey_run_at_end(r)) {
        set_issue(r, issue, SURVEY_ISSUE_NONE, -1, lang);
        return KIOSK_ENOENT;
    }
    if (r->overflow >= 0) {
        /* A value over the limit is never cut silently: the visit cannot
         * go on with a wrong result. */
        set_issue(r, issue, SURVEY_ISSUE_NONE, r->overflow, lang);
        return KIOSK_ETOOBIG;
    }
    if (check_page(r, r->cur, lang, issue)) {
        return KIOSK_EANSWER;
    }
    int next = first_page_from(r, r->cur + 1);
    if (next == r->npages) {
        /* Leaving the last page: an answer given late may have made an
         * earlier, never-checked page relevant. */
        for (int p = 0; p < r->npages; p++) {
            if (page_relevant(r, p) && check_page(r, p, lang, issue)) {
                r->cur = p;
                return KIOSK_EANSWER;
            }
        }
    }
    r->cur = next;
    return KIOSK_OK;
}

enum kiosk_err survey_run_back(struct survey_run *r)
{
    for (int p = r->cur - 1; p >= 0; p--) {
        if (page_relevant(r, p)) {
            r->cur = p;
            return KIOSK_OK;
        }
    }
    return KIOSK_ENOENT;
}

void survey_run_progress(const struct survey_run *r, int *index, int *total)
{
    int before = 0, all = 0;
    for (int p = 0; p < r->npages; p++) {
        if (page_relevant(r, p)) {
            all++;
            before += p < r->cur;
        }
    }
    *index = before;
    *total = all;
}

/* --------------------------------------------------------------- results */

int survey_run_calc_count(const struct survey_run *r)
{
    return r->f->ncalcs;
}

const char *survey_run_calc_name(const struct survey_run *r, int i)
{
    return i >= 0 && i < r->f->ncalcs ? r->f->items[r->f->calcs[i]].name
                                      : "";
}

const char *survey_run_calc_value(const struct survey_run *r, int i)
{
    return i >= 0 && i < r->f->ncalcs ? survey_run_value(r, r->f->calcs[i])
                                      : "";
}

int survey_run_feedback_notes(const struct survey_run *r, int *items,
                              int max)
{
    int n = 0;
    for (int i = r->f->last_question + 1; i < r->f->nitems; i++) {
        if (r->f->items[i].type == SURVEY_NOTE && r->rel[i]) {
            if (n < max) {
                items[n] = i;
            }
            n++;
        }
    }
    return n;
}

static size_t escaped_len(const char *v)
{
    size_t n = 0;
    for (; *v; v++) {
        n += (*v == '\\' || *v == '\n' || *v == '\r') ? 2 : 1;
    }
    return n;
}

enum kiosk_err survey_run_encode_answers(const struct survey_run *r,
                                         char **out, size_t *len)
{
    const struct survey_form *f = r->f;
    *out = NULL;
    *len = 0;
    size_t total = 0;
    for (int i = 0; i < f->nitems; i++) {
        const char *v = survey_run_value(r, i);
        if (survey_type_is_input(f->items[i].type) && *v) {
            total += strlen(f->items[i].name) + 2 + escaped_len(v);
            if (total > SURVEY_MAX_ENCODED) {
                return KIOSK_ETOOBIG;
            }
        }
    }
    char *buf = malloc(total + 1);
    if (!buf) {
        return KIOSK_ENOMEM;
    }
    size_t o = 0;
    for (int i = 0; i < f->nitems; i++) {
        const char *v = survey_run_value(r, i);
        if (!survey_type_is_input(f->items[i].type) || !*v) {
            continue;
        }
        size_t nl = strlen(f->items[i].name);
        memcpy(buf + o, f->items[i].name, nl);
        o += nl;
        buf[o++] = '=';
        for (; *v; v++) {
            if (*v == '\\' || *v == '\n' || *v == '\r') {
                buf[o++] = '\\';
                buf[o++] = *v == '\\' ? '\\' : *v == '\n' ? 'n' : 'r';
            } else {
                buf[o++] = *v;
            }
        }
        buf[o++] = '\n';
    }
    buf[o] = '\0';
    *out = buf;
    *len = o;
    return KIOSK_OK;
}

void survey_bytes_free(char *p, size_t len)
{
    if (p) {
        sodium_memzero(p, len + 1);
        free(p);
    }
}

enum kiosk_err survey_run_measure(const struct survey_run *r, int m, int *k)
{
    const struct survey_form *f = r->f;
    const char *v = survey_run_value(r, survey_measure_item(f, m));
    *k = survey_measure_find_value(f, m, v);
    if (*k < 0 && *v) {
        return KIOSK_EINVAL; /* undeclared: an error, never a level */
    }
    return KIOSK_OK;
}

int survey_run_overflow(const struct survey_run *r)
{
    return r->overflow;
}

const char *survey_run_today(const struct survey_run *r)
{
    return r->today;
}

enum kiosk_err survey_run_set_today(struct survey_run *r, const char *date)
{
    int y, m, d;
    char tail;
    if (!date || strlen(date) != 10 ||
        sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31) {
        return KIOSK_EINVAL;
    }
    snprintf(r->today, sizeof r->today, "%s", date);
    recompute(r);
    return KIOSK_OK;
}

void survey_run_set_language(struct survey_run *r, const char *lang)
{
    snprintf(r->lang, sizeof r->lang, "%s", lang ? lang : "");
    recompute(r);
}
