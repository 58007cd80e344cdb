/* 1-bit bitmaps, QR (read back with zbarimg), layout, ESC/POS bytes (hand-
 * written expectations and golden files), band split and the decoder.
 *
 * Golden files: tests/ticket/golden/ticket_384.bin and ticket_576.bin.
 * After an intended change of the ticket bytes, regenerate them with
 *   KIOSK_UPDATE_GOLDEN=1 ctest --test-dir BUILD -R test_ticket_raster
 * then look at the PBM images the test leaves in the temp directory it
 * prints, and commit the new .bin files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "sample_ticket.h"
#include "test.h"
#include "ticket/ticket.h"

static char tmpdir[64];

/* Deterministic pseudo-random numbers (xorshift32) for reference tests. */
static unsigned rnd_state = 12345u;
static unsigned rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state;
}

/* ---- bitmap -------------------------------------------------------------- */

static void test_bitmap_basics(void)
{
    struct ticket_bitmap bm;

    CHECK_INT(ticket_bitmap_create(&bm, 13, 3), KIOSK_OK);
    CHECK_INT(bm.stride, 2);
    ticket_bitmap_set(&bm, 0, 0, 1);
    ticket_bitmap_set(&bm, 12, 2, 1);
    ticket_bitmap_set(&bm, 8, 1, 1);
    ticket_bitmap_set(&bm, 13, 0, 1);  /* outside: ignored */
    ticket_bitmap_set(&bm, -1, 0, 1);
    ticket_bitmap_set(&bm, 0, 3, 1);
    CHECK_INT(bm.bits[0], 0x80);
    CHECK_INT(bm.bits[1], 0x00);
    CHECK_INT(bm.bits[3], 0x80);       /* x=8 is the MSB of byte 1 */
    CHECK_INT(bm.bits[5], 0x08);       /* x=12: bit 3 of byte 1 */
    CHECK_INT(ticket_bitmap_get(&bm, 12, 2), 1);
    CHECK_INT(ticket_bitmap_get(&bm, 11, 2), 0);
    CHECK_INT(ticket_bitmap_get(&bm, 13, 2), 0);
    ticket_bitmap_set(&bm, 12, 2, 0);
    CHECK_INT(bm.bits[5], 0x00);

    /* PBM P4 on disk is exactly header + bits. */
    char path[128];
    snprintf(path, sizeof path, "%s/b.pbm", tmpdir);
    CHECK_INT(ticket_bitmap_write_pbm(&bm, path), KIOSK_OK);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT(kiosk_read_file(path, 1024, &data, &len), KIOSK_OK);
    CHECK_INT((long long)len, 8 + 6);
    CHECK(data && memcmp(data, "P4\n13 3\n", 8) == 0);
    CHECK(data && (uint8_t)data[8] == 0x80 && (uint8_t)data[11] == 0x80);
    free(data);
    ticket_bitmap_free(&bm);
    CHECK(bm.bits == NULL);

    CHECK_INT(ticket_bitmap_create(&bm, 0, 5), KIOSK_EINVAL);
    CHECK_INT(ticket_bitmap_create(&bm, 5, -1), KIOSK_EINVAL);
    CHECK_INT(ticket_bitmap_create(&bm, TICKET_BITMAP_MAX_W + 1, 5),
              KIOSK_ETOOBIG);
    CHECK_INT(ticket_bitmap_create(&bm, 8, TICKET_BITMAP_MAX_H + 1),
              KIOSK_ETOOBIG);
    CHECK(bm.bits == NULL);
}

/* fill_rect and blit against a dot-by-dot model. */
static void test_bitmap_against_model(void)
{
    enum { W = 77, H = 41 };
    static uint8_t model[H][W];
    struct ticket_bitmap bm, src;
    int mismatches = 0;

    memset(model, 0, sizeof model);
    CHECK_INT(ticket_bitmap_create(&bm, W, H), KIOSK_OK);
    for (int i = 0; i < 300; i++) {
        int x = (int)(rnd() % 100) - 10, y = (int)(rnd() % 60) - 10;
        int w = (int)(rnd() % 40), h = (int)(rnd() % 20);
        int v = (int)(rnd() % 3) != 0;
        ticket_bitmap_fill_rect(&bm, x, y, w, h, v);
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                if (xx >= 0 && yy >= 0 && xx < W && yy < H) {
                    model[yy][xx] = (uint8_t)v;
                }
            }
        }
    }
    CHECK_INT(ticket_bitmap_create(&src, 19, 7), KIOSK_OK);
    for (int i = 0; i < 60; i++) {
        ticket_bitmap_set(&src, (int)(rnd() % 19), (int)(rnd() % 7), 1);
    }
    static const int at[][2] = {{0, 0}, {8, 3}, {3, 5}, {-5, -2},
                                {70, 38}, {16, 20}, {-18, 40}};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        ticket_bitmap_blit(&bm, at[k][0], at[k][1], &src);
        for (int sy = 0; sy < 7; sy++) {
            for (int sx = 0; sx < 19; sx++) {
                int xx = at[k][0] + sx, yy = at[k][1] + sy;
                if (xx >= 0 && yy >= 0 && xx < W && yy < H &&
                    ticket_bitmap_get(&src, sx, sy)) {
                    model[yy][xx] = 1;
                }
            }
        }
    }
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            mismatches += ticket_bitmap_get(&bm, x, y) != model[y][x];
        }
        /* Padding bits past w stay 0 (PBM and GS v 0 expect that). */
        mismatches += (bm.bits[(size_t)y * bm.stride + bm.stride - 1] &
                       ((1u << (8 * bm.stride - W)) - 1)) != 0;
    }
    CHECK_INT(mismatches, 0);
    ticket_bitmap_free(&src);
    ticket_bitmap_free(&bm);
}

