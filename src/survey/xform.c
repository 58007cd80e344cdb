/* `kiosk --xform FORM`: the loaded form written as an ODK XForm, the way
 * pyxform writes an XLSForm (ODK XForms spec, getodk.github.io/xforms-spec):
 * a primary instance with one element per row (groups nest), a secondary
 * instance per choices list, binds for types and expressions, itext for
 * every translated text, and a body with one control per question.
 *
 * Uses: publishing a kiosk questionnaire on ODK Central in one step, and
 * running the same form in ODK's own engine to compare results (the
 * oracle test in tests/survey/oracle/). Expressions are written as the
 * form has them with each ${name} replaced by the field's absolute path,
 * as pyxform does; the kiosk's measure columns are not part of the XForm
 * (pyxform ignores them too). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "survey_private.h"

#define XF_ROOT "data"

/* Writes the first n bytes of s (fewer at its end) with XML escapes (text
 * and attribute values). */
static void esc_n(FILE *o, const char *s, size_t n)
{
    for (; n && *s; s++, n--) {
        switch (*s) {
        case '&':
            fputs("&amp;", o);
            break;
        case '<':
            fputs("&lt;", o);
            break;
        case '>':
            fputs("&gt;", o);
            break;
        case '"':
            fputs("&quot;", o);
            break;
        case '\r':
            break;
        default:
            fputc(*s, o);
        }
    }
}

static void esc(FILE *o, const char *s)
{
    esc_n(o, s, SIZE_MAX);
}

/* The absolute path of item i: /data/<group>/…/<name>. */
static void path(FILE *o, const struct survey_form *f, int i)
{
    if (i < 0) {
        fputs("/" XF_ROOT, o);
        return;
    }
    path(o, f, f->items[i].parent);
    fprintf(o, "/%s", f->items[i].name);
}

/* Writes text escaped, with each ${name} in it written by ref (i: the
 * field it names, -1 for none). */
static void with_refs(FILE *o, const struct survey_form *f, const char *text,
                      void (*ref)(FILE *o, const struct survey_form *f, int i,
                                  const char *name))
{
    const char *p = text;
    while (*p) {
        const char *start = strstr(p, "${");
        const char *end = start ? strchr(start, '}') : NULL;
        if (!start || !end) {
            esc(o, p);
            return;
        }
        char name[200];
        snprintf(name, sizeof name, "%.*s", (int)(end - start - 2),
                 start + 2);
        esc_n(o, p, (size_t)(start - p));
        ref(o, f, survey_form_find(f, name), name);
        p = end + 1;
    }
}

/* ${name} in an expression: " /data/…/name ". */
static void expr_ref(FILE *o, const struct survey_form *f, int i,
                     const char *name)
{
    fputc(' ', o);
    if (i >= 0) {
        path(o, f, i);
    } else {
        fprintf(o, "${%s}", name); /* cannot happen: refs are checked */
    }
    fputc(' ', o);
}

/* Writes an expression with every ${name} as " /data/…/name " (escaped
 * for an attribute). */
static void expr(FILE *o, const struct survey_form *f, const char *src)
{
    with_refs(o, f, src, expr_ref);
}

/* Raw text of kind k, row i, language slot s (no fallback). */
static const char *raw(const struct survey_form *f, const char **table, int i,
                       enum survey_text_kind k, int s)
{
    const int stride = f->nlang + 1;
    const char *t = table[((size_t)i * TX_COUNT + k) * (size_t)stride + s];
    return t ? t : "";
}

static int has_any(const struct survey_form *f, const char **table, int i,
                   enum survey_text_kind k)
{
    for (int s = 0; s <= f->nlang; s++) {
        if (*raw(f, table, i, k, s)) {
            return 1;
        }
    }
    return 0;
}

/* ${name} in a label: <output value=" /data/…/name "/>. */
static void output_ref(FILE *o, const struct survey_form *f, int i,
                       const char *name)
{
    (void)name;
    fputs("<output value=\" ", o);
    if (i >= 0) {
        path(o, f, i);
    }
    fputs(" \"/>", o);
}

/* Label text with ${name} as <output value=" path "/>. */
static void itext_value(FILE *o, const struct survey_form *f, const char *t)
{
    with_refs(o, f, t, output_ref);
}

/* The itext id of choice i: its own list's name and its place there
 * (a list made for or_other shares the choices of its list). */
