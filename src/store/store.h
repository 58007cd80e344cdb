/* The store: everything the kiosk keeps across power cuts, in one SQLite file.
 *
 * Visits, screenings (plaintext scores/bands for statistics, answers sealed
 * to the site public key), tickets, appointment slots, closed days, staff
 * accounts (each holding its own PIN-wrapped copy of the site secret key),
 * an append-only audit log and an outbox for the reporting module.
 *
 * Times are int64_t Unix seconds supplied by the caller (the app owns the
 * clock). "Days" are local day numbers: floor((t + day_offset) / 86400), with
 * day_offset from struct store_opts (25200 for Vietnam, UTC+7). Every write
 * returns only after its transaction has committed (WAL, synchronous=FULL).
 *
 * Functions that walk rows through a callback allow the callback to call
 * other store functions, but not the walk it was called from (each query is
 * a cached prepared statement). One struct store per thread.
 *
 * Errors: KIOSK_EFULL the disk (or page quota) is full; KIOSK_EDENIED the
 * store is read-only, a PIN is wrong or an account is locked, or a slot is
 * blocked / its day closed; KIOSK_EBUSY a slot is fully booked, a record is
 * still referenced, or the database is locked; KIOSK_ENOENT no such record;
 * KIOSK_EINVAL bad argument (including a duplicate ticket code); KIOSK_EIO
 * anything else SQLite or the file system reported. A failed write changes
 * nothing. See src/store/README.md for the schema and the privacy model. */
#ifndef KIOSK_STORE_STORE_H
#define KIOSK_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;     /* an open database connection (opaque) */
struct store_key; /* an unlocked site secret key, in sodium_malloc'd memory */

/* Argon2id limits for PIN-derived keys. Chosen so that one unlock takes
 * roughly half a second on a Raspberry Pi 4; see README.md for the figures
 * measured by bench/store. Tests pass the libsodium minimums instead. */
#define STORE_PWHASH_OPS 2ULL
#define STORE_PWHASH_MEM (64u * 1024u * 1024u)

#define STORE_PIN_MIN 6            /* PINs are 6..12 digits */
#define STORE_PIN_MAX 12
#define STORE_SETUP_CODE_MIN 8     /* a setup code has at least 8 chars */
#define STORE_FAILS_BEFORE_LOCK 5  /* wrong PINs before the account locks */
#define STORE_MAX_ANSWERS 65536    /* answer bytes per screening */
#define STORE_MAX_VALUES 256       /* calculates per screening */
#define STORE_MAX_NAME 64          /* bytes in a calculate name / form id */
#define STORE_MAX_VALUE 256        /* bytes in a calculate value */
#define STORE_MAX_OUTBOX_BODY (4 * 1024 * 1024)
#define STORE_MAX_TEXT 1024        /* audit detail, outbox error */

struct store_opts {
    const char *setup_code;        /* site.ini setup_code: wraps the site key
                                      made at first open; needed only then */
    unsigned long long pwhash_ops; /* Argon2id ops limit, 0 = default */
    size_t pwhash_mem;             /* Argon2id memory bytes, 0 = default */
    int read_only;                 /* 1 = open read-only, never migrate */
    int busy_timeout_ms;           /* 0 = 5000 */
    int day_offset;                /* seconds east of UTC for day numbers */
};

/** Opens (creating if needed) the database at `path`, applies pending
 * migrations (each in its own transaction) and, on a new database, makes the
 * site keypair and wraps its secret half with o->setup_code (KIOSK_EINVAL if
 * that is missing or shorter than STORE_SETUP_CODE_MIN). `o` may be NULL
 * for defaults when the database already exists. On success *out is a
 * handle the caller closes with store_close; on failure *out is NULL.
 * A read-only open of a database older than this build is KIOSK_EDENIED. */
enum kiosk_err store_open(const char *path, const struct store_opts *o,
                          struct store **out) KIOSK_NODISCARD;

/** Closes the database (NULL is allowed). Keys handed out stay valid and
 * must still be freed with store_key_free. */
void store_close(struct store *st);

/** The local day number of time t under the store's day_offset. */
int64_t store_day(const struct store *st, int64_t t);

/** Runs PRAGMA integrity_check. KIOSK_OK if SQLite answers "ok"; otherwise
 * KIOSK_EIO, and the first message is copied into msg (may be NULL). */
enum kiosk_err store_check(struct store *st, char *msg, size_t n)
    KIOSK_NODISCARD;

/* ---- visits ---------------------------------------------------------- */

