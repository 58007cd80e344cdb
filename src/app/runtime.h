/* The running kiosk: app + SDL backend + clock, shared by the interactive
 * loop (main.c) and the headless script driver (script.c). */
#ifndef KIOSK_APP_RUNTIME_H
#define KIOSK_APP_RUNTIME_H

#include "app/app.h"
#include "ui/ui_sdl.h"

struct runtime {
    struct app *app;
    struct ui_sdl *be;
    const char *shots_dir;    /* where `shot` writes; NULL = current dir */
    const char *golden_dir;   /* goldens to compare with; NULL = none */
    int pointer_down;         /* finger/button currently down */
    int px, py;               /* last pointer position (logical) */
    long frames;              /* frames built */
    long renders;             /* frames rendered */
    unsigned fit_known;       /* problems check-fit counts but does not
                                 fail on (1 << enum ui_problem) */
};

/** Builds one frame with the given input, and as many more (no input) as
 * the app asks for to settle; renders the last one when `render`. */
void runtime_frame(struct runtime *rt, const struct ui_input *in, int render);

/** Runs a headless script; returns 0 when every expectation held. Errors
 * are printed as "file:line: message". */
int script_run_file(struct runtime *rt, const char *path);
int script_run_text(struct runtime *rt, const char *text, const char *name);

/** The monkey: `steps` random touches, drags, keys, scans and clock jumps
 * (seeded, so a failure repeats), across every screen including staff mode
 * (the gesture, then whatever the taps reach). After every step the screen
 * must offer a way back (Back, Home, Leave, Exit, or the idle dialog's
 * buttons) unless it is attract. Prints RSS at start and end. Returns 0
 * when every step kept that promise. */
int monkey_run(struct runtime *rt, long steps, unsigned long seed);

/** The demo visit played when there is no display. */
extern const char script_demo[];

/** Compares a frame with a golden PNG: differing pixels (any channel off by
 * more than 40) must be at most 0.5 %. On a mismatch writes NAME.diff.png
 * beside `actual_path`. Returns 0 on match, 1 on mismatch, -1 when the
 * golden cannot be read (with KIOSK_UPDATE_GOLDEN=1 it is created). */
int golden_check(struct ui_sdl *be, const char *actual_path,
                 const char *golden_path, char *why, size_t why_n);

#endif
