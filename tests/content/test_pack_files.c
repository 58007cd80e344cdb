/* A pack's files as files (issue 17, item 10): a FIFO or a device where a
 * CSV, a picture or a clip should be, links out of the pack, a picture of
 * 20000 x 20000 dots, files over their size. Each is refused quickly, with
 * its path, before anything reads or decodes it; the kiosk keeps the pack
 * it has. A copy of tests/content/packs/good is broken one way at a time. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/pack.h"
#include "core/png.h"
#include "test.h"

#define GOOD "tests/content/packs/good"

static char tmp[64];

static const char *const files[] = {
    "languages.csv", "strings.csv", "services.csv", "info/categories.csv",
    "info/articles.csv", "images/tile.png", "audio/a1-km.ogg",
    "audio/a1-vi.ogg", "audio/home-vi.ogg",
};

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "FAIL: loading the pack hangs\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(1);
}

static int copy(const char *from, const char *to)
{
    char buf[8192];
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int ok = in && out;
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        ok = fwrite(buf, 1, n, out) == n;
    }
    if (in) {
        fclose(in);
    }
    if (out) {
        ok = fclose(out) == 0 && ok;
    }
    return ok ? 0 : -1;
}

/* A fresh copy of the good pack in tmp/pack. */
static void fresh(char *dir, size_t n)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/pack'", tmp);
    CHECK_INT(system(cmd), 0);
    snprintf(dir, n, "%s/pack", tmp);
    static const char *const dirs[] = {"", "/info", "/images", "/audio"};
    for (size_t i = 0; i < 4; i++) {
        char d[256];
        snprintf(d, sizeof d, "%s%s", dir, dirs[i]);
        CHECK_INT(mkdir(d, 0755), 0);
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char from[256], to[256];
        snprintf(from, sizeof from, GOOD "/%s", files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, files[i]);
        CHECK_INT(copy(from, to), 0);
    }
}

static void put(const char *dir, const char *rel, const void *data,
                size_t n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    unlink(path);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(data, 1, n, f) == n);
    if (f) {
        fclose(f);
    }
}

static void link_to(const char *dir, const char *rel, const char *target)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    unlink(path);
    CHECK_INT(symlink(target, path), 0);
}

static void fifo(const char *dir, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    unlink(path);
    CHECK_INT(mkfifo(path, 0600), 0);
}

/* The pack does not load, and the one error names `rel` and says `msg`. */
static void refused(const char *what, const char *dir, const char *rel,
                    const char *msg)
{
    struct pack *p = (struct pack *)1;
    struct kiosk_diag d = {0};
    alarm(20); /* a pack that hangs the loader fails here, not in CI */
    enum kiosk_err rc = pack_load(dir, &p, &d);
    alarm(0);
    CHECK_INT(rc, KIOSK_EPARSE);
    CHECK(p == NULL);
    int errs = 0, named = 0;
    for (int k = 0; k < d.n; k++) {
        if (!d.items[k].is_warning) {
            errs++;
            named += strcmp(d.items[k].file, rel) == 0 &&
                     strstr(d.items[k].msg, msg) != NULL;
        }
    }
    CHECK_INT(errs, 1);
    CHECK_INT(named, 1);
    if (errs != 1 || named != 1) {
        fprintf(stderr, "  case: %s\n", what);
        kiosk_diag_print(&d, stderr);
    }
    kiosk_diag_free(&d);
}

static void loads(const char *what, const char *dir)
{
    struct pack *p = NULL;
    struct kiosk_diag d = {0};
    alarm(20);
    enum kiosk_err rc = pack_load(dir, &p, &d);
    alarm(0);
    CHECK_INT(rc, KIOSK_OK);
    if (rc != KIOSK_OK) {
        fprintf(stderr, "  case: %s\n", what);
        kiosk_diag_print(&d, stderr);
    }
    pack_free(p);
    kiosk_diag_free(&d);
}

