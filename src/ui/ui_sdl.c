#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include <sys/stat.h>

#include "core/png.h"
#include "ui_sdl.h"

#define IMAGE_SLOTS 48
#define CORNER_SLOTS 64   /* anti-aliased corners by (radius, ring) */

/* A picture, kept as a texture. The key is the path and the file's
 * identity (device, inode, size, change time): a pack reloaded in place
 * (same paths, new files) shows its new pictures, never the old ones. */
struct image_slot {
    char path[PATH_MAX];
    dev_t dev;
    ino_t ino;
    off_t size;
    long long mtime_ns;
    SDL_Texture *tex;
    int w, h;
    unsigned long used;
    int failed;            /* could not load: do not retry every frame */
};

/* A quarter of a rounded shape's corner as a white coverage texture,
 * tinted at draw time: the top-left corner of a disc (ring = 0) or of a
 * ring `ring` pixels wide, `rad` pixels square. */
struct corner_slot {
    int rad, ring;
    SDL_Texture *tex;
    unsigned long used;
};

struct ui_sdl {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *target;   /* logical-size frame, rotated onto the window */
    int win_w, win_h;      /* window size in pixels */
    int log_w, log_h;      /* logical UI size */
    int rotation;
    struct text_engine *te;
    struct ui *ui;         /* attached context (for font sizes) */
    struct image_slot images[IMAGE_SLOTS];
    struct corner_slot corners[CORNER_SLOTS];
    unsigned long clock;
};

static void measure_cb(void *ctx, const struct ui_measure_req *rq, int *w,
                       int *h, int *cut)
{
    struct ui_sdl *b = ctx;
    struct text_style st = {rq->px, rq->bold, rq->wrap_w, TEXT_LEFT,
                            rq->max_lines, rq->break_words};
    text_measure_cut(b->te, rq->text, &st, w, h, cut);
}

struct ui_sdl *ui_sdl_open(const struct ui_sdl_opts *o, struct kiosk_diag *d)
{
    struct ui_sdl *b = calloc(1, sizeof *b);
    if (!b) {
        return NULL;
    }
    /* the window's own surface without a GL context behind it */
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0",
                            SDL_HINT_DEFAULT);
    if (!SDL_GetHint(SDL_HINT_RENDER_DRIVER)) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->headless) {
        flags |= SDL_WINDOW_HIDDEN;
    } else if (o->fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    b->win = SDL_CreateWindow("Counseling point", SDL_WINDOWPOS_CENTERED,
                              SDL_WINDOWPOS_CENTERED, o->width, o->height,
                              flags);
    if (!b->win) {
        kiosk_diag_err(d, "display", 0, 0, "cannot open a window: %s",
                       SDL_GetError());
        free(b);
        return NULL;
    }
    /* The UI is flat rectangles and cached text textures: the software
     * renderer draws a frame in a few milliseconds and needs no GL, so no
     * Mesa/LLVM in memory (about 40 MiB under X11) and the same pixels on
     * every board. SDL_RENDER_DRIVER in the environment overrides it (e.g.
     * opengles2 on a board whose GPU is worth it). */
    b->ren = SDL_CreateRenderer(b->win, -1, SDL_RENDERER_SOFTWARE |
                                                SDL_RENDERER_TARGETTEXTURE);
    if (!b->ren) {
        kiosk_diag_err(d, "display", 0, 0, "cannot create a renderer: %s",
                       SDL_GetError());
        ui_sdl_close(b);
        return NULL;
    }
    SDL_GetRendererOutputSize(b->ren, &b->win_w, &b->win_h);
    b->rotation = o->rotation;
    int sideways = o->rotation == 90 || o->rotation == 270;
    b->log_w = sideways ? b->win_h : b->win_w;
    b->log_h = sideways ? b->win_w : b->win_h;
    b->target = SDL_CreateTexture(b->ren, SDL_PIXELFORMAT_ARGB8888,
                                  SDL_TEXTUREACCESS_TARGET, b->log_w,
                                  b->log_h);
    if (!b->target) {
        kiosk_diag_err(d, "display", 0, 0, "cannot create the frame: %s",
                       SDL_GetError());
        ui_sdl_close(b);
        return NULL;
    }
    b->te = text_engine_new(b->ren, o->font_dir, d);
    if (!b->te) {
        ui_sdl_close(b);
        return NULL;
    }
    if (!o->headless) {
        SDL_ShowCursor(o->fullscreen ? SDL_DISABLE : SDL_ENABLE);
    }
    return b;
}

