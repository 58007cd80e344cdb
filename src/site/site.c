#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "site.h"

enum key_type { K_STR, K_INT, K_BOOL };

typedef int (*check_fn)(const char *v, char *why, size_t n);
static int check_weekdays(const char *v, char *why, size_t n);
static int check_hours(const char *v, char *why, size_t n);
static int check_dates(const char *v, char *why, size_t n);
static int check_setup(const char *v, char *why, size_t n);
static int check_public_key(const char *v, char *why, size_t n);

/* One site.ini key: where it lives in struct site and what it accepts. */
struct key_def {
    const char *section;
    const char *key;
    enum key_type type;
    size_t offset;      /* offsetof(struct site, field) */
    size_t size;        /* K_STR: buffer size */
    long min, max;      /* K_INT: accepted range */
    const char *allowed; /* K_INT: space-separated list of allowed values */
    check_fn check;     /* K_STR: validates the format, NULL = any text */
};

#define STR(sec, k, f) {sec, k, K_STR, offsetof(struct site, f), \
                        sizeof(((struct site *)0)->f), 0, 0, NULL, NULL}
#define STRC(sec, k, f, fn) {sec, k, K_STR, offsetof(struct site, f), \
                             sizeof(((struct site *)0)->f), 0, 0, NULL, fn}
#define INT(sec, k, f, lo, hi, al) {sec, k, K_INT, \
                        offsetof(struct site, f), 0, lo, hi, al, NULL}
#define BOOL(sec, k, f) {sec, k, K_BOOL, offsetof(struct site, f), 0, 0, 1, \
                         NULL, NULL}

static const struct key_def keys[] = {
    STR("site", "name", name),
    STR("site", "kiosk_id", kiosk_id),
    STR("site", "default_language", default_language),
    STR("site", "languages", languages),
    STR("site", "district", district),
    STR("site", "hotline", hotline),
    BOOL("site", "sample", sample),
    INT("screen", "rotation", rotation, 0, 270, "0 90 180 270"),
    INT("screen", "idle_seconds", idle_seconds, 15, 3600, NULL),
    INT("screen", "idle_countdown_seconds", idle_countdown_seconds, 5, 120,
        NULL),
    INT("screen", "staff_idle_seconds", staff_idle_seconds, 30, 3600, NULL),
    BOOL("screen", "high_contrast", high_contrast),
    INT("screen", "attract_seconds", attract_seconds, 2, 120, NULL),
    STR("printer", "printer", printer),
    INT("printer", "width", printer_width, 384, 576, "384 512 576"),
    INT("printer", "timeout_ms", printer_timeout_ms, 500, 60000, NULL),
    STR("ticket", "url", ticket_url),
    STRC("schedule", "weekdays", weekdays, check_weekdays),
    STRC("schedule", "hours", hours, check_hours),
    INT("schedule", "slot_minutes", slot_minutes, 5, 240, NULL),
    INT("schedule", "capacity", slot_capacity, 1, 50, NULL),
    STRC("schedule", "closed", closed, check_dates),
    INT("schedule", "days_ahead", days_ahead, 1, 60, NULL),
    BOOL("reporting", "enabled", reporting_enabled),
    STR("reporting", "server", reporting_server),
    INT("reporting", "project_id", reporting_project, 1, 1000000, NULL),
    STR("reporting", "token_file", reporting_token_file),
    STR("reporting", "ca_file", reporting_ca_file),
    STR("reporting", "screening_form_version", reporting_screening_version),
    STR("reporting", "daily_form_version", reporting_daily_version),
    INT("reporting", "interval_seconds", reporting_interval, 10, 86400, NULL),
    STRC("reporting", "public_key", reporting_public_key, check_public_key),
    INT("store", "retention_days", retention_days, 1, 3650, NULL),
    STRC("store", "setup_code", setup_code, check_setup),
};

const char site_demo_ini[] =
    "; Demo site configuration built into the kiosk. A real site gets its own\n"
    "; file from board/install.sh; see board/site.ini for every key.\n"
    "[site]\n"
    "name = Điểm tư vấn cộng đồng (demo)\n"
    "kiosk_id = demo-0001\n"
    "default_language = vi\n"
    "languages =\n"
    "district =\n"
    "; No hotline is configured in the demo: a real number comes from staff.\n"
    "hotline =\n"
    "sample = yes\n"
    "[screen]\n"
    "rotation = 0\n"
    "idle_seconds = 90\n"
    "idle_countdown_seconds = 20\n"
    "staff_idle_seconds = 120\n"
    "high_contrast = no\n"
    "attract_seconds = 6\n"
    "[printer]\n"
    "printer = none\n"
    "width = 384\n"
    "timeout_ms = 8000\n"
    "[ticket]\n"
    "url = https://example.org/t/{code}\n"
    "[schedule]\n"
    "weekdays = mon tue wed thu fri\n"
    "hours = 07:30-11:30 13:30-17:00\n"
    "slot_minutes = 30\n"
    "capacity = 2\n"
    "closed =\n"
    "days_ahead = 5\n"
    "[store]\n"
    "retention_days = 365\n"
    "; Demo only: a real site gets a random code from board/install.sh.\n"
    "setup_code = 20261124\n"
    "; [dhis2] ids for the provincial health information system go here\n"
    "; (see board/site.ini); without them exports leave dhis2.json out.\n";

