/* Expressions: precedence, XPath empty-value semantics, every function,
 * number formatting, and the position of every kind of syntax error.
 *
 * Fields available to the expressions below (index: name = value):
 *   0 a = "3"      1 b = "4.5"    2 e = ""        3 s = "yes"
 *   4 m = "x y z"  5 neg = "-2"   6 w = " 7 "     7 t = "abc"
 * and '.' is "12" where allowed. Choice columns: 0 region = "north". */
#include <math.h>
#include <stdlib.h>

#include "survey/survey_expr.h"
#include "test.h"

static const char *const names[] = {"a", "b", "e", "s", "m", "neg", "w",
                                    "t"};
static const char *const values[] = {"3", "4.5", "", "yes", "x y z", "-2",
                                     " 7 ", "abc"};
#define NFIELDS (int)(sizeof names / sizeof names[0])

static int ref(void *ud, const char *name, size_t len)
{
    (void)ud;
    for (int i = 0; i < NFIELDS; i++) {
        if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0) {
            return i;
        }
    }
    return -1;
}

static int column(void *ud, const char *name, size_t len)
{
    (void)ud;
    return len == 6 && strncmp(name, "region", 6) == 0 ? 0 : -1;
}

static const char *value(void *ud, int i)
{
    (void)ud;
    return i >= 0 && i < NFIELDS ? values[i] : "";
}

static const char *colval(void *ud, int c)
{
    (void)ud;
    return c == 0 ? "north" : "";
}

struct ok_case {
    const char *src;
    const char *want; /* string() of the result */
};