static void choice_itext_id(const struct survey_form *f, int i, char *buf,
                            size_t n)
{
    const struct survey_list *l = &f->lists[f->choices[i].list];
    int pos = 0;
    while (pos < l->count && l->idx[pos] != i) {
        pos++;
    }
    snprintf(buf, n, "%s-%d", l->name, pos);
}

/* One itext <text> for kind k of row i in slot s, if there is any text. */
static void itext_entry(FILE *o, const struct survey_form *f,
                        const char **table, int i, int s, int is_choice)
{
    static const char *const suffix[] = {"label", "hint", "constraintMsg",
                                         "requiredMsg"};
    for (int k = TX_LABEL; k <= TX_RMSG; k++) {
        /* a language without this text falls back like the kiosk does */
        if (!has_any(f, table, i, (enum survey_text_kind)k)) {
            continue;
        }
        const char *t = raw(f, table, i, (enum survey_text_kind)k, s);
        if (!*t) {
            t = survey_text_pick(f, table, i, (enum survey_text_kind)k,
                                 s < f->nlang ? f->langs[s] : "");
        }
        if (is_choice) {
            char id[400];
            choice_itext_id(f, i, id, sizeof id);
            fprintf(o, "          <text id=\"%s\">\n", id);
        } else {
            fputs("          <text id=\"", o);
            path(o, f, i);
            fprintf(o, ":%s\">\n", suffix[k]);
        }
        fputs("            <value>", o);
        itext_value(o, f, t);
        fputs("</value>\n", o);
        if (k == TX_LABEL) {
            static const char *const media[] = {"image", "audio"};
            for (int m = 0; m < 2; m++) {
                const char *file = raw(f, table, i, TX_IMAGE + m, s);
                if (!*file) {
                    file = raw(f, table, i, TX_IMAGE + m, f->nlang);
                }
                if (*file) {
                    fprintf(o, "            <value form=\"%s\">jr://%s/",
                            media[m], media[m]);
                    esc(o, file);
                    fputs("</value>\n", o);
                }
            }
        }
        fputs("          </text>\n", o);
        if (is_choice) {
            break; /* choices have labels only */
        }
    }
}

static void write_itext(FILE *o, const struct survey_form *f)
{
    fputs("      <itext>\n", o);
    /* The untranslated column is its own language only when the form has
     * no language codes at all (pyxform calls it "default"). */
    int slots = f->nlang ? f->nlang : 1;
    for (int s = 0; s < slots; s++) {
        int slot = f->nlang ? s : f->nlang;
        fputs("        <translation lang=\"", o);
        esc(o, f->nlang ? f->lang_names[s] : "default");
        fputs("\"", o);
        if (f->nlang && strcmp(f->langs[s], f->default_lang) == 0) {
            fputs(" default=\"true()\"", o);
        }
        fputs(">\n", o);
        for (int i = 0; i < f->nchoices; i++) {
            itext_entry(o, f, f->choice_text, i, slot, 1);
        }
        for (int i = 0; i < f->nitems; i++) {
            if (f->items[i].type != SURVEY_END_GROUP) {
                itext_entry(o, f, f->item_text, i, slot, 0);
            }
        }
        fputs("        </translation>\n", o);
    }
    fputs("      </itext>\n", o);
}

/* Primary instance: one element per item, groups nesting. */
static void write_instance(FILE *o, const struct survey_form *f)
{
    fputs("      <instance>\n        <" XF_ROOT " id=\"", o);
    esc(o, f->id);
    fputs("\"", o);
    if (*f->version) {
        fputs(" version=\"", o);
        esc(o, f->version);
        fputs("\"", o);
    }
    fputs(">\n", o);
    int depth = 0;
    for (int i = 0; i < f->nitems; i++) {
        const struct survey_item *it = &f->items[i];
        if (it->type == SURVEY_END_GROUP) {
            int g = i - 1; /* the begin_group whose end this is */
            while (g >= 0 && !(f->items[g].type == SURVEY_BEGIN_GROUP &&
                               f->items[g].end == i)) {
                g--;
            }
            depth--;
            fprintf(o, "%*s</%s>\n", 10 + 2 * depth, "",
                    g >= 0 ? f->items[g].name : "");
            continue;
        }
        if (it->type == SURVEY_BEGIN_GROUP) {
            fprintf(o, "%*s<%s>\n", 10 + 2 * depth, "", it->name);
            depth++;
            continue;
        }
        fprintf(o, "%*s<%s/>\n", 10 + 2 * depth, "", it->name);
    }
    fputs("          <meta>\n            <instanceID/>\n          </meta>\n",
          o);
    fputs("        </" XF_ROOT ">\n      </instance>\n", o);
}

