/* kiosk: the counseling-point kiosk. Parses arguments, wires the modules
 * and runs either the interactive loop or a headless script. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_mixer.h>
#include <sodium.h>

#include "app/audio.h"
#include "core/csv.h"
#include "app/runtime.h"
#include "app/screens.h"
#include "app/ticket_make.h"
#include "content/pack.h"
#include "quiz/quiz.h"
#include "platform/watchdog.h"
#include "site/site.h"
#include "store/store.h"
#include "ticket/printer.h"
#include "survey/survey.h"

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
    const char *report_forms;           /* --report-forms OUTDIR */
    long monkey_steps;                  /* --monkey STEPS[:SEED] */
    unsigned long monkey_seed;
    char root[1024];     /* where fonts/ and the built-in pack are */
};

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: kiosk [options]\n"
        "  --window WxH        window size (default 800x480)\n"
        "  --fullscreen        fill the screen (the board)\n"
        "  --headless          no window: software rendering offscreen\n"
        "  --pack DIR          content pack (default: the built-in pack)\n"
        "  --site FILE         site.ini (default: the built-in demo site)\n"
        "  --db FILE           database file (default: DATA/kiosk.db)\n"
        "  --data-dir DIR      data directory (default: ~/.local/share/kiosk)\n"
        "  --script FILE       play a headless script (implies --headless)\n"
        "  --screenshots DIR   where script screenshots go\n"
        "  --golden DIR        compare screenshots with goldens in DIR\n"
        "  --check-pack DIR    validate a content pack and print coverage\n"
        "  --score FORM --answers FILE.csv\n"
        "                      score a paper form: FORM is a form id of the\n"
        "                      pack or a path prefix (…/forms/assist); the CSV\n"
        "                      has name,value rows; prints name=value per\n"
        "                      calculate\n"
        "  --xform FORM        write the form (as --score names it) as an\n"
        "                      ODK XForm on stdout, e.g. to publish it on\n"
        "                      ODK Central\n"
        "  --import-xlsform FORM.xlsx PACK_DIR\n"
        "                      write an XLSForm workbook's sheets as the CSV\n"
        "                      files of PACK_DIR/forms/ and check it loads\n"
        "  --ticket-preview FILE.png|FILE.bin [--ticket-code CODE]\n"
        "                    [--lang CODE] [--width 384|512|576]\n"
        "                      write the ticket raster as a PNG, or (.bin)\n"
        "                      the ESC/POS bytes a printer would get\n"
        "  --export DIR --from YYYY-MM-DD --to YYYY-MM-DD\n"
        "                      write the reports (tickets.csv, aggregate.csv,\n"
        "                      dhis2.json) for those days\n"
        "  --monkey STEPS[:SEED]\n"
        "                      headless: random touches on every screen\n"
        "  --export-dir DIR    where staff mode exports (default: a USB stick\n"
        "                      under /media)\n"
        "  --report-forms OUTDIR\n"
        "                      write the two ODK record forms to publish on\n"
        "                      Central, with site.ini's [reporting] public_key\n"
        "                      and form versions filled in\n"
        "  --escpos-to-png IN.bin OUT.png\n"
        "                      decode the raster of an ESC/POS job (what the\n"
        "                      file: printer wrote) into a PNG\n"
        "  --help, --version\n"
        "Without a display (no DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER)\n"
        "the kiosk plays a built-in demo visit headless and says where it\n"
        "wrote the screenshots.\n");
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Finds the directory holding fonts/ and the built-in pack: next to the
 * installed binary (../share/kiosk), else the source tree it was built
 * from. */
static void find_root(struct opts *o)
{
    char exe[900], probe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(probe, sizeof probe, "%.900s/../share/kiosk/fonts", exe);
            if (exists(probe)) {
                snprintf(o->root, sizeof o->root, "%.900s/../share/kiosk", exe);
                return;
            }
        }
    }
    snprintf(o->root, sizeof o->root, "%s", KIOSK_SOURCE_DIR);
}

