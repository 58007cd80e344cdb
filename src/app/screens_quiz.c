/* The school prevention-day quiz. Staff start an event (a quiz, teams,
 * rounds) in staff mode, which then locks; while the event runs, the
 * attract screen is the game, teams answer in turn, a scoreboard follows
 * each round and a podium the last. A visitor may also play alone from
 * home. CRAFFT stays a private self-check: nothing of it reaches the
 * scoreboard or the quiz report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens.h"
#include "core/date.h"
#include "quiz/quiz.h"
#include "store/store.h"
#include "survey/survey.h"

_Static_assert(APP_MAX_QUIZZES == QUIZ_MAX_QUIZZES,
               "the app holds every quiz a pack may have");

/* the teams' colours, each dark enough for white text at 7:1 on the
 * podium (amber was 2.0:1) */
static const struct ui_color team_colours[QUIZ_MAX_TEAMS] = {
    {0x9B, 0x1C, 0x1C, 255}, {0x0D, 0x47, 0xA1, 255}, {0x7A, 0x41, 0x00, 255},
    {0x1B, 0x5E, 0x20, 255}, {0x6A, 0x1B, 0x9A, 255}, {0x00, 0x57, 0x4F, 255},
    {0x9A, 0x34, 0x12, 255}, {0x37, 0x47, 0x4F, 255}};

/* "{key}" in a UI string replaced by value. A pack's string may be far
 * longer than the place it is shown in: what does not fit `out` is cut at
 * a character boundary and ends in "…", so the cut shows. */
static void fill(char *out, size_t n, const char *tmpl, const char *key,
                 const char *value)
{
    const char *p = strstr(tmpl, key);
    int k = p ? snprintf(out, n, "%.*s%s%s", (int)(p - tmpl), tmpl, value,
                         p + strlen(key))
              : snprintf(out, n, "%s", tmpl);
    if (k >= 0 && (size_t)k >= n && n >= 4) {
        size_t end = n - 4; /* room for the 3 bytes of "…" and the NUL */
        while (end > 0 && ((unsigned char)out[end] & 0xC0) == 0x80) {
            end--; /* not inside a UTF-8 sequence */
        }
        memcpy(out + end, "\xE2\x80\xA6", 4);
    }
}

static void team_name(const struct app *a, int t, char *out, size_t n)
{
    const char *name = a->quiz.ev ? quiz_event_team_name(a->quiz.ev, t)
                                  : NULL;
    if (name) {
        snprintf(out, n, "%s", name);
    } else {
        char num[16];
        snprintf(num, sizeof num, "%d", t + 1);
        fill(out, n, app_tr(a, "quiz.team_default"), "{n}", num);
    }
}

void app_load_quizzes(struct app *a, const char *pack_dir)
{
    char ids[APP_MAX_QUIZZES][QUIZ_ID_MAX];
    char dir[1100];
    for (int i = 0; i < a->quiz.nquiz; i++) {
        quiz_free(a->quiz.quizzes[i]);
    }
    a->quiz.nquiz = 0;
    snprintf(dir, sizeof dir, "%s", pack_dir);
    int n = quiz_list(dir, ids, APP_MAX_QUIZZES);
    if (n > APP_MAX_QUIZZES) {
        fprintf(stderr, "kiosk: %s/quiz: %d quizzes, at most %d in one pack; "
                        "the first %d in name order are used\n",
                dir, n, APP_MAX_QUIZZES, APP_MAX_QUIZZES);
    } else if (n < 0) {
        fprintf(stderr, "kiosk: %s/quiz: the folder cannot be read\n", dir);
    }
    for (int i = 0; i < n && i < APP_MAX_QUIZZES; i++) {
        struct kiosk_diag d = {0};
        struct quiz *q = NULL;
        if (quiz_load(dir, ids[i], &q, &d) == KIOSK_OK) {
            a->quiz.quizzes[a->quiz.nquiz++] = q;
        } else {
            fprintf(stderr, "kiosk: quiz %s left out:\n", ids[i]);
            kiosk_diag_print(&d, stderr);
        }
        kiosk_diag_free(&d);
    }
}

