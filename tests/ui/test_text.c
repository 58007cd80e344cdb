/* Text engine: Khmer is shaped as HarfBuzz's own hb-view shapes it, mixed
 * scripts get their fonts, lines break at UAX #14 opportunities (U+200B
 * included), and the caches stop re-rendering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "ui/text.h"

/* Ink bounding box width of a coverage buffer. */
static int ink_width(const uint8_t *a, int w, int h)
{
    int x0 = w, x1 = -1;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            if (a[y * w + x] > 100) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
            }
        }
    }
    return x1 >= x0 ? x1 - x0 + 1 : 0;
}

/* Ink width of hb-view's rendering of the same text (PGM via ImageMagick
 * is not needed: hb-view writes PPM-like "ansi"? use its png and SDL? no:
 * ask hb-view for its glyph extents instead). Returns -1 if unavailable. */
static int hb_advance(const char *font, int px, const char *text)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "hb-shape --font-size=%d --output-format=json --no-glyph-names "
             "'%s' '%s' 2>/dev/null", px, font, text);
    FILE *p = popen(cmd, "r");
    if (!p) {
        return -1;
    }
    char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    if (pclose(p) != 0 || n == 0) {
        return -1;
    }
    /* sum "ax" advances; count glyph id of the dotted circle */
    long sum = 0;
    for (char *s = strstr(buf, "\"ax\":"); s; s = strstr(s + 1, "\"ax\":")) {
        sum += strtol(s + 5, NULL, 10);
    }
    return (int)sum;
}

