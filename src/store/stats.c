/* Statistics, retention and export.
 *
 * A count over [from_day, to_day) is live rows + what store_purge rolled up
 * into stat_daily, so purging moves a record from one side of the sum to
 * the other and never changes the total. Grouped counts walk stat_keys (a
 * handful of rows) and, per key, count one index range: with a million
 * rows this avoids sorting the whole period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_private.h"

#define PURGE_BATCH_MAX 10000

/* Runs a (group, n) statement and passes rows with n > 0 to cb. Column 0
 * is form_id (or NULL), 1 name (or NULL), 2 value (or NULL), 3 n. */
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
            sqlite3_column_int64(s, 3),
        };
        if (c.n > 0 && cb(ctx, &c)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

/* Live + rolled-up screenings for one kind-1 key (form_id, language). */
#define FORM_LANG_N                                                        \
    "(SELECT count(*) FROM screenings s WHERE s.form_id = k.form_id"       \
    "  AND s.language = k.name AND s.day >= ?1 AND s.day < ?2)"            \
    " + (SELECT coalesce(sum(a.n), 0) FROM stat_daily a WHERE a.kind = 1"  \
    "  AND a.form_id = k.form_id AND a.name = k.name AND a.value = ''"     \
    "  AND a.day >= ?1 AND a.day < ?2)"

enum kiosk_err store_count_by_form(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT k.form_id, NULL, NULL, sum(" FORM_LANG_N ")"
        " FROM stat_keys k WHERE k.kind = 1"
        " GROUP BY k.form_id ORDER BY k.form_id"),
        from_day, to_day, cb, ctx);
}

enum kiosk_err store_count_by_language(struct store *st, int64_t from_day,
                                       int64_t to_day, store_count_cb cb,
                                       void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT NULL, k.name, NULL, sum(" FORM_LANG_N ")"
        " FROM stat_keys k WHERE k.kind = 1"
        " GROUP BY k.name ORDER BY k.name"),
        from_day, to_day, cb, ctx);
}

