/* One language as a spreadsheet (export, and import checked like a pack
 * file), and an overlay shared between kiosks (export to a folder, import
 * with the newer entry winning). Both imports check everything before
 * they change anything. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/overlay_int.h"
#include "content/pack.h"
#include "core/csv.h"
#include "core/sheet.h"

#define SHARE_MANIFEST "overlay.csv"
#define SHARE_FORMAT "1"

/* ---- one language as a spreadsheet ---------------------------------- */

static const char *status_word(const struct overlay_item_state *st)
{
    if (st->stale) {
        return "changed since review";
    }
    if (st->status == OVERLAY_REVIEWED) {
        return "reviewed";
    }
    if (st->status == OVERLAY_NEEDS_FIXING) {
        return "needs fixing";
    }
    return st->pack_reviewed ? "reviewed (pack)" : "not reviewed";
}

/* The language's header name, "ភាសាខ្មែរ (km)". */
static void lang_header(const struct overlay_content *c, const char *lang,
                        const char *prefix, char *buf, size_t n)
{
    const struct pack_language *l =
        pack_lang(c->pack, pack_lang_index(c->pack, lang));
    snprintf(buf, n, "%s::%s (%s)", prefix, l ? l->name : lang, lang);
}

/* Source text of field k in a source language (vi, en), or "". */
static const char *src_in(const struct overlay_content *c,
                          struct overlay_ref r, int k, const char *lang)
{
    const char *t = overlay_item_text(c, r, k, lang);
    return t ? t : "";
}

enum kiosk_err overlay_csv_export(const struct overlay_content *c,
                                  const struct overlay *ov,
                                  const char *lang, FILE *f)
{
    if (!c->pack || pack_lang_index(c->pack, lang) < 0) {
        return KIOSK_EINVAL;
    }
    int n = overlay_items(c, lang, NULL, 0);
    struct overlay_ref *refs = malloc(sizeof *refs * (size_t)(n + 1));
    if (!refs) {
        return KIOSK_ENOMEM;
    }
    overlay_items(c, lang, refs, n);
    struct ovl_buf b = {0};
    char h[3][200];
    lang_header(c, "vi", "source", h[0], sizeof h[0]);
    lang_header(c, "en", "source", h[1], sizeof h[1]);
    lang_header(c, lang, "text", h[2], sizeof h[2]);
    ovl_buf_str(&b, "\xEF\xBB\xBF"); /* spreadsheets then read UTF-8 */
    const char *hdr[] = {"item", "field", h[0], h[1], h[2], "status",
                         "note"};
    for (int i = 0; i < 7; i++) {
        ovl_buf_str(&b, i ? "," : "");
        ovl_buf_csv(&b, hdr[i]);
    }
    ovl_buf_str(&b, "\r\n");
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        char key[OVERLAY_MAX_ITEM];
        overlay_item_key(c, refs[i], key, sizeof key);
        struct overlay_item_state st;
        overlay_item_state(c, ov, NULL, refs[i], lang, &st);
        int nf = overlay_item_nfields(c, refs[i]);
        for (int k = 0; k < nf; k++) {
            const char *vi = src_in(c, refs[i], k, "vi");
            const char *en = src_in(c, refs[i], k, "en");
            if (!*vi && !*en) {
                continue; /* nothing to translate from */
            }
            char note[160] = "", ph[80];
            /* the placeholders a translator must keep, as a reminder */
            if (ovl_placeholders_differ(*vi ? vi : en, "", ph, sizeof ph)) {
                snprintf(note, sizeof note, "keep %s as it is", ph);
            }
            const char *t = overlay_item_text(c, refs[i], k, lang);
            const char *cells[] = {key, overlay_item_field(c, refs[i], k),
                                   vi, en, t ? t : "", status_word(&st),
                                   note};
            for (int j = 0; j < 7; j++) {
                ovl_buf_str(&b, j ? "," : "");
                ovl_buf_csv(&b, cells[j]);
            }
            ovl_buf_str(&b, "\r\n");
        }
        ok = !b.oom;
    }
    free(refs);
    enum kiosk_err e = KIOSK_OK;
    if (b.oom) {
        e = KIOSK_ENOMEM;
    } else if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0) {
        e = KIOSK_EIO;
    }
    ovl_buf_free(&b);
    return e;
}

