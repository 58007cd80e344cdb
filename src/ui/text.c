#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "text.h"

/* Scripts we have fonts for. Every other script falls to the Latin font
 * (and shows as boxes; --check-pack reports it through text_covered). */
enum { FS_LATN, FS_KHMR, FS_TAVT, FS_COUNT };

static const struct {
    const char *tag;      /* HarfBuzz script (ISO 15924) */
    const char *regular;  /* file in font_dir */
    const char *bold;     /* NULL: no bold face; emboldened by SDL_ttf */
    UChar32 first, last;  /* its letters, for the size measure */
} font_files[FS_COUNT] = {
    {"Latn", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", 'a', 'z'},
    {"Khmr", "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf", 0x1780,
     0x17A2},
    {"Tavt", "NotoSansTaiViet-Regular.ttf", NULL, 0xAA80, 0xAAAF},
};

#define FONT_SLOTS 40        /* open (script, weight, size) faces */
#define LAYOUT_SLOTS 384     /* cached layouts */
#define TEX_SLOTS 160        /* cached textures */
#define TEX_BYTES_MAX (24u * 1024 * 1024) /* texture cache budget */
#define TEXT_MAX 65536       /* longest string laid out, bytes */

struct font_slot {
    TTF_Font *font;
    int fs, bold, px;
    unsigned long used;
};

/* A piece of one line drawn with one font. */
struct piece {
    int fs;          /* font script index */
    int start, len;  /* byte range in the layout's text */
    int x, w;        /* position and advance in the line */
};

struct line {
    int first, n;    /* pieces */
    int w;           /* width of the line */
    int y, ascent;   /* top and baseline offset of the line in the block */
    int b0, b1;      /* its bytes in the shown text (trailing spaces out) */
};

struct layout {
    unsigned long long hash;
    char *text;      /* the string asked for (the cache key) */
    char *shown;     /* what is drawn: text, or its cut copy ending in "…" */
    int cut;         /* lines were left out (max_lines) */
    struct text_style st;
    int w, h;
    struct piece *pieces;
    int npieces;
    struct line *lines;
    int nlines;
    unsigned long used;
};

struct tex_slot {
    unsigned long long hash;
    char *text;
    struct text_style st;
    SDL_Texture *tex;
    int w, h;
    size_t bytes;
    unsigned long used;
};

struct text_engine {
    SDL_Renderer *renderer;
    char dir[512];
    struct font_slot fonts[FONT_SLOTS];
    struct layout *layouts[LAYOUT_SLOTS];
    struct tex_slot tex[TEX_SLOTS];
    size_t tex_bytes;
    unsigned long clock;      /* LRU stamp */
    long made_layouts, made_textures;
    double scale[FS_COUNT];   /* font size against Latin, per script */
    UBreakIterator *brk;
    UBreakIterator *chr;      /* characters (grapheme clusters) of the
                                 paragraph, for words wider than a line */
    UBreakIterator *cut_words, *cut_chars; /* where a cut may fall */
    /* scratch buffers reused between layouts */
    UChar *u16;
    int32_t *u16_to_u8;
    unsigned char *fs_of;     /* font script per UTF-16 unit */
    int scratch_cap;
    char *tmp;                /* NUL-terminated copy of a piece */
};

static int ttf_users;

static TTF_Font *font_get(struct text_engine *te, int fs, int bold, int px)
{
    struct font_slot *lru = &te->fonts[0];
    for (int i = 0; i < FONT_SLOTS; i++) {
        struct font_slot *f = &te->fonts[i];
        if (f->font && f->fs == fs && f->bold == bold && f->px == px) {
            f->used = ++te->clock;
            return f->font;
        }
        if (!f->font || f->used < lru->used) {
            lru = f;
        }
        if (!f->font) {
            break;
        }
    }
    char path[700];
    int synth = bold && !font_files[fs].bold;
    snprintf(path, sizeof path, "%s/%s", te->dir,
             bold && !synth ? font_files[fs].bold : font_files[fs].regular);
    double k = te->scale[fs] > 0 ? te->scale[fs] : 1.0;
    TTF_Font *font = TTF_OpenFont(path, (int)(px * k + 0.5));
    if (!font) {
        return NULL;
    }
    /* Without this HarfBuzz shapes Khmer as if it had no script: dotted
     * circles and unreordered vowels (design/platform.md 1.2). */
    TTF_SetFontScriptName(font, font_files[fs].tag);
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    if (synth) {
        /* Tai Viet has no bold face: a bold title in Tai Viet beside
         * bold Latin looked thin and small (issue 15) */
        TTF_SetFontStyle(font, TTF_STYLE_BOLD);
    }
    if (lru->font) {
        TTF_CloseFont(lru->font);
    }
    lru->font = font;
    lru->fs = fs;
    lru->bold = bold;
    lru->px = px;
    lru->used = ++te->clock;
    return font;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* How high a script's letters reach above the baseline at 100 px: for
 * Latin the mean over a-z (running text shows x-height letters and
 * ascenders), for the others the median over their letters (the body they
 * are read by). -1 when the font cannot be opened. */
static double letter_top(const char *dir, int fs)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, font_files[fs].regular);
    TTF_Font *f = TTF_OpenFont(path, 100);
    if (!f) {
        return -1;
    }
    int tops[64], n = 0;
    for (UChar32 c = font_files[fs].first; c <= font_files[fs].last && n < 64;
         c++) {
        int minx, maxx, miny, maxy, adv;
        if (TTF_GlyphIsProvided32(f, (Uint32)c) &&
            TTF_GlyphMetrics32(f, (Uint32)c, &minx, &maxx, &miny, &maxy,
                               &adv) == 0 && maxy > 0) {
            tops[n++] = maxy;
        }
    }
    TTF_CloseFont(f);
    if (n == 0) {
        return -1;
    }
    if (fs == FS_LATN) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += tops[i];
        }
        return sum / n;
    }
    qsort(tops, (size_t)n, sizeof tops[0], cmp_int);
    return n % 2 ? tops[n / 2] : (tops[n / 2 - 1] + tops[n / 2]) / 2.0;
}

