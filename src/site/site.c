/* site.ini: the key table, the value checks, the schedule helpers.
 *
 * Each key is one row of `keys`: where its value goes in struct site, its
 * type and range, and for text a format check. A value is stored only when
 * every check passes, so a refused line never changes the site; every
 * problem in the file is reported at once, each with its line. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/date.h"
#include "site/ini.h"
#include "site/site.h"
#include "ticket/printer.h"

/* K_AUTO is K_INT that also takes the word "auto" (stored as -1). */
enum key_type { K_STR, K_INT, K_BOOL, K_AUTO };

/* A format check: 0 if v is acceptable, else -1 with the reason in why. */
typedef int (*check_fn)(const char *v, char *why, size_t n);
static int check_kiosk_id(const char *v, char *why, size_t n);
static int check_lang(const char *v, char *why, size_t n);
static int check_langs(const char *v, char *why, size_t n);
static int check_hotline(const char *v, char *why, size_t n);
static int check_printer(const char *v, char *why, size_t n);
static int check_url(const char *v, char *why, size_t n);
static int check_weekdays(const char *v, char *why, size_t n);
static int check_hours(const char *v, char *why, size_t n);
static int check_dates(const char *v, char *why, size_t n);
static int check_setup(const char *v, char *why, size_t n);
static int check_public_key(const char *v, char *why, size_t n);
static int check_utc_offset(const char *v, char *why, size_t n);
static int check_media_name(const char *v, char *why, size_t n);

/* One site.ini key: where it lives in struct site and what it accepts. */
struct key_def {
    const char *section;
    const char *key;
    enum key_type type;
    size_t offset;      /* offsetof(struct site, field) */
    size_t size;        /* K_STR: buffer size */
    long min, max;      /* K_INT: accepted range; K_STR: min 1 = the check
                           runs on an empty value too (no "unset") */
    const char *allowed; /* K_INT: space-separated list of allowed values */
    check_fn check;     /* K_STR: validates the format, NULL = any text */
};

#define STR(sec, k, f) {sec, k, K_STR, offsetof(struct site, f), \
                        sizeof(((struct site *)0)->f), 0, 0, NULL, NULL}
#define STRC(sec, k, f, fn) {sec, k, K_STR, offsetof(struct site, f), \
                             sizeof(((struct site *)0)->f), 0, 0, NULL, fn}
#define STRC_SET(sec, k, f, fn) {sec, k, K_STR, offsetof(struct site, f), \
                                 sizeof(((struct site *)0)->f), 1, 0, NULL, fn}
#define INT(sec, k, f, lo, hi, al) {sec, k, K_INT, \
                        offsetof(struct site, f), 0, lo, hi, al, NULL}
#define AUTO(sec, k, f, lo, hi) {sec, k, K_AUTO, \
                        offsetof(struct site, f), 0, lo, hi, NULL, NULL}
#define BOOL(sec, k, f) {sec, k, K_BOOL, offsetof(struct site, f), 0, 0, 1, \
                         NULL, NULL}