static int mkdirs(const char *path)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return mkdir(tmp, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
    enum { O_WINDOW = 256, O_FULL, O_HEADLESS, O_PACK, O_SITE, O_DB, O_DATA,
           O_SCRIPT, O_SHOTS, O_GOLDEN, O_CHECK, O_SCORE, O_ANSWERS, O_HELP,
           O_VERSION, O_PREVIEW, O_TCODE, O_LANG, O_WIDTH, O_ESCPOS, O_EXPORT,
           O_FROM, O_TO, O_EXPORT_DIR, O_MONKEY, O_XFORM, O_REPORT_FORMS,
           O_IMPORT };
    static const struct option longs[] = {
        {"window", required_argument, 0, O_WINDOW},
        {"fullscreen", no_argument, 0, O_FULL},
        {"headless", no_argument, 0, O_HEADLESS},
        {"pack", required_argument, 0, O_PACK},
        {"site", required_argument, 0, O_SITE},
        {"db", required_argument, 0, O_DB},
        {"data-dir", required_argument, 0, O_DATA},
        {"script", required_argument, 0, O_SCRIPT},
        {"screenshots", required_argument, 0, O_SHOTS},
        {"golden", required_argument, 0, O_GOLDEN},
        {"check-pack", required_argument, 0, O_CHECK},
        {"score", required_argument, 0, O_SCORE},
        {"answers", required_argument, 0, O_ANSWERS},
        {"xform", required_argument, 0, O_XFORM},
        {"import-xlsform", required_argument, 0, O_IMPORT},
        {"ticket-preview", required_argument, 0, O_PREVIEW},
        {"ticket-code", required_argument, 0, O_TCODE},
        {"lang", required_argument, 0, O_LANG},
        {"width", required_argument, 0, O_WIDTH},
        {"escpos-to-png", required_argument, 0, O_ESCPOS},
        {"export", required_argument, 0, O_EXPORT},
        {"from", required_argument, 0, O_FROM},
        {"to", required_argument, 0, O_TO},
        {"export-dir", required_argument, 0, O_EXPORT_DIR},
        {"monkey", required_argument, 0, O_MONKEY},
        {"report-forms", required_argument, 0, O_REPORT_FORMS},
        {"help", no_argument, 0, O_HELP},
        {"version", no_argument, 0, O_VERSION},
        {0, 0, 0, 0},
    };
    o->width = 800;
    o->height = 480;
    int c;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case O_WINDOW: {
            char *x, *end;
            long w = strtol(optarg, &x, 10);
            long h = (x && *x == 'x') ? strtol(x + 1, &end, 10) : 0;
            if (w < 320 || h < 240 || w > 8192 || h > 8192 ||
                (x && *x == 'x' && *end)) {
                fprintf(stderr, "kiosk: --window takes WxH, e.g. 1280x800\n");
                return 2;
            }
            o->width = (int)w;
            o->height = (int)h;
            break;
        }
        case O_FULL: o->fullscreen = 1; break;
        case O_HEADLESS: o->headless = 1; break;
        case O_PACK: o->pack = optarg; break;
        case O_SITE: o->site = optarg; break;
        case O_DB: o->db = optarg; break;
        case O_DATA: o->data_dir = optarg; break;
        case O_SCRIPT: o->script = optarg; o->headless = 1; break;
        case O_SHOTS: o->shots = optarg; break;
        case O_GOLDEN: o->golden = optarg; break;
        case O_CHECK: o->check_pack = optarg; break;
        case O_SCORE: o->score = optarg; break;
        case O_ANSWERS: o->answers = optarg; break;
        case O_XFORM: o->xform = optarg; break;
        case O_IMPORT: o->import_xlsx = optarg; break;
        case O_PREVIEW: o->ticket_preview = optarg; break;
        case O_TCODE: o->ticket_code = optarg; break;
        case O_ESCPOS: o->escpos_in = optarg; break;
        case O_EXPORT: o->export_dir = optarg; break;
        case O_FROM: o->from = optarg; break;
        case O_TO: o->to = optarg; break;
        case O_EXPORT_DIR: o->export_target = optarg; break;
        case O_REPORT_FORMS: o->report_forms = optarg; break;
        case O_MONKEY: {
            char *end;
            o->monkey_steps = strtol(optarg, &end, 10);
            o->monkey_seed = *end == ':' ? strtoul(end + 1, &end, 10) : 1;
            if (*end || o->monkey_steps < 1) {
                fprintf(stderr, "kiosk: --monkey STEPS[:SEED]\n");
                return 2;
            }
            o->headless = 1;
            break;
        }
        case O_LANG: o->lang = optarg; break;
        case O_WIDTH: {
            char *end;
            long w = strtol(optarg, &end, 10);
            if (*end || (w != 384 && w != 512 && w != 576)) {
                fprintf(stderr, "kiosk: --width is 384, 512 or 576\n");
                return 2;
            }
            o->ticket_width = (int)w;
            break;
        }
        case O_HELP: usage(stdout); exit(0);
        case O_VERSION: printf("kiosk %s\n", KIOSK_VERSION); exit(0);
        default: usage(stderr); return 2;
        }
    }
    if (!o->score != !o->answers) {
        fprintf(stderr, "kiosk: --score and --answers go together\n");
        return 2;
    }
    if (o->export_dir && (!o->from || !o->to)) {
        fprintf(stderr, "kiosk: --export DIR needs --from and --to\n");
        return 2;
    }
    if (o->escpos_in) {
        if (optind + 1 != argc) {
            fprintf(stderr, "kiosk: --escpos-to-png IN.bin OUT.png\n");
            return 2;
        }
        o->ticket_preview = argv[optind++];
    }
    if (o->import_xlsx) {
        if (optind + 1 != argc) {
            fprintf(stderr, "kiosk: --import-xlsform FORM.xlsx PACK_DIR\n");
            return 2;
        }
        o->import_pack = argv[optind++];
    }
    if (optind < argc) {
        fprintf(stderr, "kiosk: unexpected argument %s\n", argv[optind]);
        return 2;
    }
    return 0;
}

