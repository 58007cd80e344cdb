/* Content packs: the languages, UI strings, information articles and local
 * services a kiosk shows, read from a directory of spreadsheet CSV files
 * (the format is described in docs and in pack.c).
 *
 * A struct pack is immutable once pack_load() returns it, so the UI can read
 * it from any thread and swap a whole new pack in atomically; loading touches
 * no global state, so a broken pack never disturbs the one in use. Every text
 * cell is stored NFC-normalised UTF-8. Returned strings live as long as the
 * pack and must not be freed.
 *
 * Languages are indexed in languages.csv order; index 0 is always "vi" and
 * index 1 "en", the fallback chain for a missing translation. */
#ifndef KIOSK_CONTENT_PACK_H
#define KIOSK_CONTENT_PACK_H

#include "core/err.h"

#define PACK_MAX_LANGS 16          /* languages in one pack */
#define PACK_MAX_STRING (16 * 1024) /* bytes in one strings.csv cell */

struct pack; /* opaque */

/* One row of languages.csv. */
struct pack_language {
    char code[16];    /* "vi", "hmn", ... (the "(code)" in column headers) */
    char name[96];    /* native name in its own script, NFC */
    char name_en[64]; /* English name */
    char script[8];   /* ISO 15924 code, e.g. "Latn", "Khmr", "Tavt" */
    int draft;        /* 1 = status "draft" (not reviewed) */
};

/* One row of services.csv (the untranslated columns). */
struct pack_service {
    const char *id;       /* unique id */
    const char *kind;     /* counseling, methadone, ... (see pack.c) */
    const char *district; /* free text, matched against site.ini */
    const char *phone;    /* as written; may be "" */
    int sample;           /* 1 = demo row, the screen says "sample data" */
};

/** Loads the pack in directory `dir`. On success *out is a new pack (free
 * with pack_free) and KIOSK_OK is returned. On failure *out is NULL, the
 * reasons are appended to *diag ("file:row:col: msg", file relative to dir),
 * and an error is returned: KIOSK_EPARSE for content problems, KIOSK_ENOMEM.
 * Warnings may be appended even on success. `diag` may be NULL. */
enum kiosk_err pack_load(const char *dir, struct pack **out,
                         struct kiosk_diag *diag) KIOSK_NODISCARD;

/** Frees a pack and every string it returned; NULL is fine. */
void pack_free(struct pack *p);

/** The directory the pack was loaded from. */
const char *pack_dir(const struct pack *p);

/** Number of languages (>= 2). */
int pack_nlangs(const struct pack *p);

/** Language i (0-based, languages.csv order) or NULL if out of range. */
const struct pack_language *pack_lang(const struct pack *p, int i);

/** 1 when s is a language code as languages.csv takes it: 2-15 bytes of
 * a-z, 0-9 and '-', starting with a letter ("vi", "km", "hmn", "blt"). */
int pack_lang_code_ok(const char *s);

/** Index of language `code`, or -1 if the pack does not have it. */
int pack_lang_index(const struct pack *p, const char *code);

/** UI string `key` in language `lang`; a missing translation falls back to
 * Vietnamese, then English, then the key itself (never NULL). An unknown or
 * NULL `lang` behaves like a language with no translations. */
const char *pack_str(const struct pack *p, const char *lang, const char *key);

/** As pack_str; *fallback (may be NULL) is set to 1 when the text is not in
 * `lang` itself (the UI then marks it "not yet translated"), else 0. */
const char *pack_str_ex(const struct pack *p, const char *lang,
                        const char *key, int *fallback);

/** 1 if strings.csv has `key` (translated or not), else 0. */
int pack_has_str(const struct pack *p, const char *key);

/** Full path of the narration for string `key` in `lang` itself (no
 * fallback: a voice in another language would confuse), or NULL. */
const char *pack_str_audio(const struct pack *p, const char *lang,
                           const char *key);

/** Number of article categories (info/categories.csv rows). */
int pack_ncategories(const struct pack *p);

/** Category i's id, or NULL if i is out of range. */
const char *pack_category_id(const struct pack *p, int i);

