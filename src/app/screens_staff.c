/* Staff mode: entered by a hidden gesture (hold the top-left corner 3 s,
 * then touch the bottom-right) or by scanning a ticket or a staff card on
 * attract; left by Exit, Back from the staff menu, Escape, or after
 * staff_idle_seconds, and in any case whenever a screen that is not a staff
 * screen shows (app_frame): the session is wiped and the unlocked key
 * freed. Staff screens have their own frame (dark title bar, Back / Staff
 * home / Exit) and language (Vietnamese, or English). The login and the
 * accounts room are in staff_login.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/staff_int.h"
#include "app/ticket_make.h"
#include "staff/card.h"
#include "store/store.h"
#include "survey/survey.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

#define CORNER 70            /* design px of the gesture's corner areas */
#define HOLD_MS 3000
#define ARM_MS 5000          /* time to touch the other corner */

int app_is_staff_screen(int screen)
{
    return screen >= SCR_STAFF_LOGIN && screen <= SCR_STAFF_REPORT;
}

/* An action that is only an audit row (logout, the clock, send now): the
 * row first; 0 if it could not be written, and then the action is not
 * done. */
static int audit_first(struct app *a, const char *action, const char *detail)
{
    if (a->store && store_audit_add(a->store, app_wall(a), a->staff.id,
                                    action, detail) == KIOSK_OK) {
        return 1;
    }
    staff_say(a, "store.unavailable");
    return 0;
}

void app_staff_exit_now(struct app *a)
{
    if (a->staff.key && a->store) {
        /* best effort: the session ends whatever the log says */
        enum kiosk_err e = store_audit_add(a->store, app_wall(a),
                                           a->staff.id, "logout", "");
        (void)e;
    }
    staff_session_wipe(a);
    /* at once, not at the end of the next frame: no staff screen may draw
     * (and write into the session) after the wipe */
    a->screen = SCR_ATTRACT;
    a->next_screen = -1;
    a->redraw = 1;
    a->attract_ms = a->now_ms;
}

/* The hidden gesture; called every frame before the screen. */
void staff_gesture(struct app *a);
void staff_gesture(struct app *a)
{
    struct ui *ui = &a->ui;
    int c = ui_px(ui, CORNER);
    int in_tl = ui->in.x < c && ui->in.y < c;
    int in_br = ui->in.x >= ui->width - c && ui->in.y >= ui->height - c;
    if (ui->in.pressed && in_tl) {
        a->corner_holding = 1;
        a->corner_hold_ms = a->now_ms;
    }
    if (!in_tl || !(ui->in.down || ui->in.released)) {
        a->corner_holding = 0;
    }
    if (a->corner_holding && a->now_ms - a->corner_hold_ms >= HOLD_MS) {
        a->corner_armed_ms = a->now_ms;
        ui->dragging = 1; /* the long hold is not a tap on what is below */
    }
    if (a->corner_armed_ms && !a->corner_holding && ui->in.pressed && in_br &&
        a->now_ms - a->corner_armed_ms <= ARM_MS) {
        a->corner_armed_ms = 0;
        ui->input_enabled = 0; /* this touch belongs to the gesture */
        ui->active = 0;
        staff_open(a, "", NULL);
    }
    if (a->corner_armed_ms && a->now_ms - a->corner_armed_ms > ARM_MS) {
        a->corner_armed_ms = 0;
    }
}

void app_text_input(struct app *a, const char *text)
{
    size_t n = strlen(a->keys);
    snprintf(a->keys + n, sizeof a->keys - n, "%s", text);
    if (app_is_staff_screen(a->screen)) {
        a->staff.last_input_ms = a->now_ms;
    } else {
        app_note_input(a);
    }
}