/* Measures a string for --check-pack's fit check at 800x480. */
struct fit_ctx {
    struct text_engine *te;
};

static int fit_measure(void *ctx, const char *text, const char *lang,
                       const char *script, const char *slot)
{
    struct fit_ctx *f = ctx;
    (void)lang;
    (void)script;
    struct {
        const char *slot;
        int px, bold, max_w, max_lines;
    } const slots[] = {
        {"title", 28, 1, 560, 1}, {"button", 21, 1, 230, 1},
        {"tile", 23, 1, 340, 2},  {"line", 18, 0, 760, 2},
    };
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        if (strcmp(slot, slots[i].slot) == 0) {
            struct text_style st = {slots[i].px, slots[i].bold,
                                    slots[i].max_lines > 1 ? slots[i].max_w : 0,
                                    TEXT_LEFT, 0, 0};
            int w, h, lw, lh;
            text_measure(f->te, text, &st, &w, &h);
            struct text_style one = st;
            one.wrap_w = 0;
            text_measure(f->te, "Ag", &one, &lw, &lh);
            if (!text_covered(f->te, text)) {
                return 1;
            }
            return w > slots[i].max_w || h > lh * slots[i].max_lines;
        }
    }
    return 0;
}

/* --check-pack: each picture and clip through the decoders the kiosk
 * uses (SDL_image, SDL_mixer's Ogg decoder), decoded whole. */
static int media_decode(void *ctx, const char *path, const char *rel,
                        int is_image, char *why, size_t n)
{
    (void)ctx;
    (void)rel;
    if (is_image) {
        SDL_Surface *s = IMG_Load(path);
        if (!s) {
            snprintf(why, n, "%s", IMG_GetError());
            return 1;
        }
        SDL_FreeSurface(s);
        return 0;
    }
    Mix_Chunk *c = Mix_LoadWAV(path);
    if (!c) {
        snprintf(why, n, "%s", Mix_GetError());
        return 1;
    }
    Mix_FreeChunk(c);
    return 0;
}

/* Decodes the pack's media; returns the number of errors. */
static int check_media(const char *dir)
{
    /* no sound is played: the dummy driver only gives the decoder its
     * output format */
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_AUDIO) != 0 ||
        Mix_OpenAudio(22050, AUDIO_S16SYS, 1, 2048) != 0) {
        fprintf(stdout, "%s: error: cannot start the audio decoder (%s): "
                        "the clips are not checked\n", dir, SDL_GetError());
        SDL_Quit();
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    Mix_Init(MIX_INIT_OGG);
    int errors = pack_check_media(dir, stdout, media_decode, NULL);
    Mix_CloseAudio();
    Mix_Quit();
    IMG_Quit();
    SDL_Quit();
    return errors;
}

static int check_pack(struct opts *o)
{
    char fonts[1100];
    snprintf(fonts, sizeof fonts, "%s/fonts", o->root);
    struct kiosk_diag d = {0};
    struct fit_ctx f = {text_engine_new(NULL, fonts, &d)};
    if (!f.te) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        return 2;
    }
    int errors = pack_check(o->check_pack, stdout, fit_measure, &f);
    errors += quiz_check_dir(o->check_pack, stdout);
    errors += check_media(o->check_pack);
    text_engine_free(f.te);
    kiosk_diag_free(&d);
    return errors ? 1 : 0;
}

/* SIGHUP asks the kiosk to load its content pack again (staff copied a
 * new one in place); the loop does it between frames. */
static volatile sig_atomic_t reload_requested;

