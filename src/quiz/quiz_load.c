/* Quiz loader and checker: quiz/<id>.csv and quiz/<id>.settings.csv of a
 * content pack, read with the core CSV reader, every text NFC-normalised.
 *
 * The loader reports every problem it finds (not only the first), each
 * naming file, row and column as the spreadsheet shows them, so a teacher
 * can fix a quiz in one round. Any error makes quiz_load fail. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"
#include "core/nfc.h"
#include "core/sheet.h"
#include "quiz/quiz_int.h"

#define QUIZ_SUBDIR "quiz"
#define SETTINGS_SUFFIX ".settings.csv"
#define MAX_FILE_NAME 200 /* bytes of an image/audio file name */
#define MAX_KNOWN_LANGS 32

/* Column kinds: a plain column ("id") or a translated field
 * ("question" -> question::<Name> (<code>) per language). */
enum { COL_PLAIN, COL_TR };

struct colspec {
    const char *name;
    int kind;
    int required; /* plain: must exist; translated: vi and en must exist */
};

#define MAX_SPECS 12
struct colmap {
    int col[MAX_SPECS];                /* plain: 0-based column or -1 */
    int tr[MAX_SPECS][QUIZ_MAX_LANGS]; /* translated: column per language */
};

/* Questions file columns; the order of the first six matches enum
 * quiz_field so spec index == field for the translated texts. */
enum {
    QS_QUESTION, QS_A, QS_B, QS_C, QS_D, QS_EXPLAIN,
    QS_ID, QS_RIGHT, QS_IMAGE, QS_AUDIO, QS_NOTE, QS_N
};
static const struct colspec q_specs[QS_N] = {
    [QS_QUESTION] = {"question", COL_TR, 1},
    [QS_A] = {"a", COL_TR, 1},
    [QS_B] = {"b", COL_TR, 1},
    [QS_C] = {"c", COL_TR, 0},
    [QS_D] = {"d", COL_TR, 0},
    [QS_EXPLAIN] = {"explain", COL_TR, 1},
    [QS_ID] = {"id", COL_PLAIN, 1},
    [QS_RIGHT] = {"right", COL_PLAIN, 1},
    [QS_IMAGE] = {"image", COL_PLAIN, 0},
    [QS_AUDIO] = {"audio", COL_TR, 0},
    [QS_NOTE] = {"note", COL_PLAIN, 0},
};

enum { SS_QUIZ_ID, SS_TITLE, SS_LEVEL, SS_STATUS, SS_SELF_CHECK, SS_NOTE,
       SS_N };
static const struct colspec s_specs[SS_N] = {
    [SS_QUIZ_ID] = {"quiz_id", COL_PLAIN, 1},
    [SS_TITLE] = {"title", COL_TR, 1},
    [SS_LEVEL] = {"level", COL_PLAIN, 1},
    [SS_STATUS] = {"translation_status", COL_TR, 0},
    [SS_SELF_CHECK] = {"self_check", COL_PLAIN, 0},
    [SS_NOTE] = {"note", COL_PLAIN, 0},
};

static const int field_caps[QUIZ_NFIELDS] = {
    QUIZ_MAX_QUESTION_CHARS, QUIZ_MAX_ANSWER_CHARS, QUIZ_MAX_ANSWER_CHARS,
    QUIZ_MAX_ANSWER_CHARS,   QUIZ_MAX_ANSWER_CHARS, QUIZ_MAX_EXPLAIN_CHARS,
};

struct loader {
    const char *dir;
    struct kiosk_diag *d;
    struct quiz *q;
    char qfile[96];   /* "quiz/<id>.csv" for diagnostics */
    char sfile[96];   /* "quiz/<id>.settings.csv" */
    int nknown;       /* codes in languages.csv, -1 = no such file */
    char known[MAX_KNOWN_LANGS][16];
    int status_col[QUIZ_MAX_LANGS]; /* settings: 1-based, 0 = none */
    int title_col[QUIZ_MAX_LANGS];
    int srow;         /* settings data row, 0 = none read */
    int oom;
};

/* ---- small helpers ---------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The cell without leading and trailing white space: *len bytes from the
 * returned pointer. */
static const char *trimmed(const char *s, size_t *len)
{
    while (is_space(*s)) {
        s++;
    }
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1])) {
        n--;
    }
    *len = n;
    return s;
}

int quiz_id_ok(const char *s, size_t len)
{
    if (len == 0 || len >= QUIZ_ID_MAX) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-')) {
            return 0;
        }
    }
    return 1;
}

