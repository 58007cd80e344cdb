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

#include "app/staff_forms.h"
#include "app/staff_int.h"
#include "app/staff_languages.h"
#include "staff/card.h"
#include "store/store.h"
#include "ticket/ticket.h"

#define CORNER 70            /* design px of the gesture's corner areas */
#define HOLD_MS 3000
#define ARM_MS 5000          /* time to touch the other corner */

int app_is_staff_screen(int screen)
{
    return screen >= SCR_STAFF_LOGIN && screen <= SCR_STAFF_REPORT;
}

int staff_audit_first(struct app *a, const char *action, const char *detail)
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
    int m = ui_px(ui, 10), gap = ui_px(ui, 12);
    /* 52 px buttons in the bars, 12 px apart (issue 15) */
    struct ui_rect top = ui_cut_top(&all, ui_px(ui, 64));
    struct ui_rect bottom = ui_cut_bottom(&all, ui_px(ui, 72));
    ui_rect(ui, top, dark, 0);
    ui_rect(ui, bottom, ui->theme.panel, 0);
    char head[256];
    snprintf(head, sizeof head, "%s%s%s", title, a->staff.name[0] ? " · " : "",
             a->staff.name);
    struct ui_rect tb = ui_inset(top, ui_px(ui, 6));
    struct ui_rect lang = ui_cut_right(&tb, ui_px(ui, 90));
    ui_cut_right(&tb, gap);
    tb.x += m - ui_px(ui, 6);
    tb.w -= m - ui_px(ui, 6);
    ui_text_fit(ui, tb, head, UI_FONT_TITLE, 1, white, UI_LEFT,
                UI_FIT_MIDDLE);
    int en = strcmp(a->staff.lang, "en") == 0;
    if (ui_button(ui, lang, en ? "VI" : "EN", UI_STYLE_NORMAL)) {
        snprintf(a->staff.lang, sizeof a->staff.lang, "%s", en ? "vi" : "en");
        app_view_changed(a); /* labels read with the data */
    }
    struct ui_rect nb = ui_inset(bottom, m);
    struct ui_rect back = ui_cut_left(&nb, ui_px(ui, 160));
    ui_cut_left(&nb, gap);
    struct ui_rect home = ui_cut_left(&nb, ui_px(ui, 200));
    struct ui_rect exit = ui_cut_right(&nb, ui_px(ui, 200));
    if (ui_button(ui, back, st_tr(a, "nav.back"), UI_STYLE_NORMAL)) {
        a->staff.msg[0] = '\0';
        if (a->screen == SCR_STAFF_HOME || a->screen == SCR_STAFF_LOGIN) {
            app_staff_exit(a);
        } else if (a->screen == SCR_STAFF_LANGUAGES &&
                   app_languages_back(a)) {
            /* back inside the room: an item to its list, and so on */
        } else if (a->screen == SCR_STAFF_FORMS && app_forms_back(a)) {
            /* a file to the stick's list, and so on */
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
    {"staff.languages", SCR_STAFF_LANGUAGES},
    {"staff.forms", SCR_STAFF_FORMS},
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
        if (l->draft && app_language_offered(a, l->code)) {
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
            a->staff.forms_place = 0;
            a->next_screen = staff_menu[i].screen;
        }
    }
}
