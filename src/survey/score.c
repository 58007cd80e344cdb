/* `kiosk --score FORM --answers FILE.csv`: runs a form's scoring on a set of
 * answers without a screen, for checking an instrument against hand-scored
 * cases and for staff who re-score a paper form. */
#include <assert.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/date.h"
#include "survey_private.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int survey_split_form_arg(const char *cmd, const char *arg, char *dir,
                          size_t dn, char *id, size_t in, FILE *err)
{
    static const char *const suffixes[] = {".survey.csv", ".choices.csv",
                                           ".settings.csv"};
    char path[512];
    int w = snprintf(path, sizeof path, "%s", arg);
    if (w < 0 || (size_t)w >= sizeof path || !*arg) {
        fprintf(err, "%s: bad form path '%s'\n", cmd, arg);
        return -1;
    }
    while (strlen(path) > 1 && path[strlen(path) - 1] == '/') {
        path[strlen(path) - 1] = '\0';
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *dp = opendir(path);
        if (!dp) {
            fprintf(err, "%s: cannot open directory %s\n", cmd, path);
            return -1;
        }
        int found = 0;
        struct dirent *de;
        while ((de = readdir(dp)) != NULL) {
            if (ends_with(de->d_name, ".survey.csv")) {
                if (found++ == 0) {
                    snprintf(id, in, "%.*s",
                             (int)(strlen(de->d_name) - 11), de->d_name);
                }
            }
        }
        closedir(dp);
        if (found != 1) {
            fprintf(err,
                    "%s: %s holds %d forms; name one as %s/<id>\n", cmd,
                    path, found, path);
            return -1;
        }
        snprintf(dir, dn, "%s", path);
        return 0;
    }
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        if (ends_with(path, suffixes[i])) {
            path[strlen(path) - strlen(suffixes[i])] = '\0';
        }
    }
    char *slash = strrchr(path, '/');
    int dw, iw;
    if (slash) {
        *slash = '\0';
        dw = snprintf(dir, dn, "%s", slash == path ? "/" : path);
        iw = snprintf(id, in, "%s", slash + 1);
    } else {
        dw = snprintf(dir, dn, ".");
        iw = snprintf(id, in, "%s", path);
    }
    if (dw < 0 || (size_t)dw >= dn || iw < 0 || (size_t)iw >= in) {
        fprintf(err, "score: form path too long '%s'\n", arg);
        return -1;
    }
    if (!*id) {
        fprintf(err, "%s: no form id in '%s'\n", cmd, arg);
        return -1;
    }
    return 0;
}

/* Copies s without surrounding spaces into buf (truncating). */
static const char *trim_copy(const char *s, char *buf, size_t n)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
        len--;
    }
    snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), s);
    return buf;
}

/* Applies the answers file to the run. Returns 0, or -1 after printing
 * every bad row. */
static int apply_answers(struct survey_run *run, const char *path, FILE *err)
{
    struct csv_table t;
    struct kiosk_diag d = {0};
    if (csv_load(path, NULL, &t, &d)) {
        kiosk_diag_print(&d, err);
        kiosk_diag_free(&d);
        return -1;
    }
    int bad = 0;
    int first = 0;
    char name[256], v1[16];
    if (t.nrows > 0 &&
        strcmp(trim_copy(csv_cell(&t, 0, 0), name, sizeof name), "name") ==
            0 &&
        strcmp(trim_copy(csv_cell(&t, 0, 1), v1, sizeof v1), "value") == 0) {
        first = 1; /* header row */
    }
    for (int r = first; r < t.nrows; r++) {
        if (csv_row_blank(&t, r)) {
            continue;
        }
        trim_copy(csv_cell(&t, r, 0), name, sizeof name);
        const char *value = csv_cell(&t, r, 1);
        for (int c = 2; c < t.rows[r].ncells; c++) {
            if (*csv_cell(&t, r, c)) {
                fprintf(err, "%s:%d:%d: error: only two columns (name, "
                        "value) are read\n", path, r + 1, c + 1);
                bad = 1;
            }
        }
        enum kiosk_err rc = survey_run_set(run, name, value);
        if (rc == KIOSK_ENOENT) {
            fprintf(err, "%s:%d:1: error: '%s' is not a question of the "
                    "form\n", path, r + 1, name);
            bad = 1;
        } else if (rc) {
            fprintf(err, "%s:%d:2: error: '%s' is not a valid answer to "
                    "'%s' (%s)\n", path, r + 1, value, name,
                    kiosk_strerror(rc));
            bad = 1;
        }
    }
    csv_free(&t);
    kiosk_diag_free(&d);
    return bad ? -1 : 0;
}

/* Warns about every answer the kiosk would not have accepted (required
 * and constraint rules); scoring still goes ahead. */
static void warn_rules(struct survey_run *run, FILE *err)
{
    const struct survey_form *f = survey_run_form(run);
    for (int i = 0; i < survey_form_item_count(f); i++) {
        struct survey_issue issue;
        enum survey_issue_kind k = survey_run_check(run, i, "en", &issue);
        if (k != SURVEY_ISSUE_NONE) {
            fprintf(err, "warning: '%s' (row %d) %s%s%s\n",
                    survey_item_name(f, i), survey_item_row(f, i),
                    k == SURVEY_ISSUE_REQUIRED ? "is required but has no "
                                                 "answer"
                                               : "breaks its constraint",
                    *issue.message ? ": " : "", issue.message);
        }
    }
}

int survey_score_cli(const char *form_dir_or_path, const char *answers_csv,
                     int utc_offset, FILE *out, FILE *err)
{
    char dir[512], id[256];
    if (!form_dir_or_path || !answers_csv) {
        fprintf(err, "usage: kiosk --score FORM --answers FILE.csv\n");
        return 2;
    }
    if (survey_split_form_arg("score", form_dir_or_path, dir, sizeof dir, id,
                              sizeof id, err)) {
        return 1;
    }
    struct survey_form *form = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = survey_form_load(dir, id, &form, &d);
    if (rc) {
        kiosk_diag_print(&d, err);
        fprintf(err, "score: form %s/%s does not load (%s)\n", dir, id,
                kiosk_strerror(rc));
        kiosk_diag_free(&d);
        return 1;
    }
    kiosk_diag_free(&d);
    struct survey_run *run = survey_run_new(form);
    if (!run) {
        survey_form_free(form);
        fprintf(err, "score: out of memory\n");
        return 2;
    }
    /* today() is the date at the site's clock, as on the kiosk */
    char today[16];
    date_format((int64_t)time(NULL), utc_offset, DATE_YMD, today,
                sizeof today);
    enum kiosk_err te = survey_run_set_today(run, today);
    assert(te == KIOSK_OK); /* date_format writes YYYY-MM-DD */
    (void)te;
    int code = 0;
    if (apply_answers(run, answers_csv, err)) {
        code = 2;
    } else {
        warn_rules(run, err);
        for (int i = 0; i < survey_run_calc_count(run); i++) {
            fprintf(out, "%s=%s\n", survey_run_calc_name(run, i),
                    survey_run_calc_value(run, i));
        }
    }
    survey_run_free(run);
    survey_form_free(form);
    return code;
}
