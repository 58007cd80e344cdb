/* Content-pack loader.
 *
 * A pack is a directory of UTF-8 CSV files as a spreadsheet saves them:
 *   languages.csv        code,name,name_en,script,status
 *   strings.csv          key,slot,note,text::<Name> (<code>)...,audio::...
 *   info/categories.csv  id,image,title::...
 *   info/articles.csv    id,category,image,title::...,body::...,audio::...
 *   services.csv         id,kind,district,phone,sample,name::...,address::...,
 *                        hours::...
 *   icons.csv            key,image (optional: a picture beside a UI string,
 *                        e.g. a home tile's title)
 *   images/<name>.png, audio/<name>.ogg
 * Translated columns are named as XLSForm names them; only the "(code)" at
 * the end of the header counts. Rows are numbered as the spreadsheet shows
 * them (header = row 1), columns from 1.
 *
 * Each file is read once; every cell that is kept is copied, NFC-normalised,
 * into the pack's arena and the CSV table is freed. Strings are sorted by key
 * for bsearch. Every problem found is reported (not only the first), so staff
 * can fix a pack in one round; any error makes pack_load fail and leaves the
 * caller's current pack alone. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/pack_int.h"
#include "core/sheet.h"
#include "core/csv.h"

#define F_LANGS "languages.csv"
#define F_STRINGS "strings.csv"
#define F_CATS "info/categories.csv"
#define F_ARTS "info/articles.csv"
#define F_SVCS "services.csv"
#define F_ICONS "icons.csv"

#define MAX_SPECS 8
#define MAX_FILE_NAME 200 /* bytes in an image/audio file name */

static const char *const slot_names[] = {"title", "button", "tile", "line",
                                         "body"};

static const char *const service_kinds[] = {
    "counseling", "methadone", "voluntary_treatment", "peer_group",
    "vocational", "legal_aid", "testing",  "hotline",
};

#define SAMPLE_PHONE "000 000 0000"

const char *pack_slot_name(int slot)
{
    if (slot < 0 || slot > PACK_SLOT_BODY) {
        return "?";
    }
    return slot_names[slot];
}

/* ---- loading state ---------------------------------------------------- */

struct loader {
    struct pack *p;
    struct kiosk_diag *d;
    char root[PATH_MAX]; /* the pack's real path (pack_files.c) */
    struct pack_nfc nfc;
    int oom;             /* an allocation failed: stop and say so */
};

/* Column layout of one file: a plain column ("id") or a translated field
 * ("title" -> title::<Name> (<code>) per language). */
enum { COL_PLAIN, COL_TR };

struct colspec {
    const char *name;
    int kind;     /* COL_PLAIN or COL_TR */
    int required; /* plain: must exist; translated: vi and en must exist */
};

struct colmap {
    int col[MAX_SPECS];                 /* plain: 0-based column or -1 */
    int tr[MAX_SPECS][PACK_MAX_LANGS];  /* translated: column per language */
    int ok;                             /* 1 = every required column found */
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Scans a file too large for the reader to find the first field longer than
 * `limit` bytes, so the diagnostic can point at it. Returns 1 if found. */
static int locate_long_field(const char *path, size_t limit, int *row,
                             int *col)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return 0;
    }
    static const size_t chunk = 64 * 1024;
    char *buf = malloc(chunk);
    if (!buf) {
        fclose(f);
        return 0;
    }
    int r = 1, c = 1, in_q = 0, after_q = 0, found = 0;
    size_t flen = 0;
    while (!found) {
        size_t got = fread(buf, 1, chunk, f);
        if (got == 0) {
            break;
        }
        for (size_t i = 0; i < got; i++) {
            char ch = buf[i];
            if (in_q) {
                if (ch == '"') {
                    in_q = 0;
                    after_q = 1;
                } else {
                    flen++;
                }
            } else if (ch == '"') {
                /* a quote right after a closing quote is an escaped one */
                in_q = 1;
                if (after_q) {
                    flen++;
                }
                after_q = 0;
            } else if (ch == ',' || ch == '\n') {
                flen = 0;
                after_q = 0;
                if (ch == ',') {
                    c++;
                } else {
                    r++;
                    c = 1;
                }
            } else if (ch != '\r') {
                flen++;
            }
            if (flen > limit) {
                found = 1;
                break;
            }
        }
    }
    free(buf);
    fclose(f);
    *row = r;
    *col = c;
    return found;
}

/* Reads and parses <dir>/<rel>. Returns 1 when the file was read, 0 when an
 * optional file is absent, -1 on an error (already reported). */
