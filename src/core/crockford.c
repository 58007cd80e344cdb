#include <ctype.h>
#include <string.h>

#include "core/crockford.h"

const char crockford_alphabet[38] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

int crockford_value(int c)
{
    c = toupper(c);
    if (c == 'O') {
        return 0;
    }
    if (c == 'I' || c == 'L') {
        return 1;
    }
    const char *p = c ? memchr(crockford_alphabet, c, 37) : NULL;
    return p ? (int)(p - crockford_alphabet) : -1;
}

void crockford_encode(const unsigned char *data, size_t nbits, char *out)
{
    size_t nsym = (nbits + 4) / 5;
    for (size_t s = 0; s < nsym; s++) {
        int v = 0;
        for (size_t b = s * 5; b < s * 5 + 5; b++) {
            int bit = b < nbits ? (data[b / 8] >> (7 - b % 8)) & 1 : 0;
            v = (v << 1) | bit;
        }
        out[s] = crockford_alphabet[v];
    }
    out[nsym] = '\0';
}

int crockford_decode(const int *vals, size_t nbits, unsigned char *data)
{
    size_t nsym = (nbits + 4) / 5;
    memset(data, 0, (nbits + 7) / 8);
    for (size_t s = 0; s < nsym; s++) {
        if (vals[s] < 0 || vals[s] > 31) {
            return -1;
        }
        for (size_t k = 0; k < 5; k++) {
            size_t b = s * 5 + k;
            int bit = (vals[s] >> (4 - k)) & 1;
            if (b >= nbits) {
                if (bit) {
                    return -1; /* padding must be zero */
                }
            } else if (bit) {
                data[b / 8] |= (unsigned char)(0x80 >> (b % 8));
            }
        }
    }
    return 0;
}

int crockford_check(const int *vals, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = (v * 32 + vals[i]) % 37;
    }
    return v;
}
