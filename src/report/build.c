/* Building submissions: the instance XML of kiosk_screening and kiosk_daily
 * records, encrypted at once (encrypt.c), instance ids, and the
 * configuration checks shared with the sender. No network here. Which
 * calculates a screening sends is the caller's (the form's declaration):
 * nothing here knows an instrument. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/csv.h"
#include "core/date.h"
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

void report_iso_hour(int64_t t, int tz_offset, char out[40])
{
    /* the start of the local hour: no more precise than that leaves */
    int64_t hour = t - date_seconds(t, tz_offset) % 3600;
    date_format(hour, tz_offset, DATE_ISO_MS, out, 40);
}

void report_iso_day(int64_t day, char out[16])
{
    date_format_day((long)day, DATE_YMD, out, 16);
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
    return report_check_public_key(cfg->public_key, err, errn);
}

/* ---- kiosk_screening ----------------------------------------------------- */

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
    report_buf_xml(b, instance_id);
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

static const char *screening_version(const struct report_cfg *cfg)
{
    return cfg->screening_version ? cfg->screening_version
                                  : REPORT_FORMS_VERSION;
}

static const char *daily_version(const struct report_cfg *cfg)
{
    return cfg->daily_version ? cfg->daily_version : REPORT_FORMS_VERSION;
}

/* A measure value: NULL or "" (absent), else valid UTF-8 within the
 * store's value size. */
static int value_ok(const char *v)
{
    return !v || !*v || text_ok(v, STORE_MAX_VALUE);
}

enum kiosk_err report_screening_xml(const struct report_cfg *cfg,
                                    const struct report_screening *s,
                                    const char *iid, struct report_buf *b)
{
    if (!cfg || !s || !iid || !b || !kiosk_id_ok(cfg->kiosk_id) ||
        !version_ok(cfg->screening_version) ||
        !text_ok(s->form_id, STORE_MAX_NAME) ||
        !text_ok(s->form_version, STORE_MAX_NAME) ||
        !text_ok(s->language, 15) || s->n_measures < 0 ||
        s->n_measures > REPORT_MAX_MEASURES ||
        (s->n_measures && !s->measures)) {
        return KIOSK_EINVAL;
    }
    for (int i = 0; i < s->n_measures; i++) {
        const struct report_measure *m = &s->measures[i];
        if (!text_ok(m->name, STORE_MAX_NAME) || !value_ok(m->score) ||
            !value_ok(m->band)) {
            return KIOSK_EINVAL;
        }
    }
    char when[40];
    report_iso_hour(s->completed, cfg->tz_offset, when);
    open_root(b, REPORT_SCREENING_FORM, screening_version(cfg));
    field(b, "kiosk_id", cfg->kiosk_id);
    field(b, "instrument", s->form_id);
    field(b, "instrument_version", s->form_version);
    field(b, "lang", s->language);
    field(b, "completed_at", when);
    field_int(b, "seq", s->seq);
    for (int i = 0; i < s->n_measures; i++) {
        const struct report_measure *m = &s->measures[i];
        if ((!m->score || !*m->score) && (!m->band || !*m->band)) {
            continue; /* not applicable, e.g. a substance never used */
        }
        report_buf_puts(b, "<measure>");
        field(b, "measure_id", m->name);
        field(b, "score", m->score);
        field(b, "band", m->band);
        report_buf_puts(b, "</measure>");
    }
    close_root(b, iid);
    return KIOSK_OK;
}

/* Encrypts the instance in b (then wiped and freed) into out. */
static enum kiosk_err seal(const struct report_cfg *cfg, const char *form,
                           const char *version, const char *iid,
                           struct report_buf *b, struct report_record *out)
{
    enum kiosk_err e = b->failed == 1 ? KIOSK_ETOOBIG
                       : b->failed || !b->p ? KIOSK_ENOMEM : KIOSK_OK;
    if (e == KIOSK_OK) {
        e = report_encrypt(cfg->public_key, form, version, iid,
                           (const unsigned char *)b->p, b->len, out);
    }
    if (b->p) {
        sodium_memzero(b->p, b->cap);
    }
    report_buf_free(b);
    return e;
}

