/* The store: opening and migrating the database, transactions, visits,
 * screenings, tickets, slots, closed days, audit log and outbox. Staff
 * accounts and keys are in crypto.c, statistics/retention/export in
 * stats.c.
 *
 * Every statement is a string literal with ? parameters, prepared once and
 * cached by the literal's address (store_stmt); no SQL text is ever built
 * from values. */
#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/date.h"
#include "store/store_private.h"

/* ---- plumbing ----------------------------------------------------------- */

enum kiosk_err store_err(int rc)
{
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return KIOSK_EEXIST;
    }
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return KIOSK_OK;
    case SQLITE_NOMEM:
        return KIOSK_ENOMEM;
    case SQLITE_FULL:
        return KIOSK_EFULL;
    case SQLITE_READONLY:
        return KIOSK_EREADONLY;
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return KIOSK_EDENIED;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return KIOSK_EBUSY;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
        return KIOSK_EINVAL;
    case SQLITE_NOTFOUND:
        return KIOSK_ENOENT;
    default:
        return KIOSK_EIO;
    }
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
    int free_slot = -1;
    st->queries++;
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        if (st->stmt_sql[i] == sql) {
            sqlite3_reset(st->stmt[i]);
            sqlite3_clear_bindings(st->stmt[i]);
            return st->stmt[i];
        }
        if (!st->stmt_sql[i] && free_slot < 0) {
            free_slot = i;
        }
    }
    if (free_slot < 0) {
        /* More distinct statements than slots is a programming error;
         * prepare-per-call would hide it, so fail loudly instead. */
        fprintf(stderr, "store: statement cache full\n");
        return NULL;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                &s, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "store: prepare failed: %s\n", sqlite3_errmsg(st->db));
        sqlite3_finalize(s);
        return NULL;
    }
    st->stmt[free_slot] = s;
    st->stmt_sql[free_slot] = sql;
    return s;
}

