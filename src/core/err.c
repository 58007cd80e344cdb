#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

const char *kiosk_strerror(enum kiosk_err e)
{
    static const char *const names[] = {
        "ok", "out of memory", "I/O error", "not found", "malformed input",
        "too big", "invalid value", "timed out", "denied", "full", "busy",
        "exists already", "locked", "read-only", "closed", "fully booked",
        "still in use", "answer not accepted",
    };
    _Static_assert(sizeof names / sizeof names[0] == KIOSK_ERR_COUNT,
                   "one name per error code");
    if ((unsigned)e < sizeof names / sizeof names[0]) {
        return names[e];
    }
    return "unknown error";
}

static void diag_add(struct kiosk_diag *d, int warn, const char *file, int row,
                     int col, const char *fmt, va_list ap)
{
    if (warn) {
        d->warnings++;
    } else {
        d->errors++;
    }
    if (d->n >= KIOSK_DIAG_MAX) {
        d->dropped++;
        return;
    }
    if (!d->items) {
        d->items = calloc(KIOSK_DIAG_MAX, sizeof *d->items);
        if (!d->items) {
            d->dropped++;
            return;
        }
    }
    struct kiosk_diag_item *it = &d->items[d->n++];
    snprintf(it->file, sizeof it->file, "%s", file ? file : "");
    it->row = row;
    it->col = col;
    it->is_warning = warn;
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
}

enum kiosk_err kiosk_diag_err(struct kiosk_diag *d, const char *file, int row,
                              int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, 0, file, row, col, fmt, ap);
    va_end(ap);
    return KIOSK_EPARSE;
}

void kiosk_diag_warn(struct kiosk_diag *d, const char *file, int row, int col,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, 1, file, row, col, fmt, ap);
    va_end(ap);
}

void kiosk_diag_format(const struct kiosk_diag_item *it, char *buf, size_t n)
{
    const char *kind = it->is_warning ? "warning" : "error";
    if (it->row > 0 && it->col > 0) {
        snprintf(buf, n, "%s:%d:%d: %s: %s", it->file, it->row, it->col, kind,
                 it->msg);
    } else if (it->row > 0) {
        snprintf(buf, n, "%s:%d: %s: %s", it->file, it->row, kind, it->msg);
    } else {
        snprintf(buf, n, "%s: %s: %s", it->file, kind, it->msg);
    }
}

void kiosk_diag_print(const struct kiosk_diag *d, void *stream)
{
    char line[600];
    for (int i = 0; i < d->n; i++) {
        kiosk_diag_format(&d->items[i], line, sizeof line);
        fprintf((FILE *)stream, "%s\n", line);
    }
    if (d->dropped) {
        fprintf((FILE *)stream, "(%d more not shown)\n", d->dropped);
    }
}

void kiosk_diag_free(struct kiosk_diag *d)
{
    free(d->items);
    memset(d, 0, sizeof *d);
}
