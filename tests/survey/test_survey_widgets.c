/* The date and range questions: what they accept and store (as ODK
 * stores them: a date YYYY-MM-DD, a range's number on its grid), the date
 * picker's steps, relevance and constraints that read them, and the XForm
 * the kiosk writes for ODK. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/survey.h"
#include "test.h"

static void test_date_values(void)
{
    CHECK(survey_date_valid("2026-12-02"));
    CHECK(survey_date_valid("2024-02-29"));   /* leap year */
    CHECK(!survey_date_valid("2026-02-29"));
    CHECK(!survey_date_valid("2100-02-29"));  /* not a leap year */
    CHECK(survey_date_valid("2000-02-29"));   /* it is */
    CHECK(!survey_date_valid("2026-13-01"));
    CHECK(!survey_date_valid("2026-00-10"));
    CHECK(!survey_date_valid("2026-1-1"));
    CHECK(!survey_date_valid("02/12/2026"));
    CHECK(!survey_date_valid("2026-12-02T10:00"));
    CHECK(!survey_date_valid(""));
    CHECK(!survey_date_valid(NULL));
    char d[16] = "2026-01-31";
    CHECK_INT(survey_date_step(d, 1, 1), KIOSK_OK); /* +1 month */
    CHECK_STR(d, "2026-02-28");                     /* the day is cut */
    snprintf(d, sizeof d, "2024-03-31");
    CHECK_INT(survey_date_step(d, 1, -1), KIOSK_OK);
    CHECK_STR(d, "2024-02-29");
    snprintf(d, sizeof d, "2026-12-31");
    CHECK_INT(survey_date_step(d, 0, 1), KIOSK_OK); /* the day wraps */
    CHECK_STR(d, "2026-12-01");
    CHECK_INT(survey_date_step(d, 0, -1), KIOSK_OK);
    CHECK_STR(d, "2026-12-31");
    CHECK_INT(survey_date_step(d, 1, 1), KIOSK_OK); /* the month wraps */
    CHECK_STR(d, "2026-01-31");                     /* in its year */
    snprintf(d, sizeof d, "2024-02-29");
    CHECK_INT(survey_date_step(d, 2, 1), KIOSK_OK);
    CHECK_STR(d, "2025-02-28");
    snprintf(d, sizeof d, "1900-06-01");
    CHECK_INT(survey_date_step(d, 2, -1), KIOSK_OK); /* the year stops */
    CHECK_STR(d, "1900-06-01");
    snprintf(d, sizeof d, "2026-02-30");
    CHECK_INT(survey_date_step(d, 0, 1), KIOSK_EINVAL);
    CHECK_INT(survey_date_step(d, 3, 1), KIOSK_EINVAL);
}

static const char survey[] =
    "type,name,label::English (en),parameters,constraint,relevant,"
    "calculation,default\n"
    "date,seen,When were you last seen by a health worker?,,. <= today(),"
    ",,\n"
    "calculate,recent,,,,,\"if(${seen} >= '2026-11-01', 'yes', 'no')\",\n"
    "calculate,before,,,,,${seen} < today(),\n"
    "range,pain,How much pain?,start=0 end=10 step=1,,,,\n"
    "note,much,A lot,,,${pain} >= 7,,\n"
    "range,half,Halves,start=0 end=2 step=0.5,,,,1.5\n"
    "calculate,twice,,,,,${half} * 2,\n"
    "date,since,Since,,,,,2026-01-31 00:00:00\n";

static struct survey_form *load(void)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    static const char set[] = "form_id,version\nw,1\n";
    CHECK_INT(survey_form_load_mem("w", "forms/w", survey, strlen(survey),
                                   NULL, 0, set, strlen(set), &f, &d),
              KIOSK_OK);
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    return f;
}

static void test_run(const struct survey_form *f)
{
    struct survey_run *r = survey_run_new(f);
    CHECK(r != NULL);
    CHECK_INT(survey_run_set_today(r, "2026-12-02"), KIOSK_OK);
    CHECK_STR(survey_run_today(r), "2026-12-02");
    int seen = survey_form_find(f, "seen"), pain = survey_form_find(f, "pain");
    int half = survey_form_find(f, "half"), much = survey_form_find(f, "much");
    CHECK_INT(survey_item_type(f, seen), SURVEY_DATE);
    CHECK_INT(survey_item_type(f, pain), SURVEY_RANGE);
    const char *b = NULL;
    for (int i = 0; i < survey_run_calc_count(r); i++) {
        if (strcmp(survey_run_calc_name(r, i), "before") == 0) {
            b = survey_run_calc_value(r, i);
        }
    }
    CHECK_STR(b ? b : "", "false"); /* '' is neither before nor after */
    /* a spreadsheet's datetime default is its date */
    CHECK_STR(survey_run_value(r, survey_form_find(f, "since")),
              "2026-01-31");
    /* date: only real dates, stored as written */
    CHECK_INT(survey_run_set(r, "seen", "2026-02-30"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "seen", "2/11/2026"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "seen", "2026-11-15"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, seen), "2026-11-15");
    const char *v = NULL;
    for (int i = 0; i < survey_run_calc_count(r); i++) {
        if (strcmp(survey_run_calc_name(r, i), "recent") == 0) {
            v = survey_run_calc_value(r, i);
        }
    }
    CHECK_STR(v ? v : "", "yes"); /* ISO dates compare as dates */
    CHECK_INT(survey_run_check(r, seen, "en", NULL), SURVEY_ISSUE_NONE);
    CHECK_INT(survey_run_set(r, "seen", "2026-12-03"), KIOSK_OK);
    CHECK_INT(survey_run_check(r, seen, "en", NULL),
              SURVEY_ISSUE_CONSTRAINT); /* after today */
    /* range: the tiles' values only, stored as the tile writes them */
    double start, step;
    int n;
    CHECK_INT(survey_item_range(f, pain, &start, &step, &n), 0);
    CHECK_INT(n, 11);
    CHECK_INT(survey_item_range(f, seen, &start, &step, &n), -1);
    char buf[32];
    survey_item_range_value(f, pain, 10, buf, sizeof buf);
    CHECK_STR(buf, "10");
    CHECK_INT(survey_run_set(r, "pain", "11"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "pain", "2.5"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "pain", "abc"), KIOSK_EINVAL);
    CHECK_INT(survey_run_relevant(r, much), 0);
    CHECK_INT(survey_run_set(r, "pain", "07"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, pain), "7");
    CHECK_INT(survey_run_relevant(r, much), 1); /* a number, not text */
    /* a decimal range, and its default */
    CHECK_STR(survey_run_value(r, half), "1.5");
    survey_item_range_value(f, half, 2, buf, sizeof buf);
    CHECK_STR(buf, "1.0"); /* as ODK writes a decimal */
    CHECK_INT(survey_run_set(r, "half", "1"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, half), "1.0");
    CHECK_INT(survey_run_set(r, "half", "1,5"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, half), "1.5");
    CHECK_INT(survey_run_set(r, "half", "0.7"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "half", "2.5"), KIOSK_EINVAL);
    survey_run_free(r);
}

