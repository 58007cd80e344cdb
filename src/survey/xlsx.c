/* XLSForm workbooks (.xlsx) to the CSV sheets a pack keeps.
 *
 * An .xlsx is a zip (libzip) of XML parts (expat): xl/workbook.xml names
 * the sheets and their relationship ids, xl/_rels/workbook.xml.rels maps
 * those to the worksheet parts, xl/sharedStrings.xml holds the text most
 * cells point to, and each worksheet lists its cells by reference ("B3").
 * Only the survey, choices and settings sheets are read (other sheets are
 * allowed, as in pyxform). Formulas are read as their cached values, which
 * is what a spreadsheet shows. */
#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/sheet.h"
#include "survey.h"

#define XLSX_MAX_PART CSV_MAX_FILE   /* bytes of one XML part, unpacked */
#define XLSX_MAX_ROWS 100000
#define XLSX_MAX_STRINGS 200000

/* A growable text buffer, capped. */
struct sbuf {
    char *p;
    size_t n, cap;
    int over; /* went over the cap */
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->over || b->n + n + 1 > CSV_MAX_FIELD * 4) {
        b->over = 1;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) {
            cap *= 2;
        }
        char *q = realloc(b->p, cap);
        if (!q) {
            b->over = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* One sheet's cells. */
struct cell {
    int row, col; /* 1-based */
    char *text;
};

struct sheet {
    struct cell *cells;
    int n, cap;
    int maxrow, maxcol;
};

struct book {
    zip_t *zip;
    const char *file;   /* for diagnostics */
    struct kiosk_diag *d;
    char **strings;     /* shared strings */
    int nstrings, capstrings;
    /* workbook.xml: sheet names and relationship ids */
    char *sheet_name[64], *sheet_rid[64];
    int nsheets;
    /* workbook.xml.rels: relationship id -> part */
    char *rel_id[128], *rel_target[128];
    int nrels;
    /* styles.xml: which cell formats (s= index) show a date or a time */
    unsigned char *xf_date; /* per cellXfs entry: 0 no, 1 date */
    int nxf;
    int custom_date[512];   /* numFmtId < 512 that a custom format makes a
                             * date */
    int in_xfs;
    int date1904;
};

/* Reads a zip entry into a NUL-terminated buffer. */
static enum kiosk_err read_part(struct book *bk, const char *name, char **out,
                                size_t *len, int required)
{
    *out = NULL;
    zip_stat_t st;
    if (zip_stat(bk->zip, name, 0, &st) != 0) {
        if (required) {
            kiosk_diag_err(bk->d, bk->file, 0, 0,
                           "not an Excel workbook: it has no %s", name);
        }
        return KIOSK_ENOENT;
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > XLSX_MAX_PART) {
        return kiosk_diag_err(bk->d, bk->file, 0, 0,
                              "%s is larger than %u bytes unpacked", name,
                              XLSX_MAX_PART),
               KIOSK_ETOOBIG;
    }
    zip_file_t *zf = zip_fopen(bk->zip, name, 0);
    char *buf = malloc((size_t)st.size + 1);
    if (!zf || !buf) {
        if (zf) {
            zip_fclose(zf);
        }
        free(buf);
        return kiosk_diag_err(bk->d, bk->file, 0, 0, "cannot read %s",
                              name),
               KIOSK_EIO;
    }
    zip_int64_t got = zip_fread(zf, buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return kiosk_diag_err(bk->d, bk->file, 0, 0,
                              "%s is damaged in the zip", name),
               KIOSK_EIO;
    }
    buf[st.size] = '\0';
    *out = buf;
    *len = (size_t)st.size;
    return KIOSK_OK;
}

/* Local name of an element or attribute ("x:sheet" -> "sheet"). */
static const char *local(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2) {
        if (strcmp(local(atts[i]), name) == 0) {
            return atts[i + 1];
        }
    }
    return NULL;
}

/* Parses an XML part with the given handlers; reports a parse error. */
static enum kiosk_err parse_xml(struct book *bk, const char *part,
                                const char *xml, size_t len, void *ud,
                                XML_StartElementHandler start,
                                XML_EndElementHandler end,
                                XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        return KIOSK_ENOMEM;
    }
    XML_SetUserData(p, ud);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    enum kiosk_err rc = KIOSK_OK;
    if (XML_Parse(p, xml, (int)len, 1) == XML_STATUS_ERROR) {
        kiosk_diag_err(bk->d, bk->file, 0, 0, "%s: XML error at line %lu: %s",
                       part, (unsigned long)XML_GetCurrentLineNumber(p),
                       XML_ErrorString(XML_GetErrorCode(p)));
        rc = KIOSK_EPARSE;
    }
    XML_ParserFree(p);
    return rc;
}

