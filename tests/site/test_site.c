/* site.ini: defaults, the built-in demo file, and one error per bad line. */
#include "site/site.h"
#include "test.h"

struct bad {
    const char *ini;
    int line;
    const char *msg;
};

static const struct bad bads[] = {
    {"[site]\nname = x\ncolour = red\n", 3, "unknown key \"colour\""},
    {"[nope]\nx = 1\n", 2, "unknown section [nope]"},
    {"[screen]\n\nidle_seconds = soon\n", 3, "whole number from 15"},
    {"[screen]\nidle_seconds = 5\n", 2, "whole number from 15"},
    {"[screen]\nrotation = 45\n", 2, "one of 0 90 180 270"},
    {"[printer]\nwidth = 400\n", 2, "one of 384 512 576"},
    {"[site]\nsample = maybe\n", 2, "yes or no"},
    {"[site]\nthis line has no equals sign\n", 2, "not a \"key = value\""},
};

int main(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    CHECK_INT(s.idle_seconds, 90);
    CHECK_INT(s.staff_idle_seconds, 120);
    CHECK_INT(s.printer_width, 384);

    /* the demo file parses cleanly and matches the defaults */
    struct site demo;
    site_defaults(&demo);
    demo.idle_seconds = 1;
    CHECK_INT(site_load_string(site_demo_ini, "demo", &demo, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(demo.idle_seconds, s.idle_seconds);
    CHECK_STR(demo.ticket_url, s.ticket_url);
    CHECK_STR(demo.name, s.name);

    const char *ok = "[site]\nlanguages = vi en km\n[screen]\nrotation = 90\n"
                     "idle_seconds = 30 ; short\n";
    CHECK_INT(site_load_string(ok, "ok.ini", &s, &d), KIOSK_OK);
    CHECK_INT(s.rotation, 90);
    CHECK_INT(s.idle_seconds, 30);
    CHECK(site_language_enabled(&s, "km"));
    CHECK(!site_language_enabled(&s, "k"));
    CHECK(!site_language_enabled(&s, "hmn"));

    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        struct kiosk_diag e = {0};
        site_defaults(&s);
        CHECK_INT(site_load_string(bads[i].ini, "bad.ini", &s, &e),
                  KIOSK_EPARSE);
        CHECK_INT(e.errors, 1);
        if (e.n == 1) {
            CHECK_INT(e.items[0].row, bads[i].line);
            CHECK_CONTAINS(e.items[0].msg, bads[i].msg);
        }
        kiosk_diag_free(&e);
    }
    /* several problems are all reported, each with its own line */
    struct kiosk_diag m = {0};
    CHECK(site_load_string("[site]\na = 1\n[screen]\nrotation = 7\n", "m.ini",
                           &s, &m) != KIOSK_OK);
    CHECK_INT(m.errors, 2);
    CHECK(m.n == 2 && m.items[0].row == 2 && m.items[1].row == 4);
    kiosk_diag_free(&m);
    CHECK_INT(site_load("/nonexistent/site.ini", NULL, &s, &d), KIOSK_ENOENT);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
