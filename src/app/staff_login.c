/* Who may unlock: the staff login (name or scanned card, then PIN), the
 * first account (setup code), staff cards being made, printed or shown,
 * and the accounts room.
 *
 * The site key opens only with a PIN and the member's staff card together
 * (store.h). A card is made for every new account, for a member who lost
 * theirs, and for accounts from before cards existed (at their first
 * login). Losing every card loses the answers, never the counts: the
 * screens say so, and urge a second account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/staff_int.h"
#include "app/staff_languages.h"
#include "app/ticket_make.h"
#include "staff/card.h"
#include "store/store.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

#define MAX_LIST STORE_MAX_STAFF

const char *st_tr(const struct app *a, const char *key)
{
    return app_tr_lang(a, a->staff.lang[0] ? a->staff.lang : "vi", key);
}

void staff_say(struct app *a, const char *key)
{
    snprintf(a->staff.msg, sizeof a->staff.msg, "%s", st_tr(a, key));
    a->redraw = 1;
}

static void view_free(struct app *a)
{
    if (a->staff.view) {
        sodium_memzero(a->staff.view, a->staff.view_size);
        free(a->staff.view);
    }
    a->staff.view = NULL;
    a->staff.view_size = 0;
}

void *staff_view(struct app *a, size_t size, int *load)
{
    *load = a->view_stale || !a->staff.view || a->staff.view_size != size;
    a->view_stale = 0;
    if (*load) {
        view_free(a);
        a->staff.view = calloc(1, size);
        a->staff.view_size = a->staff.view ? size : 0;
    }
    return a->staff.view;
}

void staff_session_wipe(struct app *a)
{
    app_languages_wipe(a); /* a recording in progress, a take not kept */
    view_free(a);
    store_key_free(a->staff.key); /* sodium_free wipes it */
    app_keep_printing(a, a->staff.card_job);
    sodium_memzero(&a->staff, sizeof a->staff);
}

void staff_open(struct app *a, const char *code, const unsigned char *card)
{
    if (a->visit.active) {
        app_end_visit(a, "left");
    }
    a->staff.active = 1;
    if (!a->staff.lang[0]) {
        snprintf(a->staff.lang, sizeof a->staff.lang, "%s", "vi");
    }
    snprintf(a->staff.code, sizeof a->staff.code, "%s", code);
    a->staff.last_input_ms = a->now_ms;
    a->staff.msg[0] = '\0';
    if (a->staff.key) {
        a->next_screen = code[0] ? SCR_STAFF_TICKET : SCR_STAFF_HOME;
    } else {
        a->staff.step = STAFF_PICK;
        a->next_screen = SCR_STAFF_LOGIN;
        if (card) {
            staff_card_scanned(a, card);
        }
    }
    a->redraw = 1;
}

void staff_card_scanned(struct app *a, const unsigned char *card)
{
    if (!a->store || a->staff.key || a->staff.step >= STAFF_SETUP_CODE) {
        return; /* not at the login: the card means nothing here */
    }
    int64_t id = 0;
    struct store_staff sf;
    if (store_staff_by_card(a->store, card, &id) != KIOSK_OK ||
        store_staff_get(a->store, id, &sf) != KIOSK_OK) {
        staff_say(a, "staff.card_unknown");
        return;
    }
    a->staff.pick_id = id;
    a->staff.pick_has_card = 1;
    snprintf(a->staff.pick_name, sizeof a->staff.pick_name, "%s", sf.name);
    memcpy(a->staff.card, card, sizeof a->staff.card);
    a->staff.card_ok = 1;
    a->staff.entry[0] = '\0';
    a->staff.msg[0] = '\0';
    a->staff.step = STAFF_PIN;
}

/* ---- the keypad --------------------------------------------------------- */