/* ---------------------------------------------------- workbook, rels */

static void wb_start(void *ud, const char *el, const char **atts)
{
    struct book *bk = ud;
    if (strcmp(local(el), "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        bk->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    }
    if (strcmp(local(el), "sheet") == 0 && bk->nsheets < 64) {
        const char *name = attr(atts, "name"), *rid = attr(atts, "id");
        if (name && rid) {
            bk->sheet_name[bk->nsheets] = strdup(name);
            bk->sheet_rid[bk->nsheets++] = strdup(rid);
        }
    }
}

/* A number format shows a date or time when it has d, m, y, h or s
 * outside quotes and brackets ("[Red]", "\"text\""). */
static int format_is_date(const char *f)
{
    int quote = 0, bracket = 0;
    for (; *f; f++) {
        if (*f == '"') {
            quote = !quote;
        } else if (*f == '\\' && f[1]) {
            f++;
        } else if (!quote && *f == '[') {
            bracket = 1;
        } else if (!quote && *f == ']') {
            bracket = 0;
        } else if (!quote && !bracket && strchr("dmyhsDMYHS", *f)) {
            return 1;
        }
    }
    return 0;
}

static void styles_start(void *ud, const char *el, const char **atts)
{
    struct book *bk = ud;
    const char *n = local(el);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts,
                                                                "formatCode");
        int k = id ? atoi(id) : -1;
        if (k >= 0 && k < 512 && code) {
            bk->custom_date[k] = format_is_date(code);
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        bk->in_xfs = 1;
    } else if (strcmp(n, "xf") == 0 && bk->in_xfs && bk->nxf < 65536) {
        const char *id = attr(atts, "numFmtId");
        int k = id ? atoi(id) : 0;
        /* Excel's built-in date and time formats */
        int date = (k >= 14 && k <= 22) || (k >= 45 && k <= 47) ||
                   (k < 512 && k >= 0 && bk->custom_date[k]);
        unsigned char *q = realloc(bk->xf_date, (size_t)bk->nxf + 1);
        if (q) {
            bk->xf_date = q;
            bk->xf_date[bk->nxf++] = (unsigned char)date;
        }
    }
}

static void styles_end(void *ud, const char *el)
{
    struct book *bk = ud;
    if (strcmp(local(el), "cellXfs") == 0) {
        bk->in_xfs = 0;
    }
}

/* A date serial as pyxform writes it (Python's str(datetime)):
 * "2022-04-11 16:26:28.971000", "1900-01-01 00:00:00". */
static void serial_to_text(double serial, int date1904, char *out, size_t n)
{
    /* days since 1899-12-30 (Excel's 1900 leap-year bug folded in for
     * serials after 60, as xlrd and openpyxl do) */
    double days = date1904 ? serial + 1462 : serial;
    if (!date1904 && serial < 61) {
        days += 1; /* before the phantom 1900-02-29 */
    }
    long long whole = (long long)days;
    double frac = days - (double)whole;
    /* to the millisecond, as openpyxl reads a serial */
    long long us = (long long)(frac * 86400.0 * 1e3 + 0.5) * 1000;
    if (us >= 86400LL * 1000000) {
        us -= 86400LL * 1000000;
        whole++;
    }
    /* days since 1899-12-30; 1970-01-01 is day 25569 */
    int y, m, d;
    date_civil((long)(whole - 25569), &y, &m, &d);
    long long secs = us / 1000000, micro = us % 1000000;
    int w = snprintf(out, n, "%04d-%02d-%02d %02lld:%02lld:%02lld", y, m, d,
                     secs / 3600, secs / 60 % 60, secs % 60);
    if (micro && w > 0 && (size_t)w < n) {
        snprintf(out + w, n - (size_t)w, ".%06lld", micro);
    }
}

static void rels_start(void *ud, const char *el, const char **atts)
{
    struct book *bk = ud;
    if (strcmp(local(el), "Relationship") == 0 && bk->nrels < 128) {
        const char *id = attr(atts, "Id"), *t = attr(atts, "Target");
        if (id && t) {
            bk->rel_id[bk->nrels] = strdup(id);
            bk->rel_target[bk->nrels++] = strdup(t);
        }
    }
}

static void no_end(void *ud, const char *el)
{
    (void)ud;
    (void)el;
}

static void no_text(void *ud, const char *s, int n)
{
    (void)ud;
    (void)s;
    (void)n;
}

/* ------------------------------------------------------ shared strings */

struct sst_state {
    struct book *bk;
    struct sbuf cur;
    int in_si, in_t, in_rph; /* phonetic runs are not part of the text */
};

static void sst_start(void *ud, const char *el, const char **atts)
{
    struct sst_state *s = ud;
    (void)atts;
    const char *n = local(el);
    if (strcmp(n, "si") == 0) {
        s->in_si = 1;
        s->cur.n = 0;
        sb_add(&s->cur, "", 0);
    } else if (strcmp(n, "t") == 0 && s->in_si) {
        s->in_t = 1;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 1;
    }
}

static void sst_end(void *ud, const char *el)
{
    struct sst_state *s = ud;
    struct book *bk = s->bk;
    const char *n = local(el);
    if (strcmp(n, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(n, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(n, "si") == 0 && s->in_si) {
        s->in_si = 0;
        if (bk->nstrings == bk->capstrings) {
            int cap = bk->capstrings ? bk->capstrings * 2 : 256;
            if (cap > XLSX_MAX_STRINGS) {
                return;
            }
            char **q = realloc(bk->strings, (size_t)cap * sizeof *q);
            if (!q) {
                return;
            }
            bk->strings = q;
            bk->capstrings = cap;
        }
        bk->strings[bk->nstrings++] = strdup(s->cur.p ? s->cur.p : "");
    }
}

static void sst_text(void *ud, const char *t, int n)
{
    struct sst_state *s = ud;
    if (s->in_si && s->in_t && !s->in_rph) {
        sb_add(&s->cur, t, (size_t)n);
    }
}

/* ----------------------------------------------------------- worksheet */

struct ws_state {
    struct book *bk;
    struct sheet *sh;
    const char *sheet;  /* its name, for diagnostics */
    int row, col;       /* current cell */
    char type[16];      /* t= */
    int style;          /* s= */
    int in_v, in_is_t, in_cell;
    struct sbuf v;
    int next_row;       /* rows without r= follow the previous */
    int failed;
};

/* "B3" -> col 2, row 3. Returns 0 or -1. */
static int cell_ref(const char *r, int *row, int *col)
{
    int c = 0, n = 0;
    while (*r >= 'A' && *r <= 'Z') {
        c = c * 26 + (*r - 'A' + 1);
        r++;
        if (c > 16384) {
            return -1;
        }
    }
    while (*r >= '0' && *r <= '9') {
        n = n * 10 + (*r - '0');
        r++;
        if (n > 1048576) {
            return -1;
        }
    }
    if (*r || !c || !n) {
        return -1;
    }
    *row = n;
    *col = c;
    return 0;
}

static void ws_start(void *ud, const char *el, const char **atts)
{
    struct ws_state *s = ud;
    const char *n = local(el);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        s->row = r ? atoi(r) : s->next_row;
        s->next_row = s->row + 1;
        s->col = 0;
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        int row = s->row, col = s->col + 1;
        if (r && cell_ref(r, &row, &col)) {
            kiosk_diag_err(s->bk->d, s->bk->file, s->row, 0,
                           "sheet '%s': bad cell reference '%s'", s->sheet,
                           r);
            s->failed = 1;
        }
        s->row = row;
        s->col = col;
        snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
        const char *st = attr(atts, "s");
        s->style = st ? atoi(st) : 0;
        s->in_cell = 1;
        s->v.n = 0;
        sb_add(&s->v, "", 0);
    } else if (s->in_cell && strcmp(n, "v") == 0) {
        s->in_v = 1;
    } else if (s->in_cell && strcmp(n, "t") == 0) {
        s->in_is_t = 1; /* inline string text */
    }
}

/* A number cell's text: an integral value without ".0" (42.0 -> 42, as
 * pyxform reads it), anything else as the workbook stores it. */
static void survey_num_format_text(double x, const char *raw, char *out,
                                   size_t n)
{
    if (x == (double)(long long)x && x > -1e15 && x < 1e15) {
        snprintf(out, n, "%lld", (long long)x);
    } else {
        snprintf(out, n, "%s", raw);
    }
}

static void ws_end(void *ud, const char *el)
{
    struct ws_state *s = ud;
    struct book *bk = s->bk;
    const char *n = local(el);
    if (strcmp(n, "v") == 0) {
        s->in_v = 0;
        return;
    }
    if (strcmp(n, "t") == 0) {
        s->in_is_t = 0;
        return;
    }
    if (strcmp(n, "c") != 0 || !s->in_cell) {
        return;
    }
    s->in_cell = 0;
    const char *v = s->v.p ? s->v.p : "";
    char *text = NULL;
    if (s->v.over) {
        kiosk_diag_err(bk->d, bk->file, s->row, s->col,
                       "sheet '%s': the cell is over %u bytes", s->sheet,
                       CSV_MAX_FIELD);
        s->failed = 1;
        return;
    }
    if (strcmp(s->type, "s") == 0) {
        char *end;
        long k = strtol(v, &end, 10);
        if (*end || k < 0 || k >= bk->nstrings) {
            kiosk_diag_err(bk->d, bk->file, s->row, s->col,
                           "sheet '%s': the cell points to shared string "
                           "%s, which the workbook does not have", s->sheet,
                           v);
            s->failed = 1;
            return;
        }
        text = strdup(bk->strings[k]);
    } else if (strcmp(s->type, "b") == 0) {
        text = strdup(strcmp(v, "1") == 0 ? "TRUE" : "FALSE");
    } else if (strcmp(s->type, "e") == 0) {
        kiosk_diag_err(bk->d, bk->file, s->row, s->col,
                       "sheet '%s': the cell holds the spreadsheet error %s",
                       s->sheet, v);
        s->failed = 1;
        return;
    } else if (strcmp(s->type, "n") == 0 && *v) {
        /* numbers as pyxform reads them: a date-formatted cell as its date
         * and time, an integral number without ".0" */
        char buf[64];
        double x = strtod(v, NULL);
        /* Excel's dates end at 9999-12-31 (serial 2958465): beyond, or
         * negative, a date-formatted cell is read as the number it is */
        if (s->style >= 0 && s->style < bk->nxf && bk->xf_date[s->style] &&
            x >= 0 && x < 2958466) {
            serial_to_text(x, bk->date1904, buf, sizeof buf);
        } else {
            survey_num_format_text(x, v, buf, sizeof buf);
        }
        text = strdup(buf);
    } else {
        text = strdup(v); /* str, inlineStr */
    }
    if (!text) {
        s->failed = 1;
        return;
    }
    if (!*text) {
        free(text);
        return;
    }
    struct sheet *sh = s->sh;
    if (sh->n == sh->cap) { /* grow */
        int cap = sh->cap ? sh->cap * 2 : 256;
        struct cell *q = realloc(sh->cells, (size_t)cap * sizeof *q);
        if (!q) {
            free(text);
            s->failed = 1;
            return;
        }
        sh->cells = q;
        sh->cap = cap;
    }
    sh->cells[sh->n++] = (struct cell){s->row, s->col, text};
    sh->maxrow = s->row > sh->maxrow ? s->row : sh->maxrow;
    sh->maxcol = s->col > sh->maxcol ? s->col : sh->maxcol;
}

static void ws_text(void *ud, const char *t, int n)
{
    struct ws_state *s = ud;
    if (s->in_cell && (s->in_v || s->in_is_t)) {
        sb_add(&s->v, t, (size_t)n);
    }
}

static int cmp_cell(const void *a, const void *b)
{
    const struct cell *x = a, *y = b;
    if (x->row != y->row) {
        return x->row < y->row ? -1 : 1;
    }
    return (x->col > y->col) - (x->col < y->col);
}

/* Writes one CSV field as RFC 4180 wants it (quoted when it holds a comma,
 * a quote or a line break). */
static void csv_field(FILE *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, o);
        return;
    }
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', o);
        }
        fputc(*s, o);
    }
    fputc('"', o);
}

