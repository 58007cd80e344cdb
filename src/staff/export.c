/* Exports for the district: tickets.csv, aggregate.csv and a DHIS2
 * dataValueSets file, written all-or-nothing into a directory that is often
 * a USB stick.
 *
 * Formats are documented in src/staff/README.md. Everything about
 * screenings is computed from the store's counts: no per-person result,
 * no answer and no ticket code ever leaves (a code is the key to a
 * person's record, and a USB stick gets lost). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/date.h"
#include "staff/staff.h"
#include "staff/staff_int.h"

#define EXPORT_MAX_DAYS 3700 /* ten years and some: a sane upper bound */
#define EXPORT_PATH_MAX 1024

enum { F_TICKETS, F_AGGREGATE, F_DHIS2, F_COUNT };

static const char *const file_names[F_COUNT] = {
    "tickets.csv", "aggregate.csv", "dhis2.json",
};

/* One output file: written as path.tmp, renamed to path at the end. */
struct xfile {
    char path[EXPORT_PATH_MAX];
    char tmp[EXPORT_PATH_MAX + 8];
    FILE *f;
    int written; /* complete and synced, waiting for its rename */
};

static enum kiosk_err errno_err(int err)
{
    switch (err) {
    case EROFS:
        return KIOSK_EREADONLY;
    case EACCES:
    case EPERM:
        return KIOSK_EDENIED;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return KIOSK_EFULL;
    case ENOENT:
    case ENOTDIR:
        return KIOSK_ENOENT;
    default:
        return KIOSK_EIO;
    }
}

/* A sentence staff can act on, for the usual reasons a stick refuses. */
static const char *errno_hint(int err)
{
    switch (err) {
    case EROFS:
        return " (the stick or disk is read-only: check its lock switch)";
    case EACCES:
    case EPERM:
        return " (not allowed to write there)";
    case ENOSPC:
    case EDQUOT:
        return " (no space left: use a stick with more free space)";
    case ENOENT:
    case ENOTDIR:
        return " (is the USB stick still plugged in?)";
    default:
        return "";
    }
}

static enum kiosk_err fail(struct kiosk_diag *d, const char *path, int err,
                           const char *what)
{
    kiosk_diag_err(d, path, 0, 0, "cannot %s: %s%s", what, strerror(err),
                   errno_hint(err));
    return errno_err(err);
}

static enum kiosk_err xfile_open(struct xfile *x, const char *dir,
                                 const char *name, struct kiosk_diag *d)
{
    int n = snprintf(x->path, sizeof x->path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof x->path) {
        kiosk_diag_err(d, dir, 0, 0, "export directory path is too long");
        return KIOSK_EINVAL;
    }
    snprintf(x->tmp, sizeof x->tmp, "%s.tmp", x->path);
    int fd = open(x->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return fail(d, x->tmp, errno, "create");
    }
    x->f = fdopen(fd, "wb");
    if (!x->f) {
        int err = errno;
        close(fd);
        unlink(x->tmp);
        return fail(d, x->tmp, err, "open");
    }
    return KIOSK_OK;
}

/* Flushes, syncs and closes; the file stays as .tmp until the commit. */
static enum kiosk_err xfile_finish(struct xfile *x, struct kiosk_diag *d)
{
    int err = 0;
    if (fflush(x->f) != 0 || ferror(x->f)) {
        err = errno ? errno : EIO;
    } else if (fsync(fileno(x->f)) != 0) {
        err = errno;
    }
    if (fclose(x->f) != 0 && !err) {
        err = errno;
    }
    x->f = NULL;
    if (err) {
        return fail(d, x->tmp, err, "write");
    }
    x->written = 1;
    return KIOSK_OK;
}

static void xfile_abort(struct xfile *x)
{
    if (x->f) {
        fclose(x->f);
        x->f = NULL;
    }
    if (x->tmp[0]) {
        unlink(x->tmp);
    }
    x->written = 0;
}

/* The directory entry of a rename is only durable once the directory
 * itself is synced; vfat on a stick honours this too. */