/* One staged change of an import. */
struct change {
    char *item, *field, *text;
    struct overlay_ref ref;
    int k;
    int row;  /* spreadsheet row */
};

static int cmp_pair(const void *a, const void *b)
{
    const struct change *x = a, *y = b;
    int c = strcmp(x->item, y->item);
    return c ? c : strcmp(x->field, y->field);
}

static int cmp_change(const void *a, const void *b)
{
    const struct change *x = a, *y = b;
    int c = cmp_pair(a, b);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static void free_changes(struct change *ch, int n)
{
    for (int i = 0; i < n; i++) {
        free(ch[i].item);
        free(ch[i].field);
        free(ch[i].text);
    }
    free(ch);
}

/* The columns of a language's spreadsheet (as overlay_csv_export writes
 * it): item, field, the translation, and the Vietnamese source it was made
 * from; other sources, status and note are for the translator. */
enum { COL_ITEM, COL_FIELD, COL_TEXT, COL_SOURCE, COL_STATUS, COL_NOTE,
       N_COLS };

struct import_cols {
    const char *lang; /* the language being imported */
    int col[N_COLS];  /* plain columns */
    int tr[N_COLS];   /* text:: and source:: (vi) columns */
};

/* The language slot of a text:: or source:: header (sheet_lang_fn). */
static int import_lang(void *ud, const char *code, const char *h,
                       const char *file, int col)
{
    const struct import_cols *ic = ud;
    if (strncmp(h, "source", 6) == 0) {
        return strcmp(code, "vi") == 0 ? 0 : -1; /* others: for reading */
    }
    (void)file;
    (void)col;
    /* text in another language: map_import_columns says which */
    return strcmp(code, ic->lang) == 0 ? 0 : -1;
}

/* A state for one import: the table, its columns and what was staged. */
struct import {
    const struct overlay_content *c;
    const char *lang, *name;
    const struct csv_table *t;
    struct import_cols ic;
    struct overlay_import *res;
    struct kiosk_diag *d;
    struct change *ch;
    int nch;
};

/* Maps the header with the pack sheets' mapper; 1 when item, field and
 * the language's text are there. */
static int map_import_columns(struct import *im)
{
    static const struct sheet_spec specs[N_COLS] = {
        [COL_ITEM] = {"item", 0, 1},     [COL_FIELD] = {"field", 0, 1},
        [COL_TEXT] = {"text", 1, 0},     [COL_SOURCE] = {"source", 1, 0},
        [COL_STATUS] = {"status", 0, 0}, [COL_NOTE] = {"note", 0, 0},
    };
    struct import_cols *ic = &im->ic;
    ic->lang = im->lang;
    sheet_map_columns(im->t, im->name, specs, N_COLS, import_lang, ic,
                      ic->col, ic->tr, 1, im->d);
    /* a text column in another language: which file is this? */
    const struct csv_row *h = &im->t->rows[0];
    for (int col = 0; col < h->ncells; col++) {
        char code[16];
        const char *sep = strstr(h->cells[col], "::");
        if (strncmp(h->cells[col], "text::", 6) == 0 && sep &&
            sheet_lang_code(sep + 2, code, sizeof code) &&
            strcmp(code, im->lang) != 0) {
            kiosk_diag_err(im->d, im->name, 1, col + 1,
                           "this file holds '%s' text, not '%s'", code,
                           im->lang);
        }
    }
    if (ic->col[COL_ITEM] < 0 || ic->col[COL_FIELD] < 0 ||
        ic->tr[COL_TEXT] < 0) {
        kiosk_diag_err(im->d, im->name, 1, 0,
                       "needs the columns item, field and text::<language> "
                       "(%s)",
                       im->lang);
        return 0;
    }
    return 1;
}

/* Checks row r and stages its change; problems are reported with the row
 * and column. KIOSK_ENOMEM is the only failure. */
static enum kiosk_err stage_row(struct import *im, int r)
{
    const struct csv_table *t = im->t;
    int ci = im->ic.col[COL_ITEM], cf = im->ic.col[COL_FIELD];
    int ct = im->ic.tr[COL_TEXT], cvi = im->ic.tr[COL_SOURCE];
    const char *item = csv_cell(t, r, ci);
    const char *field = csv_cell(t, r, cf);
    const char *text = csv_cell(t, r, ct);
    struct overlay_ref ref;
    char why[160];
    if (!overlay_key_check(item, NULL, why, sizeof why)) {
        kiosk_diag_err(im->d, im->name, r + 1, ci + 1, "item '%s': %s", item,
                       why);
        return KIOSK_OK;
    }
    if (!overlay_item_find(im->c, item, &ref)) {
        kiosk_diag_err(im->d, im->name, r + 1, ci + 1,
                       "item '%s' is not in this pack", item);
        return KIOSK_OK;
    }
    int k = overlay_item_field_index(im->c, ref, field);
    const char *vi = k >= 0 ? overlay_item_text(im->c, ref, k, "vi") : NULL;
    const char *en = k >= 0 ? overlay_item_text(im->c, ref, k, "en") : NULL;
    if (k < 0 || (!vi && !en)) {
        kiosk_diag_err(im->d, im->name, r + 1, cf + 1,
                       "item '%s' has no field '%s' to translate", item,
                       field);
        return KIOSK_OK;
    }
    if (!ovl_has_text(text)) {
        im->res->empty++;
        return KIOSK_OK;
    }
    if (ovl_has_control(text)) {
        kiosk_diag_err(im->d, im->name, r + 1, ct + 1,
                       "text holds a control character");
        return KIOSK_OK;
    }
    int changed = 0;
    char *nfc = ovl_nfc(text, &changed);
    if (!nfc) {
        return KIOSK_ENOMEM;
    }
    im->res->normalised += changed;
    char ph[80];
    if (ovl_placeholders_differ(vi ? vi : en, nfc, ph, sizeof ph)) {
        kiosk_diag_err(im->d, im->name, r + 1, ct + 1,
                       "placeholder %s must appear as in the source "
                       "(keep {…} and ${…} as they are)",
                       ph);
        free(nfc);
        return KIOSK_OK;
    }
    if (cvi >= 0 && vi) {
        char *src = ovl_nfc(csv_cell(t, r, cvi), NULL);
        if (src && *src && strcmp(src, vi) != 0) {
            kiosk_diag_warn(im->d, im->name, r + 1, cvi + 1,
                            "the Vietnamese source changed since this "
                            "file was made: check the translation");
            im->res->source_changed++;
        }
        free(src);
    }
    struct change *x = &im->ch[im->nch++];
    x->item = strdup(item);
    x->field = strdup(field);
    x->text = nfc;
    x->ref = ref;
    x->k = k;
    x->row = r + 1;
    return x->item && x->field ? KIOSK_OK : KIOSK_ENOMEM;
}

/* The same field twice: which one was meant? Reported on the later row. */
static enum kiosk_err check_twice(const struct import *im)
{
    struct change *sorted = malloc(sizeof *sorted * (size_t)(im->nch + 1));
    if (!sorted) {
        return KIOSK_ENOMEM;
    }
    memcpy(sorted, im->ch, sizeof *sorted * (size_t)im->nch);
    qsort(sorted, (size_t)im->nch, sizeof *sorted, cmp_change);
    for (int i = 1; i < im->nch; i++) {
        if (cmp_pair(&sorted[i - 1], &sorted[i]) == 0) {
            kiosk_diag_err(im->d, im->name, sorted[i].row,
                           im->ic.col[COL_ITEM] + 1,
                           "item '%s' field '%s' is also on row %d",
                           sorted[i].item, sorted[i].field,
                           sorted[i - 1].row);
        }
    }
    free(sorted);
    return KIOSK_OK;
}

/* Reads and checks the whole file into im->ch; nothing is applied. */
static enum kiosk_err stage_file(struct import *im)
{
    if (!map_import_columns(im)) {
        return KIOSK_EPARSE;
    }
    im->ch = calloc((size_t)im->t->nrows + 1, sizeof *im->ch);
    if (!im->ch) {
        return KIOSK_ENOMEM;
    }
    for (int r = 1; r < im->t->nrows; r++) {
        if (csv_row_blank(im->t, r)) {
            continue;
        }
        im->res->rows++;
        if (stage_row(im, r) != KIOSK_OK) {
            return KIOSK_ENOMEM;
        }
    }
    return check_twice(im);
}

enum kiosk_err overlay_csv_import(const struct overlay_content *c,
                                  struct overlay *ov, const char *lang,
                                  const char *path, const char *name,
                                  const char *by, const char *date,
                                  struct overlay_import *res,
                                  struct kiosk_diag *d)
{
    memset(res, 0, sizeof *res);
    if (!c->pack || pack_lang_index(c->pack, lang) < 0) {
        kiosk_diag_err(d, name, 0, 0, "language '%s' is not in this pack",
                       lang);
        return KIOSK_EINVAL;
    }
    if (overlay_lang_broken(ov, lang)) {
        kiosk_diag_err(d, name, 0, 0,
                       "the overlay files of '%s' are damaged: fix them "
                       "first",
                       lang);
        return KIOSK_EREADONLY;
    }
    char *data;
    size_t len;
    enum kiosk_err e = kiosk_read_file(path, CSV_MAX_FILE, &data, &len);
    if (e) {
        kiosk_diag_err(d, name, 0, 0, "cannot read: %s", kiosk_strerror(e));
        return e;
    }
    struct csv_table t;
    e = csv_parse(data, len, name, &t, d);
    free(data);
    if (e) {
        return e == KIOSK_ENOMEM ? e : KIOSK_EPARSE;
    }
    int errors0 = d->errors;
    struct import im = {.c = c, .lang = lang, .name = name, .t = &t,
                        .res = res, .d = d};
    e = stage_file(&im);
    csv_free(&t);
    if (e == KIOSK_OK && d->errors > errors0) {
        e = KIOSK_EPARSE; /* all or nothing */
    }
    for (int i = 0; i < im.nch && !e; i++) {
        const struct change *x = &im.ch[i];
        const char *cur = overlay_item_text(c, x->ref, x->k, lang);
        if (cur && strcmp(cur, x->text) == 0) {
            res->unchanged++;
            continue;
        }
        e = overlay_set_text(ov, lang, x->item, x->field, x->text, by, date);
        if (e == KIOSK_OK) {
            e = overlay_item_set_text(c, x->ref, x->k, lang, x->text);
        }
        res->changed += e == KIOSK_OK;
    }
    free_changes(im.ch, im.nch);
    return e;
}

/* ---- sharing between kiosks ------------------------------------------ */

/* Removes a tree this code made (files and folders; links are removed,
 * never followed). */
static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *dh = opendir(path);
        struct dirent *e;
        while (dh && (e = readdir(dh))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
                continue;
            }
            char sub[4400];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_tree(sub);
        }
        if (dh) {
            closedir(dh);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Copies a file (at most cap bytes) atomically. */
static enum kiosk_err copy_file(const char *from, const char *to, size_t cap)
{
    char *data;
    size_t len;
    enum kiosk_err e = kiosk_read_file(from, cap, &data, &len);
    if (e) {
        return e;
    }
    e = overlay_write_file(to, data, len);
    free(data);
    return e;
}

enum kiosk_err overlay_share_export(const struct overlay *ov,
                                    const char *dest, const char *kiosk_id,
                                    const char *date, int *skipped)
{
    char tmp[4200], old[4200];
    if (snprintf(tmp, sizeof tmp, "%s.new", dest) >= (int)sizeof tmp ||
        snprintf(old, sizeof old, "%s.old", dest) >= (int)sizeof old) {
        return KIOSK_EINVAL;
    }
    if (skipped) {
        *skipped = 0;
    }
    rm_tree(tmp);
    if (ovl_mkdir_p(tmp) != 0) {
        return KIOSK_EIO;
    }
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; i < overlay_nlangs(ov) && !e; i++) {
        const char *lang = overlay_lang(ov, i);
        if (overlay_lang_broken(ov, lang)) {
            if (skipped) {
                (*skipped)++;
            }
            continue;
        }
        e = ovl_save_to(ov, tmp, lang, 0);
        for (int k = 0; k < overlay_nclips(ov, lang) && !e; k++) {
            const struct overlay_clip *cl = overlay_clip_at(ov, lang, k);
            char from[4400], dir[4400], to[4600];
            snprintf(dir, sizeof dir, "%s/audio/%s", tmp, lang);
            if (!overlay_clip_path(ov, lang, cl->file, from, sizeof from) ||
                ovl_mkdir_p(dir) != 0) {
                e = KIOSK_EIO;
                break;
            }
            snprintf(to, sizeof to, "%s/%s", dir, cl->file);
            e = copy_file(from, to, OVERLAY_MAX_CLIP_BYTES);
        }
    }
    if (e == KIOSK_OK) {
        struct ovl_buf b = {0};
        ovl_buf_str(&b, "format,kiosk,exported\r\n" SHARE_FORMAT ",");
        ovl_buf_csv(&b, kiosk_id ? kiosk_id : "");
        ovl_buf_str(&b, ",");
        ovl_buf_csv(&b, date);
        ovl_buf_str(&b, "\r\n");
        char mf[4400];
        snprintf(mf, sizeof mf, "%s/%s", tmp, SHARE_MANIFEST);
        e = b.oom ? KIOSK_ENOMEM : overlay_write_file(mf, b.data, b.len);
        ovl_buf_free(&b);
    }
    if (e) {
        rm_tree(tmp);
        return e == KIOSK_ENOMEM ? e : KIOSK_EIO;
    }
    /* the old copy goes only once the new one is whole */
    rm_tree(old);
    struct stat st;
    if (lstat(dest, &st) == 0 && rename(dest, old) != 0) {
        rm_tree(tmp);
        return KIOSK_EIO;
    }
    if (rename(tmp, dest) != 0) {
        (void)rename(old, dest);
        rm_tree(tmp);
        return KIOSK_EIO;
    }
    rm_tree(old);
    return KIOSK_OK;
}