static int load_table(struct loader *ld, const char *rel, int required,
                      struct csv_table *t)
{
    char path[4096];
    memset(t, 0, sizeof *t);
    if (snprintf(path, sizeof path, "%s/%s", ld->p->dir, rel) >=
        (int)sizeof path) {
        kiosk_diag_err(ld->d, rel, 0, 0, "pack path is too long");
        return -1;
    }
    if (pack_path_outside(ld->root, path)) {
        return -1; /* a link out of the pack: reported by the file check */
    }
    char *data;
    size_t len;
    enum kiosk_err rc = kiosk_read_file(path, CSV_MAX_FILE, &data, &len);
    if (rc == KIOSK_EINVAL) {
        return -1; /* a FIFO or a device: reported by the file check */
    }
    if (rc == KIOSK_ENOENT) {
        if (!required) {
            return 0;
        }
        kiosk_diag_err(ld->d, rel, 0, 0, "file not found");
        return -1;
    } else if (rc == KIOSK_ETOOBIG) {
        int row, col;
        if (locate_long_field(path, CSV_MAX_FIELD, &row, &col)) {
            kiosk_diag_err(ld->d, rel, row, col,
                           "field is longer than %u bytes (and the file "
                           "over its %u-byte limit)",
                           CSV_MAX_FIELD, CSV_MAX_FILE);
        } else {
            kiosk_diag_err(ld->d, rel, 0, 0, "file is larger than %u bytes",
                           CSV_MAX_FILE);
        }
        return -1;
    } else if (rc) {
        if (rc == KIOSK_ENOMEM) {
            ld->oom = 1;
        }
        kiosk_diag_err(ld->d, rel, 0, 0, "cannot read: %s",
                       kiosk_strerror(rc));
        return -1;
    }
    rc = csv_parse(data, len, rel, t, ld->d);
    free(data);
    if (rc == KIOSK_ENOMEM) {
        ld->oom = 1;
    }
    return rc ? -1 : 1;
}

/* Language slot of a translated header's code: its index in
 * languages.csv, or -1 (reported). */
static int pack_lang_slot(void *ud, const char *code, const char *h,
                          const char *file, int col)
{
    struct loader *ld = ud;
    for (int i = 0; i < ld->p->nlangs; i++) {
        if (strcmp(ld->p->langs[i].code, code) == 0) {
            return i;
        }
    }
    kiosk_diag_err(ld->d, file, 1, col,
                   "unknown language code '%s' in column '%s' (not in "
                   "languages.csv)",
                   code, h);
    return -1;
}

/* Matches the header row against the specs, reporting unknown, duplicate,
 * badly named and missing columns. */
static void map_header(struct loader *ld, const struct csv_table *t,
                       const struct colspec *specs, int nspecs,
                       struct colmap *m)
{
    /* one mapper for every sheet of the pack (core/sheet.c) */
    struct sheet_spec ss[MAX_SPECS];
    memset(m, 0, sizeof *m);
    for (int s = 0; s < nspecs; s++) {
        ss[s] = (struct sheet_spec){specs[s].name, specs[s].kind == COL_TR,
                                    specs[s].required};
    }
    m->ok = sheet_map_columns(t, t->name, ss, nspecs, pack_lang_slot, ld,
                              m->col, &m->tr[0][0], PACK_MAX_LANGS, ld->d);
    const char *file = t->name;
    for (int s = 0; s < nspecs; s++) {
        if (!specs[s].required) {
            continue;
        }
        /* languages 0 and 1 are vi and en, checked by load_languages */
        for (int l = 0; specs[s].kind == COL_TR && l < 2; l++) {
            if (m->tr[s][l] < 0) {
                kiosk_diag_err(ld->d, file, 1, 0,
                               "missing required column '%s::%s (%s)'",
                               specs[s].name, ld->p->langs[l].name,
                               ld->p->langs[l].code);
                m->ok = 0;
            }
        }
    }
}

/* 1 if row r is a data row to read: not blank, and no data right of the
 * header (reported). */
static int data_row(struct loader *ld, const struct csv_table *t, int r)
{
    if (csv_row_blank(t, r)) {
        return 0;
    }
    const struct csv_row *row = &t->rows[r];
    for (int c = t->rows[0].ncells; c < row->ncells; c++) {
        if (row->cells[c][0]) {
            kiosk_diag_err(ld->d, t->name, r + 1, c + 1,
                           "text right of the last column (the header has "
                           "%d columns)",
                           t->rows[0].ncells);
            break;
        }
    }
    return 1;
}

static int count_rows(const struct csv_table *t)
{
    int n = 0;
    for (int r = 1; r < t->nrows; r++) {
        n += !csv_row_blank(t, r);
    }
    return n;
}

static void *alloc(struct loader *ld, size_t n)
{
    void *v = pack_arena_alloc(&ld->p->arena, n);
    if (!v) {
        ld->oom = 1;
    }
    return v;
}

static const char **alloc_langs(struct loader *ld)
{
    return alloc(ld, sizeof(const char *) * (size_t)ld->p->nlangs);
}

/* Copy of a plain cell (ids, kinds): kept exactly as written. */
static const char *dup_plain(struct loader *ld, const char *s)
{
    size_t len = strlen(s);
    char *d = alloc(ld, len + 1);
    if (d) {
        memcpy(d, s, len + 1);
    }
    return d ? d : "";
}

/* NFC copy of a text cell with surrounding white space trimmed; NULL when
 * the cell is empty (= not translated). */
static const char *dup_text(struct loader *ld, const char *s)
{
    size_t len = strlen(s);
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1])) {
        len--;
    }
    if (!len) {
        return NULL;
    }
    const char *out = NULL;
    enum kiosk_err rc = pack_nfc_dup(&ld->nfc, &ld->p->arena, s, len, &out);
    if (rc == KIOSK_ENOMEM) {
        ld->oom = 1;
    }
    return rc ? NULL : out;
}

/* Text of every language of translated spec s in row r. */
static const char **read_tr(struct loader *ld, const struct csv_table *t,
                            int r, const struct colmap *m, int s)
{
    const char **v = alloc_langs(ld);
    if (!v) {
        return NULL;
    }
    for (int l = 0; l < ld->p->nlangs; l++) {
        if (m->tr[s][l] >= 0) {
            v[l] = dup_text(ld, csv_cell(t, r, m->tr[s][l]));
        }
    }
    return v;
}

