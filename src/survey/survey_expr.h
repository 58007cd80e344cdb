/* XLSForm expressions: the XPath 1.0 subset that forms use for relevance,
 * constraints, calculations and choice filters.
 *
 * An expression is parsed ONCE, when the form is loaded, into a small tree
 * allocated from an arena owned by the form; evaluation walks the tree and
 * never allocates (temporary strings go into a caller-supplied scratch
 * buffer). This header is internal to the survey module; it is public only so
 * that unit tests and the fuzz target can drive the parser directly.
 *
 * Semantics follow XPath 1.0 as ODK applies it:
 * - ${name} yields the field's value as a string; an unanswered or
 *   non-relevant field is ''.
 * - number('') and number('abc') are NaN; NaN in arithmetic stays NaN;
 *   every comparison with NaN is false except != which is true.
 * - = and != compare as booleans if either side is boolean, else as numbers
 *   if either side is a number, else as strings.
 * - < <= > >= compare numbers; two strings that are both non-numeric compare
 *   as strings (byte order, which is code point order in UTF-8).
 * - number -> string (JavaRosa's toString): within 1e-12 of an integer,
 *   that integer (so (0.1 + 0.2) * 10 is "3"); otherwise the shortest
 *   decimal that reads back as the same double, never an exponent; NaN is
 *   "NaN", infinities are "Infinity" and "-Infinity".
 * - = and != on numbers: equal within 1e-12 (0.1 + 0.2 = 0.3 is true).
 * - string -> number: ',' is read as '.' (number('1,5') is 1.5).
 * - round(x[, places]): decimal, halves toward positive infinity.
 * - boolean(string) is true when the string is non-empty, so a calculate
 *   that stored "false" is still true in a relevant; write ${c} = 'true'.
 * Parsing and formatting assume the C locale for LC_NUMERIC (the kiosk never
 * calls setlocale for numbers). */
#ifndef KIOSK_SURVEY_EXPR_H
#define KIOSK_SURVEY_EXPR_H

#include <stddef.h>

#include "core/err.h"

#define SURVEY_EXPR_MAX_LEN 4096   /* bytes in one expression cell */
#define SURVEY_EXPR_MAX_DEPTH 200  /* tree depth (nesting and chains) */
#define SURVEY_EXPR_MAX_ARGS 64    /* arguments to one function call */

/* A bump allocator: many small blocks, freed all at once. Capped so that a
 * hostile form cannot exhaust memory. Zero-initialise, then set cap. */
struct survey_arena {
    struct survey_arena_chunk *head; /* newest chunk first */
    size_t total;                    /* bytes obtained from malloc */
    size_t cap;                      /* maximum total; 0 = 32 MiB */
};

/** Returns n zeroed bytes aligned for any type, or NULL when out of memory
 * or over the cap. The memory lives until survey_arena_free(). */
void *survey_arena_alloc(struct survey_arena *a, size_t n);

/** Copies s[0..n) into the arena with a terminating NUL; NULL on failure. */
char *survey_arena_strndup(struct survey_arena *a, const char *s, size_t n);

/** Frees every chunk; the arena is empty and reusable afterwards. */
void survey_arena_free(struct survey_arena *a);

/* Parse options. */
#define SURVEY_EXPR_DOT 1u     /* '.' (the current value) is allowed */
#define SURVEY_EXPR_COLUMNS 2u /* bare names are choice columns (filters) */

/* How the parser turns names into indices. `ref` maps the NAME of ${NAME}
 * (not NUL-terminated, len bytes) to a field index >= 0, or returns -1 when
 * the name is unknown. `column` (used with SURVEY_EXPR_COLUMNS) maps a bare
 * name to a choices-sheet column index, or -1. Either may be NULL: every
 * name is then unknown. */
struct survey_expr_resolver {
    int (*ref)(void *ud, const char *name, size_t len);
    int (*column)(void *ud, const char *name, size_t len);
    void *ud;
    unsigned flags; /* SURVEY_EXPR_* */
};

/* Where and why a parse failed. offset is the 1-based character (code
 * point) position in the expression text. */
struct survey_expr_error {
    size_t offset;
    char msg[160];
};

struct survey_expr; /* opaque parse tree, lives in the arena */

