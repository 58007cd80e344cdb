/* Survey engine figures (printed, never asserted):
 *  - loading a generated 500-row form from CSV files (target <= 20 ms on
 *    the board), and each of the real instrument forms when present;
 *  - one answer (set + full re-evaluation);
 *  - next and back page transitions over the whole generated form.
 * Run from the repository root: build-dir/bench/survey/bench_survey */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "survey/survey.h"

#define SECTIONS 25 /* x 20 rows = 500 */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Writes <dir>/gen.{survey,choices,settings}.csv; returns the row count. */
static int generate(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/gen.survey.csv", dir);
    FILE *s = fopen(path, "w");
    snprintf(path, sizeof path, "%s/gen.choices.csv", dir);
    FILE *c = fopen(path, "w");
    snprintf(path, sizeof path, "%s/gen.settings.csv", dir);
    FILE *g = fopen(path, "w");
    if (!s || !c || !g) {
        perror("bench_survey: cannot write the generated form");
        exit(1);
    }
    fputs("form_id,version,form_title,default_language\n"
          "gen,2026112401,Generated,English (en)\n", g);
    fputs("list_name,name,label::English (en),label::Tiếng Việt (vi)\n", c);
    static const char *const freq[] = {"0", "2", "3", "4", "6"};
    for (int k = 0; k < 5; k++) {
        fprintf(c, "freq,%s,Answer %d,Trả lời %d\n", freq[k], k, k);
    }
    for (int k = 0; k < 6; k++) {
        fprintf(c, "many,m%d,Option %d,Lựa chọn %d\n", k, k, k);
    }
    fputs("type,name,label::English (en),label::Tiếng Việt (vi),relevant,"
          "constraint,constraint_message::English (en),required,"
          "calculation,appearance\n", s);
    int rows = 0;
    for (int sec = 0; sec < SECTIONS; sec++) {
        /* Later sections depend on the previous score, so relevance and
         * the dependency order have real work to do. */
        char rel[64] = "";
        if (sec) {
            snprintf(rel, sizeof rel, "${s%d} < 40", sec - 1);
        }
        fprintf(s, "begin_group,g%d,Section %d,Phần %d,%s,,,,,%s\n", sec, sec,
                sec, rel, sec % 5 == 4 ? "field-list" : "");
        rows++;
        for (int q = 0; q < 8; q++) {
            fprintf(s, "select_one freq,q%d_%d,Question %d.%d (first answer "
                       "${q%d_0}),Câu %d.%d,,,,yes,,\n",
                    sec, q, sec, q, sec, sec, q);
            rows++;
        }
        for (int q = 0; q < 4; q++) {
            fprintf(s, "integer,n%d_%d,How many days %d.%d?,Bao nhiêu ngày?,"
                       "${q%d_0} != '0',. >= 0 and . <= 365,0 to 365,yes,,\n",
                    sec, q, sec, q, sec);
            rows++;
        }
        fprintf(s, "decimal,d%d,Amount?,Bao nhiêu?,,. > 0,More than 0,,,\n",
                sec);
        fprintf(s, "select_multiple many,m%d,Pick any,Chọn,,,,,,\n", sec);
        fprintf(s, "calculate,s%d,,,,,,,\"coalesce(number(${q%d_0}),0)+"
                   "coalesce(number(${q%d_1}),0)+coalesce(number(${q%d_2}),0)+"
                   "coalesce(number(${q%d_3}),0)+coalesce(number(${q%d_4}),0)+"
                   "coalesce(number(${q%d_5}),0)+coalesce(number(${q%d_6}),0)+"
                   "coalesce(number(${q%d_7}),0)\",\n",
                sec, sec, sec, sec, sec, sec, sec, sec, sec);
        fprintf(s, "calculate,b%d,,,,,,,\"if(${s%d} >= 27,'high',"
                   "if(${s%d} >= 4,'moderate','low'))\",\n", sec, sec, sec);
        fprintf(s, "calculate,c%d,,,,,,,count-selected(${m%d}),\n", sec, sec);
        fprintf(s, "note,fb%d,Section %d: ${b%d} (${s%d}),Phần %d: ${b%d},"
                   "${b%d} != 'low',,,,,\n", sec, sec, sec, sec, sec, sec,
                sec);
        fprintf(s, "end_group,g%d,,,,,,,,\n", sec);
        rows += 7;
    }
    fclose(s);
    fclose(c);
    fclose(g);
    return rows;
}

static struct survey_form *load(const char *dir, const char *id)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    if (survey_form_load(dir, id, &f, &d)) {
        kiosk_diag_print(&d, stderr);
    }
    kiosk_diag_free(&d);
    return f;
}