enum store_outcome {
    STORE_VISIT_OPEN = 0,      /* begun, not yet ended */
    STORE_VISIT_COMPLETED = 1, /* visitor finished what they started */
    STORE_VISIT_LEFT = 2,      /* visitor pressed "finish" early */
    STORE_VISIT_IDLE = 3,      /* wiped by the idle timeout */
};
#define STORE_OUTCOMES 4

/** Records the start of a visit in `language`; *id receives its id. */
enum kiosk_err store_visit_begin(struct store *st, int64_t now,
                                 const char *language, int64_t *id)
    KIOSK_NODISCARD;

/** Ends visit `id` at `now` with `outcome` (not STORE_VISIT_OPEN).
 * `language` is the language at the end, NULL to keep the first one. */
enum kiosk_err store_visit_end(struct store *st, int64_t id, int64_t now,
                               enum store_outcome outcome,
                               const char *language) KIOSK_NODISCARD;

/* ---- screenings ------------------------------------------------------ */

struct store_outbox_new; /* an outbox record to queue (see the outbox) */

struct store_value {
    const char *name;  /* calculate name, e.g. "assist_risk" */
    const char *value; /* its value as text, e.g. "moderate" */
};

struct store_screening {
    int64_t visit_id;              /* 0 = not tied to a visit */
    const char *form_id;           /* e.g. "assist_lite" */
    const char *form_version;      /* the form's version string */
    const char *language;          /* language the form was answered in */
    int64_t time;                  /* completion time */
    const struct store_value *values; /* every calculate, in plaintext */
    int n_values;
    const unsigned char *answers;  /* raw answers: sealed, never stored */
    size_t answers_len;            /* plain, 1..STORE_MAX_ANSWERS */
    const struct store_outbox_new *outbox; /* NULL = no outbox row */
};

/** Stores one completed screening: the row, its calculates (those named
 * "*_risk" or "*_level" are counted as bands), the answers sealed to the
 * site public key and, if s->outbox is set, its outbox row, all in ONE
 * transaction. Returns after the commit; *id (may be NULL) gets the id. */
enum kiosk_err store_save_screening(struct store *st,
                                    const struct store_screening *s,
                                    int64_t *id) KIOSK_NODISCARD;

/* ---- tickets ----------------------------------------------------------- */

enum store_ticket_state {
    STORE_TICKET_ISSUED = 0,
    STORE_TICKET_ATTENDED = 1,
    STORE_TICKET_CANCELLED = 2,
};

struct store_ticket_new {
    const char *code;       /* from the ticket module, stored as given */
    int64_t slot_id;        /* 0 = walk-in ticket */
    int64_t created;
    const char *language;
    int64_t screening_id;   /* 0 = none */
};

struct store_ticket {
    int64_t id;
    char code[32];
    int64_t slot_id;        /* 0 = walk-in */
    int64_t slot_start;     /* 0 for walk-ins */
    int slot_length;        /* seconds, 0 for walk-ins */
    int64_t created;
    enum store_ticket_state state;
    int64_t state_changed;  /* time of the last state change */
    int printed;            /* how many times it was printed */
    char language[16];
    int64_t screening_id;   /* 0 = none (or purged) */
};

/** Inserts a ticket. With a slot: KIOSK_ENOENT no such slot, KIOSK_EDENIED
 * blocked slot or closed day, KIOSK_EBUSY slot fully booked (checked in the
 * same transaction). KIOSK_EINVAL if the code exists already or is longer
 * than 31 bytes. *id (may be NULL) receives the new id. */
enum kiosk_err store_ticket_insert(struct store *st,
                                   const struct store_ticket_new *t,
                                   int64_t *id) KIOSK_NODISCARD;

/** Looks a ticket up by its exact code; KIOSK_ENOENT if none. */
enum kiosk_err store_ticket_by_code(struct store *st, const char *code,
                                    struct store_ticket *out) KIOSK_NODISCARD;

/** Sets a ticket's state at time `now`. */
enum kiosk_err store_ticket_set_state(struct store *st, int64_t id,
                                      enum store_ticket_state state,
                                      int64_t now) KIOSK_NODISCARD;

/** Adds one to the printed count of ticket `id`. */
enum kiosk_err store_ticket_printed(struct store *st, int64_t id)
    KIOSK_NODISCARD;

/** Calls cb for every ticket of local day `day`: first appointments (slot
 * starting that day) by slot time, then walk-ins created that day by time.
 * A non-zero return from cb stops the walk early (still KIOSK_OK). */
enum kiosk_err store_tickets_for_day(struct store *st, int64_t day,
                                     int (*cb)(void *ctx,
                                               const struct store_ticket *t),
                                     void *ctx) KIOSK_NODISCARD;

