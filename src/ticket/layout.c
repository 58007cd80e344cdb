/* Ticket layout: stacks already-rendered blocks into one raster. The text
 * itself is shaped and rasterised by the UI's text engine (Vietnamese and
 * Khmer need HarfBuzz), which hands us 8-bit coverage buffers; this file
 * only places them, so it stays pure and testable without fonts. */
#include <string.h>

#include "ticket/ticket.h"

/* Width and height a block takes, or KIOSK_EINVAL. */
static enum kiosk_err layout_block_size(const struct ticket_block *b,
                                        int *w, int *h)
{
    switch (b->kind) {
    case TICKET_BLOCK_TEXT:
        if (!b->coverage || b->cw < 1 || b->ch < 1 || b->cstride < b->cw) {
            return KIOSK_EINVAL;
        }
        *w = b->cw;
        *h = b->ch;
        return KIOSK_OK;
    case TICKET_BLOCK_BITMAP:
        if (!b->bitmap || !b->bitmap->bits || b->bitmap->w < 1 ||
            b->bitmap->h < 1) {
            return KIOSK_EINVAL;
        }
        *w = b->bitmap->w;
        *h = b->bitmap->h;
        return KIOSK_OK;
    case TICKET_BLOCK_RULE:
    case TICKET_BLOCK_SPACE:
        if (b->height < 1 || b->height > TICKET_BITMAP_MAX_H || b->inset < 0) {
            return KIOSK_EINVAL;
        }
        *w = 0;
        *h = b->height;
        return KIOSK_OK;
    }
    return KIOSK_EINVAL;
}

/* Left edge of a w-dot block, or -1 if it does not fit. */
static int layout_x(const struct ticket_block *b, int width, int margin,
                    int w)
{
    switch (b->align) {
    case TICKET_ALIGN_CENTER:
        return w <= width ? (width - w) / 2 : -1;
    case TICKET_ALIGN_LEFT:
        return w <= width - 2 * margin ? margin : -1;
    case TICKET_ALIGN_RIGHT:
        return w <= width - 2 * margin ? width - margin - w : -1;
    }
    return -1;
}

enum kiosk_err ticket_layout(int width, int margin,
                             const struct ticket_block *blocks, size_t n,
                             struct ticket_bitmap *out)
{
    long long total = 0;

    memset(out, 0, sizeof *out);
    if (width < 8 || width > TICKET_BITMAP_MAX_W || width % 8 != 0 ||
        margin < 0 || 2 * margin >= width || (!blocks && n > 0)) {
        return KIOSK_EINVAL;
    }
    if (n == 0) {
        return KIOSK_EINVAL;
    }
    if (n > TICKET_LAYOUT_MAX_BLOCKS) {
        return KIOSK_ETOOBIG;
    }
    /* Pass 1: validate every block and add up the height, so a bad block
     * late in the list costs no allocation. */
    for (size_t i = 0; i < n; i++) {
        const struct ticket_block *b = &blocks[i];
        int w, h;
        enum kiosk_err e = layout_block_size(b, &w, &h);
        if (e != KIOSK_OK) {
            return e;
        }
        if (b->kind == TICKET_BLOCK_TEXT || b->kind == TICKET_BLOCK_BITMAP) {
            if (layout_x(b, width, margin, w) < 0) {
                return KIOSK_EINVAL;
            }
        }
        if (b->kind == TICKET_BLOCK_RULE &&
            width - 2 * margin - 2 * b->inset < 1) {
            return KIOSK_EINVAL;
        }
        total += h;
        if (total > TICKET_BITMAP_MAX_H) {
            return KIOSK_ETOOBIG;
        }
    }
    enum kiosk_err e = ticket_bitmap_create(out, width, (int)total);
    if (e != KIOSK_OK) {
        return e;
    }
    /* Pass 2: draw. */
    int y = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ticket_block *b = &blocks[i];
        int w = 0, h = 0;
        (void)layout_block_size(b, &w, &h);
        switch (b->kind) {
        case TICKET_BLOCK_TEXT:
            ticket_bitmap_blit_alpha(out, layout_x(b, width, margin, w), y,
                                     b->coverage, b->cw, b->ch, b->cstride,
                                     b->threshold ? b->threshold : 128);
            break;
        case TICKET_BLOCK_BITMAP:
            ticket_bitmap_blit(out, layout_x(b, width, margin, w), y,
                               b->bitmap);
            break;
        case TICKET_BLOCK_RULE:
            ticket_bitmap_fill_rect(out, margin + b->inset, y,
                                    width - 2 * margin - 2 * b->inset, h, 1);
            break;
        case TICKET_BLOCK_SPACE:
            break;
        }
        y += h;
    }
    return KIOSK_OK;
}