void staff_pin_pad(struct app *a, struct ui_rect c, const char *prompt,
                   int min_len, void (*done)(struct app *a))
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int landscape = ui->width > ui->height;
    struct ui_rect pad = landscape ? ui_cut_right(&c, c.w / 2)
                                   : ui_cut_bottom(&c, c.h / 2);
    int y = c.y;
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w - ui_px(ui, 10), 0}, prompt,
                 UI_FONT_TILE, 1, t->text, UI_LEFT, 1) + ui_px(ui, 12);
    /* dots, never the digits */
    char dots[3 * 64 + 1] = "";
    size_t n = strlen(a->staff.entry);
    for (size_t i = 0; i < n && i < 64; i++) {
        memcpy(dots + 3 * i, "\xE2\x80\xA2", 4); /* U+2022 bullet */
    }
    struct ui_rect box = {c.x, y, c.w - ui_px(ui, 20), ui_px(ui, 60)};
    ui_rect(ui, box, t->panel, ui_px(ui, 8));
    ui_outline(ui, box, t->accent, ui_px(ui, 8), ui_px(ui, 3));
    int th = ui_text_height(ui, "0", UI_FONT_TITLE, 1, 0);
    ui_text(ui, (struct ui_rect){box.x, box.y + (box.h - th) / 2, box.w, th},
            dots, UI_FONT_TITLE, 1, t->text, UI_CENTER, 0);
    if (ui_keypad(ui, pad, a->staff.entry, 13, 0, "OK",
                  st_tr(a, "nav.erase")) &&
        (int)strlen(a->staff.entry) >= min_len) {
        done(a);
    }
}

void staff_take_entry(struct app *a, char *dst, size_t n,
                      enum staff_step next)
{
    snprintf(dst, n, "%.*s", (int)n - 1, a->staff.entry);
    sodium_memzero(a->staff.entry, sizeof a->staff.entry);
    a->staff.step = next;
}

/* ---- logging in ----------------------------------------------------------- */

static void pin_checked(struct app *a)
{
    struct store_key *k = NULL;
    enum kiosk_err e = store_staff_unlock(
        a->store, a->staff.pick_id, a->staff.entry,
        a->staff.pick_has_card ? a->staff.card : NULL, app_wall(a), &k);
    if (e == KIOSK_OK && !a->staff.pick_has_card) {
        /* an account from before staff cards: its first card now, with
         * the PIN just typed */
        snprintf(a->staff.pin1, sizeof a->staff.pin1, "%.*s",
                 STORE_PIN_MAX, a->staff.entry);
    }
    sodium_memzero(a->staff.entry, sizeof a->staff.entry);
    if (e != KIOSK_OK) {
        sodium_memzero(a->staff.card, sizeof a->staff.card);
        a->staff.card_ok = 0;
        a->staff.step = STAFF_PICK;
        staff_say(a, e == KIOSK_EDENIED   ? "staff.pin_wrong"
                     : e == KIOSK_ELOCKED ? "staff.locked"
                                          : "store.unavailable");
        return;
    }
    a->staff.key = k;
    a->staff.id = a->staff.pick_id;
    snprintf(a->staff.name, sizeof a->staff.name, "%s", a->staff.pick_name);
    sodium_memzero(a->staff.card, sizeof a->staff.card);
    a->staff.card_ok = 0;
    a->staff.msg[0] = '\0';
    if (!a->staff.pick_has_card) {
        staff_card_begin(a, STAFF_CARD_ENROL, a->staff.id, a->staff.name);
        return;
    }
    a->staff.step = STAFF_PICK;
    a->staff.n_notices = -1; /* read them for the home screen */
    a->next_screen = a->staff.code[0] ? SCR_STAFF_TICKET : SCR_STAFF_HOME;
}

static void setup_code_done(struct app *a)
{
    enum kiosk_err e = store_setup_check(a->store, a->staff.entry,
                                         app_wall(a));
    if (e != KIOSK_OK) {
        sodium_memzero(a->staff.entry, sizeof a->staff.entry);
        staff_say(a, e == KIOSK_EDENIED   ? "staff.setup_wrong"
                     : e == KIOSK_ELOCKED ? "staff.locked"
                     : e == KIOSK_ENOENT  ? "staff.no_setup_code"
                                          : "store.unavailable");
        return;
    }
    staff_take_entry(a, a->staff.entry2, sizeof a->staff.entry2,
                     STAFF_SETUP_CODE);
    staff_card_begin(a, STAFF_CARD_FIRST, 0, "");
}

