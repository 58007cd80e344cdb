#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "app/ticket_make.h"

#define MAX_LINES 24

/* Everything drawn on a ticket, kept until the layout is done. */
struct lines {
    struct ticket_block blocks[MAX_LINES * 2];
    int n;
    uint8_t *coverage[MAX_LINES];
    int ncov;
};

static void add_text(const struct app *a, struct lines *L, const char *s,
                     int px, int bold, int width)
{
    int w, h;
    if (!s || !*s || L->ncov >= MAX_LINES || !a->text_alpha) {
        return;
    }
    uint8_t *cov = a->text_alpha(a->text_ctx, s, px, bold, width - 16, &w,
                                 &h);
    if (!cov) {
        return;
    }
    L->coverage[L->ncov++] = cov;
    struct ticket_block *b = &L->blocks[L->n++];
    memset(b, 0, sizeof *b);
    b->kind = TICKET_BLOCK_TEXT;
    b->align = TICKET_ALIGN_CENTER;
    b->coverage = cov;
    b->cw = w;
    b->ch = h;
    b->cstride = w;
    b->threshold = 110;
}

static void add_space(struct lines *L, int rows)
{
    struct ticket_block *b = &L->blocks[L->n++];
    memset(b, 0, sizeof *b);
    b->kind = TICKET_BLOCK_SPACE;
    b->height = rows;
}

static void add_rule(struct lines *L, int rows)
{
    struct ticket_block *b = &L->blocks[L->n++];
    memset(b, 0, sizeof *b);
    b->kind = TICKET_BLOCK_RULE;
    b->height = rows;
}

/* A QR of `text`, centred, with as many whole dots per module (at least
 * 2) as fit in `max_w` dots; *qr holds its pixels until the layout is
 * printed (the caller frees it). Nothing is added when it fails. */
static enum kiosk_err add_qr(struct lines *L, const char *text, int max_w,
                             struct ticket_bitmap *qr)
{
    struct ticket_bitmap qr1;
    memset(qr, 0, sizeof *qr);
    enum kiosk_err e = ticket_qr_render(text, 1, &qr1);
    if (e == KIOSK_OK) {
        int dpm = max_w / qr1.w;
        ticket_bitmap_free(&qr1);
        e = ticket_qr_render(text, dpm < 2 ? 2 : dpm, qr);
    }
    if (e == KIOSK_OK) {
        struct ticket_block *b = &L->blocks[L->n++];
        memset(b, 0, sizeof *b);
        b->kind = TICKET_BLOCK_BITMAP;
        b->align = TICKET_ALIGN_CENTER;
        b->bitmap = qr;
    }
    return e;
}

/* A UI string in lang, then the Vietnamese one for staff when different. */
static void add_both(const struct app *a, struct lines *L, const char *key,
                     const char *lang, int px, int bold, int width)
{
    const char *own = app_tr_lang(a, lang, key);
    const char *vi = app_tr_lang(a, "vi", key);
    add_text(a, L, own, px, bold, width);
    if (strcmp(own, vi) != 0) {
        add_text(a, L, vi, px * 3 / 4, 0, width);
    }
}

void ticket_format_slot(const struct app *a, int64_t start, const char *lang,
                        char *buf, size_t n)
{
    static const char *const keys[7] = {"day.mon", "day.tue", "day.wed",
                                        "day.thu", "day.fri", "day.sat",
                                        "day.sun"};
    const int off = a->site.utc_offset;
    const char *wd =
        app_tr_lang(a, lang, keys[date_weekday(date_day(start, off))]);
    if (strncmp(wd, "day.", 4) == 0) {
        wd = ""; /* no weekday names in this pack */
    }
    char date[32];
    date_format(start, off, DATE_DMY, date, sizeof date);
    char hm[8];
    date_format(start, off, DATE_HM, hm, sizeof hm);
    snprintf(buf, n, "%s%s%s · %s", wd, *wd ? " " : "", date, hm);
}

