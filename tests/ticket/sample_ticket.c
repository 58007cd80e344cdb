/* The sample ticket (see sample_ticket.h). */
#include <stdlib.h>
#include <string.h>

#include "sample_ticket.h"

void sample_text(uint8_t *cov, int w, int h, int seed)
{
    /* Glyph cells 14 dots wide with a 4-dot gap; inside a cell, diagonal
     * and vertical strokes whose edges ramp over ~3 dots, like the grey
     * edge pixels of anti-aliased text. Integer maths only. */
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int cell = x / 18, cx = x % 18;
            int v = 0;
            if (cx < 14 && y >= h / 8 && y < h - h / 8) {
                int k = (cell * 7 + seed) % 5;
                int d1 = abs((cx * 3 + y * (k + 1)) % 17 - 8);
                int d2 = abs(cx - 2 - k);
                int d = d1 < d2 ? d1 : d2;
                v = 255 - d * 85;
                if (v < 0) {
                    v = 0;
                }
            }
            cov[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)v;
        }
    }
}

enum kiosk_err sample_ticket(int width, const char *code,
                             struct ticket_bitmap *raster,
                             struct ticket_buf *bytes)
{
    enum { MARGIN = 16 };
    char url[128];
    struct ticket_bitmap qr;
    enum kiosk_err e;
    int title_w = width - 64, body_w = width - 2 * MARGIN;
    uint8_t *title = malloc((size_t)title_w * 48);
    uint8_t *line = malloc(200 * 32);
    uint8_t *body = malloc((size_t)body_w * 64);

    memset(raster, 0, sizeof *raster);
    memset(&qr, 0, sizeof qr);
    e = (title && line && body) ? KIOSK_OK : KIOSK_ENOMEM;
    if (e == KIOSK_OK) {
        e = ticket_code_url(SAMPLE_URL_TEMPLATE, code, url, sizeof url);
    }
    if (e == KIOSK_OK) {
        e = ticket_qr_render(url, width >= 576 ? 8 : 6, &qr);
    }
    if (e == KIOSK_OK) {
        sample_text(title, title_w, 48, 1);
        sample_text(line, 200, 32, 2);
        sample_text(body, body_w, 64, 3);
        const struct ticket_block blocks[] = {
            {.kind = TICKET_BLOCK_SPACE, .height = 24},
            {.kind = TICKET_BLOCK_TEXT, .coverage = title, .cw = title_w,
             .ch = 48, .cstride = title_w},
            {.kind = TICKET_BLOCK_SPACE, .height = 8},
            {.kind = TICKET_BLOCK_TEXT, .coverage = line, .cw = 200, .ch = 32,
             .cstride = 200, .threshold = 100},
            {.kind = TICKET_BLOCK_SPACE, .height = 12},
            {.kind = TICKET_BLOCK_RULE, .height = 2, .inset = 8},
            {.kind = TICKET_BLOCK_SPACE, .height = 16},
            {.kind = TICKET_BLOCK_BITMAP, .bitmap = &qr},
            {.kind = TICKET_BLOCK_SPACE, .height = 16},
            {.kind = TICKET_BLOCK_TEXT, .align = TICKET_ALIGN_LEFT,
             .coverage = body, .cw = body_w, .ch = 64, .cstride = body_w},
            {.kind = TICKET_BLOCK_SPACE, .height = 8},
            {.kind = TICKET_BLOCK_RULE, .height = 1},
            {.kind = TICKET_BLOCK_SPACE, .height = 24},
        };
        e = ticket_layout(width, MARGIN, blocks,
                          sizeof blocks / sizeof blocks[0], raster);
    }
    if (e == KIOSK_OK && bytes) {
        e = ticket_escpos_job(bytes, raster, NULL);
    }
    if (e != KIOSK_OK) {
        ticket_bitmap_free(raster);
    }
    ticket_bitmap_free(&qr);
    free(title);
    free(line);
    free(body);
    return e;
}
