/* The store: everything the kiosk keeps across power cuts, in one SQLite file.
 *
 * What is readable without a key is COUNTS: the tally table (per day and
 * language: screenings per form, values of each form's declared measures,
 * visits begun and how they ended), tickets and their slots, closed days,
 * staff names, the audit log and the outbox (which holds only what the
 * report module encrypted for the province). Each screening is one sealed
 * record (form, version, language, time, every calculate, the answers):
 * crypto_box_seal to the site public key, whose secret half exists only
 * wrapped by a staff member's PIN and staff card together (Argon2id). A
 * stolen SD card therefore yields counts, never a person's result.
 *
 * Times are int64_t Unix seconds supplied by the caller (the app owns the
 * clock). "Days" are local day numbers: floor((t + day_offset) / 86400), with
 * day_offset from struct store_opts (site.ini utc_offset: +07:00 in Vietnam,
 * UTC+7; core/date.h date_day). Every write
 * returns only after its transaction has committed (WAL, synchronous=FULL).
 *
 * Functions that walk rows through a callback allow the callback to call
 * other store functions, but not the walk it was called from (each query is
 * a cached prepared statement). One struct store per thread.
 *
 * Errors, one meaning each (core/err.h): KIOSK_EFULL the disk (or page
 * quota) is full; KIOSK_EREADONLY the store only reads; KIOSK_EDENIED a
 * PIN, card, setup code or key is wrong; KIOSK_ELOCKED locked out after
 * wrong secrets; KIOSK_ECLOSED a slot is blocked or its day closed;
 * KIOSK_EBOOKED a slot is fully booked; KIOSK_EINUSE a record is still
 * needed (a slot with tickets, the last account); KIOSK_EBUSY another
 * connection holds the database; KIOSK_ENOENT no such record; KIOSK_EEXIST
 * a ticket code, account or card that exists already; KIOSK_EINVAL a bad
 * argument; KIOSK_EIO anything else SQLite or the file system reported. A
 * failed write changes nothing.
 * See src/store/README.md for the schema and the privacy model. */
#ifndef KIOSK_STORE_STORE_H
#define KIOSK_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;     /* an open database connection (opaque) */
struct store_key; /* an unlocked site secret key, in sodium_malloc'd memory */

/* Argon2id limits for staff keys. Chosen so that one unlock takes roughly
 * half a second on a Raspberry Pi 4; see README.md for the figures measured
 * by bench/store. Tests pass the libsodium minimums instead. */
#define STORE_PWHASH_OPS 2ULL
#define STORE_PWHASH_MEM (64u * 1024u * 1024u)

#define STORE_PIN_MIN 6            /* PINs are 6..12 digits */
#define STORE_PIN_MAX 12
#define STORE_CARD_BYTES 32        /* a staff card: 256 random bits */
#define STORE_SETUP_CODE_MIN 8     /* a setup code has at least 8 chars */
#define STORE_FAILS_BEFORE_LOCK 5  /* wrong secrets before a lock */
#define STORE_MAX_ANSWERS 65536    /* answer bytes per screening */
#define STORE_MAX_VALUES 256       /* calculates per screening */
#define STORE_MAX_TALLIES 256      /* counted measure values per screening */
#define STORE_MAX_NAME 64          /* bytes in a calculate name / form id */
#define STORE_MAX_VALUE 256        /* bytes in a calculate value */
#define STORE_MAX_OUTBOX_BODY (4 * 1024 * 1024)
#define STORE_MAX_TEXT 1024        /* audit detail, outbox error */
#define STORE_MAX_STAFF 1000       /* staff accounts */

struct store_opts {
    const char *setup_code;        /* site.ini setup_code: allows making the
                                      first staff account (never a key);
                                      NULL = no first account can be made */
    unsigned long long pwhash_ops; /* Argon2id ops limit, 0 = default */
    size_t pwhash_mem;             /* Argon2id memory bytes, 0 = default */
    int read_only;                 /* 1 = open read-only, never migrate */
    int busy_timeout_ms;           /* 0 = 5000 */
    int day_offset;                /* seconds east of UTC for day numbers */
};