/* Adds the game in play to today's tally file, once. */
static void tally_game(struct app *a)
{
    if (!a->quiz.ev || a->quiz.tallied) {
        return;
    }
    a->quiz.tallied = 1;
    if (quiz_event_turns_done(a->quiz.ev) > 0 && a->data_dir[0]) {
        /* today's totals, one file a day, for the staff report */
        char path[700];
        char ymd[16];
        date_format(app_wall(a), a->site.utc_offset, DATE_YMD, ymd,
                    sizeof ymd);
        snprintf(path, sizeof path, "%s/quiz-tally-%s.csv", a->data_dir, ymd);
        struct quiz_tally *t = NULL;
        if (quiz_tally_new(&t) == KIOSK_OK &&
            quiz_tally_load(t, path) == KIOSK_OK &&
            quiz_tally_add(t, a->quiz.ev) == KIOSK_OK &&
            quiz_tally_save(t, path) != KIOSK_OK) {
            fprintf(stderr, "kiosk: cannot save the quiz tally %s\n", path);
        }
        quiz_tally_free(t);
    }
}

void app_quiz_finish_now(struct app *a)
{
    tally_game(a);
    quiz_event_free(a->quiz.ev);
    a->quiz.ev = NULL;
    a->quiz.solo = 0;
    a->quiz.revealed = 0;
    a->quiz.tallied = 0;
    a->quiz.scroll_q = -1; /* the next game's first question at the top */
}

/* A solo game of up to 10 questions of quiz i (after the last one is
 * finished: both posted by the screen, applied after the frame). */
void app_quiz_start_solo_now(struct app *a, int i)
{
    struct quiz *q = a->quiz.quizzes[i];
    int rounds = quiz_event_max_rounds(q, 1);
    rounds = rounds > 10 ? 10 : rounds;
    app_quiz_finish_now(a);
    if (rounds > 0 && quiz_event_new(q, 1, rounds, &a->quiz.ev) == KIOSK_OK) {
        enum kiosk_err e = quiz_event_shuffle(a->quiz.ev,
                                              (uint64_t)app_wall(a));
        (void)e; /* only refused after the first answer */
        a->quiz.solo = 1;
        a->quiz.chosen = i;
    }
}

/* A visitor alone: choose a quiz. */
static void quiz_choose(struct app *a)
{
    struct ui *ui = &a->ui;
    struct ui_rect c = chrome_frame(a, app_tr(a, "quiz.choose"));
    if (app_quiz_lang_choice(a, c)) {
        return; /* none in the visitor's language: which one, first */
    }
    for (int i = 0; i < a->quiz.nquiz; i++) {
        struct quiz *q = a->quiz.quizzes[i];
        char key[64];
        snprintf(key, sizeof key, "quiz.level.%s",
                 quiz_level_name(quiz_level(q)));
        struct ui_rect cell = ui_grid_cell(c, a->quiz.nquiz, 2,
                                           ui_px(ui, 14), i);
        /* a quiz not in the visitor's own language carries the sign */
        int other = 0;
        if (a->visit.lang[0] && quiz_lang_draft(q, a->visit.lang) < 0) {
            app_vt_note(a, quiz_lang_draft(q, "vi") >= 0 ? "vi" : "en");
            other = UI_TILE_OTHER;
        }
        if (ui_tile_ex(ui, cell, quiz_title(q, app_lang(a)), app_tr(a, key),
                       NULL, i ? UI_STYLE_NORMAL : UI_STYLE_ACCENT, 0,
                       other)) {
            app_post(a, APP_QUIZ_SOLO, NULL, i);
            a->redraw = 1;
        }
    }
}

/* The title bar's text: the quiz and the round (solo), or the round and
 * whose turn it is (a class event). */
static void play_title(struct app *a, int team, int round, char *title,
                       size_t size)
{
    const struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    char name[96], buf[400], num_i[16], num_n[16], round_of[96];
    team_name(a, team, name, sizeof name);
    snprintf(num_i, sizeof num_i, "%d", round + 1);
    snprintf(num_n, sizeof num_n, "%d", quiz_event_rounds(a->quiz.ev));
    fill(buf, sizeof buf, app_tr(a, "quiz.round_of"), "{i}", num_i);
    fill(round_of, sizeof round_of, buf, "{n}", num_n);
    if (a->quiz.solo) {
        snprintf(title, size, "%s · %s", quiz_title(q, app_lang(a)),
                 round_of);
    } else {
        fill(buf, sizeof buf, app_tr(a, "quiz.turn"), "{team}", name);
        snprintf(title, size, "%s · %s", round_of, buf);
    }
}

