/* Measures declared by the form (kiosk::measure, kiosk::values,
 * kiosk::score on calculate rows; kiosk_level in the choices sheet): every
 * mistake is a load error at the cell to fix, and the API reads the four
 * built-in instruments as their published rules say. */
#include <stdlib.h>

#include "survey/survey.h"
#include "test.h"

#define HEAD "type,name,label::English (en),calculation,kiosk::measure," \
             "kiosk::values,kiosk::score\n"
#define Q_YN "select_one yn,q,Q,,,,\n"
#define SCORE "calculate,s,,\"if(${q}='yes',2,0)\",score,,\n"
#define CH "list_name,name,label::English (en),kiosk_level\n" \
           "yn,yes,Yes,\nyn,no,No,\n"                         \
           "lv,low,Low,low\nlv,high,High,high\n"
#define SET "form_id,version\nt,1\n"

struct bad_case {
    const char *what;
    const char *survey, *choices;
    const char *file; /* sheet suffix the diagnostic names */
    int row, col;
    const char *msg;
};

static const struct bad_case bad[] = {
    {"unknown measure word", HEAD Q_YN "calculate,s,,1,total,,\n", CH,
     "survey.csv", 3, 5, "must be 'score', 'band' or 'flag', not 'total'"},
    {"measure on a question", HEAD "integer,q,Q,,score,,\n", CH,
     "survey.csv", 2, 5, "'kiosk::measure' has no meaning on a 'integer'"},
    {"values on a question", HEAD "select_one yn,q,Q,,,yn,\n", CH,
     "survey.csv", 2, 6, "'kiosk::values' has no meaning"},
    {"band without values",
     HEAD Q_YN SCORE "calculate,b,B,\"if(${s}>1,'high','low')\",band,,s\n",
     CH, "survey.csv", 4, 6, "band 'b' needs kiosk::values"},
    {"values list missing",
     HEAD Q_YN SCORE "calculate,b,B,\"if(${s}>1,'high','low')\",band,lvl,s\n",
     CH, "survey.csv", 4, 6, "list 'lvl' is not in the choices sheet"},
    {"values on a score", HEAD Q_YN "calculate,s,,1,score,lv,\n"
                          "calculate,b,B,'low',band,lv,s\n",
     CH, "survey.csv", 3, 6, "kiosk::values belongs on a band or flag"},
    {"score on a flag", HEAD Q_YN SCORE "calculate,b,B,'low',band,lv,s\n"
                        "calculate,f,F,${q},flag,yn,s\n",
     CH, "survey.csv", 5, 7, "kiosk::score belongs on a band row"},
    {"score named by no band", HEAD Q_YN SCORE "calculate,b,B,'low',band,lv,\n",
     CH, "survey.csv", 3, 5, "score 's' is named by no band"},
    {"score named twice",
     HEAD Q_YN SCORE "calculate,b,B,'low',band,lv,s\n"
     "calculate,c,C,'high',band,lv,s\n",
     CH, "survey.csv", 5, 7, "already named by band 'b' (row 4)"},
    {"score names a question", HEAD Q_YN "calculate,b,B,'low',band,lv,q\n",
     CH, "survey.csv", 3, 7, "kiosk::score 'q' is not a calculate"},
    {"score names a plain calculate",
     HEAD Q_YN "calculate,s,,1,,,\ncalculate,b,B,'low',band,lv,s\n", CH,
     "survey.csv", 4, 7, "with kiosk::measure 'score'"},
    {"band without label",
     HEAD Q_YN SCORE "calculate,b,,\"if(${s}>1,'high','low')\",band,lv,s\n",
     CH, "survey.csv", 4, 0, "band 'b' has no label"},
    {"band value without level",
     HEAD Q_YN SCORE "calculate,b,B,\"if(${s}>1,'high','low')\",band,lv,s\n",
     "list_name,name,label::English (en),kiosk_level\nyn,yes,Yes,\n"
     "yn,no,No,\nlv,low,Low,low\nlv,high,High,\n",
     "choices.csv", 5, 4, "value 'high' of list 'lv'"},
    {"band list without a level column",
     HEAD Q_YN SCORE "calculate,b,B,\"if(${s}>1,'high','low')\",band,lv,s\n",
     "list_name,name,label::English (en)\nyn,yes,Yes\nyn,no,No\n"
     "lv,low,Low\nlv,high,High\n",
     "choices.csv", 4, 0, "needs kiosk_level 'low', 'moderate' or 'high'"},
    {"unknown level word",
     HEAD Q_YN SCORE "calculate,b,B,\"if(${s}>1,'high','low')\",band,lv,s\n",
     "list_name,name,label::English (en),kiosk_level\nyn,yes,Yes,\n"
     "yn,no,No,\nlv,low,Low,green\nlv,high,High,high\n",
     "choices.csv", 4, 4, "not 'green'"},
    {"level on a flag's list", HEAD Q_YN "calculate,f,F,${q},flag,yn,\n",
     "list_name,name,label::English (en),kiosk_level\nyn,yes,Yes,high\n"
     "yn,no,No,\n",
     "choices.csv", 2, 4, "flags have no level"},
    {"level on a list no band uses", HEAD Q_YN,
     "list_name,name,label::English (en),kiosk_level\nyn,yes,Yes,\n"
     "yn,no,No,low\n",
     "choices.csv", 3, 4, "not a band's kiosk::values"},
    {"kiosk::level spelling in choices", HEAD Q_YN,
     "list_name,name,label::English (en),kiosk::level\nyn,yes,Yes,\n"
     "yn,no,No,\n",
     "choices.csv", 1, 4, "must be written 'kiosk_level'"},
    {"undeclared literal",
     HEAD Q_YN SCORE
     "calculate,b,B,\"if(${s}>3,'severe',if(${s}>1,'high','low'))\","
     "band,lv,s\n",
     CH, "survey.csv", 4, 4,
     "band 'b' can give 'severe', which list 'lv' (its kiosk::values) does "
     "not declare"},
    {"undeclared number", HEAD Q_YN SCORE
     "calculate,b,B,\"if(${s}>1,'high',0)\",band,lv,s\n",
     CH, "survey.csv", 4, 4, "can give '0'"},
    {"undeclared coalesce argument", HEAD Q_YN SCORE
     "calculate,b,B,\"coalesce(${q},'low')\",band,lv,s\n",
     CH, "survey.csv", 4, 4, "can give 'yes' (through ${q})"},
    {"undeclared through a calculate", HEAD Q_YN SCORE
     "calculate,c,,\"if(${s}>1,'high','medium')\",,,\n"
     "calculate,b,B,${c},band,lv,s\n",
     CH, "survey.csv", 5, 4, "can give 'medium'"},
    {"result of concat",
     HEAD Q_YN "calculate,f,F,\"concat(${q},'')\",flag,yn,\n",
     CH, "survey.csv", 3, 4, "the values of concat() cannot be checked"},
    {"result of arithmetic", HEAD Q_YN SCORE
     "calculate,b,B,${s} + 1,band,lv,s\n",
     CH, "survey.csv", 4, 4, "the values of the '+' operator cannot"},
    {"integer answer", HEAD "integer,n,N,,,,\n"
                       "calculate,f,F,${n},flag,yn,\n",
     CH, "survey.csv", 3, 4, "the values of ${n} cannot be checked"},
    {"select_multiple answer",
     HEAD "select_multiple yn,m,M,,,,\ncalculate,f,F,${m},flag,yn,\n", CH,
     "survey.csv", 3, 4, "the values of ${m} cannot be checked"},
};

