/* The content an overlay lies over: its items (pack strings, categories,
 * articles and services, form rows and choices, quiz titles and
 * questions) read one language at a time without fallback, the overlay
 * put over them, where each clip came from, and readiness.
 *
 * Pack items are read and written through the pack's internals (this is
 * the content module); forms and quizzes through their own translation
 * functions (survey_form_set_text, quiz_set_text). */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>

#include "content/overlay_int.h"
#include "content/pack_int.h"
#include "core/csv.h"
#include "core/sheet.h"
#include "quiz/quiz.h"
#include "survey/survey.h"

/* ---- items ------------------------------------------------------------ */

static const char *const staff_prefixes[] = {"staff.", "audit."};

/* 1 for strings shown only on staff screens (Vietnamese or English). */
static int staff_only(const char *key)
{
    for (size_t i = 0; i < sizeof staff_prefixes / sizeof *staff_prefixes;
         i++) {
        if (strncmp(key, staff_prefixes[i], strlen(staff_prefixes[i])) ==
            0) {
            return 1;
        }
    }
    return 0;
}

static int source_lang(const char *lang)
{
    return !lang || strcmp(lang, "vi") == 0 || strcmp(lang, "en") == 0;
}

static const enum survey_text_field question_fields[] = {
    SURVEY_TEXT_LABEL, SURVEY_TEXT_HINT, SURVEY_TEXT_CONSTRAINT_MSG,
    SURVEY_TEXT_REQUIRED_MSG};

/* Is the ref inside the content? */
static int ref_ok(const struct overlay_content *c, struct overlay_ref r)
{
    const struct pack *p = c->pack;
    switch (r.kind) {
    case OVERLAY_STRING:
        return p && r.a >= 0 && r.a < p->nstrings;
    case OVERLAY_CATEGORY:
        return p && r.a >= 0 && r.a < p->ncategories;
    case OVERLAY_ARTICLE:
        return p && r.a >= 0 && r.a < p->narticles;
    case OVERLAY_SERVICE:
        return p && r.a >= 0 && r.a < p->nservices;
    case OVERLAY_QUESTION:
        return r.a >= 0 && r.a < c->nforms && r.b >= 0 &&
               r.b < survey_form_item_count(c->forms[r.a]);
    case OVERLAY_CHOICE:
        return r.a >= 0 && r.a < c->nforms && r.b >= 0 &&
               r.b < survey_form_choice_count(c->forms[r.a]);
    case OVERLAY_QUIZ_TITLE:
        return r.a >= 0 && r.a < c->nquizzes;
    case OVERLAY_QUIZ_QUESTION:
        return r.a >= 0 && r.a < c->nquizzes && r.b >= 0 &&
               r.b < quiz_count(c->quizzes[r.a]);
    default:
        return 0;
    }
}

/* The per-language text array of a pack item's field k, or NULL. */
static const char **pack_field(const struct overlay_content *c,
                               struct overlay_ref r, int k)
{
    const struct pack *p = c->pack;
    switch (r.kind) {
    case OVERLAY_STRING:
        return k == 0 ? p->strings[r.a].text : NULL;
    case OVERLAY_CATEGORY:
        return k == 0 ? p->categories[r.a].title : NULL;
    case OVERLAY_ARTICLE:
        return k == 0 ? p->articles[r.a].title
                      : k == 1 ? p->articles[r.a].body : NULL;
    case OVERLAY_SERVICE:
        return k == 0   ? p->services[r.a].name
               : k == 1 ? p->services[r.a].address
               : k == 2 ? p->services[r.a].hours
                        : NULL;
    default:
        return NULL;
    }
}

int overlay_item_nfields(const struct overlay_content *c,
                         struct overlay_ref r)
{
    if (!ref_ok(c, r)) {
        return 0;
    }
    if (r.kind == OVERLAY_QUIZ_QUESTION) {
        /* question, the answers it has, explain */
        return 2 + quiz_nanswers(c->quizzes[r.a], r.b);
    }
    int n = 0;
    for (const char *const *f = ovl_kind_fields(r.kind); *f; f++) {
        n++;
    }
    return n;
}

/* enum quiz_field of a quiz question's field index k. */
static enum quiz_field quiz_field_of(const struct overlay_content *c,
                                     struct overlay_ref r, int k)
{
    int na = quiz_nanswers(c->quizzes[r.a], r.b);
    if (k == 0) {
        return QUIZ_QUESTION;
    }
    return k <= na ? (enum quiz_field)(QUIZ_ANSWER_A + k - 1) : QUIZ_EXPLAIN;
}

const char *overlay_item_field(const struct overlay_content *c,
                               struct overlay_ref r, int k)
{
    if (k < 0 || k >= overlay_item_nfields(c, r)) {
        return NULL;
    }
    if (r.kind == OVERLAY_QUIZ_QUESTION) {
        return ovl_kind_fields(r.kind)[quiz_field_of(c, r, k)];
    }
    return ovl_kind_fields(r.kind)[k];
}

