/* Staff mode, the tickets room: find a ticket (typed or scanned), the
 * ticket with its sealed screening opened on request (audited), attended,
 * reprint, cancel; and today's tickets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "app/staff_int.h"
#include "app/ticket_make.h"
#include "store/store.h"
#include "survey/survey.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

/* ---- lookup and ticket ----------------------------------------------------- */

void screen_staff_lookup(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.lookup"));
    struct ui_rect top = ui_cut_top(&c, ui_px(ui, 90));
    int th = ui_text_height(ui, "0", UI_FONT_TITLE, 1, 0);
    ui_text_fit(ui, (struct ui_rect){top.x, top.y, top.w, top.h - th},
                st_tr(a, "staff.lookup_hint"), UI_FONT_BODY, 0,
                ui->theme.text_dim, UI_LEFT, UI_FIT_WRAP);
    ui_text(ui, (struct ui_rect){top.x, top.y + top.h - th, top.w, th},
            a->staff.entry, UI_FONT_TITLE, 1, ui->theme.text, UI_LEFT, 0);
    ui_cut_top(&c, ui_px(ui, 8));
    if (ui_keypad(ui, c, a->staff.entry, 14, 1, "OK",
                  st_tr(a, "nav.erase"))) {
        char code[TICKET_CODE_SIZE];
        if (ticket_code_parse(a->staff.entry, a->site.ticket_url, code) ==
            KIOSK_OK) {
            snprintf(a->staff.code, sizeof a->staff.code, "%s", code);
            a->staff.entry[0] = '\0';
            a->staff.ticket_loaded = 0;
            a->next_screen = SCR_STAFF_TICKET;
        } else {
            staff_say(a, "staff.bad_code");
        }
    }
}

/* The form a record was answered on, if the pack still has it. */
const struct survey_form *staff_form_by_id(const struct app *a,
                                           const char *id)
{
    int i = app_form_index(a, id);
    return i >= 0 ? a->forms[i] : NULL;
}

/* Appends printf-style text to the opened record's text (wiped later). */
static size_t opened_put(char *out, size_t n, size_t used, const char *fmt,
                         const char *x, const char *y)
{
    if (used >= n) {
        return used;
    }
    int k = snprintf(out + used, n - used, fmt, x, y);
    return k < 0 ? used : used + (size_t)k;
}

/* An opened record as staff read it: the form's measures with their labels
 * (never raw ids), then each answered question with the label of its
 * answer, in the staff language; through a scratch run of the form, wiped
 * when freed. A form no longer in the pack shows the raw lines. */
