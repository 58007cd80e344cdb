/* Staff mode, the numbers: charts of a period read from the store's
 * counts (the forms' own labels and levels), and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "app/staff_int.h"
#include "store/store.h"
#include "survey/survey.h"

/* ---- numbers ----------------------------------------------------------------- */

#define BARS 24

struct bars {
    const struct app *a; /* for labels: the forms and the pack */
    char label[BARS][96];
    int64_t n[BARS];
    int level[BARS];   /* band level for its colour, -1 = none */
    int count;
};

static void bar_add(struct bars *b, const char *label, int64_t n)
{
    for (int i = 0; i < b->count; i++) {
        if (strcmp(b->label[i], label) == 0) {
            b->n[i] += n;
            return;
        }
    }
    if (b->count < BARS - 1) {
        snprintf(b->label[b->count], sizeof b->label[0], "%s", label);
        b->level[b->count] = -1;
        b->n[b->count++] = n;
        return;
    }
    /* never a silent cap: the rest shows as one "other" bar */
    if (b->count == BARS - 1) {
        snprintf(b->label[b->count], sizeof b->label[0], "%s",
                 st_tr(b->a, "staff.other"));
        b->level[b->count] = -1;
        b->n[b->count++] = 0;
    }
    b->n[BARS - 1] += n;
}

static int by_form_cb(void *ctx, const struct store_count *c)
{
    struct bars *b = ctx;
    const struct survey_form *f = staff_form_by_id(b->a, c->form_id);
    bar_add(b, f ? survey_form_title(f) : c->form_id, c->n);
    return 0;
}

/* A measure's value as staff read it: the form's labels and the colour of
 * its declared level; raw ids only for a form the pack no longer has. */
static int by_band_cb(void *ctx, const struct store_count *c)
{
    char label[96];
    struct bars *b = ctx;
    const struct survey_form *f = staff_form_by_id(b->a, c->form_id);
    const char *lang = b->a->staff.lang[0] ? b->a->staff.lang : "vi";
    int level = -1;
    snprintf(label, sizeof label, "%s %s", c->name, c->value);
    for (int m = 0; f && m < survey_form_measure_count(f); m++) {
        int k = strcmp(survey_measure_name(f, m), c->name) == 0
                    ? survey_measure_find_value(f, m, c->value)
                    : -1;
        if (k >= 0) {
            snprintf(label, sizeof label, "%s: %s",
                     survey_measure_label(f, m, lang),
                     survey_measure_value_label(f, m, k, lang));
            level = (int)survey_measure_value_level(f, m, k);
        }
    }
    bar_add(b, label, c->n);
    for (int i = 0; i < b->count; i++) {
        if (strcmp(b->label[i], label) == 0) {
            b->level[i] = level;
        }
    }
    return 0;
}

static int by_lang_cb(void *ctx, const struct store_count *c)
{
    struct bars *b = ctx;
    const char *name = c->name;
    for (int i = 0; b->a->pack && i < pack_nlangs(b->a->pack); i++) {
        if (strcmp(pack_lang(b->a->pack, i)->code, c->name) == 0) {
            name = pack_lang(b->a->pack, i)->name;
        }
    }
    bar_add(b, name, c->n);
    return 0;
}

