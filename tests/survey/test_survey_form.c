/* Loader: every kind of defect is reported with the sheet, row and column a
 * person must fix, and nothing unsupported is silently ignored. Each case
 * is a small form given as CSV text. */
#include <stdlib.h>

#include "survey/survey.h"
#include "test.h"

#define CH_YN "list_name,name,label::English (en)\nyn,yes,Yes\nyn,no,No\n"
#define SET "form_id,version\nt,1\n"

struct bad_form {
    const char *what;
    const char *survey, *choices, *settings;
    const char *file; /* sheet suffix the diagnostic names */
    int row, col;
    const char *msg;
};

static const struct bad_form bad[] = {
    {"repeat", "type,name,label::English (en)\nbegin_repeat,r,R\n"
               "end_repeat,r,\n",
     NULL, SET, "survey.csv", 2, 1,
     "type 'begin_repeat' is refused by design: repeat"},
    {"range too long", "type,name,label::English (en),parameters\n"
                       "range,r,R,start=0 end=100 step=1\n", NULL, SET,
     "survey.csv", 2, 4, "has 101 values: the kiosk shows a range as "
                         "tiles, at most 21"},
    {"range parameter", "type,name,label::English (en),parameters\n"
                        "note,n,N,\nrange,r,R,start=a\n", NULL, SET,
     "survey.csv", 3, 4, "range parameters are start=, end= and step="},
    {"range parameter name", "type,name,label::English (en),parameters\n"
                             "range,r,R,begin=1\n", NULL, SET,
     "survey.csv", 2, 4, "range parameters are start=, end= and step="},
    {"range steps", "type,name,label::English (en),parameters\n"
                    "range,r,R,start=0 end=10 step=3\n", NULL, SET,
     "survey.csv", 2, 4, "in whole steps"},
    {"range backwards", "type,name,label::English (en),parameters\n"
                        "range,r,R,start=5;end=1\n", NULL, SET,
     "survey.csv", 2, 4, "in whole steps"},
    {"range zero step", "type,name,label::English (en),parameters\n"
                        "range,r,R,step=0\n", NULL, SET,
     "survey.csv", 2, 4, "in whole steps"},
    {"range default", "type,name,label::English (en),parameters,default\n"
                      "range,r,R,start=0 end=10 step=2,3\n", NULL, SET,
     "survey.csv", 2, 5, "default '3' is not an answer 'r' accepts"},
    {"date default", "type,name,label::English (en),default\n"
                     "note,n,N,\ndate,d,D,2026-02-30\n", NULL, SET,
     "survey.csv", 3, 4, "default '2026-02-30' is not an answer"},
    {"or_other with a filter", "type,name,label::English (en),"
                               "choice_filter\n"
                               "select_one yn or_other,q,Q,name != 'no'\n",
     CH_YN, SET, "survey.csv", 2, 4, "or_other and choice_filter"},
    {"text for visitors", "type,name,label::English (en)\ntext,t,T\n", NULL,
     SET, "survey.csv", 2, 1, "must never be asked to type anything"},
    {"geopoint", "type,name,label::English (en)\ngeopoint,g,G\n", NULL, SET,
     "survey.csv", 2, 1, "refused by design: location"},
    {"external choices", "type,name,label::English (en)\n"
                         "select_one_from_file places.csv,p,P\n",
     NULL, SET, "survey.csv", 2, 1, "external choice files"},
    {"bad default", "type,name,label::English (en),default\n"
                    "select_one yn,q,Q,maybe\n",
     CH_YN, SET, "survey.csv", 2, 4, "default 'maybe' is not an answer"},
    {"expression default", "type,name,label::English (en),default\n"
                           "integer,q,Q,${x} + 1\n",
     NULL, SET, "survey.csv", 2, 4, "computed by an expression"},
    {"bad read_only", "type,name,label::English (en),read_only\n"
                      "integer,q,Q,${x} = 1\n",
     NULL, SET, "survey.csv", 2, 4, "read_only must be yes or no"},
    {"two columns for one language",
     "type,name,label::English (en),label:English\nnote,q,Q,Q\n", NULL, SET,
     "survey.csv", 1, 4, "two columns for one language"},
    {"unknown language name", "type,name,label::Klingonese\nnote,q,Q\n",
     NULL, SET, "survey.csv", 1, 3, "language 'Klingonese' is not known"},
    {"video column",
     "type,name,label::English (en),media::video\nnote,q,Q,\n", NULL, SET,
     "survey.csv", 1, 4, "refused by design: video"},
    {"duplicate column",
     "type,name,label::English (en),label::English (en)\nnote,q,Q,Q\n", NULL,
     SET, "survey.csv", 1, 4, "says the same as column 3"},
    {"duplicate name",
     "type,name,label::English (en)\nnote,a,A\nnote,b,B\nnote,a,A2\n", NULL,
     SET, "survey.csv", 4, 2, "name 'a' is already used on row 2"},
    {"bad name", "type,name,label::English (en)\nnote,2a,A\n", NULL, SET,
     "survey.csv", 2, 2, "must start with a letter"},
    {"missing name", "type,name,label::English (en)\nnote,,A\n", NULL, SET,
     "survey.csv", 2, 2, "name is empty"},
    {"missing type", "type,name,label::English (en)\n,a,A\n", NULL, SET,
     "survey.csv", 2, 1, "type is empty"},
    {"unknown list", "type,name,label::English (en)\nselect_one yesno,q,Q\n",
     CH_YN, SET, "survey.csv", 2, 1, "list 'yesno' is not in the choices"},
    {"no choices sheet", "type,name,label::English (en)\n"
                         "select_multiple yn,q,Q\n",
     NULL, SET, "survey.csv", 2, 1, "list 'yn' is not in the choices"},
    {"undefined ref", "type,name,label::English (en),relevant\n"
                      "note,a,A,\nnote,b,B,${a} = 1 or ${c} = 2\n",
     NULL, SET, "survey.csv", 3, 4,
     "relevant: undefined reference ${c} (character 13)"},
    {"syntax error", "type,name,label::English (en),calculation\n"
                     "calculate,s,,(1 + 2\n",
     NULL, SET, "survey.csv", 2, 4, "calculation: expected ')'"},
    {"syntax position",
     "type,name,label::English (en),constraint\ninteger,q,Q,. >= 1 and . "
     "<= 9 9\n",
     NULL, SET, "survey.csv", 2, 4, "(character 19)"},
    {"dot in relevant", "type,name,label::English (en),relevant\n"
                        "note,q,Q,. = 1\n",
     NULL, SET, "survey.csv", 2, 4, "only allowed in a constraint"},
    {"group ref", "type,name,label::English (en),relevant\n"
                  "begin_group,g,G,\nnote,q,Q,${g} = 1\nend_group,,,\n",
     NULL, SET, "survey.csv", 3, 4, "undefined reference ${g}"},
    {"ref in label", "type,name,label::English (en)\nnote,q,Total ${totl}\n",
     NULL, SET, "survey.csv", 2, 3, "undefined reference ${totl}"},
    {"unclosed ref in label",
     "type,name,label::English (en)\nnote,q,Total ${total\n", NULL, SET,
     "survey.csv", 2, 3, "never closed"},
    {"group never closed", "type,name,label::English (en)\nnote,a,A\n"
                           "begin_group,g,G\nnote,b,B\n",
     NULL, SET, "survey.csv", 3, 1, "group 'g' is never closed"},
    {"end without begin",
     "type,name,label::English (en)\nnote,a,A\nend_group,,\n", NULL, SET,
     "survey.csv", 3, 1, "end_group without a begin_group"},
    {"calc cycle", "type,name,label::English (en),calculation\n"
                   "calculate,a,,${c} + 1\ncalculate,b,,${a} * 2\n"
                   "calculate,c,,${b} - 1\n",
     NULL, SET, "survey.csv", 2, 0, "dependency cycle: a -> c -> b -> a"},
    {"self reference", "type,name,label::English (en),calculation\n"
                       "calculate,a,,${a} + 1\n",
     NULL, SET, "survey.csv", 2, 0, "dependency cycle"},
    {"relevance cycle via group",
     "type,name,label::English (en),relevant\nbegin_group,g,G,${q} = 1\n"
     "integer,q,Q,\nend_group,,,\n",
     NULL, SET, "survey.csv", 2, 0, "dependency cycle"},
    {"calculate without calculation",
     "type,name,label::English (en),calculation\ncalculate,a,,\n", NULL, SET,
     "survey.csv", 2, 0, "has no calculation"},
    {"constraint on note", "type,name,label::English (en),constraint\n"
                           "note,n,N,. > 1\n",
     NULL, SET, "survey.csv", 2, 4, "has no meaning on a 'note' row"},
    {"calculation on integer",
     "type,name,label::English (en),calculation\ninteger,q,Q,1\n", NULL, SET,
     "survey.csv", 2, 4, "'calculation' has no meaning"},
    {"no label", "type,name,label::English (en)\ninteger,q,\n", NULL, SET,
     "survey.csv", 2, 0, "'q' has no label"},
    {"field-list on question",
     "type,name,label::English (en),appearance\ninteger,q,Q,field-list\n",
     NULL, SET, "survey.csv", 2, 4, "appearance of groups only"},
    {"unknown group appearance", "type,name,label::English (en),appearance\n"
                         "begin_group,g,G,w2\nend_group,,,\n",
     NULL, SET, "survey.csv", 2, 4, "group appearance 'w2' is not supported"},
    {"autoplay video",
     "type,name,label::English (en),autoplay\nnote,n,N,video\n", NULL, SET,
     "survey.csv", 2, 4, "autoplay 'video'"},
    {"empty survey", "type,name,label::English (en)\n\n", NULL, SET,
     "survey.csv", 0, 0, "no rows"},
    {"no type column", "name,label::English (en)\nq,Q\n", NULL, SET,
     "survey.csv", 1, 0, "columns 'type' and 'name'"},
    {"duplicate choice", "type,name,label::English (en)\n"
                         "select_one yn,q,Q\n",
     "list_name,name,label::English (en)\nyn,yes,Yes\nyn,no,No\nyn,yes,Y\n",
     SET, "choices.csv", 4, 2, "choice 'yes' appears twice in list 'yn'"},
    {"choice with space", "type,name,label::English (en)\n"
                          "select_multiple yn,q,Q\n",
     "list_name,name,label::English (en)\nyn,yes please,Yes\n", SET,
     "choices.csv", 2, 2, "contains a space"},
    {"filter on unknown column",
     "type,name,label::English (en),choice_filter\n"
     "select_one yn,q,Q,region = 'n'\n",
     CH_YN, SET, "survey.csv", 2, 4, "'region' is not a column"},
    {"choices without list_name", "type,name,label::English (en)\n"
                                  "select_one yn,q,Q\n",
     "list,name,label::English (en)\nyn,yes,Yes\n", SET, "choices.csv", 1, 0,
     "'list_name' and 'name'"},
    {"bad audience", "type,name,label::English (en)\nnote,n,N\n", NULL,
     "form_id,audience\nt,everyone\n", "settings.csv", 2, 2,
     "audience must be"},
    {"bad csv", "type,name,label::English (en)\nnote,n,\"N\n", NULL, SET,
     "survey.csv", 2, 3, "never closed"},
};

