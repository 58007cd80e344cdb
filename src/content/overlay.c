/* The overlay model and its files (see overlay.h for the layout).
 *
 * In memory an overlay is a list of languages, each with three arrays
 * (texts, reviews, clips) kept sorted by item and field, every string
 * malloc'd. A few thousand entries at most: binary search and memmove are
 * plenty. Files are read whole, checked row by row (every problem of a
 * file is reported, with its row and column), and written whole. */
#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "content/overlay_int.h"
#include "content/pack.h"
#include "core/csv.h"
#include "core/sheet.h"
#include "core/date.h"
#include "core/nfc.h"

#define F_TEXTS "texts.csv"
#define F_REVIEWS "reviews.csv"
#define F_CLIPS "clips.csv"
#define AUDIO_DIR "audio"      /* reserved: never a language folder */
#define FORMS_DIR "forms"      /* reserved: imported questionnaires
                                  (survey/import.h) */
#define MAX_CLIP_SECONDS 3600.0

struct ovl_lang {
    char code[16];
    int broken;                    /* its files did not load */
    struct overlay_text *texts;
    int ntexts, ctexts;
    struct overlay_review *reviews;
    int nreviews, creviews;
    struct overlay_clip *clips;
    int nclips, cclips;
};

struct overlay {
    char *dir;
    struct ovl_lang *langs;        /* sorted by code */
    int nlangs, clangs;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *const kind_names[] = {
    "string", "category", "article", "service", "form", "choice", "quiz",
    "quiz",
};

static const char *const f_string[] = {"text", NULL};
static const char *const f_category[] = {"title", NULL};
static const char *const f_article[] = {"title", "body", NULL};
static const char *const f_service[] = {"name", "address", "hours", NULL};
static const char *const f_question[] = {"label", "hint",
                                         "constraint_message",
                                         "required_message", NULL};
static const char *const f_choice[] = {"label", NULL};
static const char *const f_quiz_title[] = {"title", NULL};
static const char *const f_quiz_question[] = {"question", "a", "b", "c",
                                              "d", "explain", NULL};

const char *const *ovl_kind_fields(int kind)
{
    static const char *const *const fields[] = {
        f_string,   f_category, f_article,    f_service,
        f_question, f_choice,   f_quiz_title, f_quiz_question,
    };
    if (kind < 0 || kind > OVERLAY_QUIZ_QUESTION) {
        return NULL;
    }
    return fields[kind];
}

int ovl_kind_has_audio(int kind)
{
    return kind == OVERLAY_STRING || kind == OVERLAY_ARTICLE ||
           kind == OVERLAY_QUESTION || kind == OVERLAY_CHOICE ||
           kind == OVERLAY_QUIZ_QUESTION;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes one part s[0..len) into out; 0 on a bad escape or control. */
static int decode_part(const char *s, size_t len, char *out, size_t n)
{
    size_t o = 0;
    if (len == 0) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            int h = i + 2 < len ? hexval(s[i + 1]) : -1;
            int l = h >= 0 ? hexval(s[i + 2]) : -1;
            if (h < 0 || l < 0) {
                return 0;
            }
            c = (unsigned char)(h * 16 + l);
            if (c != '/' && c != '%') {
                return 0; /* only the two that must be escaped */
            }
            i += 2;
        } else if (c < 0x20 || c == 0x7f) {
            return 0;
        }
        if (o + 1 >= n) {
            return 0;
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return 1;
}

int ovl_key_parse(const char *item, struct ovl_key *k, char *why, size_t n)
{
    const char *reason = NULL;
    memset(k, 0, sizeof *k);
    if (!item || !*item) {
        reason = "empty item";
        goto bad;
    }
    if (strlen(item) >= OVERLAY_MAX_ITEM) {
        reason = "item is too long";
        goto bad;
    }
    const char *slash = strchr(item, '/');
    if (!slash) {
        reason = "item must be kind/id, e.g. 'string/app.title'";
        goto bad;
    }
    size_t kl = (size_t)(slash - item);
    int kind = -1;
    for (int i = 0; i <= OVERLAY_CHOICE + 1 && kind < 0; i++) {
        if (strlen(kind_names[i]) == kl &&
            memcmp(kind_names[i], item, kl) == 0) {
            kind = i;
        }
    }
    if (kind < 0) {
        reason = "unknown kind (string, category, article, service, form, "
                 "choice or quiz)";
        goto bad;
    }
    const char *p = slash + 1;
    int np = 0;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (np == OVL_MAX_PARTS) {
            reason = "too many parts";
            goto bad;
        }
        if (!decode_part(p, len, k->part[np], sizeof k->part[np])) {
            reason = "an empty part, a control character or a '%' that is "
                     "not %2F or %25";
            goto bad;
        }
        np++;
        if (!e) {
            break;
        }
        p = e + 1;
    }
    static const int want[] = {1, 1, 1, 1, 2, 3, 1};
    if (kind == OVERLAY_QUIZ_TITLE && np == 2) {
        kind = OVERLAY_QUIZ_QUESTION;
    } else if (np != want[kind]) {
        reason = "wrong number of parts for its kind";
        goto bad;
    }
    k->kind = kind;
    k->nparts = np;
    return 1;
bad:
    if (why && n) {
        snprintf(why, n, "%s", reason);
    }
    return 0;
}

static void encode_part(struct ovl_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '/') {
            ovl_buf_str(b, "%2F");
        } else if (*s == '%') {
            ovl_buf_str(b, "%25");
        } else {
            ovl_buf_add(b, s, 1);
        }
    }
}

