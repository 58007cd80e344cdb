/* `kiosk --check-pack DIR`: every loader check, the fit check through the
 * UI's text measurer, and a per-language coverage table.
 *
 * Which slot each text is measured against: strings use their own `slot`
 * column (body is never measured); category titles are tiles, article
 * titles are screen titles, service names are one list line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/pack_int.h"
#include "content/vtext.h"
#include "survey/survey.h"

#define F_STRINGS "strings.csv"
#define F_CATS "info/categories.csv"
#define F_ARTS "info/articles.csv"
#define F_SVCS "services.csv"

static void fit_one(struct kiosk_diag *d, const struct pack *p,
                    pack_measure_fn measure, void *ctx, const char *file,
                    int row, int col, int li, const char *text, int slot)
{
    if (!text || slot == PACK_SLOT_BODY) {
        return;
    }
    const struct pack_language *lg = &p->langs[li];
    const char *name = pack_slot_name(slot);
    if (measure(ctx, text, lg->code, lg->script, name)) {
        kiosk_diag_err(d, file, row, col,
                       "%s text does not fit a '%s' slot at 800x480; "
                       "shorten it",
                       lg->code, name);
    }
}

static int cmp_row(const void *a, const void *b)
{
    const struct pack_string *x = *(const struct pack_string *const *)a;
    const struct pack_string *y = *(const struct pack_string *const *)b;
    return (x->row > y->row) - (x->row < y->row);
}

static void fit_check(struct kiosk_diag *d, const struct pack *p,
                      pack_measure_fn measure, void *ctx)
{
    /* strings are sorted by key; report them in file order for the reader */
    const struct pack_string **order =
        malloc(sizeof *order * (size_t)(p->nstrings + 1));
    if (!order) {
        kiosk_diag_err(d, F_STRINGS, 0, 0, "out of memory (fit check)");
        return;
    }
    for (int i = 0; i < p->nstrings; i++) {
        order[i] = &p->strings[i];
    }
    qsort(order, (size_t)p->nstrings, sizeof *order, cmp_row);
    for (int i = 0; i < p->nstrings; i++) {
        const struct pack_string *s = order[i];
        for (int l = 0; l < p->nlangs; l++) {
            fit_one(d, p, measure, ctx, F_STRINGS, s->row,
                    p->cols.str_text[l], l, s->text[l], s->slot);
        }
    }
    free(order);
    for (int i = 0; i < p->ncategories; i++) {
        for (int l = 0; l < p->nlangs; l++) {
            fit_one(d, p, measure, ctx, F_CATS, p->categories[i].row,
                    p->cols.cat_title[l], l, p->categories[i].title[l],
                    PACK_SLOT_TILE);
        }
    }
    for (int i = 0; i < p->narticles; i++) {
        for (int l = 0; l < p->nlangs; l++) {
            fit_one(d, p, measure, ctx, F_ARTS, p->articles[i].row,
                    p->cols.art_title[l], l, p->articles[i].title[l],
                    PACK_SLOT_TITLE);
        }
    }
    for (int i = 0; i < p->nservices; i++) {
        for (int l = 0; l < p->nlangs; l++) {
            fit_one(d, p, measure, ctx, F_SVCS, p->services[i].row,
                    p->cols.svc_name[l], l, p->services[i].name[l],
                    PACK_SLOT_LINE);
        }
    }
}

/* Percentage rounded to nearest, but never 100 for an incomplete column
 * (99.6% must not read as finished). */
static int percent(int n, int total)
{
    int pc = (n * 100 + total / 2) / total;
    return pc == 100 && n < total ? 99 : pc;
}

static void cell(FILE *f, int n, int total, int width)
{
    char frac[32];
    snprintf(frac, sizeof frac, "%d/%d", n, total);
    if (total == 0) {
        fprintf(f, "%*s    -  ", width, frac); /* nothing to translate */
    } else {
        fprintf(f, "%*s %3d%%  ", width, frac, percent(n, total));
    }
}

static int frac_width(int total)
{
    char buf[32];
    return snprintf(buf, sizeof buf, "%d/%d", total, total);
}

