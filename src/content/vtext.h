/* The one visitor-language rule (issue 15): a visitor who chose language X
 * sees X, or a text plainly marked as being in another language, never a
 * silent fallback. Pure: no pack, no SDL; the app feeds it the texts it
 * has and draws what it says (src/app/chrome.c, app_vt*).
 *
 * - A text is the visitor's own when the visitor's language has it; else
 *   the first of the fallback languages (vi, then en) that has it, and
 *   then it is not the visitor's own: the screen marks it.
 * - A whole feature (a questionnaire, a quiz) runs in X only when every
 *   item of it has text in X; otherwise the visitor chooses which other
 *   language to use for it before it starts (vtext_feature_lang).
 * - The mark says "only in <language>" in X when X has the sentence (the
 *   pack key avail.only_in with {lang}); otherwise it is the sign and the
 *   other language's own name alone, never a sentence in that language. */
#ifndef KIOSK_CONTENT_VTEXT_H
#define KIOSK_CONTENT_VTEXT_H

#include <stddef.h>

struct vtext {
    const char *text; /* never NULL ("" when no language has it) */
    const char *lang; /* the language it is in, NULL when none */
    int own;          /* 1 = in the visitor's language */
};

/** The text for a visitor reading `visitor`: `own` is the text in that
 * language (NULL or "" = none); `langs[i]`/`texts[i]` the fallback
 * languages in order with their texts (NULL or "" = none). */
struct vtext vtext_pick(const char *visitor, const char *own,
                        const char *const *langs, const char *const *texts,
                        int n);

/** The language a feature of `items` items runs in for a visitor reading
 * `visitor` when `own_items` of them have text in it: `visitor` when all
 * do (and there is at least one), else `chosen` (the visitor's choice, vi
 * or en) when one was made, else NULL: ask the visitor first. */
const char *vtext_feature_lang(const char *visitor, int items, int own_items,
                               const char *chosen);

/** The mark's words into buf: `only_in` (the visitor's language's
 * avail.only_in, NULL or "" = it has none) with {lang} replaced by
 * `lang_name` (the other language's own name); without it, the name
 * alone. Returns 1 when the sentence was used, 0 for the name alone. */
int vtext_mark_text(const char *only_in, const char *lang_name, char *buf,
                    size_t n);

/** For reviewers of Jrai, Bahnar and other languages written in Latin
 * letters without tones: the words of `text` most likely left in
 * Vietnamese. Those that carry a Vietnamese tone mark on a vowel (à á ả ã
 * ạ and the like; ñ, â, ê, ô, ơ, ư, ă, ĭ, ŏ, ŭ are not tones); and, given
 * `source` (the same text in Vietnamese; NULL = none), its words with a
 * letter beyond ASCII copied as they are, which have no tone to show them
 * ("công an"). Writes up to three of them, comma-separated, into buf;
 * returns how many there are. A hint for a speaker, never an error. */
int vtext_vietnamese_words(const char *text, const char *source, char *buf,
                           size_t n);

#endif