static int has_diag(const struct kiosk_diag *d, const char *file, int row,
                    int col, const char *msg)
{
    for (int i = 0; i < d->n; i++) {
        const struct kiosk_diag_item *it = &d->items[i];
        size_t fl = strlen(it->file), sl = strlen(file);
        if (fl >= sl && strcmp(it->file + fl - sl, file) == 0 &&
            it->row == row && it->col == col && !it->is_warning &&
            strstr(it->msg, msg)) {
            return 1;
        }
    }
    return 0;
}

static enum kiosk_err load(const char *survey, const char *choices,
                           struct survey_form **f, struct kiosk_diag *d)
{
    return survey_form_load_mem("t", "forms/t", survey, strlen(survey),
                                choices, choices ? strlen(choices) : 0, SET,
                                strlen(SET), f, d);
}

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const struct bad_case *c = &bad[i];
        struct survey_form *f = NULL;
        struct kiosk_diag d = {0};
        enum kiosk_err rc = load(c->survey, c->choices, &f, &d);
        int found = has_diag(&d, c->file, c->row, c->col, c->msg);
        if (!found || rc == KIOSK_OK) {
            fprintf(stderr, "case '%s': want %s:%d:%d %s; got:\n", c->what,
                    c->file, c->row, c->col, c->msg);
            kiosk_diag_print(&d, stderr);
        }
        CHECK(rc != KIOSK_OK);
        CHECK(f == NULL);
        CHECK(found);
        kiosk_diag_free(&d);
        survey_form_free(f);
    }
}

