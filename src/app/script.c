/* Headless script driver: plays a visit with synthetic touches on a virtual
 * clock and checks what a visitor would see.
 *
 *   tap X Y (pixels or "50%") | tap-text "LABEL" | drag X1 Y1 X2 Y2 | key NAME | type "TEXT"
 *   advance SECONDS | expect-screen NAME | expect-text "TEXT"
 *   expect-no-text "TEXT" | shot NAME.png | lang CODE | window
 *   expect-visit none|active | expect-audio started|stopped
 *   expect-answer NAME VALUE (the questionnaire's current value of NAME)
 *   clock +DAYS | clock -DAYS (the wall clock jumps) | expect-purged MIN
 *   scan "CODE-OR-URL" (a USB scanner) | hold X Y SECONDS
 *   wait-sent N SECONDS (real time: until N records reached ODK Central)
 *   wait-print SECONDS (real time: frames run while the printer job works)
 *   swap-pack DIR ok|kept (a new content pack arrives: swapped, or kept
 *   out because it is broken)
 *   expect-no-queries FRAMES [drag] (redrawing, or scrolling, reads nothing
 *   from the store)
 *   check-fit (the screen at 100, 125 and 150 % text: contrast, targets,
 *   no text escaping or overlapping; ui/check.h)
 *   fit-known KEY... (problems check-fit counts but does not fail on)
 *   mic FILE.wav (what a USB microphone hears next: with SDL_AUDIODRIVER=disk)
 *   wait-record SECONDS (real time: frames run while a recording goes on)
 *   expect-audio-file "TEXT" (the narration last started has TEXT in its path)
 *   audio-end (the narration playing ends as if heard to its end)
 *   expect-visitor-language (every text drawn is in the visitor's language
 *   or marked as being in another: app_vt_check)
 *
 * Blank lines and lines starting with '#' are ignored. The run stops at the
 * first failed step and names its line. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "app/audio.h"
#include "app/audio_capture.h"
#include "app/staff_languages.h"
#include "app/runtime.h"
#include "app/screens.h"
#include "core/csv.h"
#include "store/store.h"
#include "survey/survey.h"
#include "ui/check.h"

#define SCRIPT_MAX (32 * 1024 * 1024) /* long soak scripts */
#define ARGS_MAX 6

const char script_demo[] =
    "# The built-in demo visit (played when there is no display)\n"
    "shot 01-attract.png\n"
    "tap 50% 50%\n"
    "expect-screen language\n"
    "shot 02-language.png\n"
    "tap-text \"English\"\n"
    "expect-screen home\n"
    "shot 03-home.png\n"
    "tap-text \"Information\"\n"
    "expect-screen info\n"
    "shot 04-info.png\n"
    "advance 200\n"
    "expect-screen attract\n"
    "shot 05-wiped.png\n";

void runtime_frame(struct runtime *rt, const struct ui_input *in, int render)
{
    struct app *a = rt->app;
    struct ui_input none = {in->x, in->y, in->down, 0, 0};
    ui_begin(&a->ui, in);
    app_frame(a);
    ui_end(&a->ui);
    rt->frames++;
    /* A tap may change state anywhere (a login step, a selection) without
     * the screen asking for a redraw: after any press or release, build at
     * least one more frame so what is drawn matches the state. */
    int settle = in->pressed || in->released;
    for (int i = 0; i < 4 && (a->redraw || settle); i++) {
        settle = 0;
        ui_begin(&a->ui, &none);
        app_frame(a);
        ui_end(&a->ui);
        rt->frames++;
    }
    if (render) {
        ui_sdl_render(rt->be, &a->ui);
        rt->renders++;
    }
}

/* Splits a line into words; "quoted strings" keep their spaces. */
static int split(char *line, char **argv, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (isspace((unsigned char)*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        if (*p == '"') {
            argv[n++] = ++p;
            while (*p && *p != '"') {
                p++;
            }
        } else {
            argv[n++] = p;
            while (*p && !isspace((unsigned char)*p)) {
                p++;
            }
        }
        if (*p) {
            *p++ = '\0';
        }
    }
    return n;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        return -1;
    }
    *out = v;
    return 0;
}

/* A coordinate: pixels, or a percentage of the screen ("50%"). */
static int parse_coord(const char *s, int extent, long *out)
{
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '%') {
        char tmp[16];
        long pct;
        if (n >= sizeof tmp) {
            return -1;
        }
        memcpy(tmp, s, n - 1);
        tmp[n - 1] = '\0';
        if (parse_int(tmp, 0, 100, &pct)) {
            return -1;
        }
        *out = pct * (extent - 1) / 100;
        return 0;
    }
    return parse_int(s, 0, extent - 1, out);
}

