/* Content-pack loader and checker: a small valid pack (tests/content/packs/
 * good), one malformed pack per defect (packs/bad-*), and oversized fields
 * generated at run time. Run from the repository root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/pack.h"
#include "core/csv.h"
#include "test.h"

#define GOOD "tests/content/packs/good"
#define PACKS "tests/content/packs/"

/* ---- the good pack ----------------------------------------------------- */

struct fallback_case {
    const char *lang, *key, *want;
    int fallback; /* expected *fallback of pack_str_ex */
};

static const struct fallback_case fallback_cases[] = {
    {"km", "nav.back", "ត្រឡប់ក្រោយ", 0},            /* own */
    {"km", "app.title", "Điểm tư vấn cộng đồng", 1},  /* -> vi */
    {"km", "only.en", "Only in English", 1},           /* -> vi -> en */
    {"vi", "only.en", "Only in English", 1},           /* vi -> en */
    {"en", "nav.home", "Home", 0},
    {"vi", "nav.home", "Trang chủ", 0},
    {"km", "empty.all", "empty.all", 1},               /* -> key */
    {"km", "no.such.key", "no.such.key", 1},           /* unknown key */
    {"fr", "nav.back", "Quay lại", 1},                 /* unknown lang */
    {NULL, "nav.back", "Quay lại", 1},
    {"en", "info.body", "Line one.\r\n\r\nLine two.", 0}, /* multi-line */
    {"en", "idle.body",
     "For your privacy, this visit will be erased in {n} seconds.", 0},
};

struct coverage_case {
    const char *lang;
    struct pack_coverage want;
};

/* Counted by hand from the fixture files: 8 keys, 3 articles, 2 services. */
static const struct coverage_case coverage_cases[] = {
    {"vi", {6, 8, 3, 3, 1, 2}},
    {"en", {7, 8, 3, 3, 2, 2}},
    {"km", {2, 8, 1, 3, 0, 2}},
};

static char *read_all(const char *path)
{
    char *data = NULL;
    size_t len;
    if (kiosk_read_file(path, CSV_MAX_FILE, &data, &len) != KIOSK_OK) {
        return NULL;
    }
    return data;
}