static void test_blit_alpha(void)
{
    struct ticket_bitmap bm;
    /* 2 rows of 6, stride 8 (the extra bytes must be ignored). */
    static const uint8_t cov[] = {0,   127, 128, 255, 1,   200, 255, 255,
                                  255, 0,   0,   0,   129, 128, 255, 255};

    CHECK_INT(ticket_bitmap_create(&bm, 10, 4), KIOSK_OK);
    ticket_bitmap_blit_alpha(&bm, 1, 1, cov, 6, 2, 8, 128);
    static const char *want[] = {"..........", "...##.#...", ".#...##...",
                                 ".........."};
    for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 10; x++) {
            CHECK_INT(ticket_bitmap_get(&bm, x, y), want[y][x] == '#');
        }
    }
    /* Clipped at every edge without touching memory outside. */
    ticket_bitmap_blit_alpha(&bm, -3, -1, cov, 6, 2, 8, 1);
    ticket_bitmap_blit_alpha(&bm, 8, 3, cov, 6, 2, 8, 1);
    /* Second coverage row lands on row 0 from x = -3: 255 0 0 | 0 129 128 */
    CHECK_INT(ticket_bitmap_get(&bm, 0, 0), 0);
    CHECK_INT(ticket_bitmap_get(&bm, 1, 0), 1);
    CHECK_INT(ticket_bitmap_get(&bm, 2, 0), 1);
    CHECK_INT(ticket_bitmap_get(&bm, 9, 3), 1); /* cov[1]=127 >= 1 */
    ticket_bitmap_free(&bm);
}

/* ---- QR ------------------------------------------------------------------ */

static int have_zbarimg(void)
{
    return system("command -v zbarimg >/dev/null 2>&1") == 0;
}

/* Decodes the QR in a PBM with zbarimg into out; returns 1 on success.
 * -Sbinary: the bytes as encoded, without zbar's guess of a legacy
 * character set (it reads UTF-8 Vietnamese as Shift JIS otherwise). */
static int zbar_read(const char *pbm, char *out, size_t n)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd,
             "zbarimg --quiet --raw -Sbinary '%s' 2>/dev/null",
             pbm);
    FILE *p = popen(cmd, "r");
    if (!p) {
        return 0;
    }
    size_t len = fread(out, 1, n - 1, p);
    out[len] = '\0';
    int rc = pclose(p);
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r')) {
        out[--len] = '\0';
    }
    return rc == 0 && len > 0;
}

static void test_qr(void)
{
    static const struct {
        const char *text;
        int dpm;
    } t[] = {
        {"https://example.org/t/K7Q2M9XD0", 4},
        {"https://example.org/t/K7Q2M9XD0", 8},
        {"https://example.org/t/00000012$", 6},
        {"https://kiosk.example.vn/hen?ma=H3TV5W8YK&ngon-ngu=vi", 5},
        {"Phi\xe1\xba\xbfu h\xe1\xba\xb9n", 4}, /* "Phiếu hẹn", UTF-8 */
        {"A", 3},
    };
    int zbar = have_zbarimg();

    if (!zbar) {
        printf("SKIP zbarimg decoding: zbarimg not found "
               "(apt-get install zbar-tools)\n");
    }
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct ticket_bitmap qr;
        CHECK_INT(ticket_qr_render(t[i].text, t[i].dpm, &qr), KIOSK_OK);
        int modules = qr.w / t[i].dpm;
        CHECK_INT(qr.w, qr.h);
        CHECK_INT(qr.w % t[i].dpm, 0);
        /* 17 + 4 * version modules, plus 2 x 4 quiet zone. */
        CHECK_INT((modules - 8 - 17) % 4, 0);
        /* Quiet zone white all round; finder pattern corner black. */
        int quiet_black = 0;
        for (int k = 0; k < qr.w; k++) {
            for (int q = 0; q < 4 * t[i].dpm; q++) {
                quiet_black += ticket_bitmap_get(&qr, k, q) +
                               ticket_bitmap_get(&qr, q, k) +
                               ticket_bitmap_get(&qr, k, qr.h - 1 - q) +
                               ticket_bitmap_get(&qr, qr.w - 1 - q, k);
            }
        }
        CHECK_INT(quiet_black, 0);
        CHECK_INT(ticket_bitmap_get(&qr, 4 * t[i].dpm, 4 * t[i].dpm), 1);
        CHECK_INT(ticket_bitmap_get(&qr, 11 * t[i].dpm - 1,
                                    11 * t[i].dpm - 1), 1);
        if (zbar) {
            char path[128], got[512];
            snprintf(path, sizeof path, "%s/qr%zu.pbm", tmpdir, i);
            CHECK_INT(ticket_bitmap_write_pbm(&qr, path), KIOSK_OK);
            CHECK(zbar_read(path, got, sizeof got));
            CHECK_STR(got, t[i].text);
        }
        ticket_bitmap_free(&qr);
    }
    struct ticket_bitmap qr;
    CHECK_INT(ticket_qr_render("", 4, &qr), KIOSK_EINVAL);
    CHECK_INT(ticket_qr_render("x", 0, &qr), KIOSK_EINVAL);
    CHECK_INT(ticket_qr_render("x", TICKET_QR_MAX_DPM + 1, &qr),
              KIOSK_EINVAL);
    static char longtext[TICKET_QR_MAX_TEXT + 2];
    memset(longtext, 'a', sizeof longtext - 1);
    CHECK_INT(ticket_qr_render(longtext, 2, &qr), KIOSK_ETOOBIG);
    CHECK(qr.bits == NULL);
}

