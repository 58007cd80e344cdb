/* The visitor-language rule: see vtext.h. */
#include "content/vtext.h"

#include <stdio.h>
#include <string.h>

static int has(const char *s)
{
    return s && *s;
}

struct vtext vtext_pick(const char *visitor, const char *own,
                        const char *const *langs, const char *const *texts,
                        int n)
{
    if (has(own)) {
        return (struct vtext){own, visitor, 1};
    }
    for (int i = 0; i < n; i++) {
        if (has(texts[i])) {
            /* the visitor's own language listed among the fallbacks
             * (a vi visitor) is still the visitor's own */
            int same = visitor && langs[i] && strcmp(visitor, langs[i]) == 0;
            return (struct vtext){texts[i], langs[i], same};
        }
    }
    return (struct vtext){"", NULL, 0};
}

const char *vtext_feature_lang(const char *visitor, int items, int own_items,
                               const char *chosen)
{
    if (items > 0 && own_items >= items) {
        return visitor;
    }
    return has(chosen) ? chosen : NULL;
}

int vtext_mark_text(const char *only_in, const char *lang_name, char *buf,
                    size_t n)
{
    if (!n) {
        return 0;
    }
    const char *at = has(only_in) ? strstr(only_in, "{lang}") : NULL;
    if (!at) {
        snprintf(buf, n, "%s", lang_name ? lang_name : "");
        return 0;
    }
    snprintf(buf, n, "%.*s%s%s", (int)(at - only_in), only_in,
             lang_name ? lang_name : "", at + 6);
    return 1;
}

/* A code point of a vowel with a Vietnamese tone: Latin-1's grave, acute
 * and tilde vowels, ĩ ũ, and the whole Latin Extended Additional block
 * U+1EA0-U+1EF9 (ạ ả ấ ... ỹ: Vietnamese only). */
static int toned(unsigned cp)
{
    static const char latin1[] = "\xc0\xc1\xc3\xc8\xc9\xcc\xcd\xd2\xd3\xd5"
                                 "\xd9\xda\xdd";
    unsigned up = cp >= 0xe0 && cp <= 0xfd ? cp - 0x20 : cp;
    if (up >= 0xc0 && up <= 0xdd && strchr(latin1, (int)up)) {
        return 1;
    }
    return cp == 0x128 || cp == 0x129 || cp == 0x168 || cp == 0x169 ||
           (cp >= 0x1ea0 && cp <= 0x1ef9);
}

/* The code point at s (UTF-8; a byte that starts no valid sequence is
 * U+FFFD), its length in *len. Never reads past a NUL. */
static unsigned next_cp(const unsigned char *s, int *len)
{
    if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        *len = 2;
        return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
    }
    if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
        (s[2] & 0xc0) == 0x80) {
        *len = 3;
        return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
    }
    if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
        (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
        *len = 4;
        return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
               ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
    }
    *len = 1;
    return s[0] < 0x80 ? s[0] : 0xfffdu; /* (a stray byte: no letter) */
}

/* A letter or digit: ASCII ones, and beyond ASCII all but the signs and
 * punctuation a text puts between words (· — « » and the like). */
static int word_char(unsigned cp)
{
    if (cp >= 0x80) {
        return !(cp >= 0xa0 && cp <= 0xbf) && cp != 0xd7 && cp != 0xf7 &&
               !(cp >= 0x2000 && cp <= 0x206f) &&
               !(cp >= 0x3000 && cp <= 0x303f) && cp != 0xfffd;
    }
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 'a' && cp <= 'z');
}

/* ASCII letters compared without case; other bytes as they are. */
static int same_word(const unsigned char *a, const unsigned char *b,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned x = a[i], y = b[i];
        x = x >= 'A' && x <= 'Z' ? x + 32 : x;
        y = y >= 'A' && y <= 'Z' ? y + 32 : y;
        if (x != y) {
            return 0;
        }
    }
    return 1;
}

/* The next word at or after *p: its start, and *p moved past its end;
 * NULL at the end of the text. */
static const unsigned char *next_word(const unsigned char **p)
{
    int len;
    while (**p && !word_char(next_cp(*p, &len))) {
        *p += len;
    }
    if (!**p) {
        return NULL;
    }
    const unsigned char *w = *p;
    while (**p && word_char(next_cp(*p, &len))) {
        *p += len;
    }
    return w;
}

/* Is the word w (n bytes) one of the words of src? */
static int in_source(const char *src, const unsigned char *w, size_t n)
{
    const unsigned char *p = (const unsigned char *)(src ? src : ""), *s;
    while ((s = next_word(&p)) != NULL) {
        if ((size_t)(p - s) == n && same_word(s, w, n)) {
            return 1;
        }
    }
    return 0;
}

/* A word left as in the Vietnamese: a tone on a vowel; or, given the
 * Vietnamese source, a word of it with a letter beyond ASCII (ô, â, ư...)
 * and no digit, copied as it is ("công an" has no tone). */
static int viet_word(const unsigned char *w, const unsigned char *end,
                     const char *source)
{
    int tone = 0, wide = 0, digit = 0, len;
    for (const unsigned char *p = w; p < end; p += len) {
        unsigned cp = next_cp(p, &len);
        tone |= toned(cp);
        wide |= cp >= 0x80;
        digit |= cp >= '0' && cp <= '9';
    }
    return tone || (source && wide && !digit &&
                    in_source(source, w, (size_t)(end - w)));
}

int vtext_vietnamese_words(const char *text, const char *source, char *buf,
                           size_t n)
{
    int count = 0;
    size_t used = 0;
    if (n) {
        buf[0] = '\0';
    }
    const unsigned char *p = (const unsigned char *)(text ? text : ""), *w;
    while ((w = next_word(&p)) != NULL) {
        if (!viet_word(w, p, source)) {
            continue;
        }
        if (count < 3 && used < n) {
            int wrote = snprintf(buf + used, n - used, "%s%.*s",
                                 count ? ", " : "", (int)(p - w),
                                 (const char *)w);
            if (wrote > 0 && (size_t)wrote < n - used) {
                used += (size_t)wrote;
            } else { /* a word that does not fit whole is left out */
                buf[used] = '\0';
                used = n;
            }
        }
        count++;
    }
    return count;
}
