#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* Design sizes at 800x480 for each font role (pixels). */
static const int font_design_px[UI_FONT_COUNT] = {15, 19, 21, 23, 28, 40};

/* The calm paper-and-teal palette, each text 7:1 or more against what it
 * is drawn on and each edge 3:1 (issue 15; ui/check.h checks every
 * screen): white on teal 8.7:1 (was 6.05 on #0B6E6E), on Leave red 8.5:1
 * (6.35 on #A83A2B), on bad 8.4:1 (5.14 on #C2412D), dim text on paper
 * 8.6:1 (6.50), teal text on paper 7.7:1 (5.37), outlines 3.7:1 on paper
 * and 4.1:1 on white (1.59 and 1.79 with #B8C4C2), dark text on amber
 * 7.8:1 (6.46). */
static const struct ui_theme theme_normal = {
    .bg = {0xF5, 0xF1, 0xE8, 255},        /* warm paper */
    .panel = {0xFF, 0xFF, 0xFF, 255},
    .text = {0x1F, 0x2A, 0x33, 255},
    .text_dim = {0x3A, 0x46, 0x50, 255},
    .accent = {0x08, 0x54, 0x54, 255},    /* deep teal */
    .accent_text = {0xFF, 0xFF, 0xFF, 255},
    .button = {0xE3, 0xEC, 0xEA, 255},
    .button_text = {0x12, 0x3B, 0x3B, 255},
    .danger = {0x8C, 0x2B, 0x1F, 255},
    .danger_text = {0xFF, 0xFF, 0xFF, 255},
    .tile = {0xFF, 0xFF, 0xFF, 255},
    .tile_text = {0x1F, 0x2A, 0x33, 255},
    .outline = {0x72, 0x7F, 0x7D, 255},
    .good = {0x16, 0x52, 0x32, 255},
    .warn = {0xF0, 0xB4, 0x29, 255},
    .bad = {0x8E, 0x2A, 0x1C, 255},
    .overlay = {0x10, 0x18, 0x20, 170},
};

/* High contrast: white on black, yellow actions (WCAG AAA ratios). */
static const struct ui_theme theme_contrast = {
    .bg = {0, 0, 0, 255},
    .panel = {0, 0, 0, 255},
    .text = {255, 255, 255, 255},
    .text_dim = {255, 255, 255, 255},
    .accent = {255, 221, 0, 255},
    .accent_text = {0, 0, 0, 255},
    .button = {0, 0, 0, 255},
    .button_text = {255, 221, 0, 255},
    .danger = {255, 255, 255, 255},
    .danger_text = {0, 0, 0, 255},
    .tile = {0, 0, 0, 255},
    .tile_text = {255, 255, 255, 255},
    .outline = {255, 255, 255, 255},
    .good = {0, 230, 118, 255},
    .warn = {255, 221, 0, 255},
    .bad = {255, 110, 90, 255},         /* 7.6:1 on black (was 6.8) */
    .overlay = {0, 0, 0, 210},
};