/* A file name inside images/ or audio/: no folders, no hidden files. */
static int valid_file_name(const char *s, size_t len)
{
    if (len == 0 || len > MAX_FILE_NAME || s[0] == '.') {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '/' || s[i] == '\\' || (unsigned char)s[i] < 0x20) {
            return 0;
        }
    }
    return 1;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int quiz_lang_index(const struct quiz *q, const char *code)
{
    if (!q || !code) {
        return -1;
    }
    for (int i = 0; i < q->nlangs; i++) {
        if (strcmp(q->langs[i], code) == 0) {
            return i;
        }
    }
    return -1;
}

/* Index of language `code` in the quiz, adding it; -1 when the code is not
 * in languages.csv or there are too many (both reported). */
static int lang_slot(struct loader *ld, const char *code, const char *file,
                     int col)
{
    int li = quiz_lang_index(ld->q, code);
    if (li >= 0) {
        return li;
    }
    if (ld->nknown >= 0) {
        int found = 0;
        for (int i = 0; i < ld->nknown; i++) {
            found |= strcmp(ld->known[i], code) == 0;
        }
        if (!found) {
            kiosk_diag_err(ld->d, file, 1, col,
                           "unknown language code '%s' (not in "
                           "languages.csv)",
                           code);
            return -1;
        }
    }
    if (ld->q->nlangs >= QUIZ_MAX_LANGS) {
        kiosk_diag_err(ld->d, file, 1, col, "more than %d languages",
                       QUIZ_MAX_LANGS);
        return -1;
    }
    li = ld->q->nlangs++;
    snprintf(ld->q->langs[li], sizeof ld->q->langs[li], "%s", code);
    return li;
}

/* Matches a header row against the specs: unknown, repeated, badly named
 * and missing columns are errors. Returns 1 when every required column is
 * there. */
static int quiz_lang_slot(void *ud, const char *code, const char *h,
                          const char *file, int col)
{
    (void)h;
    return lang_slot(ud, code, file, col);
}

static int map_header(struct loader *ld, const struct csv_table *t,
                      const char *file, const struct colspec *specs,
                      int nspecs, struct colmap *m)
{
    /* one mapper for every sheet of the pack (core/sheet.c) */
    struct sheet_spec ss[MAX_SPECS];
    for (int s = 0; s < nspecs; s++) {
        ss[s] = (struct sheet_spec){specs[s].name, specs[s].kind == COL_TR,
                                    specs[s].required};
    }
    int ok = sheet_map_columns(t, file, ss, nspecs, quiz_lang_slot, ld,
                               m->col, &m->tr[0][0], QUIZ_MAX_LANGS, ld->d);
    for (int s = 0; s < nspecs; s++) {
        if (!specs[s].required) {
            continue;
        }
        static const char *const req[2][2] = {{"Tiếng Việt", "vi"},
                                              {"English", "en"}};
        for (int l = 0; specs[s].kind == COL_TR && l < 2; l++) {
            if (m->tr[s][l] < 0) {
                kiosk_diag_err(ld->d, file, 1, 0,
                               "missing required column '%s::%s (%s)'",
                               specs[s].name, req[l][0], req[l][1]);
                ok = 0;
            }
        }
    }
    return ok;
}

/* 1 if row r holds data to read; data right of the header is an error. */
static int data_row(struct loader *ld, const struct csv_table *t,
                    const char *file, int r)
{
    if (csv_row_blank(t, r)) {
        return 0;
    }
    int nh = t->rows[0].ncells;
    for (int c = nh; c < t->rows[r].ncells; c++) {
        size_t len;
        trimmed(t->rows[r].cells[c], &len);
        if (len) {
            kiosk_diag_err(ld->d, file, r + 1, c + 1,
                           "cell has data but its column has no header");
            break;
        }
    }
    return 1;
}

size_t quiz_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* Reads a one-line text cell: trimmed, NFC, length-capped. Sets *out to a
 * malloc'd copy or NULL for an empty cell. */
static void read_text(struct loader *ld, const struct csv_table *t,
                      const char *file, int r, int c, int cap, char **out)
{
    *out = NULL;
    if (c < 0) {
        return;
    }
    size_t len;
    const char *s = trimmed(csv_cell(t, r, c), &len);
    if (len == 0) {
        return;
    }
    if (memchr(s, '\n', len) || memchr(s, '\r', len)) {
        kiosk_diag_err(ld->d, file, r + 1, c + 1,
                       "line break in a one-line text; the screen wraps "
                       "lines itself");
    }
    char *d = kiosk_nfc_dup(s, len, NULL);
    if (!d) {
        ld->oom = 1;
        return;
    }
    size_t chars = quiz_utf8_chars(d);
    if (cap > 0 && chars > (size_t)cap) {
        kiosk_diag_err(ld->d, file, r + 1, c + 1,
                       "text has %zu characters; at most %d fit the screen",
                       chars, cap);
    }
    *out = d;
}

