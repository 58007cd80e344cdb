/* XLSForm expressions: lexer, precedence-climbing parser, tree evaluator.
 * See survey_expr.h for the semantics. The grammar is XPath 1.0's, minus
 * paths and node-sets:
 *   or  > and > (= !=) > (< <= > >=) > (+ -) > (* div mod) > unary - > primary
 * all binary operators left-associative. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>

#include "survey_expr.h"

/* ------------------------------------------------------------------ arena */

struct survey_arena_chunk {
    struct survey_arena_chunk *next;
    size_t size; /* usable bytes in data */
    size_t used;
    _Alignas(max_align_t) unsigned char data[];
};

#define ARENA_CHUNK 16384
#define ARENA_DEFAULT_CAP (32u * 1024 * 1024)

void *survey_arena_alloc(struct survey_arena *a, size_t n)
{
    const size_t al = _Alignof(max_align_t);
    size_t cap = a->cap ? a->cap : ARENA_DEFAULT_CAP;
    if (n > cap) {
        return NULL;
    }
    n = (n + al - 1) / al * al;
    if (n == 0) {
        n = al;
    }
    struct survey_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        if (a->total + size > cap) {
            return NULL;
        }
        c = malloc(sizeof *c + size);
        if (!c) {
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->total += size;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *survey_arena_strndup(struct survey_arena *a, const char *s, size_t n)
{
    char *p = survey_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void survey_arena_free(struct survey_arena *a)
{
    struct survey_arena_chunk *c = a->head;
    while (c) {
        struct survey_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ------------------------------------------------------------------ tree */

enum node_kind {
    N_NUM,  /* number literal */
    N_STR,  /* string literal */
    N_REF,  /* ${name} */
    N_DOT,  /* . */
    N_COL,  /* bare choice column name (choice_filter) */
    N_NEG,  /* unary minus */
    N_BIN,  /* binary operator */
    N_CALL, /* function call */
};

enum bin_op {
    OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
};

/* Binding strength of each operator, indexed by enum bin_op. */
static const int op_prec[] = {1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6};

enum func_id {
    F_NOT, F_IF, F_SELECTED, F_SELECTED_AT, F_COUNT_SELECTED, F_COALESCE,
    F_INT, F_ROUND, F_CONCAT, F_NUMBER, F_STRING, F_STRING_LENGTH,
    F_BOOLEAN, F_TRUE, F_FALSE,
    F_REGEX, F_POW, F_SQRT, F_ABS, F_FLOOR, F_CEILING, F_CONTAINS,
    F_STARTS_WITH, F_ENDS_WITH, F_SUBSTR, F_SUBSTRING_BEFORE,
    F_SUBSTRING_AFTER, F_SUM, F_MIN, F_MAX, F_NORMALIZE_SPACE, F_TODAY,
    F_CHOICE_NAME, F_BOOLEAN_FROM_STRING, F_SIN, F_COS, F_TAN, F_ASIN,
    F_ACOS, F_ATAN, F_ATAN2, F_LOG, F_LOG10, F_EXP, F_EXP10, F_PI,
};

struct func_def {
    const char *name;
    enum func_id id;
    int min_args, max_args;
};

static const struct func_def funcs[] = {
    {"not", F_NOT, 1, 1},
    {"if", F_IF, 3, 3},
    {"selected", F_SELECTED, 2, 2},
    {"selected-at", F_SELECTED_AT, 2, 2},
    {"count-selected", F_COUNT_SELECTED, 1, 1},
    {"coalesce", F_COALESCE, 2, SURVEY_EXPR_MAX_ARGS},
    {"int", F_INT, 1, 1},
    {"round", F_ROUND, 1, 2},
    {"concat", F_CONCAT, 1, SURVEY_EXPR_MAX_ARGS},
    {"number", F_NUMBER, 1, 1},
    {"string", F_STRING, 1, 1},
    {"string-length", F_STRING_LENGTH, 1, 1},
    {"boolean", F_BOOLEAN, 1, 1},
    {"true", F_TRUE, 0, 0},
    {"false", F_FALSE, 0, 0},
    {"regex", F_REGEX, 2, 2},
    {"pow", F_POW, 2, 2},
    {"sqrt", F_SQRT, 1, 1},
    {"abs", F_ABS, 1, 1},
    {"floor", F_FLOOR, 1, 1},
    {"ceiling", F_CEILING, 1, 1},
    {"contains", F_CONTAINS, 2, 2},
    {"starts-with", F_STARTS_WITH, 2, 2},
    {"ends-with", F_ENDS_WITH, 2, 2},
    {"substr", F_SUBSTR, 2, 3},
    {"substring-before", F_SUBSTRING_BEFORE, 2, 2},
    {"substring-after", F_SUBSTRING_AFTER, 2, 2},
    {"sum", F_SUM, 1, 1},
    {"min", F_MIN, 1, SURVEY_EXPR_MAX_ARGS},
    {"max", F_MAX, 1, SURVEY_EXPR_MAX_ARGS},
    {"normalize-space", F_NORMALIZE_SPACE, 1, 1},
    {"today", F_TODAY, 0, 0},
    {"jr:choice-name", F_CHOICE_NAME, 2, 2},
    {"boolean-from-string", F_BOOLEAN_FROM_STRING, 1, 1},
    {"sin", F_SIN, 1, 1},
    {"cos", F_COS, 1, 1},
    {"tan", F_TAN, 1, 1},
    {"asin", F_ASIN, 1, 1},
    {"acos", F_ACOS, 1, 1},
    {"atan", F_ATAN, 1, 1},
    {"atan2", F_ATAN2, 2, 2},
    {"log", F_LOG, 1, 1},
    {"log10", F_LOG10, 1, 1},
    {"exp", F_EXP, 1, 1},
    {"exp10", F_EXP10, 1, 1},
    {"pi", F_PI, 0, 0},
};

struct survey_expr {
    enum node_kind kind;
    int op;        /* enum bin_op for N_BIN, enum func_id for N_CALL */
    int depth;     /* 1 + deepest child */
    int index;     /* N_REF field index, N_COL column index */
    int nargs;     /* N_CALL */
    double num;    /* N_NUM */
    const char *str;              /* N_STR, in the arena */
    struct survey_expr *a, *b;    /* N_NEG (a), N_BIN (a, b) */
    struct survey_expr **args;    /* N_CALL */
};

/* ---------------------------------------------------------------- lexer */

enum tok_kind {
    T_EOF, T_NUM, T_STR, T_REF, T_DOT, T_NAME, T_LP, T_RP, T_COMMA, T_OP,
    T_BAD,
};

struct tok {
    enum tok_kind kind;
    const char *start, *end; /* the token's bytes */
    const char *text;        /* T_STR/T_REF/T_NAME: payload start */
    size_t len;              /* payload length */
    int op;                  /* T_OP: enum bin_op */
};

struct parser {
    const char *src;
    const char *pos;
    struct survey_arena *arena;
    const struct survey_expr_resolver *res;
    struct survey_expr_error *err;
    enum kiosk_err rc;   /* first failure */
    int depth;           /* recursion depth */
};

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.';
}

/* 1-based code point position of byte pointer at within src. */
static size_t char_offset(const char *src, const char *at)
{
    size_t n = 1;
    for (const char *p = src; p < at && *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            n++;
        }
    }
    return n;
}

static void fail(struct parser *p, const char *at, const char *fmt, ...)
    KIOSK_PRINTF(3, 4);

static void fail(struct parser *p, const char *at, const char *fmt, ...)
{
    if (p->rc) {
        return; /* keep the first error: later ones are consequences */
    }
    p->rc = KIOSK_EPARSE;
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
        va_end(ap);
        p->err->offset = char_offset(p->src, at);
    }
}

/* The token classes lex reads; each fills t from s (t->start) and returns
 * it, T_BAD when the text is not that class after all. */

static struct tok lex_number(struct tok t, const char *s)
{
    const char *e = s;
    while (is_digit(*e)) {
        e++;
    }
    if (*e == '.') {
        e++;
        while (is_digit(*e)) {
            e++;
        }
    }
    t.kind = T_NUM;
    t.end = e;
    return t;
}

/* Punctuation and the symbol operators; T_BAD for any other character. */
static struct tok lex_symbol(struct tok t, const char *s)
{
    static const struct {
        char c;
        enum tok_kind kind;
        int op;
    } one[] = {{'(', T_LP, 0},      {')', T_RP, 0},      {',', T_COMMA, 0},
               {'+', T_OP, OP_ADD}, {'-', T_OP, OP_SUB}, {'*', T_OP, OP_MUL},
               {'=', T_OP, OP_EQ}};
    char c = *s;
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        if (one[i].c == c) {
            t.kind = one[i].kind;
            t.op = one[i].op;
            return t;
        }
    }
    if (c == '.') {
        t.kind = s[1] == '.' ? T_BAD : T_DOT;
    } else if (c == '!' && s[1] == '=') {
        t.kind = T_OP;
        t.op = OP_NE;
        t.end = s + 2;
    } else if (c == '<' || c == '>') {
        t.kind = T_OP;
        if (s[1] == '=') {
            t.op = c == '<' ? OP_LE : OP_GE;
            t.end = s + 2;
        } else {
            t.op = c == '<' ? OP_LT : OP_GT;
        }
    }
    return t;
}

/* 'text' or "text"; T_BAD when unterminated. */
static struct tok lex_string(struct tok t, const char *s)
{
    const char *e = strchr(s + 1, *s);
    if (!e) {
        return t;
    }
    t.kind = T_STR;
    t.text = s + 1;
    t.len = (size_t)(e - s - 1);
    t.end = e + 1;
    return t;
}

/* ${name}; T_BAD unless the name is well formed and closed. */
static struct tok lex_ref(struct tok t, const char *s)
{
    if (s[1] != '{') {
        return t;
    }
    const char *n = s + 2;
    const char *e = n;
    while (is_name_char(*e)) {
        e++;
    }
    if (*e != '}' || e == n || !is_alpha(*n)) {
        return t;
    }
    t.kind = T_REF;
    t.text = n;
    t.len = (size_t)(e - n);
    t.end = e + 1;
    return t;
}

/* A word: in operator position an operator name (or, and, div, mod) or
 * a name; elsewhere a function or column name. */
static struct tok lex_word(struct tok t, const char *s, int operator_pos)
{
    const char *e = s;
    if (operator_pos) {
        /* Operator names are plain letters: "div-1" is div, then -1. */
        while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z')) {
            e++;
        }
    } else {
        while (is_name_char(*e)) {
            e++;
        }
        /* ODK's namespaced functions: jr:choice-name() */
        if (e - s == 2 && s[0] == 'j' && s[1] == 'r' && *e == ':' &&
            is_alpha(e[1])) {
            e++;
            while (is_name_char(*e)) {
                e++;
            }
        }
    }
    t.text = s;
    t.len = (size_t)(e - s);
    t.end = e;
    t.kind = T_NAME;
    if (operator_pos) {
        static const struct {
            const char *w;
            int op;
        } words[] = {{"or", OP_OR}, {"and", OP_AND}, {"div", OP_DIV},
                     {"mod", OP_MOD}};
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            if (strlen(words[i].w) == t.len &&
                memcmp(words[i].w, s, t.len) == 0) {
                t.kind = T_OP;
                t.op = words[i].op;
            }
        }
    }
    return t;
}