/* ---- slots and closed days --------------------------------------------- */

struct store_slot {
    int64_t id;
    int64_t start;   /* Unix seconds */
    int length;      /* seconds */
    int capacity;    /* tickets it can take */
    int blocked;     /* 1 = staff blocked it */
    int booked;      /* tickets on it that are not cancelled */
};

/** Adds a slot; *id (may be NULL) receives its id. capacity >= 1,
 * length >= 60. */
enum kiosk_err store_slot_add(struct store *st, int64_t start, int length,
                              int capacity, int64_t *id) KIOSK_NODISCARD;

/** Blocks (1) or unblocks (0) a slot; existing tickets keep it. */
enum kiosk_err store_slot_block(struct store *st, int64_t id, int blocked)
    KIOSK_NODISCARD;

/** Removes a slot that no ticket refers to (KIOSK_EBUSY otherwise). */
enum kiosk_err store_slot_remove(struct store *st, int64_t id)
    KIOSK_NODISCARD;

/** Fills out[0..cap) with the slots starting on local day `day`, by start
 * time, and sets *n. KIOSK_ETOOBIG (with the first cap filled) if more. */
enum kiosk_err store_slots_for_day(struct store *st, int64_t day,
                                   struct store_slot *out, int cap, int *n)
    KIOSK_NODISCARD;

/** Marks local day `day` closed (reason may be NULL); idempotent. */
enum kiosk_err store_closed_day_add(struct store *st, int64_t day,
                                    const char *reason) KIOSK_NODISCARD;

/** Re-opens local day `day`; KIOSK_ENOENT if it was not closed. */
enum kiosk_err store_closed_day_remove(struct store *st, int64_t day)
    KIOSK_NODISCARD;

/** *closed = 1 if local day `day` is closed, else 0. */
enum kiosk_err store_closed_day_is(struct store *st, int64_t day,
                                   int *closed) KIOSK_NODISCARD;

/** Fills days[0..cap) with the closed days in [from_day, to_day). */
enum kiosk_err store_closed_days(struct store *st, int64_t from_day,
                                 int64_t to_day, int64_t *days, int cap,
                                 int *n) KIOSK_NODISCARD;

/* ---- staff and keys -------------------------------------------------- */

struct store_staff {
    int64_t id;
    char name[64];
    int failed;          /* wrong PINs since the last good one */
    int64_t lock_until;  /* 0 or the time the lock ends */
    int64_t created;
};

/** *n = number of staff accounts. */
enum kiosk_err store_staff_count(struct store *st, int *n) KIOSK_NODISCARD;

/** Fills out[0..cap) with the accounts by name; KIOSK_ETOOBIG if more. */
enum kiosk_err store_staff_list(struct store *st, struct store_staff *out,
                                int cap, int *n) KIOSK_NODISCARD;

/** Creates the first staff account. Unwraps the site key with the setup
 * code, re-wraps it with `pin`, then deletes the setup-code copy (wiped from
 * the file and checkpointed out of the WAL), in one transaction.
 * KIOSK_EBUSY if an account exists, KIOSK_EDENIED wrong setup code,
 * KIOSK_EINVAL bad name or PIN. *id (may be NULL) receives the id. */
enum kiosk_err store_staff_create_first(struct store *st,
                                        const char *setup_code,
                                        const char *name, const char *pin,
                                        int64_t now, int64_t *id)
    KIOSK_NODISCARD;

/** Adds an account; needs an unlocked key (someone is logged in). Its PIN
 * wraps a new copy of the site key. The action is audited under the
 * unlocking staff member. KIOSK_EINVAL on a duplicate name or bad PIN. */
enum kiosk_err store_staff_add(struct store *st, const struct store_key *k,
                               const char *name, const char *pin,
                               int64_t now, int64_t *id) KIOSK_NODISCARD;

/** Checks `pin` for account `id` at time `now`. On success *out is a new
 * key handle (free with store_key_free) and the fail count resets. A wrong
 * PIN is KIOSK_EDENIED; the attempt is counted (and committed) BEFORE the
 * PIN is checked, so cutting power cannot erase it. From the
 * STORE_FAILS_BEFORE_LOCK-th failure on, the account is locked until
 * now + 60 s * 2^(fails - 5) (capped at 1 h); while locked every attempt is
 * KIOSK_EDENIED without checking. Failures and locks are audited. */
enum kiosk_err store_staff_unlock(struct store *st, int64_t id,
                                  const char *pin, int64_t now,
                                  struct store_key **out) KIOSK_NODISCARD;

