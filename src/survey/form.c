/* XLSForm loader: three CSV sheets -> a validated, immutable survey_form.
 *
 * The loader keeps going after an error so that one run of --check-pack
 * lists every problem of a form, each with file, row and column. Order:
 * settings, headers of survey and choices (languages), choices, survey
 * rows (names, types, groups), then expressions (all names are known by
 * then, so forward references work), pages, and the dependency order of
 * relevance and calculations (cycles are errors). */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "core/sheet.h"
#include "survey_private.h"

/* ------------------------------------------------------------- name map */

static uint32_t hash_str(const char *s, int ns)
{
    uint32_t h = 2166136261u ^ (uint32_t)ns;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 16777619u;
    }
    return h;
}

static int map_init(struct survey_map *m, struct survey_arena *a,
                    size_t entries)
{
    size_t cap = 16;
    while (cap < entries * 2) {
        cap *= 2;
    }
    m->e = survey_arena_alloc(a, cap * sizeof *m->e);
    if (!m->e) {
        return -1;
    }
    m->cap = cap;
    for (size_t i = 0; i < cap; i++) {
        m->e[i].val = -1;
    }
    return 0;
}

/* Finds key in namespace ns; compares len bytes of key with a stored
 * NUL-terminated key. Returns the value or -1. */
static int map_find_n(const struct survey_map *m, int ns, const char *key,
                      size_t len)
{
    if (!m->cap) {
        return -1;
    }
    uint32_t h = 2166136261u ^ (uint32_t)ns;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char)key[i]) * 16777619u;
    }
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct survey_map_entry *e = &m->e[i];
        if (e->val < 0) {
            return -1;
        }
        if (e->ns == ns && strncmp(e->key, key, len) == 0 &&
            e->key[len] == '\0') {
            return e->val;
        }
    }
}

static int map_find(const struct survey_map *m, int ns, const char *key)
{
    return map_find_n(m, ns, key, strlen(key));
}

/* Inserts key -> val unless present. Returns -1 when inserted, else the
 * existing value. The caller sizes the map so it never fills. */
static int map_put(struct survey_map *m, int ns, const char *key, int val)
{
    int old = map_find(m, ns, key);
    if (old >= 0) {
        return old;
    }
    for (size_t i = hash_str(key, ns) & (m->cap - 1);;
         i = (i + 1) & (m->cap - 1)) {
        if (m->e[i].val < 0) {
            m->e[i].key = key;
            m->e[i].ns = ns;
            m->e[i].val = val;
            return -1;
        }
    }
}

/* ---------------------------------------------------------------- helpers */

int survey_type_is_input(enum survey_type t)
{
    return t == SURVEY_SELECT_ONE || t == SURVEY_SELECT_MULTIPLE ||
           t == SURVEY_INTEGER || t == SURVEY_DECIMAL || t == SURVEY_TEXT ||
           t == SURVEY_ACKNOWLEDGE || t == SURVEY_DATE || t == SURVEY_RANGE;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int blank(const char *s)
{
    for (; *s; s++) {
        if (!is_space(*s)) {
            return 0;
        }
    }
    return 1;
}

/* Copies s without leading/trailing spaces into the arena. */
static const char *trimmed(struct survey_arena *a, const char *s)
{
    while (is_space(*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1])) {
        n--;
    }
    const char *r = survey_arena_strndup(a, s, n);
    return r ? r : "";
}

static int valid_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          *s == '_')) {
        return 0;
    }
    size_t n = 0;
    for (; *s; s++, n++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
            return 0;
        }
    }
    return n <= 128;
}

/* A yes/no cell as pyxform reads it: 1 for yes, true or true(), 0 for no,
 * false, false() or empty, -1 for anything else (an expression). */
static int yes_no(const char *v)
{
    static const char *const yes[] = {"yes", "true", "true()"},
                             *const no[] = {"", "no", "false", "false()"};
    for (int k = 0; k < 3; k++) {
        if (sheet_ieq(v, yes[k])) {
            return 1;
        }
    }
    for (int k = 0; k < 4; k++) {
        if (sheet_ieq(v, no[k])) {
            return 0;
        }
    }
    return -1;
}

/* ------------------------------------------------------------- languages */

/* Slot of a language code, adding it when new (with `name`, the header
 * text after "::", as its display name); -1 when over the cap. */
static int lang_slot(struct survey_form *f, const char *code, size_t len,
                     const char *name)
{
    for (int i = 0; i < f->nlang; i++) {
        if (strlen(f->langs[i]) == len &&
            strncmp(f->langs[i], code, len) == 0) {
            return i;
        }
    }
    if (f->nlang >= SURVEY_MAX_LANGS) {
        return -1;
    }
    const char *c = survey_arena_strndup(&f->arena, code, len);
    if (!c) {
        return -1;
    }
    f->langs[f->nlang] = c;
    f->lang_names[f->nlang] = trimmed(&f->arena, name);
    return f->nlang++;
}

static int lang_index(const struct survey_form *f, const char *code)
{
    if (!code || !*code) {
        return -1;
    }
    for (int i = 0; i < f->nlang; i++) {
        if (strcmp(f->langs[i], code) == 0) {
            return i;
        }
    }
    return -1;
}

const char *survey_text_pick(const struct survey_form *f, const char **table,
                             int i, enum survey_text_kind k,
                             const char *lang)
{
    const int stride = f->nlang + 1;
    const char **t = table + ((size_t)i * TX_COUNT + k) * (size_t)stride;
    const char *chain[4] = {lang, "vi", "en", f->default_lang};
    for (int c = 0; c < 4; c++) {
        int s = lang_index(f, chain[c]);
        if (s >= 0 && t[s] && *t[s]) {
            return t[s];
        }
    }
    if (t[f->nlang] && *t[f->nlang]) {
        return t[f->nlang]; /* untranslated column */
    }
    for (int s = 0; s < f->nlang; s++) {
        if (t[s] && *t[s]) {
            return t[s];
        }
    }
    return "";
}

/* ------------------------------------------------------------ header maps */

enum col_kind {
    C_NONE,   /* empty header over an empty column: export padding */
    C_TYPE, C_NAME, C_RELEVANT, C_CONSTRAINT, C_REQUIRED, C_CALCULATION,
    C_APPEARANCE, C_FILTER, C_AUTOPLAY,
    C_MEASURE, C_VALUES, C_SCORE,   /* kiosk::measure, ::values, ::score */
    C_DEFAULT, C_READONLY, C_PARAMS,
    C_IGNORED, /* known to ODK, no effect in the kiosk (warned) */
    C_TEXT,   /* translatable: kind + slot */
    C_LIST, C_CHOICE_NAME,          /* choices sheet */
    C_LEVEL,  /* choices sheet: kiosk_level of a band's value */
    C_EXTRA,  /* choices sheet: candidate choice_filter column */
    C_BAD,
};

struct col {
    enum col_kind kind;
    enum survey_text_kind tk;
    int slot; /* language slot, nlang = untranslated */
};

/* Canonical names of the survey sheet, as pyxform knows them, and the
 * kiosk's own columns. */
static const struct {
    const char *h;
    enum col_kind k;
} survey_cols[] = {
    {"type", C_TYPE},
    {"name", C_NAME},
    {"relevant", C_RELEVANT},
    {"constraint", C_CONSTRAINT},
    {"required", C_REQUIRED},
    {"calculation", C_CALCULATION},
    {"appearance", C_APPEARANCE},
    {"choice_filter", C_FILTER},
    {"autoplay", C_AUTOPLAY},
    {"default", C_DEFAULT},
    {"read_only", C_READONLY},
    {"parameters", C_PARAMS},
    {"kiosk::measure", C_MEASURE},
    {"kiosk::values", C_VALUES},
    {"kiosk::score", C_SCORE},
    /* ODK columns the kiosk has no use for: warned, never silent */
    {"no_app_error_string", C_IGNORED},
    {"media::big-image", C_IGNORED},
    {"sms_field", C_IGNORED},
    {"sms_option", C_IGNORED},
    {"trigger", C_IGNORED},
},
  choice_cols[] = {
    {"list_name", C_LIST},
    {"name", C_CHOICE_NAME},
    {"kiosk_level", C_LEVEL},
    {"media::big-image", C_IGNORED},
};

/* pyxform's aliases (pyxform/aliases.py survey_header and list_header) and
 * the bind::/control:: spellings of the same columns. */
static const struct sheet_alias survey_aliases[] = {
    {"relevance", "relevant"},
    {"caption", "label"},
    {"constraining_message", "constraint_message"},
    {"calculate", "calculation"},
    {"command", "type"},
    {"tag", "name"},
    {"value", "name"},
    {"image", "media::image"},
    {"audio", "media::audio"},
    {"video", "media::video"},
    {"big-image", "media::big-image"},
    {"requiredmsg", "required_message"},
    {"readonly", "read_only"},
    {"count", "repeat_count"},
    {"jr:count", "repeat_count"},
    {"noapperrorstring", "no_app_error_string"},
    {NULL, NULL},
},
  choice_aliases[] = {
    {"caption", "label"},
    {"list_name", "list_name"},
    {"value", "name"},
    {"image", "media::image"},
    {"audio", "media::audio"},
    {"video", "media::video"},
    {"big-image", "media::big-image"},
    {NULL, NULL},
};

/* bind::X and control::X as pyxform writes them, to our names. */
static const struct sheet_alias bind_names[] = {
    {"bind::relevant", "relevant"},
    {"bind::constraint", "constraint"},
    {"bind::required", "required"},
    {"bind::calculate", "calculation"},
    {"bind::readonly", "read_only"},
    {"bind::jr:constraintMsg", "constraint_message"},
    {"bind::jr:requiredMsg", "required_message"},
    {"bind::jr:noAppErrorString", "no_app_error_string"},
    {"control::appearance", "appearance"},
    {"control::autoplay", "autoplay"},
    {"control::jr:count", "repeat_count"},
    {NULL, NULL},
};

static const char *const text_col_base[TX_COUNT] = {
    "label", "hint", "constraint_message", "required_message",
    "media::image", "media::audio", "guidance_hint",
};

/* Every name a header may have as written (for sheet_header_read). */
static const char *const known_headers[] = {
    "type", "name", "relevant", "constraint", "required", "calculation",
    "appearance", "choice_filter", "autoplay", "default", "read_only",
    "parameters", "kiosk::measure", "kiosk::values", "kiosk::score",
    "label", "hint", "guidance_hint", "constraint_message",
    "required_message", "media::image", "media::audio", "list_name",
    "kiosk_level", NULL,
};

/* The language code of a header's language part: "(code)" at its end, a
 * bare code ("en", "pt-BR"), or a language name in English or in the
 * language itself ("English", "english", "Tiếng Việt"), matched with
 * ICU's names of the ISO 639 languages. Returns the code length, 0 when
 * unknown. */
static size_t lang_part_code(const char *part, char *code, size_t n)
{
    size_t len = sheet_lang_code(part, code, n);
    if (len) {
        return len;
    }
    size_t pl = strlen(part);
    int bare = pl >= 2 && pl <= 8;
    for (size_t i = 0; bare && i < pl; i++) {
        char c = part[i];
        bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (i >= 2 && (c == '-' || c == '_' || (c >= '0' && c <= '9')));
    }
    if (bare && (pl == 2 || part[2] == '-' || part[2] == '_') && pl < n) {
        /* a bare code: "en", "EN", "pt-BR" (the language part lower) */
        for (size_t i = 0; i <= pl; i++) {
            char c = part[i];
            code[i] = i < 2 && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }
        return pl;
    }
    UChar want[SHEET_MAX_PART];
    int32_t wl = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(want, SHEET_MAX_PART, &wl, part, -1, &st);
    if (U_FAILURE(st) || wl == 0) {
        return 0;
    }
    for (const char *const *iso = uloc_getISOLanguages(); *iso; iso++) {
        static const char *const in[] = {"en", NULL};
        for (int k = 0; k < 2; k++) {
            UChar name[SHEET_MAX_PART];
            st = U_ZERO_ERROR;
            int32_t nl = uloc_getDisplayLanguage(*iso, in[k] ? in[k] : *iso,
                                                 name, SHEET_MAX_PART, &st);
            if (U_SUCCESS(st) && st != U_USING_DEFAULT_WARNING &&
                nl == wl && u_strncasecmp(name, want, wl, 0) == 0 &&
                strlen(*iso) < n) {
                snprintf(code, n, "%s", *iso);
                return strlen(code);
            }
        }
    }
    return 0;
}

/* The kind of a column the sheet knows by name (survey_cols or
 * choice_cols), C_BAD when its name is none of them; a column with a
 * language part is never one of them. */
static enum col_kind named_kind(int sheet, const struct sheet_header *sh)
{
    const size_t n = sheet == 0 ? sizeof survey_cols / sizeof *survey_cols
                                : sizeof choice_cols / sizeof *choice_cols;
    enum col_kind kind = C_BAD;
    for (size_t i = 0; i < n && !*sh->lang; i++) {
        const char *h = sheet == 0 ? survey_cols[i].h : choice_cols[i].h;
        if (strcmp(sh->base, h) == 0) {
            kind = sheet == 0 ? survey_cols[i].k : choice_cols[i].k;
        }
    }
    return kind;
}