int overlay_item_field_index(const struct overlay_content *c,
                             struct overlay_ref r, const char *name)
{
    int n = overlay_item_nfields(c, r);
    for (int k = 0; name && k < n; k++) {
        if (strcmp(overlay_item_field(c, r, k), name) == 0) {
            return k;
        }
    }
    return -1;
}

const char *overlay_item_text(const struct overlay_content *c,
                              struct overlay_ref r, int k, const char *lang)
{
    if (k < 0 || k >= overlay_item_nfields(c, r) || !lang) {
        return NULL;
    }
    switch (r.kind) {
    case OVERLAY_STRING:
    case OVERLAY_CATEGORY:
    case OVERLAY_ARTICLE:
    case OVERLAY_SERVICE: {
        int li = pack_lang_index(c->pack, lang);
        const char **v = pack_field(c, r, k);
        return li >= 0 && v && v[li] && *v[li] ? v[li] : NULL;
    }
    case OVERLAY_QUESTION:
        return survey_item_text_in(c->forms[r.a], r.b, question_fields[k],
                                   lang);
    case OVERLAY_CHOICE:
        return survey_choice_text_in(c->forms[r.a], r.b, SURVEY_TEXT_LABEL,
                                     lang);
    case OVERLAY_QUIZ_TITLE: {
        const char *t = quiz_title_in(c->quizzes[r.a], lang);
        return t && *t ? t : NULL;
    }
    case OVERLAY_QUIZ_QUESTION: {
        int fb = 1;
        const char *t = quiz_text(c->quizzes[r.a], r.b,
                                  quiz_field_of(c, r, k), lang, &fb);
        return !fb && t && *t ? t : NULL;
    }
    default:
        return NULL;
    }
}

/* The source of field k: Vietnamese, else English, else (forms) the
 * untranslated column; NULL when none. */
static const char *source_text(const struct overlay_content *c,
                               struct overlay_ref r, int k)
{
    const char *s = overlay_item_text(c, r, k, "vi");
    if (!s) {
        s = overlay_item_text(c, r, k, "en");
    }
    if (!s && r.kind == OVERLAY_QUESTION) {
        s = survey_item_text_in(c->forms[r.a], r.b, question_fields[k], "");
    } else if (!s && r.kind == OVERLAY_CHOICE) {
        s = survey_choice_text_in(c->forms[r.a], r.b, SURVEY_TEXT_LABEL, "");
    }
    return s;
}

static int has_source(const struct overlay_content *c, struct overlay_ref r)
{
    int n = overlay_item_nfields(c, r);
    for (int k = 0; k < n; k++) {
        if (source_text(c, r, k)) {
            return 1;
        }
    }
    return 0;
}

/* Appends r when it has a source. */
static void add_ref(const struct overlay_content *c, struct overlay_ref r,
                    struct overlay_ref *out, int max, int *n)
{
    if (!has_source(c, r)) {
        return;
    }
    if (*n < max) {
        out[*n] = r;
    }
    (*n)++;
}

int overlay_items(const struct overlay_content *c, const char *lang,
                  struct overlay_ref *out, int max)
{
    int n = 0;
    const struct pack *p = c->pack;
    for (int i = 0; p && i < p->nstrings; i++) {
        if (source_lang(lang) || !staff_only(p->strings[i].key)) {
            add_ref(c, (struct overlay_ref){OVERLAY_STRING, i, 0}, out, max,
                    &n);
        }
    }
    for (int i = 0; p && i < p->ncategories; i++) {
        add_ref(c, (struct overlay_ref){OVERLAY_CATEGORY, i, 0}, out, max,
                &n);
    }
    for (int i = 0; p && i < p->narticles; i++) {
        add_ref(c, (struct overlay_ref){OVERLAY_ARTICLE, i, 0}, out, max, &n);
    }
    for (int i = 0; p && i < p->nservices; i++) {
        add_ref(c, (struct overlay_ref){OVERLAY_SERVICE, i, 0}, out, max, &n);
    }
    for (int f = 0; f < c->nforms; f++) {
        const struct survey_form *sf = c->forms[f];
        for (int i = 0; i < survey_form_item_count(sf); i++) {
            enum survey_type t = survey_item_type(sf, i);
            if (t != SURVEY_END_GROUP && t != SURVEY_METADATA) {
                add_ref(c, (struct overlay_ref){OVERLAY_QUESTION, f, i}, out,
                        max, &n);
            }
        }
        for (int i = 0; i < survey_form_choice_count(sf); i++) {
            add_ref(c, (struct overlay_ref){OVERLAY_CHOICE, f, i}, out, max,
                    &n);
        }
    }
    for (int q = 0; q < c->nquizzes; q++) {
        add_ref(c, (struct overlay_ref){OVERLAY_QUIZ_TITLE, q, 0}, out, max,
                &n);
        for (int i = 0; i < quiz_count(c->quizzes[q]); i++) {
            add_ref(c, (struct overlay_ref){OVERLAY_QUIZ_QUESTION, q, i}, out,
                    max, &n);
        }
    }
    return n;
}