static void pointer(struct runtime *rt, int x, int y, int pressed,
                    int released)
{
    struct ui_input in = {x, y, !released, pressed, released};
    rt->px = x;
    rt->py = y;
    rt->pointer_down = !released;
    app_note_input(rt->app);
    runtime_frame(rt, &in, 0);
}

static void tap(struct runtime *rt, int x, int y)
{
    pointer(rt, x, y, 1, 0);
    rt->app->now_ms += 80;
    pointer(rt, x, y, 0, 1);
}

static int fail(const char *name, int line, const char *fmt, const char *arg)
{
    fprintf(stderr, "%s:%d: ", name, line);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

static int do_shot(struct runtime *rt, const char *file, const char *name,
                   int line)
{
    char path[1024], why[1200];
    struct ui_input none = {rt->px, rt->py, rt->pointer_down, 0, 0};
    runtime_frame(rt, &none, 1);
    snprintf(path, sizeof path, "%s/%s", rt->shots_dir ? rt->shots_dir : ".",
             file);
    if (ui_sdl_screenshot(rt->be, path) != KIOSK_OK) {
        return fail(name, line, "cannot write %s", path);
    }
    if (rt->golden_dir) {
        char gold[1024];
        snprintf(gold, sizeof gold, "%s/%s", rt->golden_dir, file);
        int rc = golden_check(rt->be, path, gold, why, sizeof why);
        if (rc != 0) {
            return fail(name, line, "screenshot mismatch: %s", why);
        }
    }
    return 0;
}

static int step_tap(struct runtime *rt, char **av, int ac,
                    const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if (parse_coord(av[1], a->ui.width, &v[0]) ||
        parse_coord(av[2], a->ui.height, &v[1])) {
        return fail(name, line, "tap needs X Y on screen (pixels or "
                    "percent)%s", "");
    }
    tap(rt, (int)v[0], (int)v[1]);
    return 0;
}

static int step_tap_text(struct runtime *rt, char **av, int ac,
                         const char *name, int line)
{
    struct app *a = rt->app;
    int x, y;
    if (!ui_find_label(&a->ui, av[1], &x, &y)) {
        return fail(name, line, "no widget labelled \"%s\" on screen",
                    av[1]);
    }
    tap(rt, x, y);
    return 0;
}

static int step_drag(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    for (int i = 0; i < 4; i++) {
        if (parse_coord(av[1 + i], i % 2 ? a->ui.height : a->ui.width,
                        &v[i])) {
            return fail(name, line, "drag needs X1 Y1 X2 Y2 on screen%s",
                        "");
        }
    }
    pointer(rt, (int)v[0], (int)v[1], 1, 0);
    for (int s = 1; s <= 8; s++) {
        a->now_ms += 16;
        pointer(rt, (int)(v[0] + (v[2] - v[0]) * s / 8),
                (int)(v[1] + (v[3] - v[1]) * s / 8), 0, 0);
    }
    pointer(rt, (int)v[2], (int)v[3], 0, 1);
    return 0;
}

static int step_key(struct runtime *rt, char **av, int ac,
                    const char *name, int line)
{
    struct app *a = rt->app;
    app_key(a, av[1]);
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    return 0;
}

static int step_type(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    struct app *a = rt->app;
    app_text_input(a, av[1]);
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    return 0;
}

static int step_scan(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    struct app *a = rt->app;
    /* a USB scanner: the code or URL typed, then Return */
    app_text_input(a, av[1]);
    app_key(a, "Return");
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    return 0;
}

static int step_hold(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    struct app *a = rt->app;
    /* touch and hold at X Y for SECONDS (the staff gesture) */
    long x, y2, secs;
    if (parse_coord(av[1], a->ui.width, &x) ||
        parse_coord(av[2], a->ui.height, &y2) ||
        parse_int(av[3], 0, 600, &secs)) {
        return fail(name, line, "hold takes X Y SECONDS%s", "");
    }
    pointer(rt, (int)x, (int)y2, 1, 0);
    for (long ms = 0; ms < secs * 1000; ms += 100) {
        a->now_ms += 100;
        pointer(rt, (int)x, (int)y2, 0, 0);
    }
    pointer(rt, (int)x, (int)y2, 0, 1);
    return 0;
}

static int step_advance(struct runtime *rt, char **av, int ac,
                        const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if (parse_int(av[1], 0, 86400 * 30, &v[0])) {
        return fail(name, line, "advance needs seconds%s", "");
    }
    int64_t end = a->now_ms + v[0] * 1000;
    struct ui_input none = {rt->px, rt->py, rt->pointer_down, 0, 0};
    while (a->now_ms < end) {
        int64_t dt = end - a->now_ms < 250 ? end - a->now_ms : 250;
        a->now_ms += dt;
        runtime_frame(rt, &none, 0);
    }
    return 0;
}

static int step_expect_screen(struct runtime *rt, char **av, int ac,
                              const char *name, int line)
{
    struct app *a = rt->app;
    if (strcmp(app_screen_name(a->screen), av[1]) != 0) {
        fprintf(stderr, "%s:%d: expected screen %s, on %s\n", name, line,
                av[1], app_screen_name(a->screen));
        return 1;
    }
    return 0;
}

static int step_expect_text(struct runtime *rt, char **av, int ac,
                            const char *name, int line)
{
    struct app *a = rt->app;
    if (!ui_frame_has_text(&a->ui, av[1])) {
        return fail(name, line, "no text \"%s\" on screen", av[1]);
    }
    return 0;
}

static int step_expect_no_text(struct runtime *rt, char **av, int ac,
                               const char *name, int line)
{
    struct app *a = rt->app;
    if (ui_frame_has_text(&a->ui, av[1])) {
        return fail(name, line, "text \"%s\" is on screen", av[1]);
    }
    return 0;
}

/* No text drawn came from another language than the visitor's without
 * the mark that says so (issue 15; app_vt_check). */
static int step_expect_visitor_language(struct runtime *rt, char **av,
                                        int ac, const char *name, int line)
{
    struct app *a = rt->app;
    char why[300] = "";
    if (!a->visit.active) {
        return fail(name, line, "no visitor%s", "");
    }
    char msg[400];
    if (app_vt_check(a, why, sizeof why)) {
        snprintf(msg, sizeof msg, "on %s, unmarked: %s",
                 app_screen_name(a->screen), why);
        return fail(name, line, "%s", msg);
    }
    return 0;
}

static int step_shot(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    if (strchr(av[1], '/') || !strstr(av[1], ".png")) {
        return fail(name, line, "shot takes a file name NAME.png, not %s",
                    av[1]);
    }
    return do_shot(rt, av[1], name, line);
}

static int step_lang(struct runtime *rt, char **av, int ac,
                     const char *name, int line)
{
    struct app *a = rt->app;
    if (!a->pack || pack_lang_index(a->pack, av[1]) < 0) {
        return fail(name, line, "no language %s in the pack", av[1]);
    }
    if (!a->visit.active) {
        app_begin_visit(a); /* like a visitor who touched attract */
    }
    snprintf(a->visit.lang, sizeof a->visit.lang, "%s", av[1]);
    app_note_input(a);
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    return 0;
}

static int step_expect_visit(struct runtime *rt, char **av, int ac,
                             const char *name, int line)
{
    struct app *a = rt->app;
    int wiped = app_visit_is_wiped(a);
    if (strcmp(av[1], "none") == 0 && !wiped) {
        return fail(name, line, "the visit is still in memory%s", "");
    }
    if (strcmp(av[1], "active") == 0 && !a->visit.active) {
        return fail(name, line, "no visit is active%s", "");
    }
    return 0;
}

static int step_expect_answer(struct runtime *rt, char **av, int ac,
                              const char *name, int line)
{
    struct app *a = rt->app;
    const char *want = ac == 3 ? av[2] : "";
    const struct survey_form *f = a->visit.run
                                      ? survey_run_form(a->visit.run)
                                      : NULL;
    int item = f ? survey_form_find(f, av[1]) : -1;
    if (item < 0) {
        return fail(name, line, "no questionnaire field %s", av[1]);
    }
    const char *got = survey_run_value(a->visit.run, item);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", name,
                line, av[1], got, want);
        return 1;
    }
    return 0;
}