static enum kiosk_err sync_dir(const char *dir, struct kiosk_diag *d)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return fail(d, dir, errno, "open the directory");
    }
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    if (rc != 0 && err != EINVAL && err != EROFS) {
        return fail(d, dir, err, "sync the directory");
    }
    return KIOSK_OK;
}

/* ---- text writers ----------------------------------------------------- */

/* Writes s, replacing bytes that are not valid UTF-8 with '?', so the file
 * is always valid UTF-8 whatever a damaged database holds. */
void staff_put_text(FILE *f, const char *s, enum staff_put_mode mode)
{
    size_t len = s ? strlen(s) : 0;
    while (len > 0) {
        size_t bad = len;
        size_t ok = kiosk_utf8_valid(s, len, &bad) ? len : bad;
        for (size_t i = 0; i < ok; i++) {
            unsigned char c = (unsigned char)s[i];
            if (mode == STAFF_PUT_CSVQ && c == '"') {
                fputs("\"\"", f);
            } else if (mode != STAFF_PUT_JSON) {
                fputc(c, f);
            } else if (c == '"' || c == '\\') {
                fputc('\\', f);
                fputc(c, f);
            } else if (c == '\n') {
                fputs("\\n", f);
            } else if (c == '\r') {
                fputs("\\r", f);
            } else if (c == '\t') {
                fputs("\\t", f);
            } else if (c < 0x20 || c == 0x7f) {
                fprintf(f, "\\u%04x", c);
            } else {
                fputc(c, f);
            }
        }
        if (ok == len) {
            break;
        }
        fputc('?', f);
        s += ok + 1;
        len -= ok + 1;
    }
}

/* One CSV row being written: fields are separated as they come. */
struct csvw {
    FILE *f;
    int col;
};

/* RFC 4180: a field is quoted when it holds a comma, a quote or a line
 * break; quotes inside are doubled. */
void staff_put_csv_field(FILE *f, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        staff_put_text(f, s, STAFF_PUT_RAW);
        return;
    }
    fputc('"', f);
    staff_put_text(f, s, STAFF_PUT_CSVQ);
    fputc('"', f);
}

static void csv_str(struct csvw *w, const char *s)
{
    if (w->col++ > 0) {
        fputc(',', w->f);
    }
    staff_put_csv_field(w->f, s);
}

static void csv_int(struct csvw *w, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    csv_str(w, buf);
}

static void csv_end(struct csvw *w)
{
    fputs("\r\n", w->f);
    w->col = 0;
}

/* A header row; the UTF-8 byte-order mark first, so that spreadsheet
 * programs that guess the encoding (Excel) read Vietnamese correctly;
 * LibreOffice and the kiosk's own CSV reader accept it. */
static void csv_header(FILE *f, const char *const *cols)
{
    struct csvw w = {f, 0};
    fputs("\xef\xbb\xbf", f);
    for (int i = 0; cols[i]; i++) {
        csv_str(&w, cols[i]);
    }
    csv_end(&w);
}

/* ---- local time --------------------------------------------------------- */

/* "2026-11-24T08:00:00+07:00": ISO 8601 local time with its offset. */
static void format_time(int64_t t, int off, char *buf, size_t n)
{
    date_format(t, off, DATE_ISO, buf, n);
}

/* ---- tickets.csv -------------------------------------------------------- */

struct tk_ctx {
    FILE *f;
    int off;
    int64_t rows;
};

static const char *ticket_state_name(enum store_ticket_state s)
{
    switch (s) {
    case STORE_TICKET_ISSUED:
        return "issued";
    case STORE_TICKET_ATTENDED:
        return "attended";
    case STORE_TICKET_CANCELLED:
        return "cancelled";
    }
    return "unknown";
}