const char *overlay_item_key(const struct overlay_content *c,
                             struct overlay_ref r, char *buf, size_t n)
{
    if (!ref_ok(c, r)) {
        if (n) {
            buf[0] = '\0';
        }
        return buf;
    }
    const struct pack *p = c->pack;
    const char *parts[3];
    switch (r.kind) {
    case OVERLAY_STRING:
        parts[0] = p->strings[r.a].key;
        return ovl_key_build(buf, n, "string", 1, parts);
    case OVERLAY_CATEGORY:
        parts[0] = p->categories[r.a].id;
        return ovl_key_build(buf, n, "category", 1, parts);
    case OVERLAY_ARTICLE:
        parts[0] = p->articles[r.a].id;
        return ovl_key_build(buf, n, "article", 1, parts);
    case OVERLAY_SERVICE:
        parts[0] = p->services[r.a].pub.id;
        return ovl_key_build(buf, n, "service", 1, parts);
    case OVERLAY_QUESTION:
        parts[0] = survey_form_id(c->forms[r.a]);
        parts[1] = survey_item_name(c->forms[r.a], r.b);
        return ovl_key_build(buf, n, "form", 2, parts);
    case OVERLAY_CHOICE:
        parts[0] = survey_form_id(c->forms[r.a]);
        parts[1] = survey_choice_list(c->forms[r.a], r.b);
        parts[2] = survey_choice_name(c->forms[r.a], r.b);
        return ovl_key_build(buf, n, "choice", 3, parts);
    case OVERLAY_QUIZ_TITLE:
        parts[0] = quiz_id(c->quizzes[r.a]);
        return ovl_key_build(buf, n, "quiz", 1, parts);
    default:
        parts[0] = quiz_id(c->quizzes[r.a]);
        parts[1] = quiz_question_id(c->quizzes[r.a], r.b);
        return ovl_key_build(buf, n, "quiz", 2, parts);
    }
}

static int find_form(const struct overlay_content *c, const char *id)
{
    for (int f = 0; f < c->nforms; f++) {
        if (strcmp(survey_form_id(c->forms[f]), id) == 0) {
            return f;
        }
    }
    return -1;
}

static int find_quiz(const struct overlay_content *c, const char *id)
{
    for (int q = 0; q < c->nquizzes; q++) {
        if (strcmp(quiz_id(c->quizzes[q]), id) == 0) {
            return q;
        }
    }
    return -1;
}

static int cmp_string_key(const void *key, const void *elem)
{
    return strcmp(key, ((const struct pack_string *)elem)->key);
}

int overlay_item_find(const struct overlay_content *c, const char *key,
                      struct overlay_ref *r)
{
    struct ovl_key k;
    const struct pack *p = c->pack;
    if (!ovl_key_parse(key, &k, NULL, 0)) {
        return 0;
    }
    /* kinds with one index keep b at 0, as overlay_items makes them */
    *r = (struct overlay_ref){k.kind, -1,
                              k.kind == OVERLAY_QUESTION ||
                                      k.kind == OVERLAY_CHOICE ||
                                      k.kind == OVERLAY_QUIZ_QUESTION
                                  ? -1
                                  : 0};
    switch (k.kind) {
    case OVERLAY_STRING: {
        const struct pack_string *s =
            p && p->strings ? bsearch(k.part[0], p->strings,
                                      (size_t)p->nstrings, sizeof *s,
                                      cmp_string_key)
                            : NULL;
        r->a = s ? (int)(s - p->strings) : -1;
        break;
    }
    case OVERLAY_CATEGORY:
        for (int i = 0; p && i < p->ncategories && r->a < 0; i++) {
            r->a = strcmp(p->categories[i].id, k.part[0]) == 0 ? i : -1;
        }
        break;
    case OVERLAY_ARTICLE:
        for (int i = 0; p && i < p->narticles && r->a < 0; i++) {
            r->a = strcmp(p->articles[i].id, k.part[0]) == 0 ? i : -1;
        }
        break;
    case OVERLAY_SERVICE:
        for (int i = 0; p && i < p->nservices && r->a < 0; i++) {
            r->a = strcmp(p->services[i].pub.id, k.part[0]) == 0 ? i : -1;
        }
        break;
    case OVERLAY_QUESTION:
        r->a = find_form(c, k.part[0]);
        r->b = r->a >= 0 ? survey_form_find(c->forms[r->a], k.part[1]) : -1;
        break;
    case OVERLAY_CHOICE:
        r->a = find_form(c, k.part[0]);
        r->b = r->a >= 0 ? survey_form_find_choice(c->forms[r->a], k.part[1],
                                                   k.part[2])
                         : -1;
        break;
    case OVERLAY_QUIZ_TITLE:
        r->a = find_quiz(c, k.part[0]);
        break;
    case OVERLAY_QUIZ_QUESTION:
        r->a = find_quiz(c, k.part[0]);
        for (int i = 0; r->a >= 0 && i < quiz_count(c->quizzes[r->a]) &&
                        r->b < 0;
             i++) {
            r->b = strcmp(quiz_question_id(c->quizzes[r->a], i),
                          k.part[1]) == 0
                       ? i
                       : -1;
        }
        break;
    }
    return ref_ok(c, *r) && has_source(c, *r);
}

