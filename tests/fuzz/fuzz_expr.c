/* libFuzzer target: the XLSForm expression parser and evaluator.
 *
 * Input: the expression text. It is parsed with '.' and choice columns
 * allowed, against fields a, b, e, m, t, then evaluated with fixed values.
 * Parsing must reject or accept without crashing; an accepted tree must
 * evaluate within the scratch buffer (or report overflow) and its string
 * form must be valid text. Inputs over the expression cap are skipped, as
 * the loader never passes them on. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "survey/survey_expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {"a", "b", "e", "m", "t"};
static const char *const values[] = {"3", "-4.5", "", "x y z",
                                     "Vi\xe1\xbb\x87t"};

static int ref(void *ud, const char *name, size_t len)
{
    (void)ud;
    for (int i = 0; i < 5; i++) {
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) {
            return i;
        }
    }
    return -1;
}

static int column(void *ud, const char *name, size_t len)
{
    (void)ud;
    return len == 4 && memcmp(name, "city", 4) == 0 ? 0 : -1;
}

static const char *value(void *ud, int i)
{
    (void)ud;
    return i >= 0 && i < 5 ? values[i] : "";
}

static const char *colval(void *ud, int c)
{
    (void)ud;
    return c == 0 ? "hn" : "";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SURVEY_EXPR_MAX_LEN) {
        return 0;
    }
    char *src = malloc(size + 1);
    if (!src) {
        return 0;
    }
    memcpy(src, data, size);
    src[size] = '\0'; /* an embedded NUL just ends the text early */
    struct survey_arena arena = {0};
    arena.cap = 4u * 1024 * 1024;
    struct survey_expr_resolver res = {ref, column, NULL,
                                       SURVEY_EXPR_DOT | SURVEY_EXPR_COLUMNS};
    struct survey_expr *e = NULL;
    struct survey_expr_error err;
    if (survey_expr_parse(src, &arena, &res, &e, &err) == KIOSK_OK) {
        static char scratch[16384];
        struct survey_eval ev = {value, colval, NULL, "12", scratch,
                                 sizeof scratch, 0, 0, NULL, NULL, NULL};
        const char *s = survey_expr_eval_str(e, &ev);
        if (strlen(s) >= sizeof scratch && !ev.overflow) {
            abort(); /* a result longer than its buffer: a real bug */
        }
        ev.used = 0;
        (void)survey_expr_eval_bool(e, &ev);
        (void)survey_expr_uses_dot(e);
    } else if (err.offset == 0 || err.offset > size + 1) {
        abort(); /* every error must point inside the text */
    }
    survey_arena_free(&arena);
    free(src);
    return 0;
}