static const struct ok_case ok_cases[] = {
    /* literals and number formatting */
    {"1", "1"},
    {"1.50", "1.5"},
    {".5", "0.5"},
    {"'it\"s'", "it\"s"}, /* the other quote is plain text */
    {"\"double\"", "double"},
    {"0.1 + 0.2", "0.30000000000000004"},
    {"1 div 3", "0.3333333333333333"},
    {"1000000 * 1000000", "1000000000000"},
    {"1000000 * 1000000 * 1000000 * 1000", "1000000000000000000000"},
    {"1 div 10000000", "0.0000001"},
    {"-0", "0"},
    {"1 div 0", "Infinity"},
    {"-1 div 0", "-Infinity"},
    {"0 div 0", "NaN"},
    /* precedence and associativity */
    {"1 + 2 * 3", "7"},
    {"(1 + 2) * 3", "9"},
    {"10 - 4 - 3", "3"},
    {"2 * 3 mod 4", "2"},
    {"7 mod 3 * 2", "2"},
    {"8 div 2 div 2", "2"},
    {"-2 * -3", "6"},
    {"- - 4", "4"},
    {"1 + 2 = 3", "true"},
    {"1 < 2 = 2 > 1", "true"},
    {"1 = 1 and 2 = 3 or 4 = 4", "true"},
    {"1 = 1 or 2 = 3 and 4 = 5", "true"},
    {"(1 = 1 or 2 = 3) and 4 = 5", "false"},
    {"5 mod -3", "2"},
    {"-5 mod 3", "-2"},
    {"${a}+${b}", "7.5"},
    {"${a}-1", "2"},
    {"${a} div${a}", "1"},
    /* empty values: '' is NaN in arithmetic, comparisons with NaN false */
    {"${e} + 1", "NaN"},
    {"${e} = 0", "false"},
    {"${e} != 0", "true"},
    {"${e} < 1", "false"},
    {"${e} >= 1", "false"},
    {"${e} = ''", "true"},
    {"${e} != ''", "false"},
    {"number(${e})", "NaN"},
    {"${e}", ""},
    /* strings vs numbers */
    {"${a} = 3", "true"},
    {"${a} = '3'", "true"},
    {"${a} = '3.0'", "false"}, /* two strings compare as strings */
    {"${a} = 3.0", "true"},     /* a number makes it numeric */
    {"${b} > ${a}", "true"},
    {"'10' > '9'", "true"},     /* both numeric: numbers */
    {"'b' > 'a'", "true"},      /* both non-numeric: strings */
    {"'abc' < 'abd'", "true"},
    {"'a' < 1", "false"},       /* mixed: NaN */
    {"${s} = 'yes'", "true"},
    {"${s} != 'yes'", "false"},
    {"${w} = 7", "true"},       /* number() trims spaces */
    {"${neg} < 0", "true"},
    /* booleans */
    {"true() = 1", "true"},
    {"false() = ''", "true"},
    {"true() and ${e}", "false"},
    {"not(${e})", "true"},
    {"not(${s})", "false"},
    {"not(0)", "true"},
    {"boolean('false')", "true"},
    {"1 = 1", "true"},
    /* functions */
    {"if(${s} = 'yes', 'Y', 'N')", "Y"},
    {"if(${e}, 1 div 0, 2)", "2"},
    {"selected(${m}, 'y')", "true"},
    {"selected(${m}, ' z ')", "true"},
    {"selected(${m}, 'xy')", "false"},
    {"selected(${m}, '')", "false"},
    {"selected(${s}, 'yes')", "true"},
    {"selected(${e}, 'x')", "false"},
    {"selected-at(${m}, 1)", "y"},
    {"selected-at(${m}, 5)", ""},
    {"count-selected(${m})", "3"},
    {"count-selected(${e})", "0"},
    {"coalesce(${e}, 'dflt')", "dflt"},
    {"coalesce(${a}, 'dflt')", "3"},
    {"coalesce(number(${e}), 0)", "0"},
    {"coalesce(number(${e}), number(${e}), 5)", "5"},
    {"coalesce(number(${e}), 0) + coalesce(number(${a}), 0)", "3"},
    {"int(3.7)", "3"},
    {"int(-3.7)", "-3"},
    {"int(${e})", "NaN"},
    {"round(2.5)", "3"},
    /* ODK's functions */
    {"regex('abc12', '[0-9]+')", "true"},
    {"regex('abc', '^[0-9]+$')", "false"},
    {"regex('a', '(')", "false"}, /* an invalid pattern matches nothing */
    {"pow(2, 10)", "1024"},
    {"sqrt(16)", "4"},
    {"abs(-2.5)", "2.5"},
    {"floor(-1.5)", "-2"},
    {"ceiling(1.2)", "2"},
    {"contains('Hà Nội', 'Nội')", "true"},
    {"starts-with('abc', 'ab')", "true"},
    {"ends-with('abc', 'bc')", "true"},
    {"substr('Hà Nội', 1, 4)", "à N"}, /* 0-based, end exclusive */
    {"substr('abc', 1)", "bc"},
    {"substr('abc', 5)", ""},
    {"substring-before('a-b-c', '-')", "a"},
    {"substring-after('a-b-c', '-')", "b-c"},
    {"sum('3')", "3"},
    {"min(3, 1, 2)", "1"},
    {"max(3, 1, 2)", "3"},
    {"max(3, '')", "NaN"},
    {"normalize-space('  a   b  ')", "a b"},
    {"boolean-from-string('1')", "true"},
    {"boolean-from-string('yes')", "false"},
    {"round(-2.5)", "-2"},
    {"round(2.4999)", "2"},
    {"round(2.675, 2)", "2.68"},
    {"round(-2.675, 2)", "-2.67"}, /* halves toward +infinity */
    {"round(1234.5, -2)", "1200"},
    {"round(1.005, 2)", "1.01"},
    {"round(${e}, 2)", "NaN"},
    {"concat('a', ${a}, 'b', 1.5, true())", "a3b1.5true"},
    {"concat(${e})", ""},
    {"number('  12 ')", "12"},
    {"number('1e3')", "NaN"},
    {"number('0x10')", "NaN"},
    {"number('-.5')", "-0.5"},
    {"number(true())", "1"},
    {"string(1 div 2)", "0.5"},
    {"string(2.0)", "2"},
    {"string(${a} > 1)", "true"},
    {"string-length('Việt')", "4"},
    {"string-length(${e})", "0"},
    /* the current value and choice columns */
    {". >= 1 and . <= 100", "true"},
    {". > 100", "false"},
    {"region = 'north'", "true"},
    {"region != 'south' and ${s} = 'yes'", "true"},
    /* the ASSIST example row from instruments.md */
    {"if(${s}='yes', coalesce(number(${e}),0)+coalesce(number(${a}),0)+"
     "coalesce(number(${b}),0), '')",
     "7.5"},
    {"if(${a} >= 27,'high', if(${a} >= 11,'moderate','low'))", "low"},
};