/* Builds "<dir>/<sub>/<name>" for an image/audio cell, checking the name
 * and that the file exists. Returns the malloc'd path or NULL. */
static char *media_path(struct loader *ld, const struct csv_table *t,
                        const char *file, int r, int c, const char *sub)
{
    if (c < 0) {
        return NULL;
    }
    size_t len;
    const char *s = trimmed(csv_cell(t, r, c), &len);
    if (len == 0) {
        return NULL;
    }
    if (!valid_file_name(s, len)) {
        kiosk_diag_err(ld->d, file, r + 1, c + 1,
                       "'%.*s' is not a plain file name in %s/", (int)len,
                       s, sub);
        return NULL;
    }
    size_t n = strlen(ld->dir) + strlen(sub) + len + 3;
    char *path = malloc(n);
    if (!path) {
        ld->oom = 1;
        return NULL;
    }
    snprintf(path, n, "%s/%s/%.*s", ld->dir, sub, (int)len, s);
    if (!file_exists(path)) {
        kiosk_diag_err(ld->d, file, r + 1, c + 1, "missing file %s/%.*s", sub,
                       (int)len, s);
        free(path);
        return NULL;
    }
    return path;
}

/* ---- languages.csv ---------------------------------------------------- */

/* Reads the language codes the pack knows, so a typo in a column header is
 * caught. Problems in languages.csv itself are the content checker's. */
static void read_known_langs(struct loader *ld)
{
    ld->nknown = -1;
    char path[1024];
    snprintf(path, sizeof path, "%s/languages.csv", ld->dir);
    if (!file_exists(path)) {
        return;
    }
    struct kiosk_diag scratch = {0};
    struct csv_table t = {0};
    if (csv_load(path, "languages.csv", &t, &scratch) == KIOSK_OK) {
        int c = csv_col(&t, "code");
        if (c >= 0) {
            ld->nknown = 0;
            for (int r = 1; r < t.nrows && ld->nknown < MAX_KNOWN_LANGS;
                 r++) {
                size_t len;
                const char *s = trimmed(csv_cell(&t, r, c), &len);
                if (len > 0 && len < 16) {
                    snprintf(ld->known[ld->nknown++], 16, "%.*s", (int)len,
                             s);
                }
            }
        }
    }
    csv_free(&t);
    kiosk_diag_free(&scratch);
}

/* ---- settings file ---------------------------------------------------- */

/* The settings' self_check: the id of a questionnaire of the pack that
 * the home screen offers during an event (forms/<id>.survey.csv must
 * exist; whether it loads is the form check's business). */
static void self_check(struct loader *ld, const struct csv_table *t, int r,
                       int col)
{
    if (col < 0) {
        return;
    }
    size_t len;
    const char *s = trimmed(csv_cell(t, r, col), &len);
    if (len == 0) {
        return;
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/forms/%.*s.survey.csv", ld->dir,
             (int)(len < QUIZ_ID_MAX ? len : 0), s);
    if (!quiz_id_ok(s, len) || !file_exists(path)) {
        kiosk_diag_err(ld->d, ld->sfile, r + 1, col + 1,
                       "self_check '%.*s' is not a questionnaire of the "
                       "pack (no forms/%.*s.survey.csv)",
                       (int)len, s, (int)len, s);
        return;
    }
    memcpy(ld->q->self_check, s, len);
    ld->q->self_check[len] = '\0';
}

