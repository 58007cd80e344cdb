/* School prevention-day quizzes: the quiz files of a content pack, and the
 * pure game engine behind event mode (teams taking turns on one kiosk) and
 * solo mode (an event with one team). No SDL, no SQLite: the screens in
 * src/app draw what this module says.
 *
 * Files (assets/pack/quiz/README.md has the full description):
 *   quiz/<id>.csv           id,question::<Name> (<code>),a::..,b::..,c::..,
 *                           d::..,right,explain::..,image,audio::..,note
 *   quiz/<id>.settings.csv  quiz_id,title::..,level,translation_status::..,
 *                           self_check,note
 * Rows and columns in diagnostics are numbered as a spreadsheet shows them
 * (header = row 1, first column = 1). Every text is stored NFC.
 *
 * Ownership: a struct quiz is immutable once loaded; strings it returns live
 * as long as it. An event points at its quiz, so free the event first. */
#ifndef KIOSK_QUIZ_H
#define KIOSK_QUIZ_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define QUIZ_MAX_LANGS 16       /* languages in one quiz file */
#define QUIZ_MAX_QUESTIONS 200  /* questions in one quiz */
#define QUIZ_MAX_ANSWERS 4      /* answers a..d */
#define QUIZ_MIN_ANSWERS 2
#define QUIZ_MAX_QUIZZES 64     /* quiz files in one pack */
#define QUIZ_ID_MAX 41          /* bytes of an id incl. NUL ([a-z0-9_-]) */
#define QUIZ_MAX_TEAMS 8
#define QUIZ_TEAM_NAME_MAX 97   /* bytes of a team name incl. NUL */
#define QUIZ_TEAM_NAME_CHARS 24 /* characters of a team name */

/* Length caps in characters (code points) so a question fits the 800x480
 * screen with big buttons; over the cap is a checker error. */
#define QUIZ_MAX_QUESTION_CHARS 200
#define QUIZ_MAX_ANSWER_CHARS 90
#define QUIZ_MAX_EXPLAIN_CHARS 200
#define QUIZ_MAX_TITLE_CHARS 60

struct quiz;       /* opaque: one loaded quiz file */
struct quiz_event; /* opaque: one game (event or solo) */
struct quiz_tally; /* opaque: per-question totals over many games */

enum quiz_level {
    QUIZ_LEVEL_LOWER_SECONDARY = 1, /* grades 6-9, "lower_secondary" */
    QUIZ_LEVEL_UPPER_SECONDARY = 2, /* grades 10-12, "upper_secondary" */
};

/* Translated fields of a question. */
enum quiz_field {
    QUIZ_QUESTION = 0,
    QUIZ_ANSWER_A, /* answer k is QUIZ_ANSWER_A + k */
    QUIZ_ANSWER_B,
    QUIZ_ANSWER_C,
    QUIZ_ANSWER_D,
    QUIZ_EXPLAIN,
    QUIZ_NFIELDS
};

/* ---- loading and checking --------------------------------------------- */

/** Loads quiz `id` from pack directory `dir` (reads dir/quiz/<id>.csv and
 * dir/quiz/<id>.settings.csv, and dir/languages.csv when present to check
 * language codes). On success *out is a new quiz (free with quiz_free) and
 * KIOSK_OK is returned; warnings may be appended to *diag. On failure *out is
 * NULL, the reasons ("quiz/<id>.csv:row:col") are appended to *diag and
 * KIOSK_EPARSE, KIOSK_ENOENT (no such quiz) or KIOSK_ENOMEM is returned.
 * `diag` may be NULL. */
enum kiosk_err quiz_load(const char *dir, const char *id, struct quiz **out,
                         struct kiosk_diag *diag) KIOSK_NODISCARD;

/** Frees a quiz; NULL is fine. */
void quiz_free(struct quiz *q);

/** Lists the quiz ids of pack `dir` (files quiz/<id>.csv, not *.settings)
 * in byte order into ids[0..max). Returns how many there are (may exceed
 * max: only max are written), 0 when the pack has no quiz folder, or -1 when
 * the folder cannot be read. */
int quiz_list(const char *dir, char ids[][QUIZ_ID_MAX], int max);

/** The check behind `kiosk --check-pack DIR`: loads every quiz of pack
 * `pack_dir`, prints each problem as "quiz/<id>.csv:row:col: error: ..."
 * and one summary line per quiz to `out` (may be NULL = print nothing), and
 * returns the number of errors (0 = every quiz is usable; a pack without a
 * quiz folder has 0). Checks: columns known and not repeated; ids valid and
 * unique; 2-4 answers with no gap; exactly one right answer naming an answer
 * that exists; every language that has columns complete unless its
 * translation_status is draft; text in vi or en for every cell (the end of
 * the fallback chain); length caps; image and audio files exist. */
