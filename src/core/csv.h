/* RFC 4180 CSV reader for content that staff edit in a spreadsheet.
 *
 * Accepts: quoted fields with embedded commas, quotes ("") and newlines; CRLF
 * or LF line ends; a UTF-8 byte-order mark; a missing final newline. Rejects,
 * with a diagnostic naming the row and column: invalid UTF-8, a stray quote
 * inside an unquoted field, text after a closing quote, an unterminated
 * quoted field, a field over CSV_MAX_FIELD bytes, a file over CSV_MAX_FILE.
 *
 * Rows and columns are numbered as a spreadsheet shows them: the header is
 * row 1, the first column is column 1 (a quoted field spanning several lines
 * is still one row). Blank rows (every cell empty) are kept so that row
 * numbers stay true; use csv_row_blank() to skip them. */
#ifndef KIOSK_CORE_CSV_H
#define KIOSK_CORE_CSV_H

#include <stddef.h>

#include "err.h"

#define CSV_MAX_FILE (8u * 1024 * 1024)  /* whole file cap, bytes */
#define CSV_MAX_FIELD (64u * 1024)       /* one cell cap, bytes */
#define CSV_MAX_COLS 256                 /* columns per row */

struct csv_row {
    int ncells;    /* cells in this row (may differ from the header) */
    char **cells;  /* NUL-terminated UTF-8 strings, owned by the table */
};

struct csv_table {
    char name[160];        /* file name used in diagnostics */
    int nrows;             /* rows including the header row */
    struct csv_row *rows;  /* rows[0] is the header */
};

/** Parses len bytes of data. `name` is used in diagnostics. On success fills
 * *out (free with csv_free) and returns KIOSK_OK. On failure returns an error,
 * appends the reasons to *diag, and leaves *out empty. An empty input is an
 * error ("file is empty"). */
enum kiosk_err csv_parse(const char *data, size_t len, const char *name,
                         struct csv_table *out, struct kiosk_diag *diag)
    KIOSK_NODISCARD;

/** Reads and parses a file. `name` (may be NULL = path) is used in diagnostics.
 * A missing file gives KIOSK_ENOENT and a diagnostic. */
enum kiosk_err csv_load(const char *path, const char *name,
                        struct csv_table *out, struct kiosk_diag *diag)
    KIOSK_NODISCARD;

/** Frees a table; safe on a zeroed or already freed table. */
void csv_free(struct csv_table *t);

/** Index (0-based) of the header cell equal to `header`, or -1. */
int csv_col(const struct csv_table *t, const char *header);

/** Cell text at (row, col), 0-based; "" when the row is shorter or col < 0. */
const char *csv_cell(const struct csv_table *t, int row, int col);

/** 1 if every cell of the row is empty or whitespace. */
int csv_row_blank(const struct csv_table *t, int row);

/** Reads a whole regular file into a malloc'd NUL-terminated buffer, at
 * most `cap` bytes. Returns KIOSK_ENOENT (no such file), KIOSK_EINVAL (not
 * a regular file: a FIFO, a device, a directory; refused before reading,
 * so it never blocks), KIOSK_ETOOBIG (over the cap, judged from its size
 * before reading), KIOSK_EIO (unreadable, or it changed while being read)
 * or KIOSK_ENOMEM. *data is NULL on failure. */
enum kiosk_err kiosk_read_file(const char *path, size_t cap, char **data,
                               size_t *len) KIOSK_NODISCARD;

/** 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates); on failure
 * *bad is the byte offset of the first invalid sequence. */
int kiosk_utf8_valid(const char *s, size_t len, size_t *bad);

#endif