/* After an answer: right or wrong, the right answer and why, and Next. */
static void play_reveal(struct app *a, struct ui_rect c,
                        const struct quiz_turn *last)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    const char *lang = app_lang(a);
    int qi = last->question;
    char buf[400];
    ui_rect(ui, c, last->right ? t->good : t->bad, ui_px(ui, 14));
    struct ui_rect in = ui_inset(c, ui_px(ui, 16));
    struct ui_color white = {255, 255, 255, 255};
    /* right or wrong, the right answer, why: at the size chosen, the box
     * scrolling when they are taller (never shrunk) */
    const char *verdict = app_tr(a, last->right ? "quiz.right" : "quiz.wrong");
    fill(buf, sizeof buf, app_tr(a, "quiz.right_answer"), "{answer}",
         quiz_answer(q, qi, quiz_right(q, qi), lang));
    const char *why = quiz_explain(q, qi, lang);
    int w = in.w - ui_px(ui, 16), gap = ui_px(ui, 6);
    int h1 = ui_text_height(ui, verdict, UI_FONT_HUGE, 1, w);
    int h2 = ui_text_height(ui, buf, UI_FONT_TILE, 1, w);
    int h3 = ui_text_height(ui, why, UI_FONT_BODY, 0, w);
    int total = h1 + gap + h2 + gap + h3;
    int y = ui_scroll_begin(ui, in, &a->quiz.scroll, total);
    y += ui_text(ui, (struct ui_rect){in.x, y, w, h1}, verdict, UI_FONT_HUGE,
                 1, white, UI_LEFT, 1) + gap;
    y += ui_text(ui, (struct ui_rect){in.x, y, w, h2}, buf, UI_FONT_TILE, 1,
                 white, UI_LEFT, 1) + gap;
    ui_text(ui, (struct ui_rect){in.x, y, w, h3}, why, UI_FONT_BODY, 0, white,
            UI_LEFT, 1);
    ui_scroll_end(ui, in, a->quiz.scroll, total);
    if (ui_button(ui, a->nav_slot, app_tr(a, "quiz.next"), UI_STYLE_ACCENT)) {
        a->quiz.revealed = 0;
        /* every round ends on the scoreboard, the last one too */
        if (!a->quiz.solo && quiz_event_round_complete(a->quiz.ev)) {
            a->next_screen = SCR_QUIZ_BOARD;
        } else if (quiz_event_finished(a->quiz.ev)) {
            a->next_screen = SCR_QUIZ_PODIUM;
        }
        a->redraw = 1;
    }
}

/* Where the answers go: a 2-column grid filling c when every answer fits
 * its cell at the chosen text size, else one under another, each as tall
 * as its words, scrolling when they are taller than c (never shrunk: at
 * 150 % a long answer A was drawn at half the size of B). Fills rects;
 * returns the height of the whole, 0 for the grid. */
static int answer_layout(struct app *a, struct ui_rect c, char (*text)[400],
                         int n, struct ui_rect *rects)
{
    struct ui *ui = &a->ui;
    int gap = ui_px(ui, 12), pad = ui_px(ui, 10), fits = 1;
    for (int k = 0; k < n; k++) {
        rects[k] = ui_grid_cell(c, n, 2, gap, k);
        fits &= ui_text_height(ui, text[k], UI_FONT_TILE, 1,
                               rects[k].w - 2 * pad) <= rects[k].h - 2 * pad;
    }
    if (fits) {
        return 0;
    }
    int y = 0, w = c.w - ui_px(ui, 16); /* room for the scroll bar */
    for (int k = 0; k < n; k++) {
        int h = ui_text_height(ui, text[k], UI_FONT_TILE, 1, w - 2 * pad) +
                2 * pad;
        h = h < ui_px(ui, 58) ? ui_px(ui, 58) : h;
        rects[k] = (struct ui_rect){c.x, y, w, h};
        y += h + (k + 1 < n ? gap : 0);
    }
    return y;
}

