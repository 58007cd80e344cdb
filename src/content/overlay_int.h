/* Internals shared by the overlay files (overlay.c: the model and its
 * files; overlay_content.c: items, applying, readiness; overlay_csv.c:
 * spreadsheets and sharing). Other modules use overlay.h only. */
#ifndef KIOSK_CONTENT_OVERLAY_INT_H
#define KIOSK_CONTENT_OVERLAY_INT_H

#include <stddef.h>

#include "content/overlay.h"

/* An item key taken apart: its kind and up to three decoded parts. */
#define OVL_MAX_PARTS 3
struct ovl_key {
    int kind;     /* enum overlay_kind */
    int nparts;
    char part[OVL_MAX_PARTS][OVERLAY_MAX_ITEM];
};

/** Parses an item key; 1 on success, else 0 with why in buf. */
int ovl_key_parse(const char *item, struct ovl_key *k, char *why, size_t n);

/** Builds a key from a kind name and parts (each percent-encoded) into
 * buf; returns buf ("" when it does not fit). */
const char *ovl_key_build(char *buf, size_t n, const char *kind, int nparts,
                          const char *const *parts);

/** The field names of a kind ({"title", NULL} ...), NULL-terminated. */
const char *const *ovl_kind_fields(int kind);

/** 1 when items of this kind take narration. */
int ovl_kind_has_audio(int kind);

/** A malloc'd NFC copy of s without the spaces, tabs and line breaks
 * around it (as the pack loader keeps its cells); *changed (may be NULL)
 * = 1 when NFC changed it. NULL when out of memory. */
char *ovl_nfc(const char *s, int *changed);

/** 1 when s holds something besides spaces, tabs and line breaks. */
int ovl_has_text(const char *s);

/** A growable byte buffer for writing files; cap bounds it. */
struct ovl_buf {
    char *data;
    size_t len, cap, limit;
    int oom;   /* an append failed: the buffer is incomplete */
};
void ovl_buf_add(struct ovl_buf *b, const char *s, size_t n);
void ovl_buf_str(struct ovl_buf *b, const char *s);
/** Appends s as one CSV field (quoted when it needs to be). */
void ovl_buf_csv(struct ovl_buf *b, const char *s);
void ovl_buf_free(struct ovl_buf *b);

/** 1 when s holds a control character other than tab and line breaks. */
int ovl_has_control(const char *s);

/** 1 for "YYYY-MM-DD HH:MM" with a real date and time. */
int ovl_date_ok(const char *s);

/** 1 for a clip file name: [A-Za-z0-9_.-], not starting with '.', ending
 * in ".ogg", at most 200 bytes. */
int ovl_clip_name_ok(const char *s);

/** FNV-1a 64 over a byte string, continuing from h (start with
 * OVL_FNV_BASIS). */
#define OVL_FNV_BASIS 0xcbf29ce484222325ULL
unsigned long long ovl_fnv(unsigned long long h, const char *s, size_t n);

/** Placeholders ({n} and ${name}) of ref missing from text, or in text
 * but not in ref: the first one into buf (1), or 0 when they agree. */
int ovl_placeholders_differ(const char *ref, const char *text, char *buf,
                            size_t n);

/** Writes `lang`'s three files into <to>/<lang>/ (overlay_save with
 * to = the overlay's own directory and prune = 1, which also deletes clips
 * no entry names). */
enum kiosk_err ovl_save_to(const struct overlay *ov, const char *to,
                           const char *lang, int prune) KIOSK_NODISCARD;

/** mkdir -p; 0 on success. */
int ovl_mkdir_p(const char *path);

#endif