/* sRGB channel to linear light (WCAG 2 uses 0.04045, as sRGB does). */
static double lin(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double ui_luminance(struct ui_color c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double ui_contrast(struct ui_color a, struct ui_color b)
{
    double la = ui_luminance(a), lb = ui_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

struct ui_color ui_mix(struct ui_color a, struct ui_color b, int t)
{
    struct ui_color c = {
        (uint8_t)((a.r * (255 - t) + b.r * t) / 255),
        (uint8_t)((a.g * (255 - t) + b.g * t) / 255),
        (uint8_t)((a.b * (255 - t) + b.b * t) / 255), 255};
    return c;
}

void ui_set_theme(struct ui *ui, int high_contrast)
{
    ui->theme = high_contrast ? theme_contrast : theme_normal;
}

void ui_init(struct ui *ui, int width, int height, int high_contrast)
{
    ui->width = width;
    ui->height = height;
    float sx = (float)width / 800.0f, sy = (float)height / 480.0f;
    ui->scale = sx < sy ? sx : sy;
    if (ui->text_scale < 1.0f) {
        ui->text_scale = 1.0f;
    }
    ui->input_enabled = 1;
    ui_set_theme(ui, high_contrast);
}

int ui_px(const struct ui *ui, int design)
{
    return (int)lroundf((float)design * ui->scale);
}

int ui_font_px(const struct ui *ui, enum ui_font f)
{
    return (int)lroundf((float)font_design_px[f] * ui->scale *
                        ui->text_scale);
}

int ui_font_floor_px(const struct ui *ui, enum ui_font f)
{
    int px = ui_font_px(ui, f);
    int floor = (int)lroundf((float)font_design_px[f] * ui->scale * 0.8f);
    if (floor < ui_px(ui, 14)) {
        floor = ui_px(ui, 14);
    }
    return floor < px ? floor : px;
}

static uint32_t hash_id(const char *label, struct ui_rect r)
{
    uint32_t h = 2166136261u;
    for (const char *p = label ? label : ""; *p; p++) {
        h = (h ^ (uint8_t)*p) * 16777619u;
    }
    int v[4] = {r.x, r.y, r.w, r.h};
    for (int i = 0; i < 4; i++) {
        h = (h ^ (uint32_t)v[i]) * 16777619u;
    }
    return h ? h : 1;
}

void ui_begin(struct ui *ui, const struct ui_input *in)
{
    ui->in = *in;
    ui->ncmds = 0;
    ui->arena_used = 0;
    ui->nhits = 0;
    ui->nwidgets = 0;
    ui->dropped = 0;
    ui->input_enabled = 1;
    ui->clip_on = 0;
    if (in->pressed) {
        ui->press_x = in->x;
        ui->press_y = in->y;
        ui->last_y = in->y;
        ui->dragging = 0;
        ui->active = 0;
        ui->scroll_active = 0;
    }
    if (in->down || in->released) {
        int slop = ui_px(ui, 12);
        if (abs(in->x - ui->press_x) > slop ||
            abs(in->y - ui->press_y) > slop) {
            ui->dragging = 1;
        }
    }
    ui->drag_dy = (in->down || in->released) ? in->y - ui->last_y : 0;
}

void ui_end(struct ui *ui)
{
    ui->last_y = ui->in.y;
    if (ui->in.released) {
        ui->active = 0;
        ui->scroll_active = 0;
        ui->dragging = 0;
    }
}

static struct ui_cmd *push(struct ui *ui, enum ui_cmd_type t)
{
    if (ui->ncmds >= UI_MAX_CMDS) {
        ui->dropped++; /* never silent: ui_fit reports it */
        return NULL;
    }
    struct ui_cmd *c = &ui->cmds[ui->ncmds++];
    memset(c, 0, sizeof *c);
    c->type = t;
    return c;
}

static const char *arena_copy(struct ui *ui, const char *s)
{
    size_t n = strlen(s) + 1;
    if ((size_t)ui->arena_used + n > sizeof ui->arena) {
        ui->dropped++;
        return NULL;
    }
    char *d = ui->arena + ui->arena_used;
    memcpy(d, s, n);
    ui->arena_used += (int)n;
    return d;
}

void ui_rect(struct ui *ui, struct ui_rect r, struct ui_color c, int radius)
{
    struct ui_cmd *cmd = push(ui, UI_CMD_RECT);
    if (cmd) {
        cmd->rect = r;
        cmd->color = c;
        cmd->radius = radius;
    }
}

void ui_outline(struct ui *ui, struct ui_rect r, struct ui_color c, int radius,
                int width)
{
    struct ui_cmd *cmd = push(ui, UI_CMD_RECT);
    if (cmd) {
        cmd->rect = r;
        cmd->color = c;
        cmd->radius = radius;
        cmd->outline = width > 0 ? width : 1;
    }
}

static void measure(struct ui *ui, const struct ui_measure_req *rq, int *w,
                    int *h, int *cut)
{
    *w = *h = *cut = 0;
    if (rq->text && *rq->text) {
        ui->measure(ui->measure_ctx, rq, w, h, cut);
    }
}

int ui_text_height(struct ui *ui, const char *text, enum ui_font f, int bold,
                   int w)
{
    int tw, th, cut;
    struct ui_measure_req rq = {text, ui_font_px(ui, f), bold, w, 0, 0};
    measure(ui, &rq, &tw, &th, &cut);
    return th;
}

int ui_text_width(struct ui *ui, const char *text, enum ui_font f, int bold)
{
    int tw, th, cut;
    struct ui_measure_req rq = {text, ui_font_px(ui, f), bold, 0, 0, 0};
    measure(ui, &rq, &tw, &th, &cut);
    return tw;
}

/* The sizes tried, largest first: the role's, then 10 % smaller each step,
 * the floor last. Returns how many (at most 8). */
static int fit_sizes(const struct ui *ui, enum ui_font f, int *px)
{
    int base = ui_font_px(ui, f), floor = ui_font_floor_px(ui, f), n = 0;
    for (int k = 0; k < 7; k++) {
        int p = (int)lroundf((float)base * (1.0f - 0.1f * (float)k));
        if (p <= floor) {
            break;
        }
        px[n++] = p;
    }
    px[n++] = floor;
    return n;
}

struct ui_fit ui_text_fit(struct ui *ui, struct ui_rect r, const char *text,
                          enum ui_font f, int bold, struct ui_color c,
                          enum ui_align align, int flags)
{
    struct ui_fit fit = {0, 0, ui_font_px(ui, f), 0, 0};
    if (!text || !*text) {
        return fit;
    }
    struct ui_measure_req rq = {text, 0, bold,
                                flags & UI_FIT_WRAP ? r.w : 0, 0, 0};
    int sizes[8], nsizes = fit_sizes(ui, f, sizes), fits = 0;
    for (int i = 0; i < nsizes && !fits; i++) {
        rq.px = fit.px = sizes[i];
        measure(ui, &rq, &fit.w, &fit.h, &fit.cut);
        fits = (r.h <= 0 || fit.h <= r.h) && (r.w <= 0 || fit.w <= r.w);
    }
    if (!fits && r.w > 0) {
        /* at the floor: words wider than the line break, then the lines
         * that fit are kept, the last ending in "…" */
        rq.wrap_w = r.w;
        rq.break_words = 1;
        measure(ui, &rq, &fit.w, &fit.h, &fit.cut);
        if (r.h > 0 && fit.h > r.h) {
            struct ui_measure_req one = {"Ag", fit.px, bold, 0, 0, 0};
            int w1, h1, cut1;
            measure(ui, &one, &w1, &h1, &cut1);
            rq.max_lines = h1 > 0 && r.h / h1 > 1 ? r.h / h1 : 1;
            for (;;) {
                measure(ui, &rq, &fit.w, &fit.h, &fit.cut);
                if (fit.h <= r.h || rq.max_lines == 1) {
                    break;
                }
                rq.max_lines--;
            }
        }
    }
    fit.shrunk = fit.px < ui_font_px(ui, f);
    if (flags & UI_FIT_MEASURE) {
        return fit;
    }
    struct ui_cmd *cmd = push(ui, UI_CMD_TEXT);
    const char *copy = cmd ? arena_copy(ui, text) : NULL;
    if (!cmd || !copy) {
        if (cmd) {
            ui->ncmds--;
        }
        return fit;
    }
    int x = r.x, y = r.y;
    if (align == UI_CENTER) {
        x = r.x + (r.w - fit.w) / 2;
    } else if (align == UI_RIGHT) {
        x = r.x + r.w - fit.w;
    }
    if ((flags & UI_FIT_MIDDLE) && r.h > fit.h) {
        y = r.y + (r.h - fit.h) / 2; /* (never above r: a block taller
                                        than r starts at its top) */
    }
    cmd->rect = (struct ui_rect){x, y, rq.wrap_w, fit.h};
    cmd->text_w = fit.w;
    cmd->px = fit.px;
    cmd->max_lines = rq.max_lines;
    cmd->break_words = rq.break_words;
    cmd->color = c;
    cmd->text = copy;
    cmd->font = f;
    cmd->bold = bold;
    cmd->align = align;
    return fit;
}

int ui_text(struct ui *ui, struct ui_rect r, const char *text, enum ui_font f,
            int bold, struct ui_color c, enum ui_align align, int wrap)
{
    return ui_text_fit(ui, r, text, f, bold, c, align,
                       wrap ? UI_FIT_WRAP : 0).h;
}

void ui_image(struct ui *ui, struct ui_rect r, const char *path)
{
    struct ui_cmd *cmd = path ? push(ui, UI_CMD_IMAGE) : NULL;
    /* copied: callers build paths in buffers they reuse for the next
     * picture of the same frame */
    const char *copy = cmd ? arena_copy(ui, path) : NULL;
    if (cmd) {
        cmd->rect = r;
        cmd->text = copy ? copy : ""; /* arena full: no picture, never
                                       * another one */
    }
}

void ui_clip(struct ui *ui, struct ui_rect r)
{
    struct ui_cmd *cmd = push(ui, UI_CMD_CLIP);
    if (cmd) {
        cmd->rect = r;
    }
    ui->clip = r;
    ui->clip_on = 1;
}

void ui_clip_off(struct ui *ui)
{
    struct ui_cmd *cmd = push(ui, UI_CMD_CLIP);
    if (cmd) {
        cmd->rect = (struct ui_rect){0, 0, 0, 0};
    }
    ui->clip_on = 0;
}

/* Records a control or shape of this frame for ui_fit (see struct
 * ui_widget); its first draw command is the next one pushed. */
static struct ui_widget *record_widget(struct ui *ui, enum ui_kind kind,
                                       struct ui_rect r, const char *label)
{
    if (ui->nwidgets >= UI_MAX_WIDGETS) {
        ui->dropped++;
        return NULL;
    }
    struct ui_widget *w = &ui->widgets[ui->nwidgets++];
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->rect = r;
    if (ui->clip_on) {
        w->clip = ui->clip;
    }
    const char *copy = label && *label ? arena_copy(ui, label) : NULL;
    w->label = copy ? copy : "";
    w->target = kind <= UI_KIND_FIELD && kind != UI_KIND_FIELD &&
                ui->input_enabled;
    w->cmd = ui->ncmds;
    return w;
}

/* Notes a widget's face and outline as drawn. */
static void widget_look(struct ui_widget *w, struct ui_color fill,
                        struct ui_color border, int border_w)
{
    if (w) {
        w->fill = fill;
        w->border = border;
        w->border_w = border_w;
    }
}

int ui_contains(struct ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static void record_hit(struct ui *ui, struct ui_rect r, const char *label)
{
    if (!label || !*label || ui->nhits >= UI_MAX_HITS || !ui->input_enabled) {
        return;
    }
    if (ui->clip_on) {
        /* only the visible part of a widget in a scroll list is tappable */
        int x0 = r.x > ui->clip.x ? r.x : ui->clip.x;
        int y0 = r.y > ui->clip.y ? r.y : ui->clip.y;
        int x1 = r.x + r.w < ui->clip.x + ui->clip.w ? r.x + r.w
                                                       : ui->clip.x + ui->clip.w;
        int y1 = r.y + r.h < ui->clip.y + ui->clip.h ? r.y + r.h
                                                       : ui->clip.y + ui->clip.h;
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        r = (struct ui_rect){x0, y0, x1 - x0, y1 - y0};
    }
    const char *copy = arena_copy(ui, label);
    if (copy) {
        ui->hits[ui->nhits].rect = r;
        ui->hits[ui->nhits].label = copy;
        ui->nhits++;
    }
}

/* The press/release logic shared by every interactive widget. */
static int interact(struct ui *ui, struct ui_rect r, const char *label)
{
    record_hit(ui, r, label);
    if (!ui->input_enabled) {
        return 0;
    }
    int inside = ui_contains(r, ui->in.x, ui->in.y) &&
                 (!ui->clip_on || ui_contains(ui->clip, ui->in.x, ui->in.y));
    uint32_t id = hash_id(label, r);
    if (ui->in.pressed && inside) {
        ui->active = id;
    }
    return ui->in.released && inside && ui->active == id && !ui->dragging;
}

int ui_area(struct ui *ui, struct ui_rect r, const char *label)
{
    record_widget(ui, UI_KIND_AREA, r, label);
    return interact(ui, r, label);
}

static int pressed_look(const struct ui *ui, struct ui_rect r,
                        const char *label)
{
    return ui->in.down && !ui->dragging && ui->active == hash_id(label, r) &&
           ui_contains(r, ui->in.x, ui->in.y);
}

int ui_button(struct ui *ui, struct ui_rect r, const char *label,
              enum ui_style style)
{
    const struct ui_theme *t = &ui->theme;
    struct ui_color bg = t->button, fg = t->button_text;
    if (style == UI_STYLE_ACCENT) {
        bg = t->accent;
        fg = t->accent_text;
    } else if (style == UI_STYLE_DANGER) {
        bg = t->danger;
        fg = t->danger_text;
    } else if (style == UI_STYLE_QUIET) {
        bg = t->bg;
    }
    struct ui_widget *w = record_widget(ui, UI_KIND_BUTTON, r, label);
    int clicked = interact(ui, r, label);
    if (pressed_look(ui, r, label)) {
        struct ui_color tmp = bg;
        bg = fg;
        fg = tmp;
    }
    int rad = ui_px(ui, 10);
    struct ui_color edge = style == UI_STYLE_NORMAL || style == UI_STYLE_QUIET
                               ? t->outline : bg;
    widget_look(w, bg, edge, ui_px(ui, 2));
    ui_rect(ui, r, bg, rad);
    ui_outline(ui, r, edge, rad, ui_px(ui, 2));
    /* the label inside the outline: wrapped, shrunk, cut last */
    struct ui_rect tr = ui_inset(r, ui_px(ui, 4));
    tr.x += ui_px(ui, 4);
    tr.w -= ui_px(ui, 8);
    ui_text_fit(ui, tr, label, UI_FONT_BUTTON, 1, fg, UI_CENTER,
                UI_FIT_WRAP | UI_FIT_MIDDLE);
    return clicked;
}

int ui_contrast_button(struct ui *ui, struct ui_rect r, const char *label)
{
    const struct ui_theme *t = &ui->theme;
    struct ui_widget *w = record_widget(ui, UI_KIND_BUTTON, r, label);
    int clicked = interact(ui, r, label);
    int down = pressed_look(ui, r, label);
    struct ui_color bg = down ? t->button_text : t->button;
    struct ui_color fg = down ? t->button : t->button_text;
    widget_look(w, bg, t->outline, ui_px(ui, 2));
    int rad = ui_px(ui, 10);
    ui_rect(ui, r, bg, rad);
    ui_outline(ui, r, t->outline, rad, ui_px(ui, 2));
    int d = (r.w < r.h ? r.w : r.h) * 3 / 5;
    struct ui_rect c = {r.x + (r.w - d) / 2, r.y + (r.h - d) / 2, d, d};
    int stroke = ui_px(ui, 3);
    ui_rect(ui, c, fg, d / 2);
    /* the right half hollow: bg inside the outline */
    struct ui_rect half = {c.x + d / 2, c.y, d - d / 2, d};
    ui_clip(ui, half);
    ui_rect(ui, ui_inset(c, stroke), bg, (d - 2 * stroke) / 2);
    ui_clip_off(ui);
    return clicked;
}

void ui_icon_other(struct ui *ui, struct ui_rect r, struct ui_color ink,
                   struct ui_color face)
{
    int d = r.w < r.h ? r.w : r.h;
    int x = r.x + (r.w - d) / 2, y = r.y + (r.h - d) / 2;
    struct ui_rect b1 = {x, y + d / 8, d * 5 / 8, d / 2};
    struct ui_rect b2 = {x + d * 3 / 8, y + d * 3 / 8, d * 5 / 8, d / 2};
    ui_rect(ui, b1, ink, d / 8);
    ui_rect(ui, (struct ui_rect){b1.x + d / 8, b1.y + b1.h - 1, d / 8, d / 6},
            ink, 0);
    ui_rect(ui, b2, ink, d / 8);
    ui_rect(ui, ui_inset(b2, d / 14 > 1 ? d / 14 : 1), face, d / 10);
    ui_rect(ui, (struct ui_rect){b2.x + b2.w - d / 4, b2.y + b2.h - 1, d / 8,
                                 d / 6},
            ink, 0);
}

/* The face of a tile (and its widget record): returns whether it was
 * tapped; *fg is the colour for text on it. */
static int tile_face(struct ui *ui, struct ui_rect r, const char *label,
                     enum ui_style style, int selected, int other,
                     struct ui_color *fg_out)
{
    const struct ui_theme *t = &ui->theme;
    struct ui_widget *w = record_widget(ui, UI_KIND_TILE, r, label);
    if (w) {
        w->other = other;
    }
    int clicked = interact(ui, r, label);
    int down = pressed_look(ui, r, label);
    struct ui_color bg = style == UI_STYLE_ACCENT ? t->accent : t->tile;
    struct ui_color fg = style == UI_STYLE_ACCENT ? t->accent_text
                                                  : t->tile_text;
    if (down) {
        bg = t->button;
        fg = t->button_text;
    }
    int rad = ui_px(ui, 14);
    widget_look(w, bg, selected ? t->accent : t->outline,
                ui_px(ui, selected ? 5 : 2));
    ui_rect(ui, r, bg, rad);
    ui_outline(ui, r, selected ? t->accent : t->outline, rad,
               ui_px(ui, selected ? 5 : 2));
    *fg_out = fg;
    return clicked;
}

int ui_picture_tile(struct ui *ui, struct ui_rect r, const char *name,
                    const char *image, enum ui_style style, int selected)
{
    struct ui_color fg;
    int clicked = tile_face(ui, r, name, style, selected, 0, &fg);
    ui_image(ui, ui_inset(r, ui_px(ui, 10)), image);
    return clicked;
}

/* Where a tile's picture and words go, the first of these that fits:
 * 1. the picture above the words, when it gets more than 40 px there;
 * 2. beside them (a square on the left, the words left-aligned) when the
 *    screen allows it (UI_TILE_BESIDE: all its tiles are icons of one
 *    kind) and the words still fit whole in what is left;
 * 3. the picture beside (as in 2.) or else above the title alone (more
 *    than 32 px), the line under it left out: for a visitor who reads
 *    little the picture says more than that line (the screen's narration
 *    still says it);
 * 4. the words alone.
 * A visitor who reads little finds the tile by its picture, one who chose
 * large text keeps the size chosen. The sign of another language
 * (UI_TILE_OTHER) has the top-left corner; the picture keeps clear of it,
 * and so do the words beside or alone (a band on both sides keeps them
 * centred). */
struct tile_plan {
    struct ui_rect badge;  /* the other-language sign, w = 0: none */
    struct ui_rect pic;    /* w = 0: no picture */
    struct ui_rect words;  /* the title, then the line under it */
    struct ui_fit tf, sf;  /* their measures in words.w (sf.h 0: no line) */
    enum ui_align align;
    int sub_left_out;      /* 3. above */
};

/* Measures the title and the line under it in `in` (the line gets at most
 * a third of the height, or one line when a third is less); returns their
 * height with the gap. */
static int measure_words(struct ui *ui, struct ui_rect in, const char *title,
                         const char *sub, enum ui_align al, struct ui_fit *tf,
                         struct ui_fit *sf)
{
    struct ui_color none = {0, 0, 0, 0};
    int gap = ui_px(ui, 4);
    *sf = (struct ui_fit){0, 0, 0, 0, 0};
    if (sub && *sub) {
        int line = ui_text_height(ui, "Ag", UI_FONT_BODY, 0, 0);
        int max_h = in.h / 3 > line ? in.h / 3 : line;
        *sf = ui_text_fit(ui, (struct ui_rect){in.x, in.y, in.w, max_h}, sub,
                          UI_FONT_BODY, 0, none, al,
                          UI_FIT_WRAP | UI_FIT_MEASURE);
    }
    int sub_h = sf->h ? sf->h + gap : 0;
    *tf = ui_text_fit(ui, (struct ui_rect){in.x, in.y, in.w, in.h - sub_h},
                      title, UI_FONT_TILE, 1, none, al,
                      UI_FIT_WRAP | UI_FIT_MEASURE);
    return tf->h + sub_h;
}

static int whole(const struct ui_fit *f)
{
    return !f->shrunk && !f->cut;
}

/* 1. and 3.: the picture above the words in `in`, clear of a sign's band
 * at both sides of the picture; 0 when the picture would get min_pic px or
 * less. */
static int plan_above(struct ui *ui, struct ui_rect in, const char *title,
                      const char *sub, int band, int min_pic,
                      struct tile_plan *p)
{
    int gap = ui_px(ui, 4);
    struct ui_fit tf, sf;
    int text_h = measure_words(ui, in, title, sub, UI_CENTER, &tf, &sf);
    int img_h = in.h - text_h - gap;
    if (img_h <= min_pic || img_h <= p->badge.h ||
        in.w - 2 * band <= min_pic) {
        return 0;
    }
    p->pic = (struct ui_rect){in.x + band, in.y, in.w - 2 * band, img_h};
    p->words = (struct ui_rect){in.x, in.y + img_h + gap, in.w, text_h};
    p->tf = tf;
    p->sf = sf;
    return 1;
}

/* 2.: a square picture on the left of `in`, the words whole beside it. */
static int plan_beside(struct ui *ui, struct ui_rect in, const char *title,
                       const char *sub, struct tile_plan *p)
{
    int min_pic = ui_px(ui, 40);
    struct ui_fit tf, sf;
    (void)measure_words(ui, in, title, sub, UI_CENTER, &tf, &sf);
    int side = in.h < ui_px(ui, 64) ? in.h : ui_px(ui, 64);
    struct ui_rect rest = {in.x + side + ui_px(ui, 10), in.y,
                           in.w - side - ui_px(ui, 10), in.h};
    if (side < min_pic || rest.w < ui_px(ui, 80) || !whole(&tf) ||
        !whole(&sf)) {
        return 0; /* (words already cut where they had the whole tile) */
    }
    int h = measure_words(ui, rest, title, sub, UI_LEFT, &tf, &sf);
    if (!whole(&tf) || !whole(&sf)) {
        return 0;
    }
    p->pic = (struct ui_rect){in.x, in.y + (in.h - side) / 2, side, side};
    p->words = (struct ui_rect){rest.x, rest.y + (rest.h - h) / 2, rest.w, h};
    p->tf = tf;
    p->sf = sf;
    p->align = UI_LEFT;
    return 1;
}

static void tile_plan(struct ui *ui, struct ui_rect r, const char *title,
                      const char *sub, const char *image, int flags,
                      struct tile_plan *p)
{
    struct ui_rect in = ui_inset(r, ui_px(ui, 8)); /* (inside a 5 px ring) */
    int b = flags & UI_TILE_OTHER ? ui_px(ui, 34) : 0;
    int band = b ? b + ui_px(ui, 6) : 0;
    *p = (struct tile_plan){.badge = {in.x, in.y, b, b}, .align = UI_CENTER};
    if (image && plan_above(ui, in, title, sub, band, ui_px(ui, 40), p)) {
        return;
    }
    struct ui_rect mid = {in.x + band, in.y, in.w - 2 * band, in.h};
    if (image && (flags & UI_TILE_BESIDE) &&
        plan_beside(ui, mid, title, sub, p)) {
        return;
    }
    if (image && sub && *sub &&
        (((flags & UI_TILE_BESIDE) && plan_beside(ui, mid, title, NULL, p)) ||
         plan_above(ui, in, title, NULL, band, ui_px(ui, 32), p))) {
        p->sub_left_out = 1;
        return;
    }
    int text_h = measure_words(ui, in, title, sub, UI_CENTER, &p->tf, &p->sf);
    if (b && text_h > in.h - 2 * band) {
        /* words too tall to sit centred below the sign: beside it */
        in = mid;
        text_h = measure_words(ui, in, title, sub, UI_CENTER, &p->tf, &p->sf);
    }
    p->words = (struct ui_rect){in.x, in.y + (in.h - text_h) / 2, in.w, text_h};
}

int ui_tile_fit(struct ui *ui, struct ui_rect r, const char *title,
                const char *sub, const char *image, int flags)
{
    struct tile_plan p;
    tile_plan(ui, r, title, sub, image, flags, &p);
    return (!image || p.pic.w > 0 ? UI_TILE_PICTURE : 0) |
           (whole(&p.tf) && whole(&p.sf) && !p.sub_left_out ? UI_TILE_WORDS
                                                             : 0) |
           (p.sub_left_out ? UI_TILE_SHORT : 0);
}

int ui_tile(struct ui *ui, struct ui_rect r, const char *title,
            const char *sub, const char *image, enum ui_style style,
            int selected)
{
    return ui_tile_ex(ui, r, title, sub, image, style, selected, 0);
}

int ui_tile_ex(struct ui *ui, struct ui_rect r, const char *title,
               const char *sub, const char *image, enum ui_style style,
               int selected, int flags)
{
    const struct ui_theme *t = &ui->theme;
    struct ui_color fg;
    int clicked = tile_face(ui, r, title, style, selected,
                            (flags & UI_TILE_OTHER) != 0, &fg);
    struct tile_plan p;
    tile_plan(ui, r, title, sub, image, flags, &p);
    if (p.pic.w) {
        ui_image(ui, p.pic, image);
    }
    if (p.badge.w) {
        ui_icon_other(ui, p.badge, fg, style == UI_STYLE_ACCENT ? t->accent
                                                                : t->tile);
    }
    struct ui_rect w = p.words;
    ui_text_fit(ui, (struct ui_rect){w.x, w.y, w.w, p.tf.h}, title,
                UI_FONT_TILE, 1, fg, p.align, UI_FIT_WRAP);
    if (p.sf.h) {
        struct ui_color dim = style == UI_STYLE_ACCENT ? fg : t->text_dim;
        ui_text_fit(ui, (struct ui_rect){w.x, w.y + w.h - p.sf.h, w.w, p.sf.h},
                    sub, UI_FONT_BODY, 0, dim, p.align, UI_FIT_WRAP);
    }
    return clicked;
}

/* The width of a choice row's picture (0: none), between the marker and
 * the label: a 2:1 pictogram 40 design px high. */
static int row_pic_w(struct ui *ui, const char *image)
{
    return image && *image ? ui_px(ui, 80) + ui_px(ui, 12) : 0;
}

int ui_choice_row_height(struct ui *ui, const char *label, int w)
{
    return ui_choice_row_pic_height(ui, label, NULL, w);
}

int ui_choice_row_pic_height(struct ui *ui, const char *label,
                             const char *image, int w)
{
    int text_w = w - ui_px(ui, 70) - row_pic_w(ui, image);
    int h = ui_text_height(ui, label, UI_FONT_BUTTON, 0, text_w) +
            ui_px(ui, 24);
    return h < ui_px(ui, 58) ? ui_px(ui, 58) : h;
}

int ui_choice_row(struct ui *ui, struct ui_rect r, const char *label,
                  int multi, int selected)
{
    return ui_choice_row_pic(ui, r, label, NULL, multi, selected);
}

int ui_choice_row_pic(struct ui *ui, struct ui_rect r, const char *label,
                      const char *image, int multi, int selected)
{
    const struct ui_theme *t = &ui->theme;
    struct ui_widget *w = record_widget(ui, UI_KIND_CHOICE, r, label);
    int clicked = interact(ui, r, label);
    int down = pressed_look(ui, r, label);
    struct ui_color bg = selected ? ui_mix(t->tile, t->accent, 40) : t->tile;
    if (down) {
        bg = t->button;
    }
    int rad = ui_px(ui, 10);
    widget_look(w, bg, selected ? t->accent : t->outline,
                ui_px(ui, selected ? 4 : 2));
    ui_rect(ui, r, bg, rad);
    ui_outline(ui, r, selected ? t->accent : t->outline, rad,
               ui_px(ui, selected ? 4 : 2));
    /* the marker: a circle for one answer, a square for several */
    int m = ui_px(ui, 30);
    struct ui_rect mk = {r.x + ui_px(ui, 16), r.y + (r.h - m) / 2, m, m};
    int mrad = multi ? ui_px(ui, 6) : m / 2;
    ui_rect(ui, mk, t->panel, mrad);
    ui_outline(ui, mk, t->accent, mrad, ui_px(ui, 3));
    if (selected) {
        int in = ui_px(ui, 7);
        ui_rect(ui, ui_inset(mk, in), t->accent,
                multi ? ui_px(ui, 3) : (m - 2 * in) / 2);
    }
    int pic_w = row_pic_w(ui, image);
    if (pic_w) {
        int ph = ui_px(ui, 40);
        ui_image(ui, (struct ui_rect){r.x + ui_px(ui, 58), r.y + (r.h - ph) / 2,
                                      ui_px(ui, 80), ph},
                 image);
    }
    int text_x = r.x + ui_px(ui, 58) + pic_w;
    int text_w = r.w - ui_px(ui, 70) - pic_w;
    ui_text_fit(ui, (struct ui_rect){text_x, r.y + ui_px(ui, 5), text_w,
                                     r.h - ui_px(ui, 10)},
                label, UI_FONT_BUTTON, selected, t->tile_text, UI_LEFT,
                UI_FIT_WRAP | UI_FIT_MIDDLE);
    return clicked;
}

int ui_scroll_begin(struct ui *ui, struct ui_rect r, int *offset,
                    int content_h)
{
    uint32_t id = hash_id("\x01scroll", r);
    if (ui->input_enabled && ui->in.pressed &&
        ui_contains(r, ui->in.x, ui->in.y)) {
        ui->scroll_active = id;
    }
    if (ui->scroll_active == id && ui->dragging) {
        *offset -= ui->drag_dy;
    }
    int max = content_h > r.h ? content_h - r.h : 0;
    if (*offset > max) {
        *offset = max;
    }
    if (*offset < 0) {
        *offset = 0;
    }
    ui_clip(ui, r);
    return r.y - *offset;
}

void ui_scroll_end(struct ui *ui, struct ui_rect r, int offset, int content_h)
{
    ui_clip_off(ui);
    if (r.h > 0 && content_h > r.h) {
        /* a scroll indicator, so people see there is more (an area squeezed
         * to nothing by large text has none) */
        int bar_w = ui_px(ui, 6);
        int bar_h = r.h * r.h / content_h;
        if (bar_h < ui_px(ui, 30)) {
            bar_h = ui_px(ui, 30);
        }
        int y = r.y + (r.h - bar_h) * offset / (content_h - r.h);
        struct ui_color c = ui_mix(ui->theme.bg, ui->theme.text_dim, 140);
        ui_rect(ui, (struct ui_rect){r.x + r.w - bar_w, y, bar_w, bar_h}, c,
                bar_w / 2);
    }
}

void ui_qr(struct ui *ui, struct ui_rect r, const unsigned char *modules,
           int n)
{
    if (n <= 0) {
        return;
    }
    int side = r.w < r.h ? r.w : r.h;
    int dot = side / n; /* whole pixels per module, so it scans */
    if (dot < 1) {
        return;
    }
    int x0 = r.x + (r.w - dot * n) / 2, y0 = r.y + (r.h - dot * n) / 2;
    struct ui_color white = {255, 255, 255, 255}, black = {0, 0, 0, 255};
    ui_rect(ui, (struct ui_rect){x0, y0, dot * n, dot * n}, white, 0);
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n;) {
            if (!modules[y * n + x]) {
                x++;
                continue;
            }
            int run = x;
            while (run < n && modules[y * n + run]) {
                run++;
            }
            ui_rect(ui, (struct ui_rect){x0 + x * dot, y0 + y * dot,
                                         (run - x) * dot, dot}, black, 0);
            x = run;
        }
    }
}

void ui_progress(struct ui *ui, struct ui_rect r, float frac)
{
    if (frac < 0) {
        frac = 0;
    }
    if (frac > 1) {
        frac = 1;
    }
    struct ui_widget *w = record_widget(ui, UI_KIND_PROGRESS, r, NULL);
    /* the light track gets an outline: alone it was 1.07:1 on paper */
    int ring = ui_px(ui, 1) > 0 ? ui_px(ui, 1) : 1;
    widget_look(w, ui->theme.button, ui->theme.outline, ring);
    if (w) {
        w->mark = ui->theme.accent;
    }
    ui_rect(ui, r, ui->theme.button, r.h / 2);
    struct ui_rect f = r;
    f.w = (int)((float)r.w * frac);
    if (f.w > 0) {
        ui_rect(ui, f, ui->theme.accent, r.h / 2);
    }
    ui_outline(ui, r, ui->theme.outline, r.h / 2, ring);
}

void ui_graphic(struct ui *ui, struct ui_rect r, struct ui_color fill,
                int radius, struct ui_color edge, int edge_w)
{
    struct ui_widget *w = record_widget(ui, UI_KIND_GRAPHIC, r, NULL);
    widget_look(w, fill, edge, edge_w);
    ui_rect(ui, r, fill, radius);
    if (edge_w > 0) {
        ui_outline(ui, r, edge, radius, edge_w);
    }
}

int ui_keypad(struct ui *ui, struct ui_rect r, char *buf, int cap,
              int letters, const char *ok_label, const char *erase_label)
{
    static const char digits[] = "123456789";
    /* Crockford Base32 and its five extra check symbols */
    static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
    const char *keys = letters ? crockford : digits;
    int nkeys = (int)strlen(keys);
    int total = letters ? nkeys + 2 : 12; /* + backspace and OK */
    int gap = ui_px(ui, 12); /* 2 mm between keys (issue 15) */
    int cols = 3;
    if (letters) {
        /* as many columns as keeps keys 48 px wide, so the rows (and the
         * keys' height) are few: 13 x 3 on an 800 px screen (8 x 5 made
         * keys 29 px tall) */
        cols = (r.w + gap) / (ui_px(ui, 48) + gap);
        cols = cols < 8 ? 8 : cols > 13 ? 13 : cols;
    }
    int len = (int)strlen(buf);
    int ok = 0;
    for (int i = 0; i < total; i++) {
        struct ui_rect cell = ui_grid_cell(r, total, cols, gap, i);
        char label[8];
        const char *lbl = label;
        int kind = 0; /* 0 key, 1 backspace, 2 ok */
        if (!letters && i == 9) {
            kind = 1;
        } else if (!letters && i == 10) {
            label[0] = '0';
            label[1] = '\0';
        } else if (!letters && i == 11) {
            kind = 2;
        } else if (letters && i >= nkeys) {
            kind = i == nkeys ? 1 : 2;
        } else {
            label[0] = keys[i];
            label[1] = '\0';
        }
        if (kind == 1) {
            lbl = erase_label; /* a word: Noto Sans has no arrow glyphs */
        } else if (kind == 2) {
            lbl = ok_label;
        }
        if (ui_button(ui, cell, lbl,
                      kind == 2 ? UI_STYLE_ACCENT : UI_STYLE_NORMAL)) {
            if (kind == 1 && len > 0) {
                buf[--len] = '\0';
            } else if (kind == 2) {
                ok = 1;
            } else if (kind == 0 && len + 1 < cap) {
                buf[len++] = label[0];
                buf[len] = '\0';
            }
        }
    }
    return ok;
}

int ui_keyboard(struct ui *ui, struct ui_rect r, char *buf, int cap,
                const char *ok_label, const char *erase_label,
                const char *space_label)
{
    static const char letters[] = "QWERTYUIOPASDFGHJKLZXCVBNM";
    int nl = (int)strlen(letters), total = nl + 3; /* space, erase, OK */
    int len = (int)strlen(buf), ok = 0;
    for (int i = 0; i < total; i++) {
        struct ui_rect cell = ui_grid_cell(r, 30, 10, ui_px(ui, 12),
                                           i < nl ? i : i + 1);
        char label[8] = {0};
        const char *lbl = label;
        if (i < nl) {
            label[0] = letters[i];
        } else if (i == nl) {
            lbl = space_label;
        } else if (i == nl + 1) {
            lbl = erase_label;
        } else {
            lbl = ok_label;
        }
        if (ui_button(ui, cell, lbl,
                      i == nl + 2 ? UI_STYLE_ACCENT : UI_STYLE_NORMAL)) {
            if (i < nl && len + 1 < cap) {
                buf[len++] = letters[i];
                buf[len] = '\0';
            } else if (i == nl && len + 1 < cap && len > 0) {
                buf[len++] = ' ';
                buf[len] = '\0';
            } else if (i == nl + 1 && len > 0) {
                buf[--len] = '\0';
            } else if (i == nl + 2) {
                ok = 1;
            }
        }
    }
    return ok;
}

struct ui_rect ui_dialog(struct ui *ui, int w, int h)
{
    ui_rect(ui, (struct ui_rect){0, 0, ui->width, ui->height},
            ui->theme.overlay, 0);
    if (w > ui->width - ui_px(ui, 20)) {
        w = ui->width - ui_px(ui, 20);
    }
    if (h > ui->height - ui_px(ui, 20)) {
        h = ui->height - ui_px(ui, 20);
    }
    struct ui_rect r = {(ui->width - w) / 2, (ui->height - h) / 2, w, h};
    ui_rect(ui, r, ui->theme.panel, ui_px(ui, 16));
    ui_outline(ui, r, ui->theme.accent, ui_px(ui, 16), ui_px(ui, 3));
    return r;
}

void ui_map_rotation(int rotation, int pw, int ph, int px, int py, int *lx,
                     int *ly)
{
    switch (rotation) {
    case 90: /* logical is ph wide, pw tall; content turned clockwise */
        *lx = py;
        *ly = pw - 1 - px;
        break;
    case 180:
        *lx = pw - 1 - px;
        *ly = ph - 1 - py;
        break;
    case 270:
        *lx = ph - 1 - py;
        *ly = px;
        break;
    default:
        *lx = px;
        *ly = py;
        break;
    }
}

struct ui_rect ui_inset(struct ui_rect r, int d)
{
    return (struct ui_rect){r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
}

struct ui_rect ui_cut_top(struct ui_rect *r, int h)
{
    struct ui_rect out = {r->x, r->y, r->w, h};
    r->y += h;
    r->h -= h;
    return out;
}

struct ui_rect ui_cut_bottom(struct ui_rect *r, int h)
{
    r->h -= h;
    return (struct ui_rect){r->x, r->y + r->h, r->w, h};
}

struct ui_rect ui_cut_left(struct ui_rect *r, int w)
{
    struct ui_rect out = {r->x, r->y, w, r->h};
    r->x += w;
    r->w -= w;
    return out;
}

struct ui_rect ui_cut_right(struct ui_rect *r, int w)
{
    r->w -= w;
    return (struct ui_rect){r->x + r->w, r->y, w, r->h};
}

struct ui_rect ui_grid_cell(struct ui_rect r, int n, int cols, int gap, int i)
{
    if (cols < 1) {
        cols = 1;
    }
    int rows = (n + cols - 1) / cols;
    if (rows < 1) {
        rows = 1;
    }
    int cw = (r.w - gap * (cols - 1)) / cols;
    int ch = (r.h - gap * (rows - 1)) / rows;
    int col = i % cols, row = i / cols;
    return (struct ui_rect){r.x + col * (cw + gap), r.y + row * (ch + gap), cw,
                            ch};
}

int ui_find_label(const struct ui *ui, const char *label, int *x, int *y)
{
    /* the last match wins: it is drawn on top */
    for (int i = ui->nhits - 1; i >= 0; i--) {
        if (strcmp(ui->hits[i].label, label) == 0) {
            *x = ui->hits[i].rect.x + ui->hits[i].rect.w / 2;
            *y = ui->hits[i].rect.y + ui->hits[i].rect.h / 2;
            return 1;
        }
    }
    return 0;
}

int ui_frame_has_text(const struct ui *ui, const char *needle)
{
    for (int i = 0; i < ui->ncmds; i++) {
        if (ui->cmds[i].type == UI_CMD_TEXT && ui->cmds[i].text &&
            strstr(ui->cmds[i].text, needle)) {
            return 1;
        }
    }
    for (int i = 0; i < ui->nhits; i++) {
        if (strstr(ui->hits[i].label, needle)) {
            return 1;
        }
    }
    return 0;
}