/* The answers of question qi, big and coloured, and Skip for a class. */
static void play_answers(struct app *a, struct ui_rect c, int qi)
{
    struct ui *ui = &a->ui;
    const struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    struct quiz_event *ev = a->quiz.ev;
    const char *lang = app_lang(a);
    char text[QUIZ_MAX_ANSWERS][400];
    /* A B C D: red, blue, orange, green, dark enough for white text at
     * 7:1 (C's orange was 2.70:1) */
    static const char *const letters[QUIZ_MAX_ANSWERS] = {"A", "B", "C", "D"};
    static const struct ui_color colours[QUIZ_MAX_ANSWERS] = {
        {0x9B, 0x1C, 0x1C, 255}, {0x0D, 0x47, 0xA1, 255},
        {0x7A, 0x41, 0x00, 255}, {0x1B, 0x5E, 0x20, 255}};
    int n = quiz_nanswers(q, qi);
    n = n < QUIZ_MAX_ANSWERS ? n : QUIZ_MAX_ANSWERS; /* (the loader's cap) */
    for (int k = 0; k < n; k++) {
        snprintf(text[k], sizeof text[k], "%s   %s", letters[k],
                 quiz_answer(q, qi, k, lang));
    }
    struct ui_rect cells[QUIZ_MAX_ANSWERS];
    int list_h = answer_layout(a, c, text, n, cells);
    if (a->quiz.scroll_q != qi) {
        a->quiz.scroll_q = qi;
        a->quiz.scroll = 0;
    }
    int y0 = list_h ? ui_scroll_begin(ui, c, &a->quiz.scroll, list_h) : 0;
    for (int k = 0; k < n; k++) {
        struct ui_rect cell = cells[k];
        cell.y += y0;
        if (list_h && (cell.y + cell.h < c.y || cell.y > c.y + c.h)) {
            continue; /* scrolled out of sight */
        }
        int tapped = ui_area(ui, cell, quiz_answer(q, qi, k, lang));
        ui_rect(ui, cell, colours[k], ui_px(ui, 14));
        ui_text_fit(ui, ui_inset(cell, ui_px(ui, 10)), text[k], UI_FONT_TILE,
                    1, (struct ui_color){255, 255, 255, 255}, UI_LEFT,
                    UI_FIT_WRAP | UI_FIT_MIDDLE);
        if (tapped && quiz_event_answer(ev, k) != QUIZ_INVALID) {
            a->quiz.revealed = 1;
            a->quiz.scroll = 0; /* the answer's box from its top */
            a->redraw = 1;
        }
    }
    if (list_h) {
        ui_scroll_end(ui, c, a->quiz.scroll, list_h);
    }
    if (!a->quiz.solo &&
        ui_button(ui, a->nav_slot, app_tr(a, "quiz.skip"), UI_STYLE_NORMAL)) {
        enum kiosk_err e = quiz_event_pass(ev);
        (void)e; /* only refused when finished, which is handled before */
        if (quiz_event_round_complete(ev)) {
            a->next_screen = SCR_QUIZ_BOARD;
        } else if (quiz_event_finished(ev)) {
            a->next_screen = SCR_QUIZ_PODIUM;
        }
    }
}

void screen_quiz_play(struct app *a)
{
    struct ui *ui = &a->ui;
    struct quiz_event *ev = a->quiz.ev;
    if (!ev) {
        quiz_choose(a);
        return;
    }
    const struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    struct quiz_turn last;
    int have_last = quiz_event_last(ev, &last);
    int fb = 0; /* the quiz's texts not in the visitor's language: marked */
    if (quiz_text(q, quiz_event_question(ev), QUIZ_QUESTION, app_lang(a),
                  &fb) && fb) {
        app_vt_note(a, "vi");
    }
    if (quiz_event_finished(ev) && !a->quiz.revealed) {
        a->next_screen = a->quiz.solo ? SCR_QUIZ_PODIUM : SCR_QUIZ_BOARD;
        return;
    }
    /* whose turn: the team that answered, while its answer shows */
    int shown = a->quiz.revealed && have_last;
    int team = shown ? last.team : quiz_event_team(ev);
    char title[600];
    play_title(a, team, shown ? last.round : quiz_event_round(ev), title,
               sizeof title);
    struct ui_rect c = chrome_frame(a, title);
    if (!a->quiz.solo) {
        /* the team's colour along the top, so the class sees whose turn */
        ui_rect(ui, ui_cut_top(&c, ui_px(ui, 8)),
                team_colours[team % QUIZ_MAX_TEAMS], ui_px(ui, 4));
        ui_cut_top(&c, ui_px(ui, 8));
    }
    int qi = shown ? last.question : quiz_event_question(ev);
    if (qi < 0) {
        return;
    }
    /* the question takes at most a third of the screen, the answers the
     * rest (at 150 % they covered the question) */
    int h = ui_text_fit(ui, (struct ui_rect){c.x, c.y, c.w, c.h / 3},
                        quiz_question(q, qi, app_lang(a)), UI_FONT_TITLE, 1,
                        ui->theme.text, UI_LEFT, UI_FIT_WRAP).h;
    ui_cut_top(&c, h + ui_px(ui, 12));
    if (shown) {
        play_reveal(a, c, &last);
    } else {
        play_answers(a, c, qi);
    }
}