const char *overlay_item_feature(const struct overlay_content *c,
                                 struct overlay_ref r, char *buf, size_t n)
{
    switch (r.kind) {
    case OVERLAY_STRING:
        snprintf(buf, n, "strings");
        break;
    case OVERLAY_CATEGORY:
    case OVERLAY_ARTICLE:
        snprintf(buf, n, "info");
        break;
    case OVERLAY_SERVICE:
        snprintf(buf, n, "services");
        break;
    case OVERLAY_QUESTION:
    case OVERLAY_CHOICE:
        snprintf(buf, n, "form:%s",
                 ref_ok(c, r) ? survey_form_id(c->forms[r.a]) : "?");
        break;
    default:
        snprintf(buf, n, "quiz:%s",
                 ref_ok(c, r) ? quiz_id(c->quizzes[r.a]) : "?");
        break;
    }
    return buf;
}

int overlay_item_has_audio(const struct overlay_content *c,
                           struct overlay_ref r)
{
    if (!ref_ok(c, r) || !ovl_kind_has_audio(r.kind)) {
        return 0;
    }
    if (r.kind == OVERLAY_STRING) {
        return !staff_only(c->pack->strings[r.a].key); /* staff read */
    }
    if (r.kind == OVERLAY_QUESTION) {
        /* what a visitor sees on a page: questions, notes, acknowledges */
        enum survey_type t = survey_item_type(c->forms[r.a], r.b);
        return t != SURVEY_CALCULATE && t != SURVEY_BEGIN_GROUP &&
               source_text(c, r, 0) != NULL; /* a label to read */
    }
    return 1;
}

/* A form's media::audio cell as a full path. */
static const char *form_media(const struct overlay_content *c,
                              const char *file, char *buf, size_t n)
{
    if (!file) {
        return NULL;
    }
    if (file[0] == '/') {
        snprintf(buf, n, "%s", file);
    } else {
        snprintf(buf, n, "%s/audio/%s", pack_dir(c->pack), file);
    }
    return buf;
}

const char *overlay_item_audio(const struct overlay_content *c,
                               struct overlay_ref r, const char *lang,
                               char *buf, size_t n)
{
    if (!overlay_item_has_audio(c, r) || !lang) {
        return NULL;
    }
    int li = c->pack ? pack_lang_index(c->pack, lang) : -1;
    switch (r.kind) {
    case OVERLAY_STRING:
        return li >= 0 ? c->pack->strings[r.a].audio[li] : NULL;
    case OVERLAY_ARTICLE:
        return li >= 0 ? c->pack->articles[r.a].audio[li] : NULL;
    case OVERLAY_QUESTION:
        return form_media(c,
                          survey_item_text_in(c->forms[r.a], r.b,
                                              SURVEY_TEXT_AUDIO, lang),
                          buf, n);
    case OVERLAY_CHOICE:
        return form_media(c,
                          survey_choice_text_in(c->forms[r.a], r.b,
                                                SURVEY_TEXT_AUDIO, lang),
                          buf, n);
    case OVERLAY_QUIZ_QUESTION:
        return quiz_audio(c->quizzes[r.a], r.b, lang);
    default:
        return NULL;
    }
}

void overlay_item_hash(const struct overlay_content *c, struct overlay_ref r,
                       const char *lang, char out[OVERLAY_HASH_LEN + 1])
{
    unsigned long long h = OVL_FNV_BASIS;
    int n = overlay_item_nfields(c, r);
    for (int k = 0; k < n; k++) {
        const char *src = source_text(c, r, k);
        const char *t = overlay_item_text(c, r, k, lang);
        /* a separator that text cannot hold keeps fields apart */
        h = ovl_fnv(h, src ? src : "", src ? strlen(src) : 0);
        h = ovl_fnv(h, "\x1f", 1);
        h = ovl_fnv(h, t ? t : "", t ? strlen(t) : 0);
        h = ovl_fnv(h, "\x1e", 1);
    }
    snprintf(out, OVERLAY_HASH_LEN + 1, "%016llx", h);
}

