/* Building submissions: the instance XML of kiosk_screening and kiosk_daily
 * records, instance ids, and the configuration checks shared with the
 * sender. No network here. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/csv.h"
#include "report/report_int.h"

/* ---- capped buffer ------------------------------------------------------- */

void report_buf_put(struct report_buf *b, const char *s, size_t n)
{
    if (b->failed) {
        return;
    }
    if (n > b->max - b->len) {
        b->failed = 1; /* over the cap */
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1) {
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 2; /* out of memory */
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void report_buf_puts(struct report_buf *b, const char *s)
{
    report_buf_put(b, s, strlen(s));
}

void report_buf_int(struct report_buf *b, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    report_buf_put(b, tmp, (size_t)n);
}

void report_buf_xml(struct report_buf *b, const char *s)
{
    const char *run = s;
    for (const char *c = s; *c; c++) {
        const char *ent = NULL;
        unsigned char u = (unsigned char)*c;
        switch (u) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&apos;"; break;
        default:
            if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') {
                ent = ""; /* not allowed anywhere in XML 1.0: drop it */
            }
            break;
        }
        if (ent) {
            report_buf_put(b, run, (size_t)(c - run));
            report_buf_puts(b, ent);
            run = c + 1;
        }
    }
    report_buf_puts(b, run);
}