/* ---- layout -------------------------------------------------------------- */

static void test_layout(void)
{
    struct ticket_bitmap out, img;
    uint8_t cov[4 * 3];

    memset(cov, 255, sizeof cov);
    CHECK_INT(ticket_bitmap_create(&img, 10, 2), KIOSK_OK);
    ticket_bitmap_fill_rect(&img, 0, 0, 10, 2, 1);
    const struct ticket_block blocks[] = {
        {.kind = TICKET_BLOCK_SPACE, .height = 2},
        {.kind = TICKET_BLOCK_TEXT, .coverage = cov, .cw = 4, .ch = 3,
         .cstride = 4},
        {.kind = TICKET_BLOCK_TEXT, .align = TICKET_ALIGN_LEFT,
         .coverage = cov, .cw = 4, .ch = 3, .cstride = 4},
        {.kind = TICKET_BLOCK_TEXT, .align = TICKET_ALIGN_RIGHT,
         .coverage = cov, .cw = 4, .ch = 3, .cstride = 4},
        {.kind = TICKET_BLOCK_RULE, .height = 1, .inset = 2},
        {.kind = TICKET_BLOCK_BITMAP, .bitmap = &img},
    };
    CHECK_INT(ticket_layout(32, 3, blocks, 6, &out), KIOSK_OK);
    CHECK_INT(out.w, 32);
    CHECK_INT(out.h, 2 + 3 + 3 + 3 + 1 + 2);
    /* Expected picture, row by row ('#' black). */
    static const char *want[] = {
        "................................", /* space */
        "................................",
        "..............####..............", /* centred: (32-4)/2 = 14 */
        "..............####..............",
        "..............####..............",
        "...####.........................", /* left at margin 3 */
        "...####.........................",
        "...####.........................",
        ".........................####...", /* right: 32-3-4 = 25 */
        ".........................####...",
        ".........................####...",
        ".....######################.....", /* rule 3+2 .. 32-3-2 */
        "...........##########...........", /* bitmap centred at 11 */
        "...........##########...........",
    };
    int bad = 0;
    for (int y = 0; y < out.h && y < 14; y++) {
        for (int x = 0; x < 32; x++) {
            bad += ticket_bitmap_get(&out, x, y) != (want[y][x] == '#');
        }
    }
    CHECK_INT(bad, 0);
    ticket_bitmap_free(&out);

    /* Errors: width, too-wide blocks, bad blocks. */
    CHECK_INT(ticket_layout(30, 0, blocks, 6, &out), KIOSK_EINVAL);
    CHECK_INT(ticket_layout(32, 16, blocks, 6, &out), KIOSK_EINVAL);
    CHECK_INT(ticket_layout(8, 0, blocks, 6, &out), KIOSK_EINVAL);
    struct ticket_block wide = {.kind = TICKET_BLOCK_TEXT,
                                .align = TICKET_ALIGN_LEFT,
                                .coverage = cov, .cw = 4, .ch = 3,
                                .cstride = 4};
    CHECK_INT(ticket_layout(8, 3, &wide, 1, &out), KIOSK_EINVAL);
    wide.align = TICKET_ALIGN_CENTER;
    CHECK_INT(ticket_layout(8, 3, &wide, 1, &out), KIOSK_OK);
    ticket_bitmap_free(&out);
    wide.coverage = NULL;
    CHECK_INT(ticket_layout(8, 0, &wide, 1, &out), KIOSK_EINVAL);
    struct ticket_block tall = {.kind = TICKET_BLOCK_SPACE,
                                .height = TICKET_BITMAP_MAX_H};
    struct ticket_block two[2] = {tall, tall};
    CHECK_INT(ticket_layout(8, 0, two, 2, &out), KIOSK_ETOOBIG);
    CHECK(out.bits == NULL);
    ticket_bitmap_free(&img);
}

/* ---- ESC/POS ------------------------------------------------------------- */

static int bytes_eq(const struct ticket_buf *b, const uint8_t *want,
                    size_t n)
{
    return b->len == n && memcmp(b->data, want, n) == 0;
}

