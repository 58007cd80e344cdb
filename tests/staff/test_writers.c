/* The CSV field and JSON string writers, byte for byte, and round trips
 * through the core CSV reader and the tests' JSON parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "json.h"
#include "staff/staff_int.h"
#include "test.h"

/* Runs one writer into memory and returns the malloc'd bytes. */
static char *render(const char *s, int csv, enum staff_put_mode mode)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        return NULL;
    }
    if (csv) {
        staff_put_csv_field(f, s);
    } else {
        staff_put_text(f, s, mode);
    }
    fclose(f);
    return buf;
}

static void test_csv_fields(void)
{
    static const struct {
        const char *in, *out;
    } t[] = {
        {"", ""},
        {"plain", "plain"},
        {"Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t",
         "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"line\nbreak", "\"line\nbreak\""},
        {"cr\rlf", "\"cr\rlf\""},
        {" padded ", " padded "},
        {"bad \xff byte", "bad ? byte"},
        {"cut \xe1\xba", "cut ??"},
        {"bad, \xc0\xaf \"q\"", "\"bad, ?? \"\"q\"\"\""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *got = render(t[i].in, 1, STAFF_PUT_RAW);
        CHECK_STR(got, t[i].out);
        free(got);
    }
    /* every field, as a row, parses back to itself (invalid bytes as ?) */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    if (!f) {
        return;
    }
    fputs("k", f);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        fputc(',', f);
        staff_put_csv_field(f, t[i].in);
    }
    fputs("\r\nv", f);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        fputc(',', f);
        staff_put_csv_field(f, t[i].in);
    }
    fputs("\r\n", f);
    fclose(f);
    struct csv_table tab;
    struct kiosk_diag d = {0};
    CHECK_INT(csv_parse(buf, len, "mem", &tab, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    CHECK_INT(tab.nrows, 2);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *want = t[i].out;
        char unq[64];
        if (want[0] == '"') {
            /* the reader undoes the quoting: compare with the unquoted */
            size_t n = 0;
            for (size_t k = 1; want[k + 1] && n + 1 < sizeof unq; k++) {
                unq[n++] = want[k];
                if (want[k] == '"') {
                    k++;
                }
            }
            unq[n] = '\0';
            want = unq;
        }
        CHECK_STR(csv_cell(&tab, 1, (int)i + 1), want);
    }
    csv_free(&tab);
    free(buf);
}

static void test_json_strings(void)
{
    static const struct {
        const char *in, *out;
    } t[] = {
        {"dsTest00001", "dsTest00001"},
        {"q\"b\\s", "q\\\"b\\\\s"},
        {"tab\tnl\ncr\r", "tab\\tnl\\ncr\\r"},
        {"\x01\x1f\x7f", "\\u0001\\u001f\\u007f"},
        {"Vi\xe1\xbb\x87t", "Vi\xe1\xbb\x87t"},
        {"bad\xfe", "bad?"},
        {"/", "/"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *got = render(t[i].in, 0, STAFF_PUT_JSON);
        CHECK_STR(got, t[i].out);
        /* and a JSON parser reads it back as the text (? for bad bytes) */
        char doc_text[128];
        snprintf(doc_text, sizeof doc_text, "{\"s\": \"%s\"}", got ? got : "");
        struct json_doc doc;
        char err[96];
        CHECK_INT(json_parse(doc_text, strlen(doc_text), &doc, err,
                             sizeof err), 0);
        int s = json_get(&doc, 0, "s");
        if (s >= 0) {
            const char *want = strcmp(t[i].in, "bad\xfe") == 0 ? "bad?"
                                                               : t[i].in;
            CHECK_STR(doc.nodes[s].str, want);
        }
        json_free(&doc);
        free(got);
    }
}

int main(void)
{
    test_csv_fields();
    test_json_strings();
    TEST_MAIN_END();
}
