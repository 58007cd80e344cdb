/* The kiosk's command-line options. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/program.h"

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
        "  --import-form FORM.xlsx\n"
        "                      add an XLSForm workbook to the questionnaires\n"
        "                      of the data directory (overlay/forms/), as\n"
        "                      staff do from a USB stick\n"
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
        "  --import-overlay DIR\n"
        "                      take a shared overlay (translations, reviews,\n"
        "                      recordings another kiosk exported) into the\n"
        "                      data directory's overlay\n"
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

int path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Finds the directory holding fonts/ and the built-in pack: next to the
 * installed binary (../share/kiosk), else the source tree it was built
 * from. */
void opts_find_root(struct opts *o)
{
    char exe[900], probe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(probe, sizeof probe, "%.900s/../share/kiosk/fonts", exe);
            if (path_exists(probe)) {
                snprintf(o->root, sizeof o->root, "%.900s/../share/kiosk", exe);
                return;
            }
        }
    }
    snprintf(o->root, sizeof o->root, "%s", KIOSK_SOURCE_DIR);
}

int mkdirs(const char *path)
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

enum { O_WINDOW = 256, O_FULL, O_HEADLESS, O_PACK, O_SITE, O_DB, O_DATA,
       O_SCRIPT, O_SHOTS, O_GOLDEN, O_CHECK, O_SCORE, O_ANSWERS, O_HELP,
       O_VERSION, O_PREVIEW, O_TCODE, O_LANG, O_WIDTH, O_ESCPOS, O_EXPORT,
       O_FROM, O_TO, O_EXPORT_DIR, O_MONKEY, O_XFORM, O_REPORT_FORMS, O_IMPORT_OVL,
       O_IMPORT, O_IMPORT_FORM };

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
    {"import-overlay", required_argument, 0, O_IMPORT_OVL},
    {"import-form", required_argument, 0, O_IMPORT_FORM},
    {"report-forms", required_argument, 0, O_REPORT_FORMS},
    {"help", no_argument, 0, O_HELP},
    {"version", no_argument, 0, O_VERSION},
    {0, 0, 0, 0},
};

/* One option into *o: 0, or 2 after saying what is wrong. */
static int take_option(int c, struct opts *o)
{
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
    case O_IMPORT_OVL: o->import_overlay = optarg; break;
    case O_IMPORT_FORM: o->import_form = optarg; break;
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
    return 0;
}

/* Options that go together, and the positional arguments some take. */
static int take_rest(int argc, char **argv, struct opts *o)
{
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

int opts_parse(int argc, char **argv, struct opts *o)
{
    o->width = 800;
    o->height = 480;
    int c;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        int rc = take_option(c, o);
        if (rc) {
            return rc;
        }
    }
    return take_rest(argc, argv, o);
}
