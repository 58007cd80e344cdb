/* The visitor-language rule: see vtext.h. */
#include "content/vtext.h"

#include <stdio.h>
#include <string.h>

static int has(const char *s)
{
    return s && *s;
}

struct vtext vtext_pick(const char *visitor, const char *own,
                        const char *const *langs, const char *const *texts,
                        int n)
{
    if (has(own)) {
        return (struct vtext){own, visitor, 1};
    }
    for (int i = 0; i < n; i++) {
        if (has(texts[i])) {
            /* the visitor's own language listed among the fallbacks
             * (a vi visitor) is still the visitor's own */
            int same = visitor && langs[i] && strcmp(visitor, langs[i]) == 0;
            return (struct vtext){texts[i], langs[i], same};
        }
    }
    return (struct vtext){"", NULL, 0};
}

const char *vtext_feature_lang(const char *visitor, int items, int own_items,
                               const char *chosen)
{
    if (items > 0 && own_items >= items) {
        return visitor;
    }
    return has(chosen) ? chosen : NULL;
}

int vtext_mark_text(const char *only_in, const char *lang_name, char *buf,
                    size_t n)
{
    if (!n) {
        return 0;
    }
    const char *at = has(only_in) ? strstr(only_in, "{lang}") : NULL;
    if (!at) {
        snprintf(buf, n, "%s", lang_name ? lang_name : "");
        return 0;
    }
    snprintf(buf, n, "%.*s%s%s", (int)(at - only_in), only_in,
             lang_name ? lang_name : "", at + 6);
    return 1;
}