/* 1 if some diagnostic names the file (suffix), row, col and message. */
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
                           const char *settings, struct survey_form **f,
                           struct kiosk_diag *d)
{
    return survey_form_load_mem("t", "forms/t", survey, strlen(survey),
                                choices, choices ? strlen(choices) : 0,
                                settings, settings ? strlen(settings) : 0, f,
                                d);
}

static void test_bad_forms(void)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const struct bad_form *c = &bad[i];
        struct survey_form *f = (struct survey_form *)1;
        struct kiosk_diag d = {0};
        enum kiosk_err rc = load(c->survey, c->choices, c->settings, &f, &d);
        int found = has_diag(&d, c->file, c->row, c->col, c->msg);
        if (!found || rc == KIOSK_OK) {
            fprintf(stderr, "case '%s': want %s:%d:%d %s; got:\n", c->what,
                    c->file, c->row, c->col, c->msg);
            kiosk_diag_print(&d, stderr);
        }
        CHECK(rc != KIOSK_OK);
        CHECK(f == NULL);
        CHECK(found);
        CHECK(d.errors > 0);
        kiosk_diag_free(&d);
    }
}

/* Several errors in one form are all reported in one load. */
static void test_many_errors(void)
{
    static const char survey[] =
        "type,name,label::English (en),relevant\n"
        "rank,r,R,\n"
        "note,a,A,${x}\n"
        "note,a,A,\n"
        "begin_group,g,G,\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(load(survey, NULL, SET, &f, &d), KIOSK_EPARSE);
    CHECK(has_diag(&d, "survey.csv", 2, 1, "rank"));
    CHECK(has_diag(&d, "survey.csv", 3, 4, "${x}"));
    CHECK(has_diag(&d, "survey.csv", 4, 2, "already used"));
    CHECK(has_diag(&d, "survey.csv", 5, 1, "never closed"));
    CHECK_INT(d.errors, 4);
    char line[600];
    kiosk_diag_format(&d.items[0], line, sizeof line);
    CHECK_STR(line, "forms/t.survey.csv:2:1: error: type 'rank' is refused "
                    "by design: rank: ordering choices needs drag and drop, "
                    "which the touch screen does not offer");
    kiosk_diag_free(&d);
}