/** Opens (creating if needed) the database at `path` and applies pending
 * migrations (each in its own transaction; a database from before version
 * 6 has its screenings re-sealed). On success *out is a handle the caller
 * closes with store_close; on failure *out is NULL. A read-only open of a
 * database older than this build is KIOSK_EREADONLY; a database written by a
 * newer build is KIOSK_EINVAL. This does not check the file's integrity:
 * see store_open_checked. */
enum kiosk_err store_open(const char *path, const struct store_opts *o,
                          struct store **out) KIOSK_NODISCARD;

/* What store_open_checked found and did; every field is for staff. */
struct store_start {
    int damaged;          /* quick_check failed: the file was moved aside */
    int lost;             /* this kiosk had a database here (its id is in
                             the marker beside it) and it is missing, empty
                             or another one: a new one was started */
    int zero_length;      /* the file was there but empty (moved aside) */
    char moved_to[600];   /* where the damaged/empty file went, or "" */
    char detail[256];     /* quick_check's first message, or why lost */
};

/** store_open for the app: loss is never silent. The marker file
 * `<path>.id` beside the database holds the id of the database this kiosk
 * uses. A file that fails PRAGMA quick_check, or that exists with zero
 * length, is renamed (with its -wal and -shm) to
 * `<path>.damaged-<YYYYMMDD-HHMMSS>` — never deleted — and a new database
 * is started. A missing database where the marker says there was one, or a
 * database whose id differs from the marker, is reported the same way.
 * Each such event is also written as a notice into the database that is
 * opened (store_notices), so staff see it on every login until one of them
 * acknowledges it. `now` stamps the notice and the moved file's name. */
enum kiosk_err store_open_checked(const char *path,
                                  const struct store_opts *o, int64_t now,
                                  struct store **out,
                                  struct store_start *found) KIOSK_NODISCARD;

/** Closes the database (NULL is allowed). Keys handed out stay valid and
 * must still be freed with store_key_free. */
void store_close(struct store *st);

/** How many statements this connection has run since it opened: a
 * benchmark's way to see that a screen reads nothing while it redraws. */
uint64_t store_queries(const struct store *st);

/** 1 if the database only serves reads (opened read-only, or its file or
 * folder is not writable): every write then returns KIOSK_EREADONLY. */
int store_read_only(const struct store *st);

/** The local day number of time t under the store's day_offset. */
int64_t store_day(const struct store *st, int64_t t);

/** Runs PRAGMA integrity_check (full = 1) or quick_check (full = 0).
 * KIOSK_OK if SQLite answers "ok"; otherwise KIOSK_EIO, and the first
 * message is copied into msg (may be NULL). */
enum kiosk_err store_check(struct store *st, int full, char *msg, size_t n)
    KIOSK_NODISCARD;

/* ---- notices for staff ------------------------------------------------- */

struct store_notice {
    int64_t id;
    int64_t time;
    char kind[32];      /* "database_damaged", "database_lost", ... */
    char detail[256];
};

/** Adds a notice that staff must see (shown until acknowledged). */
enum kiosk_err store_notice_add(struct store *st, int64_t now,
                                const char *kind, const char *detail)
    KIOSK_NODISCARD;

/** Fills out[0..cap) with the notices nobody acknowledged yet, oldest
 * first; *n gets the count (KIOSK_ETOOBIG with cap filled if more). */
enum kiosk_err store_notices(struct store *st, struct store_notice *out,
                             int cap, int *n) KIOSK_NODISCARD;

/** Marks notice `id` as read by staff member `staff_id`, audited in the
 * same transaction. */
enum kiosk_err store_notice_ack(struct store *st, int64_t id,
                                int64_t staff_id, int64_t now)
    KIOSK_NODISCARD;

/* ---- visits (counted, never stored as rows) --------------------------- */

