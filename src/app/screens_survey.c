/* Self-screening: choose a questionnaire, answer it a page at a time,
 * see the result as a band per measure with the form's own feedback, and
 * the next steps. All scoring is in the form (survey module); these
 * screens only show pages and pass answers. */
#include <stdio.h>
#include <string.h>

#include "app/audio.h"
#include "app/screens.h"
#include "survey/survey.h"

#define PAGE_MAX 64

static const struct survey_form *current_form(const struct app *a)
{
    int i = a->visit.form;
    return i >= 0 && i < a->nforms ? a->forms[i] : NULL;
}

/* A pack string if the pack has it, else `fallback`. */
static const char *tr_or(const struct app *a, const char *key,
                         const char *fallback)
{
    return a->pack && pack_has_str(a->pack, key) ? app_tr(a, key) : fallback;
}

/* "<pack>/<sub>/<file>" for media named in a form; NULL when none. */
static const char *media_path(const struct app *a, const char *sub,
                              const char *file, char *buf, size_t n)
{
    if (!file || !*file || !a->pack) {
        return NULL;
    }
    if (file[0] == '/') {
        /* a recording the content overlay put over the form */
        snprintf(buf, n, "%s", file);
        return buf;
    }
    snprintf(buf, n, "%s/%s/%s", pack_dir(a->pack), sub, file);
    return buf;
}

static const char *form_title(const struct app *a, int i)
{
    char key[96];
    snprintf(key, sizeof key, "screening.form.%s",
             survey_form_id(a->forms[i]));
    return tr_or(a, key, survey_form_title(a->forms[i]));
}

/* The height a questionnaire's tile needs for its title and line under it
 * at the current text size, wrapped at w. */
static int screening_tile_h(struct app *a, int i, int w)
{
    struct ui *ui = &a->ui;
    char key[96];
    snprintf(key, sizeof key, "screening.form.%s.sub",
             survey_form_id(a->forms[i]));
    const char *sub = tr_or(a, key, NULL);
    int in_w = w - ui_px(ui, 20);
    int h = ui_text_height(ui, form_title(a, i), UI_FONT_TILE, 1, in_w);
    if (sub && *sub) {
        h += ui_px(ui, 4) + ui_text_height(ui, sub, UI_FONT_BODY, 0, in_w);
    }
    return h + ui_px(ui, 24);
}

/* The questionnaires: the introduction, then a tile each, as tall as the
 * longest title needs at this text size; the list scrolls when they do
 * not all fit (at 150 % they used to shrink to 24 px, titles on top of
 * each other). */
void screen_screening(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = chrome_frame(a, app_tr(a, "screening.title"));
    if (app_form_lang_choice(a, c)) {
        return; /* not in the visitor's language: which other one? */
    }
    if (a->nforms == 0) {
        ui_text(ui, c, app_tr(a, "coming.body"), UI_FONT_BODY, 0,
                ui->theme.text_dim, UI_CENTER, 1);
        return;
    }
    int cols = ui->width > ui->height ? 2 : 1, gap = ui_px(ui, 12);
    int w = c.w - ui_px(ui, 16); /* room for the scroll bar */
    int cell_w = (w - (cols - 1) * gap) / cols;
    const char *intro = app_tr(a, "screening.intro");
    int intro_h = ui_text_height(ui, intro, UI_FONT_BODY, 0, w);
    int rows = (a->nforms + cols - 1) / cols, tile_h = ui_px(ui, 72);
    for (int i = 0; i < a->nforms; i++) {
        int h = screening_tile_h(a, i, cell_w);
        tile_h = h > tile_h ? h : tile_h;
    }
    int room = (c.h - intro_h - ui_px(ui, 14) - (rows - 1) * gap) / rows;
    tile_h = room > tile_h ? room : tile_h; /* fill the screen when it can */
    int grid_h = rows * tile_h + (rows - 1) * gap;
    int content_h = intro_h + ui_px(ui, 14) + grid_h;
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, content_h);
    ui_text(ui, (struct ui_rect){c.x, y0, w, intro_h}, intro, UI_FONT_BODY, 0,
            ui->theme.text, UI_LEFT, 1);
    struct ui_rect grid = {c.x, y0 + intro_h + ui_px(ui, 14), w, grid_h};
    for (int i = 0; i < a->nforms; i++) {
        char key[96];
        snprintf(key, sizeof key, "screening.form.%s.sub",
                 survey_form_id(a->forms[i]));
        struct ui_rect cell = ui_grid_cell(grid, a->nforms, cols, gap, i);
        int before = app_vt_count(a);
        const char *title = form_title(a, i), *sub = tr_or(a, key, NULL);
        /* its questions not in the visitor's language: the tile says so */
        int other = app_vt_item(a, before) | app_form_other(a, i);
        if (ui_tile_ex(ui, cell, title, sub, NULL, UI_STYLE_NORMAL, 0,
                       other)) {
            (void)app_start_form(a, i);
        }
    }
    ui_scroll_end(ui, c, a->visit.scroll, content_h);
}

