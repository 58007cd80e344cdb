/* Struct bodies shared by the survey loader (form.c), the runner (run.c)
 * and the scoring command (score.c). Not for other modules. */
#ifndef KIOSK_SURVEY_PRIVATE_H
#define KIOSK_SURVEY_PRIVATE_H

#include "core/csv.h"
#include "survey.h"
#include "survey_expr.h"

/* Translatable texts of a row. Survey rows use all kinds; choices use
 * LABEL, IMAGE and AUDIO. */
enum survey_text_kind {
    TX_LABEL,
    TX_HINT,
    TX_CMSG,  /* constraint_message */
    TX_RMSG,  /* required_message */
    TX_IMAGE, /* media::image */
    TX_AUDIO, /* media::audio */
    TX_GUIDANCE, /* guidance_hint: shown to staff only */
    TX_COUNT,
};

/* One row of the survey sheet. */
struct survey_item {
    enum survey_type type;
    const char *name;          /* "" only for an unnamed end_group */
    int row;                   /* spreadsheet row, header = 1 */
    int list;                  /* choice list of a select, else -1 */
    int parent;                /* innermost enclosing begin_group, or -1 */
    int end;                   /* begin_group: its end_group item */
    int page;                  /* page the item is shown on, or -1 */
    int field_list;            /* begin_group with appearance field-list */
    int table_list;            /* begin_group: table-list, or a field-list
                                  whose first select has appearance label:
                                  a grid (one page), or split */
    int autoplay;              /* autoplay = audio */
    int required_const;        /* required = yes/true */
    int has_filter;            /* choice_filter present */
    const char *appearance;    /* as written, "" when empty */
    struct survey_expr *relevant;    /* NULL = always */
    struct survey_expr *constraint;  /* NULL = none */
    struct survey_expr *required;    /* expression form of required */
    struct survey_expr *calculation; /* calculate rows */
    struct survey_expr *filter;      /* choice_filter */
    const char *src[5];        /* SRC_*: expression cells as written */
    const char *default_value; /* default column, NULL when absent */
    int read_only;             /* read_only = yes: shown, not answered */
    int or_other;              /* select … or_other: an "other" choice */
    int measure;               /* MEASURE_* (kiosk::measure) */
    int values;                /* band/flag: list of kiosk::values, or -1 */
    int score;                 /* band: item of its kiosk::score, or -1 */
    double range_start, range_step; /* range: start + k * step, */
    int range_n;                    /* k in [0, range_n) */
    int range_int;                  /* 1: every value an integer ("int") */
};

/* The expression cells of an item, as written (NULL when empty). */
enum {
    SRC_RELEVANT,
    SRC_CONSTRAINT,
    SRC_REQUIRED,   /* an expression; a constant yes is required_const */
    SRC_CALCULATION,
    SRC_FILTER,
};

/* kiosk::measure of a calculate row. */
enum {
    MEASURE_NONE,
    MEASURE_SCORE,
    MEASURE_BAND,
    MEASURE_FLAG,
};

/* One row of the choices sheet. */
struct survey_choice {
    const char *name; /* the stored value */
    int row;          /* spreadsheet row in the choices sheet */
    int csv_row;      /* 0-based row in the choices table (filters) */
    int list;         /* its list */
    const char *level_text; /* kiosk_level cell as written, "" when empty */
    int level;        /* enum survey_level (bands' lists), else NONE */
};

/* A choice list: its choices in sheet order, as indices into choices. */
struct survey_list {
    const char *name;
    int *idx;
    int count;
};

/* A page: items first..last (a field-list group spans its whole body). */
struct survey_page {
    int first, last;
    int group; /* the field-list group item, or -1 */
};

/* Name -> index hash with a namespace (to key choices by list). */
struct survey_map_entry {
    const char *key;
    int ns;
    int val; /* -1 = empty slot */
};
struct survey_map {
    struct survey_map_entry *e;
    size_t cap; /* power of two */
};

/* A picture a form names (media::image cell), for
 * survey_form_check_images: its file:row:col. */
struct survey_image_ref {
    const char *file;               /* as written, trimmed */
    int sheet, row, col;            /* sheet 0/1; 1-based row and column */
    struct survey_image_ref *next;  /* in sheet, row, column order */
};

struct survey_form {
    struct survey_arena arena;     /* items, texts, expressions */
    struct csv_table sheets[3];    /* survey, choices, settings: strings */
    char names[3][420];            /* sheet names used in diagnostics */

    const char *id, *version, *title, *default_lang, *attribution,
        *licence, *translation_status;
    int staff;                     /* audience = staff */
    int allow_dup;                 /* allow_choice_duplicates = yes */
    int default_lang_row, default_lang_col; /* its settings cell */

    int nlang;
    const char *langs[SURVEY_MAX_LANGS];
    const char *lang_names[SURVEY_MAX_LANGS]; /* "Tiếng Việt (vi)" */

    struct survey_item *items;
    int nitems;
    const char **item_text;        /* [item][TX_COUNT][nlang + 1] */

    struct survey_choice *choices;
    int nchoices;
    const char **choice_text;      /* [choice][TX_COUNT][nlang + 1] */
    struct survey_list *lists;
    int nlists;
    int *filter_csv_col;           /* filter column -> choices csv column */
    const char **filter_col_name;
    int nfilter_cols;

    struct survey_page *pages;
    int npages;
    struct survey_page *pages_split; /* the same with every table-list */
    int npages_split;                /* group one question a page */
    int *order;                    /* evaluation order (dependencies first) */
    int norder;
    int *calcs;                    /* calculate items in form order */
    int ncalcs;
    int *filtered;                 /* items with a choice_filter */
    int nfiltered;
    int last_question;             /* last input item, -1 when none */
    int *measures;                 /* band and flag items in form order */
    int nmeasures;

    struct survey_map names_map;   /* item name -> item */
    struct survey_image_ref *images, *images_tail; /* every media::image */
};

/** Text of kind k for row i in lang with the fallback chain; "" if none.
 * table is item_text or choice_text. */
const char *survey_text_pick(const struct survey_form *f, const char **table,
                             int i, enum survey_text_kind k,
                             const char *lang);

/** Splits a FORM command-line argument (a path prefix "…/forms/assist",
 * one of the three sheet paths, or a directory holding exactly one
 * *.survey.csv) into a directory and an id. Returns 0, or -1 after
 * printing why to err, prefixed "cmd: ". */
int survey_split_form_arg(const char *cmd, const char *arg, char *dir,
                          size_t dn, char *id, size_t in, FILE *err);

/** Checks a range answer in buf (SURVEY_MAX_ANSWER bytes) against the
 * item's tiles and rewrites it as the tile writes it; *num its number.
 * KIOSK_EINVAL when it is not one of them. */
enum kiosk_err survey_range_value(const struct survey_form *f, int item,
                                  char *buf, double *num);

/** 1 for types the visitor answers (selects, numbers, text, acknowledge). */
int survey_type_is_input(enum survey_type t);

#endif