static enum kiosk_err write_csv(struct book *bk, const struct sheet *sh,
                                const char *path)
{
    FILE *o = fopen(path, "w");
    if (!o) {
        return kiosk_diag_err(bk->d, path, 0, 0, "cannot write: %s",
                              strerror(errno)),
               KIOSK_EIO;
    }
    int k = 0;
    for (int r = 1; r <= sh->maxrow; r++) {
        for (int c = 1; c <= sh->maxcol; c++) {
            if (c > 1) {
                fputc(',', o);
            }
            if (k < sh->n && sh->cells[k].row == r && sh->cells[k].col == c) {
                csv_field(o, sh->cells[k++].text);
            }
        }
        fputs("\r\n", o);
    }
    int bad = ferror(o);
    if (fclose(o) != 0 || bad) {
        return kiosk_diag_err(bk->d, path, 0, 0, "cannot write: %s",
                              strerror(errno)),
               KIOSK_EIO;
    }
    return KIOSK_OK;
}

static void sheet_free(struct sheet *sh)
{
    for (int i = 0; i < sh->n; i++) {
        free(sh->cells[i].text);
    }
    free(sh->cells);
    memset(sh, 0, sizeof *sh);
}

static void book_free(struct book *bk)
{
    for (int i = 0; i < bk->nstrings; i++) {
        free(bk->strings[i]);
    }
    free(bk->strings);
    free(bk->xf_date);
    for (int i = 0; i < bk->nsheets; i++) {
        free(bk->sheet_name[i]);
        free(bk->sheet_rid[i]);
    }
    for (int i = 0; i < bk->nrels; i++) {
        free(bk->rel_id[i]);
        free(bk->rel_target[i]);
    }
    if (bk->zip) {
        zip_discard(bk->zip);
    }
}

