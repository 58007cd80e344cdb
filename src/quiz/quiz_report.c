/* The staff event report: totals per quiz and question over the games of
 * a day (a tally kept in a small CSV file so a restart loses nothing), and
 * the report written as CSV with the self-check's screenings by band.
 *
 * No team names and no times are kept: the report says which facts a
 * school's students found hard, never who answered what. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "quiz/quiz_int.h"

#define TALLY_MAX_COUNT 1000000000L /* sanity cap for a saved count */

struct tally_q {
    char id[QUIZ_ID_MAX];
    struct quiz_qstat st;
};

struct tally_quiz {
    char id[QUIZ_ID_MAX];
    int games, teams, solo;
    int nq;
    struct tally_q q[QUIZ_MAX_QUESTIONS]; /* order of first play */
};

struct quiz_tally {
    int n;
    struct tally_quiz *quiz[QUIZ_MAX_QUIZZES]; /* order of first play */
};

static const char tally_header[] =
    "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
    "skipped,a,b,c,d";

enum kiosk_err quiz_tally_new(struct quiz_tally **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? KIOSK_OK : KIOSK_ENOMEM;
}

void quiz_tally_free(struct quiz_tally *t)
{
    if (!t) {
        return;
    }
    for (int i = 0; i < t->n; i++) {
        free(t->quiz[i]);
    }
    free(t);
}

static struct tally_quiz *find_quiz(const struct quiz_tally *t,
                                    const char *id)
{
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->quiz[i]->id, id) == 0) {
            return t->quiz[i];
        }
    }
    return NULL;
}

/* The entry for quiz `id`, made when new; NULL with *e set when full or
 * out of memory. */
static struct tally_quiz *get_quiz(struct quiz_tally *t, const char *id,
                                   enum kiosk_err *e)
{
    struct tally_quiz *tq = find_quiz(t, id);
    if (tq) {
        return tq;
    }
    if (t->n >= QUIZ_MAX_QUIZZES) {
        *e = KIOSK_EFULL;
        return NULL;
    }
    tq = calloc(1, sizeof *tq);
    if (!tq) {
        *e = KIOSK_ENOMEM;
        return NULL;
    }
    snprintf(tq->id, sizeof tq->id, "%s", id);
    t->quiz[t->n++] = tq;
    return tq;
}

static struct tally_q *get_question(struct tally_quiz *tq, const char *id,
                                    enum kiosk_err *e)
{
    for (int i = 0; i < tq->nq; i++) {
        if (strcmp(tq->q[i].id, id) == 0) {
            return &tq->q[i];
        }
    }
    if (tq->nq >= QUIZ_MAX_QUESTIONS) {
        *e = KIOSK_EFULL;
        return NULL;
    }
    struct tally_q *q = &tq->q[tq->nq++];
    snprintf(q->id, sizeof q->id, "%s", id);
    return q;
}

static void add_stat(struct quiz_qstat *dst, const struct quiz_qstat *src)
{
    dst->shown += src->shown;
    dst->answered += src->answered;
    dst->right += src->right;
    dst->skipped += src->skipped;
    for (int k = 0; k < QUIZ_MAX_ANSWERS; k++) {
        dst->picks[k] += src->picks[k];
    }
}

enum kiosk_err quiz_tally_add(struct quiz_tally *t,
                              const struct quiz_event *ev)
{
    if (quiz_event_turns_done(ev) == 0) {
        return KIOSK_OK; /* nobody played */
    }
    const struct quiz *q = quiz_event_quiz(ev);
    enum kiosk_err e = KIOSK_OK;
    struct tally_quiz *tq = get_quiz(t, q->id, &e);
    if (!tq) {
        return e;
    }
    /* check room first, so a full tally is left unchanged */
    int fresh = 0;
    for (int i = 0; i < q->nq; i++) {
        struct quiz_qstat st;
        if (quiz_event_qstat(ev, i, &st) != KIOSK_OK || st.shown == 0) {
            continue;
        }
        int found = 0;
        for (int j = 0; j < tq->nq && !found; j++) {
            found = strcmp(tq->q[j].id, q->q[i].id) == 0;
        }
        fresh += !found;
    }
    if (tq->nq + fresh > QUIZ_MAX_QUESTIONS) {
        return KIOSK_EFULL;
    }
    tq->games++;
    if (quiz_event_nteams(ev) == 1) {
        tq->solo++;
    } else {
        tq->teams += quiz_event_nteams(ev);
    }
    for (int i = 0; i < q->nq; i++) {
        struct quiz_qstat st;
        if (quiz_event_qstat(ev, i, &st) != KIOSK_OK || st.shown == 0) {
            continue;
        }
        struct tally_q *tqq = get_question(tq, q->q[i].id, &e);
        if (tqq) {
            add_stat(&tqq->st, &st);
        }
    }
    return KIOSK_OK;
}