/** Parses src (NUL-terminated, at most SURVEY_EXPR_MAX_LEN bytes) into a
 * tree allocated from *a. Returns KIOSK_OK and sets *out; or KIOSK_EPARSE
 * (syntax error, unknown name or function, wrong argument count, too deep)
 * with *err filled; or KIOSK_ENOMEM / KIOSK_ETOOBIG. The tree is owned by
 * the arena. */
enum kiosk_err survey_expr_parse(const char *src, struct survey_arena *a,
                                 const struct survey_expr_resolver *res,
                                 struct survey_expr **out,
                                 struct survey_expr_error *err)
    KIOSK_NODISCARD;

/** Calls fn(ud, index) once per ${ref} occurrence in the tree, in source
 * order (duplicates included). Used to build the dependency graph. */
void survey_expr_refs(const struct survey_expr *e,
                      void (*fn)(void *ud, int ref), void *ud);

/* One place a value of an expression can come from (see
 * survey_expr_results). */
enum survey_result_kind {
    SURVEY_RESULT_TEXT,  /* a literal: text is the value ('' allowed) */
    SURVEY_RESULT_REF,   /* ${name}: ref is the field index */
    SURVEY_RESULT_OTHER, /* anything else: text says what, e.g. "concat()" */
};
struct survey_expr_result {
    enum survey_result_kind kind;
    const char *text; /* valid only during the callback */
    int ref;
};

/** Walks the result positions of the tree: the branches of if(), every
 * argument of coalesce(), and otherwise the node itself. Calls fn once per
 * position, in source order, and stops at the first nonzero return, which
 * it returns (0 when every call returned 0). Used to check at load that a
 * band or flag can only give the values its form declares. */
int survey_expr_results(const struct survey_expr *e,
                        int (*fn)(void *ud,
                                  const struct survey_expr_result *res),
                        void *ud);

/** 1 if the tree contains '.', else 0. */
int survey_expr_uses_dot(const struct survey_expr *e);

enum survey_val_kind {
    SURVEY_VAL_STR,
    SURVEY_VAL_NUM,
    SURVEY_VAL_BOOL,
};

/* A value: one of the three XPath scalar types. */
struct survey_val {
    enum survey_val_kind kind;
    double num;      /* SURVEY_VAL_NUM */
    const char *str; /* SURVEY_VAL_STR; never NULL for that kind */
    int b;           /* SURVEY_VAL_BOOL: 0 or 1 */
};

/* Evaluation context, filled by the caller before each evaluation. The
 * returned strings stay valid until the scratch buffer is reused. */
struct survey_eval {
    const char *(*value)(void *ud, int ref);  /* field value, never NULL */
    const char *(*column)(void *ud, int col); /* choice column, never NULL */
    void *ud;
    const char *dot;  /* value of '.', NULL = '' */
    char *scratch;    /* room for temporary strings */
    size_t cap;       /* size of scratch */
    size_t used;      /* bytes used; set to 0 before each evaluation */
    int overflow;     /* set to 1 when scratch ran out (result is then '') */
    /* Optional: the field's value with its type, as JavaRosa keeps it (a
     * number answer or calculate is a number, a boolean calculate a
     * boolean, '' a string). When NULL, `value` is used (strings). */
    struct survey_val (*typed)(void *ud, int ref);
    /* Optional: today() as YYYY-MM-DD ('' when NULL), and the label of
     * choice `value` of select item `item` for jr:choice-name(). */
    const char *today;
    const char *(*choice_label)(void *ud, int item, const char *value);
};

/** Evaluates the tree. Never fails: a scratch overflow sets ev->overflow
 * and yields ''. */
struct survey_val survey_expr_eval(const struct survey_expr *e,
                                   struct survey_eval *ev);

/** Evaluates and converts to a string (XPath string()); the result lives
 * in the form, a field value or ev->scratch. */
const char *survey_expr_eval_str(const struct survey_expr *e,
                                 struct survey_eval *ev);

/** Evaluates and converts to a boolean (XPath boolean()). */
int survey_expr_eval_bool(const struct survey_expr *e,
                          struct survey_eval *ev);

/** XPath number(string): optional spaces, optional '-', digits with an
 * optional '.' fraction, optional spaces; anything else is NaN. */
double survey_num_parse(const char *s);

/** XPath string(number) into buf (at least 32 bytes recommended; the text
 * is truncated like snprintf). Returns the length it needed. */
size_t survey_num_format(double d, char *buf, size_t n);

#endif