/* A copy of text in the pack's arena (text is already NFC). */
static const char *pack_copy(struct pack *p, const char *text)
{
    size_t n = strlen(text);
    char *d = pack_arena_alloc(&p->arena, n + 1);
    if (d) {
        memcpy(d, text, n + 1);
    }
    return d;
}

enum kiosk_err overlay_item_set_text(const struct overlay_content *c,
                                     struct overlay_ref r, int k,
                                     const char *lang, const char *text)
{
    if (k < 0 || k >= overlay_item_nfields(c, r) || !lang) {
        return KIOSK_EINVAL;
    }
    int li = c->pack ? pack_lang_index(c->pack, lang) : -1;
    if (li < 0) {
        return KIOSK_EINVAL; /* a language the pack does not offer */
    }
    switch (r.kind) {
    case OVERLAY_STRING:
    case OVERLAY_CATEGORY:
    case OVERLAY_ARTICLE:
    case OVERLAY_SERVICE: {
        const char **v = pack_field(c, r, k);
        if (!text || !*text) {
            v[li] = NULL;
            return KIOSK_OK;
        }
        if (v[li] && strcmp(v[li], text) == 0) {
            return KIOSK_OK;
        }
        const char *copy = pack_copy(c->pack, text);
        if (!copy) {
            return KIOSK_ENOMEM;
        }
        v[li] = copy;
        return KIOSK_OK;
    }
    case OVERLAY_QUESTION:
        return survey_form_set_text(c->forms[r.a], r.b, -1,
                                    question_fields[k], lang, text);
    case OVERLAY_CHOICE:
        return survey_form_set_text(c->forms[r.a], -1, r.b,
                                    SURVEY_TEXT_LABEL, lang, text);
    case OVERLAY_QUIZ_TITLE:
        return quiz_set_title(c->quizzes[r.a], lang, text);
    case OVERLAY_QUIZ_QUESTION:
        return quiz_set_text(c->quizzes[r.a], r.b, quiz_field_of(c, r, k),
                             lang, text);
    default:
        return KIOSK_EINVAL;
    }
}

enum kiosk_err overlay_item_set_audio(const struct overlay_content *c,
                                      struct overlay_ref r, const char *lang,
                                      const char *path)
{
    if (!overlay_item_has_audio(c, r) || !lang) {
        return KIOSK_EINVAL;
    }
    int li = c->pack ? pack_lang_index(c->pack, lang) : -1;
    if (li < 0) {
        return KIOSK_EINVAL;
    }
    const char **slot = NULL;
    switch (r.kind) {
    case OVERLAY_STRING:
        slot = &c->pack->strings[r.a].audio[li];
        break;
    case OVERLAY_ARTICLE:
        slot = &c->pack->articles[r.a].audio[li];
        break;
    case OVERLAY_QUESTION:
        return survey_form_set_text(c->forms[r.a], r.b, -1,
                                    SURVEY_TEXT_AUDIO, lang, path);
    case OVERLAY_CHOICE:
        return survey_form_set_text(c->forms[r.a], -1, r.b,
                                    SURVEY_TEXT_AUDIO, lang, path);
    case OVERLAY_QUIZ_QUESTION:
        return quiz_set_audio(c->quizzes[r.a], r.b, lang, path);
    default:
        return KIOSK_EINVAL;
    }
    if (!path || !*path) {
        *slot = NULL;
        return KIOSK_OK;
    }
    if (*slot && strcmp(*slot, path) == 0) {
        return KIOSK_OK;
    }
    const char *copy = pack_copy(c->pack, path);
    if (!copy) {
        return KIOSK_ENOMEM;
    }
    *slot = copy;
    return KIOSK_OK;
}

/* ---- applying the overlay -------------------------------------------- */

static int orphan(struct overlay_report *rep, const char *lang,
                  const char *item, const char *what, const char *why)
{
    struct overlay_orphan *o =
        realloc(rep->orphans, sizeof *o * (size_t)(rep->n + 1));
    if (!o) {
        return -1;
    }
    rep->orphans = o;
    o = &rep->orphans[rep->n++];
    memset(o, 0, sizeof *o);
    snprintf(o->lang, sizeof o->lang, "%s", lang);
    snprintf(o->item, sizeof o->item, "%s", item);
    snprintf(o->what, sizeof o->what, "%s", what);
    snprintf(o->why, sizeof o->why, "%s", why);
    return 0;
}

