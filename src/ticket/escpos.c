/* ESC/POS bytes for a raster ticket, and a strict decoder of the same
 * subset for tests. Command facts: /work/shared/design/printing.md §1, §3.
 *
 * Only the raster command GS v 0 is used for content: Vietnamese and Khmer
 * are not in any printer code page, and a raster prints the same on every
 * printer, unlike the printers' own QR firmware. */
#include <stdlib.h>
#include <string.h>

#include "ticket/ticket.h"

/* ---- capped buffer ------------------------------------------------------- */

void ticket_buf_init(struct ticket_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : TICKET_BUF_DEFAULT_MAX;
}

enum kiosk_err ticket_buf_append(struct ticket_buf *b, const void *p,
                                 size_t n)
{
    if (n == 0) {
        return KIOSK_OK;
    }
    if (n > b->max - b->len) {
        return KIOSK_ETOOBIG;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) {
            cap = cap > b->max / 2 ? b->max : cap * 2;
        }
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            return KIOSK_ENOMEM;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return KIOSK_OK;
}

void ticket_buf_free(struct ticket_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

/* ---- encoder ------------------------------------------------------------- */

void ticket_escpos_defaults(struct ticket_escpos_opts *o)
{
    o->band_rows = TICKET_ESCPOS_BAND_MAX;
    /* The bottom white margin; GS V 66 n itself already feeds the last
     * printed line past the cutter, which sits above the head. */
    o->feed_lines = 2;
    o->cut = TICKET_CUT_PARTIAL;
    o->cut_feed = 3;
}

enum kiosk_err ticket_escpos_init(struct ticket_buf *b)
{
    static const uint8_t cmd[] = {0x1B, 0x40};
    return ticket_buf_append(b, cmd, sizeof cmd);
}

enum kiosk_err ticket_escpos_feed(struct ticket_buf *b, int lines)
{
    if (lines < 0 || lines > 255) {
        return KIOSK_EINVAL;
    }
    uint8_t cmd[] = {0x1B, 0x64, (uint8_t)lines};
    return ticket_buf_append(b, cmd, sizeof cmd);
}

enum kiosk_err ticket_escpos_cut(struct ticket_buf *b, enum ticket_cut cut,
                                 int n)
{
    if (n < 0 || n > 255) {
        return KIOSK_EINVAL;
    }
    switch (cut) {
    case TICKET_CUT_NONE:
        return KIOSK_OK;
    case TICKET_CUT_PARTIAL:
    case TICKET_CUT_FULL: {
        uint8_t cmd[] = {0x1D, 0x56, cut == TICKET_CUT_FULL ? 65 : 66,
                         (uint8_t)n};
        return ticket_buf_append(b, cmd, sizeof cmd);
    }
    }
    return KIOSK_EINVAL;
}

enum kiosk_err ticket_escpos_status_query(struct ticket_buf *b, int n)
{
    if (n < 1 || n > 4) {
        return KIOSK_EINVAL;
    }
    uint8_t cmd[] = {0x10, 0x04, (uint8_t)n};
    return ticket_buf_append(b, cmd, sizeof cmd);
}

enum kiosk_err ticket_escpos_raster(struct ticket_buf *b,
                                    const struct ticket_bitmap *bm,
                                    int band_rows)
{
    if (!bm || !bm->bits || bm->w < 1 || bm->h < 1 || band_rows < 1 ||
        band_rows > TICKET_ESCPOS_BAND_MAX) {
        return KIOSK_EINVAL;
    }
    size_t start = b->len;
    for (int y = 0; y < bm->h; y += band_rows) {
        int rows = bm->h - y < band_rows ? bm->h - y : band_rows;
        uint8_t hdr[] = {0x1D, 0x76, 0x30, 0x00,
                         (uint8_t)(bm->stride & 0xFF),
                         (uint8_t)(bm->stride >> 8),
                         (uint8_t)(rows & 0xFF), (uint8_t)(rows >> 8)};
        enum kiosk_err e = ticket_buf_append(b, hdr, sizeof hdr);
        if (e == KIOSK_OK) {
            e = ticket_buf_append(b,
                                  bm->bits + (size_t)y * (size_t)bm->stride,
                                  (size_t)rows * (size_t)bm->stride);
        }
        if (e != KIOSK_OK) {
            b->len = start; /* all bands or none */
            return e;
        }
    }
    return KIOSK_OK;
}

enum kiosk_err ticket_escpos_job(struct ticket_buf *b,
                                 const struct ticket_bitmap *bm,
                                 const struct ticket_escpos_opts *o)
{
    struct ticket_escpos_opts d;
    size_t start = b->len;
    enum kiosk_err e;

    if (!o) {
        ticket_escpos_defaults(&d);
        o = &d;
    }
    int band = o->band_rows ? o->band_rows : TICKET_ESCPOS_BAND_MAX;
    e = ticket_escpos_init(b);
    if (e == KIOSK_OK) {
        e = ticket_escpos_raster(b, bm, band);
    }
    if (e == KIOSK_OK && o->feed_lines > 0) {
        e = ticket_escpos_feed(b, o->feed_lines);
    }
    if (e == KIOSK_OK) {
        e = ticket_escpos_cut(b, o->cut, o->cut_feed);
    }
    if (e != KIOSK_OK) {
        b->len = start;
    }
    return e;
}

/* ---- decoder (tests) ----------------------------------------------------- */

/* Walks the stream once. With out == NULL it only validates and measures;
 * otherwise it copies each band below the previous one. */
static enum kiosk_err escpos_walk(const uint8_t *p, size_t n,
                                  struct ticket_bitmap *out,
                                  struct ticket_escpos_info *info,
                                  long long *rows_total)
{
    size_t i = 0;
    long long y = 0;
    int width_bytes = -1;
    int inited = 0, cut = 0;

    memset(info, 0, sizeof *info);
    while (i < n) {
        size_t left = n - i;
        if (p[i] == 0x1B && left >= 2 && p[i + 1] == 0x40) {
            info->inits++;
            inited = 1;
            i += 2;
        } else if (p[i] == 0x1B && left >= 3 && p[i + 1] == 0x64) {
            info->feed_lines += p[i + 2];
            i += 3;
        } else if (p[i] == 0x10 && left >= 3 && p[i + 1] == 0x04) {
            if (p[i + 2] < 1 || p[i + 2] > 4) {
                return KIOSK_EPARSE;
            }
            info->status_queries++;
            i += 3;
        } else if (p[i] == 0x1D && left >= 3 && p[i + 1] == 0x56) {
            int m = p[i + 2];
            if (m == 0 || m == 1 || m == 48 || m == 49) {
                info->cut_n = 0;
                i += 3;
            } else if ((m == 65 || m == 66) && left >= 4) {
                info->cut_n = p[i + 3];
                i += 4;
            } else {
                return KIOSK_EPARSE;
            }
            info->cut_m = m;
            info->cuts++;
            cut = 1;
        } else if (p[i] == 0x1D && left >= 8 && p[i + 1] == 0x76 &&
                   p[i + 2] == 0x30) {
            int m = p[i + 3];
            int xb = p[i + 4] | (p[i + 5] << 8);
            int rows = p[i + 6] | (p[i + 7] << 8);
            /* m = 0 only (we never scale); the spec caps yH at 15 and
             * allows xL/xH up to 65535 bytes, but a head is far narrower. */
            if (m != 0 || xb < 1 || xb > TICKET_BITMAP_MAX_W / 8 ||
                rows < 1 || rows > 4095 || !inited || cut) {
                return KIOSK_EPARSE;
            }
            if (width_bytes >= 0 && xb != width_bytes) {
                return KIOSK_EPARSE;
            }
            width_bytes = xb;
            size_t data = (size_t)xb * (size_t)rows;
            if (left - 8 < data) {
                return KIOSK_EPARSE; /* truncated band */
            }
            if (out) {
                memcpy(out->bits + (size_t)y * (size_t)out->stride, p + i + 8,
                       data);
            }
            if (info->bands < TICKET_DECODE_MAX_BANDS) {
                info->band_rows[info->bands] = rows;
            }
            info->bands++;
            y += rows;
            if (y > TICKET_BITMAP_MAX_H) {
                return KIOSK_EPARSE;
            }
            i += 8 + data;
        } else {
            return KIOSK_EPARSE;
        }
    }
    if (width_bytes < 0) {
        return KIOSK_EPARSE;
    }
    info->width_bytes = width_bytes;
    *rows_total = y;
    return KIOSK_OK;
}

enum kiosk_err ticket_escpos_decode_raster(const uint8_t *p, size_t n,
                                           struct ticket_bitmap *out,
                                           struct ticket_escpos_info *info)
{
    struct ticket_escpos_info tmp;
    long long rows = 0;

    memset(out, 0, sizeof *out);
    if (!p) {
        return KIOSK_EINVAL;
    }
    if (!info) {
        info = &tmp;
    }
    enum kiosk_err e = escpos_walk(p, n, NULL, info, &rows);
    if (e != KIOSK_OK) {
        return e;
    }
    e = ticket_bitmap_create(out, info->width_bytes * 8, (int)rows);
    if (e != KIOSK_OK) {
        return e;
    }
    e = escpos_walk(p, n, out, info, &rows);
    if (e != KIOSK_OK) {
        ticket_bitmap_free(out);
    }
    return e;
}

/* ---- status replies ------------------------------------------------------ */

int ticket_escpos_status_valid(uint8_t b)
{
    /* 0xx1xx10: bits 1 and 4 set, bits 0 and 7 clear. */
    return (b & 0x93) == 0x12;
}

void ticket_escpos_status_apply(int n, uint8_t b,
                                struct ticket_printer_status *st)
{
    if (!ticket_escpos_status_valid(b) || n < 1 || n > 4) {
        return;
    }
    st->known = 1;
    switch (n) {
    case 1:
        if (b & 0x08) {
            st->offline = 1;
        }
        break;
    case 2:
        if (b & 0x04) {
            st->cover_open = 1;
        }
        if (b & 0x20) {
            st->paper_out = 1;
        }
        if (b & 0x40) {
            st->error = 1;
        }
        break;
    case 3:
        /* Auto-cutter error or unrecoverable error. Auto-recoverable
         * (0x40, e.g. a hot head) clears by itself and is not an error. */
        if (b & 0x28) {
            st->error = 1;
        }
        break;
    case 4:
        /* Epson reports each sensor as two equal bits; some clones set
         * only one. Either bit counts: a false "paper out" stops printing
         * and calls staff, a missed one splits a ticket between people. */
        if (b & 0x60) {
            st->paper_out = 1;
        }
        if (b & 0x0C) {
            st->paper_near_end = 1;
        }
        break;
    }
}