/* Reads one token at p->pos without consuming it. In operator position a
 * word is an operator name (and, or, div, mod); elsewhere it is a function
 * or column name. XPath resolves the same ambiguity the same way. */
static struct tok lex(struct parser *p, int operator_pos)
{
    const char *s = p->pos;
    while (is_ws(*s)) {
        s++;
    }
    struct tok t = {T_BAD, s, s + 1, s, 0, 0};
    char c = *s;
    if (c == '\0') {
        t.kind = T_EOF;
        t.end = s;
        return t;
    }
    if (is_digit(c) || (c == '.' && is_digit(s[1]))) {
        return lex_number(t, s);
    }
    if (c == '\'' || c == '"') {
        return lex_string(t, s);
    }
    if (c == '$') {
        return lex_ref(t, s);
    }
    if (is_alpha(c)) {
        return lex_word(t, s, operator_pos);
    }
    return lex_symbol(t, s);
}

static void describe(const struct tok *t, char *buf, size_t n)
{
    switch (t->kind) {
    case T_EOF:
        snprintf(buf, n, "end of expression");
        break;
    case T_BAD:
        if (*t->start == '/') {
            snprintf(buf, n, "'/' (division is written 'div')");
        } else if (*t->start == '\'' || *t->start == '"') {
            snprintf(buf, n, "a string that is never closed");
        } else if (*t->start == '$') {
            snprintf(buf, n, "'$' (a reference is written ${name})");
        } else if ((unsigned char)*t->start >= 0x80) {
            snprintf(buf, n, "a non-ASCII character outside quotes");
        } else {
            snprintf(buf, n, "'%c'", *t->start);
        }
        break;
    default: {
        int len = (int)(t->end - t->start);
        snprintf(buf, n, "'%.*s'", len > 40 ? 40 : len, t->start);
        break;
    }
    }
}

static void unexpected(struct parser *p, const struct tok *t,
                       const char *wanted)
{
    char what[80];
    describe(t, what, sizeof what);
    fail(p, t->start, "expected %s but found %s", wanted, what);
}