static void test_escpos_commands(void)
{
    struct ticket_buf b;
    ticket_buf_init(&b, 0);

    static const uint8_t init[] = {0x1B, 0x40};
    CHECK_INT(ticket_escpos_init(&b), KIOSK_OK);
    CHECK(bytes_eq(&b, init, sizeof init));
    b.len = 0;

    static const uint8_t feed[] = {0x1B, 0x64, 0x05};
    CHECK_INT(ticket_escpos_feed(&b, 5), KIOSK_OK);
    CHECK(bytes_eq(&b, feed, sizeof feed));
    b.len = 0;

    static const uint8_t partial[] = {0x1D, 0x56, 66, 3};
    CHECK_INT(ticket_escpos_cut(&b, TICKET_CUT_PARTIAL, 3), KIOSK_OK);
    CHECK(bytes_eq(&b, partial, sizeof partial));
    b.len = 0;

    static const uint8_t full[] = {0x1D, 0x56, 65, 0};
    CHECK_INT(ticket_escpos_cut(&b, TICKET_CUT_FULL, 0), KIOSK_OK);
    CHECK(bytes_eq(&b, full, sizeof full));
    b.len = 0;

    CHECK_INT(ticket_escpos_cut(&b, TICKET_CUT_NONE, 3), KIOSK_OK);
    CHECK_INT((long long)b.len, 0);

    static const uint8_t gsr[] = {0x1D, 0x72, 0x01};
    CHECK_INT(ticket_escpos_gsr(&b), KIOSK_OK);
    CHECK(bytes_eq(&b, gsr, sizeof gsr));
    b.len = 0;
    /* GS r answers are 0000xxxx; DLE EOT answers always have bit 4 */
    CHECK(ticket_escpos_gsr_valid(0x00));
    CHECK(ticket_escpos_gsr_valid(0x0F));
    CHECK(!ticket_escpos_gsr_valid(0x12));
    CHECK(!ticket_escpos_gsr_valid(0x16));
    CHECK(!ticket_escpos_gsr_paper_out(0x03)); /* near end only */
    CHECK(ticket_escpos_gsr_paper_out(0x0C));

    static const uint8_t dle[] = {0x10, 0x04, 0x02};
    CHECK_INT(ticket_escpos_status_query(&b, 2), KIOSK_OK);
    CHECK(bytes_eq(&b, dle, sizeof dle));

    /* Bad arguments append nothing. */
    CHECK_INT(ticket_escpos_feed(&b, 256), KIOSK_EINVAL);
    CHECK_INT(ticket_escpos_feed(&b, -1), KIOSK_EINVAL);
    CHECK_INT(ticket_escpos_cut(&b, TICKET_CUT_FULL, 300), KIOSK_EINVAL);
    CHECK_INT(ticket_escpos_status_query(&b, 5), KIOSK_EINVAL);
    CHECK_INT(ticket_escpos_status_query(&b, 0), KIOSK_EINVAL);
    CHECK(bytes_eq(&b, dle, sizeof dle));

    /* A 10 x 3 raster by hand: width 2 bytes, padding bits zero. */
    struct ticket_bitmap bm;
    CHECK_INT(ticket_bitmap_create(&bm, 10, 3), KIOSK_OK);
    ticket_bitmap_set(&bm, 0, 0, 1);
    ticket_bitmap_set(&bm, 9, 0, 1);
    ticket_bitmap_fill_rect(&bm, 0, 1, 10, 1, 1);
    ticket_bitmap_set(&bm, 7, 2, 1);
    b.len = 0;
    static const uint8_t raster[] = {0x1D, 0x76, 0x30, 0x00, 0x02, 0x00,
                                     0x03, 0x00, 0x80, 0x40, 0xFF, 0xC0,
                                     0x01, 0x00};
    CHECK_INT(ticket_escpos_raster(&b, &bm, 256), KIOSK_OK);
    CHECK(bytes_eq(&b, raster, sizeof raster));
    /* Bands of 2 rows: two commands. */
    b.len = 0;
    static const uint8_t banded[] = {0x1D, 0x76, 0x30, 0x00, 0x02, 0x00,
                                     0x02, 0x00, 0x80, 0x40, 0xFF, 0xC0,
                                     0x1D, 0x76, 0x30, 0x00, 0x02, 0x00,
                                     0x01, 0x00, 0x01, 0x00};
    CHECK_INT(ticket_escpos_raster(&b, &bm, 2), KIOSK_OK);
    CHECK(bytes_eq(&b, banded, sizeof banded));
    CHECK_INT(ticket_escpos_raster(&b, &bm, 257), KIOSK_EINVAL);
    CHECK_INT(ticket_escpos_raster(&b, &bm, 0), KIOSK_EINVAL);

    /* A whole job with defaults. */
    b.len = 0;
    CHECK_INT(ticket_escpos_job(&b, &bm, NULL), KIOSK_OK);
    uint8_t job[2 + sizeof raster + 3 + 4];
    memcpy(job, init, 2);
    memcpy(job + 2, raster, sizeof raster);
    memcpy(job + 2 + sizeof raster, "\x1b\x64\x02", 3);
    memcpy(job + 5 + sizeof raster, "\x1d\x56\x42\x03", 4);
    CHECK(bytes_eq(&b, job, sizeof job));
    ticket_bitmap_free(&bm);
    ticket_buf_free(&b);
}

