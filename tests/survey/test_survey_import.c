/* Questionnaires from a USB stick: the stick's workbooks listed; one
 * checked exactly as the kiosk loads forms, with its problems by
 * sheet:row:col; a valid one installed into the overlay's forms/ by one
 * rename, loaded beside the pack, replaced, removed; a pack form's id and a
 * broken workbook refused with nothing written. Real .xlsx files (made by
 * tests/survey/xlsx/make_import.py, and auditc.xlsx from the pack). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "survey/import.h"
#include "survey/survey.h"
#include "test.h"

#define X "tests/survey/xlsx/"

static char tmp[] = "/tmp/kiosk-import-XXXXXX";
static const char *const builtin[] = {"assist", "auditc", "crafft"};

/* Entries of dir (hidden ones too), so "nothing written" can be seen. */
static int entries(const char *dir)
{
    DIR *dh = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    if (dh) {
        closedir(dh);
    }
    return n;
}

static int has(const struct kiosk_diag *d, const char *file, int row,
               int col, const char *msg)
{
    for (int i = 0; i < d->n; i++) {
        const struct kiosk_diag_item *it = &d->items[i];
        if (strcmp(it->file, file) == 0 && it->row == row && it->col == col &&
            strstr(it->msg, msg)) {
            return 1;
        }
    }
    kiosk_diag_print(d, stderr);
    return 0;
}

static void copy(const char *from, const char *to)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    CHECK_INT(system(cmd), 0);
}

static void test_list(const char *stick)
{
    char names[SURVEY_IMPORT_MAX_FILES][SURVEY_IMPORT_NAME];
    char p[900];
    copy(X "sleep.xlsx", stick);
    copy(X "broken.xlsx", stick);
    snprintf(p, sizeof p, "%s/AUDITC.XLSX", stick);
    copy(X "auditc.xlsx", p);
    snprintf(p, sizeof p, "%s/._sleep.xlsx", stick); /* a Mac's leftover */
    copy(X "sleep.xlsx", p);
    snprintf(p, sizeof p, "%s/notes.csv", stick);
    copy("assets/pack/forms/auditc.settings.csv", p);
    snprintf(p, sizeof p, "%s/folder.xlsx", stick);
    CHECK_INT(mkdir(p, 0755), 0);
    CHECK_INT(survey_import_list(stick, names, SURVEY_IMPORT_MAX_FILES), 3);
    CHECK_STR(names[0], "AUDITC.XLSX");
    CHECK_STR(names[1], "broken.xlsx");
    CHECK_STR(names[2], "sleep.xlsx");
    CHECK_INT(survey_import_list(stick, names, 1), 1);
    snprintf(p, sizeof p, "%s/absent", stick);
    CHECK_INT(survey_import_list(p, names, 4), -1);
}

static void test_check(const char *forms, const char *images)
{
    struct survey_import_info info;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_import_check(X "sleep.xlsx", forms, images, builtin, 3,
                                  &info, &d),
              KIOSK_OK);
    CHECK_STR(info.id, "sleep_week");
    CHECK_STR(info.title, "Giấc ngủ tuần qua / Sleep this past week");
    CHECK_STR(info.version, "2026120301");
    CHECK_INT(info.questions, 3);
    CHECK_STR(info.file, "sleep.xlsx");
    CHECK_INT(info.replacing, 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0); /* "form_id differs from the file name" is
                                 not for staff: it is installed by id */
    CHECK_INT(entries(forms), 0); /* a check keeps nothing */
    kiosk_diag_free(&d);
    /* every problem by sheet:row:col, nothing written */
    CHECK_INT(survey_import_check(X "broken.xlsx", forms, images, builtin, 3,
                                  &info, &d),
              KIOSK_EPARSE);
    CHECK(has(&d, "survey", 3, 1, "list 'nolist' is not in the choices"));
    CHECK(has(&d, "survey", 4, 1, "type 'text' is refused"));
    CHECK(has(&d, "survey", 5, 5, "constraint"));
    CHECK(has(&d, "survey", 9, 1, "begin_repeat' is refused"));
    CHECK_INT(d.errors, 8);
    CHECK(d.n == 8 && d.items[2].row == 5 && d.items[7].row == 11); /* in
                                          the order of the spreadsheet */
    CHECK_INT(entries(forms), 0);
    kiosk_diag_free(&d);
    /* a pack form's id is never replaced */
    CHECK_INT(survey_import_check(X "auditc.xlsx", forms, images, builtin, 3,
                                  &info, &d),
              KIOSK_EEXIST);
    CHECK(has(&d, "settings", 2, 0, "form_id 'auditc' is a questionnaire "
                                    "of the content pack"));
    kiosk_diag_free(&d);
    /* a workbook's own problems keep their names too */
    CHECK_INT(survey_import_check(X "errorcell.xlsx", forms, images, builtin,
                                  3, &info, &d),
              KIOSK_EPARSE);
    CHECK(has(&d, "errorcell.xlsx", 3, 4, "sheet 'survey'"));
    kiosk_diag_free(&d);
    CHECK_INT(survey_import_check(X "absent.xlsx", forms, images, builtin, 3,
                                  &info, &d),
              KIOSK_ENOENT);
    kiosk_diag_free(&d);
    CHECK_INT(entries(forms), 0);
}

