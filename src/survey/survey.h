/* survey: XLSForm questionnaires for the kiosk (no SDL, no SQLite).
 *
 * A form is three UTF-8 CSV sheets exported from an XLSForm workbook:
 *   <dir>/<id>.survey.csv, <dir>/<id>.choices.csv, <dir>/<id>.settings.csv
 * Scoring lives in the form (calculate rows; note rows with `relevant` for
 * feedback), so a new instrument needs no C change.
 *
 * Two objects:
 * - struct survey_form: the loaded, validated, immutable form. Every
 *   expression is parsed once at load. Shareable between runs; free it
 *   after every run that uses it.
 * - struct survey_run: one visit's answers and position. Answers live only
 *   in memory and are wiped (sodium_memzero) on reset and free.
 *
 * Items are the rows of the survey sheet, numbered 0.. in form order (blank
 * rows are skipped); item numbers are stable for a form. Pages are what the
 * visitor sees on one screen: one question, one relevant note, or one
 * `field-list` group. Calculates and groups without field-list are never
 * pages.
 *
 * Languages are codes such as "vi", "en", "km", taken from column headers
 * written `label::Tiếng Việt (vi)`. Text lookups fall back from the asked
 * language to Vietnamese, then English, then the form's default language,
 * then an untranslated column (`label`), then any language present.
 *
 * Strings returned by accessors are owned by the form or the run: valid
 * until survey_form_free(), or for run values until the next change to the
 * run (set, reset, free). Never free them. */
#ifndef KIOSK_SURVEY_H
#define KIOSK_SURVEY_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

#define SURVEY_MAX_ITEMS 5000       /* survey rows */
#define SURVEY_MAX_CHOICES 20000    /* choices rows */
#define SURVEY_MAX_LANGS 16         /* distinct language codes */
#define SURVEY_MAX_ANSWER 4096      /* bytes in one answer */
#define SURVEY_MAX_ENCODED (1u << 20) /* bytes of survey_run_encode_answers */
#define SURVEY_MAX_VALUE (64u * 1024) /* text made by one evaluation */

struct survey_form;
struct survey_run;

enum survey_type {
    SURVEY_SELECT_ONE,
    SURVEY_SELECT_MULTIPLE,
    SURVEY_INTEGER,
    SURVEY_DECIMAL,
    SURVEY_TEXT,        /* only in forms whose settings say audience=staff */
    SURVEY_NOTE,
    SURVEY_ACKNOWLEDGE, /* answered with the value "OK" */
    SURVEY_CALCULATE,
    SURVEY_BEGIN_GROUP,
    SURVEY_END_GROUP,
    SURVEY_METADATA,    /* start, end, today, deviceid…: accepted, never
                         * recorded (always ''), never shown */
    SURVEY_DATE,        /* "YYYY-MM-DD", chosen with a touch picker */
    SURVEY_RANGE,       /* a number of start..end by step (parameters),
                         * chosen from a row of tiles */
};

#define SURVEY_RANGE_MAX 21 /* values of a range (tiles, in rows of at
                             * most 11): more is a load error */

/* ---------------------------------------------------------------- form */

/** Loads <dir>/<id>.survey.csv, .choices.csv (needed only when a select
 * uses a list) and .settings.csv (optional; a warning when missing).
 * Every problem found is appended to *d with file, row and column; the load
 * goes on after an error to report as many as possible. Returns KIOSK_OK
 * and sets *out (free with survey_form_free) when there was no error
 * (warnings allowed). Otherwise returns KIOSK_EPARSE, KIOSK_ENOENT (no
 * survey sheet), KIOSK_ETOOBIG or KIOSK_ENOMEM and sets *out to NULL. */
enum kiosk_err survey_form_load(const char *dir, const char *id,
                                struct survey_form **out,
                                struct kiosk_diag *d) KIOSK_NODISCARD;