/* Sizes each script's font so its letters look as big as Latin beside it
 * (issue 15: Tai Viet read small). With Noto Sans at 100 px Latin letters
 * reach 61.8 px on average, Tai Viet's body 55.5 (x 1.11), Khmer's 59
 * (x 1.05). A difference within 5 % (a pixel at body size) is left alone:
 * Khmer keeps its size. */
static void measure_scales(struct text_engine *te)
{
    double latin = letter_top(te->dir, FS_LATN);
    for (int fs = 0; fs < FS_COUNT; fs++) {
        double top = fs == FS_LATN ? latin : letter_top(te->dir, fs);
        double k = latin > 0 && top > 0 ? latin / top : 1.0;
        te->scale[fs] = k < 1.05 ? 1.0 : k > 1.3 ? 1.3 : k;
    }
}

double text_script_scale(const struct text_engine *te, const char *tag)
{
    for (int fs = 0; fs < FS_COUNT; fs++) {
        if (strcmp(font_files[fs].tag, tag) == 0) {
            return te->scale[fs];
        }
    }
    return 1.0;
}

struct text_engine *text_engine_new(SDL_Renderer *renderer,
                                    const char *font_dir,
                                    struct kiosk_diag *diag)
{
    if (ttf_users == 0 && TTF_Init() != 0) {
        kiosk_diag_err(diag, "fonts", 0, 0, "TTF_Init: %s", TTF_GetError());
        return NULL;
    }
    ttf_users++;
    struct text_engine *te = calloc(1, sizeof *te);
    if (!te) {
        return NULL;
    }
    te->renderer = renderer;
    snprintf(te->dir, sizeof te->dir, "%s", font_dir);
    measure_scales(te);
    for (int fs = 0; fs < FS_COUNT; fs++) {
        for (int b = 0; b < 2; b++) {
            if (!font_get(te, fs, b, 20)) {
                kiosk_diag_err(diag, b && font_files[fs].bold
                                         ? font_files[fs].bold
                                         : font_files[fs].regular,
                               0, 0, "cannot open font in %s: %s", font_dir,
                               TTF_GetError());
                text_engine_free(te);
                return NULL;
            }
        }
    }
    UErrorCode uerr = U_ZERO_ERROR;
    te->brk = ubrk_open(UBRK_LINE, "", NULL, 0, &uerr);
    if (U_SUCCESS(uerr)) {
        te->chr = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &uerr);
    }
    if (U_SUCCESS(uerr)) {
        te->cut_words = ubrk_open(UBRK_LINE, "", NULL, 0, &uerr);
    }
    if (U_SUCCESS(uerr)) {
        te->cut_chars = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &uerr);
    }
    if (U_FAILURE(uerr)) {
        kiosk_diag_err(diag, "icu", 0, 0, "ubrk_open: %s", u_errorName(uerr));
        text_engine_free(te);
        return NULL;
    }
    return te;
}

