/* site.ini: defaults, the built-in demo file, one error per bad line (with
 * its number), lines longer than any fixed buffer, and the values checked
 * against the content pack. */
#include <stdlib.h>

#include "site/ini.h"
#include "core/date.h"
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
    {"[site]\n\ndraft_languages = km Hmn\n", 3, "written as in the pack"},
    {"[site]\ndraft_languages = km km\n", 2, "listed twice"},
    {"[printer]\nwidth = 400\n", 2, "one of 384 512 576"},
    {"[site]\nsample = maybe\n", 2, "yes or no"},
    {"[site]\nthis line has no equals sign\n", 2, "not a \"key = value\""},
    {"[schedule]\nweekdays = monday\n", 2, "mon tue wed"},
    {"[schedule]\nhours = 7:30-11:30\n", 2, "07:30-11:30"},
    {"[schedule]\nhours = 11:30-07:30\n", 2, "07:30-11:30"},
    {"[schedule]\nclosed = 2026-13-01\n", 2, "2026-12-31"},
    {"[schedule]\nslot_minutes = 2\n", 2, "from 5 to 240"},
    /* issue 17, item 9: values the table used to let through */
    {"[ticket]\nurl = https://example.org/t/\n", 2, "containing {code}"},
    {"[ticket]\nurl = example.org/t/{code}\n", 2, "http:// or https://"},
    {"[ticket]\nurl = https://example.org/t/ {code}\n", 2, "without spaces"},
    {"[ticket]\nurl = https://example.org/{id}/{code}\n", 2, "braces"},
    {"[ticket]\nurl =\n", 2, "url must not be empty"},
    {"[printer]\nprinter = lp0\n", 2, "a printer is none, usb:"},
    {"[printer]\nprinter = usb\n", 2, "a printer is none, usb:"},
    {"[printer]\nprinter = tcp:192.0.2.10:99999\n", 2, "PORT 1 to 65535"},
    {"[printer]\nprinter = serial:/dev/ttyUSB0:9601\n", 2, "BAUD"},
    {"[printer]\nprinter =\n", 2, "\"none\" means no printer"},
    {"[printer]\ncutter = sometimes\n", 2, "yes or no"},
    {"[printer]\nfeed_lines = 256\n", 2, "auto or a whole number from 0"},
    {"[printer]\nfeed_lines = automatic\n", 2, "auto or a whole number"},
    {"[schedule]\nclosed = 2035-02-30\n", 2, "real dates"},
    {"[schedule]\nclosed = 2027-01-01 2035-02-29\n", 2, "real dates"},
    {"[schedule]\nclosed = 2100-02-29\n", 2, "real dates"},
    {"[schedule]\nclosed = 2026-04-31\n", 2, "real dates"},
    {"[schedule]\nhours = 07:30-11:30 11:00-12:00\n", 2, "do not overlap"},
    {"[schedule]\nhours = 13:30-17:00 07:30-11:30\n", 2, "earliest first"},
    {"[site]\nlanguages = vi, en vi\n", 2, "listed twice"},
    {"[site]\nlanguages = vi EN\n", 2, "language codes are written"},
    {"[site]\ndefault_language = Vietnamese\n", 2, "language code"},
    {"[site]\ndefault_language =\n", 2, "must not be empty"},
    {"[site]\nkiosk_id = my kiosk\n", 2, "kiosk id is 1 to 63"},
    {"[site]\nkiosk_id =\n", 2, "must not be empty"},
    {"[site]\nhotline = call the office\n", 2, "as it is dialled"},
    {"[talk]\npicture = ../counter.png\n", 2, "without a folder"},
    {"[talk]\nchime = Chime.ogg\n", 2, "without a folder"},
    {"[talk]\ncall_staff = maybe\n", 2, "yes or no"},
    {"[site]\nhotline = 12\n", 2, "as it is dialled"},
    {"[site]\nname = Đi\xe1m\n", 2, "not valid UTF-8"},
    {"[site]\nname = a\tb\n", 2, "control character"},
    {"[site]\nname = a\x1b[31mb\n", 2, "control character"},
    {"[screen]\nidle_seconds = 90\n\nidle_seconds = 30\n", 4,
     "set twice in [screen] (first on line 2)"},
    {"[printer]\nwidth = 576\n[site]\n[printer]\nwidth = 384\n", 5,
     "set twice"},
    {"name = x\n[site]\n", 1, "before the first [section]"},
    {"[site\n", 1, "section header"},
    {"[]\n", 1, "empty section name"},
    {"[site]\n= x\n", 2, "without a key name"},
    /* an indented line does not continue the value above it */
    {"[site]\nname = A\n   B\n", 3, "not a \"key = value\""},
};

