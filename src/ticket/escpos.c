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
    o->full_width = 0;
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

enum kiosk_err ticket_escpos_gsr(struct ticket_buf *b)
{
    static const uint8_t cmd[] = {0x1D, 0x72, 0x01};
    return ticket_buf_append(b, cmd, sizeof cmd);
}

int ticket_escpos_gsr_valid(uint8_t b)
{
    return (b & 0xF0) == 0;
}

int ticket_escpos_gsr_paper_out(uint8_t b)
{
    return (b & 0x0C) != 0;
}

/* One GS v 0 command: rows [y, y + rows) of bm, `wb` bytes of each row. */
static enum kiosk_err put_band(struct ticket_buf *b,
                               const struct ticket_bitmap *bm, int y,
                               int rows, int wb)
{
    uint8_t hdr[] = {0x1D, 0x76, 0x30, 0x00, (uint8_t)(wb & 0xFF),
                     (uint8_t)(wb >> 8), (uint8_t)(rows & 0xFF),
                     (uint8_t)(rows >> 8)};
    enum kiosk_err e = ticket_buf_append(b, hdr, sizeof hdr);
    if (wb == bm->stride) {
        return e ? e : ticket_buf_append(b, bm->bits + (size_t)y *
                                                  (size_t)bm->stride,
                                         (size_t)rows * (size_t)wb);
    }
    for (int r = 0; r < rows && e == KIOSK_OK; r++) {
        e = ticket_buf_append(
            b, bm->bits + (size_t)(y + r) * (size_t)bm->stride, (size_t)wb);
    }
    return e;
}

/* Bytes of row y up to and including its last byte with a black dot. */
static int row_ink(const struct ticket_bitmap *bm, int y)
{
    const uint8_t *row = bm->bits + (size_t)y * (size_t)bm->stride;
    int n = bm->stride;
    while (n > 0 && row[n - 1] == 0) {
        n--;
    }
    return n;
}

/* What one more band costs beyond its bytes, in bytes: its header, plus an
 * allowance so that a band is split off only where that saves more than a
 * few rows' worth (fewer seams where a printer might pause). */
#define BAND_ALLOWANCE 64

