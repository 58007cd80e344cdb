/* The INI syntax of site.ini, line by line.
 *
 * Written here rather than taken from inih: Debian's libinih is built with
 * a 200-byte line buffer and splits a longer line into pieces that it then
 * parses as lines of their own, so the tail of a long comment could become
 * an active setting and a 255-byte name could not be read at all. Here a
 * line is read whole, however long (site_load caps the file at 64 KB), and
 * every line is numbered as an editor numbers it.
 *
 * The syntax (the subset of inih's that board/site.ini documents):
 *   - leading and trailing blanks (space, tab) are ignored; a trailing CR
 *     (a file saved on Windows) too; a UTF-8 byte-order mark on line 1 too;
 *   - an empty line, or one whose first character is ';' or '#', is a
 *     comment;
 *   - "[name]" starts a section; a comment may follow the ']';
 *   - "key = value": the key is the text before the first '=', the value
 *     the text after it, both trimmed; a ';' after a blank ends the value
 *     (an inline comment);
 *   - nothing else: an indented line is not a continuation of the previous
 *     value (inih's multi-line values are not supported: an accidental
 *     indent must not silently change a setting), and a key before the
 *     first section is an error. */
#ifndef KIOSK_SITE_INI_H
#define KIOSK_SITE_INI_H

#include "core/err.h"

/* Called once for every "key = value" line: `line` is 1-based, `section`
 * the name of the current section. The strings live until the callback
 * returns. */
typedef void (*site_ini_fn)(void *ctx, int line, const char *section,
                            const char *key, const char *value);

/** Reads `text` (NUL-terminated) and calls fn for every key line, in file
 * order. A line that is neither a comment, a section header nor a key line
 * is a syntax error: it is appended to d as "name:line: error: ..." when d
 * is not NULL, and the rest of the file is still read. Returns the number
 * of syntax errors (0 = none), or -1 when out of memory (nothing was
 * reported then). */
int site_ini_parse(const char *text, const char *name, site_ini_fn fn,
                   void *ctx, struct kiosk_diag *d);

#endif
