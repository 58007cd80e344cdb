/* The content overlay: what commune staff and volunteers add to a content
 * pack on the kiosk itself, per language — text edits, review marks and
 * recorded narration — kept beside (never inside) the pack in
 * <data-dir>/overlay/, so it survives pack updates and can be shared with
 * another kiosk. Pure C + ICU: no SDL, no SQLite.
 *
 * Files (UTF-8 CSV as a spreadsheet saves them, header row first; each is
 * written whole to a temporary file, fsync'd and renamed over the old one):
 *
 *   overlay/<lang>/texts.csv     item,field,text,by,date
 *   overlay/<lang>/reviews.csv   item,status,by,date,hash
 *   overlay/<lang>/clips.csv     item,file,seconds,by,date
 *   overlay/audio/<lang>/<file>  recorded narration (Ogg Vorbis)
 *   overlay/forms/<id>/          questionnaires imported from a USB stick
 *                                (survey/import.h; not a language)
 *
 * `item` names a translatable item by the pack's own ids, as a path whose
 * parts are percent-encoded where they hold '/' or '%':
 *
 *   string/<key>                       strings.csv        text
 *   category/<id>                      info/categories    title
 *   article/<id>                       info/articles      title body
 *   service/<id>                       services.csv       name address hours
 *   form/<form id>/<item name>         forms/<id>.survey  label hint
 *                                                         constraint_message
 *                                                         required_message
 *   choice/<form id>/<list>/<name>     forms/<id>.choices label
 *   quiz/<quiz id>                     quiz settings      title
 *   quiz/<quiz id>/<question id>       quiz/<id>.csv      question a b c d
 *                                                         explain
 *
 * Narration belongs to strings, articles, form items and choices, and quiz
 * questions. `by` is the staff member's name, `date` "YYYY-MM-DD HH:MM"
 * (local time). A review's `status` is "reviewed" or "needs-fixing" and its
 * `hash` identifies the texts it saw (the item's Vietnamese source and its
 * translation, see overlay_item_hash): when either changes later, the mark
 * no longer counts and staff see "changed since the review".
 *
 * A language whose files do not load is reported (file:row:col) and left
 * alone: not applied, and never written, so a damaged file is not lost by
 * an edit; the other languages work. An entry whose item the pack no
 * longer has is kept in the files and reported, never dropped. */
#ifndef KIOSK_CONTENT_OVERLAY_H
#define KIOSK_CONTENT_OVERLAY_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

struct pack;
struct survey_form;
struct quiz;

#define OVERLAY_MAX_LANGS 64        /* language folders in one overlay */
#define OVERLAY_MAX_ITEM 512        /* bytes of an item key */
#define OVERLAY_MAX_BY 64           /* bytes of a staff name */
#define OVERLAY_DATE_LEN 16         /* "YYYY-MM-DD HH:MM" */
#define OVERLAY_HASH_LEN 16         /* hex digits of a review hash */
#define OVERLAY_MAX_CLIP_BYTES (8u * 1024 * 1024) /* one recorded clip */

/* ---- the overlay and its files -------------------------------------- */

struct overlay; /* opaque */

enum overlay_status {
    OVERLAY_UNREVIEWED = 0,
    OVERLAY_REVIEWED = 1,    /* "reviewed": a speaker read it and agrees */
    OVERLAY_NEEDS_FIXING = 2 /* "needs-fixing" */
};

/* A text edit: the translation of one field of an item. */
struct overlay_text {
    const char *item, *field, *text, *by, *date;
};

/* A review mark on an item (all its fields). */
struct overlay_review {
    const char *item;
    enum overlay_status status;
    const char *by, *date, *hash;
};

/* A recorded clip narrating an item. */
struct overlay_clip {
    const char *item;
    const char *file;  /* name in audio/<lang>/ */
    double seconds;    /* its length */
    const char *by, *date;
};

/** An empty overlay kept in directory `dir` (nothing is written until
 * overlay_save). NULL when out of memory. */
struct overlay *overlay_new(const char *dir);

/** Reads the overlay in `dir` (a missing directory is an empty overlay).
 * On KIOSK_OK *out is the overlay. KIOSK_EPARSE: some language's files are
 * bad — *out is still set, those languages are marked broken (see
 * overlay_lang_broken) and the problems are in *d as "<lang>/texts.csv:
 * row:col: ..." (relative to dir). KIOSK_ENOMEM: *out is NULL. */