static struct survey_expr *node(struct parser *p, enum node_kind kind,
                                const char *at)
{
    struct survey_expr *e = survey_arena_alloc(p->arena, sizeof *e);
    if (!e) {
        if (!p->rc) {
            p->rc = KIOSK_ENOMEM;
            if (p->err) {
                p->err->offset = char_offset(p->src, at);
                snprintf(p->err->msg, sizeof p->err->msg, "out of memory");
            }
        }
        return NULL;
    }
    e->kind = kind;
    e->depth = 1;
    return e;
}

/* Records a child's depth; fails when the tree grows too deep to evaluate
 * with bounded recursion. */
static int deepen(struct parser *p, struct survey_expr *e,
                  const struct survey_expr *child, const char *at)
{
    if (child->depth + 1 > e->depth) {
        e->depth = child->depth + 1;
    }
    if (e->depth > SURVEY_EXPR_MAX_DEPTH) {
        fail(p, at, "expression is nested too deeply (over %d levels)",
             SURVEY_EXPR_MAX_DEPTH);
        return 0;
    }
    return 1;
}

static struct survey_expr *parse_binary(struct parser *p, int min_prec);

/* The function a call names, or NULL with the error (unknown, or refused
 * by design). */
static const struct func_def *find_func(struct parser *p,
                                        const struct tok *name)
{
    const struct func_def *def = NULL;
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        if (strlen(funcs[i].name) == name->len &&
            memcmp(funcs[i].name, name->text, name->len) == 0) {
            def = &funcs[i];
        }
    }
    if (!def) {
        static const char *const refused[] = {"pulldata", "instance",
                                              "search", "digest",
                                              "base64-decode"};
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
            if (strlen(refused[i]) == name->len &&
                memcmp(refused[i], name->text, name->len) == 0) {
                fail(p, name->start, "%s() is refused by design: external "
                     "data (a pack keeps everything in its own sheets)",
                     refused[i]);
                return NULL;
            }
        }
        fail(p, name->start, "unknown function '%.*s()'",
             (int)(name->len > 40 ? 40 : name->len), name->text);
    }
    return def;
}

/* 0 when n arguments suit def, else -1 with the error. */
static int check_arity(struct parser *p, const struct tok *name,
                       const struct func_def *def, int n)
{
    if (n >= def->min_args && n <= def->max_args) {
        return 0;
    }
    if (def->min_args == def->max_args) {
        fail(p, name->start, "%s() takes %d argument%s, not %d", def->name,
             def->min_args, def->min_args == 1 ? "" : "s", n);
    } else if (def->max_args == SURVEY_EXPR_MAX_ARGS) {
        fail(p, name->start, "%s() takes at least %d argument%s, not %d",
             def->name, def->min_args, def->min_args == 1 ? "" : "s", n);
    } else {
        fail(p, name->start, "%s() takes %d to %d arguments, not %d",
             def->name, def->min_args, def->max_args, n);
    }
    return -1;
}

/* jr:choice-name()'s field, named by a string: '${q}' or a path '/data/q';
 * its index in e->index, or -1 with the error. */
static int choice_name_field(struct parser *p, const struct tok *name,
                             struct survey_expr *e,
                             const struct survey_expr *a)
{
    const char *ref = a->kind == N_STR ? a->str : "";
    size_t len = strlen(ref);
    if (len > 3 && ref[0] == '$' && ref[1] == '{' && ref[len - 1] == '}') {
        ref += 2;
        len -= 3;
    } else if (strrchr(ref, '/')) {
        len -= (size_t)(strrchr(ref, '/') + 1 - ref);
        ref = strrchr(ref, '/') + 1;
    }
    e->index = len && p->res && p->res->ref
                   ? p->res->ref(p->res->ud, ref, len)
                   : -1;
    if (e->index < 0) {
        fail(p, name->start, "jr:choice-name() needs the select "
             "question as its second argument, quoted: '${name}'");
        return -1;
    }
    return 0;
}

static struct survey_expr *parse_call(struct parser *p, const struct tok *name)
{
    const struct func_def *def = find_func(p, name);
    if (!def) {
        return NULL;
    }
    struct survey_expr *args[SURVEY_EXPR_MAX_ARGS];
    int n = 0;
    struct survey_expr *e = node(p, N_CALL, name->start);
    if (!e) {
        return NULL;
    }
    p->pos = name->end;
    struct tok t = lex(p, 0); /* the '(' the caller saw */
    p->pos = t.end;
    t = lex(p, 0);
    if (t.kind == T_RP) {
        p->pos = t.end;
    } else {
        for (;;) {
            if (n == SURVEY_EXPR_MAX_ARGS) {
                fail(p, t.start, "too many arguments (over %d)",
                     SURVEY_EXPR_MAX_ARGS);
                return NULL;
            }
            struct survey_expr *arg = parse_binary(p, 1);
            if (!arg || !deepen(p, e, arg, t.start)) {
                return NULL;
            }
            args[n++] = arg;
            t = lex(p, 1);
            if (t.kind == T_COMMA) {
                p->pos = t.end;
                t = lex(p, 0);
                continue;
            }
            if (t.kind == T_RP) {
                p->pos = t.end;
                break;
            }
            unexpected(p, &t, "',' or ')'");
            return NULL;
        }
    }
    if (check_arity(p, name, def, n)) {
        return NULL;
    }
    e->op = def->id;
    e->nargs = n;
    if (def->id == F_CHOICE_NAME && choice_name_field(p, name, e, args[1])) {
        return NULL;
    }
    if (n > 0) {
        e->args = survey_arena_alloc(p->arena, (size_t)n * sizeof *e->args);
        if (!e->args) {
            p->rc = p->rc ? p->rc : KIOSK_ENOMEM;
            return NULL;
        }
        memcpy(e->args, args, (size_t)n * sizeof *args);
    }
    return e;
}

