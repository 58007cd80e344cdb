/* core/sheet: headers read as pyxform reads them, language codes. */
#include "core/sheet.h"
#include "test.h"

static const char *const known[] = {"type", "name", "label", "hint",
                                    "media::image", "constraint_message",
                                    NULL};
static const struct sheet_alias aliases[] = {
    {"caption", "label"},
    {"image", "media::image"},
    {"relevance", "relevant"},
    {NULL, NULL},
};

static void header(const char *h, const char *base, const char *lang,
                   int legacy)
{
    struct sheet_header sh;
    sheet_header_read(h, known, aliases, &sh);
    if (strcmp(sh.base, base) != 0 || strcmp(sh.lang, lang) != 0) {
        fprintf(stderr, "  header '%s'\n", h);
    }
    CHECK_STR(sh.base, base);
    CHECK_STR(sh.lang, lang);
    CHECK_INT(sh.legacy, legacy);
}

int main(void)
{
    header("type", "type", "", 0);
    header("  TYPE ", "type", "", 0);                 /* case, spaces */
    header("Constraint Message", "constraint_message", "", 0);
    header("label::Tiếng Việt (vi)", "label", "Tiếng Việt (vi)", 0);
    header("LABEL::EN", "label", "EN", 0);
    header("label:English", "label", "English", 1);   /* legacy colon */
    header("caption::English (en)", "label", "English (en)", 0);
    header("image::english", "media::image", "english", 0);
    header("media::image::Khmer (km)", "media::image", "Khmer (km)", 0);
    header("media:image:Khmer (km)", "media::image", "Khmer (km)", 1);
    header("bind::relevant", "bind::relevant", "", 0);
    header("bind:jr:constraintMsg", "bind::jr:constraintMsg", "", 1);
    header("bind::jr:constraintMsg::English (en)",
           "bind::jr:constraintMsg", "English (en)", 0);
    header("relevance", "relevant", "", 0);
    header("tutorial notes", "tutorial_notes", "", 0); /* unknown: snake */
    header("kiosk::measure", "kiosk", "measure", 0);

    char code[16];
    CHECK_INT(sheet_lang_code("Tiếng Việt (vi)", code, sizeof code), 2);
    CHECK_STR(code, "vi");
    CHECK_INT(sheet_lang_code("Português (pt-BR) ", code, sizeof code), 5);
    CHECK_STR(code, "pt-BR");
    CHECK_INT(sheet_lang_code("English", code, sizeof code), 0);
    CHECK_INT(sheet_lang_code("bad (v i)", code, sizeof code), 0);
    CHECK_INT(sheet_lang_code("()", code, sizeof code), 0);
    CHECK_INT(sheet_lang_code("x (abcdefghijklmnopq)", code, sizeof code), 0);

    char out[32];
    sheet_snake_case("  List   Name ", out, sizeof out);
    CHECK_STR(out, "list_name");
    sheet_snake_case("ABCDEFGHIJ", out, 5);
    CHECK_STR(out, "abcd"); /* cut to the buffer, terminated */
    CHECK_INT(sheet_ieq("Survey", "survey"), 1);
    CHECK_INT(sheet_ieq("surveys", "survey"), 0);

    struct csv_table t = {0};
    struct kiosk_diag d = {0};
    static const char csv[] = "a,,c\n1,, \n2,,x\n";
    CHECK_INT(csv_parse(csv, sizeof csv - 1, "t.csv", &t, &d), KIOSK_OK);
    CHECK_INT(sheet_column_empty(&t, 1), 1);
    CHECK_INT(sheet_column_empty(&t, 2), 0);
    csv_free(&t);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