static void on_sighup(int sig)
{
    (void)sig;
    reload_requested = 1;
}

/* The app's ticket text comes from the screen's text engine. */
static uint8_t *text_alpha(void *ctx, const char *s, int px, int bold,
                           int wrap_w, int *w, int *h)
{
    struct text_style st = {px, bold, wrap_w, TEXT_CENTER, 0, 0};
    return text_render_alpha(ctx, s, &st, w, h);
}

/* A 1-bit raster as a black-on-white PNG. */
static int write_bitmap_png(const struct ticket_bitmap *bm, const char *path)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, bm->w, bm->h, 8,
                                                    SDL_PIXELFORMAT_INDEX8);
    if (!s) {
        return 1;
    }
    SDL_Color pal[2] = {{255, 255, 255, 255}, {0, 0, 0, 255}};
    SDL_SetPaletteColors(s->format->palette, pal, 0, 2);
    for (int y = 0; y < bm->h; y++) {
        Uint8 *row = (Uint8 *)s->pixels + y * s->pitch;
        for (int x = 0; x < bm->w; x++) {
            row[x] = (Uint8)ticket_bitmap_get(bm, x, y);
        }
    }
    int rc = IMG_SavePNG(s, path) == 0 ? 0 : 1;
    SDL_FreeSurface(s);
    return rc;
}

/* site.ini [reporting] as the report module takes it (no clock yet). */
static struct report_cfg reporting_cfg(const struct site *si)
{
    return (struct report_cfg){
        .enabled = si->reporting_enabled, .server = si->reporting_server,
        .project_id = si->reporting_project,
        .token_file = si->reporting_token_file,
        .ca_file = si->reporting_ca_file, .kiosk_id = si->kiosk_id,
        .screening_version = si->reporting_screening_version[0]
                                 ? si->reporting_screening_version : NULL,
        .daily_version = si->reporting_daily_version[0]
                             ? si->reporting_daily_version : NULL,
        .interval_s = si->reporting_interval, .tz_offset = si->utc_offset,
        .public_key = si->reporting_public_key};
}

/* A kiosk told to report must encrypt for the province (Central accepts
 * plaintext): reporting on with a missing or bad key, or any other bad
 * [reporting] value, stops the kiosk with file:line. 0 if all is well. */
static int reporting_check(const struct site *si, const struct report_cfg *c,
                           const char *file)
{
    char why[300];
    const char *key = "public_key";
    if (report_check_public_key(c->public_key, why, sizeof why) ==
        KIOSK_OK) {
        key = "enabled";
        if (report_check_cfg(c, why, sizeof why) == KIOSK_OK) {
            return 0;
        }
    }
    int line = site_line(si, "reporting", key);
    if (!line) {
        line = site_line(si, "reporting", "enabled");
    }
    fprintf(stderr, "%s:%d: error: [reporting] %s\n"
            "kiosk: reporting is on: fix [reporting] in site.ini (or set "
            "enabled = no) and start again\n", file, line, why);
    return 1;
}

/* --report-forms OUTDIR: the forms to publish, from the templates beside
 * the built-in pack (installed) or in the source tree. */
static int report_forms_cli(const struct opts *o, const struct site *si,
                            const char *file)
{
    struct report_cfg c = reporting_cfg(si);
    char tpl[1100], err[300];
    snprintf(tpl, sizeof tpl, "%s/assets/report", o->root);
    if (!exists(tpl)) {
        snprintf(tpl, sizeof tpl, "%s/report", o->root);
    }
    if (report_check_public_key(c.public_key, err, sizeof err) !=
        KIOSK_OK) {
        fprintf(stderr, "%s:%d: error: [reporting] %s\n", file,
                site_line(si, "reporting", "public_key"), err);
        return 1;
    }
    if (mkdirs(o->report_forms) != 0 ||
        report_write_forms(&c, tpl, o->report_forms, err, sizeof err) !=
            KIOSK_OK) {
        fprintf(stderr, "kiosk: --report-forms: %s\n",
                err[0] ? err : strerror(errno));
        return 1;
    }
    printf("%s/%s.xml\n%s/%s.xml\n", o->report_forms,
           REPORT_SCREENING_FORM, o->report_forms, REPORT_DAILY_FORM);
    return 0;
}

