/* The INI line syntax of site.ini (see ini.h). */
#include <stdlib.h>
#include <string.h>

#include "site/ini.h"

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* A syntax error: counted always, reported when there is a list. */
static void syntax(struct kiosk_diag *d, const char *name, int line,
                   const char *msg, const char *key)
{
    if (d) {
        kiosk_diag_err(d, name, line, 0, msg, key);
    }
}

/* Trims blanks from both ends of s[0..*n) in place; returns the start. */
static char *trim(char *s, size_t *n)
{
    while (*n > 0 && is_blank(s[0])) {
        s++;
        (*n)--;
    }
    while (*n > 0 && is_blank(s[*n - 1])) {
        (*n)--;
    }
    s[*n] = '\0';
    return s;
}

int site_ini_parse(const char *text, const char *name, site_ini_fn fn,
                   void *ctx, struct kiosk_diag *d)
{
    size_t total = strlen(text);
    /* one copy of the file: each line is cut out of it in place */
    char *buf = malloc(total + 1);
    char *section = malloc(total + 1);
    if (!buf || !section) {
        free(buf);
        free(section);
        return -1;
    }
    memcpy(buf, text, total + 1);
    section[0] = '\0';
    int have_section = 0, errors = 0, line = 0;
    char *p = buf;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) {
        p += 3; /* byte-order mark, as Notepad writes it */
    }
    while (*p) {
        line++;
        size_t n = strcspn(p, "\n");
        char *next = p[n] ? p + n + 1 : p + n;
        if (n > 0 && p[n - 1] == '\r') {
            n--;
        }
        char *s = trim(p, &n);
        p = next;
        if (n == 0 || s[0] == ';' || s[0] == '#') {
            continue;
        }
        if (s[0] == '[') {
            char *close = strchr(s, ']');
            size_t after = close ? strspn(close + 1, " \t") : 0;
            if (!close || (close[1 + after] && close[1 + after] != ';' &&
                           close[1 + after] != '#')) {
                errors++;
                syntax(d, name, line, "a section header is written [%s]",
                       "name");
                continue;
            }
            size_t sn = (size_t)(close - s - 1);
            char *sec = trim(s + 1, &sn);
            if (sn == 0) {
                errors++;
                syntax(d, name, line, "empty section name [%s]", "");
                continue;
            }
            memcpy(section, sec, sn + 1);
            have_section = 1;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            errors++;
            syntax(d, name, line,
                   "not a \"key = value\" line or a [section] header%s", "");
            continue;
        }
        size_t kn = (size_t)(eq - s);
        char *key = trim(s, &kn);
        char *value = eq + 1;
        /* an inline comment starts at a ';' that follows a blank */
        for (char *c = value; *c; c++) {
            if (*c == ';' && c > value && is_blank(c[-1])) {
                *c = '\0';
                break;
            }
        }
        size_t vn = strlen(value);
        value = trim(value, &vn);
        if (kn == 0) {
            errors++;
            syntax(d, name, line, "a setting without a key name%s", "");
            continue;
        }
        if (!have_section) {
            errors++;
            syntax(d, name, line, "\"%.60s\" comes before the first "
                   "[section]", key);
            continue;
        }
        fn(ctx, line, section, key, value);
    }
    free(buf);
    free(section);
    return errors;
}