/* Big bars, one a team, the score beside. */
static void bars(struct app *a, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    struct quiz_standing st[QUIZ_MAX_TEAMS];
    int n = quiz_event_standings(a->quiz.ev, st);
    int best = 1;
    for (int i = 0; i < n; i++) {
        best = st[i].score > best ? st[i].score : best;
    }
    int gap = ui_px(ui, 12);
    int row = (c.h - gap * (n - 1)) / (n > 0 ? n : 1);
    row = row > ui_px(ui, 70) ? ui_px(ui, 70) : row;
    int name_w = c.w / 4;
    for (int i = 0; i < n; i++) {
        char name[96], pts[32], num[8];
        team_name(a, st[i].team, name, sizeof name);
        snprintf(num, sizeof num, "%d", st[i].score);
        fill(pts, sizeof pts, app_tr(a, "quiz.points"), "{n}", num);
        int y = c.y + i * (row + gap);
        int th = ui_text_height(ui, name, UI_FONT_TILE, 1, 0);
        ui_text(ui, (struct ui_rect){c.x, y + (row - th) / 2, name_w, th},
                name, UI_FONT_TILE, 1, ui->theme.text, UI_LEFT, 0);
        int full = c.w - name_w - ui_px(ui, 150);
        int w = st[i].score > 0 ? full * st[i].score / best : ui_px(ui, 12);
        ui_rect(ui, (struct ui_rect){c.x + name_w, y, w, row},
                team_colours[st[i].team % QUIZ_MAX_TEAMS], ui_px(ui, 10));
        ui_text(ui, (struct ui_rect){c.x + name_w + w + ui_px(ui, 12),
                                     y + (row - th) / 2, ui_px(ui, 140), th},
                pts, UI_FONT_TILE, 1, ui->theme.text, UI_LEFT, 0);
    }
}

void screen_quiz_board(struct app *a)
{
    struct ui *ui = &a->ui;
    if (!a->quiz.ev) {
        a->next_screen = SCR_QUIZ_PLAY;
        return;
    }
    struct ui_rect c = chrome_frame(a, app_tr(a, "quiz.scoreboard"));
    bars(a, c);
    if (ui_button(ui, a->nav_slot, app_tr(a, "quiz.next"), UI_STYLE_ACCENT)) {
        a->next_screen = quiz_event_finished(a->quiz.ev) ? SCR_QUIZ_PODIUM
                                                         : SCR_QUIZ_PLAY;
    }
}

