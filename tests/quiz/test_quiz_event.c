/* quiz game engine: turn order, scoring, tie-breaks, podium with shared
 * places, per-question statistics, shuffle, team names, undo. The quiz is
 * the 16-question fixture tests/quiz/packs/game (question i has 2 + i % 3
 * answers); right and wrong choices are taken from quiz_right(). */
#include <stdlib.h>
#include <string.h>

#include "quiz/quiz.h"
#include "test.h"

static struct quiz *game_quiz(void)
{
    struct quiz *q = NULL;
    if (quiz_load("tests/quiz/packs/game", "game", &q, NULL) != KIOSK_OK) {
        fprintf(stderr, "cannot load the game fixture\n");
        exit(1);
    }
    return q;
}

/* Plays one turn: 'R' right, 'W' wrong, 'P' pass. Returns the outcome
 * (QUIZ_RIGHT / QUIZ_WRONG, or 2 for a pass). */
static int play(struct quiz_event *ev, const struct quiz *q, char code)
{
    int qi = quiz_event_question(ev);
    if (code == 'P') {
        return quiz_event_pass(ev) == KIOSK_OK ? 2 : -9;
    }
    int right = quiz_right(q, qi);
    int choice = code == 'R' ? right : (right + 1) % quiz_nanswers(q, qi);
    return quiz_event_answer(ev, choice);
}

/* Table of games: a script of turns and the standings it must give. */
static const struct scenario {
    const char *name;
    int nteams, rounds;
    const char *turns;    /* one code per turn, teams in order */
    int scores[QUIZ_MAX_TEAMS];  /* by team number */
    int order[QUIZ_MAX_TEAMS];   /* teams, best first */
    int places[QUIZ_MAX_TEAMS];  /* place of each line of the standings */
    int reached[QUIZ_MAX_TEAMS]; /* reached_round of each line */
    int podium;                  /* lines with place <= 3 */
} scenarios[] = {
    /* equal points: the team that got there in an earlier round is ahead */
    {"earlier-round", 3, 2, "RWR" "RRW", {2, 1, 1}, {0, 2, 1}, {1, 2, 3},
     {2, 1, 2}, 3},
    /* equal points reached in the same round share the place */
    {"shared-first", 3, 2, "RRW" "WWR", {1, 1, 1}, {0, 1, 2}, {1, 1, 3},
     {1, 1, 2}, 3},
    /* answering first within a round is no advantage */
    {"turn-order-fair", 2, 1, "RR", {1, 1}, {0, 1}, {1, 1}, {1, 1}, 2},
    {"all-zero", 4, 1, "WWWW", {0, 0, 0, 0}, {0, 1, 2, 3}, {1, 1, 1, 1},
     {0, 0, 0, 0}, 4},
    /* three share 1st, the next place is 4th: off the podium */
    {"three-first", 5, 1, "WRRRW", {0, 1, 1, 1, 0}, {1, 2, 3, 0, 4},
     {1, 1, 1, 4, 4}, {1, 1, 1, 0, 0}, 3},
    {"distinct", 4, 2, "RRWW" "RWRW", {2, 1, 1, 0}, {0, 1, 2, 3},
     {1, 2, 3, 4}, {2, 1, 2, 0}, 3},
    {"solo", 1, 5, "RWRPR", {3}, {0}, {1}, {5}, 1},
    /* passes score nothing */
    {"passes", 3, 2, "PPP" "RPW", {1, 0, 0}, {0, 1, 2}, {1, 2, 2},
     {2, 0, 0}, 3},
    {"comeback", 2, 3, "RW" "WR" "WR", {1, 2}, {1, 0}, {1, 2}, {3, 1}, 2},
    /* tie-break order differs from team order */
    {"rounds-decide", 3, 3, "WRW" "RWW" "WWR", {1, 1, 1}, {1, 0, 2},
     {1, 2, 3}, {1, 2, 3}, 3},
    {"eight-teams", 8, 2, "RRRRRRRR" "WWWWWWWW", {1, 1, 1, 1, 1, 1, 1, 1},
     {0, 1, 2, 3, 4, 5, 6, 7}, {1, 1, 1, 1, 1, 1, 1, 1},
     {1, 1, 1, 1, 1, 1, 1, 1}, 8},
};