/* A small form with every kind: the API and a run. */
static void test_small_form(void)
{
    static const char survey[] =
        HEAD Q_YN SCORE
        "calculate,b,Band of Q,\"if(${s} = '', '', if(${s}>1,'high',"
        "'low'))\",band,lv,s\n"
        "calculate,f,Flag of Q,\"coalesce(${q}, 'no')\",flag,yn,\n"
        "calculate,n,Number flag,\"if(${q}='yes',1,0)\",flag,num,\n"
        "calculate,c,,${f},,,\n"
        "calculate,g,Via c,${c},flag,yn,\n";
    static const char choices[] =
        "list_name,name,label::English (en),label::Tiếng Việt (vi),"
        "kiosk_level\n"
        "yn,yes,Yes,Có,\nyn,no,No,Không,\n"
        "lv,low,Low,Thấp,low\nlv,high,High,Cao,high\n"
        "num,0,Zero,Không,\nnum,1,One,Một,\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = load(survey, choices, &f, &d);
    kiosk_diag_print(&d, stderr);
    CHECK_INT(rc, KIOSK_OK);
    CHECK_INT(d.errors, 0);
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    CHECK_INT(survey_form_measure_count(f), 4);
    CHECK_STR(survey_measure_name(f, 0), "b");
    CHECK_INT(survey_measure_kind(f, 0), SURVEY_MEASURE_BAND);
    CHECK_INT(survey_measure_item(f, 0), survey_form_find(f, "b"));
    CHECK_INT(survey_measure_score_item(f, 0), survey_form_find(f, "s"));
    CHECK_STR(survey_measure_label(f, 0, "en"), "Band of Q");
    CHECK_INT(survey_measure_value_count(f, 0), 2);
    CHECK_STR(survey_measure_value(f, 0, 1), "high");
    CHECK_STR(survey_measure_value_label(f, 0, 1, "vi"), "Cao");
    CHECK_STR(survey_measure_value_label(f, 0, 1, "en"), "High");
    CHECK_INT(survey_measure_value_level(f, 0, 0), SURVEY_LEVEL_LOW);
    CHECK_INT(survey_measure_value_level(f, 0, 1), SURVEY_LEVEL_HIGH);
    CHECK_INT(survey_measure_value_level(f, 0, 2), SURVEY_LEVEL_NONE);
    CHECK_INT(survey_measure_find_value(f, 0, "high"), 1);
    CHECK_INT(survey_measure_find_value(f, 0, "High"), -1);
    CHECK_INT(survey_measure_find_value(f, 0, ""), -1);
    CHECK_STR(survey_measure_name(f, 1), "f");
    CHECK_INT(survey_measure_kind(f, 1), SURVEY_MEASURE_FLAG);
    CHECK_INT(survey_measure_score_item(f, 1), -1);
    CHECK_INT(survey_measure_value_level(f, 1, 0), SURVEY_LEVEL_NONE);
    CHECK_STR(survey_measure_name(f, 3), "g");

    struct survey_run *r = survey_run_new(f);
    int k = 99;
    CHECK_INT(survey_run_measure(r, 0, &k), KIOSK_OK);
    CHECK_STR(survey_measure_value(f, 0, k), "low"); /* score 0 */
    CHECK_INT(survey_run_measure(r, 1, &k), KIOSK_OK);
    CHECK_STR(survey_measure_value(f, 1, k), "no");
    CHECK_INT(survey_run_set(r, "q", "yes"), KIOSK_OK);
    CHECK_INT(survey_run_measure(r, 0, &k), KIOSK_OK);
    CHECK_INT(survey_measure_value_level(f, 0, k), SURVEY_LEVEL_HIGH);
    CHECK_INT(survey_run_measure(r, 2, &k), KIOSK_OK);
    CHECK_STR(survey_measure_value_label(f, 2, k, "en"), "One");
    CHECK_INT(survey_run_measure(r, 3, &k), KIOSK_OK);
    CHECK_STR(survey_measure_value(f, 3, k), "yes");
    survey_run_free(r);
    survey_form_free(f);
}

