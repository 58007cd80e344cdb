/* The content overlay against real files: the fixture pack
 * tests/content/packs/overlay (strings, information, a service, a form and
 * a quiz; real Ogg clips and an audio-sources.csv), overlays written and
 * read in a temporary folder, bad files with their positions, readiness
 * numbers worked out by hand from the fixture, spreadsheets, sharing. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/overlay.h"
#include "content/pack.h"
#include "core/csv.h"
#include "quiz/quiz.h"
#include "survey/survey.h"
#include "test.h"

#define PACK "tests/content/packs/overlay"
#define CLIP PACK "/audio/title-km.ogg" /* a real Ogg Vorbis clip */
#define WHEN "2035-11-27 09:00"
#define LATER "2035-11-28 10:30"

static char tmp_root[256];

/* ---- helpers ---------------------------------------------------------- */

static void rm_rf(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    CHECK(system(cmd) == 0);
}

static const char *tmpdir(const char *name)
{
    static char buf[4][400];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, 400, "%s/%s", tmp_root, name);
    rm_rf(b);
    return b;
}

static void write_text(const char *path, const char *text)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        char cmd[700];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        CHECK(system(cmd) == 0);
    }
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_all(const char *path)
{
    char *data = NULL;
    size_t len;
    if (kiosk_read_file(path, 1 << 24, &data, &len) != KIOSK_OK) {
        return NULL;
    }
    return data;
}

static void copy(const char *from, const char *to)
{
    char cmd[900];
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\" && cp '%s' '%s'",
             to, from, to);
    CHECK(system(cmd) == 0);
}

/* 1 when some diagnostic formats to text containing `s`. */
static int diag_has(const struct kiosk_diag *d, const char *s)
{
    for (int i = 0; i < d->n; i++) {
        char buf[600];
        kiosk_diag_format(&d->items[i], buf, sizeof buf);
        if (strstr(buf, s)) {
            return 1;
        }
    }
    fprintf(stderr, "no diagnostic contains \"%s\"; have:\n", s);
    kiosk_diag_print(d, stderr);
    return 0;
}

/* The fixture's content: pack, form, quiz, loaded as the kiosk does. */
struct fixture {
    struct pack *pack;
    struct survey_form *forms[1];
    struct quiz *quizzes[1];
    struct overlay_content c;
};

static int load_fixture(struct fixture *fx, const char *dir)
{
    memset(fx, 0, sizeof *fx);
    struct kiosk_diag d = {0};
    char forms[600];
    snprintf(forms, sizeof forms, "%s/forms", dir);
    int ok = pack_load(dir, &fx->pack, &d) == KIOSK_OK &&
             survey_form_load(forms, "mini", &fx->forms[0], &d) ==
                 KIOSK_OK &&
             quiz_load(dir, "mini", &fx->quizzes[0], &d) == KIOSK_OK;
    if (!ok) {
        kiosk_diag_print(&d, stderr);
    }
    kiosk_diag_free(&d);
    fx->c = (struct overlay_content){fx->pack, fx->forms, 1, fx->quizzes, 1};
    return ok;
}

static void free_fixture(struct fixture *fx)
{
    pack_free(fx->pack);
    survey_form_free(fx->forms[0]);
    quiz_free(fx->quizzes[0]);
}

static struct overlay_ref find(const struct fixture *fx, const char *key)
{
    struct overlay_ref r = {-1, -1, -1};
    CHECK(overlay_item_find(&fx->c, key, &r));
    return r;
}

/* ---- keys ------------------------------------------------------------- */

