/* Statistics, retention and export.
 *
 * Every statistic is read from the tally table: counts per day written in
 * the same transaction as what they count (store.c), so they never depend
 * on a per-person row and retention never changes them. Tickets are the
 * exception: they are rows (codes, slots, states) and are counted live;
 * store_purge adds a ticket to the tally (kinds 5 and 6) before deleting
 * it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_private.h"

#define PURGE_BATCH_MAX 10000

/* Runs a (form_id, name, value, language, n) statement with ?1 from_day,
 * ?2 to_day and passes rows with n > 0 to cb. */
static enum kiosk_err walk_counts(sqlite3_stmt *s, int64_t from_day,
                                  int64_t to_day, store_count_cb cb,
                                  void *ctx)
{
    if (!s) {
        return KIOSK_EIO;
    }
    if (!cb) {
        sqlite3_reset(s);
        return KIOSK_EINVAL;
    }
    sqlite3_bind_int64(s, 1, from_day);
    sqlite3_bind_int64(s, 2, to_day);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_count c = {
            (const char *)sqlite3_column_text(s, 0),
            (const char *)sqlite3_column_text(s, 1),
            (const char *)sqlite3_column_text(s, 2),
            (const char *)sqlite3_column_text(s, 3),
            sqlite3_column_int64(s, 4),
        };
        if (c.n > 0 && cb(ctx, &c)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

enum kiosk_err store_count_by_form(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT form_id, NULL, NULL, NULL, sum(n) FROM tally"
        " WHERE kind = 1 AND day >= ?1 AND day < ?2"
        " GROUP BY form_id ORDER BY form_id"),
        from_day, to_day, cb, ctx);
}

enum kiosk_err store_count_by_language(struct store *st, int64_t from_day,
                                       int64_t to_day, store_count_cb cb,
                                       void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT NULL, language, NULL, NULL, sum(n) FROM tally"
        " WHERE kind = 1 AND day >= ?1 AND day < ?2"
        " GROUP BY language ORDER BY language"),
        from_day, to_day, cb, ctx);
}

enum kiosk_err store_count_by_band(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT form_id, name, value, NULL, sum(n) FROM tally"
        " WHERE kind = 2 AND day >= ?1 AND day < ?2"
        " GROUP BY form_id, name, value ORDER BY form_id, name, value"),
        from_day, to_day, cb, ctx);
}

enum kiosk_err store_count_tally(struct store *st, int64_t from_day,
                                 int64_t to_day, store_count_cb cb,
                                 void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT form_id, CASE kind WHEN 1 THEN NULL ELSE name END,"
        " CASE kind WHEN 1 THEN NULL ELSE value END, language, sum(n)"
        " FROM tally WHERE kind IN (1, 2) AND day >= ?1 AND day < ?2"
        " GROUP BY form_id, kind, name, value, language"
        " ORDER BY form_id, kind, name, value, language"),
        from_day, to_day, cb, ctx);
}

/* One number from a statement with ?1 from_day, ?2 to_day, ?3 key. */
static enum kiosk_err count1(sqlite3_stmt *s, int64_t from_day,
                             int64_t to_day, const char *key, int64_t *n)
{
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, from_day);
    sqlite3_bind_int64(s, 2, to_day);
    if (key) {
        sqlite3_bind_text(s, 3, key, -1, SQLITE_STATIC);
    }
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        *n = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum kiosk_err store_totals(struct store *st, int64_t from_day,
                            int64_t to_day, struct store_totals *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    int64_t begun = 0, ended = 0;
    enum kiosk_err e = count1(store_stmt(st,
        "SELECT coalesce(sum(n), 0) FROM tally WHERE kind = 3"
        " AND day >= ?1 AND day < ?2"), from_day, to_day, NULL, &begun);
    for (int o = 1; e == KIOSK_OK && o < STORE_OUTCOMES; o++) {
        char key[8];
        snprintf(key, sizeof key, "%d", o);
        e = count1(store_stmt(st,
            "SELECT coalesce(sum(n), 0) FROM tally WHERE kind = 4"
            " AND day >= ?1 AND day < ?2 AND name = ?3"),
            from_day, to_day, key, &out->visits[o]);
        ended += out->visits[o];
    }
    /* begun and never ended: cut off by a power cut or a crash */
    out->visits[STORE_VISIT_INTERRUPTED] = begun > ended ? begun - ended : 0;
    if (e == KIOSK_OK) {
        e = count1(store_stmt(st,
            "SELECT (SELECT count(*) FROM tickets"
            "  WHERE day >= ?1 AND day < ?2)"
            " + (SELECT coalesce(sum(n), 0) FROM tally WHERE kind = 5"
            "  AND day >= ?1 AND day < ?2)"),
            from_day, to_day, NULL, &out->tickets_issued);
    }
    if (e == KIOSK_OK) {
        e = count1(store_stmt(st,
            "SELECT (SELECT count(*) FROM tickets"
            "  WHERE attended_day >= ?1 AND attended_day < ?2)"
            " + (SELECT coalesce(sum(n), 0) FROM tally WHERE kind = 6"
            "  AND day >= ?1 AND day < ?2)"),
            from_day, to_day, NULL, &out->tickets_attended);
    }
    if (e == KIOSK_OK) {
        e = count1(store_stmt(st,
            "SELECT coalesce(sum(n), 0) FROM tally WHERE kind = 7"
            " AND day >= ?1 AND day < ?2"),
            from_day, to_day, NULL, &out->staff_calls);
    }
    return e;
}