/** Same as survey_form_load from in-memory sheets (tests, fuzzing, packs
 * read from an archive). choices and settings may be NULL (absent).
 * `name_prefix` (e.g. "forms/assist") names the sheets in diagnostics as
 * "<prefix>.survey.csv" and so on. */
enum kiosk_err survey_form_load_mem(const char *id, const char *name_prefix,
                                    const char *survey, size_t survey_len,
                                    const char *choices, size_t choices_len,
                                    const char *settings, size_t settings_len,
                                    struct survey_form **out,
                                    struct kiosk_diag *d) KIOSK_NODISCARD;

/** Loads every form of a directory (each <id>.survey.csv with its sheets),
 * in the order of their ids (strcmp), with no cap on their number: what a
 * pack offers and what --check-pack checks. The pictures of each form are
 * checked in the pack's images/ folder beside `dir`
 * (survey_form_check_images without decoding). A form that does not load is
 * left out and its problems are in *d (so d->errors > 0 says the pack is
 * not clean). A missing directory is a pack without forms. *out is a
 * malloc'd array of *n forms; free it with survey_forms_free. Returns
 * KIOSK_OK, or KIOSK_ENOMEM (nothing returned). */
enum kiosk_err survey_forms_load_dir(const char *dir,
                                     struct survey_form ***out, int *n,
                                     struct kiosk_diag *d) KIOSK_NODISCARD;

/** Decodes the picture at path with the kiosk's own decoder (SDL_image in
 * the app): returns 0, or non-zero with the reason in why[n]. */
typedef int (*survey_image_fn)(void *ctx, const char *path, char *why,
                               size_t n);

/** Checks every picture form f names (media::image, every language, on
 * questions, notes and choices) as a file of images_dir (the pack's
 * images/): a plain file name, present, a PNG within core/png.h's limits,
 * and decoded by `decode` when it is not NULL. Each problem is an error at
 * the cell naming the picture (file:row:col). Returns how many. The
 * kiosk leaves out a form with such an error, as any load error;
 * survey_forms_load_dir applies it to a pack's forms. */
int survey_form_check_images(const struct survey_form *f,
                             const char *images_dir, survey_image_fn decode,
                             void *ctx, struct kiosk_diag *d);

/** Frees n forms and the array; NULL is allowed. */
void survey_forms_free(struct survey_form **forms, int n);

/** Frees a form; NULL is allowed. Free every run of the form first. */
void survey_form_free(struct survey_form *f);

/* Settings, as written (never NULL; "" when absent). form_id falls back to
 * the file id. */
const char *survey_form_id(const struct survey_form *f);
const char *survey_form_version(const struct survey_form *f);
const char *survey_form_title(const struct survey_form *f);
const char *survey_form_default_language(const struct survey_form *f);
const char *survey_form_attribution(const struct survey_form *f);
const char *survey_form_licence(const struct survey_form *f);
const char *survey_form_translation_status(const struct survey_form *f);
/** 1 when settings say audience=staff (text questions allowed). */
int survey_form_for_staff(const struct survey_form *f);

/** Number of language codes used in translatable columns, and the i-th
 * (in order of first appearance). */
int survey_form_lang_count(const struct survey_form *f);
const char *survey_form_lang(const struct survey_form *f, int i);

/** Number of items (rows of the survey sheet that are not blank). */
int survey_form_item_count(const struct survey_form *f);
/** Index of the item named `name`, or -1. */
int survey_form_find(const struct survey_form *f, const char *name);

/* Item accessors. i must be in [0, survey_form_item_count). Text accessors
 * apply the language fallback and return "" when the column is empty. */
enum survey_type survey_item_type(const struct survey_form *f, int i);
const char *survey_item_name(const struct survey_form *f, int i);
/** Spreadsheet row of the item in the survey sheet (header = row 1). */
int survey_item_row(const struct survey_form *f, int i);
/** Raw label with ${name} placeholders; see survey_run_label. */
const char *survey_item_label(const struct survey_form *f, int i,
                              const char *lang);
