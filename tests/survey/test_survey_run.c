/* Runner: walks the fixture form tests/survey/forms/basic.* the way a
 * visitor would (relevance skips, required and constraint messages in the
 * visitor's language, a field-list page, Back keeping answers, progress,
 * calculates, feedback notes, the answer encoding, choice filters). */
#include <stdlib.h>

#include "survey/survey.h"
#include "test.h"

#define FORMS "tests/survey/forms"

static struct survey_form *load_basic(void)
{
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err rc = survey_form_load(FORMS, "basic", &f, &d);
    kiosk_diag_print(&d, stderr);
    CHECK_INT(rc, KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    kiosk_diag_free(&d);
    return f;
}

/* Names of the items on the current page, space-separated. */
static const char *page(const struct survey_run *r)
{
    static char buf[256];
    int items[16];
    int n = survey_run_page_items(r, items, 16);
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && i < 16; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? " " : "",
                              survey_item_name(survey_run_form(r), items[i]));
    }
    return survey_run_at_end(r) ? "(end)" : buf;
}

static const char *val(const struct survey_run *r, const char *name)
{
    return survey_run_value(r, survey_form_find(survey_run_form(r), name));
}

static const char *calc(const struct survey_run *r, const char *name)
{
    for (int i = 0; i < survey_run_calc_count(r); i++) {
        if (strcmp(survey_run_calc_name(r, i), name) == 0) {
            return survey_run_calc_value(r, i);
        }
    }
    return "(missing)";
}

static void test_metadata(const struct survey_form *f)
{
    CHECK_STR(survey_form_id(f), "basic");
    CHECK_STR(survey_form_version(f), "2026112401");
    CHECK_STR(survey_form_title(f), "Engine test form");
    CHECK_STR(survey_form_default_language(f), "en");
    CHECK_STR(survey_form_licence(f), "CC0-1.0");
    CHECK_STR(survey_form_translation_status(f), "draft");
    CHECK_INT(survey_form_for_staff(f), 0);
    CHECK_INT(survey_form_lang_count(f), 2);
    CHECK_STR(survey_form_lang(f, 0), "en");
    CHECK_STR(survey_form_lang(f, 1), "vi");
    CHECK_INT(survey_form_item_count(f), 15);
    int drinks = survey_form_find(f, "drinks");
    CHECK_INT(survey_item_type(f, drinks), SURVEY_BEGIN_GROUP);
    CHECK_INT(survey_item_row(f, drinks), 6); /* after a blank row */
    CHECK_STR(survey_item_appearance(f, drinks), "field-list");
    int intro = survey_form_find(f, "intro");
    /* Language fallback: own -> vi -> en -> default -> any. */
    CHECK_STR(survey_item_label(f, intro, "en"), "Welcome");
    CHECK_STR(survey_item_label(f, intro, "vi"), "Xin chào");
    CHECK_STR(survey_item_label(f, intro, "km"), "Xin chào");
    CHECK_STR(survey_item_hint(f, intro, "vi"), "Takes two minutes");
    CHECK_STR(survey_item_audio(f, intro, "vi"), "intro-en.ogg");
    CHECK_STR(survey_item_image(f, intro, "en"), "");
    CHECK_INT(survey_item_autoplay(f, intro), 1);
    int smoke = survey_form_find(f, "smoke");
    CHECK_INT(survey_item_type(f, smoke), SURVEY_SELECT_ONE);
    CHECK_INT(survey_item_has_required(f, smoke), 1);
    CHECK_INT(survey_item_has_required(f, intro), 0);
    CHECK_STR(survey_item_appearance(f, smoke), "quick");
    CHECK_INT(survey_form_find(f, "nope"), -1);
}

