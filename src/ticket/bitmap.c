/* 1-bit bitmaps in PBM P4 / ESC/POS raster layout (MSB = leftmost dot,
 * 1 = black), plus the QR renderer on top of libqrencode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "ticket/ticket.h"

enum kiosk_err ticket_bitmap_create(struct ticket_bitmap *bm, int w, int h)
{
    memset(bm, 0, sizeof *bm);
    if (w < 1 || h < 1) {
        return KIOSK_EINVAL;
    }
    if (w > TICKET_BITMAP_MAX_W || h > TICKET_BITMAP_MAX_H) {
        return KIOSK_ETOOBIG;
    }
    int stride = (w + 7) / 8;
    uint8_t *bits = calloc((size_t)stride * (size_t)h, 1);
    if (!bits) {
        return KIOSK_ENOMEM;
    }
    bm->w = w;
    bm->h = h;
    bm->stride = stride;
    bm->bits = bits;
    return KIOSK_OK;
}

void ticket_bitmap_free(struct ticket_bitmap *bm)
{
    if (!bm) {
        return;
    }
    free(bm->bits);
    memset(bm, 0, sizeof *bm);
}

void ticket_bitmap_set(struct ticket_bitmap *bm, int x, int y, int v)
{
    if (x < 0 || y < 0 || x >= bm->w || y >= bm->h) {
        return;
    }
    uint8_t *p = bm->bits + (size_t)y * (size_t)bm->stride + (size_t)(x >> 3);
    uint8_t mask = (uint8_t)(0x80u >> (x & 7));
    if (v) {
        *p |= mask;
    } else {
        *p &= (uint8_t)~mask;
    }
}

int ticket_bitmap_get(const struct ticket_bitmap *bm, int x, int y)
{
    if (x < 0 || y < 0 || x >= bm->w || y >= bm->h) {
        return 0;
    }
    const uint8_t *p =
        bm->bits + (size_t)y * (size_t)bm->stride + (size_t)(x >> 3);
    return (*p >> (7 - (x & 7))) & 1;
}

/* Sets or clears dots [x0, x1) of one row, a byte at a time where it can. */
static void bitmap_span(uint8_t *row, int x0, int x1, int v)
{
    while (x0 < x1 && (x0 & 7)) {
        uint8_t m = (uint8_t)(0x80u >> (x0 & 7));
        row[x0 >> 3] = v ? (uint8_t)(row[x0 >> 3] | m)
                         : (uint8_t)(row[x0 >> 3] & ~m);
        x0++;
    }
    if (x1 - x0 >= 8) {
        int nbytes = (x1 - x0) >> 3;
        memset(row + (x0 >> 3), v ? 0xFF : 0x00, (size_t)nbytes);
        x0 += nbytes << 3;
    }
    while (x0 < x1) {
        uint8_t m = (uint8_t)(0x80u >> (x0 & 7));
        row[x0 >> 3] = v ? (uint8_t)(row[x0 >> 3] | m)
                         : (uint8_t)(row[x0 >> 3] & ~m);
        x0++;
    }
}

void ticket_bitmap_fill_rect(struct ticket_bitmap *bm, int x, int y, int w,
                             int h, int v)
{
    /* Clip in 64 bits so x + w cannot overflow. */
    long long x0 = x, y0 = y, x1 = (long long)x + w, y1 = (long long)y + h;
    if (x0 < 0) {
        x0 = 0;
    }
    if (y0 < 0) {
        y0 = 0;
    }
    if (x1 > bm->w) {
        x1 = bm->w;
    }
    if (y1 > bm->h) {
        y1 = bm->h;
    }
    for (long long yy = y0; yy < y1; yy++) {
        if (x0 >= x1) {
            break;
        }
        bitmap_span(bm->bits + (size_t)yy * (size_t)bm->stride, (int)x0,
                    (int)x1, v);
    }
}