/* --escpos-to-png: what a printer would print from these bytes. */
static int escpos_to_png(const char *in, const char *out)
{
    char *data;
    size_t len;
    if (kiosk_read_file(in, TICKET_JOB_MAX_BYTES, &data, &len) != KIOSK_OK) {
        fprintf(stderr, "kiosk: cannot read %s\n", in);
        return 1;
    }
    struct ticket_bitmap bm;
    struct ticket_escpos_info info;
    enum kiosk_err e = ticket_escpos_decode_raster((const uint8_t *)data, len,
                                                   &bm, &info);
    free(data);
    if (e) {
        fprintf(stderr, "kiosk: %s is not an ESC/POS raster job: %s\n", in,
                kiosk_strerror(e));
        return 1;
    }
    int rc = write_bitmap_png(&bm, out);
    printf("%s: %d x %d dots in %d bands -> %s\n", in, bm.w, bm.h,
           info.bands, out);
    ticket_bitmap_free(&bm);
    return rc;
}

/* --ticket-preview: the ticket raster for a code, language and width as a
 * PNG (black on white), without a window. */
static int ticket_preview(struct opts *o, struct app *app)
{
    char fonts[1100];
    snprintf(fonts, sizeof fonts, "%s/fonts", o->root);
    struct kiosk_diag d = {0};
    struct text_engine *te = text_engine_new(NULL, fonts, &d);
    if (!te) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        return 1;
    }
    app->text_alpha = text_alpha;
    app->text_ctx = te;
    char code[TICKET_CODE_SIZE];
    enum kiosk_err e = o->ticket_code
        ? ticket_code_parse(o->ticket_code, NULL, code)
        : ticket_code_new(code);
    struct ticket_bitmap bm = {0};
    if (e == KIOSK_OK) {
        /* a fixed slot for previews: 2026-11-26 08:00 local */
        e = ticket_make_raster(app, code, 1795654800,
                               o->lang ? o->lang : "vi",
                               o->ticket_width ? o->ticket_width : app->site.printer_width,
                               &bm);
    }
    int rc = 1;
    size_t pl = strlen(o->ticket_preview);
    if (e == KIOSK_OK && pl > 4 &&
        strcmp(o->ticket_preview + pl - 4, ".bin") == 0) {
        /* the bytes a printer would get (site.ini's cutter and feed) */
        struct ticket_buf buf;
        if (o->ticket_width) {
            app->site.printer_width = o->ticket_width;
        }
        e = ticket_make_escpos(app, code, 1795654800,
                               o->lang ? o->lang : "vi", &buf);
        FILE *f = e == KIOSK_OK ? fopen(o->ticket_preview, "wb") : NULL;
        if (f && fwrite(buf.data, 1, buf.len, f) == buf.len &&
            fclose(f) == 0) {
            rc = 0;
            printf("ticket %s (%s, %d dots): %zu bytes of ESC/POS -> %s\n",
                   code, o->lang ? o->lang : "vi", bm.w, buf.len,
                   o->ticket_preview);
        } else {
            if (f) {
                fclose(f);
            }
            fprintf(stderr, "kiosk: cannot write %s\n", o->ticket_preview);
        }
        ticket_buf_free(&buf);
    } else if (e == KIOSK_OK) {
        rc = write_bitmap_png(&bm, o->ticket_preview);
        printf("ticket %s (%s, %d dots) -> %s\n", code,
               o->lang ? o->lang : "vi", bm.w, o->ticket_preview);
    } else {
        fprintf(stderr, "kiosk: cannot make the ticket: %s\n",
                kiosk_strerror(e));
    }
    ticket_bitmap_free(&bm);
    text_engine_free(te);
    kiosk_diag_free(&d);
    return rc;
}

