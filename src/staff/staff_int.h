/* Internals of the staff module shared with its tests (not a public API). */
#ifndef KIOSK_STAFF_STAFF_INT_H
#define KIOSK_STAFF_STAFF_INT_H

#include <stdio.h>

enum staff_put_mode {
    STAFF_PUT_RAW,  /* as is */
    STAFF_PUT_JSON, /* inside a JSON string: '"', '\\' and controls escaped */
    STAFF_PUT_CSVQ, /* inside a quoted CSV field: quotes doubled */
};

/** Writes s to f in `mode`, each byte that is not part of valid UTF-8
 * written as '?'. */
void staff_put_text(FILE *f, const char *s, enum staff_put_mode mode);

/** Writes s as one RFC 4180 CSV field (quoted only when it holds a comma,
 * a quote, CR or LF). */
void staff_put_csv_field(FILE *f, const char *s);

#endif