enum kiosk_err overlay_load(const char *dir, struct overlay **out,
                            struct kiosk_diag *d) KIOSK_NODISCARD;

/** Frees the overlay and every string it returned; NULL is fine. */
void overlay_free(struct overlay *ov);

/** The directory it lives in. */
const char *overlay_dir(const struct overlay *ov);

/** Languages with a folder or with entries, in byte order of their codes. */
int overlay_nlangs(const struct overlay *ov);
const char *overlay_lang(const struct overlay *ov, int i);

/** 1 when `lang`'s files did not load: it is neither applied nor saved. */
int overlay_lang_broken(const struct overlay *ov, const char *lang);

/** The entries of `lang`, sorted by item (and field): count and k-th. */
int overlay_ntexts(const struct overlay *ov, const char *lang);
const struct overlay_text *overlay_text_at(const struct overlay *ov,
                                           const char *lang, int k);
int overlay_nreviews(const struct overlay *ov, const char *lang);
const struct overlay_review *overlay_review_at(const struct overlay *ov,
                                               const char *lang, int k);
int overlay_nclips(const struct overlay *ov, const char *lang);
const struct overlay_clip *overlay_clip_at(const struct overlay *ov,
                                           const char *lang, int k);

/** One entry, or NULL when there is none. */
const struct overlay_text *overlay_text_get(const struct overlay *ov,
                                            const char *lang,
                                            const char *item,
                                            const char *field);
const struct overlay_review *overlay_review_get(const struct overlay *ov,
                                                const char *lang,
                                                const char *item);
const struct overlay_clip *overlay_clip_get(const struct overlay *ov,
                                            const char *lang,
                                            const char *item);

/** Sets (text non-NULL: copied, NFC-normalised) or removes (NULL) an
 * entry in memory; overlay_save writes it. The item and field must be
 * well formed (overlay_key_check), by and date as described above.
 * KIOSK_EINVAL for a malformed argument, KIOSK_EREADONLY for a broken
 * language, KIOSK_ENOMEM (nothing changed). */
enum kiosk_err overlay_set_text(struct overlay *ov, const char *lang,
                                const char *item, const char *field,
                                const char *text, const char *by,
                                const char *date) KIOSK_NODISCARD;
/** status OVERLAY_UNREVIEWED removes the mark. */
enum kiosk_err overlay_set_review(struct overlay *ov, const char *lang,
                                  const char *item,
                                  enum overlay_status status, const char *by,
                                  const char *date, const char *hash)
    KIOSK_NODISCARD;
/** file NULL removes the entry (not the file: see overlay_save). */
enum kiosk_err overlay_set_clip(struct overlay *ov, const char *lang,
                                const char *item, const char *file,
                                double seconds, const char *by,
                                const char *date) KIOSK_NODISCARD;

/** Writes `lang`'s three files into the overlay's directory, each whole
 * and atomically (temporary file, fsync, rename, fsync of the folder),
 * then deletes clip files of audio/<lang>/ that no entry names any more.
 * KIOSK_EREADONLY for a broken language, KIOSK_EIO (the old files stay). */
enum kiosk_err overlay_save(const struct overlay *ov, const char *lang)
    KIOSK_NODISCARD;

/** Full path of clip `file` of `lang` ("<dir>/audio/<lang>/<file>") in
 * buf; returns buf, or NULL when it does not fit. */
const char *overlay_clip_path(const struct overlay *ov, const char *lang,
                              const char *file, char *buf, size_t n);

/** Checks an item key and field: 1 when `item` is well formed and `field`
 * is one of its kind's fields (field NULL: only the item is checked). On
 * 0, why (may be NULL) gets a reason for staff. */
int overlay_key_check(const char *item, const char *field, char *why,
                      size_t n);

/** 1 when `code` is a language code as languages.csv allows. */
int overlay_lang_code_ok(const char *code);

/** Writes `data` to `path` atomically (temporary file beside it, fsync,
 * rename, fsync of the folder). KIOSK_EIO on failure (path unchanged). */
enum kiosk_err overlay_write_file(const char *path, const void *data,
                                  size_t len) KIOSK_NODISCARD;

/** "YYYY-MM-DD HH:MM" for Unix time `t` in a zone `tz_offset` seconds east
 * of UTC. */
void overlay_date(int64_t t, int tz_offset, char out[OVERLAY_DATE_LEN + 1]);

/* ---- the content it lies over ---------------------------------------- */