/* Reads sheet `want` (survey, choices, settings) into *sh. Returns
 * KIOSK_ENOENT when the workbook has no such sheet. */
static enum kiosk_err read_sheet(struct book *bk, const char *want,
                                 struct sheet *sh)
{
    int si = -1;
    for (int i = 0; i < bk->nsheets; i++) {
        /* pyxform finds its sheets whatever their case ("Survey") */
        char name[200];
        snprintf(name, sizeof name, "%s", bk->sheet_name[i]);
        size_t l = strlen(name);
        while (l && name[l - 1] == ' ') {
            name[--l] = '\0';
        }
        if (sheet_ieq(name, want)) {
            si = i;
        }
    }
    if (si < 0) {
        return KIOSK_ENOENT;
    }
    const char *target = NULL;
    for (int i = 0; i < bk->nrels; i++) {
        if (strcmp(bk->rel_id[i], bk->sheet_rid[si]) == 0) {
            target = bk->rel_target[i];
        }
    }
    if (!target) {
        return kiosk_diag_err(bk->d, bk->file, 0, 0,
                              "sheet '%s' has no part in the workbook", want),
               KIOSK_EPARSE;
    }
    char part[300];
    if (target[0] == '/') {
        snprintf(part, sizeof part, "%s", target + 1);
    } else {
        snprintf(part, sizeof part, "xl/%s", target);
    }
    char *xml;
    size_t len;
    enum kiosk_err rc = read_part(bk, part, &xml, &len, 1);
    if (rc) {
        return rc;
    }
    struct ws_state s;
    memset(&s, 0, sizeof s);
    s.bk = bk;
    s.sh = sh;
    s.sheet = want;
    s.next_row = 1;
    rc = parse_xml(bk, part, xml, len, &s, ws_start, ws_end, ws_text);
    free(xml);
    free(s.v.p);
    if (!rc && s.failed) {
        rc = KIOSK_EPARSE;
    }
    if (!rc && sh->maxrow > XLSX_MAX_ROWS) {
        rc = kiosk_diag_err(bk->d, bk->file, sh->maxrow, 0,
                            "sheet '%s' has more than %d rows", want,
                            XLSX_MAX_ROWS);
    }
    if (!rc) {
        qsort(sh->cells, (size_t)sh->n, sizeof *sh->cells, cmp_cell);
    }
    return rc;
}