/* Steps a statement that returns no rows and resets it. */
enum kiosk_err store_run(sqlite3_stmt *s)
{
    if (!s) {
        return KIOSK_EIO;
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

enum kiosk_err store_run_one(struct store *st, sqlite3_stmt *s)
{
    enum kiosk_err e = store_run(s);
    if (e == KIOSK_OK && sqlite3_changes(st->db) == 0) {
        e = KIOSK_ENOENT;
    }
    return e;
}

/* Steps a statement expected to return one row; KIOSK_ENOENT if none.
 * The caller reads the columns and then resets. */
enum kiosk_err store_row(sqlite3_stmt *s)
{
    if (!s) {
        return KIOSK_EIO;
    }
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        return KIOSK_OK;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_ENOENT : store_err(rc);
}

/* Runs a statement that needs no parameters and no cache (pragmas). */
static enum kiosk_err exec(sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return store_err(rc);
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v) {
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(s, i);
    }
}

/* 0 binds NULL: ids are never 0 in SQLite rowid tables we create. */
void store_bind_id(sqlite3_stmt *s, int i, int64_t id)
{
    if (id) {
        sqlite3_bind_int64(s, i, id);
    } else {
        sqlite3_bind_null(s, i);
    }
}

void store_copy_col(char *dst, size_t n, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* A short text argument: present, within its cap, valid UTF-8. */
int store_text_ok(const char *s, size_t max, int allow_empty)
{
    if (!s) {
        return 0;
    }
    size_t n = strnlen(s, max + 1);
    if (n > max || (n == 0 && !allow_empty)) {
        return 0;
    }
    return kiosk_utf8_valid(s, n, NULL);
}

enum kiosk_err store_begin(struct store *st)
{
    if (st->read_only) {
        return KIOSK_EREADONLY;
    }
    enum kiosk_err e;
    if (st->tx_depth == 0 && sqlite3_get_autocommit(st->db)) {
        /* IMMEDIATE takes the write lock now, so checks made inside the
         * transaction (slot capacity, staff count) cannot race. */
        e = exec(st->db, "BEGIN IMMEDIATE");
    } else {
        e = exec(st->db, "SAVEPOINT store_w");
    }
    if (e == KIOSK_OK) {
        st->tx_depth++;
    }
    return e;
}

enum kiosk_err store_end(struct store *st, enum kiosk_err e)
{
    assert(st->tx_depth > 0); /* every store_end pairs a store_begin */
    st->tx_depth--;
    if (st->tx_depth > 0) {
        if (e == KIOSK_OK) {
            enum kiosk_err r = exec(st->db, "RELEASE store_w");
            if (r == KIOSK_OK) {
                return KIOSK_OK;
            }
            e = r;
        }
        (void)exec(st->db, "ROLLBACK TO store_w");
        (void)exec(st->db, "RELEASE store_w");
        return e;
    }
    if (e == KIOSK_OK) {
        e = exec(st->db, "COMMIT");
        if (e == KIOSK_OK) {
            return KIOSK_OK;
        }
    }
    if (!sqlite3_get_autocommit(st->db)) {
        (void)exec(st->db, "ROLLBACK");
    }
    return e;
}

enum kiosk_err store_bulk_begin(struct store *st)
{
    return store_begin(st);
}

enum kiosk_err store_bulk_end(struct store *st)
{
    return store_end(st, KIOSK_OK);
}

sqlite3 *store_db(struct store *st)
{
    return st->db;
}

uint64_t store_queries(const struct store *st)
{
    return st ? st->queries : 0;
}

int64_t store_day(const struct store *st, int64_t t)
{
    return date_day(t, st->day_offset);
}

/* ---- open, migrate, close ----------------------------------------------- */

static int user_version(sqlite3 *db, int *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *v = sqlite3_column_int(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

enum kiosk_err store_migrate(sqlite3 *db, int target)
{
    int v = 0;
    int rc = user_version(db, &v);
    if (rc != SQLITE_OK) {
        return store_err(rc);
    }
    if (target > store_migration_count || v > target) {
        return KIOSK_EINVAL;
    }
    for (; v < target; v++) {
        enum kiosk_err e = exec(db, "BEGIN IMMEDIATE");
        if (e != KIOSK_OK) {
            return e;
        }
        e = exec(db, store_migrations[v]);
        if (e == KIOSK_OK) {
            e = exec(db, "COMMIT");
        }
        if (e != KIOSK_OK) {
            if (!sqlite3_get_autocommit(db)) {
                (void)exec(db, "ROLLBACK");
            }
            return e;
        }
    }
    return KIOSK_OK;
}

/* Switches to WAL and sets the connection's durability pragmas. */
static enum kiosk_err configure(struct store *st, int busy_ms)
{
    sqlite3_busy_timeout(st->db, busy_ms > 0 ? busy_ms : 5000);
    sqlite3_extended_result_codes(st->db, 1);
    /* secure_delete zeroes deleted content so a removed key wrap does not
     * linger. foreign_keys is switched on after the migrations, which
     * rebuild tables (store_open). */
    enum kiosk_err e = exec(st->db,
                            "PRAGMA secure_delete = ON;"
                            "PRAGMA trusted_schema = OFF;");
    if (e != KIOSK_OK || st->read_only) {
        return e;
    }
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &s,
                                NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            const unsigned char *m = sqlite3_column_text(s, 0);
            rc = (m && strcmp((const char *)m, "wal") == 0) ? SQLITE_OK
                                                            : SQLITE_READONLY;
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_OK) {
        return store_err(rc);
    }
    /* FULL: in WAL mode this syncs the WAL at every commit, so a commit
     * that returned survives a power cut (NORMAL would not). */
    return exec(st->db, "PRAGMA synchronous = FULL;");
}

enum kiosk_err store_open(const char *path, const struct store_opts *o,
                          struct store **out)
{
    static const struct store_opts defaults;
    *out = NULL;
    if (!path) {
        return KIOSK_EINVAL;
    }
    if (!o) {
        o = &defaults;
    }
    if (sodium_init() < 0) {
        return KIOSK_EIO;
    }
    struct store *st = calloc(1, sizeof *st);
    if (!st) {
        return KIOSK_ENOMEM;
    }
    st->read_only = o->read_only;
    st->day_offset = o->day_offset;
    st->ops = o->pwhash_ops ? o->pwhash_ops : STORE_PWHASH_OPS;
    if (o->setup_code && o->setup_code[0]) {
        st->setup_code = strdup(o->setup_code);
        if (!st->setup_code) {
            free(st);
            return KIOSK_ENOMEM;
        }
    }
    st->mem = o->pwhash_mem ? o->pwhash_mem : STORE_PWHASH_MEM;
    int flags = o->read_only ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    enum kiosk_err e = store_err(rc);
    if (rc == SQLITE_CANTOPEN) {
        e = o->read_only ? KIOSK_ENOENT : KIOSK_EREADONLY;
    }
    if (e == KIOSK_OK && !st->read_only &&
        sqlite3_db_readonly(st->db, "main") == 1) {
        /* The file (or its directory) is not writable: serve reads. */
        st->read_only = 1;
    }
    if (e == KIOSK_OK) {
        e = configure(st, o->busy_timeout_ms);
    }
    int v = 0;
    if (e == KIOSK_OK) {
        e = store_err(user_version(st->db, &v));
    }
    if (e == KIOSK_OK && v > store_migration_count) {
        e = KIOSK_EINVAL; /* written by a newer build */
    }
    if (e == KIOSK_OK && v < store_migration_count) {
        e = st->read_only ? KIOSK_EREADONLY
                          : store_migrate(st->db, store_migration_count);
    }
    if (e == KIOSK_OK) {
        e = store_key_load(st);
        if (e == KIOSK_ENOENT) {
            e = KIOSK_OK; /* no staff account yet: only counts are kept */
        }
    }
    if (e == KIOSK_OK && !st->read_only) {
        e = store_upgrade_v6(st);
    }
    if (e == KIOSK_OK) {
        e = exec(st->db, "PRAGMA foreign_keys = ON;");
    }
    if (e != KIOSK_OK) {
        store_close(st);
        return e;
    }
    *out = st;
    return KIOSK_OK;
}

/* ---- opening with loss never silent -------------------------------- */

/* Reads the database id this kiosk last used from `marker` into id (""
 * when there is no marker). */
static void marker_read(const char *marker, char *id, size_t n)
{
    id[0] = '\0';
    FILE *f = fopen(marker, "r");
    if (!f) {
        return;
    }
    if (fgets(id, (int)n, f)) {
        id[strcspn(id, "\r\n")] = '\0';
    }
    fclose(f);
}

/* Writes `id` into `marker` atomically (temporary file, fsync, rename). */
static enum kiosk_err marker_write(const char *marker, const char *id)
{
    char tmp[720];
    snprintf(tmp, sizeof tmp, "%s.tmp", marker);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return KIOSK_EIO;
    }
    int ok = fprintf(f, "%s\n", id) > 0;
    ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, marker) != 0) {
        unlink(tmp);
        return KIOSK_EIO;
    }
    return KIOSK_OK;
}

static enum kiosk_err db_id(struct store *st, char *id, size_t n)
{
    sqlite3_stmt *s = store_stmt(st,
        "SELECT value FROM meta WHERE key = 'db_id'");
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        store_copy_col(id, n, s, 0);
        sqlite3_reset(s);
    }
    return e;
}

/* Renames the database and its -wal/-shm to <path>.damaged-<stamp>: the
 * files are kept whole for whoever can recover them, never deleted. */