/* What a kiosk has loaded from one pack: the pack, its forms and quizzes
 * (the app's own arrays; nothing is copied). Applying the overlay changes
 * them in place; everything else only reads them. */
struct overlay_content {
    struct pack *pack;
    struct survey_form *const *forms;
    int nforms;
    struct quiz *const *quizzes;
    int nquizzes;
};

/* An item of the content, found by overlay_items or overlay_item_find. */
enum overlay_kind {
    OVERLAY_STRING,
    OVERLAY_CATEGORY,
    OVERLAY_ARTICLE,
    OVERLAY_SERVICE,
    OVERLAY_QUESTION,   /* a survey row of a form (a = form, b = item) */
    OVERLAY_CHOICE,     /* a choices row (a = form, b = choice) */
    OVERLAY_QUIZ_TITLE, /* a = quiz */
    OVERLAY_QUIZ_QUESTION, /* a = quiz, b = question */
};
struct overlay_ref {
    int kind; /* enum overlay_kind */
    int a, b; /* indices, see the kinds */
};

#define OVERLAY_MAX_FIELDS 6

/** Every item that has source text (Vietnamese or English) in at least
 * one field, in a stable order: strings (sorted by key), categories,
 * articles, services, each form (its rows, then its choices), each quiz
 * (title, questions). Strings whose key starts with "staff." or "audit."
 * are shown to staff only, in Vietnamese or English, and are left out for
 * other languages (`lang`; NULL includes them). Writes up to max refs and
 * returns how many there are. */
int overlay_items(const struct overlay_content *c, const char *lang,
                  struct overlay_ref *out, int max);

/** The item's key (see the top of this file) into buf; returns buf, or ""
 * for a ref out of range. */
const char *overlay_item_key(const struct overlay_content *c,
                             struct overlay_ref r, char *buf, size_t n);

/** The content's item with this key, 1 if found. */
int overlay_item_find(const struct overlay_content *c, const char *key,
                      struct overlay_ref *r);

/** Its feature for readiness: "strings", "info" (categories, articles),
 * "services", "form:<id>" or "quiz:<id>". */
const char *overlay_item_feature(const struct overlay_content *c,
                                 struct overlay_ref r, char *buf, size_t n);

/** Its fields: how many (0 for a bad ref) and the k-th's name ("title"). */
int overlay_item_nfields(const struct overlay_content *c,
                         struct overlay_ref r);
const char *overlay_item_field(const struct overlay_content *c,
                               struct overlay_ref r, int k);
/** Index of field `name`, or -1. */
int overlay_item_field_index(const struct overlay_content *c,
                             struct overlay_ref r, const char *name);

/** Field k's text in `lang` itself (no fallback), NULL when none. */
const char *overlay_item_text(const struct overlay_content *c,
                              struct overlay_ref r, int k, const char *lang);

/** 1 when the item takes narration. */
int overlay_item_has_audio(const struct overlay_content *c,
                           struct overlay_ref r);
/** Its narration in `lang` itself: a full path, or NULL. */
const char *overlay_item_audio(const struct overlay_content *c,
                               struct overlay_ref r, const char *lang,
                               char *buf, size_t n);

/** The hash a review of the item in `lang` records: FNV-1a over the
 * Vietnamese source and the `lang` text of every field, as 16 hex digits. */
void overlay_item_hash(const struct overlay_content *c, struct overlay_ref r,
                       const char *lang, char out[OVERLAY_HASH_LEN + 1]);

/** Puts a text (field k) or a narration (a full path) over the loaded
 * content in `lang`. KIOSK_EINVAL for a bad ref, field or a language the
 * pack does not have; KIOSK_EFULL/ENOMEM from the form or quiz. */
enum kiosk_err overlay_item_set_text(const struct overlay_content *c,
                                     struct overlay_ref r, int k,
                                     const char *lang, const char *text)
    KIOSK_NODISCARD;
enum kiosk_err overlay_item_set_audio(const struct overlay_content *c,
                                      struct overlay_ref r, const char *lang,
                                      const char *path) KIOSK_NODISCARD;

/* What applying an overlay left out, for staff: entries kept in the files
 * but not shown, each with why. */
struct overlay_orphan {
    char lang[16];
    char item[OVERLAY_MAX_ITEM];
    char what[40];  /* "text title", "review", "clip" */
    char why[96];   /* "not in this pack", "clip file missing", ... */
};
struct overlay_report {
    struct overlay_orphan *orphans; /* malloc'd, n entries */
    int n;
    int applied;    /* texts and clips put over the content */
};

