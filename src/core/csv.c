#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "io.h"

int kiosk_utf8_valid(const char *str, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t need;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            goto fail;
        }
        if (i + need >= len) {
            goto fail;
        }
        unsigned cp = c & (0x3F >> need);
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                goto fail;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            goto fail;
        }
        i += need + 1;
    }
    return 1;
fail:
    if (bad) {
        *bad = i;
    }
    return 0;
}

enum kiosk_err kiosk_read_file(const char *path, size_t cap, char **data,
                               size_t *len)
{
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; the type is
     * checked before a single byte is read, so a FIFO, a device (a link to
     * /dev/urandom) or a directory is refused at once instead of hanging
     * or being read forever. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return errno == ENOENT || errno == ENOTDIR ? KIOSK_ENOENT : KIOSK_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return KIOSK_EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return KIOSK_EINVAL;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > cap) {
        close(fd);
        return KIOSK_ETOOBIG;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) {
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    /* one byte more than the size: a file that grew since fstat is seen */
    size_t alloc = (size_t)st.st_size + 1;
    char *buf = malloc(alloc + 1);
    if (!buf) {
        close(fd);
        return KIOSK_ENOMEM;
    }
    int failed;
    size_t size = io_read_full(fd, buf, alloc, &failed);
    close(fd);
    if (failed) {
        free(buf);
        return KIOSK_EIO;
    }
    if (size > (size_t)st.st_size) {
        /* it grew while being read (a copy still running): never return
         * a cut-off file */
        free(buf);
        return size > cap ? KIOSK_ETOOBIG : KIOSK_EIO;
    }
    buf[size] = '\0';
    *data = buf;
    *len = size;
    return KIOSK_OK;
}

/* Growable cell/row storage used while parsing. */
struct builder {
    struct csv_table *t;
    int rows_alloc;
    char **cells;       /* cells of the row being built */
    int ncells;
    char *field;        /* the field being built */
    size_t flen, falloc;
};

static int field_putc(struct builder *b, char c)
{
    if (b->flen + 1 >= b->falloc) {
        size_t na = b->falloc ? b->falloc * 2 : 64;
        char *nf = realloc(b->field, na);
        if (!nf) {
            return -1;
        }
        b->field = nf;
        b->falloc = na;
    }
    b->field[b->flen++] = c;
    return 0;
}

static int end_field(struct builder *b)
{
    if (b->ncells >= CSV_MAX_COLS) {
        return -2;
    }
    char *s = malloc(b->flen + 1);
    if (!s) {
        return -1;
    }
    if (b->flen) {
        memcpy(s, b->field, b->flen);
    }
    s[b->flen] = '\0';
    b->flen = 0;
    if (!b->cells) {
        b->cells = malloc(sizeof(char *) * CSV_MAX_COLS);
        if (!b->cells) {
            free(s);
            return -1;
        }
    }
    b->cells[b->ncells++] = s;
    return 0;
}

static int end_row(struct builder *b)
{
    struct csv_table *t = b->t;
    if (t->nrows == b->rows_alloc) {
        int na = b->rows_alloc ? b->rows_alloc * 2 : 32;
        struct csv_row *nr = realloc(t->rows, sizeof *nr * (size_t)na);
        if (!nr) {
            return -1;
        }
        t->rows = nr;
        b->rows_alloc = na;
    }
    struct csv_row *r = &t->rows[t->nrows];
    r->cells = malloc(sizeof(char *) * (size_t)(b->ncells ? b->ncells : 1));
    if (!r->cells) {
        return -1;
    }
    memcpy(r->cells, b->cells, sizeof(char *) * (size_t)b->ncells);
    r->ncells = b->ncells;
    b->ncells = 0;
    t->nrows++;
    return 0;
}

/* The parser's place in the text. */
struct parser {
    const char *data;
    size_t len, pos;
    size_t field_start;    /* where the current field began */
    int row, col;          /* 1-based, for messages */
    int in_quotes;         /* inside a quoted field */
    int after_quote;       /* its closing quote was seen */
    const char *name;
    struct kiosk_diag *diag;
    struct builder b;
};

/* The field just read is checked (no NUL, valid UTF-8) and added to the
 * row: KIOSK_OK, or the error (reported at its row and column). */
static enum kiosk_err close_field(struct parser *p)
{
    struct builder *b = &p->b;
    if (b->field && memchr(b->field, 0, b->flen)) {
        /* a C string would end there: the rest would be lost */
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "the cell holds a NUL byte (0x00)");
    }
    if (!kiosk_utf8_valid(b->field ? b->field : "", b->flen, NULL)) {
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "text is not valid UTF-8 (save the sheet as "
                              "\"CSV UTF-8\")");
    }
    int e = end_field(b);
    if (e == -2) {
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "more than %d columns", CSV_MAX_COLS);
    }
    return e ? KIOSK_ENOMEM : KIOSK_OK;
}

/* A comma or a line end outside quotes. */
static enum kiosk_err separator(struct parser *p, char c)
{
    enum kiosk_err rc = close_field(p);
    if (rc != KIOSK_OK) {
        return rc;
    }
    p->after_quote = 0;
    if (c == ',') {
        p->col++;
        p->pos++;
        p->field_start = p->pos;
        return KIOSK_OK;
    }
    if (end_row(&p->b)) {
        return KIOSK_ENOMEM;
    }
    if (c == '\r' && p->pos + 1 < p->len && p->data[p->pos + 1] == '\n') {
        p->pos++;
    }
    p->pos++;
    p->field_start = p->pos;
    p->row++;
    p->col = 1;
    return KIOSK_OK;
}