const char *ovl_key_build(char *buf, size_t n, const char *kind, int nparts,
                          const char *const *parts)
{
    struct ovl_buf b = {.limit = n};
    ovl_buf_str(&b, kind);
    for (int i = 0; i < nparts; i++) {
        ovl_buf_str(&b, "/");
        encode_part(&b, parts[i]);
    }
    if (n) {
        if (b.oom || b.len >= n) {
            buf[0] = '\0';
        } else {
            memcpy(buf, b.data ? b.data : "", b.len);
            buf[b.len] = '\0';
        }
    }
    ovl_buf_free(&b);
    return buf;
}

int overlay_key_check(const char *item, const char *field, char *why,
                      size_t n)
{
    struct ovl_key k;
    if (!ovl_key_parse(item, &k, why, n)) {
        return 0;
    }
    if (!field) {
        return 1;
    }
    for (const char *const *f = ovl_kind_fields(k.kind); *f; f++) {
        if (strcmp(*f, field) == 0) {
            return 1;
        }
    }
    if (why && n) {
        snprintf(why, n, "'%s' is not a field of a %s item", field,
                 kind_names[k.kind]);
    }
    return 0;
}

int overlay_lang_code_ok(const char *s)
{
    /* a language folder beside audio/ */
    return pack_lang_code_ok(s) && strcmp(s, AUDIO_DIR) != 0 &&
           strcmp(s, FORMS_DIR) != 0;
}

static int blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int ovl_has_text(const char *s)
{
    for (; *s; s++) {
        if (!blank_char(*s)) {
            return 1;
        }
    }
    return 0;
}


char *ovl_nfc(const char *s, int *changed)
{
    while (blank_char(*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n && blank_char(s[n - 1])) {
        n--;
    }
    char *trimmed = strndup(s, n);
    if (!trimmed) {
        return NULL;
    }
    char *out = kiosk_nfc_dup(trimmed, strlen(trimmed), changed);
    free(trimmed);
    return out;
}

void ovl_buf_add(struct ovl_buf *b, const char *s, size_t n)
{
    if (b->oom) {
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->len + n + 1) {
            nc *= 2;
        }
        if (b->limit && nc > b->limit + 1) {
            nc = b->limit + 1;
        }
        char *d = nc >= b->len + n + 1 ? realloc(b->data, nc) : NULL;
        if (!d) {
            b->oom = 1;
            return;
        }
        b->data = d;
        b->cap = nc;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ovl_buf_str(struct ovl_buf *b, const char *s)
{
    ovl_buf_add(b, s, strlen(s));
}

void ovl_buf_csv(struct ovl_buf *b, const char *s)
{
    if (!s) {
        return;
    }
    size_t n = strlen(s);
    /* quoted when a reader could split or trim it otherwise */
    int quote = n && (strpbrk(s, ",\"\r\n") || s[0] == ' ' ||
                      s[n - 1] == ' ');
    if (!quote) {
        ovl_buf_add(b, s, n);
        return;
    }
    ovl_buf_add(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        ovl_buf_add(b, p, 1);
        if (*p == '"') {
            ovl_buf_add(b, "\"", 1);
        }
    }
    ovl_buf_add(b, "\"", 1);
}

void ovl_buf_free(struct ovl_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int ovl_has_control(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            return 1;
        }
    }
    return 0;
}

int ovl_date_ok(const char *s)
{
    char ymd[11];
    long day;
    if (strlen(s) != OVERLAY_DATE_LEN || s[10] != ' ' || s[13] != ':') {
        return 0;
    }
    memcpy(ymd, s, 10);
    ymd[10] = '\0';
    for (int i = 11; i < OVERLAY_DATE_LEN; i++) {
        if (i != 13 && (s[i] < '0' || s[i] > '9')) {
            return 0;
        }
    }
    int h = (s[11] - '0') * 10 + (s[12] - '0');
    int mi = (s[14] - '0') * 10 + (s[15] - '0');
    return date_parse_ymd(ymd, &day) == 0 && h < 24 && mi < 60;
}

int ovl_clip_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > 200 || s[0] == '.' || strcmp(s + n - 4, ".ogg") != 0) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
            return 0;
        }
    }
    return 1;
}

unsigned long long ovl_fnv(unsigned long long h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Finds the next placeholder ({x} or ${x}) at or after *p; copies it into
 * buf and advances *p past it. */
static int next_placeholder(const char **p, char *buf, size_t n)
{
    for (const char *o = strchr(*p, '{'); o; o = strchr(o + 1, '{')) {
        const char *e = strchr(o, '}');
        if (!e || e - o > 64) {
            return 0;
        }
        const char *start = o > *p && o[-1] == '$' ? o - 1 : o;
        int len = (int)(e - start + 1);
        if ((size_t)len >= n) {
            return 0;
        }
        memcpy(buf, start, (size_t)len);
        buf[len] = '\0';
        *p = e + 1;
        return 1;
    }
    return 0;
}

int ovl_placeholders_differ(const char *ref, const char *text, char *buf,
                            size_t n)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *a = pass ? text : ref, *b = pass ? ref : text;
        const char *p = a;
        char ph[80];
        while (next_placeholder(&p, ph, sizeof ph)) {
            /* "${x}" is in b only as itself, "{x}" not as part of "${x}" */
            int found = 0;
            for (const char *h = strstr(b, ph); h && !found;
                 h = strstr(h + 1, ph)) {
                found = ph[0] == '$' || h == b || h[-1] != '$';
            }
            if (!found) {
                snprintf(buf, n, "%s", ph);
                return 1;
            }
        }
    }
    return 0;
}