/* Warnings do not fail a load; each names its cell. */
static void test_warnings(void)
{
    static const char survey[] =
        "type,name,label::English (en),appearance,constraint_message::"
        "English (en)\n"
        "integer,q,Q,spinner,\n";
    static const char settings[] =
        "form_id,version,style,title\nother,7,pages,T\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(load(survey, NULL, settings, &f, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 3);
    int seen = 0;
    for (int i = 0; i < d.n; i++) {
        const struct kiosk_diag_item *it = &d.items[i];
        seen += it->is_warning && it->row == 2 && it->col == 4 &&
                strstr(it->msg, "'spinner'") != NULL;
        seen += it->is_warning && it->row == 1 && it->col == 3 &&
                strstr(it->msg, "'style'") != NULL;
        seen += it->is_warning && strstr(it->msg, "differs from the file") !=
                                      NULL;
    }
    CHECK_INT(seen, 3);
    CHECK_STR(survey_form_id(f), "other");
    CHECK_STR(survey_form_title(f), "T");
    kiosk_diag_free(&d);
    survey_form_free(f);
}

/* What must load: groups spelled both ways, staff text, untranslated
 * columns, a label-only calculate, quoted cells with commas. */
static void test_good_variants(void)
{
    static const char survey[] =
        "type,name,label,label::Khmer (km),hint,required,relevant,"
        "calculation\n"
        "begin group,g,Group,,,,,\n"
        "text,comment,\"Comment, if any\",មតិ,Free text,no,,\n"
        "acknowledge,ok,Understood?,,,true(),,\n"
        "end group,g,,,,,,\n"
        "calculate,len,Length,,,,\"${comment} != ''\","
        "string-length(${comment})\n";
    static const char settings[] = "form_id,audience\nt,staff\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = load(survey, NULL, settings, &f, &d);
    kiosk_diag_print(&d, stderr);
    CHECK_INT(rc, KIOSK_OK);
    CHECK_INT(d.errors, 0);
    if (f) {
        CHECK_INT(survey_form_for_staff(f), 1);
        CHECK_INT(survey_form_lang_count(f), 1);
        int c = survey_form_find(f, "comment");
        CHECK_INT(survey_item_type(f, c), SURVEY_TEXT);
        CHECK_STR(survey_item_label(f, c, "en"), "Comment, if any");
        CHECK_STR(survey_item_label(f, c, "km"), "មតិ");
        CHECK_STR(survey_item_hint(f, c, "km"), "Free text");
        CHECK_INT(survey_item_has_required(f, survey_form_find(f, "ok")), 1);
        struct survey_run *r = survey_run_new(f);
        struct survey_issue is;
        CHECK_INT(survey_run_set(r, "comment", "  two  spaces\nkept "),
                  KIOSK_OK);
        CHECK_STR(survey_run_calc_value(r, 0), "19");
        CHECK_INT(survey_run_set(r, "comment", "\xC3\x28"), KIOSK_EINVAL);
        CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
        CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
        CHECK_INT(is.item, survey_form_find(f, "ok"));
        CHECK_INT(survey_run_set(r, "ok", "yes"), KIOSK_EINVAL);
        CHECK_INT(survey_run_set(r, "ok", "OK"), KIOSK_OK);
        char *enc;
        size_t len;
        CHECK_INT(survey_run_encode_answers(r, &enc, &len), KIOSK_OK);
        CHECK_STR(enc, "comment=  two  spaces\\nkept \nok=OK\n");
        survey_bytes_free(enc, len);
        survey_run_free(r);
    }
    kiosk_diag_free(&d);
    survey_form_free(f);
}