int main(void)
{
    struct kiosk_diag d = {0};
    struct text_engine *te = text_engine_new(NULL, "fonts", &d);
    CHECK(te != NULL);
    if (!te) {
        kiosk_diag_print(&d, stderr);
        TEST_MAIN_END();
    }
    struct text_style st = {40, 0, 0, TEXT_LEFT, 0, 0};
    int w, h;

    /* Khmer: our advance equals HarfBuzz's own shaping with the script
     * set; a wrongly shaped string (dotted circles) is much wider. */
    const char *km = "ការពារគ្រឿងញៀន";
    text_measure(te, km, &st, &w, &h);
    int hb = hb_advance("fonts/NotoSansKhmer-Regular.ttf", 40, km);
    if (hb < 0) {
        printf("hb-shape not installed: skipping the HarfBuzz comparison\n");
    } else {
        CHECK(abs(w - hb) <= 2);
        printf("khmer advance: ours %d, hb-shape %d\n", w, hb);
    }
    uint8_t *a = text_render_alpha(te, km, &st, &w, &h);
    CHECK(a != NULL);
    if (a) {
        int ink = ink_width(a, w, h);
        CHECK(ink > 0 && ink <= w);
        free(a);
    }
    /* a two-level cluster stays one cluster: ស្ត្រី is narrower than
     * its letters drawn apart */
    int w1, w2;
    text_measure(te, "ស្ត្រី", &st, &w1, &h);
    text_measure(te, "ស ្ត ្រ ី", &st, &w2, &h);
    CHECK(w1 < w2);

    /* mixed scripts: Khmer with Latin digits is fully covered */
    CHECK(text_covered(te, "ហៅទូរស័ព្ទ 113"));
    CHECK(text_covered(te, "Phòng ngừa nghiện ma túy, Hướng dẫn"));
    CHECK(text_covered(te, "Ê Đê ê̆ ô̆ ơ̆ ư̆ ĭ ŏ ŭ č ñ"));
    CHECK(text_covered(te, "ꪁꪉ ꪀꪱ ꪹꪀ ꪼꪕ ꪶꪔ 2026"));
    CHECK(!text_covered(te, "預防毒品"));  /* no CJK font shipped */
    int wd, hd;
    text_measure(te, "113", &st, &wd, &hd);
    CHECK(wd > 0);
    text_measure(te, "ហៅ 113", &st, &w, &h);
    CHECK(w > wd);

    /* wrapping: Vietnamese breaks at spaces into several lines */
    struct text_style wrap = {20, 0, 200, TEXT_LEFT, 0, 0};
    const char *vi = "Ma túy là các chất gây nghiện, chất hướng thần được "
                     "quy định trong danh mục do Chính phủ ban hành.";
    text_measure(te, vi, &wrap, &w, &h);
    int line_w, line_h;
    text_measure(te, "Ma", &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0}, &line_w,
                 &line_h);
    CHECK(w <= 200);
    CHECK(h >= 4 * line_h);
    /* Khmer without spaces breaks by dictionary; with U+200B too */
    const char *kmlong = "ការពារគ្រឿងញៀនសម្រាប់យុវជន និងក្រុមគ្រួសារ";
    struct text_style kwrap = {20, 0, 160, TEXT_LEFT, 0, 0};
    text_measure(te, kmlong, &kwrap, &w, &h);
    CHECK(w <= 160);
    int one_w, one_h;
    text_measure(te, kmlong, &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0},
                 &one_w, &one_h);
    CHECK(h >= 2 * one_h);
    const char *zw = "ក\xE2\x80\x8B" "ខ\xE2\x80\x8B" "គ\xE2\x80\x8B" "ឃ";
    text_measure(te, zw, &(struct text_style){20, 0, 1, TEXT_LEFT, 0, 0}, &w, &h);
    text_measure(te, "ក", &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0}, &one_w,
                 &one_h);
    CHECK(h >= 4 * one_h); /* every U+200B is a break opportunity */
    /* a number written in groups never wraps inside (issue 17): where a
     * line would break after "1800", the whole number goes down */
    int w_head, w_all;
    struct text_style one = {20, 0, 0, TEXT_LEFT, 0, 0};
    text_measure(te, "Gọi 1800", &one, &w_head, &one_h);
    text_measure(te, "Gọi 1800 1234", &one, &w_all, &one_h);
    struct text_style tight = {20, 0, w_head + 2, TEXT_LEFT, 0, 0};
    text_measure(te, "Gọi 1800 1234", &tight, &w, &h);
    CHECK_INT(h, 2 * one_h);          /* two lines ... */
    int w_num;
    text_measure(te, "1800 1234", &one, &w_num, &one_h);
    CHECK_INT(w, w_num);              /* ... the second is the number */
    CHECK(w_all > w_head + 2);        /* (it would not fit after "Gọi") */
    /* the same for "(028) 3930 5555" and Khmer digits; a space between a
     * word and a number still breaks */
    text_measure(te, "(028) 3930 5555", &one, &w_num, &one_h);
    text_measure(te, "x (028) 3930 5555", &(struct text_style){20, 0,
                                                               w_num + 2,
                                                               TEXT_LEFT, 0, 0},
                 &w, &h);
    CHECK_INT(h, 2 * one_h);
    CHECK_INT(w, w_num);
    text_measure(te, "ហៅ ១៨០០ ១២៣៤", &one, &w_all, &one_h);
    text_measure(te, "១៨០០ ១២៣៤", &one, &w_num, &one_h);
    text_measure(te, "ហៅ ១៨០០ ១២៣៤",
                 &(struct text_style){20, 0, w_all - 2, TEXT_LEFT, 0, 0}, &w, &h);
    CHECK_INT(h, 2 * one_h);
    CHECK_INT(w, w_num);
    int w1800;
    text_measure(te, "1800", &one, &w1800, &one_h);
    text_measure(te, "1800 or 1234", &(struct text_style){20, 0, w1800 + 2,
                                                          TEXT_LEFT, 0, 0},
                 &w, &h);
    CHECK_INT(h, 3 * one_h);          /* words between numbers break */
    /* a number wider than the line stays whole (ui_text_fit shrinks) */
    text_measure(te, "113", &(struct text_style){20, 0, 5, TEXT_LEFT, 0, 0}, &w,
                 &h);
    CHECK_INT(h, one_h);

    /* asked to, a word wider than the line breaks between characters: no
     * line is wider than the wrap width; not asked, it stays whole */
    const char *path = "kiosk_export_aggregate_november_hanoi";
    text_measure(te, path, &(struct text_style){20, 0, 120, TEXT_LEFT, 0, 1},
                 &w, &h);
    CHECK(w <= 120);
    CHECK(h >= 3 * one_h);
    text_measure(te, path, &(struct text_style){20, 0, 120, TEXT_LEFT, 0, 0},
                 &w, &h);
    CHECK(w > 120);
    /* ... but never inside a number */
    text_measure(te, "113", &(struct text_style){20, 0, 5, TEXT_LEFT, 0, 1},
                 &w, &h);
    CHECK_INT(h, one_h);

    /* at most max_lines lines: the rest is cut, the last line ends in "…"
     * and still fits the width */
    int cut = 0, full_h;
    struct text_style two = {20, 0, 200, TEXT_LEFT, 2, 0};
    text_measure_cut(te, vi, &two, &w, &h, &cut);
    CHECK_INT(cut, 1);
    CHECK_INT(h, 2 * line_h);
    CHECK(w <= 200);
    text_measure(te, vi, &wrap, &w, &full_h);
    CHECK(full_h > h);
    two.max_lines = 40; /* room enough: nothing cut */
    text_measure_cut(te, vi, &two, &w, &h, &cut);
    CHECK_INT(cut, 0);
    CHECK_INT(h, full_h);
    struct text_style kone = {20, 0, 160, TEXT_LEFT, 1, 0};
    text_measure_cut(te, kmlong, &kone, &w, &h, &cut);
    CHECK_INT(cut, 1);
    CHECK(w <= 160);
    text_measure(te, "ក", &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0}, &one_w,
                 &one_h);
    CHECK_INT(h, one_h);
    /* the cut one-line Khmer is a cut at a word boundary: drawn, its ink
     * is no wider than its box */
    uint8_t *ka = text_render_alpha(te, kmlong, &kone, &w, &h);
    CHECK(ka != NULL);
    if (ka) {
        CHECK(ink_width(ka, w, h) <= w);
        free(ka);
    }

    /* Tai Viet is drawn larger than its font's nominal size so its
     * letters match Latin's (issue 15); Khmer already does */
    double tavt = text_script_scale(te, "Tavt");
    printf("script scale: Tavt %.3f, Khmr %.3f\n", tavt,
           text_script_scale(te, "Khmr"));
    CHECK(tavt > 1.05 && tavt < 1.3);
    CHECK(text_script_scale(te, "Khmr") == 1.0);
    CHECK(text_script_scale(te, "Latn") == 1.0);
    int tv_h, lat_h;
    text_measure(te, "ꪁꪫꪱꪣ", &one, &w, &tv_h);
    text_measure(te, "Hmoob", &one, &w, &lat_h);
    CHECK(tv_h >= lat_h);

    /* hard newlines */
    text_measure(te, "a\nb\nc", &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0}, &w,
                 &h);
    text_measure(te, "a", &(struct text_style){20, 0, 0, TEXT_LEFT, 0, 0}, &one_w,
                 &one_h);
    CHECK_INT(h, 3 * one_h);

    /* caching: measuring the same thing again lays nothing out */
    long l0, r0, l1, r1;
    text_stats(te, &l0, &r0);
    for (int i = 0; i < 100; i++) {
        text_measure(te, vi, &wrap, &w, &h);
    }
    text_stats(te, &l1, &r1);
    CHECK_INT(l1, l0);
    text_engine_free(te);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