static enum kiosk_err move_aside(const char *path, int64_t now,
                                 int day_offset, char *dest, size_t n)
{
    char stamp[32];
    date_format(now, day_offset, DATE_STAMP, stamp, sizeof stamp);
    struct stat sb;
    for (int i = 0; i < 100; i++) {
        if (i == 0) {
            snprintf(dest, n, "%s.damaged-%s", path, stamp);
        } else {
            snprintf(dest, n, "%s.damaged-%s-%d", path, stamp, i);
        }
        if (stat(dest, &sb) != 0) {
            break;
        }
    }
    static const char *const ext[] = {"-wal", "-shm"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char from[700], to[720];
        snprintf(from, sizeof from, "%s%s", path, ext[i]);
        snprintf(to, sizeof to, "%s%s", dest, ext[i]);
        if (stat(from, &sb) == 0 && rename(from, to) != 0) {
            return KIOSK_EIO;
        }
    }
    return rename(path, dest) == 0 ? KIOSK_OK : KIOSK_EIO;
}

enum kiosk_err store_open_checked(const char *path,
                                  const struct store_opts *o, int64_t now,
                                  struct store **out,
                                  struct store_start *found)
{
    static const struct store_opts defaults;
    *out = NULL;
    memset(found, 0, sizeof *found);
    if (!path) {
        return KIOSK_EINVAL;
    }
    if (!o) {
        o = &defaults;
    }
    char marker[700], last_id[80];
    snprintf(marker, sizeof marker, "%s.id", path);
    marker_read(marker, last_id, sizeof last_id);
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    enum kiosk_err e = KIOSK_OK;
    if (exists && sb.st_size == 0 && !o->read_only) {
        found->zero_length = 1;
        snprintf(found->detail, sizeof found->detail,
                 "the database file was empty");
        e = move_aside(path, now, o->day_offset, found->moved_to,
                       sizeof found->moved_to);
        exists = 0;
    }
    struct store *st = NULL;
    if (e == KIOSK_OK && exists) {
        e = store_open(path, o, &st);
        char msg[256] = "";
        if (e == KIOSK_OK) {
            e = store_check(st, 0, msg, sizeof msg);
            if (e == KIOSK_EIO) {
                store_close(st);
                st = NULL;
            }
        } else if (e == KIOSK_EIO) {
            snprintf(msg, sizeof msg, "the file is not a readable database");
        }
        if (e == KIOSK_EIO && !o->read_only) {
            /* damaged: keep it whole, start a new one */
            found->damaged = 1;
            snprintf(found->detail, sizeof found->detail, "%s", msg);
            e = move_aside(path, now, o->day_offset, found->moved_to,
                           sizeof found->moved_to);
            exists = 0;
        }
        if (e != KIOSK_OK) {
            store_close(st);
            return e;
        }
    }
    if (!exists) {
        if (last_id[0] && !found->damaged && !found->zero_length) {
            found->lost = 1;
            snprintf(found->detail, sizeof found->detail,
                     "the database this kiosk used (%.32s) is missing",
                     last_id);
        }
        e = e == KIOSK_OK ? store_open(path, o, &st) : e;
        if (e != KIOSK_OK) {
            return e;
        }
    }
    char id[80] = "";
    e = db_id(st, id, sizeof id);
    if (e == KIOSK_OK && last_id[0] && strcmp(id, last_id) != 0 &&
        !found->damaged && !found->zero_length && !found->lost) {
        found->lost = 1;
        snprintf(found->detail, sizeof found->detail,
                 "this is not the database this kiosk used (%.32s)",
                 last_id);
    }
    if (e == KIOSK_OK && !st->read_only) {
        char note[900];
        if (found->damaged || found->zero_length) {
            snprintf(note, sizeof note, "%s; kept as %s", found->detail,
                     found->moved_to);
            e = store_notice_add(st, now,
                                 found->damaged ? "database_damaged"
                                                : "database_empty",
                                 note);
        }
        if (e == KIOSK_OK && found->lost) {
            e = store_notice_add(st, now, "database_lost", found->detail);
        }
        if (e == KIOSK_OK && strcmp(id, last_id) != 0 &&
            marker_write(marker, id) != KIOSK_OK) {
            /* not fatal: the next start tries again */
            fprintf(stderr, "store: cannot write %s\n", marker);
        }
    }
    if (e != KIOSK_OK) {
        store_close(st);
        return e;
    }
    *out = st;
    return KIOSK_OK;
}

int store_read_only(const struct store *st)
{
    return st->read_only;
}

void store_close(struct store *st)
{
    if (!st) {
        return;
    }
    for (int i = 0; i < STORE_STMT_SLOTS; i++) {
        sqlite3_finalize(st->stmt[i]);
    }
    sqlite3_close(st->db);
    free(st->setup_code);
    free(st);
}

enum kiosk_err store_check(struct store *st, int full, char *msg, size_t n)
{
    sqlite3_stmt *s = store_stmt(st, full ? "PRAGMA integrity_check"
                                          : "PRAGMA quick_check");
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e == KIOSK_ENOENT ? KIOSK_EIO : e;
    }
    const unsigned char *t = sqlite3_column_text(s, 0);
    int ok = t && strcmp((const char *)t, "ok") == 0;
    if (msg && n) {
        snprintf(msg, n, "%s", t ? (const char *)t : "");
    }
    sqlite3_reset(s);
    return ok ? KIOSK_OK : KIOSK_EIO;
}

/* ---- counts --------------------------------------------------------- */

/* Adds one to a tally row inside the caller's transaction. */
static enum kiosk_err tally_add(struct store *st, int kind, int64_t day,
                                const char *form_id, const char *name,
                                const char *value, const char *language)
{
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO tally(kind, day, form_id, name, value, language, n)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)"
        " ON CONFLICT(kind, day, form_id, name, value, language)"
        " DO UPDATE SET n = n + 1");
    if (s) {
        sqlite3_bind_int(s, 1, kind);
        sqlite3_bind_int64(s, 2, day);
        store_bind_text(s, 3, form_id);
        store_bind_text(s, 4, name);
        store_bind_text(s, 5, value);
        store_bind_text(s, 6, language);
    }
    return store_run(s);
}

