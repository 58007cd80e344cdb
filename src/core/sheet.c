/* Sheet headers: see sheet.h. */
#include <stdio.h>
#include <string.h>

#include "sheet.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int sheet_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) {
            return 0;
        }
    }
    return *a == *b;
}

void sheet_snake_case(const char *s, char *out, size_t n)
{
    size_t o = 0;
    int gap = 0;
    if (!n) {
        return;
    }
    while (is_space(*s)) {
        s++;
    }
    for (; *s && o + 1 < n; s++) {
        if (is_space(*s)) {
            gap = 1;
            continue;
        }
        if (gap && o + 2 < n) {
            out[o++] = '_';
        }
        gap = 0;
        out[o++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
    }
    out[o] = '\0';
}

/* Copies s[0..len) without surrounding spaces into out. */
static void copy_trim(const char *s, size_t len, char *out, size_t n)
{
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1])) {
        len--;
    }
    snprintf(out, n, "%.*s", (int)len, s);
}

static int in_list(const char *const *known, const char *s)
{
    for (; known && *known; known++) {
        if (strcmp(*known, s) == 0) {
            return 1;
        }
    }
    return 0;
}

void sheet_header_read(const char *h, const char *const *known,
                       const struct sheet_alias *aliases,
                       struct sheet_header *out)
{
    char whole[2 * SHEET_MAX_PART];
    memset(out, 0, sizeof *out);
    copy_trim(h, strlen(h), whole, sizeof whole);
    if (in_list(known, whole)) {
        snprintf(out->base, sizeof out->base, "%s", whole);
        return;
    }
    char snake[sizeof whole];
    sheet_snake_case(whole, snake, sizeof snake);
    if (in_list(known, snake)) {
        snprintf(out->base, sizeof out->base, "%s", snake);
        return;
    }
    /* Parts: at "::", or at single ':' (legacy), keeping "jr:x" whole. */
    char parts[4][SHEET_MAX_PART];
    int np = 0;
    const char *p = whole;
    if (strstr(whole, "::")) {
        while (np < 4) {
            const char *sep = strstr(p, "::");
            size_t len = sep ? (size_t)(sep - p) : strlen(p);
            copy_trim(p, len, parts[np++], SHEET_MAX_PART);
            if (!sep) {
                break;
            }
            p = sep + 2;
        }
    } else {
        while (np < 4) {
            const char *sep = strchr(p, ':');
            if (sep && sep - p == 2 && sheet_ieq("jr", (char[]){p[0], p[1],
                                                                0})) {
                sep = strchr(sep + 1, ':'); /* jr:x is one part */
            }
            size_t len = sep ? (size_t)(sep - p) : strlen(p);
            copy_trim(p, len, parts[np++], SHEET_MAX_PART);
            if (!sep) {
                break;
            }
            out->legacy = 1;
            p = sep + 1;
        }
    }
    /* The first part, de-aliased; "media::image" style names keep their
     * second part as part of the base. */
    char first[SHEET_MAX_PART];
    sheet_snake_case(parts[0], first, sizeof first);
    const char *base = in_list(known, parts[0]) ? parts[0] : first;
    for (const struct sheet_alias *a = aliases; a && a->from; a++) {
        if (strcmp(a->from, first) == 0 || strcmp(a->from, parts[0]) == 0) {
            base = a->to;
            break;
        }
    }
    int next = 1;
    if ((strcmp(base, "media") == 0 || strcmp(base, "bind") == 0 ||
         strcmp(base, "control") == 0 || strcmp(base, "body") == 0 ||
         strcmp(base, "instance") == 0) &&
        np > 1) {
        char second[SHEET_MAX_PART];
        sheet_snake_case(parts[1], second, sizeof second);
        /* keep "jr:constraintMsg" as written: it is an XML name */
        snprintf(out->base, sizeof out->base, "%s::%s",
                 strcmp(base, "body") == 0 ? "control" : base,
                 strncmp(parts[1], "jr:", 3) == 0 ? parts[1] : second);
        next = 2;
    } else {
        snprintf(out->base, sizeof out->base, "%s", base);
    }
    if (next < np) {
        snprintf(out->lang, sizeof out->lang, "%s", parts[next]);
    }
}

