/* quiz event report: tallies over several games, saved and loaded back
 * (byte-identical round trip, damaged files refused without change), and
 * the report CSV read back with the core CSV reader: per-question rows
 * sorted with the least understood first, no team names, CRAFFT bands
 * suppressed when small. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "quiz/quiz.h"
#include "test.h"

#define GAME_PACK "tests/quiz/packs/game"

static char tmpdir[64];

static void path_in_tmp(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* Plays a game where turn j's choice is choices[j] (-1 = pass). */
static struct quiz_event *play_game(const struct quiz *q, int nteams,
                                    int rounds, const int *choices)
{
    struct quiz_event *ev = NULL;
    if (quiz_event_new(q, nteams, rounds, &ev) != KIOSK_OK) {
        return NULL;
    }
    for (int j = 0; j < nteams * rounds; j++) {
        if (choices[j] < 0) {
            CHECK_INT(quiz_event_pass(ev), KIOSK_OK);
        } else {
            CHECK(quiz_event_answer(ev, choices[j]) != QUIZ_INVALID);
        }
    }
    return ev;
}

static char *read_all(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (kiosk_read_file(path, 1 << 20, &data, &len) != KIOSK_OK) {
        return NULL;
    }
    return data;
}

/* The game fixture: question i has 2 + i % 3 answers, right = i % n. */
static void test_tally(const struct quiz *q)
{
    struct quiz_tally *t = NULL;
    CHECK_INT(quiz_tally_new(&t), KIOSK_OK);
    if (!t) {
        return;
    }
    /* event: 3 teams x 2 rounds, questions 0..5 in file order.
     * q0 (2 ans, right a): picks a   -> right
     * q1 (3 ans, right b): picks a   -> wrong
     * q2 (4 ans, right c): pass
     * q3 (2 ans, right b): picks b   -> right
     * q4 (3 ans, right b): picks c   -> wrong
     * q5 (4 ans, right b): picks b   -> right */
    static const int ev1[] = {0, 0, -1, 1, 2, 1};
    struct quiz_event *e1 = play_game(q, 3, 2, ev1);
    CHECK_INT(quiz_event_set_team_name(e1, 0, "Đội Sao Mai"), KIOSK_OK);
    /* two solo games on questions 0..2 */
    static const int solo1[] = {1, 1, 2}; /* wrong, right, right */
    static const int solo2[] = {0, 0, 3}; /* right, wrong, wrong */
    struct quiz_event *s1 = play_game(q, 1, 3, solo1);
    struct quiz_event *s2 = play_game(q, 1, 3, solo2);
    /* a game nobody played counts for nothing */
    struct quiz_event *empty = NULL;
    CHECK_INT(quiz_event_new(q, 4, 1, &empty), KIOSK_OK);
    CHECK(e1 && s1 && s2 && empty);
    if (!e1 || !s1 || !s2 || !empty) {
        return;
    }
    CHECK_INT(quiz_tally_add(t, e1), KIOSK_OK);
    CHECK_INT(quiz_tally_add(t, s1), KIOSK_OK);
    CHECK_INT(quiz_tally_add(t, s2), KIOSK_OK);
    CHECK_INT(quiz_tally_add(t, empty), KIOSK_OK);
    int games, teams, solo;
    quiz_tally_counts(t, "game", &games, &teams, &solo);
    CHECK_INT(games, 3);
    CHECK_INT(teams, 3);
    CHECK_INT(solo, 2);
    quiz_tally_counts(t, "absent", &games, &teams, &solo);
    CHECK(games == 0 && teams == 0 && solo == 0);

    /* save, load into a fresh tally, save again: identical bytes */
    char p1[128], p2[128];
    path_in_tmp(p1, sizeof p1, "tally1.csv");
    path_in_tmp(p2, sizeof p2, "tally2.csv");
    CHECK_INT(quiz_tally_save(t, p1), KIOSK_OK);
    struct quiz_tally *t2 = NULL;
    CHECK_INT(quiz_tally_new(&t2), KIOSK_OK);
    CHECK_INT(quiz_tally_load(t2, p1), KIOSK_OK);
    CHECK_INT(quiz_tally_save(t2, p2), KIOSK_OK);
    char *a = read_all(p1), *b = read_all(p2);
    CHECK(a && b && strcmp(a, b) == 0);
    CHECK_CONTAINS(a, "question,game,g00,,,,3,3,2,0,2,1,0,0\n");
    CHECK_CONTAINS(a, "question,game,g02,,,,3,2,1,1,0,0,1,1\n");
    CHECK_CONTAINS(a, "quiz,game,,3,3,2,");
    CHECK(strstr(a, "Sao Mai") == NULL); /* no team names kept */
    free(a);
    free(b);
    /* loading adds: twice the totals */
    CHECK_INT(quiz_tally_load(t2, p1), KIOSK_OK);
    quiz_tally_counts(t2, "game", &games, &teams, &solo);
    CHECK(games == 6 && teams == 6 && solo == 4);
    /* a missing file adds nothing */
    char none[128];
    path_in_tmp(none, sizeof none, "absent.csv");
    CHECK_INT(quiz_tally_load(t2, none), KIOSK_OK);
    quiz_tally_counts(t2, "game", &games, NULL, NULL);
    CHECK_INT(games, 6);
    quiz_tally_free(t2);

    /* the report */
    char rp[128];
    path_in_tmp(rp, sizeof rp, "report.csv");
    FILE *f = fopen(rp, "w");
    CHECK(f != NULL);
    static const struct quiz_band_count big[] = {
        {"low", 7}, {"medium", 5}, {"high", 0}};
    if (f) {
        CHECK_INT(quiz_report_write(f, t, GAME_PACK, "en", "Risk, CRAFFT",
                                    big, 3, 5),
                  KIOSK_OK);
        fclose(f);
    }
    struct kiosk_diag d = {0};
    struct csv_table tab = {0};
    CHECK_INT(csv_load(rp, NULL, &tab, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    /* row 1 header, row 2 the quiz, row 3 blank, row 4 header, rows 5..10
     * the 6 questions played, row 11 blank, then the bands */
    CHECK_INT(tab.nrows, 16);
    CHECK_STR(csv_cell(&tab, 1, 0), "game");
    CHECK_STR(csv_cell(&tab, 1, 1), "Quiz game");
    CHECK_STR(csv_cell(&tab, 1, 2), "3");
    CHECK_STR(csv_cell(&tab, 1, 3), "3");
    CHECK_STR(csv_cell(&tab, 1, 4), "2");
    CHECK_STR(csv_cell(&tab, 3, 5), "% right");
    /* share right per question: g00 2/3=67, g01 1/3=33, g02 1/2=50,
     * g03 1/1=100, g04 0/1=0, g05 1/1=100: ascending, ties in file order */
    static const struct {
        const char *id, *text, *answered, *right, *pct, *letter;
    } want[] = {
        {"g04", "Question 4?", "1", "0", "0", "b"},
        {"g01", "Question 1?", "3", "1", "33", "b"},
        {"g02", "Question 2?", "2", "1", "50", "c"},
        {"g00", "Question 0?", "3", "2", "67", "a"},
        {"g03", "Question 3?", "1", "1", "100", "b"},
        {"g05", "Question 5?", "1", "1", "100", "b"},
    };
    for (int i = 0; i < 6; i++) {
        int r = 4 + i;
        CHECK_STR(csv_cell(&tab, r, 0), "game");
        CHECK_STR(csv_cell(&tab, r, 1), want[i].id);
        CHECK_STR(csv_cell(&tab, r, 2), want[i].text);
        CHECK_STR(csv_cell(&tab, r, 3), want[i].answered);
        CHECK_STR(csv_cell(&tab, r, 4), want[i].right);
        CHECK_STR(csv_cell(&tab, r, 5), want[i].pct);
        CHECK_STR(csv_cell(&tab, r, 7), want[i].letter);
    }
    CHECK_STR(csv_cell(&tab, 6, 6), "1"); /* g02 was skipped once */
    CHECK_STR(csv_cell(&tab, 11, 0), "Risk, CRAFFT"); /* the form's label */
    CHECK_STR(csv_cell(&tab, 11, 1), "Screenings");
    CHECK_STR(csv_cell(&tab, 12, 0), "low");
    CHECK_STR(csv_cell(&tab, 12, 1), "7");
    CHECK_STR(csv_cell(&tab, 13, 1), "5");
    CHECK_STR(csv_cell(&tab, 14, 1), "0");
    CHECK_STR(csv_cell(&tab, 15, 0), "total");
    CHECK_STR(csv_cell(&tab, 15, 1), "12");
    csv_free(&tab);
    char *rep = read_all(rp);
    CHECK(rep && strstr(rep, "Sao Mai") == NULL);
    free(rep);

    quiz_event_free(e1);
    quiz_event_free(s1);
    quiz_event_free(s2);
    quiz_event_free(empty);
    quiz_tally_free(t);
}

/* Small CRAFFT bands are suppressed together; the total stays. */
static void test_bands(void)
{
    static const struct {
        struct quiz_band_count b[3];
        int min_cell;
        const char *want[3];
        const char *total;
    } t[] = {
        {{{"low", 7}, {"medium", 2}, {"high", 0}}, 5,
         {"suppressed", "suppressed", "suppressed"}, "9"},
        {{{"low", 7}, {"medium", 5}, {"high", 0}}, 5, {"7", "5", "0"}, "12"},
        {{{"low", 1}, {"medium", 0}, {"high", 0}}, 5,
         {"suppressed", "suppressed", "suppressed"}, "1"},
        {{{"low", 1}, {"medium", 2}, {"high", 3}}, 0, {"1", "2", "3"}, "6"},
        {{{"low", 0}, {"medium", 0}, {"high", 0}}, 5, {"0", "0", "0"}, "0"},
    };
    struct quiz_tally *tl = NULL;
    CHECK_INT(quiz_tally_new(&tl), KIOSK_OK);
    if (!tl) {
        return;
    }
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) {
            CHECK(0);
            continue;
        }
        CHECK_INT(quiz_report_write(f, tl, NULL, "vi", "Risk", t[i].b, 3,
                                    t[i].min_cell),
                  KIOSK_OK);
        fclose(f);
        struct kiosk_diag d = {0};
        struct csv_table tab = {0};
        CHECK_INT(csv_parse(buf, len, "report", &tab, &d), KIOSK_OK);
        kiosk_diag_free(&d);
        /* header, blank, header, blank, band header, 3 bands, total */
        CHECK_INT(tab.nrows, 9);
        for (int k = 0; k < 3; k++) {
            CHECK_STR(csv_cell(&tab, 5 + k, 0), t[i].b[k].band);
            CHECK_STR(csv_cell(&tab, 5 + k, 1), t[i].want[k]);
        }
        CHECK_STR(csv_cell(&tab, 8, 1), t[i].total);
        csv_free(&tab);
        free(buf);
    }
    /* no self-check named: no band section at all */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(quiz_report_write(f, tl, NULL, "vi", NULL, t[0].b, 3, 5),
                  KIOSK_OK);
        fclose(f);
        CHECK(buf && strstr(buf, "Screenings") == NULL &&
              strstr(buf, "total") == NULL);
        free(buf);
    }
    quiz_tally_free(tl);
}