void ui_sdl_close(struct ui_sdl *b)
{
    if (!b) {
        return;
    }
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        if (b->images[i].tex) {
            SDL_DestroyTexture(b->images[i].tex);
        }
    }
    for (int i = 0; i < CORNER_SLOTS; i++) {
        if (b->corners[i].tex) {
            SDL_DestroyTexture(b->corners[i].tex);
        }
    }
    text_engine_free(b->te);
    if (b->target) {
        SDL_DestroyTexture(b->target);
    }
    if (b->ren) {
        SDL_DestroyRenderer(b->ren);
    }
    if (b->win) {
        SDL_DestroyWindow(b->win);
    }
    free(b);
}

void ui_sdl_logical_size(const struct ui_sdl *b, int *w, int *h)
{
    *w = b->log_w;
    *h = b->log_h;
}

void ui_sdl_attach(struct ui_sdl *b, struct ui *ui)
{
    b->ui = ui;
    ui->measure = measure_cb;
    ui->measure_ctx = b;
}

struct text_engine *ui_sdl_text(struct ui_sdl *b)
{
    return b->te;
}

SDL_Window *ui_sdl_window(struct ui_sdl *b)
{
    return b->win;
}

void ui_sdl_map_point(const struct ui_sdl *b, int wx, int wy, int *lx, int *ly)
{
    int ww = 0, wh = 0;
    SDL_GetWindowSize(b->win, &ww, &wh);
    /* window points -> renderer pixels (HiDPI) */
    int px = ww ? wx * b->win_w / ww : wx;
    int py = wh ? wy * b->win_h / wh : wy;
    ui_map_rotation(b->rotation, b->win_w, b->win_h, px, py, lx, ly);
}

/* --- shapes ------------------------------------------------------------ */

/* Coverage (0..1) of the pixel whose centre is d pixels from a circle's
 * centre by a disc of radius r: the area the edge leaves on a pixel,
 * approximated by the distance of its centre to the edge (exact for a
 * straight edge through the pixel, within a few percent on a curve). */
static float disc_cover(float r, float d)
{
    float c = r - d + 0.5f;
    return c < 0 ? 0 : c > 1 ? 1 : c;
}

/* The white coverage texture of a top-left corner (see corner_slot);
 * made once and kept, NULL when it cannot be made. */