static int step_clock(struct runtime *rt, char **av, int ac,
                      const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if ((av[1][0] != '+' && av[1][0] != '-') ||
        parse_int(av[1] + 1, 0, 36500, &v[0])) {
        return fail(name, line, "clock takes +DAYS or -DAYS, not %s",
                    av[1]);
    }
    a->wall0 += (av[1][0] == '-' ? -1 : 1) * v[0] * 86400;
    app_services_due(a); /* a new day may have old records to purge */
    return 0;
}

static int step_wait_print(struct runtime *rt, char **av, int ac,
                           const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if (parse_int(av[1], 1, 120, &v[0])) {
        return fail(name, line, "wait-print takes seconds%s", "");
    }
    /* the printer runs on real time: keep building and drawing frames
     * (the screen must never freeze) until the job has finished */
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    for (long ms = 0; ms < v[0] * 1000 && a->visit.job &&
                      a->visit.ticket_state == 0; ms += 20) {
        SDL_Delay(20);
        a->now_ms += 20;
        runtime_frame(rt, &none, 1);
    }
    if (a->visit.ticket_state == 0) {
        return fail(name, line, "the print job is still running%s", "");
    }
    return 0;
}

static int step_wait_sent(struct runtime *rt, char **av, int ac,
                          const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if (parse_int(av[1], 0, 100000, &v[0]) ||
        parse_int(av[2], 1, 120, &v[1]) || !a->sender) {
        return fail(name, line, "wait-sent N SECONDS, with reporting "
                    "on%s", "");
    }
    struct report_status st;
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    for (long ms = 0; ms < v[1] * 1000; ms += 50) {
        report_status(a->sender, &st);
        if (st.sent >= v[0]) {
            break;
        }
        SDL_Delay(50);
        runtime_frame(rt, &none, 0); /* the screen goes on meanwhile */
    }
    report_status(a->sender, &st);
    if (st.sent < v[0]) {
        fprintf(stderr, "%s:%d: %lld records sent, expected %ld (%s)\n",
                name, line, (long long)st.sent, v[0], st.last_error);
        return 1;
    }
    return 0;
}

