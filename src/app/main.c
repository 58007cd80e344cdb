/* kiosk: the counseling-point kiosk. Reads the command line, runs a
 * command that needs no window (tools.c) or starts the kiosk: site.ini,
 * the data directory and database, the content pack, the window, the app;
 * then the interactive loop (loop.c) or a headless script (script.c).
 * Options: opts.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>
#include <sodium.h>

#include "app/audio.h"
#include "app/program.h"
#include "app/staff_languages.h"
#include "content/pack.h"
#include "core/date.h"
#include "staff/staff.h"
#include "store/store.h"
#include "content/overlay.h"
#include "survey/import.h"
#include "survey/survey.h"

/* Headless runs use a fixed wall clock so that they repeat exactly:
 * Tuesday 2035-11-27 09:00 (UTC+7), later than any build of this code, so
 * booking is open (script step `clock -DAYS` tests a wrong clock). */
#define HEADLESS_WALL0 2079741600

/* Everything the kiosk holds while it runs, released by kiosk_close. */
struct kiosk {
    struct site site;
    const char *site_name;       /* the file, or "built-in site.ini" */
    char data[1024];             /* data directory */
    char db[1100];               /* database file */
    char pack_dir[1100];
    struct staff_dhis2_cfg dhis2;
    struct report_cfg rcfg;
    int64_t wall0;
    struct store *store;
    char store_error[256];
    struct pack *pack;           /* until the app owns it */
    struct ui_sdl *be;
    int demo;                    /* no display: the built-in demo visit */
};

/* The commands that need neither site.ini nor a window; *rc is the exit
 * status when one ran (returns 1). --score needs site.ini's clock: main
 * runs it once the site is read. */
static int run_tool(const struct opts *o, int *rc)
{
    if (o->check_pack) {
        *rc = tool_check_pack(o);
    } else if (o->escpos_in) {
        *rc = tool_escpos_to_png(o->escpos_in, o->ticket_preview);
    } else if (o->import_xlsx || o->xform) {
        *rc = tool_form(o, DATE_UTC_OFFSET_DEFAULT); /* no today() */
    } else {
        return 0;
    }
    return 1;
}

/* Without a display the kiosk plays its demo headless; headless runs
 * render in software offscreen. */
static void choose_video(struct opts *o, struct kiosk *k)
{
    if (!o->headless && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") &&
        !getenv("SDL_VIDEODRIVER")) {
        o->headless = 1;
        k->demo = 1;
    }
    if (o->headless) {
        setenv("SDL_VIDEODRIVER", "dummy", 0);
        setenv("SDL_RENDER_DRIVER", "software", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 0);
    }
    /* one tap is one event: no synthetic mouse events from touches */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
}

/* site.ini, the built-in demo unless given: every problem printed with
 * its line, and the kiosk does not start. */
static int load_site(const struct opts *o, struct kiosk *k)
{
    struct kiosk_diag d = {0};
    site_defaults(&k->site);
    k->site_name = o->site ? o->site : "built-in site.ini";
    if (o->site ? site_load(o->site, NULL, &k->site, &d)
                : site_load_string(site_demo_ini, k->site_name, &k->site,
                                   &d)) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix site.ini and start again\n");
        kiosk_diag_free(&d);
        return 1;
    }
    kiosk_diag_free(&d);
    return 0;
}

