/* ODK Collect's semantics (JavaRosa), case by case: each wrong result that
 * issue 16 reproduced, with the value JavaRosa gives and where its source
 * says so (org.javarosa.xpath.expr.XPathFuncExpr toNumeric/toString/round,
 * XPathEqExpr, core.model.data.IAnswerData.wrapData). ODK Web Forms'
 * engine differs from JavaRosa on some of these; tests/survey/oracle/
 * compares with it and lists those differences. */
#include <stdlib.h>

#include "survey/survey.h"
#include "test.h"

static const char survey[] =
    "type,name,label::English (en),relevant,calculation,choice_filter\n"
    "integer,score,Score,,,\n"
    "decimal,d1,D1,,,\n"
    "decimal,d2,D2,,,\n"
    "integer,z,Z,,,\n"
    "text,t,T,,,\n"
    "select_one region,region,Region,,,\n"
    "select_one district,district,District,,,region=${region}\n"
    "select_multiple district,districts,Districts,,,region=${region}\n"
    "calculate,positive,,,${score} >= 3,\n"
    "note,talk,Please talk to a health worker,${positive},,\n"
    "note,fine,No sign of depression,not(${positive}),,\n"
    "calculate,zplus,,,${z} + 1,\n"
    "calculate,coal,,,\"coalesce(${zplus}, 'empty')\",\n"
    "calculate,divz,,,0 div 0,\n"
    "calculate,modz,,,10 mod 0,\n"
    "calculate,inte,,,int(''),\n"
    "calculate,r1,,,\"round(-2.5, 0)\",\n"
    "calculate,r2,,,round(-2.5),\n"
    "calculate,r3,,,\"round(-2.675, 2)\",\n"
    "calculate,r4,,,\"round(2.675, 2)\",\n"
    "calculate,r5,,,\"round(-25, -1)\",\n"
    "calculate,r6,,,\"round(15, -1)\",\n"
    "calculate,r7,,,\"round(1.5, 31)\",\n"
    "calculate,f1,,,(0.1 + 0.2) * 10,\n"
    "calculate,f2,,,0.1 + 0.2,\n"
    "calculate,e1,,,0.1 + 0.2 = 0.3,\n"
    "calculate,deq,,,${d1} = ${d2},\n"
    "calculate,dstr,,,\"concat(${d1}, '|', ${score})\",\n"
    "calculate,comma,,,\"number('1,5')\",\n"
    "calculate,sum2,,,${positive} + 1,\n"
    "calculate,big,,,\"concat(${t}, ${t}, ${t}, ${t}, ${t}, ${t}, ${t}, "
    "${t}, ${t}, ${t}, ${t}, ${t}, ${t}, ${t}, ${t}, ${t}, ${t})\",\n";
static const char choices[] =
    "list_name,name,label::English (en),region\n"
    "region,north,North,\nregion,south,South,\n"
    "district,n1,N1,north\ndistrict,n2,N2,north\ndistrict,s1,S1,south\n";
static const char settings[] = "form_id,audience\nodk,staff\n";

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
    CHECK_INT(survey_form_load_mem("odk", "odk", survey, strlen(survey),
                                   choices, strlen(choices), settings,
                                   strlen(settings), &f, &d),
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