static int step_swap_pack(struct runtime *rt, char **av, int ac,
                          const char *name, int line)
{
    struct app *a = rt->app;
    enum kiosk_err e = app_reload_pack(a, av[1]);
    if ((e == KIOSK_OK) != (strcmp(av[2], "ok") == 0)) {
        return fail(name, line, "swap-pack: the pack was %s",
                    e == KIOSK_OK ? "swapped in" : "not swapped in");
    }
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    return 0;
}

static int step_expect_purged(struct runtime *rt, char **av, int ac,
                              const char *name, int line)
{
    struct app *a = rt->app;
    long v[4];
    if (parse_int(av[1], 0, 1000000000, &v[0])) {
        return fail(name, line, "expect-purged takes a count%s", "");
    }
    if (a->purged < v[0]) {
        fprintf(stderr, "%s:%d: %ld records purged, expected at least "
                "%ld\n", name, line, a->purged, v[0]);
        return 1;
    }
    return 0;
}

static int step_expect_staff(struct runtime *rt, char **av, int ac,
                             const char *name, int line)
{
    struct app *a = rt->app;
    /* "none": no unlocked key and no trace of the session in memory */
    const unsigned char *p = (const unsigned char *)&a->staff;
    int clean = 1;
    for (size_t i = 0; i < sizeof a->staff; i++) {
        clean &= p[i] == 0;
    }
    if (strcmp(av[1], "none") == 0 && !clean) {
        return fail(name, line, "the staff session is still in memory%s",
                    "");
    }
    if (strcmp(av[1], "locked") == 0 && a->staff.key) {
        return fail(name, line, "a staff key is unlocked%s", "");
    }
    if (strcmp(av[1], "unlocked") == 0 && !a->staff.key) {
        return fail(name, line, "no staff member is logged in%s", "");
    }
    return 0;
}

static int step_expect_audio(struct runtime *rt, char **av, int ac,
                             const char *name, int line)
{
    struct app *a = rt->app;
    int playing = a->audio && audio_playing(a->audio);
    if (strcmp(av[1], "started") == 0 &&
        (!a->audio || audio_started(a->audio) == 0 || !playing)) {
        return fail(name, line, "no narration is playing%s", "");
    }
    if (strcmp(av[1], "stopped") == 0 && playing) {
        return fail(name, line, "narration is still playing%s", "");
    }
    return 0;
}

/* Counts the store's statements over `frames` redrawn frames with no
 * input, or (with "drag") while a finger drags down the screen: a screen
 * that only redraws, or scrolls, reads nothing (issue 18). */
static int step_expect_no_queries(struct runtime *rt, char **av, int ac,
                                  const char *name, int line)
{
    struct app *a = rt->app;
    long frames;
    if (parse_int(av[1], 1, 100000, &frames) ||
        (ac == 3 && strcmp(av[2], "drag") != 0) || !a->store) {
        return fail(name, line, "expect-no-queries FRAMES [drag], with a "
                    "database%s", "");
    }
    uint64_t before = store_queries(a->store);
    int w = a->ui.width, h = a->ui.height;
    for (long i = 0; i < frames; i++) {
        a->now_ms += 16;
        if (ac == 3) {
            int y = h * 3 / 4 - (int)(i % 40) * h / 80;
            struct ui_input in = {w / 2, y, 1, i % 40 == 0, 0};
            runtime_frame(rt, &in, 1);
        } else {
            struct ui_input none = {rt->px, rt->py, 0, 0, 0};
            a->redraw = 1;
            runtime_frame(rt, &none, 1);
        }
    }
    if (ac == 3) {
        struct ui_input up = {w / 2, h / 4, 0, 0, 1};
        runtime_frame(rt, &up, 1);
    }
    uint64_t n = store_queries(a->store) - before;
    if (n) {
        char what[64];
        snprintf(what, sizeof what, "%llu", (unsigned long long)n);
        return fail(name, line, "the screen ran %s store statements while "
                    "it only redrew", what);
    }
    return 0;
}

