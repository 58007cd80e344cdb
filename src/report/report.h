/* Reporting to ODK Central: the kiosk as one more OpenRosa client.
 *
 * Two record forms are shipped in assets/report/ for staff to publish on
 * Central: kiosk_screening (one submission per completed screening: scores,
 * bands and two flags, never answers) and kiosk_daily (one per closed day:
 * counts). This module
 *   - builds the exact instance XML of each submission (report_build_*);
 *     the app stores those bytes in the store's outbox in the same
 *     transaction as the screening (store_save_screening) or as the day's
 *     close (report_close_day), and they are never rebuilt;
 *   - runs a background sender (report_start) that POSTs the stored bytes to
 *     {server}/v1/projects/{project}/submission with libcurl, in queue order,
 *     and records each outcome in the outbox: sent (201, or 202 from
 *     KoboToolbox), retried with exponential backoff and jitter (network
 *     errors, 5xx), held for re-provisioning (401, 403) or parked with the
 *     reason (400, 404, 409 and other 4xx).
 *
 * Re-sending is always safe: Central answers an identical re-send of an
 * instanceID with 201 and stores nothing new, so a send cut off by a crash
 * or a power cut is simply sent again after the restart.
 *
 * Times are Unix seconds. Nothing here includes SDL or sqlite3.h; the
 * sender opens its own store connection (one per thread). See README.md. */
#ifndef KIOSK_REPORT_REPORT_H
#define KIOSK_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define REPORT_SCREENING_FORM "kiosk_screening"
#define REPORT_DAILY_FORM "kiosk_daily"
/* The version attribute of both forms in assets/report/ (tests check it).
 * A form edited and re-published on Central gets a new version; the kiosk
 * must then be given the new one in site.ini. */
#define REPORT_FORMS_VERSION "2026112401"
#define REPORT_OUTBOX_KIND "odk"     /* outbox kind of every record made here */
#define REPORT_INSTANCE_ID_SIZE 48   /* "uuid:" + 36 + NUL fits */
#define REPORT_MAX_MEASURES 64       /* measures in one screening */
#define REPORT_TOKEN_MAX 256         /* bytes in an app-user token */
#define REPORT_RECENT 8              /* parked records kept for staff */

/* Configuration, normally from site.ini [reporting] and [site]. Strings are
 * copied by report_start; the builders only read them during the call. */
struct report_cfg {
    int enabled;                   /* 0 = reporting off (the default) */
    const char *server;            /* base URL, "https://central.example.org"
                                      (no /v1; http:// only for 127.0.0.1
                                      and localhost, as the tests use) */
    int project_id;                /* Central project number, >= 1 */
    const char *token_file;        /* file holding the app-user token; must
                                      not be readable by group or others */
    const char *ca_file;           /* PEM CA bundle to trust, NULL or "" =
                                      the system's; verification is always
                                      on */
    const char *kiosk_id;          /* [site] kiosk_id, e.g. "HN-0001"; also
                                      sent as ?deviceID= */
    const char *screening_version; /* published version of kiosk_screening,
                                      NULL = REPORT_FORMS_VERSION */
    const char *daily_version;     /* same for kiosk_daily */
    int interval_s;                /* idle re-check period, 0 = 300 */
    int tz_offset;                 /* seconds east of UTC for times and
                                      days (25200 for Vietnam) */
    /* Clock for the sender (tests inject one); NULL = time(NULL). Must be
     * callable from the sender thread. */
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
};

/** Checks a configuration without touching the network or the token:
 * server URL shape (https, or http to a loopback host), project id, kiosk
 * id (1..63 bytes of [A-Za-z0-9._-]), versions (1..63 printable bytes),
 * interval. On failure writes a one-line English reason into err (may be
 * NULL) and returns KIOSK_EINVAL. */
enum kiosk_err report_check_cfg(const struct report_cfg *cfg, char *err,
                                size_t errn) KIOSK_NODISCARD;

/** Reads the app-user token from `path` into tok[0..n). Refuses a file that
 * is not a regular file, is readable or writable by group or others
 * (KIOSK_EDENIED: "chmod 600"), is empty, longer than REPORT_TOKEN_MAX or
 * holds anything but printable ASCII without spaces (surrounding
 * whitespace and a final newline are trimmed). err (may be NULL) gets a
 * reason that never contains the token. */
enum kiosk_err report_read_token(const char *path, char *tok, size_t n,
                                 char *err, size_t errn) KIOSK_NODISCARD;

/* ---- building submissions (no network) --------------------------------- */

/* One completed screening, as the app passes it to store_save_screening. */
struct report_screening {
    const char *form_id;              /* instrument, e.g. "assist" */
    const char *form_version;         /* its version string */
    const char *language;             /* language it was answered in */
    int64_t completed;                /* completion time (rounded down to
                                         the hour in the submission) */
    int64_t seq;                      /* kiosk-wide screening number,
                                         from report_next_seq */
    const struct store_value *values; /* every calculate of the form */
    int n_values;
};

