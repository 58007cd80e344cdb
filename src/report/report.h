/* Reporting to ODK Central: the kiosk as one more OpenRosa client.
 *
 * Two record forms are shipped in assets/report/ for staff to publish on
 * Central (report_write_forms fills in the province's public key):
 * kiosk_screening (one submission per completed screening: the form's
 * declared measures, score and band, never answers or flags) and
 * kiosk_daily (one per closed day: counts). This module
 *   - builds each submission and encrypts it at once with ODK's
 *     encrypted-form scheme for the province's RSA key (report_build_*),
 *     so that what the app stores in the outbox, in the same transaction
 *     as the screening or the day's close, is a manifest and ciphertext,
 *     never plaintext; queued bytes are never rebuilt;
 *   - runs a background sender (report_start) that POSTs the stored parts
 *     to {server}/v1/projects/{project}/submission with libcurl, in queue
 *     order, and acts on Central's answer: sent (201, 202 from Kobo), the
 *     whole sender backs off (network, 5xx), one form is held and retried
 *     with backoff (a missing or closed form or version, a 401 that is
 *     missing Form Access), everything is held until the token changes
 *     (403), or the record is parked for staff (400, a different record
 *     under the same id, a record deleted on the server).
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
#define REPORT_FORMS_VERSION "2026120201"
#define REPORT_OUTBOX_KIND "odk"     /* outbox kind of every record made here */
#define REPORT_INSTANCE_ID_SIZE 48   /* "uuid:" + 36 + NUL fits */
#define REPORT_MAX_MEASURES 64       /* measures in one screening */
#define REPORT_TOKEN_MAX 256         /* bytes in an app-user token */
#define REPORT_RECENT 8              /* parked records kept for staff */
#define REPORT_MAX_FORMS 4           /* forms the sender tracks holds for */

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
                                      days (site.ini utc_offset) */
    const char *public_key;        /* the province's RSA public key (2048 to
                                      4096 bits) as base64 DER
                                      SubjectPublicKeyInfo: the forms'
                                      base64RsaPublicKey. Every record is
                                      encrypted for it; required */
    /* Clock for the sender (tests inject one); NULL = time(NULL). Must be
     * callable from the sender thread. */
    int64_t (*clock)(void *ctx);
    void *clock_ctx;
};

/** Checks a configuration without touching the network or the token:
 * server URL shape (https, or http to a loopback host), project id, kiosk
 * id (1..63 bytes of [A-Za-z0-9._-]), versions (1..63 printable bytes),
 * interval, and the public key (report_check_public_key). On failure
 * writes a one-line English reason into err (may be NULL) and returns
 * KIOSK_EINVAL. */
enum kiosk_err report_check_cfg(const struct report_cfg *cfg, char *err,
                                size_t errn) KIOSK_NODISCARD;

/** Checks `b64` is an RSA public key of 2048 to 4096 bits given as base64
 * (no line breaks, no PEM armour) DER SubjectPublicKeyInfo, the format of
 * an XForm's base64RsaPublicKey. KIOSK_EINVAL with a one-line reason in
 * err (may be NULL) otherwise. */
enum kiosk_err report_check_public_key(const char *b64, char *err,
                                       size_t errn) KIOSK_NODISCARD;

/** Writes the two record XForms, ready to publish on Central, into
 * out_dir as kiosk_screening.xml and kiosk_daily.xml: the templates from
 * template_dir (assets/report) with cfg's form versions (NULL = the
 * default) on their primary instance and a <submission
 * base64RsaPublicKey="..."/> carrying cfg->public_key in their model, so
 * that Central knows every submission is encrypted. Only the versions,
 * the key and the public_key check of cfg are used. err (may be NULL)
 * gets a one-line reason on failure: KIOSK_EINVAL (key, version),
 * KIOSK_EPARSE (a template without its instance or model), KIOSK_EIO. */