#define FIT_ISSUES 1024 /* issues kept per frame; more fail the step */

/* Prints one size's issues: each one not known, and a count of the known
 * ones (fit-known). Returns how many are not known. */
static int fit_report(const struct runtime *rt, const struct ui_issue *is,
                      int n, const char *where, const char *name, int line)
{
    int fails = 0, known = 0;
    for (int k = 0; k < n; k++) {
        if (k < FIT_ISSUES && (rt->fit_known >> is[k].what) & 1u) {
            known++;
            continue;
        }
        fails++;
        if (k < FIT_ISSUES) {
            fprintf(stderr, "%s:%d: %s: %s: %s\n", name, line, where,
                    ui_problem_key(is[k].what), is[k].msg);
        }
    }
    if (n > FIT_ISSUES) {
        fprintf(stderr, "%s:%d: %s: %d more problems\n", name, line, where,
                n - FIT_ISSUES);
    }
    if (known > 0 && getenv("KIOSK_FIT_REPORT")) {
        fprintf(stderr, "%s:%d: %s: %d known problems (fit-known)\n", name,
                line, where, known);
    }
    return fails;
}

/* Builds the screen at each text size and checks it (ui/check.h): every
 * problem is printed with the screen, size and language; the step fails
 * if there is any that `fit-known` did not name. KIOSK_FIT_REPORT=1
 * prints every problem, known ones too, without failing, to survey a
 * whole script at once; KIOSK_FIT_SHOTS=DIR also writes each frame
 * checked as DIR/NNN-SCREEN-LANG-PCT.png, to look at them. */
static int step_check_fit(struct runtime *rt, char **av, int ac,
                          const char *name, int line)
{
    (void)av;
    (void)ac;
    static const int pct[3] = {100, 125, 150};
    struct app *a = rt->app;
    const char *report = getenv("KIOSK_FIT_REPORT");
    int all = report && strcmp(report, "1") == 0;
    unsigned known = rt->fit_known;
    int keep = a->text_size, total = 0;
    /* the other sizes clamp a scrolled list (all of it fits at 100 %):
     * the screen goes back to where the visitor had scrolled it */
    int scroll = a->visit.scroll, scroll_h = a->visit.scroll_h;
    int quiz_scroll = a->quiz.scroll;
    const char *lang = app_is_staff_screen(a->screen) && a->staff.lang[0]
                           ? a->staff.lang : app_lang(a);
    struct ui_issue *is = malloc(sizeof *is * FIT_ISSUES);
    if (!is) {
        return fail(name, line, "check-fit: out of memory%s", "");
    }
    if (all) {
        rt->fit_known = 0;
    }
    for (int s = 0; s < 3; s++) {
        app_set_text_size(a, s);
        struct ui_input none = {rt->px, rt->py, rt->pointer_down, 0, 0};
        runtime_frame(rt, &none, 0);
        int n = ui_check_frame(&a->ui, &ui_check_default, is, FIT_ISSUES);
        const char *shots = getenv("KIOSK_FIT_SHOTS");
        if (shots && *shots) {
            static int seq;
            char path[1024];
            snprintf(path, sizeof path, "%s/%03d-%s-%s-%d.png", shots, ++seq,
                     app_screen_name(a->screen), lang, pct[s]);
            ui_sdl_render(rt->be, &a->ui);
            if (ui_sdl_screenshot(rt->be, path) != KIOSK_OK) {
                fprintf(stderr, "%s:%d: cannot write %s\n", name, line, path);
            }
        }
        char where[96];
        snprintf(where, sizeof where, "%s, %d %%, %s",
                 app_screen_name(a->screen), pct[s], lang);
        total += fit_report(rt, is, n, where, name, line);
    }
    free(is);
    rt->fit_known = known;
    app_set_text_size(a, keep);
    a->visit.scroll = scroll;
    a->visit.scroll_h = scroll_h;
    a->quiz.scroll = quiz_scroll;
    struct ui_input none = {rt->px, rt->py, rt->pointer_down, 0, 0};
    runtime_frame(rt, &none, 0);
    return total > 0 && !all;
}