void app_key(struct app *a, const char *name)
{
    int staff = app_is_staff_screen(a->screen);
    if (staff) {
        a->staff.last_input_ms = a->now_ms;
    } else {
        app_note_input(a);
    }
    if (strcmp(name, "BackSpace") == 0) {
        size_t n = strlen(a->keys);
        if (n) {
            a->keys[n - 1] = '\0';
        }
        return;
    }
    if (strcmp(name, "Escape") == 0) {
        sodium_memzero(a->keys, sizeof a->keys);
        if (staff) {
            /* a keyboard's (or a scanner's) Escape leaves staff mode:
             * exit and lock, the key wiped */
            app_staff_exit(a);
        } else {
            app_back(a);
        }
        return;
    }
    if (strcmp(name, "Return") != 0) {
        return;
    }
    /* a scan (or typed code) ends with Return: a staff card opens the
     * login with it; a ticket URL or code opens the ticket in staff mode,
     * from attract or any staff screen */
    if (staff_card_looks_like(a->keys)) {
        unsigned char card[STORE_CARD_BYTES];
        int ok = staff_card_parse(a->keys, card) == KIOSK_OK;
        sodium_memzero(a->keys, sizeof a->keys);
        if (!ok) {
            if (staff) {
                staff_say(a, "staff.card_bad");
            }
        } else if (a->screen == SCR_ATTRACT) {
            staff_open(a, "", card);
        } else if (a->screen == SCR_STAFF_LOGIN) {
            staff_card_scanned(a, card);
        }
        sodium_memzero(card, sizeof card);
        return;
    }
    char code[TICKET_CODE_SIZE];
    int ok = ticket_code_parse(a->keys, a->site.ticket_url, code) == KIOSK_OK;
    a->keys[0] = '\0';
    if (!ok || !(a->screen == SCR_ATTRACT || staff)) {
        if (staff) {
            staff_say(a, "staff.bad_code");
        }
        return;
    }
    if (a->staff.key) {
        snprintf(a->staff.code, sizeof a->staff.code, "%s", code);
        a->staff.opened_ok = 0;
        a->next_screen = SCR_STAFF_TICKET;
        a->redraw = 1;
    } else {
        staff_open(a, code, NULL);
    }
}

/* The staff frame; returns the content area. */
struct ui_rect staff_frame(struct app *a, const char *title)
{
    struct ui *ui = &a->ui;
    struct ui_rect all = chrome_full(a);
    struct ui_color dark = {0x26, 0x32, 0x38, 255};
    struct ui_color white = {255, 255, 255, 255};
    int m = ui_px(ui, 10);
    struct ui_rect top = ui_cut_top(&all, ui_px(ui, 56));
    struct ui_rect bottom = ui_cut_bottom(&all, ui_px(ui, 72));
    ui_rect(ui, top, dark, 0);
    ui_rect(ui, bottom, ui->theme.panel, 0);
    char head[256];
    snprintf(head, sizeof head, "%s%s%s", title, a->staff.name[0] ? " · " : "",
             a->staff.name);
    struct ui_rect tb = ui_inset(top, m);
    struct ui_rect lang = ui_cut_right(&tb, ui_px(ui, 90));
    int th = ui_text_height(ui, head, UI_FONT_TITLE, 1, 0);
    ui_text(ui, (struct ui_rect){tb.x, tb.y + (tb.h - th) / 2, tb.w, th}, head,
            UI_FONT_TITLE, 1, white, UI_LEFT, 0);
    int en = strcmp(a->staff.lang, "en") == 0;
    if (ui_button(ui, lang, en ? "VI" : "EN", UI_STYLE_NORMAL)) {
        snprintf(a->staff.lang, sizeof a->staff.lang, "%s", en ? "vi" : "en");
        app_view_changed(a); /* labels read with the data */
    }
    struct ui_rect nb = ui_inset(bottom, m);
    struct ui_rect back = ui_cut_left(&nb, ui_px(ui, 160));
    ui_cut_left(&nb, m);
    struct ui_rect home = ui_cut_left(&nb, ui_px(ui, 200));
    struct ui_rect exit = ui_cut_right(&nb, ui_px(ui, 200));
    if (ui_button(ui, back, st_tr(a, "nav.back"), UI_STYLE_NORMAL)) {
        a->staff.msg[0] = '\0';
        if (a->screen == SCR_STAFF_HOME || a->screen == SCR_STAFF_LOGIN) {
            app_staff_exit(a);
        } else {
            a->next_screen = SCR_STAFF_HOME;
        }
    }
    if (a->staff.key &&
        ui_button(ui, home, st_tr(a, "staff.home"), UI_STYLE_NORMAL)) {
        a->staff.msg[0] = '\0';
        a->staff.n_notices = -1;
        a->next_screen = SCR_STAFF_HOME;
    }
    if (ui_button(ui, exit, st_tr(a, "staff.exit"), UI_STYLE_DANGER)) {
        app_staff_exit(a);
    }
    struct ui_rect c = ui_inset(all, ui_px(ui, 12));
    if (a->staff.msg[0]) {
        chrome_notice(a, &c, a->staff.msg);
    }
    return c;
}