static void layout_free(struct layout *l)
{
    if (l) {
        if (l->shown != l->text) {
            free(l->shown);
        }
        free(l->text);
        free(l->pieces);
        free(l->lines);
        free(l);
    }
}

void text_engine_free(struct text_engine *te)
{
    if (!te) {
        return;
    }
    for (int i = 0; i < FONT_SLOTS; i++) {
        if (te->fonts[i].font) {
            TTF_CloseFont(te->fonts[i].font);
        }
    }
    for (int i = 0; i < LAYOUT_SLOTS; i++) {
        layout_free(te->layouts[i]);
    }
    for (int i = 0; i < TEX_SLOTS; i++) {
        if (te->tex[i].tex) {
            SDL_DestroyTexture(te->tex[i].tex);
        }
        free(te->tex[i].text);
    }
    UBreakIterator *its[4] = {te->brk, te->chr, te->cut_words,
                              te->cut_chars};
    for (int i = 0; i < 4; i++) {
        if (its[i]) {
            ubrk_close(its[i]);
        }
    }
    free(te->u16);
    free(te->u16_to_u8);
    free(te->fs_of);
    free(te->tmp);
    free(te);
    if (--ttf_users == 0) {
        TTF_Quit();
    }
}

static unsigned long long key_hash(const char *s, const struct text_style *st)
{
    unsigned long long h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h = (h ^ *p) * 1099511628211ULL;
    }
    int parts[6] = {st->px, st->bold, st->wrap_w, (int)st->align,
                    st->max_lines, st->break_words};
    for (int i = 0; i < 6; i++) {
        h = (h ^ (unsigned)parts[i]) * 1099511628211ULL;
    }
    return h;
}

static int same_key(unsigned long long h1, const char *t1,
                    const struct text_style *a, unsigned long long h2,
                    const char *t2, const struct text_style *b)
{
    return h1 == h2 && a->px == b->px && a->bold == b->bold &&
           a->wrap_w == b->wrap_w && a->align == b->align &&
           a->max_lines == b->max_lines &&
           a->break_words == b->break_words && strcmp(t1, t2) == 0;
}

static int script_class(UChar32 c, int current, struct text_engine *te,
                        int px)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &e);
    if (sc == USCRIPT_KHMER) {
        return FS_KHMR;
    }
    if (sc == USCRIPT_TAI_VIET) {
        return FS_TAVT;
    }
    if (sc == USCRIPT_INHERITED) {
        return current; /* combining marks stay with their base */
    }
    if (sc == USCRIPT_COMMON) {
        /* Digits, punctuation, spaces: keep the current font if it has the
         * glyph (Khmer has '.' and ',' but no Latin digits). */
        TTF_Font *f = font_get(te, current, 0, px);
        if (current != FS_LATN && f && TTF_GlyphIsProvided32(f, (Uint32)c)) {
            return current;
        }
        return FS_LATN;
    }
    return FS_LATN;
}

static int ensure_scratch(struct text_engine *te, int n)
{
    if (n <= te->scratch_cap) {
        return 0;
    }
    int cap = n + 256;
    UChar *u = realloc(te->u16, sizeof(UChar) * (size_t)cap);
    if (!u) {
        return -1;
    }
    te->u16 = u;
    int32_t *m = realloc(te->u16_to_u8, sizeof(int32_t) * (size_t)(cap + 1));
    if (!m) {
        return -1;
    }
    te->u16_to_u8 = m;
    unsigned char *f = realloc(te->fs_of, (size_t)cap);
    if (!f) {
        return -1;
    }
    te->fs_of = f;
    char *t = realloc(te->tmp, (size_t)cap * 4 + 4);
    if (!t) {
        return -1;
    }
    te->tmp = t;
    te->scratch_cap = cap;
    return 0;
}

