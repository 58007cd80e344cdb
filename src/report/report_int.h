/* Internals of the report module, shared by its .c files and its tests.
 * Not part of the public API. */
#ifndef KIOSK_REPORT_REPORT_INT_H
#define KIOSK_REPORT_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "report/report.h"

/* A growable byte buffer with a hard cap. After any failed append
 * `failed` is set and later appends do nothing, so a builder checks once
 * at the end. */
struct report_buf {
    char *p;       /* malloc'd, always NUL-terminated when non-NULL */
    size_t len;    /* bytes used, NUL not counted */
    size_t cap;    /* bytes allocated */
    size_t max;    /* hard cap on len */
    int failed;    /* an append failed: 1 over max, 2 out of memory */
};

/** Appends n bytes. */
void report_buf_put(struct report_buf *b, const char *s, size_t n);
/** Appends a NUL-terminated string. */
void report_buf_puts(struct report_buf *b, const char *s);
/** Appends a decimal integer. */
void report_buf_int(struct report_buf *b, int64_t v);
/** Appends s as XML character data: & < > " ' become entities, and C0
 * control characters other than tab, LF and CR (illegal in XML 1.0) are
 * dropped. */
void report_buf_xml(struct report_buf *b, const char *s);
/** Frees the buffer and zeroes it. */
void report_buf_free(struct report_buf *b);

/** Writes "uuid:" + a random version-4 UUID (lowercase) into out. */
void report_uuid4(char out[REPORT_INSTANCE_ID_SIZE]);

/** Writes "uuid:" + a version-8 UUID derived from `name` (BLAKE2b) into
 * out: the same name always gives the same id. */
void report_uuid8(const char *name, char out[REPORT_INSTANCE_ID_SIZE]);

/** Formats time t, rounded DOWN to the hour in the zone tz_offset seconds
 * east of UTC, as "2026-11-23T18:00:00.000+07:00". */
void report_iso_hour(int64_t t, int tz_offset, char out[40]);

/** Formats local day number `day` as "2026-11-23". */
void report_iso_day(int64_t day, char out[16]);

/* What to do with a record after one attempt. */
enum report_outcome {
    REPORT_SENT = 0,    /* accepted (or already there): mark sent */
    REPORT_RETRY = 1,   /* server or network trouble: back off, retry */
    REPORT_HELD = 2,    /* credentials refused: stop until re-provisioned */
    REPORT_PARKED = 3,  /* this record will never be accepted: give up */
};

/** Maps an HTTP status (0 = no response: network or TLS error) to an
 * outcome, as in the facts page: 201/202 sent; 5xx, 408, 429, 0, 200 and
 * 3xx retried (a 200 or a redirect on the OpenRosa endpoint is a captive
 * portal or a wrong URL, not an acceptance); 401/403 held; every other
 * 4xx parked. */
enum report_outcome report_classify(long http);

/** Seconds to wait after `streak` consecutive failed attempts (>= 1):
 * 30 s doubling up to 1 h, times a jitter factor in [0.8, 1.2] taken from
 * u (uniform over 0..UINT32_MAX). */
int64_t report_backoff(int streak, uint32_t u);

/** Copies the text of the first <message> element of an OpenRosa response
 * into out[0..n), keeping printable ASCII and turning everything else into
 * spaces (it goes into logs and the outbox); "" if there is none. */
void report_openrosa_message(const char *body, size_t len, char *out,
                             size_t n);

#endif