static SDL_Texture *corner_get(struct ui_sdl *b, int rad, int ring)
{
    struct corner_slot *lru = &b->corners[0];
    for (int i = 0; i < CORNER_SLOTS; i++) {
        struct corner_slot *c = &b->corners[i];
        if (c->tex && c->rad == rad && c->ring == ring) {
            c->used = ++b->clock;
            return c->tex;
        }
        if (!c->tex || c->used < lru->used) {
            lru = c;
        }
    }
    Uint32 *px = malloc(sizeof *px * (size_t)rad * (size_t)rad);
    if (!px) {
        return NULL;
    }
    float ro = (float)rad, ri = (float)(rad - ring);
    for (int y = 0; y < rad; y++) {
        for (int x = 0; x < rad; x++) {
            float dx = ro - ((float)x + 0.5f), dy = ro - ((float)y + 0.5f);
            float d = sqrtf(dx * dx + dy * dy);
            float cov = disc_cover(ro, d);
            if (ring > 0 && ri > 0) {
                cov -= disc_cover(ri, d);
            }
            Uint32 a = (Uint32)lroundf((cov < 0 ? 0 : cov) * 255.0f);
            px[y * rad + x] = (a << 24) | 0xFFFFFFu;
        }
    }
    SDL_Texture *t = SDL_CreateTexture(b->ren, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STATIC, rad, rad);
    if (t && SDL_UpdateTexture(t, NULL, px, rad * (int)sizeof *px) != 0) {
        SDL_DestroyTexture(t);
        t = NULL;
    }
    free(px);
    if (!t) {
        return NULL;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    if (lru->tex) {
        SDL_DestroyTexture(lru->tex);
    }
    lru->rad = rad;
    lru->ring = ring;
    lru->tex = t;
    lru->used = ++b->clock;
    return t;
}

/* Fills a rounded rectangle (or a ring of width `ring` along its edge)
 * with anti-aliased corners: the straight parts are whole pixels, each
 * corner a rad x rad coverage texture in the colour, so the parts meet
 * edge to edge (no seam) and the curve is smooth. */
static void draw_round(struct ui_sdl *b, struct ui_rect r, int rad, int ring,
                       struct ui_color col)
{
    SDL_Renderer *ren = b->ren;
    if (r.w <= 0 || r.h <= 0) {
        return;
    }
    SDL_SetRenderDrawColor(ren, col.r, col.g, col.b, col.a);
    SDL_SetRenderDrawBlendMode(ren, col.a < 255 ? SDL_BLENDMODE_BLEND
                                                : SDL_BLENDMODE_NONE);
    if (rad > r.w / 2) {
        rad = r.w / 2;
    }
    if (rad > r.h / 2) {
        rad = r.h / 2;
    }
    if (ring * 2 >= r.w || ring * 2 >= r.h) {
        ring = 0; /* a ring that fills the shape is the shape */
    }
    SDL_Texture *corner = rad >= 2 ? corner_get(b, rad, ring) : NULL;
    if (!corner) {
        rad = 0; /* square corners rather than none */
    }
    if (ring) {
        SDL_Rect e[4] = {{r.x + rad, r.y, r.w - 2 * rad, ring},
                         {r.x + rad, r.y + r.h - ring, r.w - 2 * rad, ring},
                         {r.x, r.y + rad, ring, r.h - 2 * rad},
                         {r.x + r.w - ring, r.y + rad, ring, r.h - 2 * rad}};
        SDL_RenderFillRects(ren, e, 4);
    } else {
        SDL_Rect e[3] = {{r.x + rad, r.y, r.w - 2 * rad, r.h},
                         {r.x, r.y + rad, rad, r.h - 2 * rad},
                         {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad}};
        SDL_RenderFillRects(ren, e, rad ? 3 : 1);
    }
    if (!rad) {
        return;
    }
    SDL_SetTextureColorMod(corner, col.r, col.g, col.b);
    SDL_SetTextureAlphaMod(corner, col.a);
    const SDL_RendererFlip flips[4] = {
        SDL_FLIP_NONE, SDL_FLIP_HORIZONTAL, SDL_FLIP_VERTICAL,
        (SDL_RendererFlip)(SDL_FLIP_HORIZONTAL | SDL_FLIP_VERTICAL)};
    const int cx[4] = {r.x, r.x + r.w - rad, r.x, r.x + r.w - rad};
    const int cy[4] = {r.y, r.y, r.y + r.h - rad, r.y + r.h - rad};
    for (int k = 0; k < 4; k++) {
        SDL_Rect dst = {cx[k], cy[k], rad, rad};
        SDL_RenderCopyEx(ren, corner, NULL, &dst, 0.0, NULL, flips[k]);
    }
}

static long long mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

static int same_file(const struct image_slot *s, const struct stat *st)
{
    return s->dev == st->st_dev && s->ino == st->st_ino &&
           s->size == st->st_size && s->mtime_ns == mtime_ns(st);
}

/* Decodes a picture the pack checks allow: a regular PNG file within
 * core/png.h's limits (judged by its header: a 20000 x 20000 picture is
 * never decoded). NULL otherwise. */
static SDL_Surface *image_load(const char *path, const struct stat *st)
{
    long w, h;
    if (!S_ISREG(st->st_mode) || st->st_size > KIOSK_IMAGE_MAX_BYTES ||
        kiosk_png_size(path, &w, &h) != KIOSK_OK ||
        !kiosk_image_size_ok(w, h)) {
        return NULL;
    }
    return IMG_Load(path);
}

static struct image_slot *image_get(struct ui_sdl *b, const char *path)
{
    struct stat st;
    if (strlen(path) >= sizeof b->images[0].path || stat(path, &st) != 0) {
        return NULL; /* longer than any path the system can open */
    }
    struct image_slot *lru = &b->images[0];
    for (int i = 0; i < IMAGE_SLOTS; i++) {
        struct image_slot *s = &b->images[i];
        if ((s->tex || s->failed) && strcmp(s->path, path) == 0) {
            if (same_file(s, &st)) {
                s->used = ++b->clock;
                return s->tex ? s : NULL;
            }
            lru = s; /* the file changed: load it again in this slot */
            break;
        }
        if (s->used < lru->used) {
            lru = s;
        }
    }
    if (lru->tex) {
        SDL_DestroyTexture(lru->tex);
    }
    memset(lru, 0, sizeof *lru);
    snprintf(lru->path, sizeof lru->path, "%s", path);
    lru->dev = st.st_dev;
    lru->ino = st.st_ino;
    lru->size = st.st_size;
    lru->mtime_ns = mtime_ns(&st);
    lru->used = ++b->clock;
    SDL_Surface *s = image_load(path, &st);
    if (!s) {
        lru->failed = 1;
        return NULL;
    }
    lru->tex = SDL_CreateTextureFromSurface(b->ren, s);
    lru->w = s->w;
    lru->h = s->h;
    SDL_FreeSurface(s);
    if (!lru->tex) {
        lru->failed = 1;
        return NULL;
    }
    return lru;
}

void ui_sdl_render(struct ui_sdl *b, const struct ui *ui)
{
    SDL_Renderer *ren = b->ren;
    SDL_SetRenderTarget(ren, b->target);
    SDL_RenderSetClipRect(ren, NULL);
    const struct ui_color bg = ui->theme.bg;
    SDL_SetRenderDrawColor(ren, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(ren);
    for (int i = 0; i < ui->ncmds; i++) {
        const struct ui_cmd *c = &ui->cmds[i];
        switch (c->type) {
        case UI_CMD_RECT:
            draw_round(b, c->rect, c->radius, c->outline, c->color);
            break;
        case UI_CMD_TEXT: {
            struct text_style st = {c->px ? c->px : ui_font_px(ui, c->font),
                                    c->bold, c->rect.w,
                                    (enum text_align)c->align, c->max_lines,
                                    c->break_words};
            int w, h;
            SDL_Texture *t = text_texture(b->te, c->text, &st, &w, &h);
            if (t) {
                SDL_SetTextureColorMod(t, c->color.r, c->color.g, c->color.b);
                SDL_SetTextureAlphaMod(t, c->color.a);
                /* ui_text placed the block; lines inside it were aligned
                 * by the text engine */
                SDL_Rect dst = {c->rect.x, c->rect.y, w, h};
                SDL_RenderCopy(ren, t, NULL, &dst);
            }
            break;
        }
        case UI_CMD_IMAGE: {
            struct image_slot *s = image_get(b, c->text);
            if (s && s->w > 0 && s->h > 0) {
                /* fit inside the rect, keep the aspect ratio, centre */
                float k = fminf((float)c->rect.w / (float)s->w,
                                (float)c->rect.h / (float)s->h);
                int w = (int)((float)s->w * k), h = (int)((float)s->h * k);
                SDL_Rect dst = {c->rect.x + (c->rect.w - w) / 2,
                                c->rect.y + (c->rect.h - h) / 2, w, h};
                SDL_RenderCopy(ren, s->tex, NULL, &dst);
            }
            break;
        }
        case UI_CMD_CLIP:
            if (c->rect.w > 0) {
                SDL_Rect r = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
                SDL_RenderSetClipRect(ren, &r);
            } else {
                SDL_RenderSetClipRect(ren, NULL);
            }
            break;
        }
    }
    SDL_RenderSetClipRect(ren, NULL);
    SDL_SetRenderTarget(ren, NULL);
    SDL_SetRenderDrawColor(ren, 0, 0, 0, 255);
    SDL_RenderClear(ren);
    SDL_Rect dst = {(b->win_w - b->log_w) / 2, (b->win_h - b->log_h) / 2,
                    b->log_w, b->log_h};
    SDL_RenderCopyEx(ren, b->target, NULL, &dst, (double)b->rotation, NULL,
                     SDL_FLIP_NONE);
    SDL_RenderPresent(ren);
}

SDL_Surface *ui_sdl_capture(struct ui_sdl *b)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, b->log_w, b->log_h, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        return NULL;
    }
    SDL_SetRenderTarget(b->ren, b->target);
    int rc = SDL_RenderReadPixels(b->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
                                  s->pixels, s->pitch);
    SDL_SetRenderTarget(b->ren, NULL);
    if (rc != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

enum kiosk_err ui_sdl_screenshot(struct ui_sdl *b, const char *path)
{
    SDL_Surface *s = ui_sdl_capture(b);
    if (!s) {
        return KIOSK_EIO;
    }
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc == 0 ? KIOSK_OK : KIOSK_EIO;
}
