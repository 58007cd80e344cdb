/* Internals shared by the quiz loader, the game engine and the report.
 * Other modules use quiz.h only. */
#ifndef KIOSK_QUIZ_INT_H
#define KIOSK_QUIZ_INT_H

#include <stddef.h>

#include "quiz/quiz.h"

/* One question row. Texts are malloc'd NFC strings or NULL (empty cell). */
struct quiz_q {
    char id[QUIZ_ID_MAX];
    int row;                                   /* spreadsheet row */
    int nanswers;                              /* 2..4 */
    int right;                                 /* 0-based answer */
    char *text[QUIZ_NFIELDS][QUIZ_MAX_LANGS];  /* per field, per language */
    char *image;                               /* full path or NULL */
    char *audio[QUIZ_MAX_LANGS];               /* full path or NULL */
};

struct quiz {
    char id[QUIZ_ID_MAX];
    enum quiz_level level;
    int nlangs;                          /* languages with columns */
    char langs[QUIZ_MAX_LANGS][16];      /* codes; [0] "vi", [1] "en" */
    int draft[QUIZ_MAX_LANGS];           /* 1 = translation_status draft */
    char *title[QUIZ_MAX_LANGS];         /* per language, NULL if empty */
    char self_check[QUIZ_ID_MAX];        /* form id offered during an
                                            event, "" = none */
    int nq;
    struct quiz_q *q;                    /* nq questions, file order */
};

/** Index of language `code` in q, or -1 (NULL code gives -1). */
int quiz_lang_index(const struct quiz *q, const char *code);

/** 1 when s[0..len) is a quiz or question id: 1 to QUIZ_ID_MAX - 1 bytes
 * of a-z, 0-9, '_' and '-'. */
int quiz_id_ok(const char *s, size_t len);

/** Counts the code points of valid UTF-8 text. */
size_t quiz_utf8_chars(const char *s);


#endif