static const struct key_def keys[] = {
    STR("site", "name", name),
    STRC("site", "kiosk_id", kiosk_id, check_kiosk_id),
    STRC("site", "default_language", default_language, check_lang),
    STRC("site", "languages", languages, check_langs),
    STRC("site", "draft_languages", draft_languages, check_langs),
    STR("site", "district", district),
    STRC("site", "hotline", hotline, check_hotline),
    BOOL("site", "sample", sample),
    STRC_SET("site", "utc_offset", utc_offset_text, check_utc_offset),
    INT("screen", "rotation", rotation, 0, 270, "0 90 180 270"),
    INT("screen", "idle_seconds", idle_seconds, 15, 3600, NULL),
    INT("screen", "idle_countdown_seconds", idle_countdown_seconds, 5, 120,
        NULL),
    INT("screen", "staff_idle_seconds", staff_idle_seconds, 30, 3600, NULL),
    BOOL("screen", "high_contrast", high_contrast),
    INT("screen", "attract_seconds", attract_seconds, 2, 120, NULL),
    INT("screen", "attract_voice_seconds", attract_voice_seconds, 0, 86400,
        NULL),
    STRC("printer", "printer", printer, check_printer),
    INT("printer", "width", printer_width, 384, 576, "384 512 576"),
    INT("printer", "timeout_ms", printer_timeout_ms, 500, 60000, NULL),
    BOOL("printer", "cutter", printer_cutter),
    AUTO("printer", "feed_lines", printer_feed_lines, 0, 255),
    STRC("ticket", "url", ticket_url, check_url),
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
    STRC("talk", "picture", talk_picture, check_media_name),
    STRC("talk", "chime", talk_chime, check_media_name),
    BOOL("talk", "call_staff", talk_call_staff),
    INT("store", "retention_days", retention_days, 1, 3650, NULL),
    STRC("store", "setup_code", setup_code, check_setup),
};

#define NKEYS (sizeof keys / sizeof keys[0])
_Static_assert(NKEYS <= SITE_MAX_KEYS, "raise SITE_MAX_KEYS");

const char site_demo_ini[] =
    "; Demo site configuration built into the kiosk. A real site gets its own\n"
    "; file from board/install.sh; see board/site.ini for every key.\n"
    "[site]\n"
    "name = Điểm tư vấn cộng đồng (demo)\n"
    "kiosk_id = demo-0001\n"
    "default_language = vi\n"
    "languages =\n"
    "draft_languages =\n"
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
    "attract_voice_seconds = 120\n"
    "[printer]\n"
    "printer = none\n"
    "width = 384\n"
    "timeout_ms = 8000\n"
    "cutter = yes\n"
    "feed_lines = auto\n"
    "[ticket]\n"
    "url = https://example.org/t/{code}\n"
    "[schedule]\n"
    "weekdays = mon tue wed thu fri\n"
    "hours = 07:30-11:30 13:30-17:00\n"
    "slot_minutes = 30\n"
    "capacity = 2\n"
    "closed =\n"
    "days_ahead = 5\n"
    "[talk]\n"
    "; Talk now: a picture of the counter and the chime of \"Call a staff\n"
    "; member\" are files of the pack (see board/site.ini).\n"
    "picture =\n"
    "chime =\n"
    "call_staff = no\n"
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
    s->attract_voice_seconds = 120;
    snprintf(s->printer, sizeof s->printer, "%s", "none");
    s->printer_width = 384;
    s->printer_timeout_ms = 8000;
    s->printer_cutter = 1;
    s->printer_feed_lines = -1;
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
    snprintf(s->utc_offset_text, sizeof s->utc_offset_text, "%s", "+07:00");
    s->utc_offset = DATE_UTC_OFFSET_DEFAULT;
    s->retention_days = 365;
    snprintf(s->file, sizeof s->file, "%s", "site.ini");
    /* no setup_code: a real site gets its own from board/install.sh, and a
     * new database refuses to start without one */
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

int site_feed_lines(const struct site *s)
{
    if (s->printer_feed_lines >= 0) {
        return s->printer_feed_lines;
    }
    return s->printer_cutter ? 2 : 5;
}

/* ---- value checks ---------------------------------------------------- */

/* by date_weekday: Monday first */
static const char *const day_names[7] = {"mon", "tue", "wed", "thu",
                                         "fri", "sat", "sun"};

/* Calls fn for each word of v (separated by spaces, and by commas too when
 * `commas`); stops at the first non-zero return and returns it. */