static void test_scenarios(const struct quiz *q)
{
    for (size_t s = 0; s < sizeof scenarios / sizeof scenarios[0]; s++) {
        const struct scenario *sc = &scenarios[s];
        struct quiz_event *ev = NULL;
        CHECK_INT(quiz_event_new(q, sc->nteams, sc->rounds, &ev), KIOSK_OK);
        if (!ev) {
            continue;
        }
        CHECK_INT((int)strlen(sc->turns), sc->nteams * sc->rounds);
        for (const char *t = sc->turns; *t; t++) {
            int want = *t == 'R' ? QUIZ_RIGHT : *t == 'W' ? QUIZ_WRONG : 2;
            CHECK_INT(play(ev, q, *t), want);
        }
        CHECK(quiz_event_finished(ev));
        for (int t = 0; t < sc->nteams; t++) {
            CHECK_INT(quiz_event_score(ev, t), sc->scores[t]);
        }
        struct quiz_standing st[QUIZ_MAX_TEAMS];
        CHECK_INT(quiz_event_standings(ev, st), sc->nteams);
        int bad = 0;
        for (int i = 0; i < sc->nteams; i++) {
            bad |= st[i].team != sc->order[i] ||
                   st[i].place != sc->places[i] ||
                   st[i].reached_round != sc->reached[i] ||
                   st[i].score != sc->scores[sc->order[i]];
        }
        if (bad) {
            fprintf(stderr, "scenario %s: got", sc->name);
            for (int i = 0; i < sc->nteams; i++) {
                fprintf(stderr, " T%d:%dp place %d r%d", st[i].team,
                        st[i].score, st[i].place, st[i].reached_round);
            }
            fputc('\n', stderr);
        }
        CHECK(!bad);
        struct quiz_standing pod[QUIZ_MAX_TEAMS];
        int np = quiz_event_podium(ev, pod);
        CHECK_INT(np, sc->podium);
        for (int i = 0; i < np; i++) {
            CHECK(pod[i].place <= 3);
            CHECK_INT(pod[i].team, st[i].team);
        }
        quiz_event_free(ev);
    }
}

static void test_turns(const struct quiz *q)
{
    struct quiz_event *ev = NULL;
    CHECK_INT(quiz_event_new(q, 3, 2, &ev), KIOSK_OK);
    if (!ev) {
        return;
    }
    CHECK_INT(quiz_event_nteams(ev), 3);
    CHECK_INT(quiz_event_rounds(ev), 2);
    CHECK(!quiz_event_round_complete(ev));
    struct quiz_turn none;
    CHECK_INT(quiz_event_last(ev, &none), 0);
    static const struct {
        int team, round, complete_after;
    } want[] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 1},
                {0, 1, 0}, {1, 1, 0}, {2, 1, 1}};
    int seen[QUIZ_MAX_QUESTIONS] = {0};
    for (int j = 0; j < 6; j++) {
        CHECK(!quiz_event_finished(ev));
        CHECK_INT(quiz_event_turns_done(ev), j);
        CHECK_INT(quiz_event_team(ev), want[j].team);
        CHECK_INT(quiz_event_round(ev), want[j].round);
        int qi = quiz_event_question(ev);
        CHECK_INT(qi, j); /* file order until shuffled */
        if (qi >= 0 && qi < QUIZ_MAX_QUESTIONS) {
            CHECK_INT(seen[qi]++, 0);
        }
        /* a choice that is not an answer changes nothing */
        CHECK_INT(quiz_event_answer(ev, -1), QUIZ_INVALID);
        CHECK_INT(quiz_event_answer(ev, quiz_nanswers(q, qi)), QUIZ_INVALID);
        CHECK_INT(quiz_event_turns_done(ev), j);
        CHECK_INT(play(ev, q, j == 4 ? 'P' : j % 2 ? 'R' : 'W'),
                  j == 4 ? 2 : j % 2 ? QUIZ_RIGHT : QUIZ_WRONG);
        CHECK_INT(quiz_event_round_complete(ev), want[j].complete_after);
        struct quiz_turn last;
        CHECK_INT(quiz_event_last(ev, &last), 1);
        CHECK_INT(last.team, want[j].team);
        CHECK_INT(last.round, want[j].round);
        CHECK_INT(last.question, qi);
        CHECK_INT(last.right, j % 2 == 1 && j != 4);
        CHECK_INT(last.choice, j == 4 ? -1
                               : j % 2 ? quiz_right(q, qi)
                                       : (quiz_right(q, qi) + 1) %
                                             quiz_nanswers(q, qi));
    }
    CHECK(quiz_event_finished(ev));
    CHECK_INT(quiz_event_team(ev), -1);
    CHECK_INT(quiz_event_question(ev), -1);
    CHECK_INT(quiz_event_round(ev), 2);
    CHECK_INT(quiz_event_answer(ev, 0), QUIZ_INVALID);
    CHECK_INT(quiz_event_pass(ev), KIOSK_EINVAL);
    CHECK_INT(quiz_event_score(ev, 3), -1);
    quiz_event_free(ev);
}

