/* The visitor-language rule on screen (issue 15): what a frame showed that
 * is not in the visitor's language, the title bar's mark that says so, the
 * choice of another language for a questionnaire not in the visitor's,
 * and the speaker that plays the screen's narration in the visitor's
 * language or says there is none. The rule itself is content/vtext.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audio.h"
#include "app/screens.h"
#include "content/overlay.h"
#include "content/vtext.h"
#include "quiz/quiz.h"
#include "survey/survey.h"

#define MARK_W 190    /* the title bar's language mark, design px */
#define NO_VOICE_MS 4000

void app_vt_note(const struct app *a, const char *lang)
{
    struct app_vt *vt = a->vt;
    if (!vt || !lang) {
        return;
    }
    if (!vt->foreign++) {
        snprintf(vt->from, sizeof vt->from, "%s", lang);
    }
}

int app_vt_count(const struct app *a)
{
    return a->vt ? a->vt->foreign : 0;
}

int app_vt_item(const struct app *a, int before)
{
    return a->vt && a->visit.active && a->vt->foreign > before
               ? UI_TILE_OTHER
               : 0;
}

const char *app_vt_pack(const struct app *a, const char *shown,
                        const char *in_vi, const char *in_en)
{
    const char *lang = a->visit.lang[0] ? a->visit.lang : "vi";
    if (!shown || !*shown || strcmp(lang, "vi") == 0) {
        return shown;
    }
    if (shown == in_vi) { /* the pack fell back: the same cell */
        app_vt_note(a, "vi");
    } else if (shown == in_en && strcmp(lang, "en") != 0) {
        app_vt_note(a, "en");
    }
    return shown;
}

/* Does item i (choice c when i < 0) of form f have text in lang, given it
 * has a source (vi or en)? -1 = no source: not counted. */
static int has_text(const struct survey_form *f, int i, int c,
                    const char *lang)
{
    const char *vi, *en, *own;
    if (i >= 0) {
        vi = survey_item_text_in(f, i, SURVEY_TEXT_LABEL, "vi");
        en = survey_item_text_in(f, i, SURVEY_TEXT_LABEL, "en");
        own = survey_item_text_in(f, i, SURVEY_TEXT_LABEL, lang);
    } else {
        vi = survey_choice_text_in(f, c, SURVEY_TEXT_LABEL, "vi");
        en = survey_choice_text_in(f, c, SURVEY_TEXT_LABEL, "en");
        own = survey_choice_text_in(f, c, SURVEY_TEXT_LABEL, lang);
    }
    if (!(vi && *vi) && !(en && *en)) {
        return -1;
    }
    return own && *own;
}

const char *app_form_language(const struct app *a, int form)
{
    const struct survey_form *f = a->forms[form];
    const char *lang = a->visit.lang[0] ? a->visit.lang : "vi";
    if (strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0) {
        return lang; /* the forms' own languages */
    }
    int items = 0, own = 0;
    for (int i = 0; i < survey_form_item_count(f); i++) {
        int h = has_text(f, i, -1, lang);
        items += h >= 0;
        own += h > 0;
    }
    for (int c = 0; c < survey_form_choice_count(f); c++) {
        int h = has_text(f, -1, c, lang);
        items += h >= 0;
        own += h > 0;
    }
    return vtext_feature_lang(lang, items, own, a->visit.form_choice);
}

int app_form_other(const struct app *a, int form)
{
    const char *lang = a->visit.lang;
    if (!a->visit.active || !lang[0]) {
        return 0;
    }
    const char *runs = app_form_language(a, form);
    if (runs && strcmp(runs, lang) == 0) {
        return 0;
    }
    app_vt_note(a, runs ? runs : "vi");
    return UI_TILE_OTHER;
}

const char *app_item_audio(const struct app *a, const struct survey_form *f,
                           int i)
{
    const char *lang = a->visit.lang[0] ? a->visit.lang : "vi";
    const char *s = survey_item_text_in(f, i, SURVEY_TEXT_AUDIO, lang);
    return s && *s ? s : NULL;
}