void report_buf_free(struct report_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- ids and times ------------------------------------------------------- */

/* snprintf for texts whose fields are bounded in practice (calendar
 * fields) but not in type, so a cut is impossible rather than intended. */
static void fmt_to(char *out, size_t n, const char *fmt, ...)
    KIOSK_PRINTF(3, 4);

static void fmt_to(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

static void format_uuid(unsigned char r[16], int version,
                        char out[REPORT_INSTANCE_ID_SIZE])
{
    r[6] = (unsigned char)((r[6] & 0x0f) | (version << 4));
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80); /* RFC 9562 variant */
    snprintf(out, REPORT_INSTANCE_ID_SIZE,
             "uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
             r[10], r[11], r[12], r[13], r[14], r[15]);
}

void report_uuid4(char out[REPORT_INSTANCE_ID_SIZE])
{
    unsigned char r[16];
    if (sodium_init() < 0) {
        abort(); /* no CSPRNG: nothing safe to do */
    }
    randombytes_buf(r, sizeof r);
    format_uuid(r, 4, out);
}

void report_uuid8(const char *name, char out[REPORT_INSTANCE_ID_SIZE])
{
    unsigned char r[16];
    if (sodium_init() < 0) {
        abort();
    }
    crypto_generichash(r, sizeof r, (const unsigned char *)name,
                       strlen(name), NULL, 0);
    format_uuid(r, 8, out);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void report_iso_hour(int64_t t, int tz_offset, char out[40])
{
    int64_t local = floor_div(t + tz_offset, 3600) * 3600;
    time_t tt = (time_t)local;
    struct tm tm;
    gmtime_r(&tt, &tm);
    int off = tz_offset < 0 ? -tz_offset : tz_offset;
    fmt_to(out, 40, "%04d-%02d-%02dT%02d:00:00.000%c%02d:%02d",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tz_offset < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
}

void report_iso_day(int64_t day, char out[16])
{
    time_t tt = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&tt, &tm);
    fmt_to(out, 16, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday);
}

/* ---- configuration ------------------------------------------------------- */

static int text_ok(const char *s, size_t max)
{
    if (!s || !*s) {
        return 0;
    }
    size_t n = strnlen(s, max + 1);
    return n <= max && kiosk_utf8_valid(s, n, NULL);
}

static int kiosk_id_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 63) {
        return 0;
    }
    for (const char *c = s; *c; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                 (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
                 *c == '-';
        if (!ok) {
            return 0;
        }
    }
    return 1;
}

static int version_ok(const char *s)
{
    if (!s) {
        return 1; /* the default */
    }
    if (!*s || strlen(s) > 63) {
        return 0;
    }
    for (const char *c = s; *c; c++) {
        if (*c <= ' ' || *c > '~' || *c == '"' || *c == '<' || *c == '&') {
            return 0;
        }
    }
    return 1;
}

/* 1 if url is http(s)://host[:port][/path] with http only for loopback. */
static int server_ok(const char *url, char *err, size_t errn)
{
    const char *host;
    int https = 0;
    if (strncmp(url, "https://", 8) == 0) {
        host = url + 8;
        https = 1;
    } else if (strncmp(url, "http://", 7) == 0) {
        host = url + 7;
    } else {
        snprintf(err, errn, "server must start with https://");
        return 0;
    }
    size_t hl = strcspn(host, ":/");
    if (hl == 0) {
        snprintf(err, errn, "server has no host name");
        return 0;
    }
    for (const char *c = url; *c; c++) {
        if (*c <= ' ' || *c > '~' || *c == '?' || *c == '#' || *c == '@') {
            snprintf(err, errn, "server URL may not contain spaces, "
                     "'?', '#' or '@' (no credentials in URLs)");
            return 0;
        }
    }
    int loopback = (hl == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
                   (hl == 9 && strncmp(host, "localhost", 9) == 0);
    if (!https && !loopback) {
        snprintf(err, errn, "server must use https:// (the token would "
                 "cross the network in clear)");
        return 0;
    }
    size_t n = strlen(url);
    if (n > 200 || url[n - 1] == '/' ||
        (n >= 3 && strcmp(url + n - 3, "/v1") == 0)) {
        snprintf(err, errn, "server is the base URL, without /v1 or a "
                 "final '/', at most 200 bytes");
        return 0;
    }
    return 1;
}

enum kiosk_err report_check_cfg(const struct report_cfg *cfg, char *err,
                                size_t errn)
{
    char tmp[160];
    if (!err) {
        err = tmp;
        errn = sizeof tmp;
    }
    if (errn) {
        err[0] = '\0';
    }
    if (!cfg) {
        snprintf(err, errn, "no configuration");
        return KIOSK_EINVAL;
    }
    if (!cfg->server || !server_ok(cfg->server, err, errn)) {
        if (!cfg->server) {
            snprintf(err, errn, "server is not set");
        }
        return KIOSK_EINVAL;
    }
    if (cfg->project_id < 1) {
        snprintf(err, errn, "project_id must be a Central project number");
        return KIOSK_EINVAL;
    }
    if (!cfg->token_file || !*cfg->token_file) {
        snprintf(err, errn, "token_file is not set");
        return KIOSK_EINVAL;
    }
    if (!kiosk_id_ok(cfg->kiosk_id)) {
        snprintf(err, errn, "kiosk_id must be 1 to 63 of A-Z a-z 0-9 . _ -");
        return KIOSK_EINVAL;
    }
    if (!version_ok(cfg->screening_version) ||
        !version_ok(cfg->daily_version)) {
        snprintf(err, errn, "form versions must be 1 to 63 printable "
                 "characters without spaces");
        return KIOSK_EINVAL;
    }
    if (cfg->interval_s != 0 &&
        (cfg->interval_s < 10 || cfg->interval_s > 86400)) {
        snprintf(err, errn, "interval must be 10 to 86400 seconds");
        return KIOSK_EINVAL;
    }
    if (cfg->tz_offset < -14 * 3600 || cfg->tz_offset > 14 * 3600) {
        snprintf(err, errn, "time zone offset out of range");
        return KIOSK_EINVAL;
    }
    return KIOSK_OK;
}

/* ---- kiosk_screening ----------------------------------------------------- */

struct measure {
    char name[STORE_MAX_NAME + 1]; /* calculate name before the suffix */
    const char *score;             /* value of <name>_score, or NULL */
    const char *band;              /* value of <name>_risk/_level, or NULL */
};

/* If name ends with suffix, the length before it (> 0), else 0. */
static size_t stem(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcmp(name + n - k, suffix) == 0 ? n - k : 0;
}

static void open_root(struct report_buf *b, const char *form,
                      const char *version)
{
    report_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data "
                    "xmlns:jr=\"http://openrosa.org/javarosa\" "
                    "xmlns:orx=\"http://openrosa.org/xforms\" id=\"");
    report_buf_puts(b, form);
    report_buf_puts(b, "\" version=\"");
    report_buf_xml(b, version);
    report_buf_puts(b, "\">");
}

static void close_root(struct report_buf *b, const char *instance_id)
{
    report_buf_puts(b, "<meta><orx:instanceID>");
    report_buf_puts(b, instance_id);
    report_buf_puts(b, "</orx:instanceID></meta></data>\n");
}

static void field(struct report_buf *b, const char *tag, const char *v)
{
    report_buf_puts(b, "<");
    report_buf_puts(b, tag);
    if (!v || !*v) {
        report_buf_puts(b, "/>");
        return;
    }
    report_buf_puts(b, ">");
    report_buf_xml(b, v);
    report_buf_puts(b, "</");
    report_buf_puts(b, tag);
    report_buf_puts(b, ">");
}

static void field_int(struct report_buf *b, const char *tag, int64_t v)
{
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    field(b, tag, tmp);
}

static enum kiosk_err finish(struct report_buf *b, char **xml, size_t *len)
{
    if (b->failed || !b->p) {
        enum kiosk_err e = b->failed == 1 ? KIOSK_ETOOBIG : KIOSK_ENOMEM;
        report_buf_free(b);
        return e;
    }
    *xml = b->p;
    if (len) {
        *len = b->len;
    }
    return KIOSK_OK;
}

enum kiosk_err report_build_screening(const struct report_cfg *cfg,
                                      const struct report_screening *s,
                                      char **xml, size_t *len,
                                      char instance_id[REPORT_INSTANCE_ID_SIZE])
{
    if (xml) {
        *xml = NULL;
    }
    if (!cfg || !s || !xml || !instance_id || !kiosk_id_ok(cfg->kiosk_id) ||
        !version_ok(cfg->screening_version) ||
        !text_ok(s->form_id, STORE_MAX_NAME) ||
        !text_ok(s->form_version, STORE_MAX_NAME) ||
        !text_ok(s->language, 15) || s->n_values < 0 ||
        s->n_values > STORE_MAX_VALUES || (s->n_values && !s->values)) {
        return KIOSK_EINVAL;
    }
    struct measure *m = calloc(REPORT_MAX_MEASURES, sizeof *m);
    if (!m) {
        return KIOSK_ENOMEM;
    }
    int nm = 0;
    const char *injected = NULL, *car = NULL;
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; i < s->n_values && e == KIOSK_OK; i++) {
        const char *name = s->values[i].name, *value = s->values[i].value;
        if (!text_ok(name, STORE_MAX_NAME) || !value ||
            (*value && !text_ok(value, STORE_MAX_VALUE))) {
            e = KIOSK_EINVAL;
            break;
        }
        if (strcmp(name, "injected") == 0) {
            injected = value;
            continue;
        }
        if (strcmp(name, "crafft_car") == 0) {
            car = value;
            continue;
        }
        size_t k = stem(name, "_score");
        int is_score = k > 0;
        if (!k) {
            k = stem(name, "_risk");
        }
        if (!k) {
            k = stem(name, "_level");
        }
        if (!k) {
            continue; /* not a score or band: never sent */
        }
        int j = 0;
        while (j < nm && !(strlen(m[j].name) == k &&
                           strncmp(m[j].name, name, k) == 0)) {
            j++;
        }
        if (j == nm) {
            if (nm == REPORT_MAX_MEASURES) {
                e = KIOSK_EINVAL;
                break;
            }
            memcpy(m[nm].name, name, k);
            m[nm].name[k] = '\0';
            nm++;
        }
        if (is_score) {
            m[j].score = value;
        } else {
            m[j].band = value;
        }
    }
    if (e != KIOSK_OK) {
        free(m);
        return e;
    }

    char when[40];
    report_iso_hour(s->completed, cfg->tz_offset, when);
    report_uuid4(instance_id);
    struct report_buf b = {.max = STORE_MAX_OUTBOX_BODY};
    open_root(&b, REPORT_SCREENING_FORM, cfg->screening_version
                  ? cfg->screening_version : REPORT_FORMS_VERSION);
    field(&b, "kiosk_id", cfg->kiosk_id);
    field(&b, "instrument", s->form_id);
    field(&b, "instrument_version", s->form_version);
    field(&b, "lang", s->language);
    field(&b, "completed_at", when);
    field_int(&b, "seq", s->seq);
    field(&b, "injected", injected);
    field(&b, "crafft_car", car);
    for (int j = 0; j < nm; j++) {
        if ((!m[j].score || !*m[j].score) && (!m[j].band || !*m[j].band)) {
            continue; /* e.g. an ASSIST substance never used */
        }
        report_buf_puts(&b, "<measure>");
        field(&b, "measure_id", m[j].name);
        field(&b, "score", m[j].score);
        field(&b, "band", m[j].band);
        report_buf_puts(&b, "</measure>");
    }
    close_root(&b, instance_id);
    free(m);
    return finish(&b, xml, len);
}

