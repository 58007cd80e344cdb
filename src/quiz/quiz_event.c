/* The game engine: turns, scores, standings with their tie-break, podium
 * and per-question statistics. Everything is derived from the list of
 * turns played (question and choice per turn), so undo is exact and the
 * scores can never disagree with the statistics. */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/nfc.h"
#include "quiz/quiz_int.h"

#define CHOICE_PASS (-1)

struct quiz_event {
    const struct quiz *q;
    int nteams;                          /* 1..QUIZ_MAX_TEAMS */
    int rounds;                          /* >= 1 */
    int nturns;                          /* nteams * rounds */
    int done;                            /* turns played, 0..nturns */
    int order[QUIZ_MAX_QUESTIONS];       /* question index of each turn */
    signed char choice[QUIZ_MAX_QUESTIONS]; /* answer per turn, -1 = pass */
    char names[QUIZ_MAX_TEAMS][QUIZ_TEAM_NAME_MAX]; /* "" = unnamed */
};

int quiz_event_max_rounds(const struct quiz *q, int nteams)
{
    if (!q || nteams < 1 || nteams > QUIZ_MAX_TEAMS) {
        return 0;
    }
    return q->nq / nteams;
}

enum kiosk_err quiz_event_new(const struct quiz *q, int nteams, int rounds,
                              struct quiz_event **out)
{
    *out = NULL;
    if (!q || nteams < 1 || nteams > QUIZ_MAX_TEAMS || rounds < 1 ||
        rounds > quiz_event_max_rounds(q, nteams)) {
        return KIOSK_EINVAL;
    }
    struct quiz_event *ev = calloc(1, sizeof *ev);
    if (!ev) {
        return KIOSK_ENOMEM;
    }
    ev->q = q;
    ev->nteams = nteams;
    ev->rounds = rounds;
    ev->nturns = nteams * rounds;
    for (int i = 0; i < ev->nturns; i++) {
        ev->order[i] = i;
    }
    *out = ev;
    return KIOSK_OK;
}

void quiz_event_free(struct quiz_event *ev)
{
    if (!ev) {
        return;
    }
    /* not sensitive, but a finished game leaves nothing behind */
    explicit_bzero(ev, sizeof *ev);
    free(ev);
}

/* splitmix64: small, fast, and the same sequence on every board. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias. */
static int rand_below(uint64_t *s, int n)
{
    uint64_t un = (uint64_t)n;
    uint64_t limit = UINT64_MAX - UINT64_MAX % un;
    uint64_t r;
    do {
        r = next_rand(s);
    } while (r >= limit);
    return (int)(r % un);
}

enum kiosk_err quiz_event_shuffle(struct quiz_event *ev, uint64_t seed)
{
    if (ev->done > 0) {
        return KIOSK_EINUSE;
    }
    /* shuffle every question, then play the first nturns: a short game
     * draws its questions from the whole quiz */
    int all[QUIZ_MAX_QUESTIONS];
    int n = ev->q->nq;
    for (int i = 0; i < n; i++) {
        all[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
        int j = rand_below(&seed, i + 1);
        int tmp = all[i];
        all[i] = all[j];
        all[j] = tmp;
    }
    memcpy(ev->order, all, (size_t)ev->nturns * sizeof all[0]);
    return KIOSK_OK;
}

enum kiosk_err quiz_event_set_team_name(struct quiz_event *ev, int t,
                                        const char *name)
{
    if (t < 0 || t >= ev->nteams || !name) {
        return KIOSK_EINVAL;
    }
    size_t len = strlen(name);
    size_t bad;
    if (!kiosk_utf8_valid(name, len, &bad)) {
        return KIOSK_EINVAL;
    }
    while (len > 0 && (name[0] == ' ' || name[0] == '\t')) {
        name++;
        len--;
    }
    while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t')) {
        len--;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f) {
            return KIOSK_EINVAL;
        }
    }
    if (len > (size_t)QUIZ_TEAM_NAME_CHARS * 4) {
        return KIOSK_ETOOBIG;
    }
    char *n = kiosk_nfc_dup(name, len, NULL);
    if (!n) {
        return KIOSK_ENOMEM;
    }
    size_t nlen = strlen(n);
    if (quiz_utf8_chars(n) > QUIZ_TEAM_NAME_CHARS ||
        nlen >= sizeof ev->names[t]) {
        free(n);
        return KIOSK_ETOOBIG;
    }
    memcpy(ev->names[t], n, nlen + 1);
    free(n);
    return KIOSK_OK;
}

const char *quiz_event_team_name(const struct quiz_event *ev, int t)
{
    if (t < 0 || t >= ev->nteams || !ev->names[t][0]) {
        return NULL;
    }
    return ev->names[t];
}

int quiz_event_nteams(const struct quiz_event *ev)
{
    return ev->nteams;
}

int quiz_event_rounds(const struct quiz_event *ev)
{
    return ev->rounds;
}

int quiz_event_turns_done(const struct quiz_event *ev)
{
    return ev->done;
}

int quiz_event_finished(const struct quiz_event *ev)
{
    return ev->done >= ev->nturns;
}

