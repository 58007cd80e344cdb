/* Translations put over a loaded quiz (the content overlay,
 * src/content/overlay.h): a title, a question's texts or its narration in
 * one language, adding the language when the quiz file has no columns for
 * it. An added language is a draft (quiz_lang_draft), like a column whose
 * translation_status says so. */
#include <stdlib.h>
#include <string.h>

#include "quiz/quiz_int.h"

/* Index of `lang` in q, added when absent; -1 when full or invalid. */
static int lang_slot(struct quiz *q, const char *lang)
{
    int li = quiz_lang_index(q, lang);
    if (li >= 0) {
        return li;
    }
    size_t n = strlen(lang);
    if (q->nlangs >= QUIZ_MAX_LANGS || n == 0 ||
        n >= sizeof q->langs[0]) {
        return -1;
    }
    memcpy(q->langs[q->nlangs], lang, n + 1);
    q->draft[q->nlangs] = 1;
    return q->nlangs++;
}

/* Replaces *slot by a copy of text (NULL or "" clears it). */
static enum kiosk_err put(char **slot, const char *text)
{
    char *copy = NULL;
    if (text && *text) {
        copy = strdup(text);
        if (!copy) {
            return KIOSK_ENOMEM;
        }
    }
    free(*slot);
    *slot = copy;
    return KIOSK_OK;
}

static enum kiosk_err slot_for(struct quiz *q, const char *lang,
                               const char *text, int *li)
{
    if (!lang || !*lang) {
        return KIOSK_EINVAL;
    }
    *li = quiz_lang_index(q, lang);
    if (*li < 0 && text && *text) {
        *li = lang_slot(q, lang);
        if (*li < 0) {
            return KIOSK_EFULL;
        }
    }
    return KIOSK_OK;
}

const char *quiz_title_in(const struct quiz *q, const char *lang)
{
    int li = quiz_lang_index(q, lang);
    return li >= 0 ? q->title[li] : NULL;
}

enum kiosk_err quiz_set_title(struct quiz *q, const char *lang,
                              const char *text)
{
    int li;
    enum kiosk_err e = slot_for(q, lang, text, &li);
    return e || li < 0 ? e : put(&q->title[li], text);
}

enum kiosk_err quiz_set_text(struct quiz *q, int i, enum quiz_field f,
                             const char *lang, const char *text)
{
    if (i < 0 || i >= q->nq || (int)f < 0 || f >= QUIZ_NFIELDS ||
        (f >= QUIZ_ANSWER_A && f <= QUIZ_ANSWER_D &&
         (int)f - QUIZ_ANSWER_A >= q->q[i].nanswers)) {
        return KIOSK_EINVAL;
    }
    int li;
    enum kiosk_err e = slot_for(q, lang, text, &li);
    return e || li < 0 ? e : put(&q->q[i].text[f][li], text);
}

enum kiosk_err quiz_set_audio(struct quiz *q, int i, const char *lang,
                              const char *path)
{
    if (i < 0 || i >= q->nq) {
        return KIOSK_EINVAL;
    }
    int li;
    enum kiosk_err e = slot_for(q, lang, path, &li);
    return e || li < 0 ? e : put(&q->q[i].audio[li], path);
}