enum kiosk_err store_count_by_band(struct store *st, int64_t from_day,
                                   int64_t to_day, store_count_cb cb,
                                   void *ctx)
{
    return walk_counts(store_stmt(st,
        "SELECT k.form_id, k.name, k.value,"
        " (SELECT count(*) FROM screening_values v WHERE v.band = 1"
        "  AND v.form_id = k.form_id AND v.name = k.name"
        "  AND v.value = k.value AND v.day >= ?1 AND v.day < ?2)"
        " + (SELECT coalesce(sum(a.n), 0) FROM stat_daily a"
        "  WHERE a.kind = 2 AND a.form_id = k.form_id AND a.name = k.name"
        "  AND a.value = k.value AND a.day >= ?1 AND a.day < ?2)"
        " FROM stat_keys k WHERE k.kind = 2"
        " ORDER BY k.form_id, k.name, k.value"),
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
    enum kiosk_err e = KIOSK_OK;
    for (int o = 0; e == KIOSK_OK && o < STORE_OUTCOMES; o++) {
        char key[8];
        snprintf(key, sizeof key, "%d", o);
        e = count1(store_stmt(st,
            "SELECT (SELECT count(*) FROM visits WHERE outcome = ?3"
            "  AND day >= ?1 AND day < ?2)"
            " + (SELECT coalesce(sum(n), 0) FROM stat_daily WHERE kind = 3"
            "  AND form_id = '' AND name = ?3 AND value = ''"
            "  AND day >= ?1 AND day < ?2)"),
            from_day, to_day, key, &out->visits[o]);
    }
    if (e == KIOSK_OK) {
        e = count1(store_stmt(st,
            "SELECT (SELECT count(*) FROM tickets"
            "  WHERE day >= ?1 AND day < ?2)"
            " + (SELECT coalesce(sum(n), 0) FROM stat_daily WHERE kind = 4"
            "  AND form_id = '' AND name = '' AND value = ''"
            "  AND day >= ?1 AND day < ?2)"),
            from_day, to_day, NULL, &out->tickets_issued);
    }
    if (e == KIOSK_OK) {
        e = count1(store_stmt(st,
            "SELECT (SELECT count(*) FROM tickets"
            "  WHERE attended_day >= ?1 AND attended_day < ?2)"
            " + (SELECT coalesce(sum(n), 0) FROM stat_daily WHERE kind = 5"
            "  AND form_id = '' AND name = '' AND value = ''"
            "  AND day >= ?1 AND day < ?2)"),
            from_day, to_day, NULL, &out->tickets_attended);
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
    "INSERT INTO stat_daily(kind, form_id, name, value, day, n) "
#define ROLLUP_ADD                                                         \
    " ON CONFLICT(kind, form_id, name, value, day)"                        \
    " DO UPDATE SET n = n + excluded.n"

static const char *const purge_screening[] = {
    ROLLUP_INTO "SELECT 1, form_id, language, '', day, 1 FROM screenings"
    " WHERE id = ?1" ROLLUP_ADD,
    ROLLUP_INTO "SELECT 2, form_id, name, value, day, 1"
    " FROM screening_values WHERE screening_id = ?1 AND band = 1"
    ROLLUP_ADD,
    "DELETE FROM screenings WHERE id = ?1", /* values cascade */
    NULL,
};

static const char *const purge_visit[] = {
    ROLLUP_INTO "SELECT 3, '', CAST(outcome AS TEXT), '', day, 1"
    " FROM visits WHERE id = ?1" ROLLUP_ADD,
    "DELETE FROM visits WHERE id = ?1",
    NULL,
};

static const char *const purge_ticket[] = {
    ROLLUP_INTO "SELECT 4, '', '', '', day, 1 FROM tickets WHERE id = ?1"
    ROLLUP_ADD,
    ROLLUP_INTO "SELECT 5, '', '', '', attended_day, 1 FROM tickets"
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
     * before screenings and slots, screenings before visits. */
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
        {"SELECT id FROM visits WHERE day < ?1 ORDER BY day LIMIT ?2",
         purge_visit},
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

/* ---- export ------------------------------------------------------------- */

/* Calculates of one screening, copied out of SQLite's buffers. */
struct values_buf {
    struct store_value v[STORE_MAX_VALUES];
    char text[STORE_MAX_VALUES * (STORE_MAX_NAME + STORE_MAX_VALUE + 2)];
};

static enum kiosk_err load_values(struct store *st, int64_t id,
                                  struct values_buf *vb, int *n)
{
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT name, value FROM screening_values WHERE screening_id = ?1"
        " ORDER BY name");
    if (!s) {
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, id);
    size_t used = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < STORE_MAX_VALUES) {
        char *name = vb->text + used;
        int ln = snprintf(name, STORE_MAX_NAME + 1, "%s",
                          (const char *)sqlite3_column_text(s, 0));
        used += (size_t)(ln > STORE_MAX_NAME ? STORE_MAX_NAME : ln) + 1;
        char *value = vb->text + used;
        int lv = snprintf(value, STORE_MAX_VALUE + 1, "%s",
                          (const char *)sqlite3_column_text(s, 1));
        used += (size_t)(lv > STORE_MAX_VALUE ? STORE_MAX_VALUE : lv) + 1;
        vb->v[*n].name = name;
        vb->v[*n].value = value;
        (*n)++;
    }
    if (rc == SQLITE_ROW) {
        rc = SQLITE_DONE; /* more than the cap: cannot have been saved */
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_err(rc);
}

enum kiosk_err store_export_screenings(struct store *st, int64_t from_day,
                                       int64_t to_day,
                                       int (*cb)(void *ctx,
                                           const struct store_screening_row *r),
                                       void *ctx)
{
    if (!cb) {
        return KIOSK_EINVAL;
    }
    struct values_buf *vb = malloc(sizeof *vb);
    if (!vb) {
        return KIOSK_ENOMEM;
    }
    sqlite3_stmt *s = store_stmt(st,
        "SELECT id, coalesce(visit_id, 0), form_id, form_version, language,"
        " created FROM screenings WHERE day >= ?1 AND day < ?2"
        " ORDER BY day, created, id");
    if (!s) {
        free(vb);
        return KIOSK_EIO;
    }
    sqlite3_bind_int64(s, 1, from_day);
    sqlite3_bind_int64(s, 2, to_day);
    enum kiosk_err e = KIOSK_OK;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_screening_row r = {
            .id = sqlite3_column_int64(s, 0),
            .visit_id = sqlite3_column_int64(s, 1),
            .form_id = (const char *)sqlite3_column_text(s, 2),
            .form_version = (const char *)sqlite3_column_text(s, 3),
            .language = (const char *)sqlite3_column_text(s, 4),
            .time = sqlite3_column_int64(s, 5),
            .values = vb->v,
        };
        e = load_values(st, r.id, vb, &r.n_values);
        if (e != KIOSK_OK || cb(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(s);
    free(vb);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}
