/* Our half of the oracle test: makes random answer sets for a form by
 * walking it as a visitor would (in form order, only questions relevant
 * at that moment, choices the filter offers), writes them for ODK's engine
 * (odk_run.mjs), and prints what our engine then holds:
 *
 *   oracle_run DIR ID CASES SEED ANSWERS_OUT > ours.tsv
 *
 * ANSWERS_OUT lines: case TAB name TAB value (in the order set).
 * Output lines:      case TAB name TAB value TAB relevant TAB check
 * where check is ok, required or constraint for questions and - for the
 * rest. Same format as odk_run.mjs prints. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/survey.h"

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n ? (unsigned)(rng_state % n) : 0;
}

static const char *pick_value(struct survey_run *r, int i, char *buf,
                              size_t n)
{
    static const char *const ints[] = {"0", "1", "2", "3", "4", "5", "7",
                                       "10", "-1", "365", "400", "00"};
    static const char *const decs[] = {"0", "1.5", "2.25", "-0.5", "10",
                                       "0.1", "1.50", "3"};
    /* before and after any run's today(), a leap day, a year's edges */
    static const char *const dates[] = {"1999-12-31", "2024-02-29",
                                        "2026-01-01", "2099-06-15"};
    const struct survey_form *f = survey_run_form(r);
    int nc = survey_run_choice_count(r, i);
    switch (survey_item_type(f, i)) {
    case SURVEY_SELECT_ONE:
        return nc ? survey_run_choice_name(r, i, (int)rnd((unsigned)nc))
                  : NULL;
    case SURVEY_SELECT_MULTIPLE: {
        size_t o = 0;
        buf[0] = '\0';
        for (int k = 0; k < nc; k++) {
            if (rnd(100) < 35) {
                o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? " " : "",
                                      survey_run_choice_name(r, i, k));
            }
        }
        if (!o && nc) {
            snprintf(buf, n, "%s",
                     survey_run_choice_name(r, i, (int)rnd((unsigned)nc)));
        }
        return buf;
    }
    case SURVEY_INTEGER:
        return ints[rnd(sizeof ints / sizeof *ints)];
    case SURVEY_DECIMAL:
        return decs[rnd(sizeof decs / sizeof *decs)];
    case SURVEY_TEXT:
        return rnd(2) ? "abc" : "a b";
    case SURVEY_ACKNOWLEDGE:
        return "OK";
    case SURVEY_DATE:
        return dates[rnd(sizeof dates / sizeof *dates)];
    case SURVEY_RANGE: {
        double start, step;
        int nv = 0;
        if (survey_item_range(f, i, &start, &step, &nv) || nv < 1) {
            return NULL;
        }
        survey_item_range_value(f, i, (int)rnd((unsigned)nv), buf, n);
        return buf;
    }
    default:
        return NULL;
    }
}

static int is_input(enum survey_type t)
{
    return t == SURVEY_SELECT_ONE || t == SURVEY_SELECT_MULTIPLE ||
           t == SURVEY_INTEGER || t == SURVEY_DECIMAL || t == SURVEY_TEXT ||
           t == SURVEY_ACKNOWLEDGE || t == SURVEY_DATE || t == SURVEY_RANGE;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: oracle_run DIR ID CASES SEED ANSWERS_OUT\n");
        return 2;
    }
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = survey_form_load(argv[1], argv[2], &f, &d);
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    if (rc) {
        return 1;
    }
    FILE *ans = fopen(argv[5], "w");
    if (!ans) {
        perror(argv[5]);
        return 1;
    }
    int cases = atoi(argv[3]);
    for (int c = 0; c < cases; c++) {
        rng_state = (uint64_t)strtoull(argv[4], NULL, 10) * 7919u +
                    (uint64_t)c * 104729u + 1u;
        struct survey_run *r = survey_run_new(f);
        char buf[4096];
        for (int i = 0; i < survey_form_item_count(f); i++) {
            enum survey_type t = survey_item_type(f, i);
            if (!is_input(t) || !survey_run_relevant(r, i)) {
                continue;
            }
            if (!survey_item_has_required(f, i) && rnd(100) < 15) {
                continue; /* an optional question left blank */
            }
            const char *v = pick_value(r, i, buf, sizeof buf);
            if (v && survey_run_set_item(r, i, v) == KIOSK_OK) {
                fprintf(ans, "%d\t%s\t%s\n", c, survey_item_name(f, i), v);
            }
        }
        for (int i = 0; i < survey_form_item_count(f); i++) {
            enum survey_type t = survey_item_type(f, i);
            if (t == SURVEY_END_GROUP) {
                continue;
            }
            const char *check = "-";
            if (is_input(t)) {
                switch (survey_run_check(r, i, "en", NULL)) {
                case SURVEY_ISSUE_REQUIRED:
                    check = "required";
                    break;
                case SURVEY_ISSUE_CONSTRAINT:
                    check = "constraint";
                    break;
                default:
                    check = "ok";
                }
            }
            printf("%d\t%s\t%s\t%d\t%s\n", c, survey_item_name(f, i),
                   survey_run_value(r, i), survey_run_relevant(r, i), check);
        }
        survey_run_free(r);
    }
    fclose(ans);
    survey_form_free(f);
    return 0;
}