/* Moves on from the current page; at the end goes to the result. */
static void next_page(struct app *a)
{
    struct survey_issue issue;
    survey_run_set_language(a->visit.run, app_lang(a)); /* may have changed */
    enum kiosk_err rc = survey_run_next(a->visit.run, app_lang(a), &issue);
    a->visit.issue[0] = '\0';
    if (rc == KIOSK_ETOOBIG) {
        /* an answer or value over the form's limit: never cut, never
         * saved wrong; the visitor can change the answer named */
        snprintf(a->visit.issue, sizeof a->visit.issue, "%s",
                 tr_or(a, "survey.invalid", app_tr(a, "survey.required")));
        a->visit.issue_item = issue.item;
    } else if (rc == KIOSK_EANSWER) {
        const char *msg = issue.message[0] ? issue.message
                          : issue.kind == SURVEY_ISSUE_REQUIRED
                              ? app_tr(a, "survey.required")
                              : tr_or(a, "survey.invalid",
                                      app_tr(a, "survey.required"));
        snprintf(a->visit.issue, sizeof a->visit.issue, "%s", msg);
        a->visit.issue_item = issue.item;
    } else if (survey_run_at_end(a->visit.run)) {
        app_save_screening(a); /* committed before the result shows */
        app_go(a, SCR_RESULT);
    }
    a->visit.scroll = 0;
    a->redraw = 1;
}

/* The answers of a select question: big tiles when they are few and
 * short (or have pictures), otherwise a list of rows with radio or check
 * markers. Returns the height used (drawn only when draw is set). */
static int choices(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    struct survey_run *run = a->visit.run;
    const struct survey_form *f = current_form(a);
    const char *lang = app_lang(a);
    int multi = survey_item_type(f, item) == SURVEY_SELECT_MULTIPLE;
    int n = survey_run_choice_count(run, item);
    int landscape = ui->width > ui->height;
    int gap = ui_px(ui, 12);
    int any_image = 0, pic_only = 0, longest = 0;
    for (int k = 0; k < n; k++) {
        const char *img = survey_run_choice_image(run, item, k, lang);
        const char *label = survey_run_choice_label(run, item, k, lang);
        any_image |= img && *img;
        pic_only |= img && *img && !*label;
        int w = ui_text_width(ui, label, UI_FONT_TILE, 1);
        longest = w > longest ? w : longest;
    }
    /* Tiles for pictures without words (the picture is the answer), and
     * for a few short answers; labelled answers with a pictogram (a
     * frequency scale) are rows with the picture beside the words, which
     * fit the screen with their labels at every text size. */
    int short_labels = longest <= r.w / 3;
    int tiles = pic_only || (!any_image && n <= 6 && short_labels) ||
                (any_image && n <= 3 && short_labels);
    int cols = tiles ? (!landscape ? (n <= 2 ? n : 2)
                        : pic_only ? (n <= 4 ? n : n <= 8 ? (n + 1) / 2 : 4)
                        : n <= 3 ? n : n == 4 ? 2 : 3)
                     : (landscape && n > 4 ? 2 : 1);
    if (cols < 1) {
        cols = 1;
    }
    int cell_w = (r.w - gap * (cols - 1)) / cols;
    /* row heights: tiles share one height; list rows fit their labels */
    int row_h[64], rows = (n + cols - 1) / cols;
    if (rows > 64) {
        rows = 64;
    }
    for (int row = 0; row < rows; row++) {
        /* pictures: large in one row, smaller in two so that both rows
         * and the question fit at 800x480 */
        row_h[row] = ui_px(ui, !tiles ? 58 : !any_image ? 70
                               : rows == 1 ? 160 : 110);
        for (int k = row * cols; k < (row + 1) * cols && k < n; k++) {
            if (!tiles) {
                int h = ui_choice_row_pic_height(
                    ui, survey_run_choice_label(run, item, k, lang),
                    survey_run_choice_image(run, item, k, lang), cell_w);
                row_h[row] = h > row_h[row] ? h : row_h[row];
            }
        }
    }
    int y = r.y;
    for (int row = 0; row < rows; row++) {
        for (int col = 0; col < cols && draw; col++) {
            int k = row * cols + col;
            if (k >= n) {
                break;
            }
            struct ui_rect cell = {r.x + col * (cell_w + gap), y, cell_w,
                                   row_h[row]};
            const char *name = survey_run_choice_name(run, item, k);
            const char *label = survey_run_choice_label(run, item, k, lang);
            int sel = survey_run_is_selected(run, item, name);
            char img[1100];
            const char *image = media_path(
                a, "images", survey_run_choice_image(run, item, k, lang), img,
                sizeof img);
            enum ui_style style = sel ? UI_STYLE_ACCENT : UI_STYLE_NORMAL;
            int tapped = !tiles ? ui_choice_row_pic(ui, cell, label, image,
                                                    multi, sel)
                         : image && !*label
                             ? ui_picture_tile(ui, cell, name, image, style,
                                               sel)
                             : ui_tile(ui, cell, label, NULL, image, style,
                                       sel);
            if (tapped) {
                enum kiosk_err e = multi
                                       ? survey_run_toggle(run, item, name)
                                       : survey_run_set_item(run, item, name);
                (void)e; /* a choice of the list is always a valid value */
                a->visit.issue[0] = '\0';
                a->redraw = 1;
                /* the answer says itself, for a visitor who reads little */
                char voice[AUDIO_PATH];
                const char *clip = media_path(
                    a, "audio", app_choice_audio(a, item, k), voice,
                    sizeof voice);
                if (clip && a->audio) {
                    audio_play(a->audio, clip);
                }
            }
        }
        y += row_h[row] + (row + 1 < rows ? gap : 0);
    }
    return y - r.y;
}

/* The narration of question `item` and then of each of its answers, in
 * the visitor's language itself: the files there are, in order, into
 * paths; returns how many. A question with more answers than a list
 * holds reads the question alone (each answer still speaks when tapped). */