/* A string of n bytes of c (n < 8192), in a static buffer per call site. */
static const char *fill(char *buf, int n, char c)
{
    memset(buf, c, (size_t)n);
    buf[n] = '\0';
    return buf;
}

/* Issue 17, item 8: lines longer than inih's 200-byte buffer. */
static void test_long_lines(void)
{
    char ini[20000], x[8192];
    struct site s;
    struct kiosk_diag d = {0};

    /* A long comment whose tail looks like a setting stays a comment. */
    site_defaults(&s);
    snprintf(ini, sizeof ini, "[screen]\n; %s idle_seconds = 15\n",
             fill(x, 190, 'x'));
    CHECK_INT(site_load_string(ini, "c.ini", &s, &d), KIOSK_OK);
    CHECK_INT(s.idle_seconds, 90);
    CHECK_INT(d.errors, 0);

    /* A long value does not spill into a new key. */
    site_defaults(&s);
    snprintf(ini, sizeof ini, "[site]\ndistrict = %skiosk_id=EVIL\n",
             fill(x, 187, 'd'));
    CHECK_INT(site_load_string(ini, "v.ini", &s, &d), KIOSK_OK);
    CHECK_STR(s.kiosk_id, "demo-0001");
    CHECK_INT((long long)strlen(s.district), 187 + 13);
    CHECK_CONTAINS(s.district, "ddkiosk_id=EVIL");

    /* A 255-byte name (the documented limit), in Vietnamese: 85 letters
     * of 3 bytes. */
    char name[300] = "";
    for (int i = 0; i < 85; i++) {
        strcat(name, "ệ");
    }
    CHECK_INT((long long)strlen(name), 255);
    site_defaults(&s);
    snprintf(ini, sizeof ini, "[site]\nname = %s\n", name);
    CHECK_INT(site_load_string(ini, "n.ini", &s, &d), KIOSK_OK);
    CHECK_STR(s.name, name);
    CHECK_INT(site_line(&s, "site", "name"), 2);

    /* 256 bytes is refused, whole, with its line, and nothing changes. */
    struct kiosk_diag e = {0};
    site_defaults(&s);
    snprintf(ini, sizeof ini, "[site]\n\nname = %sa\n", name);
    CHECK_INT(site_load_string(ini, "n.ini", &s, &e), KIOSK_EPARSE);
    CHECK_INT(e.errors, 1);
    CHECK(e.n == 1 && e.items[0].row == 3);
    if (e.n == 1) {
        CHECK_CONTAINS(e.items[0].msg, "256 bytes long, longer than 255");
    }
    CHECK_STR(s.name, "Điểm tư vấn cộng đồng (demo)");
    kiosk_diag_free(&e);

    /* Line numbers stay right after long lines: a 5000-byte comment, a
     * 255-byte name, then an error on line 6. */
    site_defaults(&s);
    snprintf(ini, sizeof ini,
             "; %s\n[site]\nname = %s\n\r\n[screen]\nidle_seconds = 1\n",
             fill(x, 5000, ';'), name);
    CHECK_INT(site_load_string(ini, "l.ini", &s, &e), KIOSK_EPARSE);
    CHECK(e.n == 1 && e.items[0].row == 6);
    CHECK_STR(s.name, name);
    kiosk_diag_free(&e);

    /* A long key line that is not a known key is named with its line. */
    snprintf(ini, sizeof ini, "[site]\n%s = 1\n", fill(x, 3000, 'k'));
    CHECK_INT(site_load_string(ini, "k.ini", &s, &e), KIOSK_EPARSE);
    CHECK(e.n == 1 && e.items[0].row == 2);
    kiosk_diag_free(&e);
    kiosk_diag_free(&d);
}

struct seen_keys {
    int n;
    int line[8];
    char key[8][64];
    char value[8][8192];
};

static void collect(void *ctx, int line, const char *section,
                    const char *key, const char *value)
{
    struct seen_keys *k = ctx;
    (void)section;
    if (k->n < 8) {
        k->line[k->n] = line;
        snprintf(k->key[k->n], sizeof k->key[0], "%s", key);
        snprintf(k->value[k->n], sizeof k->value[0], "%s", value);
    }
    k->n++;
}

/* The line reader itself, as the [dhis2] reader in the staff module uses
 * it (without a diagnostics list): a long comment in [dhis2] ending in
 * something that looks like a mapping stays a comment. */