static int each_word_sep(const char *v, int commas,
                         int (*fn)(const char *w, size_t n, void *ctx),
                         void *ctx)
{
    const char *sep = commas ? " ," : " ";
    while (*v) {
        v += strspn(v, sep);
        size_t n = strcspn(v, sep);
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

static int each_word(const char *v, int (*fn)(const char *w, size_t n,
                                               void *ctx), void *ctx)
{
    return each_word_sep(v, 0, fn, ctx);
}

static int check_utc_offset(const char *v, char *why, size_t n)
{
    int secs;
    if (date_parse_offset(v, &secs)) {
        snprintf(why, n, "the offset from UTC is written +07:00 (Vietnam), "
                         "within -14:00..+14:00");
        return -1;
    }
    return 0;
}

static int check_kiosk_id(const char *v, char *why, size_t n)
{
    size_t len = strlen(v);
    if (len == 0 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
                              "tuvwxyz0123456789._-") != len) {
        snprintf(why, n, "a kiosk id is 1 to 63 letters (A-Z, a-z), digits, "
                         "dots, dashes or underscores");
        return -1;
    }
    return 0;
}

/* A language code as languages.csv writes it: 2 to 15 of a-z 0-9 -,
 * starting with a letter ("vi", "hmn", "zh-hans"). */
static int lang_code_ok(const char *w, size_t n)
{
    if (n < 2 || n > 15 || w[0] < 'a' || w[0] > 'z') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= '0' && w[i] <= '9') ||
              w[i] == '-')) {
            return 0;
        }
    }
    return 1;
}

static int check_lang(const char *v, char *why, size_t n)
{
    if (!lang_code_ok(v, strlen(v))) {
        snprintf(why, n, "a language code is written as in the pack's "
                         "languages.csv (vi, en, km, hmn, ...)");
        return -1;
    }
    return 0;
}

struct langs_seen {
    char codes[SITE_MAX_LANGS][16];
    int n;
    int problem; /* 1 bad code, 2 too many, 3 repeated */
};

static int lang_word(const char *w, size_t n, void *ctx)
{
    struct langs_seen *s = ctx;
    if (!lang_code_ok(w, n)) {
        s->problem = 1;
        return 1;
    }
    for (int i = 0; i < s->n; i++) {
        if (strlen(s->codes[i]) == n && memcmp(s->codes[i], w, n) == 0) {
            s->problem = 3;
            return 1;
        }
    }
    if (s->n == SITE_MAX_LANGS) {
        s->problem = 2;
        return 1;
    }
    memcpy(s->codes[s->n], w, n);
    s->codes[s->n++][n] = '\0';
    return 0;
}

static int check_langs(const char *v, char *why, size_t n)
{
    struct langs_seen s = {.n = 0};
    if (each_word_sep(v, 1, lang_word, &s)) {
        snprintf(why, n, "%s",
                 s.problem == 1 ? "language codes are written as in the "
                                  "pack's languages.csv, separated by spaces "
                                  "(vi en km)"
                 : s.problem == 2 ? "more than 16 languages"
                                  : "a language is listed twice");
        return -1;
    }
    return 0;
}

/* A file name inside the pack's images/ or audio/ (checked against the
 * pack by app_check_site): no directories. */
static int check_media_name(const char *v, char *why, size_t n)
{
    size_t len = strlen(v);
    if (len && (strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != len ||
                v[0] == '.')) {
        snprintf(why, n, "a file name of the pack (lower-case letters, "
                         "digits, - _ and .), without a folder");
        return -1;
    }
    return 0;
}

static int check_hotline(const char *v, char *why, size_t n)
{
    size_t len = strlen(v), digits = 0;
    if (len == 0) {
        return 0;
    }
    for (const char *p = v; *p; p++) {
        digits += *p >= '0' && *p <= '9';
    }
    if (strspn(v, "0123456789 +-.()") != len || digits < 3) {
        snprintf(why, n, "a hotline is written as it is dialled: digits, "
                         "spaces and + - . ( ) only");
        return -1;
    }
    return 0;
}