static struct survey_expr *parse_primary(struct parser *p)
{
    struct tok t = lex(p, 0);
    struct survey_expr *e = NULL;
    switch (t.kind) {
    case T_NUM:
        e = node(p, N_NUM, t.start);
        if (e) {
            /* The lexer accepted only digits and one '.', which strtod
             * reads identically in the C locale. */
            e->num = strtod(t.start, NULL);
        }
        p->pos = t.end;
        return e;
    case T_STR:
        e = node(p, N_STR, t.start);
        if (e) {
            e->str = survey_arena_strndup(p->arena, t.text, t.len);
            if (!e->str) {
                p->rc = p->rc ? p->rc : KIOSK_ENOMEM;
                return NULL;
            }
        }
        p->pos = t.end;
        return e;
    case T_REF: {
        int idx = p->res && p->res->ref
                      ? p->res->ref(p->res->ud, t.text, t.len)
                      : -1;
        if (idx < 0) {
            fail(p, t.start, "undefined reference ${%.*s}",
                 (int)(t.len > 60 ? 60 : t.len), t.text);
            return NULL;
        }
        e = node(p, N_REF, t.start);
        if (e) {
            e->index = idx;
        }
        p->pos = t.end;
        return e;
    }
    case T_DOT:
        if (!p->res || !(p->res->flags & SURVEY_EXPR_DOT)) {
            fail(p, t.start, "'.' (the current answer) is only allowed in a "
                 "constraint");
            return NULL;
        }
        p->pos = t.end;
        return node(p, N_DOT, t.start);
    case T_LP:
        p->pos = t.end;
        e = parse_binary(p, 1);
        if (!e) {
            return NULL;
        }
        t = lex(p, 1);
        if (t.kind != T_RP) {
            unexpected(p, &t, "')'");
            return NULL;
        }
        p->pos = t.end;
        return e;
    case T_NAME: {
        p->pos = t.end;
        struct tok next = lex(p, 0);
        if (next.kind == T_LP) {
            return parse_call(p, &t);
        }
        p->pos = t.start;
        if (p->res && (p->res->flags & SURVEY_EXPR_COLUMNS)) {
            int col = p->res->column
                          ? p->res->column(p->res->ud, t.text, t.len)
                          : -1;
            if (col < 0) {
                fail(p, t.start, "'%.*s' is not a column of the choices "
                     "sheet", (int)(t.len > 40 ? 40 : t.len), t.text);
                return NULL;
            }
            e = node(p, N_COL, t.start);
            if (e) {
                e->index = col;
            }
            p->pos = t.end;
            return e;
        }
        fail(p, t.start, "bare name '%.*s' (a reference is written "
             "${%.*s})", (int)(t.len > 40 ? 40 : t.len), t.text,
             (int)(t.len > 40 ? 40 : t.len), t.text);
        return NULL;
    }
    default:
        unexpected(p, &t, "a value");
        return NULL;
    }
}

static struct survey_expr *parse_unary(struct parser *p)
{
    struct tok t = lex(p, 0);
    if (t.kind == T_OP && t.op == OP_SUB) {
        if (++p->depth > SURVEY_EXPR_MAX_DEPTH) {
            fail(p, t.start, "expression is nested too deeply (over %d "
                 "levels)", SURVEY_EXPR_MAX_DEPTH);
            return NULL;
        }
        p->pos = t.end;
        struct survey_expr *operand = parse_unary(p);
        p->depth--;
        if (!operand) {
            return NULL;
        }
        struct survey_expr *e = node(p, N_NEG, t.start);
        if (!e || !deepen(p, e, operand, t.start)) {
            return NULL;
        }
        e->a = operand;
        return e;
    }
    return parse_primary(p);
}

static struct survey_expr *parse_binary(struct parser *p, int min_prec)
{
    if (++p->depth > SURVEY_EXPR_MAX_DEPTH) {
        fail(p, p->pos, "expression is nested too deeply (over %d levels)",
             SURVEY_EXPR_MAX_DEPTH);
        return NULL;
    }
    struct survey_expr *left = parse_unary(p);
    while (left) {
        struct tok t = lex(p, 1);
        if (t.kind != T_OP || op_prec[t.op] < min_prec) {
            if (t.kind == T_NAME) {
                fail(p, t.start, "'%.*s' is not an operator (use and, or, "
                     "div, mod)", (int)(t.len > 40 ? 40 : t.len), t.text);
                left = NULL;
            }
            break;
        }
        p->pos = t.end;
        struct survey_expr *right = parse_binary(p, op_prec[t.op] + 1);
        if (!right) {
            left = NULL;
            break;
        }
        struct survey_expr *e = node(p, N_BIN, t.start);
        if (!e || !deepen(p, e, left, t.start) ||
            !deepen(p, e, right, t.start)) {
            left = NULL;
            break;
        }
        e->op = t.op;
        e->a = left;
        e->b = right;
        left = e;
    }
    p->depth--;
    return left;
}

enum kiosk_err survey_expr_parse(const char *src, struct survey_arena *a,
                                 const struct survey_expr_resolver *res,
                                 struct survey_expr **out,
                                 struct survey_expr_error *err)
{
    *out = NULL;
    if (err) {
        err->offset = 0;
        err->msg[0] = '\0';
    }
    struct parser p = {src, src, a, res, err, KIOSK_OK, 0};
    if (strlen(src) > SURVEY_EXPR_MAX_LEN) {
        if (err) {
            err->offset = 1;
            snprintf(err->msg, sizeof err->msg,
                     "expression is longer than %d bytes",
                     SURVEY_EXPR_MAX_LEN);
        }
        return KIOSK_ETOOBIG;
    }
    struct tok t = lex(&p, 0);
    if (t.kind == T_EOF) {
        fail(&p, t.start, "expression is empty");
        return p.rc;
    }
    struct survey_expr *e = parse_binary(&p, 1);
    if (e) {
        t = lex(&p, 1);
        if (t.kind != T_EOF) {
            unexpected(&p, &t, "an operator or the end");
        }
    }
    if (p.rc) {
        return p.rc;
    }
    if (!e) {
        return KIOSK_ENOMEM;
    }
    *out = e;
    return KIOSK_OK;
}

void survey_expr_refs(const struct survey_expr *e,
                      void (*fn)(void *ud, int ref), void *ud)
{
    if (!e) {
        return;
    }
    switch (e->kind) {
    case N_REF:
        fn(ud, e->index);
        break;
    case N_NEG:
        survey_expr_refs(e->a, fn, ud);
        break;
    case N_BIN:
        survey_expr_refs(e->a, fn, ud);
        survey_expr_refs(e->b, fn, ud);
        break;
    case N_CALL:
        for (int i = 0; i < e->nargs; i++) {
            survey_expr_refs(e->args[i], fn, ud);
        }
        break;
    default:
        break;
    }
}

int survey_expr_uses_dot(const struct survey_expr *e)
{
    if (!e) {
        return 0;
    }
    switch (e->kind) {
    case N_DOT:
        return 1;
    case N_NEG:
        return survey_expr_uses_dot(e->a);
    case N_BIN:
        return survey_expr_uses_dot(e->a) || survey_expr_uses_dot(e->b);
    case N_CALL:
        for (int i = 0; i < e->nargs; i++) {
            if (survey_expr_uses_dot(e->args[i])) {
                return 1;
            }
        }
        return 0;
    default:
        return 0;
    }
}

/* Binary operator spellings, indexed by enum bin_op (for messages). */
static const char *const op_name[] = {
    "or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod",
};

