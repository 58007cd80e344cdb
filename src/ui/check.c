#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

const struct ui_check_limits ui_check_default = {7.0, 3.0, 48, 12};

const char *ui_problem_name(enum ui_problem p)
{
    static const char *const names[] = {
        "text contrast", "edge contrast", "target size", "target gap",
        "targets overlap", "text off screen", "text escapes its box",
        "text drawn over", "texts overlap", "frame lists full"};
    return (unsigned)p < sizeof names / sizeof names[0] ? names[p] : "?";
}

static const char *const problem_keys[] = {
    "text-contrast", "edge-contrast", "target-size", "target-gap",
    "target-overlap", "text-off-screen", "text-escapes", "text-covered",
    "text-overlap", "dropped"};

const char *ui_problem_key(enum ui_problem p)
{
    return (unsigned)p < sizeof problem_keys / sizeof problem_keys[0]
               ? problem_keys[p] : "?";
}

int ui_problem_parse(const char *key)
{
    for (size_t i = 0; i < sizeof problem_keys / sizeof problem_keys[0];
         i++) {
        if (strcmp(problem_keys[i], key) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int empty(struct ui_rect r)
{
    return r.w <= 0 || r.h <= 0;
}

static struct ui_rect meet(struct ui_rect a, struct ui_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (struct ui_rect){x0, y0, x1 - x0, y1 - y0};
}

static int inside(struct ui_rect in, struct ui_rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/* The clip in force at each command (w = 0: none). */
static void clips_of(const struct ui *ui, struct ui_rect *clip)
{
    struct ui_rect cur = {0, 0, 0, 0};
    for (int i = 0; i < ui->ncmds; i++) {
        if (ui->cmds[i].type == UI_CMD_CLIP) {
            cur = ui->cmds[i].rect;
        }
        clip[i] = cur;
    }
}

/* The part of r that shows through clip c. */
static struct ui_rect visible(struct ui_rect r, struct ui_rect c)
{
    return c.w > 0 ? meet(r, c) : r;
}

/* 1 if the pixel centre (x, y) is inside the rounded rect. */
static int in_round(struct ui_rect r, int rad, int x, int y)
{
    if (x < r.x || y < r.y || x >= r.x + r.w || y >= r.y + r.h) {
        return 0;
    }
    if (rad > r.w / 2) {
        rad = r.w / 2;
    }
    if (rad > r.h / 2) {
        rad = r.h / 2;
    }
    if (rad <= 0) {
        return 1;
    }
    double px = x + 0.5, py = y + 0.5;
    double cx = px < r.x + rad ? r.x + rad
                : px > r.x + r.w - rad ? r.x + r.w - rad : px;
    double cy = py < r.y + rad ? r.y + rad
                : py > r.y + r.h - rad ? r.y + r.h - rad : py;
    return (px - cx) * (px - cx) + (py - cy) * (py - cy) <=
           (double)rad * rad;
}

static struct ui_color over(struct ui_color top, struct ui_color below)
{
    int a = top.a;
    struct ui_color c = {
        (uint8_t)((top.r * a + below.r * (255 - a) + 127) / 255),
        (uint8_t)((top.g * a + below.g * (255 - a) + 127) / 255),
        (uint8_t)((top.b * a + below.b * (255 - a) + 127) / 255), 255};
    return c;
}

/* 1 if command c (a RECT) paints pixel (x, y). */
static int paints(const struct ui_cmd *c, int x, int y)
{
    if (!in_round(c->rect, c->radius, x, y)) {
        return 0;
    }
    if (!c->outline) {
        return 1;
    }
    struct ui_rect in = ui_inset(c->rect, c->outline);
    return empty(in) || !in_round(in, c->radius - c->outline, x, y);
}

struct ui_color ui_check_color_at(const struct ui *ui, int x, int y,
                                  int upto, int *image)
{
    struct ui_color col = ui->theme.bg;
    struct ui_rect clip = {0, 0, 0, 0};
    col.a = 255;
    *image = 0;
    for (int i = 0; i < upto && i < ui->ncmds; i++) {
        const struct ui_cmd *c = &ui->cmds[i];
        if (c->type == UI_CMD_CLIP) {
            clip = c->rect;
            continue;
        }
        if (clip.w > 0 && !ui_contains(clip, x, y)) {
            continue;
        }
        if (c->type == UI_CMD_RECT && paints(c, x, y)) {
            col = over(c->color, col);
            *image = 0;
        } else if (c->type == UI_CMD_IMAGE && ui_contains(c->rect, x, y)) {
            *image = 1;
        }
    }
    return col;
}

/* Appends an issue (counted even when out is full). */
static void add(struct ui_issue *out, int max, int *n, enum ui_problem what,
                double value, double limit, const char *fmt, ...)
{
    if (*n < max) {
        struct ui_issue *is = &out[*n];
        is->what = what;
        is->value = value;
        is->limit = limit;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(is->msg, sizeof is->msg, fmt, ap);
        va_end(ap);
    }
    (*n)++;
}

/* A text for a message: its start, on one line. */
static void quote(const char *s, char *buf, size_t n)
{
    size_t k = 0, i = 0;
    while (s && s[i] && k + 5 < n) {
        unsigned char ch = (unsigned char)s[i];
        buf[k++] = ch == '\n' ? ' ' : (char)ch;
        i++;
    }
    /* do not end inside a UTF-8 sequence */
    while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80 &&
           s[i] && ((unsigned char)s[i] & 0xC0) == 0x80) {
        k--;
        while (k > 0 && ((unsigned char)buf[k] & 0xC0) == 0x80) {
            k--;
        }
        i = k;
    }
    if (s && s[i]) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
}

static const char *kind_name(enum ui_kind k)
{
    static const char *const names[] = {"button", "tile", "choice", "area",
                                        "field", "shape", "progress bar"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "widget";
}

/* The first command of the dialog on top, if one dims the screen: what is
 * drawn before it is out of play. */
static int modal_start(const struct ui *ui)
{
    int start = 0;
    for (int i = 0; i < ui->ncmds; i++) {
        const struct ui_cmd *c = &ui->cmds[i];
        if (c->type == UI_CMD_RECT && !c->outline && c->color.a < 255 &&
            c->rect.x <= 0 && c->rect.y <= 0 &&
            c->rect.x + c->rect.w >= ui->width &&
            c->rect.y + c->rect.h >= ui->height) {
            start = i + 1;
        }
    }
    return start;
}

/* The box the text at command i sits in: the topmost shape below it that
 * it meets (its inside, less an outline drawn on it). 0 when none. */
static int text_box(const struct ui *ui, const struct ui_rect *clip, int i,
                    struct ui_rect vis, struct ui_rect *box)
{
    int top = -1;
    for (int k = 0; k < i; k++) {
        const struct ui_cmd *c = &ui->cmds[k];
        if (c->type == UI_CMD_RECT && !c->outline && c->color.a == 255 &&
            !empty(meet(visible(c->rect, clip[k]), vis))) {
            top = k;
        }
    }
    if (top < 0) {
        return 0;
    }
    *box = ui->cmds[top].rect;
    int ring = 0;
    for (int k = top + 1; k < i; k++) {
        const struct ui_cmd *c = &ui->cmds[k];
        if (c->type == UI_CMD_RECT && c->outline &&
            memcmp(&c->rect, box, sizeof *box) == 0 && c->outline > ring) {
            ring = c->outline;
        }
    }
    *box = ui_inset(*box, ring);
    return 1;
}

/* What is drawn after text i (visible part vis, quoted q): another text
 * overlapping it, or an opaque shape or picture over it (the first one). */
static void check_drawn_over(const struct ui *ui, const struct ui_rect *clip,
                             int i, struct ui_rect vis, const char *q,
                             struct ui_issue *out, int max, int *n)
{
    for (int k = i + 1; k < ui->ncmds; k++) {
        const struct ui_cmd *d = &ui->cmds[k];
        struct ui_rect dv = visible(d->rect, clip[k]);
        if (d->type == UI_CMD_TEXT) {
            dv = visible((struct ui_rect){d->rect.x, d->rect.y,
                                          d->text_w, d->rect.h},
                         clip[k]);
            if (!empty(dv) && !empty(meet(dv, vis))) {
                char q2[96];
                quote(d->text, q2, sizeof q2);
                add(out, max, n, UI_PROB_TEXT_OVERLAP, 0, 0,
                    "\"%s\" (%d,%d %dx%d) and \"%s\" (%d,%d %dx%d) "
                    "overlap", q, vis.x, vis.y, vis.w, vis.h, q2, dv.x,
                    dv.y, dv.w, dv.h);
            }
            continue;
        }
        int shape = (d->type == UI_CMD_RECT && d->color.a == 255) ||
                    d->type == UI_CMD_IMAGE;
        if (!shape || empty(meet(dv, vis))) {
            continue;
        }
        if (d->type == UI_CMD_RECT && d->outline) {
            /* a ring meets the text only where its band does */
            struct ui_rect in = ui_inset(d->rect, d->outline);
            if (inside(meet(dv, vis), in)) {
                continue;
            }
        }
        add(out, max, n, UI_PROB_TEXT_COVERED, 0, 0,
            "\"%s\" (%d,%d %dx%d) is drawn over by a %s at %d,%d "
            "%dx%d", q, vis.x, vis.y, vis.w, vis.h,
            d->type == UI_CMD_IMAGE ? "picture" : "shape", d->rect.x,
            d->rect.y, d->rect.w, d->rect.h);
        break;
    }
}

/* Every text drawn from cmds[start] on: on the screen, inside its scroll
 * area and its box, readable on what is behind it, not overlapped or
 * drawn over. */
static void check_texts(const struct ui *ui, const struct ui_rect *clip,
                        int start, const struct ui_check_limits *lim,
                        struct ui_issue *out, int max, int *n)
{
    struct ui_rect screen = {0, 0, ui->width, ui->height};
    for (int i = start; i < ui->ncmds; i++) {
        const struct ui_cmd *c = &ui->cmds[i];
        if (c->type != UI_CMD_TEXT) {
            continue;
        }
        struct ui_rect r = {c->rect.x, c->rect.y, c->text_w, c->rect.h};
        struct ui_rect vis = visible(r, clip[i]);
        if (empty(vis) || (clip[i].w > 0 && vis.h * 2 < r.h)) {
            /* scrolled out of sight, or mostly: the part left at the
             * scroll area's edge is no line to read (its tile's rounded
             * corner is no background for it); it is checked in view */
            continue;
        }
        char q[96];
        quote(c->text, q, sizeof q);
        if (!inside(vis, screen)) {
            add(out, max, n, UI_PROB_TEXT_OFF_SCREEN, 0, 0,
                "\"%s\" at %d,%d %dx%d leaves the %dx%d screen", q, r.x,
                r.y, r.w, r.h, ui->width, ui->height);
            continue;
        }
        if (clip[i].w > 0 && (r.x < clip[i].x ||
                              r.x + r.w > clip[i].x + clip[i].w)) {
            add(out, max, n, UI_PROB_TEXT_ESCAPES, 0, 0,
                "\"%s\" (x %d..%d) is cut at the side of its scroll area "
                "(x %d..%d)", q, r.x, r.x + r.w, clip[i].x,
                clip[i].x + clip[i].w);
        }
        /* contrast against what is behind, at the middle and corners; a
         * text that crosses its box's edge is reported for that, and
         * measured inside the box */
        struct ui_rect box;
        int has_box = text_box(ui, clip, i, vis, &box);
        int escapes = has_box && !inside(vis, box);
        struct ui_rect cv = vis;
        if (escapes && !empty(meet(vis, box))) {
            cv = meet(vis, box);
        }
        int sx[5] = {cv.x + cv.w / 2, cv.x + 1, cv.x + cv.w - 2,
                     cv.x + 1, cv.x + cv.w - 2};
        int sy[5] = {cv.y + cv.h / 2, cv.y + 1, cv.y + 1,
                     cv.y + cv.h - 2, cv.y + cv.h - 2};
        double worst = 99;
        struct ui_color worst_bg = ui->theme.bg;
        for (int s = 0; s < 5; s++) {
            int img;
            struct ui_color bg = ui_check_color_at(ui, sx[s], sy[s], i, &img);
            double cr = ui_contrast(c->color, bg);
            if (!img && cr < worst) {
                worst = cr;
                worst_bg = bg;
            }
        }
        if (worst < lim->text_contrast) {
            add(out, max, n, UI_PROB_TEXT_CONTRAST, worst, lim->text_contrast,
                "\"%s\": #%02X%02X%02X on #%02X%02X%02X is %.2f:1, needs "
                "%.1f:1", q, c->color.r, c->color.g, c->color.b,
                worst_bg.r, worst_bg.g, worst_bg.b, worst,
                lim->text_contrast);
        }
        if (escapes) {
            add(out, max, n, UI_PROB_TEXT_ESCAPES, 0, 0,
                "\"%s\" (%d,%d %dx%d) crosses the edge of its box (%d,%d "
                "%dx%d)", q, vis.x, vis.y, vis.w, vis.h, box.x, box.y,
                box.w, box.h);
        }
        check_drawn_over(ui, clip, i, vis, q, out, max, n);
    }
}

static void check_widgets(const struct ui *ui, int start,
                          const struct ui_check_limits *lim,
                          struct ui_issue *out, int max, int *n)
{
    int t = ui_px(ui, lim->target), g = ui_px(ui, lim->gap);
    for (int i = 0; i < ui->nwidgets; i++) {
        const struct ui_widget *w = &ui->widgets[i];
        struct ui_rect vis = visible(w->rect, w->clip);
        if (w->cmd < start || empty(vis)) {
            continue;
        }
        const char *kind = kind_name(w->kind);
        if (w->target && (w->rect.w < t || w->rect.h < t)) {
            add(out, max, n, UI_PROB_TARGET_SIZE,
                w->rect.w < w->rect.h ? w->rect.w : w->rect.h, t,
                "%s \"%s\" is %dx%d px; a target needs %dx%d", kind,
                w->label, w->rect.w, w->rect.h, t, t);
        }
        for (int k = i + 1; w->target && k < ui->nwidgets; k++) {
            const struct ui_widget *o = &ui->widgets[k];
            struct ui_rect ov = visible(o->rect, o->clip);
            if (!o->target || o->cmd < start || empty(ov)) {
                continue;
            }
            int dx = ov.x - (vis.x + vis.w), dx2 = vis.x - (ov.x + ov.w);
            int dy = ov.y - (vis.y + vis.h), dy2 = vis.y - (ov.y + ov.h);
            dx = dx > dx2 ? dx : dx2;
            dy = dy > dy2 ? dy : dy2;
            if (dx < 0 && dy < 0) {
                add(out, max, n, UI_PROB_TARGET_OVERLAP, 0, 0,
                    "%s \"%s\" (%d,%d %dx%d) and %s \"%s\" (%d,%d %dx%d) "
                    "overlap", kind, w->label, vis.x, vis.y, vis.w, vis.h,
                    kind_name(o->kind), o->label, ov.x, ov.y, ov.w, ov.h);
            } else if ((dx > dy ? dx : dy) < g) {
                int gap = dx > dy ? dx : dy;
                add(out, max, n, UI_PROB_TARGET_GAP, gap, g,
                    "%s \"%s\" and %s \"%s\" are %d px apart; targets need "
                    "%d", kind, w->label, kind_name(o->kind), o->label, gap,
                    g);
            }
        }
        if (w->kind == UI_KIND_AREA) {
            continue; /* nothing drawn of its own */
        }
        int img;
        struct ui_color out_c = ui_check_color_at(
            ui, vis.x + vis.w / 2, vis.y + vis.h / 2, w->cmd, &img);
        if (img) {
            continue;
        }
        struct ui_color edge = w->border_w > 0 ? w->border : w->fill;
        double ce = ui_contrast(edge, out_c), cf = ui_contrast(w->fill, out_c);
        double best = ce > cf ? ce : cf;
        if (best < lim->edge_contrast) {
            add(out, max, n, UI_PROB_EDGE_CONTRAST, best, lim->edge_contrast,
                "%s \"%s\": edge #%02X%02X%02X, face #%02X%02X%02X on "
                "#%02X%02X%02X is %.2f:1, needs %.1f:1", kind, w->label,
                edge.r, edge.g, edge.b, w->fill.r, w->fill.g, w->fill.b,
                out_c.r, out_c.g, out_c.b, best, lim->edge_contrast);
        }
        if (w->kind == UI_KIND_PROGRESS) {
            double cm = ui_contrast(w->mark, w->fill);
            if (cm < lim->edge_contrast) {
                add(out, max, n, UI_PROB_EDGE_CONTRAST, cm,
                    lim->edge_contrast,
                    "progress bar: filled #%02X%02X%02X on its track "
                    "#%02X%02X%02X is %.2f:1, needs %.1f:1", w->mark.r,
                    w->mark.g, w->mark.b, w->fill.r, w->fill.g, w->fill.b,
                    cm, lim->edge_contrast);
            }
        }
    }
}

int ui_check_frame(const struct ui *ui, const struct ui_check_limits *lim,
                   struct ui_issue *out, int max)
{
    struct ui_rect clip[UI_MAX_CMDS];
    int n = 0;
    if (ui->dropped) {
        add(out, max, &n, UI_PROB_DROPPED, ui->dropped, 0,
            "%d draw commands, widgets or labels did not fit the frame's "
            "lists", ui->dropped);
    }
    clips_of(ui, clip);
    int start = modal_start(ui);
    check_texts(ui, clip, start, lim, out, max, &n);
    check_widgets(ui, start, lim, out, max, &n);
    return n;
}