/* Checks that a clip file is a regular Ogg file within the cap. */
static int clip_file_ok(const char *path, char *why, size_t n)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, n, "is missing or not a regular file");
        return 0;
    }
    if ((size_t)st.st_size > OVERLAY_MAX_CLIP_BYTES) {
        snprintf(why, n, "is larger than %u bytes",
                 (unsigned)OVERLAY_MAX_CLIP_BYTES);
        return 0;
    }
    FILE *f = fopen(path, "rb");
    char magic[4] = {0};
    size_t got = f ? fread(magic, 1, 4, f) : 0;
    if (f) {
        fclose(f);
    }
    if (got != 4 || memcmp(magic, "OggS", 4) != 0) {
        snprintf(why, n, "is not an Ogg file");
        return 0;
    }
    return 1;
}

static int same_file(const char *a, const char *b)
{
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    int same = kiosk_read_file(a, OVERLAY_MAX_CLIP_BYTES, &x, &xl) == 0 &&
               kiosk_read_file(b, OVERLAY_MAX_CLIP_BYTES, &y, &yl) == 0 &&
               xl == yl && memcmp(x, y, xl) == 0;
    free(x);
    free(y);
    return same;
}

/* Copies a shared clip into ov's audio folder of lang under a free name
 * (its own, or with -2, -3 ... before .ogg when another file has it). */