/* Names problems check-fit counts without failing from here on: what is
 * known to be left to fix on these screens, in the open, one key each
 * (ui_problem_key), so the rest is held to the limits today. */
static int step_fit_known(struct runtime *rt, char **av, int ac,
                          const char *name, int line)
{
    for (int i = 1; i < ac; i++) {
        int p = ui_problem_parse(av[i]);
        if (p < 0) {
            return fail(name, line, "fit-known: no problem called %s", av[i]);
        }
        rt->fit_known |= 1u << p;
    }
    return 0;
}

/* A WAV becomes what the microphone hears: SDL's disk audio driver reads
 * the capture device's raw samples from SDL_DISKAUDIOFILEIN in real time,
 * so the WAV is converted to the format the recorder opens the device in
 * (16-bit mono, CLIP_RATE) and written beside the screenshots. */
static int step_mic(struct runtime *rt, char **av, int ac, const char *name,
                    int line)
{
    const char *drv = getenv("SDL_AUDIODRIVER");
    if (!drv || strcmp(drv, "disk") != 0) {
        return fail(name, line, "mic needs SDL_AUDIODRIVER=disk%s", "");
    }
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(av[1], &spec, &buf, &len)) {
        return fail(name, line, "mic: %s", SDL_GetError());
    }
    SDL_AudioCVT cvt;
    int rc = SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq,
                               AUDIO_S16LSB, 1, CLIP_RATE);
    Uint8 *data = rc >= 0 ? malloc((size_t)len * (size_t)(cvt.len_mult > 0
                                                              ? cvt.len_mult
                                                              : 1))
                          : NULL;
    if (!data) {
        SDL_FreeWAV(buf);
        return fail(name, line, "mic: cannot convert %s", av[1]);
    }
    memcpy(data, buf, len);
    SDL_FreeWAV(buf);
    cvt.buf = data;
    cvt.len = (int)len;
    if (SDL_ConvertAudio(&cvt) != 0) {
        free(data);
        return fail(name, line, "mic: %s", SDL_GetError());
    }
    char path[1100];
    snprintf(path, sizeof path, "%s/mic-in.raw",
             rt->shots_dir ? rt->shots_dir : ".");
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(data, 1, (size_t)cvt.len_cvt, f) ==
                      (size_t)cvt.len_cvt;
    ok &= f && fclose(f) == 0;
    free(data);
    if (!ok) {
        return fail(name, line, "mic: cannot write %s", path);
    }
    setenv("SDL_DISKAUDIOFILEIN", path, 1);
    return 0;
}

/* Real time passes while frames keep coming, as they do on the kiosk
 * while a recording runs (the capture device delivers in real time). */
static int step_wait_record(struct runtime *rt, char **av, int ac,
                            const char *name, int line)
{
    struct app *a = rt->app;
    long secs;
    if (parse_int(av[1], 1, 120, &secs)) {
        return fail(name, line, "wait-record takes seconds%s", "");
    }
    if (!app_languages_busy(a)) {
        return fail(name, line, "no recording is running%s", "");
    }
    struct ui_input none = {rt->px, rt->py, 0, 0, 0};
    for (long ms = 0; ms < secs * 1000 && app_languages_busy(a); ms += 20) {
        SDL_Delay(20);
        a->now_ms += 20;
        runtime_frame(rt, &none, 1);
    }
    return 0;
}

static int step_expect_audio_file(struct runtime *rt, char **av, int ac,
                                  const char *name, int line)
{
    struct app *a = rt->app;
    const char *cur = a->audio ? audio_current(a->audio) : "";
    if (strcmp(av[1], "none") == 0) { /* nothing started since the start */
        if (a->audio && audio_started(a->audio) > 0) {
            return fail(name, line, "narration was started: \"%s\"", cur);
        }
        return 0;
    }
    if (!strstr(cur, av[1])) {
        return fail(name, line, "the narration last started is \"%s\"",
                    cur);
    }
    return 0;
}

/* The narration playing ends as if it had played to its end (a script
 * cannot wait for real sound): a list's next file follows its pause. */
static int step_audio_end(struct runtime *rt, char **av, int ac,
                          const char *name, int line)
{
    struct app *a = rt->app;
    if (!a->audio || !audio_playing(a->audio)) {
        return fail(name, line, "no narration is playing%s", "");
    }
    audio_finish(a->audio);
    return 0;
}