enum kiosk_err report_write_forms(const struct report_cfg *cfg,
                                  const char *template_dir,
                                  const char *out_dir, char *err,
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

/* One encrypted submission: the two parts the outbox keeps and the sender
 * posts, exactly as built. */
struct report_record {
    char instance_id[REPORT_INSTANCE_ID_SIZE]; /* "uuid:..." */
    char form_id[32];          /* REPORT_SCREENING_FORM or REPORT_DAILY_FORM */
    unsigned char *manifest;   /* the xml_submission_file part (malloc'd) */
    size_t manifest_len;
    unsigned char *enc;        /* submission.xml.enc: the ciphertext */
    size_t enc_len;
};

/** Frees the parts of r and zeroes it (NULL is allowed). */
void report_record_free(struct report_record *r);

/** Fills *out to queue r with store_outbox_add or store_save_screening
 * (kind REPORT_OUTBOX_KIND). *out points into r: keep r until the store
 * call returns. */
void report_record_outbox(const struct report_record *r,
                          struct store_outbox_new *out);

/* One measure the screening's form declares: its band calculate and,
 * when it has one, its score calculate. The caller takes them from the
 * form's declaration (survey_form_measure_count, survey_measure_*), never
 * from calculate names. Flags are not measures here: they are counted in
 * the daily record only. */
struct report_measure {
    const char *name;  /* the band calculate's name, as the form declares */
    const char *score; /* its score's value; NULL or "" = none */
    const char *band;  /* its band's value; "" = not applicable */
};

/* One completed screening, as the app passes it to store_save_screening. */
struct report_screening {
    const char *form_id;              /* the instrument's form id */
    const char *form_version;         /* its version string */
    const char *language;             /* language it was answered in */
    int64_t completed;                /* completion time (rounded down to
                                         the hour in the submission) */
    int64_t seq;                      /* kiosk-wide screening number,
                                         from report_next_seq */
    const struct report_measure *measures; /* the form's band measures */
    int n_measures;                   /* 0..REPORT_MAX_MEASURES */
};

/** Builds the kiosk_screening record of one screening and encrypts it for
 * cfg->public_key: one <measure> repeat (measure_id, score, band) per
 * measure whose score or band is set, in the order given, and nothing
 * else of the form. A new instanceID "uuid:<v4>" is made. On success the
 * caller frees *out with report_record_free (first queue it:
 * report_record_outbox). KIOSK_EINVAL on missing or invalid (non-UTF-8)
 * strings, a measure without a name, too many measures or a bad key;
 * on failure *out is empty. */
enum kiosk_err report_build_screening(const struct report_cfg *cfg,
                                      const struct report_screening *s,
                                      struct report_record *out)
    KIOSK_NODISCARD;

/** The seq to give the next screening: 1 + every screening this kiosk ever
 * stored (store counts include purged ones, so it never goes back). Call on
 * the thread that saves screenings, just before building. */
enum kiosk_err report_next_seq(struct store *st, int64_t *seq)
    KIOSK_NODISCARD;

/* One counted group of a day. */
struct report_count {
    const char *instrument; /* form id (by instrument, by measure) */
    const char *name;       /* language (by language), measure (by
                               measure) */
    const char *value;      /* the band or flag value (by measure) */
    int64_t n;
};

/* The counts of one closed day, as kiosk_daily carries them. */
struct report_day {
    int64_t day;                      /* local day number */
    int64_t visits[STORE_OUTCOMES];   /* visits begun, by outcome */
    int64_t tickets_issued;
    int64_t tickets_attended;
    int64_t quiz_plays;               /* < 0 = not known (left empty) */
    const struct report_count *by_instrument; /* screenings per form */
    int n_instrument;
    const struct report_count *by_language;   /* screenings per language */
    int n_language;
    const struct report_count *by_measure;    /* screenings per declared
                                                 measure (bands AND flags)
                                                 and value */
    int n_measure;
};

/** Builds and encrypts the kiosk_daily record of d. Groups with n <= 0 and
 * measure rows with an empty value (nobody was in a band that day, e.g. a
 * substance nobody used) are left out. The instanceID is derived from the
 * kiosk id and the day (a name-based UUID, version 8), so a day gets the
 * same id however often it is built. *out as for report_build_screening. */
enum kiosk_err report_build_day(const struct report_cfg *cfg,
                                const struct report_day *d,
                                struct report_record *out) KIOSK_NODISCARD;

/** report_build_day for local day `day` with the store's counts: visits
 * by outcome, screenings by instrument, by measure and value, and by
 * language, tickets issued and attended. quiz_plays < 0 leaves that field
 * empty. */
enum kiosk_err report_build_daily(const struct report_cfg *cfg,
                                  struct store *st, int64_t day,
                                  int64_t quiz_plays,
                                  struct report_record *out) KIOSK_NODISCARD;

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

/* A form the sender holds back while the other goes on: the server said
 * the form, its version or the app user's access to it is missing, or the
 * form is closed. An administrator fixes these in a minute, so the form
 * is retried by itself with backoff (30 s doubling to 1 h), at once by
 * "send now", and (for 401) when the token file changes. */
struct report_form_hold {
    char form[32];       /* form id */
    int http;            /* status that put it on hold (401, 404, 409) */
    char problem[8];     /* Central's problem, e.g. "404.6", "409.2",
                            "401.2" (recognised from the message: the
                            OpenRosa path carries no code) */
    int64_t retry_at;    /* next try, time */
    int tries;           /* failed tries in a row */
    char reason[300];    /* for staff: what is wrong and who fixes it */
};

/* What the staff view shows. Counters cover the time since report_start. */
struct report_status {
    int running;            /* 1 while the worker thread runs */
    int held;               /* 1 = everything stopped on 403 or a token
                                file problem: fix the token, then "send
                                now" (or it goes by itself when the file
                                changes) */
    int queue_empty;        /* 1 = the last pass ended with nothing left
                                that it could send (held forms aside) */
    int64_t oldest_pending; /* created time of the first record still
                                waiting, 0 = none */
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
    struct report_form_hold holds[REPORT_MAX_FORMS]; /* forms on hold */
    int n_holds;
    struct store_outbox_counts outbox; /* the whole outbox after the last
                                pass: waiting, sent, parked (staff may
                                re-queue parked ones: store_outbox_requeue,
                                then report_send_now) */
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

/** The staff "send now" button: ends any backoff or hold, of the whole
 * sender and of every form (e.g. after a new token was put in the token
 * file, or a form was published), and starts a pass at once. Also what to
 * call after store_outbox_requeue. */
void report_send_now(struct report_sender *s);

/** Copies the current status (thread-safe, never blocks on the network). */
void report_status(struct report_sender *s, struct report_status *out);

/** Stops the worker (aborting a request in flight: that record stays
 * queued and is re-sent next time), closes its store and frees s. Returns
 * within about a second. NULL is allowed. */
void report_stop(struct report_sender *s);

#endif