enum kiosk_err survey_xlsx_import(const char *xlsx, const char *out_dir,
                                  const char *id, struct kiosk_diag *d)
{
    struct book bk;
    memset(&bk, 0, sizeof bk);
    bk.file = xlsx;
    bk.d = d;
    int zerr = 0;
    bk.zip = zip_open(xlsx, ZIP_RDONLY, &zerr);
    if (!bk.zip) {
        return kiosk_diag_err(d, xlsx, 0, 0,
                              zerr == ZIP_ER_NOENT
                                  ? "file not found"
                                  : "not an Excel workbook (.xlsx): not a "
                                    "zip file"),
               zerr == ZIP_ER_NOENT ? KIOSK_ENOENT : KIOSK_EPARSE;
    }
    char *xml;
    size_t len;
    enum kiosk_err rc = read_part(&bk, "xl/workbook.xml", &xml, &len, 1);
    if (!rc) {
        rc = parse_xml(&bk, "xl/workbook.xml", xml, len, &bk, wb_start,
                       no_end, no_text);
        free(xml);
    }
    if (!rc) {
        rc = read_part(&bk, "xl/_rels/workbook.xml.rels", &xml, &len, 1);
    }
    if (!rc) {
        rc = parse_xml(&bk, "xl/_rels/workbook.xml.rels", xml, len, &bk,
                       rels_start, no_end, no_text);
        free(xml);
    }
    if (!rc) {
        enum kiosk_err e = read_part(&bk, "xl/styles.xml", &xml, &len, 0);
        if (e == KIOSK_OK) {
            rc = parse_xml(&bk, "xl/styles.xml", xml, len, &bk, styles_start,
                           styles_end, no_text);
            free(xml);
        } else if (e != KIOSK_ENOENT) {
            rc = e;
        }
    }
    if (!rc) {
        enum kiosk_err e = read_part(&bk, "xl/sharedStrings.xml", &xml, &len,
                                     0);
        if (e == KIOSK_OK) {
            struct sst_state s = {&bk, {0}, 0, 0, 0};
            rc = parse_xml(&bk, "xl/sharedStrings.xml", xml, len, &s,
                           sst_start, sst_end, sst_text);
            free(xml);
            free(s.cur.p);
        } else if (e != KIOSK_ENOENT) {
            rc = e; /* no shared strings is fine: inline strings only */
        }
    }
    static const char *const sheets[3] = {"survey", "choices", "settings"};
    struct sheet sh[3];
    memset(sh, 0, sizeof sh);
    int have[3] = {0, 0, 0};
    for (int i = 0; i < 3 && !rc; i++) {
        enum kiosk_err e = read_sheet(&bk, sheets[i], &sh[i]);
        if (e == KIOSK_ENOENT && i == 0) {
            rc = kiosk_diag_err(d, xlsx, 0, 0,
                                "the workbook has no sheet named 'survey'");
        } else if (e && e != KIOSK_ENOENT) {
            rc = e;
        } else {
            have[i] = e == KIOSK_OK;
        }
    }
    for (int i = 0; i < 3 && !rc; i++) {
        if (have[i]) {
            char path[1200];
            snprintf(path, sizeof path, "%s/%s.%s.csv", out_dir, id,
                     sheets[i]);
            rc = write_csv(&bk, &sh[i], path);
        }
    }
    for (int i = 0; i < 3; i++) {
        sheet_free(&sh[i]);
    }
    book_free(&bk);
    return rc;
}