void quiz_tally_counts(const struct quiz_tally *t, const char *id,
                       int *games, int *teams, int *solo)
{
    const struct tally_quiz *tq = find_quiz(t, id);
    if (games) {
        *games = tq ? tq->games : 0;
    }
    if (teams) {
        *teams = tq ? tq->teams : 0;
    }
    if (solo) {
        *solo = tq ? tq->solo : 0;
    }
}

/* ---- saving and loading ---------------------------------------------- */

enum kiosk_err quiz_tally_save(const struct quiz_tally *t, const char *path)
{
    char tmp[1024];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        return KIOSK_EINVAL;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return KIOSK_EIO;
    }
    fprintf(f, "%s\n", tally_header);
    for (int i = 0; i < t->n; i++) {
        const struct tally_quiz *tq = t->quiz[i];
        fprintf(f, "quiz,%s,,%d,%d,%d,,,,,,,,\n", tq->id, tq->games,
                tq->teams, tq->solo);
        for (int j = 0; j < tq->nq; j++) {
            const struct quiz_qstat *s = &tq->q[j].st;
            fprintf(f, "question,%s,%s,,,,%d,%d,%d,%d,%d,%d,%d,%d\n", tq->id,
                    tq->q[j].id, s->shown, s->answered, s->right, s->skipped,
                    s->picks[0], s->picks[1], s->picks[2], s->picks[3]);
        }
    }
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    bad |= fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return KIOSK_EIO;
    }
    return KIOSK_OK;
}

/* A count cell: digits only, 0..TALLY_MAX_COUNT. */
static int parse_count(const char *s, int *out)
{
    if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ') {
        return -1;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > TALLY_MAX_COUNT) {
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Reads a saved tally into the empty tally `dst`. */
static enum kiosk_err parse_tally(const struct csv_table *tab,
                                  struct quiz_tally *dst)
{
    const struct csv_row *h = &tab->rows[0];
    char hdr[256] = "";
    size_t used = 0;
    for (int c = 0; c < h->ncells; c++) {
        int w = snprintf(hdr + used, sizeof hdr - used, "%s%s",
                         c ? "," : "", h->cells[c]);
        if (w < 0 || (size_t)w >= sizeof hdr - used) {
            return KIOSK_EPARSE;
        }
        used += (size_t)w;
    }
    if (strcmp(hdr, tally_header) != 0) {
        return KIOSK_EPARSE;
    }
    for (int r = 1; r < tab->nrows; r++) {
        if (csv_row_blank(tab, r)) {
            continue;
        }
        if (tab->rows[r].ncells != h->ncells) {
            return KIOSK_EPARSE;
        }
        const char *kind = csv_cell(tab, r, 0);
        const char *qid = csv_cell(tab, r, 1);
        const char *id = csv_cell(tab, r, 2);
        if (!quiz_id_ok(qid, strlen(qid))) {
            return KIOSK_EPARSE;
        }
        enum kiosk_err e = KIOSK_OK;
        int v[11];
        if (strcmp(kind, "quiz") == 0) {
            for (int k = 0; k < 3; k++) {
                if (parse_count(csv_cell(tab, r, 3 + k), &v[k]) != 0) {
                    return KIOSK_EPARSE;
                }
            }
            struct tally_quiz *tq = get_quiz(dst, qid, &e);
            if (!tq) {
                return e;
            }
            tq->games += v[0];
            tq->teams += v[1];
            tq->solo += v[2];
        } else if (strcmp(kind, "question") == 0 && quiz_id_ok(id, strlen(id))) {
            for (int k = 0; k < 8; k++) {
                if (parse_count(csv_cell(tab, r, 6 + k), &v[k]) != 0) {
                    return KIOSK_EPARSE;
                }
            }
            int picks = v[4] + v[5] + v[6] + v[7];
            if (v[1] + v[3] != v[0] || v[2] > v[1] || picks != v[1]) {
                return KIOSK_EPARSE; /* counts that cannot add up */
            }
            struct tally_quiz *tq = get_quiz(dst, qid, &e);
            struct tally_q *tqq = tq ? get_question(tq, id, &e) : NULL;
            if (!tqq) {
                return e;
            }
            struct quiz_qstat st = {v[0], v[1], v[2], v[3],
                                    {v[4], v[5], v[6], v[7]}};
            add_stat(&tqq->st, &st);
        } else {
            return KIOSK_EPARSE;
        }
    }
    return KIOSK_OK;
}

/* Adds every total of src to dst (which may lack some entries). */
static enum kiosk_err merge(struct quiz_tally *dst,
                            const struct quiz_tally *src)
{
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; i < src->n; i++) {
        const struct tally_quiz *s = src->quiz[i];
        struct tally_quiz *d = get_quiz(dst, s->id, &e);
        if (!d) {
            return e;
        }
        d->games += s->games;
        d->teams += s->teams;
        d->solo += s->solo;
        for (int j = 0; j < s->nq; j++) {
            struct tally_q *dq = get_question(d, s->q[j].id, &e);
            if (!dq) {
                return e;
            }
            add_stat(&dq->st, &s->q[j].st);
        }
    }
    return KIOSK_OK;
}