static void test_keys(void)
{
    static const struct {
        const char *item, *field;
        int ok;
    } cases[] = {
        {"string/app.title", "text", 1},
        {"string/app.title", "title", 0},
        {"article/a1", "body", 1},
        {"article/a%2Fb", "title", 1},  /* an id holding '/' */
        {"article/a%41", "title", 0},   /* only %2F and %25 are escapes */
        {"article/a%2", "title", 0},
        {"article/", "title", 0},
        {"article/a/b", "title", 0},
        {"form/mini/q1", "hint", 1},
        {"form/mini", "label", 0},
        {"choice/mini/yn/yes", "label", 1},
        {"choice/mini/yn/yes", "hint", 0},
        {"quiz/mini", "title", 1},
        {"quiz/mini/q01", "d", 1},
        {"quiz/mini/q01", "title", 0},
        {"poem/x", "text", 0},
        {"string", "text", 0},
        {"", "text", 0},
        {"string/a\tb", "text", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char why[160] = "";
        int ok = overlay_key_check(cases[i].item, cases[i].field, why,
                                   sizeof why);
        if (ok != cases[i].ok) {
            fprintf(stderr, "key %s %s: %d (%s)\n", cases[i].item,
                    cases[i].field, ok, why);
        }
        CHECK_INT(ok, cases[i].ok);
        CHECK(ok || why[0]);
    }
    CHECK(overlay_lang_code_ok("km"));
    CHECK(overlay_lang_code_ok("zh-hant"));
    CHECK(!overlay_lang_code_ok("audio")); /* the clips' folder */
    CHECK(!overlay_lang_code_ok("KM"));
    CHECK(!overlay_lang_code_ok("k"));
}

/* ---- the model and its files ----------------------------------------- */

static void test_round_trip(void)
{
    const char *dir = tmpdir("rt");
    struct overlay *ov = overlay_new(dir);
    CHECK(ov != NULL);
    /* a text with every CSV hazard: commas, quotes, line breaks, Khmer,
     * and a decomposed Vietnamese letter that must come back as NFC */
    const char *tricky = "ក, \"ខ\"\r\nline two\n\n e\xCC\xA3\xCC\x82 ";
    CHECK_INT(overlay_set_text(ov, "km", "article/a1", "body", tricky, "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_text(ov, "km", "string/app.title", "text", "ចំណុច",
                               "Lan", WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_review(ov, "km", "article/a1", OVERLAY_NEEDS_FIXING,
                                 "Minh, Hà", WHEN, "0123456789abcdef"),
              KIOSK_OK);
    CHECK_INT(overlay_set_clip(ov, "km", "article/a1", "a1-1.ogg", 2.5,
                               "Lan", WHEN),
              KIOSK_OK);
    char path[600];
    copy(CLIP, overlay_clip_path(ov, "km", "a1-1.ogg", path, sizeof path));
    /* malformed arguments change nothing */
    CHECK_INT(overlay_set_text(ov, "km", "article/a1", "colour", "x", "Lan",
                               WHEN),
              KIOSK_EINVAL);
    CHECK_INT(overlay_set_text(ov, "km", "article/a1", "body", "x", "Lan",
                               "2035-02-30 09:00"),
              KIOSK_EINVAL);
    CHECK_INT(overlay_set_clip(ov, "km", "service/s1", "s.ogg", 1, "Lan",
                               WHEN),
              KIOSK_EINVAL); /* services take no narration */
    CHECK_INT(overlay_set_clip(ov, "km", "article/a1", "../x.ogg", 1, "Lan",
                               WHEN),
              KIOSK_EINVAL);
    CHECK_INT(overlay_set_text(ov, "KM", "article/a1", "body", "x", "Lan",
                               WHEN),
              KIOSK_EINVAL);
    CHECK_INT(overlay_save(ov, "km"), KIOSK_OK);
    char p1[600];
    snprintf(p1, sizeof p1, "%s/km/texts.csv", dir);
    char *first = read_all(p1);
    CHECK(first != NULL);

    struct overlay *back = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_load(dir, &back, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(overlay_nlangs(back), 1);
    CHECK_STR(overlay_lang(back, 0), "km");
    const struct overlay_text *t =
        overlay_text_get(back, "km", "article/a1", "body");
    CHECK(t != NULL);
    if (t) {
        /* NFC: e + dot below + circumflex is one letter, U+1EC7; the
         * space around the text goes, as the pack loader drops it */
        CHECK_STR(t->text, "ក, \"ខ\"\r\nline two\n\n \xE1\xBB\x87");
        CHECK_STR(t->by, "Lan");
        CHECK_STR(t->date, WHEN);
    }
    const struct overlay_review *rv =
        overlay_review_get(back, "km", "article/a1");
    CHECK(rv && rv->status == OVERLAY_NEEDS_FIXING);
    CHECK(rv && strcmp(rv->by, "Minh, Hà") == 0);
    const struct overlay_clip *cl = overlay_clip_get(back, "km", "article/a1");
    CHECK(cl && strcmp(cl->file, "a1-1.ogg") == 0 && cl->seconds == 2.5);
    /* saved again, the bytes are the same: nothing drifts */
    CHECK_INT(overlay_save(back, "km"), KIOSK_OK);
    char *second = read_all(p1);
    CHECK(first && second && strcmp(first, second) == 0);
    free(first);
    free(second);
    /* removing an entry and saving deletes the clip it named */
    CHECK_INT(overlay_set_clip(back, "km", "article/a1", NULL, 0, NULL, NULL),
              KIOSK_OK);
    CHECK_INT(overlay_save(back, "km"), KIOSK_OK);
    CHECK(access(path, F_OK) != 0);
    kiosk_diag_free(&d);
    overlay_free(back);
    overlay_free(ov);
}

static void test_missing_dir(void)
{
    struct overlay *ov = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_load(tmpdir("none"), &ov, &d), KIOSK_OK);
    CHECK(ov && overlay_nlangs(ov) == 0);
    CHECK_INT(d.n, 0);
    overlay_free(ov);
}

/* Each bad file: its language is broken (the others load), and the
 * diagnostic names file, row and column. */
static void test_bad_files(void)
{
    static const struct {
        const char *file, *text, *where;
    } cases[] = {
        {"texts.csv", "item,field,text,by,date,colour\r\n",
         "km/texts.csv:1:6: error: unknown column 'colour'"},
        {"texts.csv", "item,field,text,by\r\n",
         "km/texts.csv:1: error: missing required column 'date'"},
        {"texts.csv",
         "item,field,text,by,date\r\nstring/app.title,text,ok,Lan," WHEN
         "\r\npoem/x,text,x,Lan," WHEN "\r\n",
         "km/texts.csv:3:1: error: item 'poem/x': unknown kind"},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,colour,x,Lan," WHEN "\r\n",
         "km/texts.csv:2:2: error: 'colour' is not a field"},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,title,x,Lan,27/11/2035\r\n",
         "km/texts.csv:2:5: error: date '27/11/2035' must be"},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,title,,Lan," WHEN "\r\n",
         "km/texts.csv:2:3: error: empty text"},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,title,x,Lan," WHEN
         "\r\narticle/a1,title,y,Lan," WHEN "\r\n",
         "km/texts.csv:3:1: error: item 'article/a1' field 'title' appears "
         "twice"},
        {"texts.csv", "item,field,text,by,date\r\narticle/a1,title,\"x,Lan\r\n",
         "km/texts.csv:2:3: error: "},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,title,\xC3\x28,Lan," WHEN
         "\r\n",
         "km/texts.csv:2:3: error: text is not valid UTF-8"},
        {"texts.csv",
         "item,field,text,by,date\r\narticle/a1,title,a\x01" "b,Lan," WHEN
         "\r\n",
         "km/texts.csv:2:3: error: text holds a control character"},
        {"reviews.csv",
         "item,status,by,date,hash\r\narticle/a1,ok,Lan," WHEN
         ",0123456789abcdef\r\n",
         "km/reviews.csv:2:2: error: status 'ok' must be"},
        {"reviews.csv",
         "item,status,by,date,hash\r\narticle/a1,reviewed,Lan," WHEN
         ",XYZ\r\n",
         "km/reviews.csv:2:5: error: hash must be 16"},
        {"reviews.csv",
         "item,status,by,date,hash\r\narticle/a1,reviewed,," WHEN
         ",0123456789abcdef\r\n",
         "km/reviews.csv:2:3: error: 'by' must be a staff name"},
        {"clips.csv",
         "item,file,seconds,by,date\r\narticle/a1,../../x.ogg,2,Lan," WHEN
         "\r\n",
         "km/clips.csv:2:2: error: file '../../x.ogg' must be"},
        {"clips.csv",
         "item,file,seconds,by,date\r\nservice/s1,s.ogg,2,Lan," WHEN "\r\n",
         "km/clips.csv:2:1: error: item 'service/s1' takes no narration"},
        {"clips.csv",
         "item,file,seconds,by,date\r\narticle/a1,a.ogg,-1,Lan," WHEN "\r\n",
         "km/clips.csv:2:3: error: seconds must be"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *dir = tmpdir("bad");
        char path[600];
        snprintf(path, sizeof path, "%s/km/%s", dir, cases[i].file);
        write_text(path, cases[i].text);
        snprintf(path, sizeof path, "%s/hmn/texts.csv", dir);
        write_text(path, "item,field,text,by,date\r\nnav.back,text,x,Lan,"
                         WHEN "\r\n"); /* bad too: no kind */
        snprintf(path, sizeof path, "%s/bdq/texts.csv", dir);
        write_text(path, "item,field,text,by,date\r\nstring/nav.back,text,"
                         "Wih,Lan," WHEN "\r\n");
        struct overlay *ov = NULL;
        struct kiosk_diag d = {0};
        CHECK_INT(overlay_load(dir, &ov, &d), KIOSK_EPARSE);
        CHECK(ov != NULL);
        if (!diag_has(&d, cases[i].where)) {
            fprintf(stderr, "  case %zu\n", i);
            CHECK(0);
        }
        CHECK(overlay_lang_broken(ov, "km"));
        CHECK(!overlay_lang_broken(ov, "bdq"));
        CHECK(overlay_text_get(ov, "bdq", "string/nav.back", "text") !=
              NULL);
        /* a damaged language is never written over */
        snprintf(path, sizeof path, "%s/km/%s", dir, cases[i].file);
        CHECK_INT(overlay_set_text(ov, "km", "article/a1", "title", "x",
                                   "Lan", WHEN),
                  KIOSK_EREADONLY);
        CHECK_INT(overlay_save(ov, "km"), KIOSK_EREADONLY);
        char *still = read_all(path);
        CHECK(still && strcmp(still, cases[i].text) == 0);
        free(still);
        kiosk_diag_free(&d);
        overlay_free(ov);
    }
    /* a missing clip file is a warning: the entry is kept and reported */
    const char *dir = tmpdir("gone");
    char path[600];
    snprintf(path, sizeof path, "%s/km/clips.csv", dir);
    write_text(path, "item,file,seconds,by,date\r\narticle/a1,gone.ogg,2,Lan,"
                     WHEN "\r\n");
    struct overlay *ov = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_load(dir, &ov, &d), KIOSK_OK);
    CHECK(diag_has(&d, "km/clips.csv:2:2: warning: clip file "
                       "audio/km/gone.ogg is missing"));
    CHECK(overlay_clip_get(ov, "km", "article/a1") != NULL);
    kiosk_diag_free(&d);
    overlay_free(ov);
}

