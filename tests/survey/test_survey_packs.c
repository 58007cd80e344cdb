/* The built-in instruments (assets/pack/forms/, written by the instruments
 * author) in the runner: each loads without errors or warnings, and a
 * visitor can walk it to the end with two answer strategies (always the
 * first choice, always the last), progress rising by one per page and
 * Back working from the end. Says SKIPPED when the pack has no forms. */
#include <stdlib.h>
#include <unistd.h>

#include "survey/survey.h"
#include "test.h"

#define DIR "assets/pack/forms"

static const char *const forms[] = {"assist", "crafft", "auditc", "dast10",
                                    "phq9", "gad7"};

/* Answers every question on the page: choice `pick` (0 first, -1 last),
 * numbers "0"; select_multiple gets that one choice. */
static int answer(struct survey_run *r, int pick)
{
    const struct survey_form *f = survey_run_form(r);
    int items[64];
    int n = survey_run_page_items(r, items, 64);
    for (int k = 0; k < n && k < 64; k++) {
        int i = items[k];
        const char *v = NULL;
        int nc = survey_run_choice_count(r, i);
        switch (survey_item_type(f, i)) {
        case SURVEY_SELECT_ONE:
        case SURVEY_SELECT_MULTIPLE:
            v = survey_run_choice_name(r, i, pick < 0 ? nc - 1 : 0);
            break;
        case SURVEY_INTEGER:
        case SURVEY_DECIMAL:
            v = pick < 0 ? "3" : "0";
            break;
        case SURVEY_ACKNOWLEDGE:
            v = "OK";
            break;
        default:
            break;
        }
        if (v && survey_run_set_item(r, i, v) != KIOSK_OK) {
            fprintf(stderr, "%s: '%s' refused for %s\n", survey_form_id(f),
                    v, survey_item_name(f, i));
            return -1;
        }
    }
    return n;
}

static void walk(const struct survey_form *f, int pick)
{
    struct survey_run *r = survey_run_new(f);
    struct survey_issue is;
    int steps = 0, idx, total, last_idx = -1;
    while (!survey_run_at_end(r) && steps < 1000) {
        survey_run_progress(r, &idx, &total);
        CHECK(idx == last_idx + 1);
        CHECK(idx < total);
        last_idx = idx;
        int n = answer(r, pick);
        CHECK(n > 0);
        if (n <= 0) {
            break;
        }
        enum kiosk_err rc = survey_run_next(r, "vi", &is);
        if (rc != KIOSK_OK) {
            fprintf(stderr, "%s: next refused at %s: %s\n",
                    survey_form_id(f), survey_item_name(f, is.item),
                    is.message);
        }
        CHECK_INT(rc, KIOSK_OK);
        if (rc) {
            break;
        }
        steps++;
    }
    CHECK(survey_run_at_end(r));
    survey_run_progress(r, &idx, &total);
    CHECK_INT(idx, total);
    CHECK_INT(total, steps);
    int notes[64];
    int nn = survey_run_feedback_notes(r, notes, 64);
    CHECK(nn >= 1);
    for (int i = 0; i < nn && i < 64; i++) {
        char text[2048];
        survey_run_label(r, notes[i], "vi", text, sizeof text);
        CHECK(text[0] != '\0');
        CHECK(strstr(text, "${") == NULL);
    }
    CHECK(survey_run_calc_count(r) > 0);
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK(!survey_run_at_end(r));
    printf("%s (%s choices): %d pages, %d feedback notes\n",
           survey_form_id(f), pick < 0 ? "last" : "first", steps, nn);
    survey_run_free(r);
}

int main(void)
{
    int found = 0;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s.survey.csv", DIR, forms[i]);
        if (access(path, R_OK) != 0) {
            continue;
        }
        found++;
        struct survey_form *f = NULL;
        struct kiosk_diag d = {0};
        enum kiosk_err rc = survey_form_load(DIR, forms[i], &f, &d);
        kiosk_diag_print(&d, stderr);
        CHECK_INT(rc, KIOSK_OK);
        CHECK_INT(d.errors, 0);
        CHECK_INT(d.warnings, 0);
        kiosk_diag_free(&d);
        if (f) {
            CHECK_STR(survey_form_id(f), forms[i]);
            CHECK(*survey_form_version(f) != '\0');
            walk(f, 0);
            walk(f, -1);
        }
        survey_form_free(f);
    }
    if (!found) {
        printf("SKIPPED: no instrument forms in %s yet\n", DIR);
        return 0;
    }
    TEST_MAIN_END();
}