static void coverage_table(FILE *f, const struct pack *p)
{
    int lw = (int)strlen("language");
    char label[PACK_MAX_LANGS][128];
    for (int l = 0; l < p->nlangs; l++) {
        snprintf(label[l], sizeof label[l], "%s %s", p->langs[l].code,
                 p->langs[l].name);
        int w = pack_text_width(label[l]);
        lw = w > lw ? w : lw;
    }
    int ws = frac_width(p->nstrings), wa = frac_width(p->narticles),
        wv = frac_width(p->nservices);
    /* each column is "<frac> NNN%  " */
    fprintf(f, "%-*s  %-*s%-*s%-*sstatus\n", lw, "language", ws + 7,
            "strings", wa + 7, "articles", wv + 7, "services");
    for (int l = 0; l < p->nlangs; l++) {
        struct pack_coverage c;
        pack_coverage(p, l, &c);
        /* pad by display width: Khmer or Tai Viet names are not 1 byte
         * per column */
        fprintf(f, "%s%*s  ", label[l], lw - pack_text_width(label[l]), "");
        cell(f, c.strings, c.strings_total, ws);
        cell(f, c.articles, c.articles_total, wa);
        cell(f, c.services, c.services_total, wv);
        fprintf(f, "%s\n", p->langs[l].draft ? "draft" : "reviewed");
    }
}

/* A warning for a text in a language other than Vietnamese with words
 * that carry Vietnamese tones: likely left untranslated (a reviewer found
 * such words in the Jrai and Bahnar drafts). For a speaker to check. */
static void viet_one(struct kiosk_diag *d, const struct pack *p,
                     const char *file, int row, int col, int li,
                     const char *text, const char *vi)
{
    char words[128];
    const char *code = p->langs[li].code;
    if (!text || strcmp(code, "vi") == 0 ||
        !vtext_vietnamese_words(text, strcmp(code, "en") ? vi : NULL, words,
                                sizeof words)) {
        return;
    }
    kiosk_diag_warn(d, file, row, col,
                    "%s text has words written as in Vietnamese (%s): "
                    "ask a speaker whether they belong",
                    code, words);
}

static void viet_check(struct kiosk_diag *d, const struct pack *p)
{
    for (int l = 0; l < p->nlangs; l++) {
        for (int i = 0; i < p->nstrings; i++) {
            viet_one(d, p, F_STRINGS, p->strings[i].row, p->cols.str_text[l],
                     l, p->strings[i].text[l], p->strings[i].text[0]);
        }
        for (int i = 0; i < p->ncategories; i++) {
            viet_one(d, p, F_CATS, p->categories[i].row,
                     p->cols.cat_title[l], l, p->categories[i].title[l],
                     p->categories[i].title[0]);
        }
        for (int i = 0; i < p->narticles; i++) {
            viet_one(d, p, F_ARTS, p->articles[i].row, p->cols.art_title[l],
                     l, p->articles[i].title[l], p->articles[i].title[0]);
        }
        for (int i = 0; i < p->nservices; i++) {
            viet_one(d, p, F_SVCS, p->services[i].row, p->cols.svc_name[l], l,
                     p->services[i].name[l], p->services[i].name[0]);
        }
    }
}

int pack_check(const char *dir, void *out_FILE, pack_measure_fn measure,
               void *ctx)
{
    FILE *f = out_FILE;
    struct kiosk_diag d = {0};
    struct pack *p = NULL;
    enum kiosk_err rc = pack_load_ex(dir, 1, &p, &d);
    if (p && measure) {
        fit_check(&d, p, measure, ctx);
    }
    if (p) {
        viet_check(&d, p);
    }
    /* Every form, loaded exactly as the kiosk loads it. */
    char forms_dir[1100];
    snprintf(forms_dir, sizeof forms_dir, "%s/forms", dir);
    struct survey_form **forms = NULL;
    int nforms = 0;
    int form_errors = d.errors;
    if (survey_forms_load_dir(forms_dir, &forms, &nforms, &d) != KIOSK_OK) {
        rc = KIOSK_ENOMEM;
    }
    form_errors = d.errors - form_errors;
    kiosk_diag_print(&d, f);
    if (p) {
        if (d.n) {
            fputc('\n', f);
        }
        coverage_table(f, p);
    }
    fprintf(f, "\nforms: %d loaded", nforms);
    for (int i = 0; i < nforms; i++) {
        fprintf(f, "%s%s", i ? ", " : " (", survey_form_id(forms[i]));
    }
    fprintf(f, "%s%s\n", nforms ? ")" : "",
            form_errors ? "; the forms with errors above do not load" : "");
    survey_forms_free(forms, nforms);
    int errors = d.errors;
    if (rc && !errors) {
        errors = 1; /* out of memory: never report a pack as OK */
    }
    fprintf(f, "\n%s: %d error%s, %d warning%s%s\n", dir, errors,
            errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s",
            errors ? " (the kiosk will not load this pack)" : "");
    pack_free(p);
    kiosk_diag_free(&d);
    return errors;
}