/* What real ODK forms contain loads: pyxform's spellings of headers and
 * types, languages by name, metadata, default, read_only, guidance_hint. */
static void test_odk_spellings(void)
{
    static const char survey[] =
        "TYPE,Name,label:English,LABEL::Tiếng Việt,hint::english,"
        "bind::relevant,Default,read_only,guidance_hint::English (en),"
        "Constraint Message::English,tutorial notes,\n"
        ",,,,,,,,,,,\n"
        ",,,,,,,,,,note to self,\n"
        "start,start,,,,,,,,,,x\n"
        "deviceid,dev,,,,,,,,,\n"
        "select one from yn,q,Q?,Hỏi?,Pick one,,no,,Ask slowly,,x\n"
        "int,n,N,N,,${q} = 'yes',7,,,,\n"
        "note,ro,Shown,Hiện,,,,yes,,,\n"
        "hidden,h,,,,,,,,,\n";
    static const char choices[] =
        "List Name,Name,Label::English,label::Vietnamese\n"
        "yn,yes,Yes,Có\nyn,no,No,Không\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = load(survey, choices, SET, &f, &d);
    kiosk_diag_print(&d, stderr);
    CHECK_INT(rc, KIOSK_OK);
    /* the unknown 'tutorial notes' column is a warning, never silent */
    int warned = 0;
    for (int i = 0; i < d.n; i++) {
        const struct kiosk_diag_item *w = &d.items[i];
        warned += w->is_warning && w->col == 11 &&
                  strstr(w->msg, "tutorial notes") != NULL;
        /* pyxform's comment row and header-less column, said out loud */
        warned += w->is_warning && w->row == 3 && strstr(w->msg, "comment");
        warned += w->is_warning && w->col == 12 &&
                  strstr(w->msg, "no header: ignored");
    }
    CHECK_INT(warned, 3);
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    CHECK_INT(survey_form_lang_count(f), 2);
    CHECK_STR(survey_form_lang(f, 0), "en");
    CHECK_STR(survey_form_lang(f, 1), "vi");
    int q = survey_form_find(f, "q");
    CHECK_INT(survey_item_type(f, q), SURVEY_SELECT_ONE);
    CHECK_STR(survey_item_label(f, q, "vi"), "Hỏi?");
    CHECK_STR(survey_item_hint(f, q, "en"), "Pick one");
    CHECK_STR(survey_item_guidance(f, q, "vi"), "Ask slowly");
    CHECK_INT(survey_item_type(f, survey_form_find(f, "start")),
              SURVEY_METADATA);
    CHECK_INT(survey_item_type(f, survey_form_find(f, "h")),
              SURVEY_METADATA);
    CHECK_INT(survey_item_read_only(f, survey_form_find(f, "ro")), 1);
    struct survey_run *r = survey_run_new(f);
    CHECK_STR(survey_run_value(r, q), "no"); /* default */
    CHECK_INT(survey_run_relevant(r, survey_form_find(f, "n")), 0);
    CHECK_INT(survey_run_set(r, "q", "yes"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, survey_form_find(f, "n")), "7");
    CHECK_STR(survey_run_choice_label(r, q, 0, "vi"), "Có");
    CHECK_STR(survey_run_value(r, survey_form_find(f, "dev")), "");
    CHECK_INT(survey_run_set(r, "dev", "x"), KIOSK_EINVAL);
    CHECK_INT(survey_run_set(r, "ro", "OK"), KIOSK_EINVAL);
    /* nothing identifying is recorded: metadata never encoded */
    char *enc;
    size_t len;
    CHECK_INT(survey_run_encode_answers(r, &enc, &len), KIOSK_OK);
    CHECK_STR(enc, "q=yes\nn=7\n");
    survey_bytes_free(enc, len);
    survey_run_reset(r);
    CHECK_STR(survey_run_value(r, q), "no");
    survey_run_free(r);
    survey_form_free(f);
}

static void test_files(void)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load("tests/survey/forms", "absent", &f, &d),
              KIOSK_ENOENT);
    CHECK(f == NULL);
    CHECK(has_diag(&d, "absent.survey.csv", 0, 0, "file not found"));
    kiosk_diag_free(&d);
}

int main(void)
{
    test_bad_forms();
    test_many_errors();
    test_warnings();
    test_good_variants();
    test_odk_spellings();
    test_files();
    TEST_MAIN_END();
}