void ticket_bitmap_blit_alpha(struct ticket_bitmap *dst, int x, int y,
                              const uint8_t *cov, int cw, int ch,
                              int cstride, uint8_t threshold)
{
    if (!cov || cw < 1 || ch < 1 || cstride < cw) {
        return;
    }
    if (threshold == 0) {
        threshold = 1; /* 0 would ink the whole box, paper included */
    }
    for (int sy = 0; sy < ch; sy++) {
        long long dy = (long long)y + sy;
        if (dy < 0 || dy >= dst->h) {
            continue;
        }
        const uint8_t *src = cov + (size_t)sy * (size_t)cstride;
        uint8_t *row = dst->bits + (size_t)dy * (size_t)dst->stride;
        for (int sx = 0; sx < cw; sx++) {
            long long dx = (long long)x + sx;
            if (dx < 0 || dx >= dst->w || src[sx] < threshold) {
                continue;
            }
            row[dx >> 3] |= (uint8_t)(0x80u >> (dx & 7));
        }
    }
}

void ticket_bitmap_blit(struct ticket_bitmap *dst, int x, int y,
                        const struct ticket_bitmap *src)
{
    if (!src || !src->bits) {
        return;
    }
    for (int sy = 0; sy < src->h; sy++) {
        long long dy = (long long)y + sy;
        if (dy < 0 || dy >= dst->h) {
            continue;
        }
        const uint8_t *srow = src->bits + (size_t)sy * (size_t)src->stride;
        uint8_t *drow = dst->bits + (size_t)dy * (size_t)dst->stride;
        if ((x & 7) == 0 && x >= 0 && (long long)x + src->w <= dst->w) {
            /* Byte-aligned and inside: OR whole bytes (padding bits of src
             * are 0, so they add nothing). */
            uint8_t *d = drow + (x >> 3);
            for (int i = 0; i < src->stride; i++) {
                d[i] |= srow[i];
            }
            continue;
        }
        for (int sx = 0; sx < src->w; sx++) {
            long long dx = (long long)x + sx;
            if (dx < 0 || dx >= dst->w) {
                continue;
            }
            if ((srow[sx >> 3] >> (7 - (sx & 7))) & 1) {
                drow[dx >> 3] |= (uint8_t)(0x80u >> (dx & 7));
            }
        }
    }
}

enum kiosk_err ticket_bitmap_write_pbm(const struct ticket_bitmap *bm,
                                       const char *path)
{
    if (!bm || !bm->bits || !path) {
        return KIOSK_EINVAL;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        return KIOSK_EIO;
    }
    size_t n = (size_t)bm->stride * (size_t)bm->h;
    int ok = fprintf(f, "P4\n%d %d\n", bm->w, bm->h) > 0 &&
             fwrite(bm->bits, 1, n, f) == n;
    if (fclose(f) != 0) {
        ok = 0;
    }
    return ok ? KIOSK_OK : KIOSK_EIO;
}

enum kiosk_err ticket_qr_render(const char *text, int dpm,
                                struct ticket_bitmap *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !text[0] || dpm < 1 || dpm > TICKET_QR_MAX_DPM) {
        return KIOSK_EINVAL;
    }
    if (strnlen(text, TICKET_QR_MAX_TEXT + 1) > TICKET_QR_MAX_TEXT) {
        return KIOSK_ETOOBIG;
    }
    /* Version 0 = the smallest that fits; 8-bit mode keeps the URL bytes
     * exactly as given (case-sensitive). */
    errno = 0;
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        if (errno == ERANGE) {
            return KIOSK_ETOOBIG;
        }
        return errno == ENOMEM ? KIOSK_ENOMEM : KIOSK_EINVAL;
    }
    int modules = qr->width + 2 * TICKET_QR_QUIET;
    enum kiosk_err e = ticket_bitmap_create(out, modules * dpm,
                                            modules * dpm);
    if (e != KIOSK_OK) {
        QRcode_free(qr);
        return e;
    }
    for (int my = 0; my < qr->width; my++) {
        const unsigned char *row = qr->data + (size_t)my * (size_t)qr->width;
        for (int mx = 0; mx < qr->width; mx++) {
            /* Bit 0 of each libqrencode cell is the module colour. */
            if (row[mx] & 1) {
                ticket_bitmap_fill_rect(out, (mx + TICKET_QR_QUIET) * dpm,
                                        (my + TICKET_QR_QUIET) * dpm, dpm,
                                        dpm, 1);
            }
        }
    }
    QRcode_free(qr);
    return KIOSK_OK;
}
