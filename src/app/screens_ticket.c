/* Booking a follow-up and the ticket: days and free times from the site's
 * schedule (slots are made in the store the first time a day is shown, so
 * staff can block or add them later), or "any time during opening hours";
 * the ticket is committed, then printed on a worker thread while the
 * screen shows the code and a QR big enough to photograph. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens.h"
#include "core/date.h"
#include "site/booking.h"
#include "app/ticket_make.h"
#include "store/store.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

#define SLOTS_MAX APP_BOOKING_TIMES
static_assert(APP_BOOKING_TIMES == SITE_MAX_SLOTS, "a day's slots fit");
static_assert(APP_BOOKING_DAYS == BOOKING_MAX_DAYS, "the days offered fit");

static int64_t day_start(const struct app *a, long day)
{
    return date_day_start(day, a->site.utc_offset);
}

/* Makes the day's slots from the schedule when the store has none yet. */
static void ensure_slots(struct app *a, long day)
{
    struct store_slot slots[SLOTS_MAX];
    int n = 0, closed = 0;
    if (store_slots_for_day(a->store, day, slots, SLOTS_MAX, &n) != KIOSK_OK ||
        n > 0 || store_closed_day_is(a->store, day, &closed) != KIOSK_OK ||
        closed) {
        return;
    }
    int starts[SITE_MAX_SLOTS];
    int k = site_day_slots(&a->site, day, starts, SITE_MAX_SLOTS);
    for (int i = 0; i < k; i++) {
        enum kiosk_err e = store_slot_add(a->store, day_start(a, day) + starts[i],
                                          a->site.slot_minutes * 60,
                                          a->site.slot_capacity, app_wall(a),
                                          0, NULL);
        if (e) {
            break; /* the visitor still has "any time" */
        }
    }
}

static void day_label(const struct app *a, long day, char *buf, size_t n)
{
    static const char *const keys[7] = {"day.mon", "day.tue", "day.wed",
                                        "day.thu", "day.fri", "day.sat",
                                        "day.sun"};
    char dm[16];
    date_format_day(day, DATE_DM, dm, sizeof dm);
    snprintf(buf, n, "%s %s", app_tr(a, keys[date_weekday(day)]), dm);
}

/* A new ticket in the store for the slot (0 = any time): its code drawn
 * anew while the one drawn exists already. */
static enum kiosk_err store_new_ticket(struct app *a, int64_t slot_id,
                                       char *code, int64_t *id)
{
    enum kiosk_err e = KIOSK_EINVAL;
    for (int attempt = 0; attempt < 3 && (attempt == 0 || e == KIOSK_EEXIST);
         attempt++) {
        if (a->deterministic) {
            ticket_code_from_value(0x5D3A7C9E21ULL + a->code_seq++, code);
        } else if (ticket_code_new(code) != KIOSK_OK) {
            return KIOSK_EINVAL;
        }
        struct store_ticket_new t = {code, slot_id, app_wall(a),
                                     a->visit.lang, a->visit.screening_id};
        e = store_ticket_insert(a->store, &t, id);
    }
    return e;
}

/* The visit's ticket's QR for the screen, one byte a module. */
static void ticket_qr(struct app *a)
{
    char url[512];
    struct ticket_bitmap qr;
    a->visit.qr_n = 0;
    if (ticket_code_url(a->site.ticket_url, a->visit.ticket_code, url,
                        sizeof url) != KIOSK_OK ||
        ticket_qr_render(url, 1, &qr) != KIOSK_OK) {
        return;
    }
    if (qr.w <= APP_QR_MAX) {
        for (int y = 0; y < qr.h; y++) {
            for (int x = 0; x < qr.w; x++) {
                a->visit.qr[y * qr.w + x] =
                    (unsigned char)ticket_bitmap_get(&qr, x, y);
            }
        }
        a->visit.qr_n = qr.w;
    }
    ticket_bitmap_free(&qr);
}

static int printer_configured(const struct app *a)
{
    return a->site.printer[0] && strcmp(a->site.printer, "none") != 0;
}