enum kiosk_err store_visit_begin(struct store *st, int64_t now)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    e = tally_add(st, TALLY_VISIT_BEGUN, store_day(st, now), "", "", "", "");
    return store_end(st, e);
}

enum kiosk_err store_staff_call(struct store *st, int64_t now)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    e = tally_add(st, TALLY_STAFF_CALL, store_day(st, now), "", "", "", "");
    return store_end(st, e);
}

enum kiosk_err store_visit_end(struct store *st, int64_t begun,
                               enum store_outcome outcome,
                               const char *language)
{
    if (outcome <= STORE_VISIT_INTERRUPTED || outcome >= STORE_OUTCOMES ||
        !store_text_ok(language, 15, 0)) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    char name[4];
    snprintf(name, sizeof name, "%d", (int)outcome);
    e = tally_add(st, TALLY_VISIT_ENDED, store_day(st, begun), "", name, "",
                  language);
    return store_end(st, e);
}

/* ---- notices ------------------------------------------------------------ */

enum kiosk_err store_notice_add(struct store *st, int64_t now,
                                const char *kind, const char *detail)
{
    if (!store_text_ok(kind, 31, 0) ||
        (detail && !store_text_ok(detail, 255, 1))) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO notices(time, kind, detail)"
        " VALUES (?1, ?2, coalesce(?3, ''))");
    if (s) {
        sqlite3_bind_int64(s, 1, now);
        store_bind_text(s, 2, kind);
        store_bind_text(s, 3, detail);
    }
    e = store_run(s);
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, 0, kind, detail);
    }
    return store_end(st, e);
}

enum kiosk_err store_notices(struct store *st, struct store_notice *out,
                             int cap, int *n)
{
    if (!n || cap < 0 || (cap && !out)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT id, time, kind, detail FROM notices WHERE seen_at IS NULL"
        " ORDER BY id");
    if (!s) {
        return KIOSK_EIO;
    }
    int rc;
    enum kiosk_err e = KIOSK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            e = KIOSK_ETOOBIG;
            break;
        }
        struct store_notice *o = &out[(*n)++];
        o->id = sqlite3_column_int64(s, 0);
        o->time = sqlite3_column_int64(s, 1);
        store_copy_col(o->kind, sizeof o->kind, s, 2);
        store_copy_col(o->detail, sizeof o->detail, s, 3);
    }
    sqlite3_reset(s);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}

enum kiosk_err store_notice_ack(struct store *st, int64_t id,
                                int64_t staff_id, int64_t now)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE notices SET seen_by = ?2, seen_at = ?3"
        " WHERE id = ?1 AND seen_at IS NULL");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        store_bind_id(s, 2, staff_id);
        sqlite3_bind_int64(s, 3, now);
    }
    e = store_run_one(st, s);
    if (e == KIOSK_OK) {
        char detail[32];
        snprintf(detail, sizeof detail, "notice %lld", (long long)id);
        e = store_audit_in_tx(st, now, staff_id, "notice_read", detail);
    }
    return store_end(st, e);
}

/* ---- screenings -------------------------------------------------------- */

/* ODK-style instance id: "uuid:" + a random version-4 UUID. */
static void make_instance_id(char *buf, size_t n)
{
    unsigned char r[16];
    randombytes_buf(r, sizeof r);
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(buf, n,
             "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
             r[10], r[11], r[12], r[13], r[14], r[15]);
}

