/* .xlsx import: a workbook made by a spreadsheet program (openpyxl wrote
 * these fixtures from the pack's CSVs) becomes the same CSV bytes; cells as
 * pyxform reads them (42.0 is 42, a date-formatted serial its date and
 * time, sheet names in any case); every problem named by sheet, row and
 * column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csv.h"
#include "survey/survey.h"
#include "test.h"

static char tmp[] = "/tmp/kiosk-xlsx-XXXXXX";

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    if (kiosk_read_file(path, CSV_MAX_FILE, &data, len) != KIOSK_OK) {
        return NULL;
    }
    return data;
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    int same = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return same;
}

static int has_diag(const struct kiosk_diag *d, int row, int col,
                    const char *msg)
{
    for (int i = 0; i < d->n; i++) {
        if (d->items[i].row == row && d->items[i].col == col &&
            strstr(d->items[i].msg, msg)) {
            return 1;
        }
    }
    kiosk_diag_print(d, stderr);
    return 0;
}

int main(void)
{
    if (!mkdtemp(tmp)) {
        return 1;
    }
    char a[600], b[600];
    struct kiosk_diag d = {0};
    /* a whole instrument: byte for byte the CSVs it was made from, an
     * extra sheet ignored */
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/auditc.xlsx", tmp,
                                 "auditc", &d),
              KIOSK_OK);
    static const char *const sheets[] = {"survey", "choices", "settings"};
    for (int i = 0; i < 3; i++) {
        snprintf(a, sizeof a, "%s/auditc.%s.csv", tmp, sheets[i]);
        snprintf(b, sizeof b, "assets/pack/forms/auditc.%s.csv", sheets[i]);
        CHECK(same_file(a, b));
    }
    struct survey_form *f = NULL;
    CHECK_INT(survey_form_load(tmp, "auditc", &f, &d), KIOSK_OK);
    CHECK_INT(survey_form_measure_count(f), 1);
    survey_form_free(f);
    kiosk_diag_free(&d);
    /* numbers and dates as pyxform reads them, sheet names in any case */
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/typed.xlsx", tmp,
                                 "typed", &d),
              KIOSK_OK);
    size_t len;
    snprintf(a, sizeof a, "%s/typed.survey.csv", tmp);
    char *t = slurp(a, &len);
    CHECK_STR(t, "type,name,label::English (en),default\r\n"
                 "integer,n,N,42\r\ndecimal,x,X,0.5\r\n");
    free(t);
    snprintf(a, sizeof a, "%s/typed.settings.csv", tmp);
    t = slurp(a, &len);
    CHECK_STR(t, "form_id,version,when\r\n"
                 "typed,2026120201,2022-04-11 16:26:28.971000\r\n");
    free(t);
    snprintf(a, sizeof a, "%s/typed.choices.csv", tmp);
    CHECK(access(a, F_OK) != 0); /* no choices sheet: no file */
    kiosk_diag_free(&d);
    /* a date-formatted cell past Excel's last date (9999-12-31) is the
     * number it holds, not an overflowing date */
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/bigdate.xlsx", tmp,
                                 "big", &d),
              KIOSK_OK);
    snprintf(a, sizeof a, "%s/big.settings.csv", tmp);
    t = slurp(a, &len);
    CHECK(t && strstr(t, "typed,2026120201,") && !strstr(t, "-01 "));
    free(t);
    kiosk_diag_free(&d);
    /* problems, each where it is */
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/errorcell.xlsx", tmp,
                                 "err", &d),
              KIOSK_EPARSE);
    CHECK(has_diag(&d, 3, 4, "sheet 'survey': the cell holds the "
                             "spreadsheet error #DIV/0!"));
    kiosk_diag_free(&d);
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/nosurvey.xlsx", tmp,
                                 "ns", &d),
              KIOSK_EPARSE);
    CHECK(has_diag(&d, 0, 0, "no sheet named 'survey'"));
    kiosk_diag_free(&d);
    CHECK_INT(survey_xlsx_import("assets/pack/forms/auditc.survey.csv", tmp,
                                 "csv", &d),
              KIOSK_EPARSE);
    CHECK(has_diag(&d, 0, 0, "not a zip file"));
    kiosk_diag_free(&d);
    CHECK_INT(survey_xlsx_import("tests/survey/xlsx/absent.xlsx", tmp, "x",
                                 &d),
              KIOSK_ENOENT);
    kiosk_diag_free(&d);
    /* the command: into PACK_DIR/forms, and the form must load */
    FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");
    CHECK_INT(survey_import_xlsform_cli("tests/survey/xlsx/auditc.xlsx", tmp,
                                        out, err),
              0);
    snprintf(a, sizeof a, "%s/forms/auditc.survey.csv", tmp);
    CHECK(same_file(a, "assets/pack/forms/auditc.survey.csv"));
    CHECK_INT(survey_import_xlsform_cli("tests/survey/xlsx/errorcell.xlsx",
                                        tmp, out, err),
              1);
    fclose(out);
    fclose(err);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    CHECK_INT(system(cmd), 0);
    TEST_MAIN_END();
}