int quiz_event_team(const struct quiz_event *ev)
{
    return quiz_event_finished(ev) ? -1 : ev->done % ev->nteams;
}

int quiz_event_round(const struct quiz_event *ev)
{
    return ev->done / ev->nteams;
}

int quiz_event_question(const struct quiz_event *ev)
{
    return quiz_event_finished(ev) ? -1 : ev->order[ev->done];
}

enum quiz_outcome quiz_event_answer(struct quiz_event *ev, int choice)
{
    if (quiz_event_finished(ev)) {
        return QUIZ_INVALID;
    }
    int qi = ev->order[ev->done];
    if (choice < 0 || choice >= ev->q->q[qi].nanswers) {
        return QUIZ_INVALID;
    }
    ev->choice[ev->done++] = (signed char)choice;
    return choice == ev->q->q[qi].right ? QUIZ_RIGHT : QUIZ_WRONG;
}

enum kiosk_err quiz_event_pass(struct quiz_event *ev)
{
    if (quiz_event_finished(ev)) {
        return KIOSK_EINVAL;
    }
    ev->choice[ev->done++] = CHOICE_PASS;
    return KIOSK_OK;
}

enum kiosk_err quiz_event_undo(struct quiz_event *ev)
{
    if (ev->done == 0) {
        return KIOSK_EINVAL;
    }
    ev->done--;
    ev->choice[ev->done] = 0;
    return KIOSK_OK;
}

static int turn_right(const struct quiz_event *ev, int j);

int quiz_event_last(const struct quiz_event *ev, struct quiz_turn *out)
{
    if (ev->done == 0) {
        return 0;
    }
    int j = ev->done - 1;
    out->team = j % ev->nteams;
    out->round = j / ev->nteams;
    out->question = ev->order[j];
    out->choice = ev->choice[j];
    out->right = turn_right(ev, j);
    return 1;
}

int quiz_event_round_complete(const struct quiz_event *ev)
{
    return ev->done > 0 && ev->done % ev->nteams == 0;
}

static int turn_right(const struct quiz_event *ev, int j)
{
    return ev->choice[j] != CHOICE_PASS &&
           ev->choice[j] == ev->q->q[ev->order[j]].right;
}

int quiz_event_score(const struct quiz_event *ev, int t)
{
    if (t < 0 || t >= ev->nteams) {
        return -1;
    }
    int score = 0;
    for (int j = t; j < ev->done; j += ev->nteams) {
        score += turn_right(ev, j);
    }
    return score;
}

/* Standings order: see the tie-break in quiz.h. */
static int standing_cmp(const void *pa, const void *pb)
{
    const struct quiz_standing *a = pa, *b = pb;
    if (a->score != b->score) {
        return a->score > b->score ? -1 : 1;
    }
    if (a->reached_round != b->reached_round) {
        return a->reached_round < b->reached_round ? -1 : 1;
    }
    return a->team - b->team;
}

int quiz_event_standings(const struct quiz_event *ev,
                         struct quiz_standing out[QUIZ_MAX_TEAMS])
{
    for (int t = 0; t < ev->nteams; t++) {
        out[t].team = t;
        out[t].score = 0;
        out[t].place = 0;
        out[t].reached_round = 0;
        for (int j = t; j < ev->done; j += ev->nteams) {
            if (turn_right(ev, j)) {
                out[t].score++;
                out[t].reached_round = j / ev->nteams + 1;
            }
        }
    }
    qsort(out, (size_t)ev->nteams, sizeof out[0], standing_cmp);
    for (int i = 0; i < ev->nteams; i++) {
        if (i > 0 && out[i].score == out[i - 1].score &&
            out[i].reached_round == out[i - 1].reached_round) {
            out[i].place = out[i - 1].place;
        } else {
            out[i].place = i + 1;
        }
    }
    return ev->nteams;
}

int quiz_event_podium(const struct quiz_event *ev,
                      struct quiz_standing out[QUIZ_MAX_TEAMS])
{
    struct quiz_standing all[QUIZ_MAX_TEAMS];
    int n = quiz_event_standings(ev, all);
    int k = 0;
    for (int i = 0; i < n && all[i].place <= 3; i++) {
        out[k++] = all[i];
    }
    return k;
}

enum kiosk_err quiz_event_qstat(const struct quiz_event *ev, int i,
                                struct quiz_qstat *st)
{
    memset(st, 0, sizeof *st);
    if (i < 0 || i >= ev->q->nq) {
        return KIOSK_EINVAL;
    }
    for (int j = 0; j < ev->done; j++) {
        if (ev->order[j] != i) {
            continue;
        }
        st->shown++;
        if (ev->choice[j] == CHOICE_PASS) {
            st->skipped++;
            continue;
        }
        st->answered++;
        st->picks[(int)ev->choice[j]]++;
        st->right += turn_right(ev, j);
    }
    return KIOSK_OK;
}

int quiz_qstat_percent(const struct quiz_qstat *st)
{
    if (st->answered <= 0) {
        return -1;
    }
    /* round half up: floor(100 * right / answered + 1/2) */
    return (200 * st->right + st->answered) / (2 * st->answered);
}

const struct quiz *quiz_event_quiz(const struct quiz_event *ev)
{
    return ev->q;
}