/* Sends the visit's ticket to the printer's worker thread (the screen
 * polls it); the first print and the visitor's "Print again". */
static void print_ticket(struct app *a)
{
    app_keep_printing(a, a->visit.job); /* an earlier copy still printing */
    a->visit.job = NULL;
    a->visit.ticket_state = 2;
    snprintf(a->visit.ticket_why, sizeof a->visit.ticket_why, "%s",
             "no printer configured");
    struct ticket_buf buf;
    if (!printer_configured(a) ||
        ticket_make_escpos(a, a->visit.ticket_code, a->visit.ticket_slot,
                           a->visit.lang, &buf) != KIOSK_OK) {
        return;
    }
    struct ticket_job_opts o = {a->site.printer_timeout_ms, 0};
    if (ticket_printer_submit(a->printer, buf.data, buf.len, &o,
                              &a->visit.job) == KIOSK_OK) {
        a->visit.ticket_state = 0;
        enum kiosk_err pe = store_ticket_printed(a->store, a->visit.ticket_id,
                                                 app_wall(a), 0);
        (void)pe; /* a count for staff; the ticket itself is saved */
    } else {
        snprintf(a->visit.ticket_why, sizeof a->visit.ticket_why, "%s",
                 "bad printer setting in site.ini");
    }
    free(buf.data);
    a->redraw = 1;
}

/* Issues the visit's one ticket: committed to the store first, then
 * printed. */
static void issue_ticket(struct app *a, int64_t slot_id, int64_t slot_start)
{
    char code[TICKET_CODE_SIZE];
    int64_t id = 0;
    enum kiosk_err e = store_new_ticket(a, slot_id, code, &id);
    if (e) {
        /* the slot filled up or was closed meanwhile, or the store failed:
         * a closed slot is no more bookable than a full one; the times are
         * read again */
        snprintf(a->visit.issue, sizeof a->visit.issue, "%s",
                 e == KIOSK_EBOOKED || e == KIOSK_ECLOSED
                     ? app_tr(a, "booking.full")
                     : app_tr(a, "store.unavailable"));
        app_view_changed(a);
        return;
    }
    a->visit.issue[0] = '\0';
    snprintf(a->visit.ticket_code, sizeof a->visit.ticket_code, "%s", code);
    a->visit.ticket_slot = slot_start;
    a->visit.ticket_id = id;
    ticket_qr(a);
    print_ticket(a);
    app_go(a, SCR_TICKET);
}

/* Reads what the booking screen shows: the open days when entered, the
 * chosen day's times (made from the schedule the first time a day is
 * shown) when a day is chosen or after a refused booking. */
static void booking_load(struct app *a, int clock_ok)
{
    struct booking_view *v = &a->visit.booking;
    int stale = a->view_stale;
    a->view_stale = 0;
    if (stale || !v->loaded) {
        long today = date_day(app_wall(a), a->site.utc_offset);
        v->ndays = clock_ok ? booking_days(&a->site, today, v->days,
                                           APP_BOOKING_DAYS)
                            : 0;
        v->loaded = 1;
        v->day = -1;
    }
    long day = a->visit.booking_day;
    if (day < 0 || day == v->day) {
        return;
    }
    v->day = day;
    v->ntimes = 0;
    ensure_slots(a, day);
    struct store_slot slots[SLOTS_MAX];
    int n = 0;
    v->failed = store_slots_for_day(a->store, day, slots, SLOTS_MAX, &n) !=
                KIOSK_OK;
    for (int i = 0; !v->failed && i < n && i < APP_BOOKING_TIMES; i++) {
        v->times[v->ntimes++] = (struct booking_time){
            slots[i].id, slots[i].start, slots[i].capacity, slots[i].booked,
            slots[i].blocked};
    }
}

/* Day tiles a row: all of them when every label keeps its size there,
 * else fewer (more rows), so a long day name in Khmer at 150 % wraps at
 * its size instead of shrinking. */
