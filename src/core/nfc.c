/* NFC through ICU's unorm2 (see nfc.h). */
#include "core/nfc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static char *raw_dup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

/* NFC of the UTF-16 text u into a malloc'd UTF-8 string; NULL when out of
 * memory, *failed when ICU refused (the caller copies the input). */
static char *normalise(const UNormalizer2 *nfc, const UChar *u, int32_t ulen,
                       int *failed)
{
    UErrorCode st = U_ZERO_ERROR;
    /* NFC grows UTF-16 text at most threefold */
    int32_t ncap = 3 * ulen + 16;
    UChar *n = malloc((size_t)ncap * sizeof *n);
    if (!n) {
        return NULL;
    }
    char *out = NULL;
    int32_t nlen = unorm2_normalize(nfc, u, ulen, n, ncap, &st);
    int32_t blen = 0;
    if (U_SUCCESS(st)) {
        st = U_ZERO_ERROR;
        u_strToUTF8(NULL, 0, &blen, n, nlen, &st); /* the length */
        st = U_ZERO_ERROR;
        out = malloc((size_t)blen + 1);
        if (out) {
            u_strToUTF8(out, blen + 1, NULL, n, nlen, &st);
        }
    }
    if (U_FAILURE(st)) {
        free(out);
        out = NULL;
        *failed = 1;
    }
    free(n);
    return out;
}

char *kiosk_nfc_dup(const char *s, size_t len, int *changed)
{
    if (changed) {
        *changed = 0;
    }
    int ascii = 1;
    for (size_t i = 0; i < len && ascii; i++) {
        ascii = (unsigned char)s[i] < 0x80;
    }
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (ascii || U_FAILURE(st) || len > (size_t)INT32_MAX / 4) {
        /* ASCII is already NFC; without ICU data keep the text as typed */
        return raw_dup(s, len);
    }
    /* UTF-16 never needs more units than UTF-8 has bytes */
    UChar *u = malloc((len + 1) * sizeof *u);
    if (!u) {
        return NULL;
    }
    int32_t ulen = 0;
    u_strFromUTF8(u, (int32_t)len + 1, &ulen, s, (int32_t)len, &st);
    char *out;
    int failed = U_FAILURE(st); /* not UTF-8 */
    if (!failed && unorm2_quickCheck(nfc, u, ulen, &st) == UNORM_YES &&
        U_SUCCESS(st)) {
        out = raw_dup(s, len);
    } else if (failed) {
        out = raw_dup(s, len);
    } else {
        out = normalise(nfc, u, ulen, &failed);
        if (failed) {
            out = raw_dup(s, len);
        } else if (out && changed) {
            *changed = strlen(out) != len || memcmp(out, s, len) != 0;
        }
    }
    free(u);
    return out;
}