static int question_voice(const struct app *a, int item,
                          char (*paths)[AUDIO_PATH], int cap)
{
    const struct survey_form *f = current_form(a);
    int n = media_path(a, "audio", app_item_audio(a, f, item), paths[0],
                       AUDIO_PATH) != NULL;
    int nc = survey_run_choice_count(a->visit.run, item);
    if (n + nc > cap) {
        return n;
    }
    for (int k = 0; k < nc; k++) {
        n += media_path(a, "audio", app_choice_audio(a, item, k), paths[n],
                        AUDIO_PATH) != NULL;
    }
    return n;
}

/* A question's text, its Listen button (the question, then its answers)
 * and its hint; returns the height used (drawn only when draw is set). */
static int question_text(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const struct survey_form *f = current_form(a);
    struct survey_run *run = a->visit.run;
    const char *lang = app_lang(a);
    int note = survey_item_type(f, item) == SURVEY_NOTE;
    char label[2048], path[1100];
    survey_run_label(run, item, lang, label, sizeof label);
    int y = r.y, gap = ui_px(ui, 8), lh = ui_px(ui, 52);
    /* Listen beside the question when it or its answers have narration,
     * in the visitor's language itself, never another's */
    const char *audio = media_path(a, "audio", app_item_audio(a, f, item),
                                   path, sizeof path);
    chrome_set_clip(a, audio);
    char voice[AUDIO_LIST_MAX][AUDIO_PATH];
    int nvoice = a->audio ? question_voice(a, item, voice, AUDIO_LIST_MAX) : 0;
    int lw = nvoice ? ui_px(ui, 140) : 0;
    struct ui_rect text_r = {r.x, y, r.w - (lw ? lw + gap : 0), 0};
    enum ui_font font = note ? UI_FONT_BODY : UI_FONT_TILE;
    int h = label[0] ? ui_text_height(ui, label, font, !note, text_r.w) : 0;
    if (draw) {
        if (label[0]) {
            ui_text(ui, text_r, label, font, !note, t->text, UI_LEFT, 1);
        }
        if (lw && ui_button(ui, (struct ui_rect){r.x + r.w - lw, y, lw, lh},
                            app_tr(a, "survey.listen"), UI_STYLE_NORMAL)) {
            const char *list[AUDIO_LIST_MAX];
            for (int i = 0; i < nvoice; i++) {
                list[i] = voice[i];
            }
            (void)audio_play_list(a->audio, list, nvoice);
        }
    }
    y += (h > lh || !lw ? h : lh) + gap;
    /* the question's or note's picture, under its words (a note may be
     * only a picture) */
    char ipath[1100];
    const char *image = media_path(a, "images", survey_item_image(f, item, lang),
                                   ipath, sizeof ipath);
    if (image) {
        int ih = ui_px(ui, note && !label[0] ? 200 : 120);
        if (draw) {
            ui_image(ui, (struct ui_rect){r.x, y, r.w, ih}, image);
        }
        y += ih + gap;
    }
    const char *hint = survey_item_hint(f, item, lang);
    if (hint && *hint) {
        char hbuf[1024];
        survey_run_interpolate(run, hint, hbuf, sizeof hbuf);
        int hh = ui_text_height(ui, hbuf, UI_FONT_SMALL, 0, r.w);
        if (draw) {
            ui_text(ui, (struct ui_rect){r.x, y, r.w, hh}, hbuf, UI_FONT_SMALL,
                    0, t->text_dim, UI_LEFT, 1);
        }
        y += hh + gap;
    }
    return y - r.y;
}

/* A number question: the question and the number typed on the left, a
 * keypad on the right (below in portrait), all on one screen. */
static int number_item(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct survey_run *run = a->visit.run;
    int landscape = ui->width > ui->height, gap = ui_px(ui, 12);
    int key_h = ui_px(ui, 58);
    int pad_h = 4 * key_h + 3 * ui_px(ui, 12); /* ui_keypad's gaps */
    int pad_w = landscape ? r.w / 3 : r.w;
    struct ui_rect left = {r.x, r.y, landscape ? r.w - pad_w - gap : r.w, 0};
    /* the question, its hint and Listen, as any other question */
    int h = question_text(a, item, left, draw);
    int box_h = ui_px(ui, 60);
    struct ui_rect box = {left.x, r.y + h, left.w < ui_px(ui, 260)
                                               ? left.w : ui_px(ui, 260),
                          box_h};
    int left_h = h + box_h;
    struct ui_rect pad = landscape
        ? (struct ui_rect){r.x + r.w - pad_w, r.y, pad_w, pad_h}
        : (struct ui_rect){r.x, r.y + left_h + gap, pad_w, pad_h};
    int total = landscape ? (left_h > pad_h ? left_h : pad_h)
                          : left_h + gap + pad_h;
    if (!draw) {
        return total;
    }
    if (a->visit.entry_item != item) {
        snprintf(a->visit.entry, sizeof a->visit.entry, "%s",
                 survey_run_value(run, item));
        a->visit.entry_item = item;
    }
    ui_rect(ui, box, t->panel, ui_px(ui, 8));
    ui_outline(ui, box, t->accent, ui_px(ui, 8), ui_px(ui, 3));
    int th = ui_text_height(ui, "0", UI_FONT_TITLE, 1, 0);
    ui_text(ui, (struct ui_rect){box.x, box.y + (box_h - th) / 2, box.w, th},
            a->visit.entry, UI_FONT_TITLE, 1, t->text, UI_CENTER, 0);
    char before[32];
    snprintf(before, sizeof before, "%s", a->visit.entry);
    int ok = ui_keypad(ui, pad, a->visit.entry, 6, 0, app_tr(a, "nav.next"),
                       app_tr(a, "nav.erase"));
    if (strcmp(before, a->visit.entry) != 0) {
        enum kiosk_err e = survey_run_set_item(run, item, a->visit.entry);
        (void)e; /* digits only: always a valid integer */
        a->visit.issue[0] = '\0';
        a->redraw = 1;
    }
    if (ok) {
        next_page(a);
    }
    return total;
}

