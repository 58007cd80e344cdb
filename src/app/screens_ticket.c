/* Booking a follow-up and the ticket: days and free times from the site's
 * schedule (slots are made in the store the first time a day is shown, so
 * staff can block or add them later), or "any time during opening hours";
 * the ticket is committed, then printed on a worker thread while the
 * screen shows the code and a QR big enough to photograph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens.h"
#include "core/date.h"
#include "app/ticket_make.h"
#include "store/store.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

#define DAYS_LOOKED 21      /* calendar days searched for open days */
#define SLOTS_MAX 96
#define LEAD_SECONDS 600    /* a slot must start at least this far ahead */

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

/* Issues a ticket: committed to the store first, then printed. */
static void issue_ticket(struct app *a, int64_t slot_id, int64_t slot_start)
{
    char code[TICKET_CODE_SIZE];
    int64_t id = 0;
    enum kiosk_err e = KIOSK_EINVAL;
    /* a new code is drawn while the one drawn exists already */
    for (int attempt = 0; attempt < 3 && (attempt == 0 || e == KIOSK_EEXIST);
         attempt++) {
        if (a->deterministic) {
            ticket_code_from_value(0x5D3A7C9E21ULL + a->code_seq++, code);
        } else if (ticket_code_new(code) != KIOSK_OK) {
            return;
        }
        struct store_ticket_new t = {code, slot_id, app_wall(a),
                                     a->visit.lang, a->visit.screening_id};
        e = store_ticket_insert(a->store, &t, &id);
    }
    if (e) {
        /* the slot filled up or was closed meanwhile, or the store failed:
         * a closed slot is no more bookable than a full one */
        snprintf(a->visit.issue, sizeof a->visit.issue, "%s",
                 e == KIOSK_EBOOKED || e == KIOSK_ECLOSED
                     ? app_tr(a, "booking.full")
                     : app_tr(a, "store.unavailable"));
        a->redraw = 1;
        return;
    }
    a->visit.issue[0] = '\0';
    snprintf(a->visit.ticket_code, sizeof a->visit.ticket_code, "%s", code);
    a->visit.ticket_slot = slot_start;
    /* the QR for the screen, one byte a module */
    char url[512];
    struct ticket_bitmap qr;
    a->visit.qr_n = 0;
    if (ticket_code_url(a->site.ticket_url, code, url, sizeof url) ==
            KIOSK_OK &&
        ticket_qr_render(url, 1, &qr) == KIOSK_OK) {
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
    /* print on a worker thread; the screen polls */
    app_keep_printing(a, a->visit.job); /* an earlier ticket still printing */
    a->visit.job = NULL;
    a->visit.ticket_state = 2;
    snprintf(a->visit.ticket_why, sizeof a->visit.ticket_why, "%s",
             "no printer configured");
    struct ticket_buf buf;
    if (strcmp(a->site.printer, "none") != 0 && a->site.printer[0] &&
        ticket_make_escpos(a, code, slot_start, a->visit.lang, &buf) ==
            KIOSK_OK) {
        struct ticket_job_opts o = {a->site.printer_timeout_ms, 0};
        if (ticket_printer_submit(a->printer, buf.data, buf.len, &o,
                                  &a->visit.job) == KIOSK_OK) {
            a->visit.ticket_state = 0;
            enum kiosk_err pe = store_ticket_printed(a->store, id,
                                                     app_wall(a), 0);
            (void)pe; /* a count for staff; the ticket itself is saved */
        } else {
            snprintf(a->visit.ticket_why, sizeof a->visit.ticket_why, "%s",
                     "bad printer setting in site.ini");
        }
        free(buf.data);
    }
    app_go(a, SCR_TICKET);
}

void screen_booking(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = chrome_frame(a, app_tr(a, "booking.title"));
    if (!a->store || store_read_only(a->store)) {
        /* nothing can be booked: say so, not "fully booked" */
        chrome_notice(a, &c, app_tr(a, "store.unavailable"));
        return;
    }
    /* a board without a real-time clock may think it is 1970: then no
     * appointments, only tickets without a slot */
    int clock_ok = app_wall(a) >= KIOSK_BUILD_EPOCH;
    if (!clock_ok) {
        chrome_notice(a, &c, app_tr(a, "booking.clock_wrong"));
    }
    if (a->visit.issue[0]) {
        chrome_notice(a, &c, a->visit.issue);
    }
    int gap = ui_px(ui, 12);
    struct ui_rect any = ui_cut_top(&c, ui_px(ui, 64));
    if (ui_tile(ui, any, app_tr(a, "booking.any_time"), NULL, NULL,
                UI_STYLE_ACCENT, 0)) {
        issue_ticket(a, 0, 0);
        return;
    }
    ui_cut_top(&c, gap);
    if (!clock_ok) {
        return;
    }
    /* the next open days */
    long today = date_day(app_wall(a), a->site.utc_offset);
    long days[16];
    int nd = 0;
    for (long d = today; d < today + DAYS_LOOKED && nd < a->site.days_ahead &&
                         nd < 16; d++) {
        if (site_day_open(&a->site, d)) {
            days[nd++] = d;
        }
    }
    int lh = ui_text_height(ui, "Ag", UI_FONT_BODY, 1, 0);
    ui_text(ui, c, app_tr(a, "booking.choose_day"), UI_FONT_BODY, 1, t->text,
            UI_LEFT, 0);
    ui_cut_top(&c, lh + ui_px(ui, 4));
    /* two lines of a day's name at the smallest size ui_text_fit uses:
     * "Wednesday 28/11" does not fit one line in a fifth of the screen */
    struct ui_rect row = ui_cut_top(&c, ui_px(ui, 78));
    for (int i = 0; i < nd; i++) {
        char label[96];
        day_label(a, days[i], label, sizeof label);
        struct ui_rect cell = ui_grid_cell(row, nd, nd, ui_px(ui, 12), i);
        int sel = a->visit.booking_day == days[i];
        if (ui_tile(ui, cell, label, NULL, NULL,
                    sel ? UI_STYLE_ACCENT : UI_STYLE_NORMAL, sel)) {
            a->visit.booking_day = days[i];
            a->visit.scroll = 0;
            a->redraw = 1;
        }
    }
    ui_cut_top(&c, gap);
    if (a->visit.booking_day < 0) {
        return;
    }
    /* the free times of the chosen day */
    long day = a->visit.booking_day;
    ensure_slots(a, day);
    struct store_slot slots[SLOTS_MAX];
    int n = 0;
    if (store_slots_for_day(a->store, day, slots, SLOTS_MAX, &n) != KIOSK_OK) {
        n = 0;
    }
    int free_idx[SLOTS_MAX], nf = 0;
    for (int i = 0; i < n && i < SLOTS_MAX; i++) {
        if (!slots[i].blocked && slots[i].booked < slots[i].capacity &&
            slots[i].start > app_wall(a) + LEAD_SECONDS) {
            free_idx[nf++] = i;
        }
    }
    ui_text(ui, c, app_tr(a, nf ? "booking.choose_time" : "booking.full"),
            UI_FONT_BODY, 1, t->text, UI_LEFT, 1);
    ui_cut_top(&c, lh + ui_px(ui, 4));
    int cols = ui->width > ui->height ? 6 : 3;
    int rows = (nf + cols - 1) / cols;
    int cell_h = ui_px(ui, 56);
    int content_h = rows * cell_h + (rows > 0 ? (rows - 1) * gap : 0);
    /* more times than fit: the list scrolls by drag */
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, content_h);
    struct ui_rect grid = {c.x, y0, c.w - ui_px(ui, 12), content_h};
    for (int i = 0; i < nf; i++) {
        struct store_slot *s = &slots[free_idx[i]];
        char label[16];
        date_format(s->start, a->site.utc_offset, DATE_HM, label,
                    sizeof label);
        struct ui_rect cell = ui_grid_cell(grid, nf, cols, gap, i);
        if (cell.y + cell.h < c.y || cell.y > c.y + c.h) {
            continue;
        }
        if (ui_button(ui, cell, label, UI_STYLE_NORMAL)) {
            ui_scroll_end(ui, c, a->visit.scroll, content_h);
            issue_ticket(a, s->id, s->start);
            return;
        }
    }
    ui_scroll_end(ui, c, a->visit.scroll, content_h);
}