/* Full path of a media file named in cell (r, c) of t, inside <dir>/<sub>/;
 * NULL if the cell is empty. A bad name or a missing file is an error. */
static const char *media_path(struct loader *ld, const struct csv_table *t,
                              int r, int c, const char *sub, const char *ext)
{
    if (c < 0) {
        return NULL;
    }
    const char *name = csv_cell(t, r, c);
    if (!name[0]) {
        return NULL;
    }
    const char *what = strcmp(sub, "images") == 0 ? "image" : "audio";
    if (strlen(name) > MAX_FILE_NAME || strchr(name, '/') ||
        strchr(name, '\\') || name[0] == '.') {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1,
                       "%s '%s' must be a plain file name inside %s/", what,
                       name, sub);
        return NULL;
    }
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s/%s", ld->p->dir, sub, name);
    if (n < 0 || n >= (int)sizeof path) {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1, "path too long");
        return NULL;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1,
                       "%s file '%s/%s' not found", what, sub, name);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || pack_path_outside(ld->root, path)) {
        return NULL; /* reported by the file check, with its path */
    }
    size_t nl = strlen(name), el = strlen(ext);
    if (nl <= el || strcmp(name + nl - el, ext) != 0) {
        kiosk_diag_warn(ld->d, t->name, r + 1, c + 1,
                        "%s '%s' should be a %s file", what, name, ext);
    }
    return dup_plain(ld, path);
}

static const char **read_audio(struct loader *ld, const struct csv_table *t,
                               int r, const struct colmap *m, int s)
{
    const char **v = alloc_langs(ld);
    if (!v) {
        return NULL;
    }
    for (int l = 0; l < ld->p->nlangs; l++) {
        v[l] = media_path(ld, t, r, m->tr[s][l], "audio", ".ogg");
    }
    return v;
}

/* Reports an empty id; returns 1 if the id is usable. */
static int check_id(struct loader *ld, const struct csv_table *t, int r,
                    int c, const char *what)
{
    if (!csv_cell(t, r, c)[0]) {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1, "empty %s", what);
        return 0;
    }
    return 1;
}

/* An id and the row it is on, for finding duplicates by sorting. */
struct id_row {
    const char *id;
    int row;
};

static int cmp_id_row(const void *a, const void *b)
{
    const struct id_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* Reports every id of v[0..n) that an earlier row already used, at the
 * later row. Sorts v. */
static void report_dups(struct loader *ld, const char *file, const char *what,
                        int col, struct id_row *v, int n)
{
    if (n < 2) {
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_id_row);
    for (int i = 1; i < n; i++) {
        if (strcmp(v[i - 1].id, v[i].id) == 0) {
            kiosk_diag_err(ld->d, file, v[i].row, col,
                           "duplicate %s '%s' (first on row %d)", what,
                           v[i].id, v[i - 1].row);
        }
    }
}

/* Reports duplicate ids among arr[0..n), whose id is arr[i].idexpr and row
 * arr[i].row (a macro because the three entry types differ). */
#define REPORT_DUPS(ld, file, what, col, arr, n, idexpr)                  \
    do {                                                                  \
        struct id_row *v_ = malloc(sizeof *v_ * (size_t)((n) + 1));       \
        if (!v_) {                                                        \
            (ld)->oom = 1;                                                \
            break;                                                        \
        }                                                                 \
        for (int i_ = 0; i_ < (n); i_++) {                                \
            v_[i_].id = (arr)[i_].idexpr;                                 \
            v_[i_].row = (arr)[i_].row;                                   \
        }                                                                 \
        report_dups((ld), (file), (what), (col), v_, (n));                \
        free(v_);                                                         \
    } while (0)

/* ---- languages.csv ---------------------------------------------------- */

int pack_lang_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 15 || s[0] < 'a' || s[0] > 'z') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return 0;
        }
    }
    return 1;
}

static int valid_script(const char *s)
{
    if (strlen(s) != 4 || s[0] < 'A' || s[0] > 'Z') {
        return 0;
    }
    for (int i = 1; i < 4; i++) {
        if (s[i] < 'a' || s[i] > 'z') {
            return 0;
        }
    }
    return 1;
}

/* Copies NFC text into a fixed field; reports if it does not fit. */
static void set_fixed(struct loader *ld, const struct csv_table *t, int r,
                      int c, char *dst, size_t cap, const char *what)
{
    const char *v = dup_text(ld, csv_cell(t, r, c));
    if (!v) {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1, "empty %s", what);
        return;
    }
    if (strlen(v) >= cap) {
        kiosk_diag_err(ld->d, t->name, r + 1, c + 1,
                       "%s is longer than %zu bytes", what, cap - 1);
        return;
    }
    snprintf(dst, cap, "%s", v);
}