static int check_printer(const char *v, char *why, size_t n)
{
    struct ticket_printer_spec spec;
    if (ticket_printer_spec_parse(v, &spec) != KIOSK_OK) {
        snprintf(why, n, "a printer is none, usb:DEVICE, serial:DEVICE:BAUD"
                         "[:rtscts] (BAUD 1200 to 230400), tcp:HOST[:PORT] "
                         "(PORT 1 to 65535) or file:PATH");
        return -1;
    }
    return 0;
}

static int check_url(const char *v, char *why, size_t n)
{
    int ok = (strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0)
             && strstr(v, "{code}") && !strpbrk(v, " \t\"<>\\^`|");
    /* every brace must belong to a {code} */
    for (const char *p = v; ok && (p = strpbrk(p, "{}")) != NULL; p += 6) {
        ok = strncmp(p, "{code}", 6) == 0;
    }
    if (!ok) {
        snprintf(why, n, "the ticket address is an http:// or https:// "
                         "address containing {code} (the ticket's code), "
                         "without spaces or other braces");
        return -1;
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

/* The end of the previous range, so ranges come in order and never
 * overlap (overlapping ranges would offer the same time twice). */
static int hours_word(const char *w, size_t n, void *ctx)
{
    int *prev_end = ctx;
    if (n != 11 || w[5] != '-') {
        return 1;
    }
    int a = hhmm(w), b = hhmm(w + 6);
    if (a < 0 || b < 0 || b <= a) {
        return 1;
    }
    if (a < *prev_end) {
        return 2;
    }
    *prev_end = b;
    return 0;
}

static int check_hours(const char *v, char *why, size_t n)
{
    int prev_end = 0;
    int rc = each_word(v, hours_word, &prev_end);
    if (rc == 1) {
        snprintf(why, n, "hours are written 07:30-11:30 13:30-17:00");
        return -1;
    }
    if (rc == 2) {
        snprintf(why, n, "hours are ranges in order, earliest first, that "
                         "do not overlap");
        return -1;
    }
    return 0;
}

/* "YYYY-MM-DD" in w[0..n) -> 0 with its day number, or -1 if it is not
 * a real date between 2000 and 2200. */
static int parse_date(const char *w, size_t n, long *day)
{
    char buf[16];
    if (n != 10) {
        return -1;
    }
    memcpy(buf, w, n);
    buf[n] = '\0';
    return date_parse_ymd(buf, day) || *day < date_from_civil(2000, 1, 1) ||
                   *day > date_from_civil(2200, 12, 31)
               ? -1
               : 0;
}

static int date_word(const char *w, size_t n, void *ctx)
{
    (void)ctx;
    long day;
    return parse_date(w, n, &day) ? 1 : 0;
}

static int check_dates(const char *v, char *why, size_t n)
{
    if (each_word(v, date_word, NULL)) {
        snprintf(why, n, "closed dates are real dates written 2026-12-31 "
                         "2027-01-01");
        return -1;
    }
    return 0;
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

/* Every text value: UTF-8 without control characters (a tab or an escape
 * byte in a name would print as a box on the screen and the ticket). */
static int check_text(const char *v, char *why, size_t n)
{
    size_t len = strlen(v), bad = 0;
    if (!kiosk_utf8_valid(v, len, &bad)) {
        snprintf(why, n, "not valid UTF-8 at byte %zu of the value (save "
                         "the file as UTF-8)", bad + 1);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c < 0x20 || c == 0x7F) {
            snprintf(why, n, "a control character (byte %zu) in the value",
                     i + 1);
            return -1;
        }
    }
    return 0;
}

/* ---- calendar -------------------------------------------------------- */

struct day_match {
    long day;
    int found;
};

static int closed_word(const char *w, size_t n, void *ctx)
{
    struct day_match *m = ctx;
    long day;
    if (parse_date(w, n, &day) == 0 && day == m->day) {
        m->found = 1;
        return 1;
    }
    return 0;
}

int site_day_open(const struct site *s, long day)
{
    const char *name = day_names[date_weekday(day)];
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

/* ---- reading the file ------------------------------------------------ */

struct parse_ctx {
    struct site *site;
    struct kiosk_diag *diag;
    const char *name;
    int seen[NKEYS];    /* line where each key was set in this file */
    int errors;
};

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

/* Reports a bad value of key k on line `line`; the value is quoted, cut
 * visibly at 60 bytes so the message stays one readable line. */
static void bad_value(struct parse_ctx *c, int line, const char *key,
                      const char *why, const char *value)
{
    c->errors++;
    size_t len = strlen(value);
    kiosk_diag_err(c->diag, c->name, line, 0, "%s: %s, not \"%.60s%s\"", key,
                   why, value, len > 60 ? "..." : "");
}

static void handler(void *user, int line, const char *section,
                    const char *key, const char *value)
{
    struct parse_ctx *c = user;
    if (strcmp(section, "dhis2") == 0) {
        return; /* read and checked by the staff module (exports) */
    }
    int section_known = 0;
    size_t ki = NKEYS;
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].section, section) == 0) {
            section_known = 1;
            if (strcmp(keys[i].key, key) == 0) {
                ki = i;
                break;
            }
        }
    }
    if (ki == NKEYS) {
        c->errors++;
        if (!section_known) {
            kiosk_diag_err(c->diag, c->name, line, 0,
                           "unknown section [%.60s]", section);
        } else {
            kiosk_diag_err(c->diag, c->name, line, 0,
                           "unknown key \"%.60s\" in [%s]", key, section);
        }
        return; /* keep going: report every problem at once */
    }
    const struct key_def *k = &keys[ki];
    if (c->seen[ki]) {
        /* which one would count is a guess staff should not have to make */
        c->errors++;
        kiosk_diag_err(c->diag, c->name, line, 0,
                       "%s is set twice in [%s] (first on line %d); keep "
                       "one", key, section, c->seen[ki]);
        return;
    }
    c->seen[ki] = line;
    char *field = (char *)c->site + k->offset;
    char why[200];
    if (check_text(value, why, sizeof why)) {
        bad_value(c, line, key, why, value);
        return;
    }
    if (k->type == K_STR) {
        if (strlen(value) >= k->size) {
            c->errors++;
            kiosk_diag_err(c->diag, c->name, line, 0,
                           "%s is %zu bytes long, longer than %zu bytes", key,
                           strlen(value), k->size - 1);
            return;
        }
        if (k->check && (value[0] || k->min) &&
            k->check(value, why, sizeof why)) {
            bad_value(c, line, key, why, value);
            return;
        }
        snprintf(field, k->size, "%s", value);
    } else if (k->type == K_BOOL) {
        int b;
        if (parse_bool(value, &b)) {
            bad_value(c, line, key, "must be yes or no", value);
            return;
        }
        *(int *)(void *)field = b;
    } else if (k->type == K_AUTO && strcmp(value, "auto") == 0) {
        *(int *)(void *)field = -1;
    } else {
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        if (errno || end == value || *end || v < k->min || v > k->max ||
            (k->allowed && !in_list(k->allowed, v))) {
            char range[96];
            if (k->allowed) {
                snprintf(range, sizeof range, "must be one of %s", k->allowed);
            } else if (k->type == K_AUTO) {
                snprintf(range, sizeof range,
                         "must be auto or a whole number from %ld to %ld",
                         k->min, k->max);
            } else {
                snprintf(range, sizeof range,
                         "must be a whole number from %ld to %ld", k->min,
                         k->max);
            }
            bad_value(c, line, key, range, value);
            return;
        }
        *(int *)(void *)field = (int)v;
    }
    c->site->lines[ki] = line;
}