void screen_ticket(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    if (!a->visit.ticket_code[0]) {
        app_back(a);
        return;
    }
    if (a->visit.job && a->visit.ticket_state == 0) {
        struct ticket_job_result res;
        enum ticket_job_state st = ticket_job_poll(a->visit.job, &res);
        if (st == TICKET_JOB_DONE) {
            /* "take your ticket" only when the printer said it printed
             * it; a file or a printer that cannot answer only took the
             * bytes */
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
    struct ui_rect c = chrome_frame(a, app_tr(a, "ticket.title"));
    if (ui_button(ui, a->nav_slot, app_tr(a, "nav.done"), UI_STYLE_ACCENT)) {
        app_end_visit(a, "completed");
        return;
    }
    int landscape = ui->width > ui->height;
    struct ui_rect qr = landscape ? ui_cut_left(&c, c.h) : ui_cut_top(&c, c.w);
    ui_qr(ui, qr, a->visit.qr, a->visit.qr_n);
    if (landscape) {
        ui_cut_left(&c, ui_px(ui, 20));
    } else {
        ui_cut_top(&c, ui_px(ui, 12));
    }
    char grouped[32], when[128];
    if (ticket_code_format_grouped(a->visit.ticket_code, grouped,
                                   sizeof grouped) != KIOSK_OK) {
        snprintf(grouped, sizeof grouped, "%s", a->visit.ticket_code);
    }
    /* the words beside the code scroll when they do not fit (at 150 %
     * the printer's note ran off the screen) */
    struct ui_rect view = c;
    c.w -= ui_px(ui, 16);
    int y0 = ui_scroll_begin(ui, view, &a->visit.scroll, a->visit.scroll_h);
    int y = y0;
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
    const char *status = a->visit.ticket_state == 0
                             ? app_tr(a, "ticket.printing")
                         : a->visit.ticket_state == 1
                             ? app_tr(a, "ticket.take")
                         : a->visit.ticket_state == 3
                             ? app_tr(a, "ticket.sent")
                             : app_tr(a, "ticket.printer_failed");
    struct ui_rect band = {c.x, y, c.w, 0};
    int h = ui_text_height(ui, status, UI_FONT_BODY, 1, band.w - ui_px(ui, 20));
    band.h = h + ui_px(ui, 20);
    ui_rect(ui, band, a->visit.ticket_state == 2 ? t->warn : t->panel,
            ui_px(ui, 10));
    ui_text(ui, ui_inset(band, ui_px(ui, 10)), status, UI_FONT_BODY, 1,
            a->visit.ticket_state == 2 ? (struct ui_color){0x20, 0x18, 0, 255}
                                       : t->text,
            UI_LEFT, 1);
    y += band.h + ui_px(ui, 8);
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0},
                 app_tr(a, "ticket.privacy"), UI_FONT_SMALL, 0, t->text_dim,
                 UI_LEFT, 1);
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, view, a->visit.scroll, a->visit.scroll_h);
}
