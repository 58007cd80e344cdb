/* The first screens a visitor meets: attract, language, home, and the
 * placeholder for parts of the kiosk that are still being built. */
#include <stdio.h>
#include <string.h>

#include "app/audio.h"
#include "app/screens.h"
#include "survey/survey.h"

#define ATTRACT_MSGS 6

/* How many attract messages the pack has (attract.msg.1 … .6). */
static int attract_count(const struct app *a)
{
    int n = 0;
    char key[32];
    for (int i = 1; i <= ATTRACT_MSGS; i++) {
        snprintf(key, sizeof key, "attract.msg.%d", i);
        if (a->pack && pack_has_str(a->pack, key)) {
            n = i;
        }
    }
    return n;
}

/* Languages offered to visitors (site.ini languages, and drafts only
 * when draft_languages lists them), in pack order. */
static int enabled_langs(const struct app *a, int *idx, int cap)
{
    int n = 0;
    for (int i = 0; a->pack && i < pack_nlangs(a->pack) && n < cap; i++) {
        if (app_language_offered(a, pack_lang(a->pack, i)->code)) {
            idx[n++] = i;
        }
    }
    return n;
}

/* Lays chips out in centred rows; with draw = 0 only returns the height. */
static int chips(struct app *a, struct ui_rect r, const char **texts, int n,
                 int draw)
{
    struct ui *ui = &a->ui;
    int pad = ui_px(ui, 14), gap = ui_px(ui, 10);
    int chip_h = ui_text_height(ui, "Ag", UI_FONT_BODY, 0, 0) + pad;
    int y = r.y, i = 0;
    while (i < n) {
        /* take as many chips as fit on this row */
        int row_w = 0, k = i;
        while (k < n) {
            int w = ui_text_width(ui, texts[k], UI_FONT_BODY, 0) + 2 * pad;
            int th = ui_text_height(ui, texts[k], UI_FONT_BODY, 0, 0) + pad;
            if (th > chip_h) {
                chip_h = th;
            }
            if (k > i && row_w + gap + w > r.w) {
                break;
            }
            row_w += (k > i ? gap : 0) + w;
            k++;
        }
        int x = r.x + (r.w - row_w) / 2;
        for (int j = i; j < k && draw; j++) {
            int w = ui_text_width(ui, texts[j], UI_FONT_BODY, 0) + 2 * pad;
            struct ui_rect c = {x, y, w, chip_h};
            /* a shade lighter than the bar, white text still 7:1 */
            struct ui_color bg = ui_mix(ui->theme.accent,
                                        ui->theme.accent_text, 16);
            ui_rect(ui, c, bg, chip_h / 2);
            int th = ui_text_height(ui, texts[j], UI_FONT_BODY, 0, 0);
            ui_text(ui, (struct ui_rect){c.x, c.y + (c.h - th) / 2, c.w, th},
                    texts[j], UI_FONT_BODY, 0, ui->theme.accent_text,
                    UI_CENTER, 0);
            x += w + gap;
        }
        y += chip_h + gap;
        i = k;
    }
    return y - r.y;
}