static void login_card_typed(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    struct ui_rect kb = ui_cut_bottom(&c, c.h * 3 / 5);
    int h = ui_text(ui, c, st_tr(a, "staff.card_type"), UI_FONT_TILE, 1,
                    ui->theme.text, UI_LEFT, 1);
    ui_text(ui, (struct ui_rect){c.x, c.y + h + ui_px(ui, 8), c.w, 0},
            a->staff.entry, UI_FONT_BODY, 1, ui->theme.accent, UI_LEFT, 1);
    if (ui_keypad(ui, kb, a->staff.entry, 70, 1, "OK",
                  st_tr(a, "nav.erase"))) {
        unsigned char card[STORE_CARD_BYTES];
        if (staff_card_parse(a->staff.entry, card) != KIOSK_OK) {
            staff_say(a, "staff.card_bad");
            return;
        }
        sodium_memzero(a->staff.entry, sizeof a->staff.entry);
        a->staff.step = STAFF_PICK;
        staff_card_scanned(a, card);
        sodium_memzero(card, sizeof card);
    }
}

/* The accounts, as the login and the accounts room show them. */
struct accounts_view {
    enum kiosk_err e;
    int n;
    struct store_staff list[MAX_LIST];
};

static const struct accounts_view *accounts(struct app *a)
{
    int load = 0;
    struct accounts_view *v = staff_view(a, sizeof *v, &load);
    if (v && load) {
        v->e = store_staff_list(a->store, v->list, MAX_LIST, &v->n);
    }
    return v;
}

static void login_pick(struct app *a, struct ui_rect c,
                       const struct accounts_view *v)
{
    struct ui *ui = &a->ui;
    const struct store_staff *list = v->list;
    int n = v->n;
    int y = c.y;
    y += ui_text(ui, c, st_tr(a, "staff.scan_card"), UI_FONT_TILE, 1,
                 ui->theme.text, UI_LEFT, 1) + ui_px(ui, 10);
    struct ui_rect type = ui_cut_bottom(&c, ui_px(ui, 58));
    type.w = type.w / 2;
    if (ui_button(ui, type, st_tr(a, "staff.card_type_button"),
                  UI_STYLE_NORMAL)) {
        a->staff.entry[0] = '\0';
        a->staff.msg[0] = '\0';
        a->staff.step = STAFF_CARD;
    }
    ui_cut_bottom(&c, ui_px(ui, 10));
    /* names: for a member whose card is at hand but who has no scanner,
     * and for accounts from before cards */
    struct ui_rect grid = {c.x, y, c.w, c.y + c.h - y};
    int y0 = ui_scroll_begin(ui, grid, &a->staff.scroll, a->staff.scroll_h);
    int row = ui_px(ui, 64), gap = ui_px(ui, 12), cols = 3;
    int cw = (grid.w - ui_px(ui, 14) - gap * (cols - 1)) / cols;
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = {grid.x + (i % cols) * (cw + gap),
                               y0 + (i / cols) * (row + gap), cw, row};
        if (cell.y + cell.h < grid.y || cell.y > grid.y + grid.h) {
            continue;
        }
        if (ui_tile(ui, cell, list[i].name, NULL, NULL, UI_STYLE_NORMAL, 0)) {
            a->staff.pick_id = list[i].id;
            a->staff.pick_has_card = list[i].has_card;
            snprintf(a->staff.pick_name, sizeof a->staff.pick_name, "%s",
                     list[i].name);
            a->staff.entry[0] = '\0';
            a->staff.msg[0] = '\0';
            a->staff.step = list[i].has_card ? STAFF_CARD : STAFF_PIN;
        }
    }
    a->staff.scroll_h = ((n + cols - 1) / cols) * (row + gap);
    ui_scroll_end(ui, grid, a->staff.scroll, a->staff.scroll_h);
}