void site_defaults(struct site *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", "Điểm tư vấn cộng đồng (demo)");
    snprintf(s->kiosk_id, sizeof s->kiosk_id, "%s", "demo-0001");
    snprintf(s->default_language, sizeof s->default_language, "%s", "vi");
    s->sample = 1;
    s->idle_seconds = 90;
    s->idle_countdown_seconds = 20;
    s->staff_idle_seconds = 120;
    s->attract_seconds = 6;
    snprintf(s->printer, sizeof s->printer, "%s", "none");
    s->printer_width = 384;
    s->printer_timeout_ms = 8000;
    snprintf(s->ticket_url, sizeof s->ticket_url, "%s",
             "https://example.org/t/{code}");
    snprintf(s->weekdays, sizeof s->weekdays, "%s", "mon tue wed thu fri");
    snprintf(s->hours, sizeof s->hours, "%s", "07:30-11:30 13:30-17:00");
    s->slot_minutes = 30;
    s->slot_capacity = 2;
    s->days_ahead = 5;
    s->reporting_project = 1;
    /* form versions: empty = the version of the forms this build ships
     * (report.h) */
    s->reporting_interval = 300;
    s->retention_days = 365;
    /* no setup_code: a real site gets its own from board/install.sh, and a
     * new database refuses to start without one */
}

_Static_assert(sizeof keys / sizeof keys[0] <= SITE_MAX_KEYS,
               "struct site's lines has a slot per key");

int site_line(const struct site *s, const char *section, const char *key)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section) == 0 &&
            strcmp(keys[i].key, key) == 0) {
            return s->lines[i];
        }
    }
    return 0;
}

/* The shape of an XForm's base64RsaPublicKey: one line of base64 (DER
 * SubjectPublicKeyInfo; an RSA key of 2048 to 4096 bits is 392 to 736
 * characters). The key itself is checked by the report module at start. */
static int check_public_key(const char *v, char *why, size_t n)
{
    size_t len = strlen(v);
    if (len == 0) {
        return 0;
    }
    if (strstr(v, "-----")) {
        snprintf(why, n, "give only the base64 text between the BEGIN and "
                         "END PUBLIC KEY lines, on one line");
        return -1;
    }
    size_t ok = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "0123456789+/=");
    if (ok != len || len % 4 != 0 || len < 300 || len > 1000) {
        snprintf(why, n, "the province's RSA public key is one line of "
                         "base64, 392 characters for a 2048-bit key");
        return -1;
    }
    return 0;
}

static const char *const day_names[7] = {"sun", "mon", "tue", "wed",
                                         "thu", "fri", "sat"};

/* Calls fn for each space-separated word of v; stops at the first non-zero
 * return and returns it. */
static int each_word(const char *v, int (*fn)(const char *w, size_t n,
                                               void *ctx), void *ctx)
{
    while (*v) {
        while (*v == ' ') {
            v++;
        }
        size_t n = strcspn(v, " ");
        if (n) {
            int rc = fn(v, n, ctx);
            if (rc) {
                return rc;
            }
        }
        v += n;
    }
    return 0;
}

static int weekday_word(const char *w, size_t n, void *ctx)
{
    (void)ctx;
    for (int d = 0; d < 7; d++) {
        if (n == 3 && strncmp(w, day_names[d], 3) == 0) {
            return 0;
        }
    }
    return 1;
}

static int check_weekdays(const char *v, char *why, size_t n)
{
    if (each_word(v, weekday_word, NULL)) {
        snprintf(why, n, "weekdays are written mon tue wed thu fri sat sun");
        return -1;
    }
    return 0;
}