/* A translatable column (label, hint, media::image, ...) the sheet has:
 * its text kind and language slot, or C_NONE with the error when its
 * language is not known or one too many. Returns 0 when the column is no
 * text column of the sheet. */
static int map_text_col(struct survey_form *f, int sheet, int c,
                        const struct sheet_header *sh, struct col *col,
                        struct kiosk_diag *d)
{
    const char *file = f->names[sheet];
    const char *h = f->sheets[sheet].rows[0].cells[c];
    const unsigned allowed = sheet == 0 ? (1u << TX_COUNT) - 1
                                        : (1u << TX_LABEL) | (1u << TX_IMAGE) |
                                              (1u << TX_AUDIO);
    int tk = -1;
    for (int k = 0; k < TX_COUNT; k++) {
        if ((allowed & (1u << k)) && strcmp(sh->base, text_col_base[k]) ==
                                         0) {
            tk = k;
        }
    }
    if (tk < 0) {
        return 0;
    }
    col->kind = C_TEXT;
    col->tk = (enum survey_text_kind)tk;
    if (!*sh->lang) {
        col->slot = -1; /* untranslated */
        return 1;
    }
    char code[16];
    size_t len = lang_part_code(sh->lang, code, sizeof code);
    if (!len) {
        kiosk_diag_err(d, file, 1, c + 1,
                       "column '%s': language '%s' is not known; "
                       "write it with its code, e.g. '%s::%s (xx)'",
                       h, sh->lang, text_col_base[tk], sh->lang);
        col->kind = C_NONE;
        return 1;
    }
    int slot = lang_slot(f, code, len, sh->lang);
    if (slot < 0) {
        kiosk_diag_err(d, file, 1, c + 1,
                       "column '%s': more than %d languages", h,
                       SURVEY_MAX_LANGS);
        col->kind = C_NONE;
        return 1;
    }
    col->slot = slot;
    return 1;
}

/* A column that is neither known by name nor a text: refused by design
 * (video, repeat), a candidate choice_filter column of the choices sheet,
 * or not used (a warning on the survey sheet, an error on choices). */
static void map_other_col(const struct survey_form *f, int sheet, int c,
                          const struct sheet_header *sh, struct col *col,
                          struct kiosk_diag *d)
{
    const char *file = f->names[sheet];
    const char *h = f->sheets[sheet].rows[0].cells[c];
    if (strcmp(sh->base, "media::video") == 0) {
        kiosk_diag_err(d, file, 1, c + 1,
                       "column '%s' is refused by design: video (the "
                       "kiosk plays no video: no codec on the board)",
                       h);
        col->kind = C_NONE;
        return;
    }
    if (sheet == 0 && strcmp(sh->base, "repeat_count") == 0) {
        kiosk_diag_err(d, file, 1, c + 1,
                       "column '%s' is refused by design: repeat (one "
                       "anonymous visit answers each question once)",
                       h);
        col->kind = C_NONE;
        return;
    }
    if (sheet == 1 && !strstr(h, "::") && strncmp(h, "media", 5) != 0 &&
        strncmp(h, "label", 5) != 0 && !sh->legacy) {
        col->kind = C_EXTRA; /* judged once choice_filters are parsed */
        return;
    }
    if (sheet == 0) {
        /* pyxform keeps unknown survey columns out of the XForm; say
         * so, in case it is a misspelt column that matters */
        kiosk_diag_warn(d, file, 1, c + 1,
                        "column '%s' is not used by the kiosk (nor "
                        "written to the XForm by pyxform)", h);
        col->kind = C_NONE;
        return;
    }
    kiosk_diag_err(d, file, 1, c + 1, "column '%s' is not supported", h);
}

/* Maps column c of the survey (sheet 0) or choices (sheet 1) header. */
static void map_column(struct survey_form *f, int sheet, int c,
                       struct col *col, struct kiosk_diag *d)
{
    const struct csv_table *t = &f->sheets[sheet];
    const char *file = f->names[sheet];
    const char *h = t->rows[0].cells[c];
    col->kind = C_BAD;
    col->slot = -1;
    if (blank(h)) {
        col->kind = C_NONE;
        if (!sheet_column_empty(t, c)) {
            /* pyxform drops such a column too; say so */
            kiosk_diag_warn(d, file, 1, c + 1,
                            "column has data but no header: ignored");
        }
        return;
    }
    if (sheet == 1 && strcmp(h, "kiosk::level") == 0) {
        /* pyxform writes every choices column into the form's XML and
         * fails on a "::" column: keep the workbook valid for ODK. */
        kiosk_diag_err(d, file, 1, c + 1,
                       "column 'kiosk::level' must be written "
                       "'kiosk_level' in the choices sheet (pyxform "
                       "cannot convert a '::' choices column)");
        col->kind = C_NONE;
        return;
    }
    struct sheet_header sh;
    sheet_header_read(h, known_headers,
                      sheet == 0 ? survey_aliases : choice_aliases, &sh);
    for (const struct sheet_alias *a = bind_names; a->from; a++) {
        if (strcmp(sh.base, a->from) == 0) {
            snprintf(sh.base, sizeof sh.base, "%s", a->to);
        }
    }
    col->kind = named_kind(sheet, &sh);
    if (col->kind == C_IGNORED) {
        kiosk_diag_warn(d, file, 1, c + 1,
                        "column '%s' is not used by the kiosk (ODK uses "
                        "it for %s)", h,
                        strstr(sh.base, "image") ? "a zoomed image"
                        : strstr(sh.base, "sms") ? "SMS submissions"
                                                 : "its own display");
        return;
    }
    if (col->kind == C_BAD && !map_text_col(f, sheet, c, &sh, col, d)) {
        map_other_col(f, sheet, c, &sh, col, d);
    }
}

/* One column per meaning: a second one would silently win, so it is
 * refused. */
static void refuse_same_meaning(const struct survey_form *f, int sheet,
                                struct col *cols, int ncols,
                                struct kiosk_diag *d)
{
    const struct csv_table *t = &f->sheets[sheet];
    for (int c = 0; c < ncols; c++) {
        for (int p = 0; p < c && cols[c].kind != C_NONE &&
                        cols[c].kind != C_BAD;
             p++) {
            if (cols[p].kind == cols[c].kind &&
                (cols[c].kind != C_TEXT ||
                 (cols[p].tk == cols[c].tk &&
                  cols[p].slot == cols[c].slot)) &&
                cols[c].kind != C_EXTRA) {
                kiosk_diag_err(d, f->names[sheet], 1, c + 1,
                               "column '%s' says the same as column %d "
                               "('%s')%s",
                               t->rows[0].cells[c], p + 1,
                               t->rows[0].cells[p],
                               cols[c].kind == C_TEXT && cols[c].slot >= 0
                                   ? ": two columns for one language"
                                   : "");
                cols[c].kind = C_NONE;
                break;
            }
        }
    }
}

/* Maps the survey (sheet 0) or choices (sheet 1) header to column kinds,
 * reading headers as pyxform does (core/sheet.h). */
static void map_header(struct survey_form *f, int sheet, struct col *cols,
                       struct kiosk_diag *d)
{
    const struct csv_table *t = &f->sheets[sheet];
    int ncols = t->nrows ? t->rows[0].ncells : 0;
    for (int c = 0; c < ncols; c++) {
        map_column(f, sheet, c, &cols[c], d);
    }
    refuse_same_meaning(f, sheet, cols, ncols, d);
}

/* ------------------------------------------------------------- settings */

static void load_settings(struct survey_form *f, const char *id,
                          struct kiosk_diag *d)
{
    const struct csv_table *t = &f->sheets[2];
    const char *file = f->names[2];
    static const char *const known[] = {
        "form_id", "version", "form_title", "title", "default_language",
        "attribution", "licence", "license", "translation_status",
        "audience", "allow_choice_duplicates",
    };
    const char **dest[] = {
        &f->id, &f->version, &f->title, &f->title, &f->default_lang,
        &f->attribution, &f->licence, &f->licence, &f->translation_status,
        NULL, NULL,
    };
    f->id = f->version = f->title = f->default_lang = "";
    f->attribution = f->licence = f->translation_status = "";
    int data_row = -1;
    for (int r = 1; r < t->nrows; r++) {
        if (csv_row_blank(t, r)) {
            continue;
        }
        if (data_row < 0) {
            data_row = r;
        } else {
            kiosk_diag_warn(d, file, r + 1, 0,
                            "only the first settings row is used");
            break;
        }
    }
    int ncols = t->nrows ? t->rows[0].ncells : 0;
    for (int c = 0; c < ncols; c++) {
        const char *h = t->rows[0].cells[c];
        const char *v = data_row > 0 ? trimmed(&f->arena,
                                               csv_cell(t, data_row, c))
                                     : "";
        size_t k = 0;
        while (k < sizeof known / sizeof *known && strcmp(h, known[k])) {
            k++;
        }
        if (k == sizeof known / sizeof *known) {
            if (*h || *v) {
                kiosk_diag_warn(d, file, 1, c + 1,
                                "settings column '%s' is not used by the "
                                "kiosk", h);
            }
            continue;
        }
        if (!dest[k] && strcmp(h, "allow_choice_duplicates") == 0) {
            f->allow_dup = sheet_ieq(v, "yes") || sheet_ieq(v, "true");
            continue;
        }
        if (!dest[k]) { /* audience */
            if (strcmp(v, "staff") == 0) {
                f->staff = 1;
            } else if (*v && strcmp(v, "visitor") != 0) {
                kiosk_diag_err(d, file, data_row + 1, c + 1,
                               "audience must be 'staff' or 'visitor', not "
                               "'%s'", v);
            }
            continue;
        }
        if (**dest[k] && *v) {
            kiosk_diag_warn(d, file, 1, c + 1,
                            "'%s' repeats a setting given in another column",
                            h);
        }
        if (*v) {
            *dest[k] = v;
        }
    }
    if (!*f->id) {
        f->id = trimmed(&f->arena, id);
    } else if (strcmp(f->id, id) != 0) {
        kiosk_diag_warn(d, file, data_row + 1, 0,
                        "form_id '%s' differs from the file name '%s'",
                        f->id, id);
    }
    /* default_language may be a label language name "English (en)" or a
     * bare code; keep the code. */
    char code[16];
    size_t len = *f->default_lang ? lang_part_code(f->default_lang, code,
                                                   sizeof code)
                                  : 0;
    if (len) {
        const char *c = survey_arena_strndup(&f->arena, code, len);
        f->default_lang = c ? c : "";
    }
    f->default_lang_row = data_row + 1;
    for (int c = 0; c < ncols; c++) {
        if (strcmp(t->rows[0].cells[c], "default_language") == 0) {
            f->default_lang_col = c + 1;
        }
    }
}

/* A default_language the form has no column for would silently fall
 * back to another language. */
static void check_default_lang(struct survey_form *f, struct kiosk_diag *d)
{
    if (*f->default_lang && lang_index(f, f->default_lang) < 0 &&
        strcmp(f->default_lang, "default") != 0) {
        kiosk_diag_warn(d, f->names[2], f->default_lang_row,
                        f->default_lang_col,
                        "default_language '%s' is not a language of the "
                        "form's columns", f->default_lang);
    }
}

/* -------------------------------------------------------------- loading */

/* Transient state of one load. Arrays live in the form's arena. */
struct load {
    struct survey_form *f;
    struct kiosk_diag *d;
    struct col *scols, *ccols;  /* column kinds of survey and choices */
    int *filter_used;           /* per filter column: used by a filter */
    int *bad;                   /* per item: type unknown, skip checks */
    int *sheet_row;             /* per item: 0-based row in survey table */
    int col_of[C_BAD + 1];      /* survey csv column of each kind, or -1 */
    int col_level;              /* choices csv column of kiosk_level, or -1 */
};

static const char *cell(const struct survey_form *f, int sheet, int r, int c)
{
    return csv_cell(&f->sheets[sheet], r, c);
}

/* Remembers a picture the form names, where it is named (checked by
 * survey_form_check_images once the pack's folder is known). */
static void add_image_ref(struct survey_form *f, const char *file, int sheet,
                          int row, int col)
{
    struct survey_image_ref *ref = survey_arena_alloc(&f->arena, sizeof *ref);
    if (!ref || !file) {
        return; /* out of memory: the load reports it elsewhere */
    }
    *ref = (struct survey_image_ref){file, sheet, row, col, NULL};
    if (f->images_tail) {
        f->images_tail->next = ref;
    } else {
        f->images = ref;
    }
    f->images_tail = ref;
}

/* Stores the translatable cells of row r (sheet 0 or 1) as texts of
 * entry i of table. */
static void store_texts(struct survey_form *f, int sheet, int r,
                        const struct col *cols, const char **table, int i)
{
    const struct csv_table *t = &f->sheets[sheet];
    const int stride = f->nlang + 1;
    for (int c = 0; c < t->rows[0].ncells; c++) {
        if (cols[c].kind != C_TEXT) {
            continue;
        }
        const char *v = csv_cell(t, r, c);
        if (blank(v)) {
            continue;
        }
        int slot = cols[c].slot < 0 ? f->nlang : cols[c].slot;
        const char *text = trimmed(&f->arena, v);
        table[((size_t)i * TX_COUNT + cols[c].tk) * (size_t)stride + slot] =
            text;
        if (cols[c].tk == TX_IMAGE) {
            add_image_ref(f, text, sheet, r + 1, c + 1);
        }
    }
}