/* ---- home ---------------------------------------------------------------- */

static const struct {
    const char *key;
    int screen;
} staff_menu[] = {
    {"staff.lookup", SCR_STAFF_LOOKUP},
    {"staff.today", SCR_STAFF_TODAY},
    {"staff.stats", SCR_STAFF_STATS},
    {"staff.slots", SCR_STAFF_SLOTS},
    {"staff.export", SCR_STAFF_EXPORT},
    {"quiz.report", SCR_STAFF_QUIZ},
    {"staff.reporting", SCR_STAFF_REPORT},
    {"staff.accounts", SCR_STAFF_ACCOUNTS},
    {"staff.audit", SCR_STAFF_AUDIT},
};

/* Notices nobody acknowledged (a damaged or lost database): on the staff
 * home after every login until someone has read them. Read from the store
 * when home is entered, not every frame. */
static int notices(struct app *a, struct ui_rect *c)
{
    struct ui *ui = &a->ui;
    if (a->staff.n_notices < 0) {
        int n = 0;
        enum kiosk_err e = store_notices(a->store, a->staff.notices, 4, &n);
        a->staff.n_notices = e == KIOSK_OK || e == KIOSK_ETOOBIG ? n : 0;
    }
    if (a->staff.n_notices == 0) {
        return 0;
    }
    const struct store_notice *nt = &a->staff.notices[0];
    char line[700];
    char key[64];
    snprintf(key, sizeof key, "staff.notice.%s", nt->kind);
    snprintf(line, sizeof line, "%s\n%s", st_tr(a, key), nt->detail);
    struct ui_rect band = ui_cut_top(c, ui_px(ui, 130));
    ui_cut_top(c, ui_px(ui, 10));
    ui_rect(ui, band, ui->theme.bad, ui_px(ui, 8));
    struct ui_rect in = ui_inset(band, ui_px(ui, 10));
    struct ui_rect ok = ui_cut_right(&in, ui_px(ui, 200));
    ui_text(ui, in, line, UI_FONT_BODY, 0, (struct ui_color){255, 255, 255,
                                                             255},
            UI_LEFT, 1);
    if (ui_button(ui, ok, st_tr(a, "staff.notice_read"), UI_STYLE_NORMAL)) {
        if (store_notice_ack(a->store, nt->id, a->staff.id, app_wall(a)) !=
            KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
        a->staff.n_notices = -1;
    }
    return 1;
}

void screen_staff_home(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.title"));
    notices(a, &c);
    /* which languages of the pack are drafts: staff must know */
    char drafts[512] = "";
    for (int i = 0; a->pack && i < pack_nlangs(a->pack); i++) {
        const struct pack_language *l = pack_lang(a->pack, i);
        if (l->draft && site_language_enabled(&a->site, l->code)) {
            size_t len = strlen(drafts);
            snprintf(drafts + len, sizeof drafts - len, "%s%s",
                     len ? ", " : "", l->name);
        }
    }
    if (drafts[0]) {
        char line[700];
        snprintf(line, sizeof line, "%s: %s", st_tr(a, "staff.draft_badge"),
                 drafts);
        struct ui_rect band = ui_cut_bottom(&c, ui_px(ui, 56));
        ui_rect(ui, band, ui->theme.warn, ui_px(ui, 8));
        ui_text(ui, ui_inset(band, ui_px(ui, 8)), line, UI_FONT_BODY, 1,
                (struct ui_color){0x20, 0x18, 0, 255}, UI_LEFT, 1);
        ui_cut_bottom(&c, ui_px(ui, 10));
    }
    int n = (int)(sizeof staff_menu / sizeof staff_menu[0]);
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(c, n, 4, ui_px(ui, 12), i);
        if (ui_tile(ui, cell, st_tr(a, staff_menu[i].key), NULL, NULL,
                    UI_STYLE_NORMAL, 0)) {
            a->staff.msg[0] = '\0';
            a->staff.code[0] = '\0';
            a->staff.scroll = 0;
            a->staff.step = STAFF_PICK;
            a->staff.making = 0;
            a->staff.day = 0;
            a->staff.audit_before = 0;
            a->next_screen = staff_menu[i].screen;
        }
    }
}