/** Re-wraps the key copy of account `id` with new_pin. Needs that account's
 * old PIN (checked like store_staff_unlock). Other accounts are unchanged. */
enum kiosk_err store_staff_change_pin(struct store *st, int64_t id,
                                      const char *old_pin,
                                      const char *new_pin, int64_t now)
    KIOSK_NODISCARD;

/** Removes account `id` (KIOSK_EBUSY if it is the last one), audited under
 * the unlocked key's staff member. */
enum kiosk_err store_staff_remove(struct store *st, const struct store_key *k,
                                  int64_t id, int64_t now) KIOSK_NODISCARD;

/** The staff id that unlocked key k. */
int64_t store_key_staff(const struct store_key *k);

/** Wipes and frees an unlocked key (NULL allowed). Call on lock/timeout. */
void store_key_free(struct store_key *k);

/** Decrypts the answers of screening `id` with an unlocked key. On success
 * *bytes is a sodium_malloc'd buffer of *len bytes that the caller releases
 * with store_answers_free (which wipes it). */
enum kiosk_err store_open_answers(struct store *st, const struct store_key *k,
                                  int64_t id, unsigned char **bytes,
                                  size_t *len) KIOSK_NODISCARD;

/** Wipes and frees answers from store_open_answers (NULL allowed). */
void store_answers_free(unsigned char *bytes);

/* ---- audit log (append-only) ------------------------------------------- */

struct store_audit {
    int64_t id;
    int64_t time;
    int64_t staff_id;   /* 0 = no staff member (system, setup) */
    char action[32];
    char detail[256];   /* truncated copy of the stored detail */
};

/** Appends an entry; there is deliberately no way to edit or delete one
 * (triggers in the schema refuse UPDATE and DELETE). */
enum kiosk_err store_audit_add(struct store *st, int64_t now,
                               int64_t staff_id, const char *action,
                               const char *detail) KIOSK_NODISCARD;

/** Fills out[0..cap) with entries whose id < before_id (0 = newest),
 * newest first; *n gets the count. Page by passing the last id back. */
enum kiosk_err store_audit_list(struct store *st, int64_t before_id,
                                struct store_audit *out, int cap, int *n)
    KIOSK_NODISCARD;

/* ---- outbox ------------------------------------------------------------ */

/* Records waiting to be sent by the report module. Each is the exact bytes
 * to post, made once: a body (for ODK, the encrypted submission's manifest)
 * and an optional attachment (the ciphertext). The queue is taken in the
 * order records were added, whatever their times say. */

enum store_outbox_state {
    STORE_OUTBOX_PENDING = 0,   /* waiting to be sent */
    STORE_OUTBOX_SENT = 1,      /* accepted by the server */
    STORE_OUTBOX_FAILED = 2,    /* parked: not retried until staff re-queue */
};

#define STORE_OUTBOX_SKIP_MAX 4 /* forms store_outbox_next can skip */

/* A record to queue. Strings are copied during the call. */
struct store_outbox_new {
    const char *kind;           /* e.g. "odk"; 1..31 bytes */
    const char *form;           /* the form it is for, 0..63 bytes ("" =
                                   none); the sender holds forms by it */
    const char *instance;       /* unique id, NULL = a generated "uuid:..." */
    const unsigned char *body;  /* first part; len <= STORE_MAX_OUTBOX_BODY */
    size_t len;
    const unsigned char *att;   /* second part, NULL = none */
    size_t att_len;             /* <= STORE_MAX_OUTBOX_BODY */
};

struct store_outbox_item {
    int64_t id;                 /* queue position: higher = added later */
    char kind[32];
    char form[64];
    char instance[64];
    unsigned char *body;        /* malloc'd; store_outbox_item_clear frees */
    size_t len;
    unsigned char *att;         /* malloc'd, NULL = no attachment */
    size_t att_len;
    int64_t created;
    int attempts;
    char last_error[256];
};

/** Queues a record outside a screening (e.g. a closed day) at time now;
 * *id (may be NULL) gets its queue position. KIOSK_EINVAL for a bad
 * argument or an instance id already queued (nothing is written). */
enum kiosk_err store_outbox_add(struct store *st,
                                const struct store_outbox_new *rec,
                                int64_t now, int64_t *id) KIOSK_NODISCARD;

/** The first pending record after queue position after_id (0 = from the
 * start) whose form is none of skip[0..n_skip) (n_skip <=
 * STORE_OUTBOX_SKIP_MAX; skip may be NULL when n_skip is 0). Times play no
 * part. KIOSK_ENOENT if there is none. The caller clears *it with
 * store_outbox_item_clear. */
