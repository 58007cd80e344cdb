#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "site.h"

enum key_type { K_STR, K_INT, K_BOOL };

/* One site.ini key: where it lives in struct site and what it accepts. */
struct key_def {
    const char *section;
    const char *key;
    enum key_type type;
    size_t offset;      /* offsetof(struct site, field) */
    size_t size;        /* K_STR: buffer size */
    long min, max;      /* K_INT: accepted range */
    const char *allowed; /* K_INT: space-separated list of allowed values */
};

#define STR(sec, k, f) {sec, k, K_STR, offsetof(struct site, f), \
                        sizeof(((struct site *)0)->f), 0, 0, NULL}
#define INT(sec, k, f, lo, hi, al) {sec, k, K_INT, \
                        offsetof(struct site, f), 0, lo, hi, al}
#define BOOL(sec, k, f) {sec, k, K_BOOL, offsetof(struct site, f), 0, 0, 1, \
                         NULL}

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
    INT("store", "retention_days", retention_days, 1, 3650, NULL),
    STR("store", "setup_code", setup_code),
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
    "[store]\n"
    "retention_days = 365\n"
    "; Demo only: a real site gets a random code from board/install.sh.\n"
    "setup_code = demo-setup-code\n";

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
    s->retention_days = 365;
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
    if (k->type == K_STR) {
        if (strlen(value) >= k->size) {
            c->errors++;
            kiosk_diag_err(c->diag, c->name, c->line, 0,
                           "%s is longer than %zu bytes", key, k->size - 1);
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