/* A range: its values as numbered tiles, in one row when they are 11 or
 * fewer, else two (the form loader refuses more than SURVEY_RANGE_MAX). */
static int range_item(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    struct survey_run *run = a->visit.run;
    const struct survey_form *f = current_form(a);
    int h = question_text(a, item, r, draw);
    double start, step;
    int n = 0;
    if (survey_item_range(f, item, &start, &step, &n) || n < 1) {
        return h;
    }
    int per_row = n <= 11 ? n : (n + 1) / 2;
    int rows = (n + per_row - 1) / per_row, gap = ui_px(ui, 12);
    int tile_h = ui_px(ui, 64);
    int cell_w = (r.w - (per_row - 1) * gap) / per_row;
    for (int k = 0; k < n && draw; k++) {
        char v[64];
        survey_item_range_value(f, item, k, v, sizeof v);
        int sel = strcmp(survey_run_value(run, item), v) == 0;
        struct ui_rect cell = {r.x + (k % per_row) * (cell_w + gap),
                               r.y + h + (k / per_row) * (tile_h + gap),
                               cell_w, tile_h};
        if (ui_tile(ui, cell, v, NULL, NULL,
                    sel ? UI_STYLE_ACCENT : UI_STYLE_NORMAL, sel)) {
            enum kiosk_err e = survey_run_set_item(run, item, v);
            (void)e; /* a tile's value is always one of the range's */
            a->visit.issue[0] = '\0';
            a->redraw = 1;
        }
    }
    return h + rows * tile_h + (rows - 1) * gap;
}

/* One field of the date picker: its caption, then – value +; returns
 * the height. Tapping – or + on an unanswered date starts from today. */
static int date_field(struct app *a, int item, int field, struct ui_rect r,
                      int draw)
{
    static const char *const caption[3] = {
        "survey.date.day", "survey.date.month", "survey.date.year"};
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct survey_run *run = a->visit.run;
    const char *text = app_tr(a, caption[field]);
    int ch = ui_text_height(ui, text, UI_FONT_SMALL, 1, r.w);
    int bh = ui_px(ui, 64), bw = ui_px(ui, 64), gap = ui_px(ui, 12);
    if (!draw) {
        return ch + ui_px(ui, 4) + bh;
    }
    ui_text(ui, (struct ui_rect){r.x, r.y, r.w, ch}, text, UI_FONT_SMALL, 1,
            t->text_dim, UI_CENTER, 1);
    int y = r.y + ch + ui_px(ui, 4);
    const char *v = survey_run_value(run, item);
    char shown[16] = ""; /* none yet: the line under says so */
    if (*v && survey_date_valid(v)) {
        static const int off[3] = {8, 5, 0}, len[3] = {2, 2, 4};
        snprintf(shown, sizeof shown, "%.*s", len[field], v + off[field]);
    }
    struct ui_rect val = {r.x + bw + gap, y, r.w - 2 * (bw + gap), bh};
    ui_rect(ui, val, t->panel, ui_px(ui, 8));
    ui_text_fit(ui, val, shown, UI_FONT_TITLE, 1, t->text, UI_CENTER,
                UI_FIT_MIDDLE);
    for (int s = 0; s < 2; s++) {
        struct ui_rect b = {s ? r.x + r.w - bw : r.x, y, bw, bh};
        /* "–" (en dash): the fonts' minus sign; tiles: the big font */
        if (ui_tile(ui, b, s ? "+" : "–", NULL, NULL, UI_STYLE_NORMAL, 0)) {
            char date[16];
            snprintf(date, sizeof date, "%s",
                     *v && survey_date_valid(v) ? v : survey_run_today(run));
            if (survey_date_step(date, field, s ? 1 : -1) == KIOSK_OK) {
                enum kiosk_err e = survey_run_set_item(run, item, date);
                (void)e; /* a stepped valid date is a valid answer */
            }
            a->visit.issue[0] = '\0';
            a->redraw = 1;
        }
    }
    return ch + ui_px(ui, 4) + bh;
}

/* A date: day, month and year steppers side by side (a column each in
 * portrait) and a Today button; no keyboard. Stored as YYYY-MM-DD. */
static int date_item(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct survey_run *run = a->visit.run;
    int h = question_text(a, item, r, draw);
    int gap = ui_px(ui, 12), landscape = ui->width > ui->height;
    int cols = landscape ? 3 : 1;
    int fgap = ui_px(ui, 28); /* wider between fields than within one */
    int fw = (r.w - (cols - 1) * fgap) / cols;
    int fh = date_field(a, item, 0, (struct ui_rect){r.x, 0, fw, 0}, 0);
    int y = r.y + h;
    /* order: day, month, year, as dates are written in Vietnam */
    for (int field = 0; field < 3; field++) {
        struct ui_rect fr = {r.x + (landscape ? field * (fw + fgap) : 0),
                             y + (landscape ? 0 : field * (fh + gap)), fw,
                             fh};
        date_field(a, item, field, fr, draw);
    }
    y += (landscape ? fh : 3 * fh + 2 * gap) + gap;
    const char *today = app_tr(a, "survey.date.today");
    int tw = ui_text_width(ui, today, UI_FONT_BUTTON, 1) + ui_px(ui, 40);
    tw = tw < ui_px(ui, 160) ? ui_px(ui, 160) : tw > r.w ? r.w : tw;
    int bh = ui_px(ui, 58);
    const char *v = survey_run_value(run, item);
    const char *unset = *v ? NULL : app_tr(a, "survey.date.unset");
    int uw = r.w - tw - gap;
    int uh = unset ? ui_text_height(ui, unset, UI_FONT_BODY, 0, uw) : 0;
    int row_h = uh > bh ? uh : bh;
    if (draw) {
        if (ui_button(ui, (struct ui_rect){r.x, y, tw, bh}, today,
                      UI_STYLE_NORMAL)) {
            enum kiosk_err e = survey_run_set_item(run, item,
                                                   survey_run_today(run));
            (void)e; /* today is a valid date */
            a->visit.issue[0] = '\0';
            a->redraw = 1;
        }
        if (unset) {
            ui_text(ui, (struct ui_rect){r.x + tw + gap,
                                         y + (row_h - uh) / 2, uw, uh},
                    unset, UI_FONT_BODY, 0, t->text_dim, UI_LEFT, 1);
        }
    }
    return y + row_h - r.y;
}