/* One step: a character (or a doubled quote) at p->pos. */
static enum kiosk_err step(struct parser *p)
{
    char c = p->data[p->pos];
    if (p->in_quotes) {
        if (c == '"' && p->pos + 1 < p->len && p->data[p->pos + 1] == '"') {
            p->pos += 2; /* "" inside quotes is one quote */
            return field_putc(&p->b, '"') ? KIOSK_ENOMEM : KIOSK_OK;
        }
        if (c == '"') {
            p->in_quotes = 0;
            p->after_quote = 1;
            p->pos++;
            return KIOSK_OK;
        }
    } else if (c == ',' || c == '\n' || c == '\r') {
        return separator(p, c);
    } else if (p->after_quote) {
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "text after the closing quote of a quoted "
                              "field");
    } else if (c == '"') {
        if (p->pos != p->field_start) {
            return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                                  "a quote inside an unquoted field (put "
                                  "the whole field in quotes and double "
                                  "the quote)");
        }
        p->in_quotes = 1;
        p->pos++;
        return KIOSK_OK;
    }
    if (field_putc(&p->b, c)) {
        return KIOSK_ENOMEM;
    }
    if (p->b.flen > CSV_MAX_FIELD) {
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "field is longer than %u bytes",
                              CSV_MAX_FIELD);
    }
    p->pos++;
    return KIOSK_OK;
}

/* The end of the text: an open quote is an error; a last row without a
 * final line end is kept. */
static enum kiosk_err finish(struct parser *p)
{
    if (p->in_quotes) {
        return kiosk_diag_err(p->diag, p->name, p->row, p->col,
                              "a quoted field is never closed (unbalanced "
                              "quote)");
    }
    if (p->b.flen > 0 || p->b.ncells > 0 || p->after_quote) {
        enum kiosk_err rc = close_field(p);
        if (rc != KIOSK_OK) {
            return rc;
        }
        if (end_row(&p->b)) {
            return KIOSK_ENOMEM;
        }
    }
    return KIOSK_OK;
}

enum kiosk_err csv_parse(const char *data, size_t len, const char *name,
                         struct csv_table *out, struct kiosk_diag *diag)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name ? name : "(csv)");
    name = out->name;
    if (len > CSV_MAX_FILE) {
        return kiosk_diag_err(diag, name, 0, 0,
                              "file is %zu bytes; the limit is %u", len,
                              CSV_MAX_FILE);
    }
    size_t start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (start == len) {
        return kiosk_diag_err(diag, name, 0, 0, "file is empty");
    }
    struct parser p = {.data = data, .len = len, .pos = start,
                       .field_start = start, .row = 1, .col = 1,
                       .name = name, .diag = diag, .b = {.t = out}};
    enum kiosk_err rc = KIOSK_OK;
    while (rc == KIOSK_OK && p.pos < len) {
        rc = step(&p);
    }
    if (rc == KIOSK_OK) {
        rc = finish(&p);
    }
    if (rc == KIOSK_ENOMEM) {
        kiosk_diag_err(diag, name, p.row, p.col, "out of memory");
    }
    for (int i = 0; i < p.b.ncells; i++) {
        free(p.b.cells[i]);
    }
    free(p.b.cells);
    free(p.b.field);
    if (rc != KIOSK_OK) {
        csv_free(out); /* keeps out->name */
        return rc;
    }
    if (out->nrows == 0) {
        csv_free(out);
        return kiosk_diag_err(diag, name, 0, 0, "file is empty");
    }
    return KIOSK_OK;
}

enum kiosk_err csv_load(const char *path, const char *name,
                        struct csv_table *out, struct kiosk_diag *diag)
{
    char *data;
    size_t len;
    memset(out, 0, sizeof *out);
    if (!name) {
        name = path;
    }
    enum kiosk_err rc = kiosk_read_file(path, CSV_MAX_FILE, &data, &len);
    if (rc == KIOSK_ENOENT) {
        kiosk_diag_err(diag, name, 0, 0, "file not found");
        return rc;
    } else if (rc == KIOSK_ETOOBIG) {
        kiosk_diag_err(diag, name, 0, 0, "file is larger than %u bytes",
                       CSV_MAX_FILE);
        return rc;
    } else if (rc == KIOSK_EINVAL) {
        kiosk_diag_err(diag, name, 0, 0, "not a regular file (a FIFO, a "
                                         "device or a directory)");
        return rc;
    } else if (rc) {
        kiosk_diag_err(diag, name, 0, 0, "cannot read: %s",
                       kiosk_strerror(rc));
        return rc;
    }
    rc = csv_parse(data, len, name, out, diag);
    free(data);
    return rc;
}

void csv_free(struct csv_table *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->rows[r].ncells; c++) {
            free(t->rows[r].cells[c]);
        }
        free(t->rows[r].cells);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}

int csv_col(const struct csv_table *t, const char *header)
{
    if (t->nrows == 0) {
        return -1;
    }
    for (int c = 0; c < t->rows[0].ncells; c++) {
        if (strcmp(t->rows[0].cells[c], header) == 0) {
            return c;
        }
    }
    return -1;
}

const char *csv_cell(const struct csv_table *t, int row, int col)
{
    if (row < 0 || row >= t->nrows || col < 0 || col >= t->rows[row].ncells) {
        return "";
    }
    return t->rows[row].cells[col];
}

int csv_row_blank(const struct csv_table *t, int row)
{
    if (row < 0 || row >= t->nrows) {
        return 1;
    }
    for (int c = 0; c < t->rows[row].ncells; c++) {
        for (const char *p = t->rows[row].cells[c]; *p; p++) {
            if (*p != ' ' && *p != '\t') {
                return 0;
            }
        }
    }
    return 1;
}
