/* Pictures in forms: media::image in every spelling pyxform accepts, on
 * questions, notes and choices; image-only choices and notes load and keep
 * no label (the visitor never sees a choice's name); every picture is
 * checked in the pack's images/ folder, each problem at the cell that
 * names it (file:row:col). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "survey/survey.h"
#include "test.h"

static char tmp[] = "/tmp/kiosk-media-XXXXXX";

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
    static const char set[] = "form_id,version\nt,1\n";
    return survey_form_load_mem("t", "forms/t", survey, strlen(survey),
                                choices, choices ? strlen(choices) : 0, set,
                                strlen(set), f, d);
}

/* Every spelling: media::image, image, media::image::<lang>,
 * image::<lang>; image-only choices and a picture-only note. */
static void test_spellings(void)
{
    static const char survey[] =
        "type,name,label::English (en),image,media::image::Tiếng Việt (vi)\n"
        "note,pic,,scene.png,\n"
        "select_one face,q,How do you feel?,,q-vi.png\n";
    static const char choices[] =
        "list_name,name,image::English (en),Media::Image::vi,"
        "label::English (en)\n"
        "face,happy,happy.png,happy-vi.png,\n"
        "face,sad,sad.png,,\n"
        "face,none,,,None of these\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(load(survey, choices, &f, &d), KIOSK_OK);
    CHECK_INT(d.warnings, 0); /* image-only choices are not "no label" */
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    int pic = survey_form_find(f, "pic"), q = survey_form_find(f, "q");
    CHECK_STR(survey_item_label(f, pic, "en"), "");
    CHECK_STR(survey_item_image(f, pic, "en"), "scene.png");
    CHECK_STR(survey_item_image(f, q, "vi"), "q-vi.png");
    CHECK_STR(survey_item_image(f, q, "en"), "q-vi.png"); /* fallback */
    struct survey_run *r = survey_run_new(f);
    CHECK(r != NULL);
    CHECK_INT(survey_run_choice_count(r, q), 3);
    CHECK_STR(survey_run_choice_label(r, q, 0, "en"), ""); /* never the name */
    CHECK_STR(survey_run_choice_image(r, q, 0, "en"), "happy.png");
    CHECK_STR(survey_run_choice_image(r, q, 0, "vi"), "happy-vi.png");
    CHECK_STR(survey_run_choice_image(r, q, 1, "vi"), "sad.png");
    CHECK_STR(survey_run_choice_image(r, q, 2, "en"), "");
    CHECK_STR(survey_run_choice_label(r, q, 2, "en"), "None of these");
    CHECK_INT(survey_run_set_item(r, q, "happy"), KIOSK_OK);
    CHECK_STR(survey_run_value(r, q), "happy");
    survey_run_free(r);
    survey_form_free(f);
}

/* A decoder that refuses one file, as SDL_image refuses a damaged PNG. */
static int fake_decode(void *ctx, const char *path, char *why, size_t n)
{
    (void)ctx;
    if (strstr(path, "damaged.png")) {
        snprintf(why, n, "%s", "IDAT: invalid chunk");
        return 1;
    }
    return 0;
}

static void test_check(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "cp assets/pack/images/freq-1.png %s/good.png && "
             "cp assets/pack/images/freq-2.png %s/damaged.png && "
             "printf 'GIF89a' > %s/fake.png",
             tmp, tmp, tmp);
    CHECK_INT(system(cmd), 0);
    static const char survey[] =
        "type,name,label::English (en),media::image\n"
        "note,a,A,good.png\n"
        "note,b,B,absent.png\n"
        "select_one l,q,Q,\n";
    static const char choices[] =
        "list_name,name,label::English (en),media::image::English (en)\n"
        "l,x,X,fake.png\n"
        "l,y,Y,../images/good.png\n"
        "l,z,,damaged.png\n"
        "l,w,W,good.png\n";
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(load(survey, choices, &f, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    if (!f) {
        return;
    }
    CHECK_INT(survey_form_check_images(f, tmp, NULL, NULL, &d), 3);
    CHECK(has_diag(&d, "forms/t.survey.csv", 3, 4,
                   "picture 'absent.png': no such file"));
    CHECK(has_diag(&d, "forms/t.choices.csv", 2, 4, "not a PNG picture"));
    CHECK(has_diag(&d, "forms/t.choices.csv", 3, 4, "without a folder part"));
    char line[600];
    line[0] = '\0';
    for (int i = 0; i < d.n; i++) {
        if (strstr(d.items[i].file, "survey")) {
            kiosk_diag_format(&d.items[i], line, sizeof line);
        }
    }
    CHECK_STR(line, "forms/t.survey.csv:3:4: error: picture 'absent.png': "
                    "no such file in the pack's images/ folder");
    kiosk_diag_free(&d);
    /* decoded: the damaged picture is named where the form names it */
    CHECK_INT(survey_form_check_images(f, tmp, fake_decode, NULL, &d), 4);
    CHECK(has_diag(&d, "forms/t.choices.csv", 4, 4,
                   "picture 'damaged.png': does not decode: IDAT"));
    kiosk_diag_free(&d);
    survey_form_free(f);
}

/* A pack's forms: one naming a missing picture is left out, with the
 * error; the others load. */
static void test_load_dir(void)
{
    char cmd[900];
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/pack/forms %s/pack/images && "
             "cp assets/pack/images/freq-1.png %s/pack/images/ok.png && "
             "printf 'type,name,label::English (en),media::image\\n"
             "note,a,A,ok.png\\n' > %s/pack/forms/a.survey.csv && "
             "printf 'type,name,label::English (en),media::image\\n"
             "note,b,B,gone.png\\n' > %s/pack/forms/b.survey.csv",
             tmp, tmp, tmp, tmp, tmp);
    CHECK_INT(system(cmd), 0);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/pack/forms", tmp);
    struct survey_form **forms = NULL;
    int n = 0;
    struct kiosk_diag d = {0};
    CHECK_INT(survey_forms_load_dir(dir, &forms, &n, &d), KIOSK_OK);
    CHECK_INT(n, 1);
    CHECK_STR(n ? survey_form_id(forms[0]) : "", "a");
    CHECK(has_diag(&d, "forms/b.survey.csv", 2, 4,
                   "picture 'gone.png': no such file"));
    survey_forms_free(forms, n);
    kiosk_diag_free(&d);
}

int main(void)
{
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    test_spellings();
    test_check();
    test_load_dir();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    CHECK_INT(system(cmd), 0);
    TEST_MAIN_END();
}