static enum kiosk_err outbox_insert(struct store *st,
                                    const struct store_outbox_new *r,
                                    int64_t now, int64_t screening_id,
                                    int64_t *id)
{
    char gen[64];
    if (!r || !store_text_ok(r->kind, 31, 0) ||
        !store_text_ok(r->form ? r->form : "", 63, 1) ||
        (!r->body && r->len) || r->len > STORE_MAX_OUTBOX_BODY ||
        (!r->att && r->att_len) || r->att_len > STORE_MAX_OUTBOX_BODY ||
        (r->instance && !store_text_ok(r->instance, 63, 0))) {
        return KIOSK_EINVAL;
    }
    const char *instance = r->instance;
    if (!instance) {
        make_instance_id(gen, sizeof gen);
        instance = gen;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO outbox(kind, form, instance_id, body, attachment,"
        " created, day, next_attempt, screening_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?8)");
    if (s) {
        store_bind_text(s, 1, r->kind);
        store_bind_text(s, 2, r->form ? r->form : "");
        store_bind_text(s, 3, instance);
        /* A zero-length blob must still be a blob, not NULL. */
        sqlite3_bind_blob64(s, 4, r->body ? (const void *)r->body : "",
                            r->len, SQLITE_STATIC);
        if (r->att) {
            sqlite3_bind_blob64(s, 5, r->att, r->att_len, SQLITE_STATIC);
        }
        sqlite3_bind_int64(s, 6, now);
        sqlite3_bind_int64(s, 7, store_day(st, now));
        store_bind_id(s, 8, screening_id);
    }
    enum kiosk_err e = store_run(s);
    if (e == KIOSK_OK && id) {
        *id = sqlite3_last_insert_rowid(st->db);
    }
    return e;
}

static int values_ok(const struct store_value *v, int n, int cap,
                     int allow_empty)
{
    if (n < 0 || n > cap || (n && !v)) {
        return 0;
    }
    for (int i = 0; i < n; i++) {
        if (!store_text_ok(v[i].name, STORE_MAX_NAME, 0) ||
            !store_text_ok(v[i].value, STORE_MAX_VALUE, allow_empty)) {
            return 0;
        }
    }
    return 1;
}

static int screening_ok(const struct store_screening *sc)
{
    return store_text_ok(sc->form_id, STORE_MAX_NAME, 0) &&
           store_text_ok(sc->form_version, STORE_MAX_NAME, 0) &&
           store_text_ok(sc->language, 15, 0) &&
           (sc->answers || sc->answers_len == 0) &&
           sc->answers_len <= STORE_MAX_ANSWERS &&
           values_ok(sc->values, sc->n_values, STORE_MAX_VALUES, 1) &&
           values_ok(sc->tallies, sc->n_tallies, STORE_MAX_TALLIES, 1);
}

static enum kiosk_err save_screening_tx(struct store *st,
                                        const struct store_screening *sc,
                                        const unsigned char *sealed,
                                        size_t sealed_len, int64_t *id)
{
    int64_t day = store_day(st, sc->time);
    enum kiosk_err e = tally_add(st, TALLY_SCREENING, day, sc->form_id, "",
                                 "", sc->language);
    for (int i = 0; e == KIOSK_OK && i < sc->n_tallies; i++) {
        if (sc->tallies[i].value[0]) {
            e = tally_add(st, TALLY_MEASURE, day, sc->form_id,
                          sc->tallies[i].name, sc->tallies[i].value,
                          sc->language);
        }
    }
    int64_t sid = 0;
    if (e == KIOSK_OK && sealed) {
        sqlite3_stmt *s = store_stmt(st,
            "INSERT INTO screenings(day, sealed) VALUES (?1, ?2)");
        if (s) {
            sqlite3_bind_int64(s, 1, day);
            sqlite3_bind_blob64(s, 2, sealed, sealed_len, SQLITE_STATIC);
        }
        e = store_run(s);
        sid = sqlite3_last_insert_rowid(st->db);
    }
    if (e == KIOSK_OK && sc->outbox) {
        e = outbox_insert(st, sc->outbox, sc->time, sid, NULL);
    }
    if (e == KIOSK_OK) {
        *id = sid;
    }
    return e;
}

enum kiosk_err store_save_screening(struct store *st,
                                    const struct store_screening *sc,
                                    int64_t *id)
{
    if (!sc || !screening_ok(sc)) {
        return KIOSK_EINVAL;
    }
    if (st->read_only) {
        return KIOSK_EREADONLY;
    }
    unsigned char *sealed = NULL;
    size_t sealed_len = 0;
    enum kiosk_err e = KIOSK_OK;
    if (st->have_pk) {
        e = store_seal_record(st, sc, NULL, 0, &sealed, &sealed_len);
    }
    int64_t sid = 0;
    if (e == KIOSK_OK) {
        e = store_begin(st);
    }
    if (e == KIOSK_OK) {
        e = store_end(st, save_screening_tx(st, sc, sealed, sealed_len,
                                            &sid));
    }
    free(sealed);
    if (e == KIOSK_OK && id) {
        *id = sid;
    }
    return e;
}

/* ---- tickets ----------------------------------------------------------- */

#define TICKET_COLS                                                        \
    "SELECT t.id, t.code, coalesce(t.slot_id, 0), coalesce(s.start, 0),"   \
    " coalesce(s.length, 0), t.created, t.state, t.state_changed,"         \
    " t.printed, t.language, coalesce(t.screening_id, 0)"                  \
    " FROM tickets t LEFT JOIN slots s ON s.id = t.slot_id "

static void read_ticket(sqlite3_stmt *s, struct store_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    store_copy_col(t->code, sizeof t->code, s, 1);
    t->slot_id = sqlite3_column_int64(s, 2);
    t->slot_start = sqlite3_column_int64(s, 3);
    t->slot_length = sqlite3_column_int(s, 4);
    t->created = sqlite3_column_int64(s, 5);
    t->state = (enum store_ticket_state)sqlite3_column_int(s, 6);
    t->state_changed = sqlite3_column_int64(s, 7);
    t->printed = sqlite3_column_int(s, 8);
    store_copy_col(t->language, sizeof t->language, s, 9);
    t->screening_id = sqlite3_column_int64(s, 10);
}

/* Checks that slot `slot_id` can take one more ticket. */
static enum kiosk_err slot_available(struct store *st, int64_t slot_id)
{
    sqlite3_stmt *s = store_stmt(st,
        "SELECT s.blocked, s.capacity,"
        " EXISTS (SELECT 1 FROM closed_days c WHERE c.day = s.day),"
        " (SELECT count(*) FROM tickets t"
        "  WHERE t.slot_id = s.id AND t.state != 2)"
        " FROM slots s WHERE s.id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, slot_id);
    }
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    int blocked = sqlite3_column_int(s, 0);
    int64_t capacity = sqlite3_column_int64(s, 1);
    int closed = sqlite3_column_int(s, 2);
    int64_t booked = sqlite3_column_int64(s, 3);
    sqlite3_reset(s);
    if (blocked || closed) {
        return KIOSK_ECLOSED;
    }
    return booked < capacity ? KIOSK_OK : KIOSK_EBOOKED;
}

enum kiosk_err store_ticket_insert(struct store *st,
                                   const struct store_ticket_new *t,
                                   int64_t *id)
{
    if (!t || !store_text_ok(t->code, 31, 0) || !store_text_ok(t->language, 15, 0)) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    if (t->slot_id) {
        e = slot_available(st, t->slot_id);
    }
    sqlite3_stmt *s = NULL;
    if (e == KIOSK_OK) {
        s = store_stmt(st,
            "INSERT INTO tickets(code, slot_id, created, day, state_changed,"
            " language, screening_id) VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6)");
        if (s) {
            store_bind_text(s, 1, t->code);
            store_bind_id(s, 2, t->slot_id);
            sqlite3_bind_int64(s, 3, t->created);
            sqlite3_bind_int64(s, 4, store_day(st, t->created));
            store_bind_text(s, 5, t->language);
            store_bind_id(s, 6, t->screening_id);
        }
        e = store_run(s); /* KIOSK_EEXIST: the code is UNIQUE */
    }
    int64_t rowid = sqlite3_last_insert_rowid(st->db);
    e = store_end(st, e);
    if (e == KIOSK_OK && id) {
        *id = rowid;
    }
    return e;
}

enum kiosk_err store_ticket_by_code(struct store *st, const char *code,
                                    struct store_ticket *out)
{
    if (!store_text_ok(code, 31, 0) || !out) {
        return KIOSK_EINVAL;
    }
    sqlite3_stmt *s = store_stmt(st, TICKET_COLS "WHERE t.code = ?1");
    if (s) {
        store_bind_text(s, 1, code);
    }
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        read_ticket(s, out);
        sqlite3_reset(s);
    }
    return e;
}