/* A table-list group as a grid: the choice labels as column heads, a row
 * per question with a big cell per choice. */
struct table {
    int n, nc;                   /* questions, choices */
    int label_w, cell_w, head_h; /* columns; the heads' height */
    int row_h[PAGE_MAX];
    int h;                       /* all of it */
};

/* Lays out the grid of questions items[n] at width w; returns 0 when it
 * fits (every question a select of the same choices, cells wide enough
 * for a finger and for the longest word of each head, all of it within
 * height avail), else -1: the questions then go one a screen. */
static int table_layout(struct app *a, const int *items, int n, int w,
                        int avail, struct table *t)
{
    struct ui *ui = &a->ui;
    struct survey_run *run = a->visit.run;
    const struct survey_form *f = current_form(a);
    const char *lang = app_lang(a);
    int gap = ui_px(ui, 12);
    t->n = n;
    t->nc = n > 0 ? survey_run_choice_count(run, items[0]) : 0;
    if (n < 1 || n > PAGE_MAX || t->nc < 1 || t->nc > 6) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        enum survey_type ty = survey_item_type(f, items[i]);
        if ((ty != SURVEY_SELECT_ONE && ty != SURVEY_SELECT_MULTIPLE) ||
            survey_run_choice_count(run, items[i]) != t->nc) {
            return -1;
        }
        for (int k = 0; k < t->nc; k++) {
            const char *img = survey_run_choice_image(run, items[i], k, lang);
            if (strcmp(survey_run_choice_name(run, items[i], k),
                       survey_run_choice_name(run, items[0], k)) != 0 ||
                (img && *img)) {
                return -1;
            }
        }
    }
    t->label_w = w * 2 / 5;
    t->cell_w = (w - t->label_w - t->nc * gap) / t->nc;
    if (t->cell_w < ui_px(ui, 64)) {
        return -1;
    }
    t->head_h = 0;
    for (int k = 0; k < t->nc; k++) {
        const char *head = survey_run_choice_label(run, items[0], k, lang);
        char word[256];
        for (const char *p = head; *p;) {
            size_t wl = strcspn(p, " ");
            snprintf(word, sizeof word, "%.*s", (int)wl, p);
            if (ui_text_width(ui, word, UI_FONT_SMALL, 1) > t->cell_w) {
                return -1; /* a word would be cut */
            }
            p += wl + strspn(p + wl, " ");
        }
        int hh = ui_text_height(ui, head, UI_FONT_SMALL, 1, t->cell_w);
        t->head_h = hh > t->head_h ? hh : t->head_h;
    }
    t->h = t->head_h + gap;
    for (int i = 0; i < n; i++) {
        char label[1024];
        survey_run_label(run, items[i], lang, label, sizeof label);
        int lh = ui_text_height(ui, label, UI_FONT_BUTTON, 1, t->label_w);
        t->row_h[i] = lh > ui_px(ui, 56) ? lh : ui_px(ui, 56);
        t->h += t->row_h[i] + (i + 1 < n ? gap : 0);
    }
    return t->h <= avail ? 0 : -1;
}

static void table_grid(struct app *a, const int *items,
                       const struct table *t, struct ui_rect r)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *th = &ui->theme;
    struct survey_run *run = a->visit.run;
    const struct survey_form *f = current_form(a);
    const char *lang = app_lang(a);
    int gap = ui_px(ui, 12);
    int x0 = r.x + t->label_w + gap;
    for (int k = 0; k < t->nc; k++) {
        ui_text(ui, (struct ui_rect){x0 + k * (t->cell_w + gap), r.y,
                                     t->cell_w, t->head_h},
                survey_run_choice_label(run, items[0], k, lang),
                UI_FONT_SMALL, 1, th->text, UI_CENTER, 1);
    }
    int y = r.y + t->head_h + gap;
    for (int i = 0; i < t->n; i++) {
        char label[1024];
        survey_run_label(run, items[i], lang, label, sizeof label);
        int lh = ui_text_height(ui, label, UI_FONT_BUTTON, 1, t->label_w);
        ui_text(ui, (struct ui_rect){r.x, y + (t->row_h[i] - lh) / 2,
                                     t->label_w, lh},
                label, UI_FONT_BUTTON, 1, th->text, UI_LEFT, 1);
        int multi = survey_item_type(f, items[i]) == SURVEY_SELECT_MULTIPLE;
        for (int k = 0; k < t->nc; k++) {
            const char *name = survey_run_choice_name(run, items[i], k);
            int sel = survey_run_is_selected(run, items[i], name);
            char id[300]; /* names the cell for scripts; never drawn */
            snprintf(id, sizeof id, "%s %s", survey_item_name(f, items[i]),
                     name);
            struct ui_rect cell = {x0 + k * (t->cell_w + gap), y, t->cell_w,
                                   t->row_h[i]};
            int tapped = ui_picture_tile(ui, cell, id, NULL,
                                         UI_STYLE_NORMAL, sel);
            /* a radio (or check) marker in the middle, filled when chosen */
            int m = ui_px(ui, 30);
            struct ui_rect mk = {cell.x + (cell.w - m) / 2,
                                 cell.y + (cell.h - m) / 2, m, m};
            int mrad = multi ? ui_px(ui, 6) : m / 2;
            ui_rect(ui, mk, th->panel, mrad);
            ui_outline(ui, mk, th->accent, mrad, ui_px(ui, 3));
            if (sel) {
                int in = ui_px(ui, 7);
                ui_rect(ui, ui_inset(mk, in), th->accent,
                        multi ? ui_px(ui, 3) : (m - 2 * in) / 2);
            }
            if (tapped) {
                enum kiosk_err e =
                    multi ? survey_run_toggle(run, items[i], name)
                          : survey_run_set_item(run, items[i], name);
                (void)e; /* a choice of the list is always a valid value */
                a->visit.issue[0] = '\0';
                a->redraw = 1;
            }
        }
        y += t->row_h[i] + gap;
    }
}

