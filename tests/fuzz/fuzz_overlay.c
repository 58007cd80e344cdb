/* libFuzzer target: an overlay language folder as it may be found on an SD
 * card (or a USB stick: a shared overlay). The input is split at "%%" lines
 * into texts.csv, reviews.csv and clips.csv of language "km"; the overlay
 * is read, and when it loads it is saved to a second folder and read
 * again, which must give the same entries (what the kiosk writes it can
 * read back, field for field). Files go to a private folder in /dev/shm
 * (memory: the fsyncs of the atomic writes cost nothing there), else /tmp. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/overlay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];

static void put(const char *dir, const char *name, const char *s, size_t n)
{
    char path[200];
    snprintf(path, sizeof path, "%s/km/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(s, 1, n, f);
        fclose(f);
    }
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) {
        return 0;
    }
    if (!root[0]) {
        struct stat st;
        snprintf(root, sizeof root, "%s/fuzz_overlay.%d",
                 stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp",
                 (int)getpid());
    }
    char in[100], out[100], cmd[300];
    snprintf(in, sizeof in, "%s/in", root);
    snprintf(out, sizeof out, "%s/out", root);
    snprintf(cmd, sizeof cmd, "%s/km", in);
    mkdir(root, 0700);
    mkdir(in, 0700);
    mkdir(cmd, 0700);
    static const char *const files[] = {"texts.csv", "reviews.csv",
                                        "clips.csv"};
    const char *p = (const char *)data, *end = p + size;
    for (int f = 0; f < 3; f++) {
        const char *sep = p;
        while (sep + 3 <= end && !(sep[0] == '%' && sep[1] == '%' &&
                                   sep[2] == '\n')) {
            sep++;
        }
        if (sep + 3 > end) {
            sep = end;
        }
        put(in, files[f], p, (size_t)(sep - p));
        p = sep + 3 > end ? end : sep + 3;
    }
    struct overlay *a = NULL, *b = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err e = overlay_load(in, &a, &d);
    if (e == KIOSK_OK && a && !overlay_lang_broken(a, "km")) {
        /* write it elsewhere (same entries, another folder) */
        struct overlay *copy = overlay_new(out);
        int ok = copy != NULL;
        for (int k = 0; ok && k < overlay_ntexts(a, "km"); k++) {
            const struct overlay_text *t = overlay_text_at(a, "km", k);
            ok = overlay_set_text(copy, "km", t->item, t->field, t->text,
                                  t->by, t->date) == KIOSK_OK;
        }
        for (int k = 0; ok && k < overlay_nreviews(a, "km"); k++) {
            const struct overlay_review *r = overlay_review_at(a, "km", k);
            ok = overlay_set_review(copy, "km", r->item, r->status, r->by,
                                    r->date, r->hash) == KIOSK_OK;
        }
        for (int k = 0; ok && k < overlay_nclips(a, "km"); k++) {
            const struct overlay_clip *c = overlay_clip_at(a, "km", k);
            ok = overlay_set_clip(copy, "km", c->item, c->file, c->seconds,
                                  c->by, c->date) == KIOSK_OK;
        }
        if (!ok || overlay_save(copy, "km") != KIOSK_OK) {
            abort(); /* what loaded must be accepted and written again */
        }
        kiosk_diag_free(&d);
        if (overlay_load(out, &b, &d) != KIOSK_OK ||
            overlay_ntexts(b, "km") != overlay_ntexts(a, "km") ||
            overlay_nreviews(b, "km") != overlay_nreviews(a, "km") ||
            overlay_nclips(b, "km") != overlay_nclips(a, "km")) {
            abort();
        }
        for (int k = 0; k < overlay_ntexts(a, "km"); k++) {
            const struct overlay_text *x = overlay_text_at(a, "km", k);
            const struct overlay_text *y = overlay_text_at(b, "km", k);
            if (!same(x->item, y->item) || !same(x->field, y->field) ||
                !same(x->text, y->text) || !same(x->by, y->by)) {
                abort();
            }
        }
        overlay_free(copy);
    }
    overlay_free(a);
    overlay_free(b);
    kiosk_diag_free(&d);
    /* the files both folders can hold (clips are never written here) */
    for (int w = 0; w < 2; w++) {
        const char *dir = w ? out : in;
        for (int f = 0; f < 3; f++) {
            char path[200];
            snprintf(path, sizeof path, "%s/km/%s", dir, files[f]);
            unlink(path);
        }
        snprintf(cmd, sizeof cmd, "%s/km", dir);
        rmdir(cmd);
        rmdir(dir);
    }
    rmdir(root);
    return 0;
}
