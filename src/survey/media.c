/* The pictures a form names (media::image of questions, notes and
 * choices), checked against the pack's images/ folder: a picture that is
 * missing or does not decode is an error at the cell that names it, so a
 * visitor never meets a blank tile (an image-only choice would be an
 * empty, unanswerable box). */
#include <string.h>

#include "core/png.h"
#include "survey/survey.h"
#include "survey/survey_private.h"

/* What is wrong with picture `file` of images_dir, or NULL (fine). */
static const char *image_problem(const char *images_dir, const char *file,
                                 survey_image_fn decode, void *ctx,
                                 char *why, size_t n)
{
    if (strchr(file, '/') || strchr(file, '\\') || file[0] == '.') {
        return "a picture is named by its file name in the pack's images/ "
               "folder, without a folder part";
    }
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", images_dir, file);
    long w = 0, h = 0;
    enum kiosk_err rc = kiosk_png_size(path, &w, &h);
    if (rc == KIOSK_ENOENT) {
        return "no such file in the pack's images/ folder";
    }
    if (rc != KIOSK_OK) {
        return "not a PNG picture (pictures in images/ are PNG files)";
    }
    if (!kiosk_image_size_ok(w, h)) {
        snprintf(why, n, "%ld x %ld dots: over the limit of %d a side and "
                         "%ld in all", w, h, KIOSK_IMAGE_MAX_SIDE,
                 (long)KIOSK_IMAGE_MAX_PIXELS);
        return why;
    }
    if (decode) {
        char reason[300] = "";
        if (decode(ctx, path, reason, sizeof reason)) {
            snprintf(why, n, "does not decode: %s", reason);
            return why;
        }
    }
    return NULL;
}

int survey_form_check_images(const struct survey_form *f,
                             const char *images_dir, survey_image_fn decode,
                             void *ctx, struct kiosk_diag *d)
{
    int errors = 0;
    for (const struct survey_image_ref *r = f->images; r; r = r->next) {
        char why[400];
        const char *p = image_problem(images_dir, r->file, decode, ctx, why,
                                      sizeof why);
        if (p) {
            kiosk_diag_err(d, f->names[r->sheet], r->row, r->col,
                           "picture '%s': %s", r->file, p);
            errors++;
        }
    }
    return errors;
}
