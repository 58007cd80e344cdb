/* Table-driven scoring cases, run through survey_score_cli exactly as
 * `kiosk --score` runs them. Each case file <form>.csv has the header
 * case,answers,expected where answers is name=value;name=value and
 * expected lists every calculate as name=value;... ('' as "name=").
 *
 * Sources of case files (forms):
 *   tests/survey/cases/<form>.csv     -> assets/pack/forms/<form>
 *     (hand-scored by the instruments author from the published rules)
 *   tests/survey/forms/cases/<f>.csv  -> tests/survey/forms/<f>
 *     (the engine's own fixture form) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/date.h"
#include "survey/survey.h"
#include "test.h"

static int ncases;

/* Splits "a=1;b=;c=x y" into pairs, calling fn for each. */
static void each_pair(const char *list, void (*fn)(void *ud, const char *name,
                                                   const char *value),
                      void *ud)
{
    char *copy = strdup(list);
    char *p = copy;
    while (p && *p) {
        char *semi = strchr(p, ';');
        if (semi) {
            *semi = '\0';
        }
        while (*p == ' ') {
            p++;
        }
        if (*p) {
            char *eq = strchr(p, '=');
            if (eq) {
                *eq = '\0';
                fn(ud, p, eq + 1);
            } else {
                fn(ud, p, NULL); /* malformed: reported by the caller */
            }
        }
        p = semi ? semi + 1 : NULL;
    }
    free(copy);
}

/* Writes one answers row, CSV-quoted. */
static void write_answer(void *ud, const char *name, const char *value)
{
    FILE *fp = ud;
    fputc('"', fp);
    for (const char *s = name; *s; s++) {
        if (*s == '"') {
            fputc('"', fp);
        }
        fputc(*s, fp);
    }
    fputs("\",\"", fp);
    for (const char *s = value ? value : ""; *s; s++) {
        if (*s == '"') {
            fputc('"', fp);
        }
        fputc(*s, fp);
    }
    fputs("\"\n", fp);
}

struct compare {
    const char *output; /* name=value lines from the CLI */
    const char *where;
    int expected;       /* pairs seen */
    int bad;
};

static void check_expected(void *ud, const char *name, const char *value)
{
    struct compare *c = ud;
    c->expected++;
    if (!value) {
        fprintf(stderr, "%s: malformed expected item '%s'\n", c->where, name);
        c->bad = 1;
        CHECK(0);
        return;
    }
    char want[600];
    snprintf(want, sizeof want, "\n%s=%s\n", name, value);
    /* output is given a leading newline by the caller, so every line is
     * "\nname=value\n". */
    if (!strstr(c->output, want)) {
        char got[600] = "(not printed)";
        char key[200];
        snprintf(key, sizeof key, "\n%s=", name);
        const char *at = strstr(c->output, key);
        if (at) {
            size_t n = strcspn(at + 1, "\n");
            snprintf(got, sizeof got, "%.*s", (int)n, at + 1);
        }
        fprintf(stderr, "%s: expected %s=%s, engine gave %s\n", c->where,
                name, value, got);
        c->bad = 1;
    }
    CHECK(strstr(c->output, want) != NULL);
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

static void run_case_file(const char *case_path, const char *form_prefix)
{
    struct csv_table t;
    struct kiosk_diag d = {0};
    if (csv_load(case_path, NULL, &t, &d)) {
        kiosk_diag_print(&d, stderr);
        CHECK(0);
        kiosk_diag_free(&d);
        return;
    }
    int c_case = csv_col(&t, "case"), c_ans = csv_col(&t, "answers");
    int c_exp = csv_col(&t, "expected");
    CHECK(c_case >= 0 && c_ans >= 0 && c_exp >= 0);
    int failed = 0, run = 0;
    for (int r = 1; r < t.nrows && c_ans >= 0 && c_exp >= 0; r++) {
        if (csv_row_blank(&t, r)) {
            continue;
        }
        char where[400];
        snprintf(where, sizeof where, "%.150s:%d (%.200s)", case_path, r + 1,
                 csv_cell(&t, r, c_case));
        char ans_path[] = "/tmp/survey_case_XXXXXX";
        int fd = mkstemp(ans_path);
        CHECK(fd >= 0);
        if (fd < 0) {
            break;
        }
        FILE *fp = fdopen(fd, "w");
        fputs("name,value\n", fp);
        each_pair(csv_cell(&t, r, c_ans), write_answer, fp);
        fclose(fp);
        char *out_buf = NULL, *err_buf = NULL;
        size_t out_len = 0, err_len = 0;
        FILE *out = open_memstream(&out_buf, &out_len);
        FILE *err = open_memstream(&err_buf, &err_len);
        fputc('\n', out);
        int code = survey_score_cli(form_prefix, ans_path,
                                    DATE_UTC_OFFSET_DEFAULT, out, err);
        fclose(out);
        fclose(err);
        unlink(ans_path);
        if (code != 0) {
            fprintf(stderr, "%s: exit %d\n%s", where, code, err_buf);
        }
        CHECK_INT(code, 0);
        struct compare cmp = {out_buf, where, 0, 0};
        each_pair(csv_cell(&t, r, c_exp), check_expected, &cmp);
        /* Every calculate is listed: as many expected as printed. */
        if (count_lines(out_buf) - 1 != cmp.expected) {
            fprintf(stderr, "%s: %d calculates printed, %d expected\n",
                    where, count_lines(out_buf) - 1, cmp.expected);
            cmp.bad = 1;
        }
        CHECK_INT(count_lines(out_buf) - 1, cmp.expected);
        failed += cmp.bad || code != 0;
        run++;
        free(out_buf);
        free(err_buf);
    }
    printf("%s: %d cases, %d failed\n", case_path, run, failed);
    ncases += run;
    csv_free(&t);
    kiosk_diag_free(&d);
}

/* Runs every *.csv in case_dir against <form_dir>/<stem>. */
static int run_dir(const char *case_dir, const char *form_dir)
{
    DIR *dp = opendir(case_dir);
    if (!dp) {
        return 0;
    }
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && n < 64) {
        size_t len = strlen(de->d_name);
        if (len > 4 && strcmp(de->d_name + len - 4, ".csv") == 0) {
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(dp);
    for (int i = 0; i < n; i++) { /* stable order for readable logs */
        for (int j = i + 1; j < n; j++) {
            if (strcmp(names[j], names[i]) < 0) {
                char *tmp = names[i];
                names[i] = names[j];
                names[j] = tmp;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        char case_path[512], prefix[512];
        snprintf(case_path, sizeof case_path, "%s/%s", case_dir, names[i]);
        snprintf(prefix, sizeof prefix, "%s/%.*s", form_dir,
                 (int)(strlen(names[i]) - 4), names[i]);
        run_case_file(case_path, prefix);
        free(names[i]);
    }
    return n;
}

int main(void)
{
    int own = run_dir("tests/survey/forms/cases", "tests/survey/forms");
    CHECK(own > 0);
    int instruments = run_dir("tests/survey/cases", "assets/pack/forms");
    if (instruments == 0) {
        printf("SKIPPED instrument cases: tests/survey/cases/ has no case "
               "files yet\n");
    }
    printf("%d cases in %d files\n", ncases, own + instruments);
    TEST_MAIN_END();
}