void screen_staff_login(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.title"));
    if (!a->store) {
        ui_text(ui, c, a->store_error, UI_FONT_BODY, 1, ui->theme.text,
                UI_LEFT, 1);
        return;
    }
    if (staff_card_steps(a, c)) {
        return;
    }
    const struct accounts_view *v = accounts(a);
    if (!v || (v->e != KIOSK_OK && v->e != KIOSK_ETOOBIG)) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    int n = v->n;
    if (n == 0 && a->staff.step < STAFF_SETUP_CODE) {
        a->staff.step = STAFF_SETUP_CODE; /* no account yet: the first */
    }
    switch (a->staff.step) {
    case STAFF_PICK:
        login_pick(a, c, v);
        break;
    case STAFF_CARD:
        login_card_typed(a, c);
        break;
    case STAFF_PIN: {
        char prompt[160];
        snprintf(prompt, sizeof prompt, "%s: %s", a->staff.pick_name,
                 st_tr(a, "staff.pin"));
        staff_pin_pad(a, c, prompt, STORE_PIN_MIN, pin_checked);
        break;
    }
    default: {
        /* first start: nothing is kept but counts until this is done */
        struct ui_rect note = ui_cut_bottom(&c, ui_px(ui, 80));
        ui_text(ui, note, st_tr(a, "staff.first_note"), UI_FONT_SMALL, 0,
                ui->theme.text_dim, UI_LEFT, 1);
        staff_pin_pad(a, c, st_tr(a, "staff.setup_code"),
                      STORE_SETUP_CODE_MIN, setup_code_done);
        break;
    }
    }
}

/* ---- making a staff card ---------------------------------------------------- */

void staff_card_begin(struct app *a, enum staff_card_for what, int64_t id,
                      const char *name)
{
    a->staff.making = what;
    a->staff.pick_id = id;
    snprintf(a->staff.pick_name, sizeof a->staff.pick_name, "%s", name);
    a->staff.entry[0] = '\0';
    a->staff.msg[0] = '\0';
    if (what == STAFF_CARD_ENROL) {
        /* the PIN was just typed at the login (kept in pin1) */
        a->staff.step = STAFF_NEW_PIN_AGAIN;
        snprintf(a->staff.entry, sizeof a->staff.entry, "%s", a->staff.pin1);
        return;
    }
    a->staff.step = name[0] ? STAFF_NEW_PIN : STAFF_NEW_NAME;
}

/* A new card's bytes: random, or in headless runs a fixed sequence so
 * scripts can scan it (like ticket codes). */
static void new_card(struct app *a, unsigned char card[STORE_CARD_BYTES])
{
    if (!a->deterministic) {
        staff_card_new(card);
        return;
    }
    char seed[32];
    snprintf(seed, sizeof seed, "headless card %llu",
             (unsigned long long)++a->card_seq);
    crypto_generichash(card, STORE_CARD_BYTES, (const unsigned char *)seed,
                       strlen(seed), NULL, 0);
}

/* Sends the new card to the printer; on any trouble it is shown. */
static void print_card(struct app *a)
{
    struct ticket_buf buf;
    a->staff.card_printed = 3;
    if (a->site.printer[0] &&
        staff_card_make_escpos(a, a->staff.pick_name, a->staff.card_text,
                               &buf) == KIOSK_OK) {
        struct ticket_job *job = NULL;
        if (ticket_printer_submit(a->printer, buf.data, buf.len,
                                  &(struct ticket_job_opts){
                                      a->site.printer_timeout_ms, 0},
                                  &job) == KIOSK_OK) {
            app_keep_printing(a, a->staff.card_job);
            a->staff.card_job = job;
            a->staff.card_printed = 1;
        }
        free(buf.data);
    }
}

