/* NFC normalisation through ICU for quiz texts and team names. */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "quiz/quiz_int.h"

static char *raw_dup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *quiz_nfc_dup(const char *s, size_t len)
{
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
    UChar *n = NULL;
    char *out = NULL;
    if (!u) {
        goto done;
    }
    int32_t ulen = 0;
    u_strFromUTF8(u, (int32_t)len + 1, &ulen, s, (int32_t)len, &st);
    if (U_FAILURE(st)) {
        out = raw_dup(s, len);
        goto done;
    }
    if (unorm2_quickCheck(nfc, u, ulen, &st) == UNORM_YES &&
        U_SUCCESS(st)) {
        out = raw_dup(s, len);
        goto done;
    }
    st = U_ZERO_ERROR;
    /* NFC grows UTF-16 text at most threefold */
    int32_t ncap = 3 * ulen + 16;
    n = malloc((size_t)ncap * sizeof *n);
    if (!n) {
        goto done;
    }
    int32_t nlen = unorm2_normalize(nfc, u, ulen, n, ncap, &st);
    if (U_FAILURE(st)) {
        out = raw_dup(s, len);
        goto done;
    }
    int32_t blen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &blen, n, nlen, &st);
    st = U_ZERO_ERROR;
    out = malloc((size_t)blen + 1);
    if (out) {
        u_strToUTF8(out, blen + 1, NULL, n, nlen, &st);
        if (U_FAILURE(st)) {
            free(out);
            out = raw_dup(s, len);
        }
    }
done:
    free(u);
    free(n);
    return out;
}