static int has_text(const struct survey_form *f, const char **table, int i,
                    enum survey_text_kind k)
{
    const int stride = f->nlang + 1;
    const char **t = table + ((size_t)i * TX_COUNT + k) * (size_t)stride;
    for (int s = 0; s < stride; s++) {
        if (t[s] && *t[s]) {
            return 1;
        }
    }
    return 0;
}

static int count_rows(const struct csv_table *t)
{
    int n = 0;
    for (int r = 1; r < t->nrows; r++) {
        n += !csv_row_blank(t, r);
    }
    return n;
}

/* The choices sheet's list_name and name columns (-1 when missing);
 * remembers the kiosk_level column in L. */
static void choice_columns(struct load *L, int *col_list, int *col_name)
{
    const struct csv_table *t = &L->f->sheets[1];
    *col_list = *col_name = L->col_level = -1;
    for (int c = 0; c < t->rows[0].ncells; c++) {
        if (L->ccols[c].kind == C_LIST) {
            *col_list = c;
        } else if (L->ccols[c].kind == C_CHOICE_NAME) {
            *col_name = c;
        } else if (L->ccols[c].kind == C_LEVEL) {
            L->col_level = c;
        }
    }
}

/* The list and choice of row r, with its texts; a row in no list, a
 * choice without a usable name and a second choice of one name in a list
 * are reported and left out. */
static void add_choice(struct load *L, int r, int col_list, int col_name,
                       struct survey_map *lists_map,
                       struct survey_map *choice_map)
{
    struct survey_form *f = L->f;
    const char *file = f->names[1];
    const char *list = trimmed(&f->arena, cell(f, 1, r, col_list));
    const char *name = trimmed(&f->arena, cell(f, 1, r, col_name));
    if (!*list) {
        /* pyxform groups choices by list_name: such a row is in no
         * list (a note in the sheet, say) */
        kiosk_diag_warn(L->d, file, r + 1, col_list + 1,
                        "list_name is empty: row skipped");
        return;
    }
    if (!*name) {
        kiosk_diag_err(L->d, file, r + 1, col_name + 1,
                       "choice name is empty");
        return;
    }
    if (strpbrk(name, " \t\r\n")) {
        kiosk_diag_err(L->d, file, r + 1, col_name + 1,
                       "choice name '%s' contains a space (answers of "
                       "select_multiple are stored space-separated)",
                       name);
        return;
    }
    int li = map_find(lists_map, 0, list);
    if (li < 0) {
        li = f->nlists++;
        f->lists[li].name = list;
        (void)map_put(lists_map, 0, list, li);
    }
    int i = f->nchoices;
    int dup = map_put(choice_map, li, name, i);
    if (dup >= 0 && !f->allow_dup) {
        kiosk_diag_err(L->d, file, r + 1, col_name + 1,
                       "choice '%s' appears twice in list '%s' (also "
                       "row %d)", name, list, f->choices[dup].row);
        return;
    }
    f->nchoices++;
    f->choices[i].name = name;
    f->choices[i].row = r + 1;
    f->choices[i].csv_row = r;
    f->choices[i].list = li;
    f->choices[i].level_text =
        L->col_level >= 0 ? trimmed(&f->arena, cell(f, 1, r, L->col_level))
                          : "";
    f->choices[i].level = SURVEY_LEVEL_NONE;
    f->lists[li].count++;
    store_texts(f, 1, r, L->ccols, f->choice_text, i);
    if (!has_text(f, f->choice_text, i, TX_LABEL) &&
        !has_text(f, f->choice_text, i, TX_IMAGE)) {
        /* pyxform only warns; ODK then shows the name */
        kiosk_diag_warn(L->d, file, r + 1, 0,
                        "choice '%s' has no label or image: its name "
                        "is shown", name);
        const int stride = f->nlang + 1;
        f->choice_text[((size_t)i * TX_COUNT + TX_LABEL) * (size_t)stride +
                       (size_t)f->nlang] = name;
    }
}

/* Each list's choices, in sheet order. */
static void index_lists(struct load *L)
{
    struct survey_form *f = L->f;
    for (int li = 0; li < f->nlists; li++) {
        f->lists[li].idx = survey_arena_alloc(
            &f->arena, (size_t)f->lists[li].count * sizeof(int));
        if (!f->lists[li].idx) {
            kiosk_diag_err(L->d, f->names[1], 0, 0, "out of memory");
            return;
        }
        f->lists[li].count = 0;
    }
    for (int i = 0; i < f->nchoices; i++) {
        struct survey_list *l = &f->lists[f->choices[i].list];
        l->idx[l->count++] = i;
    }
}

static void load_choices(struct load *L)
{
    struct survey_form *f = L->f;
    const struct csv_table *t = &f->sheets[1];
    const char *file = f->names[1];
    if (t->nrows == 0) {
        return; /* no choices sheet */
    }
    int col_list, col_name;
    choice_columns(L, &col_list, &col_name);
    if (col_list < 0 || col_name < 0) {
        kiosk_diag_err(L->d, file, 1, 0,
                       "the choices sheet needs the columns 'list_name' and "
                       "'name'");
        return;
    }
    int n = count_rows(t);
    if (n > SURVEY_MAX_CHOICES) {
        kiosk_diag_err(L->d, file, 0, 0, "more than %d choices",
                       SURVEY_MAX_CHOICES);
        return;
    }
    struct survey_map lists_map, choice_map;
    f->choices = survey_arena_alloc(&f->arena, (size_t)(n + 1) *
                                                   sizeof *f->choices);
    f->lists = survey_arena_alloc(&f->arena, (size_t)(n + 1) *
                                                 sizeof *f->lists);
    if (!f->choices || !f->lists || map_init(&lists_map, &f->arena, n) ||
        map_init(&choice_map, &f->arena, n)) {
        kiosk_diag_err(L->d, file, 0, 0, "out of memory");
        return;
    }
    for (int r = 1; r < t->nrows; r++) {
        if (!csv_row_blank(t, r)) {
            add_choice(L, r, col_list, col_name, &lists_map, &choice_map);
        }
    }
    index_lists(L);
}

static int find_list(const struct survey_form *f, const char *name)
{
    for (int i = 0; i < f->nlists; i++) {
        if (strcmp(f->lists[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

/* Type spellings pyxform accepts (question_type_dictionary.py, aliases.py)
 * for the types the kiosk has. Matched after lower-casing and joining
 * spaces to one. */
static const struct {
    const char *w;
    enum survey_type t;
} type_names[] = {
    {"integer", SURVEY_INTEGER}, {"int", SURVEY_INTEGER},
    {"q int", SURVEY_INTEGER}, {"add integer prompt", SURVEY_INTEGER},
    {"percentage", SURVEY_INTEGER},
    {"number of days in last month", SURVEY_INTEGER},
    {"number of days in last six months", SURVEY_INTEGER},
    {"number of days in last year", SURVEY_INTEGER},
    {"decimal", SURVEY_DECIMAL}, {"q decimal", SURVEY_DECIMAL},
    {"add decimal prompt", SURVEY_DECIMAL},
    {"text", SURVEY_TEXT}, {"string", SURVEY_TEXT},
    {"q string", SURVEY_TEXT}, {"add text prompt", SURVEY_TEXT},
    {"phone number", SURVEY_TEXT},
    {"note", SURVEY_NOTE}, {"q note", SURVEY_NOTE},
    {"add note prompt", SURVEY_NOTE},
    {"calculate", SURVEY_CALCULATE}, {"q calculate", SURVEY_CALCULATE},
    {"add calculate prompt", SURVEY_CALCULATE},
    {"acknowledge", SURVEY_ACKNOWLEDGE}, {"trigger", SURVEY_ACKNOWLEDGE},
    {"q acknowledge", SURVEY_ACKNOWLEDGE},
    {"add acknowledge prompt", SURVEY_ACKNOWLEDGE},
    {"date", SURVEY_DATE}, {"q date", SURVEY_DATE},
    {"add date prompt", SURVEY_DATE},
    {"range", SURVEY_RANGE},
    {"begin_group", SURVEY_BEGIN_GROUP}, {"begin group", SURVEY_BEGIN_GROUP},
    {"end_group", SURVEY_END_GROUP}, {"end group", SURVEY_END_GROUP},
    /* metadata: accepted, and nothing is ever recorded (always '') */
    {"start", SURVEY_METADATA}, {"end", SURVEY_METADATA},
    {"today", SURVEY_METADATA}, {"deviceid", SURVEY_METADATA},
    {"imei", SURVEY_METADATA}, {"subscriberid", SURVEY_METADATA},
    {"simserial", SURVEY_METADATA}, {"phonenumber", SURVEY_METADATA},
    {"username", SURVEY_METADATA}, {"email", SURVEY_METADATA},
    {"audit", SURVEY_METADATA}, {"hidden", SURVEY_METADATA},
    {"start time", SURVEY_METADATA}, {"end time", SURVEY_METADATA},
    {"get start time", SURVEY_METADATA}, {"get end time", SURVEY_METADATA},
    {"get today", SURVEY_METADATA}, {"device id", SURVEY_METADATA},
    {"get device id", SURVEY_METADATA}, {"sim id", SURVEY_METADATA},
    {"get sim id", SURVEY_METADATA}, {"subscriber id", SURVEY_METADATA},
    {"get subscriber id", SURVEY_METADATA},
    {"get phone number", SURVEY_METADATA},
    {"uri:deviceid", SURVEY_METADATA}, {"uri:subscriberid", SURVEY_METADATA},
    {"uri:simserial", SURVEY_METADATA}, {"uri:phonenumber", SURVEY_METADATA},
    {"uri:username", SURVEY_METADATA}, {"uri:email", SURVEY_METADATA},
    {"start-geopoint", SURVEY_METADATA},
    {"background-audio", SURVEY_METADATA},
    {"background-geopoint", SURVEY_METADATA},
};

/* What a walk-in kiosk refuses by design, and why (the README's feature
 * table says the same). */
static const struct {
    const char *w;
    const char *why;
} refused_types[] = {
#define GEO "location: the kiosk has no GPS, and a visitor's place would " \
            "identify them"
#define CAPTURE "capture or upload: the kiosk has no camera or microphone " \
                "for visitors, and a photo or recording identifies a person"
    {"geopoint", GEO}, {"geotrace", GEO}, {"geoshape", GEO}, {"gps", GEO},
    {"location", GEO}, {"q geopoint", GEO}, {"q location", GEO},
    {"q geoshape", GEO}, {"q geotrace", GEO}, {"add location prompt", GEO},
    {"image", CAPTURE}, {"photo", CAPTURE}, {"audio", CAPTURE},
    {"video", CAPTURE}, {"file", CAPTURE}, {"q picture", CAPTURE},
    {"q image", CAPTURE}, {"q audio", CAPTURE}, {"q video", CAPTURE},
    {"add image prompt", CAPTURE}, {"add photo prompt", CAPTURE},
    {"add audio prompt", CAPTURE}, {"add video prompt", CAPTURE},
    {"add file prompt", CAPTURE}, {"osm", CAPTURE},
    {"barcode", "barcode: a scanned ID card or phone code would identify "
                "the visitor"},
    {"q barcode", "barcode: a scanned ID card or phone code would identify "
                  "the visitor"},
    {"add barcode prompt", "barcode: a scanned ID card or phone code would "
                           "identify the visitor"},
    {"begin repeat", "repeat: one anonymous visit answers each question "
                     "once"},
    {"end repeat", "repeat: one anonymous visit answers each question once"},
    {"begin_repeat", "repeat: one anonymous visit answers each question "
                     "once"},
    {"end_repeat", "repeat: one anonymous visit answers each question once"},
    {"begin loop", "loop: one anonymous visit answers each question once"},
    {"end loop", "loop: one anonymous visit answers each question once"},
    {"begin looped group", "repeat: one anonymous visit answers each "
                           "question once"},
    {"end looped group", "repeat: one anonymous visit answers each "
                         "question once"},
    {"time", "time: a walk-in screening asks no time of day"},
    {"datetime", "dateTime: a walk-in screening asks no time of day"},
    {"date time", "dateTime: a walk-in screening asks no time of day"},
    {"q date time", "dateTime: a walk-in screening asks no time of day"},
    {"add date time prompt", "dateTime: a walk-in screening asks no time "
                             "of day"},
    {"rank", "rank: ordering choices needs drag and drop, which the touch "
             "screen does not offer"},
    {"xml-external", "external data: a pack keeps everything in its own "
                     "sheets"},
    {"csv-external", "external data: a pack keeps everything in its own "
                     "sheets"},
#undef GEO
#undef CAPTURE
};

/* pyxform's select spellings, longest first; `multi` 1 for select
 * multiple. */
static const struct {
    const char *w;
    int multi;
} select_names[] = {
    {"add select multiple prompt using ", 1},
    {"add select one prompt using ", 0},
    {"select all that apply from ", 1},
    {"select multiple using ", 1},
    {"select multiple from ", 1},
    {"select all that apply ", 1},
    {"select one using ", 0},
    {"select one from ", 0},
    {"select_multiple ", 1},
    {"q select1 ", 0},
    {"select_one ", 0},
    {"select one ", 0},
    {"q select ", 1},
    {"select1 ", 0},
};

/* A select type in any of pyxform's spellings ("select one from x",
 * "select_multiple x or_other"): 1 and *type, *list set; 0 when `norm`
 * is no select; -1 after reporting the problem. */
static int parse_select(struct load *L, int r, int c, const char *raw,
                        const char *norm, enum survey_type *type,
                        const char **list, int *or_other)
{
    struct survey_form *f = L->f;
    for (size_t i = 0; i < sizeof select_names / sizeof *select_names; i++) {
        size_t wl = strlen(select_names[i].w);
        if (strncmp(norm, select_names[i].w, wl) != 0) {
            continue;
        }
        /* the list name as written (case kept), from the same offset in
         * a copy of raw with single spaces */
        char spaced[300];
        size_t m = 0;
        for (const char *p = raw; *p && m + 1 < sizeof spaced; p++) {
            if (is_space(*p)) {
                if (m && spaced[m - 1] != ' ') {
                    spaced[m++] = ' ';
                }
            } else {
                spaced[m++] = *p;
            }
        }
        spaced[m] = '\0';
        char rest[300];
        snprintf(rest, sizeof rest, "%s", spaced + wl);
        char *sp = strchr(rest, ' ');
        const char *extra = "";
        if (sp) {
            *sp = '\0';
            extra = sp + 1;
        }
        if (!*rest) {
            break;
        }
        if (*extra && (sheet_ieq(extra, "or_other") ||
                       sheet_ieq(extra, "or specify other"))) {
            /* ODK adds an "other" choice and a "specify" text question;
             * the kiosk adds the choice, and asks no one to type */
            kiosk_diag_warn(L->d, f->names[0], r + 1, c + 1,
                            "type '%s': the kiosk offers the 'other' choice "
                            "but never asks to specify it (a visitor never "
                            "types)", raw);
            *or_other = 1;
            extra = "";
        }
        if (*extra) {
            kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                           "type '%s' is not supported (one list name "
                           "expected)", raw);
            return -1;
        }
        *type = select_names[i].multi ? SURVEY_SELECT_MULTIPLE
                                      : SURVEY_SELECT_ONE;
        *list = survey_arena_strndup(&f->arena, rest, strlen(rest));
        return *list ? 1 : -1;
    }
    return 0;
}

/* The error for a type the kiosk does not take: refused by design with
 * the reason (refused_types), or unknown. Returns -1. */
static int refuse_type(struct load *L, int r, int c, const char *raw,
                       const char *norm)
{
    struct survey_form *f = L->f;
    for (size_t i = 0; i < sizeof refused_types / sizeof *refused_types;
         i++) {
        if (strcmp(norm, refused_types[i].w) == 0) {
            int planned = strstr(refused_types[i].why, "planned") != NULL;
            kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                           "type '%s' is %s: %s", raw,
                           planned ? "not supported yet"
                                   : "refused by design",
                           refused_types[i].why);
            return -1;
        }
    }
    kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                   "type '%s' is not supported by the kiosk", raw);
    return -1;
}

/* Parses the type cell. Returns 0 and sets *type (and *list for selects),
 * or -1 after reporting the problem. */
static int parse_type(struct load *L, int r, int c, enum survey_type *type,
                      const char **list, int *or_other)
{
    struct survey_form *f = L->f;
    const char *raw = trimmed(&f->arena, cell(f, 0, r, c));
    /* lower-case, single spaces (list names keep their case below) */
    char norm[300];
    size_t n = 0;
    for (const char *p = raw; *p && n + 1 < sizeof norm; p++) {
        if (is_space(*p)) {
            if (n && norm[n - 1] != ' ') {
                norm[n++] = ' ';
            }
            continue;
        }
        norm[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
    }
    norm[n] = '\0';
    if (!*raw) {
        kiosk_diag_err(L->d, f->names[0], r + 1, c + 1, "type is empty");
        return -1;
    }
    if (strncmp(norm, "select_one_from_file", 20) == 0 ||
        strncmp(norm, "select_multiple_from_file", 25) == 0 ||
        strncmp(norm, "select one from file", 20) == 0 ||
        strncmp(norm, "select multiple from file", 25) == 0 ||
        strncmp(norm, "select_one_external", 19) == 0 ||
        strncmp(norm, "select one external", 19) == 0) {
        kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                       "type '%s' is refused by design: external choice "
                       "files (a pack keeps its choices in the choices "
                       "sheet)", raw);
        return -1;
    }
    if (strncmp(norm, "osm ", 4) == 0) {
        snprintf(norm, sizeof norm, "osm");
    }
    if (strncmp(norm, "begin loop over ", 16) == 0) {
        snprintf(norm, sizeof norm, "begin loop");
    }
    int sel = parse_select(L, r, c, raw, norm, type, list, or_other);
    if (sel) {
        return sel > 0 ? 0 : -1;
    }
    if (strcmp(norm, "select_one") == 0 ||
        strcmp(norm, "select_multiple") == 0) {
        kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                       "'%s' needs a list name, e.g. '%s yesno'", raw, raw);
        return -1;
    }
    for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++) {
        if (strcmp(norm, type_names[i].w) != 0) {
            continue;
        }
        *type = type_names[i].t;
        if (*type == SURVEY_TEXT && !f->staff) {
            kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                           "type '%s' is refused by design in a visitor "
                           "form: a walk-in visitor must never be asked "
                           "to type anything, which could identify them "
                           "(settings audience=staff allows it)", raw);
            return -1;
        }
        return 0;
    }
    return refuse_type(L, r, c, raw, norm);
}

