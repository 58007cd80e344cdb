/* core/nfc: typed text composed as ICU composes it; ASCII, text already in
 * NFC and bytes that are not UTF-8 come back as they were. */
#include <stdlib.h>
#include <string.h>

#include "core/nfc.h"
#include "test.h"

static void check(const char *in, size_t len, const char *want,
                  int want_changed)
{
    int changed = -1;
    char *out = kiosk_nfc_dup(in, len, &changed);
    CHECK(out != NULL);
    if (out) {
        CHECK_STR(out, want);
    }
    CHECK_INT(changed, want_changed);
    free(out);
}

int main(void)
{
    /* "Việt": e + combining circumflex + combining dot below, as some
     * keyboards type it, is U+1EC7 in NFC */
    check("Vi\x65\xCC\x82\xCC\xA3t", 8, "Vi\xE1\xBB\x87t", 1);
    check("Vi\xE1\xBB\x87t", 6, "Vi\xE1\xBB\x87t", 0);
    check("plain ASCII", 11, "plain ASCII", 0);
    /* only len bytes are read: no terminator needed */
    check("abcdef", 3, "abc", 0);
    /* Khmer in NFC stays as it is */
    check("\xE1\x9E\x81\xE1\x9F\x92\xE1\x9E\x98\xE1\x9F\x82\xE1\x9E\x9A", 15,
          "\xE1\x9E\x81\xE1\x9F\x92\xE1\x9E\x98\xE1\x9F\x82\xE1\x9E\x9A", 0);
    /* not UTF-8: copied for the caller's checks to report */
    check("a\xE1\x80z", 4, "a\xE1\x80z", 0);
    check("", 0, "", 0);
    char *x = kiosk_nfc_dup("x", 1, NULL); /* changed may be NULL */
    CHECK(x != NULL);
    free(x);
    free(kiosk_nfc_dup("e\xCC\x81", 3, NULL));
    TEST_MAIN_END();
}