struct bad_case {
    const char *src;
    size_t offset; /* 1-based character */
    const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"", 1, "empty"},
    {"   ", 4, "empty"},
    {"1 +", 4, "expected a value"},
    {"(1 + 2", 7, "expected ')'"},
    {"1 + 2)", 6, "expected an operator or the end"},
    {"${nope} = 1", 1, "undefined reference ${nope}"},
    {"1 = ${a} and ${zz}", 14, "undefined reference ${zz}"},
    {"${a", 1, "'$'"},
    {"$a", 1, "'$'"},
    {"'open", 1, "never closed"},
    {"3 / 4", 3, "div"},
    {"foo(1)", 1, "unknown function 'foo()'"},
    {"if(1, 2)", 1, "if() takes 3 arguments, not 2"},
    {"not()", 1, "not() takes 1 argument, not 0"},
    {"round(1, 2, 3)", 1, "round() takes 1 to 2 arguments"},
    {"coalesce(1)", 1, "at least 2"},
    {"q1 = 'yes'", 1, "bare name 'q1'"},
    {"1 2", 3, "expected an operator"},
    {"1 plus 2", 3, "'plus' is not an operator"},
    {"${a} = 'Việt' and é", 19, "non-ASCII"},
    {"1 = = 2", 5, "expected a value"},
    {"..", 1, "'.'"},
    {"f(,)", 1, "unknown function"},
    {"concat(1,)", 10, "expected a value"},
    {"concat(1 2)", 10, "expected ',' or ')'"},
    {"1 | 2", 3, "'|'"},
    {"'it''s'", 5, "expected an operator"}, /* XPath has no escapes */
};

static enum kiosk_err parse(const char *src, unsigned flags,
                            struct survey_arena *a, struct survey_expr **e,
                            struct survey_expr_error *err)
{
    struct survey_expr_resolver res = {ref, column, NULL, flags};
    return survey_expr_parse(src, a, &res, e, err);
}

static void test_ok(void)
{
    char scratch[4096];
    for (size_t i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
        const struct ok_case *c = &ok_cases[i];
        struct survey_arena a = {0};
        struct survey_expr *e = NULL;
        struct survey_expr_error err;
        enum kiosk_err rc = parse(c->src, SURVEY_EXPR_DOT |
                                              SURVEY_EXPR_COLUMNS,
                                  &a, &e, &err);
        if (rc) {
            fprintf(stderr, "parse of \"%s\" failed: %s at %zu\n", c->src,
                    err.msg, err.offset);
        }
        CHECK_INT(rc, KIOSK_OK);
        if (!rc) {
            struct survey_eval ev = {value, colval, NULL, "12", scratch,
                                     sizeof scratch, 0, 0, NULL, NULL, NULL};
            const char *got = survey_expr_eval_str(e, &ev);
            if (strcmp(got, c->want) != 0) {
                fprintf(stderr, "  for \"%s\"\n", c->src);
            }
            CHECK_STR(got, c->want);
            CHECK_INT(ev.overflow, 0);
        }
        survey_arena_free(&a);
    }
}

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct survey_arena a = {0};
        struct survey_expr *e = NULL;
        struct survey_expr_error err;
        CHECK_INT(parse(c->src, 0, &a, &e, &err), KIOSK_EPARSE);
        CHECK(e == NULL);
        if (err.offset != c->offset) {
            fprintf(stderr, "  for \"%s\": %s\n", c->src, err.msg);
        }
        CHECK_INT(err.offset, c->offset);
        CHECK_CONTAINS(err.msg, c->msg);
        survey_arena_free(&a);
    }
}

/* '.' and bare column names only where the caller allows them. */
static void test_modes(void)
{
    struct survey_arena a = {0};
    struct survey_expr *e;
    struct survey_expr_error err;
    CHECK_INT(parse(". > 1", 0, &a, &e, &err), KIOSK_EPARSE);
    CHECK_CONTAINS(err.msg, "only allowed in a constraint");
    CHECK_INT(parse(". > 1", SURVEY_EXPR_DOT, &a, &e, &err), KIOSK_OK);
    CHECK(survey_expr_uses_dot(e));
    CHECK_INT(parse("region = 'x'", SURVEY_EXPR_COLUMNS, &a, &e, &err),
              KIOSK_OK);
    CHECK(!survey_expr_uses_dot(e));
    CHECK_INT(parse("city = 'x'", SURVEY_EXPR_COLUMNS, &a, &e, &err),
              KIOSK_EPARSE);
    CHECK_CONTAINS(err.msg, "not a column");
    survey_arena_free(&a);
}