/* Audits a staff action on ticket `id` inside the caller's transaction
 * (staff_id 0: the kiosk's own action, not audited). */
static enum kiosk_err audit_ticket(struct store *st, int64_t id,
                                   int64_t now, int64_t staff_id,
                                   const char *action)
{
    if (!staff_id) {
        return KIOSK_OK;
    }
    sqlite3_stmt *s = store_stmt(st, "SELECT code FROM tickets WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    enum kiosk_err e = store_row(s);
    char code[32] = "";
    if (e == KIOSK_OK) {
        store_copy_col(code, sizeof code, s, 0);
        sqlite3_reset(s);
        e = store_audit_in_tx(st, now, staff_id, action, code);
    }
    return e;
}

enum kiosk_err store_ticket_set_state(struct store *st, int64_t id,
                                      enum store_ticket_state state,
                                      int64_t now, int64_t staff_id)
{
    if (state < STORE_TICKET_ISSUED || state > STORE_TICKET_CANCELLED) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    /* attended_day counts the attendance on the day it happened; it stays
     * from the first time, and goes if the ticket leaves that state. */
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE tickets SET state = ?2, state_changed = ?3,"
        " attended_day = CASE WHEN ?2 = 1 THEN coalesce(attended_day, ?4)"
        " ELSE NULL END WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, (int)state);
        sqlite3_bind_int64(s, 3, now);
        sqlite3_bind_int64(s, 4, store_day(st, now));
    }
    e = store_run_one(st, s);
    if (e == KIOSK_OK) {
        static const char *const action[] = {"reissue", "attended",
                                             "cancel"};
        e = audit_ticket(st, id, now, staff_id, action[state]);
    }
    return store_end(st, e);
}

enum kiosk_err store_ticket_printed(struct store *st, int64_t id,
                                    int64_t now, int64_t staff_id)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE tickets SET printed = printed + 1 WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_run_one(st, s);
    if (e == KIOSK_OK) {
        e = audit_ticket(st, id, now, staff_id, "reprint");
    }
    return store_end(st, e);
}

/* Walks the rows of a TICKET_COLS statement through cb. */
static enum kiosk_err walk_tickets(sqlite3_stmt *s,
                                   int (*cb)(void *, const struct store_ticket *),
                                   void *ctx, int *stopped)
{
    if (!s) {
        return KIOSK_EIO;
    }
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_ticket t;
        read_ticket(s, &t);
        if (cb(ctx, &t)) {
            *stopped = 1;
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

enum kiosk_err store_tickets_for_day(struct store *st, int64_t day,
                                     int (*cb)(void *ctx,
                                               const struct store_ticket *t),
                                     void *ctx)
{
    if (!cb) {
        return KIOSK_EINVAL;
    }
    int stopped = 0;
    sqlite3_stmt *s = store_stmt(st, TICKET_COLS
        "WHERE t.slot_id IN (SELECT id FROM slots WHERE day = ?1)"
        " ORDER BY s.start, t.id");
    if (s) {
        sqlite3_bind_int64(s, 1, day);
    }
    enum kiosk_err e = walk_tickets(s, cb, ctx, &stopped);
    if (e != KIOSK_OK || stopped) {
        return e;
    }
    s = store_stmt(st, TICKET_COLS
        "WHERE t.day = ?1 AND t.slot_id IS NULL ORDER BY t.created, t.id");
    if (s) {
        sqlite3_bind_int64(s, 1, day);
    }
    return walk_tickets(s, cb, ctx, &stopped);
}

enum kiosk_err store_export_tickets(struct store *st, int64_t from_day,
                                    int64_t to_day,
                                    int (*cb)(void *ctx,
                                              const struct store_ticket *t),
                                    void *ctx)
{
    if (!cb) {
        return KIOSK_EINVAL;
    }
    int stopped = 0;
    sqlite3_stmt *s = store_stmt(st, TICKET_COLS
        "WHERE t.day >= ?1 AND t.day < ?2 ORDER BY t.day, t.created, t.id");
    if (s) {
        sqlite3_bind_int64(s, 1, from_day);
        sqlite3_bind_int64(s, 2, to_day);
    }
    return walk_tickets(s, cb, ctx, &stopped);
}

/* ---- slots and closed days --------------------------------------------- */

/* Audits a staff action on a slot or a day ("<what> <number>"; staff_id
 * 0: the kiosk's own action, not audited). */
static enum kiosk_err audit_detail(struct store *st, int64_t now,
                                   int64_t staff_id, const char *action,
                                   const char *what, int64_t number)
{
    if (!staff_id) {
        return KIOSK_OK;
    }
    /* people read the log: a day as a date, a slot as its local time */
    char detail[64];
    if (strcmp(what, "slot") == 0) {
        snprintf(detail, sizeof detail, "%s %" PRId64, what, number);
    } else if (strcmp(what, "day") == 0) {
        date_format_day((long)number, DATE_YMD, detail, sizeof detail);
    } else {
        date_format(number, st->day_offset, DATE_YMD_HM, detail,
                    sizeof detail);
    }
    return store_audit_in_tx(st, now, staff_id, action, detail);
}

enum kiosk_err store_slot_add(struct store *st, int64_t start, int length,
                              int capacity, int64_t now, int64_t staff_id,
                              int64_t *id)
{
    if (length < 60 || capacity < 1) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO slots(start, length, capacity, day)"
        " VALUES (?1, ?2, ?3, ?4)");
    if (s) {
        sqlite3_bind_int64(s, 1, start);
        sqlite3_bind_int(s, 2, length);
        sqlite3_bind_int(s, 3, capacity);
        sqlite3_bind_int64(s, 4, store_day(st, start));
    }
    e = store_run(s);
    int64_t rowid = sqlite3_last_insert_rowid(st->db);
    if (e == KIOSK_OK) {
        e = audit_detail(st, now, staff_id, "add-slot", "start", start);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK && id) {
        *id = rowid;
    }
    return e;
}

enum kiosk_err store_slot_block(struct store *st, int64_t id, int blocked,
                                int64_t now, int64_t staff_id)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE slots SET blocked = ?2 WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, blocked ? 1 : 0);
    }
    e = store_run_one(st, s);
    if (e == KIOSK_OK) {
        e = audit_detail(st, now, staff_id,
                         blocked ? "block-slot" : "unblock-slot",
                         "slot", id);
    }
    return store_end(st, e);
}