enum store_outcome {
    STORE_VISIT_INTERRUPTED = 0, /* begun, never ended (power cut, crash) */
    STORE_VISIT_COMPLETED = 1,   /* visitor finished what they started */
    STORE_VISIT_LEFT = 2,        /* visitor pressed "finish" early */
    STORE_VISIT_IDLE = 3,        /* wiped by the idle timeout */
};
#define STORE_OUTCOMES 4

/** Counts one visit begun at `now`. */
enum kiosk_err store_visit_begin(struct store *st, int64_t now)
    KIOSK_NODISCARD;

/** Counts how the visit begun at `begun` ended (not INTERRUPTED), on the
 * day it began, under `language` (the language at the end). A visit that
 * is begun and never ended counts as interrupted. */
enum kiosk_err store_visit_end(struct store *st, int64_t begun,
                               enum store_outcome outcome,
                               const char *language) KIOSK_NODISCARD;

/** Counts one call for staff from the Talk now screen at `now` (a count
 * per day, nothing about who called). */
enum kiosk_err store_staff_call(struct store *st, int64_t now)
    KIOSK_NODISCARD;

/* ---- screenings ------------------------------------------------------ */

struct store_outbox_new; /* an outbox record to queue (see the outbox) */

struct store_value {
    const char *name;  /* calculate name, e.g. "alcohol_risk" */
    const char *value; /* its value as text, e.g. "moderate" */
};

struct store_screening {
    const char *form_id;           /* e.g. "assist" */
    const char *form_version;      /* the form's version string */
    const char *language;          /* language the form was answered in */
    int64_t time;                  /* completion time */
    const struct store_value *tallies; /* the form's DECLARED measures with
                                      a value: counted in clear per day and
                                      language (values "" are skipped) */
    int n_tallies;
    const struct store_value *values; /* every calculate: sealed */
    int n_values;
    const unsigned char *answers;  /* raw answers: sealed */
    size_t answers_len;            /* 0..STORE_MAX_ANSWERS */
    const struct store_outbox_new *outbox; /* NULL = no outbox row */
};

/** Stores one completed screening in ONE transaction: the counts (kind 1:
 * the form in its language; kind 2: each tally), the sealed record (form,
 * version, language, time, values, answers) when the site has a key, and
 * the outbox row when s->outbox is set. Before the first staff account
 * there is no site key: nothing but the counts (and the outbox row) is
 * kept and *id is 0. Returns after the commit; *id (may be NULL) gets the
 * sealed record's id. */
enum kiosk_err store_save_screening(struct store *st,
                                    const struct store_screening *s,
                                    int64_t *id) KIOSK_NODISCARD;

/** 1 if screenings are being sealed and kept (a site key exists, i.e. a
 * staff account was made), 0 if only counts are kept. */
int store_keeps_answers(const struct store *st);

/* A sealed screening record, opened with a staff key. Every byte lives in
 * sodium_malloc'd memory, wiped by store_opened_free. */
struct store_opened {
    char form_id[STORE_MAX_NAME + 1];
    char form_version[STORE_MAX_NAME + 1];
    char language[16];
    int64_t time;
    int n_values;
    struct store_value values[STORE_MAX_VALUES]; /* point into text[] */
    const char *answers;   /* "name=value\n" lines as the app encoded them
                              (NUL-terminated), "" when none */
    size_t answers_len;
    int legacy;            /* 1 = saved before version 6 */
    char *text;            /* storage behind the pointers */
    char *text2;           /* ... and behind legacy answers */
};


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

/* Staff actions below take `staff_id`: the staff member doing it, who is
 * written to the audit log in the SAME transaction as the change (a failed
 * audit fails the action); 0 = done by the kiosk for a visitor, not
 * audited. */

/** Inserts a ticket. With a slot: KIOSK_ENOENT no such slot, KIOSK_ECLOSED
 * blocked slot or closed day, KIOSK_EBOOKED slot fully booked (checked in
 * the same transaction). KIOSK_EEXIST if the code exists already, KIOSK_EINVAL
 * if it is longer than 31 bytes. *id (may be NULL) receives the new id. */
enum kiosk_err store_ticket_insert(struct store *st,
                                   const struct store_ticket_new *t,
                                   int64_t *id) KIOSK_NODISCARD;