const char *survey_item_hint(const struct survey_form *f, int i,
                             const char *lang);
const char *survey_item_image(const struct survey_form *f, int i,
                              const char *lang);
const char *survey_item_audio(const struct survey_form *f, int i,
                              const char *lang);
/** The appearance cell as written, e.g. "field-list", "quick". */
const char *survey_item_appearance(const struct survey_form *f, int i);
/** 1 when the autoplay column says audio. */
int survey_item_autoplay(const struct survey_form *f, int i);
/** 1 when read_only = yes: the question is shown with its default and
 * cannot be answered (survey_run_set refuses it). */
int survey_item_read_only(const struct survey_form *f, int i);
/** The default column ("" when none): the answer a new run starts with. */
const char *survey_item_default(const struct survey_form *f, int i);
/** guidance_hint: for staff screens only, never shown to visitors. */
const char *survey_item_guidance(const struct survey_form *f, int i,
                                 const char *lang);
/** A range question's values: *n of them, start + k * step for k in
 * [0, n). Returns 0, or -1 for an item that is not a range. */
int survey_item_range(const struct survey_form *f, int i, double *start,
                      double *step, int *n);
/** The k-th value of a range as it is stored and shown ("5", "0.5");
 * like snprintf. */
size_t survey_item_range_value(const struct survey_form *f, int i, int k,
                               char *buf, size_t n);

/** 1 when `date` is a real calendar date written YYYY-MM-DD (years
 * 1000-9999), as ODK stores a date answer. */
int survey_date_valid(const char *date);
/** Steps date (YYYY-MM-DD, in a buffer of at least 11 bytes) by delta in
 * one field: 0 day, 1 month, 2 year. Day and month wrap around within
 * their month and year (31 + 1 is 1), the year stops at 1900 and 2100, and
 * the day is cut to the days of the new month (31 March - 1 month is 28
 * or 29 February). Returns KIOSK_OK, or KIOSK_EINVAL for a date that is
 * not valid. */
enum kiosk_err survey_date_step(char *date, int field, int delta)
    KIOSK_NODISCARD;

/** 1 when `required` is set (a constant yes or an expression). */
int survey_item_has_required(const struct survey_form *f, int i);

/* ------------------------------------------------------------ measures */

/* A form declares its measures in its own sheets (src/survey/README.md,
 * "Measures"): calculate rows with kiosk::measure = score, band or flag.
 * A band or flag names, in kiosk::values, a choices list whose rows are its
 * only possible values (checked at load), each with a translated label and,
 * for a band, a kiosk_level (low, moderate, high). Measures are the bands
 * and flags, numbered 0.. in form order; a score is reached through the
 * band that names it. What is not a declared measure is never counted. */
enum survey_measure_kind { SURVEY_MEASURE_BAND, SURVEY_MEASURE_FLAG };
enum survey_level {
    SURVEY_LEVEL_NONE = -1, /* a flag's value, or no such value */
    SURVEY_LEVEL_LOW = 0,   /* green */
    SURVEY_LEVEL_MODERATE = 1, /* amber */
    SURVEY_LEVEL_HIGH = 2,  /* red */
};

/** Number of measures (band and flag calculates). */
int survey_form_measure_count(const struct survey_form *f);
/* m must be in [0, survey_form_measure_count). */
/** The band/flag calculate's name, e.g. "alcohol_risk". */
const char *survey_measure_name(const struct survey_form *f, int m);
enum survey_measure_kind survey_measure_kind(const struct survey_form *f,
                                             int m);
/** The band/flag calculate's item index. */
int survey_measure_item(const struct survey_form *f, int m);
/** The item of the score the band names (kiosk::score), or -1 (flags, and
 * bands without a score). */
int survey_measure_score_item(const struct survey_form *f, int m);
/** The measure's name for people: the label of its calculate row, with
 * the usual language fallback (never "": a label is required). */
const char *survey_measure_label(const struct survey_form *f, int m,
                                 const char *lang);
