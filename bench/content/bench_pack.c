/* Times pack_load: prints mean and min over 50 runs, for
 *   1. the pack named on the command line, else the built-in pack
 *      (assets/pack), else the test fixture;
 *   2. a synthetic pack of 100 strings x 7 languages and 12 articles of
 *      ~2 KB per language (the size the design targets at <= 50 ms on a
 *      Raspberry Pi), written to a temporary directory.
 * Prints figures only; it asserts nothing about speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content/pack.h"

#define RUNS 50

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Bytes of the pack's CSV files, so the figures say how much was parsed. */
static long csv_bytes(const char *dir)
{
    static const char *const files[] = {
        "languages.csv", "strings.csv", "info/categories.csv",
        "info/articles.csv", "services.csv",
    };
    long total = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (stat(path, &st) == 0) {
            total += (long)st.st_size;
        }
    }
    return total;
}

static int bench(const char *label, const char *dir)
{
    double sum = 0, min = 1e9;
    for (int i = 0; i < RUNS; i++) {
        struct pack *p = NULL;
        struct kiosk_diag d = {0};
        double t0 = now_ms();
        enum kiosk_err rc = pack_load(dir, &p, &d);
        double dt = now_ms() - t0;
        if (rc != KIOSK_OK) {
            fprintf(stderr, "%s: pack_load failed (%s):\n", dir,
                    kiosk_strerror(rc));
            kiosk_diag_print(&d, stderr);
            kiosk_diag_free(&d);
            return 1;
        }
        if (i == 0) {
            struct pack_coverage c;
            pack_coverage(p, 0, &c);
            printf("%s: %s: %d languages, %d strings, %d articles, "
                   "%d services, %ld KB of CSV\n",
                   label, dir, pack_nlangs(p), c.strings_total,
                   pack_narticles(p), pack_nservices(p),
                   (csv_bytes(dir) + 512) / 1024);
        }
        kiosk_diag_free(&d);
        pack_free(p);
        sum += dt;
        min = dt < min ? dt : min;
    }
    printf("%s: pack_load x%d: mean %.3f ms, min %.3f ms\n", label, RUNS,
           sum / RUNS, min);
    return 0;
}

static const char *const langs[7][4] = {
    {"vi", "Tiếng Việt", "Vietnamese", "Latn"},
    {"en", "English", "English", "Latn"},
    {"km", "ភាសាខ្មែរ", "Khmer", "Khmr"},
    {"hmn", "Hmoob", "H'Mong", "Latn"},
    {"blt", "ꪁꪫꪱꪣ ꪼꪕ", "Tai Dam", "Tavt"},
    {"jra", "Jrai", "Jrai", "Latn"},
    {"bdq", "Bahnar", "Bahnar", "Latn"},
};

/* Filler text per language (not content: only bytes to normalise). Every
 * third cell is written decomposed so the NFC path is exercised. */
static const char *const filler[7] = {
    "Nội dung thử nghiệm cho đo tốc độ. ",
    "Benchmark filler text only. ",
    "អត្ថបទសាកល្បង ",
    "Ntawv sim xwb. ",
    "ꪁꪫꪱꪣ ꪼꪕ ",
    "Filler jra. ",
    "Filler bdq. ",
};
static const char decomposed[] = "Vie\xcc\xa3\xcc\x82t ";

static void header(FILE *f, const char *field, int first)
{
    for (int l = 0; l < 7; l++) {
        fprintf(f, "%s%s::%s (%s)", first && l == 0 ? "" : ",", field,
                langs[l][1], langs[l][0]);
    }
}

static void text(FILE *f, int l, int reps, int decomp)
{
    fputs(",\"", f);
    for (int r = 0; r < reps; r++) {
        fputs(filler[l], f);
        if (decomp) {
            fputs(decomposed, f);
        }
        if (r % 40 == 39) {
            fputs("\n\n", f);
        }
    }
    fputc('"', f);
}

static int write_synthetic(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/info", dir);
    if (mkdir(path, 0700) != 0) {
        return -1;
    }
    snprintf(path, sizeof path, "%s/languages.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    fputs("code,name,name_en,script,status\n", f);
    for (int l = 0; l < 7; l++) {
        fprintf(f, "%s,%s,%s,%s,%s\n", langs[l][0], langs[l][1], langs[l][2],
                langs[l][3], l < 2 ? "reviewed" : "draft");
    }
    fclose(f);

    snprintf(path, sizeof path, "%s/strings.csv", dir);
    f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    fputs("key,slot,note,", f);
    header(f, "text", 1);
    fputc('\n', f);
    for (int i = 0; i < 100; i++) {
        /* keys out of order, so the sort does real work */
        fprintf(f, "bench.k%03d,line,", (i * 37) % 100);
        for (int l = 0; l < 7; l++) {
            text(f, l, 2, i % 3 == 0);
        }
        fputc('\n', f);
    }
    fclose(f);

    snprintf(path, sizeof path, "%s/info/categories.csv", dir);
    f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    fputs("id,image,", f);
    header(f, "title", 1);
    fputs("\nc1,", f);
    for (int l = 0; l < 7; l++) {
        text(f, l, 1, 0);
    }
    fputc('\n', f);
    fclose(f);

    snprintf(path, sizeof path, "%s/info/articles.csv", dir);
    f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    fputs("id,category,image,", f);
    header(f, "title", 1);
    header(f, "body", 0);
    fputc('\n', f);
    for (int a = 0; a < 12; a++) {
        fprintf(f, "a%02d,c1,", a);
        for (int l = 0; l < 7; l++) {
            text(f, l, 1, 0);
        }
        for (int l = 0; l < 7; l++) {
            text(f, l, 60, a % 2);
        }
        fputc('\n', f);
    }
    fclose(f);
    return 0;
}

static void remove_synthetic(const char *dir)
{
    static const char *const files[] = {
        "languages.csv", "strings.csv", "info/categories.csv",
        "info/articles.csv", "info",
    };
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : NULL;
    struct stat st;
    if (!dir) {
        dir = KIOSK_SOURCE_DIR "/assets/pack";
        if (stat(KIOSK_SOURCE_DIR "/assets/pack/languages.csv", &st) != 0) {
            printf("(assets/pack has no languages.csv yet: using the test "
                   "fixture)\n");
            dir = KIOSK_SOURCE_DIR "/tests/content/packs/good";
        }
    }
    int rc = bench("pack", dir);

    char tmp[] = "/tmp/kiosk-bench-pack-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    if (write_synthetic(tmp) != 0) {
        perror("writing the synthetic pack");
        rc = 1;
    } else {
        rc |= bench("synthetic 100x7 + 12 articles", tmp);
    }
    remove_synthetic(tmp);
    return rc;
}
