/* The commands that run without a window: --check-pack, --score, --xform,
 * --import-xlsform, --report-forms, --escpos-to-png, --ticket-preview. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_mixer.h>

#include "app/program.h"
#include "app/staff_languages.h"
#include "app/ticket_make.h"
#include "content/pack.h"
#include "core/csv.h"
#include "quiz/quiz.h"
#include "survey/survey.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"
#include "ui/text.h"

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
            /* a line of a script drawn larger than Latin (Tai Viet, see
             * text.c) is taller than Latin's: lines count by its own */
            int ow, oh, paras = 1;
            text_measure(f->te, text, &one, &ow, &oh);
            for (const char *p = text; *p; p++) {
                paras += *p == '\n';
            }
            lh = oh / paras > lh ? oh / paras : lh;
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

static int image_decode(void *ctx, const char *path, char *why, size_t n)
{
    return media_decode(ctx, path, path, 1, why, n);
}

/* The pictures the forms name, decoded, each problem at the cell naming
 * the picture (forms/x.choices.csv:4:5); returns the number of errors. */
static int check_form_images(const char *dir)
{
    char forms_dir[1100], images[1100];
    snprintf(forms_dir, sizeof forms_dir, "%s/forms", dir);
    snprintf(images, sizeof images, "%s/images", dir);
    struct kiosk_diag d = {0}, quiet = {0};
    struct survey_form **forms = NULL;
    int n = 0, errors = 0;
    /* the load's own problems were printed by pack_check */
    if (survey_forms_load_dir(forms_dir, &forms, &n, &quiet) == KIOSK_OK) {
        for (int i = 0; i < n; i++) {
            errors += survey_form_check_images(forms[i], images, image_decode,
                                               NULL, &d);
        }
    }
    kiosk_diag_print(&d, stdout);
    survey_forms_free(forms, n);
    kiosk_diag_free(&d);
    kiosk_diag_free(&quiet);
    return errors;
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
    errors += check_form_images(dir);
    Mix_CloseAudio();
    Mix_Quit();
    IMG_Quit();
    SDL_Quit();
    return errors;
}

/* --score, --xform and --import-xlsform: a bare form id means the form of
 * the built-in (or given) pack. */
int tool_form(const struct opts *o, int utc_offset)
{
    if (o->import_xlsx) {
        return survey_import_xlsform_cli(o->import_xlsx, o->import_pack,
                                         stdout, stderr);
    }
    const char *arg = o->score ? o->score : o->xform;
    char form[1200];
    if (strchr(arg, '/')) {
        snprintf(form, sizeof form, "%s", arg);
    } else {
        snprintf(form, sizeof form, "%s/forms/%s",
                 o->pack ? o->pack
                         : strcmp(o->root, KIOSK_SOURCE_DIR) == 0
                               ? KIOSK_SOURCE_DIR "/assets/pack"
                               : o->root,
                 arg);
    }
    if (o->xform) {
        return survey_xform_cli(form, stdout, stderr);
    }
    return survey_score_cli(form, o->answers, utc_offset, stdout, stderr);
}

int tool_check_pack(const struct opts *o)
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
    /* readiness per language and feature, with --data-dir's overlay */
    errors += app_languages_check(o->check_pack, o->data_dir, stdout);
    errors += check_media(o->check_pack);
    text_engine_free(f.te);
    kiosk_diag_free(&d);
    return errors ? 1 : 0;
}

/* The app's ticket text comes from the screen's text engine. */
uint8_t *text_alpha(void *ctx, const char *s, int px, int bold,
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
struct report_cfg reporting_cfg(const struct site *si)
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
int reporting_check(const struct site *si, const struct report_cfg *c,
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
int tool_report_forms(const struct opts *o, const struct site *si,
                            const char *file)
{
    struct report_cfg c = reporting_cfg(si);
    char tpl[1100], err[300];
    snprintf(tpl, sizeof tpl, "%s/assets/report", o->root);
    if (!path_exists(tpl)) {
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
int tool_escpos_to_png(const char *in, const char *out)
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
int tool_ticket_preview(const struct opts *o, struct app *app)
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