/* Which columns mean something on which row type. */
static int column_allowed(enum survey_type t, enum col_kind k,
                          enum survey_text_kind tk)
{
    int input = survey_type_is_input(t);
    switch (k) {
    case C_TYPE:
    case C_NAME:
    case C_NONE:
    case C_BAD:
        return 1;
    case C_RELEVANT:
        return t != SURVEY_END_GROUP;
    case C_CONSTRAINT:
    case C_REQUIRED:
        return input;
    case C_IGNORED:
        return 1;
    case C_DEFAULT:
        return input && t != SURVEY_ACKNOWLEDGE;
    case C_READONLY:
        return input || t == SURVEY_NOTE || t == SURVEY_BEGIN_GROUP ||
               t == SURVEY_CALCULATE;
    case C_PARAMS:
        return input;
    case C_CALCULATION:
    case C_MEASURE:
    case C_VALUES:
    case C_SCORE:
        return t == SURVEY_CALCULATE;
    case C_FILTER:
        return t == SURVEY_SELECT_ONE || t == SURVEY_SELECT_MULTIPLE;
    case C_APPEARANCE:
    case C_AUTOPLAY:
        return input || t == SURVEY_NOTE || t == SURVEY_BEGIN_GROUP;
    case C_TEXT:
        if (t == SURVEY_END_GROUP) {
            return 0;
        }
        if (t == SURVEY_CALCULATE) {
            return tk == TX_LABEL || tk == TX_HINT; /* for exports */
        }
        if (tk == TX_CMSG || tk == TX_RMSG) {
            return input;
        }
        if (t == SURVEY_METADATA) {
            return tk == TX_LABEL || tk == TX_HINT;
        }
        return 1;
    default:
        return 0;
    }
}

/* One number of a range's parameters; 0 when it is one. */
static int param_number(const char *v, double *out)
{
    char *end;
    *out = strtod(v, &end);
    return *v && !*end && isfinite(*out) ? 0 : -1;
}

/* The parameters column: a range's start, end and step (pyxform's
 * defaults 1, 10, 1), anything else a warning (no effect). */
static void load_parameters(struct load *L, struct survey_item *it, int r)
{
    struct survey_form *f = L->f;
    const char *file = f->names[0];
    int pc = L->col_of[C_PARAMS];
    const char *v = pc >= 0 ? trimmed(&f->arena, cell(f, 0, r, pc)) : "";
    if (it->type != SURVEY_RANGE) {
        if (*v) {
            kiosk_diag_warn(L->d, file, r + 1, pc + 1,
                            "parameters '%s' are not used by the kiosk", v);
        }
        return;
    }
    double p[3] = {1, 10, 1}; /* start, end, step */
    static const char *const keys[3] = {"start", "end", "step"};
    char buf[300];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *save = NULL, *tok = strtok_r(buf, " \t;,", &save); tok;
         tok = strtok_r(NULL, " \t;,", &save)) {
        char *eq = strchr(tok, '=');
        int k = -1;
        if (eq) {
            *eq = '\0';
            for (int j = 0; j < 3; j++) {
                k = sheet_ieq(tok, keys[j]) ? j : k;
            }
        }
        if (k < 0 || param_number(eq + 1, &p[k])) {
            kiosk_diag_err(L->d, file, r + 1, pc + 1,
                           "range parameters are start=, end= and step= "
                           "with numbers (e.g. 'start=0 end=10 step=1'), "
                           "not '%s'", v);
            return;
        }
    }
    double span = (p[1] - p[0]) / p[2];
    double steps = floor(span + 0.5);
    if (p[2] == 0 || span < 0 || fabs(span - steps) > 1e-9) {
        kiosk_diag_err(L->d, file, r + 1, pc >= 0 ? pc + 1 : 0,
                       "range from %g to %g by %g: the step must go from "
                       "start to end in whole steps", p[0], p[1], p[2]);
        return;
    }
    if (steps + 1 > SURVEY_RANGE_MAX) {
        kiosk_diag_err(L->d, file, r + 1, pc >= 0 ? pc + 1 : 0,
                       "range from %g to %g by %g has %.0f values: the "
                       "kiosk shows a range as tiles, at most %d (a bigger "
                       "step, or an integer question)", p[0], p[1], p[2],
                       steps + 1, SURVEY_RANGE_MAX);
        return;
    }
    it->range_start = p[0];
    it->range_step = p[2];
    it->range_n = (int)steps + 1;
    it->range_int = p[0] == floor(p[0]) && p[2] == floor(p[2]);
}

static const char *const select_appearances[] = {
    "minimal", "quick", "compact", "likert", "columns", "columns-pack",
    "horizontal", "horizontal-compact", "no-buttons",
    "label", "list-nolabel", /* a table built by hand: see mark_tables */
};

static void check_appearance(struct load *L, int i, int r, int c)
{
    struct survey_form *f = L->f;
    struct survey_item *it = &f->items[i];
    const char *a = it->appearance;
    if (!*a) {
        return;
    }
    if (it->type == SURVEY_BEGIN_GROUP) {
        if (strcmp(a, "field-list") == 0) {
            it->field_list = 1;
        } else if (strcmp(a, "table-list") == 0) {
            /* a grid when it fits the screen, else one question a screen
             * (survey_run_split_tables) */
            it->field_list = 1;
            it->table_list = 1;
        } else {
            kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                           "group appearance '%s' is not supported (only "
                           "field-list)", a);
        }
        return;
    }
    if (strstr(a, "field-list")) {
        kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                       "field-list is an appearance of groups only");
        return;
    }
    /* Other appearances are hints to the UI; report the ones it has no
     * rendering for, so nothing is ignored silently. */
    for (const char *p = a; *p;) {
        size_t wl = strcspn(p, " \t");
        char w[40];
        snprintf(w, sizeof w, "%.*s", (int)(wl < 39 ? wl : 39), p);
        p += wl;
        p += strspn(p, " \t");
        if (!*w) {
            continue;
        }
        int ok = 0;
        if (it->type == SURVEY_SELECT_ONE ||
            it->type == SURVEY_SELECT_MULTIPLE) {
            for (size_t k = 0; k < sizeof select_appearances /
                                       sizeof *select_appearances;
                 k++) {
                ok |= strcmp(w, select_appearances[k]) == 0;
            }
        } else if (it->type == SURVEY_INTEGER ||
                   it->type == SURVEY_DECIMAL) {
            ok = strcmp(w, "numbers") == 0 || strcmp(w, "thousands-sep") == 0;
        } else if (it->type == SURVEY_TEXT) {
            ok = strcmp(w, "multiline") == 0 || strcmp(w, "numbers") == 0;
        }
        if (!ok) {
            kiosk_diag_warn(L->d, f->names[0], r + 1, c + 1,
                            "appearance '%s' is not used by the kiosk on a "
                            "row of this type", w);
        }
    }
}

/* 1 when a label column of survey row r holds text. */
static int row_has_label(const struct load *L, int r)
{
    const struct csv_table *t = &L->f->sheets[0];
    for (int c = 0; c < t->rows[0].ncells; c++) {
        if (L->scols[c].kind == C_TEXT && L->scols[c].tk == TX_LABEL &&
            !blank(csv_cell(t, r, c))) {
            return 1;
        }
    }
    return 0;
}

/* Pass 1 over the survey sheet: types, names, groups, texts. */
/* Item i's name (sheet row r): present (but on end_group), well formed,
 * not used before. */