/* The steps: name, the number of arguments (min..max), the function. */
static const struct {
    const char *name;
    int min, max;
    int (*run)(struct runtime *rt, char **av, int ac, const char *name,
               int line);
} step_table[] = {
    {"tap", 2, 2, step_tap},
    {"tap-text", 1, 1, step_tap_text},
    {"drag", 4, 4, step_drag},
    {"key", 1, 1, step_key},
    {"type", 1, 1, step_type},
    {"scan", 1, 1, step_scan},
    {"hold", 3, 3, step_hold},
    {"advance", 1, 1, step_advance},
    {"expect-screen", 1, 1, step_expect_screen},
    {"expect-text", 1, 1, step_expect_text},
    {"expect-no-text", 1, 1, step_expect_no_text},
    {"expect-visitor-language", 0, 0, step_expect_visitor_language},
    {"shot", 1, 1, step_shot},
    {"lang", 1, 1, step_lang},
    {"expect-visit", 1, 1, step_expect_visit},
    {"expect-answer", 1, 2, step_expect_answer},
    {"clock", 1, 1, step_clock},
    {"wait-print", 1, 1, step_wait_print},
    {"wait-sent", 2, 2, step_wait_sent},
    {"swap-pack", 2, 2, step_swap_pack},
    {"expect-purged", 1, 1, step_expect_purged},
    {"expect-staff", 1, 1, step_expect_staff},
    {"expect-audio", 1, 1, step_expect_audio},
    {"expect-no-queries", 1, 2, step_expect_no_queries},
    {"check-fit", 0, 0, step_check_fit},
    {"fit-known", 1, 5, step_fit_known},
    {"mic", 1, 1, step_mic},
    {"wait-record", 1, 1, step_wait_record},
    {"expect-audio-file", 1, 1, step_expect_audio_file},
    {"audio-end", 0, 0, step_audio_end},
};

static int step(struct runtime *rt, char **av, int ac, const char *name,
                int line)
{
    for (size_t i = 0; i < sizeof step_table / sizeof step_table[0]; i++) {
        if (strcmp(step_table[i].name, av[0]) == 0 &&
            ac - 1 >= step_table[i].min && ac - 1 <= step_table[i].max) {
            return step_table[i].run(rt, av, ac, name, line);
        }
    }
    return fail(name, line, "unknown or malformed step: %s", av[0]);
}

int script_run_text(struct runtime *rt, const char *text, const char *name)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    if (!copy) {
        return 1;
    }
    memcpy(copy, text, len + 1);
    /* the first frame, so tap-text has something to find */
    struct ui_input none = {0, 0, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    int line = 0, rc = 0;
    char *save = copy;
    while (save && !rc) {
        char *nl = strchr(save, '\n');
        if (nl) {
            *nl = '\0';
        }
        char *l = save;
        save = nl ? nl + 1 : NULL;
        line++;
        char *av[ARGS_MAX];
        int ac = split(l, av, ARGS_MAX);
        if (ac == 0 || av[0][0] == '#') {
            continue;
        }
        rc = step(rt, av, ac, name, line);
    }
    free(copy);
    return rc;
}

int script_run_file(struct runtime *rt, const char *path)
{
    char *data;
    size_t len;
    enum kiosk_err e = kiosk_read_file(path, SCRIPT_MAX, &data, &len);
    if (e) {
        fprintf(stderr, "%s: cannot read script: %s\n", path,
                kiosk_strerror(e));
        return 1;
    }
    if (memchr(data, '\0', len)) {
        free(data);
        fprintf(stderr, "%s: script contains NUL bytes\n", path);
        return 1;
    }
    int rc = script_run_text(rt, data, path);
    free(data);
    return rc;
}

/* ---- the monkey ---------------------------------------------------------- */

static unsigned long monkey_state;

static unsigned long monkey_rand(void)
{
    /* xorshift64*: small, seedable, repeatable */
    monkey_state ^= monkey_state >> 12;
    monkey_state ^= monkey_state << 25;
    monkey_state ^= monkey_state >> 27;
    return (unsigned long)((monkey_state * 2685821657736338717ULL) >> 16);
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
        }
    }
    if (f) {
        fclose(f);
    }
    return kb;
}

/* 1 if the last frame offers a way out of the current screen. */
static int has_way_out(const struct app *a)
{
    static const char *const keys[] = {"nav.back", "nav.home", "nav.leave",
                                       "staff.exit", "idle.continue",
                                       "idle.leave"};
    /* the chrome is in the visitor's language also while a questionnaire
     * runs in another (app_vtr) */
    const char *langs[3] = {app_lang(a), a->staff.lang[0] ? a->staff.lang
                                                          : "vi",
                            a->visit.lang[0] ? a->visit.lang : "vi"};
    int x, y;
    if (a->screen == SCR_ATTRACT) {
        return 1;
    }
    for (int l = 0; l < 3; l++) {
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            if (ui_find_label(&a->ui, app_tr_lang(a, langs[l], keys[k]), &x,
                              &y)) {
                return 1;
            }
        }
    }
    return 0;
}