static void test_line_reader(void)
{
    char ini[16384], x[8192];
    static struct seen_keys k;
    memset(&k, 0, sizeof k);
    snprintf(ini, sizeof ini, "[dhis2]\n# %s visits = deVisits001\n"
             "dataset = %s\nbad line\n",
             fill(x, 250, '#'), fill(x + 4000, 3000, 'A'));
    CHECK_INT(site_ini_parse(ini, "s.ini", collect, &k, NULL), 1);
    CHECK_INT(k.n, 1);
    CHECK_INT(k.line[0], 3);
    CHECK_STR(k.key[0], "dataset");
    CHECK_INT((long long)strlen(k.value[0]), 3000);
}

/* Windows line ends and a byte-order mark, as Notepad saves the file. */
static void test_windows_file(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    CHECK_INT(site_load_string("\xEF\xBB\xBF[site]\r\nkiosk_id = SL-01\r\n"
                               "\r\n[printer]\r\ncutter = no\r\n"
                               "feed_lines = 7 ; past the tear bar\r\n",
                               "w.ini", &s, &d),
              KIOSK_OK);
    CHECK_STR(s.kiosk_id, "SL-01");
    CHECK_INT(s.printer_cutter, 0);
    CHECK_INT(site_feed_lines(&s), 7);
    CHECK_INT(site_line(&s, "printer", "feed_lines"), 6);
    CHECK_INT(site_line(&s, "printer", "width"), 0);
    CHECK_INT(d.errors, 0);
    kiosk_diag_free(&d);
}

static void test_feed_lines(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    CHECK_INT(s.printer_cutter, 1);
    CHECK_INT(site_feed_lines(&s), 2);
    CHECK_INT(site_load_string("[printer]\ncutter = no\n", "f.ini", &s, &d),
              KIOSK_OK);
    CHECK_INT(site_feed_lines(&s), 5); /* no cutter: clear the tear bar */
    CHECK_INT(site_load_string("[printer]\nfeed_lines = 0\n", "f.ini", &s,
                               &d),
              KIOSK_OK);
    CHECK_INT(site_feed_lines(&s), 0);
    CHECK_INT(site_load_string("[printer]\n[printer]\nfeed_lines = auto\n",
                               "f.ini", &s, &d),
              KIOSK_OK);
    CHECK_INT(site_feed_lines(&s), 5);
    kiosk_diag_free(&d);
}

/* Leap days and the printer strings that are fine. */
static void test_good_values(void)
{
    static const char *const good[] = {
        "[schedule]\nclosed = 2036-02-29 2000-02-29 2026-12-31\n",
        "[printer]\nprinter = tcp:192.0.2.10:9100\n",
        "[printer]\nprinter = tcp:[2001:db8::5]:9100\n",
        "[printer]\nprinter = serial:/dev/ttyUSB0:38400:rtscts\n",
        "[printer]\nprinter = usb:/dev/kiosk-printer\n",
        "[printer]\nprinter = file:/data/kiosk/out.bin\n",
        "[ticket]\nurl = http://192.0.2.1/t?c={code}&k=1\n",
        "[site]\nhotline = +84 (24) 3736-6418\n",
        "[site]\nlanguages = vi,en km hmn\n",
        "[site]\nkiosk_id = SL-MuongLa_01.a\n",
        "[schedule]\nhours = 07:30-11:30 11:30-12:00 13:00-24:00\n",
        "[talk]\npicture = counter_1.png\nchime =\ncall_staff = yes\n",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct site s;
        struct kiosk_diag d = {0};
        site_defaults(&s);
        enum kiosk_err e = site_load_string(good[i], "g.ini", &s, &d);
        if (e != KIOSK_OK) {
            kiosk_diag_print(&d, stderr);
        }
        CHECK_INT(e, KIOSK_OK);
        kiosk_diag_free(&d);
    }
}

/* Values judged against the content pack: languages, default_language,
 * district, each named with its line. */
