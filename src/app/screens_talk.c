/* Talk now: where and how to reach a counselor at once. A picture of the
 * counter when the site names one ([talk] picture), the opening hours from
 * [schedule], the site's hotline when it has one, the national numbers 111
 * (child protection, under 18) and 115 (medical emergency), and, when the
 * site wants it ([talk] call_staff), a "Call a staff member" button that
 * shows a full-screen "A staff member is coming" card, plays the site's
 * chime and is counted (a count a day, nothing about who). Everything drawn
 * comes from site.ini and the pack's strings, read at start: the screen
 * reads no file or database while it redraws. */
#include <stdio.h>
#include <string.h>

#include "app/audio.h"
#include "app/screens.h"
#include "site/booking.h"
#include "store/store.h"

/* "Monday–Friday" for a run of three days or more, else the names joined
 * by ", ". */
static void weekdays_text(const struct app *a, char *buf, size_t n)
{
    static const char *const keys[7] = {"day.mon", "day.tue", "day.wed",
                                        "day.thu", "day.fri", "day.sat",
                                        "day.sun"};
    int wd[7];
    int nd = booking_weekdays(&a->site, wd);
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < nd;) {
        int j = i;
        while (j + 1 < nd && wd[j + 1] == wd[j] + 1) {
            j++;
        }
        const char *sep = len ? ", " : "";
        int k = j - i >= 2
                    ? snprintf(buf + len, n - len, "%s%s\xE2\x80\x93%s", sep,
                               app_tr(a, keys[wd[i]]), app_tr(a, keys[wd[j]]))
                    : snprintf(buf + len, n - len, "%s%s", sep,
                               app_tr(a, keys[wd[i]]));
        if (k < 0 || len + (size_t)k >= n) {
            return; /* what fitted */
        }
        len += (size_t)k;
        i = j - i >= 2 ? j + 1 : i + 1;
    }
}

/* A heading and its lines; returns the height used. */
static int block(struct app *a, struct ui_rect r, const char *head,
                 const char *const *lines, int n)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int y = r.y;
    y += ui_text(ui, (struct ui_rect){r.x, y, r.w, 0}, head, UI_FONT_BODY, 1,
                 t->text, UI_LEFT, 1) + ui_px(ui, 2);
    for (int i = 0; i < n; i++) {
        y += ui_text(ui, (struct ui_rect){r.x, y, r.w, 0}, lines[i],
                     UI_FONT_BODY, 0, t->text, UI_LEFT, 1) + ui_px(ui, 2);
    }
    return y - r.y + ui_px(ui, 12);
}

/* The words: who is here and when, the site's hotline, the national
 * numbers; scrolled when they do not fit. */
static void talk_words(struct app *a, struct ui_rect view)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect c = view;
    c.w -= ui_px(ui, 16);
    int y0 = ui_scroll_begin(ui, view, &a->visit.scroll, a->visit.scroll_h);
    int y = y0;
    y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0}, app_tr(a, "talk.here"),
                 UI_FONT_TILE, 1, t->text, UI_LEFT, 1) + ui_px(ui, 12);
    char days[256], hours[128];
    weekdays_text(a, days, sizeof days);
    if (booking_hours_text(&a->site, hours, sizeof hours) < 0) {
        hours[0] = '\0';
    }
    const char *open[2] = {days, hours};
    y += block(a, (struct ui_rect){c.x, y, c.w, 0}, app_tr(a, "talk.hours"),
               open, 2);
    if (a->site.hotline[0]) {
        char line[256];
        const char *tmpl = app_tr(a, "app.hotline");
        const char *ph = strstr(tmpl, "{phone}");
        snprintf(line, sizeof line, "%.*s%s%s",
                 (int)(ph ? ph - tmpl : (long)strlen(tmpl)), tmpl,
                 a->site.hotline, ph ? ph + 7 : "");
        y += ui_text(ui, (struct ui_rect){c.x, y, c.w, 0}, line, UI_FONT_BODY,
                     1, t->text, UI_LEFT, 1) + ui_px(ui, 12);
    }
    const char *national[2] = {app_tr(a, "talk.n111"), app_tr(a, "talk.n115")};
    y += block(a, (struct ui_rect){c.x, y, c.w, 0}, app_tr(a, "talk.national"),
               national, 2);
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, view, a->visit.scroll, a->visit.scroll_h);
}

/* The visitor called: counted, the chime played, the card shown. */
static void call_staff(struct app *a)
{
    a->visit.calling = 1;
    a->redraw = 1;
    if (a->store && !store_read_only(a->store)) {
        enum kiosk_err e = store_staff_call(a->store, app_wall(a));
        if (e != KIOSK_OK) {
            fprintf(stderr, "kiosk: counting a call for staff: %s\n",
                    kiosk_strerror(e));
        }
    }
    if (a->audio && a->site.talk_chime[0]) {
        char path[1024];
        snprintf(path, sizeof path, "%s/audio/%s", pack_dir(a->pack),
                 a->site.talk_chime);
        audio_play(a->audio, path);
    }
}

/* "A staff member is coming", over the whole content area, large, until
 * the visitor closes it (or leaves: the bars stay). */
static void coming_card(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    ui_rect(ui, c, t->accent, ui_px(ui, 12));
    struct ui_rect in = ui_inset(c, ui_px(ui, 16));
    struct ui_rect ok = ui_cut_bottom(&in, ui_px(ui, 64));
    ok = (struct ui_rect){ok.x + ok.w / 4, ok.y, ok.w / 2, ok.h};
    ui_cut_bottom(&in, ui_px(ui, 12));
    struct ui_rect wait = ui_cut_bottom(&in, ui_text_height(
                                                 ui, app_tr(a, "talk.wait"),
                                                 UI_FONT_TILE, 1, in.w));
    ui_text_fit(ui, in, app_tr(a, "talk.coming"), UI_FONT_HUGE, 1,
                t->accent_text, UI_CENTER, UI_FIT_WRAP | UI_FIT_MIDDLE);
    ui_text(ui, wait, app_tr(a, "talk.wait"), UI_FONT_TILE, 1, t->accent_text,
            UI_CENTER, 1);
    if (ui_button(ui, ok, app_tr(a, "talk.close"), UI_STYLE_NORMAL)) {
        a->visit.calling = 0;
        a->redraw = 1;
    }
}

void screen_talk(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = chrome_frame(a, app_tr(a, "talk.title"));
    if (a->visit.calling) {
        coming_card(a, c);
        return;
    }
    int gap = ui_px(ui, 12);
    if (a->site.talk_call_staff) {
        struct ui_rect b = ui_cut_bottom(&c, ui_px(ui, 64));
        ui_cut_bottom(&c, gap);
        if (ui_button(ui, b, app_tr(a, "talk.call"), UI_STYLE_ACCENT)) {
            call_staff(a);
            return;
        }
    }
    if (a->site.talk_picture[0]) {
        int landscape = ui->width > ui->height;
        struct ui_rect pic = landscape ? ui_cut_left(&c, c.w * 2 / 5)
                                       : ui_cut_top(&c, c.w * 3 / 5);
        char path[1024];
        snprintf(path, sizeof path, "%s/images/%s", pack_dir(a->pack),
                 a->site.talk_picture);
        ui_image(ui, pic, path);
        if (landscape) {
            ui_cut_left(&c, ui_px(ui, 20));
        } else {
            ui_cut_top(&c, gap);
        }
    }
    talk_words(a, c);
}
