#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"

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
    size_t size = 0;
    while (size < alloc) {
        ssize_t got = read(fd, buf + size, alloc - size);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            free(buf);
            close(fd);
            return KIOSK_EIO;
        }
        if (got == 0) {
            break;
        }
        size += (size_t)got;
    }
    close(fd);
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
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        pos = 3;
    }
    if (pos == len) {
        return kiosk_diag_err(diag, name, 0, 0, "file is empty");
    }
    struct builder b = {.t = out};
    enum kiosk_err rc = KIOSK_OK;
    int row = 1, col = 1;
    int in_quotes = 0, quoted = 0, after_quote = 0;
    size_t field_start = pos;
    while (pos < len) {
        char c = data[pos];
        if (in_quotes) {
            if (c == '"') {
                if (pos + 1 < len && data[pos + 1] == '"') {
                    if (field_putc(&b, '"')) {
                        goto nomem;
                    }
                    pos += 2;
                    continue;
                }
                in_quotes = 0;
                after_quote = 1;
                pos++;
                continue;
            }
            if (field_putc(&b, c)) {
                goto nomem;
            }
        } else if (c == ',' || c == '\n' || c == '\r') {
            if (b.field && memchr(b.field, 0, b.flen)) {
                /* a C string would end there: the rest would be lost */
                rc = kiosk_diag_err(diag, name, row, col,
                                    "the cell holds a NUL byte (0x00)");
                goto fail;
            }
            if (!kiosk_utf8_valid(b.field ? b.field : "", b.flen, NULL)) {
                rc = kiosk_diag_err(diag, name, row, col,
                                    "text is not valid UTF-8 (save the "
                                    "sheet as \"CSV UTF-8\")");
                goto fail;
            }
            int e = end_field(&b);
            if (e == -2) {
                rc = kiosk_diag_err(diag, name, row, col,
                                    "more than %d columns", CSV_MAX_COLS);
                goto fail;
            } else if (e) {
                goto nomem;
            }
            quoted = after_quote = 0;
            if (c == ',') {
                col++;
                pos++;
                field_start = pos;
                continue;
            }
            if (end_row(&b)) {
                goto nomem;
            }
            if (c == '\r' && pos + 1 < len && data[pos + 1] == '\n') {
                pos++;
            }
            pos++;
            field_start = pos;
            row++;
            col = 1;
            continue;
        } else if (after_quote) {
            rc = kiosk_diag_err(diag, name, row, col,
                                "text after the closing quote of a quoted "
                                "field");
            goto fail;
        } else if (c == '"') {
            if (pos != field_start) {
                rc = kiosk_diag_err(diag, name, row, col,
                                    "a quote inside an unquoted field (put "
                                    "the whole field in quotes and double "
                                    "the quote)");
                goto fail;
            }
            in_quotes = quoted = 1;
            pos++;
            continue;
        } else if (field_putc(&b, c)) {
            goto nomem;
        }
        if (b.flen > CSV_MAX_FIELD) {
            rc = kiosk_diag_err(diag, name, row, col,
                                "field is longer than %u bytes",
                                CSV_MAX_FIELD);
            goto fail;
        }
        pos++;
    }
    if (in_quotes) {
        rc = kiosk_diag_err(diag, name, row, col,
                            "a quoted field is never closed (unbalanced "
                            "quote)");
        goto fail;
    }
    (void)quoted;
    /* last row without a final newline */
    if (b.flen > 0 || b.ncells > 0 || after_quote) {
        if (b.field && memchr(b.field, 0, b.flen)) {
            rc = kiosk_diag_err(diag, name, row, col,
                                "the cell holds a NUL byte (0x00)");
            goto fail;
        }
        if (!kiosk_utf8_valid(b.field ? b.field : "", b.flen, NULL)) {
            rc = kiosk_diag_err(diag, name, row, col,
                                "text is not valid UTF-8 (save the sheet as "
                                "\"CSV UTF-8\")");
            goto fail;
        }
        if (end_field(&b) || end_row(&b)) {
            goto nomem;
        }
    }
    free(b.field);
    free(b.cells);
    if (out->nrows == 0) {
        csv_free(out);
        return kiosk_diag_err(diag, name, 0, 0, "file is empty");
    }
    return KIOSK_OK;
nomem:
    rc = KIOSK_ENOMEM;
    kiosk_diag_err(diag, name, row, col, "out of memory");
fail:
    for (int i = 0; i < b.ncells; i++) {
        free(b.cells[i]);
    }
    free(b.cells);
    free(b.field);
    csv_free(out); /* keeps out->name */
    return rc;
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
