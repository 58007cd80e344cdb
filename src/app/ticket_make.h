/* The printed ticket: composed as a 1-bit raster from text shaped by the
 * same text engine as the screen (so Khmer prints shaped) and the QR, then
 * sent as ESC/POS by the ticket module's printer jobs. No SDL here: the
 * text comes through a callback. */
#ifndef KIOSK_APP_TICKET_MAKE_H
#define KIOSK_APP_TICKET_MAKE_H

#include <stdint.h>

#include "app/app.h"
#include "ticket/ticket.h"

/** Composes the ticket for `code` (canonical form), a slot starting at
 * `slot_start` (Unix seconds; 0 = any time during opening hours), in
 * language `lang` with a Vietnamese line for staff, `width` dots wide.
 * *out is allocated (ticket_bitmap_free). */
enum kiosk_err ticket_make_raster(const struct app *a, const char *code,
                                  int64_t slot_start, const char *lang,
                                  int width, struct ticket_bitmap *out)
    KIOSK_NODISCARD;

/** The same, as ESC/POS bytes for the site's printer (buf is initialised
 * here; free buf->data). */
enum kiosk_err ticket_make_escpos(const struct app *a, const char *code,
                                  int64_t slot_start, const char *lang,
                                  struct ticket_buf *buf) KIOSK_NODISCARD;

/** A staff card for `name` as ESC/POS bytes: the card's QR and its text
 * (card_text, as staff_card_format writes it) with the warning to keep it
 * safe, in the staff language (buf is initialised here; free buf->data). */
enum kiosk_err staff_card_make_escpos(const struct app *a, const char *name,
                                      const char *card_text,
                                      struct ticket_buf *buf)
    KIOSK_NODISCARD;

/** "Thứ Ba 24/11/2026 · 08:00" for a slot start in `lang`. */
void ticket_format_slot(const struct app *a, int64_t start, const char *lang,
                        char *buf, size_t n);

#endif