enum kiosk_err store_outbox_next(struct store *st, int64_t after_id,
                                 const char *const *skip, int n_skip,
                                 struct store_outbox_item *it)
    KIOSK_NODISCARD;

/** Records an attempt on pending record id at time `when`: `state` SENT or
 * FAILED ends it, PENDING leaves it queued at its place. `error` (may be
 * NULL) is kept as the last error. Each call adds one to the attempt
 * count. KIOSK_ENOENT if id is not pending. */
enum kiosk_err store_outbox_mark(struct store *st, int64_t id,
                                 enum store_outbox_state state,
                                 int64_t when, const char *error)
    KIOSK_NODISCARD;

/** Staff re-queue parked records: every FAILED record goes back to PENDING
 * at its old place in the queue, its last error kept with "re-queued: "
 * in front. *n (may be NULL) gets how many. */
enum kiosk_err store_outbox_requeue(struct store *st, int *n)
    KIOSK_NODISCARD;

/* What the outbox holds, for the staff screen. */
struct store_outbox_counts {
    int64_t pending;            /* waiting to be sent */
    int64_t sent;               /* sent and not yet purged */
    int64_t failed;             /* parked: staff can re-queue them */
    int64_t oldest_pending;     /* created time of the first waiting
                                   record, 0 = none */
};

/** Fills *out. */
enum kiosk_err store_outbox_counts(struct store *st,
                                   struct store_outbox_counts *out)
    KIOSK_NODISCARD;

/** Frees the parts of an item and zeroes it. */
void store_outbox_item_clear(struct store_outbox_item *it);

/* ---- statistics, retention and export ---------------------------------- */

/* One counted group. Which fields are set depends on the query. */
struct store_count {
    const char *form_id;  /* by form, by band */
    const char *name;     /* band calculate name, or language */
    const char *value;    /* band value */
    int64_t n;
};

typedef int (*store_count_cb)(void *ctx, const struct store_count *c);

/** Screenings per form in local days [from_day, to_day) (cb gets form_id
 * and n). Counts read the aggregate table and live rows, so purging never
 * changes them. Groups with n == 0 are skipped. */
enum kiosk_err store_count_by_form(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx) KIOSK_NODISCARD;

/** Screenings per language (cb gets name = language code and n). */
enum kiosk_err store_count_by_language(struct store *st, int64_t from_day,
                                       int64_t to_day, store_count_cb cb,
                                       void *ctx) KIOSK_NODISCARD;

/** Screenings per band: form_id, name (the *_risk / *_level calculate),
 * value (the band) and n. */
enum kiosk_err store_count_by_band(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx) KIOSK_NODISCARD;

struct store_totals {
    int64_t visits[STORE_OUTCOMES]; /* visits begun, by outcome */
    int64_t tickets_issued;         /* tickets created in the period */
    int64_t tickets_attended;       /* tickets marked attended in it */
};

/** Visits and ticket totals for local days [from_day, to_day). */
enum kiosk_err store_totals(struct store *st, int64_t from_day,
                            int64_t to_day, struct store_totals *out)
    KIOSK_NODISCARD;

/** Deletes up to `batch` of the oldest records (screenings with their
 * values, visits, tickets, unused slots, old closed days, outbox rows)
 * created before now - retention_days, in one short transaction, after
 * first adding them to the aggregate statistics. *deleted (may be NULL)
 * gets the number deleted; call again until it is 0. Audit rows are kept. */
enum kiosk_err store_purge(struct store *st, int64_t now, int retention_days,
                           int batch, int *deleted) KIOSK_NODISCARD;

/* A screening as exported (never the answers). */
struct store_screening_row {
    int64_t id;
    int64_t visit_id;
    const char *form_id;
    const char *form_version;
    const char *language;
    int64_t time;
    const struct store_value *values;
    int n_values;
};

/** Calls cb for every live screening in local days [from_day, to_day), by
 * time, with its calculates. A non-zero cb return stops the walk. Pointers
 * are valid only during the call. */
enum kiosk_err store_export_screenings(struct store *st, int64_t from_day,
                                       int64_t to_day,
                                       int (*cb)(void *ctx,
                                           const struct store_screening_row *r),
                                       void *ctx) KIOSK_NODISCARD;

/** Calls cb for every live ticket created in local days [from_day, to_day),
 * by creation time. A non-zero cb return stops the walk. */
enum kiosk_err store_export_tickets(struct store *st, int64_t from_day,
                                    int64_t to_day,
                                    int (*cb)(void *ctx,
                                              const struct store_ticket *t),
                                    void *ctx) KIOSK_NODISCARD;

#endif