static void test_xform(const struct survey_form *f)
{
    char *text = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&text, &len);
    CHECK_INT(survey_form_write_xform(f, o), KIOSK_OK);
    fclose(o);
    CHECK_CONTAINS(text, "<bind nodeset=\"/data/seen\" type=\"date\"");
    CHECK_CONTAINS(text, "<bind nodeset=\"/data/pain\" type=\"int\"");
    CHECK_CONTAINS(text, "<bind nodeset=\"/data/half\" type=\"decimal\"");
    CHECK_CONTAINS(text, "<range ref=\"/data/pain\" start=\"0\" end=\"10\" "
                         "step=\"1\"");
    CHECK_CONTAINS(text, "<range ref=\"/data/half\" start=\"0\" end=\"2\" "
                         "step=\"0.5\"");
    CHECK_CONTAINS(text, "<input ref=\"/data/seen\"");
    free(text);
}

/* table-list: one page (a grid) or, split, one question a page; the run
 * stays where it was when the app switches. A field-list group whose first
 * question has appearance label is a table too. */
static void test_tables(void)
{
    static const char sv[] =
        "type,name,label::English (en),appearance\n"
        "note,intro,Hello,\n"
        "begin_group,week,In the past week,table-list\n"
        "select_one f,sleep,Sleep,\n"
        "select_one f,eat,Eat,\n"
        "end_group,,,\n"
        "begin_group,hand,By hand,field-list\n"
        "select_one f,h1,H1,label\n"
        "select_one f,h2,H2,list-nolabel\n"
        "end_group,,,\n";
    static const char ch[] = "list_name,name,label::English (en)\n"
                             "f,no,No\nf,yes,Yes\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load_mem("t", "forms/t", sv, strlen(sv), ch,
                                   strlen(ch), NULL, 0, &f, &d),
              KIOSK_OK);
    CHECK_INT(d.errors, 0);
    for (int i = 0; i < d.n; i++) {
        CHECK(!strstr(d.items[i].msg, "appearance")); /* none unused */
    }
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    struct survey_run *r = survey_run_new(f);
    int items[8], index, total;
    CHECK_INT(survey_run_table(r, items, 8), 0); /* the intro */
    CHECK_INT(survey_run_next(r, "en", NULL), KIOSK_OK);
    CHECK_INT(survey_run_page_items(r, items, 8), 2); /* the grid */
    CHECK_INT(survey_run_table(r, items, 8), 2);
    CHECK_INT(items[1], survey_form_find(f, "eat"));
    survey_run_progress(r, &index, &total);
    CHECK_INT(total, 3);
    survey_run_split_tables(r, 1);
    CHECK_INT(survey_run_tables_split(r), 1);
    CHECK_INT(survey_run_page_items(r, items, 8), 1);
    CHECK_INT(items[0], survey_form_find(f, "sleep"));
    CHECK_INT(survey_run_table(r, items, 8), 2); /* still the whole table */
    survey_run_progress(r, &index, &total);
    CHECK_INT(total, 5);
    CHECK_INT(index, 1);
    CHECK_INT(survey_run_set(r, "sleep", "yes"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", NULL), KIOSK_OK);
    CHECK_INT(survey_run_page_items(r, items, 8), 1);
    CHECK_INT(items[0], survey_form_find(f, "eat"));
    survey_run_split_tables(r, 0); /* back to the grid of "eat" */
    CHECK_INT(survey_run_page_items(r, items, 8), 2);
    CHECK_INT(survey_run_next(r, "en", NULL), KIOSK_OK);
    CHECK_INT(survey_run_table(r, items, 8), 2); /* the table by hand */
    CHECK_INT(items[0], survey_form_find(f, "h1"));
    survey_run_free(r);
    survey_form_free(f);
}

int main(void)
{
    test_tables();
    test_date_values();
    struct survey_form *f = load();
    if (f) {
        test_run(f);
        test_xform(f);
    }
    survey_form_free(f);
    TEST_MAIN_END();
}