static int day_cols(struct app *a, struct ui_rect r, int row_h, int gap)
{
    struct ui *ui = &a->ui;
    const struct booking_view *v = &a->visit.booking;
    int cols = v->ndays;
    for (; cols > 1; cols--) {
        int rows = (v->ndays + cols - 1) / cols;
        struct ui_rect grid = {r.x, r.y, r.w, rows * row_h + (rows - 1) * gap};
        int whole = 1;
        for (int i = 0; i < v->ndays && whole; i++) {
            char label[96];
            day_label(a, v->days[i], label, sizeof label);
            whole = (ui_tile_fit(ui, ui_grid_cell(grid, v->ndays, cols, gap, i),
                                 label, NULL, NULL, 0) &
                     UI_TILE_WORDS) != 0;
        }
        if (whole) {
            break;
        }
    }
    return cols > 0 ? cols : 1;
}

/* The open days, "choose a day" above them; a tap chooses the day. From
 * y in the scrolled list r (only tiles in view are drawn); returns the
 * height used. */
static int booking_day_tiles(struct app *a, struct ui_rect r, int y,
                             struct ui_rect view)
{
    struct ui *ui = &a->ui;
    const struct booking_view *v = &a->visit.booking;
    int y_top = y;
    y += ui_text(ui, (struct ui_rect){r.x, y, r.w, 0},
                 app_tr(a, "booking.choose_day"), UI_FONT_BODY, 1,
                 ui->theme.text, UI_LEFT, 1) +
         ui_px(ui, 4);
    /* two lines of a day's name: "Wednesday 28/11" does not fit one line
     * in a fifth of the screen */
    int row_h = ui_px(ui, 78), gap = ui_px(ui, 12);
    int cols = day_cols(a, (struct ui_rect){r.x, y, r.w, 0}, row_h, gap);
    int rows = (v->ndays + cols - 1) / cols;
    struct ui_rect grid = {r.x, y, r.w,
                           rows > 0 ? rows * row_h + (rows - 1) * gap : 0};
    for (int i = 0; i < v->ndays; i++) {
        char label[96];
        int before = app_vt_count(a);
        day_label(a, v->days[i], label, sizeof label);
        struct ui_rect cell = ui_grid_cell(grid, v->ndays, cols, gap, i);
        int other = app_vt_item(a, before);
        if (cell.y + cell.h < view.y || cell.y > view.y + view.h) {
            continue; /* scrolled out of sight */
        }
        int sel = a->visit.booking_day == v->days[i];
        if (ui_tile_ex(ui, cell, label, NULL, NULL,
                       sel ? UI_STYLE_ACCENT : UI_STYLE_NORMAL, sel, other)) {
            a->visit.booking_day = v->days[i];
            a->visit.booking_to_times = 1;
            a->redraw = 1;
        }
    }
    return y + grid.h - y_top;
}

/* The chosen day's free times, "choose a time" above them, from y in the
 * scrolled list r; a tap asks to confirm. Returns the height used. */
static int booking_times(struct app *a, struct ui_rect r, int y,
                         struct ui_rect view)
{
    struct ui *ui = &a->ui;
    const struct booking_view *v = &a->visit.booking;
    int free_idx[APP_BOOKING_TIMES], nf = 0;
    int64_t now = app_wall(a);
    for (int i = 0; i < v->ntimes; i++) {
        const struct booking_time *s = &v->times[i];
        if (booking_slot_free(s->start, s->capacity, s->booked, s->blocked,
                              now)) {
            free_idx[nf++] = i;
        }
    }
    int gap = ui_px(ui, 12), y_top = y;
    const char *head = v->failed ? app_tr(a, "store.unavailable")
                       : app_tr(a, nf ? "booking.choose_time"
                                      : "booking.full");
    y += ui_text(ui, (struct ui_rect){r.x, y, r.w, 0}, head, UI_FONT_BODY, 1,
                 ui->theme.text, UI_LEFT, 1) +
         ui_px(ui, 4);
    if (v->failed) {
        return y - y_top;
    }
    int cols = ui->width > ui->height ? 6 : 3;
    int rows = (nf + cols - 1) / cols;
    int cell_h = ui_px(ui, 56);
    struct ui_rect grid = {r.x, y, r.w,
                           rows * cell_h + (rows > 0 ? (rows - 1) * gap : 0)};
    for (int i = 0; i < nf; i++) {
        const struct booking_time *s = &v->times[free_idx[i]];
        char label[16];
        date_format(s->start, a->site.utc_offset, DATE_HM, label,
                    sizeof label);
        struct ui_rect cell = ui_grid_cell(grid, nf, cols, gap, i);
        if (cell.y + cell.h < view.y || cell.y > view.y + view.h) {
            continue;
        }
        if (ui_button(ui, cell, label, UI_STYLE_NORMAL)) {
            a->visit.picking = 1;
            a->visit.pick_id = s->id;
            a->visit.pick_start = s->start;
            a->redraw = 1;
        }
    }
    return y + grid.h - y_top;
}