/* site.ini's [reporting] and [dhis2], checked as the rest of it. */
static int check_sections(const struct opts *o, struct kiosk *k)
{
    struct kiosk_diag d = {0};
    k->rcfg = reporting_cfg(&k->site);
    if (k->site.reporting_enabled &&
        reporting_check(&k->site, &k->rcfg, k->site_name)) {
        return 1;
    }
    memset(&k->dhis2, 0, sizeof k->dhis2);
    if (o->site && staff_dhis2_cfg_load(o->site, &k->dhis2, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix [dhis2] in site.ini and start again\n");
        kiosk_diag_free(&d);
        return 1;
    }
    kiosk_diag_free(&d);
    return 0;
}

/* The data directory (made if missing) and the database file in it. */
static int data_paths(const struct opts *o, struct kiosk *k)
{
    const char *home = getenv("HOME");
    int n = o->data_dir
                ? snprintf(k->data, sizeof k->data, "%s", o->data_dir)
                : snprintf(k->data, sizeof k->data, "%s/.local/share/kiosk",
                           home ? home : "/tmp");
    /* the app keeps the folder in 512 bytes with room for file names */
    if (n < 0 || n >= 480) {
        fprintf(stderr, "kiosk: the data directory's path is longer than "
                        "480 bytes\n");
        return 1;
    }
    if (mkdirs(k->data) != 0) {
        fprintf(stderr, "kiosk: cannot create data directory %s: %s\n",
                k->data, strerror(errno));
        return 1;
    }
    n = o->db ? snprintf(k->db, sizeof k->db, "%s", o->db)
              : snprintf(k->db, sizeof k->db, "%s/kiosk.db", k->data);
    if (n < 0 || (size_t)n >= sizeof k->db) {
        fprintf(stderr, "kiosk: the database's path is too long\n");
        return 1;
    }
    return 0;
}

/* The content pack: --pack, else the built-in one (the source tree's when
 * run from the build, else the installed one). */
static int load_pack(const struct opts *o, struct kiosk *k)
{
    if (o->pack) {
        snprintf(k->pack_dir, sizeof k->pack_dir, "%s", o->pack);
    } else {
        snprintf(k->pack_dir, sizeof k->pack_dir, "%s/%s", o->root,
                 path_exists(KIOSK_SOURCE_DIR "/assets/pack") &&
                         strcmp(o->root, KIOSK_SOURCE_DIR) == 0
                     ? "assets/pack" : "pack");
    }
    struct kiosk_diag d = {0};
    if (pack_load(k->pack_dir, &k->pack, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: the content pack %s does not load\n",
                k->pack_dir);
        kiosk_diag_free(&d);
        return 1;
    }
    if (app_check_site(&k->site, k->pack, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix site.ini (or use a content pack that "
                        "has what it names) and start again\n");
        kiosk_diag_free(&d);
        return 1;
    }
    kiosk_diag_free(&d);
    return 0;
}

/* The app as the kiosk runs it: everything it was given (the pack
 * passes to the app). */
static struct app_config app_config_of(struct kiosk *k, const struct opts *o)
{
    struct app_config c = {
        .site = &k->site, .pack = k->pack, .store = k->store,
        .store_error = k->store_error, .db_path = k->db,
        .data_dir = k->data, .export_dir = o->export_target,
        .dhis2 = &k->dhis2, .wall0 = k->wall0,
        .deterministic = o->headless};
    k->pack = NULL;
    return c;
}

/* --ticket-preview: an app without a window makes the ticket. */
static int preview(const struct opts *o, struct kiosk *k)
{
    static struct app papp; /* large: not on the stack */
    struct app_config c = app_config_of(k, o);
    app_init(&papp, &c);
    int rc = tool_ticket_preview(o, &papp);
    app_free(&papp);
    return rc;
}

/* The window (or the headless renderer) and its fonts. */
static int open_window(const struct opts *o, struct kiosk *k)
{
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "kiosk: SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    char fonts[1100];
    snprintf(fonts, sizeof fonts, "%s/fonts", o->root);
    struct ui_sdl_opts uo = {o->width, o->height, o->fullscreen, o->headless,
                             k->site.rotation, fonts};
    struct kiosk_diag d = {0};
    k->be = ui_sdl_open(&uo, &d);
    if (!k->be) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        return 1;
    }
    return 0;
}

/* Plays what was asked: the monkey, a script, the demo, or the kiosk. */
static int run(const struct opts *o, struct kiosk *k, struct app *app)
{
    struct runtime rt = {.app = app, .be = k->be, .shots_dir = o->shots,
                         .golden_dir = o->golden};
    char demo_dir[1100];
    if (k->demo && !o->shots) {
        snprintf(demo_dir, sizeof demo_dir, "%s/demo-shots", k->data);
        rt.shots_dir = demo_dir;
    }
    if (rt.shots_dir && mkdirs(rt.shots_dir) != 0) {
        fprintf(stderr, "kiosk: cannot create %s\n", rt.shots_dir);
    }
    int rc = 0;
    if (o->monkey_steps) {
        rc = monkey_run(&rt, o->monkey_steps, o->monkey_seed);
    } else if (o->script) {
        rc = script_run_file(&rt, o->script);
        printf("script %s: %s (%ld frames)\n", o->script,
               rc ? "FAILED" : "passed", rt.frames);
    } else if (o->headless) {
        rc = script_run_text(&rt, script_demo, "built-in demo");
        printf("No display: played the built-in demo visit headless.\n"
               "Screenshots are in %s\n", rt.shots_dir ? rt.shots_dir : ".");
    } else {
        run_loop(&rt, k->pack_dir);
    }
    return rc;
}

/* Opens the window, sets up the app on everything loaded and runs it. */
static int run_kiosk(const struct opts *o, struct kiosk *k)
{
    if (open_window(o, k) != 0) {
        return 1;
    }
    static struct app app; /* large (ui command buffers): not on the stack */
    int lw, lh;
    ui_sdl_logical_size(k->be, &lw, &lh);
    ui_init(&app.ui, lw, lh, k->site.high_contrast);
    ui_sdl_attach(k->be, &app.ui);
    struct app_config c = app_config_of(k, o);
    c.audio = audio_open();
    c.text_alpha = text_alpha;
    c.text_ctx = ui_sdl_text(k->be);
    app_init(&app, &c);
    app_load_forms(&app, k->pack_dir);
    app_load_quizzes(&app, k->pack_dir);
    app_languages_apply(&app); /* translations and recordings staff made */
    if (!o->headless) {
        app_load_clock_offset(&app); /* staff corrected a wrong clock */
    }
    /* reporting to the province's ODK Central, when site.ini enables it
     * (checked at start) */
    app_start_reporting(&app, &k->rcfg);
    int rc = run(o, k, &app);
    audio_close(app.audio);
    report_stop(app.sender); /* returns within about a second */
    app_free(&app);
    return rc;
}

static void kiosk_close(struct kiosk *k)
{
    pack_free(k->pack);
    store_close(k->store);
    if (k->be) {
        ui_sdl_close(k->be);
        IMG_Quit();
    }
    SDL_Quit();
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    int rc = opts_parse(argc, argv, &o);
    if (rc) {
        return rc;
    }
    opts_find_root(&o);
    if (sodium_init() < 0) {
        fprintf(stderr, "kiosk: libsodium failed to initialise\n");
        return 1;
    }
    if (run_tool(&o, &rc)) {
        return rc;
    }
    static struct kiosk k;
    choose_video(&o, &k);
    if (load_site(&o, &k) != 0) {
        return 1;
    }
    if (o.score) {
        /* today() at site.ini's utc_offset, as on the kiosk */
        return tool_form(&o, k.site.utc_offset);
    }
    if (o.report_forms) {
        return tool_report_forms(&o, &k.site, k.site_name);
    }
    if (check_sections(&o, &k) != 0 || data_paths(&o, &k) != 0) {
        return 1;
    }
    if (o.export_dir) {
        return staff_export_cli(k.db, o.site, k.site.utc_offset, o.export_dir,
                                o.from, o.to, stdout, stderr);
    }
    if (o.import_overlay) {
        return app_languages_import_cli(k.data, o.import_overlay, stdout,
                                        stderr);
    }
    k.wall0 = o.headless ? HEADLESS_WALL0 : (int64_t)time(NULL);
    /* without a database the kiosk still informs, and says so */
    enum kiosk_err se = app_open_store(k.db, &k.site, k.wall0, &k.store,
                                       k.store_error, sizeof k.store_error);
    (void)se;
    rc = load_pack(&o, &k);
    if (rc == 0 && o.import_form) {
        char date[OVERLAY_DATE_LEN + 1];
        overlay_date((int64_t)time(NULL), k.site.utc_offset, date);
        rc = survey_import_form_cli(o.import_form, k.pack_dir, k.data, date,
                                    stdout, stderr);
    } else if (rc == 0) {
        rc = o.ticket_preview ? preview(&o, &k) : run_kiosk(&o, &k);
    }
    kiosk_close(&k);
    return rc;
}