/* Width of text[a..b) bytes drawn with font fs. */
static int piece_width(struct text_engine *te, const char *text, int a, int b,
                       int fs, const struct text_style *st)
{
    if (b <= a) {
        return 0;
    }
    TTF_Font *f = font_get(te, fs, st->bold, st->px);
    memcpy(te->tmp, text + a, (size_t)(b - a));
    te->tmp[b - a] = '\0';
    int w = 0, h = 0;
    if (!f || TTF_SizeUTF8(f, te->tmp, &w, &h) != 0) {
        return 0;
    }
    return w;
}

/* Width of UTF-16 range [a, b) of the current paragraph, split by font. */
static int range_width(struct text_engine *te, const char *text, int a, int b,
                       const struct text_style *st)
{
    int w = 0;
    while (a < b) {
        int fs = te->fs_of[a], e = a;
        while (e < b && te->fs_of[e] == fs) {
            e++;
        }
        w += piece_width(te, text, te->u16_to_u8[a], te->u16_to_u8[e], fs, st);
        a = e;
    }
    return w;
}

struct lay_build {
    struct layout *l;
    int pieces_cap, lines_cap;
};

static int add_line(struct text_engine *te, struct lay_build *b,
                    const char *text, int a, int e)
{
    struct layout *l = b->l;
    /* drop trailing spaces (they do not count for the fit or alignment) */
    while (e > a && (te->u16[e - 1] == ' ' || te->u16[e - 1] == 0x200B ||
                     te->u16[e - 1] == '\t')) {
        e--;
    }
    if (l->nlines == b->lines_cap) {
        b->lines_cap = b->lines_cap ? b->lines_cap * 2 : 8;
        struct line *nl = realloc(l->lines, sizeof *nl * (size_t)b->lines_cap);
        if (!nl) {
            return -1;
        }
        l->lines = nl;
    }
    struct line *ln = &l->lines[l->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->first = l->npieces;
    ln->b0 = te->u16_to_u8[a];
    ln->b1 = te->u16_to_u8[e];
    int x = 0;
    while (a < e) {
        int fs = te->fs_of[a], k = a;
        while (k < e && te->fs_of[k] == fs) {
            k++;
        }
        if (l->npieces == b->pieces_cap) {
            b->pieces_cap = b->pieces_cap ? b->pieces_cap * 2 : 16;
            struct piece *np =
                realloc(l->pieces, sizeof *np * (size_t)b->pieces_cap);
            if (!np) {
                return -1;
            }
            l->pieces = np;
        }
        struct piece *p = &l->pieces[l->npieces++];
        p->fs = fs;
        p->start = te->u16_to_u8[a];
        p->len = te->u16_to_u8[k] - p->start;
        p->x = x;
        p->w = piece_width(te, text, p->start, p->start + p->len, fs,
                           &l->st);
        x += p->w;
        ln->n++;
        a = k;
    }
    ln->w = x;
    return 0;
}

/* 1 if the break opportunity before u[brk] falls on the spaces inside a
 * number written in groups, as phone numbers are ("1800 1234", "(028)
 * 3930 5555"): a digit or ')' before the spaces, a digit or '(' after.
 * ICU allows a break at any space; a number split over two lines is
 * misread or misdialled, so these spaces do not break, on the screen and
 * on the ticket alike. (U+00A0 and U+202F never break in ICU already.) */
static int inside_number(const UChar *u, int32_t n, int32_t brk)
{
    if (brk <= 0 || brk >= n || !(u_isdigit(u[brk]) || u[brk] == '(')) {
        return 0;
    }
    int32_t j = brk - 1;
    while (j >= 0 && u[j] == ' ') {
        j--;
    }
    return j >= 0 && j < brk - 1 && (u_isdigit(u[j]) || u[j] == ')');
}

/* A word wider than the whole line (a path, a long number, a narrow
 * column) breaks between characters: lines [pos, ...) of at most wrap_w,
 * each at least one character. Returns where the last, partial line
 * starts; *w its width. */
static int break_long_word(struct text_engine *te, struct lay_build *b,
                           const char *text, int32_t n16, int pos, int end,
                           int *w)
{
    const struct text_style *st = &b->l->st;
    UErrorCode e = U_ZERO_ERROR;
    ubrk_setText(te->chr, te->u16, n16, &e);
    if (U_FAILURE(e)) {
        *w = range_width(te, text, pos, end, st);
        return pos;
    }
    while (range_width(te, text, pos, end, st) > st->wrap_w) {
        int32_t q = ubrk_following(te->chr, pos);
        if (q == UBRK_DONE || q >= end) {
            break;
        }
        for (int32_t next = ubrk_following(te->chr, q);
             next != UBRK_DONE && next <= end &&
             range_width(te, text, pos, next, st) <= st->wrap_w;
             next = ubrk_following(te->chr, next)) {
            q = next;
        }
        if (add_line(te, b, text, pos, q)) {
            return -1;
        }
        pos = q;
    }
    *w = range_width(te, text, pos, end, st);
    return pos;
}

/* Lays out one paragraph text[p0..p1) into lines. */
static int layout_paragraph(struct text_engine *te, struct lay_build *b,
                            const char *text, int p0, int p1)
{
    const struct text_style *st = &b->l->st;
    UErrorCode e = U_ZERO_ERROR;
    int32_t n16 = 0;
    if (ensure_scratch(te, (p1 - p0) + 1)) {
        return -1;
    }
    u_strFromUTF8(te->u16, te->scratch_cap, &n16, text + p0, p1 - p0, &e);
    if (U_FAILURE(e)) {
        te->u16_to_u8[0] = p0;
        return add_line(te, b, text, 0, 0);
    }
    /* map UTF-16 index -> byte offset in text, and font per unit */
    int32_t i16 = 0, i8 = p0;
    int current = FS_LATN;
    while (i16 < n16) {
        UChar32 c;
        int32_t start16 = i16;
        U16_NEXT(te->u16, i16, n16, c);
        int fs = script_class(c, current, te, st->px);
        current = fs;
        int bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        for (int32_t k = start16; k < i16; k++) {
            te->u16_to_u8[k] = i8;
            te->fs_of[k] = (unsigned char)fs;
        }
        i8 += bytes;
    }
    te->u16_to_u8[n16] = i8;
    if (n16 == 0 || st->wrap_w <= 0) {
        return add_line(te, b, text, 0, n16);
    }
    ubrk_setText(te->brk, te->u16, n16, &e);
    if (U_FAILURE(e)) {
        return add_line(te, b, text, 0, n16);
    }
    int line_start = 0, line_w = 0, seg_start = 0;
    for (int32_t brk = ubrk_following(te->brk, 0); brk != UBRK_DONE;
         brk = ubrk_next(te->brk)) {
        if (inside_number(te->u16, n16, brk)) {
            continue; /* the segment goes on to the next opportunity */
        }
        /* the segment's width without its trailing spaces decides the fit */
        int32_t trim = brk;
        while (trim > seg_start && (te->u16[trim - 1] == ' ' ||
                                    te->u16[trim - 1] == 0x200B)) {
            trim--;
        }
        int seg_fit = range_width(te, text, seg_start, trim, st);
        /* the candidate line measured whole: pieces measured apart round
         * each on its own and their sum ran a few pixels short */
        if (line_w > 0 &&
            range_width(te, text, line_start, trim, st) > st->wrap_w) {
            if (add_line(te, b, text, line_start, seg_start)) {
                return -1;
            }
            line_start = seg_start;
            line_w = 0;
        }
        int number = 0;
        for (int32_t k = seg_start; k < trim && !number; k++) {
            number = u_isdigit(te->u16[k]);
        }
        if (line_w == 0 && seg_fit > st->wrap_w && !number &&
            st->break_words) {
            /* alone on its line and still too wide; a number stays whole
             * (a phone number split is misdialled): ui_text_fit shrinks
             * the text instead */
            int w = 0;
            line_start = break_long_word(te, b, text, n16, seg_start, trim,
                                         &w);
            if (line_start < 0) {
                return -1;
            }
            line_w = w + range_width(te, text, trim, brk, st);
            seg_start = brk;
            continue;
        }
        line_w += range_width(te, text, seg_start, brk, st);
        seg_start = brk;
    }
    return add_line(te, b, text, line_start, n16);
}

/* Lays out `shown` into l's pieces and lines (what was there goes), then
 * measures the lines. */
static int lay_text(struct text_engine *te, struct layout *l,
                    const char *shown)
{
    free(l->pieces);
    free(l->lines);
    l->pieces = NULL;
    l->lines = NULL;
    l->npieces = l->nlines = 0;
    struct lay_build b = {.l = l};
    int len = (int)strlen(shown);
    int p0 = 0;
    for (int i = 0; i <= len; i++) {
        if (i == len || shown[i] == '\n') {
            int p1 = i;
            if (p1 > p0 && shown[p1 - 1] == '\r') {
                p1--;
            }
            if (layout_paragraph(te, &b, shown, p0, p1)) {
                return -1;
            }
            p0 = i + 1;
        }
    }
    /* vertical metrics per line from the fonts it uses */
    const struct text_style *st = &l->st;
    TTF_Font *latin = font_get(te, FS_LATN, st->bold, st->px);
    int y = 0, maxw = 0;
    for (int i = 0; i < l->nlines; i++) {
        struct line *ln = &l->lines[i];
        int asc = latin ? TTF_FontAscent(latin) : st->px;
        int skip = latin ? TTF_FontLineSkip(latin) : st->px * 4 / 3;
        for (int k = 0; k < ln->n; k++) {
            TTF_Font *f = font_get(te, l->pieces[ln->first + k].fs, st->bold,
                                   st->px);
            if (f && TTF_FontAscent(f) > asc) {
                skip += TTF_FontAscent(f) - asc;
                asc = TTF_FontAscent(f);
            }
        }
        ln->y = y;
        ln->ascent = asc;
        y += skip;
        if (ln->w > maxw) {
            maxw = ln->w;
        }
    }
    l->w = maxw;
    l->h = y;
    return 0;
}

/* Where a cut of text[0..end) may fall, from the end backwards: word
 * boundaries after `floor` first, then character boundaries, then floor
 * itself. Writes byte offsets to out (at most max); returns the count. */
static int cut_points(struct text_engine *te, const char *text, int floor,
                      int end, int *out, int max)
{
    int n = 0;
    int32_t n16 = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(NULL, 0, &n16, text, end, &e);
    e = U_ZERO_ERROR;
    UChar *u = malloc(sizeof *u * (size_t)(n16 + 1));
    int32_t *map = malloc(sizeof *map * (size_t)(n16 + 1));
    if (!u || !map) {
        free(u);
        free(map);
        return 0;
    }
    u_strFromUTF8(u, n16 + 1, &n16, text, end, &e);
    for (int32_t i16 = 0, i8 = 0; U_SUCCESS(e) && i16 <= n16;) {
        map[i16] = i8;
        if (i16 == n16) {
            break;
        }
        UChar32 c;
        int32_t k = i16;
        U16_NEXT(u, i16, n16, c);
        for (; k < i16; k++) {
            map[k] = i8;
        }
        i8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    UBreakIterator *its[2] = {te->cut_words, te->cut_chars};
    for (int pass = 0; pass < 2 && U_SUCCESS(e); pass++) {
        ubrk_setText(its[pass], u, n16, &e);
        for (int32_t p = ubrk_last(its[pass]);
             U_SUCCESS(e) && p != UBRK_DONE && n < max;
             p = ubrk_previous(its[pass])) {
            if (map[p] <= floor) {
                break;
            }
            int dup = 0;
            for (int k = 0; k < n; k++) {
                dup |= out[k] == map[p];
            }
            if (!dup && (pass == 1 || n == 0 || map[p] < out[n - 1])) {
                out[n++] = map[p];
            }
        }
    }
    if (n < max) {
        out[n++] = floor;
    }
    free(u);
    free(map);
    return n;
}

/* The block has more lines than max_lines: keep what fits and end it in
 * "…", cutting the last kept line as late as possible. */
static int cut_layout(struct text_engine *te, struct layout *l)
{
    int keep = l->st.max_lines;
    int floor = l->lines[keep - 1].b0, end = l->lines[keep - 1].b1;
    int pts[160];
    int npts = cut_points(te, l->text, floor, end, pts, 160);
    char *cand = malloc((size_t)end + 8);
    if (!cand) {
        return -1;
    }
    for (int i = 0; i < npts; i++) {
        int p = pts[i];
        while (p > floor && (l->text[p - 1] == ' ' || l->text[p - 1] == '\n'
                             || l->text[p - 1] == '\t')) {
            p--;
        }
        memcpy(cand, l->text, (size_t)p);
        memcpy(cand + p, "\xE2\x80\xA6", 4); /* U+2026 */
        if (lay_text(te, l, cand)) {
            free(cand);
            return -1;
        }
        if (l->nlines <= keep || i == npts - 1) {
            break;
        }
    }
    l->shown = cand;
    l->cut = 1;
    return 0;
}

static struct layout *layout_make(struct text_engine *te, const char *s,
                                  const struct text_style *st,
                                  unsigned long long h)
{
    struct layout *l = calloc(1, sizeof *l);
    if (!l) {
        return NULL;
    }
    size_t len = strnlen(s, TEXT_MAX);
    l->text = malloc(len + 1);
    if (!l->text) {
        free(l);
        return NULL;
    }
    memcpy(l->text, s, len);
    l->text[len] = '\0';
    l->shown = l->text;
    l->st = *st;
    l->hash = h;
    if (lay_text(te, l, l->text) ||
        (st->max_lines > 0 && l->nlines > st->max_lines &&
         cut_layout(te, l))) {
        layout_free(l);
        return NULL;
    }
    te->made_layouts++;
    return l;
}

static struct layout *layout_get(struct text_engine *te, const char *s,
                                 const struct text_style *st)
{
    unsigned long long h = key_hash(s, st);
    int victim = 0;
    for (int i = 0; i < LAYOUT_SLOTS; i++) {
        struct layout *l = te->layouts[i];
        if (l && same_key(l->hash, l->text, &l->st, h, s, st)) {
            l->used = ++te->clock;
            return l;
        }
        if (!l) {
            victim = i;
            break;
        }
        if (l->used < te->layouts[victim]->used) {
            victim = i;
        }
    }
    struct layout *l = layout_make(te, s, st, h);
    if (!l) {
        return NULL;
    }
    layout_free(te->layouts[victim]);
    te->layouts[victim] = l;
    l->used = ++te->clock;
    return l;
}

void text_measure(struct text_engine *te, const char *s,
                  const struct text_style *st, int *w, int *h)
{
    int cut;
    text_measure_cut(te, s, st, w, h, &cut);
}

void text_measure_cut(struct text_engine *te, const char *s,
                      const struct text_style *st, int *w, int *h, int *cut)
{
    struct layout *l = s && *s ? layout_get(te, s, st) : NULL;
    *w = l ? l->w : 0;
    *h = l ? l->h : 0;
    *cut = l ? l->cut : 0;
}

/* Draws the block in white onto a new ARGB surface. */
static SDL_Surface *layout_surface(struct text_engine *te, struct layout *l)
{
    if (l->w <= 0 || l->h <= 0) {
        return NULL;
    }
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, l->w, l->h, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    if (!dst) {
        return NULL;
    }
    /* White with zero alpha, so blending white glyphs keeps the colour
     * white and only the alpha carries the coverage. */
    SDL_FillRect(dst, NULL, SDL_MapRGBA(dst->format, 255, 255, 255, 0));
    SDL_Color white = {255, 255, 255, 255};
    for (int i = 0; i < l->nlines; i++) {
        const struct line *ln = &l->lines[i];
        int x0 = 0;
        if (l->st.align == TEXT_CENTER) {
            x0 = (l->w - ln->w) / 2;
        } else if (l->st.align == TEXT_RIGHT) {
            x0 = l->w - ln->w;
        }
        for (int k = 0; k < ln->n; k++) {
            const struct piece *p = &l->pieces[ln->first + k];
            TTF_Font *f = font_get(te, p->fs, l->st.bold, l->st.px);
            if (!f || p->len <= 0) {
                continue;
            }
            if (ensure_scratch(te, p->len + 1)) {
                continue;
            }
            memcpy(te->tmp, l->shown + p->start, (size_t)p->len);
            te->tmp[p->len] = '\0';
            SDL_Surface *g = TTF_RenderUTF8_Blended(f, te->tmp, white);
            if (!g) {
                continue;
            }
            SDL_SetSurfaceBlendMode(g, SDL_BLENDMODE_BLEND);
            SDL_Rect r = {x0 + p->x, ln->y + ln->ascent - TTF_FontAscent(f),
                          g->w, g->h};
            SDL_BlitSurface(g, NULL, dst, &r);
            SDL_FreeSurface(g);
        }
    }
    return dst;
}

SDL_Texture *text_texture(struct text_engine *te, const char *s,
                          const struct text_style *st, int *w, int *h)
{
    *w = *h = 0;
    if (!s || !*s || !te->renderer) {
        return NULL;
    }
    unsigned long long hash = key_hash(s, st);
    int victim = 0;
    for (int i = 0; i < TEX_SLOTS; i++) {
        struct tex_slot *t = &te->tex[i];
        if (t->tex && same_key(t->hash, t->text, &t->st, hash, s, st)) {
            t->used = ++te->clock;
            *w = t->w;
            *h = t->h;
            return t->tex;
        }
        if (!t->tex) {
            victim = i;
            break;
        }
        if (t->used < te->tex[victim].used) {
            victim = i;
        }
    }
    struct layout *l = layout_get(te, s, st);
    if (!l) {
        return NULL;
    }
    SDL_Surface *surf = layout_surface(te, l);
    if (!surf) {
        return NULL;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(te->renderer, surf);
    size_t bytes = (size_t)surf->w * (size_t)surf->h * 4;
    int tw = surf->w, th = surf->h;
    SDL_FreeSurface(surf);
    if (!tex) {
        return NULL;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    /* evict: the LRU slot, and more while over the byte budget */
    for (;;) {
        struct tex_slot *v = &te->tex[victim];
        if (v->tex) {
            SDL_DestroyTexture(v->tex);
            te->tex_bytes -= v->bytes;
            free(v->text);
            memset(v, 0, sizeof *v);
        }
        if (te->tex_bytes + bytes <= TEX_BYTES_MAX) {
            break;
        }
        int oldest = -1;
        for (int i = 0; i < TEX_SLOTS; i++) {
            if (te->tex[i].tex &&
                (oldest < 0 || te->tex[i].used < te->tex[oldest].used)) {
                oldest = i;
            }
        }
        if (oldest < 0) {
            break;
        }
        victim = oldest;
    }
    struct tex_slot *t = &te->tex[victim];
    t->text = strdup(s);
    if (!t->text) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    t->hash = hash;
    t->st = *st;
    t->tex = tex;
    t->w = tw;
    t->h = th;
    t->bytes = bytes;
    t->used = ++te->clock;
    te->tex_bytes += bytes;
    te->made_textures++;
    *w = tw;
    *h = th;
    return tex;
}

uint8_t *text_render_alpha(struct text_engine *te, const char *s,
                           const struct text_style *st, int *w, int *h)
{
    *w = *h = 0;
    if (!s || !*s) {
        return NULL;
    }
    struct layout *l = layout_get(te, s, st);
    SDL_Surface *surf = l ? layout_surface(te, l) : NULL;
    if (!surf) {
        return NULL;
    }
    uint8_t *out = malloc((size_t)surf->w * (size_t)surf->h);
    if (out) {
        for (int y = 0; y < surf->h; y++) {
            const Uint32 *row =
                (const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch);
            for (int x = 0; x < surf->w; x++) {
                out[y * surf->w + x] = (uint8_t)(row[x] >> 24);
            }
        }
        *w = surf->w;
        *h = surf->h;
    }
    SDL_FreeSurface(surf);
    return out;
}

int text_covered(struct text_engine *te, const char *s)
{
    UChar32 c;
    int32_t i = 0, n = (int32_t)strnlen(s, TEXT_MAX);
    const uint8_t *u = (const uint8_t *)s;
    int current = FS_LATN;
    while (i < n) {
        U8_NEXT(u, i, n, c);
        if (c < 0) {
            return 0;
        }
        if (c == '\n' || c == '\r' || c == 0x200B || c == 0x200C ||
            c == 0x200D || c == 0xFEFF) {
            continue;
        }
        int fs = script_class(c, current, te, 20);
        current = fs;
        TTF_Font *f = font_get(te, fs, 0, 20);
        if (!f || !TTF_GlyphIsProvided32(f, (Uint32)c)) {
            return 0;
        }
    }
    return 1;
}

void text_stats(const struct text_engine *te, long *layouts, long *renders)
{
    *layouts = te->made_layouts;
    *renders = te->made_textures;
}