/** Looks a ticket up by its exact code; KIOSK_ENOENT if none. */
enum kiosk_err store_ticket_by_code(struct store *st, const char *code,
                                    struct store_ticket *out) KIOSK_NODISCARD;

/** Sets a ticket's state at time `now` (audited: "attended", "cancel",
 * "reissue" with the code). */
enum kiosk_err store_ticket_set_state(struct store *st, int64_t id,
                                      enum store_ticket_state state,
                                      int64_t now, int64_t staff_id)
    KIOSK_NODISCARD;

/** Adds one to the printed count of ticket `id` (audited as "reprint"). */
enum kiosk_err store_ticket_printed(struct store *st, int64_t id,
                                    int64_t now, int64_t staff_id)
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
                              int capacity, int64_t now, int64_t staff_id,
                              int64_t *id) KIOSK_NODISCARD;

/** Blocks (1) or unblocks (0) a slot; existing tickets keep it. */
enum kiosk_err store_slot_block(struct store *st, int64_t id, int blocked,
                                int64_t now, int64_t staff_id)
    KIOSK_NODISCARD;

/** Removes a slot that no ticket refers to (KIOSK_EINUSE otherwise). */
enum kiosk_err store_slot_remove(struct store *st, int64_t id, int64_t now,
                                 int64_t staff_id) KIOSK_NODISCARD;

/** Fills out[0..cap) with the slots starting on local day `day`, by start
 * time, and sets *n. KIOSK_ETOOBIG (with the first cap filled) if more. */
enum kiosk_err store_slots_for_day(struct store *st, int64_t day,
                                   struct store_slot *out, int cap, int *n)
    KIOSK_NODISCARD;

/** Marks local day `day` closed (reason may be NULL); idempotent. */
enum kiosk_err store_closed_day_add(struct store *st, int64_t day,
                                    const char *reason, int64_t now,
                                    int64_t staff_id) KIOSK_NODISCARD;

/** Re-opens local day `day`; KIOSK_ENOENT if it was not closed. */
enum kiosk_err store_closed_day_remove(struct store *st, int64_t day,
                                       int64_t now, int64_t staff_id)
    KIOSK_NODISCARD;

/** *closed = 1 if local day `day` is closed, else 0. */
enum kiosk_err store_closed_day_is(struct store *st, int64_t day,
                                   int *closed) KIOSK_NODISCARD;

/** Fills days[0..cap) with the closed days in [from_day, to_day). */
enum kiosk_err store_closed_days(struct store *st, int64_t from_day,
                                 int64_t to_day, int64_t *days, int cap,
                                 int *n) KIOSK_NODISCARD;

/* ---- staff and keys -------------------------------------------------- */

/* Each account holds its own copy of the site secret key, wrapped with
 * key = Argon2id(PIN + staff card) — the card being 256 random bits printed
 * as a QR when the account is made, so the SD card alone, the PIN alone or
 * the staff card alone unlock nothing offline. Accounts made before
 * schema version 6 (has_card = 0) are wrapped by the PIN alone until their
 * next login re-wraps them with a new card (store_staff_rewrap). */

struct store_staff {
    int64_t id;
    char name[64];
    int failed;          /* wrong secrets since the last good one */
    int64_t lock_until;  /* 0 or the time the lock ends */
    int64_t created;
    int has_card;        /* 0 = PIN-only copy from before version 6 */
};

/** *n = number of staff accounts. */
enum kiosk_err store_staff_count(struct store *st, int *n) KIOSK_NODISCARD;

/** Fills out[0..cap) with the accounts by name; KIOSK_ETOOBIG (with cap
 * filled) if there are more. */
enum kiosk_err store_staff_list(struct store *st, struct store_staff *out,
                                int cap, int *n) KIOSK_NODISCARD;

/** Reads account `id` (KIOSK_ENOENT if none). */
enum kiosk_err store_staff_get(struct store *st, int64_t id,
                               struct store_staff *out) KIOSK_NODISCARD;