void overlay_date(int64_t t, int tz_offset, char out[OVERLAY_DATE_LEN + 1])
{
    date_format(t, tz_offset, DATE_YMD_HM, out, OVERLAY_DATE_LEN + 1);
}

/* ---- languages and entries ------------------------------------------- */

static int cmp_item_field(const char *i1, const char *f1, const char *i2,
                          const char *f2)
{
    int c = strcmp(i1, i2);
    return c ? c : strcmp(f1 ? f1 : "", f2 ? f2 : "");
}

static struct ovl_lang *find_lang(const struct overlay *ov, const char *code)
{
    for (int i = 0; code && i < ov->nlangs; i++) {
        if (strcmp(ov->langs[i].code, code) == 0) {
            return &ov->langs[i];
        }
    }
    return NULL;
}

static struct ovl_lang *add_lang(struct overlay *ov, const char *code)
{
    struct ovl_lang *l = find_lang(ov, code);
    if (l) {
        return l;
    }
    if (ov->nlangs >= OVERLAY_MAX_LANGS || !overlay_lang_code_ok(code)) {
        return NULL;
    }
    if (ov->nlangs == ov->clangs) {
        int nc = ov->clangs ? ov->clangs * 2 : 8;
        struct ovl_lang *nl = realloc(ov->langs, sizeof *nl * (size_t)nc);
        if (!nl) {
            return NULL;
        }
        ov->langs = nl;
        ov->clangs = nc;
    }
    int at = 0;
    while (at < ov->nlangs && strcmp(ov->langs[at].code, code) < 0) {
        at++;
    }
    memmove(&ov->langs[at + 1], &ov->langs[at],
            sizeof *ov->langs * (size_t)(ov->nlangs - at));
    memset(&ov->langs[at], 0, sizeof ov->langs[at]);
    snprintf(ov->langs[at].code, sizeof ov->langs[at].code, "%s", code);
    ov->nlangs++;
    return &ov->langs[at];
}

static void free_text(struct overlay_text *t)
{
    free((char *)t->item);
    free((char *)t->field);
    free((char *)t->text);
    free((char *)t->by);
    free((char *)t->date);
}

static void free_review(struct overlay_review *r)
{
    free((char *)r->item);
    free((char *)r->by);
    free((char *)r->date);
    free((char *)r->hash);
}

static void free_clip(struct overlay_clip *c)
{
    free((char *)c->item);
    free((char *)c->file);
    free((char *)c->by);
    free((char *)c->date);
}

static void free_lang_entries(struct ovl_lang *l)
{
    for (int i = 0; i < l->ntexts; i++) {
        free_text(&l->texts[i]);
    }
    for (int i = 0; i < l->nreviews; i++) {
        free_review(&l->reviews[i]);
    }
    for (int i = 0; i < l->nclips; i++) {
        free_clip(&l->clips[i]);
    }
    free(l->texts);
    free(l->reviews);
    free(l->clips);
    l->texts = NULL;
    l->reviews = NULL;
    l->clips = NULL;
    l->ntexts = l->nreviews = l->nclips = 0;
    l->ctexts = l->creviews = l->cclips = 0;
}