/* A chart: title, then one bar a row with its number beside it. */
static int chart(struct app *a, struct ui_rect r, const char *title,
                 const struct bars *b, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    static const struct ui_color colours[6] = {
        {0x0B, 0x6E, 0x6E, 255}, {0xE0, 0x8A, 0x1B, 255},
        {0x5B, 0x5E, 0xA6, 255}, {0x2E, 0x8B, 0x57, 255},
        {0xC2, 0x41, 0x2D, 255}, {0x8E, 0x44, 0xAD, 255}};
    int y = r.y, row = ui_px(ui, 34), label_w = r.w * 3 / 10;
    int num_w = ui_px(ui, 90);
    int64_t max = 1;
    for (int i = 0; i < b->count; i++) {
        max = b->n[i] > max ? b->n[i] : max;
    }
    if (draw) {
        ui_text(ui, (struct ui_rect){r.x, y, r.w, 0}, title, UI_FONT_TILE, 1,
                t->text, UI_LEFT, 0);
    }
    y += ui_text_height(ui, title, UI_FONT_TILE, 1, 0) + ui_px(ui, 6);
    for (int i = 0; i < b->count; i++) {
        /* a long label wraps in its column; the row grows with it */
        int th = ui_text_height(ui, b->label[i], UI_FONT_BODY, 0, label_w);
        int rh = th + ui_px(ui, 8) > row ? th + ui_px(ui, 8) : row;
        if (draw) {
            ui_text(ui, (struct ui_rect){r.x, y + (rh - th) / 2, label_w, th},
                    b->label[i], UI_FONT_BODY, 0, t->text, UI_LEFT, 1);
            int bar_w = (int)((int64_t)(r.w - label_w - num_w - ui_px(ui, 20)) *
                              b->n[i] / max);
            struct ui_rect bar = {r.x + label_w + ui_px(ui, 10),
                                  y + (rh - row) / 2 + ui_px(ui, 4),
                                  bar_w > 2 ? bar_w : 2, row - ui_px(ui, 8)};
            struct ui_color band[3] = {t->good, t->warn, t->bad};
            struct ui_color face = b->level[i] >= 0 ? band[b->level[i]]
                                                    : colours[i % 6];
            /* a pale bar (amber) gets an outline to stand out at 3:1 */
            ui_graphic(ui, bar, face, ui_px(ui, 4), t->outline,
                       ui_contrast(face, t->bg) < 3.0 ? ui_px(ui, 1) : 0);
            char num[32];
            snprintf(num, sizeof num, "%lld", (long long)b->n[i]);
            int nh = ui_text_height(ui, num, UI_FONT_BODY, 1, 0);
            ui_text(ui, (struct ui_rect){bar.x + bar.w + ui_px(ui, 8),
                                         y + (rh - nh) / 2, num_w, nh},
                    num, UI_FONT_BODY, 1, t->text, UI_LEFT, 0);
        }
        y += rh;
    }
    return y - r.y + ui_px(ui, 14);
}

/* The charts of one period, read once (labels in the staff language). */
struct stats_view {
    enum kiosk_err e;
    struct bars visits, forms, bands, langs, tickets;
};

static void stats_load(struct app *a, struct stats_view *v)
{
    /* the reporting period containing today, as local days [from, to) */
    static const enum staff_period_kind kinds[4] = {
        STAFF_THIS_WEEK, STAFF_THIS_MONTH, STAFF_LAST_6_MONTHS,
        STAFF_THIS_YEAR};
    long from = 0, to = 0;
    v->visits.a = v->forms.a = v->bands.a = v->langs.a = v->tickets.a = a;
    v->e = staff_period(kinds[a->staff.period & 3], app_wall(a),
                        a->site.utc_offset,
                        &from, &to);
    struct store_totals tot;
    if (v->e == KIOSK_OK) {
        v->e = store_totals(a->store, from, to, &tot);
    }
    if (v->e == KIOSK_OK) {
        bar_add(&v->visits, st_tr(a, "staff.visits_completed"),
                tot.visits[STORE_VISIT_COMPLETED]);
        bar_add(&v->visits, st_tr(a, "staff.visits_left"),
                tot.visits[STORE_VISIT_LEFT]);
        bar_add(&v->visits, st_tr(a, "staff.visits_idle"),
                tot.visits[STORE_VISIT_IDLE]);
        bar_add(&v->visits, st_tr(a, "staff.visits_interrupted"),
                tot.visits[STORE_VISIT_INTERRUPTED]);
        bar_add(&v->tickets, st_tr(a, "staff.tickets_issued"),
                tot.tickets_issued);
        bar_add(&v->tickets, st_tr(a, "staff.tickets_attended"),
                tot.tickets_attended);
        bar_add(&v->tickets, st_tr(a, "staff.staff_calls"), tot.staff_calls);
        v->e = store_count_by_form(a->store, from, to, by_form_cb, &v->forms);
    }
    if (v->e == KIOSK_OK) {
        v->e = store_count_by_band(a->store, from, to, by_band_cb, &v->bands);
    }
    if (v->e == KIOSK_OK) {
        v->e = store_count_by_language(a->store, from, to, by_lang_cb,
                                       &v->langs);
    }
}