int quiz_check_dir(const char *pack_dir, FILE *out);

/* ---- reading a quiz --------------------------------------------------- */

/** The quiz id (file name without .csv). */
const char *quiz_id(const struct quiz *q);

/** The id of the questionnaire the home screen offers as a private
 * self-check while an event plays this quiz (settings column
 * self_check), or "" for none. */
const char *quiz_self_check(const struct quiz *q);

/** Title in `lang`, falling back to vi then en (never NULL). */
const char *quiz_title(const struct quiz *q, const char *lang);

/** School level. */
enum quiz_level quiz_level(const struct quiz *q);

/** "lower_secondary" / "upper_secondary" (static string), "" if unknown. */
const char *quiz_level_name(enum quiz_level level);

/** Number of questions (>= 1 in a loaded quiz). */
int quiz_count(const struct quiz *q);

/** Id of question i (0-based), or NULL if out of range. */
const char *quiz_question_id(const struct quiz *q, int i);

/** Field `f` of question i in `lang`, falling back to vi then en. Never NULL
 * for a valid i and f ("" when absent, e.g. answer d of a 3-answer question);
 * NULL when out of range. *fallback (may be NULL) is set to 1 when the text
 * is not in `lang` itself (the UI marks it "not yet translated"). */
const char *quiz_text(const struct quiz *q, int i, enum quiz_field f,
                      const char *lang, int *fallback);

/** Shorthands for quiz_text without the fallback flag. Answer k is 0-based
 * (0 = a). */
const char *quiz_question(const struct quiz *q, int i, const char *lang);
const char *quiz_answer(const struct quiz *q, int i, int k, const char *lang);
const char *quiz_explain(const struct quiz *q, int i, const char *lang);

/** Number of answers of question i (2..4), or 0 if out of range. */
int quiz_nanswers(const struct quiz *q, int i);

/** The right answer of question i, 0-based (0 = a), or -1 if out of range. */
int quiz_right(const struct quiz *q, int i);

/** Full path "<dir>/images/<file>" of question i's picture, or NULL. */
const char *quiz_image(const struct quiz *q, int i);

/** Full path of question i's narration in `lang` itself (no fallback: a
 * voice in another language would confuse), or NULL. */
const char *quiz_audio(const struct quiz *q, int i, const char *lang);

/** 1 if `lang` is marked draft in the settings (the UI shows its draft
 * badge), 0 if reviewed, -1 if the quiz has no columns for `lang`. */
int quiz_lang_draft(const struct quiz *q, const char *lang);

/* ---- translations put over a loaded quiz (src/content/overlay.h) ------ */

/** The title in `lang` itself (no fallback), or NULL. */
const char *quiz_title_in(const struct quiz *q, const char *lang);

/** Replace the title, field `f` of question i, or question i's narration
 * (a full path) in `lang` by a copy of the text (NULL or "" removes it).
 * A language the quiz has no columns for is added as a draft. Call only
 * while no game of the quiz exists. Returns KIOSK_OK, KIOSK_EINVAL (bad
 * index or field, an answer the question does not have, no language),
 * KIOSK_EFULL (QUIZ_MAX_LANGS languages already) or KIOSK_ENOMEM (the quiz
 * is unchanged). */
enum kiosk_err quiz_set_title(struct quiz *q, const char *lang,
                              const char *text) KIOSK_NODISCARD;
enum kiosk_err quiz_set_text(struct quiz *q, int i, enum quiz_field f,
                             const char *lang, const char *text)
    KIOSK_NODISCARD;
enum kiosk_err quiz_set_audio(struct quiz *q, int i, const char *lang,
                              const char *path) KIOSK_NODISCARD;

/* ---- a game: event mode and solo mode --------------------------------- */

/** Starts a game of `rounds` rounds for `nteams` teams (1..QUIZ_MAX_TEAMS;
 * solo mode is 1 team). Teams answer in turn, team 1 first; a round is every
 * team answering one question, and every turn gets a different question,
 * so nteams * rounds must be <= quiz_count(q) (see quiz_event_max_rounds).
 * Questions are taken in file order until quiz_event_shuffle is called.
 * Returns KIOSK_OK and *out (free with quiz_event_free), KIOSK_EINVAL for a
 * bad count, or KIOSK_ENOMEM. The event keeps `q`: free the event first. */