static void test_new_limits(const struct quiz *q)
{
    static const struct {
        int nteams, rounds;
        enum kiosk_err want;
    } t[] = {
        {1, 16, KIOSK_OK}, {1, 17, KIOSK_EINVAL}, {3, 5, KIOSK_OK},
        {3, 6, KIOSK_EINVAL}, {8, 2, KIOSK_OK}, {8, 3, KIOSK_EINVAL},
        {0, 1, KIOSK_EINVAL}, {9, 1, KIOSK_EINVAL}, {2, 0, KIOSK_EINVAL},
        {-1, 1, KIOSK_EINVAL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct quiz_event *ev = (struct quiz_event *)&i;
        CHECK_INT(quiz_event_new(q, t[i].nteams, t[i].rounds, &ev),
                  t[i].want);
        CHECK((ev != NULL) == (t[i].want == KIOSK_OK));
        quiz_event_free(ev);
    }
    CHECK_INT(quiz_event_max_rounds(q, 1), 16);
    CHECK_INT(quiz_event_max_rounds(q, 3), 5);
    CHECK_INT(quiz_event_max_rounds(q, 8), 2);
    CHECK_INT(quiz_event_max_rounds(q, 0), 0);
    CHECK_INT(quiz_event_max_rounds(q, 9), 0);
}

static void test_undo(const struct quiz *q)
{
    struct quiz_event *ev = NULL;
    CHECK_INT(quiz_event_new(q, 2, 2, &ev), KIOSK_OK);
    if (!ev) {
        return;
    }
    CHECK_INT(quiz_event_undo(ev), KIOSK_EINVAL);
    CHECK_INT(play(ev, q, 'R'), QUIZ_RIGHT);
    CHECK_INT(quiz_event_score(ev, 0), 1);
    CHECK_INT(quiz_event_undo(ev), KIOSK_OK);
    CHECK_INT(quiz_event_score(ev, 0), 0);
    CHECK_INT(quiz_event_team(ev), 0);
    CHECK_INT(quiz_event_question(ev), 0);
    CHECK_INT(play(ev, q, 'W'), QUIZ_WRONG);
    CHECK_INT(play(ev, q, 'R'), QUIZ_RIGHT);
    CHECK(quiz_event_round_complete(ev));
    CHECK_INT(quiz_event_undo(ev), KIOSK_OK);
    CHECK(!quiz_event_round_complete(ev));
    CHECK_INT(quiz_event_team(ev), 1);
    CHECK_INT(quiz_event_score(ev, 1), 0);
    struct quiz_qstat st;
    CHECK_INT(quiz_event_qstat(ev, 1, &st), KIOSK_OK);
    CHECK_INT(st.shown, 0); /* the undone turn left no trace */
    quiz_event_free(ev);
}

static void test_qstats(const struct quiz *q)
{
    /* a solo game over every question with scripted choices; -1 = pass */
    struct quiz_event *ev = NULL;
    CHECK_INT(quiz_event_new(q, 1, 16, &ev), KIOSK_OK);
    if (!ev) {
        return;
    }
    int choices[16];
    for (int i = 0; i < 16; i++) {
        choices[i] = i % 5 == 4 ? -1 : (i * 7) % quiz_nanswers(q, i);
    }
    int right = 0;
    for (int i = 0; i < 16; i++) {
        if (choices[i] < 0) {
            CHECK_INT(quiz_event_pass(ev), KIOSK_OK);
        } else {
            int r = quiz_event_answer(ev, choices[i]);
            CHECK_INT(r, choices[i] == quiz_right(q, i));
            right += r == QUIZ_RIGHT;
        }
    }
    CHECK_INT(quiz_event_score(ev, 0), right);
    for (int i = 0; i < 16; i++) {
        struct quiz_qstat st;
        CHECK_INT(quiz_event_qstat(ev, i, &st), KIOSK_OK);
        CHECK_INT(st.shown, 1);
        CHECK_INT(st.skipped, choices[i] < 0);
        CHECK_INT(st.answered, choices[i] >= 0);
        CHECK_INT(st.right, choices[i] == quiz_right(q, i));
        for (int k = 0; k < QUIZ_MAX_ANSWERS; k++) {
            CHECK_INT(st.picks[k], choices[i] == k);
        }
        CHECK_INT(quiz_qstat_percent(&st),
                  choices[i] < 0 ? -1 : 100 * (choices[i] == quiz_right(q, i)));
    }
    struct quiz_qstat st;
    CHECK_INT(quiz_event_qstat(ev, 16, &st), KIOSK_EINVAL);
    CHECK_INT(quiz_event_qstat(ev, -1, &st), KIOSK_EINVAL);
    quiz_event_free(ev);

    /* a short game: questions not played have zero statistics */
    CHECK_INT(quiz_event_new(q, 2, 1, &ev), KIOSK_OK);
    if (ev) {
        CHECK_INT(play(ev, q, 'R'), QUIZ_RIGHT);
        CHECK_INT(quiz_event_qstat(ev, 0, &st), KIOSK_OK);
        CHECK(st.shown == 1 && st.right == 1);
        CHECK_INT(quiz_event_qstat(ev, 1, &st), KIOSK_OK);
        CHECK(st.shown == 0 && st.answered == 0);
        quiz_event_free(ev);
    }
}

static void test_percent(void)
{
    static const struct {
        int right, answered, want;
    } t[] = {
        {0, 0, -1}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {1, 8, 13},
        {3, 8, 38}, {5, 5, 100}, {0, 7, 0}, {199, 200, 100}, {1, 200, 1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct quiz_qstat st = {.shown = t[i].answered,
                                .answered = t[i].answered,
                                .right = t[i].right};
        CHECK_INT(quiz_qstat_percent(&st), t[i].want);
    }
}

static void test_shuffle(const struct quiz *q)
{
    int orders[3][16];
    static const uint64_t seeds[3] = {1, 1, 20261124};
    for (int s = 0; s < 3; s++) {
        struct quiz_event *ev = NULL;
        CHECK_INT(quiz_event_new(q, 1, 16, &ev), KIOSK_OK);
        if (!ev) {
            return;
        }
        CHECK_INT(quiz_event_shuffle(ev, seeds[s]), KIOSK_OK);
        int seen[16] = {0};
        for (int j = 0; j < 16; j++) {
            int qi = quiz_event_question(ev);
            orders[s][j] = qi;
            CHECK(qi >= 0 && qi < 16);
            if (qi >= 0 && qi < 16) {
                seen[qi]++;
            }
            CHECK_INT(play(ev, q, 'W'), QUIZ_WRONG);
            if (j == 0) {
                CHECK_INT(quiz_event_shuffle(ev, 5), KIOSK_EINUSE);
            }
        }
        for (int i = 0; i < 16; i++) {
            CHECK_INT(seen[i], 1); /* a permutation */
        }
        quiz_event_free(ev);
    }
    CHECK(memcmp(orders[0], orders[1], sizeof orders[0]) == 0);
    CHECK(memcmp(orders[0], orders[2], sizeof orders[0]) != 0);
    int identity = 1;
    for (int j = 0; j < 16; j++) {
        identity &= orders[2][j] == j;
    }
    CHECK(!identity);

    /* a short game draws from the whole quiz: over many seeds, every
     * question turns up in a 2-question game */
    int hit[16] = {0};
    for (uint64_t seed = 0; seed < 200; seed++) {
        struct quiz_event *ev = NULL;
        CHECK_INT(quiz_event_new(q, 2, 1, &ev), KIOSK_OK);
        if (!ev) {
            return;
        }
        CHECK_INT(quiz_event_shuffle(ev, seed), KIOSK_OK);
        int a = quiz_event_question(ev);
        CHECK_INT(play(ev, q, 'W'), QUIZ_WRONG);
        int b = quiz_event_question(ev);
        CHECK(a != b);
        hit[a]++;
        hit[b]++;
        quiz_event_free(ev);
    }
    for (int i = 0; i < 16; i++) {
        CHECK(hit[i] > 0);
    }
}

static void test_team_names(const struct quiz *q)
{
    struct quiz_event *ev = NULL;
    CHECK_INT(quiz_event_new(q, 2, 1, &ev), KIOSK_OK);
    if (!ev) {
        return;
    }
    CHECK(quiz_event_team_name(ev, 0) == NULL); /* UI shows "Team 1" */
    /* "Đội Hướng Dương" typed with combining marks (NFD) */
    static const char nfd[] =
        "\xc4\x90o\xcc\xa3\xcc\x82" "i "
        "Hu\xcc\x9bo\xcc\x9b\xcc\x81ng "
        "Du\xcc\x9bo\xcc\x9bng";
    static const struct {
        const char *in;
        enum kiosk_err want;
        const char *stored; /* NULL = unnamed */
    } t[] = {
        {"Đội Sao Mai", KIOSK_OK, "Đội Sao Mai"},
        {"  Lớp 9A  ", KIOSK_OK, "Lớp 9A"},
        {"ABCDEFGHIJKLMNOPQRSTUVWX", KIOSK_OK, "ABCDEFGHIJKLMNOPQRSTUVWX"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXY", KIOSK_ETOOBIG, NULL},
        {"ệệệệệệệệệệệệệệệệệệệệệệệệ", KIOSK_OK,
         "ệệệệệệệệệệệệệệệệệệệệệệệệ"},
        {"Line\nbreak", KIOSK_EINVAL, NULL},
        {"Bad \xff byte", KIOSK_EINVAL, NULL},
        {"", KIOSK_OK, NULL},
        {"   ", KIOSK_OK, NULL},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(quiz_event_set_team_name(ev, 1, "before"), KIOSK_OK);
        CHECK_INT(quiz_event_set_team_name(ev, 1, t[i].in), t[i].want);
        const char *got = quiz_event_team_name(ev, 1);
        if (t[i].want != KIOSK_OK) {
            CHECK_STR(got, "before"); /* an error keeps the old name */
        } else if (t[i].stored) {
            CHECK_STR(got, t[i].stored);
        } else {
            CHECK(got == NULL);
        }
    }
    CHECK_INT(quiz_event_set_team_name(ev, 0, nfd), KIOSK_OK);
    CHECK_STR(quiz_event_team_name(ev, 0), "Đội Hướng Dương");
    CHECK_INT(quiz_event_set_team_name(ev, 2, "x"), KIOSK_EINVAL);
    CHECK_INT(quiz_event_set_team_name(ev, -1, "x"), KIOSK_EINVAL);
    CHECK(quiz_event_team_name(ev, 2) == NULL);
    quiz_event_free(ev);
}

int main(void)
{
    struct quiz *q = game_quiz();
    test_scenarios(q);
    test_turns(q);
    test_new_limits(q);
    test_undo(q);
    test_qstats(q);
    test_percent();
    test_shuffle(q);
    test_team_names(q);
    quiz_free(q);
    TEST_MAIN_END();
}