void screen_quiz_podium(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct quiz_event *ev = a->quiz.ev;
    if (!ev) {
        a->next_screen = SCR_QUIZ_PLAY;
        return;
    }
    char buf[256], num[16], total[16];
    tally_game(a); /* the game is over: it counts in today's report */
    if (a->quiz.solo) {
        struct ui_rect c = chrome_frame(a, quiz_title(
            a->quiz.quizzes[a->quiz.chosen], app_lang(a)));
        snprintf(num, sizeof num, "%d", quiz_event_score(ev, 0));
        snprintf(total, sizeof total, "%d", quiz_event_turns_done(ev));
        char tmp[256];
        fill(tmp, sizeof tmp, app_tr(a, "quiz.solo_result"), "{n}", num);
        fill(buf, sizeof buf, tmp, "{total}", total);
        int h = ui_text_height(ui, buf, UI_FONT_HUGE, 1, c.w);
        ui_text(ui, (struct ui_rect){c.x, c.y + (c.h - h) / 3, c.w, h}, buf,
                UI_FONT_HUGE, 1, t->accent, UI_CENTER, 1);
        if (ui_button(ui, a->nav_slot, app_tr(a, "quiz.again"),
                      UI_STYLE_ACCENT)) {
            app_quiz_finish(a);
        }
        return;
    }
    struct ui_rect c = chrome_frame(a, app_tr(a, "quiz.podium"));
    struct quiz_standing st[QUIZ_MAX_TEAMS];
    int n = quiz_event_podium(ev, st);
    /* the podium: 2nd, 1st, 3rd, as a class expects to see it */
    static const int order[3] = {1, 0, 2};
    static const int heights[3] = {100, 62, 42}; /* by place: 1st tallest */
    static const char *const places[3] = {"quiz.place1", "quiz.place2",
                                          "quiz.place3"};
    struct ui_rect stage = c;
    int col_w = stage.w / 3;
    for (int s = 0; s < 3; s++) {
        int i = order[s];
        if (i >= n) {
            continue;
        }
        int place = st[i].place < 1 ? 1 : st[i].place > 3 ? 3 : st[i].place;
        int bh = (stage.h - ui_px(ui, 90)) * heights[place - 1] / 100;
        struct ui_rect col = {stage.x + s * col_w + ui_px(ui, 10),
                              stage.y + stage.h - bh, col_w - ui_px(ui, 20),
                              bh};
        ui_rect(ui, col, team_colours[st[i].team % QUIZ_MAX_TEAMS],
                ui_px(ui, 12));
        char name[96];
        team_name(a, st[i].team, name, sizeof name);
        snprintf(num, sizeof num, "%d", st[i].score);
        fill(buf, sizeof buf, app_tr(a, "quiz.points"), "{n}", num);
        int th = ui_text_height(ui, name, UI_FONT_TITLE, 1, col.w);
        ui_text(ui, (struct ui_rect){col.x, col.y - th - ui_px(ui, 6), col.w,
                                     th},
                name, UI_FONT_TITLE, 1, t->text, UI_CENTER, 1);
        struct ui_color white = {255, 255, 255, 255};
        ui_text(ui, (struct ui_rect){col.x, col.y + ui_px(ui, 10), col.w, 0},
                app_tr(a, places[place - 1]), UI_FONT_TILE, 1, white,
                UI_CENTER, 1);
        ui_text(ui, (struct ui_rect){col.x, col.y + ui_px(ui, 44), col.w, 0},
                buf, UI_FONT_BUTTON, 1, white, UI_CENTER, 1);
    }
}

/* ---- staff: start and end an event, its report ----------------------- */

static const char *st_lang(const struct app *a)
{
    return a->staff.lang[0] ? a->staff.lang : "vi";
}