void overlay_report_free(struct overlay_report *rep)
{
    free(rep->orphans);
    memset(rep, 0, sizeof *rep);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* How setting one text or clip went: counted when applied, else why not
 * in *why; returns 1 when out of memory. */
static int set_outcome(struct overlay_report *rep, enum kiosk_err e,
                       const char **why)
{
    if (e == KIOSK_ENOMEM) {
        return 1;
    }
    if (e) {
        *why = kiosk_strerror(e);
    } else {
        rep->applied++;
    }
    return 0;
}

enum kiosk_err overlay_apply(const struct overlay *ov,
                             const struct overlay_content *c,
                             struct overlay_report *rep)
{
    memset(rep, 0, sizeof *rep);
    int oom = 0;
    for (int li = 0; li < overlay_nlangs(ov) && !oom; li++) {
        const char *lang = overlay_lang(ov, li);
        int in_pack = c->pack && pack_lang_index(c->pack, lang) >= 0;
        if (overlay_lang_broken(ov, lang)) {
            continue; /* reported where it was loaded */
        }
        for (int k = 0; k < overlay_ntexts(ov, lang) && !oom; k++) {
            const struct overlay_text *t = overlay_text_at(ov, lang, k);
            struct overlay_ref r;
            char what[40];
            snprintf(what, sizeof what, "text %s", t->field);
            const char *why = NULL;
            int f = -1;
            if (!in_pack) {
                why = "language not in this pack";
            } else if (!overlay_item_find(c, t->item, &r)) {
                why = "not in this pack";
            } else if ((f = overlay_item_field_index(c, r, t->field)) < 0) {
                why = "no such field here";
            } else {
                oom = set_outcome(
                    rep, overlay_item_set_text(c, r, f, lang, t->text), &why);
            }
            if (why && orphan(rep, lang, t->item, what, why)) {
                oom = 1;
            }
        }
        for (int k = 0; k < overlay_nclips(ov, lang) && !oom; k++) {
            const struct overlay_clip *cl = overlay_clip_at(ov, lang, k);
            struct overlay_ref r;
            char path[4400];
            const char *why = NULL;
            if (!in_pack) {
                why = "language not in this pack";
            } else if (!overlay_item_find(c, cl->item, &r) ||
                       !overlay_item_has_audio(c, r)) {
                why = "not in this pack";
            } else if (!overlay_clip_path(ov, lang, cl->file, path,
                                          sizeof path) ||
                       !file_exists(path)) {
                why = "clip file missing";
            } else {
                oom = set_outcome(
                    rep, overlay_item_set_audio(c, r, lang, path), &why);
            }
            if (why && orphan(rep, lang, cl->item, "clip", why)) {
                oom = 1;
            }
        }
        for (int k = 0; k < overlay_nreviews(ov, lang) && !oom; k++) {
            const struct overlay_review *rv = overlay_review_at(ov, lang, k);
            struct overlay_ref r;
            if ((!in_pack || !overlay_item_find(c, rv->item, &r)) &&
                orphan(rep, lang, rv->item, "review",
                       in_pack ? "not in this pack"
                               : "language not in this pack")) {
                oom = 1;
            }
        }
    }
    return oom ? KIOSK_ENOMEM : KIOSK_OK;
}

/* ---- where narration came from --------------------------------------- */

struct src_rule {
    char *pattern;
    enum overlay_source source;
};

struct overlay_sources {
    struct src_rule *rules; /* file order; the last match wins */
    int n;
};

void overlay_sources_free(struct overlay_sources *s)
{
    if (!s) {
        return;
    }
    for (int i = 0; i < s->n; i++) {
        free(s->rules[i].pattern);
    }
    free(s->rules);
    free(s);
}

/* 1 when some regular file of `dir` matches the pattern. */
static int pattern_used(const char *dir, const char *pattern)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        return 0;
    }
    struct dirent *e;
    int used = 0;
    while (!used && (e = readdir(dh))) {
        used = e->d_name[0] != '.' && fnmatch(pattern, e->d_name, 0) == 0;
    }
    closedir(dh);
    return used;
}

