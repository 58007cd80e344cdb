/* Unicode NFC (canonical composition) through ICU, for text people type
 * or paste: "Việt" typed with combining marks and "Việt" precomposed are
 * the same text after it. The content pack's loader keeps its own
 * arena-backed variant (content/pack_text.c) for speed. */
#ifndef KIOSK_CORE_NFC_H
#define KIOSK_CORE_NFC_H

#include <stddef.h>

/** A malloc'd NUL-terminated NFC copy of the len bytes at s (which need no
 * terminator). Text that is not valid UTF-8, or when ICU's data cannot be
 * had, is copied as it is (the caller's checks say what is wrong with it).
 * *changed (may be NULL) is 1 when normalising changed the bytes. NULL
 * only when out of memory. */
char *kiosk_nfc_dup(const char *s, size_t len, int *changed);

#endif