/** Declared values, k in [0, survey_measure_value_count), in the order of
 * the choices list. */
int survey_measure_value_count(const struct survey_form *f, int m);
const char *survey_measure_value(const struct survey_form *f, int m, int k);
const char *survey_measure_value_label(const struct survey_form *f, int m,
                                       int k, const char *lang);
/** The gauge level of value k: a band's kiosk_level, SURVEY_LEVEL_NONE for
 * a flag or a k out of range. */
enum survey_level survey_measure_value_level(const struct survey_form *f,
                                             int m, int k);
/** Index k of `value` among the declared values, or -1 when the form does
 * not declare it (also for ""). */
int survey_measure_find_value(const struct survey_form *f, int m,
                              const char *value);

/* --------------------------------------------------------------- run */

/** Starts a visit on form f (not copied: keep f alive). The run is placed
 * on the first relevant page. Returns NULL when out of memory. Free with
 * survey_run_free. */
struct survey_run *survey_run_new(const struct survey_form *f);

/** Sets what today() gives ("YYYY-MM-DD"; a new run takes the system
 * clock's date at DATE_UTC_OFFSET_DEFAULT): the app passes the date of its
 * own clock at site.ini's utc_offset. KIOSK_EINVAL for anything else.
 * Re-evaluates the form. */
enum kiosk_err survey_run_set_today(struct survey_run *r, const char *date)
    KIOSK_NODISCARD;

/** What today() gives for this run ("YYYY-MM-DD"). */
const char *survey_run_today(const struct survey_run *r);

/** The language jr:choice-name() answers in (the visitor's), with the
 * usual fallback. Re-evaluates the form. */
void survey_run_set_language(struct survey_run *r, const char *lang);

/** Wipes every answer and returns to the first page. */
void survey_run_reset(struct survey_run *r);

/** Wipes the answers (sodium_memzero) and frees the run; NULL is
 * allowed. */
void survey_run_free(struct survey_run *r);

/** The form the run was created with. */
const struct survey_form *survey_run_form(const struct survey_run *r);

/** Sets the answer of the question named `name` ("" clears it) and
 * re-evaluates relevance and calculations. Values: select_one a choice
 * name of its list; select_multiple choice names separated by spaces (no
 * duplicates); integer like "-12"; decimal like "3.5"; acknowledge "OK";
 * text any UTF-8. Returns KIOSK_ENOENT for an unknown name, KIOSK_EINVAL
 * for a value of the wrong shape or a row that takes no answer (note,
 * calculate, group), KIOSK_ETOOBIG over SURVEY_MAX_ANSWER, KIOSK_ENOMEM.
 * Constraints are checked by survey_run_next, not here, so a keypad may
 * hold partial input. On failure the previous answer is kept. */
enum kiosk_err survey_run_set(struct survey_run *r, const char *name,
                              const char *value) KIOSK_NODISCARD;

/** Same as survey_run_set with an item index. */
enum kiosk_err survey_run_set_item(struct survey_run *r, int item,
                                   const char *value) KIOSK_NODISCARD;

/** For select_multiple: adds the choice when absent, removes it when
 * present. Same errors as survey_run_set_item. */
enum kiosk_err survey_run_toggle(struct survey_run *r, int item,
                                 const char *choice) KIOSK_NODISCARD;

/** The item's current value as expressions see it: the answer, or the
 * calculated value; "" when unanswered or not relevant. */
const char *survey_run_value(const struct survey_run *r, int item);

/** 1 if the item (and every group around it) is relevant now. */
int survey_run_relevant(const struct survey_run *r, int item);

/** 1 if `choice` is among the item's (select) answer. */
int survey_run_is_selected(const struct survey_run *r, int item,
                           const char *choice);

/* Choices of a select item, after its choice_filter: k in
 * [0, survey_run_choice_count). Text accessors apply the language
 * fallback. */