/* Interactive loop: sleeps on events, draws only when something changed. */
static void run_loop(struct runtime *rt, const char *pack_dir)
{
    struct app *a = rt->app;
    Uint64 t0 = SDL_GetTicks64();
    struct ui_input in = {0};
    int dirty = 1, ready = 0;
    const char *driver = SDL_GetCurrentVideoDriver();
    const int native_wait = driver && (strcmp(driver, "x11") == 0 ||
                                       strcmp(driver, "wayland") == 0);
    signal(SIGHUP, on_sighup);
    /* systemd's watchdog (board/kiosk.service): READY=1 after the first
     * frame, WATCHDOG=1 at half the interval from this loop, so a hung
     * loop gets the kiosk restarted */
    platform_watchdog_init(0);
    for (;;) {
        a->now_ms = (int64_t)(SDL_GetTicks64() - t0);
        platform_watchdog_tick(a->now_ms);
        if (reload_requested) {
            reload_requested = 0;
            if (app_reload_pack(a, pack_dir) == KIOSK_OK) {
                fprintf(stderr, "kiosk: content pack %s reloaded\n",
                        pack_dir);
            }
            dirty = 1;
        }
        int64_t timer = app_next_timer_ms(a);
        int wait = dirty ? 0 : (timer < 0 || timer > 1000 ? 1000 : (int)timer);
        if (rt->pointer_down && wait > 16) {
            wait = 16; /* keep frames coming while a finger drags */
        }
        int64_t ping = platform_watchdog_due_in(a->now_ms);
        if (ping >= 0 && ping < wait) {
            wait = (int)ping;
        }
        /* X11 and Wayland wake SDL_WaitEventTimeout on an event, so the
         * loop sleeps until input or its next timer. On drivers without a
         * native wait (KMS/DRM on the board, dummy) SDL2 polls every
         * millisecond instead: 2 % of a core on a static screen. There
         * the loop polls in 20 ms steps; a tap waits at most that long. */
        SDL_Event ev;
        int got = SDL_PollEvent(&ev);
        if (!got && wait > 0 && native_wait) {
            got = SDL_WaitEventTimeout(&ev, wait);
        }
        for (int waited = 0; !got && !native_wait && waited < wait;) {
            int slice = wait - waited < 20 ? wait - waited : 20;
            SDL_Delay((Uint32)slice);
            waited += slice;
            got = SDL_PollEvent(&ev);
        }
        in.pressed = in.released = 0;
        while (got) {
            int lx, ly;
            switch (ev.type) {
            case SDL_QUIT:
                (void)platform_notify_stopping();
                return;
            case SDL_FINGERDOWN:
            case SDL_FINGERUP:
            case SDL_FINGERMOTION: {
                int ww, wh;
                SDL_GetWindowSize(ui_sdl_window(rt->be), &ww, &wh);
                ui_sdl_map_point(rt->be, (int)(ev.tfinger.x * (float)ww),
                                 (int)(ev.tfinger.y * (float)wh), &lx, &ly);
                in.x = lx;
                in.y = ly;
                if (ev.type == SDL_FINGERDOWN) {
                    in.pressed = in.down = 1;
                } else if (ev.type == SDL_FINGERUP) {
                    in.released = 1;
                    in.down = 0;
                }
                break;
            }
            case SDL_MOUSEBUTTONDOWN:
            case SDL_MOUSEBUTTONUP:
                /* a touch also arrives as a mouse event: count it once */
                if (ev.button.which == SDL_TOUCH_MOUSEID ||
                    ev.button.button != SDL_BUTTON_LEFT) {
                    break;
                }
                ui_sdl_map_point(rt->be, ev.button.x, ev.button.y, &lx, &ly);
                in.x = lx;
                in.y = ly;
                if (ev.type == SDL_MOUSEBUTTONDOWN) {
                    in.pressed = in.down = 1;
                } else {
                    in.released = 1;
                    in.down = 0;
                }
                break;
            case SDL_MOUSEMOTION:
                if (ev.motion.which == SDL_TOUCH_MOUSEID) {
                    break;
                }
                ui_sdl_map_point(rt->be, ev.motion.x, ev.motion.y, &lx, &ly);
                in.x = lx;
                in.y = ly;
                break;
            case SDL_WINDOWEVENT:
                dirty = 1;
                break;
            case SDL_TEXTINPUT: /* a keyboard, or a USB QR scanner */
                app_text_input(a, ev.text.text);
                dirty = 1;
                break;
            case SDL_KEYDOWN: {
                SDL_Keycode k = ev.key.keysym.sym;
                if (k == SDLK_RETURN || k == SDLK_KP_ENTER) {
                    app_key(a, "Return");
                } else if (k == SDLK_BACKSPACE) {
                    app_key(a, "BackSpace");
                } else if (k == SDLK_ESCAPE) {
                    app_key(a, "Escape");
                }
                dirty = 1;
                break;
            }
            default:
                break;
            }
            if (in.pressed || in.released) {
                app_note_input(a);
                dirty = 1;
            }
            if (in.down) {
                dirty = 1;
            }
            /* a press and its release in one poll: handle the press first */
            if (in.pressed || in.released) {
                break;
            }
            got = SDL_PollEvent(&ev);
        }
        rt->pointer_down = in.down;
        a->now_ms = (int64_t)(SDL_GetTicks64() - t0);
        if (dirty || app_next_timer_ms(a) == 0) {
            runtime_frame(rt, &in, 1);
            dirty = in.down;
            if (!ready) {
                ready = 1;
                (void)platform_notify_ready();
            }
        }
    }
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        return rc;
    }
    find_root(&o);
    if (sodium_init() < 0) {
        fprintf(stderr, "kiosk: libsodium failed to initialise\n");
        return 1;
    }
    if (o.check_pack) {
        return check_pack(&o);
    }
    if (o.escpos_in) {
        return escpos_to_png(o.escpos_in, o.ticket_preview);
    }
    if (o.import_xlsx) {
        return survey_import_xlsform_cli(o.import_xlsx, o.import_pack, stdout,
                                         stderr);
    }
    if (o.score || o.xform) {
        /* a bare form id means the form of the built-in (or given) pack */
        const char *arg = o.score ? o.score : o.xform;
        char form[1200];
        if (strchr(arg, '/')) {
            snprintf(form, sizeof form, "%s", arg);
        } else {
            snprintf(form, sizeof form, "%s/forms/%s",
                     o.pack ? o.pack
                            : strcmp(o.root, KIOSK_SOURCE_DIR) == 0
                                  ? KIOSK_SOURCE_DIR "/assets/pack"
                                  : o.root,
                     arg);
        }
        if (o.xform) {
            return survey_xform_cli(form, stdout, stderr);
        }
        return survey_score_cli(form, o.answers, stdout, stderr);
    }
    int demo = 0;
    if (!o.headless && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") &&
        !getenv("SDL_VIDEODRIVER")) {
        o.headless = 1;
        demo = 1;
    }
    if (o.headless) {
        setenv("SDL_VIDEODRIVER", "dummy", 0);
        setenv("SDL_RENDER_DRIVER", "software", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 0);
    }
    /* one tap is one event: no synthetic mouse events from touches */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");

    /* site.ini: the built-in demo unless given */
    struct site site;
    struct kiosk_diag d = {0};
    site_defaults(&site);
    if (o.site ? site_load(o.site, NULL, &site, &d)
               : site_load_string(site_demo_ini, "built-in site.ini", &site,
                                  &d)) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix site.ini and start again\n");
        kiosk_diag_free(&d);
        return 1;
    }
    const char *site_name = o.site ? o.site : "built-in site.ini";
    if (o.report_forms) {
        return report_forms_cli(&o, &site, site_name);
    }
    struct report_cfg rcfg = reporting_cfg(&site);
    if (site.reporting_enabled && reporting_check(&site, &rcfg, site_name)) {
        return 1;
    }
    /* data directory */
    char data[1024];
    if (o.data_dir) {
        snprintf(data, sizeof data, "%s", o.data_dir);
    } else {
        const char *home = getenv("HOME");
        snprintf(data, sizeof data, "%s/.local/share/kiosk",
                 home ? home : "/tmp");
    }
    if (mkdirs(data) != 0) {
        fprintf(stderr, "kiosk: cannot create data directory %s: %s\n", data,
                strerror(errno));
        return 1;
    }
    /* the database: without it the kiosk still informs, and says so */
    char db[1100];
    snprintf(db, sizeof db, "%s", o.db ? o.db : "");
    if (!o.db) {
        snprintf(db, sizeof db, "%s/kiosk.db", data);
    }
    if (o.export_dir) {
        return staff_export_cli(db, o.site, site.utc_offset, o.export_dir,
                                o.from, o.to,
                                stdout, stderr);
    }
    /* site.ini [dhis2]: checked now, like the rest of site.ini */
    struct staff_dhis2_cfg dhis2;
    memset(&dhis2, 0, sizeof dhis2);
    if (o.site && staff_dhis2_cfg_load(o.site, &dhis2, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix [dhis2] in site.ini and start again\n");
        kiosk_diag_free(&d);
        return 1;
    }
    kiosk_diag_free(&d);
    /* headless runs use a fixed wall clock so that they repeat exactly:
     * Tuesday 2035-11-27 09:00 (UTC+7), later than any build of this code,
     * so booking is open (script step `clock -DAYS` tests a wrong clock) */
    const int64_t wall0 = o.headless ? 2079741600 : (int64_t)time(NULL);
    struct store *store = NULL;
    char store_error[256] = "";
    enum kiosk_err se = app_open_store(db, &site, wall0, &store,
                                       store_error, sizeof store_error);
    (void)se; /* without a database the kiosk still informs, and says so */
    /* content pack */
    char pack_dir[1100];
    if (o.pack) {
        snprintf(pack_dir, sizeof pack_dir, "%s", o.pack);
    } else {
        snprintf(pack_dir, sizeof pack_dir, "%s/%s", o.root,
                 exists(KIOSK_SOURCE_DIR "/assets/pack") &&
                         strcmp(o.root, KIOSK_SOURCE_DIR) == 0
                     ? "assets/pack" : "pack");
    }
    struct pack *pack = NULL;
    if (pack_load(pack_dir, &pack, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: the content pack %s does not load\n",
                pack_dir);
        kiosk_diag_free(&d);
        store_close(store);
        return 1;
    }
    if (app_check_site(&site, pack, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        fprintf(stderr, "kiosk: fix site.ini (or use a content pack that "
                        "has what it names) and start again\n");
        kiosk_diag_free(&d);
        pack_free(pack);
        store_close(store);
        return 1;
    }
    kiosk_diag_free(&d);
    if (o.ticket_preview) {
        static struct app papp;
        app_init(&papp, &site, pack);
        rc = ticket_preview(&o, &papp);
        app_free(&papp);
        store_close(store);
        return rc;
    }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "kiosk: SDL_Init: %s\n", SDL_GetError());
        pack_free(pack);
        store_close(store);
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    char fonts[1100];
    snprintf(fonts, sizeof fonts, "%s/fonts", o.root);
    struct ui_sdl_opts uo = {o.width, o.height, o.fullscreen, o.headless,
                             site.rotation, fonts};
    struct ui_sdl *be = ui_sdl_open(&uo, &d);
    if (!be) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        pack_free(pack);
        store_close(store);
        SDL_Quit();
        return 1;
    }
    static struct app app; /* large (ui command buffers): not on the stack */
    int lw, lh;
    ui_sdl_logical_size(be, &lw, &lh);
    ui_init(&app.ui, lw, lh, site.high_contrast);
    ui_sdl_attach(be, &app.ui);
    app.audio = audio_open();
    app_init(&app, &site, pack);
    app_load_forms(&app, pack_dir);
    app_load_quizzes(&app, pack_dir);
    app.store = store;
    app.text_alpha = text_alpha;
    app.text_ctx = ui_sdl_text(be);
    snprintf(app.store_error, sizeof app.store_error, "%s", store_error);
    snprintf(app.db_path, sizeof app.db_path, "%s", db);
    app.wall0 = wall0;
    app.deterministic = o.headless;
    snprintf(app.data_dir, sizeof app.data_dir, "%.500s", data);
    snprintf(app.export_dir, sizeof app.export_dir, "%.500s",
             o.export_target ? o.export_target : "");
    app.dhis2 = dhis2;
    /* reporting to the province's ODK Central, when site.ini enables it
     * (checked at start above) */
    if (app.site.reporting_enabled && store) {
        app.report = rcfg;
        /* the app's clock: virtual in headless runs, corrected by staff on
         * a board without a real-time clock */
        app.report.clock = app_wall_shared;
        app.report.clock_ctx = &app;
        atomic_store(&app.wall_shared, app_wall(&app));
        app_report_days(&app);
        app.sender = report_start(&app.report, db);
        if (!app.sender) {
            fprintf(stderr, "kiosk: the reporting thread did not start\n");
        }
    }
    if (!o.headless) {
        app_load_clock_offset(&app); /* staff corrected a wrong clock */
    }

    struct runtime rt = {.app = &app, .be = be, .shots_dir = o.shots,
                         .golden_dir = o.golden};
    char demo_dir[1100];
    if (demo && !o.shots) {
        snprintf(demo_dir, sizeof demo_dir, "%s/demo-shots", data);
        mkdirs(demo_dir);
        rt.shots_dir = demo_dir;
    }
    if (rt.shots_dir && mkdirs(rt.shots_dir) != 0) {
        fprintf(stderr, "kiosk: cannot create %s\n", rt.shots_dir);
    }
    rc = 0;
    if (o.monkey_steps) {
        rc = monkey_run(&rt, o.monkey_steps, o.monkey_seed);
    } else if (o.script) {
        rc = script_run_file(&rt, o.script);
        printf("script %s: %s (%ld frames)\n", o.script,
               rc ? "FAILED" : "passed", rt.frames);
    } else if (o.headless) {
        rc = script_run_text(&rt, script_demo, "built-in demo");
        printf("No display: played the built-in demo visit headless.\n"
               "Screenshots are in %s\n", rt.shots_dir ? rt.shots_dir : ".");
    } else {
        run_loop(&rt, pack_dir);
    }
    audio_close(app.audio);
    report_stop(app.sender); /* returns within about a second */
    app_free(&app);
    store_close(store);
    ui_sdl_close(be);
    IMG_Quit();
    SDL_Quit();
    return rc;
}