static void test_install(const char *forms, const char *images)
{
    struct survey_import_info info, got[4];
    struct kiosk_diag d = {0};
    CHECK_INT(survey_import_install(X "broken.xlsx", forms, images, builtin,
                                    3, "Lan", "2035-11-27 09:00", &info, &d),
              KIOSK_EPARSE);
    CHECK_INT(survey_import_install(X "auditc.xlsx", forms, images, builtin,
                                    3, "Lan", "2035-11-27 09:00", &info, &d),
              KIOSK_EEXIST);
    CHECK_INT(entries(forms), 0);
    kiosk_diag_free(&d);
    CHECK_INT(survey_import_install(X "sleep.xlsx", forms, images, builtin,
                                    3, "Lan, \"M&E\"", "2035-11-27 09:00",
                                    &info, &d),
              KIOSK_OK);
    CHECK_INT(entries(forms), 1); /* the form's folder, no leftovers */
    char p[900];
    snprintf(p, sizeof p, "%s/sleep_week/sleep_week.survey.csv", forms);
    CHECK(access(p, R_OK) == 0);
    CHECK_INT(survey_import_installed(forms, got, 4), 1);
    CHECK_STR(got[0].id, "sleep_week");
    CHECK_STR(got[0].version, "2026120301");
    CHECK_INT(got[0].questions, 3);
    CHECK_STR(got[0].file, "sleep.xlsx");
    CHECK_STR(got[0].by, "Lan, \"M&E\"");
    CHECK_STR(got[0].date, "2035-11-27 09:00");
    /* loaded as the kiosk loads it, with no problem */
    struct survey_form *f[4] = {0};
    CHECK_INT(survey_import_load(forms, images, builtin, 3, f, 4, &d), 1);
    CHECK_STR(survey_form_id(f[0]), "sleep_week");
    CHECK_INT(survey_form_measure_count(f[0]), 0); /* counted, sealed */
    CHECK_INT(d.n, 0);
    survey_form_free(f[0]);
    /* a pack that later brings the same id wins: left out, said why */
    const char *const later[] = {"sleep_week"};
    CHECK_INT(survey_import_load(forms, images, later, 1, f, 4, &d), 0);
    CHECK(has(&d, "settings", 2, 0, "questionnaire of the content pack"));
    kiosk_diag_free(&d);
    /* the same form again: a check says it replaces, install replaces */
    CHECK_INT(survey_import_check(X "sleep.xlsx", forms, images, builtin, 3,
                                  &info, &d),
              KIOSK_OK);
    CHECK_INT(info.replacing, 1);
    CHECK_STR(info.replaces, "2026120301");
    CHECK_INT(survey_import_install(X "sleep.xlsx", forms, images, builtin,
                                    3, "Minh", "2035-11-28 10:00", &info, &d),
              KIOSK_OK);
    CHECK_INT(entries(forms), 1);
    CHECK_INT(survey_import_installed(forms, got, 4), 1);
    CHECK_STR(got[0].by, "Minh");
    kiosk_diag_free(&d);
    /* removed: gone whole */
    CHECK_INT(survey_import_remove(forms, "sleep_week"), KIOSK_OK);
    CHECK_INT(entries(forms), 0);
    CHECK_INT(survey_import_remove(forms, "sleep_week"), KIOSK_ENOENT);
    CHECK_INT(survey_import_remove(forms, "../x"), KIOSK_EINVAL);
    CHECK_INT(survey_import_load(forms, images, builtin, 3, f, 4, &d), 0);
}

int main(void)
{
    if (!mkdtemp(tmp)) {
        return 1;
    }
    char stick[600], forms[600], images[600];
    snprintf(stick, sizeof stick, "%s/stick", tmp);
    snprintf(forms, sizeof forms, "%s/overlay/forms", tmp);
    snprintf(images, sizeof images, "%s/images", tmp);
    CHECK_INT(mkdir(stick, 0755), 0);
    snprintf(images, sizeof images, "assets/pack/images"); /* the pack's */
    test_list(stick);
    test_check(forms, images);
    test_install(forms, images);
    CHECK(survey_import_id_ok("sleep_week-2"));
    CHECK(!survey_import_id_ok(".x"));
    CHECK(!survey_import_id_ok("-x"));
    CHECK(!survey_import_id_ok(""));
    CHECK(!survey_import_id_ok("a/b"));
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK_INT(system(cmd), 0);
    TEST_MAIN_END();
}