/* Returns 1 when vi and en are languages 0 and 1 (later files need that). */
static int load_languages(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"code", COL_PLAIN, 1},   {"name", COL_PLAIN, 1},
        {"name_en", COL_PLAIN, 1}, {"script", COL_PLAIN, 1},
        {"status", COL_PLAIN, 1},
    };
    enum { S_CODE, S_NAME, S_NAME_EN, S_SCRIPT, S_STATUS };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_LANGS, 1, &t) < 0) {
        return 0;
    }
    struct colmap m;
    map_header(ld, &t, specs, 5, &m);
    int rows[PACK_MAX_LANGS];
    if (!m.ok) {
        csv_free(&t);
        return 0;
    }
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r)) {
            continue;
        }
        int cc = m.col[S_CODE];
        const char *code = csv_cell(&t, r, cc);
        if (p->nlangs == PACK_MAX_LANGS) {
            kiosk_diag_err(ld->d, t.name, r + 1, cc + 1,
                           "more than %d languages", PACK_MAX_LANGS);
            break;
        }
        if (!pack_lang_code_ok(code)) {
            kiosk_diag_err(ld->d, t.name, r + 1, cc + 1,
                           "language code '%s' must be 2-15 lowercase "
                           "ASCII letters, digits or '-' (e.g. 'vi', "
                           "'hmn')",
                           code);
            continue;
        }
        int dup = 0;
        for (int i = 0; i < p->nlangs; i++) {
            if (strcmp(p->langs[i].code, code) == 0) {
                kiosk_diag_err(ld->d, t.name, r + 1, cc + 1,
                               "duplicate language code '%s' (first on "
                               "row %d)",
                               code, rows[i]);
                dup = 1;
            }
        }
        if (dup) {
            continue;
        }
        struct pack_language *lg = &p->langs[p->nlangs];
        rows[p->nlangs] = r + 1;
        snprintf(lg->code, sizeof lg->code, "%s", code);
        set_fixed(ld, &t, r, m.col[S_NAME], lg->name, sizeof lg->name,
                  "name");
        set_fixed(ld, &t, r, m.col[S_NAME_EN], lg->name_en,
                  sizeof lg->name_en, "name_en");
        const char *script = csv_cell(&t, r, m.col[S_SCRIPT]);
        if (!valid_script(script)) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_SCRIPT] + 1,
                           "script '%s' must be an ISO 15924 code such as "
                           "Latn, Khmr or Tavt",
                           script);
        } else {
            snprintf(lg->script, sizeof lg->script, "%s", script);
        }
        const char *status = csv_cell(&t, r, m.col[S_STATUS]);
        if (strcmp(status, "draft") == 0) {
            lg->draft = 1;
        } else if (strcmp(status, "reviewed") != 0) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_STATUS] + 1,
                           "status '%s' must be 'reviewed' or 'draft'",
                           status);
        }
        p->nlangs++;
    }
    /* one defect, one message: point at the first row that is wrong */
    static const char *const need[] = {"vi", "en"};
    int ok = 1;
    for (int i = 0; i < 2 && ok; i++) {
        if (p->nlangs > i && strcmp(p->langs[i].code, need[i]) == 0) {
            continue;
        }
        ok = 0;
        if (p->nlangs > i) {
            kiosk_diag_err(ld->d, t.name, rows[i], m.col[S_CODE] + 1,
                           "the first two languages must be 'vi' then 'en' "
                           "(a missing text falls back to vi, then en); "
                           "row %d has '%s'",
                           rows[i], p->langs[i].code);
        } else {
            kiosk_diag_err(ld->d, t.name, 0, 0, "language '%s' is missing",
                           need[i]);
        }
    }
    csv_free(&t);
    return ok && !ld->oom;
}

/* ---- strings.csv ------------------------------------------------------ */

static int valid_key(const char *k)
{
    int seg = 0;
    for (; *k; k++) {
        char c = *k;
        if (c == '.') {
            if (!seg) {
                return 0;
            }
            seg = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9') || c == '_' || c == '-') {
            seg++;
        } else {
            return 0;
        }
    }
    return seg > 0;
}

static int cmp_string(const void *a, const void *b)
{
    const struct pack_string *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) {
        return c;
    }
    return (x->row > y->row) - (x->row < y->row);
}

/* Reports placeholders ("{n}") of `ref` missing from `text` and ones in
 * `text` that `ref` lacks: a translator must keep them as they are. */
static void check_placeholders(struct loader *ld, const char *file, int row,
                               int col, const char *ref, const char *ref_lang,
                               const char *text)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *a = pass ? text : ref, *b = pass ? ref : text;
        for (const char *o = strchr(a, '{'); o; o = strchr(o + 1, '{')) {
            const char *e = strchr(o, '}');
            if (!e || e - o > 32) {
                break;
            }
            char ph[40];
            snprintf(ph, sizeof ph, "%.*s", (int)(e - o + 1), o);
            if (!strstr(b, ph)) {
                kiosk_diag_warn(ld->d, file, row, col,
                                pass ? "placeholder %s is not in the '%s' "
                                       "text"
                                     : "placeholder %s of the '%s' text is "
                                       "missing",
                                ph, ref_lang);
            }
        }
    }
}