/* ---- the content, applying, readiness ------------------------------- */

static void test_items(void)
{
    struct fixture fx;
    if (!load_fixture(&fx, PACK)) {
        CHECK(0);
        return;
    }
    /* km: 3 strings (staff.title is for staff), a category, 2 articles, a
     * service, the form's note, question and 2 choices (the calculate has
     * no label), the quiz title and its question */
    CHECK_INT(overlay_items(&fx.c, "km", NULL, 0), 3 + 3 + 1 + 4 + 2);
    CHECK_INT(overlay_items(&fx.c, "vi", NULL, 0), 4 + 3 + 1 + 4 + 2);
    struct overlay_ref refs[32];
    int n = overlay_items(&fx.c, "km", refs, 32);
    char key[OVERLAY_MAX_ITEM], feat[64];
    static const char *const keys[] = {
        "string/app.hotline", "string/app.title", "string/nav.back",
        "category/health",    "article/a1",       "article/a2",
        "service/s1",         "form/mini/intro",  "form/mini/q1",
        "choice/mini/yn/yes", "choice/mini/yn/no", "quiz/mini",
        "quiz/mini/q01"};
    CHECK_INT(n, 13);
    for (int i = 0; i < n && i < 13; i++) {
        CHECK_STR(overlay_item_key(&fx.c, refs[i], key, sizeof key), keys[i]);
        struct overlay_ref back;
        CHECK(overlay_item_find(&fx.c, key, &back));
        CHECK(back.kind == refs[i].kind && back.a == refs[i].a &&
              back.b == refs[i].b);
    }
    CHECK_STR(overlay_item_feature(&fx.c, refs[9], feat, sizeof feat),
              "form:mini");
    CHECK_STR(overlay_item_feature(&fx.c, refs[4], feat, sizeof feat),
              "info");
    struct overlay_ref r;
    CHECK(!overlay_item_find(&fx.c, "article/gone", &r));
    CHECK(!overlay_item_find(&fx.c, "form/mini/score", &r)); /* no text */
    /* quiz question: question, a, b (2 answers), explain */
    r = find(&fx, "quiz/mini/q01");
    CHECK_INT(overlay_item_nfields(&fx.c, r), 4);
    CHECK_STR(overlay_item_field(&fx.c, r, 3), "explain");
    CHECK_INT(overlay_item_field_index(&fx.c, r, "c"), -1);
    CHECK_STR(overlay_item_text(&fx.c, r, 1, "en"),
              "A substance that acts on the brain");
    CHECK(overlay_item_text(&fx.c, r, 1, "km") == NULL); /* no fallback */
    r = find(&fx, "form/mini/q1");
    CHECK_STR(overlay_item_text(&fx.c, r, 1, "vi"), "Chọn một");
    char buf[600];
    const char *au = overlay_item_audio(&fx.c, r, "vi", buf, sizeof buf);
    CHECK(au && strstr(au, PACK "/audio/q1-vi.ogg"));
    CHECK(overlay_item_audio(&fx.c, r, "km", buf, sizeof buf) == NULL);
    free_fixture(&fx);
}