int survey_run_choice_count(const struct survey_run *r, int item);
const char *survey_run_choice_name(const struct survey_run *r, int item,
                                   int k);
const char *survey_run_choice_label(const struct survey_run *r, int item,
                                    int k, const char *lang);
const char *survey_run_choice_image(const struct survey_run *r, int item,
                                    int k, const char *lang);
/** The choice's narration in `lang` itself, NULL when that language has
 * none: no fallback, a voice in another language would confuse. */
const char *survey_run_choice_audio(const struct survey_run *r, int item,
                                    int k, const char *lang);

/** Writes the item's label in `lang` into buf with every ${name} replaced
 * by that field's current value (like snprintf: always NUL-terminated when
 * n > 0, truncated if needed). Returns the length the full text needs. */
size_t survey_run_label(const struct survey_run *r, int item,
                        const char *lang, char *buf, size_t n);

/** Same for any text holding ${name} placeholders (hints, titles). */
size_t survey_run_interpolate(const struct survey_run *r, const char *text,
                              char *buf, size_t n);

/* ---------------------------------------------------------- navigation */

/** 1 when the visitor has gone past the last page. */
int survey_run_at_end(const struct survey_run *r);

/** Items shown on the current page, in form order: the relevant
 * questions, notes and acknowledges (never calculates or group rows).
 * Writes up to max item indices into items and returns how many there are
 * (0 at the end). */
int survey_run_page_items(const struct survey_run *r, int *items, int max);

/** The field-list group item of the current page, or -1 for a one-item
 * page or at the end. Its label is the page title. */
int survey_run_page_group(const struct survey_run *r);

/** Table-list groups (appearance table-list, or a field-list group whose
 * first question has appearance label) are one page, drawn as a grid: a
 * header of the choice labels and a row of cells per question. When the
 * grid does not fit the screen at the current text size the app splits
 * them: one question a page. The run stays on the same question (or its
 * table). Answers are unchanged. */
void survey_run_split_tables(struct survey_run *r, int split);
/** 1 while table-list groups are split. */
int survey_run_tables_split(const struct survey_run *r);
/** The relevant questions and notes of the table-list group the current
 * page belongs to (the whole table, also while split), in form order, as
 * survey_run_page_items writes them; 0 when the page is in no table. */
int survey_run_table(const struct survey_run *r, int *items, int max);

/* Why `next` refused. message is the form's required_message or
 * constraint_message in the asked language (with fallback and ${}
 * replaced), or "" when the form gives none: the app then shows its own
 * generic text for `kind`. */
enum survey_issue_kind {
    SURVEY_ISSUE_NONE,
    SURVEY_ISSUE_REQUIRED,
    SURVEY_ISSUE_CONSTRAINT,
};
struct survey_issue {
    enum survey_issue_kind kind;
    int item;          /* the question at fault, -1 when none */
    char message[512]; /* in the visitor's language, may be "" */
};

/** Checks one question as `next` would: a required answer missing, or a
 * constraint the answer breaks ('.' = the answer). Non-relevant items and
 * items that take no answer always pass. Fills *issue (may be NULL) and
 * returns its kind. */
enum survey_issue_kind survey_run_check(struct survey_run *r, int item,
                                        const char *lang,
                                        struct survey_issue *issue);

/** Checks the current page (required answers, constraints with '.' = the
 * answer) and moves to the next relevant page, or to the end. Leaving the
 * last page re-checks every relevant page (answers given later can make an
 * earlier page relevant); on a problem there the run moves to that page.
 * Returns KIOSK_OK (moved), KIOSK_EANSWER (refused; *issue says why; issue
 * may be NULL), KIOSK_ETOOBIG (a value of the form is over
 * SURVEY_MAX_VALUE: issue->item names it, see survey_run_overflow), or
 * KIOSK_ENOENT (already at the end). `lang` picks the message language. */
enum kiosk_err survey_run_next(struct survey_run *r, const char *lang,
                               struct survey_issue *issue);