static void load_settings(struct loader *ld)
{
    struct quiz *q = ld->q;
    const char *file = ld->sfile;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ld->dir, file);
    struct csv_table t = {0};
    enum kiosk_err e = csv_load(path, file, &t, ld->d);
    if (e != KIOSK_OK) {
        /* csv_load has said why (missing file, bad UTF-8, ...) */
        return;
    }
    struct colmap m;
    int ok = map_header(ld, &t, file, s_specs, SS_N, &m);
    int data = 0;
    for (int r = 1; ok && r < t.nrows; r++) {
        if (!data_row(ld, &t, file, r)) {
            continue;
        }
        if (++data > 1) {
            kiosk_diag_err(ld->d, file, r + 1, 0,
                           "settings take one row; this is another");
            continue;
        }
        size_t len;
        const char *s = trimmed(csv_cell(&t, r, m.col[SS_QUIZ_ID]), &len);
        if (len != strlen(q->id) || memcmp(s, q->id, len) != 0) {
            kiosk_diag_err(ld->d, file, r + 1, m.col[SS_QUIZ_ID] + 1,
                           "quiz_id '%.*s' does not match the file name "
                           "'%s'",
                           (int)len, s, q->id);
        }
        s = trimmed(csv_cell(&t, r, m.col[SS_LEVEL]), &len);
        if (len == 15 && memcmp(s, "lower_secondary", 15) == 0) {
            q->level = QUIZ_LEVEL_LOWER_SECONDARY;
        } else if (len == 15 && memcmp(s, "upper_secondary", 15) == 0) {
            q->level = QUIZ_LEVEL_UPPER_SECONDARY;
        } else {
            kiosk_diag_err(ld->d, file, r + 1, m.col[SS_LEVEL] + 1,
                           "level '%.*s' is not lower_secondary or "
                           "upper_secondary",
                           (int)len, s);
        }
        self_check(ld, &t, r, m.col[SS_SELF_CHECK]);
        for (int l = 0; l < q->nlangs; l++) {
            int tc = m.tr[SS_TITLE][l];
            ld->title_col[l] = tc + 1;
            read_text(ld, &t, file, r, tc, QUIZ_MAX_TITLE_CHARS,
                      &q->title[l]);
            int sc = m.tr[SS_STATUS][l];
            ld->status_col[l] = sc + 1;
            s = trimmed(csv_cell(&t, r, sc), &len);
            if (sc < 0 || len == 0) {
                continue;
            }
            if (len == 5 && memcmp(s, "draft", 5) == 0) {
                q->draft[l] = 1;
            } else if (!(len == 8 && memcmp(s, "reviewed", 8) == 0)) {
                kiosk_diag_err(ld->d, file, r + 1, sc + 1,
                               "translation_status '%.*s' is not reviewed "
                               "or draft",
                               (int)len, s);
            }
        }
        ld->srow = r + 1;
    }
    if (ok && data == 0) {
        kiosk_diag_err(ld->d, file, 2, 0, "no settings row");
    }
    csv_free(&t);
}

/* ---- questions file --------------------------------------------------- */

static void free_question(struct quiz_q *qq)
{
    for (int f = 0; f < QUIZ_NFIELDS; f++) {
        for (int l = 0; l < QUIZ_MAX_LANGS; l++) {
            free(qq->text[f][l]);
        }
    }
    for (int l = 0; l < QUIZ_MAX_LANGS; l++) {
        free(qq->audio[l]);
    }
    free(qq->image);
}

/* The answers of question qq: how many, and no gap (c empty but d not).
 * An answer exists when any language has text for it. */
static void check_answers(struct loader *ld, const struct colmap *m,
                          struct quiz_q *qq)
{
    int present[QUIZ_MAX_ANSWERS] = {0};
    int last = -1;
    for (int k = 0; k < QUIZ_MAX_ANSWERS; k++) {
        for (int l = 0; l < ld->q->nlangs; l++) {
            present[k] |= qq->text[QUIZ_ANSWER_A + k][l] != NULL;
        }
        if (present[k]) {
            last = k;
        }
    }
    int n = 0;
    for (int k = 0; k <= last; k++) {
        if (present[k]) {
            n++;
            continue;
        }
        int c = m->tr[QS_A + k][0];
        kiosk_diag_err(ld->d, ld->qfile, qq->row, c >= 0 ? c + 1 : 0,
                       "answer %c is empty but answer %c is not: fill the "
                       "answers from a without a gap",
                       'a' + k, 'a' + last);
    }
    if (n < QUIZ_MIN_ANSWERS) {
        int c = m->tr[QS_A][0];
        kiosk_diag_err(ld->d, ld->qfile, qq->row, c >= 0 ? c + 1 : 0,
                       "a question needs %d to %d answers; this one has %d",
                       QUIZ_MIN_ANSWERS, QUIZ_MAX_ANSWERS, n);
    }
    qq->nanswers = last + 1;
}