static void test_apply(void)
{
    struct fixture fx;
    if (!load_fixture(&fx, PACK)) {
        CHECK(0);
        return;
    }
    const char *dir = tmpdir("apply");
    struct overlay *ov = overlay_new(dir);
    char clip[600];
    copy(CLIP, overlay_clip_path(ov, "km", "a1.ogg", clip, sizeof clip));
    copy(CLIP, overlay_clip_path(ov, "km", "q1.ogg", clip, sizeof clip));
    static const struct {
        const char *lang, *item, *field, *text;
    } texts[] = {
        {"km", "article/a1", "body", "កថាខណ្ឌ"},
        {"km", "string/app.hotline", "text", "ខ្សែទូរស័ព្ទ៖ {phone}"},
        {"km", "form/mini/q1", "label", "តើអ្នកជក់បារីទេ?"},
        {"km", "choice/mini/yn/yes", "label", "បាទ/ចាស"},
        {"km", "quiz/mini/q01", "b", "ស្ករគ្រាប់"},
        {"km", "quiz/mini", "title", "សំណួរ"},
        {"km", "article/gone", "title", "x"},          /* not in this pack */
        {"km", "quiz/mini/q01", "d", "x"},            /* no answer d */
        {"bdq", "string/nav.back", "text", "Wih"},    /* no such language */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        CHECK_INT(overlay_set_text(ov, texts[i].lang, texts[i].item,
                                   texts[i].field, texts[i].text, "Lan",
                                   WHEN),
                  KIOSK_OK);
    }
    CHECK_INT(overlay_set_clip(ov, "km", "article/a1", "a1.ogg", 3, "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_clip(ov, "km", "form/mini/q1", "q1.ogg", 2, "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_clip(ov, "km", "choice/mini/yn/no", "none.ogg", 2,
                               "Lan", WHEN),
              KIOSK_OK); /* its file is missing */
    CHECK_INT(overlay_set_review(ov, "km", "article/gone", OVERLAY_REVIEWED,
                                 "Lan", WHEN, "0123456789abcdef"),
              KIOSK_OK);
    struct overlay_report rep;
    CHECK_INT(overlay_apply(ov, &fx.c, &rep), KIOSK_OK);
    CHECK_INT(rep.applied, 8);
    CHECK_INT(rep.n, 5);
    int seen = 0;
    for (int i = 0; i < rep.n; i++) {
        const struct overlay_orphan *o = &rep.orphans[i];
        seen |= (strcmp(o->item, "article/gone") == 0 &&
                 strcmp(o->what, "text title") == 0 &&
                 strcmp(o->why, "not in this pack") == 0)
                << 0;
        seen |= (strcmp(o->item, "quiz/mini/q01") == 0 &&
                 strcmp(o->why, "no such field here") == 0)
                << 1;
        seen |= (strcmp(o->lang, "bdq") == 0 &&
                 strcmp(o->why, "language not in this pack") == 0)
                << 2;
        seen |= (strcmp(o->what, "clip") == 0 &&
                 strcmp(o->why, "clip file missing") == 0)
                << 3;
        seen |= (strcmp(o->what, "review") == 0 &&
                 strcmp(o->item, "article/gone") == 0)
                << 4;
    }
    CHECK_INT(seen, 31);
    overlay_report_free(&rep);
    /* what the visitor screens read now */
    int fb = 1;
    CHECK_STR(pack_article_body(fx.pack, 0, "km"), "កថាខណ្ឌ");
    CHECK(pack_article_translated(fx.pack, 0, "km"));
    CHECK_STR(pack_str_ex(fx.pack, "km", "app.hotline", &fb),
              "ខ្សែទូរស័ព្ទ៖ {phone}");
    CHECK_INT(fb, 0);
    CHECK_STR(pack_article_audio(fx.pack, 0, "km"), clip[0] ? 
              (snprintf(clip, sizeof clip, "%s/audio/km/a1.ogg", dir), clip)
              : "");
    CHECK_STR(survey_item_label(fx.forms[0], 1, "km"), "តើអ្នកជក់បារីទេ?");
    CHECK_STR(survey_item_label(fx.forms[0], 1, "vi"),
              "Bạn có hút thuốc không?");
    /* the hint was not translated: km falls back as before */
    CHECK_STR(survey_item_hint(fx.forms[0], 1, "km"), "Chọn một");
    snprintf(clip, sizeof clip, "%s/audio/km/q1.ogg", dir);
    CHECK_STR(survey_item_audio(fx.forms[0], 1, "km"), clip);
    CHECK_STR(quiz_answer(fx.quizzes[0], 0, 1, "km"), "ស្ករគ្រាប់");
    CHECK_STR(quiz_title(fx.quizzes[0], "km"), "សំណួរ");
    CHECK_INT(quiz_lang_draft(fx.quizzes[0], "km"), 1);
    /* applying again changes nothing */
    CHECK_INT(overlay_apply(ov, &fx.c, &rep), KIOSK_OK);
    CHECK_INT(rep.applied, 8);
    overlay_report_free(&rep);
    overlay_free(ov);
    free_fixture(&fx);
}

static const struct overlay_ready *feature(const struct overlay_ready *rd,
                                           int n, const char *name)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(rd[i].feature, name) == 0) {
            return &rd[i];
        }
    }
    fprintf(stderr, "no feature %s\n", name);
    return NULL;
}

/* Expected numbers, worked out from the fixture's files by hand. */
struct want {
    const char *feature;
    int items, text, edited, reviewed, fix, stale, audio_items, recorded,
        synthetic, unknown;
};