int survey_import_xlsform_cli(const char *xlsx, const char *pack_dir,
                              FILE *out, FILE *err)
{
    /* the form id is the workbook's file name without .xlsx */
    const char *base = strrchr(xlsx, '/');
    base = base ? base + 1 : xlsx;
    char id[256];
    snprintf(id, sizeof id, "%s", base);
    char *dot = strrchr(id, '.');
    if (dot && (strcmp(dot, ".xlsx") == 0 || strcmp(dot, ".XLSX") == 0)) {
        *dot = '\0';
    }
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/forms", pack_dir);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(err, "import-xlsform: cannot make %s: %s\n", dir,
                strerror(errno));
        return 1;
    }
    struct kiosk_diag d = {0};
    enum kiosk_err rc = survey_xlsx_import(xlsx, dir, id, &d);
    struct survey_form *f = NULL;
    if (!rc) {
        /* what was written must load as the kiosk loads it */
        rc = survey_form_load(dir, id, &f, &d);
    }
    kiosk_diag_print(&d, err);
    kiosk_diag_free(&d);
    survey_form_free(f);
    if (rc) {
        fprintf(err, "import-xlsform: %s: %s\n", xlsx, kiosk_strerror(rc));
        return 1;
    }
    fprintf(out, "%s/%s.survey.csv (and its sheets) written; the form "
                 "loads\n", dir, id);
    return 0;
}