/* The PIN typed twice: make the card and the account (or its new copy). */
static void card_pin_again_done(struct app *a)
{
    if (strcmp(a->staff.pin1, a->staff.entry) != 0) {
        staff_say(a, "staff.pin_mismatch");
        sodium_memzero(a->staff.entry, sizeof a->staff.entry);
        a->staff.step = STAFF_NEW_PIN;
        return;
    }
    unsigned char card[STORE_CARD_BYTES];
    new_card(a, card);
    int64_t id = a->staff.pick_id;
    enum kiosk_err e;
    switch (a->staff.making) {
    case STAFF_CARD_FIRST:
        e = store_staff_create_first(a->store, a->staff.entry2,
                                     a->staff.pick_name, a->staff.entry,
                                     card, app_wall(a), &id);
        break;
    case STAFF_CARD_ADD:
        e = store_staff_add(a->store, a->staff.key, a->staff.pick_name,
                            a->staff.entry, card, app_wall(a), &id);
        break;
    default:
        e = store_staff_rewrap(a->store, a->staff.key, id, a->staff.entry,
                               card, app_wall(a));
        break;
    }
    if (e == KIOSK_OK && a->staff.making == STAFF_CARD_FIRST) {
        /* the first member is logged in with the card just made */
        struct store_key *k = NULL;
        e = store_staff_unlock(a->store, id, a->staff.entry, card,
                               app_wall(a), &k);
        a->staff.key = k;
        a->staff.id = id;
        snprintf(a->staff.name, sizeof a->staff.name, "%s",
                 a->staff.pick_name);
    }
    sodium_memzero(a->staff.entry, sizeof a->staff.entry);
    sodium_memzero(a->staff.entry2, sizeof a->staff.entry2);
    sodium_memzero(a->staff.pin1, sizeof a->staff.pin1);
    if (e != KIOSK_OK) {
        sodium_memzero(card, sizeof card);
        staff_say(a, e == KIOSK_EEXIST    ? "staff.not_added"
                     : e == KIOSK_EDENIED ? "staff.setup_wrong"
                     : e == KIOSK_ELOCKED ? "staff.locked"
                                          : "store.unavailable");
        a->staff.step = a->staff.key ? STAFF_PICK : STAFF_SETUP_CODE;
        return;
    }
    staff_card_format(card, 0, a->staff.card_text);
    sodium_memzero(card, sizeof card);
    a->staff.card_qr_n = 0;
    struct ticket_bitmap qr;
    if (ticket_qr_render(a->staff.card_text, 1, &qr) == KIOSK_OK) {
        if (qr.w <= APP_QR_MAX) {
            for (int y = 0; y < qr.h; y++) {
                for (int x = 0; x < qr.w; x++) {
                    a->staff.card_qr[y * qr.w + x] =
                        (unsigned char)ticket_bitmap_get(&qr, x, y);
                }
            }
            a->staff.card_qr_n = qr.w;
        }
        ticket_bitmap_free(&qr);
    }
    a->staff.step = STAFF_CARD_ISSUED;
    app_view_changed(a); /* an account more, or a card */
    print_card(a);
}

static void card_pin_done(struct app *a)
{
    staff_take_entry(a, a->staff.pin1, sizeof a->staff.pin1,
                     STAFF_NEW_PIN_AGAIN);
}