static void check_ready(const struct fixture *fx, const struct overlay *ov,
                        const struct overlay_sources *src, const char *lang,
                        const struct want *w, int nw)
{
    struct overlay_ready *rd = NULL;
    int n = 0;
    CHECK_INT(overlay_readiness(&fx->c, ov, src, lang, &rd, &n), KIOSK_OK);
    CHECK_INT(n, 5);
    for (int i = 0; i < nw; i++) {
        const struct overlay_ready *f = feature(rd, n, w[i].feature);
        CHECK(f != NULL);
        if (!f) {
            continue;
        }
        int got[10] = {f->items,    f->text,        f->edited,
                       f->reviewed, f->needs_fixing, f->stale,
                       f->audio_items, f->recorded,  f->synthetic,
                       f->unknown};
        int exp[10] = {w[i].items,    w[i].text,   w[i].edited,
                       w[i].reviewed, w[i].fix,    w[i].stale,
                       w[i].audio_items, w[i].recorded, w[i].synthetic,
                       w[i].unknown};
        for (int k = 0; k < 10; k++) {
            if (got[k] != exp[k]) {
                fprintf(stderr, "%s %s column %d: %d, expected %d\n", lang,
                        w[i].feature, k, got[k], exp[k]);
            }
            CHECK_INT(got[k], exp[k]);
        }
    }
    free(rd);
}