void screen_staff_quiz(struct app *a)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const char *lang = st_lang(a);
    struct ui_rect c = staff_frame(a, app_tr_lang(a, lang, "quiz.report"));
    if (a->quiz.event && a->quiz.ev) {
        char line[300];
        fill(line, sizeof line, app_tr_lang(a, lang, "quiz.running"), "{quiz}",
             quiz_title(a->quiz.quizzes[a->quiz.chosen], lang));
        int h = ui_text(ui, c, line, UI_FONT_TILE, 1, t->text, UI_LEFT, 1);
        ui_cut_top(&c, h + ui_px(ui, 10));
        bars(a, (struct ui_rect){c.x, c.y, c.w, c.h - ui_px(ui, 70)});
        if (ui_button(ui, ui_cut_bottom(&c, ui_px(ui, 60)),
                      app_tr_lang(a, lang, "quiz.end"), UI_STYLE_DANGER)) {
            app_quiz_finish(a);
            a->quiz.event = 0;
        }
        return;
    }
    /* a new event: quiz, teams, rounds, names */
    if (a->quiz.nquiz == 0) {
        return;
    }
    if (a->quiz.naming > 0) {
        int tn = a->quiz.naming - 1;
        char label[96], num[16];
        snprintf(num, sizeof num, "%d", tn + 1);
        fill(label, sizeof label, app_tr_lang(a, lang, "quiz.team_default"),
             "{n}", num);
        struct ui_rect kb = ui_cut_bottom(&c, c.h * 3 / 5);
        int h = ui_text(ui, c, label, UI_FONT_TILE, 1, t->text, UI_LEFT, 0);
        ui_text(ui, (struct ui_rect){c.x, c.y + h + ui_px(ui, 8), c.w, 0},
                a->quiz.names[tn], UI_FONT_TITLE, 1, t->accent, UI_LEFT, 0);
        if (ui_keyboard(ui, kb, a->quiz.names[tn], sizeof a->quiz.names[0],
                        "OK", app_tr_lang(a, lang, "nav.erase"),
                        app_tr_lang(a, lang, "nav.space"))) {
            a->quiz.naming = 0;
        }
        return;
    }
    if (a->quiz.nteams < 1) {
        a->quiz.nteams = 3;
        a->quiz.rounds = 2;
    }
    struct ui_rect quizzes = ui_cut_top(&c, ui_px(ui, 76));
    for (int i = 0; i < a->quiz.nquiz; i++) {
        struct ui_rect cell = ui_grid_cell(quizzes, a->quiz.nquiz,
                                           a->quiz.nquiz, ui_px(ui, 12), i);
        int sel = a->quiz.chosen == i;
        if (ui_tile(ui, cell, quiz_title(a->quiz.quizzes[i], lang), NULL, NULL,
                    sel ? UI_STYLE_ACCENT : UI_STYLE_NORMAL, sel)) {
            a->quiz.chosen = i;
        }
    }
    ui_cut_top(&c, ui_px(ui, 12));
    const struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    const char *labels[2] = {"quiz.teams", "quiz.rounds"};
    for (int row = 0; row < 2; row++) {
        struct ui_rect r = ui_cut_top(&c, ui_px(ui, 48));
        ui_cut_top(&c, ui_px(ui, 12));
        struct ui_rect label = ui_cut_left(&r, r.w / 4);
        int th = ui_text_height(ui, "Ag", UI_FONT_BODY, 1, 0);
        ui_text(ui, (struct ui_rect){label.x, label.y + (label.h - th) / 2,
                                     label.w, th},
                app_tr_lang(a, lang, labels[row]), UI_FONT_BODY, 1, t->text,
                UI_LEFT, 0);
        int max = row == 0 ? QUIZ_MAX_TEAMS
                           : quiz_event_max_rounds(q, a->quiz.nteams);
        max = max > 8 ? 8 : max;
        int *v = row == 0 ? &a->quiz.nteams : &a->quiz.rounds;
        for (int k = 1; k <= max; k++) {
            struct ui_rect cell = ui_grid_cell(r, 8, 8, ui_px(ui, 12), k - 1);
            char num[16];
            snprintf(num, sizeof num, "%d", k);
            if (ui_button(ui, cell, num, *v == k ? UI_STYLE_ACCENT
                                                 : UI_STYLE_NORMAL)) {
                *v = k;
            }
        }
    }
    int maxr = quiz_event_max_rounds(q, a->quiz.nteams);
    if (a->quiz.rounds > maxr) {
        a->quiz.rounds = maxr;
    }
    /* the teams: tap one to type its name */
    struct ui_rect names = ui_cut_top(&c, ui_px(ui, 48));
    for (int k = 0; k < a->quiz.nteams; k++) {
        char label[96], num[16];
        snprintf(num, sizeof num, "%d", k + 1);
        fill(label, sizeof label, app_tr_lang(a, lang, "quiz.team_default"),
             "{n}", num);
        struct ui_rect cell = ui_grid_cell(names, 8, 8, ui_px(ui, 12), k);
        if (ui_button(ui, cell, a->quiz.names[k][0] ? a->quiz.names[k] : label,
                      UI_STYLE_QUIET)) {
            a->quiz.naming = k + 1;
        }
    }
    ui_cut_top(&c, ui_px(ui, 12));
    if (ui_button(ui, c, app_tr_lang(a, lang, "quiz.start"), UI_STYLE_ACCENT) &&
        a->quiz.rounds > 0) {
        app_post(a, APP_QUIZ_EVENT, NULL, 0);
    }
}

/* Staff's event as set up on screen_staff_quiz (after the frame). */
void app_quiz_start_event_now(struct app *a)
{
    struct quiz *q = a->quiz.quizzes[a->quiz.chosen];
    app_quiz_finish_now(a);
    if (quiz_event_new(q, a->quiz.nteams, a->quiz.rounds, &a->quiz.ev) !=
        KIOSK_OK) {
        return;
    }
    enum kiosk_err e = quiz_event_shuffle(a->quiz.ev, (uint64_t)app_wall(a));
    (void)e;
    for (int k = 0; k < a->quiz.nteams; k++) {
        e = quiz_event_set_team_name(a->quiz.ev, k, a->quiz.names[k]);
        (void)e; /* a refused name leaves "Team n" */
    }
    a->quiz.event = 1;
    a->quiz.solo = 0;
    /* staff mode locks; the kiosk belongs to the class now */
    app_staff_exit_now(a);
}

int app_event_self_check(const struct app *a)
{
    if (!a->quiz.event || a->quiz.chosen < 0 ||
        a->quiz.chosen >= a->quiz.nquiz) {
        return -1;
    }
    return app_form_index(a,
                          quiz_self_check(a->quiz.quizzes[a->quiz.chosen]));
}