/* A PNG header for a w x h picture, with a few bytes of IDAT: enough for
 * the header check, never decoded. */
static size_t png_header(unsigned char *b, unsigned long w, unsigned long h)
{
    static const unsigned char head[] = {0x89, 'P', 'N', 'G', '\r', '\n',
                                         0x1A, '\n', 0, 0, 0, 13, 'I', 'H',
                                         'D', 'R'};
    memcpy(b, head, sizeof head);
    unsigned long v[2] = {w, h};
    for (int k = 0; k < 2; k++) {
        b[16 + 4 * k] = (unsigned char)(v[k] >> 24);
        b[17 + 4 * k] = (unsigned char)(v[k] >> 16);
        b[18 + 4 * k] = (unsigned char)(v[k] >> 8);
        b[19 + 4 * k] = (unsigned char)v[k];
    }
    memcpy(b + 24, "\x01\x00\x00\x00\x00\x00\x00\x00", 8); /* bit depth.. */
    return 32;
}

int main(void)
{
    char dir[256];
    signal(SIGALRM, on_alarm);
    snprintf(tmp, sizeof tmp, "/tmp/kiosk-packfiles-XXXXXX");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    fresh(dir, sizeof dir);
    loads("the copy as it is", dir);

    /* a FIFO where a CSV should be: refused without opening it for
     * reading (that would wait for a writer forever) */
    fifo(dir, "strings.csv");
    refused("FIFO strings.csv", dir, "strings.csv", "not a regular file");
    fresh(dir, sizeof dir);
    fifo(dir, "info/articles.csv");
    refused("FIFO articles", dir, "info/articles.csv", "not a regular file");
    /* a link to a device: /dev/urandom never ends, /dev/zero neither;
     * being outside the pack is enough to refuse them */
    fresh(dir, sizeof dir);
    link_to(dir, "services.csv", "/dev/urandom");
    refused("link to /dev/urandom", dir, "services.csv",
            "a link to a place outside the pack");
    fresh(dir, sizeof dir);
    link_to(dir, "images/tile.png", "/dev/zero");
    refused("picture linked to /dev/zero", dir, "images/tile.png",
            "a link to a place outside the pack");
    /* FIFOs among the media, used or not (forms and quizzes name them
     * too) */
    fresh(dir, sizeof dir);
    fifo(dir, "audio/a1-vi.ogg");
    refused("FIFO clip", dir, "audio/a1-vi.ogg", "not a regular file");
    fresh(dir, sizeof dir);
    fifo(dir, "audio/unused.ogg");
    refused("unused FIFO clip", dir, "audio/unused.ogg",
            "not a regular file");
    /* links out of the pack, to a file that exists on every system */
    const char *secret = access("/etc/shadow", F_OK) == 0 ? "/etc/shadow"
                                                          : "/etc/passwd";
    fresh(dir, sizeof dir);
    link_to(dir, "images/tile.png", secret);
    refused("picture linked out", dir, "images/tile.png",
            "a link to a place outside the pack");
    fresh(dir, sizeof dir);
    link_to(dir, "strings.csv", secret);
    refused("strings.csv linked out", dir, "strings.csv",
            "a link to a place outside the pack");
    fresh(dir, sizeof dir);
    link_to(dir, "audio/a1-vi.ogg", "../../../../../../../../etc/hostname");
    refused("clip linked out, relative", dir, "audio/a1-vi.ogg",
            "outside the pack");
    char real_good[PATH_MAX];
    CHECK(realpath(GOOD "/info", real_good) != NULL);
    fresh(dir, sizeof dir);
    char path[300];
    snprintf(path, sizeof path, "%s/info", dir);
    CHECK_INT(system("true"), 0);
    /* a folder linked out (the good pack's own, elsewhere on disk) */
    snprintf(path, sizeof path, "rm -rf '%s/info'", dir);
    CHECK_INT(system(path), 0);
    link_to(dir, "info", real_good);
    refused("folder linked out", dir, "info",
            "a link to a place outside the pack");
    /* links inside the pack are fine */
    fresh(dir, sizeof dir);
    link_to(dir, "images/alias.png", "tile.png");
    loads("link inside the pack", dir);

    /* a 431 KB picture of 20000 x 20000 dots decodes to 1.6 GB: refused
     * by its header, before anything decodes it */
    unsigned char png[64];
    fresh(dir, sizeof dir);
    put(dir, "images/tile.png", png, png_header(png, 20000, 20000));
    refused("20000 x 20000", dir, "images/tile.png",
            "20000 x 20000 dots; a picture is at most");
    fresh(dir, sizeof dir);
    put(dir, "images/wide.png", png, png_header(png, 4000, 10));
    refused("too wide", dir, "images/wide.png", "4000 x 10 dots");
    fresh(dir, sizeof dir);
    put(dir, "images/full-hd.png", png, png_header(png, 1080, 1920));
    loads("1080 x 1920 is fine", dir);
    /* not a PNG at all, or too big a file */
    fresh(dir, sizeof dir);
    put(dir, "images/photo.png", "\xFF\xD8\xFF\xE0 JFIF", 10);
    refused("a JPEG", dir, "images/photo.png", "not a PNG picture");
    fresh(dir, sizeof dir);
    size_t big = KIOSK_IMAGE_MAX_BYTES + 1;
    unsigned char *b = calloc(1, big);
    CHECK(b != NULL);
    if (b) {
        png_header(b, 100, 100);
        put(dir, "images/big.png", b, big);
        refused("a 4 MiB + 1 picture", dir, "images/big.png",
                "bytes; a picture is at most");
    }
    free(b);
    /* not an Ogg clip: loading looks at sizes only (hundreds of clips at
     * every start); the check before a pack goes out names it */
    fresh(dir, sizeof dir);
    put(dir, "audio/a1-vi.ogg", "ID3\x04 an mp3", 12);
    loads("not Ogg, at load", dir);
    FILE *mf = tmpfile();
    CHECK_INT(pack_check_media(dir, mf, NULL, NULL), 1);
    char mout[512] = "";
    if (mf) {
        long mn = ftell(mf);
        rewind(mf);
        mout[fread(mout, 1, mn < 511 ? (size_t)mn : 511, mf)] = '\0';
        fclose(mf);
    }
    CHECK_CONTAINS(mout, "audio/a1-vi.ogg: error: not an Ogg file");
    fresh(dir, sizeof dir);
    big = PACK_MAX_CLIP_BYTES + 1;
    b = calloc(1, big);
    CHECK(b != NULL);
    if (b) {
        memcpy(b, "OggS", 4);
        put(dir, "audio/long.ogg", b, big);
        refused("an 8 MiB + 1 clip", dir, "audio/long.ogg",
                "bytes; a clip is at most");
    }
    free(b);

    /* the pack folder itself may be a link (a new version switched in) */
    fresh(dir, sizeof dir);
    char alias[300];
    snprintf(alias, sizeof alias, "%s/current", tmp);
    CHECK_INT(symlink(dir, alias), 0);
    loads("the pack through a link", alias);
    unlink(alias);

    /* pack_check_media: every picture and clip handed to the decoder */
    fresh(dir, sizeof dir);
    FILE *f = tmpfile();
    CHECK_INT(pack_check_media(dir, f, NULL, NULL), 0);
    long n = f ? ftell(f) : 0;
    char out[512] = "";
    if (f) {
        rewind(f);
        out[fread(out, 1, n < 511 ? (size_t)n : 511, f)] = '\0';
        fclose(f);
    }
    CHECK_CONTAINS(out, "1 pictures and 3 clips checked, 0 failed");

    snprintf(path, sizeof path, "rm -rf '%s'", tmp);
    CHECK_INT(system(path), 0);
    TEST_MAIN_END();
}