static void test_walk(const struct survey_form *f)
{
    struct survey_run *r = survey_run_new(f);
    struct survey_issue is;
    int idx, total;
    CHECK(r != NULL);
    if (!r) {
        return;
    }
    CHECK_STR(page(r), "intro");
    survey_run_progress(r, &idx, &total);
    CHECK_INT(idx, 0);
    CHECK_INT(total, 6); /* intro smoke drinks used city fb_low */
    CHECK_INT(survey_run_back(r), KIOSK_ENOENT);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "smoke");

    /* Required, with the form's message; vi falls back to en. */
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
    CHECK_INT(is.kind, SURVEY_ISSUE_REQUIRED);
    CHECK_INT(is.item, survey_form_find(f, "smoke"));
    CHECK_STR(is.message, "Please answer this one");
    CHECK_INT(survey_run_next(r, "vi", &is), KIOSK_EANSWER);
    CHECK_STR(is.message, "Please answer this one");
    CHECK_STR(page(r), "smoke");

    CHECK_INT(survey_run_set(r, "smoke", "yes"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "cigs"); /* relevant now */
    /* Required without a message: the app shows its own text. */
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
    CHECK_INT(is.kind, SURVEY_ISSUE_REQUIRED);
    CHECK_STR(is.message, "");
    /* Constraint, message interpolated, in the visitor's language. */
    CHECK_INT(survey_run_set(r, "cigs", "150"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
    CHECK_INT(is.kind, SURVEY_ISSUE_CONSTRAINT);
    CHECK_STR(is.message, "Between 1 and 100 (you said 150)");
    CHECK_INT(survey_run_next(r, "vi", &is), KIOSK_EANSWER);
    CHECK_STR(is.message, "Từ 1 đến 100");
    CHECK_INT(survey_run_set(r, "cigs", " 12 "), KIOSK_OK);
    CHECK_STR(val(r, "cigs"), "12");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_INT(is.kind, SURVEY_ISSUE_NONE);

    /* The field-list page: litres appears once drink = yes. */
    CHECK_STR(page(r), "drink");
    CHECK_INT(survey_run_page_group(r), survey_form_find(f, "drinks"));
    CHECK_INT(survey_run_set(r, "drink", "yes"), KIOSK_OK);
    CHECK_STR(page(r), "drink litres");
    CHECK_INT(survey_run_set(r, "litres", "0"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
    CHECK_INT(is.item, survey_form_find(f, "litres"));
    CHECK_STR(is.message, "More than zero");
    CHECK_INT(survey_run_set(r, "litres", "3.5"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "used");
    CHECK_INT(survey_run_page_group(r), -1);
    survey_run_progress(r, &idx, &total);
    CHECK_INT(idx, 4);   /* intro smoke cigs drinks */
    CHECK_INT(total, 7); /* + used city fb_high */

    /* Back keeps answers, also through a relevance change. */
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK_STR(page(r), "drink litres");
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK_STR(page(r), "cigs");
    CHECK_STR(val(r, "cigs"), "12");
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK_STR(page(r), "smoke");
    CHECK_INT(survey_run_set(r, "smoke", "no"), KIOSK_OK);
    CHECK_STR(val(r, "cigs"), ""); /* not relevant reads as '' */
    CHECK_STR(calc(r, "score"), "0");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "drink litres"); /* cigs skipped */
    CHECK_STR(val(r, "litres"), "3.5");
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK_INT(survey_run_set(r, "smoke", "yes"), KIOSK_OK);
    CHECK_STR(val(r, "cigs"), "12"); /* the kept answer returns */
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "used");

    /* select_multiple: stored in list order, toggled, counted. */
    int used = survey_form_find(f, "used");
    CHECK_INT(survey_run_set(r, "used", "alcohol  tobacco"), KIOSK_OK);
    CHECK_STR(val(r, "used"), "tobacco alcohol");
    CHECK_INT(survey_run_is_selected(r, used, "alcohol"), 1);
    CHECK_INT(survey_run_is_selected(r, used, "cannabis"), 0);
    CHECK_INT(survey_run_toggle(r, used, "cannabis"), KIOSK_OK);
    CHECK_STR(val(r, "used"), "tobacco alcohol cannabis");
    CHECK_INT(survey_run_toggle(r, used, "tobacco"), KIOSK_OK);
    CHECK_STR(val(r, "used"), "alcohol cannabis");
    CHECK_INT(survey_run_choice_count(r, used), 3);
    CHECK_STR(survey_run_choice_name(r, used, 2), "cannabis");
    CHECK_STR(survey_run_choice_label(r, used, 2, "vi"), "Cần sa");
    CHECK_STR(survey_run_choice_label(r, used, 2, "km"), "Cần sa");
    CHECK_STR(survey_run_choice_name(r, used, 3), "");

    /* Calculates in form order, re-evaluated after every change. */
    CHECK_STR(calc(r, "score"), "14");
    CHECK_STR(calc(r, "band"), "high");
    CHECK_STR(calc(r, "share"), "1.75");
    CHECK_INT(survey_run_calc_count(r), 3);
    CHECK_STR(survey_run_calc_name(r, 0), "score");
    CHECK_STR(survey_run_calc_name(r, 2), "share");

    /* Choice filter on the district list. */
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "city");
    int district = survey_form_find(f, "district");
    CHECK_INT(survey_run_set(r, "city", "hcm"), KIOSK_OK);
    CHECK_INT(survey_run_choice_count(r, district), 1);
    CHECK_STR(survey_run_choice_name(r, district, 0), "d3");
    CHECK_INT(survey_run_set(r, "city", "hn"), KIOSK_OK);
    CHECK_INT(survey_run_choice_count(r, district), 2);
    CHECK_STR(survey_run_choice_name(r, district, 1), "d2");
    CHECK_STR(survey_run_choice_label(r, district, 1, "en"), "Hoàn Kiếm");
    char label[64];
    CHECK_INT(survey_run_label(r, district, "en", label, sizeof label),
              strlen("Which district of hn?"));
    CHECK_STR(label, "Which district of hn?");
    char tiny[6];
    survey_run_label(r, district, "en", tiny, sizeof tiny);
    CHECK_STR(tiny, "Which");

    /* To the end: the high feedback note is a page, the low one not. */
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "district");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "fb_high");
    int notes[4];
    CHECK_INT(survey_run_feedback_notes(r, notes, 4), 1);
    CHECK_INT(notes[0], survey_form_find(f, "fb_high"));
    CHECK_INT(survey_run_label(r, notes[0], "vi", label, sizeof label),
              strlen("Điểm 14: cao"));
    CHECK_STR(label, "Điểm 14: cao");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "(end)");
    CHECK_INT(survey_run_page_group(r), -1);
    survey_run_progress(r, &idx, &total);
    CHECK_INT(idx, 8);
    CHECK_INT(total, 8);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_ENOENT);
    CHECK_INT(survey_run_back(r), KIOSK_OK);
    CHECK_STR(page(r), "fb_high");

    /* The encoding the store encrypts. */
    char *enc;
    size_t len;
    CHECK_INT(survey_run_encode_answers(r, &enc, &len), KIOSK_OK);
    CHECK_STR(enc, "smoke=yes\ncigs=12\ndrink=yes\nlitres=3.5\n"
                   "used=alcohol cannabis\ncity=hn\n");
    CHECK_INT(len, strlen(enc));
    survey_bytes_free(enc, len);

    /* Reset wipes every answer and goes back to the start. */
    survey_run_reset(r);
    CHECK_STR(page(r), "intro");
    CHECK_STR(val(r, "smoke"), "");
    CHECK_STR(val(r, "used"), "");
    CHECK_STR(calc(r, "band"), "low");
    CHECK_STR(calc(r, "share"), ""); /* NaN stored as empty (JavaRosa) */
    CHECK_INT(survey_run_feedback_notes(r, notes, 4), 1);
    CHECK_INT(notes[0], survey_form_find(f, "fb_low"));
    CHECK_INT(survey_run_encode_answers(r, &enc, &len), KIOSK_OK);
    CHECK_INT(len, 0);
    CHECK_STR(enc, "");
    survey_bytes_free(enc, len);
    survey_run_free(r);
}

