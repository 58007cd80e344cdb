/* The files of a pack as files: each one a regular file inside the pack,
 * each picture and clip within its limits, judged before anything reads
 * it. A pack comes from a USB stick or a copy staff made; what must never
 * happen is that loading it hangs the kiosk (a FIFO named strings.csv, a
 * link to /dev/urandom), reads something outside it (a link to
 * /etc/shadow), or decodes a 431 KB PNG of 20000 x 20000 dots into 1.6 GB
 * (pack_files_check). --check-pack then decodes every picture and clip
 * with the kiosk's own decoders (pack_check_media). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/pack_int.h"
#include "core/csv.h"
#include "core/io.h"
#include "core/png.h"

#define MAX_DEPTH 4 /* pack/, forms/, and two more: deeper is not a pack */

int pack_path_inside(const char *root_real, const char *path)
{
    char real[PATH_MAX];
    size_t n = strlen(root_real);
    if (!realpath(path, real)) {
        return 0;
    }
    return strncmp(real, root_real, n) == 0 &&
           (real[n] == '/' || real[n] == '\0');
}

int pack_path_outside(const char *root_real, const char *path)
{
    struct stat st;
    return root_real[0] && lstat(path, &st) == 0 &&
           !pack_path_inside(root_real, path);
}

/* What the walk is doing. */
struct walk {
    char root[PATH_MAX]; /* realpath of the pack */
    struct kiosk_diag *d;
    int errors;
    pack_media_fn fn;    /* called for each image and clip that passed */
    void *ctx;
    int decoding;        /* pack_check_media: report decoding only (the
                            loader's pass reported the rest) */
    int images, clips;   /* how many passed */
};

static void bad(struct walk *w, const char *rel, const char *fmt,
                const char *detail)
{
    if (!w->decoding) {
        w->errors++;
        kiosk_diag_err(w->d, rel, 0, 0, fmt, detail);
    }
}

static void bad_decode(struct walk *w, const char *rel, const char *why)
{
    w->errors++;
    kiosk_diag_err(w->d, rel, 0, 0, "%s%s",
                   strncmp(why, "not an Ogg", 10) == 0 ? "" : "does not "
                                                              "decode: ",
                   why);
}

/* First bytes of a file, read without blocking (the caller made sure it
 * is a regular file). Returns how many were read. */
static size_t head(const char *path, unsigned char *b, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return 0;
    }
    size_t got = io_read_full(fd, b, n, NULL);
    close(fd);
    return got;
}

static void check_image(struct walk *w, const char *path, const char *rel,
                        const struct stat *st)
{
    long iw = 0, ih = 0;
    char msg[160];
    if (st->st_size > KIOSK_IMAGE_MAX_BYTES) {
        snprintf(msg, sizeof msg, "%lld bytes; a picture is at most %ld",
                 (long long)st->st_size, KIOSK_IMAGE_MAX_BYTES);
        bad(w, rel, "%s", msg);
        return;
    }
    if (kiosk_png_size(path, &iw, &ih) != KIOSK_OK) {
        bad(w, rel, "%s", "not a PNG picture (pictures in images/ are PNG "
                          "files)");
        return;
    }
    if (!kiosk_image_size_ok(iw, ih)) {
        snprintf(msg, sizeof msg,
                 "%ld x %ld dots; a picture is at most %d dots a side and "
                 "%ld dots in all (it is kept decoded in memory)",
                 iw, ih, KIOSK_IMAGE_MAX_SIDE, KIOSK_IMAGE_MAX_PIXELS);
        bad(w, rel, "%s", msg);
        return;
    }
    if (w->fn && w->fn(w->ctx, path, rel, 1, msg, sizeof msg) != 0) {
        bad_decode(w, rel, msg);
        return;
    }
    w->images++;
}

