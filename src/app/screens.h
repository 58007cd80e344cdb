/* Screens: one function per screen, drawing with ui.h and navigating with
 * app_go/app_back. The common frame (title bar with text size and contrast,
 * and the Back / Home / Leave-and-erase bar) is in chrome.c. */
#ifndef KIOSK_APP_SCREENS_H
#define KIOSK_APP_SCREENS_H

#include "app/app.h"

/** Draws the title bar and the navigation bar; returns the content area. */
struct ui_rect chrome_frame(struct app *a, const char *title);
/** A calm notice band (sample data, saving not possible) cut from the top
 * of the content area *c. */
void chrome_notice(struct app *a, struct ui_rect *c, const char *msg);
/** 1 if language `lang` is a draft in the pack (languages.csv status). */
int chrome_lang_is_draft(const struct app *a, const char *lang);
/** The "draft" mark in r: an amber band with a drawn sign and `lang.draft`
 * in `lang` (else in `lang2`, may be NULL); with neither, the sign alone. */
void chrome_draft_mark(struct app *a, struct ui_rect r, const char *lang,
                       const char *lang2);
/** The title bar's place for the language mark (visitor_lang.c), cut from
 * the right of *tb when the visitor's language is a draft or the screen
 * showed texts in another language; w = 0 when none. */
struct ui_rect chrome_lang_slot(struct app *a, struct ui_rect *tb);
/** The speaker button: plays the screen's narration in the visitor's
 * language (chrome_set_clip, else the pack's voice.* string for the screen,
 * else the screen title's clip), or shows "no voice" with a sign, never
 * another language's clip. */
void chrome_speaker(struct app *a, struct ui_rect r);
/** A speaker button's face in r, named `label` in the widget list;
 * returns 1 when tapped (the caller plays what it stands for). */
int chrome_speaker_button(struct app *a, struct ui_rect r, const char *label);
/** The narration of what the screen shows, in the visitor's language
 * itself (no fallback), for the speaker; NULL = none. Per frame. */
void chrome_set_clip(struct app *a, const char *path);
/** On the screening screen: when a questionnaire is not in the visitor's
 * language, the choice of Tiếng Việt or English for it, drawn in c;
 * returns 1 when it showed (the screen draws nothing else). */
int app_form_lang_choice(struct app *a, struct ui_rect c);
/** On the quiz list of a visitor alone: when no quiz is in the visitor's
 * language, the choice of Tiếng Việt or English for the quizzes (kept for
 * the visit), drawn in c; returns 1 when it showed. */
int app_quiz_lang_choice(struct app *a, struct ui_rect c);
/** Item i's narration (a file name) in the visitor's language itself, no
 * fallback: NULL when it has none. */
struct survey_form;
const char *app_item_audio(const struct app *a, const struct survey_form *f,
                           int i);
/** Answer k of the running questionnaire's item `item`: its narration in
 * the visitor's language itself, NULL when it has none. */
const char *app_choice_audio(const struct app *a, int item, int k);
/** The check of `expect-visitor-language` on the frame just built: 0
 * when every text drawn is in the visitor's language or the screen marks
 * the ones that are not (every pack text, form text and quiz text whose
 * Vietnamese or English start is drawn while the visitor's language has
 * none counts, whichever way the screen drew it); else 1 with why[n]. */
int app_vt_check(const struct app *a, char *why, size_t n);
/** The content area alone (no bars), e.g. for attract. */
struct ui_rect chrome_full(struct app *a);

void screen_attract(struct app *a);
void screen_language(struct app *a);
void screen_home(struct app *a);
void screen_info(struct app *a);
void screen_article(struct app *a);
void screen_services(struct app *a);
void screen_screening(struct app *a);
void screen_survey(struct app *a);
void screen_result(struct app *a);
void screen_booking(struct app *a);
void screen_ticket(struct app *a);
void screen_talk(struct app *a);
void screen_staff_login(struct app *a);
void screen_staff_home(struct app *a);
void screen_staff_lookup(struct app *a);
void screen_staff_ticket(struct app *a);
void screen_staff_today(struct app *a);
void screen_staff_stats(struct app *a);
void screen_staff_audit(struct app *a);
void screen_staff_accounts(struct app *a);
void screen_staff_slots(struct app *a);
void screen_staff_export(struct app *a);
void screen_staff_quiz(struct app *a);
void screen_staff_languages(struct app *a);
void screen_staff_forms(struct app *a);
void screen_staff_report(struct app *a);
void screen_quiz_play(struct app *a);
void screen_quiz_board(struct app *a);
void screen_quiz_podium(struct app *a);
/** The staff screens' frame (dark title bar, Back / Staff menu / Exit). */
struct ui_rect staff_frame(struct app *a, const char *title);
/** Writes quiz_report.csv for local days [from, to) into dir (the quiz
 * tallies of those days and the self-check's counts by band), when any
 * game was played then. On failure (a damaged tally, the store, the
 * file) nothing partial is claimed: why (whyn bytes) says what failed. */
enum kiosk_err app_quiz_report(struct app *a, const char *dir, long from,
                               long to, char *why, size_t whyn);
/** The hidden staff gesture; called every frame before the screen. */
void staff_gesture(struct app *a);

#endif