static void load_strings(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"key", COL_PLAIN, 1}, {"slot", COL_PLAIN, 1},
        {"note", COL_PLAIN, 0}, {"text", COL_TR, 1},
        {"audio", COL_TR, 0},
    };
    enum { S_KEY, S_SLOT, S_NOTE, S_TEXT, S_AUDIO };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_STRINGS, 1, &t) < 0) {
        return;
    }
    struct colmap m;
    map_header(ld, &t, specs, 5, &m);
    for (int l = 0; l < p->nlangs; l++) {
        p->cols.str_text[l] = m.tr[S_TEXT][l] + 1;
    }
    if (m.col[S_KEY] < 0) {
        csv_free(&t);
        return;
    }
    p->strings = alloc(ld, sizeof *p->strings * (size_t)(count_rows(&t) + 1));
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r)) {
            continue;
        }
        int too_long = 0;
        for (int c = 0; c < t.rows[r].ncells; c++) {
            size_t len = strlen(t.rows[r].cells[c]);
            if (len > PACK_MAX_STRING) {
                kiosk_diag_err(ld->d, t.name, r + 1, c + 1,
                               "field is %zu bytes; the limit in %s is %d",
                               len, F_STRINGS, PACK_MAX_STRING);
                too_long = 1;
            }
        }
        int kc = m.col[S_KEY];
        const char *key = csv_cell(&t, r, kc);
        if (!check_id(ld, &t, r, kc, "key") || too_long) {
            continue;
        }
        if (!valid_key(key)) {
            kiosk_diag_err(ld->d, t.name, r + 1, kc + 1,
                           "key '%s' must be dotted ASCII (letters, digits, "
                           "'_' or '-', parts joined by '.')",
                           key);
            continue;
        }
        struct pack_string *s = &p->strings[p->nstrings];
        s->row = r + 1;
        s->slot = PACK_SLOT_BODY;
        if (m.col[S_SLOT] >= 0) {
            const char *slot = csv_cell(&t, r, m.col[S_SLOT]);
            int k = 0;
            while (k <= PACK_SLOT_BODY && strcmp(slot_names[k], slot) != 0) {
                k++;
            }
            if (k > PACK_SLOT_BODY) {
                kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_SLOT] + 1,
                               "slot '%s' must be one of title, button, "
                               "tile, line, body",
                               slot);
            } else {
                s->slot = k;
            }
        }
        s->key = dup_plain(ld, key);
        s->text = read_tr(ld, &t, r, &m, S_TEXT);
        s->audio = read_audio(ld, &t, r, &m, S_AUDIO);
        if (!s->text || !s->audio) {
            break;
        }
        int ref = s->text[0] ? 0 : 1;
        if (!s->text[0]) {
            kiosk_diag_warn(ld->d, t.name, r + 1, m.tr[S_TEXT][0] + 1,
                            "key '%s' has no Vietnamese text", key);
        }
        for (int l = 0; l < p->nlangs && s->text[ref]; l++) {
            if (l != ref && s->text[l]) {
                check_placeholders(ld, t.name, r + 1, m.tr[S_TEXT][l] + 1,
                                   s->text[ref], p->langs[ref].code,
                                   s->text[l]);
            }
        }
        p->nstrings++;
    }
    if (p->strings && p->nstrings > 1) {
        qsort(p->strings, (size_t)p->nstrings, sizeof *p->strings,
              cmp_string);
        for (int i = 1; i < p->nstrings; i++) {
            const struct pack_string *a = &p->strings[i - 1],
                                     *b = &p->strings[i];
            if (strcmp(a->key, b->key) == 0) {
                kiosk_diag_err(ld->d, t.name, b->row, m.col[S_KEY] + 1,
                               "duplicate key '%s' (first on row %d)",
                               b->key, a->row);
            }
        }
    }
    csv_free(&t);
}

/* ---- info/categories.csv, info/articles.csv -------------------------- */

static void load_categories(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"id", COL_PLAIN, 1},
        {"image", COL_PLAIN, 0},
        {"title", COL_TR, 1},
    };
    enum { S_ID, S_IMAGE, S_TITLE };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_CATS, 0, &t) <= 0) {
        return;
    }
    struct colmap m;
    map_header(ld, &t, specs, 3, &m);
    for (int l = 0; l < p->nlangs; l++) {
        p->cols.cat_title[l] = m.tr[S_TITLE][l] + 1;
    }
    if (m.col[S_ID] < 0) {
        csv_free(&t);
        return;
    }
    p->categories = alloc(ld, sizeof *p->categories *
                                  (size_t)(count_rows(&t) + 1));
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r) || !check_id(ld, &t, r, m.col[S_ID], "id")) {
            continue;
        }
        const char *id = csv_cell(&t, r, m.col[S_ID]);
        struct pack_category *c = &p->categories[p->ncategories];
        c->row = r + 1;
        c->id = dup_plain(ld, id);
        c->image = media_path(ld, &t, r, m.col[S_IMAGE], "images", ".png");
        c->title = read_tr(ld, &t, r, &m, S_TITLE);
        if (!c->title) {
            break;
        }
        p->ncategories++;
    }
    REPORT_DUPS(ld, t.name, "category id", m.col[S_ID] + 1, p->categories,
                p->ncategories, id);
    csv_free(&t);
}