/* ------------------------------------------------ the built-in forms */

struct want_measure {
    const char *name, *score, *label_en, *label_vi;
    enum survey_measure_kind kind;
    const char *values; /* "name:level name:level ..." (level - for flags) */
};

static const char assist_values[] = "low:0 moderate:1 high:2";

static const struct want_measure crafft[] = {
    {"crafft_risk", "crafft_score", "CRAFFT", "CRAFFT", SURVEY_MEASURE_BAND,
     "low:0 high:2"},
    {"crafft_car", NULL, "Rode with a driver who had used alcohol or drugs",
     "Đi xe do người đã dùng rượu bia hoặc ma túy điều khiển",
     SURVEY_MEASURE_FLAG, "yes:- no:-"},
};
static const struct want_measure auditc[] = {
    {"auditc_risk", "auditc_score", "AUDIT-C (alcohol)",
     "AUDIT-C (rượu bia)", SURVEY_MEASURE_BAND, "negative:0 positive:2"},
};
static const struct want_measure dast10[] = {
    {"dast10_level", "dast10_score", "DAST-10 (drugs)", "DAST-10 (ma túy)",
     SURVEY_MEASURE_BAND,
     "none:0 low:0 moderate:1 substantial:2 severe:2"},
};

static const struct want_measure phq9[] = {
    {"phq9_severity", "phq9_score", "PHQ-9 (depression)",
     "PHQ-9 (trầm cảm)",
     SURVEY_MEASURE_BAND,
     "minimal:0 mild:0 moderate:1 moderately_severe:2 severe:2"},
    {"phq9_selfharm", NULL, "Thoughts of self-harm",
     "Ý nghĩ tự làm hại bản thân", SURVEY_MEASURE_FLAG, "yes:- no:-"},
};
static const struct want_measure gad7[] = {
    {"gad7_severity", "gad7_score", "GAD-7 (anxiety)", "GAD-7 (lo âu)",
     SURVEY_MEASURE_BAND, "minimal:0 mild:0 moderate:1 severe:2"},
};

static struct survey_form *load_pack(const char *id)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load("assets/pack/forms", id, &f, &d), KIOSK_OK);
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    return f;
}

/* Checks measure m against w, values given as "name:level ...". */
static void check_measure(const struct survey_form *f, int m,
                          const struct want_measure *w)
{
    CHECK_STR(survey_measure_name(f, m), w->name);
    CHECK_INT(survey_measure_kind(f, m), w->kind);
    CHECK_INT(survey_measure_item(f, m), survey_form_find(f, w->name));
    CHECK_INT(survey_measure_score_item(f, m),
              w->score ? survey_form_find(f, w->score) : -1);
    CHECK_STR(survey_measure_label(f, m, "en"), w->label_en);
    CHECK_STR(survey_measure_label(f, m, "vi"), w->label_vi);
    char buf[200];
    snprintf(buf, sizeof buf, "%s", w->values);
    int k = 0;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "), k++) {
        char *colon = strchr(tok, ':');
        *colon = '\0';
        CHECK_STR(survey_measure_value(f, m, k), tok);
        CHECK_INT(survey_measure_find_value(f, m, tok), k);
        CHECK_INT(survey_measure_value_level(f, m, k),
                  colon[1] == '-' ? SURVEY_LEVEL_NONE : colon[1] - '0');
        CHECK(*survey_measure_value_label(f, m, k, "vi") != '\0');
        CHECK(*survey_measure_value_label(f, m, k, "en") != '\0');
    }
    CHECK_INT(survey_measure_value_count(f, m), k);
}

