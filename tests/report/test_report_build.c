/* report: building submissions, configuration and token checks, response
 * mapping and backoff arithmetic. No network: the sender is tested against
 * tests/report/central.py in test_report_send.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "central.h"
#include "report/report_int.h"
#include "test.h"

static const struct report_cfg base_cfg = {
    .enabled = 1,
    .server = "https://central.example.org",
    .project_id = 1,
    .token_file = "/nonexistent",
    .kiosk_id = "HN-0001",
    .tz_offset = 25200,
};

/* Counts non-overlapping occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    size_t k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle)) {
        n++;
    }
    return n;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* "uuid:" + 8-4-4-4-12 lowercase hex with the given version digit. */
static int uuid_shape(const char *id, char version)
{
    static const int dash[] = {8, 13, 18, 23};
    if (strncmp(id, "uuid:", 5) != 0 || strlen(id) != 41) {
        return 0;
    }
    const char *u = id + 5;
    for (int i = 0; i < 36; i++) {
        int want_dash = i == dash[0] || i == dash[1] || i == dash[2] ||
                        i == dash[3];
        if (want_dash ? u[i] != '-' : !is_hex(u[i])) {
            return 0;
        }
    }
    return u[14] == version && strchr("89ab", u[19]) != NULL;
}

static void test_ids(void)
{
    char ids[200][REPORT_INSTANCE_ID_SIZE];
    for (int i = 0; i < 200; i++) {
        report_uuid4(ids[i]);
        CHECK(uuid_shape(ids[i], '4'));
    }
    int dup = 0;
    for (int i = 0; i < 200; i++) {
        for (int j = i + 1; j < 200; j++) {
            dup += strcmp(ids[i], ids[j]) == 0;
        }
    }
    CHECK_INT(dup, 0);

    char a[REPORT_INSTANCE_ID_SIZE], b[REPORT_INSTANCE_ID_SIZE];
    char c[REPORT_INSTANCE_ID_SIZE];
    report_uuid8("kiosk_daily\nHN-0001\n20780", a);
    report_uuid8("kiosk_daily\nHN-0001\n20780", b);
    report_uuid8("kiosk_daily\nHN-0001\n20781", c);
    CHECK(uuid_shape(a, '8'));
    CHECK_STR(a, b);
    CHECK(strcmp(a, c) != 0);
}

static void test_times(void)
{
    static const struct {
        int64_t t;
        int tz;
        const char *want;
    } hours[] = {
        {1795433071, 25200, "2026-11-23T18:00:00.000+07:00"},
        {1795431600, 25200, "2026-11-23T18:00:00.000+07:00"},
        {1795431599, 25200, "2026-11-23T17:00:00.000+07:00"},
        {1798734600, 25200, "2026-12-31T23:00:00.000+07:00"},
        {1798734600, 0, "2026-12-31T16:00:00.000+00:00"},
        {1798734600 + 3599, -9000, "2026-12-31T14:00:00.000-02:30"},
        {-1800, 0, "1969-12-31T23:00:00.000+00:00"},
        {0, 25200, "1970-01-01T07:00:00.000+07:00"},
    };
    for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++) {
        char out[40];
        report_iso_hour(hours[i].t, hours[i].tz, out);
        CHECK_STR(out, hours[i].want);
    }
    static const struct {
        int64_t day;
        const char *want;
    } days[] = {
        {0, "1970-01-01"}, {20780, "2026-11-23"}, {19782, "2024-02-29"},
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        char out[16];
        report_iso_day(days[i].day, out);
        CHECK_STR(out, days[i].want);
    }
}