static void load_articles(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"id", COL_PLAIN, 1},  {"category", COL_PLAIN, 1},
        {"image", COL_PLAIN, 0}, {"title", COL_TR, 1},
        {"body", COL_TR, 1},   {"audio", COL_TR, 0},
    };
    enum { S_ID, S_CAT, S_IMAGE, S_TITLE, S_BODY, S_AUDIO };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_ARTS, 0, &t) <= 0) {
        return;
    }
    struct colmap m;
    map_header(ld, &t, specs, 6, &m);
    for (int l = 0; l < p->nlangs; l++) {
        p->cols.art_title[l] = m.tr[S_TITLE][l] + 1;
    }
    if (m.col[S_ID] < 0) {
        csv_free(&t);
        return;
    }
    p->articles = alloc(ld, sizeof *p->articles *
                                (size_t)(count_rows(&t) + 1));
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r) || !check_id(ld, &t, r, m.col[S_ID], "id")) {
            continue;
        }
        const char *id = csv_cell(&t, r, m.col[S_ID]);
        struct pack_article *a = &p->articles[p->narticles];
        a->row = r + 1;
        a->id = dup_plain(ld, id);
        if (m.col[S_CAT] >= 0) {
            const char *cat = csv_cell(&t, r, m.col[S_CAT]);
            int found = -1;
            for (int i = 0; i < p->ncategories && found < 0; i++) {
                if (strcmp(p->categories[i].id, cat) == 0) {
                    found = i;
                }
            }
            if (found < 0) {
                kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_CAT] + 1,
                               "category '%s' is not in %s", cat, F_CATS);
                a->category = dup_plain(ld, cat);
            } else {
                a->category = p->categories[found].id;
            }
        } else {
            a->category = "";
        }
        a->image = media_path(ld, &t, r, m.col[S_IMAGE], "images", ".png");
        a->title = read_tr(ld, &t, r, &m, S_TITLE);
        a->body = read_tr(ld, &t, r, &m, S_BODY);
        a->audio = read_audio(ld, &t, r, &m, S_AUDIO);
        if (!a->title || !a->body || !a->audio) {
            break;
        }
        p->narticles++;
    }
    REPORT_DUPS(ld, t.name, "article id", m.col[S_ID] + 1, p->articles,
                p->narticles, id);
    csv_free(&t);
}

/* ---- services.csv ----------------------------------------------------- */

static int valid_phone(const char *s)
{
    for (; *s; s++) {
        if (!strchr("0123456789 +-.()", *s)) {
            return 0;
        }
    }
    return 1;
}

/* ---- icons.csv ---------------------------------------------------------- */

static const struct pack_string *find_str(const struct pack *p,
                                          const char *key);

static void load_icons(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"key", COL_PLAIN, 1},
        {"image", COL_PLAIN, 1},
    };
    enum { S_KEY, S_IMAGE };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_ICONS, 0, &t) <= 0) {
        return; /* no icons: tiles show words only */
    }
    struct colmap m;
    map_header(ld, &t, specs, 2, &m);
    if (m.col[S_KEY] < 0 || m.col[S_IMAGE] < 0) {
        csv_free(&t);
        return;
    }
    p->icons = alloc(ld, sizeof *p->icons * (size_t)(count_rows(&t) + 1));
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r)) {
            continue;
        }
        const char *key = csv_cell(&t, r, m.col[S_KEY]);
        if (!find_str(p, key)) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_KEY] + 1,
                           "no string '%s' in strings.csv", key);
            continue;
        }
        const char *image = media_path(ld, &t, r, m.col[S_IMAGE], "images",
                                       ".png");
        if (!image) {
            if (!csv_cell(&t, r, m.col[S_IMAGE])[0]) {
                kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_IMAGE] + 1,
                               "icon of '%s' is empty", key);
            }
            continue;
        }
        struct pack_icon *ic = &p->icons[p->nicons++];
        ic->row = r + 1;
        ic->key = dup_plain(ld, key);
        ic->image = image;
    }
    REPORT_DUPS(ld, t.name, "icon key", m.col[S_KEY] + 1, p->icons,
                p->nicons, key);
    csv_free(&t);
}

static void load_services(struct loader *ld)
{
    static const struct colspec specs[] = {
        {"id", COL_PLAIN, 1},      {"kind", COL_PLAIN, 1},
        {"district", COL_PLAIN, 0}, {"phone", COL_PLAIN, 0},
        {"sample", COL_PLAIN, 0},  {"name", COL_TR, 1},
        {"address", COL_TR, 0},    {"hours", COL_TR, 0},
    };
    enum { S_ID, S_KIND, S_DISTRICT, S_PHONE, S_SAMPLE, S_NAME, S_ADDRESS,
           S_HOURS };
    struct pack *p = ld->p;
    struct csv_table t;
    if (load_table(ld, F_SVCS, 0, &t) <= 0) {
        return;
    }
    struct colmap m;
    map_header(ld, &t, specs, 8, &m);
    for (int l = 0; l < p->nlangs; l++) {
        p->cols.svc_name[l] = m.tr[S_NAME][l] + 1;
    }
    if (m.col[S_ID] < 0) {
        csv_free(&t);
        return;
    }
    p->services = alloc(ld, sizeof *p->services *
                                (size_t)(count_rows(&t) + 1));
    for (int r = 1; r < t.nrows && !ld->oom; r++) {
        if (!data_row(ld, &t, r) || !check_id(ld, &t, r, m.col[S_ID], "id")) {
            continue;
        }
        const char *id = csv_cell(&t, r, m.col[S_ID]);
        struct pack_svc *s = &p->services[p->nservices];
        s->row = r + 1;
        s->pub.id = dup_plain(ld, id);
        const char *kind = csv_cell(&t, r, m.col[S_KIND]);
        size_t k = 0, nk = sizeof service_kinds / sizeof service_kinds[0];
        while (k < nk && strcmp(service_kinds[k], kind) != 0) {
            k++;
        }
        if (m.col[S_KIND] >= 0 && k == nk) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_KIND] + 1,
                           "unknown kind '%s' (one of counseling, "
                           "methadone, voluntary_treatment, peer_group, "
                           "vocational, legal_aid, testing, hotline)",
                           kind);
        }
        s->pub.kind = dup_plain(ld, kind);
        s->pub.district = dup_plain(ld, csv_cell(&t, r, m.col[S_DISTRICT]));
        const char *sample = csv_cell(&t, r, m.col[S_SAMPLE]);
        if (strcmp(sample, "yes") == 0) {
            s->pub.sample = 1;
        } else if (sample[0] && strcmp(sample, "no") != 0) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_SAMPLE] + 1,
                           "sample '%s' must be 'yes' or 'no' (empty = no)",
                           sample);
        }
        const char *phone = csv_cell(&t, r, m.col[S_PHONE]);
        if (!valid_phone(phone)) {
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_PHONE] + 1,
                           "phone '%s' may hold only digits, spaces and "
                           "+ - . ( )",
                           phone);
        } else if (s->pub.sample && phone[0] &&
                   strcmp(phone, SAMPLE_PHONE) != 0) {
            /* demo rows must never look like a real number to call */
            kiosk_diag_err(ld->d, t.name, r + 1, m.col[S_PHONE] + 1,
                           "a sample row must use the placeholder phone "
                           "'%s'",
                           SAMPLE_PHONE);
        }
        s->pub.phone = dup_plain(ld, phone);
        s->name = read_tr(ld, &t, r, &m, S_NAME);
        s->address = read_tr(ld, &t, r, &m, S_ADDRESS);
        s->hours = read_tr(ld, &t, r, &m, S_HOURS);
        if (!s->name || !s->address || !s->hours) {
            break;
        }
        p->nservices++;
    }
    REPORT_DUPS(ld, t.name, "service id", m.col[S_ID] + 1, p->services,
                p->nservices, pub.id);
    csv_free(&t);
}