const char *app_choice_audio(const struct app *a, int item, int k)
{
    const char *lang = a->visit.lang[0] ? a->visit.lang : "vi";
    return a->visit.run ? survey_run_choice_audio(a->visit.run, item, k, lang)
                        : NULL;
}

void app_vt_begin(struct app *a)
{
    struct app_vt *vt = a->vt;
    vt->foreign = 0;
    vt->from[0] = '\0';
    vt->slot = (struct ui_rect){0, 0, 0, 0};
    vt->marked = 0;
    vt->clip = NULL;
    if (vt->screen != a->screen) {
        vt->screen = -1;
    }
    if (vt->last_screen != a->screen) {
        vt->last_screen = a->screen;
        if (a->visit.no_voice_ms > 0) {
            a->visit.no_voice_ms = 0; /* the notice was about that screen */
        }
    }
    /* a questionnaire in the language the visitor chose for it: every
     * text of its screens is in that language */
    if (a->visit.active && a->visit.form_lang[0] &&
        (a->screen == SCR_SURVEY || a->screen == SCR_RESULT)) {
        app_vt_note(a, a->visit.form_lang);
    }
    /* ... and so are the quizzes in the one chosen for them */
    if (a->visit.quiz_lang[0] && app_lang(a) == a->visit.quiz_lang) {
        app_vt_note(a, a->visit.quiz_lang);
    }
}

/* The mark: the sign, and "only in <language>" in the visitor's language
 * when it has the sentence, else the other language's own name. */
static void draw_mark(struct app *a, struct ui_rect r)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int li = pack_lang_index(a->pack, a->vt->from);
    const char *name = li >= 0 ? pack_lang(a->pack, li)->name : a->vt->from;
    int fb = 1;
    const char *only = pack_str_ex(a->pack, a->visit.lang, "avail.only_in",
                                   &fb);
    char text[200];
    vtext_mark_text(fb ? NULL : only, name, text, sizeof text);
    ui_graphic(ui, r, t->tile, ui_px(ui, 8), t->outline, ui_px(ui, 2));
    struct ui_rect in = ui_inset(r, ui_px(ui, 5));
    int icon = in.h < ui_px(ui, 40) ? in.h : ui_px(ui, 40);
    ui_icon_other(ui, ui_cut_left(&in, icon), t->tile_text, t->tile);
    ui_cut_left(&in, ui_px(ui, 6));
    ui_text_fit(ui, in, text, UI_FONT_SMALL, 1, t->tile_text, UI_LEFT,
                UI_FIT_WRAP | UI_FIT_MIDDLE);
    a->vt->marked = 1;
}

struct ui_rect chrome_lang_slot(struct app *a, struct ui_rect *tb)
{
    struct ui *ui = &a->ui;
    int draft = a->visit.active && chrome_lang_is_draft(a, a->visit.lang);
    if (!a->visit.active || (!draft && a->vt->screen != a->screen)) {
        return a->vt->slot = (struct ui_rect){0, 0, 0, 0};
    }
    a->vt->slot = ui_cut_right(tb, ui_px(ui, MARK_W));
    ui_cut_right(tb, ui_px(ui, 12));
    return a->vt->slot;
}