void screen_attract(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect all = chrome_full(a);
    ui_rect(ui, all, t->accent, 0);
    /* the whole screen is the start button */
    if (ui_area(ui, all, app_tr(a, "attract.touch"))) {
        app_begin_visit(a);
        app_note_input(a);
        app_go(a, SCR_LANGUAGE);
    }
    int nmsg = attract_count(a);
    int langs[32];
    int nl = enabled_langs(a, langs, 32);
    if (a->now_ms - a->attract_ms >= (int64_t)a->site.attract_seconds * 1000) {
        a->attract_index++;
        a->attract_ms = a->now_ms;
    }
    struct ui_rect r = ui_inset(all, ui_px(ui, 28));
    /* site name and the privacy promise */
    int h = ui_text(ui, r, a->site.name, UI_FONT_BODY, 1, t->accent_text,
                    UI_LEFT, 1);
    r.y += h + ui_px(ui, 6);
    r.h -= h + ui_px(ui, 6);
    /* the promise above the emergency numbers, each as tall as it is */
    int ph = ui_text_height(ui, app_tr(a, "app.privacy"), UI_FONT_SMALL, 0,
                            r.w);
    int eh = ui_text_height(ui, app_tr(a, "app.emergency"), UI_FONT_SMALL, 1,
                            r.w);
    struct ui_rect foot = ui_cut_bottom(&r, ph + eh + ui_px(ui, 4));
    ui_text(ui, foot, app_tr(a, "app.privacy"), UI_FONT_SMALL, 0,
            t->accent_text, UI_CENTER, 1);
    ui_text(ui, (struct ui_rect){foot.x, foot.y + foot.h - eh, foot.w, eh},
            app_tr(a, "app.emergency"), UI_FONT_SMALL, 1, t->accent_text,
            UI_CENTER, 1);

    /* "touch to start" in every enabled language, each in its own script */
    const char *touch[32];
    int nt = 0;
    for (int i = 0; i < nl; i++) {
        int fallback = 0;
        const char *s = pack_str_ex(a->pack, pack_lang(a->pack, langs[i])->code,
                                    "attract.touch", &fallback);
        if (!fallback) { /* a fallback would repeat another chip */
            touch[nt++] = s;
        }
    }
    int ch = chips(a, (struct ui_rect){r.x, 0, r.w, 0}, touch, nt, 0);
    struct ui_rect chip_area = ui_cut_bottom(&r, ch);
    chips(a, chip_area, touch, nt, 1);
    ui_cut_bottom(&r, ui_px(ui, 24)); /* room for the rotation dots */

    /* the rotating message, in a rotating language: each offered language
     * in turn invites in its own words (a language without this message
     * gives its turn to the next, never a Vietnamese line under its name),
     * with its clip when the pack has one */
    if (nmsg > 0 && nl > 0) {
        char key[32];
        int k = a->attract_index % nmsg, fb = 1;
        const char *lang = NULL, *msg = NULL;
        snprintf(key, sizeof key, "attract.msg.%d", k + 1);
        for (int j = 0; j < nl && fb; j++) {
            lang = pack_lang(a->pack, langs[(a->attract_index + j) % nl])->code;
            msg = pack_str_ex(a->pack, lang, key, &fb);
        }
        if (fb) {
            lang = a->site.default_language;
            msg = pack_str(a->pack, lang, key);
        }
        if (a->attract_index != a->attract_spoken) {
            a->attract_spoken = a->attract_index;
            const char *clip = pack_str_audio(a->pack, lang, key);
            /* spoken at most once every attract_voice_seconds: a kiosk
             * that talks every few seconds all day wears out the staff */
            int64_t gap = (int64_t)a->site.attract_voice_seconds * 1000;
            if (clip && a->audio && gap > 0 &&
                (!a->attract_voice_ms || a->now_ms - a->attract_voice_ms >= gap)) {
                audio_play(a->audio, clip);
                a->attract_voice_ms = a->now_ms ? a->now_ms : 1;
            }
        }
        int mh = ui_text_fit(ui, r, msg, UI_FONT_HUGE, 1, t->accent_text,
                             UI_CENTER, UI_FIT_WRAP | UI_FIT_MIDDLE).h;
        /* dots showing the rotation */
        int dot = ui_px(ui, 10), gap = ui_px(ui, 8);
        int dx = r.x + (r.w - nmsg * dot - (nmsg - 1) * gap) / 2;
        int dy = r.y + (r.h + mh) / 2 + ui_px(ui, 10);
        if (dy > r.y + r.h + ui_px(ui, 6)) {
            dy = r.y + r.h + ui_px(ui, 6);
        }
        for (int i = 0; i < nmsg && mh <= r.h; i++) { /* (not over it) */
            struct ui_color c = i == k ? t->accent_text
                                       : ui_mix(t->accent, t->accent_text, 90);
            ui_rect(ui, (struct ui_rect){dx + i * (dot + gap), dy, dot, dot}, c,
                    dot / 2);
        }
    }
}

void screen_language(struct app *a)
{
    struct ui *ui = &a->ui;
    char title[256];
    const char *own = app_tr(a, "lang.title");
    const char *en = app_tr_lang(a, "en", "lang.title");
    if (strcmp(own, en) != 0) {
        snprintf(title, sizeof title, "%s · %s", own, en);
    } else {
        snprintf(title, sizeof title, "%s", own);
    }
    struct ui_rect c = chrome_frame(a, title);
    int langs[32];
    int n = enabled_langs(a, langs, 32);
    /* landscape: as many tiles a row as fill it (two languages, the
     * default site's, get half the screen each, not two thirds of it) */
    int cols = ui->width <= ui->height ? 2
               : n <= 2 ? (n > 0 ? n : 1)
               : n == 4 ? 2
               : n <= 6 ? 3 : 4;
    int gap = ui_px(ui, 12);
    for (int i = 0; i < n; i++) {
        const struct pack_language *l = pack_lang(a->pack, langs[i]);
        struct ui_rect cell = ui_grid_cell(c, n, cols, gap, i);
        int selected = strcmp(l->code, app_lang(a)) == 0;
        if (l->draft) { /* offered as a draft: the tile says so */
            struct ui_rect mark = ui_cut_bottom(&cell, ui_px(ui, 40));
            chrome_draft_mark(a, mark, l->code, app_lang(a));
            ui_cut_bottom(&cell, ui_px(ui, 4));
        }
        /* the language's own name, spoken, beside its tile: a visitor
         * who cannot read hears each name before choosing */
        const char *clip = pack_str_audio(a->pack, l->code, "lang.name");
        if (clip) {
            char label[64]; /* (a sign; the label names it for scripts) */
            snprintf(label, sizeof label, "lang.name %s", l->code);
            struct ui_rect sp = ui_cut_right(&cell, ui_px(ui, 56));
            ui_cut_right(&cell, ui_px(ui, 12));
            if (chrome_speaker_button(a, sp, label) && a->audio) {
                audio_play(a->audio, clip);
            }
        }
        if (ui_tile(ui, cell, l->name, l->name_en, NULL, UI_STYLE_NORMAL,
                    selected)) {
            snprintf(a->visit.lang, sizeof a->visit.lang, "%s", l->code);
            app_go(a, SCR_HOME);
        }
    }
}