/* The days and the chosen day's times as one list, scrolled by drag when
 * taller than c (at 150 % the days take two rows). */
static void booking_list(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, a->visit.scroll_h);
    struct ui_rect r = {c.x, y0, c.w - ui_px(ui, 12), 0};
    int h = booking_day_tiles(a, r, y0, c), first = 0;
    if (a->visit.booking_day >= 0) {
        h += ui_px(ui, 12);
        first = h; /* where the times start, from the top */
        h += booking_times(a, r, y0 + h, c);
    }
    if (h != a->visit.scroll_h) {
        a->visit.scroll_h = h;
        a->redraw = 1;
    }
    if (a->visit.booking_to_times && a->visit.booking_day >= 0 &&
        a->visit.booking.day == a->visit.booking_day) { /* (its times read) */
        /* a day just tapped: when its times do not all show below the
         * days, the list moves up to them (the next thing to choose; the
         * confirmation repeats the day) */
        int max = h > c.h ? h - c.h : 0;
        if (h > c.h) {
            a->visit.scroll = first < max ? first : max;
        }
        a->visit.booking_to_times = 0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, c, a->visit.scroll, a->visit.scroll_h);
}

/* The time tapped, in large text, with Confirm and Choose another time:
 * only Confirm books. */
static void booking_confirm(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    char when[160];
    if (a->visit.pick_start > 0) {
        char day[96], hm[16];
        day_label(a, date_day(a->visit.pick_start, a->site.utc_offset), day,
                  sizeof day);
        date_format(a->visit.pick_start, a->site.utc_offset, DATE_HM, hm,
                    sizeof hm);
        snprintf(when, sizeof when, "%s\n%s", day, hm);
    } else {
        snprintf(when, sizeof when, "%s", app_tr(a, "ticket.any_time"));
    }
    int gap = ui_px(ui, 12);
    struct ui_rect buttons = ui_cut_bottom(&c, ui_px(ui, 72));
    ui_cut_bottom(&c, gap);
    struct ui_rect q = ui_cut_top(&c, ui_text_height(ui, "Ag", UI_FONT_BODY,
                                                     1, 0) + ui_px(ui, 8));
    ui_text_fit(ui, q, app_tr(a, "booking.confirm_q"), UI_FONT_BODY, 1,
                t->text, UI_CENTER, UI_FIT_WRAP);
    ui_rect(ui, c, t->panel, ui_px(ui, 12));
    ui_text_fit(ui, ui_inset(c, ui_px(ui, 10)), when, UI_FONT_HUGE, 1,
                t->text, UI_CENTER, UI_FIT_WRAP | UI_FIT_MIDDLE);
    struct ui_rect other = ui_cut_right(&buttons, (buttons.w - gap) / 2);
    ui_cut_right(&buttons, gap);
    if (ui_button(ui, buttons, app_tr(a, "booking.confirm"),
                  UI_STYLE_ACCENT)) {
        a->visit.picking = 0;
        issue_ticket(a, a->visit.pick_id, a->visit.pick_start);
        return;
    }
    if (ui_button(ui, other, app_tr(a, "booking.other_time"),
                  UI_STYLE_NORMAL)) {
        a->visit.picking = 0;
        a->redraw = 1;
    }
}