/* The `right` cell: exactly one letter naming an existing answer. */
static void check_right(struct loader *ld, const struct csv_table *t, int r,
                        int c, struct quiz_q *qq)
{
    size_t len;
    const char *s = trimmed(csv_cell(t, r, c), &len);
    qq->right = -1;
    if (len == 0) {
        kiosk_diag_err(ld->d, ld->qfile, r + 1, c + 1,
                       "no right answer: write one letter, a to d");
        return;
    }
    int letters = 0, k = -1;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'D') {
            ch = (char)(ch - 'A' + 'a');
        }
        if (ch >= 'a' && ch <= 'd') {
            letters++;
            k = ch - 'a';
        } else if (!(ch == ',' || ch == ';' || ch == ' ' || ch == '/')) {
            letters = -1;
            break;
        }
    }
    if (letters < 0 || (letters == 1 && len != 1)) {
        kiosk_diag_err(ld->d, ld->qfile, r + 1, c + 1,
                       "right answer '%.*s' is not a letter a to d",
                       (int)len, s);
    } else if (letters > 1) {
        kiosk_diag_err(ld->d, ld->qfile, r + 1, c + 1,
                       "exactly one right answer is allowed; '%.*s' names "
                       "%d",
                       (int)len, s, letters);
    } else if (qq->nanswers < QUIZ_MIN_ANSWERS) {
        /* too few answers: already reported by check_answers */
    } else if (k >= qq->nanswers) {
        kiosk_diag_err(ld->d, ld->qfile, r + 1, c + 1,
                       "right answer '%c' is not one of the answers", 'a' + k);
    } else {
        qq->right = k;
    }
}

static void load_questions(struct loader *ld, const struct csv_table *t,
                           struct colmap *m)
{
    struct quiz *q = ld->q;
    int ndata = 0;
    for (int r = 1; r < t->nrows; r++) {
        ndata += !csv_row_blank(t, r);
    }
    if (ndata > QUIZ_MAX_QUESTIONS) {
        kiosk_diag_err(ld->d, ld->qfile, 0, 0,
                       "%d questions; at most %d in one quiz", ndata,
                       QUIZ_MAX_QUESTIONS);
        return;
    }
    if (ndata == 0) {
        kiosk_diag_err(ld->d, ld->qfile, 2, 0, "the quiz has no questions");
        return;
    }
    q->q = calloc((size_t)ndata, sizeof *q->q);
    if (!q->q) {
        ld->oom = 1;
        return;
    }
    for (int r = 1; r < t->nrows && !ld->oom; r++) {
        if (!data_row(ld, t, ld->qfile, r)) {
            continue;
        }
        struct quiz_q *qq = &q->q[q->nq++];
        qq->row = r + 1;
        size_t len;
        const char *s = trimmed(csv_cell(t, r, m->col[QS_ID]), &len);
        if (!quiz_id_ok(s, len)) {
            kiosk_diag_err(ld->d, ld->qfile, r + 1, m->col[QS_ID] + 1,
                           "question id '%.*s' must be 1-%d characters "
                           "a-z, 0-9, _ or -",
                           (int)len, s, QUIZ_ID_MAX - 1);
        } else {
            snprintf(qq->id, sizeof qq->id, "%.*s", (int)len, s);
            for (int i = 0; i < q->nq - 1; i++) {
                if (strcmp(q->q[i].id, qq->id) == 0) {
                    kiosk_diag_err(ld->d, ld->qfile, r + 1,
                                   m->col[QS_ID] + 1,
                                   "duplicate question id '%s' (also row "
                                   "%d)",
                                   qq->id, q->q[i].row);
                    break;
                }
            }
        }
        for (int f = 0; f < QUIZ_NFIELDS; f++) {
            for (int l = 0; l < q->nlangs; l++) {
                read_text(ld, t, ld->qfile, r, m->tr[f][l], field_caps[f],
                          &qq->text[f][l]);
            }
        }
        check_answers(ld, m, qq);
        check_right(ld, t, r, m->col[QS_RIGHT], qq);
        qq->image = media_path(ld, t, ld->qfile, r, m->col[QS_IMAGE],
                               "images");
        for (int l = 0; l < q->nlangs; l++) {
            qq->audio[l] = media_path(ld, t, ld->qfile, r,
                                      m->tr[QS_AUDIO][l], "audio");
        }
    }
}

/* 1 if any language has text for field f of qq. */
static int answer_anywhere(const struct quiz *q, const struct quiz_q *qq,
                           int f)
{
    for (int l = 0; l < q->nlangs; l++) {
        if (qq->text[f][l]) {
            return 1;
        }
    }
    return 0;
}

/* Every language with columns: complete, or marked draft; and every cell
 * has text in vi or en, where the fallback chain ends. */