static void check_item_name(struct load *L, int i, int r)
{
    struct survey_form *f = L->f;
    const char *file = f->names[0];
    struct survey_item *it = &f->items[i];
    const int name_col = L->col_of[C_NAME] + 1;
    if (!*it->name) {
        if (it->type != SURVEY_END_GROUP) {
            kiosk_diag_err(L->d, file, r + 1, name_col, "name is empty");
        }
    } else if (!valid_name(it->name)) {
        kiosk_diag_err(L->d, file, r + 1, name_col,
                       "name '%s' must start with a letter or '_' and "
                       "hold only letters, digits, '_', '-' and '.'",
                       it->name);
    } else if (it->type != SURVEY_END_GROUP) {
        int dup = map_put(&f->names_map, 0, it->name, i);
        if (dup >= 0) {
            kiosk_diag_err(L->d, file, r + 1, name_col,
                           "name '%s' is already used on row %d",
                           it->name, f->items[dup].row);
        }
    }
}

/* The cells of item i (sheet row r) besides its type and name: columns
 * that mean nothing on its type, texts, appearance, default, read_only,
 * parameters, autoplay, calculation. */
static void load_item_cells(struct load *L, int i, int r)
{
    struct survey_form *f = L->f;
    const struct csv_table *t = &f->sheets[0];
    const char *file = f->names[0];
    const int ncols = t->rows[0].ncells;
    struct survey_item *it = &f->items[i];
    /* Columns that mean nothing on this row type. */
    for (int c = 0; c < ncols; c++) {
        const struct col *col = &L->scols[c];
        if (blank(cell(f, 0, r, c)) ||
            column_allowed(it->type, col->kind, col->tk)) {
            continue;
        }
        kiosk_diag_err(L->d, file, r + 1, c + 1,
                       "column '%s' has no meaning on a '%s' row",
                       t->rows[0].cells[c], cell(f, 0, r,
                                                 L->col_of[C_TYPE]));
    }
    store_texts(f, 0, r, L->scols, f->item_text, i);
    if ((survey_type_is_input(it->type) || it->type == SURVEY_NOTE) &&
        !has_text(f, f->item_text, i, TX_LABEL) &&
        !has_text(f, f->item_text, i, TX_HINT) &&
        !has_text(f, f->item_text, i, TX_IMAGE)) {
        kiosk_diag_err(L->d, file, r + 1, 0, "'%s' has no label",
                       it->name);
    }
    if (L->col_of[C_APPEARANCE] >= 0) {
        it->appearance = trimmed(&f->arena,
                                 cell(f, 0, r, L->col_of[C_APPEARANCE]));
        check_appearance(L, i, r, L->col_of[C_APPEARANCE]);
    }
    if (L->col_of[C_DEFAULT] >= 0) {
        int dc = L->col_of[C_DEFAULT];
        it->default_value = trimmed(&f->arena, cell(f, 0, r, dc));
        if (*it->default_value &&
            (strstr(it->default_value, "${") ||
             strchr(it->default_value, '('))) {
            kiosk_diag_err(L->d, file, r + 1, dc + 1,
                           "default '%s': a default computed by an "
                           "expression is not supported (write a "
                           "value)", it->default_value);
        }
    }
    if (L->col_of[C_READONLY] >= 0) {
        int rc2 = L->col_of[C_READONLY];
        const char *v = trimmed(&f->arena, cell(f, 0, r, rc2));
        int yn = yes_no(v);
        if (yn > 0) {
            it->read_only = 1;
        } else if (yn < 0) {
            kiosk_diag_err(L->d, file, r + 1, rc2 + 1,
                           "read_only must be yes or no (an "
                           "expression is not supported), not '%s'", v);
        }
    }
    load_parameters(L, it, r);
    if (L->col_of[C_AUTOPLAY] >= 0) {
        const char *a = trimmed(&f->arena,
                                cell(f, 0, r, L->col_of[C_AUTOPLAY]));
        if (sheet_ieq(a, "audio")) {
            it->autoplay = 1;
        } else if (*a && !sheet_ieq(a, "none")) {
            kiosk_diag_err(L->d, file, r + 1, L->col_of[C_AUTOPLAY] + 1,
                           "autoplay '%s' is not supported (only audio)",
                           a);
        }
    }
    if (it->type == SURVEY_CALCULATE &&
        (L->col_of[C_CALCULATION] < 0 ||
         blank(cell(f, 0, r, L->col_of[C_CALCULATION])))) {
        kiosk_diag_err(L->d, file, r + 1, 0,
                       "calculate '%s' has no calculation", it->name);
    }
}

/* Row r of the survey sheet as the next item (a comment row is skipped
 * with a warning); stack[0..*depth) are the groups open, innermost last. */
static void add_item(struct load *L, int r, int *stack, int *depth)
{
    struct survey_form *f = L->f;
    const char *file = f->names[0];
    if (blank(cell(f, 0, r, L->col_of[C_TYPE])) &&
        blank(cell(f, 0, r, L->col_of[C_NAME])) && !row_has_label(L, r)) {
        /* pyxform skips a row with no type, name or label as a
         * comment row, with a warning; so does the kiosk */
        kiosk_diag_warn(L->d, file, r + 1, 0,
                        "row without type, name or label: skipped as a "
                        "comment");
        return;
    }
    int i = f->nitems++;
    struct survey_item *it = &f->items[i];
    L->sheet_row[i] = r;
    it->row = r + 1;
    it->list = -1;
    it->end = -1;
    it->page = -1;
    it->parent = *depth ? stack[*depth - 1] : -1;
    it->name = trimmed(&f->arena, cell(f, 0, r, L->col_of[C_NAME]));
    it->appearance = "";
    it->values = -1;
    it->score = -1;
    const char *list = NULL;
    if (parse_type(L, r, L->col_of[C_TYPE], &it->type, &list,
                   &it->or_other)) {
        L->bad[i] = 1;
        it->type = SURVEY_NOTE; /* placeholder; the load fails */
        /* its name stays known: a reference to a refused question is
         * not a second error */
        if (*it->name && valid_name(it->name)) {
            (void)map_put(&f->names_map, 0, it->name, i);
        }
        return;
    }
    check_item_name(L, i, r);
    int name_col = L->col_of[C_NAME] + 1;
    if (list) {
        it->list = find_list(f, list);
        if (it->list < 0) {
            kiosk_diag_err(L->d, file, r + 1, L->col_of[C_TYPE] + 1,
                           "list '%s' is not in the choices sheet",
                           list);
        }
    }
    if (it->type == SURVEY_BEGIN_GROUP) {
        stack[(*depth)++] = i;
    } else if (it->type == SURVEY_END_GROUP) {
        if (!*depth) {
            kiosk_diag_err(L->d, file, r + 1, L->col_of[C_TYPE] + 1,
                           "end_group without a begin_group");
        } else {
            int g = stack[--*depth];
            f->items[g].end = i;
            it->parent = *depth ? stack[*depth - 1] : -1;
            if (*it->name && strcmp(it->name, f->items[g].name) != 0) {
                /* pyxform pairs groups by position and ignores the
                 * end row's name; the kiosk does, and says so */
                kiosk_diag_warn(L->d, file, r + 1, name_col,
                               "end_group '%s' closes group '%s' "
                               "(row %d)", it->name, f->items[g].name,
                               f->items[g].row);
            }
        }
    }
    load_item_cells(L, i, r);
}

static void load_items(struct load *L)
{
    struct survey_form *f = L->f;
    const struct csv_table *t = &f->sheets[0];
    const char *file = f->names[0];
    int n = count_rows(t);
    if (n > SURVEY_MAX_ITEMS) {
        kiosk_diag_err(L->d, file, 0, 0, "more than %d rows",
                       SURVEY_MAX_ITEMS);
        return;
    }
    if (n == 0) {
        kiosk_diag_err(L->d, file, 0, 0, "the survey sheet has no rows");
        return;
    }
    if (L->col_of[C_TYPE] < 0 || L->col_of[C_NAME] < 0) {
        kiosk_diag_err(L->d, file, 1, 0,
                       "the survey sheet needs the columns 'type' and "
                       "'name'");
        return;
    }
    f->items = survey_arena_alloc(&f->arena, (size_t)n * sizeof *f->items);
    L->bad = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    L->sheet_row = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    int *stack = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    if (!f->items || !L->bad || !L->sheet_row || !stack ||
        map_init(&f->names_map, &f->arena, (size_t)n)) {
        kiosk_diag_err(L->d, file, 0, 0, "out of memory");
        return;
    }
    int depth = 0;
    for (int r = 1; r < t->nrows; r++) {
        if (csv_row_blank(t, r)) {
            continue;
        }
        add_item(L, r, stack, &depth);
    }
    while (depth > 0) {
        const struct survey_item *g = &f->items[stack[--depth]];
        kiosk_diag_err(L->d, file, g->row, L->col_of[C_TYPE] + 1,
                       "group '%s' is never closed (no end_group)", g->name);
    }
}

/* or_other: each such select gets its own list, its list plus an "other"
 * choice labelled in the form's languages. */
static void add_other_choices(struct load *L)
{
    struct survey_form *f = L->f;
    int n = 0;
    for (int i = 0; i < f->nitems; i++) {
        n += f->items[i].or_other && f->items[i].list >= 0;
    }
    if (!n) {
        return;
    }
    const int stride = f->nlang + 1;
    const size_t per = (size_t)TX_COUNT * (size_t)stride;
    struct survey_choice *choices = survey_arena_alloc(
        &f->arena, (size_t)(f->nchoices + n + 1) * sizeof *choices);
    struct survey_list *lists = survey_arena_alloc(
        &f->arena, (size_t)(f->nlists + n + 1) * sizeof *lists);
    const char **text = survey_arena_alloc(
        &f->arena, (size_t)(f->nchoices + n + 1) * per * sizeof *text);
    if (!choices || !lists || !text) {
        kiosk_diag_err(L->d, f->names[0], 0, 0, "out of memory");
        return;
    }
    if (f->nchoices) {
        memcpy(choices, f->choices, (size_t)f->nchoices * sizeof *choices);
        memcpy(text, f->choice_text,
               (size_t)f->nchoices * per * sizeof *text);
    }
    if (f->nlists) {
        memcpy(lists, f->lists, (size_t)f->nlists * sizeof *lists);
    }
    f->choices = choices;
    f->lists = lists;
    f->choice_text = text;
    for (int i = 0; i < f->nitems; i++) {
        struct survey_item *it = &f->items[i];
        if (!it->or_other || it->list < 0) {
            continue;
        }
        if (L->col_of[C_FILTER] >= 0 &&
            !blank(cell(f, 0, L->sheet_row[i], L->col_of[C_FILTER]))) {
            kiosk_diag_err(L->d, f->names[0], it->row,
                           L->col_of[C_FILTER] + 1,
                           "or_other and choice_filter cannot go together "
                           "(pyxform refuses it too)");
            continue;
        }
        const struct survey_list *old = &f->lists[it->list];
        struct survey_list *nl = &f->lists[f->nlists];
        char name[300];
        snprintf(name, sizeof name, "%s__or_other_%d", old->name, i);
        nl->name = survey_arena_strndup(&f->arena, name, strlen(name));
        if (!nl->name) {
            kiosk_diag_err(L->d, f->names[0], 0, 0, "out of memory");
            return;
        }
        nl->count = old->count + 1;
        nl->idx = survey_arena_alloc(&f->arena,
                                     (size_t)nl->count * sizeof(int));
        if (!nl->idx) {
            kiosk_diag_err(L->d, f->names[0], 0, 0, "out of memory");
            return;
        }
        memcpy(nl->idx, old->idx, (size_t)old->count * sizeof(int));
        int c = f->nchoices++;
        nl->idx[old->count] = c;
        struct survey_choice *ch = &f->choices[c];
        ch->name = "other";
        ch->row = it->row;
        ch->csv_row = -1;
        ch->list = f->nlists;
        ch->level_text = "";
        ch->level = SURVEY_LEVEL_NONE;
        for (int k = 0; k <= f->nlang; k++) {
            const char *label = k < f->nlang && strcmp(f->langs[k], "vi") == 0
                                    ? "Khác"
                                    : "Other";
            f->choice_text[(size_t)c * per + TX_LABEL * (size_t)stride + k] =
                label;
        }
        it->list = f->nlists++;
    }
}

/* ------------------------------------------------------------ expressions */

static int resolve_ref(void *ud, const char *name, size_t len)
{
    const struct load *L = ud;
    const struct survey_form *f = L->f;
    int i = map_find_n(&f->names_map, 0, name, len);
    if (i >= 0 && (f->items[i].type == SURVEY_BEGIN_GROUP ||
                   f->items[i].type == SURVEY_END_GROUP)) {
        return -1; /* a group has no value */
    }
    return i;
}

static int resolve_column(void *ud, const char *name, size_t len)
{
    struct load *L = ud;
    const struct survey_form *f = L->f;
    for (int k = 0; k < f->nfilter_cols; k++) {
        if (strlen(f->filter_col_name[k]) == len &&
            strncmp(f->filter_col_name[k], name, len) == 0) {
            L->filter_used[k] = 1;
            return k;
        }
    }
    return -1;
}

