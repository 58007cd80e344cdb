/* Crockford Base32 (https://www.crockford.com/base32.html): symbols people
 * can read aloud and type, with the optional mod-37 check symbol. Used for
 * staff cards; ticket codes follow the same rules (ticket/code.c).
 *
 * Why mod 37: 37 is a prime larger than the base 32, so changing any one
 * symbol changes the value by d * 32^k with 0 < |d| < 32, which 37 never
 * divides; swapping two adjacent symbols changes it by 31 * (a - b) * 32^k,
 * which 37 does not divide either. Every single-symbol typo and every
 * adjacent transposition is caught. */
#ifndef KIOSK_CORE_CROCKFORD_H
#define KIOSK_CORE_CROCKFORD_H

#include <stddef.h>

/* Values 0..31 are data symbols, 32..36 check-only symbols. */
extern const char crockford_alphabet[38];

/** The value of a typed symbol (0..36), or -1. Case-insensitive; O reads
 * as 0 and I and L as 1, because people confuse them. */
int crockford_value(int c);

/** Writes the nbits of data (big-endian, the last symbol padded with zero
 * bits) as (nbits + 4) / 5 symbols into out, then a NUL. out must hold
 * (nbits + 4) / 5 + 1 bytes. */
void crockford_encode(const unsigned char *data, size_t nbits, char *out);

/** Reads exactly (nbits + 4) / 5 data symbols from vals (values 0..31)
 * into data[(nbits + 7) / 8]. Returns 0, or -1 if a value is out of range
 * or the padding bits are not zero. */
int crockford_decode(const int *vals, size_t nbits, unsigned char *data);

/** The mod-37 check value of a sequence of data symbol values (the number
 * they write in base 32, modulo 37). */
int crockford_check(const int *vals, size_t n);

#endif