static void test_xml_escape(void)
{
    static const struct {
        const char *in, *want;
    } t[] = {
        {"plain", "plain"},
        {"a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&apos;f"},
        {"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
        {"bell\x07" "esc\x1b" "end", "bellescend"},
        {"Tiếng Việt", "Tiếng Việt"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct report_buf b = {.max = 1024};
        report_buf_xml(&b, t[i].in);
        CHECK(!b.failed);
        CHECK_STR(b.p ? b.p : "", t[i].want);
        report_buf_free(&b);
    }
    /* The cap holds: 100 bytes into a 64-byte buffer fails, keeps 64. */
    struct report_buf b = {.max = 64};
    for (int i = 0; i < 10; i++) {
        report_buf_puts(&b, "0123456789");
    }
    CHECK_INT(b.failed, 1); /* over the cap, not out of memory */
    CHECK(b.len <= 64);
    report_buf_free(&b);
}

static void test_classify(void)
{
    static const struct {
        long http;
        enum report_outcome want;
    } t[] = {
        {201, REPORT_SENT}, {202, REPORT_SENT},
        {0, REPORT_RETRY}, {200, REPORT_RETRY}, {204, REPORT_RETRY},
        {301, REPORT_RETRY}, {302, REPORT_RETRY}, {500, REPORT_RETRY},
        {502, REPORT_RETRY}, {503, REPORT_RETRY}, {504, REPORT_RETRY},
        {408, REPORT_RETRY}, {429, REPORT_RETRY},
        {401, REPORT_HELD}, {403, REPORT_HELD},
        {400, REPORT_PARKED}, {404, REPORT_PARKED}, {409, REPORT_PARKED},
        {410, REPORT_PARKED}, {413, REPORT_PARKED}, {422, REPORT_PARKED},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (report_classify(t[i].http) != t[i].want) {
            fprintf(stderr, "HTTP %ld\n", t[i].http);
        }
        CHECK_INT(report_classify(t[i].http), t[i].want);
    }
}

static void test_backoff(void)
{
    /* streak -> (u = 0, u = max): 0.8x and 1.2x of 30 s doubling, 1 h cap */
    static const struct {
        int streak;
        int64_t lo, hi;
    } t[] = {
        {1, 24, 36}, {2, 48, 72}, {3, 96, 144}, {4, 192, 288},
        {5, 384, 576}, {6, 768, 1152}, {7, 1536, 2304}, {8, 2880, 4320},
        {9, 2880, 4320}, {40, 2880, 4320}, {1000, 2880, 4320},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(report_backoff(t[i].streak, 0), t[i].lo);
        CHECK_INT(report_backoff(t[i].streak, UINT32_MAX), t[i].hi);
        int64_t mid = report_backoff(t[i].streak, UINT32_MAX / 2);
        CHECK(mid > t[i].lo && mid < t[i].hi);
    }
}

static void test_message(void)
{
    static const struct {
        const char *body, *want;
    } t[] = {
        {"<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">"
         "<message nature=\"\">A submission already exists.</message>"
         "</OpenRosaResponse>", "A submission already exists."},
        {"<OpenRosaResponse><message>two\n  lines\t here</message>"
         "</OpenRosaResponse>", "two lines here"},
        {"<messages>no</messages><message>yes</message>", "yes"},
        {"<html>captive portal</html>", ""},
        {"<message>unterminated", "unterminated"},
        {"<message>caf\xc3\xa9 ok</message>", "caf ok"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[64];
        report_openrosa_message(t[i].body, strlen(t[i].body), out,
                                sizeof out);
        CHECK_STR(out, t[i].want);
    }
    char small[8];
    const char *b = "<message>a long message</message>";
    report_openrosa_message(b, strlen(b), small, sizeof small);
    CHECK_STR(small, "a long");
}

static void test_cfg(void)
{
    static const struct {
        const char *server;
        int project;
        const char *kiosk;
        const char *version;
        int interval;
        int ok;
    } t[] = {
        {"https://central.example.org", 1, "HN-0001", NULL, 0, 1},
        {"https://central.example.org:8443/odk", 3, "SL-MuongLa-01",
         "2026112401", 60, 1},
        {"http://127.0.0.1:8383", 1, "k.1_a", NULL, 10, 1},
        {"http://localhost", 1, "k", NULL, 86400, 1},
        {"http://central.example.org", 1, "HN-0001", NULL, 0, 0},
        {"ftp://central.example.org", 1, "HN-0001", NULL, 0, 0},
        {"https://", 1, "HN-0001", NULL, 0, 0},
        {"https://central.example.org/", 1, "HN-0001", NULL, 0, 0},
        {"https://central.example.org/v1", 1, "HN-0001", NULL, 0, 0},
        {"https://user:pw@central.example.org", 1, "HN-0001", NULL, 0, 0},
        {"https://central.example.org?key=x", 1, "HN-0001", NULL, 0, 0},
        {"https://central.example.org", 0, "HN-0001", NULL, 0, 0},
        {"https://central.example.org", 1, "", NULL, 0, 0},
        {"https://central.example.org", 1, "HN 0001", NULL, 0, 0},
        {"https://central.example.org", 1, "HN-0001", "", 0, 0},
        {"https://central.example.org", 1, "HN-0001", "20 26", 0, 0},
        {"https://central.example.org", 1, "HN-0001", NULL, 5, 0},
        {"https://central.example.org", 1, "HN-0001", NULL, 86401, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct report_cfg c = base_cfg;
        c.server = t[i].server;
        c.project_id = t[i].project;
        c.kiosk_id = t[i].kiosk;
        c.screening_version = t[i].version;
        c.interval_s = t[i].interval;
        char err[160];
        enum kiosk_err e = report_check_cfg(&c, err, sizeof err);
        if ((e == KIOSK_OK) != t[i].ok) {
            fprintf(stderr, "cfg case %zu (%s): %s\n", i, t[i].server, err);
        }
        CHECK_INT(e == KIOSK_OK, t[i].ok);
        CHECK(t[i].ok ? err[0] == '\0' : err[0] != '\0');
        /* a bad configuration never starts a sender */
        if (!t[i].ok) {
            CHECK(report_start(&c, "/nonexistent.db") == NULL);
        }
    }
    struct report_cfg off = base_cfg;
    off.enabled = 0;
    CHECK(report_start(&off, "/nonexistent.db") == NULL);
}

static void test_token(void)
{
    char path[512], tok[REPORT_TOKEN_MAX + 1], err[256];
    test_file(path, sizeof path, "token");
    static const struct {
        const char *content;
        unsigned mode;
        enum kiosk_err want;
        const char *token;    /* expected token when OK */
        const char *in_error; /* expected in the message otherwise */
    } t[] = {
        {"abc$DEF!123", 0600, KIOSK_OK, "abc$DEF!123", NULL},
        {"  tok-en  \n\n", 0400, KIOSK_OK, "tok-en", NULL},
        {"abc", 0640, KIOSK_EDENIED, NULL, "chmod 600"},
        {"abc", 0644, KIOSK_EDENIED, NULL, "chmod 600"},
        {"abc", 0602, KIOSK_EDENIED, NULL, "chmod 600"},
        {"\n", 0600, KIOSK_EINVAL, NULL, "empty"},
        {"two tokens", 0600, KIOSK_EINVAL, NULL, "cannot be in a token"},
        {"ab\x01" "c", 0600, KIOSK_EINVAL, NULL, "cannot be in a token"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(write_token(path, t[i].content, t[i].mode), 0);
        enum kiosk_err e = report_read_token(path, tok, sizeof tok, err,
                                             sizeof err);
        CHECK_INT(e, t[i].want);
        if (t[i].want == KIOSK_OK) {
            CHECK_STR(tok, t[i].token);
        } else {
            CHECK_CONTAINS(err, t[i].in_error);
            CHECK_STR(tok, "");
            /* the message names the file but never the token text */
            CHECK(strstr(err, "abc") == NULL || strstr(path, "abc"));
        }
    }
    /* too long: REPORT_TOKEN_MAX + 1 characters */
    char longtok[REPORT_TOKEN_MAX + 2];
    memset(longtok, 'x', sizeof longtok - 1);
    longtok[sizeof longtok - 1] = '\0';
    CHECK_INT(write_token(path, longtok, 0600), 0);
    CHECK_INT(report_read_token(path, tok, sizeof tok, err, sizeof err),
              KIOSK_ETOOBIG);
    /* missing file, directory, symlink (not followed) */
    unlink(path);
    CHECK_INT(report_read_token(path, tok, sizeof tok, err, sizeof err),
              KIOSK_ENOENT);
    CHECK_CONTAINS(err, path);
    char dir[512];
    test_file(dir, sizeof dir, "tokdir");
    CHECK_INT(mkdir(dir, 0700), 0);
    CHECK(report_read_token(dir, tok, sizeof tok, err, sizeof err) !=
          KIOSK_OK);
    char real[512], link[512];
    test_file(real, sizeof real, "token-real");
    test_file(link, sizeof link, "token-link");
    CHECK_INT(write_token(real, "abc", 0600), 0);
    CHECK_INT(symlink(real, link), 0);
    CHECK(report_read_token(link, tok, sizeof tok, err, sizeof err) !=
          KIOSK_OK);
}

/* The calculates of one completed ASSIST and one CRAFFT, as the survey
 * runner hands them to the app (names from assets/pack/forms). */
static const struct store_value assist_values[] = {
    {"tobacco_score", "6"}, {"tobacco_risk", "moderate"},
    {"alcohol_score", "14"}, {"alcohol_risk", "moderate"},
    {"cannabis_score", ""}, {"cannabis_risk", ""},
    {"amphetamines_score", "31"}, {"amphetamines_risk", "high"},
    {"injected", "yes_3m"},
    {"q1", "tobacco alcohol amphetamines"}, /* an answer: never sent */
    {"q2_alcohol", "weekly"},
    {"total_note", "<&>"},
};

static const struct store_value crafft_values[] = {
    {"crafft_score", "2"}, {"crafft_risk", "high"}, {"crafft_car", "yes"},
    {"car", "yes"},
};

static void test_build_screening(void)
{
    struct report_cfg cfg = base_cfg;
    struct report_screening s = {
        .form_id = "assist", .form_version = "2026112401",
        .language = "vi", .completed = 1795433071, .seq = 42,
        .values = assist_values,
        .n_values = (int)(sizeof assist_values / sizeof assist_values[0]),
    };
    char *xml = NULL, id[REPORT_INSTANCE_ID_SIZE];
    size_t len = 0;
    CHECK_INT(report_build_screening(&cfg, &s, &xml, &len, id), KIOSK_OK);
    CHECK(xml != NULL);
    if (!xml) {
        return;
    }
    CHECK_INT(len, strlen(xml));
    CHECK(uuid_shape(id, '4'));
    char want[128];
    snprintf(want, sizeof want, "<meta><orx:instanceID>%s</orx:instanceID>"
             "</meta></data>", id);
    CHECK_CONTAINS(xml, want);
    CHECK_CONTAINS(xml, "id=\"kiosk_screening\" version=\"2026112401\"");
    CHECK_CONTAINS(xml, "<kiosk_id>HN-0001</kiosk_id>");
    CHECK_CONTAINS(xml, "<instrument>assist</instrument>");
    CHECK_CONTAINS(xml, "<instrument_version>2026112401</instrument_version>");
    CHECK_CONTAINS(xml, "<lang>vi</lang>");
    CHECK_CONTAINS(xml, "<completed_at>2026-11-23T18:00:00.000+07:00"
                   "</completed_at>");
    CHECK_CONTAINS(xml, "<seq>42</seq>");
    CHECK_CONTAINS(xml, "<injected>yes_3m</injected>");
    CHECK_CONTAINS(xml, "<crafft_car/>");
    CHECK_CONTAINS(xml, "<measure><measure_id>tobacco</measure_id><score>6"
                   "</score><band>moderate</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>alcohol</measure_id><score>14"
                   "</score><band>moderate</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>amphetamines</measure_id>"
                   "<score>31</score><band>high</band></measure>");
    CHECK_INT(count_of(xml, "<measure>"), 3); /* cannabis: both empty */
    /* never an answer, never a non-score calculate */
    CHECK(strstr(xml, "q1") == NULL && strstr(xml, "weekly") == NULL &&
          strstr(xml, "total_note") == NULL && strstr(xml, "&lt;") == NULL);
    /* the measures come in the order the form computes them */
    CHECK(strstr(xml, ">tobacco<") < strstr(xml, ">alcohol<") &&
          strstr(xml, ">alcohol<") < strstr(xml, ">amphetamines<"));

    /* a second build of the same screening gets a new id */
    char *xml2 = NULL, id2[REPORT_INSTANCE_ID_SIZE];
    CHECK_INT(report_build_screening(&cfg, &s, &xml2, &len, id2), KIOSK_OK);
    CHECK(strcmp(id, id2) != 0);
    free(xml2);
    free(xml);

    /* CRAFFT, a configured version, and a language needing escapes */
    cfg.screening_version = "2027010101";
    struct report_screening c = {
        .form_id = "crafft", .form_version = "7", .language = "x<&>",
        .completed = 1798734600, .seq = 1, .values = crafft_values,
        .n_values = 4,
    };
    CHECK_INT(report_build_screening(&cfg, &c, &xml, &len, id), KIOSK_OK);
    if (xml) {
        CHECK_CONTAINS(xml, "version=\"2027010101\"");
        CHECK_CONTAINS(xml, "<lang>x&lt;&amp;&gt;</lang>");
        CHECK_CONTAINS(xml, "<crafft_car>yes</crafft_car>");
        CHECK_CONTAINS(xml, "<injected/>");
        CHECK_CONTAINS(xml, "<measure><measure_id>crafft</measure_id><score>"
                       "2</score><band>high</band></measure>");
        CHECK(strstr(xml, "<car>") == NULL);
        free(xml);
    }

    /* refused inputs */
    struct report_screening bad = s;
    bad.language = NULL;
    CHECK_INT(report_build_screening(&cfg, &bad, &xml, &len, id),
              KIOSK_EINVAL);
    CHECK(xml == NULL);
    bad = s;
    bad.form_id = "\xff\xfe";
    CHECK_INT(report_build_screening(&cfg, &bad, &xml, &len, id),
              KIOSK_EINVAL);
    const struct store_value badv[] = {{"x_score", "\xc3"}};
    bad = s;
    bad.values = badv;
    bad.n_values = 1;
    CHECK_INT(report_build_screening(&cfg, &bad, &xml, &len, id),
              KIOSK_EINVAL);
    struct store_value many[REPORT_MAX_MEASURES + 1];
    char names[REPORT_MAX_MEASURES + 1][24];
    for (int i = 0; i <= REPORT_MAX_MEASURES; i++) {
        snprintf(names[i], sizeof names[i], "m%d_score", i);
        many[i].name = names[i];
        many[i].value = "1";
    }
    bad = s;
    bad.values = many;
    bad.n_values = REPORT_MAX_MEASURES;
    CHECK_INT(report_build_screening(&cfg, &bad, &xml, &len, id), KIOSK_OK);
    free(xml);
    bad.n_values = REPORT_MAX_MEASURES + 1;
    CHECK_INT(report_build_screening(&cfg, &bad, &xml, &len, id),
              KIOSK_EINVAL);
    struct report_cfg badcfg = base_cfg;
    badcfg.kiosk_id = "a b";
    CHECK_INT(report_build_screening(&badcfg, &s, &xml, &len, id),
              KIOSK_EINVAL);
}

/* A day of activity in a real store, then its kiosk_daily record. */
static void test_daily(void)
{
    char path[512];
    test_file(path, sizeof path, "daily.db");
    struct store *st = fresh_store(path);
    CHECK(st != NULL);
    if (!st) {
        return;
    }
    struct report_cfg cfg = base_cfg;
    int64_t seq = 0;
    CHECK_INT(report_next_seq(st, &seq), KIOSK_OK);
    CHECK_INT(seq, 1);

    /* day 20780 = 2026-11-23 local; 1795433071 is 18:24 that day */
    const int64_t t = 1795433071, day = 20780;
    CHECK_INT(store_visit_begin(st, t - 600), KIOSK_OK);
    CHECK_INT(store_visit_begin(st, t - 500), KIOSK_OK);
    CHECK_INT(store_visit_begin(st, t - 400), KIOSK_OK);
    CHECK_INT(store_visit_end(st, t - 600, STORE_VISIT_COMPLETED, "vi"),
              KIOSK_OK);
    CHECK_INT(store_visit_end(st, t - 500, STORE_VISIT_IDLE, "km"), KIOSK_OK);
    char iid[REPORT_INSTANCE_ID_SIZE];
    for (int i = 0; i < 3; i++) {
        CHECK_INT(report_next_seq(st, &seq), KIOSK_OK);
        CHECK_INT(seq, i + 1);
        CHECK_INT(queue_screening(st, &cfg, t + i, seq, iid), 0);
    }
    /* one on the next day must not count */
    CHECK_INT(queue_screening(st, &cfg, t + 86400, 4, iid), 0);
    CHECK_INT(report_next_seq(st, &seq), KIOSK_OK);
    CHECK_INT(seq, 5);
    struct store_ticket_new tk = {.code = "K7Q2M9XD", .created = t,
                                  .language = "vi"};
    int64_t tid;
    CHECK_INT(store_ticket_insert(st, &tk, &tid), KIOSK_OK);
    CHECK_INT(store_ticket_set_state(st, tid, STORE_TICKET_ATTENDED, t + 60,
                                     0), KIOSK_OK);

    char *xml = NULL, id[REPORT_INSTANCE_ID_SIZE], id2[REPORT_INSTANCE_ID_SIZE];
    size_t len = 0;
    CHECK_INT(report_build_daily(&cfg, st, day, 7, &xml, &len, id), KIOSK_OK);
    CHECK(uuid_shape(id, '8'));
    if (xml) {
        CHECK_CONTAINS(xml, "id=\"kiosk_daily\" version=\"2026112401\"");
        CHECK_CONTAINS(xml, "<day>2026-11-23</day>");
        CHECK_CONTAINS(xml, "<visits>3</visits>");
        CHECK_CONTAINS(xml, "<visits_completed>1</visits_completed>");
        CHECK_CONTAINS(xml, "<visits_idle>1</visits_idle>");
        CHECK_CONTAINS(xml, "<visits_open>1</visits_open>");
        CHECK_CONTAINS(xml, "<visits_left>0</visits_left>");
        CHECK_CONTAINS(xml, "<screenings>3</screenings>");
        CHECK_CONTAINS(xml, "<tickets_issued>1</tickets_issued>");
        CHECK_CONTAINS(xml, "<tickets_attended>1</tickets_attended>");
        CHECK_CONTAINS(xml, "<quiz_plays>7</quiz_plays>");
        CHECK_CONTAINS(xml, "<by_instrument><instrument>assist</instrument>"
                       "<n_instrument>3</n_instrument></by_instrument>");
        /* seq 1..3 -> scores 1..3 -> all "low" */
        CHECK_CONTAINS(xml, "<by_band><band_instrument>assist"
                       "</band_instrument><band_measure>alcohol"
                       "</band_measure><band>low</band><n_band>3</n_band>"
                       "</by_band>");
        CHECK_CONTAINS(xml, "<by_language><language>vi</language>"
                       "<n_language>3</n_language></by_language>");
        /* never a ticket code */
        CHECK(strstr(xml, "K7Q2") == NULL);
        free(xml);
    }
    CHECK_INT(report_build_daily(&cfg, st, day, -1, &xml, &len, id2),
              KIOSK_OK);
    CHECK_STR(id, id2); /* one id per kiosk and day */
    if (xml) {
        CHECK_CONTAINS(xml, "<quiz_plays/>");
        free(xml);
    }
    CHECK_INT(report_build_daily(&cfg, st, day + 1, -1, &xml, &len, id2),
              KIOSK_OK);
    CHECK(strcmp(id, id2) != 0);
    free(xml);
    CHECK_INT(report_build_daily(&cfg, st, -1, -1, &xml, &len, id2),
              KIOSK_EINVAL);

    /* closing the day queues it once */
    int queued = -1;
    CHECK_INT(report_close_day(&cfg, st, day, 7, t + 86400, &queued),
              KIOSK_OK);
    CHECK_INT(queued, 1);
    CHECK_INT(report_close_day(&cfg, st, day, 9, t + 86401, &queued),
              KIOSK_OK);
    CHECK_INT(queued, 0);

    /* The outbox holds the exact bytes: the 4 screenings, then the day. */
    struct store_outbox_item it;
    int n = 0, days = 0;
    int64_t now = t + 2 * 86400;
    while (store_outbox_next(st, now, &it) == KIOSK_OK && n < 10) {
        n++;
        if (memmem(it.body, it.len, "kiosk_daily", 11)) {
            days++;
            CHECK_STR(it.instance, id);
            CHECK(memmem(it.body, it.len, "<quiz_plays>7<", 14) != NULL);
        }
        CHECK_STR(it.kind, REPORT_OUTBOX_KIND);
        CHECK_INT(store_outbox_mark(st, it.id, STORE_OUTBOX_SENT, now, NULL),
                  KIOSK_OK);
        store_outbox_item_clear(&it);
    }
    CHECK_INT(n, 5);
    CHECK_INT(days, 1);
    store_close(st);
}

int main(void)
{
    test_ids();
    test_times();
    test_xml_escape();
    test_classify();
    test_backoff();
    test_message();
    test_cfg();
    test_token();
    test_build_screening();
    test_daily();
    TEST_MAIN_END();
}