static void test_good(void)
{
    struct pack *p = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(pack_load(GOOD, &p, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    /* only.en and empty.all have no Vietnamese text: warnings, not errors */
    CHECK_INT(d.warnings, 2);
    kiosk_diag_print(&d, stderr);
    kiosk_diag_free(&d);
    if (!p) {
        return;
    }
    CHECK_STR(pack_dir(p), GOOD);
    CHECK_INT(pack_nlangs(p), 3);
    CHECK_STR(pack_lang(p, 0)->code, "vi");
    CHECK_STR(pack_lang(p, 1)->code, "en");
    CHECK_STR(pack_lang(p, 2)->name, "ភាសាខ្មែរ");
    CHECK_STR(pack_lang(p, 2)->script, "Khmr");
    CHECK_INT(pack_lang(p, 2)->draft, 1);
    CHECK_INT(pack_lang(p, 0)->draft, 0);
    CHECK(pack_lang(p, 3) == NULL);
    CHECK(pack_lang(p, -1) == NULL);
    CHECK_INT(pack_lang_index(p, "km"), 2);
    CHECK_INT(pack_lang_index(p, "hmn"), -1);
    CHECK_INT(pack_lang_index(p, NULL), -1);

    for (size_t i = 0; i < sizeof fallback_cases / sizeof *fallback_cases;
         i++) {
        const struct fallback_case *c = &fallback_cases[i];
        int fb = -1;
        CHECK_STR(pack_str_ex(p, c->lang, c->key, &fb), c->want);
        CHECK_INT(fb, c->fallback);
        CHECK_STR(pack_str(p, c->lang, c->key), c->want);
    }
    CHECK_INT(pack_has_str(p, "nav.back"), 1);
    CHECK_INT(pack_has_str(p, "empty.all"), 1);
    CHECK_INT(pack_has_str(p, "no.such.key"), 0);
    CHECK_INT(pack_has_str(p, ""), 0); /* the blank row is not a key */

    /* NFC: the CSV really holds e + U+0323 + U+0302; the pack gives U+1EC7 */
    char *raw = read_all(GOOD "/strings.csv");
    CHECK(raw && strstr(raw, "Vie\xcc\xa3\xcc\x82t"));
    free(raw);
    CHECK_STR(pack_str(p, "vi", "app.lang"), "Tiếng Vi\xe1\xbb\x87t");

    /* media: full paths, audio in the own language only */
    CHECK_STR(pack_str_audio(p, "vi", "app.title"),
              GOOD "/audio/home-vi.ogg");
    CHECK(pack_str_audio(p, "en", "app.title") == NULL);
    CHECK(pack_str_audio(p, "vi", "nav.back") == NULL);

    CHECK_INT(pack_ncategories(p), 2);
    CHECK_STR(pack_category_id(p, 1), "law");
    CHECK_STR(pack_category_image(p, 0), GOOD "/images/tile.png");
    CHECK(pack_category_image(p, 1) == NULL);
    /* icons.csv: a picture for a UI string's key */
    CHECK_STR(pack_icon(p, "app.title"), GOOD "/images/tile.png");
    CHECK(pack_icon(p, "nav.back") == NULL);
    CHECK(pack_icon(p, NULL) == NULL);
    CHECK_STR(pack_category_title(p, 0, "en"), "Health");
    CHECK_STR(pack_category_title(p, 0, "km"), "Sức khỏe");
    CHECK(pack_category_id(p, 2) == NULL);
    CHECK(pack_category_title(p, -1, "vi") == NULL);

    CHECK_INT(pack_narticles(p), 3);
    CHECK_STR(pack_article_id(p, 0), "a1");
    CHECK_STR(pack_article_category(p, 1), "law");
    CHECK_STR(pack_article_image(p, 0), GOOD "/images/tile.png");
    CHECK(pack_article_image(p, 2) == NULL);
    CHECK_STR(pack_article_title(p, 0, "km"), "អត្ថបទទី១");
    CHECK_STR(pack_article_body(p, 0, "vi"), "Đoạn một.\n\nĐoạn hai.");
    CHECK_STR(pack_article_title(p, 2, "km"), "Bài ba");
    CHECK_STR(pack_article_body(p, 1, "km"), "Nội dung hai.");
    CHECK_INT(pack_article_translated(p, 0, "km"), 1);
    CHECK_INT(pack_article_translated(p, 1, "km"), 0); /* title only */
    CHECK_INT(pack_article_translated(p, 1, "en"), 1);
    CHECK_STR(pack_article_audio(p, 0, "km"), GOOD "/audio/a1-km.ogg");
    CHECK(pack_article_audio(p, 0, "en") == NULL);
    CHECK(pack_article_audio(p, 1, "km") == NULL);
    CHECK(pack_article_id(p, 3) == NULL);
    CHECK(pack_article_body(p, 3, "vi") == NULL);

    CHECK_INT(pack_nservices(p), 2);
    const struct pack_service *s = pack_service(p, 0);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(s->id, "s1");
        CHECK_STR(s->kind, "counseling");
        CHECK_STR(s->district, "Sample district");
        CHECK_STR(s->phone, "000 000 0000");
        CHECK_INT(s->sample, 1);
    }
    CHECK(pack_service(p, 2) == NULL);
    CHECK_STR(pack_service_text(p, 0, "address", "en"),
              "(sample) Commune health station, X district");
    CHECK_STR(pack_service_text(p, 0, "hours", "km"), "Thứ Hai đến Thứ Sáu");
    CHECK_STR(pack_service_text(p, 1, "name", "vi"), "Hotline (sample)");
    CHECK_STR(pack_service_text(p, 1, "hours", "vi"), "");
    CHECK(pack_service_text(p, 0, "phone", "vi") == NULL);

    for (size_t i = 0; i < sizeof coverage_cases / sizeof *coverage_cases;
         i++) {
        const struct coverage_case *c = &coverage_cases[i];
        struct pack_coverage got;
        pack_coverage(p, pack_lang_index(p, c->lang), &got);
        CHECK_INT(got.strings, c->want.strings);
        CHECK_INT(got.strings_total, c->want.strings_total);
        CHECK_INT(got.articles, c->want.articles);
        CHECK_INT(got.articles_total, c->want.articles_total);
        CHECK_INT(got.services, c->want.services);
        CHECK_INT(got.services_total, c->want.services_total);
    }

    /* a broken pack never replaces the one in use */
    struct pack *q = (struct pack *)1;
    CHECK_INT(pack_load(PACKS "bad-duplicate-key", &q, NULL), KIOSK_EPARSE);
    CHECK(q == NULL);
    CHECK_STR(pack_str(p, "km", "nav.home"), "ទំព័រដើម");
    pack_free(p);

    /* a trailing slash is not doubled in media paths */
    CHECK_INT(pack_load(GOOD "/", &p, NULL), KIOSK_OK);
    if (p) {
        CHECK_STR(pack_category_image(p, 0), GOOD "/images/tile.png");
        pack_free(p);
    }
    pack_free(NULL);
    p = (struct pack *)1;
    CHECK_INT(pack_load(NULL, &p, NULL), KIOSK_EINVAL);
    CHECK(p == NULL);
}

/* ---- malformed packs --------------------------------------------------- */

struct bad_case {
    const char *dir;  /* under tests/content/packs/ */
    const char *file; /* diagnostic: file, row, col, message fragment */
    int row, col;
    const char *msg;
};

static const struct bad_case bad_cases[] = {
    {"bad-quote", "strings.csv", 3, 3, "never closed"},
    {"bad-utf8", "strings.csv", 2, 3, "not valid UTF-8"},
    {"bad-missing-column", "strings.csv", 1, 0,
     "missing required column 'slot'"},
    {"bad-duplicate-key", "strings.csv", 4, 1,
     "duplicate key 'nav.back' (first on row 2)"},
    {"bad-missing-image", "info/categories.csv", 2, 2,
     "image file 'images/nothere.png' not found"},
    {"bad-icon-key", "icons.csv", 3, 1,
     "no string 'home.nosuch' in strings.csv"},
    {"bad-empty-file", "strings.csv", 0, 0, "file is empty"},
    {"bad-unknown-language", "strings.csv", 1, 5,
     "unknown language code 'fr'"},
    {"bad-unknown-category", "info/articles.csv", 3, 2,
     "category 'nosuch' is not in info/categories.csv"},
    {"bad-unknown-column", "strings.csv", 1, 3, "unknown column 'comment'"},
    {"bad-empty-key", "strings.csv", 4, 1, "empty key"},
    {"bad-duplicate-article", "info/articles.csv", 4, 1,
     "duplicate article id 'a1' (first on row 2)"},
    {"bad-slot", "strings.csv", 3, 2, "slot 'banner'"},
    {"bad-status", "languages.csv", 3, 5, "status 'final'"},
    {"bad-language-order", "languages.csv", 2, 1, "must be 'vi' then 'en'"},
    {"bad-service-kind", "services.csv", 3, 2, "unknown kind 'clinic'"},
    {"bad-sample-phone", "services.csv", 2, 3, "placeholder phone"},
    {"bad-sample-value", "services.csv", 2, 4, "sample 'maybe'"},
    {"bad-missing-audio", "strings.csv", 2, 5,
     "audio file 'audio/back-en.ogg' not found"},
};

/* Each bad pack has exactly one defect: exactly one error, at the place
 * the table names. */
static void expect_one(const char *what, const struct kiosk_diag *d,
                       const char *file, int row, int col, const char *msg)
{
    CHECK_INT(d->errors, 1);
    if (d->errors != 1 || d->n < 1) {
        fprintf(stderr, "  in %s:\n", what);
        kiosk_diag_print(d, stderr);
        return;
    }
    const struct kiosk_diag_item *it = &d->items[0];
    if (d->items[0].is_warning && d->n > 1) {
        it = &d->items[1];
    }
    CHECK_STR(it->file, file);
    CHECK_INT(it->row, row);
    CHECK_INT(it->col, col);
    CHECK_CONTAINS(it->msg, msg);
}

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const struct bad_case *c = &bad_cases[i];
        char dir[256];
        snprintf(dir, sizeof dir, PACKS "%s", c->dir);
        struct pack *p = (struct pack *)1;
        struct kiosk_diag d = {0};
        enum kiosk_err rc = pack_load(dir, &p, &d);
        CHECK_INT(rc, KIOSK_EPARSE);
        CHECK(p == NULL);
        for (int k = 0; k < d.n; k++) {
            if (d.items[k].is_warning) {
                continue;
            }
            /* only the one defect's error item may be present */
            CHECK_STR(d.items[k].file, c->file);
        }
        int errs = 0;
        const struct kiosk_diag_item *it = NULL;
        for (int k = 0; k < d.n; k++) {
            if (!d.items[k].is_warning) {
                errs++;
                it = it ? it : &d.items[k];
            }
        }
        CHECK_INT(errs, 1);
        if (it) {
            CHECK_INT(it->row, c->row);
            CHECK_INT(it->col, c->col);
            CHECK_CONTAINS(it->msg, c->msg);
        }
        if (errs != 1 || !it || it->row != c->row || it->col != c->col) {
            fprintf(stderr, "  in %s:\n", c->dir);
            kiosk_diag_print(&d, stderr);
        }
        kiosk_diag_free(&d);
    }
}

