/* A loaded form's texts one language at a time, for translators: read
 * without the fallback chain, and a translation put over the form (the
 * content overlay, src/content/overlay.h) before any run uses it.
 *
 * A translation in a language the form has no columns for adds the
 * language: the text tables grow one slot per row, the untranslated column
 * moving to the new last slot, exactly as if the sheets had had a column
 * `label::<code> (<code>)` from the start. */
#include <string.h>

#include "survey_private.h"

static int field_kind(enum survey_text_field field, int choice)
{
    switch (field) {
    case SURVEY_TEXT_LABEL:
        return TX_LABEL;
    case SURVEY_TEXT_AUDIO:
        return TX_AUDIO;
    case SURVEY_TEXT_HINT:
        return choice ? -1 : TX_HINT;
    case SURVEY_TEXT_CONSTRAINT_MSG:
        return choice ? -1 : TX_CMSG;
    case SURVEY_TEXT_REQUIRED_MSG:
        return choice ? -1 : TX_RMSG;
    }
    return -1;
}

static int slot_of(const struct survey_form *f, const char *lang)
{
    if (!lang || !*lang) {
        return f->nlang; /* the untranslated column */
    }
    for (int i = 0; i < f->nlang; i++) {
        if (strcmp(f->langs[i], lang) == 0) {
            return i;
        }
    }
    return -1;
}

static const char *text_in(const struct survey_form *f, const char **table,
                           int i, int tk, const char *lang)
{
    int s = slot_of(f, lang);
    if (tk < 0 || s < 0) {
        return NULL;
    }
    const char *t =
        table[((size_t)i * TX_COUNT + (size_t)tk) * (size_t)(f->nlang + 1) +
              (size_t)s];
    return t && *t ? t : NULL;
}

int survey_form_choice_count(const struct survey_form *f)
{
    return f->nchoices;
}

const char *survey_choice_list(const struct survey_form *f, int c)
{
    return c >= 0 && c < f->nchoices ? f->lists[f->choices[c].list].name
                                     : NULL;
}

const char *survey_choice_name(const struct survey_form *f, int c)
{
    return c >= 0 && c < f->nchoices ? f->choices[c].name : NULL;
}

int survey_choice_row(const struct survey_form *f, int c)
{
    return c >= 0 && c < f->nchoices ? f->choices[c].row : 0;
}

int survey_form_find_choice(const struct survey_form *f, const char *list,
                            const char *name)
{
    for (int c = 0; list && name && c < f->nchoices; c++) {
        if (strcmp(f->choices[c].name, name) == 0 &&
            strcmp(f->lists[f->choices[c].list].name, list) == 0) {
            return c;
        }
    }
    return -1;
}

const char *survey_item_text_in(const struct survey_form *f, int i,
                                enum survey_text_field field,
                                const char *lang)
{
    if (i < 0 || i >= f->nitems) {
        return NULL;
    }
    return text_in(f, f->item_text, i, field_kind(field, 0), lang);
}

const char *survey_choice_text_in(const struct survey_form *f, int c,
                                  enum survey_text_field field,
                                  const char *lang)
{
    if (c < 0 || c >= f->nchoices) {
        return NULL;
    }
    return text_in(f, f->choice_text, c, field_kind(field, 1), lang);
}

/* Copies a text table of `rows` entries into one with a slot more. */
static const char **grow_table(struct survey_form *f, const char **old,
                               int rows)
{
    size_t os = (size_t)f->nlang + 1, ns = os + 1;
    size_t n = ((size_t)rows + 1) * TX_COUNT;
    const char **t = survey_arena_alloc(&f->arena, n * ns * sizeof *t);
    if (!t) {
        return NULL;
    }
    for (size_t e = 0; e < n; e++) {
        memcpy(t + e * ns, old + e * os, (os - 1) * sizeof *t);
        t[e * ns + ns - 1] = old[e * os + os - 1]; /* untranslated */
    }
    return t;
}

static int add_lang(struct survey_form *f, const char *lang)
{
    if (f->nlang >= SURVEY_MAX_LANGS) {
        return -1;
    }
    const char *code = survey_arena_strndup(&f->arena, lang, strlen(lang));
    const char **it = grow_table(f, f->item_text, f->nitems);
    const char **ct = grow_table(f, f->choice_text, f->nchoices);
    if (!code || !it || !ct) {
        return -1;
    }
    f->item_text = it;
    f->choice_text = ct;
    f->langs[f->nlang] = code;
    f->lang_names[f->nlang] = code;
    return f->nlang++;
}

enum kiosk_err survey_form_set_text(struct survey_form *f, int item,
                                    int choice, enum survey_text_field field,
                                    const char *lang, const char *text)
{
    int is_choice = item < 0;
    int rows = is_choice ? f->nchoices : f->nitems;
    int i = is_choice ? choice : item;
    int tk = field_kind(field, is_choice);
    if ((item >= 0) == (choice >= 0) || i >= rows || tk < 0 || !lang ||
        !*lang) {
        return KIOSK_EINVAL;
    }
    const char *cur = text_in(f, is_choice ? f->choice_text : f->item_text,
                              i, tk, lang);
    if ((!text || !*text) ? !cur : (cur && strcmp(cur, text) == 0)) {
        return KIOSK_OK; /* as it is: nothing to copy */
    }
    int s = slot_of(f, lang);
    if (s < 0) {
        if (!text || !*text) {
            return KIOSK_OK;
        }
        s = add_lang(f, lang);
        if (s < 0) {
            return f->nlang >= SURVEY_MAX_LANGS ? KIOSK_EFULL : KIOSK_ENOMEM;
        }
    }
    const char *copy = NULL;
    if (text && *text) {
        copy = survey_arena_strndup(&f->arena, text, strlen(text));
        if (!copy) {
            return KIOSK_ENOMEM;
        }
    }
    const char **table = is_choice ? f->choice_text : f->item_text;
    table[((size_t)i * TX_COUNT + (size_t)tk) * (size_t)(f->nlang + 1) +
          (size_t)s] = copy;
    return KIOSK_OK;
}