static void test_band_split(void)
{
    struct ticket_bitmap bm, back;
    struct ticket_escpos_info info;
    struct ticket_buf b;

    CHECK_INT(ticket_bitmap_create(&bm, 576, 600), KIOSK_OK);
    for (int i = 0; i < 5000; i++) {
        ticket_bitmap_set(&bm, (int)(rnd() % 576), (int)(rnd() % 600), 1);
    }
    ticket_buf_init(&b, 0);
    struct ticket_escpos_opts o;
    ticket_escpos_defaults(&o);
    o.full_width = 1; /* every band 72 bytes wide, as the paper */
    CHECK_INT(ticket_escpos_job(&b, &bm, &o), KIOSK_OK);
    CHECK_INT((long long)b.len, 2 + 3 * 8 + 72 * 600 + 3 + 4);
    /* The headers where they must be: after ESC @, then every band. */
    size_t h1 = 2, h2 = h1 + 8 + 72 * 256, h3 = h2 + 8 + 72 * 256;
    static const uint8_t hdr256[] = {0x1D, 0x76, 0x30, 0, 72, 0, 0x00, 0x01};
    static const uint8_t hdr88[] = {0x1D, 0x76, 0x30, 0, 72, 0, 88, 0x00};
    CHECK(memcmp(b.data + h1, hdr256, 8) == 0);
    CHECK(memcmp(b.data + h2, hdr256, 8) == 0);
    CHECK(memcmp(b.data + h3, hdr88, 8) == 0);

    CHECK_INT(ticket_escpos_decode_raster(b.data, b.len, &back, &info),
              KIOSK_OK);
    CHECK_INT(info.bands, 3);
    CHECK_INT(info.band_rows[0], 256);
    CHECK_INT(info.band_rows[1], 256);
    CHECK_INT(info.band_rows[2], 88);
    CHECK_INT(info.width_bytes, 72);
    CHECK_INT(info.inits, 1);
    CHECK_INT(info.feed_lines, 2);
    CHECK_INT(info.cuts, 1);
    CHECK_INT(info.cut_m, 66);
    CHECK_INT(info.cut_n, 3);
    CHECK_INT(back.w, 576);
    CHECK_INT(back.h, 600);
    CHECK(back.bits && memcmp(back.bits, bm.bits, 72 * 600) == 0);
    ticket_bitmap_free(&back);

    /* Other band heights: 600 = 6 x 100; 1 row bands. */
    b.len = 0;
    o.band_rows = 100;
    o.cut = TICKET_CUT_FULL;
    o.cut_feed = 0;
    o.feed_lines = 0;
    CHECK_INT(ticket_escpos_job(&b, &bm, &o), KIOSK_OK);
    CHECK_INT(ticket_escpos_decode_raster(b.data, b.len, &back, &info),
              KIOSK_OK);
    CHECK_INT(info.bands, 6);
    CHECK_INT(info.band_rows[5], 100);
    CHECK_INT(info.feed_lines, 0);
    CHECK_INT(info.cut_m, 65);
    CHECK(back.bits && memcmp(back.bits, bm.bits, 72 * 600) == 0);
    ticket_bitmap_free(&back);

    /* The cap: a job that does not fit leaves the buffer as it was. */
    struct ticket_buf small;
    ticket_buf_init(&small, 1000);
    CHECK_INT(ticket_escpos_init(&small), KIOSK_OK);
    CHECK_INT(ticket_escpos_job(&small, &bm, NULL), KIOSK_ETOOBIG);
    CHECK_INT((long long)small.len, 2);
    CHECK_INT(ticket_escpos_raster(&small, &bm, 256), KIOSK_ETOOBIG);
    CHECK_INT((long long)small.len, 2);
    ticket_buf_free(&small);
    ticket_buf_free(&b);
    ticket_bitmap_free(&bm);
}

static void test_decoder_rejects(void)
{
    static const struct {
        const char *name;
        const uint8_t bytes[24];
        size_t n;
    } t[] = {
        {"no raster", {0x1B, 0x40, 0x1B, 0x64, 0x02}, 5},
        {"raster before ESC @",
         {0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF}, 9},
        {"scaled raster (m=1)",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 1, 1, 0, 1, 0, 0xFF}, 11},
        {"truncated band",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0xFF, 0xFF, 0xFF}, 13},
        {"truncated header", {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1}, 7},
        {"bad GS r n",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 0x1D, 0x72, 7},
         14},
        {"zero rows", {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 0, 0}, 10},
        {"text byte",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 'A'}, 12},
        {"unknown ESC",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 0x1B, 0x21, 0},
         14},
        {"bad cut m",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 0x1D, 0x56, 2},
         14},
        {"raster after cut without ESC @",
         {0x1B, 0x40, 0x1D, 0x56, 0x00, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0,
          0xFF},
         14},
        {"bad DLE EOT n",
         {0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0xFF, 0x10, 0x04, 7},
         14},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct ticket_bitmap bm;
        enum kiosk_err e = ticket_escpos_decode_raster(t[i].bytes, t[i].n,
                                                       &bm, NULL);
        if (e != KIOSK_EPARSE) {
            fprintf(stderr, "decoder accepted: %s\n", t[i].name);
        }
        CHECK_INT(e, KIOSK_EPARSE);
        CHECK(bm.bits == NULL);
    }
    /* And the smallest valid stream, with status queries and cut A. */
    static const uint8_t ok[] = {0x10, 0x04, 0x01, 0x1B, 0x40, 0x1D, 0x76,
                                 0x30, 0, 1, 0, 1, 0, 0xA5, 0x1D, 0x56, 0x01,
                                 0x10, 0x04, 0x04};
    struct ticket_bitmap bm;
    struct ticket_escpos_info info;
    CHECK_INT(ticket_escpos_decode_raster(ok, sizeof ok, &bm, &info),
              KIOSK_OK);
    CHECK_INT(info.status_queries, 2);
    CHECK_INT(info.cut_m, 1);
    CHECK_INT(bm.w, 8);
    CHECK_INT(bm.h, 1);
    CHECK(bm.bits && bm.bits[0] == 0xA5);
    ticket_bitmap_free(&bm);

    /* Bands of different widths stack at the left edge, the narrower one
     * padded with white; a second job after a cut stacks below. */
    static const uint8_t two[] = {
        0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 2, 0, 1, 0, 0xFF, 0x81,
        0x1D, 0x76, 0x30, 0, 1, 0, 1, 0, 0x80, 0x1D, 0x72, 0x01,
        0x1D, 0x56, 66, 0, 0x1B, 0x40, 0x1D, 0x76, 0x30, 0, 1, 0, 1, 0,
        0x01};
    CHECK_INT(ticket_escpos_decode_raster(two, sizeof two, &bm, &info),
              KIOSK_OK);
    CHECK_INT(bm.w, 16);
    CHECK_INT(bm.h, 3);
    CHECK_INT(info.tickets, 2);
    CHECK_INT(info.gsr, 1);
    CHECK_INT(info.band_width[1], 1);
    CHECK(bm.bits && bm.bits[0] == 0xFF && bm.bits[1] == 0x81 &&
          bm.bits[2] == 0x80 && bm.bits[3] == 0 && bm.bits[4] == 0x01 &&
          bm.bits[5] == 0);
    ticket_bitmap_free(&bm);
}