void screen_booking(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = chrome_frame(a, app_tr(a, "booking.title"));
    if (!a->store || store_read_only(a->store)) {
        /* nothing can be booked: say so, not "fully booked" */
        chrome_notice(a, &c, app_tr(a, "store.unavailable"));
        return;
    }
    /* a board without a real-time clock may think it is 1970: then no
     * appointments, only tickets without a slot */
    int clock_ok = app_wall(a) >= KIOSK_BUILD_EPOCH;
    booking_load(a, clock_ok);
    if (a->visit.picking) {
        booking_confirm(a, c);
        return;
    }
    if (!clock_ok) {
        chrome_notice(a, &c, app_tr(a, "booking.clock_wrong"));
    }
    if (a->visit.issue[0]) {
        chrome_notice(a, &c, a->visit.issue);
    }
    struct ui_rect any = ui_cut_top(&c, ui_px(ui, 64));
    int before = app_vt_count(a);
    const char *any_time = app_tr(a, "booking.any_time");
    if (ui_tile_ex(ui, any, any_time, NULL, NULL, UI_STYLE_ACCENT, 0,
                   app_vt_item(a, before))) {
        a->visit.picking = 1;
        a->visit.pick_id = 0;
        a->visit.pick_start = 0;
        a->redraw = 1;
        return;
    }
    ui_cut_top(&c, ui_px(ui, 12));
    if (!clock_ok) {
        return;
    }
    booking_list(a, c);
}

/* The print job's outcome, polled while the ticket shows. */
static void ticket_poll(struct app *a)
{
    struct ticket_job_result res;
    enum ticket_job_state st = ticket_job_poll(a->visit.job, &res);
    if (st == TICKET_JOB_DONE) {
        /* "take your ticket" only when the printer said it printed it; a
         * file or a printer that cannot answer only took the bytes */
        a->visit.ticket_state = res.confirmed ? 1 : 3;
        a->redraw = 1;
    } else if (st == TICKET_JOB_FAILED) {
        a->visit.ticket_state = 2;
        snprintf(a->visit.ticket_why, sizeof a->visit.ticket_why, "%s",
                 ticket_job_reason_name(res.reason));
        fprintf(stderr, "kiosk: printing ticket failed: %s\n",
                a->visit.ticket_why);
        a->redraw = 1;
    }
}

/* The printer's state in a band. Returns the height used. */
static int ticket_status(struct app *a, struct ui_rect r)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int st = a->visit.ticket_state;
    const char *status = st == 0   ? app_tr(a, "ticket.printing")
                         : st == 1 ? app_tr(a, "ticket.take")
                         : st == 3 ? app_tr(a, "ticket.sent")
                                   : app_tr(a, "ticket.printer_failed");
    struct ui_rect band = {r.x, r.y, r.w, 0};
    int h = ui_text_height(ui, status, UI_FONT_BODY, 1, band.w - ui_px(ui, 20));
    band.h = h + ui_px(ui, 20);
    ui_rect(ui, band, st == 2 ? t->warn : t->panel, ui_px(ui, 10));
    ui_text(ui, ui_inset(band, ui_px(ui, 10)), status, UI_FONT_BODY, 1,
            st == 2 ? (struct ui_color){0x20, 0x18, 0, 255} : t->text,
            UI_LEFT, 1);
    return band.h + ui_px(ui, 8);
}

/* What to do next: come at the time (or any time), show the code or the
 * paper ticket at the counter; without a printed ticket, photograph the
 * QR. Returns the height used. */
static int ticket_next(struct app *a, struct ui_rect r)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const char *steps[3];
    int n = 0;
    steps[n++] = app_tr(a, a->visit.ticket_slot > 0 ? "ticket.next_come"
                                                     : "ticket.next_any");
    steps[n++] = app_tr(a, "ticket.next_show");
    if (a->visit.ticket_state != 1) { /* not known to be printed */
        steps[n++] = app_tr(a, "ticket.next_photo");
    }
    int y = r.y;
    y += ui_text(ui, (struct ui_rect){r.x, y, r.w, 0},
                 app_tr(a, "ticket.next_title"), UI_FONT_BODY, 1, t->text,
                 UI_LEFT, 1) + ui_px(ui, 4);
    int bullet = ui_px(ui, 22);
    for (int i = 0; i < n; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d.", i + 1);
        ui_text(ui, (struct ui_rect){r.x, y, bullet, 0}, num, UI_FONT_BODY, 1,
                t->text, UI_LEFT, 0);
        y += ui_text(ui, (struct ui_rect){r.x + bullet, y, r.w - bullet, 0},
                     steps[i], UI_FONT_BODY, 0, t->text, UI_LEFT, 1) +
             ui_px(ui, 4);
    }
    return y - r.y + ui_px(ui, 8);
}