static void check_clip(struct walk *w, const char *path, const char *rel,
                       const struct stat *st)
{
    unsigned char b[4];
    char msg[160];
    if (st->st_size > PACK_MAX_CLIP_BYTES) {
        snprintf(msg, sizeof msg, "%lld bytes; a clip is at most %ld",
                 (long long)st->st_size, (long)PACK_MAX_CLIP_BYTES);
        bad(w, rel, "%s", msg);
        return;
    }
    if (!w->decoding) {
        return; /* loading: the size is what matters (hundreds of clips) */
    }
    if (head(path, b, 4) != 4 || memcmp(b, "OggS", 4) != 0) {
        bad_decode(w, rel, "not an Ogg file (clips in audio/ are Ogg "
                           "Vorbis .ogg files)");
        return;
    }
    if (w->fn && w->fn(w->ctx, path, rel, 0, msg, sizeof msg) != 0) {
        bad_decode(w, rel, msg);
        return;
    }
    w->clips++;
}

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.'; /* ., .., and hidden files */
}

/* Checks the entries of <root>/<rel> (rel "" = the pack itself). */
static void walk_dir(struct walk *w, const char *dir, const char *rel,
                     int depth)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, visible, alphasort);
    if (n < 0) {
        bad(w, rel[0] ? rel : ".", "cannot list the folder: %s",
            strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX], r[PATH_MAX];
        const char *name = names[i]->d_name;
        if (snprintf(path, sizeof path, "%s/%s", dir, name) >=
                (int)sizeof path ||
            snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", name) >=
                (int)sizeof r) {
            bad(w, rel, "%s", "a path in this folder is too long");
            free(names[i]);
            continue;
        }
        unsigned char type = names[i]->d_type;
        free(names[i]);
        int media = depth == 1 && (strcmp(rel, "images") == 0 ||
                                   strcmp(rel, "audio") == 0);
        struct stat st;
        memset(&st, 0, sizeof st);
        /* readdir's type spares a stat for the plain files and folders
         * (hundreds of clips are loaded at every start) */
        if (type == DT_DIR) {
            if (depth < MAX_DEPTH) {
                walk_dir(w, path, r, depth + 1);
            }
            continue;
        }
        if (type == DT_REG && !media) {
            continue;
        }
        if (type != DT_REG && type != DT_LNK && type != DT_UNKNOWN) {
            bad(w, r, "%s", "not a regular file (a FIFO, a device or a "
                            "socket: reading it would hang the kiosk)");
            continue;
        }
        if (type != DT_REG) {
            struct stat lst;
            if (lstat(path, &lst) != 0) {
                continue; /* gone meanwhile */
            }
            if (S_ISLNK(lst.st_mode) && !pack_path_inside(w->root, path)) {
                bad(w, r, "%s", "a link to a place outside the pack (the "
                                "kiosk reads only the pack's own files)");
                continue;
            }
        }
        if (stat(path, &st) != 0) {
            bad(w, r, "%s", "a link to nothing");
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH) {
                walk_dir(w, path, r, depth + 1);
            }
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            bad(w, r, "%s", "not a regular file (a FIFO, a device or a "
                            "socket: reading it would hang the kiosk)");
            continue;
        }
        if (depth == 1 && strcmp(rel, "images") == 0) {
            check_image(w, path, r, &st);
        } else if (depth == 1 && strcmp(rel, "audio") == 0) {
            check_clip(w, path, r, &st);
        }
    }
    free(names);
}

static int walk_pack(struct walk *w, const char *dir)
{
    if (!realpath(dir, w->root)) {
        return -1; /* no pack there: the loader says so for its files */
    }
    walk_dir(w, w->root, "", 0);
    return w->errors;
}

int pack_files_check(const char *dir, char *root_real, struct kiosk_diag *d)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    w.d = d;
    int rc = walk_pack(&w, dir);
    if (root_real) {
        memcpy(root_real, w.root, sizeof w.root);
    }
    return rc < 0 ? 0 : rc;
}

int pack_check_media(const char *dir, void *out_FILE, pack_media_fn decode,
                     void *ctx)
{
    FILE *f = out_FILE;
    struct kiosk_diag d = {0};
    struct walk w;
    memset(&w, 0, sizeof w);
    w.d = &d;
    w.fn = decode;
    w.ctx = ctx;
    w.decoding = 1;
    if (walk_pack(&w, dir) < 0) {
        kiosk_diag_err(&d, dir, 0, 0, "no such folder");
    }
    kiosk_diag_print(&d, f);
    fprintf(f, "%s: %d pictures and %d clips %s, %d failed\n", dir,
            w.images, w.clips, decode ? "decoded" : "checked", d.errors);
    int errors = d.errors;
    kiosk_diag_free(&d);
    return errors;
}