/* ---- load / free ------------------------------------------------------ */

enum kiosk_err pack_load_ex(const char *dir, int keep, struct pack **out,
                            struct kiosk_diag *diag)
{
    struct kiosk_diag local = {0};
    struct kiosk_diag *d = diag ? diag : &local;
    int errors0 = d->errors;
    *out = NULL;
    if (!dir || !dir[0]) {
        kiosk_diag_err(d, "(pack)", 0, 0, "no pack directory given");
        kiosk_diag_free(&local);
        return KIOSK_EINVAL;
    }
    struct pack *p = calloc(1, sizeof *p);
    if (!p) {
        return KIOSK_ENOMEM;
    }
    struct loader ld = {.p = p, .d = d};
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') {
        dlen--;
    }
    char *dcopy = pack_arena_alloc(&p->arena, dlen + 1);
    if (!dcopy || pack_nfc_init(&ld.nfc)) {
        pack_free(p);
        kiosk_diag_err(d, F_LANGS, 0, 0, "out of memory or no ICU data");
        kiosk_diag_free(&local);
        return KIOSK_ENOMEM;
    }
    memcpy(dcopy, dir, dlen);
    p->dir = dcopy;
    /* the files as files first: nothing below reads a FIFO, a device or a
     * file outside the pack */
    pack_files_check(p->dir, ld.root, d);
    int usable = load_languages(&ld);
    if (usable) {
        load_strings(&ld);
        load_categories(&ld);
        load_articles(&ld);
        load_services(&ld);
        load_icons(&ld);
    }
    pack_nfc_free(&ld.nfc);
    enum kiosk_err rc = KIOSK_OK;
    if (ld.oom) {
        kiosk_diag_err(d, p->dir, 0, 0, "out of memory loading the pack");
        rc = KIOSK_ENOMEM;
    } else if (d->errors > errors0) {
        rc = KIOSK_EPARSE;
    }
    if (rc == KIOSK_OK || (keep && usable && !ld.oom)) {
        *out = p;
    } else {
        pack_free(p);
    }
    kiosk_diag_free(&local);
    return rc;
}

enum kiosk_err pack_load(const char *dir, struct pack **out,
                         struct kiosk_diag *diag)
{
    return pack_load_ex(dir, 0, out, diag);
}

void pack_free(struct pack *p)
{
    if (!p) {
        return;
    }
    pack_arena_free(&p->arena);
    free(p);
}

/* ---- queries ---------------------------------------------------------- */

const char *pack_dir(const struct pack *p)
{
    return p->dir;
}

int pack_nlangs(const struct pack *p)
{
    return p->nlangs;
}

const struct pack_language *pack_lang(const struct pack *p, int i)
{
    return i >= 0 && i < p->nlangs ? &p->langs[i] : NULL;
}

int pack_lang_index(const struct pack *p, const char *code)
{
    for (int i = 0; code && i < p->nlangs; i++) {
        if (strcmp(p->langs[i].code, code) == 0) {
            return i;
        }
    }
    return -1;
}

/* Own language, then vi (0), then en (1); *own = 1 when it was li's. */
static const char *pick(const struct pack *p, const char *const *v, int li,
                        int *own)
{
    if (own) {
        *own = 0;
    }
    if (!v) {
        return NULL;
    }
    if (li >= 0 && li < p->nlangs && v[li]) {
        if (own) {
            *own = 1;
        }
        return v[li];
    }
    if (v[0]) {
        return v[0];
    }
    return v[1];
}

