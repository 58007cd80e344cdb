/* Memory and Unicode helpers for the pack loader: the arena, NFC through
 * ICU, and display width for the coverage table. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "content/pack_int.h"

/* A pack is a few hundred kilobytes; the cap only stops a hostile pack
 * (each file is already capped at CSV_MAX_FILE by the reader). */
#define ARENA_BLOCK (64u * 1024)
#define ARENA_CAP (64u * 1024 * 1024)
#define ARENA_ALIGN (alignof(max_align_t))

struct pack_arena_block {
    struct pack_arena_block *next;
    size_t used, size;             /* bytes of data[] */
    alignas(max_align_t) unsigned char data[];
};

void *pack_arena_alloc(struct pack_arena *a, size_t n)
{
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (n == 0) {
        n = ARENA_ALIGN;
    }
    struct pack_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* a large item gets a block of its own, so the current block's
         * free tail is not wasted */
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        if (a->total + size > ARENA_CAP) {
            return NULL;
        }
        struct pack_arena_block *nb = malloc(sizeof *nb + size);
        if (!nb) {
            return NULL;
        }
        nb->used = 0;
        nb->size = size;
        a->total += size;
        if (size == ARENA_BLOCK || !b) {
            nb->next = b;
            a->head = nb;
        } else {
            /* keep the partly used block at the head */
            nb->next = b->next;
            b->next = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void pack_arena_free(struct pack_arena *a)
{
    struct pack_arena_block *b = a->head;
    while (b) {
        struct pack_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

enum kiosk_err pack_nfc_init(struct pack_nfc *n)
{
    memset(n, 0, sizeof *n);
    UErrorCode st = U_ZERO_ERROR;
    n->norm = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st) || !n->norm) {
        return KIOSK_EINVAL;
    }
    return KIOSK_OK;
}

void pack_nfc_free(struct pack_nfc *n)
{
    free(n->u16);
    free(n->out);
    memset(n, 0, sizeof *n);
}

static int grow_u16(unsigned short **buf, size_t *cap, size_t need)
{
    if (*cap >= need) {
        return 0;
    }
    size_t nc = *cap ? *cap : 256;
    while (nc < need) {
        nc *= 2;
    }
    unsigned short *nb = realloc(*buf, nc * sizeof **buf);
    if (!nb) {
        return -1;
    }
    *buf = nb;
    *cap = nc;
    return 0;
}

static enum kiosk_err copy_raw(struct pack_arena *a, const char *s,
                               size_t len, const char **out)
{
    char *d = pack_arena_alloc(a, len + 1);
    if (!d) {
        return KIOSK_ENOMEM;
    }
    memcpy(d, s, len);
    d[len] = '\0';
    *out = d;
    return KIOSK_OK;
}

enum kiosk_err pack_nfc_dup(struct pack_nfc *n, struct pack_arena *a,
                            const char *s, size_t len, const char **out)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80) {
        i++;
    }
    if (i == len || len > INT32_MAX / 4) {
        /* ASCII is always NFC; skip ICU for the common case */
        return copy_raw(a, s, len, out);
    }
    /* UTF-16 never needs more units than UTF-8 has bytes */
    if (grow_u16(&n->u16, &n->u16_cap, len + 1)) {
        return KIOSK_ENOMEM;
    }
    UErrorCode st = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8((UChar *)n->u16, (int32_t)n->u16_cap, &ulen, s,
                  (int32_t)len, &st);
    if (U_FAILURE(st)) {
        return KIOSK_EINVAL;
    }
    const UNormalizer2 *norm = n->norm;
    if (unorm2_quickCheck(norm, (UChar *)n->u16, ulen, &st) == UNORM_YES &&
        U_SUCCESS(st)) {
        return copy_raw(a, s, len, out);
    }
    st = U_ZERO_ERROR;
    /* NFC rarely grows text (at most 3x for a few scripts); preflight */
    if (grow_u16(&n->out, &n->out_cap, (size_t)ulen * 2 + 16)) {
        return KIOSK_ENOMEM;
    }
    int32_t olen = unorm2_normalize(norm, (UChar *)n->u16, ulen,
                                    (UChar *)n->out, (int32_t)n->out_cap,
                                    &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        if (grow_u16(&n->out, &n->out_cap, (size_t)olen + 1)) {
            return KIOSK_ENOMEM;
        }
        st = U_ZERO_ERROR;
        olen = unorm2_normalize(norm, (UChar *)n->u16, ulen, (UChar *)n->out,
                                (int32_t)n->out_cap, &st);
    }
    if (U_FAILURE(st)) {
        return KIOSK_EINVAL;
    }
    int32_t blen = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &blen, (UChar *)n->out, olen, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        return KIOSK_EINVAL;
    }
    char *d = pack_arena_alloc(a, (size_t)blen + 1);
    if (!d) {
        return KIOSK_ENOMEM;
    }
    st = U_ZERO_ERROR;
    u_strToUTF8(d, blen + 1, NULL, (UChar *)n->out, olen, &st);
    if (U_FAILURE(st)) {
        return KIOSK_EINVAL;
    }
    *out = d;
    return KIOSK_OK;
}

int pack_text_width(const char *s)
{
    int32_t len = (int32_t)strlen(s), i = 0, w = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) {
            w++;
            continue;
        }
        int8_t t = u_charType(c);
        if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
            t == U_FORMAT_CHAR || t == U_CONTROL_CHAR) {
            continue;
        }
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}
