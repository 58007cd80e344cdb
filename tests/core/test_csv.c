/* CSV reader: RFC 4180 cases and the diagnostics for each defect. */
#include <stdlib.h>

#include "core/csv.h"
#include "test.h"

struct ok_case {
    const char *in;
    int rows;
    int row, col;        /* a cell to check */
    const char *want;
};

static const struct ok_case ok_cases[] = {
    {"a,b\n1,2\n", 2, 1, 1, "2"},
    {"a,b\r\n1,2\r\n", 2, 1, 0, "1"},
    {"\xEF\xBB\xBF" "key,v\nx,y", 2, 0, 0, "key"},            /* BOM */
    {"k,v\nx,\"a, b\"\n", 2, 1, 1, "a, b"},                     /* comma */
    {"k,v\nx,\"line1\nline2\"\ny,z\n", 3, 1, 1, "line1\nline2"},
    {"k,v\nx,\"say \"\"hi\"\"\"\n", 2, 1, 1, "say \"hi\""},
    {"k,v\nx,\n", 2, 1, 1, ""},                                  /* empty */
    {"k,v\nx\n", 2, 1, 1, ""},                                   /* short */
    {"k\n\"\"\n", 2, 1, 0, ""},
    {"k,v\nPhòng ngừa,ការពារ\n", 2, 1, 1, "ការពារ"},
};

struct bad_case {
    const char *in;
    int row, col;
    const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"a,b\n1,\"2\n", 2, 2, "never closed"},
    {"a,b\n1,x\"y\n", 2, 2, "quote inside"},
    {"a,b\n1,\"x\"y\n", 2, 2, "after the closing quote"},
    {"a,b\nok,\xC3\x28\n", 2, 2, "UTF-8"},
    {"a,b\nok,\xED\xA0\x80\n", 2, 2, "UTF-8"},   /* surrogate */
    {"a,b\nok,\xC0\xAF\n", 2, 2, "UTF-8"},       /* overlong */
    {"", 0, 0, "empty"},
    {"\xEF\xBB\xBF", 0, 0, "empty"},
};

int main(void)
{
    for (size_t i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
        const struct ok_case *c = &ok_cases[i];
        struct csv_table t;
        struct kiosk_diag d = {0};
        CHECK_INT(csv_parse(c->in, strlen(c->in), "t.csv", &t, &d), KIOSK_OK);
        CHECK_INT(t.nrows, c->rows);
        CHECK_STR(csv_cell(&t, c->row, c->col), c->want);
        CHECK_INT(d.errors, 0);
        csv_free(&t);
        kiosk_diag_free(&d);
    }
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct csv_table t;
        struct kiosk_diag d = {0};
        CHECK(csv_parse(c->in, strlen(c->in), "bad.csv", &t, &d) != KIOSK_OK);
        CHECK_INT(t.nrows, 0);
        CHECK_INT(d.errors, 1);
        if (d.n == 1) {
            CHECK_INT(d.items[0].row, c->row);
            CHECK_INT(d.items[0].col, c->col);
            CHECK_CONTAINS(d.items[0].msg, c->msg);
            CHECK_STR(d.items[0].file, "bad.csv");
        }
        kiosk_diag_free(&d);
    }
    /* an oversized field is caught with its position, not loaded */
    size_t big = CSV_MAX_FIELD + 100;
    char *s = malloc(big + 16);
    memcpy(s, "k,v\nx,", 6);
    memset(s + 6, 'a', big);
    s[6 + big] = '\n';
    struct csv_table t;
    struct kiosk_diag d = {0};
    CHECK(csv_parse(s, big + 7, "big.csv", &t, &d) == KIOSK_EPARSE);
    CHECK(d.n == 1 && d.items[0].row == 2 && d.items[0].col == 2);
    kiosk_diag_free(&d);
    free(s);
    /* csv_col and blank rows */
    const char *in = "key,text::English (en)\n,\nhello,Hello\n";
    CHECK_INT(csv_parse(in, strlen(in), "s.csv", &t, &d), KIOSK_OK);
    CHECK_INT(csv_col(&t, "text::English (en)"), 1);
    CHECK_INT(csv_col(&t, "nope"), -1);
    CHECK(csv_row_blank(&t, 1));
    CHECK(!csv_row_blank(&t, 2));
    CHECK_STR(csv_cell(&t, 2, 5), "");
    csv_free(&t);
    /* a missing file names itself */
    CHECK_INT(csv_load("/nonexistent/x.csv", "x.csv", &t, &d), KIOSK_ENOENT);
    CHECK(d.n == 1 && strcmp(d.items[0].file, "x.csv") == 0);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
