/* quiz loader and checker: fixture packs in tests/quiz/packs (good, and one
 * defect per file in bad/), and the quizzes shipped in assets/pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "quiz/quiz.h"
#include "test.h"

#define GOOD "tests/quiz/packs/good"
#define BAD "tests/quiz/packs/bad"
#define SHIPPED "assets/pack"

/* Formats every diagnostic into one string, one per line. */
static void diag_text(const struct kiosk_diag *d, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t used = 0;
    for (int i = 0; i < d->n && used + 1 < n; i++) {
        char line[600];
        kiosk_diag_format(&d->items[i], line, sizeof line);
        int w = snprintf(buf + used, n - used, "%s\n", line);
        if (w < 0) {
            break;
        }
        used += (size_t)w;
    }
}

static void test_good(void)
{
    struct kiosk_diag d = {0};
    struct quiz *q = NULL;
    CHECK_INT(quiz_load(GOOD, "demo", &q, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 1); /* km is draft with empty cells */
    char text[4096];
    diag_text(&d, text, sizeof text);
    CHECK_CONTAINS(text, "language 'km' is draft");
    kiosk_diag_free(&d);
    if (!q) {
        return;
    }
    CHECK_STR(quiz_id(q), "demo");
    CHECK_INT(quiz_level(q), QUIZ_LEVEL_UPPER_SECONDARY);
    CHECK_STR(quiz_level_name(quiz_level(q)), "upper_secondary");
    CHECK_INT(quiz_count(q), 4); /* the blank row is skipped */
    CHECK_STR(quiz_title(q, "vi"), "Đố vui thử");
    CHECK_STR(quiz_title(q, "en"), "Demo quiz");
    CHECK_STR(quiz_title(q, "km"), "Đố vui thử"); /* empty: falls back */
    CHECK_STR(quiz_title(q, "zz"), "Đố vui thử");
    CHECK_STR(quiz_question_id(q, 3), "q4");
    CHECK(quiz_question_id(q, 4) == NULL);

    /* decomposed input comes out precomposed (NFC), spaces trimmed */
    CHECK_STR(quiz_question(q, 0, "vi"), "Tiếng Việt có dấu?");
    CHECK_STR(quiz_question(q, 0, "en"), "With accents?");

    /* answer counts and right answers, including "B" and " c " */
    static const struct {
        int n, right;
    } want[] = {{2, 0}, {4, 1}, {3, 2}, {2, 0}};
    for (int i = 0; i < 4; i++) {
        CHECK_INT(quiz_nanswers(q, i), want[i].n);
        CHECK_INT(quiz_right(q, i), want[i].right);
    }
    CHECK_INT(quiz_nanswers(q, 9), 0);
    CHECK_INT(quiz_right(q, -1), -1);
    CHECK_STR(quiz_answer(q, 1, 3, "en"), "Four");
    CHECK_STR(quiz_answer(q, 2, 3, "en"), ""); /* no answer d */
    CHECK(quiz_answer(q, 1, 4, "en") == NULL);

    /* fallback own -> vi -> en, with the flag */
    int fb = -1;
    CHECK_STR(quiz_text(q, 0, QUIZ_EXPLAIN, "km", &fb), "ព្រោះ");
    CHECK_INT(fb, 0);
    CHECK_STR(quiz_text(q, 1, QUIZ_EXPLAIN, "km", &fb), "Đáp án b.");
    CHECK_INT(fb, 1);
    CHECK_STR(quiz_text(q, 1, QUIZ_ANSWER_A, "en", &fb), "One");
    CHECK_INT(fb, 0);
    CHECK_STR(quiz_text(q, 1, QUIZ_QUESTION, NULL, &fb), "Bốn đáp án?");
    CHECK_INT(fb, 1);
    CHECK(quiz_text(q, 0, QUIZ_NFIELDS, "vi", NULL) == NULL);

    /* media: full paths, narration without fallback */
    CHECK_STR(quiz_image(q, 0), GOOD "/images/quiz-demo.png");
    CHECK(quiz_image(q, 1) == NULL);
    CHECK_STR(quiz_audio(q, 0, "vi"), GOOD "/audio/quiz-demo-q1-vi.ogg");
    CHECK(quiz_audio(q, 0, "en") == NULL);
    CHECK(quiz_audio(q, 0, "km") == NULL);

    CHECK_INT(quiz_lang_draft(q, "km"), 1);
    CHECK_INT(quiz_lang_draft(q, "vi"), 0);
    CHECK_INT(quiz_lang_draft(q, "hmn"), -1);
    quiz_free(q);

    /* diag may be NULL */
    CHECK_INT(quiz_load(GOOD, "two", &q, NULL), KIOSK_OK);
    CHECK(q && quiz_count(q) == 2 &&
          quiz_level(q) == QUIZ_LEVEL_LOWER_SECONDARY);
    quiz_free(q);
}

static void test_missing_and_bad_ids(void)
{
    struct kiosk_diag d = {0};
    struct quiz *q = (struct quiz *)&d; /* must be reset to NULL */
    CHECK_INT(quiz_load(GOOD, "absent", &q, &d), KIOSK_ENOENT);
    CHECK(q == NULL);
    CHECK_INT(d.errors, 1);
    kiosk_diag_free(&d);
    static const char *const bad_ids[] = {"", "../good", "Demo", "a b",
                                          "x/y"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        CHECK_INT(quiz_load(GOOD, bad_ids[i], &q, &d), KIOSK_EINVAL);
        CHECK(q == NULL);
    }
    kiosk_diag_free(&d);
}

static void test_list(void)
{
    char ids[4][QUIZ_ID_MAX];
    CHECK_INT(quiz_list(GOOD, ids, 4), 2);
    CHECK_STR(ids[0], "demo");
    CHECK_STR(ids[1], "two");
    /* more than fit: the count, and only max written */
    char one[1][QUIZ_ID_MAX] = {{0}};
    CHECK_INT(quiz_list(GOOD, one, 1), 2);
    CHECK(one[0][0] != '\0');
    CHECK_INT(quiz_list("tests/quiz/packs/no-such-pack", ids, 4), 0);
    char ship[8][QUIZ_ID_MAX];
    CHECK_INT(quiz_list(SHIPPED, ship, 8), 2);
    CHECK_STR(ship[0], "lower-secondary");
    CHECK_STR(ship[1], "upper-secondary");
}

/* One defect per file: where it is reported and how many errors. */
static const struct bad_case {
    const char *id;
    int errors;
    const char *where; /* "file:row[:col]: error: " prefix */
    const char *what;  /* words of the message */
} bad_cases[] = {
    {"two-right", 1, "quiz/two-right.csv:3:10: error: ", "exactly one right"},
    {"no-right", 1, "quiz/no-right.csv:3:10: error: ", "no right answer"},
    {"right-not-answer", 1, "quiz/right-not-answer.csv:4:10: error: ",
     "'d' is not one of the answers"},
    {"right-not-letter", 1, "quiz/right-not-letter.csv:2:10: error: ",
     "not a letter"},
    {"one-answer", 1, "quiz/one-answer.csv:3:4: error: ", "2 to 4 answers"},
    {"answer-gap", 1, "quiz/answer-gap.csv:4:6: error: ",
     "answer b is empty but answer c is not"},
    {"unknown-column", 1, "quiz/unknown-column.csv:1:15: error: ",
     "unknown column 'hint::English (en)'"},
    {"duplicate-id", 1, "quiz/duplicate-id.csv:4:1: error: ",
     "duplicate question id 'q1' (also row 2)"},
    {"bad-question-id", 1, "quiz/bad-question-id.csv:3:1: error: ",
     "question id 'Q 2'"},
    {"missing-image", 1, "quiz/missing-image.csv:2:13: error: ",
     "missing file images/nope.png"},
    {"missing-audio", 1, "quiz/missing-audio.csv:4:14: error: ",
     "missing file audio/nope-vi.ogg"},
    {"image-path", 1, "quiz/image-path.csv:2:13: error: ",
     "not a plain file name"},
    {"incomplete-reviewed", 1, "quiz/incomplete-reviewed.csv:3:15: error: ",
     "empty in 'km'; write it or mark the language draft"},
    {"unknown-language", 1, "quiz/unknown-language.csv:1:15: error: ",
     "unknown language code 'tlh'"},
    {"no-language-code", 2, "quiz/no-language-code.csv:1:12: error: ",
     "must end with a language code"},
    {"missing-column", 1, "quiz/missing-column.csv:1: error: ",
     "missing required column 'explain::English (en)'"},
    {"duplicate-column", 1, "quiz/duplicate-column.csv:1:14: error: ",
     "duplicate column 'right' (also column 10)"},
    {"no-vi-no-en", 1, "quiz/no-vi-no-en.csv:3:11: error: ",
     "empty in vi and en"},
    {"too-long", 1, "quiz/too-long.csv:2:5: error: ", "91 characters"},
    {"line-break", 1, "quiz/line-break.csv:4:3: error: ", "line break"},
    {"data-right-of-header", 1,
     "quiz/data-right-of-header.csv:3:15: error: ", "no header"},
    {"header-only", 1, "quiz/header-only.csv:2: error: ", "no questions"},
    {"bad-level", 1, "quiz/bad-level.settings.csv:2:4: error: ",
     "level 'university'"},
    {"id-mismatch", 1, "quiz/id-mismatch.settings.csv:2:1: error: ",
     "does not match the file name"},
    {"bad-status", 1, "quiz/bad-status.settings.csv:2:6: error: ",
     "translation_status 'done'"},
    {"no-self-check-form", 1,
     "quiz/no-self-check-form.settings.csv:2:7: error: ",
     "self_check 'crafft' is not a questionnaire of the pack"},
    {"two-settings-rows", 1, "quiz/two-settings-rows.settings.csv:3: error: ",
     "settings take one row"},
    {"no-settings", 1, "quiz/no-settings.settings.csv: error: ", "not found"},
};
#define NBAD (int)(sizeof bad_cases / sizeof bad_cases[0])

static void test_bad(void)
{
    int total = 0;
    for (int i = 0; i < NBAD; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct kiosk_diag d = {0};
        struct quiz *q = NULL;
        enum kiosk_err e = quiz_load(BAD, c->id, &q, &d);
        char text[4096];
        diag_text(&d, text, sizeof text);
        if (e != KIOSK_EPARSE || d.errors != c->errors ||
            strncmp(text, c->where, strlen(c->where)) != 0) {
            fprintf(stderr, "case %s:\n%s", c->id, text);
        }
        CHECK_INT(e, KIOSK_EPARSE);
        CHECK(q == NULL);
        CHECK_INT(d.errors, c->errors);
        /* the first diagnostic names the file, row and column */
        CHECK(strncmp(text, c->where, strlen(c->where)) == 0);
        CHECK_CONTAINS(text, c->what);
        total += d.errors;
        kiosk_diag_free(&d);
    }

    /* the whole folder: every case above plus the two folder problems */
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    CHECK(out != NULL);
    if (!out) {
        return;
    }
    int errors = quiz_check_dir(BAD, out);
    fclose(out);
    CHECK_INT(errors, total + 2);
    CHECK_CONTAINS(buf, "'orphan.settings.csv' has no quiz file");
    CHECK_CONTAINS(buf, "'Bad Name.csv': a quiz file name");
    CHECK_CONTAINS(buf, "quiz two-right: 1 errors");
    /* every case is in the checker's output with its position */
    for (int i = 0; i < NBAD; i++) {
        CHECK_CONTAINS(buf, bad_cases[i].where);
    }
    free(buf);
    /* out may be NULL: counts only */
    CHECK_INT(quiz_check_dir(BAD, NULL), total + 2);
}

static void test_check_good(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    CHECK(out != NULL);
    if (!out) {
        return;
    }
    CHECK_INT(quiz_check_dir(GOOD, out), 0);
    fclose(out);
    CHECK_CONTAINS(buf, "quiz demo: 4 questions, upper_secondary, "
                        "languages vi (reviewed) en (reviewed) km (draft)");
    CHECK_CONTAINS(buf, "warning: language 'km' is draft");
    free(buf);
    /* a pack without a quiz folder has no quiz errors */
    CHECK_INT(quiz_check_dir("tests/quiz", NULL), 0);
}

/* 1 if s holds a number that could be a phone number: 5 or more digits in
 * a row (spaces and dots between digits count as part of the run), or 4
 * that are not a year 1990-2030. The quizzes may name 113, 114, 115, law
 * numbers (120/2025/QH15) and dates, never a hotline (see the brief). */
static int phone_like(const char *s)
{
    while (*s) {
        if (*s < '0' || *s > '9') {
            s++;
            continue;
        }
        char digits[32];
        int n = 0;
        while ((*s >= '0' && *s <= '9') ||
               ((*s == ' ' || *s == '.') && s[1] >= '0' && s[1] <= '9' &&
                n > 0)) {
            if (*s >= '0' && *s <= '9' && n < 31) {
                digits[n++] = *s;
            }
            s++;
        }
        digits[n] = '\0';
        if (n >= 5) {
            return 1;
        }
        if (n == 4) {
            long y = strtol(digits, NULL, 10);
            if (y < 1990 || y > 2030) {
                return 1;
            }
        }
    }
    return 0;
}

static void test_phone_like(void)
{
    static const struct {
        const char *s;
        int want;
    } t[] = {
        {"Call 115 now", 0},
        {"Law 120/2025/QH15 from 1/7/2026", 0},
        {"Call 1900 1234", 1},
        {"Hotline 18001567", 1},
        {"0912.345.678", 1},
        {"In 1975", 1},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(phone_like(t[i].s), t[i].want);
    }
}

/* The shipped quizzes: valid, 15 questions each, both levels, every text
 * in vi and en, and marked draft until a teacher reviews them. */
static void test_shipped(void)
{
    CHECK_INT(quiz_check_dir(SHIPPED, NULL), 0);
    static const struct {
        const char *id;
        enum quiz_level level;
    } ship[] = {{"lower-secondary", QUIZ_LEVEL_LOWER_SECONDARY},
                {"upper-secondary", QUIZ_LEVEL_UPPER_SECONDARY}};
    for (int s = 0; s < 2; s++) {
        struct kiosk_diag d = {0};
        struct quiz *q = NULL;
        CHECK_INT(quiz_load(SHIPPED, ship[s].id, &q, &d), KIOSK_OK);
        CHECK_INT(d.errors + d.warnings, 0);
        kiosk_diag_free(&d);
        if (!q) {
            continue;
        }
        CHECK_INT(quiz_count(q), 15);
        CHECK_INT(quiz_level(q), ship[s].level);
        CHECK_STR(quiz_self_check(q), "crafft"); /* a form of the pack */
        CHECK_INT(quiz_lang_draft(q, "vi"), 1);
        CHECK_INT(quiz_lang_draft(q, "en"), 1);
        int used[QUIZ_MAX_ANSWERS] = {0};
        for (int i = 0; i < quiz_count(q); i++) {
            static const char *const langs[] = {"vi", "en"};
            for (int l = 0; l < 2; l++) {
                int fb = 1;
                quiz_text(q, i, QUIZ_QUESTION, langs[l], &fb);
                CHECK_INT(fb, 0);
                quiz_text(q, i, QUIZ_EXPLAIN, langs[l], &fb);
                CHECK_INT(fb, 0);
                for (int k = 0; k < quiz_nanswers(q, i); k++) {
                    quiz_text(q, i, QUIZ_ANSWER_A + k, langs[l], &fb);
                    CHECK_INT(fb, 0);
                }
            }
            int r = quiz_right(q, i);
            CHECK(r >= 0 && r < quiz_nanswers(q, i));
            if (r >= 0 && r < QUIZ_MAX_ANSWERS) {
                used[r]++;
            }
            for (int f = 0; f < QUIZ_NFIELDS; f++) {
                CHECK(!phone_like(quiz_text(q, i, f, "vi", NULL)));
                CHECK(!phone_like(quiz_text(q, i, f, "en", NULL)));
            }
        }
        /* the right answer is not always in the same place */
        CHECK(used[0] > 0 && used[1] > 0 && used[2] > 0);
        quiz_free(q);
    }
}

int main(void)
{
    test_good();
    test_missing_and_bad_ids();
    test_list();
    test_bad();
    test_check_good();
    test_phone_like();
    test_shipped();
    TEST_MAIN_END();
}