/* ---- retention ---------------------------------------------------------- */

/* Collects up to `cap` ids from a statement taking ?1 cutoff, ?2 limit. */
static enum kiosk_err collect(sqlite3_stmt *s, int64_t cutoff, int64_t *ids,
                              int cap, int *n)
{
    *n = 0;
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, cutoff);
    sqlite3_bind_int(s, 2, cap);
    int rc;
    while (*n < cap && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        ids[(*n)++] = sqlite3_column_int64(s, 0);
    }
    if (*n == cap) {
        rc = SQLITE_DONE;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

/* Runs each statement of `sql` (NULL-terminated) with ?1 = id. */
static enum kiosk_err each_id(struct store *st, const char *const *sql,
                              const int64_t *ids, int n)
{
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; e == KIOSK_OK && i < n; i++) {
        for (int j = 0; e == KIOSK_OK && sql[j]; j++) {
            sqlite3_stmt *s = store_stmt(st, sql[j]);
            if (s) {
                sqlite3_bind_int64(s, 1, ids[i]);
            }
            e = store_run(s);
        }
    }
    return e;
}

#define ROLLUP_INTO                                                        \
    "INSERT INTO tally(kind, day, form_id, name, value, language, n) "
#define ROLLUP_ADD                                                         \
    " ON CONFLICT(kind, day, form_id, name, value, language)"              \
    " DO UPDATE SET n = n + excluded.n"

/* counted when saved: the sealed record just goes */
static const char *const purge_screening[] = {
    "DELETE FROM screenings WHERE id = ?1",
    NULL,
};

static const char *const purge_ticket[] = {
    ROLLUP_INTO "SELECT 5, day, '', '', '', '', 1 FROM tickets WHERE id = ?1"
    ROLLUP_ADD,
    ROLLUP_INTO "SELECT 6, attended_day, '', '', '', '', 1 FROM tickets"
    " WHERE id = ?1 AND attended_day IS NOT NULL" ROLLUP_ADD,
    "DELETE FROM tickets WHERE id = ?1",
    NULL,
};

static const char *const purge_slot[] = {
    "DELETE FROM slots WHERE id = ?1", NULL,
};

static const char *const purge_outbox[] = {
    "DELETE FROM outbox WHERE id = ?1", NULL,
};

static const char *const purge_closed[] = {
    "DELETE FROM closed_days WHERE day = ?1", NULL,
};

enum kiosk_err store_purge(struct store *st, int64_t now, int retention_days,
                           int batch, int *deleted)
{
    if (deleted) {
        *deleted = 0;
    }
    if (retention_days < 1 || batch < 1) {
        return KIOSK_EINVAL;
    }
    if (batch > PURGE_BATCH_MAX) {
        batch = PURGE_BATCH_MAX;
    }
    int64_t cutoff = store_day(st, now - (int64_t)retention_days * 86400);
    int64_t *ids = malloc((size_t)batch * sizeof *ids);
    if (!ids) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        free(ids);
        return e;
    }
    /* Oldest first, children before what they refer to: outbox and tickets
     * before screenings and slots. */
    static const struct {
        const char *select;
        const char *const *run;
    } steps[] = {
        {"SELECT id FROM outbox WHERE day < ?1 ORDER BY day LIMIT ?2",
         purge_outbox},
        {"SELECT id FROM tickets WHERE day < ?1 ORDER BY day LIMIT ?2",
         purge_ticket},
        {"SELECT id FROM screenings WHERE day < ?1 ORDER BY day LIMIT ?2",
         purge_screening},
        {"SELECT s.id FROM slots s WHERE s.day < ?1 AND NOT EXISTS"
         " (SELECT 1 FROM tickets t WHERE t.slot_id = s.id)"
         " ORDER BY s.day LIMIT ?2",
         purge_slot},
        {"SELECT day FROM closed_days WHERE day < ?1 ORDER BY day LIMIT ?2",
         purge_closed},
    };
    int total = 0;
    for (size_t i = 0; e == KIOSK_OK && i < sizeof steps / sizeof steps[0] &&
                       total < batch; i++) {
        int n = 0;
        e = collect(store_stmt(st, steps[i].select), cutoff, ids,
                    batch - total, &n);
        if (e == KIOSK_OK) {
            e = each_id(st, steps[i].run, ids, n);
        }
        total += n;
    }
    free(ids);
    e = store_end(st, e);
    if (e == KIOSK_OK && deleted) {
        *deleted = total;
    }
    return e;
}
