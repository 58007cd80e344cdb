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

void screen_staff_slots(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.slots"));
    /* the kiosk's clock, with buttons to correct it */
    const int off = a->site.utc_offset;
    int64_t now = app_wall(a);
    char clock[96], when[32];
    date_format(now, off, DATE_DMY_HM, when, sizeof when);
    snprintf(clock, sizeof clock, "%s %s", st_tr(a, "staff.clock"), when);
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
            staff_audit_first(a, "clock", detail)) {
            app_set_clock_offset(a, a->clock_offset + steps[i].secs);
        }
    }
    ui_cut_top(&c, ui_px(ui, 8));
    /* the next seven days */
    long today = date_day(now, off);
    if (a->staff.day < today) {
        a->staff.day = today;
    }
    struct ui_rect days = ui_cut_top(&c, ui_px(ui, 50));
    for (int i = 0; i < 7; i++) {
        long day = today + i;
        char label[16];
        date_format_day(day, DATE_DM, label, sizeof label);
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
                          : date_day_start(day, off) +
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
        char hm[8], label[96];
        date_format(slots[i].start, off, DATE_HM, hm, sizeof hm);
        snprintf(label, sizeof label, "%s   %d / %d%s%s", hm,
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
            staff_say(a, e == KIOSK_EINUSE ? "staff.slot_booked"
                                           : "store.unavailable");
        }
    }
    a->staff.scroll_h = yy - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}
