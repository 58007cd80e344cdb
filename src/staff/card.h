/* Staff cards: the 256 random bits each staff member carries, printed as a
 * QR code and as text, which together with the PIN unlock the site key
 * (see store.h). The text is "STAFF-" and 52 Crockford Base32 symbols plus
 * a mod-37 check symbol, in groups of four for people who type it (a site
 * without a scanner). Pure C, no SDL. */
#ifndef KIOSK_STAFF_CARD_H
#define KIOSK_STAFF_CARD_H

#include <stddef.h>

#include "core/err.h"
#include "store/store.h"

#define STAFF_CARD_PREFIX "STAFF-"
#define STAFF_CARD_SYMBOLS 53   /* 52 data + 1 check */
#define STAFF_CARD_TEXT 80      /* buffer for the grouped text, with NUL */

/** Makes a new card: 256 bits from libsodium's randombytes_buf. */
void staff_card_new(unsigned char card[STORE_CARD_BYTES]);

/** Writes the card as "STAFF-XXXX-XXXX-…-X" (grouped = 1, for the printed
 * text and the screen) or "STAFF-XXXX…X" (grouped = 0, for the QR) into
 * out[STAFF_CARD_TEXT]. */
void staff_card_format(const unsigned char card[STORE_CARD_BYTES],
                       int grouped, char out[STAFF_CARD_TEXT]);

/** Reads a scanned or typed card: the prefix (any case) is optional for
 * typing, hyphens and spaces are ignored, O/I/L read as 0/1/1, leading and
 * trailing white space (a scanner's Enter) is ignored. KIOSK_EINVAL for a
 * wrong length, a foreign symbol or a wrong check symbol. */
enum kiosk_err staff_card_parse(const char *text,
                                unsigned char card[STORE_CARD_BYTES])
    KIOSK_NODISCARD;

/** 1 if text starts like a card (its prefix), so a scanner's input can be
 * routed to the staff login rather than read as a ticket. */
int staff_card_looks_like(const char *text);

#endif