static void check_complete(struct loader *ld, const struct colmap *m)
{
    struct quiz *q = ld->q;
    int srow = ld->srow;
    if (srow && !q->title[0] && !q->title[1]) {
        kiosk_diag_err(ld->d, ld->sfile, srow, ld->title_col[0],
                       "the title is empty in vi and en");
    }
    for (int l = 0; l < q->nlangs; l++) {
        int missing = 0;
        if (!q->title[l] && srow) {
            missing++;
            if (!q->draft[l]) {
                kiosk_diag_err(ld->d, ld->sfile, srow, ld->title_col[l],
                               "no title in '%s'; write it or mark the "
                               "language draft",
                               q->langs[l]);
            }
        }
        for (int f = 0; f < QUIZ_NFIELDS && !q->draft[l]; f++) {
            if (m->tr[f][l] >= 0 || f == QUIZ_ANSWER_C ||
                f == QUIZ_ANSWER_D) {
                continue;
            }
            /* a whole column is missing: one error for it */
            kiosk_diag_err(ld->d, ld->qfile, 1, 0,
                           "language '%s' has no '%s' column; add it or "
                           "mark the language draft",
                           q->langs[l], q_specs[f].name);
        }
        for (int i = 0; i < q->nq; i++) {
            const struct quiz_q *qq = &q->q[i];
            for (int f = 0; f < QUIZ_NFIELDS; f++) {
                int is_answer = f >= QUIZ_ANSWER_A && f <= QUIZ_ANSWER_D;
                if (is_answer && (f - QUIZ_ANSWER_A >= qq->nanswers ||
                                  !answer_anywhere(q, qq, f))) {
                    /* past the last answer, or a gap already reported */
                    continue;
                }
                if (qq->text[f][l]) {
                    continue;
                }
                missing++;
                int c = m->tr[f][l];
                if (l < 2 && !qq->text[f][1 - l]) {
                    /* neither vi nor en: nothing to fall back to; said
                     * once, at the vi cell */
                    if (l == 0) {
                        kiosk_diag_err(ld->d, ld->qfile, qq->row,
                                       c >= 0 ? c + 1 : 0,
                                       "'%s' is empty in vi and en, so no "
                                       "language can fall back to it",
                                       q_specs[f].name);
                    }
                } else if (!q->draft[l] && c >= 0) {
                    kiosk_diag_err(ld->d, ld->qfile, qq->row, c + 1,
                                   "'%s' is empty in '%s'; write it or mark "
                                   "the language draft",
                                   q_specs[f].name, q->langs[l]);
                } else if (!q->draft[l] && is_answer && l < 2) {
                    /* answer c/d column absent for vi/en while another
                     * language has that answer */
                    kiosk_diag_err(ld->d, ld->qfile, qq->row, 0,
                                   "answer %c has no '%s' column",
                                   'a' + (f - QUIZ_ANSWER_A), q->langs[l]);
                }
            }
        }
        if (missing && q->draft[l]) {
            kiosk_diag_warn(ld->d, ld->qfile, 0, 0,
                            "language '%s' is draft: %d empty cells show "
                            "vi or en text",
                            q->langs[l], missing);
        }
    }
}

/* ---- public: load ----------------------------------------------------- */

void quiz_free(struct quiz *q)
{
    if (!q) {
        return;
    }
    for (int i = 0; i < q->nq; i++) {
        free_question(&q->q[i]);
    }
    free(q->q);
    for (int l = 0; l < QUIZ_MAX_LANGS; l++) {
        free(q->title[l]);
    }
    free(q);
}

enum kiosk_err quiz_load(const char *dir, const char *id, struct quiz **out,
                         struct kiosk_diag *diag)
{
    *out = NULL;
    struct kiosk_diag local = {0};
    struct kiosk_diag *d = diag ? diag : &local;
    int errors0 = d->errors;
    if (!dir || !id || !quiz_id_ok(id, strlen(id))) {
        kiosk_diag_err(d, id ? id : "(null)", 0, 0,
                       "quiz id must be 1-%d characters a-z, 0-9, _ or -",
                       QUIZ_ID_MAX - 1);
        kiosk_diag_free(&local);
        return KIOSK_EINVAL;
    }
    struct loader ld = {.dir = dir, .d = d};
    snprintf(ld.qfile, sizeof ld.qfile, QUIZ_SUBDIR "/%s.csv", id);
    snprintf(ld.sfile, sizeof ld.sfile, QUIZ_SUBDIR "/%s" SETTINGS_SUFFIX,
             id);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, ld.qfile);
    if (!file_exists(path)) {
        kiosk_diag_err(d, ld.qfile, 0, 0, "no such quiz");
        kiosk_diag_free(&local);
        return KIOSK_ENOENT;
    }
    struct quiz *q = calloc(1, sizeof *q);
    if (!q) {
        kiosk_diag_free(&local);
        return KIOSK_ENOMEM;
    }
    ld.q = q;
    snprintf(q->id, sizeof q->id, "%s", id);
    /* vi and en are always languages 0 and 1: the fallback chain */
    snprintf(q->langs[0], sizeof q->langs[0], "vi");
    snprintf(q->langs[1], sizeof q->langs[1], "en");
    q->nlangs = 2;
    read_known_langs(&ld);

    struct csv_table t = {0};
    struct colmap m;
    int header_ok = 0;
    if (csv_load(path, ld.qfile, &t, d) == KIOSK_OK) {
        header_ok = map_header(&ld, &t, ld.qfile, q_specs, QS_N, &m);
    }
    /* settings after the header, so their title/status columns see every
     * language; the questions read after both */
    load_settings(&ld);
    if (header_ok) {
        load_questions(&ld, &t, &m);
        if (!ld.oom) {
            check_complete(&ld, &m);
        }
    }
    csv_free(&t);
    enum kiosk_err e = KIOSK_OK;
    if (ld.oom) {
        e = KIOSK_ENOMEM;
    } else if (d->errors > errors0) {
        e = KIOSK_EPARSE;
    }
    if (e != KIOSK_OK) {
        quiz_free(q);
        q = NULL;
    }
    kiosk_diag_free(&local);
    *out = q;
    return e;
}