/* 1 if `got` shows exactly `want` from row row0 on: the same dots, and
 * nothing black beside it (a cropped band is narrower than the paper). */
static int same_print(const struct ticket_bitmap *got,
                      const struct ticket_bitmap *want, int row0)
{
    if (!got->bits || got->h < row0 + want->h) {
        return 0;
    }
    int w = got->w > want->w ? got->w : want->w;
    for (int y = 0; y < want->h; y++) {
        for (int x = 0; x < w; x++) {
            if (ticket_bitmap_get(got, x, row0 + y) !=
                ticket_bitmap_get(want, x, y)) {
                return 0;
            }
        }
    }
    return 1;
}

/* Cropped bands print exactly the bitmap, for less. */
static void test_crop(void)
{
    struct ticket_buf b, full;
    struct ticket_bitmap bm, back;
    struct ticket_escpos_info info;

    ticket_buf_init(&b, 0);
    ticket_buf_init(&full, 0);
    /* All white: one band one byte wide. */
    CHECK_INT(ticket_bitmap_create(&bm, 576, 100), KIOSK_OK);
    CHECK_INT(ticket_escpos_raster_cropped(&b, &bm, 256), KIOSK_OK);
    static const uint8_t white_hdr[] = {0x1D, 0x76, 0x30, 0, 1, 0, 100, 0};
    CHECK_INT((long long)b.len, 8 + 100);
    CHECK(b.len >= 8 && memcmp(b.data, white_hdr, 8) == 0);
    ticket_bitmap_free(&bm);

    /* Random pictures: short and long runs of white, ink reaching
     * different widths; each must decode to itself, in bands of at most
     * band_rows rows and never wider than the bitmap, and never cost more
     * than full-width bands. */
    for (int round = 0; round < 60; round++) {
        int w = 8 * (1 + (int)(rnd() % 72)), h = 1 + (int)(rnd() % 700);
        int band_rows = round % 3 == 0 ? 256 : 1 + (int)(rnd() % 256);
        CHECK_INT(ticket_bitmap_create(&bm, w, h), KIOSK_OK);
        for (int y = 0; y < h;) {
            int run = 1 + (int)(rnd() % 40);
            if (rnd() % 3) {
                int reach = 1 + (int)(rnd() % (unsigned)w);
                for (int k = 0; k < run && y + k < h; k++) {
                    for (int d = 0; d < 6; d++) {
                        ticket_bitmap_set(&bm, (int)(rnd() % (unsigned)reach),
                                          y + k, 1);
                    }
                }
            }
            y += run;
        }
        b.len = 0;
        full.len = 0;
        CHECK_INT(ticket_escpos_init(&b), KIOSK_OK);
        CHECK_INT(ticket_escpos_raster_cropped(&b, &bm, band_rows), KIOSK_OK);
        CHECK_INT(ticket_escpos_init(&full), KIOSK_OK);
        CHECK_INT(ticket_escpos_raster(&full, &bm, band_rows), KIOSK_OK);
        CHECK(b.len <= full.len + 8);
        CHECK_INT(ticket_escpos_decode_raster(b.data, b.len, &back, &info),
                  KIOSK_OK);
        CHECK(back.h == h && back.w <= w && same_print(&back, &bm, 0));
        for (int k = 0; k < info.bands && k < TICKET_DECODE_MAX_BANDS; k++) {
            CHECK(info.band_rows[k] <= band_rows);
            CHECK(info.band_width[k] <= bm.stride);
        }
        ticket_bitmap_free(&back);
        ticket_bitmap_free(&bm);
    }
    ticket_buf_free(&b);
    ticket_buf_free(&full);
}

/* A job cut off at every byte: what ticket_escpos_stream_finish adds
 * makes the printer read the next job as a job. The printer's view is
 * decoded with the same decoder as `kiosk --escpos-to-png`. */