/* Damaged tally files are refused and leave the tally as it was. */
static void test_damaged(const struct quiz *q)
{
    static const char *const files[] = {
        "kind,quiz_id\nquiz,game\n",                       /* bad header */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquiz,game,,-1,0,0,,,,,,,,\n",     /* negative */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquestion,game,g00,,,,3,3,4,0,3,0,0,0\n", /* right >
                                                                  answered */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquestion,game,g00,,,,3,3,1,0,1,0,0,0\n", /* picks */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquestion,game,g00,,,,3,3,1\n",    /* short row */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nteam,game,,1,1,1,,,,,,,,\n",      /* bad kind */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquiz,../x,,1,1,1,,,,,,,,\n",      /* bad id */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquiz,game,,1x,1,1,,,,,,,,\n",     /* not a number */
        "kind,quiz_id,question_id,games,teams,solo,shown,answered,right,"
        "skipped,a,b,c,d\nquiz,game,,1,1,1,,,,,,,,\n\"oops\n", /* bad CSV */
    };
    struct quiz_tally *t = NULL;
    CHECK_INT(quiz_tally_new(&t), KIOSK_OK);
    static const int picks[] = {0, 1};
    struct quiz_event *ev = play_game(q, 2, 1, picks);
    if (!t || !ev) {
        return;
    }
    CHECK_INT(quiz_tally_add(t, ev), KIOSK_OK);
    char before[128], after[128], bad[128];
    path_in_tmp(before, sizeof before, "before.csv");
    path_in_tmp(after, sizeof after, "after.csv");
    path_in_tmp(bad, sizeof bad, "damaged.csv");
    CHECK_INT(quiz_tally_save(t, before), KIOSK_OK);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        FILE *f = fopen(bad, "w");
        if (!f) {
            CHECK(0);
            continue;
        }
        fputs(files[i], f);
        fclose(f);
        enum kiosk_err e = quiz_tally_load(t, bad);
        if (e != KIOSK_EPARSE) {
            fprintf(stderr, "damaged file %zu: %s\n", i, kiosk_strerror(e));
        }
        CHECK_INT(e, KIOSK_EPARSE);
        CHECK_INT(quiz_tally_save(t, after), KIOSK_OK);
        char *a = read_all(before), *b = read_all(after);
        CHECK(a && b && strcmp(a, b) == 0);
        free(a);
        free(b);
    }
    quiz_event_free(ev);
    quiz_tally_free(t);
}

static void cleanup(void)
{
    static const char *const names[] = {
        "tally1.csv", "tally2.csv", "report.csv", "before.csv",
        "after.csv",  "damaged.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[128];
        path_in_tmp(p, sizeof p, names[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/quiz-report-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    struct quiz *q = NULL;
    if (quiz_load(GAME_PACK, "game", &q, NULL) != KIOSK_OK) {
        fprintf(stderr, "cannot load the game fixture\n");
        return 1;
    }
    test_tally(q);
    test_bands();
    test_damaged(q);
    quiz_free(q);
    cleanup();
    TEST_MAIN_END();
}