/* Nesting and length caps keep evaluation recursion bounded. */
static void test_limits(void)
{
    struct survey_arena a = {0};
    struct survey_expr *e;
    struct survey_expr_error err;
    char *deep = malloc(SURVEY_EXPR_MAX_LEN + 2);
    size_t n = 0;
    for (int i = 0; i < 300; i++) {
        deep[n++] = '(';
    }
    deep[n++] = '1';
    for (int i = 0; i < 300; i++) {
        deep[n++] = ')';
    }
    deep[n] = '\0';
    CHECK_INT(parse(deep, 0, &a, &e, &err), KIOSK_EPARSE);
    CHECK_CONTAINS(err.msg, "nested too deeply");
    n = 0;
    for (int i = 0; i < 400; i++) {
        deep[n++] = '1';
        deep[n++] = '+';
    }
    deep[n++] = '1';
    deep[n] = '\0';
    CHECK_INT(parse(deep, 0, &a, &e, &err), KIOSK_EPARSE);
    CHECK_CONTAINS(err.msg, "nested too deeply");
    memset(deep, ' ', SURVEY_EXPR_MAX_LEN + 1);
    deep[SURVEY_EXPR_MAX_LEN + 1] = '\0';
    CHECK_INT(parse(deep, 0, &a, &e, &err), KIOSK_ETOOBIG);
    /* 150 chained additions are fine and evaluate. */
    n = 0;
    for (int i = 0; i < 150; i++) {
        deep[n++] = '2';
        deep[n++] = '+';
    }
    deep[n++] = '1';
    deep[n] = '\0';
    CHECK_INT(parse(deep, 0, &a, &e, &err), KIOSK_OK);
    char scratch[64];
    struct survey_eval ev = {value, colval, NULL, NULL, scratch,
                             sizeof scratch, 0, 0, NULL, NULL, NULL};
    CHECK_STR(survey_expr_eval_str(e, &ev), "301");
    free(deep);
    survey_arena_free(&a);
}

/* A scratch buffer that is too small yields '' and says so. */
static void test_overflow(void)
{
    struct survey_arena a = {0};
    struct survey_expr *e;
    struct survey_expr_error err;
    CHECK_INT(parse("concat(${t}, ${t}, ${t})", 0, &a, &e, &err), KIOSK_OK);
    char scratch[5];
    struct survey_eval ev = {value, colval, NULL, NULL, scratch,
                             sizeof scratch, 0, 0, NULL, NULL, NULL};
    CHECK_STR(survey_expr_eval_str(e, &ev), "");
    CHECK_INT(ev.overflow, 1);
    survey_arena_free(&a);
}

struct refs_seen {
    int n;
    int idx[8];
};

static void collect(void *ud, int r)
{
    struct refs_seen *s = ud;
    if (s->n < 8) {
        s->idx[s->n] = r;
    }
    s->n++;
}

static void test_refs(void)
{
    struct survey_arena a = {0};
    struct survey_expr *e;
    struct survey_expr_error err;
    CHECK_INT(parse("if(${s}='yes', -${a} + ${b}, count-selected(${m}))", 0,
                    &a, &e, &err),
              KIOSK_OK);
    struct refs_seen seen = {0, {0}};
    survey_expr_refs(e, collect, &seen);
    CHECK_INT(seen.n, 4);
    CHECK_INT(seen.idx[0], 3);
    CHECK_INT(seen.idx[1], 0);
    CHECK_INT(seen.idx[2], 1);
    CHECK_INT(seen.idx[3], 4);
    survey_arena_free(&a);
}

struct fmt_case {
    double d;
    const char *want;
};

static void test_format(void)
{
    static const struct fmt_case cases[] = {
        {0.1, "0.1"}, {-0.25, "-0.25"}, {123456.789, "123456.789"},
        {1e15, "1000000000000000"}, {1.5e-7, "0.00000015"},
        {2.5e20, "250000000000000000000"}, {-7, "-7"},
        {1.0 / 3.0, "0.3333333333333333"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t n = survey_num_format(cases[i].d, buf, sizeof buf);
        CHECK_STR(buf, cases[i].want);
        CHECK_INT(n, strlen(cases[i].want));
        /* What is printed reads back as the same number. */
        CHECK(survey_num_parse(buf) == cases[i].d);
    }
    char small[4];
    CHECK_INT(survey_num_format(12345, small, sizeof small), 5);
    CHECK_STR(small, "123");
}

int main(void)
{
    test_ok();
    test_bad();
    test_modes();
    test_limits();
    test_overflow();
    test_refs();
    test_format();
    TEST_MAIN_END();
}