/* The new card: printing, printed or shown; then the staff go on. */
static void card_issued(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    if (a->staff.card_job && a->staff.card_printed == 1) {
        struct ticket_job_result res;
        enum ticket_job_state s = ticket_job_poll(a->staff.card_job, &res);
        if (s >= TICKET_JOB_DONE) {
            /* "printed" only when the printer confirmed it; otherwise the
             * card stays on screen, so it is never lost */
            a->staff.card_printed =
                s == TICKET_JOB_DONE && res.confirmed ? 2 : 3;
            ticket_job_free(a->staff.card_job);
            a->staff.card_job = NULL;
            a->redraw = 1;
        }
    }
    struct ui_rect go = ui_cut_bottom(&c, ui_px(ui, 64));
    ui_cut_bottom(&c, ui_px(ui, 10));
    char head[200];
    snprintf(head, sizeof head, "%s: %s", st_tr(a, "staff.card_for"),
             a->staff.pick_name);
    int y = c.y;
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0}, head, UI_FONT_TILE, 1,
                 t->text, UI_LEFT, 1) + ui_px(ui, 8);
    struct ui_rect body = {c.x, y, c.w, c.y + c.h - y};
    struct ui_rect warn = ui_cut_bottom(&body, ui_px(ui, 64));
    ui_text(ui, warn, st_tr(a, "staff.card_keep"), UI_FONT_SMALL, 0,
            t->text_dim, UI_LEFT, 1);
    ui_cut_bottom(&body, ui_px(ui, 6));
    if (a->staff.card_printed == 3) {
        /* no printer, or it failed: the card on screen, to photograph or
         * copy by hand; nobody else should see it */
        struct ui_rect qr = ui_cut_left(&body, body.h);
        ui_qr(ui, qr, a->staff.card_qr, a->staff.card_qr_n);
        ui_cut_left(&body, ui_px(ui, 12));
        int h = ui_text(ui, body, st_tr(a, "staff.card_shown"), UI_FONT_BODY,
                        1, t->text, UI_LEFT, 1);
        char grouped[STAFF_CARD_TEXT];
        unsigned char card[STORE_CARD_BYTES];
        if (staff_card_parse(a->staff.card_text, card) == KIOSK_OK) {
            staff_card_format(card, 1, grouped);
            ui_text(ui, (struct ui_rect){body.x, body.y + h + ui_px(ui, 8),
                                         body.w, 0},
                    grouped, UI_FONT_BODY, 1, t->text, UI_LEFT, 1);
            sodium_memzero(card, sizeof card);
            sodium_memzero(grouped, sizeof grouped);
        }
    } else {
        ui_text(ui, body, st_tr(a, a->staff.card_printed == 2
                                       ? "staff.card_printed"
                                       : "staff.card_printing"),
                UI_FONT_BODY, 1, t->text, UI_LEFT, 1);
    }
    if (ui_button(ui, go, st_tr(a, "staff.card_done"), UI_STYLE_ACCENT)) {
        sodium_memzero(a->staff.card_text, sizeof a->staff.card_text);
        sodium_memzero(a->staff.card_qr, sizeof a->staff.card_qr);
        a->staff.card_qr_n = 0;
        a->staff.step = STAFF_PICK;
        a->staff.n_notices = -1;
        if (a->staff.making == STAFF_CARD_FIRST ||
            a->staff.making == STAFF_CARD_ENROL) {
            a->next_screen = a->staff.code[0] ? SCR_STAFF_TICKET
                                              : SCR_STAFF_HOME;
        }
        if (a->staff.making == STAFF_CARD_ADD) {
            staff_say(a, "staff.added");
        } else {
            a->staff.msg[0] = '\0';
        }
        a->staff.making = 0;
    }
}

int staff_card_steps(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    switch (a->staff.step) {
    case STAFF_NEW_NAME: {
        struct ui_rect kb = ui_cut_bottom(&c, c.h * 3 / 5);
        int h = ui_text(ui, c, st_tr(a, a->staff.making == STAFF_CARD_FIRST
                                            ? "staff.your_name"
                                            : "staff.new_name"),
                        UI_FONT_TILE, 1, ui->theme.text, UI_LEFT, 1);
        ui_text(ui, (struct ui_rect){c.x, c.y + h + ui_px(ui, 8), c.w, 0},
                a->staff.pick_name, UI_FONT_TITLE, 1, ui->theme.accent,
                UI_LEFT, 0);
        if (ui_keyboard(ui, kb, a->staff.pick_name, 40, "OK",
                        st_tr(a, "nav.erase"), st_tr(a, "nav.space")) &&
            a->staff.pick_name[0]) {
            a->staff.step = STAFF_NEW_PIN;
        }
        return 1;
    }
    case STAFF_NEW_PIN: {
        char prompt[200];
        snprintf(prompt, sizeof prompt, "%s: %s", a->staff.pick_name,
                 st_tr(a, "staff.new_pin"));
        staff_pin_pad(a, c, prompt, STORE_PIN_MIN, card_pin_done);
        return 1;
    }
    case STAFF_NEW_PIN_AGAIN:
        if (a->staff.making == STAFF_CARD_ENROL) {
            /* nothing to type: explain, then make the card */
            struct ui_rect go = ui_cut_bottom(&c, ui_px(ui, 64));
            ui_text(ui, c, st_tr(a, "staff.card_enrol"), UI_FONT_BODY, 1,
                    ui->theme.text, UI_LEFT, 1);
            go.w /= 2;
            if (ui_button(ui, go, st_tr(a, "staff.card_make"),
                          UI_STYLE_ACCENT)) {
                card_pin_again_done(a);
            }
            return 1;
        }
        staff_pin_pad(a, c, st_tr(a, "staff.pin_again"), STORE_PIN_MIN,
                      card_pin_again_done);
        return 1;
    case STAFF_CARD_ISSUED:
        card_issued(a, c);
        return 1;
    default:
        return 0;
    }
}