/* The speaker's sign: a cone of steps and two waves. */
static void speaker_icon(struct ui *ui, struct ui_rect r, struct ui_color ink,
                         struct ui_color face, int none)
{
    int d = r.w < r.h ? r.w : r.h;
    int x = r.x + (r.w - d) / 2, y = r.y + (r.h - d) / 2;
    ui_rect(ui, (struct ui_rect){x, y + d * 3 / 8, d / 5, d / 4}, ink, 0);
    for (int i = 0; i < 4; i++) { /* the cone, widening */
        int h = d / 4 + (d / 2) * (i + 1) / 4;
        ui_rect(ui, (struct ui_rect){x + d / 5 + i * d / 16, y + (d - h) / 2,
                                     d / 16 + 1, h},
                ink, 0);
    }
    if (none) { /* no voice: a bar across instead of the waves */
        ui_rect(ui, (struct ui_rect){x + d * 5 / 8, y + d * 7 / 16, d * 3 / 8,
                                     d / 8},
                ink, d / 16);
        return;
    }
    struct ui_rect wave = {x + d * 9 / 16, y + d / 4, d / 2, d / 2};
    ui_clip(ui, (struct ui_rect){x + d * 11 / 16, y, d, d});
    ui_rect(ui, wave, ink, d / 4);
    ui_rect(ui, ui_inset(wave, d / 12 > 1 ? d / 12 : 1), face, d / 4);
    ui_clip_off(ui);
}

/* The screen's narration when the screen set none: the pack's voice.*
 * string for the screen (what it offers, said in plain words), else its
 * title's clip. Both in the visitor's language only. */
static const char *const voice_keys[SCR_COUNT][2] = {
    [SCR_ATTRACT] = {"attract.touch", NULL},
    [SCR_LANGUAGE] = {"voice.language", "lang.title"},
    [SCR_HOME] = {"voice.home", "home.title"},
    [SCR_INFO] = {"voice.info", "home.info"},
    [SCR_SERVICES] = {"voice.services", "home.services"},
    [SCR_SCREENING] = {"voice.screening", "home.screening"},
    [SCR_BOOKING] = {"voice.booking", "home.appointment"},
    [SCR_TICKET] = {"voice.ticket", "home.appointment"},
    [SCR_TALK] = {"voice.talk", "home.talk"},
    [SCR_QUIZ_PLAY] = {"voice.quiz", "quiz.home"},
};

static const char *screen_clip(const struct app *a)
{
    const char *lang = app_lang(a); /* the site's language before a choice */
    for (int k = 0; k < 2 && a->pack && a->screen < SCR_COUNT; k++) {
        const char *key = voice_keys[a->screen][k];
        const char *clip = key ? pack_str_audio(a->pack, lang, key) : NULL;
        if (clip) {
            return clip;
        }
    }
    return NULL;
}

int chrome_speaker_button(struct app *a, struct ui_rect r, const char *label)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int tapped = ui_area(ui, r, label);
    ui_rect(ui, r, t->button, ui_px(ui, 10));
    ui_outline(ui, r, t->outline, ui_px(ui, 10), ui_px(ui, 2));
    speaker_icon(ui, ui_inset(r, ui_px(ui, 10)), t->button_text, t->button,
                 0); /* (square and centred in any shape) */
    return tapped;
}

void chrome_speaker(struct app *a, struct ui_rect r)
{
    /* the sign is the label (the word names it for scripts) */
    if (chrome_speaker_button(a, r, app_tr_lang(a, "en", "nav.speaker"))) {
        a->visit.no_voice_ms = -1; /* played after the screen drew (its
                                      clip is known then) */
    }
}

void chrome_set_clip(struct app *a, const char *path)
{
    a->vt->clip = path;
}

static void speak(struct app *a)
{
    const char *clip = a->vt->clip;
    if (!clip) {
        clip = screen_clip(a);
    }
    if (clip && a->audio && audio_play(a->audio, clip) == 0) {
        a->visit.no_voice_ms = 0;
        return;
    }
    if (a->audio) {
        audio_stop(a->audio); /* never another language's voice */
    }
    a->visit.no_voice_ms = a->now_ms ? a->now_ms : 1;
    a->redraw = 1;
}

/* "No voice in your language": the sign, and the words when the
 * visitor's language has them, under the title bar. */