enum kiosk_err ticket_escpos_raster_cropped(struct ticket_buf *b,
                                            const struct ticket_bitmap *bm,
                                            int band_rows)
{
    if (!bm || !bm->bits || bm->w < 1 || bm->h < 1 || band_rows < 1 ||
        band_rows > TICKET_ESCPOS_BAND_MAX) {
        return KIOSK_EINVAL;
    }
    int h = bm->h;
    int *ink = malloc(sizeof *ink * (size_t)h);
    int *from = malloc(sizeof *from * (size_t)(h + 1));
    int *ends = malloc(sizeof *ends * (size_t)(h + 1));
    long long *best = malloc(sizeof *best * (size_t)(h + 1));
    if (!ink || !from || !ends || !best) {
        free(ink);
        free(from);
        free(ends);
        free(best);
        return KIOSK_ENOMEM;
    }
    for (int y = 0; y < h; y++) {
        ink[y] = row_ink(bm, y);
    }
    /* best[i]: fewest bytes for rows [0, i); from[i]: where its last band
     * starts. Each band is as wide as its widest row (at least 1 byte). */
    best[0] = 0;
    for (int i = 1; i <= h; i++) {
        int w = 0;
        best[i] = -1;
        for (int j = i - 1; j >= 0 && j >= i - band_rows; j--) {
            w = ink[j] > w ? ink[j] : w;
            long long c = best[j] + 8 + BAND_ALLOWANCE +
                          (long long)(w ? w : 1) * (i - j);
            if (best[i] < 0 || c < best[i]) {
                best[i] = c;
                from[i] = j;
            }
        }
    }
    /* the bands' end rows, found from the last band back */
    int nb = 0;
    for (int i = h; i > 0; i = from[i]) {
        ends[nb++] = i;
    }
    size_t start = b->len;
    enum kiosk_err e = KIOSK_OK;
    for (int k = nb - 1; k >= 0 && e == KIOSK_OK; k--) {
        int end = ends[k], y = from[end], w = 1;
        for (int r = y; r < end; r++) {
            w = ink[r] > w ? ink[r] : w;
        }
        e = put_band(b, bm, y, end - y, w);
    }
    free(ink);
    free(from);
    free(ends);
    free(best);
    if (e != KIOSK_OK) {
        b->len = start; /* all bands or none */
    }
    return e;
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
        e = o->full_width ? ticket_escpos_raster(b, bm, band)
                          : ticket_escpos_raster_cropped(b, bm, band);
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

/* ---- decoder (tests, --escpos-to-png) ----------------------------------- */

/* Walks the stream once. With out == NULL it only validates and measures
 * (rows and the widest band); otherwise it copies each band below the
 * previous one, at the left edge. */
static enum kiosk_err escpos_walk(const uint8_t *p, size_t n,
                                  struct ticket_bitmap *out,
                                  struct ticket_escpos_info *info,
                                  long long *rows_total)
{
    size_t i = 0;
    long long y = 0;
    int width_bytes = -1;
    int inited = 0, cut = 0, in_ticket = 0;

    memset(info, 0, sizeof *info);
    while (i < n) {
        size_t left = n - i;
        if (p[i] == 0x1B && left >= 2 && p[i + 1] == 0x40) {
            info->inits++;
            inited = 1;
            cut = 0; /* a new job may follow a cut */
            in_ticket = 0;
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
        } else if (p[i] == 0x1D && left >= 3 && p[i + 1] == 0x72) {
            int m = p[i + 2];
            if (m != 1 && m != 2 && m != 49 && m != 50) {
                return KIOSK_EPARSE;
            }
            info->gsr++;
            i += 3;
        } else if (p[i] == 0x1D && left >= 3 && p[i + 1] == 0x61) {
            i += 3; /* GS a n: automatic status back, prints nothing */
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
            width_bytes = xb > width_bytes ? xb : width_bytes;
            size_t data = (size_t)xb * (size_t)rows;
            if (left - 8 < data) {
                return KIOSK_EPARSE; /* truncated band */
            }
            if (out) {
                for (int r = 0; r < rows; r++) {
                    memcpy(out->bits + (size_t)(y + r) * (size_t)out->stride,
                           p + i + 8 + (size_t)r * (size_t)xb, (size_t)xb);
                }
            }
            if (info->bands < TICKET_DECODE_MAX_BANDS) {
                info->band_rows[info->bands] = rows;
                info->band_width[info->bands] = xb;
            }
            info->bands++;
            if (!in_ticket) {
                info->tickets++;
                in_ticket = 1;
            }
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

/* ---- what the printer has received --------------------------------------- */

void ticket_escpos_stream_init(struct ticket_escpos_stream *s)
{
    memset(s, 0, sizeof *s);
}

/* Bytes the command in cmd[0..have) needs in all, as far as known now
 * (0 = complete). */
static int stream_need(const struct ticket_escpos_stream *s)
{
    const uint8_t *c = s->cmd;
    if (s->have < 2) {
        return 2;
    }
    switch (c[0]) {
    case 0x1B: /* ESC d n, ESC J n; ESC @ and the unknown are 2 bytes */
        return c[1] == 0x64 || c[1] == 0x4A ? 3 : 2;
    case 0x10: /* DLE EOT n (only EOT is taken as a command, see feed) */
        return 3;
    case 0x1D:
        if (c[1] == 0x76) { /* GS v 0 m xL xH yL yH */
            return s->have >= 3 && c[2] != 0x30 ? 3 : 8;
        }
        if (c[1] == 0x56) { /* GS V m [n] */
            return s->have >= 3 && (c[2] == 65 || c[2] == 66) ? 4 : 3;
        }
        return c[1] == 0x72 || c[1] == 0x61 ? 3 : 2; /* GS r n, GS a n */
    }
    return 1;
}

void ticket_escpos_stream_feed(struct ticket_escpos_stream *s,
                               const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s->data_left > 0) {
            size_t take = n - i < s->data_left ? n - i : (size_t)s->data_left;
            s->data_left -= take;
            i += take;
            continue;
        }
        uint8_t b = p[i++];
        if (s->have == 0) {
            if (b == 0x1B || b == 0x1D || b == 0x10) {
                s->cmd[s->have++] = b;
            }
            continue; /* text, LF, NUL: one byte each */
        }
        if (s->have == 1 && s->cmd[0] == 0x10 && b != 0x04) {
            /* DLE is only a prefix for EOT here; the byte after a lone
             * DLE starts afresh */
            s->have = 0;
            i--;
            continue;
        }
        s->cmd[s->have++] = b;
        if (s->have < stream_need(s)) {
            continue;
        }
        if (s->cmd[0] == 0x1D && s->cmd[1] == 0x76 && s->have == 8) {
            unsigned x = s->cmd[4] | (unsigned)s->cmd[5] << 8;
            unsigned y = s->cmd[6] | (unsigned)s->cmd[7] << 8;
            s->data_left = (unsigned long long)x * y;
            s->rows += y;
        }
        s->have = 0;
    }
}

unsigned long long ticket_escpos_stream_finish(
    const struct ticket_escpos_stream *s, uint8_t head[8], size_t *head_n)
{
    *head_n = 0;
    if (s->have == 0) {
        return s->data_left;
    }
    const uint8_t *c = s->cmd;
    if (s->have == 1) {
        /* ESC -> ESC @ (the next job resets anyway); GS -> GS a 0 (status
         * back off, its default); DLE -> DLE EOT 1 (its answer is
         * drained before the next query) */
        if (c[0] == 0x1B) {
            head[(*head_n)++] = 0x40;
        } else if (c[0] == 0x1D) {
            head[(*head_n)++] = 0x61;
            head[(*head_n)++] = 0x00;
        } else {
            head[(*head_n)++] = 0x04;
            head[(*head_n)++] = 0x01;
        }
        return 0;
    }
    if (c[0] == 0x1D && c[1] == 0x76) {
        /* the rest of "0 m xL xH yL yH": what is missing becomes a band of
         * one byte by one row, or as wide as the xL already sent */
        static const uint8_t fill[8] = {0x1D, 0x76, 0x30, 0, 1, 0, 1, 0};
        uint8_t h[8];
        memcpy(h, c, (size_t)s->have);
        for (int k = s->have; k < 8; k++) {
            h[k] = fill[k];
            head[(*head_n)++] = fill[k];
        }
        unsigned x = h[4] | (unsigned)h[5] << 8;
        unsigned y = h[6] | (unsigned)h[7] << 8;
        return (unsigned long long)x * y;
    }
    if (c[0] == 0x1D && c[1] == 0x56 && s->have == 2) {
        head[(*head_n)++] = 66; /* the ticket before it was complete: cut */
    }
    /* every other command lacks one parameter byte: 0 (ESC d 0, GS V m 0,
     * GS a 0), or 1 for the status requests (DLE EOT 1, GS r 1) */
    int one = (c[0] == 0x10) || (c[0] == 0x1D && c[1] == 0x72);
    head[(*head_n)++] = one ? 1 : 0;
    return 0;
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