static int results_of(const struct survey_expr *e,
                      int (*fn)(void *ud,
                                const struct survey_expr_result *res),
                      void *ud)
{
    struct survey_expr_result res = {SURVEY_RESULT_OTHER, "", -1};
    char text[400];
    switch (e->kind) {
    case N_STR:
        res.kind = SURVEY_RESULT_TEXT;
        res.text = e->str;
        return fn(ud, &res);
    case N_NUM:
        survey_num_format(e->num, text, sizeof text);
        res.kind = SURVEY_RESULT_TEXT;
        res.text = text;
        return fn(ud, &res);
    case N_REF:
        res.kind = SURVEY_RESULT_REF;
        res.ref = e->index;
        return fn(ud, &res);
    case N_CALL:
        if (e->op == F_IF) {
            int r = results_of(e->args[1], fn, ud);
            return r ? r : results_of(e->args[2], fn, ud);
        }
        if (e->op == F_COALESCE) {
            for (int i = 0; i < e->nargs; i++) {
                int r = results_of(e->args[i], fn, ud);
                if (r) {
                    return r;
                }
            }
            return 0;
        }
        for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
            if ((int)funcs[i].id == e->op) {
                snprintf(text, sizeof text, "%s()", funcs[i].name);
            }
        }
        res.text = text;
        return fn(ud, &res);
    case N_BIN:
        snprintf(text, sizeof text, "the '%s' operator", op_name[e->op]);
        res.text = text;
        return fn(ud, &res);
    case N_NEG:
        res.text = "a unary minus";
        return fn(ud, &res);
    case N_DOT:
        res.text = "'.'";
        return fn(ud, &res);
    case N_COL:
        res.text = "a choice column";
        return fn(ud, &res);
    }
    return fn(ud, &res);
}

int survey_expr_results(const struct survey_expr *e,
                        int (*fn)(void *ud,
                                  const struct survey_expr_result *res),
                        void *ud)
{
    return e ? results_of(e, fn, ud) : 0;
}

/* --------------------------------------------------------------- numbers */

double survey_num_parse(const char *s)
{
    const char *p = s;
    while (is_ws(*p)) {
        p++;
    }
    /* JavaRosa (XPathFuncExpr.toNumeric) reads ',' as '.', for locales
     * that write decimal commas: number('1,5') is 1.5. */
    char buf[400];
    size_t n = 0;
    if (*p == '-') {
        buf[n++] = *p++;
    }
    int digits = 0, point = 0;
    for (; n < sizeof buf - 1; p++) {
        if (is_digit(*p)) {
            digits++;
        } else if ((*p == '.' || *p == ',') && !point) {
            point = 1;
        } else {
            break;
        }
        buf[n++] = *p == ',' ? '.' : *p;
    }
    buf[n] = '\0';
    if (!digits) {
        return NAN;
    }
    while (is_ws(*p)) {
        p++;
    }
    if (*p) {
        return NAN; /* also over 399 characters: no number is that long */
    }
    /* The validated syntax is a subset of strtod's, and strtod stops where
     * it ends (no exponent can follow), so both read the same number. */
    return strtod(buf, NULL);
}

/* Rewrites printf "%g" output with an exponent ("1.5e-07") as a plain
 * decimal ("0.00000015"), as XPath string() requires. */
static void expand_exponent(const char *g, char *out, size_t n)
{
    char digits[40];
    size_t nd = 0;
    const char *p = g;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    int point = -1;
    for (; *p && *p != 'e' && nd < sizeof digits - 1; p++) {
        if (*p == '.') {
            point = (int)nd;
        } else {
            digits[nd++] = *p;
        }
    }
    digits[nd] = '\0';
    if (point < 0) {
        point = (int)nd;
    }
    long exp10 = *p == 'e' ? strtol(p + 1, NULL, 10) : 0;
    long pos = point + exp10; /* digits before the decimal point */
    size_t o = 0;
#define PUT(c)                                                             \
    do {                                                                   \
        if (o + 1 < n) {                                                   \
            out[o] = (c);                                                  \
        }                                                                  \
        o++;                                                               \
    } while (0)
    if (neg) {
        PUT('-');
    }
    if (pos <= 0) {
        PUT('0');
        PUT('.');
        for (long i = 0; i < -pos; i++) {
            PUT('0');
        }
        for (size_t i = 0; i < nd; i++) {
            PUT(digits[i]);
        }
    } else {
        for (long i = 0; i < pos || i < (long)nd; i++) {
            if (i == pos) {
                PUT('.');
            }
            PUT(i < (long)nd ? digits[i] : '0');
        }
    }
#undef PUT
    if (n) {
        out[o < n ? o : n - 1] = '\0';
    }
}

size_t survey_num_format(double d, char *buf, size_t n)
{
    char tmp[400];
    if (isnan(d)) {
        snprintf(tmp, sizeof tmp, "NaN");
    } else if (isinf(d)) {
        snprintf(tmp, sizeof tmp, "%s", d < 0 ? "-Infinity" : "Infinity");
    } else if (fabs(d) < 1e-12) {
        snprintf(tmp, sizeof tmp, "0"); /* also -0; JavaRosa toString */
    } else if (fabs(d) < 1e15 && fabs(d - trunc(d)) < 1e-12) {
        /* JavaRosa prints a double within 1e-12 of an integer as that
         * integer: (0.1 + 0.2) * 10 is 3, not 3.0000000000000004. */
        snprintf(tmp, sizeof tmp, "%.0f", trunc(d) == 0 ? 0.0 : trunc(d));
    } else {
        char g[40];
        /* Shortest of 15..17 significant digits that reads back exactly:
         * any decimal of up to 15 digits survives a double round trip. */
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(g, sizeof g, "%.*g", prec, d);
            if (strtod(g, NULL) == d) {
                break;
            }
        }
        if (strchr(g, 'e')) {
            expand_exponent(g, tmp, sizeof tmp);
        } else {
            snprintf(tmp, sizeof tmp, "%s", g);
        }
    }
    size_t len = strlen(tmp);
    if (n) {
        snprintf(buf, n, "%s", tmp);
    }
    return len;
}

/* ------------------------------------------------------------ evaluation */

static struct survey_val v_str(const char *s)
{
    struct survey_val v = {SURVEY_VAL_STR, 0, s ? s : "", 0};
    return v;
}

static struct survey_val v_num(double d)
{
    struct survey_val v = {SURVEY_VAL_NUM, d, NULL, 0};
    return v;
}

static struct survey_val v_bool(int b)
{
    struct survey_val v = {SURVEY_VAL_BOOL, 0, NULL, b ? 1 : 0};
    return v;
}

static char *scratch(struct survey_eval *ev, size_t n)
{
    if (!ev->scratch || ev->used > ev->cap || ev->cap - ev->used < n) {
        ev->overflow = 1;
        return NULL;
    }
    char *p = ev->scratch + ev->used;
    ev->used += n;
    return p;
}

static double to_num(struct survey_val v)
{
    switch (v.kind) {
    case SURVEY_VAL_NUM:
        return v.num;
    case SURVEY_VAL_BOOL:
        return v.b;
    default:
        return survey_num_parse(v.str);
    }
}