enum kiosk_err report_build_screening(const struct report_cfg *cfg,
                                      const struct report_screening *s,
                                      struct report_record *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    char iid[REPORT_INSTANCE_ID_SIZE];
    report_uuid4(iid);
    struct report_buf b = {.max = STORE_MAX_OUTBOX_BODY / 2};
    enum kiosk_err e = report_screening_xml(cfg, s, iid, &b);
    if (e != KIOSK_OK) {
        report_buf_free(&b);
        return e;
    }
    return seal(cfg, REPORT_SCREENING_FORM, screening_version(cfg), iid, &b,
                out);
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

void report_daily_id(const struct report_cfg *cfg, int64_t day,
                     char out[REPORT_INSTANCE_ID_SIZE])
{
    char name[128];
    snprintf(name, sizeof name, "%s\n%s\n%lld", REPORT_DAILY_FORM,
             cfg->kiosk_id, (long long)day);
    report_uuid8(name, out);
}

/* A name: NULL, "" or valid UTF-8 of at most STORE_MAX_NAME bytes. */
static int name_ok(const char *v)
{
    return !v || !*v || text_ok(v, STORE_MAX_NAME);
}

static int count_ok(const struct report_count *c)
{
    return name_ok(c->instrument) && name_ok(c->name) && value_ok(c->value);
}

static int counts_ok(const struct report_count *c, int n)
{
    if (n < 0 || (n && !c)) {
        return 0;
    }
    for (int i = 0; i < n; i++) {
        if (!count_ok(&c[i])) {
            return 0;
        }
    }
    return 1;
}

enum kiosk_err report_day_xml(const struct report_cfg *cfg,
                              const struct report_day *d, const char *iid,
                              struct report_buf *b)
{
    if (!cfg || !d || !iid || !b || !kiosk_id_ok(cfg->kiosk_id) ||
        !version_ok(cfg->daily_version) || d->day < 0 ||
        d->day > 2932896 || /* 9999-12-31 */
        !counts_ok(d->by_instrument, d->n_instrument) ||
        !counts_ok(d->by_language, d->n_language) ||
        !counts_ok(d->by_measure, d->n_measure)) {
        return KIOSK_EINVAL;
    }
    char date[16];
    report_iso_day(d->day, date);
    int64_t visits = 0, screenings = 0;
    for (int i = 0; i < STORE_OUTCOMES; i++) {
        visits += d->visits[i];
    }
    for (int i = 0; i < d->n_instrument; i++) {
        screenings += d->by_instrument[i].n > 0 ? d->by_instrument[i].n : 0;
    }
    open_root(b, REPORT_DAILY_FORM, daily_version(cfg));
    field(b, "kiosk_id", cfg->kiosk_id);
    field(b, "day", date);
    field_int(b, "visits", visits);
    field_int(b, "visits_completed", d->visits[STORE_VISIT_COMPLETED]);
    field_int(b, "visits_left", d->visits[STORE_VISIT_LEFT]);
    field_int(b, "visits_idle", d->visits[STORE_VISIT_IDLE]);
    field_int(b, "visits_open", d->visits[STORE_VISIT_INTERRUPTED]);
    field_int(b, "screenings", screenings);
    field_int(b, "tickets_issued", d->tickets_issued);
    field_int(b, "tickets_attended", d->tickets_attended);
    if (d->quiz_plays >= 0) {
        field_int(b, "quiz_plays", d->quiz_plays);
    } else {
        field(b, "quiz_plays", NULL);
    }
    for (int i = 0; i < d->n_instrument; i++) {
        const struct report_count *c = &d->by_instrument[i];
        if (c->n <= 0 || !c->instrument || !*c->instrument) {
            continue;
        }
        report_buf_puts(b, "<by_instrument>");
        field(b, "instrument", c->instrument);
        field_int(b, "n_instrument", c->n);
        report_buf_puts(b, "</by_instrument>");
    }
    for (int i = 0; i < d->n_measure; i++) {
        const struct report_count *c = &d->by_measure[i];
        if (c->n <= 0 || !c->value || !*c->value) {
            continue; /* no band, no flag: not a group */
        }
        report_buf_puts(b, "<by_measure>");
        field(b, "measure_instrument", c->instrument);
        field(b, "measure", c->name);
        field(b, "value", c->value);
        field_int(b, "n_value", c->n);
        report_buf_puts(b, "</by_measure>");
    }
    for (int i = 0; i < d->n_language; i++) {
        const struct report_count *c = &d->by_language[i];
        if (c->n <= 0 || !c->name || !*c->name) {
            continue;
        }
        report_buf_puts(b, "<by_language>");
        field(b, "language", c->name);
        field_int(b, "n_language", c->n);
        report_buf_puts(b, "</by_language>");
    }
    close_root(b, iid);
    return KIOSK_OK;
}

enum kiosk_err report_build_day(const struct report_cfg *cfg,
                                const struct report_day *d,
                                struct report_record *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    if (!cfg || !kiosk_id_ok(cfg->kiosk_id)) {
        return KIOSK_EINVAL;
    }
    char iid[REPORT_INSTANCE_ID_SIZE];
    report_daily_id(cfg, d ? d->day : 0, iid);
    struct report_buf b = {.max = STORE_MAX_OUTBOX_BODY / 2};
    enum kiosk_err e = report_day_xml(cfg, d, iid, &b);
    if (e != KIOSK_OK) {
        report_buf_free(&b);
        return e;
    }
    return seal(cfg, REPORT_DAILY_FORM, daily_version(cfg), iid, &b, out);
}

/* The store's groups of one kind, copied out of its buffers (which live
 * only during the callback): offsets into one text buffer while it may
 * still move, turned into report_count rows at the end. */
struct count_list {
    struct count_row {
        size_t instrument, name, value; /* offsets into text */
        int64_t n;
    } *rows;
    int n, cap;
    struct report_buf text;  /* the strings, each NUL-terminated */
    struct report_count *out; /* made by finish_list */
    int failed;              /* out of memory */
};

static size_t keep(struct count_list *l, const char *s)
{
    size_t at = l->text.len;
    s = s ? s : "";
    report_buf_put(&l->text, s, strlen(s) + 1);
    return at;
}

static int collect_cb(void *ctx, const struct store_count *c)
{
    struct count_list *l = ctx;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 32;
        struct count_row *p = realloc(l->rows, (size_t)cap * sizeof *p);
        if (!p) {
            l->failed = 1;
            return 1;
        }
        l->rows = p;
        l->cap = cap;
    }
    struct count_row *r = &l->rows[l->n++];
    r->instrument = keep(l, c->form_id);
    r->name = keep(l, c->name);
    r->value = keep(l, c->value);
    r->n = c->n;
    return l->text.failed ? 1 : 0;
}