static enum kiosk_err take_clip(const struct overlay *ov, const char *lang,
                                const char *from, const char *file,
                                char *name, size_t n)
{
    char dir[4400], to[4700];
    snprintf(dir, sizeof dir, "%s/audio/%s", overlay_dir(ov), lang);
    if (ovl_mkdir_p(dir) != 0) {
        return KIOSK_EIO;
    }
    size_t base = strlen(file) - 4; /* without .ogg */
    for (int i = 1; i < 1000; i++) {
        if (i == 1) {
            snprintf(name, n, "%s", file);
        } else {
            snprintf(name, n, "%.*s-%d.ogg", (int)base, file, i);
        }
        snprintf(to, sizeof to, "%s/%s", dir, name);
        struct stat st;
        if (lstat(to, &st) != 0) {
            return copy_file(from, to, OVERLAY_MAX_CLIP_BYTES);
        }
        if (same_file(from, to)) {
            return KIOSK_OK; /* already here */
        }
    }
    return KIOSK_EEXIST;
}

/* The share's manifest names the format this kiosk reads. */
static enum kiosk_err check_manifest(const char *src, struct kiosk_diag *d)
{
    char mf[4400];
    snprintf(mf, sizeof mf, "%s/%s", src, SHARE_MANIFEST);
    struct csv_table t;
    struct kiosk_diag quiet = {0};
    if (csv_load(mf, SHARE_MANIFEST, &t, &quiet) != KIOSK_OK) {
        kiosk_diag_free(&quiet);
        kiosk_diag_err(d, src, 0, 0,
                       "no shared overlay here (%s is missing or bad)",
                       SHARE_MANIFEST);
        return KIOSK_ENOENT;
    }
    kiosk_diag_free(&quiet);
    int cfmt = csv_col(&t, "format");
    enum kiosk_err e = KIOSK_OK;
    if (cfmt < 0 || t.nrows < 2 ||
        strcmp(csv_cell(&t, 1, cfmt), SHARE_FORMAT) != 0) {
        kiosk_diag_err(d, SHARE_MANIFEST, 2, cfmt + 1,
                       "format must be %s (made by a newer kiosk?)",
                       SHARE_FORMAT);
        e = KIOSK_EPARSE;
    }
    csv_free(&t);
    return e;
}