static int to_bool(struct survey_val v)
{
    switch (v.kind) {
    case SURVEY_VAL_NUM:
        return v.num != 0 && !isnan(v.num);
    case SURVEY_VAL_BOOL:
        return v.b;
    default:
        return v.str[0] != '\0';
    }
}

static const char *to_str(struct survey_val v, struct survey_eval *ev)
{
    switch (v.kind) {
    case SURVEY_VAL_BOOL:
        return v.b ? "true" : "false";
    case SURVEY_VAL_NUM: {
        char tmp[400];
        size_t len = survey_num_format(v.num, tmp, sizeof tmp);
        char *s = scratch(ev, len + 1);
        if (!s) {
            return "";
        }
        memcpy(s, tmp, len + 1);
        return s;
    }
    default:
        return v.str;
    }
}

/* XPath "empty" for coalesce(): '' or NaN (as JavaRosa treats it). */
static int is_empty(struct survey_val v)
{
    return (v.kind == SURVEY_VAL_STR && v.str[0] == '\0') ||
           (v.kind == SURVEY_VAL_NUM && isnan(v.num));
}

static int equal(struct survey_val a, struct survey_val b,
                 struct survey_eval *ev)
{
    if (a.kind == SURVEY_VAL_BOOL || b.kind == SURVEY_VAL_BOOL) {
        return to_bool(a) == to_bool(b);
    }
    if (a.kind == SURVEY_VAL_NUM || b.kind == SURVEY_VAL_NUM) {
        /* JavaRosa (XPathEqExpr): equal within 1e-12, so 0.1 + 0.2 = 0.3;
         * NaN is never equal. */
        return fabs(to_num(a) - to_num(b)) < 1e-12;
    }
    return strcmp(to_str(a, ev), to_str(b, ev)) == 0;
}

static int relate(int op, struct survey_val a, struct survey_val b)
{
    double x, y;
    if (a.kind == SURVEY_VAL_STR && b.kind == SURVEY_VAL_STR) {
        x = survey_num_parse(a.str);
        y = survey_num_parse(b.str);
        if (!*a.str || !*b.str) {
            return 0; /* '' is NaN to JavaRosa: an unanswered date is
                       * neither before nor after today() */
        }
        if (isnan(x) && isnan(y)) {
            int c = strcmp(a.str, b.str);
            switch (op) {
            case OP_LT:
                return c < 0;
            case OP_LE:
                return c <= 0;
            case OP_GT:
                return c > 0;
            default:
                return c >= 0;
            }
        }
    } else {
        x = to_num(a);
        y = to_num(b);
    }
    switch (op) { /* IEEE: every ordered comparison with NaN is false */
    case OP_LT:
        return x < y;
    case OP_LE:
        return x <= y;
    case OP_GT:
        return x > y;
    default:
        return x >= y;
    }
}

static double divide(double x, double y)
{
    if (y == 0) {
        /* Spelled out so no sanitizer flags it; the IEEE result. */
        if (x == 0 || isnan(x)) {
            return NAN;
        }
        return (signbit(x) != signbit(y)) ? -INFINITY : INFINITY;
    }
    return x / y;
}

/* round(x, places) as ODK Collect (JavaRosa XPathFuncExpr.round) does it:
 * on the decimal text of x, halves toward positive infinity (2.5 -> 3,
 * -2.5 -> -2, -2.675 -> -2.67), places truncated to an integer, NaN when
 * places is outside [-30, 30]. Unlike JavaRosa, negative places follow the
 * same rule (JavaRosa casts to long there, so round(-26, -1) is -20 in
 * Collect; here it is -30). */
static double round_places(double x, double places)
{
    if (isnan(x) || !isfinite(x)) {
        return x;
    }
    double pt = isnan(places) ? 0 : trunc(places); /* Java intValue() */
    if (pt > 30 || pt < -30) {
        return NAN;
    }
    int pl = (int)pt;
    /* digits of |x| with the decimal point at position `point` */
    char num[400], dig[400];
    survey_num_format(fabs(x), num, sizeof num);
    size_t nd = 0;
    long point = -1;
    for (const char *c = num; *c && nd < sizeof dig - 1; c++) {
        if (*c == '.') {
            point = (long)nd;
        } else {
            dig[nd++] = *c;
        }
    }
    if (point < 0) {
        point = (long)nd;
    }
    /* keep `keep` digits: those before the point plus pl after it */
    long keep = point + pl;
    if (keep < 0) {
        return 0; /* |x| < half a unit of the kept place */
    }
    if ((size_t)keep >= nd) {
        return x; /* nothing to drop */
    }
    /* compare the dropped tail with one half */
    int cmp = dig[keep] > '5' ? 1 : dig[keep] < '5' ? -1 : 0;
    for (size_t k = (size_t)keep + 1; cmp == 0 && k < nd; k++) {
        if (dig[k] != '0') {
            cmp = 1;
        }
    }
    int up = x > 0 ? cmp >= 0 : cmp > 0; /* magnitude up */
    char out[440];
    size_t o = 0;
    if (x < 0) {
        out[o++] = '-';
    }
    out[o++] = '0'; /* room for a carry */
    memcpy(out + o, dig, (size_t)keep);
    size_t last = o + (size_t)keep; /* one past the last kept digit */
    if (up) {
        size_t k = last;
        while (k > (size_t)(x < 0)) {
            k--;
            if (out[k] == '9') {
                out[k] = '0';
            } else {
                out[k]++;
                break;
            }
        }
    }
    snprintf(out + last, sizeof out - last, "e%ld", (long)(point - keep));
    return strtod(out, NULL);
}

/* Calls fn for each whitespace-separated token of s; stops when fn
 * returns nonzero and returns that value. */
static int each_token(const char *s, int (*fn)(void *ud, const char *t,
                                               size_t n),
                      void *ud)
{
    const char *p = s;
    for (;;) {
        while (is_ws(*p)) {
            p++;
        }
        if (!*p) {
            return 0;
        }
        const char *start = p;
        while (*p && !is_ws(*p)) {
            p++;
        }
        int r = fn(ud, start, (size_t)(p - start));
        if (r) {
            return r;
        }
    }
}

struct tok_match {
    const char *want;
    size_t len;
};

static int tok_equals(void *ud, const char *t, size_t n)
{
    const struct tok_match *m = ud;
    return n == m->len && memcmp(t, m->want, n) == 0;
}

static int tok_count(void *ud, const char *t, size_t n)
{
    (void)t;
    (void)n;
    (*(double *)ud)++;
    return 0;
}

struct tok_at {
    double want;
    double seen;
    const char *t;
    size_t n;
};

static int tok_pick(void *ud, const char *t, size_t n)
{
    struct tok_at *a = ud;
    if (a->seen++ == a->want) {
        a->t = t;
        a->n = n;
        return 1;
    }
    return 0;
}