enum kiosk_err ticket_make_raster(const struct app *a, const char *code,
                                  int64_t slot_start, const char *lang,
                                  int width, struct ticket_bitmap *out)
{
    struct lines L;
    memset(&L, 0, sizeof L);
    memset(out, 0, sizeof *out);
    int k100 = width * 100 / 384; /* type grows with the paper */
#define PX(v) ((v) * k100 / 100)
    char grouped[32], url[512], when[128], line[600];
    if (ticket_code_format_grouped(code, grouped, sizeof grouped) ||
        ticket_code_url(a->site.ticket_url, code, url, sizeof url)) {
        return KIOSK_EINVAL;
    }
    add_space(&L, PX(8));
    add_text(a, &L, a->site.name, PX(24), 1, width);
    add_space(&L, PX(6));
    add_rule(&L, 2);
    add_space(&L, PX(10));
    add_both(a, &L, "ticket.follow_up", lang, PX(28), 1, width);
    add_space(&L, PX(6));
    if (slot_start > 0) {
        ticket_format_slot(a, slot_start, lang, when, sizeof when);
        add_text(a, &L, when, PX(23), 1, width);
        if (strcmp(lang, "vi") != 0) {
            ticket_format_slot(a, slot_start, "vi", when, sizeof when);
            add_text(a, &L, when, PX(20), 0, width);
        }
    } else {
        add_both(a, &L, "ticket.any_time", lang, PX(24), 1, width);
    }
    add_space(&L, PX(10));
    add_text(a, &L, grouped, PX(46), 1, width);
    add_space(&L, PX(8));
    /* the QR: as many whole dots per module as fit in 70 % of the paper */
    struct ticket_bitmap qr;
    enum kiosk_err e = add_qr(&L, url, width * 7 / 10, &qr);
    add_space(&L, PX(6));
    if (a->site.hotline[0]) {
        const char *t = app_tr_lang(a, lang, "app.hotline");
        const char *ph = strstr(t, "{phone}");
        if (ph) {
            snprintf(line, sizeof line, "%.*s%s%s", (int)(ph - t), t,
                     a->site.hotline, ph + 7);
            add_text(a, &L, line, PX(22), 1, width);
        }
    }
    /* one line of the nearest counseling service */
    for (int i = 0; a->pack && i < pack_nservices(a->pack); i++) {
        const struct pack_service *s = pack_service(a->pack, i);
        if (strcmp(s->kind, "counseling") == 0) {
            snprintf(line, sizeof line, "%s — %s",
                     pack_service_text(a->pack, i, "name", lang),
                     pack_service_text(a->pack, i, "address", lang));
            add_text(a, &L, line, PX(18), 0, width);
            break;
        }
    }
    add_space(&L, PX(8));
    add_rule(&L, 1);
    add_space(&L, PX(6));
    add_both(a, &L, "ticket.privacy", lang, PX(20), 0, width);
    add_space(&L, PX(24));
#undef PX
    if (e == KIOSK_OK) {
        e = ticket_layout(width, 8, L.blocks, (size_t)L.n, out);
    }
    ticket_bitmap_free(&qr);
    for (int i = 0; i < L.ncov; i++) {
        free(L.coverage[i]);
    }
    return e;
}

/* The ESC/POS job for a raster, cut or fed as site.ini's [printer] says:
 * without a cutter the paper is torn off, so the last line (the privacy
 * note, the card's warning) is fed past the tear bar. */
static enum kiosk_err printer_job(const struct app *a,
                                  const struct ticket_bitmap *bm,
                                  struct ticket_buf *buf)
{
    struct ticket_escpos_opts o;
    ticket_escpos_defaults(&o);
    o.cut = a->site.printer_cutter ? TICKET_CUT_PARTIAL : TICKET_CUT_NONE;
    o.feed_lines = site_feed_lines(&a->site);
    return ticket_escpos_job(buf, bm, &o);
}

enum kiosk_err ticket_make_escpos(const struct app *a, const char *code,
                                  int64_t slot_start, const char *lang,
                                  struct ticket_buf *buf)
{
    struct ticket_bitmap bm;
    ticket_buf_init(buf, 0);
    enum kiosk_err e = ticket_make_raster(a, code, slot_start, lang,
                                          a->site.printer_width, &bm);
    if (e) {
        return e;
    }
    e = printer_job(a, &bm, buf);
    ticket_bitmap_free(&bm);
    return e;
}

enum kiosk_err staff_card_make_escpos(const struct app *a, const char *name,
                                      const char *card_text,
                                      struct ticket_buf *buf)
{
    struct lines L;
    memset(&L, 0, sizeof L);
    ticket_buf_init(buf, 0);
    int width = a->site.printer_width;
    int k100 = width * 100 / 384;
#define PX(v) ((v) * k100 / 100)
    const char *lang = a->staff.lang[0] ? a->staff.lang : "vi";
    add_space(&L, PX(8));
    add_text(a, &L, a->site.name, PX(22), 1, width);
    add_space(&L, PX(6));
    add_rule(&L, 2);
    add_space(&L, PX(8));
    add_text(a, &L, app_tr_lang(a, lang, "staff.card_title"), PX(28), 1,
             width);
    add_text(a, &L, name, PX(30), 1, width);
    add_space(&L, PX(8));
    struct ticket_bitmap qr;
    enum kiosk_err e = add_qr(&L, card_text, width * 6 / 10, &qr);
    add_space(&L, PX(6));
    /* the same secret as text, for a site without a scanner */
    add_text(a, &L, card_text, PX(16), 0, width);
    add_space(&L, PX(8));
    add_rule(&L, 1);
    add_space(&L, PX(6));
    add_text(a, &L, app_tr_lang(a, lang, "staff.card_keep"), PX(18), 0,
             width);
    add_space(&L, PX(24));
#undef PX
    struct ticket_bitmap bm;
    memset(&bm, 0, sizeof bm);
    if (e == KIOSK_OK) {
        e = ticket_layout(width, 8, L.blocks, (size_t)L.n, &bm);
    }
    ticket_bitmap_free(&qr);
    for (int i = 0; i < L.ncov; i++) {
        free(L.coverage[i]);
    }
    if (e == KIOSK_OK) {
        e = printer_job(a, &bm, buf);
    }
    ticket_bitmap_free(&bm);
    return e;
}
