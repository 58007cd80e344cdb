/* The SDL backend's picture cache (issue 17, item 11): a picture changed
 * in place (a pack reloaded into the same folder) is drawn new, not from
 * the old texture; a picture over the size limits is never decoded. Real
 * PNG files through SDL_image, the software renderer, pixels read back. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "test.h"
#include "ui/ui_sdl.h"

static char tmp[64];

/* A w x h PNG of one colour at path. */
static int write_png(const char *path, int w, int h, Uint8 r, Uint8 g,
                     Uint8 b)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        return -1;
    }
    SDL_FillRect(s, NULL, SDL_MapRGB(s->format, r, g, b));
    int rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc;
}

/* Draws the picture at path over the whole window; returns the colour of
 * the centre pixel as 0xRRGGBB. */
static Uint32 draw(struct ui_sdl *be, struct ui *ui, const char *path)
{
    struct ui_input in = {0};
    ui_begin(ui, &in);
    ui_image(ui, (struct ui_rect){0, 0, 200, 100}, path);
    ui_end(ui);
    ui_sdl_render(be, ui);
    SDL_Surface *s = ui_sdl_capture(be);
    if (!s) {
        return 0xFFFFFFFF;
    }
    Uint32 px = ((Uint32 *)s->pixels)[(s->h / 2) * (s->pitch / 4) + s->w / 2];
    Uint8 r, g, b;
    SDL_GetRGB(px, s->format, &r, &g, &b);
    SDL_FreeSurface(s);
    return (Uint32)r << 16 | (Uint32)g << 8 | b;
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/kiosk-uisdl-XXXXXX");
    if (!mkdtemp(tmp) || SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "setup: %s\n", SDL_GetError());
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    struct kiosk_diag d = {0};
    struct ui_sdl_opts o = {200, 100, 0, 1, 0, KIOSK_SOURCE_DIR "/fonts"};
    struct ui_sdl *be = ui_sdl_open(&o, &d);
    CHECK(be != NULL);
    if (!be) {
        kiosk_diag_print(&d, stderr);
        return 1;
    }
    static struct ui ui;
    ui_init(&ui, 200, 100, 0);
    ui_sdl_attach(be, &ui);

    char path[128];
    snprintf(path, sizeof path, "%s/pic.png", tmp);
    CHECK_INT(write_png(path, 40, 20, 0xD0, 0x10, 0x10), 0);
    Uint32 red = draw(be, &ui, path);
    CHECK((red >> 16) > 0xA0 && (red & 0xFF) < 0x40);
    /* drawn again: the same texture, still red */
    CHECK_INT(draw(be, &ui, path), red);

    /* the same path, new content (written in place, as cp does; the time
     * set apart so that the test does not depend on clock resolution) */
    CHECK_INT(write_png(path, 40, 20, 0x10, 0x10, 0xD0), 0);
    struct timespec t[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
    CHECK_INT(utimensat(AT_FDCWD, path, t, 0), 0);
    Uint32 blue = draw(be, &ui, path);
    CHECK((blue & 0xFF) > 0xA0 && (blue >> 16) < 0x40);

    /* a picture over the limits is not decoded: nothing is drawn (the
     * background shows), and the kiosk goes on */
    snprintf(path, sizeof path, "%s/wide.png", tmp);
    CHECK_INT(write_png(path, 3000, 2, 0xD0, 0x10, 0x10), 0);
    Uint32 bg = draw(be, &ui, "/nonexistent/none.png");
    CHECK_INT(draw(be, &ui, path), bg);

    ui_sdl_close(be);
    kiosk_diag_free(&d);
    IMG_Quit();
    SDL_Quit();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK_INT(system(cmd), 0);
    TEST_MAIN_END();
}