static int text_pos(const struct ovl_lang *l, const char *item,
                    const char *field, int *found)
{
    int lo = 0, hi = l->ntexts;
    *found = 0;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = cmp_item_field(l->texts[mid].item, l->texts[mid].field, item,
                               field);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static int review_pos(const struct ovl_lang *l, const char *item,
                      int *found)
{
    int lo = 0, hi = l->nreviews;
    *found = 0;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(l->reviews[mid].item, item);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static int clip_pos(const struct ovl_lang *l, const char *item, int *found)
{
    int lo = 0, hi = l->nclips;
    *found = 0;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(l->clips[mid].item, item);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Makes room for one more element at index `at` of an array. */
static int insert_at(void **arr, int *n, int *cap, size_t size, int at)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        void *na = realloc(*arr, size * (size_t)nc);
        if (!na) {
            return -1;
        }
        *arr = na;
        *cap = nc;
    }
    char *base = *arr;
    memmove(base + size * (size_t)(at + 1), base + size * (size_t)at,
            size * (size_t)(*n - at));
    (*n)++;
    return 0;
}

static void remove_at(void *arr, int *n, size_t size, int at)
{
    char *base = arr;
    memmove(base + size * (size_t)at, base + size * (size_t)(at + 1),
            size * (size_t)(*n - at - 1));
    (*n)--;
}

static int strdup_all(const char **dst[], const char *const src[], int n)
{
    for (int i = 0; i < n; i++) {
        *dst[i] = NULL;
    }
    for (int i = 0; i < n; i++) {
        if (src[i] && !(*dst[i] = strdup(src[i]))) {
            for (int j = 0; j < i; j++) {
                free((char *)*dst[j]);
                *dst[j] = NULL;
            }
            return -1;
        }
    }
    return 0;
}

static int by_ok(const char *by)
{
    return by && *by && strlen(by) <= OVERLAY_MAX_BY && !ovl_has_control(by) &&
           !strchr(by, '\n');
}

/* Adds or replaces a text entry (already checked), taking copies. */
static enum kiosk_err put_text(struct ovl_lang *l, const char *item,
                               const char *field, const char *text,
                               const char *by, const char *date)
{
    int found;
    int at = text_pos(l, item, field, &found);
    struct overlay_text t;
    char *nfc = ovl_nfc(text, NULL);
    if (!nfc) {
        return KIOSK_ENOMEM;
    }
    const char **dst[] = {&t.item, &t.field, &t.by, &t.date};
    const char *const src[] = {item, field, by, date};
    if (strdup_all(dst, src, 4)) {
        free(nfc);
        return KIOSK_ENOMEM;
    }
    t.text = nfc;
    if (found) {
        free_text(&l->texts[at]);
    } else if (insert_at((void **)&l->texts, &l->ntexts, &l->ctexts,
                         sizeof t, at)) {
        free_text(&t);
        return KIOSK_ENOMEM;
    }
    l->texts[at] = t;
    return KIOSK_OK;
}

static enum kiosk_err put_review(struct ovl_lang *l, const char *item,
                                 enum overlay_status status, const char *by,
                                 const char *date, const char *hash)
{
    int found;
    int at = review_pos(l, item, &found);
    struct overlay_review r = {.status = status};
    const char **dst[] = {&r.item, &r.by, &r.date, &r.hash};
    const char *const src[] = {item, by, date, hash};
    if (strdup_all(dst, src, 4)) {
        return KIOSK_ENOMEM;
    }
    if (found) {
        free_review(&l->reviews[at]);
    } else if (insert_at((void **)&l->reviews, &l->nreviews, &l->creviews,
                         sizeof r, at)) {
        free_review(&r);
        return KIOSK_ENOMEM;
    }
    l->reviews[at] = r;
    return KIOSK_OK;
}

static enum kiosk_err put_clip(struct ovl_lang *l, const char *item,
                               const char *file, double seconds,
                               const char *by, const char *date)
{
    int found;
    int at = clip_pos(l, item, &found);
    struct overlay_clip c = {.seconds = seconds};
    const char **dst[] = {&c.item, &c.file, &c.by, &c.date};
    const char *const src[] = {item, file, by, date};
    if (strdup_all(dst, src, 4)) {
        return KIOSK_ENOMEM;
    }
    if (found) {
        free_clip(&l->clips[at]);
    } else if (insert_at((void **)&l->clips, &l->nclips, &l->cclips,
                         sizeof c, at)) {
        free_clip(&c);
        return KIOSK_ENOMEM;
    }
    l->clips[at] = c;
    return KIOSK_OK;
}

/* ---- public model ----------------------------------------------------- */

struct overlay *overlay_new(const char *dir)
{
    struct overlay *ov = calloc(1, sizeof *ov);
    if (!ov) {
        return NULL;
    }
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') {
        n--;
    }
    ov->dir = strndup(dir, n);
    if (!ov->dir) {
        free(ov);
        return NULL;
    }
    return ov;
}

void overlay_free(struct overlay *ov)
{
    if (!ov) {
        return;
    }
    for (int i = 0; i < ov->nlangs; i++) {
        free_lang_entries(&ov->langs[i]);
    }
    free(ov->langs);
    free(ov->dir);
    free(ov);
}

const char *overlay_dir(const struct overlay *ov)
{
    return ov->dir;
}

int overlay_nlangs(const struct overlay *ov)
{
    return ov ? ov->nlangs : 0;
}

const char *overlay_lang(const struct overlay *ov, int i)
{
    return ov && i >= 0 && i < ov->nlangs ? ov->langs[i].code : NULL;
}

int overlay_lang_broken(const struct overlay *ov, const char *lang)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l && l->broken;
}

int overlay_ntexts(const struct overlay *ov, const char *lang)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l ? l->ntexts : 0;
}

const struct overlay_text *overlay_text_at(const struct overlay *ov,
                                           const char *lang, int k)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l && k >= 0 && k < l->ntexts ? &l->texts[k] : NULL;
}

int overlay_nreviews(const struct overlay *ov, const char *lang)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l ? l->nreviews : 0;
}

const struct overlay_review *overlay_review_at(const struct overlay *ov,
                                               const char *lang, int k)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l && k >= 0 && k < l->nreviews ? &l->reviews[k] : NULL;
}

int overlay_nclips(const struct overlay *ov, const char *lang)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l ? l->nclips : 0;
}

const struct overlay_clip *overlay_clip_at(const struct overlay *ov,
                                           const char *lang, int k)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    return l && k >= 0 && k < l->nclips ? &l->clips[k] : NULL;
}

const struct overlay_text *overlay_text_get(const struct overlay *ov,
                                            const char *lang,
                                            const char *item,
                                            const char *field)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    int found = 0;
    int at = l ? text_pos(l, item, field, &found) : 0;
    return found ? &l->texts[at] : NULL;
}

const struct overlay_review *overlay_review_get(const struct overlay *ov,
                                                const char *lang,
                                                const char *item)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    int found = 0;
    int at = l ? review_pos(l, item, &found) : 0;
    return found ? &l->reviews[at] : NULL;
}

const struct overlay_clip *overlay_clip_get(const struct overlay *ov,
                                            const char *lang,
                                            const char *item)
{
    const struct ovl_lang *l = ov ? find_lang(ov, lang) : NULL;
    int found = 0;
    int at = l ? clip_pos(l, item, &found) : 0;
    return found ? &l->clips[at] : NULL;
}

