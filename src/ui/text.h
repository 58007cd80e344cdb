/* Text engine: every script we serve, on screen and on the ticket.
 *
 * SDL2_ttf 2.20 shapes with HarfBuzz but neither guesses the script nor falls
 * back to another font, and the Khmer and Tai Viet fonts have no Latin digits.
 * So a string is split into paragraphs (at '\n'), each paragraph into script
 * runs (ICU uscript), each run is drawn with the font for its script, whose
 * HarfBuzz script is set once when the font is opened (TTF_SetFontScriptName).
 * Lines are broken at UAX #14 opportunities (ICU ubrk, which also segments
 * Khmer by dictionary and honours U+200B).
 *
 * Laid-out blocks are cached (measure is called every frame); rendered blocks
 * are cached as white textures tinted at draw time, so a string is rasterised
 * once, not once a frame. Both caches are LRU with a fixed number of entries. */
#ifndef KIOSK_UI_TEXT_H
#define KIOSK_UI_TEXT_H

#include <stdint.h>

#include <SDL.h>

#include "core/err.h"

struct text_engine;

enum text_align { TEXT_LEFT = 0, TEXT_CENTER = 1, TEXT_RIGHT = 2 };

/* One request: a string in a size and weight, wrapped at wrap_w pixels
 * (0 = no wrapping), aligned within the wrap width, and at most max_lines
 * lines (0 = all): a longer block is cut after the last line that fits,
 * at a word boundary where one fits (else between two characters), and
 * ends in "…". With break_words, a word wider than wrap_w breaks between
 * characters (never a number), so no other line is wider than wrap_w. */
struct text_style {
    int px;              /* font size in pixels (Latin; other scripts are
                            scaled to look the same size, see text.c) */
    int bold;            /* 1 = bold face (synthetic where the script has
                            no bold font) */
    int wrap_w;          /* wrap width in pixels; 0 = one line per paragraph */
    enum text_align align;
    int max_lines;       /* 0 = every line */
    int break_words;     /* 1 = a word wider than a line breaks */
};

/** Opens the fonts in font_dir. `renderer` may be NULL for a text engine that
 * only measures and renders to bitmaps (ticket raster, --check-pack). Returns
 * NULL and a diagnostic when a font is missing or broken. */
struct text_engine *text_engine_new(SDL_Renderer *renderer,
                                    const char *font_dir,
                                    struct kiosk_diag *diag);
void text_engine_free(struct text_engine *te);

/** Size of the laid-out block, in pixels. Cached. */
void text_measure(struct text_engine *te, const char *s,
                  const struct text_style *st, int *w, int *h);
/** The same, and *cut = 1 when max_lines left lines out (the block ends
 * in "…"). */
void text_measure_cut(struct text_engine *te, const char *s,
                      const struct text_style *st, int *w, int *h, int *cut);

/** The size factor of a script's font against Latin (1.0 = as Latin),
 * measured from the fonts when the engine opened them: "Latn", "Khmr",
 * "Tavt". */
double text_script_scale(const struct text_engine *te, const char *tag);

/** A white texture of the block (tint with SDL_SetTextureColorMod); owned by
 * the cache, valid until the next text_* call that may evict it, i.e. use it
 * at once. NULL for an empty string. */
SDL_Texture *text_texture(struct text_engine *te, const char *s,
                          const struct text_style *st, int *w, int *h);

/** Renders the block into a malloc'd 8-bit coverage buffer (0 = paper,
 * 255 = ink), stride = *w. Caller frees. NULL for an empty string. */
uint8_t *text_render_alpha(struct text_engine *te, const char *s,
                           const struct text_style *st, int *w, int *h);

/** 1 if every character of s is drawn by one of our fonts (none falls to a
 * missing-glyph box). */
int text_covered(struct text_engine *te, const char *s);

/** Cache statistics for tests and benchmarks: layouts and textures made
 * since start. A static screen must not increase them frame after frame. */
void text_stats(const struct text_engine *te, long *layouts, long *renders);

#endif