/* ---- the accounts room ------------------------------------------------------ */

void screen_staff_accounts(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.accounts"));
    if (staff_card_steps(a, c)) {
        return;
    }
    struct ui_rect actions = ui_cut_bottom(&c, ui_px(ui, 58));
    struct ui_rect add = ui_cut_left(&actions, actions.w / 2 - ui_px(ui, 5));
    ui_cut_left(&actions, ui_px(ui, 12));
    if (ui_button(ui, add, st_tr(a, "staff.add_member"), UI_STYLE_ACCENT)) {
        staff_card_begin(a, STAFF_CARD_ADD, 0, "");
    }
    if (ui_button(ui, actions, st_tr(a, "staff.my_new_card"),
                  UI_STYLE_NORMAL)) {
        staff_card_begin(a, STAFF_CARD_RENEW, a->staff.id, a->staff.name);
    }
    ui_cut_bottom(&c, ui_px(ui, 10));
    const struct accounts_view *v = accounts(a);
    if (!v || (v->e != KIOSK_OK && v->e != KIOSK_ETOOBIG)) {
        ui_text(ui, c, st_tr(a, "store.unavailable"), UI_FONT_BODY, 1,
                t->text, UI_LEFT, 1);
        return;
    }
    const struct store_staff *list = v->list;
    int n = v->n;
    /* one account is one lost card away from losing every answer */
    struct ui_rect note = ui_cut_top(&c, ui_px(ui, n < 2 ? 80 : 56));
    ui_text(ui, note, st_tr(a, n < 2 ? "staff.one_account"
                                     : "staff.cards_note"),
            UI_FONT_SMALL, 0, n < 2 ? t->bad : t->text_dim, UI_LEFT, 1);
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int row = ui_px(ui, 64), y = y0;
    for (int i = 0; i < n; i++, y += row) {
        struct ui_rect r = {c.x, y, c.w - ui_px(ui, 14), row - ui_px(ui, 12)};
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        struct ui_rect rm = ui_cut_right(&r, ui_px(ui, 150));
        ui_cut_right(&r, ui_px(ui, 12));
        struct ui_rect renew = ui_cut_right(&r, ui_px(ui, 190));
        char label[120];
        snprintf(label, sizeof label, "%s%s", list[i].name,
                 list[i].has_card ? "" : st_tr(a, "staff.no_card_yet"));
        int th = ui_text_height(ui, label, UI_FONT_BUTTON, 1, r.w);
        ui_text(ui, (struct ui_rect){r.x, r.y + (r.h - th) / 2, r.w, th},
                label, UI_FONT_BUTTON, 1, t->text, UI_LEFT, 1);
        if (ui_button(ui, renew, st_tr(a, "staff.new_card"),
                      UI_STYLE_NORMAL)) {
            staff_card_begin(a, STAFF_CARD_RENEW, list[i].id, list[i].name);
        }
        if (list[i].id != a->staff.id &&
            ui_button(ui, rm, st_tr(a, "staff.remove"), UI_STYLE_DANGER)) {
            enum kiosk_err e = store_staff_remove(a->store, a->staff.key,
                                                  list[i].id, app_wall(a));
            staff_say(a, e == KIOSK_OK ? "staff.removed"
                                       : "staff.not_removed");
            app_view_changed(a);
        }
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}