int monkey_run(struct runtime *rt, long steps, unsigned long seed)
{
    struct app *a = rt->app;
    monkey_state = seed ? seed : 88172645463325252UL;
    struct ui_input none = {0, 0, 0, 0, 0};
    runtime_frame(rt, &none, 0);
    long rss0 = rss_kb(), visited[SCR_COUNT] = {0};
    int w = a->ui.width, h = a->ui.height;
    for (long i = 0; i < steps; i++) {
        unsigned long r = monkey_rand() % 1000;
        int x = (int)(monkey_rand() % (unsigned long)w);
        int y = (int)(monkey_rand() % (unsigned long)h);
        if (r < 550 && a->ui.nhits > 0) {
            /* most touches land on something, as a visitor's do */
            const struct ui_hit *hit =
                &a->ui.hits[monkey_rand() % (unsigned long)a->ui.nhits];
            tap(rt, hit->rect.x + hit->rect.w / 2,
                hit->rect.y + hit->rect.h / 2);
        } else if (r < 750) {
            tap(rt, x, y);
        } else if (r < 850) {
            int x2 = (int)(monkey_rand() % (unsigned long)w);
            int y2 = (int)(monkey_rand() % (unsigned long)h);
            pointer(rt, x, y, 1, 0);
            for (int s = 1; s <= 4; s++) {
                a->now_ms += 16;
                pointer(rt, x + (x2 - x) * s / 4, y + (y2 - y) * s / 4, 0, 0);
            }
            pointer(rt, x2, y2, 0, 1);
        } else if (r < 900) {
            static const char *const names[] = {"Return", "BackSpace",
                                                "Escape"};
            static const char *const texts[] = {"1", "K7Q2", "x",
                                                "https://example.org/t/"};
            if (monkey_rand() % 2) {
                app_key(a, names[monkey_rand() % 3]);
            } else {
                app_text_input(a, texts[monkey_rand() % 4]);
            }
            runtime_frame(rt, &none, 0);
        } else if (r < 990) {
            /* time passes: mostly seconds, sometimes long enough to idle */
            long secs = monkey_rand() % 10 == 0 ? 150 : (long)(monkey_rand() % 6);
            for (long t = 0; t < secs * 4; t++) {
                a->now_ms += 250;
                runtime_frame(rt, &none, 0);
            }
        } else if (r < 995) {
            /* the staff gesture */
            pointer(rt, 5, 5, 1, 0);
            for (int t = 0; t < 31; t++) {
                a->now_ms += 100;
                pointer(rt, 5, 5, 0, 0);
            }
            pointer(rt, 5, 5, 0, 1);
            tap(rt, w - 5, h - 5);
        } else {
            /* the test account's staff card (tests/headless/gen_month.c)
             * and PIN, on whatever is showing */
            const char *pin = "147258";
            app_text_input(a, "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95"
                              "BPAWW1HYETQE07");
            app_key(a, "Return");
            runtime_frame(rt, &none, 0);
            for (const char *p = pin; *p; p++) {
                char label[2] = {*p, 0};
                int px, py;
                if (ui_find_label(&a->ui, label, &px, &py)) {
                    tap(rt, px, py);
                }
            }
            int px, py;
            if (ui_find_label(&a->ui, "OK", &px, &py)) {
                tap(rt, px, py);
            }
        }
        if (a->screen >= 0 && a->screen < SCR_COUNT) {
            visited[a->screen]++;
        }
        if (!has_way_out(a)) {
            fprintf(stderr, "monkey step %ld (seed %lu): screen %s has no way "
                    "back\n", i, seed, app_screen_name(a->screen));
            return 1;
        }
    }
    long rss1 = rss_kb();
    int screens = 0;
    for (int s = 0; s < SCR_COUNT; s++) {
        screens += visited[s] > 0;
    }
    printf("monkey: %ld steps, seed %lu, %d of %d screens visited, %ld "
           "frames, RSS %ld kB at start, %ld kB at end\n", steps, seed,
           screens, SCR_COUNT, rt->frames, rss0, rss1);
    for (int s = 0; s < SCR_COUNT; s++) {
        if (!visited[s]) {
            printf("monkey: never reached %s\n", app_screen_name(s));
        }
    }
    return 0;
}
