/* SDL2 backend of the UI: window, renderer, input mapping and drawing of the
 * command list produced by ui.c. The only UI file that includes SDL. */
#ifndef KIOSK_UI_UI_SDL_H
#define KIOSK_UI_UI_SDL_H

#include <SDL.h>

#include "core/err.h"
#include "ui/text.h"
#include "ui/ui.h"

struct ui_sdl_opts {
    int width, height;    /* window size (physical panel size when full) */
    int fullscreen;       /* SDL_WINDOW_FULLSCREEN_DESKTOP */
    int headless;         /* hidden window, software renderer */
    int rotation;         /* 0/90/180/270: logical UI turned on the panel */
    const char *font_dir;
};

struct ui_sdl;

/** Creates window, renderer, the logical render target and the text
 * engine. NULL on failure with a diagnostic. */
struct ui_sdl *ui_sdl_open(const struct ui_sdl_opts *o, struct kiosk_diag *d);
void ui_sdl_close(struct ui_sdl *b);

/** Logical UI size (rotated for 90/270). */
void ui_sdl_logical_size(const struct ui_sdl *b, int *w, int *h);

/** Connects a ui context to this backend's text measuring. */
void ui_sdl_attach(struct ui_sdl *b, struct ui *ui);

/** Draws the frame's commands into the logical target and presents it. */
void ui_sdl_render(struct ui_sdl *b, const struct ui *ui);

/** Maps a window pixel to logical UI coordinates. */
void ui_sdl_map_point(const struct ui_sdl *b, int wx, int wy, int *lx,
                      int *ly);

/** Writes the last rendered logical frame as a PNG. */
enum kiosk_err ui_sdl_screenshot(struct ui_sdl *b, const char *path)
    KIOSK_NODISCARD;

/** Reads the last frame as a new ARGB8888 surface (caller frees). */
SDL_Surface *ui_sdl_capture(struct ui_sdl *b);

struct text_engine *ui_sdl_text(struct ui_sdl *b);
SDL_Window *ui_sdl_window(struct ui_sdl *b);

#endif