/** Full path "<dir>/images/<file>" of category i's picture, or NULL. */
const char *pack_category_image(const struct pack *p, int i);
/** Full path of the icon icons.csv gives the UI string `key` (a home
 * tile's title, for instance), or NULL when it has none. */
const char *pack_icon(const struct pack *p, const char *key);

/** Category i's title in `lang` (fallback vi, en; "" if none), or NULL if i
 * is out of range. */
const char *pack_category_title(const struct pack *p, int i,
                                const char *lang);

/** Number of articles (info/articles.csv rows). */
int pack_narticles(const struct pack *p);

/** Article i's id, or NULL if i is out of range. */
const char *pack_article_id(const struct pack *p, int i);

/** Id of the category article i belongs to (always an existing one). */
const char *pack_article_category(const struct pack *p, int i);

/** Full path of article i's picture, or NULL. */
const char *pack_article_image(const struct pack *p, int i);

/** Article i's title in `lang` (fallback vi, en; "" if none). */
const char *pack_article_title(const struct pack *p, int i,
                               const char *lang);

/** Article i's body in `lang` (fallback vi, en; "" if none). Paragraphs are
 * separated by a blank line ("\n\n"). */
const char *pack_article_body(const struct pack *p, int i, const char *lang);

/** 1 if article i has both title and body in `lang` itself, else 0. */
int pack_article_translated(const struct pack *p, int i, const char *lang);

/** Full path of article i's narration in `lang` itself, or NULL. */
const char *pack_article_audio(const struct pack *p, int i,
                               const char *lang);

/** Number of services (services.csv rows). */
int pack_nservices(const struct pack *p);

/** Service i, or NULL if out of range. */
const struct pack_service *pack_service(const struct pack *p, int i);

/** Translated field "name", "address" or "hours" of service i in `lang`
 * (fallback vi, en; "" if none); NULL for an unknown field or index. */
const char *pack_service_text(const struct pack *p, int i, const char *field,
                              const char *lang);

/* Translation coverage of one language: how many items have text of their
 * own (strings: the text; articles: title AND body; services: the name). */
struct pack_coverage {
    int strings, strings_total;
    int articles, articles_total;
    int services, services_total;
};

/** Fills *c for language index `li` (see pack_lang); zeros if out of range. */
void pack_coverage(const struct pack *p, int li, struct pack_coverage *c);

/* Fit check callback for pack_check(): returns 1 when `text` in language
 * `lang` (script `script`, ISO 15924) overflows a slot ("title", "button",
 * "tile" or "line") on the 800x480 screen, else 0. The UI's text engine
 * provides it; `ctx` is passed through. */
typedef int (*pack_measure_fn)(void *ctx, const char *text, const char *lang,
                               const char *script, const char *slot);

/* Limits on the pack's media files, checked when a pack loads (before
 * anything decodes them); pictures: core/png.h. */
#define PACK_MAX_CLIP_BYTES (8L * 1024 * 1024) /* an audio clip (.ogg) */

/* Decodes one picture (is_image = 1) or clip with the kiosk's own
 * decoders for --check-pack: returns 0, or non-zero with the reason in
 * why[n]. `rel` is the path inside the pack. */
typedef int (*pack_media_fn)(void *ctx, const char *path, const char *rel,
                             int is_image, char *why, size_t n);

/** The pack's pictures and clips decoded, for `kiosk --check-pack DIR`,
 * after pack_check (which reports what pack_load refuses: files that are
 * not regular, links out of the pack, pictures over their limits, clips
 * over theirs). Every picture in images/ and every clip in audio/ that
 * passed those checks and, for a clip, starts like an Ogg file, is handed
 * to `decode` (NULL: the checks only). Prints the problems and a summary
 * line to `out_FILE` (a FILE *); returns the number of errors. */
int pack_check_media(const char *dir, void *out_FILE, pack_media_fn decode,
                     void *ctx);

/** Validation for `kiosk --check-pack DIR`: loads the pack, runs every check
 * (and the fit check when `measure` is not NULL), prints the diagnostics
 * ("file:row:col: error: ...") and a per-language coverage table to `out_FILE`
 * (a FILE *), and returns the number of errors (0 = the pack is OK). */
int pack_check(const char *dir, void *out_FILE, pack_measure_fn measure,
               void *ctx);

#endif
