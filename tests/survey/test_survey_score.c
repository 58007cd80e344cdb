/* survey_score_cli: the ways FORM may be named, the answers file format,
 * and the exit codes (0 scored, 1 form does not load, 2 bad answers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "survey/survey.h"
#include "test.h"

static char answers[64];

static void write_answers(const char *text)
{
    snprintf(answers, sizeof answers, "/tmp/survey_score_XXXXXX");
    int fd = mkstemp(answers);
    CHECK(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
}

struct cli_case {
    const char *form;
    const char *answers;
    int code;
    const char *out;     /* exact stdout, NULL = not checked */
    const char *err_has; /* substring of stderr, NULL = not checked */
};

static const struct cli_case cases[] = {
    /* path prefix, with and without a header row */
    {"tests/survey/forms/basic", "name,value\nsmoke,yes\ncigs,12\n", 0,
     "score=12\nband=high\nshare=\n",
     "warning: 'drink' (row 7) is required but has no answer\n"},
    {"tests/survey/forms/basic", "smoke,yes\ncigs,3\nused,tobacco alcohol\n",
     0, "score=5\nband=low\nshare=\n", NULL},
    /* a sheet path names the form too */
    {"tests/survey/forms/basic.survey.csv", "drink,yes\nlitres,5\n", 0,
     "score=0\nband=low\nshare=2.5\n", NULL},
    {"tests/survey/forms/basic.choices.csv", "\n", 0,
     "score=0\nband=low\nshare=\n", NULL},
    /* the directory holds one form */
    {"tests/survey/forms/", "smoke,no\n", 0, "score=0\nband=low\nshare=\n",
     NULL},
    /* a broken rule is a warning, scoring goes on */
    {"tests/survey/forms/basic", "smoke,yes\ncigs,500\n", 0,
     "score=500\nband=high\nshare=\n", "'cigs' (row 4) breaks its "
                                          "constraint: Between 1 and 100"},
    {"tests/survey/forms/basic", "name,value\n", 0,
     "score=0\nband=low\nshare=\n", "'smoke' (row 3) is required"},
    /* bad answers */
    {"tests/survey/forms/basic", "smoke,maybe\n", 2, "", ":1:2: error: "
                                                       "'maybe' is not a "
                                                       "valid answer"},
    {"tests/survey/forms/basic", "name,value\nsmok,yes\n", 2, "",
     ":2:1: error: 'smok' is not a question"},
    {"tests/survey/forms/basic", "smoke,yes,extra\n", 2, "",
     "only two columns"},
    {"tests/survey/forms/basic", "score,3\n", 2, "", "not a valid answer"},
    /* bad forms */
    {"tests/survey/forms/missing", "smoke,yes\n", 1, "", "file not found"},
    {"tests/survey", "smoke,yes\n", 1, "", "holds 0 forms"},
};

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    CHECK(fp != NULL);
    fputs(text, fp);
    fclose(fp);
}

/* today() is the date at the offset given (site.ini's utc_offset), not at
 * the built-in default. UTC+14:00 and UTC-12:00 are 26 hours apart, so at
 * any moment at least one of them gives another date than UTC+07:00. */
static void today_at_offset(void)
{
    char dir[] = "/tmp/survey_today_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    write_file(dir, "day.settings.csv",
               "form_id,version,form_title,default_language\n"
               "day,2026120301,Today test,English (en)\n");
    write_file(dir, "day.survey.csv",
               "type,name,label::English (en),calculation\n"
               "note,hello,Hello,\n"
               "calculate,day,,today()\n");
    write_answers("name,value\n");
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s/day", dir);
    const int offsets[] = {14 * 3600, -12 * 3600, DATE_UTC_OFFSET_DEFAULT};
    for (size_t i = 0; i < sizeof offsets / sizeof *offsets; i++) {
        char before[16], after[16], want1[32], want2[32];
        date_format((int64_t)time(NULL), offsets[i], DATE_YMD, before,
                    sizeof before);
        char *ob = NULL;
        size_t ol = 0;
        FILE *out = open_memstream(&ob, &ol);
        FILE *null = fopen("/dev/null", "w");
        CHECK_INT(survey_score_cli(prefix, answers, offsets[i], out, null),
                  0);
        fclose(out);
        fclose(null);
        date_format((int64_t)time(NULL), offsets[i], DATE_YMD, after,
                    sizeof after);
        /* the date may turn over between the two readings */
        snprintf(want1, sizeof want1, "day=%s\n", before);
        snprintf(want2, sizeof want2, "day=%s\n", after);
        if (strcmp(ob, want1) != 0) {
            CHECK_STR(ob, want2);
        }
        free(ob);
    }
    unlink(answers);
    char path[256];
    snprintf(path, sizeof path, "%s/day.settings.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/day.survey.csv", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    today_at_offset();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct cli_case *c = &cases[i];
        write_answers(c->answers);
        char *ob = NULL, *eb = NULL;
        size_t ol = 0, el = 0;
        FILE *out = open_memstream(&ob, &ol);
        FILE *err = open_memstream(&eb, &el);
        int code = survey_score_cli(c->form, answers,
                                    DATE_UTC_OFFSET_DEFAULT, out, err);
        fclose(out);
        fclose(err);
        if (code != c->code) {
            fprintf(stderr, "case %zu (%s): stderr:\n%s", i, c->form, eb);
        }
        CHECK_INT(code, c->code);
        if (c->out) {
            CHECK_STR(ob, c->out);
        }
        if (c->err_has) {
            CHECK_CONTAINS(eb, c->err_has);
        }
        free(ob);
        free(eb);
        unlink(answers);
    }
    /* A missing answers file is exit 2. */
    FILE *null = fopen("/dev/null", "w");
    CHECK_INT(survey_score_cli("tests/survey/forms/basic",
                               "/nonexistent/answers.csv",
                               DATE_UTC_OFFSET_DEFAULT, null, null),
              2);
    fclose(null);
    TEST_MAIN_END();
}
