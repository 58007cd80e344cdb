#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/crockford.h"
#include "staff/card.h"

#define DATA_SYMBOLS (STAFF_CARD_SYMBOLS - 1)

void staff_card_new(unsigned char card[STORE_CARD_BYTES])
{
    /* idempotent; fails only without a random source, when the store
     * could not have opened either */
    if (sodium_init() < 0) {
        abort();
    }
    randombytes_buf(card, STORE_CARD_BYTES);
}

void staff_card_format(const unsigned char card[STORE_CARD_BYTES],
                       int grouped, char out[STAFF_CARD_TEXT])
{
    char sym[STAFF_CARD_SYMBOLS + 1];
    crockford_encode(card, STORE_CARD_BYTES * 8, sym);
    int vals[DATA_SYMBOLS];
    for (int i = 0; i < DATA_SYMBOLS; i++) {
        vals[i] = crockford_value((unsigned char)sym[i]);
    }
    sym[DATA_SYMBOLS] = crockford_alphabet[crockford_check(vals,
                                                           DATA_SYMBOLS)];
    sym[STAFF_CARD_SYMBOLS] = '\0';
    size_t o = (size_t)snprintf(out, STAFF_CARD_TEXT, "%s", STAFF_CARD_PREFIX);
    for (int i = 0; i < STAFF_CARD_SYMBOLS && o + 2 < STAFF_CARD_TEXT; i++) {
        if (grouped && i > 0 && i % 4 == 0) {
            out[o++] = '-';
        }
        out[o++] = sym[i];
    }
    out[o] = '\0';
}

int staff_card_looks_like(const char *text)
{
    while (text && isspace((unsigned char)*text)) {
        text++;
    }
    return text && strncasecmp(text, STAFF_CARD_PREFIX,
                               strlen(STAFF_CARD_PREFIX)) == 0;
}

enum kiosk_err staff_card_parse(const char *text,
                                unsigned char card[STORE_CARD_BYTES])
{
    if (!text) {
        return KIOSK_EINVAL;
    }
    while (isspace((unsigned char)*text)) {
        text++;
    }
    if (staff_card_looks_like(text)) {
        text += strlen(STAFF_CARD_PREFIX);
    }
    int vals[STAFF_CARD_SYMBOLS];
    int n = 0;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '-' || c == ' ') {
            continue;
        }
        if (isspace(c)) {
            /* only trailing white space may follow */
            for (; *p; p++) {
                if (!isspace((unsigned char)*p)) {
                    return KIOSK_EINVAL;
                }
            }
            break;
        }
        int v = crockford_value(c);
        if (v < 0 || n == STAFF_CARD_SYMBOLS) {
            return KIOSK_EINVAL;
        }
        vals[n++] = v;
    }
    if (n != STAFF_CARD_SYMBOLS ||
        vals[DATA_SYMBOLS] != crockford_check(vals, DATA_SYMBOLS) ||
        crockford_decode(vals, STORE_CARD_BYTES * 8, card) != 0) {
        sodium_memzero(vals, sizeof vals);
        return KIOSK_EINVAL;
    }
    sodium_memzero(vals, sizeof vals);
    return KIOSK_OK;
}