static void test_readiness(void)
{
    struct fixture fx;
    if (!load_fixture(&fx, PACK)) {
        CHECK(0);
        return;
    }
    struct overlay_sources *src = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_sources_load(PACK, &src, &d), KIOSK_OK);
    CHECK_INT(d.n, 0);
    /* vi: the pack marks vi reviewed (strings, info, services), the form
     * draft, the quiz reviewed; synthetic clips: app.title, a1, q1 */
    static const struct want vi[] = {
        {"strings", 4, 4, 0, 4, 0, 0, 3, 0, 1, 0}, /* staff.title: no audio */
        {"info", 3, 3, 0, 3, 0, 0, 2, 0, 1, 0},
        {"services", 1, 1, 0, 1, 0, 0, 0, 0, 0, 0},
        {"form:mini", 4, 4, 0, 0, 0, 0, 4, 0, 1, 0},
        {"quiz:mini", 2, 2, 0, 2, 0, 0, 1, 0, 0, 0},
    };
    check_ready(&fx, NULL, src, "vi", vi, 5);
    /* km before the overlay: app.title and nav.back have text; a1 has a
     * title but no body; title-km.ogg is recorded (the later row wins) */
    static const struct want km0[] = {
        {"strings", 3, 2, 0, 0, 0, 0, 3, 1, 0, 0},
        {"info", 3, 0, 0, 0, 0, 0, 2, 0, 0, 0},
        {"services", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {"form:mini", 4, 0, 0, 0, 0, 0, 4, 0, 0, 0},
        {"quiz:mini", 2, 0, 0, 0, 0, 0, 1, 0, 0, 0},
    };
    check_ready(&fx, NULL, src, "km", km0, 5);
    /* km with an overlay: a1's body, the category; a clip for the
     * question; app.title reviewed, nav.back reviewed then changed
     * (stale), a1 needs fixing */
    const char *dir = tmpdir("ready");
    struct overlay *ov = overlay_new(dir);
    char clip[600];
    copy(CLIP, overlay_clip_path(ov, "km", "q1.ogg", clip, sizeof clip));
    CHECK_INT(overlay_set_text(ov, "km", "article/a1", "body", "កថាខណ្ឌ",
                               "Lan", WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_text(ov, "km", "category/health", "title",
                               "សុខភាព", "Lan", WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_clip(ov, "km", "form/mini/q1", "q1.ogg", 2, "Lan",
                               WHEN),
              KIOSK_OK);
    struct overlay_report rep;
    CHECK_INT(overlay_apply(ov, &fx.c, &rep), KIOSK_OK);
    CHECK_INT(rep.n, 0);
    overlay_report_free(&rep);
    char h[OVERLAY_HASH_LEN + 1];
    struct overlay_ref r = find(&fx, "string/app.title");
    overlay_item_hash(&fx.c, r, "km", h);
    CHECK_INT(overlay_set_review(ov, "km", "string/app.title",
                                 OVERLAY_REVIEWED, "Lan", WHEN, h),
              KIOSK_OK);
    r = find(&fx, "string/nav.back");
    overlay_item_hash(&fx.c, r, "km", h);
    CHECK_INT(overlay_set_review(ov, "km", "string/nav.back",
                                 OVERLAY_REVIEWED, "Lan", WHEN, h),
              KIOSK_OK);
    r = find(&fx, "article/a1");
    overlay_item_hash(&fx.c, r, "km", h);
    CHECK_INT(overlay_set_review(ov, "km", "article/a1", OVERLAY_NEEDS_FIXING,
                                 "Lan", WHEN, h),
              KIOSK_OK);
    /* nav.back's text changes after its review */
    r = find(&fx, "string/nav.back");
    CHECK_INT(overlay_set_text(ov, "km", "string/nav.back", "text",
                               "ថយក្រោយ", "Minh", LATER),
              KIOSK_OK);
    CHECK_INT(overlay_item_set_text(&fx.c, r, 0, "km", "ថយក្រោយ"), KIOSK_OK);
    static const struct want km1[] = {
        {"strings", 3, 2, 1, 1, 0, 1, 3, 1, 0, 0},
        {"info", 3, 2, 2, 0, 1, 0, 2, 0, 0, 0},
        {"services", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {"form:mini", 4, 0, 0, 0, 0, 0, 4, 1, 0, 0},
        {"quiz:mini", 2, 0, 0, 0, 0, 0, 1, 0, 0, 0},
    };
    check_ready(&fx, ov, src, "km", km1, 5);
    struct overlay_item_state st;
    overlay_item_state(&fx.c, ov, src, r, "km", &st);
    CHECK(st.stale && st.edited && st.text && overlay_item_needs_work(&st));
    r = find(&fx, "string/app.title");
    overlay_item_state(&fx.c, ov, src, r, "km", &st);
    CHECK(st.status == OVERLAY_REVIEWED && !st.stale);
    CHECK(st.audio == OVERLAY_SOURCE_RECORDED);
    CHECK(!overlay_item_needs_work(&st));
    /* the printed table holds the same numbers */
    char tpath[600];
    snprintf(tpath, sizeof tpath, "%s/table.txt", tmp_root);
    FILE *f = fopen(tpath, "w");
    overlay_readiness_print(&fx.c, ov, src, f);
    fclose(f);
    char *table = read_all(tpath);
    CHECK_CONTAINS(table, "km     strings                  2/3 67%         "
                          "1/3 33%             0     1");
    CHECK_CONTAINS(table, "vi     form:mini                4/4 100%");
    free(table);
    overlay_free(ov);
    overlay_sources_free(src);
    kiosk_diag_free(&d);
    free_fixture(&fx);
}

static void test_sources(void)
{
    const char *dir = tmpdir("src");
    char path[600];
    snprintf(path, sizeof path, "%s/audio-sources.csv", dir);
    write_text(path, "file,source,voice\r\n*.ogg,synthetic,espeak-ng\r\n"
                     "human-*.ogg,recorded,\r\nx.ogg,spoken,\r\n"
                     "a/b.ogg,recorded,\r\nnone-*.ogg,recorded,\r\n");
    copy(CLIP, (snprintf(path, sizeof path, "%s/audio/human-1.ogg", dir),
                path));
    struct overlay_sources *s = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_sources_load(dir, &s, &d), KIOSK_EPARSE);
    CHECK(diag_has(&d, "audio-sources.csv:4:2: error: source 'spoken'"));
    CHECK(diag_has(&d, "audio-sources.csv:5:1: error: file must be a name"));
    CHECK(diag_has(&d, "audio-sources.csv:6:1: warning: 'none-*.ogg' "
                       "matches no file"));
    CHECK(s != NULL);
    CHECK_INT(overlay_source_of(s, NULL, "/p/audio/article-x.ogg"),
              OVERLAY_SOURCE_SYNTHETIC);
    CHECK_INT(overlay_source_of(s, NULL, "/p/audio/human-2.ogg"),
              OVERLAY_SOURCE_RECORDED);
    CHECK_INT(overlay_source_of(s, NULL, "/p/audio/x.mp3"),
              OVERLAY_SOURCE_UNKNOWN);
    struct overlay *ov = overlay_new("/data/overlay");
    CHECK_INT(overlay_source_of(s, ov, "/data/overlay/audio/km/x.ogg"),
              OVERLAY_SOURCE_RECORDED);
    CHECK_INT(overlay_source_of(NULL, ov, "/data/overlay2/x.ogg"),
              OVERLAY_SOURCE_UNKNOWN);
    overlay_free(ov);
    overlay_sources_free(s);
    kiosk_diag_free(&d);
    /* a header a translator mistyped: said with the column, nothing read */
    snprintf(path, sizeof path, "%s/audio-sources.csv", dir);
    write_text(path, "file,sourse,voice,file\r\n*.ogg,synthetic,x,y\r\n");
    CHECK_INT(overlay_sources_load(dir, &s, &d), KIOSK_EPARSE);
    CHECK(diag_has(&d, "audio-sources.csv:1:2: error: unknown column "
                       "'sourse'"));
    CHECK(diag_has(&d, "audio-sources.csv:1:4: error: duplicate column "
                       "'file' (also column 1)"));
    CHECK(diag_has(&d, "audio-sources.csv:1: error: missing required column "
                       "'source'"));
    CHECK_INT(overlay_source_of(s, NULL, "/p/audio/article-x.ogg"),
              OVERLAY_SOURCE_UNKNOWN);
    overlay_sources_free(s);
    kiosk_diag_free(&d);
    /* the default pack's espeak clips are all marked synthetic */
    CHECK_INT(overlay_sources_load("assets/pack", &s, &d), KIOSK_OK);
    CHECK_INT(d.n, 0);
    DIR *dh = opendir("assets/pack/audio");
    struct dirent *e;
    int n = 0, synth = 0;
    while (dh && (e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".ogg") == 0) {
            n++;
            synth += overlay_source_of(s, NULL, e->d_name) ==
                     OVERLAY_SOURCE_SYNTHETIC;
        }
    }
    if (dh) {
        closedir(dh);
    }
    CHECK(n > 300);
    CHECK_INT(synth, n);
    overlay_sources_free(s);
    kiosk_diag_free(&d);
}

/* ---- spreadsheets ----------------------------------------------------- */

static void test_csv(void)
{
    struct fixture fx;
    if (!load_fixture(&fx, PACK)) {
        CHECK(0);
        return;
    }
    const char *dir = tmpdir("csv");
    struct overlay *ov = overlay_new(dir);
    char path[600];
    snprintf(path, sizeof path, "%s/km.csv", tmp_root);
    FILE *f = fopen(path, "wb");
    CHECK_INT(overlay_csv_export(&fx.c, ov, "km", f), KIOSK_OK);
    fclose(f);
    /* the export is a CSV our own reader accepts, one row per field */
    struct csv_table t;
    struct kiosk_diag d = {0};
    CHECK_INT(csv_load(path, "km.csv", &t, &d), KIOSK_OK);
    CHECK_STR(csv_cell(&t, 0, 4), "text::ភាសាខ្មែរ (km)");
    /* strings 3, category 1, a1 2, a2 2, service 2 (hours has no
     * source), note 1, q1 2, choices 2, quiz title 1, question 4 */
    CHECK_INT(t.nrows - 1, 3 + 1 + 2 + 2 + 2 + 1 + 2 + 2 + 1 + 4);
    int hot = -1;
    for (int r = 1; r < t.nrows; r++) {
        if (strcmp(csv_cell(&t, r, 0), "string/app.hotline") == 0) {
            hot = r;
        }
    }
    CHECK(hot > 0);
    CHECK_STR(csv_cell(&t, hot, 2), "Đường dây nóng: {phone}");
    CHECK_STR(csv_cell(&t, hot, 6), "keep {phone} as it is");
    csv_free(&t);

    /* a translator's file: two new texts, one changed, one empty, one
     * left as it was, a cell in decomposed form */
    snprintf(path, sizeof path, "%s/km-in.csv", tmp_root);
    write_text(path,
               "\xEF\xBB\xBFitem,field,source::Tiếng Việt (vi),"
               "text::ភាសាខ្មែរ (km),status\r\n"
               "string/app.hotline,text,Đường dây nóng: {phone},"
               "\"ខ្សែទូរស័ព្ទ, {phone}\",\r\n"
               "string/app.title,text,Điểm tư vấn,ចំណុចប្រឹក្សា,\r\n"
               "string/nav.back,text,Quay lại,ថយក្រោយ,\r\n"
               "article/a2,title,Bài hai,,\r\n"
               "choice/mini/yn/no,label,Không,Kho\xCC\x82ng,\r\n"
               "category/health,title,Sức khỏe,\"  \r\n \",\r\n");
    struct overlay_import res;
    CHECK_INT(overlay_csv_import(&fx.c, ov, "km", path, "km-in.csv", "Lan",
                                 WHEN, &res, &d),
              KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(res.rows, 6);
    CHECK_INT(res.changed, 3);
    CHECK_INT(res.unchanged, 1);
    CHECK_INT(res.empty, 2); /* an empty cell, and one of spaces */
    CHECK_INT(res.normalised, 1);
    CHECK_STR(pack_str(fx.pack, "km", "app.hotline"),
              "ខ្សែទូរស័ព្ទ, {phone}");
    CHECK_STR(pack_str(fx.pack, "km", "nav.back"), "ថយក្រោយ");
    CHECK_STR(survey_choice_text_in(fx.forms[0], 1, SURVEY_TEXT_LABEL, "km"),
              "Kh\xC3\xB4ng");
    const struct overlay_text *ot =
        overlay_text_get(ov, "km", "string/nav.back", "text");
    CHECK(ot && strcmp(ot->by, "Lan") == 0);
    CHECK_INT(overlay_ntexts(ov, "km"), 3);
    kiosk_diag_free(&d);

    /* every bad file: its problem at file:row:col, and nothing changes */
    static const struct {
        const char *text, *where;
    } bad[] = {
        {"item,field,text::Hmoob (hmn)\r\nstring/nav.back,text,x\r\n",
         "bad.csv:1:3: error: this file holds 'hmn' text, not 'km'"},
        {"item,field,text::ភាសាខ្មែរ (km),colour\r\n",
         "bad.csv:1:4: error: unknown column 'colour'"},
        {"item,text::ភាសាខ្មែរ (km)\r\n",
         "bad.csv:1: error: needs the columns item, field"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nstring/nav.back,text,ok\r\n"
         "article/gone,title,x\r\n",
         "bad.csv:3:1: error: item 'article/gone' is not in this pack"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\narticle/a1,colour,x\r\n",
         "bad.csv:2:2: error: item 'article/a1' has no field 'colour'"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nservice/s1,hours,x\r\n",
         "bad.csv:2:2: error: item 'service/s1' has no field 'hours'"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nstring/app.hotline,text,"
         "ខ្សែទូរស័ព្ទ {phon}\r\n",
         "bad.csv:2:3: error: placeholder {phone} must appear"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nstring/nav.back,text,a\r\n"
         "string/nav.back,text,b\r\n",
         "bad.csv:3:1: error: item 'string/nav.back' field 'text' is also on "
         "row 2"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nstring/nav.back,text,\xE1\x80\r\n",
         "bad.csv:2:3: error: text is not valid UTF-8"},
        {"item,field,text::ភាសាខ្មែរ (km)\r\nstring/nav.back,text,a\x02\r\n",
         "bad.csv:2:3: error: text holds a control character"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "%s/bad.csv", tmp_root);
        write_text(path, bad[i].text);
        struct kiosk_diag bd = {0};
        CHECK(overlay_csv_import(&fx.c, ov, "km", path, "bad.csv", "Minh",
                                 LATER, &res, &bd) != KIOSK_OK);
        if (!diag_has(&bd, bad[i].where)) {
            fprintf(stderr, "  case %zu\n", i);
            CHECK(0);
        }
        CHECK_STR(pack_str(fx.pack, "km", "nav.back"), "ថយក្រោយ");
        ot = overlay_text_get(ov, "km", "string/nav.back", "text");
        CHECK(ot && strcmp(ot->by, "Lan") == 0 &&
              strcmp(ot->text, "ថយក្រោយ") == 0);
        kiosk_diag_free(&bd);
    }
    /* a source that changed since the export is a warning, not an error */
    write_text(path, "item,field,source::Tiếng Việt (vi),"
                     "text::ភាសាខ្មែរ (km)\r\n"
                     "string/nav.back,text,Trở lại,ត្រឡប់វិញ\r\n");
    CHECK_INT(overlay_csv_import(&fx.c, ov, "km", path, "bad.csv", "Minh",
                                 LATER, &res, &d),
              KIOSK_OK);
    CHECK(diag_has(&d, "bad.csv:2:3: warning: the Vietnamese source "
                       "changed"));
    CHECK_INT(res.source_changed, 1);
    CHECK_STR(pack_str(fx.pack, "km", "nav.back"), "ត្រឡប់វិញ");
    kiosk_diag_free(&d);
    overlay_free(ov);
    free_fixture(&fx);
}

/* ---- sharing ---------------------------------------------------------- */

static void test_share(void)
{
    const char *a_dir = tmpdir("kioskA"), *b_dir = tmpdir("kioskB");
    const char *usb = tmpdir("usb");
    struct overlay *a = overlay_new(a_dir);
    char clip[600], dest[600];
    copy(CLIP, overlay_clip_path(a, "km", "a1.ogg", clip, sizeof clip));
    CHECK_INT(overlay_set_text(a, "km", "article/a1", "body", "ក", "Lan",
                               LATER),
              KIOSK_OK);
    CHECK_INT(overlay_set_text(a, "km", "article/a1", "title", "ខ", "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_clip(a, "km", "article/a1", "a1.ogg", 3.25, "Lan",
                               LATER),
              KIOSK_OK);
    CHECK_INT(overlay_set_review(a, "hmn", "string/nav.back",
                                 OVERLAY_REVIEWED, "Tou", WHEN,
                                 "0123456789abcdef"),
              KIOSK_OK);
    CHECK_INT(overlay_save(a, "km"), KIOSK_OK);
    CHECK_INT(overlay_save(a, "hmn"), KIOSK_OK);
    snprintf(dest, sizeof dest, "%s/kiosk-overlay", usb);
    int skipped = -1;
    CHECK_INT(overlay_share_export(a, dest, "test-0001", LATER, &skipped),
              KIOSK_OK);
    CHECK_INT(skipped, 0);
    /* exporting again replaces the copy whole */
    CHECK_INT(overlay_share_export(a, dest, "test-0001", LATER, &skipped),
              KIOSK_OK);
    char p[700];
    snprintf(p, sizeof p, "%s.old", dest);
    CHECK(access(p, F_OK) != 0);
    snprintf(p, sizeof p, "%s.new", dest);
    CHECK(access(p, F_OK) != 0);

    /* kiosk B has its own older body and a newer title */
    struct overlay *b = overlay_new(b_dir);
    CHECK_INT(overlay_set_text(b, "km", "article/a1", "body", "old", "Minh",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_text(b, "km", "article/a1", "title", "new", "Minh",
                               LATER),
              KIOSK_OK);
    CHECK_INT(overlay_save(b, "km"), KIOSK_OK);
    struct overlay_merge m;
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_share_import(b, dest, &m, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(m.langs, 2);
    CHECK_INT(m.replaced, 1); /* the body */
    CHECK_INT(m.kept, 1);     /* B's newer title */
    CHECK_INT(m.added, 2);    /* the clip, hmn's review */
    CHECK_INT(m.clips, 1);
    kiosk_diag_free(&d);
    /* as B has it on disk after a restart */
    struct overlay *b2 = NULL;
    CHECK_INT(overlay_load(b_dir, &b2, &d), KIOSK_OK);
    const struct overlay_text *t =
        overlay_text_get(b2, "km", "article/a1", "body");
    CHECK(t && strcmp(t->text, "ក") == 0 && strcmp(t->by, "Lan") == 0);
    t = overlay_text_get(b2, "km", "article/a1", "title");
    CHECK(t && strcmp(t->text, "new") == 0);
    const struct overlay_clip *cl = overlay_clip_get(b2, "km", "article/a1");
    CHECK(cl && cl->seconds == 3.25);
    CHECK(cl && access(overlay_clip_path(b2, "km", cl->file, clip,
                                         sizeof clip),
                       R_OK) == 0);
    CHECK(overlay_review_get(b2, "hmn", "string/nav.back") != NULL);
    kiosk_diag_free(&d);
    overlay_free(b2);
    /* importing twice adds nothing */
    CHECK_INT(overlay_share_import(b, dest, &m, &d), KIOSK_OK);
    CHECK_INT(m.added + m.replaced, 0);
    kiosk_diag_free(&d);

    /* a shared overlay with a clip that is not Ogg: nothing changes */
    snprintf(p, sizeof p, "%s/audio/km/a1.ogg", dest);
    write_text(p, "RIFF....WAVE");
    struct overlay *c = overlay_new(tmpdir("kioskC"));
    CHECK_INT(overlay_share_import(c, dest, &m, &d), KIOSK_EPARSE);
    CHECK(diag_has(&d, "clip audio/km/a1.ogg is not an Ogg file"));
    CHECK_INT(overlay_nlangs(c), 0);
    kiosk_diag_free(&d);
    /* a folder that is not a shared overlay */
    CHECK_INT(overlay_share_import(c, usb, &m, &d), KIOSK_ENOENT);
    kiosk_diag_free(&d);
    /* a damaged language file in the share: nothing changes */
    snprintf(p, sizeof p, "%s/hmn/reviews.csv", dest);
    write_text(p, "item,status\r\n");
    CHECK_INT(overlay_share_import(c, dest, &m, &d), KIOSK_EPARSE);
    CHECK_INT(overlay_nlangs(c), 0);
    kiosk_diag_free(&d);
    overlay_free(c);
    overlay_free(b);
    overlay_free(a);
}

/* A pack update: the overlay is read again and applied over a pack that
 * lost an article; the entry is kept (and saved again unchanged) and
 * reported. */
static void test_pack_update(void)
{
    const char *v2 = tmpdir("pack-v2");
    char cmd[900];
    snprintf(cmd, sizeof cmd,
             "cp -r " PACK " '%s' && grep -v '^a2,' " PACK
             "/info/articles.csv > '%s/info/articles.csv'",
             v2, v2);
    CHECK(system(cmd) == 0);
    const char *dir = tmpdir("upd");
    struct overlay *ov = overlay_new(dir);
    CHECK_INT(overlay_set_text(ov, "km", "article/a2", "title", "ទី២", "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_set_text(ov, "km", "article/a1", "body", "ក", "Lan",
                               WHEN),
              KIOSK_OK);
    CHECK_INT(overlay_save(ov, "km"), KIOSK_OK);
    overlay_free(ov);
    struct kiosk_diag d = {0};
    CHECK_INT(overlay_load(dir, &ov, &d), KIOSK_OK);
    struct fixture fx;
    CHECK(load_fixture(&fx, v2));
    struct overlay_report rep;
    CHECK_INT(overlay_apply(ov, &fx.c, &rep), KIOSK_OK);
    CHECK_INT(rep.applied, 1);
    CHECK_INT(rep.n, 1);
    CHECK(rep.n == 1 && strcmp(rep.orphans[0].item, "article/a2") == 0);
    overlay_report_free(&rep);
    CHECK_STR(pack_article_body(fx.pack, 0, "km"), "ក");
    CHECK_INT(overlay_save(ov, "km"), KIOSK_OK);
    overlay_free(ov);
    CHECK_INT(overlay_load(dir, &ov, &d), KIOSK_OK);
    CHECK(overlay_text_get(ov, "km", "article/a2", "title") != NULL);
    overlay_free(ov);
    kiosk_diag_free(&d);
    free_fixture(&fx);
}

int main(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmp_root, sizeof tmp_root, "%s/test_overlay.%d",
             base ? base : "/tmp", (int)getpid());
    mkdir(tmp_root, 0755);
    test_keys();
    test_round_trip();
    test_missing_dir();
    test_bad_files();
    test_items();
    test_apply();
    test_readiness();
    test_sources();
    test_csv();
    test_share();
    test_pack_update();
    rm_rf(tmp_root);
    TEST_MAIN_END();
}
