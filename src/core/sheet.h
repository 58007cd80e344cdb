/* Sheet headers and cells: one header reader for every CSV sheet the kiosk
 * loads (content pack sheets, XLSForm sheets, quizzes), so that they accept
 * the same spellings and say what is wrong in the same words.
 *
 * A header is read as pyxform (the XLSForm reference converter) reads it:
 * surrounding spaces are ignored; a header that is not known as written is
 * tried in lower-case snake_case ("Constraint Message" -> constraint_message,
 * "TYPE" -> type); it is split into parts at "::", or, in the legacy
 * spelling, at ":" ("label:English" -> label + English; "jr:" stays one
 * part: "bind:jr:constraintMsg" -> bind + jr:constraintMsg); the first part
 * is looked up in the caller's alias table. What follows the first part is
 * the language of a translatable column, written "Name (code)", a bare
 * code or a language name. */
#ifndef KIOSK_CORE_SHEET_H
#define KIOSK_CORE_SHEET_H

#include <stddef.h>

#include "csv.h"

#define SHEET_MAX_PART 128 /* bytes of one header part */

/* Another spelling of a known header (first part only), e.g.
 * {"relevance", "relevant"}. `to` may contain "::" ("media::image"). */
struct sheet_alias {
    const char *from, *to;
};

/* A header read into its parts. */
struct sheet_header {
    char base[2 * SHEET_MAX_PART + 16]; /* "label", "media::image" */
    char lang[SHEET_MAX_PART];      /* language part, "" when none */
    int legacy;                     /* split at a single ':' */
};

/** Reads header h. `known` lists the names (NULL-terminated) that are
 * taken as written; `aliases` (NULL-terminated by from == NULL, may be
 * NULL) maps other spellings of the first part. A part over
 * SHEET_MAX_PART bytes is cut (such a header is unknown anyway). */
void sheet_header_read(const char *h, const char *const *known,
                       const struct sheet_alias *aliases,
                       struct sheet_header *out);

/** pyxform's to_snake_case: words separated by spaces joined with '_',
 * ASCII lower-cased, into out (always terminated when n > 0). */
void sheet_snake_case(const char *s, char *out, size_t n);

/** The language code of a language part: "Tiếng Việt (vi)" -> "vi".
 * Returns the code's length (copied into code) or 0 when the part does not
 * end in "(code)". */
size_t sheet_lang_code(const char *part, char *code, size_t n);

/** 1 when no cell of column c below the header holds anything but
 * spaces (spreadsheets save empty columns with empty headers). */
int sheet_column_empty(const struct csv_table *t, int c);

/* A column a pack sheet knows (strings, services, quizzes…). */
struct sheet_spec {
    const char *name;  /* header, or its part before "::" */
    int translated;    /* 1: "name::Language (code)", one per language */
    int required;      /* a plain column that must be there */
};

/* Finds the slot of language `code` for the column at (file, col) of
 * header h; returns it, or -1 after reporting why (unknown language, too
 * many). */
typedef int (*sheet_lang_fn)(void *ud, const char *code, const char *h,
                             const char *file, int col);

/** The header mapper of the pack's own sheets (the XLSForm loader reads
 * headers with sheet_header_read instead, as pyxform does). Fills col[s]
 * (0-based column of plain spec s, or -1) and tr[s * stride + slot] (column
 * of translated spec s in a language slot, or -1), every problem reported
 * in one style with file, row 1 and the column: data under no header, an
 * unknown column, a language on a plain column or none on a translated
 * one, a header without "(code)", a duplicate, a missing required plain
 * column. Returns 1 when every required plain column is there. Translated
 * columns a sheet requires (vi, en) are the caller's to check. */
int sheet_map_columns(const struct csv_table *t, const char *file,
                      const struct sheet_spec *specs, int nspecs,
                      sheet_lang_fn lang, void *ud, int *col, int *tr,
                      int stride, struct kiosk_diag *d);

/** ASCII case-insensitive equality. */
int sheet_ieq(const char *a, const char *b);

#endif