/* ---- public: listing and checking ------------------------------------ */

static int cmp_ids(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Scans dir/quiz: the valid quiz ids (sorted) into ids[0..max), the count
 * in the return value (-1 when unreadable, 0 when absent). With a diag,
 * names that cannot be quiz files and settings without a quiz are errors. */
static int scan_dir(const char *dir, char ids[][QUIZ_ID_MAX], int max,
                    struct kiosk_diag *d)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/" QUIZ_SUBDIR, dir);
    DIR *dh = opendir(path);
    if (!dh) {
        struct stat st;
        return stat(path, &st) == 0 ? -1 : 0;
    }
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (len < 5 || strcmp(name + len - 4, ".csv") != 0) {
            continue;
        }
        size_t slen = strlen(SETTINGS_SUFFIX);
        if (len > slen && strcmp(name + len - slen, SETTINGS_SUFFIX) == 0) {
            if (d) {
                char qpath[1100];
                snprintf(qpath, sizeof qpath, "%s/%.*s.csv", path,
                         (int)(len - slen), name);
                if (!file_exists(qpath)) {
                    kiosk_diag_err(d, QUIZ_SUBDIR "/", 0, 0,
                                   "'%s' has no quiz file '%.*s.csv'", name,
                                   (int)(len - slen), name);
                }
            }
            continue;
        }
        if (!quiz_id_ok(name, len - 4)) {
            if (d) {
                kiosk_diag_err(d, QUIZ_SUBDIR "/", 0, 0,
                               "'%s': a quiz file name must be 1-%d "
                               "characters a-z, 0-9, _ or - and .csv",
                               name, QUIZ_ID_MAX - 1);
            }
            continue;
        }
        if (n < max) {
            snprintf(ids[n], QUIZ_ID_MAX, "%.*s", (int)(len - 4), name);
        }
        n++;
    }
    closedir(dh);
    qsort(ids, (size_t)(n < max ? n : max), QUIZ_ID_MAX, cmp_ids);
    return n;
}

int quiz_list(const char *dir, char ids[][QUIZ_ID_MAX], int max)
{
    return scan_dir(dir, ids, max, NULL);
}

int quiz_check_dir(const char *pack_dir, FILE *out)
{
    char (*ids)[QUIZ_ID_MAX] = calloc(QUIZ_MAX_QUIZZES + 1, sizeof *ids);
    struct kiosk_diag d = {0};
    int errors = 0;
    if (!ids) {
        if (out) {
            fprintf(out, "quiz/: out of memory\n");
        }
        return 1;
    }
    int n = scan_dir(pack_dir, ids, QUIZ_MAX_QUIZZES + 1, &d);
    if (n < 0) {
        kiosk_diag_err(&d, QUIZ_SUBDIR "/", 0, 0, "cannot read the folder");
    } else if (n > QUIZ_MAX_QUIZZES) {
        kiosk_diag_err(&d, QUIZ_SUBDIR "/", 0, 0,
                       "%d quizzes; at most %d in one pack", n,
                       QUIZ_MAX_QUIZZES);
        n = QUIZ_MAX_QUIZZES;
    }
    if (out) {
        kiosk_diag_print(&d, out);
    }
    errors += d.errors;
    kiosk_diag_free(&d);
    for (int i = 0; i < n; i++) {
        struct quiz *q = NULL;
        enum kiosk_err e = quiz_load(pack_dir, ids[i], &q, &d);
        if (e != KIOSK_OK && d.errors == 0) {
            /* out of memory: say so rather than pass silently */
            kiosk_diag_err(&d, ids[i], 0, 0, "%s", kiosk_strerror(e));
        }
        if (out) {
            kiosk_diag_print(&d, out);
            if (q) {
                fprintf(out, "quiz %s: %d questions, %s, languages", q->id,
                        q->nq, quiz_level_name(q->level));
                for (int l = 0; l < q->nlangs; l++) {
                    fprintf(out, " %s (%s)", q->langs[l],
                            q->draft[l] ? "draft" : "reviewed");
                }
                fputc('\n', out);
            } else {
                fprintf(out, "quiz %s: %d errors\n", ids[i], d.errors);
            }
        }
        errors += d.errors;
        kiosk_diag_free(&d);
        quiz_free(q);
    }
    free(ids);
    return errors;
}