/* One item of the page; returns its height (drawn when draw is set). */
static int page_item(struct app *a, int item, struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    struct survey_run *run = a->visit.run;
    enum survey_type type = survey_item_type(current_form(a), item);
    if (type == SURVEY_ACKNOWLEDGE) {
        char label[1024];
        survey_run_label(run, item, app_lang(a), label, sizeof label);
        int bh = ui_px(ui, 64);
        if (draw && ui_tile(ui, (struct ui_rect){r.x, r.y, r.w, bh}, label,
                            NULL, NULL, UI_STYLE_ACCENT, 0)) {
            enum kiosk_err e = survey_run_set_item(run, item, "OK");
            (void)e; /* "OK" is the one value an acknowledge takes */
            next_page(a);
        }
        return bh;
    }
    if (type == SURVEY_INTEGER || type == SURVEY_DECIMAL) {
        return number_item(a, item, r, draw);
    }
    if (type == SURVEY_RANGE) {
        return range_item(a, item, r, draw);
    }
    if (type == SURVEY_DATE) {
        return date_item(a, item, r, draw);
    }
    int h = question_text(a, item, r, draw);
    if (type == SURVEY_SELECT_ONE || type == SURVEY_SELECT_MULTIPLE) {
        h += choices(a, item, (struct ui_rect){r.x, r.y + h, r.w, 0}, draw);
    }
    return h;
}

/* The progress bar and "3 / 12" at the top of c (cut off c). Returns
 * 1 on the last page (Next says Done). nfb closing notes are shown on the
 * result screen, not counted as pages. */
static int page_progress(struct app *a, struct ui_rect *c, int nfb)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int index, total;
    survey_run_progress(a->visit.run, &index, &total);
    /* the closing notes are shown on the result screen, not as pages */
    total -= nfb < total ? nfb : 0;
    if (total < index + 1) {
        total = index + 1;
    }
    char prog[64], num_i[16], num_n[16];
    snprintf(num_i, sizeof num_i, "%d", index + 1);
    snprintf(num_n, sizeof num_n, "%d", total);
    const char *tmpl = app_tr(a, "survey.progress");
    const char *pi = strstr(tmpl, "{i}"), *pn = strstr(tmpl, "{n}");
    if (pi && pn && pi < pn) {
        snprintf(prog, sizeof prog, "%.*s%s%.*s%s%s", (int)(pi - tmpl), tmpl,
                 num_i, (int)(pn - pi - 3), pi + 3, num_n, pn + 3);
    } else {
        snprintf(prog, sizeof prog, "%s / %s", num_i, num_n);
    }
    struct ui_rect top = ui_cut_top(c, ui_px(ui, 30));
    int pw = ui_text_width(ui, prog, UI_FONT_BUTTON, 1) + ui_px(ui, 12);
    struct ui_rect ptxt = ui_cut_right(&top, pw);
    ui_text(ui, ptxt, prog, UI_FONT_BUTTON, 1, t->text, UI_RIGHT, 0);
    struct ui_rect bar = {top.x, top.y + top.h / 2 - ui_px(ui, 6),
                          top.w - ui_px(ui, 12), ui_px(ui, 12)};
    ui_progress(ui, bar, total > 0 ? (float)(index + 1) / (float)total : 0);
    return index + 1 >= total;
}

/* How many of the page's items are closing notes (band feedback). */
static int feedback_on_page(const int *items, int n, const int *fb, int nfb)
{
    int count = 0;
    for (int i = 0; i < n && i < PAGE_MAX; i++) {
        int found = 0;
        for (int k = 0; k < nfb && k < PAGE_MAX; k++) {
            found |= fb[k] == items[i];
        }
        count += found;
    }
    return count;
}

/* Back from the result: past the pages of closing notes, to the last
 * question. */
static void back_to_last_question(struct app *a, const int *fb, int nfb)
{
    struct survey_run *run = a->visit.run;
    int items[PAGE_MAX];
    int feedback = 1;
    a->visit.back_from_result = 0;
    while (feedback && survey_run_back(run) == KIOSK_OK) {
        int n = survey_run_page_items(run, items, PAGE_MAX);
        feedback = feedback_on_page(items, n, fb, nfb) > 0;
    }
    a->redraw = 1;
}

