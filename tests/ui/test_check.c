/* The frame checker (ui/check.h): WCAG contrast with published values, and
 * each problem it looks for, made on purpose in a small frame, is found
 * with its numbers; a frame that holds passes. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "ui/check.h"
#include "fake_measure.h"

static struct ui ui;
static struct ui_issue is[64];

static void begin(void)
{
    struct ui_input idle = {0, 0, 0, 0, 0};
    ui_begin(&ui, &idle);
}

/* Ends the frame and checks it; returns the number of problems of kind p
 * (all kinds when p < 0). */
static int end(int p)
{
    ui_end(&ui);
    int n = ui_check_frame(&ui, &ui_check_default, is, 64), k = 0;
    for (int i = 0; i < n && i < 64; i++) {
        if (p < 0 || (int)is[i].what == p) {
            k++;
        }
    }
    return k;
}

static const struct ui_color white = {255, 255, 255, 255};
static const struct ui_color black = {0, 0, 0, 255};

int main(void)
{
    /* WCAG 2: published ratios */
    struct ui_color grey77 = {0x77, 0x77, 0x77, 255};
    CHECK(fabs(ui_contrast(grey77, white) - 4.48) < 0.01);
    CHECK(fabs(ui_contrast(white, grey77) - 4.48) < 0.01);
    CHECK(fabs(ui_contrast(black, white) - 21.0) < 0.001);
    CHECK(fabs(ui_contrast(grey77, grey77) - 1.0) < 0.001);
    CHECK(fabs(ui_luminance(white) - 1.0) < 1e-9);
    CHECK(fabs(ui_luminance(black)) < 1e-9);
    /* #0B6E6E (the old teal) under white text: 6.05:1 (issue 15) */
    struct ui_color teal = {0x0B, 0x6E, 0x6E, 255};
    CHECK(fabs(ui_contrast(white, teal) - 6.05) < 0.01);
    /* #595959 on white is the classic 7:1 grey */
    struct ui_color g59 = {0x59, 0x59, 0x59, 255};
    CHECK(fabs(ui_contrast(g59, white) - 7.0) < 0.05);

    ui.measure = fake_measure;
    ui_init(&ui, 800, 480, 0);
    /* a theme of known colours, whatever the kiosk's is */
    ui.theme.bg = white;
    ui.theme.accent = (struct ui_color){0x09, 0x5A, 0x5A, 255}; /* 8.0:1 */
    ui.theme.accent_text = white;

    /* a frame that holds: dark text on white, big buttons far apart */
    begin();
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "Hello", UI_FONT_BODY, 0,
            black, UI_LEFT, 1);
    struct ui_rect b1 = {20, 100, 120, 60}, b2 = {160, 100, 120, 60};
    ui_button(&ui, b1, "One", UI_STYLE_ACCENT);
    ui_button(&ui, b2, "Two", UI_STYLE_ACCENT);
    CHECK_INT(end(-1), 0);

    /* text contrast: #777 on white is 4.48:1, under 7 */
    begin();
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "Pale", UI_FONT_BODY, 0,
            grey77, UI_LEFT, 1);
    CHECK_INT(end(UI_PROB_TEXT_CONTRAST), 1);
    CHECK(fabs(is[0].value - 4.48) < 0.01);
    CHECK_CONTAINS(is[0].msg, "4.48:1");
    /* ... and on a dark box behind it, the box counts */
    begin();
    ui_rect(&ui, (struct ui_rect){10, 10, 400, 100}, black, 0);
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "Dark", UI_FONT_BODY, 0,
            g59, UI_LEFT, 1);
    CHECK_INT(end(UI_PROB_TEXT_CONTRAST), 1);

    /* in a scroll area: a pale text in view is checked; one scrolled
     * mostly past the area's edge (a sliver of it left) is checked when in
     * view, not against what happens to be behind the sliver */
    struct ui_rect area = {0, 100, 400, 100};
    begin();
    ui_clip(&ui, area);
    ui_text(&ui, (struct ui_rect){20, 120, 300, 0}, "Pale", UI_FONT_BODY, 0,
            grey77, UI_LEFT, 1);
    ui_clip_off(&ui);
    CHECK_INT(end(UI_PROB_TEXT_CONTRAST), 1);
    int lh = ui_text_height(&ui, "Pale", UI_FONT_BODY, 0, 300);
    begin();
    ui_clip(&ui, area);
    ui_text(&ui, (struct ui_rect){20, 100 - lh + lh / 4, 300, 0}, "Pale",
            UI_FONT_BODY, 0, grey77, UI_LEFT, 1);
    ui_clip_off(&ui);
    CHECK_INT(end(UI_PROB_TEXT_CONTRAST), 0);
    begin(); /* more than half of it in view: checked */
    ui_clip(&ui, area);
    ui_text(&ui, (struct ui_rect){20, 100 - lh / 4, 300, 0}, "Pale",
            UI_FONT_BODY, 0, grey77, UI_LEFT, 1);
    ui_clip_off(&ui);
    CHECK_INT(end(UI_PROB_TEXT_CONTRAST), 1);

    /* targets: too small, too close, overlapping */
    begin();
    ui_button(&ui, (struct ui_rect){20, 100, 40, 40}, "S", UI_STYLE_ACCENT);
    CHECK_INT(end(UI_PROB_TARGET_SIZE), 1);
    CHECK_CONTAINS(is[0].msg, "40x40");
    begin();
    ui_button(&ui, b1, "One", UI_STYLE_ACCENT);
    ui_button(&ui, (struct ui_rect){150, 100, 120, 60}, "Two",
              UI_STYLE_ACCENT);
    CHECK_INT(end(UI_PROB_TARGET_GAP), 1);
    CHECK_INT((int)is[0].value, 10);
    begin();
    ui_button(&ui, b1, "One", UI_STYLE_ACCENT);
    ui_button(&ui, (struct ui_rect){100, 120, 120, 60}, "Two",
              UI_STYLE_ACCENT);
    CHECK_INT(end(UI_PROB_TARGET_OVERLAP), 1);
    /* diagonal neighbours 12 px apart one way are apart enough */
    begin();
    ui_button(&ui, b1, "One", UI_STYLE_ACCENT);
    ui_button(&ui, (struct ui_rect){152, 170, 120, 60}, "Two",
              UI_STYLE_ACCENT);
    CHECK_INT(end(-1), 0);

    /* edges: a pale button on white has no visible edge */
    begin();
    ui.theme.outline = (struct ui_color){0xDD, 0xDD, 0xDD, 255};
    ui.theme.button = (struct ui_color){0xF0, 0xF0, 0xF0, 255};
    ui_button(&ui, b1, "Pale", UI_STYLE_NORMAL);
    CHECK_INT(end(UI_PROB_EDGE_CONTRAST), 1);
    ui.theme.outline = g59;
    begin();
    ui_button(&ui, b1, "Edged", UI_STYLE_NORMAL);
    CHECK_INT(end(UI_PROB_EDGE_CONTRAST), 0);

    /* text that escapes its box, is drawn over, or overlaps */
    begin();
    ui_rect(&ui, (struct ui_rect){10, 10, 100, 30}, white, 0);
    ui_outline(&ui, (struct ui_rect){10, 10, 100, 30}, black, 0, 2);
    ui_text(&ui, (struct ui_rect){20, 20, 0, 0}, "A long label here",
            UI_FONT_BODY, 0, black, UI_LEFT, 0);
    CHECK_INT(end(UI_PROB_TEXT_ESCAPES), 1);
    begin();
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "Under", UI_FONT_BODY, 0,
            black, UI_LEFT, 1);
    ui_rect(&ui, (struct ui_rect){10, 25, 200, 30}, white, 0);
    CHECK_INT(end(UI_PROB_TEXT_COVERED), 1);
    begin();
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "First", UI_FONT_BODY, 0,
            black, UI_LEFT, 1);
    ui_text(&ui, (struct ui_rect){30, 30, 300, 0}, "Second", UI_FONT_BODY,
            0, black, UI_LEFT, 1);
    CHECK_INT(end(UI_PROB_TEXT_OVERLAP), 1);
    begin();
    ui_text(&ui, (struct ui_rect){700, 20, 0, 0}, "Off the edge",
            UI_FONT_BODY, 0, black, UI_LEFT, 0);
    CHECK_INT(end(UI_PROB_TEXT_OFF_SCREEN), 1);
    /* stacked texts that only touch do not overlap */
    begin();
    int h = ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "First",
                    UI_FONT_BODY, 0, black, UI_LEFT, 1);
    ui_text(&ui, (struct ui_rect){20, 20 + h, 300, 0}, "Second",
            UI_FONT_BODY, 0, black, UI_LEFT, 1);
    CHECK_INT(end(-1), 0);

    /* a dialog's dimming layer takes what is below out of play */
    begin();
    ui_text(&ui, (struct ui_rect){20, 20, 300, 0}, "Below", UI_FONT_BODY, 0,
            grey77, UI_LEFT, 1);
    ui_button(&ui, (struct ui_rect){20, 100, 30, 30}, "x", UI_STYLE_ACCENT);
    struct ui_rect d = ui_dialog(&ui, 400, 200);
    ui_text(&ui, ui_inset(d, 20), "Dialog", UI_FONT_BODY, 0, black, UI_LEFT,
            1);
    CHECK_INT(end(-1), 0);

    /* a progress bar's filled part must stand out from its track */
    begin();
    ui.theme.button = (struct ui_color){0xE0, 0xE0, 0xE0, 255};
    ui.theme.accent = (struct ui_color){0xC8, 0xC8, 0xC8, 255};
    ui_progress(&ui, (struct ui_rect){20, 20, 400, 12}, 0.5f);
    CHECK(end(UI_PROB_EDGE_CONTRAST) >= 1);

    /* the colour behind a point: a translucent layer over a box */
    begin();
    ui_rect(&ui, (struct ui_rect){0, 0, 100, 100}, black, 0);
    ui_rect(&ui, (struct ui_rect){0, 0, 100, 100},
            (struct ui_color){255, 255, 255, 128}, 0);
    ui_end(&ui);
    int img;
    struct ui_color c = ui_check_color_at(&ui, 50, 50, ui.ncmds, &img);
    CHECK(c.r == 128 && c.g == 128 && c.b == 128 && !img);
    c = ui_check_color_at(&ui, 50, 50, 1, &img);
    CHECK(c.r == 0);
    c = ui_check_color_at(&ui, 150, 50, ui.ncmds, &img);
    CHECK(c.r == 255);

    /* both themes: every text colour 7:1 on each face it is drawn on,
     * outlines 3:1 on the faces around them (issue 15) */
    for (int hc = 0; hc < 2; hc++) {
        ui_set_theme(&ui, hc);
        const struct ui_theme *t = &ui.theme;
        const struct ui_color pairs[][2] = {
            {t->text, t->bg},           {t->text, t->panel},
            {t->text_dim, t->bg},       {t->text_dim, t->panel},
            {t->text_dim, t->button},   {t->accent_text, t->accent},
            {t->danger_text, t->danger}, {t->button_text, t->button},
            {t->tile_text, t->tile},    {t->accent, t->bg},
            {t->bad, t->bg},            {t->accent_text, t->bad},
            {t->accent_text, t->good},
            {(struct ui_color){0x20, 0x18, 0x00, 255}, t->warn}};
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            double cr = ui_contrast(pairs[i][0], pairs[i][1]);
            if (cr < 7.0) {
                printf("theme %d pair %zu: %.2f:1\n", hc, i, cr);
            }
            CHECK(cr >= 7.0);
        }
        const struct ui_color faces[] = {t->bg, t->panel, t->tile};
        for (size_t i = 0; i < 3; i++) {
            CHECK(ui_contrast(t->outline, faces[i]) >= 3.0);
        }
    }
    ui_set_theme(&ui, 0);

    /* ui_text_fit: 20 characters at 20 px are 200 x 26 on one line */
    ui_init(&ui, 800, 480, 0);
    int px = ui_font_px(&ui, UI_FONT_BODY), floor = ui_font_floor_px(&ui,
                                                                UI_FONT_BODY);
    CHECK(floor < px);
    const char *twenty = "abcdefghijklmnopqrst";
    begin();
    struct ui_fit f = ui_text_fit(&ui, (struct ui_rect){0, 0, 400, 100},
                                  twenty, UI_FONT_BODY, 0, black, UI_LEFT,
                                  UI_FIT_WRAP);
    CHECK_INT(f.px, px);
    CHECK_INT(f.shrunk, 0);
    CHECK_INT(f.cut, 0);
    CHECK_INT(ui.ncmds, 1);
    /* narrower: it wraps, and while it is taller than the box it shrinks,
     * never under the floor */
    int full_h = f.h;
    f = ui_text_fit(&ui, (struct ui_rect){0, 0, px * 5, full_h * 2 - 1},
                    twenty, UI_FONT_BODY, 0, black, UI_LEFT,
                    UI_FIT_WRAP | UI_FIT_MEASURE);
    CHECK_INT(f.shrunk, 1);
    CHECK(f.px >= floor && f.px < px);
    CHECK(f.h <= full_h * 2 - 1);
    CHECK_INT(f.cut, 0);
    /* far too small: at the floor, cut to the lines that fit */
    f = ui_text_fit(&ui, (struct ui_rect){0, 0, px * 3, full_h},
                    twenty, UI_FONT_BODY, 0, black, UI_LEFT, UI_FIT_WRAP);
    CHECK_INT(f.px, floor);
    CHECK_INT(f.cut, 1);
    CHECK(f.h <= full_h);
    CHECK_INT(ui.cmds[ui.ncmds - 1].max_lines, 1);
    /* measuring draws nothing */
    int before = ui.ncmds;
    f = ui_text_fit(&ui, (struct ui_rect){0, 0, 400, 0}, twenty,
                    UI_FONT_BODY, 0, black, UI_LEFT, UI_FIT_MEASURE);
    CHECK_INT(ui.ncmds, before);
    /* a block taller than its box starts at the top, not above it */
    f = ui_text_fit(&ui, (struct ui_rect){0, 50, px * 2, 4}, twenty,
                    UI_FONT_BODY, 0, black, UI_LEFT,
                    UI_FIT_WRAP | UI_FIT_MIDDLE);
    CHECK(ui.cmds[ui.ncmds - 1].rect.y >= 50);
    ui_end(&ui);
    TEST_MAIN_END();
}