static void time_load(const char *dir, const char *id, int reps)
{
    double *t = malloc((size_t)reps * sizeof *t);
    int items = 0;
    for (int i = 0; i < reps; i++) {
        double t0 = now_ms();
        struct survey_form *f = load(dir, id);
        t[i] = now_ms() - t0;
        if (!f) {
            printf("load %-8s FAILED\n", id);
            free(t);
            return;
        }
        items = survey_form_item_count(f);
        survey_form_free(f);
    }
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    printf("load %-8s %4d rows   min %7.3f ms   median %7.3f ms   "
           "max %7.3f ms  (%d runs)\n",
           id, items, t[0], t[reps / 2], t[reps - 1], reps);
    free(t);
}

static int refused; /* answers the engine rejected (should stay 0) */

static void set(struct survey_run *r, int item, const char *v)
{
    if (survey_run_set_item(r, item, v) != KIOSK_OK) {
        refused++;
    }
}

/* Answers every question on the page with a valid value. */
static void answer_page(struct survey_run *r, int pass)
{
    const struct survey_form *f = survey_run_form(r);
    int items[64];
    int n = survey_run_page_items(r, items, 64);
    for (int k = 0; k < n && k < 64; k++) {
        int i = items[k];
        switch (survey_item_type(f, i)) {
        case SURVEY_SELECT_ONE:
            set(r, i, survey_run_choice_name(r, i, (pass + i) % 5));
            break;
        case SURVEY_SELECT_MULTIPLE:
            set(r, i, "m1 m3");
            break;
        case SURVEY_INTEGER:
            set(r, i, "12");
            break;
        case SURVEY_DECIMAL:
            set(r, i, "2.5");
            break;
        default:
            break;
        }
    }
}

static void time_run(const char *dir)
{
    struct survey_form *f = load(dir, "gen");
    if (!f) {
        return;
    }
    struct survey_run *r = survey_run_new(f);
    struct survey_issue is;
    /* One answer = validation + full re-evaluation of the form. */
    int q = survey_form_find(f, "q0_0");
    const int sets = 2000;
    double t0 = now_ms();
    for (int i = 0; i < sets; i++) {
        set(r, q, i % 2 ? "6" : "2");
    }
    double per_set = (now_ms() - t0) / sets;
    printf("answer (set + re-evaluate %d rows): %.1f us\n",
           survey_form_item_count(f), per_set * 1000);

    /* Walk forward answering everything, then all the way back, 5 times.
     * Timed: next/back only (answers are set outside the clock). */
    double tnext = 0, tback = 0;
    int nnext = 0, nback = 0, pages = 0;
    for (int pass = 0; pass < 5; pass++) {
        survey_run_reset(r);
        pages = 0;
        while (!survey_run_at_end(r)) {
            answer_page(r, pass);
            double a = now_ms();
            enum kiosk_err rc = survey_run_next(r, "en", &is);
            tnext += now_ms() - a;
            nnext++;
            pages++;
            if (rc == KIOSK_EANSWER) {
                printf("walk stopped: %s refused (%s)\n",
                       survey_item_name(f, is.item), is.message);
                break;
            }
        }
        for (;;) {
            double a = now_ms();
            enum kiosk_err rc = survey_run_back(r);
            tback += now_ms() - a;
            nback++;
            if (rc) {
                break;
            }
        }
    }
    int idx, total;
    survey_run_progress(r, &idx, &total);
    printf("walk: %d pages visited per pass (%d relevant now)\n", pages,
           total);
    printf("next: %.1f us mean over %d   back: %.1f us mean over %d\n",
           tnext * 1000 / nnext, nnext, tback * 1000 / nback, nback);
    if (refused) {
        printf("(%d answers were refused: the generator is wrong)\n",
               refused);
    }
    survey_run_free(r);
    survey_form_free(f);
}

int main(void)
{
    char dir[] = "/tmp/bench_survey_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rows = generate(dir);
    printf("generated form: %d survey rows in %s\n", rows, dir);
    time_load(dir, "gen", 50);
    static const char *const real[] = {"assist", "crafft", "auditc",
                                       "dast10"};
    for (int i = 0; i < 4; i++) {
        char path[256];
        snprintf(path, sizeof path, "assets/pack/forms/%s.survey.csv",
                 real[i]);
        if (access(path, R_OK) == 0) {
            time_load("assets/pack/forms", real[i], 50);
        }
    }
    time_run(dir);
    if (getenv("BENCH_KEEP")) { /* to inspect the generated form */
        return 0;
    }
    static const char *const sheets[] = {"survey", "choices", "settings"};
    for (int i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/gen.%s.csv", dir, sheets[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