static int ticket_cb(void *ctx, const struct store_ticket *t)
{
    struct tk_ctx *c = ctx;
    char created[40], slot[40] = "", changed[40];
    format_time(t->created, c->off, created, sizeof created);
    if (t->slot_id != 0) {
        format_time(t->slot_start, c->off, slot, sizeof slot);
    }
    format_time(t->state_changed, c->off, changed, sizeof changed);
    struct csvw w = {c->f, 0};
    /* deliberately no t->code */
    csv_int(&w, t->id);
    csv_str(&w, created);
    csv_str(&w, slot);
    csv_str(&w, ticket_state_name(t->state));
    csv_str(&w, changed);
    csv_str(&w, t->language);
    csv_int(&w, t->printed);
    csv_end(&w);
    c->rows++;
    return ferror(c->f) ? 1 : 0;
}

/* ---- aggregate.csv ------------------------------------------------------ */

struct agg_ctx {
    FILE *f;
    const char *measure;
    char day[16];
    int64_t rows;
};

static void agg_row(struct agg_ctx *c, const char *measure, const char *form,
                    const char *name, const char *value, int64_t n)
{
    struct csvw w = {c->f, 0};
    csv_str(&w, c->day);
    csv_str(&w, measure);
    csv_str(&w, form);
    csv_str(&w, name);
    csv_str(&w, value);
    csv_int(&w, n);
    csv_end(&w);
    c->rows++;
}

static int agg_count_cb(void *ctx, const struct store_count *k)
{
    struct agg_ctx *c = ctx;
    if (strcmp(c->measure, "language") == 0) {
        agg_row(c, c->measure, "", k->name, "", k->n);
    } else {
        agg_row(c, c->measure, k->form_id, k->name, k->value, k->n);
    }
    return ferror(c->f) ? 1 : 0;
}

static enum kiosk_err write_aggregate(struct store *st, FILE *f, long from,
                                      long to, int64_t *rows)
{
    static const char *const cols[] = {
        "day", "measure", "form", "name", "value", "count", NULL,
    };
    csv_header(f, cols);
    struct agg_ctx c = {.f = f};
    enum kiosk_err e = KIOSK_OK;
    for (long day = from; e == KIOSK_OK && day < to && !ferror(f); day++) {
        date_format_day(day, DATE_YMD, c.day, sizeof c.day);
        struct store_totals t;
        e = store_totals(st, day, day + 1, &t);
        if (e != KIOSK_OK) {
            break;
        }
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            if (t.visits[o] > 0) {
                agg_row(&c, "visits", "", staff_outcome_name(o), "",
                        t.visits[o]);
            }
        }
        c.measure = "screenings";
        e = store_count_by_form(st, day, day + 1, agg_count_cb, &c);
        if (e == KIOSK_OK) {
            c.measure = "band";
            e = store_count_by_band(st, day, day + 1, agg_count_cb, &c);
        }
        if (e == KIOSK_OK) {
            c.measure = "language";
            e = store_count_by_language(st, day, day + 1, agg_count_cb, &c);
        }
        if (t.tickets_issued > 0) {
            agg_row(&c, "tickets_issued", "", "", "", t.tickets_issued);
        }
        if (t.tickets_attended > 0) {
            agg_row(&c, "tickets_attended", "", "", "", t.tickets_attended);
        }
        if (t.staff_calls > 0) {
            agg_row(&c, "staff_calls", "", "", "", t.staff_calls);
        }
    }
    *rows = c.rows;
    return e;
}

/* ---- dhis2.json --------------------------------------------------------- */

struct dhis_ctx {
    FILE *f;
    const struct staff_dhis2_cfg *cfg;
    unsigned char used[STAFF_MAX_MAP];
    int values;
    int missing;
    struct kiosk_diag *diag;
    const char *path;
};

static void dhis_value(struct dhis_ctx *c, const struct staff_dhis2_map *m,
                       int64_t n)
{
    const char *coc = m->coc[0] ? m->coc : c->cfg->coc_default;
    fputs(c->values ? ",\n    " : "\n    ", c->f);
    fputs("{\"dataElement\": \"", c->f);
    staff_put_text(c->f, m->de, STAFF_PUT_JSON);
    fputc('"', c->f);
    if (coc[0]) {
        fputs(", \"categoryOptionCombo\": \"", c->f);
        staff_put_text(c->f, coc, STAFF_PUT_JSON);
        fputc('"', c->f);
    }
    fprintf(c->f, ", \"value\": \"%lld\"}", (long long)n);
    c->values++;
}