struct set_case {
    const char *name, *value;
    enum kiosk_err want;
    const char *stored; /* value afterwards */
};

static void test_set_values(const struct survey_form *f)
{
    static const struct set_case cases[] = {
        {"smoke", "maybe", KIOSK_EINVAL, ""},
        {"smoke", "yes no", KIOSK_EINVAL, ""},
        {"smoke", "yes", KIOSK_OK, "yes"},
        {"smoke", "", KIOSK_OK, ""},
        {"cigs", "abc", KIOSK_EINVAL, ""},
        {"cigs", "1.5", KIOSK_EINVAL, ""},
        {"cigs", "99999999999", KIOSK_EINVAL, ""},
        {"cigs", "-3", KIOSK_OK, ""}, /* stored; not relevant (smoke '') */
        {"litres", "2.", KIOSK_OK, ""},
        {"drink", "yes", KIOSK_OK, "yes"},
        {"litres", "1e3", KIOSK_EINVAL, "2.0"}, /* "2." stored as 2.0 */
        {"litres", " -0.25 ", KIOSK_OK, "-0.25"},
        {"litres", "1.50", KIOSK_OK, "1.5"},  /* ODK's decimal */
        {"litres", "1,5", KIOSK_OK, "1.5"},   /* decimal comma */
        {"litres", "1,5,0", KIOSK_EINVAL, "1.5"},
        {"cigs", "00", KIOSK_OK, ""},          /* not relevant yet */
        {"used", "tobacco tobacco", KIOSK_EINVAL, ""},
        {"used", "heroin", KIOSK_EINVAL, ""},
        {"used", "cannabis tobacco", KIOSK_OK, "tobacco cannabis"},
        {"intro", "x", KIOSK_EINVAL, ""},
        {"score", "5", KIOSK_EINVAL, "2"}, /* 0 + count-selected */
        {"drinks", "x", KIOSK_EINVAL, ""},
        {"ghost", "x", KIOSK_ENOENT, NULL},
    };
    struct survey_run *r = survey_run_new(f);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct set_case *c = &cases[i];
        enum kiosk_err rc = survey_run_set(r, c->name, c->value);
        if (rc != c->want) {
            fprintf(stderr, "  set %s=%s\n", c->name, c->value);
        }
        CHECK_INT(rc, c->want);
        if (c->stored) {
            CHECK_STR(val(r, c->name), c->stored);
        }
    }
    char big[SURVEY_MAX_ANSWER + 10];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT(survey_run_set(r, "smoke", big), KIOSK_ETOOBIG);
    survey_run_free(r);
}

