/* A text engine for the UI's tests, so that layouts are known without
 * fonts: every character px/2 wide, lines px*4/3 high, wrapped (never
 * inside a word: characters alone) and cut at max_lines. */
#ifndef KIOSK_TEST_FAKE_MEASURE_H
#define KIOSK_TEST_FAKE_MEASURE_H

#include <string.h>

#include "ui/ui.h"

static void fake_measure(void *ctx, const struct ui_measure_req *rq, int *w,
                         int *h, int *cut)
{
    (void)ctx;
    int cw = rq->px / 2, lh = rq->px + rq->px / 3;
    int len = (int)strlen(rq->text);
    int lines = 1;
    *w = len * cw;
    if (rq->wrap_w > 0 && *w > rq->wrap_w) {
        int per = rq->wrap_w / cw > 0 ? rq->wrap_w / cw : 1;
        lines = (len + per - 1) / per;
        *w = per * cw;
    }
    *cut = rq->max_lines > 0 && lines > rq->max_lines;
    if (*cut) {
        lines = rq->max_lines;
    }
    *h = lines * lh;
}

#endif