/* One measure: sent if its id is configured, else (if non-zero) left out
 * with a warning naming the key staff would add to site.ini. */
static void dhis_emit(struct dhis_ctx *c, const char *key, int64_t n)
{
    for (int i = 0; i < c->cfg->nmap; i++) {
        if (strcmp(c->cfg->map[i].key, key) == 0) {
            c->used[i] = 1;
            dhis_value(c, &c->cfg->map[i], n);
            return;
        }
    }
    if (n > 0) {
        c->missing++;
        kiosk_diag_warn(c->diag, c->path, 0, 0,
                        "%s = %lld left out: site.ini [dhis2] has no id "
                        "for it", key, (long long)n);
    }
}

static int dhis_count_cb(void *ctx, const struct store_count *k, int kind)
{
    struct dhis_ctx *c = ctx;
    char key[STAFF_MAP_KEY_MAX + STORE_MAX_VALUE];
    if (kind == 0) {
        snprintf(key, sizeof key, "screenings.%s", k->form_id);
    } else if (kind == 1) {
        snprintf(key, sizeof key, "band.%s.%s.%s", k->form_id, k->name,
                 k->value);
    } else {
        snprintf(key, sizeof key, "language.%s", k->name);
    }
    dhis_emit(c, key, k->n);
    return 0;
}

static int dhis_form_cb(void *ctx, const struct store_count *k)
{
    return dhis_count_cb(ctx, k, 0);
}

static int dhis_band_cb(void *ctx, const struct store_count *k)
{
    return dhis_count_cb(ctx, k, 1);
}

static int dhis_lang_cb(void *ctx, const struct store_count *k)
{
    return dhis_count_cb(ctx, k, 2);
}

static int total_cb(void *ctx, const struct store_count *k)
{
    *(int64_t *)ctx += k->n;
    return 0;
}

static enum kiosk_err write_dhis2(struct store *st,
                                  const struct staff_export_cfg *cfg,
                                  const char *period, FILE *f, long from,
                                  long to, const char *path,
                                  struct staff_export_result *res,
                                  struct kiosk_diag *d)
{
    const struct staff_dhis2_cfg *dc = &cfg->dhis2;
    struct dhis_ctx c = {.f = f, .cfg = dc, .diag = d, .path = path};
    char complete[16];
    date_format(cfg->now, cfg->utc_offset, DATE_YMD, complete,
                sizeof complete);
    fputs("{\n  \"dataSet\": \"", f);
    staff_put_text(f, dc->dataset, STAFF_PUT_JSON);
    fputs("\",\n  \"completeDate\": \"", f);
    staff_put_text(f, complete, STAFF_PUT_JSON);
    fputs("\",\n  \"period\": \"", f);
    staff_put_text(f, period, STAFF_PUT_JSON);
    fputs("\",\n  \"orgUnit\": \"", f);
    staff_put_text(f, dc->orgunit, STAFF_PUT_JSON);
    fputs("\",\n  \"dataValues\": [", f);

    struct store_totals t;
    enum kiosk_err e = store_totals(st, from, to, &t);
    if (e == KIOSK_OK) {
        int64_t all = 0;
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            all += t.visits[o];
        }
        dhis_emit(&c, "visits", all);
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            char key[32];
            snprintf(key, sizeof key, "visits.%s", staff_outcome_name(o));
            dhis_emit(&c, key, t.visits[o]);
        }
        int64_t screenings = 0;
        e = store_count_by_form(st, from, to, total_cb, &screenings);
        if (e == KIOSK_OK) {
            dhis_emit(&c, "screenings", screenings);
            e = store_count_by_form(st, from, to, dhis_form_cb, &c);
        }
    }
    if (e == KIOSK_OK) {
        e = store_count_by_band(st, from, to, dhis_band_cb, &c);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_language(st, from, to, dhis_lang_cb, &c);
    }
    if (e == KIOSK_OK) {
        dhis_emit(&c, "tickets_issued", t.tickets_issued);
        dhis_emit(&c, "tickets_attended", t.tickets_attended);
        /* a configured measure the store never saw in the period has the
         * count 0, and DHIS2 should hear that rather than nothing */
        for (int i = 0; i < dc->nmap; i++) {
            if (!c.used[i]) {
                dhis_value(&c, &dc->map[i], 0);
            }
        }
    }
    fputs(c.values ? "\n  ]\n}\n" : "]\n}\n", f);
    res->dhis2_values = c.values;
    res->dhis2_missing = c.missing;
    return e;
}