static void no_voice(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int fb = 1;
    const char *msg = pack_str_ex(a->pack, a->visit.lang, "info.no_audio",
                                  &fb);
    int w = ui_px(ui, fb ? 90 : 420), h = ui_px(ui, 64);
    struct ui_rect r = {ui->width - w - ui_px(ui, 10), ui_px(ui, 70), w, h};
    ui_graphic(ui, r, t->tile, ui_px(ui, 8), t->outline, ui_px(ui, 2));
    struct ui_rect in = ui_inset(r, ui_px(ui, 8));
    speaker_icon(ui, ui_cut_left(&in, ui_px(ui, 48)), t->tile_text, t->tile,
                 1);
    if (!fb) {
        ui_cut_left(&in, ui_px(ui, 8));
        ui_text_fit(ui, in, msg, UI_FONT_SMALL, 1, t->tile_text, UI_LEFT,
                    UI_FIT_WRAP | UI_FIT_MIDDLE);
    }
}

void app_vt_end(struct app *a)
{
    struct app_vt *vt = a->vt;
    if (!a->visit.active || app_is_staff_screen(a->screen) || !a->pack) {
        return;
    }
    if (a->visit.no_voice_ms < 0) {
        speak(a);
    }
    if (vt->foreign && vt->screen != a->screen) {
        /* keep a place for the mark on this screen from the next frame */
        vt->screen = a->screen;
        a->redraw = 1;
    }
    if (vt->slot.w && vt->foreign) {
        draw_mark(a, vt->slot);
    } else if (vt->slot.w && chrome_lang_is_draft(a, a->visit.lang)) {
        chrome_draft_mark(a, vt->slot, a->visit.lang, NULL);
    }
    if (a->visit.no_voice_ms > 0 &&
        a->now_ms - a->visit.no_voice_ms < NO_VOICE_MS) {
        no_voice(a);
    }
}

/* The sign, "which language?" in the visitor's own words when the pack
 * has them, and one big tile per language the content is in (vi, en),
 * each in its own name. Returns the code tapped, or NULL. */
static const char *other_lang_choice(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect head = ui_cut_top(&c, ui_px(ui, 64));
    ui_icon_other(ui, ui_cut_left(&head, ui_px(ui, 64)), t->text, t->bg);
    ui_cut_left(&head, ui_px(ui, 12));
    int fb = 1;
    const char *ask = pack_str_ex(a->pack, a->visit.lang, "avail.choose",
                                  &fb);
    if (!fb) {
        ui_text_fit(ui, head, ask, UI_FONT_BODY, 1, t->text, UI_LEFT,
                    UI_FIT_WRAP | UI_FIT_MIDDLE);
    }
    ui_cut_top(&c, ui_px(ui, 12));
    static const char *const langs[] = {"vi", "en"};
    const char *chosen = NULL;
    for (int i = 0; i < 2; i++) {
        int li = pack_lang_index(a->pack, langs[i]);
        if (li < 0) {
            continue;
        }
        const struct pack_language *l = pack_lang(a->pack, li);
        struct ui_rect cell = ui_grid_cell(c, 2, 2, ui_px(ui, 14), i);
        if (ui_tile(ui, cell, l->name, NULL, NULL, UI_STYLE_NORMAL, 0)) {
            chosen = l->code;
        }
    }
    return chosen;
}

int app_form_lang_choice(struct app *a, struct ui_rect c)
{
    int form = a->visit.form_pick;
    if (!a->visit.active || form < 0 || form >= a->nforms) {
        return 0;
    }
    const char *code = other_lang_choice(a, c);
    if (code) {
        snprintf(a->visit.form_choice, sizeof a->visit.form_choice, "%s",
                 code);
        a->visit.form_pick = -1;
        (void)app_start_form(a, form);
    }
    return 1;
}