static void opened_text(const struct app *a, const struct store_opened *o,
                        const char *lang, char *out, size_t n)
{
    const struct survey_form *f = staff_form_by_id(a, o->form_id);
    struct survey_run *run = f ? survey_run_new(f) : NULL;
    size_t used = 0;
    out[0] = '\0';
    if (run) {
        /* today() as on the day of the visit, at the site's clock */
        char day[16];
        date_format(o->time, a->site.utc_offset, DATE_YMD, day, sizeof day);
        enum kiosk_err e = survey_run_set_today(run, day);
        (void)e; /* date_format writes YYYY-MM-DD */
    }
    if (!run) {
        used = opened_put(out, n, used, "%s %s\n", o->form_id,
                          o->form_version);
        for (int i = 0; i < o->n_values; i++) {
            used = opened_put(out, n, used, "%s = %s\n", o->values[i].name,
                              o->values[i].value);
        }
        opened_put(out, n, used, "%s%s", "\n", o->answers);
        return;
    }
    used = opened_put(out, n, used, "%s%s\n", survey_form_title(f),
                      strcmp(o->form_version, survey_form_version(f))
                          ? " *" : "");
    /* measures: as the record has them, named by the form */
    for (int m = 0; m < survey_form_measure_count(f); m++) {
        const char *v = "";
        for (int i = 0; i < o->n_values; i++) {
            if (strcmp(o->values[i].name, survey_measure_name(f, m)) == 0) {
                v = o->values[i].value;
            }
        }
        int k = survey_measure_find_value(f, m, v);
        if (k >= 0) {
            used = opened_put(out, n, used, "%s: %s\n",
                              survey_measure_label(f, m, lang),
                              survey_measure_value_label(f, m, k, lang));
        }
    }
    used = opened_put(out, n, used, "%s%s", "\n", "");
    char line[SURVEY_MAX_ANSWER + 128];
    for (const char *p = o->answers; *p;) {
        size_t len = strcspn(p, "\n");
        const char *eq = memchr(p, '=', len);
        if (eq && len < sizeof line) {
            memcpy(line, p, len);
            line[len] = '\0';
            line[eq - p] = '\0';
            enum kiosk_err e = survey_run_set(run, line, line + (eq - p) + 1);
            (void)e; /* an answer the form no longer has is left out */
        }
        p += len + (p[len] == '\n');
    }
    sodium_memzero(line, sizeof line);
    for (int i = 0; i < survey_form_item_count(f) && used < n; i++) {
        enum survey_type t = survey_item_type(f, i);
        const char *v = survey_run_value(run, i);
        if (!v[0] || t == SURVEY_NOTE || t == SURVEY_CALCULATE ||
            t == SURVEY_ACKNOWLEDGE || t >= SURVEY_BEGIN_GROUP) {
            continue;
        }
        char shown[1024] = "";
        if (t == SURVEY_SELECT_ONE || t == SURVEY_SELECT_MULTIPLE) {
            size_t sl = 0;
            for (int k = 0; k < survey_run_choice_count(run, i); k++) {
                if (survey_run_is_selected(run, i,
                                           survey_run_choice_name(run, i, k))) {
                    sl = opened_put(shown, sizeof shown, sl, "%s%s",
                                    sl ? "; " : "",
                                    survey_run_choice_label(run, i, k, lang));
                }
            }
        } else {
            snprintf(shown, sizeof shown, "%s", v);
        }
        used = opened_put(out, n, used, "%s: %s\n",
                          survey_item_label(f, i, lang), shown);
        sodium_memzero(shown, sizeof shown);
    }
    survey_run_free(run);
}

/* The ticket on screen, read when it changes (not every frame). */
static int load_ticket(struct app *a)
{
    if (strcmp(a->staff.ticket.code, a->staff.code) != 0 ||
        !a->staff.ticket_loaded) {
        if (strcmp(a->staff.ticket.code, a->staff.code) != 0) {
            /* another ticket: what was opened for the last one goes */
            sodium_memzero(a->staff.opened, sizeof a->staff.opened);
            a->staff.opened_ok = 0;
        }
        enum kiosk_err e = store_ticket_by_code(a->store, a->staff.code,
                                                &a->staff.ticket);
        a->staff.ticket_loaded = e == KIOSK_OK ? 1 : e == KIOSK_ENOENT ? 2
                                                                        : 3;
        if (e != KIOSK_OK) {
            snprintf(a->staff.ticket.code, sizeof a->staff.ticket.code, "%s",
                     a->staff.code);
        }
    }
    return a->staff.ticket_loaded;
}

/* A second copy of ticket tk, recorded (and audited) first: no record, no
 * copy. Returns the store's answer; a printer that fails is said. */
static enum kiosk_err reprint(struct app *a, const struct store_ticket *tk)
{
    struct ticket_buf buf;
    struct ticket_job *job = NULL;
    enum kiosk_err e = store_ticket_printed(a->store, tk->id, app_wall(a),
                                            a->staff.id);
    if (e == KIOSK_OK &&
        (ticket_make_escpos(a, tk->code, tk->slot_start, tk->language,
                            &buf) != KIOSK_OK ||
         ticket_printer_submit(a->printer, buf.data, buf.len,
                               &(struct ticket_job_opts){
                                   a->site.printer_timeout_ms, 0},
                               &job) != KIOSK_OK)) {
        staff_say(a, "ticket.printer_failed");
    } else if (e == KIOSK_OK) {
        app_keep_printing(a, job);
    }
    if (e == KIOSK_OK) {
        free(buf.data);
    }
    return e;
}