/* ---- the export --------------------------------------------------------- */

static enum kiosk_err check_dir(const char *dir, struct kiosk_diag *d)
{
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        return fail(d, dir, errno, "use the export directory");
    }
    if (!S_ISDIR(sb.st_mode)) {
        return fail(d, dir, ENOTDIR, "use the export directory");
    }
    return KIOSK_OK;
}

/* Whether dhis2.json can be written for [from_day, to_day): NULL, with its
 * period in period[16], or the reason it cannot (the check's errors
 * become warnings: they stop dhis2.json, not the CSV files). */
static const char *dhis2_plan(const struct staff_export_cfg *cfg,
                              long from_day, long to_day, char period[16],
                              struct kiosk_diag *d)
{
    if (!cfg->dhis2.dataset[0] || !cfg->dhis2.orgunit[0]) {
        return "site.ini [dhis2] has no dataset or orgunit";
    }
    if (staff_dhis2_period(from_day, to_day, period, 16)) {
        return "the dates are not one DHIS2 period (a day, a Monday-to-"
               "Sunday week, a month, a quarter, a half-year or a year)";
    }
    const char *why = NULL;
    struct kiosk_diag cd = {0};
    if (staff_dhis2_cfg_check(&cfg->dhis2, &cd, "site.ini") != KIOSK_OK) {
        for (int i = 0; i < cd.n; i++) {
            kiosk_diag_warn(d, cd.items[i].file, cd.items[i].row, 0, "%s",
                            cd.items[i].msg);
        }
        why = "site.ini [dhis2] maps two measures to one data element and "
              "combo";
    }
    kiosk_diag_free(&cd);
    return why;
}

/* Writes every file to its temporary name (dhis2.json only when
 * `no_dhis2` is NULL). */
static enum kiosk_err write_files(struct store *st,
                                  const struct staff_export_cfg *cfg,
                                  struct xfile *xf, const char *dir,
                                  long from_day, long to_day,
                                  const char *period, const char *no_dhis2,
                                  struct staff_export_result *res,
                                  struct kiosk_diag *d)
{
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; e == KIOSK_OK && i < F_COUNT; i++) {
        if (i == F_DHIS2 && no_dhis2) {
            continue;
        }
        e = xfile_open(&xf[i], dir, file_names[i], d);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_form(st, from_day, to_day, total_cb,
                                &res->screenings);
    }
    if (e == KIOSK_OK) {
        static const char *const cols[] = {
            "ticket_id", "created", "slot_start", "state", "state_changed",
            "language", "printed", NULL,
        };
        csv_header(xf[F_TICKETS].f, cols);
        struct tk_ctx c = {.f = xf[F_TICKETS].f, .off = cfg->utc_offset};
        e = store_export_tickets(st, from_day, to_day, ticket_cb, &c);
        res->tickets = c.rows;
    }
    if (e == KIOSK_OK) {
        e = xfile_finish(&xf[F_TICKETS], d);
    }
    if (e == KIOSK_OK) {
        e = write_aggregate(st, xf[F_AGGREGATE].f, from_day, to_day,
                            &res->aggregate_rows);
    }
    if (e == KIOSK_OK) {
        e = xfile_finish(&xf[F_AGGREGATE], d);
    }
    if (e == KIOSK_OK && !no_dhis2) {
        e = write_dhis2(st, cfg, period, xf[F_DHIS2].f, from_day, to_day,
                        xf[F_DHIS2].path, res, d);
        if (e == KIOSK_OK) {
            e = xfile_finish(&xf[F_DHIS2], d);
        }
    }
    return e;
}

