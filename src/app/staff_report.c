/* Staff mode, what leaves the kiosk: exports to a USB stick, and the
 * state of reporting to the province's ODK Central. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "app/staff_int.h"
#include "store/store.h"

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
        struct ui_rect cell = ui_grid_cell(tabs, 5, 5, ui_px(ui, 12), i);
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
        struct staff_export_cfg cfg = {a->dhis2, app_wall(a), a->staff.id,
                                       a->site.utc_offset};
        struct staff_export_result res;
        struct kiosk_diag d = {0};
        enum kiosk_err e = staff_period(periods[sel].kind, app_wall(a),
                                        a->site.utc_offset, &from, &to);
        if (e == KIOSK_OK) {
            e = staff_export(a->store, &cfg, dir, from, to, &res, &d);
        }
        char quiz_why[200];
        if (e == KIOSK_OK &&
            app_quiz_report(a, dir, from, to, quiz_why, sizeof quiz_why) !=
                KIOSK_OK) {
            /* the counts went out; the school quiz report did not */
            snprintf(a->staff.msg, sizeof a->staff.msg, "%s %s",
                     st_tr(a, "staff.quiz_report_failed"), quiz_why);
        } else if (e == KIOSK_OK) {
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
    date_format(t, a->site.utc_offset, DATE_DMY_HM, buf, n);
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
    /* in memory, kept by the sender thread: no store read here */
    struct report_status st;
    report_status(a->sender, &st);
    char last[32], oldest[32], line[1200];
    fmt_time(a, st.last_success, last, sizeof last);
    fmt_time(a, st.outbox.oldest_pending, oldest, sizeof oldest);
    snprintf(line, sizeof line,
             "%s: %s\n%s: %lld   %s: %lld   %s: %lld\n%s: %s%s%s",
             st_tr(a, "staff.last_sync"), last, st_tr(a, "staff.sent"),
             (long long)st.outbox.sent, st_tr(a, "staff.waiting"),
             (long long)st.outbox.pending, st_tr(a, "staff.parked"),
             (long long)st.outbox.failed, st_tr(a, "staff.oldest_waiting"),
             st.outbox.pending ? oldest : "—", st.held ? "\n" : "",
             st.held ? st_tr(a, "staff.held") : "");
    struct ui_rect b = ui_cut_bottom(&c, ui_px(ui, 60));
    ui_cut_bottom(&c, ui_px(ui, 8));
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int y = y0, w = c.w - ui_px(ui, 14);
    y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, line, UI_FONT_BODY, 1,
                 t->text, UI_LEFT, 1) + ui_px(ui, 8);
    /* a form held back, and what an administrator must do about it */
    for (int i = 0; i < st.n_holds; i++) {
        snprintf(line, sizeof line, "%s %s: %s", st_tr(a, "staff.form_held"),
                 st.holds[i].form, st.holds[i].reason);
        y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, line, UI_FONT_SMALL,
                     0, t->bad, UI_LEFT, 1) + ui_px(ui, 6);
    }
    if (st.last_error[0]) {
        y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, st.last_error,
                     UI_FONT_SMALL, 0, t->text_dim, UI_LEFT, 1) +
             ui_px(ui, 6);
    }
    for (int i = 0; i < st.n_recent && i < 3; i++) {
        snprintf(line, sizeof line, "%s: %s", st_tr(a, "staff.parked"),
                 st.recent[i].reason);
        y += ui_text(ui, (struct ui_rect){c.x, y, w, 0}, line, UI_FONT_SMALL,
                     0, t->text_dim, UI_LEFT, 1) + ui_px(ui, 4);
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
    struct ui_rect send = ui_cut_left(&b, b.w / 2 - ui_px(ui, 6));
    ui_cut_left(&b, ui_px(ui, 12));
    if (ui_button(ui, send, st_tr(a, "staff.send_now"), UI_STYLE_ACCENT) &&
        staff_audit_first(a, "send-now", "")) {
        report_send_now(a->sender);
    }
    /* records Central refused for good go back into the queue (audited
     * with the change), then are tried at once */
    if (st.outbox.failed > 0 &&
        ui_button(ui, b, st_tr(a, "staff.requeue"), UI_STYLE_NORMAL)) {
        int n = 0;
        if (store_outbox_requeue(a->store, app_wall(a), a->staff.id, &n) !=
            KIOSK_OK) {
            staff_say(a, "store.unavailable");
        } else {
            report_send_now(a->sender);
        }
    }
}
