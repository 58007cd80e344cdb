/* Checks a built frame the way a visitor with older eyes and big fingers
 * meets it, from the UI's own draw commands and widget list (no pixels):
 *
 * - every text has 7:1 contrast against what is drawn behind it (WCAG 2
 *   AAA, 1.4.6), every control's edge and every meaningful shape 3:1
 *   against what surrounds it (1.4.11);
 * - every target is at least 48 x 48 design pixels (9 mm on the 7" 800x480
 *   panel) and 12 design pixels (2 mm) from its neighbours;
 * - no text leaves the screen, crosses the edge of the box it is in, is
 *   drawn over by a later shape, or overlaps another text.
 *
 * What lies under a modal dialog's dimming layer is not checked: it is not
 * meant to be read or touched. The headless step `check-fit` runs this on
 * every text size (src/app/script.c). */
#ifndef KIOSK_UI_CHECK_H
#define KIOSK_UI_CHECK_H

#include "ui/ui.h"

struct ui_check_limits {
    double text_contrast;   /* least contrast of a text: 7.0 */
    double edge_contrast;   /* least contrast of an edge or shape: 3.0 */
    int target;             /* least side of a target, design px: 48 */
    int gap;                /* least gap between targets, design px: 12 */
};

/* The project's limits (issue 15). */
extern const struct ui_check_limits ui_check_default;

enum ui_problem {
    UI_PROB_TEXT_CONTRAST,
    UI_PROB_EDGE_CONTRAST,
    UI_PROB_TARGET_SIZE,
    UI_PROB_TARGET_GAP,
    UI_PROB_TARGET_OVERLAP,
    UI_PROB_TEXT_OFF_SCREEN,
    UI_PROB_TEXT_ESCAPES,   /* crosses the edge of its box, or cut at the
                               side of a scroll area */
    UI_PROB_TEXT_COVERED,   /* a later shape is drawn over it */
    UI_PROB_TEXT_OVERLAP,   /* two texts on top of each other */
    UI_PROB_DROPPED,        /* the frame's lists were full */
};

struct ui_issue {
    enum ui_problem what;
    double value, limit;    /* the measure and what it must reach */
    char msg[360];          /* what and where, with the numbers */
};

/** The short name of a problem ("text contrast", "target gap"...). */
const char *ui_problem_name(enum ui_problem p);

/** Its key in scripts ("text-contrast", "target-gap"...), and back
 * (-1: no such problem). */
const char *ui_problem_key(enum ui_problem p);
int ui_problem_parse(const char *key);

/** Checks the frame last built in ui (between ui_begin and the next
 * ui_begin) against lim. Writes the first `max` issues to out and returns
 * how many there are in all (0 = the frame holds). */
int ui_check_frame(const struct ui *ui, const struct ui_check_limits *lim,
                   struct ui_issue *out, int max);

/** The colour drawn at pixel (x, y) by the frame's first `upto` commands
 * over the theme's background; *image set when a picture covers it (its
 * colour is unknown here). */
struct ui_color ui_check_color_at(const struct ui *ui, int x, int y,
                                  int upto, int *image);

#endif