/* Reports what stops the share going in: this kiosk's damaged languages
 * and shared clips that are not sound. */
static void check_share(const struct overlay *ov, const struct overlay *in,
                        struct kiosk_diag *d)
{
    for (int i = 0; i < overlay_nlangs(in); i++) {
        const char *lang = overlay_lang(in, i);
        if (overlay_lang_broken(ov, lang)) {
            kiosk_diag_err(d, lang, 0, 0,
                           "this kiosk's overlay files of '%s' are damaged: "
                           "fix them first",
                           lang);
        }
        for (int k = 0; k < overlay_nclips(in, lang); k++) {
            const struct overlay_clip *cl = overlay_clip_at(in, lang, k);
            char path[4400], why[80];
            if (overlay_clip_path(in, lang, cl->file, path, sizeof path) &&
                !clip_file_ok(path, why, sizeof why)) {
                kiosk_diag_err(d, lang, 0, 0, "clip audio/%s/%s %s", lang,
                               cl->file, why);
            }
        }
    }
}

/* The newer entry wins: texts of lang from in into ov. */
static enum kiosk_err merge_texts(struct overlay *ov, const struct overlay *in,
                                  const char *lang, struct overlay_merge *res,
                                  int *changed)
{
    enum kiosk_err e = KIOSK_OK;
    for (int k = 0; k < overlay_ntexts(in, lang) && !e; k++) {
        const struct overlay_text *x = overlay_text_at(in, lang, k);
        const struct overlay_text *y =
            overlay_text_get(ov, lang, x->item, x->field);
        if (y && (strcmp(y->date, x->date) > 0 ||
                  strcmp(y->text, x->text) == 0)) {
            res->kept++;
            continue;
        }
        res->added += !y;
        res->replaced += y != NULL;
        *changed = 1;
        e = overlay_set_text(ov, lang, x->item, x->field, x->text, x->by,
                             x->date);
    }
    return e;
}