static void test_stream_finish(void)
{
    struct ticket_bitmap a, next, back;
    struct ticket_buf ja, jn, stream;
    struct ticket_escpos_opts o;

    CHECK_INT(ticket_bitmap_create(&a, 24, 7), KIOSK_OK);
    CHECK_INT(ticket_bitmap_create(&next, 16, 5), KIOSK_OK);
    for (int i = 0; i < 60; i++) {
        ticket_bitmap_set(&a, (int)(rnd() % 24), (int)(rnd() % 7), 1);
        ticket_bitmap_set(&next, (int)(rnd() % 16), (int)(rnd() % 5), 1);
    }
    ticket_bitmap_fill_rect(&a, 0, 2, 24, 1, 1);
    ticket_buf_init(&ja, 0);
    ticket_buf_init(&jn, 0);
    ticket_buf_init(&stream, 0);
    ticket_escpos_defaults(&o);
    o.band_rows = 3;       /* several bands: headers to be cut in */
    o.full_width = 1;
    /* what the printer worker sends around a ticket */
    CHECK_INT(ticket_escpos_status_query(&ja, 1), KIOSK_OK);
    CHECK_INT(ticket_escpos_job(&ja, &a, &o), KIOSK_OK);
    CHECK_INT(ticket_escpos_gsr(&ja), KIOSK_OK);
    CHECK_INT(ticket_escpos_status_query(&ja, 4), KIOSK_OK);
    CHECK_INT(ticket_escpos_job(&jn, &next, NULL), KIOSK_OK);

    int garbled_without = 0;
    for (size_t cut = 0; cut <= ja.len; cut++) {
        struct ticket_escpos_stream st;
        uint8_t head[8];
        size_t head_n = 99;
        ticket_escpos_stream_init(&st);
        /* fed in two pieces, as writes come */
        ticket_escpos_stream_feed(&st, ja.data, cut / 2);
        ticket_escpos_stream_feed(&st, ja.data + cut / 2, cut - cut / 2);
        unsigned long long z = ticket_escpos_stream_finish(&st, head,
                                                           &head_n);
        CHECK(head_n <= 8 && z <= 3 * 3);
        stream.len = 0;
        CHECK_INT(ticket_buf_append(&stream, ja.data, cut), KIOSK_OK);
        size_t plain = stream.len;
        CHECK_INT(ticket_buf_append(&stream, head, head_n), KIOSK_OK);
        for (unsigned long long k = 0; k < z; k++) {
            CHECK_INT(ticket_buf_append(&stream, "", 1), KIOSK_OK);
        }
        /* the completion itself leaves the stream between commands */
        ticket_escpos_stream_feed(&st, head, head_n);
        for (unsigned long long k = 0; k < z; k++) {
            ticket_escpos_stream_feed(&st, (const uint8_t *)"", 1);
        }
        uint8_t h2[8];
        size_t h2n = 99;
        CHECK_INT(ticket_escpos_stream_finish(&st, h2, &h2n), 0);
        CHECK_INT((long long)h2n, 0);
        CHECK_INT(ticket_buf_append(&stream, jn.data, jn.len), KIOSK_OK);
        struct ticket_escpos_info info;
        enum kiosk_err e = ticket_escpos_decode_raster(stream.data,
                                                       stream.len, &back,
                                                       &info);
        if (e != KIOSK_OK && cut > 0) {
            fprintf(stderr, "cut at %zu: the next job does not decode\n",
                    cut);
        }
        if (cut > 0) {
            /* (cut 0: nothing before the next job but its ESC @) */
            CHECK_INT(e, KIOSK_OK);
            CHECK(e == KIOSK_OK && back.h >= next.h &&
                  same_print(&back, &next, back.h - next.h));
        }
        ticket_bitmap_free(&back);
        /* Without the completion the next job is garbage somewhere. */
        if (z > 0 || head_n > 0) {
            memmove(stream.data + plain, stream.data + plain + head_n + z,
                    jn.len);
            stream.len = plain + jn.len;
            e = ticket_escpos_decode_raster(stream.data, stream.len, &back,
                                            NULL);
            garbled_without += e != KIOSK_OK ||
                               !(back.h >= next.h &&
                                 same_print(&back, &next, back.h - next.h));
            ticket_bitmap_free(&back);
        }
    }
    CHECK(garbled_without > 20); /* the test can fail */
    ticket_bitmap_free(&a);
    ticket_bitmap_free(&next);
    ticket_buf_free(&ja);
    ticket_buf_free(&jn);
    ticket_buf_free(&stream);
}

/* ---- status replies ------------------------------------------------------ */