/* The language to change: added when new; NULL with *e set otherwise. */
static struct ovl_lang *lang_for_change(struct overlay *ov, const char *lang,
                                        enum kiosk_err *e)
{
    struct ovl_lang *l = find_lang(ov, lang);
    if (l && l->broken) {
        *e = KIOSK_EREADONLY;
        return NULL;
    }
    if (!l) {
        if (!lang || !overlay_lang_code_ok(lang)) {
            *e = KIOSK_EINVAL;
            return NULL;
        }
        l = add_lang(ov, lang);
        if (!l) {
            *e = ov->nlangs >= OVERLAY_MAX_LANGS ? KIOSK_EFULL
                                                 : KIOSK_ENOMEM;
        }
    }
    return l;
}

enum kiosk_err overlay_set_text(struct overlay *ov, const char *lang,
                                const char *item, const char *field,
                                const char *text, const char *by,
                                const char *date)
{
    if (!overlay_key_check(item, field, NULL, 0) ||
        (text && (!ovl_has_text(text) || ovl_has_control(text) ||
                  !by_ok(by) ||
                  !date || !ovl_date_ok(date)))) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = KIOSK_OK;
    struct ovl_lang *l = lang_for_change(ov, lang, &e);
    if (!l) {
        return e;
    }
    if (text) {
        return put_text(l, item, field, text, by, date);
    }
    int found;
    int at = text_pos(l, item, field, &found);
    if (found) {
        free_text(&l->texts[at]);
        remove_at(l->texts, &l->ntexts, sizeof *l->texts, at);
    }
    return KIOSK_OK;
}

