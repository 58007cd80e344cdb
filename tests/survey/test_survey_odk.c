/* ODK Collect's semantics (JavaRosa), case by case: each wrong result that
 * issue 16 reproduced, with the value JavaRosa gives and where its source
 * says so (org.javarosa.xpath.expr.XPathFuncExpr toNumeric/toString/round,
 * XPathEqExpr, core.model.data.IAnswerData.wrapData). ODK Web Forms'
 * engine differs from JavaRosa on some of these; tests/survey/oracle/
 * compares with it and lists those differences. */
#include <stdlib.h>

#include "survey/survey.h"
#include "test.h"

/* The form: tests/survey/oracle/forms/odk.*.csv (the oracle test runs it in
 * ODK's engine too). */
static const char *val(struct survey_run *r, const char *name)
{
    return survey_run_value(r, survey_form_find(survey_run_form(r), name));
}

static int rel(struct survey_run *r, const char *name)
{
    return survey_run_relevant(r, survey_form_find(survey_run_form(r), name));
}

int main(void)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load("tests/survey/oracle/forms", "odk", &f, &d),
              KIOSK_OK);
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    if (!f) {
        TEST_MAIN_END();
    }
    struct survey_run *r = survey_run_new(f);
    /* Booleans: stored as a boolean and read back as one. */
    CHECK_INT(survey_run_set(r, "score", "1"), KIOSK_OK);
    CHECK_STR(val(r, "positive"), "false");
    CHECK_INT(rel(r, "talk"), 0);
    CHECK_INT(rel(r, "fine"), 1);
    CHECK_STR(val(r, "sum2"), "1"); /* false + 1 */
    CHECK_INT(survey_run_set(r, "score", "3"), KIOSK_OK);
    CHECK_STR(val(r, "positive"), "true");
    CHECK_INT(rel(r, "talk"), 1);
    CHECK_INT(rel(r, "fine"), 0);
    /* NaN is stored as empty. */
    CHECK_STR(val(r, "zplus"), "");
    CHECK_STR(val(r, "coal"), "empty");
    CHECK_STR(val(r, "divz"), "");
    CHECK_STR(val(r, "modz"), "");
    CHECK_STR(val(r, "inte"), "");
    /* Rounding: decimal, halves toward positive infinity. */
    CHECK_STR(val(r, "r1"), "-2");
    CHECK_STR(val(r, "r2"), "-2");
    CHECK_STR(val(r, "r3"), "-2.67");
    CHECK_STR(val(r, "r4"), "2.68");
    CHECK_STR(val(r, "r5"), "-20");
    CHECK_STR(val(r, "r6"), "20");
    CHECK_STR(val(r, "r7"), ""); /* places over 30: NaN */
    /* Numbers: within 1e-12 is equal; integers print as integers. */
    CHECK_STR(val(r, "f1"), "3");
    CHECK_STR(val(r, "f2"), "0.30000000000000004");
    CHECK_STR(val(r, "e1"), "true");
    CHECK_INT(survey_run_set(r, "d1", "1.50"), KIOSK_OK);
    CHECK_INT(survey_run_set(r, "d2", "1.5"), KIOSK_OK);
    CHECK_STR(val(r, "deq"), "true");
    CHECK_INT(survey_run_set(r, "score", "00"), KIOSK_OK);
    CHECK_STR(val(r, "score"), "0");
    CHECK_STR(val(r, "dstr"), "1.5|0");
    CHECK_STR(val(r, "comma"), "1.5");
    /* Cascading selects: an answer the filter no longer offers goes. */
    CHECK_INT(survey_run_set(r, "region", "north"), KIOSK_OK);
    CHECK_INT(survey_run_set(r, "district", "n2"), KIOSK_OK);
    CHECK_INT(survey_run_set(r, "districts", "n1 n2"), KIOSK_OK);
    CHECK_STR(val(r, "district"), "n2");
    CHECK_INT(survey_run_set(r, "region", "south"), KIOSK_OK);
    CHECK_STR(val(r, "district"), "");
    CHECK_STR(val(r, "districts"), "");
    CHECK_INT(survey_run_set(r, "districts", "s1"), KIOSK_OK);
    CHECK_INT(survey_run_set(r, "region", "north"), KIOSK_OK);
    CHECK_STR(val(r, "districts"), "");
    /* ODK's functions */
    CHECK_INT(survey_run_set_today(r, "2026-12-02"), KIOSK_OK);
    CHECK_STR(val(r, "ftoday"), "2026-12-02");
    CHECK_INT(survey_run_set_today(r, "2026-13-02"), KIOSK_EINVAL);
    CHECK_STR(val(r, "fname"), "North");
    CHECK_INT(survey_run_set(r, "t", "  a  b "), KIOSK_OK);
    CHECK_STR(val(r, "fnorm"), "a b");
    CHECK_STR(val(r, "fre"), "false");
    CHECK_STR(val(r, "fcon"), "true");
    CHECK_STR(val(r, "fsub"), " ");
    CHECK_STR(val(r, "fpow"), "0");
    CHECK_STR(val(r, "fmax"), "5");
    /* or_other: the list and an "other" choice, labelled */
    int reg2 = survey_form_find(f, "reg2");
    CHECK_INT(survey_run_choice_count(r, reg2), 3);
    CHECK_STR(survey_run_choice_name(r, reg2, 2), "other");
    CHECK_STR(survey_run_choice_label(r, reg2, 2, "en"), "Other");
    CHECK_INT(survey_run_set(r, "reg2", "other"), KIOSK_OK);
    CHECK_STR(val(r, "reg2name"), "Other");
    CHECK_INT(survey_run_choice_count(r, survey_form_find(f, "region")), 2);
    /* A value over 64 KiB is never cut silently: next refuses. */
    char *t = malloc(4001);
    memset(t, 'x', 4000);
    t[4000] = '\0';
    CHECK_INT(survey_run_set(r, "t", t), KIOSK_OK);
    CHECK_INT(survey_run_overflow(r), survey_form_find(f, "big"));
    CHECK_STR(val(r, "big"), "");
    struct survey_issue is;
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_ETOOBIG);
    CHECK_INT(is.item, survey_form_find(f, "big"));
    t[100] = '\0';
    CHECK_INT(survey_run_set(r, "t", t), KIOSK_OK);
    CHECK_INT(survey_run_overflow(r), -1);
    CHECK_INT((int)strlen(val(r, "big")), 1700);
    free(t);
    survey_run_free(r);
    survey_form_free(f);
    TEST_MAIN_END();
}