enum kiosk_err store_slot_remove(struct store *st, int64_t id, int64_t now,
                                 int64_t staff_id)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE slot_id = ?1)");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_row(s);
    if (e == KIOSK_OK) {
        int used = sqlite3_column_int(s, 0);
        sqlite3_reset(s);
        e = used ? KIOSK_EINUSE : KIOSK_OK;
    }
    if (e == KIOSK_OK) {
        s = store_stmt(st, "DELETE FROM slots WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
        }
        e = store_run_one(st, s);
    }
    if (e == KIOSK_OK) {
        e = audit_detail(st, now, staff_id, "remove-slot",
                         "slot", id);
    }
    return store_end(st, e);
}

enum kiosk_err store_slots_for_day(struct store *st, int64_t day,
                                   struct store_slot *out, int cap, int *n)
{
    if (!n || cap < 0 || (cap && !out)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT s.id, s.start, s.length, s.capacity, s.blocked,"
        " (SELECT count(*) FROM tickets t"
        "  WHERE t.slot_id = s.id AND t.state != 2)"
        " FROM slots s WHERE s.day = ?1 ORDER BY s.start, s.id");
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, day);
    int rc;
    enum kiosk_err e = KIOSK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            e = KIOSK_ETOOBIG;
            break;
        }
        struct store_slot *o = &out[(*n)++];
        o->id = sqlite3_column_int64(s, 0);
        o->start = sqlite3_column_int64(s, 1);
        o->length = sqlite3_column_int(s, 2);
        o->capacity = sqlite3_column_int(s, 3);
        o->blocked = sqlite3_column_int(s, 4);
        o->booked = sqlite3_column_int(s, 5);
    }
    sqlite3_reset(s);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}

enum kiosk_err store_closed_day_add(struct store *st, int64_t day,
                                    const char *reason, int64_t now,
                                    int64_t staff_id)
{
    if (reason && !store_text_ok(reason, 255, 1)) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO closed_days(day, reason) VALUES (?1, coalesce(?2, ''))"
        " ON CONFLICT(day) DO UPDATE SET reason = excluded.reason");
    if (s) {
        sqlite3_bind_int64(s, 1, day);
        store_bind_text(s, 2, reason);
    }
    e = store_run(s);
    if (e == KIOSK_OK) {
        e = audit_detail(st, now, staff_id, "close-day", "day",
                         day);
    }
    return store_end(st, e);
}

enum kiosk_err store_closed_day_remove(struct store *st, int64_t day,
                                       int64_t now, int64_t staff_id)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st, "DELETE FROM closed_days WHERE day = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, day);
    }
    e = store_run_one(st, s);
    if (e == KIOSK_OK) {
        e = audit_detail(st, now, staff_id, "open-day", "day",
                         day);
    }
    return store_end(st, e);
}

enum kiosk_err store_closed_day_is(struct store *st, int64_t day, int *closed)
{
    sqlite3_stmt *s = store_stmt(st,
        "SELECT EXISTS (SELECT 1 FROM closed_days WHERE day = ?1)");
    if (s) {
        sqlite3_bind_int64(s, 1, day);
    }
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        *closed = sqlite3_column_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum kiosk_err store_closed_days(struct store *st, int64_t from_day,
                                 int64_t to_day, int64_t *days, int cap,
                                 int *n)
{
    if (!n || cap < 0 || (cap && !days)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT day FROM closed_days WHERE day >= ?1 AND day < ?2"
        " ORDER BY day");
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, from_day);
    sqlite3_bind_int64(s, 2, to_day);
    int rc;
    enum kiosk_err e = KIOSK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            e = KIOSK_ETOOBIG;
            break;
        }
        days[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}

/* ---- audit log --------------------------------------------------------- */

enum kiosk_err store_audit_in_tx(struct store *st, int64_t now,
                                 int64_t staff_id, const char *action,
                                 const char *detail)
{
    if (!store_text_ok(action, 31, 0) ||
        (detail && !store_text_ok(detail, STORE_MAX_TEXT, 1))) {
        return KIOSK_EINVAL;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO audit(time, staff_id, action, detail)"
        " VALUES (?1, ?2, ?3, coalesce(?4, ''))");
    if (s) {
        sqlite3_bind_int64(s, 1, now);
        store_bind_id(s, 2, staff_id);
        store_bind_text(s, 3, action);
        store_bind_text(s, 4, detail);
    }
    return store_run(s);
}

enum kiosk_err store_audit_add(struct store *st, int64_t now,
                               int64_t staff_id, const char *action,
                               const char *detail)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    return store_end(st, store_audit_in_tx(st, now, staff_id, action,
                                           detail));
}