/** Applies every text edit and clip of every language that loaded and is
 * in the pack over the content. Entries whose item, field or language the
 * content does not have, and clips whose file is missing, are listed in
 * *rep (free with overlay_report_free) and left in the overlay. Returns
 * KIOSK_OK or KIOSK_ENOMEM. */
enum kiosk_err overlay_apply(const struct overlay *ov,
                             const struct overlay_content *c,
                             struct overlay_report *rep) KIOSK_NODISCARD;
void overlay_report_free(struct overlay_report *rep);

/* ---- where narration came from --------------------------------------- */

/* The pack's audio-sources.csv (beside strings.csv: audio/ holds only
 * clips) says which of its clips are synthetic (made by a speech
 * synthesiser such as espeak-ng) and which are recorded:
 *   file,source,voice,note
 *   article-*.ogg,synthetic,espeak-ng vi/en,placeholders
 * `file` is a name or a shell pattern (fnmatch) in audio/; when several
 * rows match a clip the last one wins (as in .gitattributes). A clip no row
 * matches is of unknown source, and --check-pack says so. Clips recorded in
 * the overlay are always "recorded". */
enum overlay_source {
    OVERLAY_SOURCE_UNKNOWN = 0,
    OVERLAY_SOURCE_SYNTHETIC,
    OVERLAY_SOURCE_RECORDED,
};
struct overlay_sources; /* opaque */

/** Reads <pack_dir>/audio-sources.csv (absent: every clip unknown).
 * Problems go to *d as "audio-sources.csv:row:col". *out is set unless
 * out of memory. Returns KIOSK_OK, KIOSK_EPARSE or KIOSK_ENOMEM. */
enum kiosk_err overlay_sources_load(const char *pack_dir,
                                    struct overlay_sources **out,
                                    struct kiosk_diag *d) KIOSK_NODISCARD;
void overlay_sources_free(struct overlay_sources *s);
/** The source of a clip path (its file name is matched); paths under the
 * overlay's directory are recorded. s and ov may be NULL. */
enum overlay_source overlay_source_of(const struct overlay_sources *s,
                                      const struct overlay *ov,
                                      const char *path);

/* ---- readiness ----------------------------------------------------- */

/* How ready one feature is in one language. An item counts as "text" when
 * every field that has a source has text in the language; as "reviewed"
 * when its review mark is current (or, with no mark and no overlay edit,
 * when the pack marks the language reviewed: languages.csv for strings,
 * information and services, the form's translation_status, the quiz's);
 * "audio" counts the items that take narration. */
struct overlay_ready {
    char feature[64];   /* "strings", "info", "services", "form:<id>",
                           "quiz:<id>" */
    int items;          /* items with source text */
    int text;           /* ... with text in the language */
    int edited;         /* ... of which from the overlay */
    int reviewed;       /* ... reviewed (current mark or pack status) */
    int needs_fixing;   /* ... marked needs-fixing (current) */
    int stale;          /* ... whose mark no longer matches the texts */
    int audio_items;    /* items that take narration */
    int recorded;       /* ... with a recorded clip in the language */
    int synthetic;      /* ... with a synthetic clip */
    int unknown;        /* ... with a clip of unknown source */
};

/* An item's state in one language, as the Languages room shows it. */
struct overlay_item_state {
    int text;           /* every field with a source has text */
    int edited;         /* some field's text comes from the overlay */
    enum overlay_status status; /* current mark, or UNREVIEWED */
    int pack_reviewed;  /* no mark, no edit: the pack's own status */
    int stale;          /* a mark exists but the texts changed since */
    int has_audio;      /* the item takes narration */
    enum overlay_source audio; /* its clip's source; UNKNOWN also when
                                  there is no clip (see audio_path) */
    int audio_present;  /* a clip exists in the language */
};

/** The state of item r in `lang`. */
void overlay_item_state(const struct overlay_content *c,
                        const struct overlay *ov,
                        const struct overlay_sources *src,
                        struct overlay_ref r, const char *lang,
                        struct overlay_item_state *st);

/** 1 when the item needs work in `lang`: text missing, not reviewed, a
 * needs-fixing or stale mark, or narration missing or synthetic. */
int overlay_item_needs_work(const struct overlay_item_state *st);