/* A secondary instance per list: name, itextId and every filter column. */
static void write_lists(FILE *o, const struct survey_form *f)
{
    for (int li = 0; li < f->nlists; li++) {
        const struct survey_list *l = &f->lists[li];
        fprintf(o, "      <instance id=\"%s\">\n        <root>\n", l->name);
        for (int k = 0; k < l->count; k++) {
            const struct survey_choice *c = &f->choices[l->idx[k]];
            char id[400];
            choice_itext_id(f, l->idx[k], id, sizeof id);
            fprintf(o, "          <item>\n            <itextId>%s"
                       "</itextId>\n            <name>",
                    id);
            esc(o, c->name);
            fputs("</name>\n", o);
            for (int col = 0; col < f->nfilter_cols; col++) {
                const char *h = f->filter_col_name[col];
                if (strcmp(h, "name") == 0) {
                    continue;
                }
                fprintf(o, "            <%s>", h);
                esc(o, csv_cell(&f->sheets[1], c->csv_row,
                                f->filter_csv_col[col]));
                fprintf(o, "</%s>\n", h);
            }
            fputs("          </item>\n", o);
        }
        fputs("        </root>\n      </instance>\n", o);
    }
}

static const char *bind_type(const struct survey_item *it)
{
    switch (it->type) {
    case SURVEY_INTEGER:
        return "int";
    case SURVEY_DECIMAL:
        return "decimal";
    case SURVEY_DATE:
        return "date";
    case SURVEY_RANGE:
        return it->range_int ? "int" : "decimal";
    default:
        return "string";
    }
}

static void write_binds(FILE *o, const struct survey_form *f)
{
    for (int i = 0; i < f->nitems; i++) {
        const struct survey_item *it = &f->items[i];
        if (it->type == SURVEY_END_GROUP) {
            continue;
        }
        fputs("      <bind nodeset=\"", o);
        path(o, f, i);
        fputs("\"", o);
        if (it->type != SURVEY_BEGIN_GROUP) {
            fprintf(o, " type=\"%s\"", bind_type(it));
        }
        if (it->src[SRC_RELEVANT]) {
            fputs(" relevant=\"", o);
            expr(o, f, it->src[SRC_RELEVANT]);
            fputs("\"", o);
        }
        if (it->src[SRC_CONSTRAINT]) {
            fputs(" constraint=\"", o);
            expr(o, f, it->src[SRC_CONSTRAINT]);
            fputs("\"", o);
            if (has_any(f, f->item_text, i, TX_CMSG)) {
                fputs(" jr:constraintMsg=\"jr:itext('", o);
                path(o, f, i);
                fputs(":constraintMsg')\"", o);
            }
        }
        if (it->required_const || it->src[SRC_REQUIRED]) {
            fputs(" required=\"", o);
            expr(o, f, it->required_const ? "true()" : it->src[SRC_REQUIRED]);
            fputs("\"", o);
            if (has_any(f, f->item_text, i, TX_RMSG)) {
                fputs(" jr:requiredMsg=\"jr:itext('", o);
                path(o, f, i);
                fputs(":requiredMsg')\"", o);
            }
        }
        if (it->src[SRC_CALCULATION]) {
            fputs(" calculate=\"", o);
            expr(o, f, it->src[SRC_CALCULATION]);
            fputs("\"", o);
        }
        if (it->type == SURVEY_NOTE) {
            fputs(" readonly=\"true()\"", o);
        }
        fputs("/>\n", o);
    }
    fputs("      <bind nodeset=\"/" XF_ROOT "/meta/instanceID\" "
          "type=\"string\" readonly=\"true()\" jr:preload=\"uid\"/>\n",
          o);
}

static void label_ref(FILE *o, const struct survey_form *f, int i, int ind)
{
    if (has_any(f, f->item_text, i, TX_LABEL)) {
        fprintf(o, "%*s<label ref=\"jr:itext('", ind, "");
        path(o, f, i);
        fputs(":label')\"/>\n", o);
    }
    if (has_any(f, f->item_text, i, TX_HINT)) {
        fprintf(o, "%*s<hint ref=\"jr:itext('", ind, "");
        path(o, f, i);
        fputs(":hint')\"/>\n", o);
    }
}