static const char *trim(const char *s, size_t *len)
{
    while (is_ws(*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && is_ws(s[n - 1])) {
        n--;
    }
    *len = n;
    return s;
}


/* Byte offset of code point k of s (or its length when shorter). */
static size_t cp_offset(const char *s, double k)
{
    size_t o = 0;
    for (double i = 0; s[o] && i < k; i++) {
        o++;
        while (((unsigned char)s[o] & 0xC0) == 0x80) {
            o++;
        }
    }
    return o;
}

static size_t cp_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* A copy of s[0..n) in the scratch buffer. */
static struct survey_val v_substr(struct survey_eval *ev, const char *s,
                                  size_t n)
{
    char *d = scratch(ev, n + 1);
    if (!d) {
        return v_str("");
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return v_str(d);
}

/* JavaRosa's regex(): Java syntax, a match anywhere in the value
 * (Matcher.find); ICU's regular expressions follow Java's. An invalid
 * pattern is false. */
static int regex_find(const char *value, const char *pattern)
{
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *re = uregex_openC(pattern, 0, NULL, &st);
    if (U_FAILURE(st)) {
        return 0;
    }
    UText *ut = utext_openUTF8(NULL, value, -1, &st);
    int found = 0;
    if (U_SUCCESS(st)) {
        uregex_setUText(re, ut, &st);
        found = U_SUCCESS(st) && uregex_find(re, 0, &st) && U_SUCCESS(st);
    }
    utext_close(ut);
    uregex_close(re);
    return found;
}

static struct survey_val call(const struct survey_expr *e,
                              struct survey_eval *ev);

/* The functions ODK added to XPath, and XPath's string and number
 * functions: call_more (numbers), call_text (text), then call (the rest). */
static double exp10_of(double x)
{
    return pow(10, x);
}

/* The functions of one number that are the C library's own. */
static double (*math_one(int op))(double)
{
    switch ((enum func_id)op) {
    case F_SQRT: return sqrt;
    case F_ABS: return fabs;
    case F_FLOOR: return floor;
    case F_CEILING: return ceil;
    case F_SIN: return sin;
    case F_COS: return cos;
    case F_TAN: return tan;
    case F_ASIN: return asin;
    case F_ACOS: return acos;
    case F_ATAN: return atan;
    case F_LOG: return log;
    case F_LOG10: return log10;
    case F_EXP: return exp;
    case F_EXP10: return exp10_of;
    default: return NULL;
    }
}

#define ARG_S(i) to_str(survey_expr_eval(e->args[i], ev), ev)
#define ARG_N(i) to_num(survey_expr_eval(e->args[i], ev))

/* normalize-space(): runs of white space as one space, none at the ends. */
static struct survey_val normalize_space(const char *a, struct survey_eval *ev)
{
    char *d = scratch(ev, strlen(a) + 1);
    if (!d) {
        return v_str("");
    }
    size_t o = 0;
    for (const char *q = a; *q; q++) {
        if (is_ws(*q)) {
            if (o && !is_ws(q[1]) && q[1]) {
                d[o++] = ' ';
            }
        } else {
            d[o++] = *q;
        }
    }
    d[o] = '\0';
    return v_str(d);
}

/* substr(): JavaRosa's 0-based start, end exclusive, in characters. */
static struct survey_val substr_of(const struct survey_expr *e,
                                   struct survey_eval *ev)
{
    const char *a = ARG_S(0);
    double len = (double)cp_count(a);
    double from = ARG_N(1);
    double to = e->nargs > 2 ? ARG_N(2) : len;
    if (isnan(from) || isnan(to)) {
        return v_str("");
    }
    from = from < 0 ? 0 : from > len ? len : trunc(from);
    to = to < from ? from : to > len ? len : trunc(to);
    size_t o1 = cp_offset(a, from), o2 = cp_offset(a, to);
    return v_substr(ev, a + o1, o2 - o1);
}

/* The text functions; the rest go on to call(). */
static struct survey_val call_text(const struct survey_expr *e,
                                   struct survey_eval *ev)
{
    switch ((enum func_id)e->op) {
    case F_REGEX: {
        const char *v = ARG_S(0);
        return v_bool(regex_find(v, ARG_S(1)));
    }
    case F_CONTAINS: {
        const char *a = ARG_S(0);
        return v_bool(strstr(a, ARG_S(1)) != NULL);
    }
    case F_STARTS_WITH: {
        const char *a = ARG_S(0), *b = ARG_S(1);
        return v_bool(strncmp(a, b, strlen(b)) == 0);
    }
    case F_ENDS_WITH: {
        const char *a = ARG_S(0), *b = ARG_S(1);
        size_t la = strlen(a), lb = strlen(b);
        return v_bool(la >= lb && strcmp(a + la - lb, b) == 0);
    }
    case F_SUBSTR:
        return substr_of(e, ev);
    case F_SUBSTRING_BEFORE:
    case F_SUBSTRING_AFTER: {
        const char *a = ARG_S(0), *b = ARG_S(1);
        const char *at = strstr(a, b);
        if (!at) {
            return v_str("");
        }
        if (e->op == F_SUBSTRING_BEFORE) {
            return v_substr(ev, a, (size_t)(at - a));
        }
        return v_str(at + strlen(b));
    }
    case F_NORMALIZE_SPACE:
        return normalize_space(ARG_S(0), ev);
    case F_BOOLEAN_FROM_STRING: {
        const char *a = ARG_S(0);
        return v_bool(strcmp(a, "true") == 0 || strcmp(a, "1") == 0);
    }
    case F_CHOICE_NAME: {
        const char *v = ARG_S(0);
        return v_str(ev->choice_label ? ev->choice_label(ev->ud, e->index, v)
                                      : "");
    }
    case F_TODAY:
        return v_str(ev->today ? ev->today : "");
    default:
        return call(e, ev);
    }
}

/* The numeric functions; the rest go on to call_text(). */
static struct survey_val call_more(const struct survey_expr *e,
                                   struct survey_eval *ev)
{
    double (*fn)(double) = math_one(e->op);
    if (fn) {
        return v_num(fn(ARG_N(0)));
    }
    switch ((enum func_id)e->op) {
    case F_POW: {
        double x = ARG_N(0);
        return v_num(pow(x, ARG_N(1)));
    }
    case F_ATAN2: {
        double y = ARG_N(0);
        return v_num(atan2(y, ARG_N(1)));
    }
    case F_PI:
        return v_num(M_PI);
    case F_SUM:
        return v_num(ARG_N(0)); /* one value: no repeats on the kiosk */
    case F_MIN:
    case F_MAX: {
        double r = ARG_N(0);
        for (int i = 1; i < e->nargs && !isnan(r); i++) {
            double x = ARG_N(i);
            r = isnan(x) ? x : e->op == F_MIN ? (x < r ? x : r)
                                              : (x > r ? x : r);
        }
        return v_num(r);
    }
    default:
        return call_text(e, ev);
    }
}

#undef ARG_S
#undef ARG_N

/* concat(): its arguments as text, one after another. */
static struct survey_val concat(const struct survey_expr *e,
                                struct survey_eval *ev)
{
    const char *parts[SURVEY_EXPR_MAX_ARGS];
    size_t total = 0;
    for (int i = 0; i < e->nargs; i++) {
        parts[i] = to_str(survey_expr_eval(e->args[i], ev), ev);
        total += strlen(parts[i]);
    }
    char *s = scratch(ev, total + 1);
    if (!s) {
        return v_str("");
    }
    size_t o = 0;
    for (int i = 0; i < e->nargs; i++) {
        size_t n = strlen(parts[i]);
        memcpy(s + o, parts[i], n);
        o += n;
    }
    s[o] = '\0';
    return v_str(s);
}

/* selected-at(list, n): the n-th (from 0) choice of a space-separated
 * answer, "" past its end. */
static struct survey_val selected_at(const struct survey_expr *e,
                                     struct survey_eval *ev)
{
    const char *list = to_str(survey_expr_eval(e->args[0], ev), ev);
    struct tok_at at = {trunc(to_num(survey_expr_eval(e->args[1], ev))), 0,
                        NULL, 0};
    if (isnan(at.want) || at.want < 0 || !each_token(list, tok_pick, &at)) {
        return v_str("");
    }
    char *s = scratch(ev, at.n + 1);
    if (!s) {
        return v_str("");
    }
    memcpy(s, at.t, at.n);
    s[at.n] = '\0';
    return v_str(s);
}

static struct survey_val call(const struct survey_expr *e,
                              struct survey_eval *ev)
{
    struct survey_val a;
    switch ((enum func_id)e->op) {
    case F_TRUE:
        return v_bool(1);
    case F_FALSE:
        return v_bool(0);
    case F_NOT:
        return v_bool(!to_bool(survey_expr_eval(e->args[0], ev)));
    case F_BOOLEAN:
        return v_bool(to_bool(survey_expr_eval(e->args[0], ev)));
    case F_IF:
        /* Only the chosen branch is evaluated. */
        if (to_bool(survey_expr_eval(e->args[0], ev))) {
            return survey_expr_eval(e->args[1], ev);
        }
        return survey_expr_eval(e->args[2], ev);
    case F_COALESCE:
        a = v_str("");
        for (int i = 0; i < e->nargs; i++) {
            a = survey_expr_eval(e->args[i], ev);
            if (!is_empty(a)) {
                break;
            }
        }
        return a;
    case F_NUMBER:
        return v_num(to_num(survey_expr_eval(e->args[0], ev)));
    case F_STRING:
        return v_str(to_str(survey_expr_eval(e->args[0], ev), ev));
    case F_INT:
        return v_num(trunc(to_num(survey_expr_eval(e->args[0], ev))));
    case F_ROUND: {
        double x = to_num(survey_expr_eval(e->args[0], ev));
        if (e->nargs == 1) {
            return v_num(round_places(x, 0));
        }
        return v_num(round_places(x, to_num(survey_expr_eval(e->args[1],
                                                             ev))));
    }
    case F_STRING_LENGTH: {
        const char *s = to_str(survey_expr_eval(e->args[0], ev), ev);
        double n = 0;
        for (; *s; s++) {
            if (((unsigned char)*s & 0xC0) != 0x80) {
                n++;
            }
        }
        return v_num(n);
    }
    case F_CONCAT:
        return concat(e, ev);
    case F_SELECTED: {
        const char *list = to_str(survey_expr_eval(e->args[0], ev), ev);
        const char *want = to_str(survey_expr_eval(e->args[1], ev), ev);
        struct tok_match m;
        m.want = trim(want, &m.len);
        if (m.len == 0) {
            return v_bool(0);
        }
        return v_bool(each_token(list, tok_equals, &m));
    }
    case F_COUNT_SELECTED: {
        double n = 0;
        each_token(to_str(survey_expr_eval(e->args[0], ev), ev), tok_count,
                   &n);
        return v_num(n);
    }
    case F_SELECTED_AT:
        return selected_at(e, ev);
    default:
        break; /* call_more's */
    }
    return v_str("");
}

struct survey_val survey_expr_eval(const struct survey_expr *e,
                                   struct survey_eval *ev)
{
    const char *s;
    switch (e->kind) {
    case N_NUM:
        return v_num(e->num);
    case N_STR:
        return v_str(e->str);
    case N_REF:
        if (ev->typed) {
            return ev->typed(ev->ud, e->index);
        }
        s = ev->value ? ev->value(ev->ud, e->index) : "";
        return v_str(s);
    case N_COL:
        s = ev->column ? ev->column(ev->ud, e->index) : "";
        return v_str(s);
    case N_DOT:
        return v_str(ev->dot);
    case N_NEG:
        return v_num(-to_num(survey_expr_eval(e->a, ev)));
    case N_CALL:
        return e->op >= F_REGEX ? call_more(e, ev) : call(e, ev);
    case N_BIN:
        break;
    }
    /* Binary operators. and/or short-circuit as XPath requires. */
    if (e->op == OP_OR) {
        return v_bool(to_bool(survey_expr_eval(e->a, ev)) ||
                      to_bool(survey_expr_eval(e->b, ev)));
    }
    if (e->op == OP_AND) {
        return v_bool(to_bool(survey_expr_eval(e->a, ev)) &&
                      to_bool(survey_expr_eval(e->b, ev)));
    }
    struct survey_val a = survey_expr_eval(e->a, ev);
    struct survey_val b = survey_expr_eval(e->b, ev);
    switch (e->op) {
    case OP_EQ:
        return v_bool(equal(a, b, ev));
    case OP_NE:
        return v_bool(!equal(a, b, ev));
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        return v_bool(relate(e->op, a, b));
    case OP_ADD:
        return v_num(to_num(a) + to_num(b));
    case OP_SUB:
        return v_num(to_num(a) - to_num(b));
    case OP_MUL:
        return v_num(to_num(a) * to_num(b));
    case OP_DIV:
        return v_num(divide(to_num(a), to_num(b)));
    case OP_MOD:
        return v_num(fmod(to_num(a), to_num(b)));
    default:
        return v_str("");
    }
}

const char *survey_expr_eval_str(const struct survey_expr *e,
                                 struct survey_eval *ev)
{
    const char *s = to_str(survey_expr_eval(e, ev), ev);
    return ev->overflow ? "" : s;
}

int survey_expr_eval_bool(const struct survey_expr *e, struct survey_eval *ev)
{
    return to_bool(survey_expr_eval(e, ev));
}