/* A new page: its narration, when the form asks for it. */
static void enter_page(struct app *a, const struct survey_form *f,
                       const int *items, int n)
{
    a->visit.page_first = items[0];
    a->visit.entry_item = -1;
    a->visit.scroll = 0;
    if (a->audio) {
        audio_stop(a->audio); /* the last page's question and answers */
    }
    char path[1100];
    for (int i = 0; i < n; i++) {
        if (survey_item_autoplay(f, items[i]) && a->audio) {
            const char *audio = media_path(
                a, "audio", app_item_audio(a, f, items[i]), path,
                sizeof path);
            if (audio) {
                audio_play(a->audio, audio);
            }
            break;
        }
    }
}

/* Why Next refused, in a band above the page. */
static void issue_band(struct app *a, struct ui_rect *c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect band = ui_cut_bottom(c, ui_px(ui, 52));
    ui_cut_bottom(c, ui_px(ui, 8));
    ui_rect(ui, band, t->bad, ui_px(ui, 8));
    int ih = ui_text_height(ui, a->visit.issue, UI_FONT_BODY, 1,
                            band.w - ui_px(ui, 16));
    ui_text(ui, (struct ui_rect){band.x + ui_px(ui, 8),
                                 band.y + (band.h - ih) / 2,
                                 band.w - ui_px(ui, 16), ih},
            a->visit.issue, UI_FONT_BODY, 1, t->danger_text, UI_LEFT, 1);
}

/* The page's questions one under another, scrolling when the page is
 * taller than c. */
static void page_items(struct app *a, struct ui_rect c, const int *items,
                       int n)
{
    struct ui *ui = &a->ui;
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, a->visit.scroll_h);
    int y = y0, w = c.w - ui_px(ui, 16);
    for (int i = 0; i < n; i++) {
        int h = page_item(a, items[i], (struct ui_rect){c.x, y, w, 0}, 0);
        int visible = y < c.y + c.h && y + h > c.y;
        if (visible) {
            page_item(a, items[i], (struct ui_rect){c.x, y, w, 0}, 1);
        }
        y += h + (i + 1 < n ? ui_px(ui, 18) : 0);
    }
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, c, a->visit.scroll, a->visit.scroll_h);
}

void screen_survey(struct app *a)
{
    struct ui *ui = &a->ui;
    struct survey_run *run = a->visit.run;
    const struct survey_form *f = current_form(a);
    if (!run || !f) {
        app_back(a);
        return;
    }
    int items[PAGE_MAX];
    int n = survey_run_page_items(run, items, PAGE_MAX);
    if (n > PAGE_MAX) {
        n = PAGE_MAX;
    }
    /* The closing notes (band feedback) belong on the result screen, not
     * on a page of their own. */
    int fb[PAGE_MAX], nfb = survey_run_feedback_notes(run, fb, PAGE_MAX);
    int only_feedback = n > 0 && feedback_on_page(items, n, fb, nfb) == n;
    if (only_feedback && a->visit.back_from_result) {
        back_to_last_question(a, fb, nfb);
        return;
    }
    a->visit.back_from_result = 0;
    if (n == 0 || only_feedback) {
        app_save_screening(a); /* committed before the result shows */
        app_go(a, SCR_RESULT);
        return;
    }
    if (items[0] != a->visit.page_first) {
        enter_page(a, f, items, n);
    }
    int group = survey_run_page_group(run);
    char title[512];
    title[0] = '\0';
    if (group >= 0) {
        survey_run_label(run, group, app_lang(a), title, sizeof title);
    }
    if (!title[0]) {
        snprintf(title, sizeof title, "%s", form_title(a, a->visit.form));
    }
    struct ui_rect c = chrome_frame(a, title);
    int last_page = page_progress(a, &c, nfb);
    ui_cut_top(&c, ui_px(ui, 8));
    /* a table-list group: a grid when it fits at this text size, else
     * one question a screen (decided on the whole table, so the choice
     * does not flip while answering) */
    int table[PAGE_MAX];
    struct table grid = {0};
    int nt = survey_run_table(run, table, PAGE_MAX);
    int fits = nt > 0 && table_layout(a, table, nt, c.w - ui_px(ui, 16),
                                      c.h, &grid) == 0;
    if (nt > 0 && fits == survey_run_tables_split(run)) {
        survey_run_split_tables(run, !fits);
        a->visit.page_first = -1;
        a->redraw = 1;
        return;
    }
    /* Next in the navigation bar; why it refused above the page */
    const char *next_label = last_page ? app_tr(a, "nav.done")
                                       : app_tr(a, "nav.next");
    if (ui_button(ui, a->nav_slot, next_label, UI_STYLE_ACCENT)) {
        next_page(a);
    }
    if (a->visit.issue[0]) {
        issue_band(a, &c);
    }
    if (fits && group >= 0) {
        table_grid(a, table, &grid, (struct ui_rect){c.x, c.y, c.w, c.h});
        return;
    }
    page_items(a, c, items, n);
}

/* A three-colour gauge for measure m of the form with value k, its
 * segment marked at the form's declared level; returns the height. */