/* The self-check's band measure, counted per declared value: every value
 * the form declares is listed (0 included), in the form's order. */
struct bands_ctx {
    const struct survey_form *f;
    int m;                          /* the band measure */
    struct quiz_band_count *b;      /* one per declared value (malloc'd) */
    int n;
};

static int self_check_band_cb(void *ctx, const struct store_count *c)
{
    struct bands_ctx *bc = ctx;
    if (strcmp(c->form_id, survey_form_id(bc->f)) != 0 ||
        strcmp(c->name, survey_measure_name(bc->f, bc->m)) != 0) {
        return 0;
    }
    int k = survey_measure_find_value(bc->f, bc->m, c->value);
    if (k >= 0 && k < bc->n) {
        bc->b[k].count += (int)c->n;
    }
    return 0;
}

/* The first band measure the quizzes' self-check form declares, or -1
 * (also when out of memory: then the report has no band section). */
static int self_check_bands(const struct app *a, const char *lang,
                            struct bands_ctx *bc)
{
    memset(bc, 0, sizeof *bc);
    for (int q = 0; q < a->quiz.nquiz; q++) {
        int fi = app_form_index(a, quiz_self_check(a->quiz.quizzes[q]));
        const struct survey_form *f = fi >= 0 ? a->forms[fi] : NULL;
        for (int m = 0; f && m < survey_form_measure_count(f); m++) {
            if (survey_measure_kind(f, m) != SURVEY_MEASURE_BAND) {
                continue;
            }
            int n = survey_measure_value_count(f, m);
            bc->b = calloc((size_t)n + 1, sizeof *bc->b);
            if (!bc->b) {
                return -1;
            }
            bc->f = f;
            bc->m = m;
            bc->n = n;
            for (int k = 0; k < n; k++) {
                bc->b[k].band = survey_measure_value_label(f, m, k, lang);
            }
            return m;
        }
    }
    return -1;
}

enum kiosk_err app_quiz_report(struct app *a, const char *dir, long from,
                               long to, char *why, size_t whyn)
{
    why[0] = '\0';
    struct quiz_tally *t = NULL;
    enum kiosk_err e = quiz_tally_new(&t);
    if (e != KIOSK_OK) {
        return e;
    }
    int games = 0;
    for (long day = from; day < to && e == KIOSK_OK; day++) {
        char path[700];
        char ymd[16];
        date_format_day(day, DATE_YMD, ymd, sizeof ymd);
        snprintf(path, sizeof path, "%s/quiz-tally-%s.csv", a->data_dir, ymd);
        FILE *f = fopen(path, "r");
        if (!f) {
            continue; /* no game that day */
        }
        fclose(f);
        e = quiz_tally_load(t, path);
        if (e != KIOSK_OK) {
            /* a damaged day is not counted as none: the report waits */
            snprintf(why, whyn, "quiz-tally-%s.csv: %s", ymd,
                     kiosk_strerror(e));
        }
        games++;
    }
    const char *lang = a->staff.lang[0] ? a->staff.lang : "vi";
    struct bands_ctx bc;
    int m = -1;
    if (e == KIOSK_OK && games > 0) {
        m = self_check_bands(a, lang, &bc);
        if (m >= 0) {
            e = store_count_by_band(a->store, from, to, self_check_band_cb,
                                    &bc);
            if (e != KIOSK_OK) {
                snprintf(why, whyn, "self-check counts: %s",
                         kiosk_strerror(e));
            }
        }
    }
    if (e == KIOSK_OK && games > 0) {
        char path[700];
        snprintf(path, sizeof path, "%s/quiz_report.csv", dir);
        FILE *out = fopen(path, "w");
        /* small counts at one school could point at a student: bands under
         * 5 screenings are suppressed */
        e = out ? quiz_report_write(out, t, pack_dir(a->pack), lang,
                                    m >= 0 ? survey_measure_label(bc.f, m,
                                                                  lang)
                                           : NULL,
                                    bc.b, bc.n, 5)
                : KIOSK_EIO;
        if (out && fclose(out) != 0 && e == KIOSK_OK) {
            e = KIOSK_EIO;
        }
        if (e != KIOSK_OK) {
            snprintf(why, whyn, "%s: %s", path, kiosk_strerror(e));
        }
    }
    if (m >= 0) {
        free(bc.b);
    }
    quiz_tally_free(t);
    return e;
}