void screen_staff_ticket(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.ticket"));
    int loaded = load_ticket(a);
    if (loaded != 1) {
        ui_text(ui, c, st_tr(a, loaded == 2 ? "staff.no_ticket"
                                            : "store.unavailable"),
                UI_FONT_TILE, 1, t->text, UI_LEFT, 1);
        return;
    }
    const struct store_ticket *tk = &a->staff.ticket;
    char grouped[32], when[128], line[1200];
    if (ticket_code_format_grouped(tk->code, grouped, sizeof grouped)) {
        snprintf(grouped, sizeof grouped, "%s", tk->code);
    }
    if (tk->slot_start > 0) {
        ticket_format_slot(a, tk->slot_start, a->staff.lang, when,
                           sizeof when);
    } else {
        snprintf(when, sizeof when, "%s", st_tr(a, "ticket.any_time"));
    }
    static const char *const states[3] = {"staff.state.issued",
                                          "staff.state.attended",
                                          "staff.state.cancelled"};
    struct ui_rect actions = ui_cut_bottom(&c, ui_px(ui, 60));
    int y = c.y, w = c.w;
    y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, grouped, UI_FONT_HUGE, 1,
                 t->text, UI_LEFT, 0);
    snprintf(line, sizeof line, "%s · %s · %s %s", when,
             st_tr(a, states[tk->state % 3]), st_tr(a, "staff.language"),
             tk->language);
    y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, line, UI_FONT_BODY, 1,
                 t->text, UI_LEFT, 1) + ui_px(ui, 8);
    struct ui_rect rest = {c.x, y, w, c.y + c.h - y};
    if (a->staff.opened_ok) {
        int y0 = ui_scroll_begin(ui, rest, &a->staff.scroll,
                                 a->staff.scroll_h);
        a->staff.scroll_h = ui_text(ui, (struct ui_rect){rest.x, y0,
                                                         rest.w - ui_px(ui, 14),
                                                         0},
                                    a->staff.opened, UI_FONT_BODY, 0, t->text,
                                    UI_LEFT, 1);
        ui_scroll_end(ui, rest, a->staff.scroll, a->staff.scroll_h);
    } else if (!tk->screening_id) {
        ui_text(ui, rest, st_tr(a, "staff.no_screening"), UI_FONT_BODY, 0,
                t->text_dim, UI_LEFT, 1);
    }
    struct ui_rect b[4];
    for (int i = 0; i < 4; i++) {
        b[i] = ui_grid_cell(actions, 4, 4, ui_px(ui, 12), i);
    }
    enum kiosk_err e = KIOSK_OK;
    if (tk->state == STORE_TICKET_ISSUED &&
        ui_button(ui, b[0], st_tr(a, "staff.attended"), UI_STYLE_ACCENT)) {
        e = store_ticket_set_state(a->store, tk->id, STORE_TICKET_ATTENDED,
                                   app_wall(a), a->staff.id);
        a->staff.ticket_loaded = 0;
    }
    if (tk->screening_id && !a->staff.opened_ok &&
        ui_button(ui, b[1], st_tr(a, "staff.answers"), UI_STYLE_NORMAL)) {
        struct store_opened *o = NULL;
        e = store_open_screening(a->store, a->staff.key, tk->screening_id,
                                 tk->code, app_wall(a), &o);
        if (e == KIOSK_OK) {
            opened_text(a, o, a->staff.lang, a->staff.opened,
                        sizeof a->staff.opened);
            a->staff.opened_ok = 1;
            a->staff.scroll = 0;
        }
        store_opened_free(o); /* wiped */
    }
    if (ui_button(ui, b[2], st_tr(a, "staff.reprint"), UI_STYLE_NORMAL)) {
        e = reprint(a, tk);
        a->staff.ticket_loaded = 0;
    }
    if (tk->state == STORE_TICKET_ISSUED &&
        ui_button(ui, b[3], st_tr(a, "staff.cancel"), UI_STYLE_DANGER)) {
        e = store_ticket_set_state(a->store, tk->id, STORE_TICKET_CANCELLED,
                                   app_wall(a), a->staff.id);
        a->staff.ticket_loaded = 0;
    }
    if (e != KIOSK_OK) {
        staff_say(a, "store.unavailable");
    }
}

