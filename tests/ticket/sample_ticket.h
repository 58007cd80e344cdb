/* The fixed sample ticket used by the golden tests and the benchmark:
 * a fixed code, its QR and synthetic "text" blocks (coverage images made
 * by a formula, standing in for the UI's text engine). */
#ifndef KIOSK_TESTS_TICKET_SAMPLE_H
#define KIOSK_TESTS_TICKET_SAMPLE_H

#include "ticket/ticket.h"

#define SAMPLE_URL_TEMPLATE "https://example.org/t/{code}"
#define SAMPLE_CODE "K7Q2M9XD0"

/** Fills w x h bytes (stride w) with glyph-like anti-aliased strokes; the
 * same seed always gives the same bytes. */
void sample_text(uint8_t *cov, int w, int h, int seed);

/** Composes the sample ticket for `code` at `width` dots (384, 512, 576)
 * into *raster (allocated; free with ticket_bitmap_free) and, if bytes is
 * non-NULL, appends its ESC/POS job with default options. */
enum kiosk_err sample_ticket(int width, const char *code,
                             struct ticket_bitmap *raster,
                             struct ticket_buf *bytes);

#endif