/* Beside the QR: the code, when, what the printer did, what to do next;
 * scrolled when it does not fit (at 150 % the printer's note ran off the
 * screen). */
static void ticket_words(struct app *a, struct ui_rect view)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = view;
    c.w -= ui_px(ui, 16);
    char grouped[32], when[128];
    if (ticket_code_format_grouped(a->visit.ticket_code, grouped,
                                   sizeof grouped) != KIOSK_OK) {
        snprintf(grouped, sizeof grouped, "%s", a->visit.ticket_code);
    }
    int y0 = ui_scroll_begin(ui, view, &a->visit.scroll, a->visit.scroll_h);
    int y = y0;
    if (a->visit.ticket_again) {
        y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0},
                     app_tr(a, "ticket.already"), UI_FONT_BODY, 1, t->text,
                     UI_LEFT, 1) + ui_px(ui, 8);
    }
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0},
                 app_tr(a, "ticket.code_label"), UI_FONT_BODY, 0, t->text_dim,
                 UI_LEFT, 1);
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0}, grouped, UI_FONT_HUGE,
                 1, t->text, UI_LEFT, 0) + ui_px(ui, 6);
    if (a->visit.ticket_slot > 0) {
        ticket_format_slot(a, a->visit.ticket_slot, app_lang(a), when,
                           sizeof when);
    } else {
        snprintf(when, sizeof when, "%s", app_tr(a, "ticket.any_time"));
    }
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0}, when, UI_FONT_TILE, 1,
                 t->text, UI_LEFT, 1) + ui_px(ui, 12);
    y += ticket_next(a, (struct ui_rect){c.x, y, c.w, 0});
    y += ticket_status(a, (struct ui_rect){c.x, y, c.w, 0});
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0},
                 app_tr(a, "ticket.privacy"), UI_FONT_SMALL, 0, t->text_dim,
                 UI_LEFT, 1);
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, view, a->visit.scroll, a->visit.scroll_h);
}

void screen_ticket(struct app *a)
{
    struct ui *ui = &a->ui;
    if (!a->visit.ticket_code[0]) {
        app_back(a);
        return;
    }
    if (a->visit.job && a->visit.ticket_state == 0) {
        ticket_poll(a);
    }
    struct ui_rect c = chrome_frame(a, app_tr(a, "ticket.title"));
    if (ui_button(ui, a->nav_slot, app_tr(a, "nav.done"), UI_STYLE_ACCENT)) {
        app_end_visit(a, "completed");
        return;
    }
    int landscape = ui->width > ui->height;
    /* printing failed: "Print again" under the QR, always in sight */
    int again = a->visit.ticket_state == 2 && printer_configured(a);
    int bh = ui_px(ui, 56), gap = ui_px(ui, 12);
    struct ui_rect qr = landscape ? ui_cut_left(&c, c.h)
                                  : ui_cut_top(&c, c.w + (again ? bh + gap
                                                                : 0));
    if (again) {
        struct ui_rect b = ui_cut_bottom(&qr, bh);
        ui_cut_bottom(&qr, gap);
        if (ui_button(ui, b, app_tr(a, "ticket.print_again"),
                      UI_STYLE_NORMAL)) {
            print_ticket(a); /* the same ticket, through the queue */
        }
    }
    ui_qr(ui, qr, a->visit.qr, a->visit.qr_n);
    if (landscape) {
        ui_cut_left(&c, ui_px(ui, 20));
    } else {
        ui_cut_top(&c, ui_px(ui, 12));
    }
    ticket_words(a, c);
}