static int hash_ok(const char *h)
{
    if (!h || strlen(h) != OVERLAY_HASH_LEN) {
        return 0;
    }
    for (; *h; h++) {
        if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

enum kiosk_err overlay_set_review(struct overlay *ov, const char *lang,
                                  const char *item,
                                  enum overlay_status status, const char *by,
                                  const char *date, const char *hash)
{
    if (!overlay_key_check(item, NULL, NULL, 0) ||
        (status != OVERLAY_UNREVIEWED &&
         ((status != OVERLAY_REVIEWED && status != OVERLAY_NEEDS_FIXING) ||
          !by_ok(by) || !date || !ovl_date_ok(date) || !hash_ok(hash)))) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = KIOSK_OK;
    struct ovl_lang *l = lang_for_change(ov, lang, &e);
    if (!l) {
        return e;
    }
    if (status != OVERLAY_UNREVIEWED) {
        return put_review(l, item, status, by, date, hash);
    }
    int found;
    int at = review_pos(l, item, &found);
    if (found) {
        free_review(&l->reviews[at]);
        remove_at(l->reviews, &l->nreviews, sizeof *l->reviews, at);
    }
    return KIOSK_OK;
}

enum kiosk_err overlay_set_clip(struct overlay *ov, const char *lang,
                                const char *item, const char *file,
                                double seconds, const char *by,
                                const char *date)
{
    struct ovl_key k;
    if (!ovl_key_parse(item, &k, NULL, 0) || !ovl_kind_has_audio(k.kind) ||
        (file && (!ovl_clip_name_ok(file) || !(seconds >= 0) ||
                  seconds > MAX_CLIP_SECONDS || !by_ok(by) || !date ||
                  !ovl_date_ok(date)))) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = KIOSK_OK;
    struct ovl_lang *l = lang_for_change(ov, lang, &e);
    if (!l) {
        return e;
    }
    if (file) {
        return put_clip(l, item, file, seconds, by, date);
    }
    int found;
    int at = clip_pos(l, item, &found);
    if (found) {
        free_clip(&l->clips[at]);
        remove_at(l->clips, &l->nclips, sizeof *l->clips, at);
    }
    return KIOSK_OK;
}

const char *overlay_clip_path(const struct overlay *ov, const char *lang,
                              const char *file, char *buf, size_t n)
{
    int w = snprintf(buf, n, "%s/%s/%s/%s", ov->dir, AUDIO_DIR, lang, file);
    return w < 0 || (size_t)w >= n ? NULL : buf;
}

/* ---- reading the files ------------------------------------------------ */

/* Column positions of one file; -1 = absent. */
struct cols {
    int c[6];
};

/* Maps the header against `names` (n of them, all required) with the
 * pack sheets' mapper; 0 when a column is unknown, twice or missing. */
static int map_cols(const struct csv_table *t, const char *const *names,
                    int n, struct cols *m, struct kiosk_diag *d)
{
    struct sheet_spec specs[sizeof m->c / sizeof m->c[0]];
    assert(n <= (int)(sizeof specs / sizeof specs[0]));
    for (int i = 0; i < n; i++) {
        specs[i] = (struct sheet_spec){names[i], 0, 1};
    }
    int errors0 = d->errors, none = -1;
    int ok = sheet_map_columns(t, t->name, specs, n, NULL, NULL, m->c, &none,
                               0, d);
    return ok && d->errors == errors0;
}

/* Reads rel (in the language folder) into t. 1 read, 0 absent, -1 bad. */
static int read_table(const char *dir, const char *lang, const char *file,
                      struct csv_table *t, struct kiosk_diag *d)
{
    char path[4200], rel[64];
    snprintf(path, sizeof path, "%s/%s/%s", dir, lang, file);
    snprintf(rel, sizeof rel, "%s/%s", lang, file);
    memset(t, 0, sizeof *t);
    struct stat st;
    if (lstat(path, &st) != 0) {
        return errno == ENOENT ? 0 : -1;
    }
    if (!S_ISREG(st.st_mode)) {
        kiosk_diag_err(d, rel, 0, 0, "not a regular file");
        return -1;
    }
    return csv_load(path, rel, t, d) == KIOSK_OK ? 1 : -1;
}

static int check_by_date(const struct csv_table *t, int r, int cby,
                         int cdate, struct kiosk_diag *d)
{
    int ok = 1;
    const char *by = csv_cell(t, r, cby), *date = csv_cell(t, r, cdate);
    if (!by_ok(by)) {
        kiosk_diag_err(d, t->name, r + 1, cby + 1,
                       "'by' must be a staff name of 1-%d bytes on one line",
                       OVERLAY_MAX_BY);
        ok = 0;
    }
    if (!ovl_date_ok(date)) {
        kiosk_diag_err(d, t->name, r + 1, cdate + 1,
                       "date '%s' must be YYYY-MM-DD HH:MM", date);
        ok = 0;
    }
    return ok;
}

/* One row of an overlay file: its columns (as named in the row loop's
 * `names`), the row's number, the language it fills and where to report. */
struct ovl_row {
    const struct csv_table *t;
    const struct cols *m;
    int r;
    const char *dir;
    struct ovl_lang *l;
    struct kiosk_diag *d;
};

/* Checks row x and stores it: 1 stored, 0 refused (reported), -1 out of
 * memory. `ok` says whether the common checks passed. */
typedef int (*ovl_row_fn)(const struct ovl_row *x, int ok);

/* The loop every overlay file shares: maps the header (`names`, 5
 * columns, "by" and "date" at by_col and by_col + 1), skips blank rows,
 * checks by and date, and hands each row to `fn`. 1 when every row was
 * stored. */
static int load_rows(const char *dir, struct ovl_lang *l,
                     const struct csv_table *t, const char *const names[5],
                     int by_col, ovl_row_fn fn, struct kiosk_diag *d)
{
    struct cols m;
    if (!map_cols(t, names, 5, &m, d)) {
        return 0;
    }
    int ok = 1;
    for (int r = 1; r < t->nrows; r++) {
        if (csv_row_blank(t, r)) {
            continue;
        }
        struct ovl_row x = {t, &m, r, dir, l, d};
        int row_ok = check_by_date(t, r, m.c[by_col], m.c[by_col + 1], d);
        int got = fn(&x, row_ok);
        if (got < 0) {
            kiosk_diag_err(d, t->name, r + 1, 0, "out of memory");
            return 0;
        }
        ok &= got;
    }
    return ok;
}

/* Cell k of row x, and a report at its column. */
static const char *cell(const struct ovl_row *x, int k)
{
    return csv_cell(x->t, x->r, x->m->c[k]);
}

#define ROW_ERR(x, k, ...)                                                   \
    kiosk_diag_err((x)->d, (x)->t->name, (x)->r + 1, (x)->m->c[k] + 1,       \
                   __VA_ARGS__)

/* The item key in column 0: 1 when it names something of the pack's
 * kinds (and, for texts, a field of its kind in column 1). */
static int row_item_ok(const struct ovl_row *x, int with_field)
{
    char why[160];
    const char *item = cell(x, 0);
    if (!overlay_key_check(item, NULL, why, sizeof why)) {
        ROW_ERR(x, 0, "item '%s': %s", item, why);
        return 0;
    }
    if (with_field && !overlay_key_check(item, cell(x, 1), why, sizeof why)) {
        ROW_ERR(x, 1, "%s", why);
        return 0;
    }
    return 1;
}

/* texts.csv: item, field, text, by, date */
static int text_row(const struct ovl_row *x, int ok)
{
    const char *item = cell(x, 0), *field = cell(x, 1), *text = cell(x, 2);
    ok &= row_item_ok(x, 1);
    if (!ovl_has_text(text)) {
        ROW_ERR(x, 2, "empty text");
        ok = 0;
    } else if (ovl_has_control(text)) {
        ROW_ERR(x, 2, "text holds a control character");
        ok = 0;
    }
    int found = 0;
    if (ok) {
        text_pos(x->l, item, field, &found);
    }
    if (found) {
        ROW_ERR(x, 0, "item '%s' field '%s' appears twice", item, field);
        return 0;
    }
    if (!ok) {
        return 0;
    }
    return put_text(x->l, item, field, text, cell(x, 3), cell(x, 4)) ? -1 : 1;
}

/* reviews.csv: item, status, by, date, hash */
static int review_row(const struct ovl_row *x, int ok)
{
    const char *item = cell(x, 0), *status = cell(x, 1), *hash = cell(x, 4);
    ok &= row_item_ok(x, 0);
    enum overlay_status s = OVERLAY_UNREVIEWED;
    if (strcmp(status, "reviewed") == 0) {
        s = OVERLAY_REVIEWED;
    } else if (strcmp(status, "needs-fixing") == 0) {
        s = OVERLAY_NEEDS_FIXING;
    } else {
        ROW_ERR(x, 1, "status '%s' must be 'reviewed' or 'needs-fixing'",
                status);
        ok = 0;
    }
    if (!hash_ok(hash)) {
        ROW_ERR(x, 4, "hash must be %d lowercase hex digits",
                OVERLAY_HASH_LEN);
        ok = 0;
    }
    int found = 0;
    if (ok) {
        review_pos(x->l, item, &found);
    }
    if (found) {
        ROW_ERR(x, 0, "item '%s' appears twice", item);
        return 0;
    }
    if (!ok) {
        return 0;
    }
    return put_review(x->l, item, s, cell(x, 2), cell(x, 3), hash) ? -1 : 1;
}

static int parse_seconds(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || errno || *end || !(v >= 0) || v > MAX_CLIP_SECONDS) {
        return 0;
    }
    *out = v;
    return 1;
}

/* The clip file of a clips.csv row: a plain name; a missing file is only
 * a warning (the entry stays and staff are told when it is applied). */
static int clip_file_ok(const struct ovl_row *x, const char *file)
{
    if (!ovl_clip_name_ok(file)) {
        ROW_ERR(x, 1,
                "file '%s' must be a name of letters, digits, '_', '-' and "
                "'.' ending in .ogg",
                file);
        return 0;
    }
    char path[4400];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s/%s/%s", x->dir, AUDIO_DIR, x->l->code,
             file);
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        kiosk_diag_warn(x->d, x->t->name, x->r + 1, x->m->c[1] + 1,
                        "clip file %s/%s/%s is missing", AUDIO_DIR,
                        x->l->code, file);
    }
    return 1;
}