static enum kiosk_err finish_list(struct count_list *l)
{
    if (l->failed || l->text.failed) {
        return l->text.failed == 1 ? KIOSK_ETOOBIG : KIOSK_ENOMEM;
    }
    if (!l->n) {
        return KIOSK_OK;
    }
    l->out = calloc((size_t)l->n, sizeof *l->out);
    if (!l->out) {
        return KIOSK_ENOMEM;
    }
    for (int i = 0; i < l->n; i++) {
        l->out[i] = (struct report_count){l->text.p + l->rows[i].instrument,
                                          l->text.p + l->rows[i].name,
                                          l->text.p + l->rows[i].value,
                                          l->rows[i].n};
    }
    return KIOSK_OK;
}

static void free_list(struct count_list *l)
{
    free(l->rows);
    free(l->out);
    report_buf_free(&l->text);
}

enum kiosk_err report_build_daily(const struct report_cfg *cfg,
                                  struct store *st, int64_t day,
                                  int64_t quiz_plays,
                                  struct report_record *out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    memset(out, 0, sizeof *out);
    if (!cfg || !st || day < 0) {
        return KIOSK_EINVAL;
    }
    struct report_day d = {.day = day, .quiz_plays = quiz_plays};
    struct store_totals t;
    enum kiosk_err e = store_totals(st, day, day + 1, &t);
    struct count_list lists[3] = {
        {.text.max = STORE_MAX_OUTBOX_BODY / 4},
        {.text.max = STORE_MAX_OUTBOX_BODY / 4},
        {.text.max = STORE_MAX_OUTBOX_BODY / 4},
    };
    /* The store counts every measure it keeps counters for, bands and
     * flags alike, by value. */
    if (e == KIOSK_OK) {
        e = store_count_by_form(st, day, day + 1, collect_cb, &lists[0]);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_band(st, day, day + 1, collect_cb, &lists[1]);
    }
    if (e == KIOSK_OK) {
        e = store_count_by_language(st, day, day + 1, collect_cb, &lists[2]);
    }
    for (int i = 0; i < 3 && e == KIOSK_OK; i++) {
        e = finish_list(&lists[i]);
    }
    if (e == KIOSK_OK) {
        memcpy(d.visits, t.visits, sizeof d.visits);
        d.tickets_issued = t.tickets_issued;
        d.tickets_attended = t.tickets_attended;
        d.by_instrument = lists[0].out;
        d.n_instrument = lists[0].n;
        d.by_measure = lists[1].out;
        d.n_measure = lists[1].n;
        /* by language: the store puts the language in `name` */
        d.by_language = lists[2].out;
        d.n_language = lists[2].n;
        e = report_build_day(cfg, &d, out);
    }
    for (int i = 0; i < 3; i++) {
        free_list(&lists[i]);
    }
    return e;
}

enum kiosk_err report_close_day(const struct report_cfg *cfg,
                                struct store *st, int64_t day,
                                int64_t quiz_plays, int64_t now,
                                int *queued)
{
    if (queued) {
        *queued = 0;
    }
    struct report_record r;
    enum kiosk_err e = report_build_daily(cfg, st, day, quiz_plays, &r);
    if (e != KIOSK_OK) {
        return e;
    }
    struct store_outbox_new rec;
    report_record_outbox(&r, &rec);
    e = store_outbox_add(st, &rec, now, NULL);
    report_record_free(&r);
    if (e == KIOSK_EEXIST) {
        return KIOSK_OK; /* the day's instance id: it is queued already */
    }
    if (e == KIOSK_OK && queued) {
        *queued = 1;
    }
    return e;
}