enum kiosk_err overlay_sources_load(const char *pack_dir,
                                    struct overlay_sources **out,
                                    struct kiosk_diag *d)
{
    struct kiosk_diag local = {0};
    if (!d) {
        d = &local;
    }
    *out = calloc(1, sizeof **out);
    if (!*out) {
        return KIOSK_ENOMEM;
    }
    struct overlay_sources *s = *out;
    char path[4200], audio[4100];
    struct stat st;
    if (snprintf(audio, sizeof audio, "%s/audio", pack_dir) >=
            (int)sizeof audio ||
        snprintf(path, sizeof path, "%s/audio-sources.csv", pack_dir) >=
            (int)sizeof path ||
        stat(path, &st) != 0) {
        kiosk_diag_free(&local);
        return KIOSK_OK;
    }
    struct csv_table t;
    const char *name = "audio-sources.csv";
    if (csv_load(path, name, &t, d) != KIOSK_OK) {
        kiosk_diag_free(&local);
        return KIOSK_EPARSE;
    }
    int errors0 = d->errors;
    /* the pack sheets' header mapper: one set of messages */
    static const struct sheet_spec specs[] = {
        {"file", 0, 1}, {"source", 0, 1}, {"voice", 0, 0}, {"note", 0, 0}};
    int col[4], none = -1;
    sheet_map_columns(&t, name, specs, 4, NULL, NULL, col, &none, 0, d);
    int cf = col[0], cs = col[1];
    s->rules = calloc((size_t)t.nrows + 1, sizeof *s->rules);
    if (!s->rules) {
        csv_free(&t);
        kiosk_diag_free(&local);
        return KIOSK_ENOMEM;
    }
    for (int r = 1; r < t.nrows && cf >= 0 && cs >= 0; r++) {
        if (csv_row_blank(&t, r)) {
            continue;
        }
        const char *file = csv_cell(&t, r, cf);
        const char *src = csv_cell(&t, r, cs);
        enum overlay_source so = OVERLAY_SOURCE_UNKNOWN;
        if (strcmp(src, "synthetic") == 0) {
            so = OVERLAY_SOURCE_SYNTHETIC;
        } else if (strcmp(src, "recorded") == 0) {
            so = OVERLAY_SOURCE_RECORDED;
        } else {
            kiosk_diag_err(d, name, r + 1, cs + 1,
                           "source '%s' must be 'synthetic' or 'recorded'",
                           src);
            continue;
        }
        if (!file[0] || strchr(file, '/')) {
            kiosk_diag_err(d, name, r + 1, cf + 1,
                           "file must be a name or pattern in audio/ "
                           "(no '/')");
            continue;
        }
        if (!pattern_used(audio, file)) {
            kiosk_diag_warn(d, name, r + 1, cf + 1,
                            "'%s' matches no file in audio/", file);
        }
        s->rules[s->n].pattern = strdup(file);
        if (!s->rules[s->n].pattern) {
            csv_free(&t);
            kiosk_diag_free(&local);
            return KIOSK_ENOMEM;
        }
        s->rules[s->n++].source = so;
    }
    csv_free(&t);
    kiosk_diag_free(&local);
    return d->errors > errors0 ? KIOSK_EPARSE : KIOSK_OK;
}