int app_quiz_lang_choice(struct app *a, struct ui_rect c)
{
    const char *lang = a->visit.lang;
    if (!a->visit.active || a->visit.quiz_lang[0] || !lang[0]) {
        return 0;
    }
    for (int i = 0; i < a->quiz.nquiz; i++) {
        if (quiz_lang_draft(a->quiz.quizzes[i], lang) >= 0) {
            return 0; /* a quiz in the visitor's language: the list */
        }
    }
    const char *code = other_lang_choice(a, c);
    if (code) {
        snprintf(a->visit.quiz_lang, sizeof a->visit.quiz_lang, "%s", code);
        a->redraw = 1;
    }
    return 1;
}

/* The start of a source text as it is drawn: up to a ${placeholder}, a
 * line end or 40 bytes (whole UTF-8 letters). */
static size_t needle_len(const char *s)
{
    size_t n = strcspn(s, "\n");
    const char *ph = strstr(s, "${");
    if (ph && (size_t)(ph - s) < n) {
        n = (size_t)(ph - s);
    }
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--; /* not inside a letter */
        }
    }
    return n;
}

static int drawn_starting(const struct ui *ui, const char *s, size_t n)
{
    for (int i = 0; i < ui->ncmds; i++) {
        if (ui->cmds[i].type == UI_CMD_TEXT && ui->cmds[i].text &&
            strncmp(ui->cmds[i].text, s, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* A tile whose title starts with s and lacks the sign of another
 * language, or NULL. */
static const struct ui_widget *tile_unsigned(const struct ui *ui,
                                             const char *s, size_t n)
{
    for (int i = 0; i < ui->nwidgets; i++) {
        const struct ui_widget *w = &ui->widgets[i];
        if (w->kind == UI_KIND_TILE && !w->other &&
            strncmp(w->label, s, n) == 0) {
            return w;
        }
    }
    return NULL;
}

int app_vt_check(const struct app *a, char *why, size_t n)
{
    const char *lang = a->visit.lang;
    struct overlay_content c = {a->pack, a->forms, a->nforms,
                                (struct quiz *const *)a->quiz.quizzes,
                                a->quiz.nquiz};
    int nitems = overlay_items(&c, lang, NULL, 0), found = 0;
    struct overlay_ref *refs = malloc(sizeof *refs * (size_t)(nitems + 1));
    if (!refs) {
        snprintf(why, n, "out of memory");
        return 1;
    }
    overlay_items(&c, lang, refs, nitems);
    /* a questionnaire or quiz running in the language the visitor chose
     * for it is in that language throughout: the title bar's mark says
     * so, its answers need no sign each */
    int per_item = strcmp(app_lang(a), lang) == 0;
    for (int i = 0; i < nitems; i++) {
        for (int k = 0; k < overlay_item_nfields(&c, refs[i]); k++) {
            const char *own = overlay_item_text(&c, refs[i], k, lang);
            const char *src = overlay_item_text(&c, refs[i], k, "vi");
            if (!src || !*src) {
                src = overlay_item_text(&c, refs[i], k, "en");
            }
            size_t len = src ? needle_len(src) : 0;
            if ((own && *own) || len < 6 || !drawn_starting(&a->ui, src, len)) {
                continue;
            }
            char key[160];
            (void)overlay_item_key(&c, refs[i], key, sizeof key);
            if (per_item && tile_unsigned(&a->ui, src, len)) {
                snprintf(why, n, "the tile \"%.*s\" (%s) is not in %s and "
                         "has no sign of another language",
                         (int)(len > 30 ? 30 : len), src, key, lang);
                free(refs);
                return 1;
            }
            if (!found++) { /* the first one says why */
                snprintf(why, n, "\"%.*s\" (%s) is not in %s",
                         (int)(len > 30 ? 30 : len), src, key, lang);
            }
        }
    }
    free(refs);
    if (found && !a->vt->marked) {
        return 1; /* shown, not marked */
    }
    if (a->vt->foreign && !a->vt->marked) {
        snprintf(why, n, "%d texts in %s are not marked", a->vt->foreign,
                 a->vt->from);
        return 1;
    }
    return 0;
}
