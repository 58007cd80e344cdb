/* The corpus of real XLSForms (shared/xlsform-corpus/: pyxform's test
 * forms in the kiosk's CSV layout) as load tests: every form loads, or is
 * refused only for features the README's feature table refuses by design
 * (each error says "refused by design"), or is listed below with the
 * feature that is not on the kiosk yet or the reason ODK refuses it too.
 * A listed form whose outcome changes fails the test, so the list stays
 * true. Says SKIPPED when the corpus is not beside the checkout. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "survey/survey.h"
#include "test.h"

static const struct {
    const char *form;
    const char *first_error; /* the first error that is not by design */
} expected[] = {
    /* invalid XPath: ODK's engine refuses the calculation too */
    {"bug_example_xls_bad_calc_xlsx", "bare name 'because'"},
    {"example_xls_bad_calc_xlsx", "bare name 'because'"},
    /* not on the kiosk yet (README feature table) */
    {"bug_example_xls_xl_date_ambiguous_v1_xlsx", "type 'date' is not "
                                                  "supported yet"},
    /* choice_filter on the label column: ODK filters on the label
     * element; the kiosk's filters read data columns only */
    {"bug_example_xls_xl_date_ambiguous_xlsx", "'label' is not a column"},
    {"example_xls_attribute_columns_test_xlsx", "type 'date' is not "
                                                "supported yet"},
    {"example_xls_flat_xlsform_test_xlsx", "type 'date' is not supported "
                                           "yet"},
    {"example_xls_sms_info_xls", "type 'date' is not supported yet"},
    {"example_xls_widgets_xls", "type 'date' is not supported yet"},
    {"example_xls_xlsform_spec_test_xlsx", "type 'date' is not supported "
                                           "yet"},
    /* choice_filter "pastel=yes": a bare name that is no column (ODK reads
     * it as an empty node-set; the kiosk refuses the likely typo for
     * 'yes') */
    {"example_xls_or_other_xlsx", "'yes' is not a column"},
    /* a repeat (by design) whose rows also have no names */
    {"example_xls_repeat_date_test_xls", "name is empty"},
};

static const char *corpus_dir(void)
{
    static const char *const where[] = {
        "../shared/xlsform-corpus/forms",
        "../../shared/xlsform-corpus/forms",
    };
    const char *env = getenv("KIOSK_XLSFORM_CORPUS");
    struct stat st;
    if (env && stat(env, &st) == 0) {
        return env;
    }
    for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
        if (stat(where[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            return where[i];
        }
    }
    return NULL;
}

int main(void)
{
    const char *dir = corpus_dir();
    if (!dir) {
        printf("SKIPPED: no xlsform-corpus beside the checkout\n");
        return 0;
    }
    DIR *dp = opendir(dir);
    struct dirent *e;
    int loaded = 0, by_design = 0, listed = 0, total = 0;
    while (dp && (e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char sub[600];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        char sheet[1000];
        struct stat st;
        snprintf(sheet, sizeof sheet, "%s/%s.survey.csv", sub, e->d_name);
        if (stat(sheet, &st) != 0) {
            /* pyxform's workbook had no sheet named survey: nothing to
             * load (its pyxform.xml is all there is) */
            printf("%s: no survey sheet in the corpus\n", e->d_name);
            continue;
        }
        struct survey_form *f = NULL;
        struct kiosk_diag d = {0};
        total++;
        enum kiosk_err rc = survey_form_load(sub, e->d_name, &f, &d);
        const char *other = NULL;
        for (int i = 0; i < d.n && !other; i++) {
            if (!d.items[i].is_warning &&
                !strstr(d.items[i].msg, "refused by design")) {
                other = d.items[i].msg;
            }
        }
        const char *want = NULL;
        for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
            if (strcmp(expected[i].form, e->d_name) == 0) {
                want = expected[i].first_error;
            }
        }
        if (rc == KIOSK_OK) {
            loaded++;
        } else if (!other) {
            by_design++;
        } else {
            listed++;
        }
        if (want) {
            CHECK(rc != KIOSK_OK);
            CHECK_CONTAINS(other, want);
        } else if (rc != KIOSK_OK && other) {
            fprintf(stderr, "%s: refused for a feature the kiosk does not "
                            "refuse by design: %s\n", e->d_name, other);
            CHECK(0);
        } else {
            CHECK(rc == KIOSK_OK || d.errors > 0);
        }
        survey_form_free(f);
        kiosk_diag_free(&d);
    }
    if (dp) {
        closedir(dp);
    }
    printf("corpus %s: %d forms: %d load, %d refused by design, %d listed "
           "(not yet or invalid for ODK)\n", dir, total, loaded, by_design,
           listed);
    CHECK(total > 0);
    TEST_MAIN_END();
}