enum kiosk_err quiz_tally_load(struct quiz_tally *t, const char *path)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        return errno == ENOENT ? KIOSK_OK : KIOSK_EIO;
    }
    fclose(probe);
    struct kiosk_diag d = {0};
    struct csv_table tab = {0};
    enum kiosk_err e = csv_load(path, NULL, &tab, &d);
    kiosk_diag_free(&d);
    if (e != KIOSK_OK) {
        return e == KIOSK_ENOMEM ? e : KIOSK_EPARSE;
    }
    struct quiz_tally *saved = NULL, *work = NULL;
    e = quiz_tally_new(&saved);
    if (e == KIOSK_OK) {
        e = parse_tally(&tab, saved);
    }
    csv_free(&tab);
    /* merge into a copy so a failure leaves t as it was */
    if (e == KIOSK_OK) {
        e = quiz_tally_new(&work);
    }
    if (e == KIOSK_OK) {
        e = merge(work, t);
    }
    if (e == KIOSK_OK) {
        e = merge(work, saved);
    }
    if (e == KIOSK_OK) {
        struct quiz_tally swap = *t;
        *t = *work;
        *work = swap;
    }
    quiz_tally_free(work);
    quiz_tally_free(saved);
    return e;
}

/* ---- the report ------------------------------------------------------- */

/* One CSV field: quoted when it holds a comma, quote or line break. */
static void put_field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"') {
                fputc('"', f);
            }
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

static void put_int(FILE *f, int v, int last)
{
    fprintf(f, "%d%c", v, last ? '\n' : ',');
}

/* A question of the report, for sorting. */
struct report_row {
    const struct tally_quiz *tq;
    const struct tally_q *tqq;
    int quiz_index, q_index;
    int percent; /* -1 = never answered */
};

static int row_cmp(const void *pa, const void *pb)
{
    const struct report_row *a = pa, *b = pb;
    /* least understood first; never answered last */
    int ka = a->percent < 0 ? 1000 : a->percent;
    int kb = b->percent < 0 ? 1000 : b->percent;
    if (ka != kb) {
        return ka - kb;
    }
    if (a->quiz_index != b->quiz_index) {
        return a->quiz_index - b->quiz_index;
    }
    return a->q_index - b->q_index;
}