/* ---- oversized fields, written at run time ----------------------------- */

static int write_file(const char *path, const char *a, size_t alen,
                      const char *b, size_t blen, const char *c)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    int ok = fwrite(a, 1, alen, f) == alen && fwrite(b, 1, blen, f) == blen &&
             fputs(c, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static void long_field(const char *tmp, size_t size, const char *msg)
{
    static const char langs[] =
        "code,name,name_en,script,status\n"
        "vi,Tiếng Việt,Vietnamese,Latn,reviewed\n"
        "en,English,English,Latn,reviewed\n";
    static const char head[] =
        "key,slot,text::Tiếng Việt (vi),text::English (en)\n"
        "nav.back,button,Quay lại,Back\n"
        "info.long,body,Dài,\"";
    char path[512];
    snprintf(path, sizeof path, "%s/languages.csv", tmp);
    CHECK_INT(write_file(path, langs, sizeof langs - 1, "", 0, ""), 0);
    char *big = malloc(size);
    CHECK(big != NULL);
    if (!big) {
        return;
    }
    memset(big, 'x', size);
    snprintf(path, sizeof path, "%s/strings.csv", tmp);
    CHECK_INT(write_file(path, head, sizeof head - 1, big, size, "\"\n"), 0);
    free(big);
    struct pack *p = NULL;
    struct kiosk_diag d = {0};
    CHECK_INT(pack_load(tmp, &p, &d), KIOSK_EPARSE);
    CHECK(p == NULL);
    expect_one("long field", &d, "strings.csv", 3, 4, msg);
    kiosk_diag_free(&d);
    pack_free(p);
}

static void test_long_fields(void)
{
    char tmp[] = "/tmp/kiosk-pack-XXXXXX";
    if (!mkdtemp(tmp)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    /* over this module's 16 KB strings.csv limit, under the reader's */
    long_field(tmp, 20 * 1024, "the limit in strings.csv is 16384");
    /* over the reader's field limit and its whole-file limit */
    long_field(tmp, 10u * 1024 * 1024, "field is longer than");
    char path[512];
    snprintf(path, sizeof path, "%s/languages.csv", tmp);
    unlink(path);
    snprintf(path, sizeof path, "%s/strings.csv", tmp);
    unlink(path);
    rmdir(tmp);
}

/* ---- every truncation of a real file: never a crash, leak or lie ------- */

static void copy_prefix(const char *data, size_t n, const char *path)
{
    CHECK_INT(write_file(path, data, n, "", 0, ""), 0);
}

/* Loads the good pack with strings.csv cut at every byte offset (and with
 * one byte overwritten by a quote), checking the contract: KIOSK_OK with a
 * pack and no errors, or an error with no pack and at least one diagnostic.
 * Under ASan this also proves the failure paths free everything. */
static void test_truncations(void)
{
    char tmp[] = "/tmp/kiosk-pack-XXXXXX";
    if (!mkdtemp(tmp)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    char path[512];
    /* the clips copied in: a link to the fixture's folder would be a link
     * out of the pack, which the loader refuses */
    static const char *const clips[] = {"a1-km.ogg", "a1-vi.ogg",
                                        "home-vi.ogg"};
    snprintf(path, sizeof path, "%s/audio", tmp);
    CHECK_INT(mkdir(path, 0755), 0);
    for (size_t i = 0; i < 3; i++) {
        char from[256];
        snprintf(from, sizeof from, GOOD "/audio/%s", clips[i]);
        char *clip = read_all(from);
        CHECK(clip != NULL);
        snprintf(path, sizeof path, "%s/audio/%s", tmp, clips[i]);
        if (clip) {
            copy_prefix(clip, strlen(clip), path);
        }
        free(clip);
    }
    char *langs = read_all(GOOD "/languages.csv");
    char *strs = read_all(GOOD "/strings.csv");
    CHECK(langs && strs);
    if (!langs || !strs) {
        free(langs);
        free(strs);
        return;
    }
    snprintf(path, sizeof path, "%s/languages.csv", tmp);
    copy_prefix(langs, strlen(langs), path);
    snprintf(path, sizeof path, "%s/strings.csv", tmp);
    size_t len = strlen(strs);
    int ok = 0, failed = 0, broken = 0;
    for (size_t n = 0; n <= len; n++) {
        for (int quote = 0; quote < 2; quote++) {
            char saved = strs[n / 2];
            if (quote) {
                strs[n / 2] = '"';
            }
            copy_prefix(strs, n, path);
            strs[n / 2] = saved;
            struct pack *p = (struct pack *)1;
            struct kiosk_diag d = {0};
            enum kiosk_err rc = pack_load(tmp, &p, &d);
            if (rc == KIOSK_OK) {
                ok++;
                broken += p == NULL || d.errors != 0;
                /* a pack that loaded answers queries */
                broken += p && pack_str(p, "km", "nav.back") == NULL;
            } else {
                failed++;
                broken += p != NULL || d.errors == 0 || d.n == 0;
            }
            pack_free(rc == KIOSK_OK ? p : NULL);
            kiosk_diag_free(&d);
        }
    }
    CHECK_INT(broken, 0);
    CHECK(ok > 0);     /* cuts at a row end still load */
    CHECK(failed > 0); /* cuts inside a quoted cell do not */
    free(langs);
    free(strs);
    unlink(path);
    snprintf(path, sizeof path, "%s/languages.csv", tmp);
    unlink(path);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/audio/%s", tmp, clips[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/audio", tmp);
    rmdir(path);
    rmdir(tmp);
}

/* ---- pack_check -------------------------------------------------------- */

struct measure_log {
    int calls;
    int body_calls;   /* body texts must never be measured */
    int khmr_calls;   /* km text comes with its script */
    int slots[5];     /* title button tile line other */
};

/* Pretends Khmer buttons overflow; records what it is asked. */
static int fake_measure(void *ctx, const char *text, const char *lang,
                        const char *script, const char *slot)
{
    struct measure_log *log = ctx;
    static const char *const names[] = {"title", "button", "tile", "line"};
    log->calls++;
    int k = 0;
    while (k < 4 && strcmp(names[k], slot) != 0) {
        k++;
    }
    log->slots[k]++;
    if (strstr(text, "{n}") || strstr(text, "Line one")) {
        log->body_calls++;
    }
    if (strcmp(lang, "km") == 0 && strcmp(script, "Khmr") == 0) {
        log->khmr_calls++;
    }
    return strcmp(lang, "km") == 0 && strcmp(slot, "button") == 0;
}

static char *check_output(const char *dir, pack_measure_fn fn, void *ctx,
                          int *errors)
{
    FILE *f = tmpfile();
    if (!f) {
        return NULL;
    }
    *errors = pack_check(dir, f, fn, ctx);
    long n = ftell(f);
    char *out = malloc((size_t)n + 1);
    rewind(f);
    if (out) {
        out[fread(out, 1, (size_t)n, f)] = '\0';
    }
    fclose(f);
    return out;
}

static void test_check(void)
{
    int errors = -1;
    char *out = check_output(GOOD, NULL, NULL, &errors);
    CHECK_INT(errors, 0);
    CHECK_CONTAINS(out, "strings.csv:7:4: warning: key 'only.en' has no "
                        "Vietnamese text");
    CHECK_CONTAINS(out, "language");
    CHECK_CONTAINS(out, "vi Tiếng Việt");
    /* km: 2/8 strings 25%, 1/3 articles 33%, 0/2 services, draft */
    CHECK_CONTAINS(out, "km ភាសាខ្មែរ");
    CHECK_CONTAINS(out, "2/8  25%  1/3  33%  0/2   0%  draft");
    CHECK_CONTAINS(out, "7/8  88%  3/3 100%  2/2 100%  reviewed");
    CHECK_CONTAINS(out, "0 errors, 2 warnings");
    free(out);

    struct measure_log log = {0};
    out = check_output(GOOD, fake_measure, &log, &errors);
    CHECK_INT(errors, 2);
    CHECK_CONTAINS(out, "strings.csv:4:6: error: km text does not fit a "
                        "'button' slot");
    CHECK_CONTAINS(out, "strings.csv:5:6: error: km text does not fit");
    CHECK_INT(log.body_calls, 0);
    /* km: 2 buttons + 2 article titles */
    CHECK_INT(log.khmr_calls, 4);
    /* buttons: 2 keys x 3 languages; tiles: category titles 2 x 2 */
    CHECK_INT(log.slots[1], 6);
    CHECK_INT(log.slots[2], 4);
    /* titles: app.title 2 + article titles 3+3+2; lines: app.lang 2,
     * only.en 1, service names 2 + 1 */
    CHECK_INT(log.slots[0], 10);
    CHECK_INT(log.slots[3], 6);
    CHECK_INT(log.slots[4], 0);
    free(out);

    out = check_output(PACKS "bad-unknown-category", NULL, NULL, &errors);
    CHECK_INT(errors, 1);
    CHECK_CONTAINS(out, "info/articles.csv:3:2: error: category 'nosuch'");
    CHECK_CONTAINS(out, "1 error,");
    free(out);

    out = check_output(PACKS "bad-empty-file", NULL, NULL, &errors);
    CHECK_INT(errors, 1);
    CHECK_CONTAINS(out, "strings.csv: error: file is empty");
    free(out);

    out = check_output(PACKS "no-such-pack", NULL, NULL, &errors);
    CHECK_INT(errors, 1);
    CHECK_CONTAINS(out, "languages.csv: error: file not found");
    free(out);
}

int main(void)
{
    test_good();
    test_bad();
    test_long_fields();
    test_truncations();
    test_check();
    TEST_MAIN_END();
}
