/* UI core without a screen: one tap fires once, a drag is not a tap,
 * scrolling follows the finger, rotation maps touches, grids tile, a
 * tile's sign of another language has a corner nothing else covers. */
#include <string.h>

#include "test.h"
#include "ui/ui.h"
#include "fake_measure.h"

static struct ui ui;

/* Runs one frame with a button at r; returns 1 if it fired. */
static int frame(struct ui_rect r, int x, int y, int down, int pressed,
                 int released)
{
    struct ui_input in = {x, y, down, pressed, released};
    ui_begin(&ui, &in);
    int fired = ui_button(&ui, r, "OK", UI_STYLE_NORMAL);
    ui_end(&ui);
    return fired;
}

/* Draws one tile in a frame; returns its widget. */
static const struct ui_widget *tile(struct ui_rect r, const char *title,
                                    const char *sub, const char *image,
                                    int flags)
{
    struct ui_input idle = {0, 0, 0, 0, 0};
    ui_begin(&ui, &idle);
    ui_tile_ex(&ui, r, title, sub, image, UI_STYLE_NORMAL, 0, flags);
    ui_end(&ui);
    return ui.nwidgets == 1 ? &ui.widgets[0] : NULL;
}

static int overlaps(struct ui_rect a, struct ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

/* 1 when no picture or text of the frame covers r. */
static int clear_of(struct ui_rect r)
{
    for (int i = 0; i < ui.ncmds; i++) {
        const struct ui_cmd *c = &ui.cmds[i];
        struct ui_rect box = c->rect;
        if (c->type == UI_CMD_TEXT) {
            int lines = ui_text_height(&ui, c->text, c->font, c->bold,
                                       c->rect.w) /
                        (c->px + c->px / 3);
            box = (struct ui_rect){c->rect.x, c->rect.y,
                                   c->rect.w ? c->rect.w : c->text_w,
                                   lines * (c->px + c->px / 3)};
        } else if (c->type != UI_CMD_IMAGE) {
            continue;
        }
        if (overlaps(box, r)) {
            return 0;
        }
    }
    return 1;
}

static void test_tile_sign(void)
{
    struct ui_rect r = {20, 20, 240, 200};
    /* the corner the sign takes: 34 px inside the tile's 8 px margin */
    struct ui_rect corner = {28, 28, 34, 34};
    const struct ui_widget *w = tile(r, "Ma tuy", NULL, "icon.png", 0);
    CHECK(w && !w->other);
    CHECK(!clear_of(corner)); /* without the sign the picture is there */
    w = tile(r, "Ma tuy", NULL, "icon.png", UI_TILE_OTHER);
    CHECK(w && w->other);
    CHECK(clear_of(corner)); /* the picture moved clear of it */
    /* words alone, long enough to reach the corner: they move aside */
    const char *longer = "Ruou bia va suc khoe cua ban va gia dinh ban, "
                         "nhung dieu can biet de song khoe";
    (void)tile(r, longer, NULL, NULL, 0);
    CHECK(!clear_of(corner));
    (void)tile(r, longer, NULL, NULL, UI_TILE_OTHER);
    CHECK(clear_of(corner));
    /* a short title alone sits centred below the corner: full width */
    (void)tile(r, "Ma tuy", NULL, NULL, UI_TILE_OTHER);
    CHECK(clear_of(corner));
    CHECK(ui.cmds[ui.ncmds - 1].rect.w > r.w - 2 * 8 - 2 * 40);

    /* a tile too low for picture, title and line: the line goes first
     * (UI_TILE_SHORT), the picture stays */
    struct ui_rect low = {0, 0, 200, 100};
    int f = ui_tile_fit(&ui, low, "Thong tin", "Ma tuy, suc khoe", "i.png", 0);
    CHECK_INT(f, UI_TILE_PICTURE | UI_TILE_SHORT);
    f = ui_tile_fit(&ui, (struct ui_rect){0, 0, 200, 200}, "Thong tin",
                    "Ma tuy, suc khoe", "i.png", 0);
    CHECK_INT(f, UI_TILE_PICTURE | UI_TILE_WORDS);
}

int main(void)
{
    ui.measure = fake_measure;
    ui_init(&ui, 800, 480, 0);
    CHECK_INT(ui_px(&ui, 10), 10);
    struct ui_rect b = {100, 100, 200, 60};

    /* tap: fires on release, once */
    CHECK_INT(frame(b, 150, 130, 1, 1, 0), 0);
    CHECK_INT(frame(b, 150, 130, 0, 0, 1), 1);
    CHECK_INT(frame(b, 150, 130, 0, 0, 0), 0);
    /* release outside the button: no fire */
    frame(b, 150, 130, 1, 1, 0);
    CHECK_INT(frame(b, 500, 400, 0, 0, 1), 0);
    /* pressed outside, released inside: no fire */
    frame(b, 10, 10, 1, 1, 0);
    CHECK_INT(frame(b, 150, 130, 0, 0, 1), 0);
    /* a drag that ends inside is not a tap */
    frame(b, 110, 110, 1, 1, 0);
    frame(b, 110, 140, 1, 0, 0);
    CHECK_INT(frame(b, 112, 150, 0, 0, 1), 0);
    /* small jitter is still a tap */
    frame(b, 150, 130, 1, 1, 0);
    CHECK_INT(frame(b, 154, 133, 0, 0, 1), 1);
    /* input disabled (a dialog covers it): no fire */
    struct ui_input p = {150, 130, 1, 1, 0}, r = {150, 130, 0, 0, 1};
    ui_begin(&ui, &p);
    ui.input_enabled = 0;
    ui_button(&ui, b, "OK", UI_STYLE_NORMAL);
    ui_end(&ui);
    ui_begin(&ui, &r);
    ui.input_enabled = 0;
    CHECK_INT(ui_button(&ui, b, "OK", UI_STYLE_NORMAL), 0);
    ui_end(&ui);

    /* the label is findable for tap-text, and the text is in the frame */
    struct ui_input idle = {0, 0, 0, 0, 0};
    ui_begin(&ui, &idle);
    ui_button(&ui, b, "Thông tin", UI_STYLE_NORMAL);
    ui_end(&ui);
    int x, y;
    CHECK(ui_find_label(&ui, "Thông tin", &x, &y));
    CHECK_INT(x, 200);
    CHECK_INT(y, 130);
    CHECK(!ui_find_label(&ui, "Thông", &x, &y));
    CHECK(ui_frame_has_text(&ui, "tin"));

    /* scrolling: dragging up by 50 moves the content by 50, clamped */
    struct ui_rect area = {0, 0, 400, 200};
    int off = 0;
    struct ui_input seq[] = {{100, 150, 1, 1, 0}, {100, 120, 1, 0, 0},
                             {100, 100, 1, 0, 0}, {100, 100, 0, 0, 1}};
    for (int i = 0; i < 4; i++) {
        ui_begin(&ui, &seq[i]);
        ui_scroll_begin(&ui, area, &off, 1000);
        ui_scroll_end(&ui, area, off, 1000);
        ui_end(&ui);
    }
    CHECK_INT(off, 50);
    struct ui_input far[] = {{100, 100, 1, 1, 0}, {100, 900, 1, 0, 0},
                             {100, 900, 0, 0, 1}};
    for (int i = 0; i < 3; i++) {
        ui_begin(&ui, &far[i]);
        ui_scroll_begin(&ui, area, &off, 1000);
        ui_scroll_end(&ui, area, off, 1000);
        ui_end(&ui);
    }
    CHECK_INT(off, 0);

    /* rotation: a 480x800 portrait UI on an 800x480 panel turned 90° */
    int lx, ly;
    ui_map_rotation(0, 800, 480, 10, 20, &lx, &ly);
    CHECK(lx == 10 && ly == 20);
    ui_map_rotation(180, 800, 480, 0, 0, &lx, &ly);
    CHECK(lx == 799 && ly == 479);
    ui_map_rotation(90, 800, 480, 799, 0, &lx, &ly);
    CHECK(lx == 0 && ly == 0);
    ui_map_rotation(90, 800, 480, 0, 479, &lx, &ly);
    CHECK(lx == 479 && ly == 799);
    ui_map_rotation(270, 800, 480, 0, 479, &lx, &ly);
    CHECK(lx == 0 && ly == 0);
    ui_map_rotation(270, 800, 480, 799, 0, &lx, &ly);
    CHECK(lx == 479 && ly == 799);
    /* every rotation maps the panel onto the logical screen one to one */
    int rots[4] = {0, 90, 180, 270};
    for (int k = 0; k < 4; k++) {
        int lw = rots[k] % 180 ? 480 : 800, lh = rots[k] % 180 ? 800 : 480;
        int ok = 1;
        for (int py = 0; py < 480; py += 37) {
            for (int px = 0; px < 800; px += 41) {
                ui_map_rotation(rots[k], 800, 480, px, py, &lx, &ly);
                ok &= lx >= 0 && ly >= 0 && lx < lw && ly < lh;
            }
        }
        CHECK(ok);
    }

    test_tile_sign();

    /* grid: cells tile the rect without overlap */
    struct ui_rect g = {0, 0, 800, 400};
    struct ui_rect c0 = ui_grid_cell(g, 4, 2, 10, 0);
    struct ui_rect c3 = ui_grid_cell(g, 4, 2, 10, 3);
    CHECK_INT(c0.w, 395);
    CHECK_INT(c3.x, 405);
    CHECK_INT(c3.y, 205);
    /* scale: touch targets grow with the screen */
    ui_init(&ui, 1920, 1080, 0);
    CHECK_INT(ui_px(&ui, 64), 144);
    ui_init(&ui, 1080, 1920, 0);
    CHECK_INT(ui_px(&ui, 100), 135);
    TEST_MAIN_END();
}
