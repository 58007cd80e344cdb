/* The content overlay at its largest: the built-in pack with its forms and
 * quizzes, and a Khmer overlay holding a text for every field, a review
 * mark for every item and a recorded clip for every item that takes
 * narration. Times (mean and min over RUNS) what the kiosk does with it:
 * saving and reading the files, putting it over a freshly loaded pack (at
 * start and after every pack reload), readiness of every language (the
 * Languages room's first page), one language as a spreadsheet out and
 * back in. Prints figures only; it asserts nothing about speed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/overlay.h"
#include "content/pack.h"
#include "quiz/quiz.h"
#include "survey/survey.h"

#define RUNS 20
#define PACK "assets/pack"
#define MAXF 32

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct content {
    struct pack *p;
    struct survey_form *forms[MAXF];
    struct quiz *quizzes[MAXF];
    struct overlay_content c;
};

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load(struct content *x)
{
    memset(x, 0, sizeof *x);
    struct kiosk_diag d = {0};
    if (pack_load(PACK, &x->p, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        return -1;
    }
    DIR *dh = opendir(PACK "/forms");
    char *ids[MAXF];
    int n = 0;
    struct dirent *e;
    while (dh && (e = readdir(dh)) && n < MAXF) {
        size_t len = strlen(e->d_name);
        if (len > 11 && strcmp(e->d_name + len - 11, ".survey.csv") == 0) {
            ids[n++] = strndup(e->d_name, len - 11);
        }
    }
    if (dh) {
        closedir(dh);
    }
    qsort(ids, (size_t)n, sizeof ids[0], cmp);
    int nf = 0;
    for (int i = 0; i < n; i++) {
        if (survey_form_load(PACK "/forms", ids[i], &x->forms[nf], &d) ==
            KIOSK_OK) {
            nf++;
        }
        free(ids[i]);
    }
    char qids[MAXF][QUIZ_ID_MAX];
    int nq = quiz_list(PACK, qids, MAXF), q = 0;
    for (int i = 0; i < nq && i < MAXF; i++) {
        if (quiz_load(PACK, qids[i], &x->quizzes[q], &d) == KIOSK_OK) {
            q++;
        }
    }
    kiosk_diag_free(&d);
    x->c = (struct overlay_content){x->p, x->forms, nf, x->quizzes, q};
    return 0;
}

static void unload(struct content *x)
{
    for (int i = 0; i < x->c.nforms; i++) {
        survey_form_free(x->forms[i]);
    }
    for (int i = 0; i < x->c.nquizzes; i++) {
        quiz_free(x->quizzes[i]);
    }
    pack_free(x->p);
}

static long dir_bytes(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "du -sb '%s'", dir);
    FILE *f = popen(cmd, "r");
    long n = 0;
    if (f && fscanf(f, "%ld", &n) != 1) {
        n = 0;
    }
    if (f) {
        pclose(f);
    }
    return n;
}

static void report(const char *what, const double *t, int n)
{
    double sum = 0, min = 1e9;
    for (int i = 0; i < n; i++) {
        sum += t[i];
        min = t[i] < min ? t[i] : min;
    }
    printf("%-46s mean %8.2f ms   min %8.2f ms\n", what, sum / n, min);
}

int main(void)
{
    struct content x;
    if (load(&x)) {
        return 1;
    }
    char dir[256];
    snprintf(dir, sizeof dir, "/tmp/bench_overlay.%d", (int)getpid());
    struct overlay *ov = overlay_new(dir);
    int nitems = overlay_items(&x.c, "km", NULL, 0);
    struct overlay_ref *refs = malloc(sizeof *refs * (size_t)nitems);
    overlay_items(&x.c, "km", refs, nitems);
    int ntexts = 0, nclips = 0;
    const char *date = "2035-11-27 09:00";
    char clip_src[] = PACK "/audio/form-crafft-choice-yesno-yes-vi.ogg";
    char *clip = NULL;
    size_t clip_len = 0;
    FILE *cf = fopen(clip_src, "rb");
    if (cf) {
        fseek(cf, 0, SEEK_END);
        clip_len = (size_t)ftell(cf);
        fseek(cf, 0, SEEK_SET);
        clip = malloc(clip_len);
        if (fread(clip, 1, clip_len, cf) != clip_len) {
            clip_len = 0;
        }
        fclose(cf);
    }
    char adir[300];
    snprintf(adir, sizeof adir, "mkdir -p '%s/audio/km'", dir);
    if (system(adir) != 0) {
        return 1;
    }
    for (int i = 0; i < nitems; i++) {
        char key[OVERLAY_MAX_ITEM], hash[OVERLAY_HASH_LEN + 1];
        overlay_item_key(&x.c, refs[i], key, sizeof key);
        for (int k = 0; k < overlay_item_nfields(&x.c, refs[i]); k++) {
            const char *vi = overlay_item_text(&x.c, refs[i], k, "vi");
            if (vi && overlay_set_text(ov, "km", key,
                                       overlay_item_field(&x.c, refs[i], k),
                                       vi, "LAN", date) == KIOSK_OK) {
                ntexts++;
            }
        }
        overlay_item_hash(&x.c, refs[i], "km", hash);
        if (overlay_set_review(ov, "km", key, OVERLAY_REVIEWED, "LAN", date,
                               hash)) {
            return 1;
        }
        if (overlay_item_has_audio(&x.c, refs[i]) && clip_len) {
            char name[64], path[600];
            snprintf(name, sizeof name, "clip-%d.ogg", i);
            overlay_clip_path(ov, "km", name, path, sizeof path);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(clip, 1, clip_len, f) != clip_len) {
                return 1;
            }
            fclose(f);
            if (overlay_set_clip(ov, "km", key, name, 1.0, "LAN", date) ==
                KIOSK_OK) {
                nclips++;
            }
        }
    }
    free(clip);
    printf("built-in pack, %d forms, %d quizzes; a Khmer overlay of %d items:"
           " %d texts, %d reviews, %d clips\n",
           x.c.nforms, x.c.nquizzes, nitems, ntexts, nitems, nclips);
    double t[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        if (overlay_save(ov, "km") != KIOSK_OK) {
            fprintf(stderr, "save failed\n");
            return 1;
        }
        t[r] = now_ms() - t0;
    }
    report("overlay_save km (3 files, fsync'd)", t, RUNS);
    printf("overlay on disk: %ld bytes (%ld without the clips)\n",
           dir_bytes(dir), dir_bytes(dir) - (long)clip_len * nclips);
    struct overlay *back = NULL;
    for (int r = 0; r < RUNS; r++) {
        struct kiosk_diag d = {0};
        overlay_free(back);
        double t0 = now_ms();
        if (overlay_load(dir, &back, &d) != KIOSK_OK) {
            kiosk_diag_print(&d, stderr);
            return 1;
        }
        t[r] = now_ms() - t0;
        kiosk_diag_free(&d);
    }
    report("overlay_load (all files checked)", t, RUNS);
    for (int r = 0; r < RUNS; r++) {
        struct content y;
        struct overlay_report rep;
        if (load(&y)) {
            return 1;
        }
        double t0 = now_ms();
        if (overlay_apply(back, &y.c, &rep) != KIOSK_OK || rep.n) {
            fprintf(stderr, "apply: %d not applied\n", rep.n);
            return 1;
        }
        t[r] = now_ms() - t0;
        overlay_report_free(&rep);
        unload(&y);
    }
    report("overlay_apply over a freshly loaded pack", t, RUNS);
    struct overlay_report rep;
    if (overlay_apply(back, &x.c, &rep) != KIOSK_OK) {
        return 1;
    }
    overlay_report_free(&rep);
    for (int r = 0; r < RUNS; r++) {
        double t0 = now_ms();
        for (int l = 0; l < pack_nlangs(x.p); l++) {
            struct overlay_ready *rd = NULL;
            int n = 0;
            if (overlay_readiness(&x.c, back, NULL, pack_lang(x.p, l)->code,
                                  &rd, &n) != KIOSK_OK) {
                return 1;
            }
            free(rd);
        }
        t[r] = now_ms() - t0;
    }
    report("readiness of every language (room's first page)", t, RUNS);
    char csv[300];
    snprintf(csv, sizeof csv, "%s/km.csv", dir);
    for (int r = 0; r < RUNS; r++) {
        FILE *f = fopen(csv, "wb");
        double t0 = now_ms();
        if (!f || overlay_csv_export(&x.c, back, "km", f) != KIOSK_OK) {
            return 1;
        }
        t[r] = now_ms() - t0;
        fclose(f);
    }
    report("spreadsheet of km out", t, RUNS);
    struct stat st;
    if (stat(csv, &st) == 0) {
        printf("spreadsheet: %ld bytes\n", (long)st.st_size);
    }
    for (int r = 0; r < RUNS; r++) {
        struct overlay_import res;
        struct kiosk_diag d = {0};
        double t0 = now_ms();
        if (overlay_csv_import(&x.c, back, "km", csv, "km.csv", "LAN", date,
                               &res, &d) != KIOSK_OK) {
            kiosk_diag_print(&d, stderr);
            return 1;
        }
        t[r] = now_ms() - t0;
        kiosk_diag_free(&d);
    }
    report("spreadsheet of km back in (every row checked)", t, RUNS);
    overlay_free(back);
    overlay_free(ov);
    free(refs);
    unload(&x);
    char rm[300];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    return system(rm) == 0 ? 0 : 1;
}
