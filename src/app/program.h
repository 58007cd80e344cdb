/* The kiosk program's parts, shared by main.c (start-up and teardown),
 * opts.c (command-line options), tools.c (the commands that run without a
 * window) and loop.c (the interactive loop). Private to the program. */
#ifndef KIOSK_APP_PROGRAM_H
#define KIOSK_APP_PROGRAM_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/runtime.h"
#include "report/report.h"
#include "site/site.h"

/* What the command line asked for. */
struct opts {
    int width, height;
    int fullscreen, headless;
    const char *pack, *site, *db, *script, *shots, *golden, *data_dir;
    const char *check_pack;
    const char *score, *answers;
    const char *xform;        /* --xform FORM: write it as an ODK XForm */
    const char *import_xlsx;  /* --import-xlsform FORM.xlsx PACK_DIR */
    const char *import_pack;
    const char *ticket_preview, *ticket_code, *lang;
    int ticket_width;         /* --width for the ticket preview, 0 = site */
    const char *escpos_in;    /* --escpos-to-png IN: decode printer bytes */
    const char *export_dir, *from, *to; /* --export DIR --from --to */
    const char *export_target;          /* --export-dir for staff mode */
    const char *import_overlay;         /* --import-overlay DIR */
    const char *import_form;            /* --import-form FORM.xlsx */
    const char *report_forms;           /* --report-forms OUTDIR */
    long monkey_steps;                  /* --monkey STEPS[:SEED] */
    unsigned long monkey_seed;
    char root[1024];     /* where fonts/ and the built-in pack are */
};

/** Parses the command line into *o (zeroed by the caller). 0, or 2 after
 * printing what is wrong (--help and --version exit). */
int opts_parse(int argc, char **argv, struct opts *o);

/** Finds the directory holding fonts/ and the built-in pack (o->root). */
void opts_find_root(struct opts *o);

/** 1 if path exists. */
int path_exists(const char *path);

/** mkdir -p with mode 0700. 0, or -1 (errno set). */
int mkdirs(const char *path);

/* ---- commands that run without a window (tools.c); each returns the
 * process's exit status ---------------------------------------------------- */

/** --check-pack DIR: the pack, its quizzes and media as the kiosk loads
 * them. */
int tool_check_pack(const struct opts *o);

/** --escpos-to-png IN OUT. */
int tool_escpos_to_png(const char *in, const char *out);

/** --score / --xform / --import-xlsform; --score's today() is the date at
 * utc_offset (site.ini's). */
int tool_form(const struct opts *o, int utc_offset);

/** --report-forms OUTDIR, with site.ini's [reporting] filled in. */
int tool_report_forms(const struct opts *o, const struct site *si,
                      const char *file);

/** --ticket-preview FILE.png|FILE.bin for an app set up without a
 * window. */
int tool_ticket_preview(const struct opts *o, struct app *app);

/** site.ini [reporting] as the report module takes it (no clock yet). */
struct report_cfg reporting_cfg(const struct site *si);

/** A kiosk told to report must encrypt for the province: 0 if
 * [reporting] is usable, else 1 after printing file:line. */
int reporting_check(const struct site *si, const struct report_cfg *c,
                    const char *file);

/** The app's ticket text, rendered by the screen's text engine (ctx). */
uint8_t *text_alpha(void *ctx, const char *s, int px, int bold, int wrap_w,
                    int *w, int *h);

/* ---- the interactive loop (loop.c) ------------------------------------- */

/** Runs until the window closes: sleeps on events, draws only when
 * something changed, reloads the pack in pack_dir on SIGHUP, speaks
 * systemd's notify protocol. */
void run_loop(struct runtime *rt, const char *pack_dir);

#endif