size_t sheet_lang_code(const char *s, char *code, size_t n)
{
    size_t len = strlen(s);
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    if (len < 3 || s[len - 1] != ')') {
        return 0;
    }
    size_t open = len - 1;
    while (open > 0 && s[open - 1] != '(') {
        open--;
    }
    if (open == 0) {
        return 0;
    }
    size_t clen = len - 1 - open;
    if (clen == 0 || clen > 15 || clen >= n) {
        return 0;
    }
    for (size_t i = open; i < len - 1; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            return 0;
        }
    }
    memcpy(code, s + open, clen);
    code[clen] = '\0';
    return clen;
}

int sheet_column_empty(const struct csv_table *t, int c)
{
    for (int r = 1; r < t->nrows; r++) {
        for (const char *s = csv_cell(t, r, c); *s; s++) {
            if (!is_space(*s)) {
                return 0;
            }
        }
    }
    return 1;
}

int sheet_map_columns(const struct csv_table *t, const char *file,
                      const struct sheet_spec *specs, int nspecs,
                      sheet_lang_fn lang, void *ud, int *col, int *tr,
                      int stride, struct kiosk_diag *d)
{
    for (int s = 0; s < nspecs; s++) {
        col[s] = -1;
        for (int l = 0; l < stride; l++) {
            tr[s * stride + l] = -1;
        }
    }
    const struct csv_row *hdr = &t->rows[0];
    for (int c = 0; c < hdr->ncells; c++) {
        char h[256];
        copy_trim(hdr->cells[c], strlen(hdr->cells[c]), h, sizeof h);
        if (!h[0]) {
            /* spreadsheets save trailing empty columns; harmless if blank */
            if (!sheet_column_empty(t, c)) {
                kiosk_diag_err(d, file, 1, c + 1,
                               "column has data but no header");
            }
            continue;
        }
        const char *sep = strstr(h, "::");
        size_t flen = sep ? (size_t)(sep - h) : strlen(h);
        int s;
        for (s = 0; s < nspecs; s++) {
            if (strlen(specs[s].name) == flen &&
                memcmp(specs[s].name, h, flen) == 0) {
                break;
            }
        }
        if (s == nspecs) {
            kiosk_diag_err(d, file, 1, c + 1, "unknown column '%s'", h);
            continue;
        }
        if (!specs[s].translated) {
            if (sep) {
                kiosk_diag_err(d, file, 1, c + 1,
                               "column '%s' takes no language: name it "
                               "'%s'", h, specs[s].name);
            } else if (col[s] >= 0) {
                kiosk_diag_err(d, file, 1, c + 1,
                               "duplicate column '%s' (also column %d)", h,
                               col[s] + 1);
            } else {
                col[s] = c;
            }
            continue;
        }
        if (!sep) {
            kiosk_diag_err(d, file, 1, c + 1,
                           "column '%s' needs a language, e.g. "
                           "'%s::Tiếng Việt (vi)'", h, h);
            continue;
        }
        char code[16];
        if (!sheet_lang_code(sep + 2, code, sizeof code)) {
            kiosk_diag_err(d, file, 1, c + 1,
                           "column '%s' must end with a language code in "
                           "brackets, e.g. '%s::English (en)'", h,
                           specs[s].name);
            continue;
        }
        int li = lang(ud, code, h, file, c + 1);
        if (li < 0) {
            continue;
        }
        if (li >= stride) {
            kiosk_diag_err(d, file, 1, c + 1,
                           "column '%s': too many languages", h);
        } else if (tr[s * stride + li] >= 0) {
            kiosk_diag_err(d, file, 1, c + 1,
                           "duplicate column '%s' (also column %d)", h,
                           tr[s * stride + li] + 1);
        } else {
            tr[s * stride + li] = c;
        }
    }
    int ok = 1;
    for (int s = 0; s < nspecs; s++) {
        if (specs[s].required && !specs[s].translated && col[s] < 0) {
            kiosk_diag_err(d, file, 1, 0, "missing required column '%s'",
                           specs[s].name);
            ok = 0;
        }
    }
    return ok;
}