/* Index of question `id` in q, or -1. */
static int find_in_quiz(const struct quiz *q, const char *id)
{
    for (int i = 0; q && i < q->nq; i++) {
        if (strcmp(q->q[i].id, id) == 0) {
            return i;
        }
    }
    return -1;
}

enum kiosk_err quiz_report_write(FILE *out, const struct quiz_tally *t,
                                 const char *pack_dir, const char *lang,
                                 const char *bands_title,
                                 const struct quiz_band_count *bands,
                                 int nbands, int min_cell)
{
    struct quiz *loaded[QUIZ_MAX_QUIZZES] = {0};
    int nrows = 0;
    for (int i = 0; i < t->n; i++) {
        nrows += t->quiz[i]->nq;
        if (pack_dir && quiz_load(pack_dir, t->quiz[i]->id, &loaded[i],
                                  NULL) != KIOSK_OK) {
            loaded[i] = NULL; /* listed by question id only */
        }
    }
    struct report_row *rows = calloc((size_t)nrows + 1, sizeof *rows);
    enum kiosk_err e = KIOSK_OK;
    if (!rows) {
        e = KIOSK_ENOMEM;
        goto done;
    }

    fputs("Quiz,Title,Games,Teams,Solo players\n", out);
    int k = 0;
    for (int i = 0; i < t->n; i++) {
        const struct tally_quiz *tq = t->quiz[i];
        put_field(out, tq->id, 0);
        put_field(out, loaded[i] ? quiz_title(loaded[i], lang) : "", 0);
        put_int(out, tq->games, 0);
        put_int(out, tq->teams, 0);
        put_int(out, tq->solo, 1);
        for (int j = 0; j < tq->nq; j++) {
            rows[k] = (struct report_row){tq, &tq->q[j], i, j,
                                          quiz_qstat_percent(&tq->q[j].st)};
            k++;
        }
    }
    qsort(rows, (size_t)nrows, sizeof *rows, row_cmp);

    fputs("\nQuiz,Question id,Question,Answered,Right,% right,Skipped,"
          "Right answer,Picked a,Picked b,Picked c,Picked d\n",
          out);
    for (int r = 0; r < nrows; r++) {
        const struct quiz *q = loaded[rows[r].quiz_index];
        int qi = find_in_quiz(q, rows[r].tqq->id);
        const struct quiz_qstat *s = &rows[r].tqq->st;
        put_field(out, rows[r].tq->id, 0);
        put_field(out, rows[r].tqq->id, 0);
        put_field(out, qi >= 0 ? quiz_question(q, qi, lang) : "", 0);
        put_int(out, s->answered, 0);
        put_int(out, s->right, 0);
        if (rows[r].percent >= 0) {
            put_int(out, rows[r].percent, 0);
        } else {
            put_field(out, "", 0);
        }
        put_int(out, s->skipped, 0);
        char letter[2] = {qi >= 0 ? (char)('a' + quiz_right(q, qi)) : 0, 0};
        put_field(out, letter, 0);
        for (int a = 0; a < QUIZ_MAX_ANSWERS; a++) {
            put_int(out, s->picks[a], a == QUIZ_MAX_ANSWERS - 1);
        }
    }

    /* the self-check: counts only; small bands are suppressed as a whole
     * so no band can be worked out by subtraction */
    if (!bands_title || !bands_title[0]) {
        goto flush;
    }
    int total = 0, show = 1;
    for (int b = 0; b < nbands; b++) {
        total += bands[b].count;
        if (bands[b].count > 0 && bands[b].count < min_cell) {
            show = 0;
        }
    }
    fputs("\n", out);
    put_field(out, bands_title, 0);
    put_field(out, "Screenings", 1);
    for (int b = 0; b < nbands; b++) {
        put_field(out, bands[b].band ? bands[b].band : "", 0);
        if (show) {
            put_int(out, bands[b].count, 1);
        } else {
            put_field(out, "suppressed", 1);
        }
    }
    put_field(out, "total", 0);
    put_int(out, total, 1);
flush:
    if (ferror(out) || fflush(out) != 0) {
        e = KIOSK_EIO;
    }
done:
    free(rows);
    for (int i = 0; i < t->n; i++) {
        quiz_free(loaded[i]);
    }
    return e;
}