/* Values that must not be empty even though their key may be left out
 * (the default then applies): an empty one is a mistake, not "off". */
static void check_required(struct parse_ctx *c)
{
    static const char *const need[][2] = {
        {"site", "kiosk_id"}, {"site", "default_language"},
        {"printer", "printer"}, {"ticket", "url"},
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        for (size_t k = 0; k < NKEYS; k++) {
            if (strcmp(keys[k].section, need[i][0]) == 0 &&
                strcmp(keys[k].key, need[i][1]) == 0 && c->seen[k] &&
                !((char *)c->site + keys[k].offset)[0] &&
                c->site->lines[k] == c->seen[k]) {
                c->errors++;
                kiosk_diag_err(c->diag, c->name, c->seen[k], 0,
                               "%s must not be empty%s", keys[k].key,
                               strcmp(keys[k].key, "printer") == 0
                                   ? " (\"none\" means no printer)"
                                   : "");
            }
        }
    }
}

enum kiosk_err site_load_string(const char *text, const char *name,
                                struct site *s, struct kiosk_diag *d)
{
    struct parse_ctx c;
    memset(&c, 0, sizeof c);
    c.site = s;
    c.diag = d;
    c.name = name ? name : "site.ini";
    snprintf(s->file, sizeof s->file, "%s", c.name);
    int rc = site_ini_parse(text, c.name, handler, &c, d);
    if (rc < 0) {
        kiosk_diag_err(d, c.name, 0, 0, "out of memory while reading");
        return KIOSK_ENOMEM;
    }
    check_required(&c);
    /* read once, here: every date and time of the kiosk uses it */
    int off;
    if (date_parse_offset(s->utc_offset_text, &off) == 0) {
        s->utc_offset = off; /* a refused value left the text as it was */
    }
    return rc || c.errors ? KIOSK_EPARSE : KIOSK_OK;
}