static void check_form(const char *id, const struct want_measure *w, int n)
{
    struct survey_form *f = load_pack(id);
    if (!f) {
        return;
    }
    CHECK_INT(survey_form_measure_count(f), n);
    for (int m = 0; m < n && m < survey_form_measure_count(f); m++) {
        check_measure(f, m, &w[m]);
    }
    survey_form_free(f);
}

static void test_assist(void)
{
    static const char *const classes[10][3] = {
        {"tobacco", "Tobacco", "Thuốc lá"},
        {"alcohol", "Alcohol", "Rượu bia"},
        {"cannabis", "Cannabis", "Cần sa"},
        {"cocaine", "Cocaine", "Cocaine"},
        {"amphetamines", "Amphetamine-type stimulants",
         "Chất kích thích dạng amphetamine"},
        {"inhalants", "Inhalants", "Các chất hít"},
        {"sedatives", "Sedatives or sleeping pills",
         "Thuốc an thần, thuốc ngủ"},
        {"hallucinogens", "Hallucinogens", "Chất gây ảo giác"},
        {"opioids", "Opioids", "Các chất dạng thuốc phiện"},
        {"other", "Other drugs", "Chất khác"},
    };
    struct survey_form *f = load_pack("assist");
    if (!f) {
        return;
    }
    CHECK_INT(survey_form_measure_count(f), 11);
    for (int c = 0; c < 10; c++) {
        char name[64], score[64];
        snprintf(name, sizeof name, "%s_risk", classes[c][0]);
        snprintf(score, sizeof score, "%s_score", classes[c][0]);
        struct want_measure w = {name, score, classes[c][1], classes[c][2],
                                 SURVEY_MEASURE_BAND, assist_values};
        check_measure(f, c, &w);
    }
    struct want_measure inj = {"injected", NULL, "Injecting drugs",
                               "Tiêm chích ma túy", SURVEY_MEASURE_FLAG,
                               "never:- past3m:- before:-"};
    check_measure(f, 10, &inj);
    /* A run: alcohol used daily with every problem -> high; q8 past3m. */
    struct survey_run *r = survey_run_new(f);
    static const char *const answers[][2] = {
        {"q1", "alcohol"}, {"q2_alcohol", "daily"}, {"q3_alcohol", "daily"},
        {"q4_alcohol", "daily"}, {"q5_alcohol", "daily"},
        {"q6_alcohol", "past3m"}, {"q7_alcohol", "past3m"}, {"q8", "past3m"},
    };
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        CHECK_INT(survey_run_set(r, answers[i][0], answers[i][1]), KIOSK_OK);
    }
    int k;
    CHECK_INT(survey_run_measure(r, 1, &k), KIOSK_OK);
    CHECK_INT(survey_measure_value_level(f, 1, k), SURVEY_LEVEL_HIGH);
    CHECK_STR(survey_run_value(r, survey_measure_score_item(f, 1)), "39");
    CHECK_INT(survey_run_measure(r, 0, &k), KIOSK_OK);
    CHECK_INT(k, -1); /* tobacco never used: not applicable */
    CHECK_INT(survey_run_measure(r, 10, &k), KIOSK_OK);
    CHECK_STR(survey_measure_value_label(f, 10, k, "en"),
              "Yes, in the past 3 months");
    survey_run_free(r);
    survey_form_free(f);
}

int main(void)
{
    test_bad();
    test_small_form();
    test_assist();
    check_form("crafft", crafft, 2);
    check_form("auditc", auditc, 1);
    check_form("dast10", dast10, 1);
    check_form("phq9", phq9, 2);
    check_form("gad7", gad7, 1);
    TEST_MAIN_END();
}
