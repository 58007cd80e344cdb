/* Staff mode, the day: the kiosk's clock, closed days and appointment
 * slots for the next week. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "app/staff_int.h"
#include "store/store.h"

/* ---- slots, closed days and the clock ------------------------------------------ */

#define DAY_SLOTS 288 /* a slot every 5 minutes, all day */

/* One day's slots and whether it is closed. */
struct slots_view {
    enum kiosk_err e;
    long day;
    int closed, n;
    struct store_slot slots[DAY_SLOTS];
};

/* The kiosk's clock, with buttons to correct it (audited first). */
static void clock_row(struct app *a, struct ui_rect *c, int64_t now)
{
    struct ui *ui = &a->ui;
    char clock[96], when[32];
    date_format(now, a->site.utc_offset, DATE_DMY_HM, when, sizeof when);
    snprintf(clock, sizeof clock, "%s %s", st_tr(a, "staff.clock"), when);
    struct ui_rect row = ui_cut_top(c, ui_px(ui, 50));
    struct ui_rect txt = ui_cut_left(&row, row.w * 2 / 5);
    int th = ui_text_height(ui, clock, UI_FONT_BODY, 1, 0);
    ui_text(ui, (struct ui_rect){txt.x, txt.y + (txt.h - th) / 2, txt.w, th},
            clock, UI_FONT_BODY, 1, ui->theme.text, UI_LEFT, 0);
    static const struct {
        const char *label;
        int64_t secs;
    } steps[6] = {{"-1d", -86400}, {"+1d", 86400}, {"-1h", -3600},
                  {"+1h", 3600},   {"-10m", -600}, {"+10m", 600}};
    for (int i = 0; i < 6; i++) {
        struct ui_rect cell = ui_grid_cell(row, 6, 6, ui_px(ui, 12), i);
        char detail[64];
        snprintf(detail, sizeof detail, "%+lld s", (long long)steps[i].secs);
        if (ui_button(ui, cell, steps[i].label, UI_STYLE_NORMAL) &&
            staff_audit_first(a, "clock", detail)) {
            app_set_clock_offset(a, a->clock_offset + steps[i].secs);
        }
    }
    ui_cut_top(c, ui_px(ui, 12));
}

/* The next seven days, today first; the chosen one is a->staff.day. */
static void day_picker(struct app *a, struct ui_rect *c, long today)
{
    struct ui *ui = &a->ui;
    if (a->staff.day < today) {
        a->staff.day = today;
    }
    struct ui_rect days = ui_cut_top(c, ui_px(ui, 50));
    for (int i = 0; i < 7; i++) {
        long day = today + i;
        char label[16];
        date_format_day(day, DATE_DM, label, sizeof label);
        struct ui_rect cell = ui_grid_cell(days, 7, 7, ui_px(ui, 12), i);
        if (ui_button(ui, cell, label,
                      day == a->staff.day ? UI_STYLE_ACCENT
                                          : UI_STYLE_NORMAL)) {
            a->staff.day = day;
            app_view_changed(a);
        }
    }
    ui_cut_top(c, ui_px(ui, 12));
}

/* Close or open the day; add a slot after the last (or at the first
 * opening hour). */
static void day_actions(struct app *a, struct ui_rect *c,
                        const struct slots_view *v, int64_t now)
{
    struct ui *ui = &a->ui;
    long day = v->day;
    struct ui_rect actions = ui_cut_bottom(c, ui_px(ui, 54));
    struct ui_rect close_b = ui_cut_left(&actions, actions.w / 2 -
                                                       ui_px(ui, 5));
    ui_cut_left(&actions, ui_px(ui, 12));
    if (ui_button(ui, close_b,
                  st_tr(a, v->closed ? "staff.open_day" : "staff.close_day"),
                  v->closed ? UI_STYLE_ACCENT : UI_STYLE_DANGER)) {
        enum kiosk_err e =
            v->closed
                ? store_closed_day_remove(a->store, day, now, a->staff.id)
                : store_closed_day_add(a->store, day, "staff", now,
                                       a->staff.id);
        if (e != KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
        app_view_changed(a);
    }
    if (!v->closed && ui_button(ui, actions, st_tr(a, "staff.add_slot"),
                                UI_STYLE_NORMAL)) {
        int starts[SITE_MAX_SLOTS];
        int k = site_day_slots(&a->site, day, starts, SITE_MAX_SLOTS);
        int64_t start =
            v->n ? v->slots[v->n - 1].start + v->slots[v->n - 1].length
                 : date_day_start(day, a->site.utc_offset) +
                       (k ? starts[0] : 8 * 3600);
        if (store_slot_add(a->store, start, a->site.slot_minutes * 60,
                           a->site.slot_capacity, now, a->staff.id,
                           NULL) != KIOSK_OK) {
            staff_say(a, "store.unavailable");
        }
        app_view_changed(a);
    }
    ui_cut_bottom(c, ui_px(ui, 12));
}

/* One slot: its time and bookings, block/unblock, remove when unbooked. */
static void slot_row(struct app *a, struct ui_rect r,
                     const struct store_slot *sl, int64_t now)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    char hm[8], label[96];
    date_format(sl->start, a->site.utc_offset, DATE_HM, hm, sizeof hm);
    snprintf(label, sizeof label, "%s   %d / %d%s%s", hm, sl->booked,
             sl->capacity, sl->blocked ? " · " : "",
             sl->blocked ? st_tr(a, "staff.blocked") : "");
    struct ui_rect rm = ui_cut_right(&r, ui_px(ui, 150));
    ui_cut_right(&r, ui_px(ui, 12));
    struct ui_rect bl = ui_cut_right(&r, ui_px(ui, 150));
    int th = ui_text_height(ui, label, UI_FONT_BUTTON, 1, 0);
    ui_text(ui, (struct ui_rect){r.x, r.y + (r.h - th) / 2, r.w, th}, label,
            UI_FONT_BUTTON, 1, sl->blocked ? t->text_dim : t->text, UI_LEFT,
            0);
    enum kiosk_err e = KIOSK_OK;
    if (ui_button(ui, bl,
                  st_tr(a, sl->blocked ? "staff.unblock" : "staff.block"),
                  UI_STYLE_NORMAL)) {
        e = store_slot_block(a->store, sl->id, !sl->blocked, now,
                             a->staff.id);
        app_view_changed(a);
    }
    if (sl->booked == 0 &&
        ui_button(ui, rm, st_tr(a, "staff.remove"), UI_STYLE_DANGER)) {
        e = store_slot_remove(a->store, sl->id, now, a->staff.id);
        app_view_changed(a);
    }
    if (e != KIOSK_OK) {
        staff_say(a, e == KIOSK_EINUSE ? "staff.slot_booked"
                                       : "store.unavailable");
    }
}

void screen_staff_slots(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.slots"));
    int64_t now = app_wall(a);
    clock_row(a, &c, now);
    day_picker(a, &c, date_day(now, a->site.utc_offset));
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
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    day_actions(a, &c, v, now);
    if (v->closed) {
        ui_text(ui, c, st_tr(a, "staff.day_closed"), UI_FONT_BODY, 1,
                ui->theme.text, UI_LEFT, 1);
        return;
    }
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int yy = y0, rh = ui_px(ui, 62);
    for (int i = 0; i < v->n; i++) {
        struct ui_rect r = {c.x, yy, c.w - ui_px(ui, 14), rh - ui_px(ui, 12)};
        yy += rh;
        if (r.y + r.h >= c.y && r.y <= c.y + c.h) {
            slot_row(a, r, &v->slots[i], now);
        }
    }
    a->staff.scroll_h = yy - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}
