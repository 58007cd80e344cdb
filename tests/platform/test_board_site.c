/* board/site.ini, the file install.sh puts in /etc/kiosk, goes through the
 * kiosk's own parser without a single diagnostic (an unknown key or a bad
 * value would stop the kiosk on the board), and says what a real site
 * needs: not a sample, no printer until one is set up, no hotline until a
 * confirmed one is entered. */
#include <stdio.h>

#include "site/site.h"
#include "test.h"

int main(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    enum kiosk_err e = site_load("board/site.ini", NULL, &s, &d);
    kiosk_diag_print(&d, stderr);
    CHECK_INT(e, KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    kiosk_diag_free(&d);

    CHECK_INT(s.sample, 0);
    CHECK_STR(s.printer, "none");
    CHECK_STR(s.hotline, "");
    CHECK_STR(s.setup_code, "");
    CHECK_STR(s.default_language, "vi");
    CHECK_INT(s.rotation, 0);

    /* the same file with one key misspelt is refused: the check above can
     * fail */
    site_defaults(&s);
    e = site_load_string("[screen]\nrotaton = 90\n", "typo.ini", &s, &d);
    CHECK(e != KIOSK_OK);
    CHECK_INT(d.errors, 1);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