/** The item whose relevance, calculation or choice filter needed more
 * than SURVEY_MAX_VALUE bytes of text (a concat() of long answers, say)
 * in the last evaluation, or -1. Such a value is never cut: the calculate
 * is '' and survey_run_next refuses with KIOSK_ETOOBIG. */
int survey_run_overflow(const struct survey_run *r);

/** Moves to the previous relevant page, keeping every answer. Returns
 * KIOSK_OK, or KIOSK_ENOENT on the first page. */
enum kiosk_err survey_run_back(struct survey_run *r);

/** Progress: *index = relevant pages before the current one (so the UI
 * shows index + 1 of total), *total = relevant pages in the form as now
 * answered (an estimate: later answers can change it). At the end,
 * *index == *total. */
void survey_run_progress(const struct survey_run *r, int *index,
                         int *total);

/* --------------------------------------------------------------- results */

/** Calculates in form order: count, and the i-th name and value ("" when
 * not relevant or unanswered). */
int survey_run_calc_count(const struct survey_run *r);
const char *survey_run_calc_name(const struct survey_run *r, int i);
const char *survey_run_calc_value(const struct survey_run *r, int i);

/** The measure's value in this run as an index among its declared
 * values: KIOSK_OK with *k >= 0, or *k = -1 when the value is "" (not
 * applicable: not relevant or not reached); KIOSK_EINVAL with *k = -1 when
 * the value is not declared (cannot happen for a form that loaded; the
 * caller must show it as an error, never as a level). */
enum kiosk_err survey_run_measure(const struct survey_run *r, int m, int *k)
    KIOSK_NODISCARD;

/** Feedback notes: the notes after the last question of the form that are
 * relevant now (band messages, closing advice), in form order. Writes up
 * to max item indices and returns how many there are. */
int survey_run_feedback_notes(const struct survey_run *r, int *items,
                              int max);

/** Encodes every relevant, answered question as "name=value\n" in form
 * order (a backslash, newline or CR in a value is written \\, \n, \r).
 * On KIOSK_OK *out is a malloc'd buffer of *len bytes plus a NUL not
 * counted in *len; free it with survey_bytes_free (which wipes it).
 * KIOSK_ETOOBIG over SURVEY_MAX_ENCODED, KIOSK_ENOMEM. */
enum kiosk_err survey_run_encode_answers(const struct survey_run *r,
                                         char **out, size_t *len)
    KIOSK_NODISCARD;

/** Wipes len bytes and frees p; NULL is allowed. */
void survey_bytes_free(char *p, size_t len);

/* -------------------------------------------------------- translations */

/* For translators (the content overlay, src/content/overlay.h): a loaded
 * form's texts one language at a time, without the fallback chain, and a
 * translation put over the form. Choices are numbered 0.. in the order of
 * the choices sheet (blank rows skipped). */
enum survey_text_field {
    SURVEY_TEXT_LABEL,
    SURVEY_TEXT_HINT,           /* items only */
    SURVEY_TEXT_CONSTRAINT_MSG, /* items only */
    SURVEY_TEXT_REQUIRED_MSG,   /* items only */
    SURVEY_TEXT_AUDIO,          /* media::audio: a file name in the pack's
                                   audio/ folder, or a full path */
};

/** Number of rows of the choices sheet. */
int survey_form_choice_count(const struct survey_form *f);
/** Choice c's list name and name (NULL when c is out of range), and its
 * spreadsheet row (0 when out of range). */
const char *survey_choice_list(const struct survey_form *f, int c);
const char *survey_choice_name(const struct survey_form *f, int c);
int survey_choice_row(const struct survey_form *f, int c);
/** Index of choice `name` of list `list`, or -1. */
int survey_form_find_choice(const struct survey_form *f, const char *list,
                            const char *name);

/** Item i's (choice c's) text in `lang` itself, NULL when that language
 * has none (no fallback); lang NULL or "" reads the untranslated column.
 * Choices have only LABEL and AUDIO. */