/* ---- public: accessors ------------------------------------------------ */

const char *quiz_id(const struct quiz *q)
{
    return q->id;
}

const char *quiz_self_check(const struct quiz *q)
{
    return q->self_check;
}

const char *quiz_title(const struct quiz *q, const char *lang)
{
    int li = quiz_lang_index(q, lang);
    if (li >= 0 && q->title[li]) {
        return q->title[li];
    }
    for (int l = 0; l < 2; l++) {
        if (q->title[l]) {
            return q->title[l];
        }
    }
    return q->id;
}

enum quiz_level quiz_level(const struct quiz *q)
{
    return q->level;
}

const char *quiz_level_name(enum quiz_level level)
{
    switch (level) {
    case QUIZ_LEVEL_LOWER_SECONDARY:
        return "lower_secondary";
    case QUIZ_LEVEL_UPPER_SECONDARY:
        return "upper_secondary";
    }
    return "";
}

int quiz_count(const struct quiz *q)
{
    return q->nq;
}

const char *quiz_question_id(const struct quiz *q, int i)
{
    if (i < 0 || i >= q->nq) {
        return NULL;
    }
    return q->q[i].id;
}

const char *quiz_text(const struct quiz *q, int i, enum quiz_field f,
                      const char *lang, int *fallback)
{
    if (fallback) {
        *fallback = 0;
    }
    if (i < 0 || i >= q->nq || (int)f < 0 || f >= QUIZ_NFIELDS) {
        return NULL;
    }
    const struct quiz_q *qq = &q->q[i];
    if (f >= QUIZ_ANSWER_A && f <= QUIZ_ANSWER_D &&
        (int)f - QUIZ_ANSWER_A >= qq->nanswers) {
        return "";
    }
    int li = quiz_lang_index(q, lang);
    if (li >= 0 && qq->text[f][li]) {
        return qq->text[f][li];
    }
    if (fallback) {
        *fallback = 1;
    }
    for (int l = 0; l < 2; l++) {
        if (qq->text[f][l]) {
            return qq->text[f][l];
        }
    }
    return "";
}

const char *quiz_question(const struct quiz *q, int i, const char *lang)
{
    return quiz_text(q, i, QUIZ_QUESTION, lang, NULL);
}

const char *quiz_answer(const struct quiz *q, int i, int k, const char *lang)
{
    if (k < 0 || k >= QUIZ_MAX_ANSWERS) {
        return NULL;
    }
    return quiz_text(q, i, (enum quiz_field)(QUIZ_ANSWER_A + k), lang, NULL);
}

const char *quiz_explain(const struct quiz *q, int i, const char *lang)
{
    return quiz_text(q, i, QUIZ_EXPLAIN, lang, NULL);
}

int quiz_nanswers(const struct quiz *q, int i)
{
    if (i < 0 || i >= q->nq) {
        return 0;
    }
    return q->q[i].nanswers;
}

int quiz_right(const struct quiz *q, int i)
{
    if (i < 0 || i >= q->nq) {
        return -1;
    }
    return q->q[i].right;
}

const char *quiz_image(const struct quiz *q, int i)
{
    if (i < 0 || i >= q->nq) {
        return NULL;
    }
    return q->q[i].image;
}

const char *quiz_audio(const struct quiz *q, int i, const char *lang)
{
    int li = quiz_lang_index(q, lang);
    if (i < 0 || i >= q->nq || li < 0) {
        return NULL;
    }
    return q->q[i].audio[li];
}

int quiz_lang_draft(const struct quiz *q, const char *lang)
{
    int li = quiz_lang_index(q, lang);
    return li < 0 ? -1 : q->draft[li];
}
