/* Ticket codes: 40 random bits in Crockford Base32 with the mod-37 check
 * symbol from Crockford's specification.
 *
 * Why mod 37: 37 is a prime larger than the symbol base 32, so changing any
 * one symbol changes the value by d * 32^k with 0 < |d| < 32, which 37 never
 * divides; swapping two adjacent symbols changes it by 31 * (a - b) * 32^k,
 * which 37 does not divide either. Every single-symbol typo and every
 * adjacent transposition is caught. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "ticket/ticket.h"

/* Values 0..31 are data symbols, 32..36 check-only symbols. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

/* Symbol value for a typed character, or -1. Case-insensitive; O reads as
 * 0 and I/L as 1 because people confuse them. */
static int code_symbol_value(unsigned char c)
{
    c = (unsigned char)toupper(c);
    switch (c) {
    case 'O':
        return 0;
    case 'I':
    case 'L':
        return 1;
    default:
        break;
    }
    for (int i = 0; i < 37; i++) {
        if ((unsigned char)code_alphabet[i] == c) {
            return i;
        }
    }
    return -1;
}

void ticket_code_from_value(uint64_t value, char out[TICKET_CODE_SIZE])
{
    value &= ((uint64_t)1 << 40) - 1;
    for (int i = TICKET_CODE_DATA - 1; i >= 0; i--) {
        out[TICKET_CODE_DATA - 1 - i] = code_alphabet[(value >> (5 * i)) & 31];
    }
    out[TICKET_CODE_DATA] = code_alphabet[value % 37];
    out[TICKET_CODE_LEN] = '\0';
}

enum kiosk_err ticket_code_new(char out[TICKET_CODE_SIZE])
{
    unsigned char r[5];
    uint64_t v = 0;

    out[0] = '\0';
    /* sodium_init() is idempotent and thread-safe; randombytes_buf must
     * not run before it has succeeded once. */
    if (sodium_init() < 0) {
        return KIOSK_EIO;
    }
    randombytes_buf(r, sizeof r);
    for (size_t i = 0; i < sizeof r; i++) {
        v = (v << 8) | r[i];
    }
    sodium_memzero(r, sizeof r);
    ticket_code_from_value(v, out);
    return KIOSK_OK;
}

/* Reads symbols from s[0..n) (skipping '-' and ' '), checks length and
 * check symbol, writes the canonical code. */
static enum kiosk_err code_from_symbols(const char *s, size_t n,
                                        char out[TICKET_CODE_SIZE])
{
    int vals[TICKET_CODE_LEN];
    int k = 0;
    uint64_t v = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == ' ') {
            continue;
        }
        int sv = code_symbol_value(c);
        if (sv < 0 || k == TICKET_CODE_LEN) {
            return KIOSK_EINVAL;
        }
        vals[k++] = sv;
    }
    if (k != TICKET_CODE_LEN) {
        return KIOSK_EINVAL;
    }
    for (int i = 0; i < TICKET_CODE_DATA; i++) {
        if (vals[i] > 31) {
            return KIOSK_EINVAL; /* check-only symbol in the data part */
        }
        v = (v << 5) | (uint64_t)vals[i];
    }
    if ((uint64_t)vals[TICKET_CODE_DATA] != v % 37) {
        return KIOSK_EINVAL;
    }
    ticket_code_from_value(v, out);
    return KIOSK_OK;
}

/* 1 if code is exactly a canonical code (upper case, no separators). */
static int code_is_canonical(const char *code)
{
    char tmp[TICKET_CODE_SIZE];

    if (!code || strlen(code) != TICKET_CODE_LEN) {
        return 0;
    }
    if (code_from_symbols(code, TICKET_CODE_LEN, tmp) != KIOSK_OK) {
        return 0;
    }
    return strcmp(tmp, code) == 0;
}

enum kiosk_err ticket_code_format_grouped(const char *code, char *out,
                                          size_t n)
{
    if (out && n > 0) {
        out[0] = '\0';
    }
    if (!out || !code_is_canonical(code)) {
        return KIOSK_EINVAL;
    }
    if (n < 12) {
        return KIOSK_ETOOBIG;
    }
    memcpy(out, code, 4);
    out[4] = '-';
    memcpy(out + 5, code + 4, 4);
    out[9] = '-';
    out[10] = code[8];
    out[11] = '\0';
    return KIOSK_OK;
}

static int code_hex(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = (unsigned char)tolower(c);
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* Decodes %XX escapes of s[0..n) into dst (size dn); returns the length or
 * -1 on a malformed escape or overflow. */
static long code_percent_decode(const char *s, size_t n, char *dst,
                                size_t dn)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n) {
                return -1;
            }
            int hi = code_hex((unsigned char)s[i + 1]);
            int lo = code_hex((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (k + 1 >= dn) {
            return -1;
        }
        dst[k++] = (char)c;
    }
    dst[k] = '\0';
    return (long)k;
}

enum kiosk_err ticket_code_parse(const char *input, const char *url_template,
                                 char out[TICKET_CODE_SIZE])
{
    char part[64];
    const char *s;
    size_t n;

    out[0] = '\0';
    if (!input) {
        return KIOSK_EINVAL;
    }
    n = strnlen(input, TICKET_CODE_INPUT_MAX + 1);
    if (n > TICKET_CODE_INPUT_MAX) {
        return KIOSK_ETOOBIG;
    }
    s = input;
    while (n > 0 && isspace((unsigned char)s[0])) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1])) {
        n--;
    }

    const char *hole = url_template ? strstr(url_template, "{code}") : NULL;
    if (hole) {
        size_t pre = (size_t)(hole - url_template);
        const char *suffix = hole + 6;
        size_t suf = strlen(suffix);
        if (n >= pre + suf && pre > 0 &&
            strncasecmp(s, url_template, pre) == 0 &&
            strncasecmp(s + n - suf, suffix, suf) == 0) {
            long k = code_percent_decode(s + pre, n - pre - suf, part,
                                         sizeof part);
            if (k < 0) {
                return KIOSK_EINVAL;
            }
            return code_from_symbols(part, (size_t)k, out);
        }
    }
    /* A plain code is short; anything long here is a URL for another site
     * or template, or noise, and is rejected by the symbol check. */
    return code_from_symbols(s, n, out);
}

enum kiosk_err ticket_code_url(const char *tmpl, const char *code, char *buf,
                               size_t n)
{
    size_t k = 0;
    const char *p;

    if (buf && n > 0) {
        buf[0] = '\0';
    }
    if (!tmpl || !buf || n == 0 || !strstr(tmpl, "{code}") ||
        !code_is_canonical(code)) {
        return KIOSK_EINVAL;
    }
    p = tmpl;
    while (*p) {
        const char *piece = p;
        size_t len = 1;
        if (strncmp(p, "{code}", 6) == 0) {
            piece = code;
            len = TICKET_CODE_LEN;
            p += 6;
        } else {
            p++;
        }
        if (k + len >= n) {
            buf[0] = '\0';
            return KIOSK_ETOOBIG;
        }
        memcpy(buf + k, piece, len);
        k += len;
    }
    buf[k] = '\0';
    return KIOSK_OK;
}