/** Readiness of every feature in `lang` (ov and src may be NULL): *out is
 * a malloc'd array of *n features in overlay_items order. Returns KIOSK_OK
 * or KIOSK_ENOMEM. */
enum kiosk_err overlay_readiness(const struct overlay_content *c,
                                 const struct overlay *ov,
                                 const struct overlay_sources *src,
                                 const char *lang, struct overlay_ready **out,
                                 int *n) KIOSK_NODISCARD;

/** Prints the readiness table of every language of the pack (the
 * `kiosk --check-pack` table) to f. */
void overlay_readiness_print(const struct overlay_content *c,
                             const struct overlay *ov,
                             const struct overlay_sources *src, FILE *f);

/* ---- spreadsheets and sharing --------------------------------------- */

/** Writes one language as a spreadsheet-ready CSV (UTF-8 with a byte-order
 * mark so spreadsheet programs read it as UTF-8, CRLF):
 *   item,field,source::Tiếng Việt (vi),source::English (en),
 *   text::<Name> (<code>),status,note
 * one row per field of overlay_items, the text column holding what the
 * kiosk shows now. Translators fill or change only the text column.
 * Returns KIOSK_OK or KIOSK_EIO. */
enum kiosk_err overlay_csv_export(const struct overlay_content *c,
                                  const struct overlay *ov,
                                  const char *lang, FILE *f) KIOSK_NODISCARD;

/* What an import did. */
struct overlay_import {
    int rows;        /* data rows read */
    int changed;     /* texts that differ from what the kiosk showed */
    int unchanged;
    int empty;       /* empty text cells (left as they were) */
    int normalised;  /* cells that were not NFC (stored in NFC) */
    int source_changed; /* rows whose source differs from the pack now
                           (warned: check the translation) */
};

/** Reads a CSV written by overlay_csv_export (and edited in a
 * spreadsheet) for `lang`, checked like a pack file: valid UTF-8, known
 * columns, the text column's language is `lang`, every item and field
 * known to the content, no row twice, placeholders ({n}, ${name}) as in the
 * source. Any error (file:row:col in *d, `name` as the file) changes
 * nothing; otherwise every changed text becomes an overlay edit by `by` at
 * `date` and is put over the content. An empty text cell leaves the text
 * as it is. Returns KIOSK_OK, KIOSK_EPARSE, KIOSK_ENOENT, KIOSK_EREADONLY
 * (the language is broken), KIOSK_ENOMEM. The caller saves. */
enum kiosk_err overlay_csv_import(const struct overlay_content *c,
                                  struct overlay *ov, const char *lang,
                                  const char *path, const char *name,
                                  const char *by, const char *date,
                                  struct overlay_import *res,
                                  struct kiosk_diag *d) KIOSK_NODISCARD;

/* What merging a shared overlay did. */
struct overlay_merge {
    int langs;       /* languages taken in */
    int added;       /* entries new here */
    int replaced;    /* entries newer than ours */
    int kept;        /* entries where ours is as new or newer */
    int clips;       /* clip files copied */
};

/** Copies the overlay into `dest` (a folder, e.g. on a USB stick) as a
 * pack overlay another kiosk imports: the same files and clips, plus
 * overlay.csv (format,kiosk,exported) naming where it came from. An old
 * copy in dest is replaced only once the new one is complete. Broken
 * languages are left out (and counted in *skipped, may be NULL). Returns
 * KIOSK_OK or KIOSK_EIO. */
enum kiosk_err overlay_share_export(const struct overlay *ov,
                                    const char *dest, const char *kiosk_id,
                                    const char *date, int *skipped)
    KIOSK_NODISCARD;

/** Takes a shared overlay in `src` into ov: every language must load and
 * every clip it names must be a readable Ogg file within
 * OVERLAY_MAX_CLIP_BYTES, or nothing changes (problems in *d). Entry by
 * entry the newer date wins (ties: the shared one). Clips are copied into
 * ov's audio folders before any file naming them is written; each changed
 * language is saved. Returns KIOSK_OK, KIOSK_EPARSE, KIOSK_ENOENT (no
 * overlay there), KIOSK_EREADONLY (a language broken here), KIOSK_EIO,
 * KIOSK_ENOMEM. */
enum kiosk_err overlay_share_import(struct overlay *ov, const char *src,
                                    struct overlay_merge *res,
                                    struct kiosk_diag *d) KIOSK_NODISCARD;

#endif