enum kiosk_err quiz_event_new(const struct quiz *q, int nteams, int rounds,
                              struct quiz_event **out) KIOSK_NODISCARD;

/** The quiz the event plays. */
const struct quiz *quiz_event_quiz(const struct quiz_event *ev);

/** Wipes and frees an event (team names and answers); NULL is fine. */
void quiz_event_free(struct quiz_event *ev);

/** Most rounds possible for `nteams` teams with quiz q (0 if none). */
int quiz_event_max_rounds(const struct quiz *q, int nteams);

/** Picks the questions in an order drawn from `seed` (the same seed gives
 * the same order; the app seeds from the clock). Only before the first
 * answer: returns KIOSK_EINUSE afterwards, else KIOSK_OK. */
enum kiosk_err quiz_event_shuffle(struct quiz_event *ev, uint64_t seed)
    KIOSK_NODISCARD;

/** Names team t (0-based) as typed by staff. Leading and trailing spaces
 * are dropped and the text is NFC-normalised. An empty name clears it (the
 * UI then shows "Team <n>"). Returns KIOSK_OK, KIOSK_EINVAL (bad t, invalid
 * UTF-8 or a control character) or KIOSK_ETOOBIG (over
 * QUIZ_TEAM_NAME_CHARS characters); on error the old name stays. */
enum kiosk_err quiz_event_set_team_name(struct quiz_event *ev, int t,
                                        const char *name) KIOSK_NODISCARD;

/** Team t's name, or NULL when unnamed or t is out of range (the UI shows
 * its "Team {n}" string with n = t + 1). */
const char *quiz_event_team_name(const struct quiz_event *ev, int t);

int quiz_event_nteams(const struct quiz_event *ev);
int quiz_event_rounds(const struct quiz_event *ev);

/** Turns played so far (answers and passes), 0..nteams*rounds. */
int quiz_event_turns_done(const struct quiz_event *ev);

/** 1 when every turn has been played. */
int quiz_event_finished(const struct quiz_event *ev);

/** Whose turn it is (0-based team), or -1 when finished. */
int quiz_event_team(const struct quiz_event *ev);

/** The current round, 0-based (== rounds when finished). */
int quiz_event_round(const struct quiz_event *ev);

/** The question (index into the quiz) of the current turn, or -1 when
 * finished. */
int quiz_event_question(const struct quiz_event *ev);

/* What quiz_event_answer returns. */
enum quiz_outcome {
    QUIZ_INVALID = -1, /* finished, or choice is not an answer: no change */
    QUIZ_WRONG = 0,
    QUIZ_RIGHT = 1,
};

/** The current team answers `choice` (0-based, 0 = a). A right answer
 * scores 1 point. The turn then passes to the next team. */
enum quiz_outcome quiz_event_answer(struct quiz_event *ev, int choice);

/** The current team passes (no answer, e.g. staff skip a team that walked
 * away): 0 points, counted as skipped, not as wrong, in the statistics.
 * Returns KIOSK_OK, or KIOSK_EINVAL when finished. */
enum kiosk_err quiz_event_pass(struct quiz_event *ev) KIOSK_NODISCARD;

/** Takes back the last turn (a mis-tap); returns KIOSK_OK or KIOSK_EINVAL
 * when no turn has been played. */
enum kiosk_err quiz_event_undo(struct quiz_event *ev) KIOSK_NODISCARD;

/* A turn already played, for the answer screen (the event has moved on to
 * the next turn by then). */
struct quiz_turn {
    int team;     /* 0-based */
    int round;    /* 0-based */
    int question; /* index into the quiz */
    int choice;   /* 0-based answer, -1 = passed */
    int right;    /* 1 = answered right */
};

/** Fills *out with the last turn played and returns 1, or returns 0 when
 * no turn has been played yet. */
int quiz_event_last(const struct quiz_event *ev, struct quiz_turn *out);

/** 1 when the last turn played completed a round (show the scoreboard). */
int quiz_event_round_complete(const struct quiz_event *ev);

/** Team t's points, or -1 if t is out of range. */
int quiz_event_score(const struct quiz_event *ev, int t);

/* One line of the scoreboard. */
struct quiz_standing {
    int team;          /* 0-based team number */
    int score;         /* points (right answers) */
    int place;         /* 1-based; teams that are still tied share a place */
    int reached_round; /* 1-based round in which the team reached its
                          score; 0 for a score of 0 */
};