/** The account whose staff card is `card` (KIOSK_ENOENT: no such card). */
enum kiosk_err store_staff_by_card(struct store *st,
                                   const unsigned char card[STORE_CARD_BYTES],
                                   int64_t *id) KIOSK_NODISCARD;

/** Checks the setup code typed for the first account against site.ini's
 * (store_opts.setup_code), counting the attempt first (committed, like a
 * PIN): KIOSK_OK right, KIOSK_EDENIED wrong, KIOSK_ELOCKED locked (after
 * STORE_FAILS_BEFORE_LOCK wrong codes, for growing times, as for PINs),
 * KIOSK_EEXIST an account exists already (the code is spent), KIOSK_ENOENT
 * the site has no setup code. Audited. */
enum kiosk_err store_setup_check(struct store *st, const char *typed,
                                 int64_t now) KIOSK_NODISCARD;

/** Creates the first staff account after a right setup code (checked again
 * here, counted like store_setup_check): makes the site keypair, wraps its
 * secret half with `pin` + `card`, in one transaction with the audit row.
 * Screenings are sealed and kept from then on. KIOSK_EEXIST if an account
 * exists, KIOSK_EDENIED / KIOSK_ELOCKED as store_setup_check, KIOSK_EINVAL
 * bad name or PIN. *id (may be NULL) receives the id. */
enum kiosk_err store_staff_create_first(struct store *st,
                                        const char *setup_code,
                                        const char *name, const char *pin,
                                        const unsigned char
                                            card[STORE_CARD_BYTES],
                                        int64_t now, int64_t *id)
    KIOSK_NODISCARD;

/** Adds an account; needs an unlocked key (someone is logged in). Its PIN
 * and card wrap a new copy of the site key. Audited under the unlocking
 * staff member. KIOSK_EEXIST on a duplicate name or card, KIOSK_EINVAL on a
 * bad PIN, KIOSK_ETOOBIG past STORE_MAX_STAFF accounts. */
enum kiosk_err store_staff_add(struct store *st, const struct store_key *k,
                               const char *name, const char *pin,
                               const unsigned char card[STORE_CARD_BYTES],
                               int64_t now, int64_t *id) KIOSK_NODISCARD;

/** Checks `pin` and `card` (NULL for an account without a card) for
 * account `id` at time `now`. On success *out is a new key handle (free
 * with store_key_free), the fail count resets and the login is audited.
 * The attempt is counted (and committed) BEFORE it is checked, so cutting
 * power cannot erase it. KIOSK_EDENIED wrong PIN or card, KIOSK_ELOCKED
 * while locked (every attempt refused unchecked; from the
 * STORE_FAILS_BEFORE_LOCK-th failure the lock lasts 60 s * 2^(fails - 5),
 * capped at 1 h). Failures and locks are audited. */
enum kiosk_err store_staff_unlock(struct store *st, int64_t id,
                                  const char *pin,
                                  const unsigned char *card, int64_t now,
                                  struct store_key **out) KIOSK_NODISCARD;

/** Re-wraps the key copy of account `id` with new_pin + new_card, with an
 * unlocked key (audited under its staff member): a new card for a member
 * who lost theirs, a forgotten PIN, or the first card of an account from
 * before version 6. The old copy is wiped from the file and the WAL.
 * KIOSK_EEXIST if the card belongs to another account. */
enum kiosk_err store_staff_rewrap(struct store *st, const struct store_key *k,
                                  int64_t id, const char *new_pin,
                                  const unsigned char
                                      new_card[STORE_CARD_BYTES],
                                  int64_t now) KIOSK_NODISCARD;

/** Removes account `id` (KIOSK_EINUSE if it is the last one), audited under
 * the unlocked key's staff member. */
enum kiosk_err store_staff_remove(struct store *st, const struct store_key *k,
                                  int64_t id, int64_t now) KIOSK_NODISCARD;

/** The staff id that unlocked key k. */
int64_t store_key_staff(const struct store_key *k);

/** Wipes and frees an unlocked key (NULL allowed). Call on lock/timeout. */
void store_key_free(struct store_key *k);