/* clips.csv: item, file, seconds, by, date */
static int clip_row(const struct ovl_row *x, int ok)
{
    const char *item = cell(x, 0), *file = cell(x, 1);
    char why[160];
    struct ovl_key k;
    if (!ovl_key_parse(item, &k, why, sizeof why)) {
        ROW_ERR(x, 0, "item '%s': %s", item, why);
        ok = 0;
    } else if (!ovl_kind_has_audio(k.kind)) {
        ROW_ERR(x, 0, "item '%s' takes no narration", item);
        ok = 0;
    }
    ok &= clip_file_ok(x, file);
    double secs = 0;
    if (!parse_seconds(cell(x, 2), &secs)) {
        ROW_ERR(x, 2, "seconds must be a number from 0 to %.0f",
                MAX_CLIP_SECONDS);
        ok = 0;
    }
    int found = 0;
    if (ok) {
        clip_pos(x->l, item, &found);
    }
    if (found) {
        ROW_ERR(x, 0, "item '%s' appears twice", item);
        return 0;
    }
    if (!ok) {
        return 0;
    }
    return put_clip(x->l, item, file, secs, cell(x, 3), cell(x, 4)) ? -1 : 1;
}

static int load_texts(struct ovl_lang *l, const struct csv_table *t,
                      struct kiosk_diag *d)
{
    static const char *const names[] = {"item", "field", "text", "by",
                                        "date"};
    return load_rows(NULL, l, t, names, 3, text_row, d);
}

static int load_reviews(struct ovl_lang *l, const struct csv_table *t,
                        struct kiosk_diag *d)
{
    static const char *const names[] = {"item", "status", "by", "date",
                                        "hash"};
    return load_rows(NULL, l, t, names, 2, review_row, d);
}

static int load_clips(const char *dir, struct ovl_lang *l,
                      const struct csv_table *t, struct kiosk_diag *d)
{
    static const char *const names[] = {"item", "file", "seconds", "by",
                                        "date"};
    return load_rows(dir, l, t, names, 3, clip_row, d);
}

/* Loads one language folder; 1 when it is whole. */
static int load_lang(const char *dir, struct ovl_lang *l,
                     struct kiosk_diag *d)
{
    static const char *const files[3] = {F_TEXTS, F_REVIEWS, F_CLIPS};
    int ok = 1;
    for (int f = 0; f < 3; f++) {
        struct csv_table t;
        int rc = read_table(dir, l->code, files[f], &t, d);
        if (rc < 0) {
            ok = 0;
        } else if (rc > 0) {
            int good = f == 0   ? load_texts(l, &t, d)
                       : f == 1 ? load_reviews(l, &t, d)
                                : load_clips(dir, l, &t, d);
            ok &= good;
        }
        csv_free(&t);
    }
    return ok;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum kiosk_err overlay_load(const char *dir, struct overlay **out,
                            struct kiosk_diag *d)
{
    struct kiosk_diag local = {0};
    if (!d) {
        d = &local;
    }
    *out = overlay_new(dir);
    if (!*out) {
        return KIOSK_ENOMEM;
    }
    struct overlay *ov = *out;
    DIR *dh = opendir(dir);
    if (!dh) {
        kiosk_diag_free(&local);
        if (errno == ENOENT) {
            return KIOSK_OK;
        }
        kiosk_diag_err(d, dir, 0, 0, "cannot read the overlay folder: %s",
                       strerror(errno));
        return KIOSK_EIO;
    }
    char *names[OVERLAY_MAX_LANGS + 1];
    int n = 0, too_many = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, AUDIO_DIR) == 0 ||
            strcmp(e->d_name, FORMS_DIR) == 0) {
            continue;
        }
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue; /* a README or a stray file: not a language */
        }
        if (!overlay_lang_code_ok(e->d_name)) {
            kiosk_diag_warn(d, e->d_name, 0, 0,
                            "folder is not a language code; ignored");
            continue;
        }
        if (n == OVERLAY_MAX_LANGS) {
            too_many = 1;
            continue;
        }
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            break;
        }
        n++;
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    enum kiosk_err rc = KIOSK_OK;
    if (too_many) {
        kiosk_diag_err(d, dir, 0, 0, "more than %d language folders",
                       OVERLAY_MAX_LANGS);
        rc = KIOSK_EPARSE;
    }
    for (int i = 0; i < n; i++) {
        struct ovl_lang *l = add_lang(ov, names[i]);
        free(names[i]);
        if (!l) {
            rc = KIOSK_ENOMEM;
            continue;
        }
        if (!load_lang(dir, l, d)) {
            /* nothing of a damaged language is used or written */
            free_lang_entries(l);
            l->broken = 1;
            if (rc == KIOSK_OK) {
                rc = KIOSK_EPARSE;
            }
        }
    }
    if (rc == KIOSK_ENOMEM) {
        overlay_free(ov);
        *out = NULL;
    }
    kiosk_diag_free(&local);
    return rc;
}