static int cmp_key(const void *key, const void *elem)
{
    return strcmp(key, ((const struct pack_string *)elem)->key);
}

static const struct pack_string *find_str(const struct pack *p,
                                          const char *key)
{
    if (!key || !p->strings) {
        return NULL;
    }
    return bsearch(key, p->strings, (size_t)p->nstrings, sizeof *p->strings,
                   cmp_key);
}

const char *pack_str_ex(const struct pack *p, const char *lang,
                        const char *key, int *fallback)
{
    const struct pack_string *s = find_str(p, key);
    int own = 0;
    const char *v = s ? pick(p, s->text, pack_lang_index(p, lang), &own)
                      : NULL;
    if (fallback) {
        *fallback = !own;
    }
    return v ? v : (key ? key : "");
}

const char *pack_str(const struct pack *p, const char *lang, const char *key)
{
    return pack_str_ex(p, lang, key, NULL);
}

int pack_has_str(const struct pack *p, const char *key)
{
    return find_str(p, key) != NULL;
}

const char *pack_str_audio(const struct pack *p, const char *lang,
                           const char *key)
{
    const struct pack_string *s = find_str(p, key);
    int li = pack_lang_index(p, lang);
    return s && li >= 0 ? s->audio[li] : NULL;
}

int pack_ncategories(const struct pack *p)
{
    return p->ncategories;
}

const char *pack_category_id(const struct pack *p, int i)
{
    return i >= 0 && i < p->ncategories ? p->categories[i].id : NULL;
}

const char *pack_icon(const struct pack *p, const char *key)
{
    for (int i = 0; key && i < p->nicons; i++) {
        if (strcmp(p->icons[i].key, key) == 0) {
            return p->icons[i].image;
        }
    }
    return NULL;
}

const char *pack_category_image(const struct pack *p, int i)
{
    return i >= 0 && i < p->ncategories ? p->categories[i].image : NULL;
}

const char *pack_category_title(const struct pack *p, int i,
                                const char *lang)
{
    if (i < 0 || i >= p->ncategories) {
        return NULL;
    }
    const char *v = pick(p, p->categories[i].title, pack_lang_index(p, lang),
                         NULL);
    return v ? v : "";
}

int pack_narticles(const struct pack *p)
{
    return p->narticles;
}

static const struct pack_article *article(const struct pack *p, int i)
{
    return i >= 0 && i < p->narticles ? &p->articles[i] : NULL;
}

const char *pack_article_id(const struct pack *p, int i)
{
    const struct pack_article *a = article(p, i);
    return a ? a->id : NULL;
}

const char *pack_article_category(const struct pack *p, int i)
{
    const struct pack_article *a = article(p, i);
    return a ? a->category : NULL;
}

const char *pack_article_image(const struct pack *p, int i)
{
    const struct pack_article *a = article(p, i);
    return a ? a->image : NULL;
}

const char *pack_article_title(const struct pack *p, int i, const char *lang)
{
    const struct pack_article *a = article(p, i);
    if (!a) {
        return NULL;
    }
    const char *v = pick(p, a->title, pack_lang_index(p, lang), NULL);
    return v ? v : "";
}

const char *pack_article_body(const struct pack *p, int i, const char *lang)
{
    const struct pack_article *a = article(p, i);
    if (!a) {
        return NULL;
    }
    const char *v = pick(p, a->body, pack_lang_index(p, lang), NULL);
    return v ? v : "";
}

int pack_article_translated(const struct pack *p, int i, const char *lang)
{
    const struct pack_article *a = article(p, i);
    int li = pack_lang_index(p, lang);
    return a && li >= 0 && a->title[li] && a->body[li];
}

const char *pack_article_audio(const struct pack *p, int i, const char *lang)
{
    const struct pack_article *a = article(p, i);
    int li = pack_lang_index(p, lang);
    return a && li >= 0 ? a->audio[li] : NULL;
}

int pack_nservices(const struct pack *p)
{
    return p->nservices;
}

const struct pack_service *pack_service(const struct pack *p, int i)
{
    return i >= 0 && i < p->nservices ? &p->services[i].pub : NULL;
}

const char *pack_service_text(const struct pack *p, int i, const char *field,
                              const char *lang)
{
    if (i < 0 || i >= p->nservices || !field) {
        return NULL;
    }
    const struct pack_svc *s = &p->services[i];
    const char *const *v;
    if (strcmp(field, "name") == 0) {
        v = s->name;
    } else if (strcmp(field, "address") == 0) {
        v = s->address;
    } else if (strcmp(field, "hours") == 0) {
        v = s->hours;
    } else {
        return NULL;
    }
    const char *t = pick(p, v, pack_lang_index(p, lang), NULL);
    return t ? t : "";
}

void pack_coverage(const struct pack *p, int li, struct pack_coverage *c)
{
    memset(c, 0, sizeof *c);
    if (li < 0 || li >= p->nlangs) {
        return;
    }
    c->strings_total = p->nstrings;
    for (int i = 0; i < p->nstrings; i++) {
        c->strings += p->strings[i].text[li] != NULL;
    }
    c->articles_total = p->narticles;
    for (int i = 0; i < p->narticles; i++) {
        c->articles += p->articles[i].title[li] && p->articles[i].body[li];
    }
    c->services_total = p->nservices;
    for (int i = 0; i < p->nservices; i++) {
        c->services += p->services[i].name[li] != NULL;
    }
}