/* Home tiles and where they lead. */
static const struct {
    const char *title, *sub;
    int screen;
} home_tiles[] = {
    {"home.screening", "home.screening.sub", SCR_SCREENING},
    {"home.info", "home.info.sub", SCR_INFO},
    {"home.services", "home.services.sub", SCR_SERVICES},
    {"home.appointment", "home.appointment.sub", SCR_BOOKING},
    {"home.talk", "home.talk.sub", SCR_TALK},
    {"quiz.home", "quiz.home.sub", SCR_QUIZ_PLAY},
};

/* Home tile i's words and icon; on a prevention day the first tile is
 * the event quiz's self-check (its settings name the form), private. */
struct home_tile {
    const char *title, *sub, *icon;
    int self_check; /* the form, -1 = none */
    int flags;      /* ui_tile_ex's: the sign when not in the visitor's
                       language */
};

static struct home_tile home_tile(struct app *a, int i)
{
    int before = app_vt_count(a);
    struct home_tile t = {app_tr(a, home_tiles[i].title),
                          app_tr(a, home_tiles[i].sub), NULL,
                          i == 0 ? app_event_self_check(a) : -1, 0};
    if (t.self_check >= 0) {
        before = app_vt_count(a);
        t.title = app_tr(a, "quiz.self_check");
        t.sub = app_tr(a, "quiz.self_check_private");
    }
    t.flags = UI_TILE_BESIDE | app_vt_item(a, before);
    /* the tile's icon is the pack's (icons.csv, by the title's key) */
    t.icon = pack_icon(a->pack, t.self_check >= 0 ? "quiz.self_check"
                                                  : home_tiles[i].title);
    return t;
}

/* Tiles a row: three (two for four tiles or fewer), or one fewer when
 * more tiles then show their icon and their words at full size (larger
 * text, a longer language); the icon counts most, for visitors who read
 * little, and a line left out for it counts against. In portrait one. */
static int home_cols(struct app *a, struct ui_rect c, int n, int gap)
{
    struct ui *ui = &a->ui;
    if (ui->width <= ui->height) {
        return 1;
    }
    int first = n > 4 ? 3 : 2, best = first, best_score = -1;
    for (int cols = first; cols >= 2; cols--) {
        int score = 0;
        for (int i = 0; i < n; i++) {
            struct home_tile t = home_tile(a, i);
            int f = ui_tile_fit(ui, ui_grid_cell(c, n, cols, gap, i), t.title,
                                t.sub, t.icon, t.flags);
            score += (f & UI_TILE_PICTURE ? 2 : 0) +
                     (f & UI_TILE_WORDS ? 1 : f & UI_TILE_SHORT ? -1 : 0);
        }
        if (score > best_score) {
            best = cols;
            best_score = score;
        }
    }
    return best;
}

void screen_home(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = chrome_frame(a, app_tr(a, "home.title"));
    int n = (int)(sizeof home_tiles / sizeof home_tiles[0]);
    if (!a->quiz.nquiz) {
        n--; /* a pack without quizzes has no quiz tile */
    }
    int gap = ui_px(ui, 14);
    int cols = home_cols(a, c, n, gap);
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(c, n, cols, gap, i);
        struct home_tile t = home_tile(a, i);
        if (ui_tile_ex(ui, cell, t.title, t.sub, t.icon,
                       i == 0 ? UI_STYLE_ACCENT : UI_STYLE_NORMAL, 0,
                       t.flags)) {
            if (t.self_check >= 0) {
                if (app_start_form(a, t.self_check) != 0) {
                    app_go(a, SCR_SCREENING);
                }
                continue;
            }
            app_go(a, home_tiles[i].screen);
        }
    }
}