static void test_status_decode(void)
{
    static const struct {
        int n;
        uint8_t b;
        int known, offline, cover, paper_out, near_end, error;
    } t[] = {
        {1, 0x16, 1, 0, 0, 0, 0, 0}, /* the usual "all fine" reply */
        {1, 0x12, 1, 0, 0, 0, 0, 0},
        {1, 0x1E, 1, 1, 0, 0, 0, 0}, /* offline */
        {2, 0x12, 1, 0, 0, 0, 0, 0},
        {2, 0x16, 1, 0, 1, 0, 0, 0}, /* cover open */
        {2, 0x32, 1, 0, 0, 1, 0, 0}, /* stopped by paper end */
        {2, 0x52, 1, 0, 0, 0, 0, 1}, /* error */
        {3, 0x1A, 1, 0, 0, 0, 0, 1}, /* auto-cutter error */
        {3, 0x52, 1, 0, 0, 0, 0, 0}, /* auto-recoverable: not an error */
        {4, 0x12, 1, 0, 0, 0, 0, 0},
        {4, 0x1E, 1, 0, 0, 0, 1, 0}, /* near end */
        {4, 0x72, 1, 0, 0, 1, 0, 0}, /* paper end */
        {4, 0x7E, 1, 0, 0, 1, 1, 0},
        {4, 0x32, 1, 0, 0, 1, 0, 0}, /* one sensor bit only (clones) */
        {4, 0x00, 0, 0, 0, 0, 0, 0}, /* not a status byte: ignored */
        {1, 0x13, 0, 0, 0, 0, 0, 0}, /* bit 0 set: invalid */
        {2, 0x92, 0, 0, 0, 0, 0, 0}, /* bit 7 set: invalid */
        {2, 0x02, 0, 0, 0, 0, 0, 0}, /* bit 4 clear: invalid */
        {5, 0x72, 0, 0, 0, 0, 0, 0}, /* no such n */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct ticket_printer_status st;
        memset(&st, 0, sizeof st);
        ticket_escpos_status_apply(t[i].n, t[i].b, &st);
        CHECK_INT(st.known, t[i].known);
        CHECK_INT(st.offline, t[i].offline);
        CHECK_INT(st.cover_open, t[i].cover);
        CHECK_INT(st.paper_out, t[i].paper_out);
        CHECK_INT(st.paper_near_end, t[i].near_end);
        CHECK_INT(st.error, t[i].error);
    }
}

/* ---- golden tickets ------------------------------------------------------ */

static void test_golden(void)
{
    static const int widths[] = {384, 576};
    const char *upd = getenv("KIOSK_UPDATE_GOLDEN");
    int update = upd && strcmp(upd, "1") == 0;
    int zbar = have_zbarimg();

    for (size_t i = 0; i < 2; i++) {
        char path[128], pbm[128], got[256], url[128];
        struct ticket_bitmap raster, back;
        struct ticket_escpos_info info;
        struct ticket_buf b;

        ticket_buf_init(&b, 0);
        CHECK_INT(sample_ticket(widths[i], SAMPLE_CODE, &raster, &b),
                  KIOSK_OK);
        snprintf(path, sizeof path, "tests/ticket/golden/ticket_%d.bin",
                 widths[i]);
        if (update) {
            FILE *f = fopen(path, "wb");
            CHECK(f != NULL);
            if (f) {
                CHECK_INT((long long)fwrite(b.data, 1, b.len, f),
                          (long long)b.len);
                CHECK_INT(fclose(f), 0);
            }
            printf("updated %s (%zu bytes)\n", path, b.len);
        } else {
            char *gold = NULL;
            size_t glen = 0;
            enum kiosk_err e = kiosk_read_file(path, 1u << 24, &gold, &glen);
            if (e != KIOSK_OK) {
                fprintf(stderr, "%s missing: run with KIOSK_UPDATE_GOLDEN=1\n",
                        path);
            }
            CHECK_INT(e, KIOSK_OK);
            CHECK_INT((long long)glen, (long long)b.len);
            if (gold && glen == b.len && memcmp(gold, b.data, glen) != 0) {
                size_t at = 0;
                while (gold[at] == (char)b.data[at]) {
                    at++;
                }
                fprintf(stderr, "%s differs first at byte %zu\n", path, at);
                CHECK(0);
            }
            free(gold);
        }
        /* The bytes decode to the very raster, whose QR reads back as the
         * URL for the code. */
        CHECK_INT(ticket_escpos_decode_raster(b.data, b.len, &back, &info),
                  KIOSK_OK);
        CHECK(back.w <= widths[i]);
        CHECK_INT(back.h, raster.h);
        CHECK(same_print(&back, &raster, 0));
        for (int k = 0; k < info.bands && k < TICKET_DECODE_MAX_BANDS; k++) {
            CHECK(info.band_rows[k] <= TICKET_ESCPOS_BAND_MAX);
            CHECK(info.band_width[k] <= widths[i] / 8);
        }
        /* cropped to the ink: at most the bytes of full-width bands */
        CHECK(b.len <= (size_t)raster.stride * (size_t)raster.h);
        snprintf(pbm, sizeof pbm, "%s/ticket_%d.pbm", tmpdir, widths[i]);
        CHECK_INT(ticket_bitmap_write_pbm(&back, pbm), KIOSK_OK);
        if (zbar) {
            CHECK_INT(ticket_code_url(SAMPLE_URL_TEMPLATE, SAMPLE_CODE, url,
                                      sizeof url),
                      KIOSK_OK);
            CHECK(zbar_read(pbm, got, sizeof got));
            CHECK_STR(got, url);
        }
        ticket_bitmap_free(&back);
        ticket_bitmap_free(&raster);
        ticket_buf_free(&b);
    }
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk_ticket_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    printf("images in %s\n", tmpdir);
    test_bitmap_basics();
    test_bitmap_against_model();
    test_blit_alpha();
    test_qr();
    test_layout();
    test_escpos_commands();
    test_band_split();
    test_decoder_rejects();
    test_crop();
    test_stream_finish();
    test_status_decode();
    test_golden();
    TEST_MAIN_END();
}