/* An answer on the last page makes an earlier required question relevant:
 * leaving the last page sends the visitor back to it. */
static void test_late_relevance(void)
{
    static const char survey[] =
        "type,name,label::English (en),relevant,required\n"
        "integer,early,Early?,${late}='yes',yes\n"
        "note,middle,Middle,,\n"
        "select_one yn,late,Late?,,\n";
    static const char choices[] =
        "list_name,name,label::English (en)\n"
        "yn,yes,Yes\n"
        "yn,no,No\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load_mem("late", NULL, survey, strlen(survey),
                                   choices, strlen(choices), NULL, 0, &f, &d),
              KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 1); /* no settings sheet */
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    struct survey_run *r = survey_run_new(f);
    struct survey_issue is;
    CHECK_STR(page(r), "middle");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "late");
    CHECK_INT(survey_run_set(r, "late", "yes"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_EANSWER);
    CHECK_INT(is.kind, SURVEY_ISSUE_REQUIRED);
    CHECK_STR(page(r), "early");
    CHECK_INT(survey_run_set(r, "early", "4"), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "middle");
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_INT(survey_run_next(r, "en", &is), KIOSK_OK);
    CHECK_STR(page(r), "(end)");
    survey_run_free(r);
    survey_form_free(f);
}

/* A form whose only page is not relevant starts at the end. */
static void test_nothing_relevant(void)
{
    static const char survey[] =
        "type,name,label::English (en),relevant,calculation\n"
        "calculate,zero,,,0\n"
        "note,never,Never shown,${zero} = 1,\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_form_load_mem("none", NULL, survey, strlen(survey), NULL,
                                   0, NULL, 0, &f, &d),
              KIOSK_OK);
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    struct survey_run *r = survey_run_new(f);
    int idx, total;
    CHECK(survey_run_at_end(r));
    survey_run_progress(r, &idx, &total);
    CHECK_INT(total, 0);
    CHECK_INT(idx, 0);
    CHECK_INT(survey_run_back(r), KIOSK_ENOENT);
    CHECK_STR(survey_run_calc_value(r, 0), "0");
    survey_run_free(r);
    survey_form_free(f);
}

int main(void)
{
    struct survey_form *f = load_basic();
    if (f) {
        test_metadata(f);
        test_walk(f);
        test_set_values(f);
    }
    survey_form_free(f);
    test_late_relevance();
    test_nothing_relevant();
    TEST_MAIN_END();
}