/** Builds the kiosk_screening instance XML for one screening. Only
 * calculates named *_score, *_risk, *_level (grouped by the name before the
 * suffix into one <measure> repeat per measure; a measure whose score and
 * band are both empty is left out), `injected` and `crafft_car` are used:
 * never answers. Generates a new instanceID "uuid:<v4>" (libsodium
 * randombytes) into instance_id. On success *xml is a malloc'd buffer of
 * *len bytes (NUL-terminated, the NUL not counted) that the caller frees;
 * pass it with instance_id as outbox_kind = REPORT_OUTBOX_KIND,
 * outbox_instance, outbox_body, outbox_len to store_save_screening.
 * KIOSK_EINVAL on missing or invalid (non-UTF-8) strings or too many
 * measures; on failure *xml is NULL. */
enum kiosk_err report_build_screening(const struct report_cfg *cfg,
                                      const struct report_screening *s,
                                      char **xml, size_t *len,
                                      char instance_id[REPORT_INSTANCE_ID_SIZE])
    KIOSK_NODISCARD;

/** The seq to give the next screening: 1 + every screening this kiosk ever
 * stored (store counts include purged ones, so it never goes back). Call on
 * the thread that saves screenings, just before building. */
enum kiosk_err report_next_seq(struct store *st, int64_t *seq)
    KIOSK_NODISCARD;

/** Builds the kiosk_daily instance XML for local day `day` (a store day
 * number) from the store's counts: visits by outcome, screenings by
 * instrument, by band and by language, tickets issued and attended.
 * quiz_plays < 0 leaves that field empty. The instanceID is derived from
 * the kiosk id and the day (a name-based UUID, version 8), so a day gets
 * the same id however often it is built. *xml as for
 * report_build_screening. */
enum kiosk_err report_build_daily(const struct report_cfg *cfg,
                                  struct store *st, int64_t day,
                                  int64_t quiz_plays, char **xml,
                                  size_t *len,
                                  char instance_id[REPORT_INSTANCE_ID_SIZE])
    KIOSK_NODISCARD;

/** Closes local day `day`: builds its kiosk_daily record and queues it in
 * the outbox in one transaction, created at `now`. A day already queued is
 * left alone (its instanceID is fixed by the day): *queued (may be NULL)
 * is 1 if this call queued it, 0 if it was there already. Close only days
 * that are over (e.g. every day since the last start up to yesterday). */
enum kiosk_err report_close_day(const struct report_cfg *cfg,
                                struct store *st, int64_t day,
                                int64_t quiz_plays, int64_t now,
                                int *queued) KIOSK_NODISCARD;

/* ---- the sender ---------------------------------------------------------- */

struct report_sender; /* opaque: a worker thread and its state */

/* Parked record, for the staff view. */
struct report_parked {
    char instance[64];   /* its instanceID */
    int http;            /* HTTP status that parked it */
    char reason[160];    /* Central's message, or ours */
};

/* What the staff view shows. Counters cover the time since report_start. */
struct report_status {
    int running;            /* 1 while the worker thread runs */
    int held;               /* 1 = stopped on 401/403 or a token problem:
                                re-provision, then "send now" */
    int queue_empty;        /* 1 = the last pass found nothing due */
    int64_t oldest_pending; /* created time of the first record still
                                waiting at the last pass, 0 = none */
    int64_t last_success;   /* time of the last 201/202, 0 = none yet */
    int64_t last_attempt;   /* time of the last request, 0 = none */
    int64_t next_attempt;   /* backoff: no request before this, 0 = none */
    int64_t sent;           /* records delivered */
    int64_t parked;         /* records parked (given up) */
    int64_t failures;       /* attempts that will be retried */
    int last_http;          /* status of the last response, 0 = none or a
                                network error */
    int64_t clock_skew;     /* server Date minus kiosk clock at the last
                                response, seconds (0 = unknown) */
    char last_error[256];   /* why the last attempt did not succeed, "" */
    struct report_parked recent[REPORT_RECENT]; /* newest first */
    int n_recent;
    uint64_t passes;        /* completed passes over the queue */
    uint64_t wakes;         /* report_wake/report_send_now calls so far */
    uint64_t wakes_served;  /* `wakes` as it was when the last completed
                                pass began: a pass has seen a wake w once
                                wakes_served >= w (tests wait on this) */
};

/** Starts the sender: copies cfg, opens its own connection to the store at
 * db_path (which must exist) on a new thread, and sends whatever is due
 * whenever woken, every cfg->interval_s, and when a backoff ends. Returns
 * NULL if cfg is disabled or invalid (see report_check_cfg) or on
 * allocation/thread failure. Token problems do not stop it: they show as
 * held in report_status. report_start calls curl_global_init, so call it
 * before other threads use libcurl. */
struct report_sender *report_start(const struct report_cfg *cfg,
                                   const char *db_path);

/** Tells the sender that new records were queued (cheap; call after each
 * store_save_screening with an outbox row). Respects backoff and hold. */
void report_wake(struct report_sender *s);

/** The staff "send now" button: ends any backoff or hold (e.g. after a new
 * token was put in the token file) and starts a pass at once. */
void report_send_now(struct report_sender *s);

/** Copies the current status (thread-safe, never blocks on the network). */
void report_status(struct report_sender *s, struct report_status *out);

/** Stops the worker (aborting a request in flight: that record stays
 * queued and is re-sent next time), closes its store and frees s. Returns
 * within about a second. NULL is allowed. */
void report_stop(struct report_sender *s);

#endif