/* The newer entry wins: review marks of lang from in into ov. */
static enum kiosk_err merge_reviews(struct overlay *ov,
                                    const struct overlay *in,
                                    const char *lang,
                                    struct overlay_merge *res, int *changed)
{
    enum kiosk_err e = KIOSK_OK;
    for (int k = 0; k < overlay_nreviews(in, lang) && !e; k++) {
        const struct overlay_review *x = overlay_review_at(in, lang, k);
        const struct overlay_review *y = overlay_review_get(ov, lang, x->item);
        if (y && (strcmp(y->date, x->date) > 0 ||
                  (y->status == x->status && strcmp(y->hash, x->hash) == 0))) {
            res->kept++;
            continue;
        }
        res->added += !y;
        res->replaced += y != NULL;
        *changed = 1;
        e = overlay_set_review(ov, lang, x->item, x->status, x->by, x->date,
                               x->hash);
    }
    return e;
}

/* The newer entry wins: clips of lang from in, copied into ov's folder. */
static enum kiosk_err merge_clips(struct overlay *ov, const struct overlay *in,
                                  const char *lang, struct overlay_merge *res,
                                  int *changed)
{
    enum kiosk_err e = KIOSK_OK;
    for (int k = 0; k < overlay_nclips(in, lang) && !e; k++) {
        const struct overlay_clip *x = overlay_clip_at(in, lang, k);
        const struct overlay_clip *y = overlay_clip_get(ov, lang, x->item);
        if (y && strcmp(y->date, x->date) > 0) {
            res->kept++;
            continue;
        }
        char from[4400], name[256];
        if (!overlay_clip_path(in, lang, x->file, from, sizeof from)) {
            return KIOSK_EIO;
        }
        e = take_clip(ov, lang, from, x->file, name, sizeof name);
        if (e) {
            return e;
        }
        if (y && strcmp(y->file, name) == 0) {
            res->kept++;
            continue;
        }
        res->clips++;
        res->added += !y;
        res->replaced += y != NULL;
        *changed = 1;
        e = overlay_set_clip(ov, lang, x->item, name, x->seconds, x->by,
                             x->date);
    }
    return e;
}