enum kiosk_err store_audit_list(struct store *st, int64_t before_id,
                                struct store_audit *out, int cap, int *n)
{
    if (!n || cap < 0 || (cap && !out)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT id, time, coalesce(staff_id, 0), action, detail FROM audit"
        " WHERE id < ?1 ORDER BY id DESC LIMIT ?2");
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int(s, 2, cap);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_audit *a = &out[(*n)++];
        a->id = sqlite3_column_int64(s, 0);
        a->time = sqlite3_column_int64(s, 1);
        a->staff_id = sqlite3_column_int64(s, 2);
        store_copy_col(a->action, sizeof a->action, s, 3);
        store_copy_col(a->detail, sizeof a->detail, s, 4);
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

/* ---- outbox ------------------------------------------------------------ */

enum kiosk_err store_outbox_add(struct store *st,
                                const struct store_outbox_new *rec,
                                int64_t now, int64_t *id)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int64_t rowid = 0;
    e = store_end(st, outbox_insert(st, rec, now, 0, &rowid));
    if (e == KIOSK_OK && id) {
        *id = rowid;
    }
    return e;
}

/* Copies blob column col into a malloc'd buffer (1 byte for an empty one,
 * so that a present part is never NULL). */
static enum kiosk_err copy_blob(sqlite3_stmt *s, int col,
                                unsigned char **out, size_t *len)
{
    const void *b = sqlite3_column_blob(s, col);
    int n = sqlite3_column_bytes(s, col);
    *out = malloc(n > 0 ? (size_t)n : 1);
    if (!*out) {
        return KIOSK_ENOMEM;
    }
    if (n > 0) {
        memcpy(*out, b, (size_t)n);
    }
    *len = (size_t)n;
    return KIOSK_OK;
}

enum kiosk_err store_outbox_next(struct store *st, int64_t after_id,
                                 const char *const *skip, int n_skip,
                                 struct store_outbox_item *it)
{
    if (!it) {
        return KIOSK_EINVAL;
    }
    memset(it, 0, sizeof *it);
    if (n_skip < 0 || n_skip > STORE_OUTBOX_SKIP_MAX || (n_skip && !skip)) {
        return KIOSK_EINVAL;
    }
    /* "IS NOT" so that an unused slot (NULL) excludes nothing. */
    sqlite3_stmt *s = store_stmt(st,
        "SELECT id, kind, form, instance_id, body, attachment, created,"
        " attempts, last_error FROM outbox"
        " WHERE state = 0 AND id > ?1 AND form IS NOT ?2 AND form IS NOT ?3"
        " AND form IS NOT ?4 AND form IS NOT ?5 ORDER BY id LIMIT 1");
    if (s) {
        sqlite3_bind_int64(s, 1, after_id);
        for (int i = 0; i < n_skip; i++) {
            store_bind_text(s, 2 + i, skip[i]);
        }
    }
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    it->id = sqlite3_column_int64(s, 0);
    store_copy_col(it->kind, sizeof it->kind, s, 1);
    store_copy_col(it->form, sizeof it->form, s, 2);
    store_copy_col(it->instance, sizeof it->instance, s, 3);
    e = copy_blob(s, 4, &it->body, &it->len);
    if (e == KIOSK_OK && sqlite3_column_type(s, 5) != SQLITE_NULL) {
        e = copy_blob(s, 5, &it->att, &it->att_len);
    }
    it->created = sqlite3_column_int64(s, 6);
    it->attempts = sqlite3_column_int(s, 7);
    store_copy_col(it->last_error, sizeof it->last_error, s, 8);
    sqlite3_reset(s);
    if (e != KIOSK_OK) {
        store_outbox_item_clear(it);
    }
    return e;
}

enum kiosk_err store_outbox_mark(struct store *st, int64_t id,
                                 enum store_outbox_state state,
                                 int64_t when, const char *error)
{
    if (state < STORE_OUTBOX_PENDING || state > STORE_OUTBOX_FAILED ||
        (error && !store_text_ok(error, STORE_MAX_TEXT, 1))) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE outbox SET state = ?2, next_attempt = ?3,"
        " last_error = coalesce(?4, ''), attempts = attempts + 1"
        " WHERE id = ?1 AND state = 0");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, (int)state);
        sqlite3_bind_int64(s, 3, when);
        store_bind_text(s, 4, error);
    }
    e = store_run_one(st, s); /* no such item, or it is finished */
    return store_end(st, e);
}

enum kiosk_err store_outbox_requeue(struct store *st, int64_t now,
                                    int64_t staff_id, int *n)
{
    if (n) {
        *n = 0;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    /* A row whose bytes were wiped (plaintext from before encryption) has
     * nothing left to send and stays where it is. */
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE outbox SET state = 0,"
        " last_error = substr('re-queued: ' || last_error, 1, 1024)"
        " WHERE state = 2 AND length(body) > 0");
    e = store_run(s);
    int changed = e == KIOSK_OK ? sqlite3_changes(st->db) : 0;
    if (e == KIOSK_OK && staff_id) {
        char detail[32];
        snprintf(detail, sizeof detail, "%d", changed);
        e = store_audit_in_tx(st, now, staff_id, "requeue", detail);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK && n) {
        *n = changed;
    }
    return e;
}

enum kiosk_err store_outbox_counts(struct store *st,
                                   struct store_outbox_counts *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    /* Each count reads an index, never the rows (whose parts fill most of
     * a page each): all rows, pending (outbox_queue), parked
     * (outbox_parked); the rest were sent. */
    sqlite3_stmt *s = store_stmt(st,
        "SELECT (SELECT count(*) FROM outbox),"
        " (SELECT count(*) FROM outbox WHERE state = 0),"
        " (SELECT count(*) FROM outbox WHERE state = 2),"
        " (SELECT created FROM outbox WHERE state = 0 ORDER BY id LIMIT 1)");
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    int64_t all = sqlite3_column_int64(s, 0);
    out->pending = sqlite3_column_int64(s, 1);
    out->failed = sqlite3_column_int64(s, 2);
    out->sent = all - out->pending - out->failed;
    out->oldest_pending = sqlite3_column_int64(s, 3);
    sqlite3_reset(s);
    return KIOSK_OK;
}

void store_outbox_item_clear(struct store_outbox_item *it)
{
    if (it) {
        free(it->body);
        free(it->att);
        memset(it, 0, sizeof *it);
    }
}