enum kiosk_err site_load(const char *path, const char *name, struct site *s,
                         struct kiosk_diag *d)
{
    char *text = NULL;
    size_t n = 0;
    const char *label = name ? name : path;
    enum kiosk_err e = kiosk_read_file(path, 65536, &text, &n);
    if (e == KIOSK_ETOOBIG) {
        kiosk_diag_err(d, label, 0, 0, "file is larger than 64 KB");
        return e;
    }
    if (e) {
        kiosk_diag_err(d, label, 0, 0, "cannot read: %s",
                       e == KIOSK_ENOENT   ? "no such file"
                       : e == KIOSK_EINVAL ? "not a regular file"
                                           : kiosk_strerror(e));
        return e;
    }
    if (memchr(text, '\0', n)) {
        free(text);
        kiosk_diag_err(d, label, 0, 0, "file contains NUL bytes");
        return KIOSK_EPARSE;
    }
    enum kiosk_err rc = site_load_string(text, label, s, d);
    free(text);
    return rc;
}

/* ---- lookups --------------------------------------------------------- */

/* 1 if `code` is one of the codes of `list` (spaces or commas). */
static int code_listed(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; *p;) {
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

int site_language_enabled(const struct site *s, const char *code)
{
    return !s->languages[0] || code_listed(s->languages, code);
}

int site_language_offered(const struct site *s, const char *code,
                          int draft)
{
    return site_language_enabled(s, code) &&
           (!draft || code_listed(s->draft_languages, code));
}

int site_line(const struct site *s, const char *section, const char *key)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].section, section) == 0 &&
            strcmp(keys[i].key, key) == 0) {
            return s->lines[i];
        }
    }
    return 0;
}

