/* Error codes and diagnostics shared by every module.
 *
 * Functions return enum kiosk_err: 0 is success, anything else a failure.
 * Each code has one meaning everywhere (below), so a caller can turn it
 * into words without knowing which function returned it.
 * Loaders that can find several problems in one input (content packs, forms,
 * site.ini) also append human-readable diagnostics, each naming the file, the
 * row and the column, to a struct kiosk_diag list. */
#ifndef KIOSK_CORE_ERR_H
#define KIOSK_CORE_ERR_H

#include <stddef.h>

#if defined(__GNUC__)
#define KIOSK_NODISCARD __attribute__((warn_unused_result))
#define KIOSK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KIOSK_NODISCARD
#define KIOSK_PRINTF(a, b)
#endif

enum kiosk_err {
    KIOSK_OK = 0,
    KIOSK_ENOMEM,    /* allocation failed */
    KIOSK_EIO,       /* file or device I/O failed */
    KIOSK_ENOENT,    /* file or record not found */
    KIOSK_EPARSE,    /* malformed input; details in the diagnostics */
    KIOSK_ETOOBIG,   /* input over its size cap */
    KIOSK_EINVAL,    /* bad argument or value */
    KIOSK_ETIMEOUT,  /* deadline passed */
    KIOSK_EDENIED,   /* refused: a wrong secret (PIN, card, setup code, key)
                        or not permitted (file modes, permissions) */
    KIOSK_EFULL,     /* the disk (or its quota) is full */
    KIOSK_EBUSY,     /* held by someone else for now: try again later */
    KIOSK_EEXIST,    /* the record exists already (a code, an account) */
    KIOSK_ELOCKED,   /* locked out after wrong secrets: try again later */
    KIOSK_EREADONLY, /* the database or place can only be read */
    KIOSK_ECLOSED,   /* closed: a blocked slot, a closed day */
    KIOSK_EBOOKED,   /* fully booked */
    KIOSK_EINUSE,    /* still needed: a slot with tickets, the last staff
                        account, a game already in play */
    KIOSK_EANSWER,   /* an answer the form does not accept yet (required,
                        constraint): the visitor can fix it */
    KIOSK_ERR_COUNT  /* number of codes (not an error) */
};

/** Returns a short English name for an error code (static string). */
const char *kiosk_strerror(enum kiosk_err e);

/* One problem found in an input: where and what. row and col are 1-based;
 * 0 means "not applicable" (a whole-file problem). */
struct kiosk_diag_item {
    char file[160];  /* path relative to the pack or as given */
    int row;         /* 1-based line/row, 0 = whole file */
    int col;         /* 1-based column, 0 = whole row */
    int is_warning;  /* 1 = warning (does not fail the load) */
    char msg[240];   /* what is wrong, in English for staff */
};

/* A capped list of diagnostics. Past KIOSK_DIAG_MAX items further ones are
 * counted in `dropped` but not stored, so a hostile file cannot exhaust memory. */
#define KIOSK_DIAG_MAX 200
struct kiosk_diag {
    struct kiosk_diag_item *items; /* malloc'd array, n entries */
    int n;                         /* stored items */
    int errors;                    /* error count (including dropped) */
    int warnings;                  /* warning count (including dropped) */
    int dropped;                   /* items not stored because of the cap */
};

/** Appends an error; returns KIOSK_EPARSE so callers can `return diag_err(...)`. */
enum kiosk_err kiosk_diag_err(struct kiosk_diag *d, const char *file, int row,
                              int col, const char *fmt, ...)
    KIOSK_PRINTF(5, 6);
/** Appends a warning. */
void kiosk_diag_warn(struct kiosk_diag *d, const char *file, int row, int col,
                     const char *fmt, ...) KIOSK_PRINTF(5, 6);
/** Formats item i as "file:row:col: error: msg" into buf. */
void kiosk_diag_format(const struct kiosk_diag_item *it, char *buf, size_t n);
/** Prints every item to a stdio stream (FILE *), one per line. */
void kiosk_diag_print(const struct kiosk_diag *d, void *stream);
/** Frees the items; the list is empty and reusable afterwards. */
void kiosk_diag_free(struct kiosk_diag *d);

#endif
