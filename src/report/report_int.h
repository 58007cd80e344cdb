/* Internals of the report module, shared by its .c files and its tests.
 * Not part of the public API. */
#ifndef KIOSK_REPORT_REPORT_INT_H
#define KIOSK_REPORT_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

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

/* ---- encryption (encrypt.c) ---------------------------------------------- */

/** Parses a base64 DER SubjectPublicKeyInfo RSA key of 2048..4096 bits
 * (see report_check_public_key); NULL with a reason in err (may be NULL)
 * otherwise. The caller frees the key with EVP_PKEY_free. */
EVP_PKEY *report_pubkey_load(const char *b64, char *err, size_t errn);

/** Encrypts the instance xml[0..len) of form form_id (version: the form's
 * version, NULL if it has none) and instanceID instance_id for the RSA
 * key public_key with ODK's scheme, into out (manifest + ciphertext; the
 * caller frees it with report_record_free). KIOSK_EINVAL on a bad
 * argument or key, KIOSK_EIO if libcrypto failed. */
enum kiosk_err report_encrypt(const char *public_key, const char *form_id,
                              const char *version, const char *instance_id,
                              const unsigned char *xml, size_t len,
                              struct report_record *out) KIOSK_NODISCARD;

/* ---- the plain instances (build.c), for the tests ------------------------- */

/** The kiosk_screening instance XML of s with instanceID iid, appended to
 * b (b->failed tells an over-cap or out-of-memory append). KIOSK_EINVAL
 * on a bad argument (nothing appended). */
enum kiosk_err report_screening_xml(const struct report_cfg *cfg,
                                    const struct report_screening *s,
                                    const char *iid, struct report_buf *b)
    KIOSK_NODISCARD;

/** The kiosk_daily instance XML of d with instanceID iid, appended to b. */
enum kiosk_err report_day_xml(const struct report_cfg *cfg,
                              const struct report_day *d, const char *iid,
                              struct report_buf *b) KIOSK_NODISCARD;

/** The instanceID of kiosk_daily for cfg's kiosk and local day `day`. */
void report_daily_id(const struct report_cfg *cfg, int64_t day,
                     char out[REPORT_INSTANCE_ID_SIZE]);

/* ---- Central's answers (answer.c) ---------------------------------------- */

/* What to do with a record after one attempt. */
enum report_outcome {
    REPORT_SENT = 0,      /* accepted (or already there): mark sent */
    REPORT_RETRY = 1,     /* server or network trouble: the whole sender
                             backs off, the record keeps its place */
    REPORT_HOLD_FORM = 2, /* this form cannot be taken now (missing or
                             closed form or version, no Form Access):
                             hold the form, retry it with backoff, go on
                             with the other forms */
    REPORT_HOLD_ALL = 3,  /* the token is refused for everything (403):
                             hold until it changes or "send now" */
    REPORT_RESEND = 4,    /* maybe a copy in flight won a race: send the
                             same bytes again at once; Central answers 201
                             if it holds them */
    REPORT_PARKED = 5,    /* this record will never be accepted: park it
                             for staff */
};

/* Central's verdict on one answer. */
struct report_verdict {
    enum report_outcome outcome;
    const char *problem;  /* "404.6" etc. (static), "" when not known */
    const char *advice;   /* what fixes it, for staff (static), "" */
};

/** Classifies an answer: HTTP status (0 = no response: network or TLS
 * error) and the OpenRosa message text (decoded, may be ""). `resent` is 1
 * for the answer to a REPORT_RESEND. The OpenRosa path carries no problem
 * code, so Central's problems are told apart by message:
 *   201, 202            sent
 *   0, 1xx, 200, 204, 3xx, 408, 429, 5xx
 *                       retry (a 200 or a redirect on the submission URL is
 *                       a captive portal or a wrong URL, not Central)
 *   404 (404.1 no project or form, 404.6 version not published, or any
 *       other 404), 409.2 (form closed), 401 (401.2: bad token or, on
 *       this path, a missing Form Access: Central turns 403 into 401)
 *                       hold the form
 *   403                 hold everything
 *   409.18 (deleted, or the loser of two copies in flight), 409.3 (the
 *       same race on older Central)
 *                       re-send once; after a re-send: parked
 *   409.1 (same id, other bytes), 400, other 4xx, other 409
 *                       parked */
void report_classify(long http, const char *message, int resent,
                     struct report_verdict *v);

/** Seconds to wait after `streak` consecutive failed attempts (>= 1):
 * 30 s doubling up to 1 h, times a jitter factor in [0.8, 1.2] taken from
 * u (uniform over 0..UINT32_MAX). */
int64_t report_backoff(int streak, uint32_t u);

/** Copies the text of the first <message> element of an OpenRosa response
 * into out[0..n): character and entity references decoded (Central's
 * messages escape ' as &#39;, / as &#x2F;), runs of white space and
 * control characters made one space, bytes that are not UTF-8 dropped, cut
 * at a character boundary when out is full; "" if there is none. */
void report_openrosa_message(const char *body, size_t len, char *out,
                             size_t n);

#endif