void screen_staff_stats(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.stats"));
    static const char *const periods[4] = {"staff.week", "staff.month",
                                           "staff.6months", "staff.year"};
    struct ui_rect tabs = ui_cut_top(&c, ui_px(ui, 52));
    ui_cut_top(&c, ui_px(ui, 8));
    for (int i = 0; i < 4; i++) {
        struct ui_rect cell = ui_grid_cell(tabs, 4, 4, ui_px(ui, 12), i);
        if (ui_button(ui, cell, st_tr(a, periods[i]),
                      a->staff.period == i ? UI_STYLE_ACCENT
                                           : UI_STYLE_NORMAL)) {
            a->staff.period = i;
            a->staff.scroll = 0;
            app_view_changed(a); /* another period: read it */
        }
    }
    int load = 0;
    struct stats_view *v = staff_view(a, sizeof *v, &load);
    if (v && load) {
        stats_load(a, v);
    }
    if (!v || v->e != KIOSK_OK) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    struct ui_rect r = {c.x, y0, c.w - ui_px(ui, 14), 0};
    const struct {
        const char *key;
        const struct bars *b;
    } charts[5] = {{"staff.chart_visits", &v->visits},
                   {"staff.chart_forms", &v->forms},
                   {"staff.chart_bands", &v->bands},
                   {"staff.chart_languages", &v->langs},
                   {"staff.chart_tickets", &v->tickets}};
    for (int i = 0; i < 5; i++) {
        int h = chart(a, r, st_tr(a, charts[i].key), charts[i].b, 0);
        if (r.y < c.y + c.h && r.y + h > c.y) {
            chart(a, r, st_tr(a, charts[i].key), charts[i].b, 1);
        }
        r.y += h;
    }
    a->staff.scroll_h = r.y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

/* ---- audit --------------------------------------------------------------------- */

#define AUDIT_PAGE 40

/* A page of the audit log, newest first, with staff names for ids. */
struct audit_view {
    enum kiosk_err e;
    int n, nstaff;
    struct store_audit rows[AUDIT_PAGE];
    struct store_staff staff[STORE_MAX_STAFF];
};

static const char *staff_name(const struct audit_view *v, int64_t id)
{
    for (int i = 0; i < v->nstaff; i++) {
        if (v->staff[i].id == id) {
            return v->staff[i].name;
        }
    }
    return id ? "?" : "—"; /* a removed account; the kiosk itself */
}

void screen_staff_audit(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.audit"));
    int load = 0;
    struct audit_view *v = staff_view(a, sizeof *v, &load);
    if (v && load) {
        v->e = store_audit_list(a->store, a->staff.audit_before, v->rows,
                                AUDIT_PAGE, &v->n);
        enum kiosk_err e = store_staff_list(a->store, v->staff,
                                            STORE_MAX_STAFF, &v->nstaff);
        (void)e; /* without names the ids show */
    }
    if (!v || v->e != KIOSK_OK) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    struct ui_rect nav = ui_cut_bottom(&c, ui_px(ui, 56));
    ui_cut_bottom(&c, ui_px(ui, 8));
    struct ui_rect newest = ui_cut_left(&nav, nav.w / 2 - ui_px(ui, 6));
    ui_cut_left(&nav, ui_px(ui, 12));
    if (a->staff.audit_before &&
        ui_button(ui, newest, st_tr(a, "staff.audit_newest"),
                  UI_STYLE_NORMAL)) {
        a->staff.audit_before = 0;
        a->staff.scroll = 0;
        app_view_changed(a);
    }
    if (v->n == AUDIT_PAGE &&
        ui_button(ui, nav, st_tr(a, "staff.audit_older"), UI_STYLE_NORMAL)) {
        a->staff.audit_before = v->rows[v->n - 1].id;
        a->staff.scroll = 0;
        app_view_changed(a);
    }
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int y = y0;
    for (int i = 0; i < v->n; i++) {
        const struct store_audit *r = &v->rows[i];
        char when[32], line[400], key[48];
        date_format(r->time, a->site.utc_offset, DATE_DM_HM, when,
                    sizeof when);
        snprintf(key, sizeof key, "audit.%s", r->action);
        const char *what = a->pack && pack_has_str(a->pack, key)
                               ? st_tr(a, key)
                               : r->action; /* an action newer than the
                                              pack: its id, not nothing */
        snprintf(line, sizeof line, "%s  %s  %s  %s", when,
                 staff_name(v, r->staff_id), what, r->detail);
        y += ui_text(ui, (struct ui_rect){c.x, y, c.w - ui_px(ui, 14), 0},
                     line, UI_FONT_BODY, 0, ui->theme.text, UI_LEFT, 1) +
             ui_px(ui, 4);
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}