/* Parses the expression in column kind k of item i; NULL when the cell is
 * empty or wrong (reported). */
static struct survey_expr *parse_cell(struct load *L, int i, enum col_kind k,
                                      unsigned flags, const char **text)
{
    struct survey_form *f = L->f;
    int c = L->col_of[k];
    if (c < 0) {
        return NULL;
    }
    int r = L->sheet_row[i];
    const char *src = cell(f, 0, r, c);
    if (blank(src)) {
        return NULL;
    }
    if (strstr(src, "\xE2\x80\x98") || strstr(src, "\xE2\x80\x99") ||
        strstr(src, "\xE2\x80\x9C") || strstr(src, "\xE2\x80\x9D")) {
        /* pyxform turns a spreadsheet's smart quotes into plain ones */
        char *plain = survey_arena_strndup(&f->arena, src, strlen(src));
        if (plain) {
            size_t o = 0;
            for (size_t q = 0; plain[q]; q++) {
                if ((unsigned char)plain[q] == 0xE2 &&
                    (unsigned char)plain[q + 1] == 0x80 &&
                    ((unsigned char)plain[q + 2] & 0xFC) == 0x98) {
                    plain[o++] = ((unsigned char)plain[q + 2] & 0x04) ? '"'
                                                                      : '\'';
                    q += 2;
                } else {
                    plain[o++] = plain[q];
                }
            }
            plain[o] = '\0';
            src = plain;
        }
    }
    if (text) {
        *text = src;
    }
    struct survey_expr_resolver res = {resolve_ref, resolve_column, L,
                                       flags};
    struct survey_expr *e = NULL;
    struct survey_expr_error err;
    if (survey_expr_parse(src, &f->arena, &res, &e, &err)) {
        kiosk_diag_err(L->d, f->names[0], r + 1, c + 1,
                       "%s: %s (character %zu)",
                       f->sheets[0].rows[0].cells[c], err.msg, err.offset);
        return NULL;
    }
    return e;
}

static void parse_exprs(struct load *L)
{
    struct survey_form *f = L->f;
    for (int i = 0; i < f->nitems; i++) {
        struct survey_item *it = &f->items[i];
        if (L->bad[i]) {
            continue;
        }
        it->relevant = parse_cell(L, i, C_RELEVANT, 0, &it->src[SRC_RELEVANT]);
        it->constraint = parse_cell(L, i, C_CONSTRAINT, SURVEY_EXPR_DOT,
                                    &it->src[SRC_CONSTRAINT]);
        it->calculation = parse_cell(L, i, C_CALCULATION, 0,
                                     &it->src[SRC_CALCULATION]);
        it->filter = parse_cell(L, i, C_FILTER, SURVEY_EXPR_COLUMNS,
                                &it->src[SRC_FILTER]);
        it->has_filter = it->filter != NULL;
        int c = L->col_of[C_REQUIRED];
        if (c >= 0) {
            const char *v = trimmed(&f->arena, cell(f, 0, L->sheet_row[i], c));
            int yn = yes_no(v);
            if (yn > 0) {
                it->required_const = 1;
            } else if (yn < 0) {
                it->required = parse_cell(L, i, C_REQUIRED, 0,
                                          &it->src[SRC_REQUIRED]);
            }
        }
    }
}

/* Checks that every ${name} in the display texts of row r names a field:
 * a typo would otherwise show the raw placeholder to visitors. */
static void check_text_refs(struct load *L, int sheet, int r,
                            const struct col *cols)
{
    struct survey_form *f = L->f;
    const struct csv_table *t = &f->sheets[sheet];
    for (int c = 0; c < t->rows[0].ncells; c++) {
        if (cols[c].kind != C_TEXT || cols[c].tk == TX_IMAGE ||
            cols[c].tk == TX_AUDIO) {
            continue;
        }
        const char *s = csv_cell(t, r, c);
        for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
            const char *e = strchr(p + 2, '}');
            if (!e) {
                kiosk_diag_err(L->d, f->names[sheet], r + 1, c + 1,
                               "%s: '${' is never closed by '}'",
                               t->rows[0].cells[c]);
                break;
            }
            size_t len = (size_t)(e - p - 2);
            if (resolve_ref(L, p + 2, len) < 0) {
                kiosk_diag_err(L->d, f->names[sheet], r + 1, c + 1,
                               "%s: undefined reference ${%.*s}",
                               t->rows[0].cells[c],
                               (int)(len > 60 ? 60 : len), p + 2);
            }
        }
    }
}

static int list_has(const struct survey_form *f, int li, const char *value);

/* A default must be a value the question accepts, as survey_run_set
 * would take it. */
static void check_defaults(struct load *L)
{
    struct survey_form *f = L->f;
    const int dc = L->col_of[C_DEFAULT];
    for (int i = 0; i < f->nitems; i++) {
        const struct survey_item *it = &f->items[i];
        const char *v = it->default_value;
        if (!v || !*v || L->bad[i] || strstr(v, "${") || strchr(v, '(')) {
            continue;
        }
        int ok = 1;
        switch (it->type) {
        case SURVEY_SELECT_ONE:
            ok = it->list >= 0 && list_has(f, it->list, v);
            break;
        case SURVEY_SELECT_MULTIPLE: {
            char buf[SURVEY_MAX_ANSWER];
            snprintf(buf, sizeof buf, "%s", v);
            for (char *tok = strtok(buf, " \t"); tok && ok;
                 tok = strtok(NULL, " \t")) {
                ok = it->list >= 0 && list_has(f, it->list, tok);
            }
            break;
        }
        case SURVEY_INTEGER: {
            char *end;
            double x = survey_num_parse(v);
            (void)strtoll(v, &end, 10);
            ok = !isnan(x) && *end == '\0';
            break;
        }
        case SURVEY_DECIMAL:
            ok = !isnan(survey_num_parse(v));
            break;
        case SURVEY_DATE: {
            /* a spreadsheet's date cell reads as a datetime
             * ("2026-01-31 00:00:00"): the date is its first ten */
            char day[11];
            snprintf(day, sizeof day, "%s", v);
            ok = survey_date_valid(day) &&
                 (!v[10] || v[10] == ' ' || v[10] == 'T');
            if (ok && v[10]) {
                f->items[i].default_value =
                    survey_arena_strndup(&f->arena, v, 10);
            }
            break;
        }
        case SURVEY_RANGE: {
            char buf[SURVEY_MAX_ANSWER];
            double num;
            snprintf(buf, sizeof buf, "%s", v);
            ok = it->range_n > 0 &&
                 survey_range_value(f, i, buf, &num) == KIOSK_OK;
            break;
        }
        default:
            break;
        }
        if (!ok) {
            kiosk_diag_err(L->d, f->names[0], it->row, dc + 1,
                           "default '%s' is not an answer '%s' accepts", v,
                           it->name);
        }
    }
}

/* --------------------------------------------------------------- measures */

static const char *const measure_word[] = {"", "score", "band", "flag"};

/* 1 when list li declares `value`. */
static int list_has(const struct survey_form *f, int li, const char *value)
{
    const struct survey_list *l = &f->lists[li];
    for (int k = 0; k < l->count; k++) {
        if (strcmp(f->choices[l->idx[k]].name, value) == 0) {
            return 1;
        }
    }
    return 0;
}

/* State of the static check of one band or flag calculation. */
struct value_check {
    struct load *L;
    int item;  /* the band or flag */
    int depth; /* calculates followed through ${ref} */
};

static int check_value(struct value_check *vc, const char *value,
                       const char *from)
{
    struct survey_form *f = vc->L->f;
    const struct survey_item *it = &f->items[vc->item];
    if (!*value || list_has(f, it->values, value)) {
        return 0;
    }
    kiosk_diag_err(vc->L->d, f->names[0], it->row,
                   vc->L->col_of[C_CALCULATION] + 1,
                   "%s '%s' can give '%s'%s, which list '%s' (its "
                   "kiosk::values) does not declare",
                   measure_word[it->measure], it->name, value, from,
                   f->lists[it->values].name);
    return 1;
}

static int check_result(void *ud, const struct survey_expr_result *res)
{
    struct value_check *vc = ud;
    struct survey_form *f = vc->L->f;
    const struct survey_item *it = &f->items[vc->item];
    const int col = vc->L->col_of[C_CALCULATION] + 1;
    if (res->kind == SURVEY_RESULT_TEXT) {
        return check_value(vc, res->text, "");
    }
    if (res->kind == SURVEY_RESULT_REF) {
        const struct survey_item *src = &f->items[res->ref];
        char from[200];
        snprintf(from, sizeof from, " (through ${%s})", src->name);
        if (src->type == SURVEY_SELECT_ONE && src->list >= 0) {
            const struct survey_list *l = &f->lists[src->list];
            for (int k = 0; k < l->count; k++) {
                if (check_value(vc, f->choices[l->idx[k]].name, from)) {
                    return 1;
                }
            }
            return 0;
        }
        if (src->type == SURVEY_CALCULATE && src->calculation &&
            vc->depth < 16) {
            /* A cycle is reported by build_order; the depth cap stops the
             * walk before it. */
            vc->depth++;
            int r = survey_expr_results(src->calculation, check_result, vc);
            vc->depth--;
            return r;
        }
        kiosk_diag_err(vc->L->d, f->names[0], it->row, col,
                       "%s '%s': the values of ${%s} cannot be checked "
                       "against kiosk::values (a band or flag may give "
                       "only quoted values, if() or coalesce() of them, a "
                       "select_one answer, or another such calculate)",
                       measure_word[it->measure], it->name, src->name);
        return 1;
    }
    kiosk_diag_err(vc->L->d, f->names[0], it->row, col,
                   "%s '%s': the values of %s cannot be checked against "
                   "kiosk::values (a band or flag may give only quoted "
                   "values, if() or coalesce() of them, a select_one "
                   "answer, or another such calculate)",
                   measure_word[it->measure], it->name, res->text);
    return 1;
}

/* kiosk::score of band i (row r): names a score calculate that no other
 * band names. */
static void link_band_score(struct load *L, int i, int r, const char *sc,
                            int *named_by)
{
    struct survey_form *f = L->f;
    const int cs = L->col_of[C_SCORE];
    int j = map_find(&f->names_map, 0, sc);
    if (j < 0 || f->items[j].type != SURVEY_CALCULATE ||
        f->items[j].measure != MEASURE_SCORE) {
        kiosk_diag_err(L->d, f->names[0], r + 1, cs + 1,
                       "kiosk::score '%s' is not a calculate with "
                       "kiosk::measure 'score'%s", sc,
                       j > i ? " (a score comes before its band)" : "");
    } else if (named_by[j] >= 0) {
        kiosk_diag_err(L->d, f->names[0], r + 1, cs + 1,
                       "score '%s' is already named by band '%s' "
                       "(row %d): a score belongs to exactly one "
                       "band", sc, f->items[named_by[j]].name,
                       f->items[named_by[j]].row);
    } else {
        named_by[j] = i;
        f->items[i].score = j;
    }
}

/* kiosk::measure, kiosk::values and kiosk::score of calculate i: its
 * kind, the list of its values (marked in list_use) and a band's score
 * (marked in named_by). */
static void read_measure(struct load *L, int i, int *list_use, int *named_by)
{
    struct survey_form *f = L->f;
    struct survey_item *it = &f->items[i];
    const char *file = f->names[0];
    const int cm = L->col_of[C_MEASURE], cv = L->col_of[C_VALUES],
              cs = L->col_of[C_SCORE];
    int r = L->sheet_row[i];
    const char *m = cm >= 0 ? trimmed(&f->arena, cell(f, 0, r, cm)) : "";
    const char *v = cv >= 0 ? trimmed(&f->arena, cell(f, 0, r, cv)) : "";
    const char *sc = cs >= 0 ? trimmed(&f->arena, cell(f, 0, r, cs)) : "";
    for (int k = MEASURE_SCORE; k <= MEASURE_FLAG; k++) {
        if (strcmp(m, measure_word[k]) == 0) {
            it->measure = k;
        }
    }
    if (*m && it->measure == MEASURE_NONE) {
        kiosk_diag_err(L->d, file, r + 1, cm + 1,
                       "kiosk::measure must be 'score', 'band' or "
                       "'flag', not '%s'", m);
        return;
    }
    if (*v && it->measure != MEASURE_BAND && it->measure != MEASURE_FLAG) {
        kiosk_diag_err(L->d, file, r + 1, cv + 1,
                       "kiosk::values belongs on a band or flag row "
                       "(kiosk::measure is '%s')", m);
    }
    if (*sc && it->measure != MEASURE_BAND) {
        kiosk_diag_err(L->d, file, r + 1, cs + 1,
                       "kiosk::score belongs on a band row (the band "
                       "names its score; kiosk::measure is '%s')", m);
    }
    if (it->measure != MEASURE_BAND && it->measure != MEASURE_FLAG) {
        return;
    }
    f->measures[f->nmeasures++] = i;
    if (!has_text(f, f->item_text, i, TX_LABEL)) {
        kiosk_diag_err(L->d, file, r + 1, 0,
                       "%s '%s' has no label: its label is the "
                       "measure's name that staff and visitors see",
                       m, it->name);
    }
    if (!*v) {
        kiosk_diag_err(L->d, file, r + 1, cv >= 0 ? cv + 1 : 0,
                       "%s '%s' needs kiosk::values: the name of the "
                       "choices list that declares its values", m,
                       it->name);
    } else if ((it->values = find_list(f, v)) < 0) {
        kiosk_diag_err(L->d, file, r + 1, cv + 1,
                       "kiosk::values: list '%s' is not in the choices "
                       "sheet", v);
    } else {
        list_use[it->values] |= 1 << it->measure;
    }
    if (it->measure == MEASURE_BAND && *sc) {
        link_band_score(L, i, r, sc, named_by);
    }
}