/** Fills out[0..nteams) best first and returns nteams.
 * TIE-BREAK (also in the README): more points first; on equal points, the
 * team that reached that score in an EARLIER ROUND is ahead (rounds, not
 * turns, so answering first within a round is no advantage); teams equal on
 * both share the place and are listed by team number. Places follow sports
 * ranking: two teams sharing 1st are followed by 3rd. */
int quiz_event_standings(const struct quiz_event *ev,
                         struct quiz_standing out[QUIZ_MAX_TEAMS]);

/** The podium: the standings with place <= 3 (so more than 3 teams when
 * places are shared), best first. Returns how many were written. */
int quiz_event_podium(const struct quiz_event *ev,
                      struct quiz_standing out[QUIZ_MAX_TEAMS]);

/* How one question went, for the event report. */
struct quiz_qstat {
    int shown;    /* turns that got this question */
    int answered; /* of those, answered (not passed) */
    int right;    /* of those, answered right */
    int skipped;  /* passed */
    int picks[QUIZ_MAX_ANSWERS]; /* how often each answer was chosen */
};

/** Statistics of question i (index into the quiz) in this game; zeros for a
 * question not played. Returns KIOSK_OK or KIOSK_EINVAL for a bad i. */
enum kiosk_err quiz_event_qstat(const struct quiz_event *ev, int i,
                                struct quiz_qstat *st) KIOSK_NODISCARD;

/** Share answered right, in percent rounded half up (0..100), or -1 when
 * the question was never answered. */
int quiz_qstat_percent(const struct quiz_qstat *st);

/* ---- the event report ------------------------------------------------- */

/** A new, empty tally: totals per quiz and question over any number of
 * games (an event day). Returns KIOSK_OK or KIOSK_ENOMEM. */
enum kiosk_err quiz_tally_new(struct quiz_tally **out) KIOSK_NODISCARD;

/** Frees a tally; NULL is fine. */
void quiz_tally_free(struct quiz_tally *t);

/** Adds a game (finished or abandoned): one game, its teams (or one solo
 * player when nteams is 1) and every played turn. Returns KIOSK_OK, or
 * KIOSK_EFULL past 64 quizzes / QUIZ_MAX_QUESTIONS questions each. */
enum kiosk_err quiz_tally_add(struct quiz_tally *t,
                              const struct quiz_event *ev) KIOSK_NODISCARD;

/** Saves the tally to `path` (a small CSV; written to path.tmp then renamed,
 * so a power cut leaves the old file or the new one). Returns KIOSK_OK or
 * KIOSK_EIO. */
enum kiosk_err quiz_tally_save(const struct quiz_tally *t, const char *path)
    KIOSK_NODISCARD;

/** Adds the totals saved in `path` to t (a missing file adds nothing and
 * returns KIOSK_OK). Returns KIOSK_EPARSE for a damaged file (t unchanged),
 * KIOSK_EFULL or KIOSK_ENOMEM. */
enum kiosk_err quiz_tally_load(struct quiz_tally *t, const char *path)
    KIOSK_NODISCARD;

/** Games, teams and solo players counted for quiz `id` (any may be NULL). */
void quiz_tally_counts(const struct quiz_tally *t, const char *id,
                       int *games, int *teams, int *solo);

/* The self-check's screenings during the event (the questionnaire named by
 * the quiz's self_check), by band: counts only, from the store. Never per
 * team or per time: a result must not be traceable to a student. */
struct quiz_band_count {
    const char *band; /* the band's label, e.g. "Low risk" */
    int count;
};

/** Writes the staff event report as CSV (UTF-8, header row) to `out`:
 * per quiz: games, teams, solo players; per question: its text in `lang`
 * (fallback vi, en), times answered, right, share right in percent, skipped,
 * picks per answer, sorted by share right ascending so the misunderstood
 * facts come first; then the self-check's screenings by band under the
 * heading `bands_title` (the band measure's label; NULL or "" = no such
 * section, e.g. no quiz names a self-check). Band counts are
 * written only when every non-empty band has at least `min_cell` screenings
 * (small numbers at one school could point at a student); otherwise only the
 * total is written and each band says "suppressed". min_cell 0 writes all.
 * Quizzes are loaded from `pack_dir` for their texts; a quiz that no longer
 * loads is listed by question id only. Returns KIOSK_OK or KIOSK_EIO. */
enum kiosk_err quiz_report_write(FILE *out, const struct quiz_tally *t,
                                 const char *pack_dir, const char *lang,
                                 const char *bands_title,
                                 const struct quiz_band_count *bands,
                                 int nbands, int min_cell) KIOSK_NODISCARD;

#endif