/** Opens the sealed record of screening `id` with an unlocked key; the
 * opening is audited ("answers" with `what`, e.g. the ticket code) in a
 * transaction committed BEFORE anything is decrypted (no audit, no
 * answers). On success *out is a sodium_malloc'd record that the caller
 * releases with store_opened_free (which wipes it). KIOSK_ENOENT no such
 * screening (or purged); KIOSK_EIO a record this key cannot open. */
enum kiosk_err store_open_screening(struct store *st,
                                    const struct store_key *k, int64_t id,
                                    const char *what, int64_t now,
                                    struct store_opened **out)
    KIOSK_NODISCARD;

/** Wipes and frees a record from store_open_screening (NULL allowed). */
void store_opened_free(struct store_opened *o);

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
 * argument, KIOSK_EEXIST for an instance id already queued (nothing is
 * written either way). */
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
 * in front (audited as "requeue" under staff_id in the same transaction;
 * 0 = not audited). *n (may be NULL) gets how many. */
enum kiosk_err store_outbox_requeue(struct store *st, int64_t now,
                                    int64_t staff_id, int *n)
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

/* ---- statistics and retention ------------------------------------------ */

/* One counted group. Which fields are set depends on the query. */
struct store_count {
    const char *form_id;  /* by form, by band */
    const char *name;     /* measure name, or language */
    const char *value;    /* measure value */
    const char *language; /* store_count_tally only */
    int64_t n;
};

typedef int (*store_count_cb)(void *ctx, const struct store_count *c);

/** Screenings per form in local days [from_day, to_day) (cb gets form_id
 * and n), ordered by form. Groups with n == 0 are skipped. A non-zero cb
 * return stops the walk (still KIOSK_OK). */
enum kiosk_err store_count_by_form(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx) KIOSK_NODISCARD;

/** Screenings per language (cb gets name = language code and n). */
enum kiosk_err store_count_by_language(struct store *st, int64_t from_day,
                                       int64_t to_day, store_count_cb cb,
                                       void *ctx) KIOSK_NODISCARD;

/** Values of the declared measures: form_id, name (the measure), value and
 * n, summed over languages, ordered by form, measure, value. */
enum kiosk_err store_count_by_band(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx) KIOSK_NODISCARD;

/** Every screening count in full detail: rows with name = value = NULL are
 * screenings of form_id in language; the others a measure value. Ordered
 * by form, name, value, language; summed over the days. Language "" marks
 * counts rolled up before version 6, when bands kept no language. */
enum kiosk_err store_count_tally(struct store *st, int64_t from_day,
                                 int64_t to_day, store_count_cb cb,
                                 void *ctx) KIOSK_NODISCARD;

struct store_totals {
    int64_t visits[STORE_OUTCOMES]; /* visits begun, by outcome (INTERRUPTED
                                       = begun and never ended) */
    int64_t tickets_issued;         /* tickets created in the period */
    int64_t tickets_attended;       /* tickets marked attended in it */
    int64_t staff_calls;            /* "Call a staff member" on Talk now */
};

/** Visits and ticket totals for local days [from_day, to_day). */
enum kiosk_err store_totals(struct store *st, int64_t from_day,
                            int64_t to_day, struct store_totals *out)
    KIOSK_NODISCARD;

/** Deletes up to `batch` of the oldest records (sealed screenings,
 * tickets, unused slots, old closed days, outbox rows) created before
 * now - retention_days, in one short transaction (tickets are first added
 * to the counts). *deleted (may be NULL) gets the number deleted; call
 * again until it is 0. Counts and audit rows are kept. */
enum kiosk_err store_purge(struct store *st, int64_t now, int retention_days,
                           int batch, int *deleted) KIOSK_NODISCARD;

/** Calls cb for every live ticket created in local days [from_day, to_day),
 * by creation time. A non-zero cb return stops the walk. */
enum kiosk_err store_export_tickets(struct store *st, int64_t from_day,
                                    int64_t to_day,
                                    int (*cb)(void *ctx,
                                              const struct store_ticket *t),
                                    void *ctx) KIOSK_NODISCARD;

#endif