enum kiosk_err overlay_share_import(struct overlay *ov, const char *src,
                                    struct overlay_merge *res,
                                    struct kiosk_diag *d)
{
    memset(res, 0, sizeof *res);
    enum kiosk_err e = check_manifest(src, d);
    if (e) {
        return e;
    }
    struct overlay *in = NULL;
    int errors0 = d->errors;
    e = overlay_load(src, &in, d);
    if (e == KIOSK_ENOMEM) {
        return e;
    }
    if (e == KIOSK_OK) {
        check_share(ov, in, d);
    }
    if (e != KIOSK_OK || d->errors > errors0) {
        overlay_free(in);
        return e == KIOSK_OK ? KIOSK_EPARSE : e;
    }
    for (int i = 0; i < overlay_nlangs(in) && !e; i++) {
        const char *lang = overlay_lang(in, i);
        int changed = 0;
        e = merge_texts(ov, in, lang, res, &changed);
        if (!e) {
            e = merge_reviews(ov, in, lang, res, &changed);
        }
        if (!e) {
            e = merge_clips(ov, in, lang, res, &changed);
        }
        if (!e && changed) {
            res->langs++;
            e = overlay_save(ov, lang);
        }
    }
    overlay_free(in);
    if (e) {
        kiosk_diag_err(d, overlay_dir(ov), 0, 0,
                       "taking the shared overlay in failed: %s",
                       kiosk_strerror(e));
    }
    return e;
}
