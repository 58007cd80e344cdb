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
    {"[schedule]\nweekdays = monday\n", 2, "mon tue wed"},
    {"[schedule]\nhours = 7:30-11:30\n", 2, "07:30-11:30"},
    {"[schedule]\nhours = 11:30-07:30\n", 2, "07:30-11:30"},
    {"[schedule]\nclosed = 2026-13-01\n", 2, "2026-12-31"},
    {"[schedule]\nslot_minutes = 2\n", 2, "from 5 to 240"},
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

    /* calendar: day numbers, weekdays and dates */
    int y, mo, md;
    site_day_date(0, &y, &mo, &md);
    CHECK(y == 1970 && mo == 1 && md == 1);
    CHECK_INT(site_weekday(0), 4);          /* a Thursday */
    long nov24 = 20781;                     /* 2026-11-24 */
    site_day_date(nov24, &y, &mo, &md);
    CHECK(y == 2026 && mo == 11 && md == 24);
    CHECK_INT(site_weekday(nov24), 2);      /* a Tuesday */
    site_day_date(nov24 + 38, &y, &mo, &md); /* across the new year */
    CHECK(y == 2027 && mo == 1 && md == 1);
    /* schedule: weekdays, closed dates, slots in two sessions */
    site_defaults(&s);
    CHECK_INT(site_load_string("[schedule]\nweekdays = mon tue\n"
                               "hours = 07:30-08:30 13:00-13:45\n"
                               "slot_minutes = 30\nclosed = 2026-11-30\n",
                               "sched.ini", &s, &d), KIOSK_OK);
    CHECK(site_day_open(&s, nov24));         /* Tuesday */
    CHECK(!site_day_open(&s, nov24 + 1));    /* Wednesday */
    CHECK(!site_day_open(&s, nov24 + 6));    /* Monday 30th: closed */
    CHECK(site_day_open(&s, nov24 + 13));    /* the Monday after */
    int starts[SITE_MAX_SLOTS];
    int n = site_day_slots(&s, nov24, starts, SITE_MAX_SLOTS);
    CHECK_INT(n, 3);                         /* 07:30 08:00 13:00 */
    if (n == 3) {
        CHECK_INT(starts[0], 7 * 3600 + 1800);
        CHECK_INT(starts[1], 8 * 3600);
        CHECK_INT(starts[2], 13 * 3600);
    }
    CHECK_INT(site_day_slots(&s, nov24 + 1, starts, SITE_MAX_SLOTS), 0);
    kiosk_diag_free(&d);
    TEST_MAIN_END();
}