/* ---- kiosk_daily --------------------------------------------------------- */

static int sum_cb(void *ctx, const struct store_count *c)
{
    *(int64_t *)ctx += c->n;
    return 0;
}

enum kiosk_err report_next_seq(struct store *st, int64_t *seq)
{
    if (!st || !seq) {
        return KIOSK_EINVAL;
    }
    int64_t n = 0;
    enum kiosk_err e = store_count_by_form(st, INT64_MIN, INT64_MAX,
                                           sum_cb, &n);
    if (e == KIOSK_OK) {
        *seq = n + 1;
    }
    return e;
}

/* Repeat groups of the daily form, written while walking the counts. */
struct daily_walk {
    struct report_buf *b;
    int64_t total;
};

static int by_form_cb(void *ctx, const struct store_count *c)
{
    struct daily_walk *w = ctx;
    report_buf_puts(w->b, "<by_instrument>");
    field(w->b, "instrument", c->form_id);
    field_int(w->b, "n_instrument", c->n);
    report_buf_puts(w->b, "</by_instrument>");
    w->total += c->n;
    return 0;
}

static int by_band_cb(void *ctx, const struct store_count *c)
{
    struct daily_walk *w = ctx;
    char measure[STORE_MAX_NAME + 1];
    size_t k = stem(c->name, "_risk");
    if (!k) {
        k = stem(c->name, "_level");
    }
    if (!k || k > STORE_MAX_NAME) {
        k = strnlen(c->name, STORE_MAX_NAME);
    }
    memcpy(measure, c->name, k);
    measure[k] = '\0';
    report_buf_puts(w->b, "<by_band>");
    field(w->b, "band_instrument", c->form_id);
    field(w->b, "band_measure", measure);
    field(w->b, "band", c->value);
    field_int(w->b, "n_band", c->n);
    report_buf_puts(w->b, "</by_band>");
    return 0;
}