static int gauge(struct app *a, const struct survey_form *f, int m, int k,
                 struct ui_rect r, int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const char *band_text = survey_measure_value_label(f, m, k, app_lang(a));
    const char *name = survey_measure_label(f, m, app_lang(a));
    int name_w = r.w * 2 / 5;
    int nh = ui_text_height(ui, name, UI_FONT_BUTTON, 1, name_w);
    int seg_h = ui_px(ui, 26);
    /* the band's name under the segments, as tall as it is at this text
     * size (a fixed 26 px let the next box cover it at 150 %) */
    int bh = ui_px(ui, 4) + ui_text_height(ui, band_text, UI_FONT_BODY, 1, 0);
    int h = nh > seg_h + bh ? nh : seg_h + bh;
    if (!draw) {
        return h;
    }
    ui_text(ui, (struct ui_rect){r.x, r.y, name_w, nh}, name, UI_FONT_BUTTON,
            1, t->text, UI_LEFT, 1);
    struct ui_rect g = {r.x + name_w + ui_px(ui, 12), r.y,
                        r.w - name_w - ui_px(ui, 12), seg_h};
    struct ui_color cols[3] = {t->good, t->warn, t->bad};
    int level = (int)survey_measure_value_level(f, m, k), gap = ui_px(ui, 4);
    for (int i = 0; i < 3; i++) {
        struct ui_rect s = ui_grid_cell(g, 3, 3, gap, i);
        struct ui_color c = i == level ? cols[i] : ui_mix(cols[i], t->bg, 170);
        ui_graphic(ui, s, c, seg_h / 2, t->outline, ui_px(ui, 1));
        if (i == level) {
            ui_outline(ui, ui_inset(s, -ui_px(ui, 3)), t->text, seg_h / 2 + 3,
                       ui_px(ui, 3));
            /* centred under its segment, kept inside the gauge's width
             * (under the last segment at 150 % it ran past the edge) */
            int tw = ui_text_width(ui, band_text, UI_FONT_BODY, 1);
            int tx = s.x + (s.w - tw) / 2;
            tx = tx + tw > g.x + g.w ? g.x + g.w - tw : tx;
            tx = tx < g.x ? g.x : tx;
            ui_text(ui, (struct ui_rect){tx, r.y + seg_h + ui_px(ui, 4),
                                         tw < g.w ? tw : g.w, 0},
                    band_text, UI_FONT_BODY, 1, t->text, UI_LEFT, 0);
        }
    }
    return h;
}

static const struct {
    const char *key;
    int screen;
} next_steps[] = {
    {"result.talk_now", SCR_TALK},
    {"result.book", SCR_BOOKING},
    {"result.services", SCR_SERVICES},
};

void screen_result(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct survey_run *run = a->visit.run;
    if (!run || !current_form(a)) {
        app_home(a);
        return;
    }
    struct ui_rect c = chrome_frame(a, app_tr(a, "result.title"));
    /* next steps: always visible */
    int n = (int)(sizeof next_steps / sizeof next_steps[0]);
    int landscape = ui->width > ui->height;
    struct ui_rect steps = ui_cut_bottom(&c, ui_px(ui, landscape ? 58 : 190));
    ui_cut_bottom(&c, ui_px(ui, 10));
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(steps, n, landscape ? n : 1,
                                           ui_px(ui, 12), i);
        if (ui_button(ui, cell, app_tr(a, next_steps[i].key),
                      i == 0 ? UI_STYLE_ACCENT : UI_STYLE_NORMAL)) {
            app_go(a, next_steps[i].screen);
        }
    }
    if (a->visit.save_failed) {
        /* calm: the visitor's result is here; only saving did not work */
        chrome_notice(a, &c, app_tr(a, "store.unavailable"));
    }
    int y0 = ui_scroll_begin(ui, c, &a->visit.scroll, a->visit.scroll_h);
    int y = y0, w = c.w - ui_px(ui, 16), gap = ui_px(ui, 14);
    y += ui_text(ui, (struct ui_rect){c.x, y, w, 0},
                 app_tr(a, "result.not_diagnosis"), UI_FONT_SMALL, 0,
                 t->text_dim, UI_LEFT, 1) + gap;
    /* one gauge per band the form declares, with a value in this run */
    const struct survey_form *f = survey_run_form(run);
    for (int m = 0; m < survey_form_measure_count(f); m++) {
        int k = -1;
        if (survey_measure_kind(f, m) != SURVEY_MEASURE_BAND ||
            survey_run_measure(run, m, &k) != KIOSK_OK || k < 0) {
            continue; /* flags are not shown; "" is not applicable */
        }
        int h = gauge(a, f, m, k, (struct ui_rect){c.x, y, w, 0}, 0);
        if (y < c.y + c.h && y + h > c.y) {
            gauge(a, f, m, k, (struct ui_rect){c.x, y, w, 0}, 1);
        }
        y += h + gap;
    }
    /* the form's feedback for the bands that apply */
    int notes[PAGE_MAX];
    int nn = survey_run_feedback_notes(run, notes, PAGE_MAX);
    for (int i = 0; i < nn && i < PAGE_MAX; i++) {
        char text[4096];
        survey_run_label(run, notes[i], app_lang(a), text, sizeof text);
        int h = ui_text_height(ui, text, UI_FONT_BODY, 0, w - ui_px(ui, 24));
        if (y < c.y + c.h && y + h > c.y) {
            struct ui_rect box = {c.x, y, w, h + ui_px(ui, 20)};
            ui_rect(ui, box, t->panel, ui_px(ui, 10));
            ui_text(ui, ui_inset(box, ui_px(ui, 10)), text, UI_FONT_BODY, 0,
                    t->text, UI_LEFT, 1);
        }
        y += h + ui_px(ui, 20) + gap;
    }
    if (y - y0 != a->visit.scroll_h) {
        a->visit.scroll_h = y - y0;
        a->redraw = 1;
    }
    ui_scroll_end(ui, c, a->visit.scroll, a->visit.scroll_h);
}