static void test_check_pack(void)
{
    static const char *const langs[] = {"vi", "en", "km", "hmn"};
    static const int drafts[] = {0, 0, 1, 1};
    static const char *const districts[] = {"", "Mường La", "Mường La",
                                            "Sơn La"};
    struct site s;
    struct kiosk_diag d = {0};

    site_defaults(&s);
    CHECK_INT(site_check_pack(&s, langs, drafts, 4, districts, 4, &d), KIOSK_OK);
    CHECK_INT(site_load_string("[site]\nname = x\nlanguages = vi km hmn\n"
                               "draft_languages = km\n"
                               "default_language = km\ndistrict = Sơn La\n",
                               "ok.ini", &s, &d),
              KIOSK_OK);
    CHECK_INT(site_check_pack(&s, langs, drafts, 4, districts, 4, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);

    static const struct {
        const char *ini;
        int line;
        const char *msg;
    } t[] = {
        {"[site]\n\nlanguages = vi vn\n", 3,
         "\"vn\" is not a language of the content pack (it has: vi en km "
         "hmn)"},
        {"[site]\ndefault_language = fr\n", 2,
         "\"fr\" is not a language of the content pack"},
        {"[site]\nlanguages = vi en\ndefault_language = km\n", 3,
         "not one of the languages offered"},
        {"[site]\ndistrict = Muong La\n", 2, "no service in the content"},
        /* drafts: only opted in, only real drafts, only offered ones */
        {"[site]\ndefault_language = km\n", 2,
         "\"km\" is a draft language: list it in draft_languages"},
        {"[site]\n\ndraft_languages = km xx\n", 3,
         "draft_languages: \"xx\" is not a language of the content pack"},
        {"[site]\ndraft_languages = km en\n", 2,
         "\"en\" is not a draft in the pack's languages.csv"},
        {"[site]\nlanguages = vi en km\ndraft_languages = hmn\n", 3,
         "draft_languages: \"hmn\" is not one of the languages offered"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct kiosk_diag e = {0};
        site_defaults(&s);
        CHECK_INT(site_load_string(t[i].ini, "/etc/kiosk/site.ini", &s, &e),
                  KIOSK_OK);
        CHECK_INT(site_check_pack(&s, langs, drafts, 4, districts, 4, &e),
                  KIOSK_EPARSE);
        CHECK_INT(e.errors, 1);
        if (e.n == 1) {
            CHECK_STR(e.items[0].file, "/etc/kiosk/site.ini");
            CHECK_INT(e.items[0].row, t[i].line);
            CHECK_CONTAINS(e.items[0].msg, t[i].msg);
        }
        kiosk_diag_free(&e);
    }
    kiosk_diag_free(&d);
}

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
    /* a draft is offered only when draft_languages lists it too */
    CHECK(site_language_offered(&s, "km", 0));
    CHECK(!site_language_offered(&s, "km", 1));
    CHECK(!site_language_offered(&s, "hmn", 1));
    CHECK_INT(site_load_string("[site]\ndraft_languages = km, hmn\n", "d.ini",
                               &s, &d),
              KIOSK_OK);
    CHECK(site_language_offered(&s, "km", 1));
    CHECK(!site_language_offered(&s, "hmn", 1)); /* not in languages */
    CHECK(!site_language_offered(&s, "blt", 1));
    site_defaults(&s);
    CHECK_INT(s.draft_languages[0], 0); /* by default no draft is offered */
    CHECK(site_language_offered(&s, "vi", 0));
    CHECK(!site_language_offered(&s, "km", 1));
    CHECK_INT(site_load_string("[site]\ndraft_languages = km blt\n", "d.ini",
                               &s, &d),
              KIOSK_OK);
    CHECK(site_language_offered(&s, "blt", 1));
    CHECK(!site_language_offered(&s, "hmn", 1));

    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        struct kiosk_diag e = {0};
        site_defaults(&s);
        CHECK_INT(site_load_string(bads[i].ini, "bad.ini", &s, &e),
                  KIOSK_EPARSE);
        if (e.errors != 1) {
            fprintf(stderr, "bad[%zu]:\n", i);
            kiosk_diag_print(&e, stderr);
        }
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

    /* the time zone: "+07:00" unless told, read once, bad values refused
     * with their line and the last good value kept */
    site_defaults(&s);
    CHECK_INT(s.utc_offset, 7 * 3600);
    CHECK_INT(site_load_string("[site]\nutc_offset = -03:30\n", "tz.ini", &s,
                               &d), KIOSK_OK);
    CHECK_INT(s.utc_offset, -(3 * 3600 + 1800));
    static const char *const bad_tz[] = {"7", "+07", "+15:00", "GMT+7",
                                         "+07:61", ""};
    for (size_t i = 0; i < sizeof bad_tz / sizeof bad_tz[0]; i++) {
        char text[96];
        snprintf(text, sizeof text, "[site]\n\nutc_offset = %s\n", bad_tz[i]);
        struct kiosk_diag tz = {0};
        site_defaults(&s);
        CHECK(site_load_string(text, "tz.ini", &s, &tz) != KIOSK_OK);
        CHECK(tz.n >= 1 && tz.items[0].row == 3);
        CHECK_INT(s.utc_offset, 7 * 3600);
        kiosk_diag_free(&tz);
    }
    long nov24 = date_from_civil(2026, 11, 24);
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
    test_long_lines();
    test_line_reader();
    test_windows_file();
    test_feed_lines();
    test_good_values();
    test_check_pack();
    TEST_MAIN_END();
}