/* "HH:MM" at w -> minutes, or -1. */
static int hhmm(const char *w)
{
    if (!(w[0] >= '0' && w[0] <= '2' && w[1] >= '0' && w[1] <= '9' &&
          w[2] == ':' && w[3] >= '0' && w[3] <= '5' && w[4] >= '0' &&
          w[4] <= '9')) {
        return -1;
    }
    int m = ((w[0] - '0') * 10 + (w[1] - '0')) * 60 + (w[3] - '0') * 10 +
            (w[4] - '0');
    return m <= 24 * 60 ? m : -1;
}

static int hours_word(const char *w, size_t n, void *ctx)
{
    (void)ctx;
    if (n != 11 || w[5] != '-') {
        return 1;
    }
    int a = hhmm(w), b = hhmm(w + 6);
    return a < 0 || b < 0 || b <= a;
}

static int check_hours(const char *v, char *why, size_t n)
{
    if (each_word(v, hours_word, NULL)) {
        snprintf(why, n, "hours are written 07:30-11:30 13:30-17:00");
        return -1;
    }
    return 0;
}

static int date_word(const char *w, size_t n, void *ctx)
{
    (void)ctx;
    int y, m, d;
    char tail;
    char buf[16];
    if (n != 10) {
        return 1;
    }
    memcpy(buf, w, 10);
    buf[10] = '\0';
    if (sscanf(buf, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
        return 1;
    }
    return y < 2000 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31;
}

/* Staff type the setup code on the kiosk's number keypad. */
static int check_setup(const char *v, char *why, size_t n)
{
    size_t len = strlen(v);
    if (len == 0) {
        return 0;
    }
    if (len < 8 || strspn(v, "0123456789") != len) {
        snprintf(why, n, "the setup code is at least 8 digits (staff type "
                         "it on the kiosk's keypad)");
        return -1;
    }
    return 0;
}

static int check_dates(const char *v, char *why, size_t n)
{
    if (each_word(v, date_word, NULL)) {
        snprintf(why, n, "closed dates are written 2026-12-31 2027-01-01");
        return -1;
    }
    return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void site_day_date(long day, int *year, int *month, int *mday)
{
    long z = day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

int site_weekday(long day)
{
    return (int)(((day % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

struct day_match {
    long day;
    int found;
};

static int closed_word(const char *w, size_t n, void *ctx)
{
    struct day_match *m = ctx;
    int y, mo, d;
    char buf[16];
    if (n != 10) {
        return 0;
    }
    memcpy(buf, w, 10);
    buf[10] = '\0';
    if (sscanf(buf, "%4d-%2d-%2d", &y, &mo, &d) == 3 &&
        days_from_civil(y, mo, d) == m->day) {
        m->found = 1;
        return 1;
    }
    return 0;
}

int site_day_open(const struct site *s, long day)
{
    const char *name = day_names[site_weekday(day)];
    const char *p = strstr(s->weekdays, name);
    if (!p) {
        return 0;
    }
    struct day_match m = {day, 0};
    each_word(s->closed, closed_word, &m);
    return !m.found;
}

int site_day_slots(const struct site *s, long day, int *starts, int max)
{
    int n = 0;
    if (!site_day_open(s, day) || s->slot_minutes <= 0) {
        return 0;
    }
    const char *v = s->hours;
    while (*v && n < max) {
        while (*v == ' ') {
            v++;
        }
        size_t len = strcspn(v, " ");
        if (len == 11) {
            int a = hhmm(v), b = hhmm(v + 6);
            for (int t = a; a >= 0 && t + s->slot_minutes <= b && n < max;
                 t += s->slot_minutes) {
                starts[n++] = t * 60;
            }
        }
        v += len;
    }
    return n;
}

/* State threaded through inih: the reader counts lines so that the handler
 * knows the line it is called for (Debian's inih has no line numbers in the
 * handler). */
struct parse_ctx {
    struct site *site;
    struct kiosk_diag *diag;
    const char *name;
    const char *text;   /* remaining input */
    int line;           /* line just handed to inih */
    int errors;
};

static char *reader(char *buf, int size, void *stream)
{
    struct parse_ctx *c = stream;
    if (!*c->text) {
        return NULL;
    }
    int n = 0;
    while (c->text[n] && c->text[n] != '\n' && n < size - 2) {
        n++;
    }
    memcpy(buf, c->text, (size_t)n);
    if (c->text[n] == '\n') {
        buf[n++] = '\n';
    }
    buf[n] = '\0';
    c->text += n;
    c->line++;
    return buf;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (strcmp(v, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    return -1;
}

static int in_list(const char *list, long v)
{
    char want[24];
    snprintf(want, sizeof want, "%ld", v);
    size_t n = strlen(want);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, want, n) == 0) {
            return 1;
        }
        p += len + (e ? 1 : 0);
    }
    return 0;
}

static int handler(void *user, const char *section, const char *key,
                   const char *value)
{
    struct parse_ctx *c = user;
    const struct key_def *k = NULL;
    if (strcmp(section, "dhis2") == 0) {
        return 1; /* read and checked by the staff module (exports) */
    }
    int section_known = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section) == 0) {
            section_known = 1;
            if (strcmp(keys[i].key, key) == 0) {
                k = &keys[i];
                break;
            }
        }
    }
    if (!k) {
        c->errors++;
        if (!section_known) {
            kiosk_diag_err(c->diag, c->name, c->line, 0,
                           "unknown section [%s]", section);
        } else {
            kiosk_diag_err(c->diag, c->name, c->line, 0,
                           "unknown key \"%s\" in [%s]", key, section);
        }
        return 1; /* keep going: report every problem at once */
    }
    char *field = (char *)c->site + k->offset;
    c->site->lines[k - keys] = c->line;
    if (k->type == K_STR) {
        char why[160];
        if (strlen(value) >= k->size) {
            c->errors++;
            kiosk_diag_err(c->diag, c->name, c->line, 0,
                           "%s is longer than %zu bytes", key, k->size - 1);
            return 1;
        }
        if (k->check && k->check(value, why, sizeof why)) {
            c->errors++;
            kiosk_diag_err(c->diag, c->name, c->line, 0, "%s: %s, not \"%s\"",
                           key, why, value);
            return 1;
        }
        snprintf(field, k->size, "%s", value);
    } else if (k->type == K_BOOL) {
        if (parse_bool(value, (int *)(void *)field)) {
            c->errors++;
            kiosk_diag_err(c->diag, c->name, c->line, 0,
                           "%s must be yes or no, not \"%s\"", key, value);
        }
    } else {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < k->min || v > k->max ||
            (k->allowed && !in_list(k->allowed, v))) {
            c->errors++;
            if (k->allowed) {
                kiosk_diag_err(c->diag, c->name, c->line, 0,
                               "%s must be one of %s, not \"%s\"", key,
                               k->allowed, value);
            } else {
                kiosk_diag_err(c->diag, c->name, c->line, 0,
                               "%s must be a whole number from %ld to %ld, "
                               "not \"%s\"", key, k->min, k->max, value);
            }
            return 1;
        }
        *(int *)(void *)field = (int)v;
    }
    return 1;
}

enum kiosk_err site_load_string(const char *text, const char *name,
                                struct site *s, struct kiosk_diag *d)
{
    struct parse_ctx c = {.site = s, .diag = d, .name = name ? name : "site.ini",
                          .text = text};
    int rc = ini_parse_stream(reader, &c, handler, &c);
    if (rc > 0 && c.errors == 0) {
        /* a syntax error inih found by itself (no handler call) */
        kiosk_diag_err(d, c.name, rc, 0,
                       "not a \"key = value\" line or a [section] header");
        return KIOSK_EPARSE;
    }
    if (rc < 0) {
        kiosk_diag_err(d, c.name, 0, 0, "out of memory while reading");
        return KIOSK_ENOMEM;
    }
    return c.errors ? KIOSK_EPARSE : KIOSK_OK;
}

enum kiosk_err site_load(const char *path, const char *name, struct site *s,
                         struct kiosk_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        kiosk_diag_err(d, name ? name : path, 0, 0, "cannot open: %s",
                       strerror(errno));
        return KIOSK_ENOENT;
    }
    char *text = malloc(65536 + 1);
    if (!text) {
        fclose(f);
        return KIOSK_ENOMEM;
    }
    size_t n = fread(text, 1, 65536, f);
    int too_big = !feof(f) && fgetc(f) != EOF;
    fclose(f);
    text[n] = '\0';
    if (too_big) {
        free(text);
        kiosk_diag_err(d, name ? name : path, 0, 0,
                       "file is larger than 64 KB");
        return KIOSK_ETOOBIG;
    }
    if (memchr(text, '\0', n)) {
        free(text);
        kiosk_diag_err(d, name ? name : path, 0, 0, "file contains NUL bytes");
        return KIOSK_EPARSE;
    }
    enum kiosk_err rc = site_load_string(text, name ? name : path, s, d);
    free(text);
    return rc;
}

int site_language_enabled(const struct site *s, const char *code)
{
    if (!s->languages[0]) {
        return 1;
    }
    size_t n = strlen(code);
    for (const char *p = s->languages; *p;) {
        while (*p == ' ' || *p == ',') {
            p++;
        }
        size_t len = strcspn(p, " ,");
        if (len == n && strncmp(p, code, n) == 0) {
            return 1;
        }
        p += len;
    }
    return 0;
}
