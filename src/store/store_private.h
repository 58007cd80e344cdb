/* Internals of the store module, shared by its .c files, its tests and its
 * benchmark. Nothing outside src/store, tests/store and bench/store may
 * include this header (it is the only place sqlite3.h is reached from). */
#ifndef KIOSK_STORE_PRIVATE_H
#define KIOSK_STORE_PRIVATE_H

#include <sqlite3.h>
#include <sodium.h>

#include "store/store.h"

/* Cached prepared statements, one slot per SQL text in store.c/crypto.c. */
#define STORE_STMT_SLOTS 160

struct store {
    sqlite3 *db;                 /* the one connection */
    int read_only;               /* opened read-only */
    int day_offset;              /* seconds east of UTC for day numbers */
    unsigned long long ops;      /* Argon2id ops limit for new wraps */
    size_t mem;                  /* Argon2id memory for new wraps */
    unsigned char pk[crypto_box_PUBLICKEYBYTES]; /* site public key */
    int have_pk;                 /* pk is loaded (a staff account exists) */
    char *setup_code;            /* copy of store_opts.setup_code, or NULL */
    int tx_depth;                /* open store_begin levels (0 = none) */
    uint64_t queries;            /* statements run (store_queries) */
    sqlite3_stmt *stmt[STORE_STMT_SLOTS]; /* lazily prepared */
    const char *stmt_sql[STORE_STMT_SLOTS]; /* the SQL each slot holds */
};

/* Kinds of tally rows (schema.c, version 6). */
enum store_tally_kind {
    TALLY_SCREENING = 1,       /* form_id, language */
    TALLY_MEASURE = 2,         /* form_id, name = measure, value, language */
    TALLY_VISIT_BEGUN = 3,     /* per day */
    TALLY_VISIT_ENDED = 4,     /* name = outcome number, language */
    TALLY_TICKET_ISSUED = 5,   /* purged ticket rows */
    TALLY_TICKET_ATTENDED = 6, /* purged ticket rows, by attended day */
    TALLY_STAFF_CALL = 7,      /* a visitor called staff (Talk now) */
};

/* The migration list: store_migrations[i] takes a database from
 * user_version i to i + 1 (each step sets user_version itself). */
extern const char *const store_migrations[];
extern const int store_migration_count;

/** Applies migrations on `db` until user_version == target, each in its own
 * transaction. Used by store_open and by the migration test, which stops
 * at every earlier version. */
enum kiosk_err store_migrate(sqlite3 *db, int target) KIOSK_NODISCARD;

/** Maps an SQLite result code to a kiosk error. */
enum kiosk_err store_err(int rc);

/** Returns the cached statement for `sql` (prepared on first use), reset
 * and with bindings cleared; NULL if preparation failed. Statements are
 * cached by the address of the SQL string, so pass string literals. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/** Steps a statement that returns no rows, then resets it. NULL (a failed
 * prepare) is KIOSK_EIO. */
enum kiosk_err store_run(sqlite3_stmt *s) KIOSK_NODISCARD;

/** store_run for an UPDATE/DELETE of one record: KIOSK_ENOENT when it
 * changed no row (no such record, or not in a state the change applies
 * to). */
enum kiosk_err store_run_one(struct store *st, sqlite3_stmt *s)
    KIOSK_NODISCARD;

/** Steps a statement expected to return a row: KIOSK_OK with the row ready
 * (the caller reads columns, then resets), KIOSK_ENOENT if there is none. */
enum kiosk_err store_row(sqlite3_stmt *s) KIOSK_NODISCARD;

/** Binds text (SQLITE_STATIC: v must outlive the step) or NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);

/** Binds an id, 0 as NULL (rowids we create are never 0). */
void store_bind_id(sqlite3_stmt *s, int i, int64_t id);

/** Copies text column `col` into dst (truncated, always terminated). */
void store_copy_col(char *dst, size_t n, sqlite3_stmt *s, int col);

/** 1 if s is non-NULL, valid UTF-8, at most max bytes and (unless
 * allow_empty) not empty. */
int store_text_ok(const char *s, size_t max, int allow_empty);

/** Starts a write transaction (BEGIN IMMEDIATE, or a savepoint when one is
 * already open) and ends it (commit/release, or roll back when ok == 0). */
enum kiosk_err store_begin(struct store *st) KIOSK_NODISCARD;
enum kiosk_err store_end(struct store *st, enum kiosk_err e);

/** Appends to the audit log inside the caller's transaction. */
enum kiosk_err store_audit_in_tx(struct store *st, int64_t now,
                                 int64_t staff_id, const char *action,
                                 const char *detail) KIOSK_NODISCARD;

/** Loads the site public key into st->pk (KIOSK_ENOENT: none yet, i.e. no
 * staff account has been made). */
enum kiosk_err store_key_load(struct store *st) KIOSK_NODISCARD;

/** Seals a screening record for the site key: *out is malloc'd, *n bytes.
 * `legacy` (may be NULL) is a pre-version-6 sealed answers blob kept as it
 * is inside the new record. */
enum kiosk_err store_seal_record(const struct store *st,
                                 const struct store_screening *sc,
                                 const unsigned char *legacy,
                                 size_t legacy_len, unsigned char **out,
                                 size_t *n) KIOSK_NODISCARD;

/** Finishes the version 6 migration in C: re-seals every pre-version-6
 * screening (form, version, language, time and its calculates, with the
 * old sealed answers inside) and drops the legacy tables. Idempotent; runs
 * from store_open before foreign keys are switched on. */
enum kiosk_err store_upgrade_v6(struct store *st) KIOSK_NODISCARD;

/** The raw connection, for tests and the benchmark (PRAGMAs, raw reads). */
sqlite3 *store_db(struct store *st);

/** Opens a bulk transaction so that many writes commit together (the
 * benchmark's generator); every store write inside it becomes a savepoint.
 * store_bulk_end commits. Not for the app: it defeats per-save durability. */
enum kiosk_err store_bulk_begin(struct store *st) KIOSK_NODISCARD;
enum kiosk_err store_bulk_end(struct store *st) KIOSK_NODISCARD;

#endif
