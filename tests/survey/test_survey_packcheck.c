/* `kiosk --check-pack` checks every form of a pack exactly as the kiosk
 * loads it: 20 forms all load (no cap), in a stable order, and a broken
 * form fails the check naming file, row and column. Works on a copy of
 * the built-in pack in a temporary directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/pack.h"
#include "survey/survey.h"
#include "test.h"

static char tmp[] = "/tmp/kiosk-packcheck-XXXXXX";

static void sh(const char *fmt, const char *arg)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, fmt, arg, arg);
    CHECK_INT(system(cmd), 0);
}

static void write_file(const char *rel, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Runs the check; returns its error count and the report in buf. */
static int check(char *buf, size_t n)
{
    FILE *out = fmemopen(buf, n, "w");
    int errors = pack_check(tmp, out, NULL, NULL);
    fclose(out);
    return errors;
}

int main(void)
{
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    sh("cp -r assets/pack/. %s/ && rm -f %s/forms/*.csv", tmp);
    static char report[1 << 20];
    /* 20 small forms, written in an order unlike their names */
    for (int i = 19; i >= 0; i--) {
        char name[64], text[200];
        snprintf(name, sizeof name, "forms/f%02d.survey.csv", i);
        snprintf(text, sizeof text,
                 "type,name,label::Tiếng Việt (vi),label::English (en)\n"
                 "note,n%d,Xin chào %d,Hello %d\n", i, i, i);
        write_file(name, text);
        snprintf(name, sizeof name, "forms/f%02d.settings.csv", i);
        snprintf(text, sizeof text, "form_id,version\nf%02d,1\n", i);
        write_file(name, text);
    }
    CHECK_INT(check(report, sizeof report), 0);
    CHECK_CONTAINS(report, "forms: 20 loaded (f00, f01, f02, f03, f04, f05, "
                           "f06, f07, f08, f09, f10, f11, f12, f13, f14, "
                           "f15, f16, f17, f18, f19)");
    /* the loader the kiosk uses gives the same forms in the same order */
    struct survey_form **forms = NULL;
    int n = 0;
    struct kiosk_diag d = {0};
    char dir[600];
    snprintf(dir, sizeof dir, "%s/forms", tmp);
    CHECK_INT(survey_forms_load_dir(dir, &forms, &n, &d), KIOSK_OK);
    CHECK_INT(n, 20);
    CHECK_STR(n ? survey_form_id(forms[n - 1]) : "", "f19");
    survey_forms_free(forms, n);
    kiosk_diag_free(&d);
    /* one broken form: an unknown type, a NUL byte, a missing language */
    write_file("forms/g_bad.survey.csv",
               "type,name,label::English (en)\nnote,a,A\nslider,s,S\n");
    write_file("forms/g_bad.settings.csv",
               "form_id,default_language\ng_bad,Tiếng Việt (vi)\n");
    CHECK(check(report, sizeof report) > 0);
    CHECK_CONTAINS(report, "forms/g_bad.survey.csv:3:1: error: type "
                           "'slider' is not supported");
    CHECK_CONTAINS(report, "forms/g_bad.settings.csv:2:2: warning: "
                           "default_language 'vi' is not a language");
    CHECK_CONTAINS(report, "forms: 20 loaded");
    CHECK_CONTAINS(report, "the forms with errors above do not load");
    {
        char path[600];
        snprintf(path, sizeof path, "%s/forms/g_bad.survey.csv", tmp);
        FILE *f = fopen(path, "wb");
        fwrite("type,name,label::English (en)\nnote,a,A\0B\n", 1, 42, f);
        fclose(f);
    }
    CHECK(check(report, sizeof report) > 0);
    CHECK_CONTAINS(report, "forms/g_bad.survey.csv:2:3: error: the cell "
                           "holds a NUL byte");
    sh("rm -rf %s", tmp);
    TEST_MAIN_END();
}