const char *survey_item_text_in(const struct survey_form *f, int i,
                                enum survey_text_field field,
                                const char *lang);
const char *survey_choice_text_in(const struct survey_form *f, int c,
                                  enum survey_text_field field,
                                  const char *lang);

/** Puts `text` (copied; NULL or "" removes the language's text) as item
 * `item`'s field in `lang`, or choice `choice`'s when item is -1 (exactly
 * one of them >= 0). A language the form has no column for is added (the
 * fallback chain then finds it like any other). Call only while no run of
 * the form exists. Returns KIOSK_OK, KIOSK_EINVAL (bad index, field or
 * language), KIOSK_EFULL (SURVEY_MAX_LANGS languages already), or
 * KIOSK_ENOMEM (the form is unchanged). */
enum kiosk_err survey_form_set_text(struct survey_form *f, int item,
                                    int choice, enum survey_text_field field,
                                    const char *lang, const char *text)
    KIOSK_NODISCARD;

/* ------------------------------------------------------------- scoring */

/** Writes the form as an ODK XForm (what pyxform would make of the same
 * XLSForm: itext translations, binds, a secondary instance per list, a
 * body control per question) to out. The kiosk:: measure columns are not
 * part of it. Returns KIOSK_OK or KIOSK_EIO. */
enum kiosk_err survey_form_write_xform(const struct survey_form *f,
                                       FILE *out) KIOSK_NODISCARD;

/** Converts an XLSForm workbook (.xlsx, as Kobo and ODK users keep them)
 * into the CSV sheets a pack keeps: <out_dir>/<id>.survey.csv, and
 * .choices.csv and .settings.csv when the workbook has those sheets (UTF-8,
 * RFC 4180, CRLF; cells as the spreadsheet shows them: cached formula
 * values, booleans TRUE/FALSE). Problems are appended to *d with the sheet
 * named in the message and the cell's row and column. Pure (no SDL): the
 * staff USB-stick import screen calls it, then survey_form_load. Returns
 * KIOSK_OK, KIOSK_ENOENT (no such file), KIOSK_EPARSE (not a workbook, no
 * survey sheet, a broken part or cell), KIOSK_ETOOBIG, KIOSK_EIO. */
enum kiosk_err survey_xlsx_import(const char *xlsx, const char *out_dir,
                                  const char *id, struct kiosk_diag *d)
    KIOSK_NODISCARD;

/** `kiosk --import-xlsform FORM.xlsx PACK_DIR`: writes the sheets into
 * PACK_DIR/forms/ (id = the file name without .xlsx) and loads the form as
 * the kiosk would. Returns the exit code: 0 imported and loads, 1 not. */
int survey_import_xlsform_cli(const char *xlsx, const char *pack_dir,
                              FILE *out, FILE *err);

/** The `kiosk --xform FORM` command (FORM as for --score): loads the form
 * exactly as the kiosk does and writes its XForm to out, diagnostics to
 * err. Returns the exit code: 0 written, 1 the form does not load or
 * cannot be written. */
int survey_xform_cli(const char *form_arg, FILE *out, FILE *err);

/** The `kiosk --score FORM --answers FILE.csv` command (today() is the
 * system clock's date at utc_offset seconds east of UTC). FORM is a path
 * prefix ("…/forms/assist"), one of the three sheet paths, or a directory
 * holding exactly one *.survey.csv. The answers file has rows name,value
 * (a header "name,value" is optional; select_multiple values are
 * space-separated). Prints every calculate as name=value, one per line in
 * form order, to out; diagnostics to err. A constraint or required rule
 * that the answers break is a warning, not a failure. Returns the process
 * exit code: 0 scored, 1 the form does not load, 2 the answers file is bad
 * (unknown name, invalid value, unreadable). */
int survey_score_cli(const char *form_dir_or_path, const char *answers_csv,
                     int utc_offset, FILE *out, FILE *err);

#endif
