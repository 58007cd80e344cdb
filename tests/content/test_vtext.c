/* The visitor-language rule (src/content/vtext.c). */
#include "content/vtext.h"
#include <string.h>

#include "test.h"

static const char *const chain[] = {"vi", "en"};

static void test_pick(void)
{
    const char *both[] = {"Quay lại", "Back"};
    const char *en_only[] = {"", "Back"};
    const char *none[] = {NULL, ""};
    /* the visitor's own text wins, and is marked own */
    struct vtext v = vtext_pick("km", "ថយក្រោយ", chain, both, 2);
    CHECK_STR(v.text, "ថយក្រោយ");
    CHECK_STR(v.lang, "km");
    CHECK_INT(v.own, 1);
    /* none in Khmer: Vietnamese, and not the visitor's own */
    v = vtext_pick("km", "", chain, both, 2);
    CHECK_STR(v.text, "Quay lại");
    CHECK_STR(v.lang, "vi");
    CHECK_INT(v.own, 0);
    v = vtext_pick("hmn", NULL, chain, en_only, 2);
    CHECK_STR(v.text, "Back");
    CHECK_STR(v.lang, "en");
    CHECK_INT(v.own, 0);
    /* an English visitor getting English through the chain is at home */
    v = vtext_pick("en", NULL, chain, en_only, 2);
    CHECK_INT(v.own, 1);
    /* nothing anywhere: "" and no language, never NULL */
    v = vtext_pick("blt", NULL, chain, none, 2);
    CHECK_STR(v.text, "");
    CHECK(v.lang == NULL);
    CHECK_INT(v.own, 0);
}

static void test_feature(void)
{
    /* every item in X: X */
    CHECK_STR(vtext_feature_lang("km", 12, 12, NULL), "km");
    /* one missing: the visitor must choose first, then the choice holds */
    CHECK(vtext_feature_lang("km", 12, 11, NULL) == NULL);
    CHECK(vtext_feature_lang("km", 12, 0, "") == NULL);
    CHECK_STR(vtext_feature_lang("km", 12, 11, "en"), "en");
    CHECK_STR(vtext_feature_lang("blt", 12, 0, "vi"), "vi");
    /* an empty feature is never "in X" */
    CHECK(vtext_feature_lang("km", 0, 0, NULL) == NULL);
}

static void test_mark(void)
{
    char buf[64];
    CHECK_INT(vtext_mark_text("Only in {lang}", "Tiếng Việt", buf, sizeof buf),
              1);
    CHECK_STR(buf, "Only in Tiếng Việt");
    CHECK_INT(vtext_mark_text("{lang} only", "English", buf, sizeof buf), 1);
    CHECK_STR(buf, "English only");
    /* X has no sentence: the other language's own name alone */
    CHECK_INT(vtext_mark_text(NULL, "Tiếng Việt", buf, sizeof buf), 0);
    CHECK_STR(buf, "Tiếng Việt");
    CHECK_INT(vtext_mark_text("", "English", buf, sizeof buf), 0);
    CHECK_STR(buf, "English");
    /* a sentence without {lang} is not the sentence */
    CHECK_INT(vtext_mark_text("Only in", "English", buf, sizeof buf), 0);
    CHECK_STR(buf, "English");
    /* no silent overflow into the caller: cut at the buffer */
    char small[8];
    vtext_mark_text("Only in {lang}", "Tiếng Việt", small, sizeof small);
    CHECK_INT((int)strlen(small), 7);
}

/* Words left in Vietnamese in a language without tones (the reviewer's
 * finding in Jrai and Bahnar); the pack's own lines as cases. */
static void test_vietnamese_words(void)
{
    char buf[64];
    /* bdq app.privacy: Bahnar, with "số điện thoại" left in Vietnamese */
    CHECK_INT(vtext_vietnamese_words("Uh kơ apinh anăn, uh kơ apinh số điện "
                                     "thoại; lŭp dĭ tơdrong kơ e wih.", NULL,
                                     buf, sizeof buf),
              3);
    CHECK_STR(buf, "số, điện, thoại");
    /* Jrai's own letters are not tones: ñ, ơ, ƀ, ĭ, ŏ, ŭ, ê, ô, â, ă */
    CHECK_INT(vtext_vietnamese_words("Ƀu tơña anăn ƀu tơña nŏng; lui abih "
                                     "tơdah ih tơbiă. Êa ô â ĭ ŭ", NULL,
                                     buf, sizeof buf),
              0);
    CHECK_STR(buf, "");
    /* more than three: counted, three named */
    CHECK_INT(vtext_vietnamese_words("Khẩn cấp: gọi 115 ngay bây giờ", NULL, buf,
                                     sizeof buf),
              4);
    CHECK_STR(buf, "Khẩn, cấp, gọi");
    /* a small buffer is never overrun, and a word that does not fit whole
     * is left out (never cut mid-letter) */
    char small[8];
    CHECK_INT(vtext_vietnamese_words("điện thoại", NULL, small, sizeof small), 2);
    CHECK_STR(small, "điện");
    /* H'Mông (RPA) has no diacritics at all; English has none either */
    CHECK_INT(vtext_vietnamese_words("Tsis qhia npe, café", NULL, NULL, 0), 1);
    CHECK_INT(vtext_vietnamese_words(NULL, NULL, buf, sizeof buf), 0);
    /* a bad byte is no word character's end of the world */
    CHECK_INT(vtext_vietnamese_words("a\xff\xc3", NULL, buf, sizeof buf), 0);
    /* jra app.emergency: "công an" has no tone; with the Vietnamese source
     * beside it, the copied word with a letter beyond ASCII is found too
     * ("an" is plain ASCII: a Jrai word as well as a Vietnamese one) */
    const char *vi = "Khẩn cấp: 113 công an · 114 cứu hỏa, cứu nạn · 115 "
                     "cấp cứu";
    const char *jra = "Khẩn cấp: 113 công an · 114 apui · 115 pơjrao";
    CHECK_INT(vtext_vietnamese_words(jra, NULL, buf, sizeof buf), 2);
    CHECK_STR(buf, "Khẩn, cấp");
    CHECK_INT(vtext_vietnamese_words(jra, vi, buf, sizeof buf), 3);
    CHECK_STR(buf, "Khẩn, cấp, công");
    /* a Jrai word with ơ that the source does not have is the Jrai's own;
     * numbers shared with the source are no words left behind */
    CHECK_INT(vtext_vietnamese_words("113 pơjrao", "113 pơgang", buf,
                                     sizeof buf),
              0);
    /* the same word in another case is still the same word */
    CHECK_INT(vtext_vietnamese_words("Công an", "gọi công an", buf,
                                     sizeof buf),
              1);
    CHECK_STR(buf, "Công");
}

int main(void)
{
    test_vietnamese_words();
    test_pick();
    test_feature();
    test_mark();
    TEST_MAIN_END();
}