/* Levels: every value of a band's list has one; no other list has. */
static void read_levels(struct load *L, const int *list_use)
{
    static const char *const level_word[] = {"low", "moderate", "high"};
    struct survey_form *f = L->f;
    const int col = L->col_level >= 0 ? L->col_level + 1 : 0;
    for (int i = 0; i < f->nchoices; i++) {
        struct survey_choice *c = &f->choices[i];
        int use = list_use[c->list];
        if (use & (1 << MEASURE_BAND)) {
            for (int k = 0; k < 3; k++) {
                if (strcmp(c->level_text, level_word[k]) == 0) {
                    c->level = k;
                }
            }
            if (c->level == SURVEY_LEVEL_NONE) {
                kiosk_diag_err(L->d, f->names[1], c->row, col,
                               "value '%s' of list '%s' (a band's "
                               "kiosk::values) needs kiosk_level 'low', "
                               "'moderate' or 'high'%s%s%s", c->name,
                               f->lists[c->list].name,
                               *c->level_text ? ", not '" : "",
                               c->level_text, *c->level_text ? "'" : "");
            }
        } else if (*c->level_text) {
            kiosk_diag_err(L->d, f->names[1], c->row, col,
                           "kiosk_level only applies to the values of a "
                           "band; list '%s' is %s", f->lists[c->list].name,
                           use ? "a flag's kiosk::values (flags have no "
                                 "level)"
                               : "not a band's kiosk::values");
        }
    }
}

/* Reads kiosk::measure, kiosk::values and kiosk::score, the kiosk_level of
 * the lists bands use, and checks every band and flag calculation against
 * its declared values. */
static void load_measures(struct load *L)
{
    struct survey_form *f = L->f;
    const char *file = f->names[0];
    int *list_use = survey_arena_alloc(&f->arena, (size_t)(f->nlists + 1) *
                                                      sizeof(int));
    int *named_by = survey_arena_alloc(&f->arena, (size_t)f->nitems *
                                                      sizeof(int));
    f->measures = survey_arena_alloc(&f->arena, (size_t)f->nitems *
                                                    sizeof(int));
    if (!list_use || !named_by || !f->measures) {
        kiosk_diag_err(L->d, file, 0, 0, "out of memory");
        return;
    }
    for (int i = 0; i < f->nitems; i++) {
        named_by[i] = -1;
    }
    /* Kinds and value lists. Columns on rows other than calculates were
     * reported by load_items. */
    for (int i = 0; i < f->nitems; i++) {
        if (!L->bad[i] && f->items[i].type == SURVEY_CALCULATE) {
            read_measure(L, i, list_use, named_by);
        }
    }
    for (int i = 0; i < f->nitems; i++) {
        if (f->items[i].measure == MEASURE_SCORE && named_by[i] < 0) {
            kiosk_diag_err(L->d, file, f->items[i].row,
                           L->col_of[C_MEASURE] + 1,
                           "score '%s' is named by no band: give its band "
                           "the column kiosk::score = %s",
                           f->items[i].name, f->items[i].name);
        }
    }
    read_levels(L, list_use);
    /* What each band and flag can give. */
    for (int k = 0; k < f->nmeasures; k++) {
        const struct survey_item *it = &f->items[f->measures[k]];
        if (it->values >= 0 && it->calculation) {
            struct value_check vc = {L, f->measures[k], 0};
            (void)survey_expr_results(it->calculation, check_result, &vc);
        }
    }
}

/* ------------------------------------------------------------------ pages */

/* A field-list group whose first question has appearance label (pyxform's
 * table made by hand: a label row, then list-nolabel rows) is a table as
 * table-list is. */
static void mark_tables(struct survey_form *f)
{
    for (int i = 0; i < f->nitems; i++) {
        struct survey_item *g = &f->items[i];
        if (g->type != SURVEY_BEGIN_GROUP || !g->field_list ||
            g->table_list) {
            continue;
        }
        for (int k = i + 1; k < g->end; k++) {
            if (survey_type_is_input(f->items[k].type)) {
                g->table_list = strcmp(f->items[k].appearance, "label") == 0;
                break;
            }
        }
    }
}

/* The pages: one question, one note, or one field-list group; with
 * `split`, a table-list group's questions are a page each. */
static int build_page_list(struct survey_form *f, int split,
                           struct survey_page **out, int *n)
{
    struct survey_page *pages = survey_arena_alloc(
        &f->arena, (size_t)(f->nitems + 1) * sizeof *pages);
    if (!pages) {
        return -1;
    }
    *n = 0;
    for (int i = 0; i < f->nitems; i++) {
        struct survey_item *it = &f->items[i];
        if (it->type == SURVEY_BEGIN_GROUP && it->field_list &&
            !(split && it->table_list)) {
            pages[*n] = (struct survey_page){i, it->end, i};
            for (int k = i; k <= it->end; k++) {
                f->items[k].page = *n;
            }
            (*n)++;
            i = it->end;
        } else if (survey_type_is_input(it->type) ||
                   it->type == SURVEY_NOTE) {
            pages[*n] = (struct survey_page){i, i, -1};
            it->page = (*n)++;
        }
    }
    *out = pages;
    return 0;
}

static int build_pages(struct survey_form *f)
{
    f->last_question = -1;
    for (int i = 0; i < f->nitems; i++) {
        if (survey_type_is_input(f->items[i].type)) {
            f->last_question = i;
        }
    }
    mark_tables(f);
    if (build_page_list(f, 1, &f->pages_split, &f->npages_split)) {
        return -1;
    }
    return build_page_list(f, 0, &f->pages, &f->npages);
}

/* ------------------------------------------------------ dependency order */

struct edges {
    int *adj;   /* NULL while counting */
    int n;
};

static void add_edge(void *ud, int ref)
{
    struct edges *e = ud;
    if (e->adj) {
        e->adj[e->n] = ref;
    }
    e->n++;
}

static void item_deps(const struct survey_item *it, struct edges *e)
{
    if (it->parent >= 0) {
        add_edge(e, it->parent);
    }
    survey_expr_refs(it->relevant, add_edge, e);
    survey_expr_refs(it->calculation, add_edge, e);
}

/* Orders items so that each comes after everything its relevance and
 * calculation read (and after its group). Cycles are reported. */
static int build_order(struct load *L)
{
    struct survey_form *f = L->f;
    const int n = f->nitems;
    int *start = survey_arena_alloc(&f->arena, (size_t)(n + 1) * sizeof(int));
    int *color = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    int *stk = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    int *pos = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    f->order = survey_arena_alloc(&f->arena, (size_t)n * sizeof(int));
    struct edges e = {NULL, 0};
    if (!start || !color || !stk || !pos || !f->order) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        start[i] = e.n;
        item_deps(&f->items[i], &e);
    }
    start[n] = e.n;
    e.adj = survey_arena_alloc(&f->arena, (size_t)(e.n + 1) * sizeof(int));
    if (!e.adj) {
        return -1;
    }
    e.n = 0;
    for (int i = 0; i < n; i++) {
        item_deps(&f->items[i], &e);
    }
    for (int s = 0; s < n; s++) {
        if (color[s]) {
            continue;
        }
        int sp = 0;
        stk[sp] = s;
        pos[sp++] = start[s];
        color[s] = 1;
        while (sp > 0) {
            int v = stk[sp - 1];
            if (pos[sp - 1] < start[v + 1]) {
                int w = e.adj[pos[sp - 1]++];
                if (color[w] == 0) {
                    color[w] = 1;
                    stk[sp] = w;
                    pos[sp++] = start[w];
                } else if (color[w] == 1) {
                    char path[200];
                    size_t o = 0;
                    int k = sp - 1;
                    while (k > 0 && stk[k] != w) {
                        k--;
                    }
                    /* The stack runs from a dependent to what it reads:
                     * "a -> b" means a's relevance or calculation uses b. */
                    for (int j = k; j < sp && o < sizeof path; j++) {
                        o += (size_t)snprintf(path + o, sizeof path - o,
                                              "%s -> ",
                                              f->items[stk[j]].name);
                    }
                    if (o < sizeof path) {
                        snprintf(path + o, sizeof path - o, "%s",
                                 f->items[w].name);
                    }
                    kiosk_diag_err(L->d, f->names[0], f->items[w].row, 0,
                                   "dependency cycle: %s (each uses the "
                                   "next; relevance and calculations must "
                                   "not depend on themselves)", path);
                }
            } else {
                color[v] = 2;
                if (f->items[v].type != SURVEY_END_GROUP) {
                    f->order[f->norder++] = v;
                }
                sp--;
            }
        }
    }
    return 0;
}

static int build_indexes(struct survey_form *f)
{
    f->calcs = survey_arena_alloc(&f->arena, (size_t)f->nitems * sizeof(int));
    f->filtered = survey_arena_alloc(&f->arena,
                                     (size_t)f->nitems * sizeof(int));
    if (!f->calcs || !f->filtered) {
        return -1;
    }
    for (int i = 0; i < f->nitems; i++) {
        if (f->items[i].type == SURVEY_CALCULATE) {
            f->calcs[f->ncalcs++] = i;
        }
        if (f->items[i].has_filter) {
            f->filtered[f->nfiltered++] = i;
        }
    }
    return 0;
}

/* ----------------------------------------------------------------- load */

static void *alloc_table(struct survey_form *f, size_t rows)
{
    size_t n = (rows + 1) * TX_COUNT * (size_t)(f->nlang + 1);
    return survey_arena_alloc(&f->arena, n * sizeof(const char *));
}

static enum kiosk_err load_form(struct survey_form *f, const char *id,
                                struct kiosk_diag *d)
{
    struct load L;
    memset(&L, 0, sizeof L);
    L.f = f;
    L.d = d;
    L.col_level = -1;
    const int errors0 = d->errors;
    const struct csv_table *st = &f->sheets[0], *ct = &f->sheets[1];
    if (f->sheets[2].nrows > 0) {
        load_settings(f, id, d);
    } else {
        f->id = trimmed(&f->arena, id);
        f->version = f->title = f->default_lang = "";
        f->attribution = f->licence = f->translation_status = "";
        kiosk_diag_warn(d, f->names[2], 0, 0,
                        "no settings sheet: form_id is the file name and "
                        "the version is empty");
    }
    int sc = st->nrows ? st->rows[0].ncells : 0;
    int cc = ct->nrows ? ct->rows[0].ncells : 0;
    L.scols = survey_arena_alloc(&f->arena, (size_t)(sc + 1) * sizeof *L.scols);
    L.ccols = survey_arena_alloc(&f->arena, (size_t)(cc + 1) * sizeof *L.ccols);
    L.filter_used = survey_arena_alloc(&f->arena, (size_t)(cc + 1) *
                                                      sizeof(int));
    f->filter_csv_col = survey_arena_alloc(&f->arena, (size_t)(cc + 1) *
                                                          sizeof(int));
    f->filter_col_name = survey_arena_alloc(&f->arena, (size_t)(cc + 1) *
                                                           sizeof(char *));
    if (!L.scols || !L.ccols || !L.filter_used || !f->filter_csv_col ||
        !f->filter_col_name) {
        return KIOSK_ENOMEM;
    }
    map_header(f, 0, L.scols, d);
    if (cc) {
        map_header(f, 1, L.ccols, d);
    }
    for (int k = 0; k <= C_BAD; k++) {
        L.col_of[k] = -1;
    }
    for (int c = sc - 1; c >= 0; c--) {
        if (L.scols[c].kind != C_TEXT) {
            L.col_of[L.scols[c].kind] = c;
        }
    }
    for (int c = 0; c < cc; c++) {
        if (L.ccols[c].kind == C_EXTRA || L.ccols[c].kind == C_CHOICE_NAME) {
            f->filter_csv_col[f->nfilter_cols] = c;
            f->filter_col_name[f->nfilter_cols++] = ct->rows[0].cells[c];
        }
    }
    f->item_text = alloc_table(f, (size_t)st->nrows);
    f->choice_text = alloc_table(f, (size_t)ct->nrows);
    if (!f->item_text || !f->choice_text) {
        return KIOSK_ENOMEM;
    }
    check_default_lang(f, d);
    load_choices(&L);
    load_items(&L);
    add_other_choices(&L);
    if (!f->items || f->nitems == 0) {
        return KIOSK_EPARSE;
    }
    parse_exprs(&L);
    load_measures(&L);
    check_defaults(&L);
    for (int i = 0; i < f->nitems; i++) {
        check_text_refs(&L, 0, L.sheet_row[i], L.scols);
    }
    for (int i = 0; i < f->nchoices; i++) {
        check_text_refs(&L, 1, f->choices[i].csv_row, L.ccols);
    }
    for (int k = 0; k < f->nfilter_cols; k++) {
        int c = f->filter_csv_col[k];
        if (L.ccols[c].kind == C_EXTRA && !L.filter_used[k]) {
            kiosk_diag_warn(d, f->names[1], 1, c + 1,
                            "column '%s' is not used by the kiosk (no "
                            "choice_filter uses it)", f->filter_col_name[k]);
        }
    }
    if (d->errors > errors0) {
        return KIOSK_EPARSE; /* groups may be unbalanced: stop here */
    }
    if (build_pages(f) || build_order(&L) || build_indexes(f)) {
        return KIOSK_ENOMEM;
    }
    return d->errors > errors0 ? KIOSK_EPARSE : KIOSK_OK;
}