enum overlay_source overlay_source_of(const struct overlay_sources *s,
                                      const struct overlay *ov,
                                      const char *path)
{
    if (!path) {
        return OVERLAY_SOURCE_UNKNOWN;
    }
    if (ov) {
        const char *dir = overlay_dir(ov);
        size_t n = strlen(dir);
        if (strncmp(path, dir, n) == 0 && path[n] == '/') {
            return OVERLAY_SOURCE_RECORDED;
        }
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    enum overlay_source so = OVERLAY_SOURCE_UNKNOWN;
    for (int i = 0; s && i < s->n; i++) {
        if (fnmatch(s->rules[i].pattern, base, 0) == 0) {
            so = s->rules[i].source;
        }
    }
    return so;
}

/* ---- readiness -------------------------------------------------------- */

/* The pack's own verdict on item r's translation into lang. */
static int pack_says_reviewed(const struct overlay_content *c,
                              struct overlay_ref r, const char *lang)
{
    switch (r.kind) {
    case OVERLAY_QUESTION:
    case OVERLAY_CHOICE:
        return strcmp(survey_form_translation_status(c->forms[r.a]),
                      "reviewed") == 0;
    case OVERLAY_QUIZ_TITLE:
    case OVERLAY_QUIZ_QUESTION:
        return quiz_lang_draft(c->quizzes[r.a], lang) == 0;
    default: {
        const struct pack_language *l =
            pack_lang(c->pack, pack_lang_index(c->pack, lang));
        return l && !l->draft;
    }
    }
}

void overlay_item_state(const struct overlay_content *c,
                        const struct overlay *ov,
                        const struct overlay_sources *src,
                        struct overlay_ref r, const char *lang,
                        struct overlay_item_state *st)
{
    memset(st, 0, sizeof *st);
    char key[OVERLAY_MAX_ITEM];
    overlay_item_key(c, r, key, sizeof key);
    int n = overlay_item_nfields(c, r);
    st->text = 1;
    for (int k = 0; k < n; k++) {
        if (source_text(c, r, k) && !overlay_item_text(c, r, k, lang)) {
            st->text = 0;
        }
        if (ov && !overlay_lang_broken(ov, lang) &&
            overlay_text_get(ov, lang, key, overlay_item_field(c, r, k))) {
            st->edited = 1;
        }
    }
    const struct overlay_review *rv =
        ov && !overlay_lang_broken(ov, lang)
            ? overlay_review_get(ov, lang, key)
            : NULL;
    if (rv) {
        char h[OVERLAY_HASH_LEN + 1];
        overlay_item_hash(c, r, lang, h);
        if (strcmp(h, rv->hash) == 0) {
            st->status = rv->status;
        } else {
            st->stale = 1;
        }
    } else if (!st->edited && st->text) {
        st->pack_reviewed = pack_says_reviewed(c, r, lang);
    }
    st->has_audio = overlay_item_has_audio(c, r);
    char buf[4400];
    const char *path = overlay_item_audio(c, r, lang, buf, sizeof buf);
    st->audio_present = path != NULL;
    st->audio = overlay_source_of(src, ov, path);
}

int overlay_item_needs_work(const struct overlay_item_state *st)
{
    int reviewed = st->status == OVERLAY_REVIEWED || st->pack_reviewed;
    return !st->text || !reviewed || st->stale ||
           (st->has_audio &&
            (!st->audio_present || st->audio == OVERLAY_SOURCE_SYNTHETIC));
}

enum kiosk_err overlay_readiness(const struct overlay_content *c,
                                 const struct overlay *ov,
                                 const struct overlay_sources *src,
                                 const char *lang, struct overlay_ready **out,
                                 int *n)
{
    *out = NULL;
    *n = 0;
    int total = overlay_items(c, lang, NULL, 0);
    struct overlay_ref *refs = malloc(sizeof *refs * (size_t)(total + 1));
    /* at most one feature per item */
    struct overlay_ready *rd = calloc((size_t)total + 1, sizeof *rd);
    if (!refs || !rd) {
        free(refs);
        free(rd);
        return KIOSK_ENOMEM;
    }
    overlay_items(c, lang, refs, total);
    int nf = 0;
    for (int i = 0; i < total; i++) {
        char feat[64];
        overlay_item_feature(c, refs[i], feat, sizeof feat);
        if (nf == 0 || strcmp(rd[nf - 1].feature, feat) != 0) {
            snprintf(rd[nf++].feature, sizeof rd[0].feature, "%s", feat);
        }
        struct overlay_ready *f = &rd[nf - 1];
        struct overlay_item_state st;
        overlay_item_state(c, ov, src, refs[i], lang, &st);
        f->items++;
        f->text += st.text;
        f->edited += st.edited;
        f->reviewed += st.status == OVERLAY_REVIEWED || st.pack_reviewed;
        f->needs_fixing += st.status == OVERLAY_NEEDS_FIXING;
        f->stale += st.stale;
        if (st.has_audio) {
            f->audio_items++;
            if (st.audio_present) {
                f->recorded += st.audio == OVERLAY_SOURCE_RECORDED;
                f->synthetic += st.audio == OVERLAY_SOURCE_SYNTHETIC;
                f->unknown += st.audio == OVERLAY_SOURCE_UNKNOWN;
            }
        }
    }
    free(refs);
    *out = rd;
    *n = nf;
    return KIOSK_OK;
}

/* "n/total pc%" into buf, never 100% for an incomplete column. */
static void frac(char *buf, size_t n, int x, int total)
{
    if (total == 0) {
        snprintf(buf, n, "-");
        return;
    }
    int pc = (x * 100 + total / 2) / total;
    if (pc == 100 && x < total) {
        pc = 99;
    }
    snprintf(buf, n, "%d/%d %d%%", x, total, pc);
}

void overlay_readiness_print(const struct overlay_content *c,
                             const struct overlay *ov,
                             const struct overlay_sources *src, FILE *f)
{
    fprintf(f, "readiness per language and feature (text in the language; "
               "reviewed; narration of the items that take it: recorded, "
               "synthetic, unknown source)\n");
    fprintf(f, "%-6s %-24s %-15s %-15s %5s %5s %-13s %5s %5s %5s\n", "lang",
            "feature", "text", "reviewed", "fix", "stale", "audio", "rec",
            "synth", "unkn");
    for (int l = 0; c->pack && l < pack_nlangs(c->pack); l++) {
        const char *code = pack_lang(c->pack, l)->code;
        struct overlay_ready *rd = NULL;
        int n = 0;
        if (overlay_readiness(c, ov, src, code, &rd, &n) != KIOSK_OK) {
            fprintf(f, "%-6s (out of memory)\n", code);
            continue;
        }
        for (int i = 0; i < n; i++) {
            char t[32], r[32], a[32];
            frac(t, sizeof t, rd[i].text, rd[i].items);
            frac(r, sizeof r, rd[i].reviewed, rd[i].items);
            frac(a, sizeof a, rd[i].recorded + rd[i].synthetic +
                                  rd[i].unknown,
                 rd[i].audio_items);
            fprintf(f, "%-6s %-24s %-15s %-15s %5d %5d %-13s %5d %5d %5d\n",
                    code, rd[i].feature, t, r, rd[i].needs_fixing,
                    rd[i].stale, a, rd[i].recorded, rd[i].synthetic,
                    rd[i].unknown);
        }
        free(rd);
    }
}