/* ---- today ----------------------------------------------------------------- */

#define TODAY_MAX 500 /* tickets a day listed; more are counted */

struct today_view {
    enum kiosk_err e;
    int n, total;              /* listed, and all of the day */
    struct store_ticket t[TODAY_MAX];
};

static int today_cb(void *ctx, const struct store_ticket *t)
{
    struct today_view *v = ctx;
    if (v->n < TODAY_MAX) {
        v->t[v->n++] = *t;
    }
    v->total++;
    return 0;
}

static void today_row(struct app *a, const struct store_ticket *t,
                      struct ui_rect row)
{
    struct ui *ui = &a->ui;
    static const char *const states[3] = {"staff.state.issued",
                                          "staff.state.attended",
                                          "staff.state.cancelled"};
    char grouped[32], when[32], line[256];
    if (ticket_code_format_grouped(t->code, grouped, sizeof grouped)) {
        snprintf(grouped, sizeof grouped, "%s", t->code);
    }
    if (t->slot_start > 0) {
        date_format(t->slot_start, a->site.utc_offset, DATE_HM, when,
                    sizeof when);
    } else {
        snprintf(when, sizeof when, "%s", "—");
    }
    snprintf(line, sizeof line, "%s   %s", when, grouped);
    struct ui_rect right = row;
    struct ui_rect left = ui_cut_left(&right, row.w * 2 / 3);
    if (ui_button(ui, left, line, UI_STYLE_NORMAL)) {
        snprintf(a->staff.code, sizeof a->staff.code, "%.15s", t->code);
        a->staff.ticket_loaded = 0;
        a->next_screen = SCR_STAFF_TICKET;
    }
    int th = ui_text_height(ui, "Ag", UI_FONT_BODY, 1, 0);
    ui_text(ui, (struct ui_rect){right.x + ui_px(ui, 12),
                                 right.y + (row.h - th) / 2, right.w, th},
            st_tr(a, states[t->state % 3]), UI_FONT_BODY, 1,
            t->state == STORE_TICKET_ATTENDED ? ui->theme.good
                                              : ui->theme.text,
            UI_LEFT, 0);
}

void screen_staff_today(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.today"));
    int load = 0;
    struct today_view *v = staff_view(a, sizeof *v, &load);
    if (v && load) {
        long today = date_day(app_wall(a), a->site.utc_offset);
        v->e = store_tickets_for_day(a->store, today, today_cb, v);
    }
    if (!v || v->e != KIOSK_OK) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    if (v->total == 0) {
        ui_text(ui, c, st_tr(a, "staff.none_today"), UI_FONT_BODY, 0,
                ui->theme.text_dim, UI_LEFT, 1);
        return;
    }
    if (v->total > v->n) {
        /* never a silent cap: say how many more there are */
        char line[200];
        snprintf(line, sizeof line, "%s %d", st_tr(a, "staff.today_more"),
                 v->total - v->n);
        chrome_notice(a, &c, line);
    }
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int h = ui_px(ui, 56), y = y0;
    for (int i = 0; i < v->n; i++, y += h + ui_px(ui, 8)) {
        struct ui_rect row = {c.x, y, c.w - ui_px(ui, 12), h};
        if (row.y + h > c.y && row.y < c.y + c.h) {
            today_row(a, &v->t[i], row);
        }
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}