/* ---- writing the files ------------------------------------------------ */

static int fsync_dir(const char *path)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        return -1;
    }
    int rc = fsync(fd);
    close(fd);
    return rc;
}

enum kiosk_err overlay_write_file(const char *path, const void *data,
                                  size_t len)
{
    char tmp[4300];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        return KIOSK_EIO;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return KIOSK_EIO;
    }
    const char *p = data;
    size_t left = len;
    int ok = 1;
    while (left && ok) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        ok = w > 0;
        if (ok) {
            p += w;
            left -= (size_t)w;
        }
    }
    ok &= fsync(fd) == 0;
    ok &= close(fd) == 0;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return KIOSK_EIO;
    }
    (void)fsync_dir(path); /* the rename itself survives a power cut */
    return KIOSK_OK;
}

int ovl_mkdir_p(const char *path)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return mkdir(tmp, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static void row_end(struct ovl_buf *b)
{
    ovl_buf_add(b, "\r\n", 2);
}

static enum kiosk_err write_csv(const char *dir, const char *lang,
                                const char *file, struct ovl_buf *b)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s/%s", dir, lang, file);
    if (b->oom) {
        return KIOSK_ENOMEM;
    }
    return overlay_write_file(path, b->data ? b->data : "", b->len);
}

/* Deletes clips of audio/<lang>/ that no entry names (a clip recorded
 * again, a removed entry); files starting with '.' are work in progress. */
static void remove_unused_clips(const struct overlay *ov,
                                const struct ovl_lang *l)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s/%s", ov->dir, AUDIO_DIR, l->code);
    DIR *dh = opendir(dir);
    if (!dh) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || !ovl_clip_name_ok(e->d_name)) {
            continue;
        }
        int used = 0;
        for (int i = 0; i < l->nclips && !used; i++) {
            used = strcmp(l->clips[i].file, e->d_name) == 0;
        }
        if (!used) {
            char path[4500];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    }
    closedir(dh);
}

enum kiosk_err overlay_save(const struct overlay *ov, const char *lang)
{
    return ovl_save_to(ov, ov->dir, lang, 1);
}

enum kiosk_err ovl_save_to(const struct overlay *ov, const char *to,
                           const char *lang, int prune)
{
    const struct ovl_lang *l = find_lang(ov, lang);
    if (!l) {
        return KIOSK_OK; /* nothing to write */
    }
    if (l->broken) {
        return KIOSK_EREADONLY;
    }
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s", to, lang);
    if (ovl_mkdir_p(dir) != 0) {
        return KIOSK_EIO;
    }
    struct ovl_buf b = {0};
    ovl_buf_str(&b, "item,field,text,by,date\r\n");
    for (int i = 0; i < l->ntexts; i++) {
        const struct overlay_text *t = &l->texts[i];
        const char *cells[] = {t->item, t->field, t->text, t->by, t->date};
        for (int c = 0; c < 5; c++) {
            ovl_buf_str(&b, c ? "," : "");
            ovl_buf_csv(&b, cells[c]);
        }
        row_end(&b);
    }
    enum kiosk_err e = write_csv(to, lang, F_TEXTS, &b);
    ovl_buf_free(&b);
    ovl_buf_str(&b, "item,status,by,date,hash\r\n");
    for (int i = 0; i < l->nreviews; i++) {
        const struct overlay_review *r = &l->reviews[i];
        const char *cells[] = {
            r->item,
            r->status == OVERLAY_REVIEWED ? "reviewed" : "needs-fixing",
            r->by, r->date, r->hash};
        for (int c = 0; c < 5; c++) {
            ovl_buf_str(&b, c ? "," : "");
            ovl_buf_csv(&b, cells[c]);
        }
        row_end(&b);
    }
    if (e == KIOSK_OK) {
        e = write_csv(to, lang, F_REVIEWS, &b);
    }
    ovl_buf_free(&b);
    ovl_buf_str(&b, "item,file,seconds,by,date\r\n");
    for (int i = 0; i < l->nclips; i++) {
        const struct overlay_clip *c = &l->clips[i];
        char secs[32];
        snprintf(secs, sizeof secs, "%.2f", c->seconds);
        const char *cells[] = {c->item, c->file, secs, c->by, c->date};
        for (int k = 0; k < 5; k++) {
            ovl_buf_str(&b, k ? "," : "");
            ovl_buf_csv(&b, cells[k]);
        }
        row_end(&b);
    }
    if (e == KIOSK_OK) {
        e = write_csv(to, lang, F_CLIPS, &b);
    }
    ovl_buf_free(&b);
    if (e == KIOSK_OK && prune) {
        remove_unused_clips(ov, l);
    }
    return e;
}