/* Body controls for items first..last (a group's body recursively). */
static void write_body(FILE *o, const struct survey_form *f, int first,
                       int last, int ind)
{
    for (int i = first; i <= last; i++) {
        const struct survey_item *it = &f->items[i];
        const char *ctl = NULL;
        switch (it->type) {
        case SURVEY_BEGIN_GROUP:
            fprintf(o, "%*s<group ref=\"", ind, "");
            path(o, f, i);
            fputs("\"", o);
            if (*it->appearance) {
                fputs(" appearance=\"", o);
                esc(o, it->appearance);
                fputs("\"", o);
            }
            fputs(">\n", o);
            label_ref(o, f, i, ind + 2);
            write_body(o, f, i + 1, it->end - 1, ind + 2);
            fprintf(o, "%*s</group>\n", ind, "");
            i = it->end;
            continue;
        case SURVEY_SELECT_ONE:
            ctl = "select1";
            break;
        case SURVEY_SELECT_MULTIPLE:
            ctl = "select";
            break;
        case SURVEY_ACKNOWLEDGE:
            ctl = "trigger";
            break;
        case SURVEY_INTEGER:
        case SURVEY_DECIMAL:
        case SURVEY_TEXT:
        case SURVEY_NOTE:
        case SURVEY_DATE:
            ctl = "input";
            break;
        case SURVEY_RANGE:
            ctl = "range";
            break;
        default:
            continue; /* calculates have no control */
        }
        fprintf(o, "%*s<%s ref=\"", ind, "", ctl);
        path(o, f, i);
        fputs("\"", o);
        if (it->type == SURVEY_RANGE) {
            fprintf(o, " start=\"%.15g\" end=\"%.15g\" step=\"%.15g\"",
                    it->range_start,
                    it->range_start + (it->range_n - 1) * it->range_step,
                    it->range_step);
        }
        if (*it->appearance) {
            fputs(" appearance=\"", o);
            esc(o, it->appearance);
            fputs("\"", o);
        }
        fputs(">\n", o);
        label_ref(o, f, i, ind + 2);
        if (it->list >= 0) {
            fprintf(o, "%*s<itemset nodeset=\"instance('%s')/root/item",
                    ind + 2, "", f->lists[it->list].name);
            if (it->src[SRC_FILTER]) {
                fputs("[", o);
                expr(o, f, it->src[SRC_FILTER]);
                fputs("]", o);
            }
            fputs("\">\n", o);
            fprintf(o, "%*s<value ref=\"name\"/>\n", ind + 4, "");
            fprintf(o, "%*s<label ref=\"jr:itext(itextId)\"/>\n", ind + 4,
                    "");
            fprintf(o, "%*s</itemset>\n", ind + 2, "");
        }
        fprintf(o, "%*s</%s>\n", ind, "", ctl);
    }
}

enum kiosk_err survey_form_write_xform(const struct survey_form *f, FILE *o)
{
    fputs("<?xml version=\"1.0\"?>\n"
          "<h:html xmlns=\"http://www.w3.org/2002/xforms\" "
          "xmlns:ev=\"http://www.w3.org/2001/xml-events\" "
          "xmlns:h=\"http://www.w3.org/1999/xhtml\" "
          "xmlns:jr=\"http://openrosa.org/javarosa\" "
          "xmlns:odk=\"http://www.opendatakit.org/xforms\" "
          "xmlns:orx=\"http://openrosa.org/xforms\" "
          "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"
          "  <h:head>\n    <h:title>",
          o);
    esc(o, *f->title ? f->title : f->id);
    fputs("</h:title>\n    <model odk:xforms-version=\"1.0.0\">\n", o);
    write_itext(o, f);
    write_instance(o, f);
    write_lists(o, f);
    write_binds(o, f);
    fputs("    </model>\n  </h:head>\n  <h:body>\n", o);
    write_body(o, f, 0, f->nitems - 1, 4);
    fputs("  </h:body>\n</h:html>\n", o);
    return ferror(o) ? KIOSK_EIO : KIOSK_OK;
}

int survey_xform_cli(const char *form_arg, FILE *out, FILE *err)
{
    char dir[512], id[256];
    if (survey_split_form_arg("xform", form_arg, dir, sizeof dir, id,
                              sizeof id, err)) {
        return 1;
    }
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = survey_form_load(dir, id, &f, &d);
    kiosk_diag_print(&d, err);
    kiosk_diag_free(&d);
    if (rc) {
        fprintf(err, "xform: form %s/%s does not load (%s)\n", dir, id,
                kiosk_strerror(rc));
        return 1;
    }
    rc = survey_form_write_xform(f, out);
    survey_form_free(f);
    if (rc) {
        fprintf(err, "xform: cannot write: %s\n", kiosk_strerror(rc));
        return 1;
    }
    return 0;
}