/* ---- lookup and ticket ----------------------------------------------------- */

void screen_staff_lookup(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.lookup"));
    struct ui_rect top = ui_cut_top(&c, ui_px(ui, 90));
    ui_text(ui, top, st_tr(a, "staff.lookup_hint"), UI_FONT_BODY, 0,
            ui->theme.text_dim, UI_LEFT, 1);
    int th = ui_text_height(ui, "0", UI_FONT_TITLE, 1, 0);
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
static const struct survey_form *form_by_id(const struct app *a,
                                            const char *id)
{
    for (int i = 0; i < a->nforms; i++) {
        if (strcmp(survey_form_id(a->forms[i]), id) == 0) {
            return a->forms[i];
        }
    }
    return NULL;
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
    const struct survey_form *f = form_by_id(a, o->form_id);
    struct survey_run *run = f ? survey_run_new(f) : NULL;
    size_t used = 0;
    out[0] = '\0';
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
        b[i] = ui_grid_cell(actions, 4, 4, ui_px(ui, 8), i);
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
        struct ticket_buf buf;
        struct ticket_job *job = NULL;
        /* the reprint is recorded (and audited) first: no record, no
         * second copy of a ticket */
        e = store_ticket_printed(a->store, tk->id, app_wall(a), a->staff.id);
        if (e == KIOSK_OK &&
            (ticket_make_escpos(a, tk->code, tk->slot_start, tk->language,
                                &buf) != KIOSK_OK ||
             ticket_job_start(a->site.printer, buf.data, buf.len,
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
        int64_t local = t->slot_start + 7 * 3600;
        snprintf(when, sizeof when, "%02d:%02d", (int)(local % 86400 / 3600),
                 (int)(local % 3600 / 60));
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
        long today = (long)((app_wall(a) + 7 * 3600) / 86400);
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
    const struct survey_form *f = form_by_id(b->a, c->form_id);
    bar_add(b, f ? survey_form_title(f) : c->form_id, c->n);
    return 0;
}

/* A measure's value as staff read it: the form's labels and the colour of
 * its declared level; raw ids only for a form the pack no longer has. */
static int by_band_cb(void *ctx, const struct store_count *c)
{
    char label[96];
    struct bars *b = ctx;
    const struct survey_form *f = form_by_id(b->a, c->form_id);
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
            ui_rect(ui, bar, b->level[i] >= 0 ? band[b->level[i]]
                                              : colours[i % 6],
                    ui_px(ui, 4));
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
    v->e = staff_period(kinds[a->staff.period & 3], app_wall(a), 7 * 3600,
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
        struct ui_rect cell = ui_grid_cell(tabs, 4, 4, ui_px(ui, 8), i);
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
        int64_t local = r->time + 7 * 3600;
        int yy, mm, dd;
        site_day_date((long)(local / 86400), &yy, &mm, &dd);
        char line[400], key[48];
        snprintf(key, sizeof key, "audit.%s", r->action);
        const char *what = a->pack && pack_has_str(a->pack, key)
                               ? st_tr(a, key)
                               : r->action; /* an action newer than the
                                              pack: its id, not nothing */
        snprintf(line, sizeof line, "%02d/%02d %02d:%02d  %s  %s  %s", dd, mm,
                 (int)(local % 86400 / 3600), (int)(local % 3600 / 60),
                 staff_name(v, r->staff_id), what, r->detail);
        y += ui_text(ui, (struct ui_rect){c.x, y, c.w - ui_px(ui, 14), 0},
                     line, UI_FONT_BODY, 0, ui->theme.text, UI_LEFT, 1) +
             ui_px(ui, 4);
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

/* ---- slots, closed days and the clock ------------------------------------------ */

#define DAY_SLOTS 288 /* a slot every 5 minutes, all day */

/* One day's slots and whether it is closed. */
struct slots_view {
    enum kiosk_err e;
    long day;
    int closed, n;
    struct store_slot slots[DAY_SLOTS];
};

void screen_staff_slots(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.slots"));
    /* the kiosk's clock, with buttons to correct it */
    int64_t now = app_wall(a), local = now + 7 * 3600;
    int y, m, d;
    site_day_date((long)(local / 86400), &y, &m, &d);
    char clock[96];
    snprintf(clock, sizeof clock, "%s %02d/%02d/%04d %02d:%02d",
             st_tr(a, "staff.clock"), d, m, y, (int)(local % 86400 / 3600),
             (int)(local % 3600 / 60));
    struct ui_rect row = ui_cut_top(&c, ui_px(ui, 50));
    struct ui_rect txt = ui_cut_left(&row, row.w * 2 / 5);
    int th = ui_text_height(ui, clock, UI_FONT_BODY, 1, 0);
    ui_text(ui, (struct ui_rect){txt.x, txt.y + (txt.h - th) / 2, txt.w, th},
            clock, UI_FONT_BODY, 1, t->text, UI_LEFT, 0);
    static const struct {
        const char *label;
        int64_t secs;
    } steps[6] = {{"-1d", -86400}, {"+1d", 86400}, {"-1h", -3600},
                  {"+1h", 3600},   {"-10m", -600}, {"+10m", 600}};
    for (int i = 0; i < 6; i++) {
        struct ui_rect cell = ui_grid_cell(row, 6, 6, ui_px(ui, 6), i);
        char detail[64];
        snprintf(detail, sizeof detail, "%+lld s", (long long)steps[i].secs);
        if (ui_button(ui, cell, steps[i].label, UI_STYLE_NORMAL) &&
            audit_first(a, "clock", detail)) {
            app_set_clock_offset(a, a->clock_offset + steps[i].secs);
        }
    }
    ui_cut_top(&c, ui_px(ui, 8));
    /* the next seven days */
    long today = (long)(local / 86400);
    if (a->staff.day < today) {
        a->staff.day = today;
    }
    struct ui_rect days = ui_cut_top(&c, ui_px(ui, 50));
    for (int i = 0; i < 7; i++) {
        long day = today + i;
        int yy, mm, dd;
        site_day_date(day, &yy, &mm, &dd);
        char label[16];
        snprintf(label, sizeof label, "%02d/%02d", dd, mm);
        struct ui_rect cell = ui_grid_cell(days, 7, 7, ui_px(ui, 6), i);
        if (ui_button(ui, cell, label,
                      day == a->staff.day ? UI_STYLE_ACCENT
                                          : UI_STYLE_NORMAL)) {
            a->staff.day = day;
            app_view_changed(a);
        }
    }
    ui_cut_top(&c, ui_px(ui, 8));
    long day = a->staff.day;
    int load = 0;
    struct slots_view *v = staff_view(a, sizeof *v, &load);
    if (v && (load || v->day != day)) {
        v->day = day;
        v->e = store_closed_day_is(a->store, day, &v->closed);
        if (v->e == KIOSK_OK) {
            v->e = store_slots_for_day(a->store, day, v->slots, DAY_SLOTS,
                                       &v->n);
        }
    }
    if (!v || v->e != KIOSK_OK) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                t->text, UI_LEFT, 1);
        return;
    }
    int closed = v->closed, n = v->n;
    const struct store_slot *slots = v->slots;
    struct ui_rect actions = ui_cut_bottom(&c, ui_px(ui, 54));
    struct ui_rect close_b = ui_cut_left(&actions, actions.w / 2 -
                                                       ui_px(ui, 5));
    ui_cut_left(&actions, ui_px(ui, 10));
    if (ui_button(ui, close_b,
                  st_tr(a, closed ? "staff.open_day" : "staff.close_day"),
                  closed ? UI_STYLE_ACCENT : UI_STYLE_DANGER)) {
        enum kiosk_err e =
            closed ? store_closed_day_remove(a->store, day, now, a->staff.id)
                   : store_closed_day_add(a->store, day, "staff", now,
                                          a->staff.id);
        if (e != KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
        app_view_changed(a);
    }
    if (!closed && ui_button(ui, actions, st_tr(a, "staff.add_slot"),
                             UI_STYLE_NORMAL)) {
        /* after the last slot, or at the first opening hour */
        int starts[SITE_MAX_SLOTS];
        int k = site_day_slots(&a->site, day, starts, SITE_MAX_SLOTS);
        int64_t start = n ? slots[n - 1].start + slots[n - 1].length
                          : (int64_t)day * 86400 - 7 * 3600 +
                                (k ? starts[0] : 8 * 3600);
        if (store_slot_add(a->store, start, a->site.slot_minutes * 60,
                           a->site.slot_capacity, now, a->staff.id,
                           NULL) != KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
        app_view_changed(a);
    }
    ui_cut_bottom(&c, ui_px(ui, 8));
    if (closed) {
        ui_text(ui, c, st_tr(a, "staff.day_closed"), UI_FONT_BODY, 1, t->text,
                UI_LEFT, 1);
        return;
    }
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int yy = y0, rh = ui_px(ui, 50);
    for (int i = 0; i < n; i++) {
        struct ui_rect r = {c.x, yy, c.w - ui_px(ui, 14), rh - ui_px(ui, 6)};
        yy += rh;
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        int64_t sl = slots[i].start + 7 * 3600;
        char label[96];
        snprintf(label, sizeof label, "%02d:%02d   %d / %d%s%s",
                 (int)(sl % 86400 / 3600), (int)(sl % 3600 / 60),
                 slots[i].booked, slots[i].capacity,
                 slots[i].blocked ? " · " : "",
                 slots[i].blocked ? st_tr(a, "staff.blocked") : "");
        struct ui_rect rm = ui_cut_right(&r, ui_px(ui, 150));
        ui_cut_right(&r, ui_px(ui, 8));
        struct ui_rect bl = ui_cut_right(&r, ui_px(ui, 150));
        th = ui_text_height(ui, label, UI_FONT_BUTTON, 1, 0);
        ui_text(ui, (struct ui_rect){r.x, r.y + (r.h - th) / 2, r.w, th},
                label, UI_FONT_BUTTON, 1,
                slots[i].blocked ? t->text_dim : t->text, UI_LEFT, 0);
        enum kiosk_err e = KIOSK_OK;
        if (ui_button(ui, bl, st_tr(a, slots[i].blocked ? "staff.unblock"
                                                        : "staff.block"),
                      UI_STYLE_NORMAL)) {
            e = store_slot_block(a->store, slots[i].id, !slots[i].blocked,
                                 now, a->staff.id);
            app_view_changed(a);
        }
        if (slots[i].booked == 0 &&
            ui_button(ui, rm, st_tr(a, "staff.remove"), UI_STYLE_DANGER)) {
            e = store_slot_remove(a->store, slots[i].id, now, a->staff.id);
            app_view_changed(a);
        }
        if (e != KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
    }
    a->staff.scroll_h = yy - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

/* ---- export ------------------------------------------------------------------- */

void screen_staff_export(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.export"));
    static const struct {
        const char *key;
        enum staff_period_kind kind;
    } periods[5] = {{"staff.week", STAFF_THIS_WEEK},
                    {"staff.month", STAFF_THIS_MONTH},
                    {"staff.last_month", STAFF_LAST_MONTH},
                    {"staff.6months", STAFF_LAST_6_MONTHS},
                    {"staff.year", STAFF_THIS_YEAR}};
    struct ui_rect tabs = ui_cut_top(&c, ui_px(ui, 52));
    ui_cut_top(&c, ui_px(ui, 10));
    int sel = a->staff.period % 5;
    for (int i = 0; i < 5; i++) {
        struct ui_rect cell = ui_grid_cell(tabs, 5, 5, ui_px(ui, 8), i);
        if (ui_button(ui, cell, st_tr(a, periods[i].key),
                      sel == i ? UI_STYLE_ACCENT : UI_STYLE_NORMAL)) {
            a->staff.period = i;
        }
    }
    /* where: --export-dir, else the first USB stick under /media */
    char dir[512] = "";
    if (a->export_dir[0]) {
        snprintf(dir, sizeof dir, "%s", a->export_dir);
    } else if (staff_find_media(NULL, "/media/", dir, sizeof dir) !=
               KIOSK_OK) {
        dir[0] = '\0';
    }
    char line[700];
    snprintf(line, sizeof line, "%s %s", st_tr(a, "staff.export_to"),
             dir[0] ? dir : st_tr(a, "staff.no_usb"));
    int h = ui_text(ui, c, line, UI_FONT_BODY, 1, ui->theme.text, UI_LEFT, 1);
    ui_cut_top(&c, h + ui_px(ui, 12));
    struct ui_rect go = ui_cut_top(&c, ui_px(ui, 64));
    go.w = go.w / 2;
    if (dir[0] && ui_button(ui, go, st_tr(a, "staff.export_now"),
                            UI_STYLE_ACCENT)) {
        long from = 0, to = 0;
        struct staff_export_cfg cfg = {a->dhis2, app_wall(a), a->staff.id};
        struct staff_export_result res;
        struct kiosk_diag d = {0};
        enum kiosk_err e = staff_period(periods[sel].kind, app_wall(a),
                                        7 * 3600, &from, &to);
        if (e == KIOSK_OK) {
            e = staff_export(a->store, &cfg, dir, from, to, &res, &d);
        }
        if (e == KIOSK_OK) {
            app_quiz_report(a, dir, from, to); /* school quiz days, if any */
            snprintf(a->staff.msg, sizeof a->staff.msg,
                     "%s: %lld / %lld / %lld%s%s", st_tr(a, "staff.exported"),
                     (long long)res.screenings, (long long)res.tickets,
                     (long long)res.aggregate_rows,
                     res.dhis2_written ? " · DHIS2 " : "",
                     res.dhis2_written ? res.period : "");
        } else if (d.n > 0) {
            kiosk_diag_format(&d.items[0], a->staff.msg, sizeof a->staff.msg);
        } else {
            snprintf(a->staff.msg, sizeof a->staff.msg, "%s",
                     kiosk_strerror(e));
        }
        kiosk_diag_free(&d);
    }
}

/* ---- reporting to ODK Central ------------------------------------------------- */

static void fmt_time(const struct app *a, int64_t t, char *buf, size_t n)
{
    if (t <= 0) {
        snprintf(buf, n, "%s", st_tr(a, "staff.never"));
        return;
    }
    int64_t local = t + 7 * 3600;
    int y, m, d;
    site_day_date((long)(local / 86400), &y, &m, &d);
    snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", d, m, y,
             (int)(local % 86400 / 3600), (int)(local % 3600 / 60));
}

void screen_staff_report(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.reporting"));
    if (!a->report.enabled || !a->sender) {
        ui_text(ui, c, st_tr(a, "staff.reporting_off"), UI_FONT_BODY, 0,
                t->text, UI_LEFT, 1);
        return;
    }
    struct report_status st;
    report_status(a->sender, &st);
    char last[32], oldest[32], line[900];
    fmt_time(a, st.last_success, last, sizeof last);
    fmt_time(a, st.oldest_pending, oldest, sizeof oldest);
    snprintf(line, sizeof line,
             "%s: %s\n%s: %lld   %s: %lld   %s: %lld\n%s: %s%s%s",
             st_tr(a, "staff.last_sync"), last, st_tr(a, "staff.sent"),
             (long long)st.sent, st_tr(a, "staff.waiting_retry"),
             (long long)st.failures, st_tr(a, "staff.parked"),
             (long long)st.parked, st_tr(a, "staff.oldest_waiting"),
             st.queue_empty ? "—" : oldest, st.held ? "\n" : "",
             st.held ? st_tr(a, "staff.held") : "");
    int h = ui_text(ui, c, line, UI_FONT_BODY, 1, t->text, UI_LEFT, 1);
    ui_cut_top(&c, h + ui_px(ui, 8));
    if (st.last_error[0]) {
        h = ui_text(ui, c, st.last_error, UI_FONT_SMALL, 0, t->text_dim,
                    UI_LEFT, 1);
        ui_cut_top(&c, h + ui_px(ui, 8));
    }
    for (int i = 0; i < st.n_recent && i < 3; i++) {
        snprintf(line, sizeof line, "%s: %s", st_tr(a, "staff.parked"),
                 st.recent[i].reason);
        h = ui_text(ui, c, line, UI_FONT_SMALL, 0, t->text_dim, UI_LEFT, 1);
        ui_cut_top(&c, h + ui_px(ui, 4));
    }
    struct ui_rect b = ui_cut_bottom(&c, ui_px(ui, 60));
    b.w /= 2;
    if (ui_button(ui, b, st_tr(a, "staff.send_now"), UI_STYLE_ACCENT) &&
        audit_first(a, "send-now", "")) {
        report_send_now(a->sender);
    }
}