/* Every file is complete: puts them in place; an older dhis2.json that
 * this export does not replace is removed so nobody takes it for this
 * one. */
static enum kiosk_err place_files(struct xfile *xf, const char *dir,
                                  const char *no_dhis2, struct kiosk_diag *d)
{
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; e == KIOSK_OK && i < F_COUNT; i++) {
        if (xf[i].written && rename(xf[i].tmp, xf[i].path) != 0) {
            e = fail(d, xf[i].path, errno, "rename into place");
        }
        if (e == KIOSK_OK) {
            xf[i].tmp[0] = '\0'; /* nothing left to clean up */
        }
    }
    if (e == KIOSK_OK && no_dhis2) {
        char old[EXPORT_PATH_MAX];
        snprintf(old, sizeof old, "%s/%s", dir, file_names[F_DHIS2]);
        int removed = unlink(old) == 0;
        kiosk_diag_warn(d, old, 0, 0, "dhis2.json not written: %s%s",
                        no_dhis2,
                        removed ? "; the older dhis2.json there was removed "
                                  "so it is not taken for this export"
                                : "");
    }
    return e == KIOSK_OK ? sync_dir(dir, d) : e;
}

enum kiosk_err staff_export(struct store *st,
                            const struct staff_export_cfg *cfg,
                            const char *dir, long from_day, long to_day,
                            struct staff_export_result *res,
                            struct kiosk_diag *d)
{
    struct staff_export_result local;
    if (!res) {
        res = &local;
    }
    memset(res, 0, sizeof *res);
    if (!st || !cfg || !dir || !dir[0]) {
        return KIOSK_EINVAL;
    }
    if (to_day <= from_day || to_day - from_day > EXPORT_MAX_DAYS ||
        cfg->now <= 0) {
        kiosk_diag_err(d, dir, 0, 0, "export: the period must be 1 to %d "
                       "days and the time set", EXPORT_MAX_DAYS);
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = check_dir(dir, d);
    if (e != KIOSK_OK) {
        return e;
    }
    /* dhis2.json only for one whole DHIS2 period with its ids configured */
    char period[16] = "";
    const char *no_dhis2 = dhis2_plan(cfg, from_day, to_day, period, d);
    /* the audit row first: an export that cannot be audited does not
     * happen (one whose files then fail is audited as tried) */
    char a[16], b[16], detail[STORE_MAX_TEXT];
    date_format_day(from_day, DATE_YMD, a, sizeof a);
    date_format_day(to_day - 1, DATE_YMD, b, sizeof b);
    snprintf(detail, sizeof detail, "%s..%s to %.600s%s%s", a, b, dir,
             no_dhis2 ? "" : ", dhis2 ", no_dhis2 ? "" : period);
    e = store_audit_add(st, cfg->now, cfg->staff_id, "export", detail);
    if (e != KIOSK_OK) {
        kiosk_diag_err(d, dir, 0, 0, "the export was not made: it could not "
                       "be written to the audit log");
        return e;
    }
    res->audited = 1;
    struct xfile *xf = calloc(F_COUNT, sizeof *xf);
    if (!xf) {
        return KIOSK_ENOMEM;
    }
    e = write_files(st, cfg, xf, dir, from_day, to_day, period, no_dhis2, res,
                    d);
    if (e == KIOSK_OK) {
        e = place_files(xf, dir, no_dhis2, d);
    }
    for (int i = 0; i < F_COUNT; i++) {
        xfile_abort(&xf[i]); /* only the ones not renamed */
    }
    free(xf);
    if (e != KIOSK_OK) {
        res->dhis2_values = 0;
        return e;
    }
    res->dhis2_written = !no_dhis2;
    snprintf(res->period, sizeof res->period, "%s", no_dhis2 ? "" : period);
    return KIOSK_OK;
}
