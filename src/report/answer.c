/* Reading Central's answers: what an HTTP status and an OpenRosa message
 * mean for the record that was sent, the retry delay, and the message text
 * itself. Pure functions, no network.
 *
 * Central's submission endpoint answers errors as
 *   <OpenRosaResponse ...><message nature="error">TEXT</message>...
 * with TEXT HTML-escaped by mustache and no problem code (the code is in
 * the JSON body of Central's REST API only), so the few problems that need
 * different handling are told apart by their message, as central-backend's
 * lib/util/problem.js words them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_int.h"

/* Central's messages (central-backend lib/util/problem.js), by the start
 * of their text. */
static const struct {
    int http;
    const char *starts;   /* message prefix */
    const char *problem;
    enum report_outcome outcome;
    const char *advice;
} problems[] = {
    {404, "Could not find the resource", "404.1", REPORT_HOLD_FORM,
     "the project or the form is not on the server: publish the form in "
     "that project, or correct project_id"},
    {404, "The form version specified in this submission", "404.6",
     REPORT_HOLD_FORM,
     "this version of the form is not published: publish it on Central "
     "(kiosk --report-forms writes it), or set the published version in "
     "site.ini"},
    {409, "This form is not currently accepting submissions", "409.2",
     REPORT_HOLD_FORM,
     "the form is closed on Central: set it to Open"},
    {409, "A submission already exists with this ID, but with different",
     "409.1", REPORT_PARKED,
     "the server holds a different record under this instance id"},
    {409, "This submission has been deleted", "409.18", REPORT_RESEND,
     "the record was deleted on the server, which refuses it since"},
    {409, "A resource already exists with", "409.3", REPORT_RESEND,
     "another copy of this record was being stored at the same moment"},
    {401, "", "401.2", REPORT_HOLD_FORM,
     "Central refused the token for this form: the app user has no Form "
     "Access to it (Central turns that 403 into 401), or the token is "
     "wrong"},
    {403, "", "403.1", REPORT_HOLD_ALL,
     "the token was revoked or is unknown: put a new app-user token in "
     "token_file"},
};

void report_classify(long http, const char *message, int resent,
                     struct report_verdict *v)
{
    const char *msg = message ? message : "";
    v->problem = "";
    v->advice = "";
    if (http == 201 || http == 202) {
        v->outcome = REPORT_SENT;
        return;
    }
    if (http < 400 || http == 408 || http == 429 || http >= 500) {
        v->outcome = REPORT_RETRY; /* incl. 0, 200 and 3xx: not Central */
        return;
    }
    for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
        size_t k = strlen(problems[i].starts);
        if (problems[i].http == http &&
            strncmp(msg, problems[i].starts, k) == 0) {
            v->problem = problems[i].problem;
            v->advice = problems[i].advice;
            v->outcome = problems[i].outcome;
            if (v->outcome == REPORT_RESEND && resent) {
                v->outcome = REPORT_PARKED; /* it really is not there */
            }
            return;
        }
    }
    /* Any other 404 is still about a form or project a person can create:
     * hold, never give up. Any other 4xx is about this record. */
    v->outcome = http == 404 ? REPORT_HOLD_FORM : REPORT_PARKED;
    if (http == 404) {
        v->advice = problems[0].advice;
    }
}

int64_t report_backoff(int streak, uint32_t u)
{
    int64_t d = 30;
    for (int i = 1; i < streak && d < 3600; i++) {
        d *= 2;
    }
    if (d > 3600) {
        d = 3600;
    }
    /* factor 0.8 + 0.4 * u / UINT32_MAX, in integer arithmetic */
    return d * 8 / 10 + (int64_t)(((uint64_t)d * 4 * u) / 10 / UINT32_MAX);
}

/* ---- the message text ---------------------------------------------------- */

static const struct {
    const char *name;
    unsigned cp;
} named[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
    {"nbsp", 0xa0},
};

/* Decodes the reference at p (just after '&', up to end): on success
 * returns the code point and sets *next after the ';'; 0 if it is not a
 * reference (the '&' is then kept as it is). */
static unsigned reference(const char *p, const char *end, const char **next)
{
    const char *semi = memchr(p, ';', (size_t)(end - p) < 12
                                          ? (size_t)(end - p) : 12);
    if (!semi || semi == p) {
        return 0;
    }
    unsigned cp = 0;
    if (*p == '#') {
        int hex = p + 1 < semi && (p[1] == 'x' || p[1] == 'X');
        const char *d = p + 1 + hex;
        if (d == semi) {
            return 0;
        }
        for (; d < semi; d++) {
            int v = *d >= '0' && *d <= '9' ? *d - '0'
                    : hex && *d >= 'a' && *d <= 'f' ? *d - 'a' + 10
                    : hex && *d >= 'A' && *d <= 'F' ? *d - 'A' + 10 : -1;
            if (v < 0 || cp > 0x10ffff) {
                return 0;
            }
            cp = cp * (hex ? 16 : 10) + (unsigned)v;
        }
        if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
    } else {
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
            size_t k = strlen(named[i].name);
            if ((size_t)(semi - p) == k && memcmp(p, named[i].name, k) == 0) {
                cp = named[i].cp;
            }
        }
        if (!cp) {
            return 0;
        }
    }
    *next = semi + 1;
    return cp;
}

/* Length of the valid UTF-8 sequence at p (before end), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2
               : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!n || (size_t)(end - p) < n) {
        return 0;
    }
    unsigned cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1fu
                  : n == 3 ? p[0] & 0x0fu : p[0] & 0x07u;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return 0; /* overlong, too large or a surrogate */
    }
    return n;
}

static size_t put_utf8(unsigned cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

void report_openrosa_message(const char *body, size_t len, char *out,
                             size_t n)
{
    if (!n) {
        return;
    }
    out[0] = '\0';
    const char *end = body + len, *p = body;
    /* find "<message" followed by '>' or white space */
    for (;;) {
        p = memmem(p, (size_t)(end - p), "<message", 8);
        if (!p) {
            return;
        }
        p += 8;
        if (p < end && (*p == '>' || *p == ' ' || *p == '\t' || *p == '\n')) {
            break;
        }
    }
    const char *gt = memchr(p, '>', (size_t)(end - p));
    if (!gt) {
        return;
    }
    const char *text = gt + 1;
    const char *close = memmem(text, (size_t)(end - text), "</message", 9);
    if (!close) {
        close = end;
    }
    size_t k = 0;
    int space = 0;
    for (const char *c = text; c < close;) {
        char ch[4];
        size_t chn;
        unsigned cp = 0;
        if (*c == '&' && (cp = reference(c + 1, close, &c)) != 0) {
            chn = put_utf8(cp, ch);
        } else {
            chn = utf8_len((const unsigned char *)c,
                           (const unsigned char *)close);
            if (!chn) {
                c++; /* not UTF-8: dropped */
                continue;
            }
            memcpy(ch, c, chn);
            cp = chn == 1 ? (unsigned char)ch[0] : 0x80;
            c += chn;
        }
        if (cp <= ' ' || cp == 0x7f || cp == 0xa0) {
            space = k > 0; /* white space and controls: one space */
            continue;
        }
        if (k + (space ? 1 : 0) + chn + 1 > n) {
            break; /* full: cut before this character */
        }
        if (space) {
            out[k++] = ' ';
            space = 0;
        }
        memcpy(out + k, ch, chn);
        k += chn;
    }
    out[k] = '\0';
}