static int by_language_cb(void *ctx, const struct store_count *c)
{
    struct daily_walk *w = ctx;
    report_buf_puts(w->b, "<by_language>");
    field(w->b, "language", c->name);
    field_int(w->b, "n_language", c->n);
    report_buf_puts(w->b, "</by_language>");
    return 0;
}

/* The daily record's name-based id: one per kiosk and day. */
static void daily_id(const struct report_cfg *cfg, int64_t day,
                     char out[REPORT_INSTANCE_ID_SIZE])
{
    char name[128];
    snprintf(name, sizeof name, "%s\n%s\n%lld", REPORT_DAILY_FORM,
             cfg->kiosk_id, (long long)day);
    report_uuid8(name, out);
}

enum kiosk_err report_build_daily(const struct report_cfg *cfg,
                                  struct store *st, int64_t day,
                                  int64_t quiz_plays, char **xml,
                                  size_t *len,
                                  char instance_id[REPORT_INSTANCE_ID_SIZE])
{
    if (xml) {
        *xml = NULL;
    }
    if (!cfg || !st || !xml || !instance_id || !kiosk_id_ok(cfg->kiosk_id) ||
        !version_ok(cfg->daily_version) || day < 0 || day > 2932896) {
        return KIOSK_EINVAL; /* day 2932896 is 9999-12-31 */
    }
    struct store_totals t;
    enum kiosk_err e = store_totals(st, day, day + 1, &t);
    if (e != KIOSK_OK) {
        return e;
    }
    /* The per-instrument rows are counted first into a scratch buffer so
     * the total can come before them, as in the form. */
    struct report_buf rep = {.max = STORE_MAX_OUTBOX_BODY / 2};
    struct daily_walk w = {&rep, 0};
    e = store_count_by_form(st, day, day + 1, by_form_cb, &w);
    if (e == KIOSK_OK) {
        e = store_count_by_band(st, day, day + 1, by_band_cb, &w);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_language(st, day, day + 1, by_language_cb, &w);
    }
    if (e != KIOSK_OK || rep.failed) {
        report_buf_free(&rep);
        return e != KIOSK_OK ? e : KIOSK_ETOOBIG;
    }

    char date[16];
    report_iso_day(day, date);
    daily_id(cfg, day, instance_id);
    int64_t visits = 0;
    for (int i = 0; i < STORE_OUTCOMES; i++) {
        visits += t.visits[i];
    }
    struct report_buf b = {.max = STORE_MAX_OUTBOX_BODY};
    open_root(&b, REPORT_DAILY_FORM, cfg->daily_version
                  ? cfg->daily_version : REPORT_FORMS_VERSION);
    field(&b, "kiosk_id", cfg->kiosk_id);
    field(&b, "day", date);
    field_int(&b, "visits", visits);
    field_int(&b, "visits_completed", t.visits[STORE_VISIT_COMPLETED]);
    field_int(&b, "visits_left", t.visits[STORE_VISIT_LEFT]);
    field_int(&b, "visits_idle", t.visits[STORE_VISIT_IDLE]);
    field_int(&b, "visits_open", t.visits[STORE_VISIT_INTERRUPTED]);
    field_int(&b, "screenings", w.total);
    field_int(&b, "tickets_issued", t.tickets_issued);
    field_int(&b, "tickets_attended", t.tickets_attended);
    if (quiz_plays >= 0) {
        field_int(&b, "quiz_plays", quiz_plays);
    } else {
        field(&b, "quiz_plays", NULL);
    }
    if (rep.p) {
        report_buf_put(&b, rep.p, rep.len);
    }
    report_buf_free(&rep);
    close_root(&b, instance_id);
    return finish(&b, xml, len);
}

enum kiosk_err report_close_day(const struct report_cfg *cfg,
                                struct store *st, int64_t day,
                                int64_t quiz_plays, int64_t now,
                                int *queued)
{
    if (queued) {
        *queued = 0;
    }
    char id[REPORT_INSTANCE_ID_SIZE];
    char *xml = NULL;
    size_t len = 0;
    enum kiosk_err e = report_build_daily(cfg, st, day, quiz_plays, &xml,
                                          &len, id);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_outbox_add(st, REPORT_OUTBOX_KIND, id,
                         (const unsigned char *)xml, len, now, NULL);
    free(xml);
    if (e == KIOSK_EINVAL) {
        /* Every argument was checked above, so the only thing the store
         * can refuse is the instance id: the day is queued already. */
        return KIOSK_OK;
    }
    if (e == KIOSK_OK && queued) {
        *queued = 1;
    }
    return e;
}