static int in_set(const char *w, size_t n, const char *const *set, int count)
{
    for (int i = 0; i < count; i++) {
        if (set[i] && strlen(set[i]) == n && memcmp(set[i], w, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* "vi en km" from the pack's codes, for the message. */
static void join_codes(char *buf, size_t n, const char *const *langs,
                       int nlangs)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < nlangs && used + 1 < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? " " : "",
                         langs[i]);
        if (w < 0 || (size_t)w >= n - used) {
            /* the list is longer than the message: end it visibly */
            snprintf(buf + (n > 5 ? n - 5 : 0), n > 5 ? 5 : n, " ...");
            return;
        }
        used += (size_t)w;
    }
}

struct pack_langs {
    const struct site *s;
    const char *const *langs;
    const int *drafts;
    int nlangs;
    const char *key; /* "languages" or "draft_languages" */
    struct kiosk_diag *d;
    int errors;
};

static int pack_lang_word(const char *w, size_t n, void *ctx)
{
    struct pack_langs *c = ctx;
    int line = site_line(c->s, "site", c->key);
    int shown = (int)(n > 20 ? 20 : n);
    int is_draft = 0;
    for (int i = 0; i < c->nlangs; i++) {
        if (c->langs[i] && strlen(c->langs[i]) == n &&
            memcmp(c->langs[i], w, n) == 0) {
            is_draft = c->drafts ? c->drafts[i] : 0;
        }
    }
    if (!in_set(w, n, c->langs, c->nlangs)) {
        char list[120];
        join_codes(list, sizeof list, c->langs, c->nlangs);
        c->errors++;
        kiosk_diag_err(c->d, c->s->file, line, 0,
                       "%s: \"%.*s\" is not a language of the content pack "
                       "(it has: %s)", c->key, shown, w, list);
    } else if (strcmp(c->key, "draft_languages") == 0) {
        char code[24];
        snprintf(code, sizeof code, "%.*s", shown, w);
        if (!is_draft) {
            c->errors++;
            kiosk_diag_err(c->d, c->s->file, line, 0,
                           "draft_languages: \"%s\" is not a draft in the "
                           "pack's languages.csv (a reviewed language is "
                           "offered without being listed here)", code);
        } else if (!site_language_enabled(c->s, code)) {
            c->errors++;
            kiosk_diag_err(c->d, c->s->file, line, 0,
                           "draft_languages: \"%s\" is not one of the "
                           "languages offered (languages = %.60s)", code,
                           c->s->languages);
        }
    }
    return 0;
}

enum kiosk_err site_check_pack(const struct site *s,
                               const char *const *langs, const int *drafts,
                               int nlangs,
                               const char *const *districts, int ndistricts,
                               struct kiosk_diag *d)
{
    struct pack_langs c = {s, langs, drafts, nlangs, "languages", d, 0};
    char list[120];
    each_word_sep(s->languages, 1, pack_lang_word, &c);
    c.key = "draft_languages";
    each_word_sep(s->draft_languages, 1, pack_lang_word, &c);
    const char *dl = s->default_language;
    int dl_draft = 0;
    for (int i = 0; drafts && i < nlangs; i++) {
        dl_draft |= strcmp(langs[i], dl) == 0 && drafts[i];
    }
    if (!in_set(dl, strlen(dl), langs, nlangs)) {
        join_codes(list, sizeof list, langs, nlangs);
        c.errors++;
        kiosk_diag_err(d, s->file,
                       site_line(s, "site", "default_language"), 0,
                       "default_language: \"%s\" is not a language of the "
                       "content pack (it has: %s)", dl, list);
    } else if (!site_language_enabled(s, dl)) {
        c.errors++;
        kiosk_diag_err(d, s->file,
                       site_line(s, "site", "default_language"), 0,
                       "default_language: \"%s\" is not one of the "
                       "languages offered (languages = %.60s)", dl,
                       s->languages);
    } else if (!site_language_offered(s, dl, dl_draft)) {
        c.errors++;
        kiosk_diag_err(d, s->file,
                       site_line(s, "site", "default_language"), 0,
                       "default_language: \"%s\" is a draft language: "
                       "list it in draft_languages to offer it", dl);
    }
    if (s->district[0] &&
        !in_set(s->district, strlen(s->district), districts, ndistricts)) {
        c.errors++;
        kiosk_diag_err(d, s->file, site_line(s, "site", "district"), 0,
                       "district: no service in the content pack's "
                       "services.csv has the district \"%.60s\" (it must "
                       "match exactly), so the services list would show "
                       "none of this district", s->district);
    }
    return c.errors ? KIOSK_EPARSE : KIOSK_OK;
}