enum kiosk_err survey_form_load_mem(const char *id, const char *name_prefix,
                                    const char *survey, size_t survey_len,
                                    const char *choices, size_t choices_len,
                                    const char *settings, size_t settings_len,
                                    struct survey_form **out,
                                    struct kiosk_diag *d)
{
    static const char *const suffix[3] = {".survey.csv", ".choices.csv",
                                          ".settings.csv"};
    const char *data[3] = {survey, choices, settings};
    size_t len[3] = {survey_len, choices_len, settings_len};
    *out = NULL;
    struct survey_form *f = calloc(1, sizeof *f);
    if (!f) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err rc = KIOSK_OK;
    for (int s = 0; s < 3; s++) {
        snprintf(f->names[s], sizeof f->names[s], "%s%s",
                 name_prefix ? name_prefix : id, suffix[s]);
        if (!data[s]) {
            continue;
        }
        if (s > 0 && len[s] == 0) {
            /* an empty choices or settings sheet is an absent one */
            kiosk_diag_warn(d, f->names[s], 0, 0, "file is empty: no %s",
                            s == 1 ? "choices" : "settings");
            data[s] = NULL;
            continue;
        }
        enum kiosk_err e = csv_parse(data[s], len[s], f->names[s],
                                     &f->sheets[s], d);
        if (e && !rc) {
            rc = e;
        }
    }
    if (!rc && !survey) {
        kiosk_diag_err(d, f->names[0], 0, 0, "file not found");
        rc = KIOSK_ENOENT;
    }
    if (!rc) {
        rc = load_form(f, id, d);
    }
    if (rc) {
        survey_form_free(f);
        return rc;
    }
    *out = f;
    return KIOSK_OK;
}

enum kiosk_err survey_form_load(const char *dir, const char *id,
                                struct survey_form **out,
                                struct kiosk_diag *d)
{
    static const char *const suffix[3] = {".survey.csv", ".choices.csv",
                                          ".settings.csv"};
    char *data[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    char prefix[400];
    enum kiosk_err rc = KIOSK_OK;
    *out = NULL;
    int n = snprintf(prefix, sizeof prefix, "%s/%s", dir, id);
    if (n < 0 || (size_t)n >= sizeof prefix - 20) {
        return kiosk_diag_err(d, id, 0, 0, "form path is too long");
    }
    for (int s = 0; s < 3 && !rc; s++) {
        char path[420];
        snprintf(path, sizeof path, "%s%s", prefix, suffix[s]);
        enum kiosk_err e = kiosk_read_file(path, CSV_MAX_FILE, &data[s],
                                           &len[s]);
        if (e == KIOSK_ENOENT && s > 0) {
            continue; /* choices and settings are optional */
        }
        if (e == KIOSK_ENOENT) {
            kiosk_diag_err(d, path, 0, 0, "file not found");
            rc = e;
        } else if (e == KIOSK_ETOOBIG) {
            kiosk_diag_err(d, path, 0, 0, "file is larger than %u bytes",
                           CSV_MAX_FILE);
            rc = e;
        } else if (e) {
            kiosk_diag_err(d, path, 0, 0, "cannot read: %s",
                           kiosk_strerror(e));
            rc = e;
        }
    }
    if (!rc) {
        rc = survey_form_load_mem(id, prefix, data[0], len[0], data[1],
                                  len[1], data[2], len[2], out, d);
    }
    for (int s = 0; s < 3; s++) {
        free(data[s]);
    }
    return rc;
}

void survey_form_free(struct survey_form *f)
{
    if (!f) {
        return;
    }
    for (int s = 0; s < 3; s++) {
        csv_free(&f->sheets[s]);
    }
    survey_arena_free(&f->arena);
    free(f);
}

/* -------------------------------------------------------------- accessors */

const char *survey_form_id(const struct survey_form *f)
{
    return f->id;
}

const char *survey_form_version(const struct survey_form *f)
{
    return f->version;
}

const char *survey_form_title(const struct survey_form *f)
{
    return f->title;
}

const char *survey_form_default_language(const struct survey_form *f)
{
    return f->default_lang;
}

const char *survey_form_attribution(const struct survey_form *f)
{
    return f->attribution;
}

const char *survey_form_licence(const struct survey_form *f)
{
    return f->licence;
}

const char *survey_form_translation_status(const struct survey_form *f)
{
    return f->translation_status;
}

int survey_form_for_staff(const struct survey_form *f)
{
    return f->staff;
}

int survey_form_lang_count(const struct survey_form *f)
{
    return f->nlang;
}

const char *survey_form_lang(const struct survey_form *f, int i)
{
    return i >= 0 && i < f->nlang ? f->langs[i] : "";
}

int survey_form_item_count(const struct survey_form *f)
{
    return f->nitems;
}

int survey_form_find(const struct survey_form *f, const char *name)
{
    return map_find(&f->names_map, 0, name);
}

enum survey_type survey_item_type(const struct survey_form *f, int i)
{
    return f->items[i].type;
}

const char *survey_item_name(const struct survey_form *f, int i)
{
    return f->items[i].name;
}

int survey_item_row(const struct survey_form *f, int i)
{
    return f->items[i].row;
}

const char *survey_item_label(const struct survey_form *f, int i,
                              const char *lang)
{
    return survey_text_pick(f, f->item_text, i, TX_LABEL, lang);
}

const char *survey_item_hint(const struct survey_form *f, int i,
                             const char *lang)
{
    return survey_text_pick(f, f->item_text, i, TX_HINT, lang);
}

const char *survey_item_image(const struct survey_form *f, int i,
                              const char *lang)
{
    return survey_text_pick(f, f->item_text, i, TX_IMAGE, lang);
}

const char *survey_item_audio(const struct survey_form *f, int i,
                              const char *lang)
{
    return survey_text_pick(f, f->item_text, i, TX_AUDIO, lang);
}

const char *survey_item_appearance(const struct survey_form *f, int i)
{
    return f->items[i].appearance;
}

int survey_item_autoplay(const struct survey_form *f, int i)
{
    return f->items[i].autoplay;
}

int survey_item_has_required(const struct survey_form *f, int i)
{
    return f->items[i].required_const || f->items[i].required != NULL;
}

/* -------------------------------------------------------------- measures */

int survey_form_measure_count(const struct survey_form *f)
{
    return f->nmeasures;
}

static const struct survey_item *measure_item(const struct survey_form *f,
                                              int m)
{
    return &f->items[f->measures[m]];
}

const char *survey_measure_name(const struct survey_form *f, int m)
{
    return measure_item(f, m)->name;
}

enum survey_measure_kind survey_measure_kind(const struct survey_form *f,
                                             int m)
{
    return measure_item(f, m)->measure == MEASURE_BAND ? SURVEY_MEASURE_BAND
                                                       : SURVEY_MEASURE_FLAG;
}

int survey_measure_item(const struct survey_form *f, int m)
{
    return f->measures[m];
}

int survey_measure_score_item(const struct survey_form *f, int m)
{
    return measure_item(f, m)->score;
}

const char *survey_measure_label(const struct survey_form *f, int m,
                                 const char *lang)
{
    return survey_text_pick(f, f->item_text, f->measures[m], TX_LABEL, lang);
}

int survey_measure_value_count(const struct survey_form *f, int m)
{
    return f->lists[measure_item(f, m)->values].count;
}

/* The choice of value k, or -1 when k is out of range. */
static int measure_choice(const struct survey_form *f, int m, int k)
{
    const struct survey_list *l = &f->lists[measure_item(f, m)->values];
    return k >= 0 && k < l->count ? l->idx[k] : -1;
}

const char *survey_measure_value(const struct survey_form *f, int m, int k)
{
    int c = measure_choice(f, m, k);
    return c >= 0 ? f->choices[c].name : "";
}

const char *survey_measure_value_label(const struct survey_form *f, int m,
                                       int k, const char *lang)
{
    int c = measure_choice(f, m, k);
    return c >= 0 ? survey_text_pick(f, f->choice_text, c, TX_LABEL, lang)
                  : "";
}

enum survey_level survey_measure_value_level(const struct survey_form *f,
                                             int m, int k)
{
    int c = measure_choice(f, m, k);
    if (c < 0 || measure_item(f, m)->measure != MEASURE_BAND) {
        return SURVEY_LEVEL_NONE;
    }
    return (enum survey_level)f->choices[c].level;
}

int survey_measure_find_value(const struct survey_form *f, int m,
                              const char *value)
{
    const struct survey_list *l = &f->lists[measure_item(f, m)->values];
    for (int k = 0; value && *value && k < l->count; k++) {
        if (strcmp(f->choices[l->idx[k]].name, value) == 0) {
            return k;
        }
    }
    return -1;
}

int survey_item_range(const struct survey_form *f, int i, double *start,
                      double *step, int *n)
{
    const struct survey_item *it = &f->items[i];
    if (it->type != SURVEY_RANGE) {
        return -1;
    }
    *start = it->range_start;
    *step = it->range_step;
    *n = it->range_n;
    return 0;
}

size_t survey_item_range_value(const struct survey_form *f, int i, int k,
                               char *buf, size_t n)
{
    const struct survey_item *it = &f->items[i];
    double v = it->range_start + k * it->range_step;
    if (it->range_int) {
        return (size_t)snprintf(buf, n, "%.0f", v + 0.0);
    }
    if (v == trunc(v) && fabs(v) < 1e7) {
        return (size_t)snprintf(buf, n, "%.1f", v + 0.0); /* as a decimal */
    }
    char tmp[64];
    survey_num_format(v, tmp, sizeof tmp);
    return (size_t)snprintf(buf, n, "%s", tmp);
}

int survey_item_read_only(const struct survey_form *f, int i)
{
    return f->items[i].read_only;
}

const char *survey_item_default(const struct survey_form *f, int i)
{
    return f->items[i].default_value ? f->items[i].default_value : "";
}

const char *survey_item_guidance(const struct survey_form *f, int i,
                                 const char *lang)
{
    return survey_text_pick(f, f->item_text, i, TX_GUIDANCE, lang);
}

/* ---------------------------------------------------------- a pack's forms */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum kiosk_err survey_forms_load_dir(const char *dir,
                                     struct survey_form ***out, int *n,
                                     struct kiosk_diag *d)
{
    *out = NULL;
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        return KIOSK_OK; /* a pack without forms */
    }
    char **ids = NULL;
    size_t nids = 0, cap = 0;
    enum kiosk_err rc = KIOSK_OK;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name), sl = strlen(".survey.csv");
        if (len <= sl || strcmp(e->d_name + len - sl, ".survey.csv") != 0) {
            continue;
        }
        if (nids == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(ids, cap * sizeof *ids);
            if (!grown) {
                rc = KIOSK_ENOMEM;
                break;
            }
            ids = grown;
        }
        ids[nids] = strndup(e->d_name, len - sl);
        if (!ids[nids]) {
            rc = KIOSK_ENOMEM;
            break;
        }
        nids++;
    }
    closedir(dp);
    /* sorted: the same forms in the same order on every card */
    if (nids) {
        qsort(ids, nids, sizeof *ids, cmp_name);
    }
    char images_dir[1100];
    snprintf(images_dir, sizeof images_dir, "%s/../images", dir);
    struct survey_form **forms = rc ? NULL : calloc(nids + 1, sizeof *forms);
    if (!forms && !rc) {
        rc = KIOSK_ENOMEM;
    }
    for (size_t i = 0; i < nids; i++) {
        struct survey_form *f = NULL;
        if (!rc && survey_form_load(dir, ids[i], &f, d) == KIOSK_OK) {
            if (survey_form_check_images(f, images_dir, NULL, NULL, d)) {
                survey_form_free(f); /* a picture missing: left out */
            } else {
                forms[(*n)++] = f;
            }
        }
        free(ids[i]);
    }
    free(ids);
    if (rc) {
        survey_forms_free(forms, *n);
        *n = 0;
        return kiosk_diag_err(d, dir, 0, 0, "out of memory"), KIOSK_ENOMEM;
    }
    *out = forms;
    return KIOSK_OK;
}

void survey_forms_free(struct survey_form **forms, int n)
{
    for (int i = 0; forms && i < n; i++) {
        survey_form_free(forms[i]);
    }
    free(forms);
}
