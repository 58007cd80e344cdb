/* Internals shared by the content-pack loader (pack.c), the checker
 * (pack_check.c) and the Unicode helpers (pack_text.c). Not for other
 * modules: they use pack.h only. */
#ifndef KIOSK_CONTENT_PACK_INT_H
#define KIOSK_CONTENT_PACK_INT_H

#include <stddef.h>

#include "content/pack.h"

/* Where a string is shown; the fit check measures every slot but body. */
enum pack_slot {
    PACK_SLOT_TITLE,
    PACK_SLOT_BUTTON,
    PACK_SLOT_TILE,
    PACK_SLOT_LINE,
    PACK_SLOT_BODY,
};

/* A chunked bump allocator: everything a pack holds lives in it, so loading
 * makes a few large allocations and pack_free releases them in one walk.
 * Blocks never move, so pointers into them stay valid. */
struct pack_arena {
    struct pack_arena_block *head; /* newest block first */
    size_t total;                  /* bytes allocated, checked against cap */
};

/* One row of strings.csv. text/audio have nlangs entries; NULL = none. */
struct pack_string {
    const char *key;    /* dotted ASCII key, sort order of the array */
    int slot;           /* enum pack_slot */
    int row;            /* spreadsheet row in strings.csv */
    const char **text;  /* NFC text per language */
    const char **audio; /* full path per language */
};

/* One row of info/categories.csv. */
struct pack_category {
    const char *id;
    const char *image;  /* full path or NULL */
    int row;
    const char **title; /* per language */
};

/* One row of info/articles.csv. */
struct pack_article {
    const char *id;
    const char *category; /* id of an existing category */
    const char *image;    /* full path or NULL */
    int row;
    const char **title, **body, **audio; /* per language */
};

/* One row of icons.csv: the picture shown with a UI string. */
struct pack_icon {
    const char *key;    /* a key of strings.csv */
    const char *image;  /* full path */
    int row;
};

/* One row of services.csv. */
struct pack_svc {
    struct pack_service pub;              /* what pack_service() returns */
    int row;
    const char **name, **address, **hours; /* per language */
};

/* The columns (1-based, 0 = absent) holding each language's text, so the
 * checker can point at the exact cell. */
struct pack_cols {
    int str_text[PACK_MAX_LANGS];
    int cat_title[PACK_MAX_LANGS];
    int art_title[PACK_MAX_LANGS];
    int svc_name[PACK_MAX_LANGS];
};

struct pack {
    const char *dir;                /* as given to pack_load */
    struct pack_arena arena;        /* owns everything below */
    int nlangs;
    struct pack_language langs[PACK_MAX_LANGS];
    int nstrings;
    struct pack_string *strings;    /* sorted by key */
    int ncategories;
    struct pack_category *categories; /* file order */
    int narticles;
    struct pack_article *articles;  /* file order */
    int nservices;
    struct pack_svc *services;      /* file order */
    int nicons;
    struct pack_icon *icons;        /* file order */
    struct pack_cols cols;
};

/** Loads like pack_load, but when `keep` is 1 returns the pack built so far
 * even if there were errors (pack_check reports coverage of a broken pack).
 * *out is NULL only when nothing usable was read. */
enum kiosk_err pack_load_ex(const char *dir, int keep, struct pack **out,
                            struct kiosk_diag *diag) KIOSK_NODISCARD;

/** Name of a slot ("title", ...). */
const char *pack_slot_name(int slot);

/* NFC normalisation with reusable scratch buffers (one per load). */
struct pack_nfc {
    const void *norm;    /* const UNormalizer2 * */
    unsigned short *u16; /* UTF-16 scratch, u16_cap units */
    size_t u16_cap;
    unsigned short *out; /* normalised UTF-16 scratch */
    size_t out_cap;
};

/** Prepares *n; returns KIOSK_OK or KIOSK_EINVAL if ICU has no NFC data. */
enum kiosk_err pack_nfc_init(struct pack_nfc *n) KIOSK_NODISCARD;

/** Frees the scratch buffers. */
void pack_nfc_free(struct pack_nfc *n);

/** Copies s[0..len) (valid UTF-8) into the arena in NFC; *out is the copy.
 * ASCII and already-normalised text is copied unchanged. */
enum kiosk_err pack_nfc_dup(struct pack_nfc *n, struct pack_arena *a,
                            const char *s, size_t len, const char **out)
    KIOSK_NODISCARD;

/** Allocates n bytes (max-aligned, zeroed) from the arena; NULL when out of
 * memory or over the arena cap. */
void *pack_arena_alloc(struct pack_arena *a, size_t n);

/** Frees every block. */
void pack_arena_free(struct pack_arena *a);

/** Checks every file under the pack directory (pack_files.c): regular
 * files only, links only to places inside the pack, pictures and clips
 * within their limits. Problems are appended to d (file = the path inside
 * the pack). root_real (PATH_MAX bytes, may be NULL) receives the pack's
 * real path ("" if it has none). Returns the number of errors. */
int pack_files_check(const char *dir, char *root_real, struct kiosk_diag *d);

/** 1 if `path` exists and resolves to a place outside the directory whose
 * real path is root_real (0 when root_real is ""). */
int pack_path_outside(const char *root_real, const char *path);

/** 1 if `path` resolves to root_real or a place inside it. */
int pack_path_inside(const char *root_real, const char *path);

/** Terminal display width of UTF-8 text (combining marks 0, wide 2). */
int pack_text_width(const char *s);

#endif
