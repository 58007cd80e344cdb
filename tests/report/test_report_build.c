/* report: building submissions, configuration and token checks, response
 * mapping and backoff arithmetic. No network: the sender is tested against
 * tests/report/central.py in test_report_send.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "central.h"
#include "core/csv.h"
#include "report/report_int.h"
#include "test.h"

static struct report_cfg base_cfg = {
    .enabled = 1,
    .server = "https://central.example.org",
    .project_id = 1,
    .token_file = "/nonexistent",
    .kiosk_id = "HN-0001",
    .tz_offset = 25200,
};
static EVP_PKEY *priv; /* the province's half of base_cfg.public_key */

/* Decrypts a record built here; the instance XML (malloc'd) or NULL. */
static char *open_record(const struct report_record *r)
{
    struct odk_plain p;
    char err[200];
    if (odk_decrypt(priv, r->manifest, r->manifest_len, r->enc, r->enc_len,
                    &p, err, sizeof err) != 0) {
        fprintf(stderr, "decrypt: %s\n", err);
        return NULL;
    }
    return (char *)p.xml;
}

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
    /* status + message (as Central words them) -> what happens; messages
     * from central-backend's lib/util/problem.js */
    static const struct {
        long http;
        const char *msg;
        int resent;
        enum report_outcome want;
        const char *problem;
    } t[] = {
        {201, "full submission upload was successful!", 0, REPORT_SENT, ""},
        {202, "Duplicate submission", 0, REPORT_SENT, ""},
        {0, "", 0, REPORT_RETRY, ""}, {200, "", 0, REPORT_RETRY, ""},
        {204, "", 0, REPORT_RETRY, ""}, {301, "", 0, REPORT_RETRY, ""},
        {302, "", 0, REPORT_RETRY, ""}, {500, "", 0, REPORT_RETRY, ""},
        {502, "", 0, REPORT_RETRY, ""}, {503, "", 0, REPORT_RETRY, ""},
        {504, "", 0, REPORT_RETRY, ""}, {408, "", 0, REPORT_RETRY, ""},
        {429, "", 0, REPORT_RETRY, ""},
        {404, "Could not find the resource you were looking for.", 0,
         REPORT_HOLD_FORM, "404.1"},
        {404, "The form version specified in this submission '7' does not "
              "exist.", 0, REPORT_HOLD_FORM, "404.6"},
        {404, "something else", 0, REPORT_HOLD_FORM, ""},
        {409, "This form is not currently accepting submissions. Please "
              "talk to your program staff if this is unexpected.", 0,
         REPORT_HOLD_FORM, "409.2"},
        {401, "Could not authenticate with the provided credentials.", 0,
         REPORT_HOLD_FORM, "401.2"},
        {401, "", 0, REPORT_HOLD_FORM, "401.2"},
        {403, "The authentication you provided does not have rights to "
              "perform that action.", 0, REPORT_HOLD_ALL, "403.1"},
        {409, "This submission has been deleted. You may not resubmit it.",
         0, REPORT_RESEND, "409.18"},
        {409, "This submission has been deleted. You may not resubmit it.",
         1, REPORT_PARKED, "409.18"},
        {409, "A resource already exists with instanceId value(s) of x.", 0,
         REPORT_RESEND, "409.3"},
        {409, "A submission already exists with this ID, but with different "
              "XML. Resubmissions to attach additional multimedia must "
              "resubmit an identical xml_submission_file.", 0,
         REPORT_PARKED, "409.1"},
        {409, "", 0, REPORT_PARKED, ""},
        {400, "Required multipart POST field xml_submission_file missing.",
         0, REPORT_PARKED, ""},
        {410, "", 0, REPORT_PARKED, ""}, {413, "", 0, REPORT_PARKED, ""},
        {422, "", 0, REPORT_PARKED, ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct report_verdict v;
        report_classify(t[i].http, t[i].msg, t[i].resent, &v);
        if (v.outcome != t[i].want || strcmp(v.problem, t[i].problem)) {
            fprintf(stderr, "HTTP %ld '%s'\n", t[i].http, t[i].msg);
        }
        CHECK_INT(v.outcome, t[i].want);
        CHECK_STR(v.problem, t[i].problem);
        /* every hold says what fixes it */
        if (v.outcome == REPORT_HOLD_FORM || v.outcome == REPORT_HOLD_ALL) {
            CHECK(v.advice[0] != '\0');
        }
    }
    struct report_verdict v;
    report_classify(401, NULL, 0, &v);
    CHECK_CONTAINS(v.advice, "Form Access");
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
        /* Central's mustache escaping, decoded */
        {"<message nature=\"error\">The form version specified in this "
         "submission &#39;2026120201&#39; does not exist.</message>",
         "The form version specified in this submission '2026120201' does "
         "not exist."},
        {"<message>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; "
         "&#x2F;f&#x3D;g&#x60;</message>", "a & b <c> \"d\" 'e' /f=g`"},
        {"<message>caf\xc3\xa9 &#233; &#x1F600;</message>",
         "caf\xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80"},
        /* not references: kept as they are */
        {"<message>AT&T &#; &#xZZ; &bogus; &#0; &</message>",
         "AT&T &#; &#xZZ; &bogus; &#0; &"},
        /* bytes that are not UTF-8: dropped; control characters: a
         * space */
        {"<message>a\xff\xfe" "b\x01" "c &#1;d</message>", "ab c d"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[128];
        report_openrosa_message(t[i].body, strlen(t[i].body), out,
                                sizeof out);
        CHECK_STR(out, t[i].want);
    }
    char small[8];
    const char *b = "<message>a long message</message>";
    report_openrosa_message(b, strlen(b), small, sizeof small);
    CHECK_STR(small, "a long");
    /* never cut inside a character */
    char tiny[5];
    const char *v = "<message>ab\xc3\xa9\xc3\xa9</message>";
    report_openrosa_message(v, strlen(v), tiny, sizeof tiny);
    CHECK_STR(tiny, "ab\xc3\xa9");
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

static void test_build_screening(void)
{
    struct report_cfg cfg = base_cfg;
    /* measures as the form declares them, in its order */
    const struct report_measure m[] = {
        {"tobacco_risk", "6", "moderate"},
        {"alcohol_risk", "14", "moderate"},
        {"cannabis_risk", "", ""},        /* never used: left out */
        {"amphetamines_risk", "31", "high"},
        {"gad7_level", NULL, "mild"},      /* a band without a score */
        {"x_risk", "2.5", ""},             /* a score without a band */
        {"odd", "<&>", "a\"b"},            /* escaped, not refused */
    };
    struct report_screening s = {
        .form_id = "assist", .form_version = "2026112401",
        .language = "vi", .completed = 1795433071, .seq = 42,
        .measures = m, .n_measures = (int)(sizeof m / sizeof m[0]),
    };
    struct report_record r;
    CHECK_INT(report_build_screening(&cfg, &s, &r), KIOSK_OK);
    char *xml = open_record(&r);
    CHECK(xml != NULL);
    if (!xml) {
        report_record_free(&r);
        return;
    }
    CHECK(uuid_shape(r.instance_id, '4'));
    CHECK_STR(r.form_id, "kiosk_screening");
    char want[128];
    snprintf(want, sizeof want, "<meta><orx:instanceID>%s</orx:instanceID>"
             "</meta></data>", r.instance_id);
    CHECK_CONTAINS(xml, want);
    CHECK_CONTAINS(xml, "id=\"kiosk_screening\" version=\"" 
                   REPORT_FORMS_VERSION "\"");
    CHECK_CONTAINS(xml, "<kiosk_id>HN-0001</kiosk_id>");
    CHECK_CONTAINS(xml, "<instrument>assist</instrument>");
    CHECK_CONTAINS(xml, "<instrument_version>2026112401</instrument_version>");
    CHECK_CONTAINS(xml, "<lang>vi</lang>");
    CHECK_CONTAINS(xml, "<completed_at>2026-11-23T18:00:00.000+07:00"
                   "</completed_at>");
    CHECK_CONTAINS(xml, "<seq>42</seq>");
    CHECK_CONTAINS(xml, "<measure><measure_id>tobacco_risk</measure_id>"
                   "<score>6</score><band>moderate</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>alcohol_risk</measure_id>"
                   "<score>14</score><band>moderate</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>amphetamines_risk</measure_id>"
                   "<score>31</score><band>high</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>gad7_level</measure_id>"
                   "<score/><band>mild</band></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>x_risk</measure_id>"
                   "<score>2.5</score><band/></measure>");
    CHECK_CONTAINS(xml, "<measure><measure_id>odd</measure_id><score>"
                   "&lt;&amp;&gt;</score><band>a&quot;b</band></measure>");
    CHECK_INT(count_of(xml, "<measure>"), 6);
    CHECK(strstr(xml, "cannabis") == NULL);
    /* the measures in the order given */
    CHECK(strstr(xml, ">tobacco_risk<") < strstr(xml, ">alcohol_risk<") &&
          strstr(xml, ">alcohol_risk<") < strstr(xml, ">amphetamines_risk<"));
    free(xml);

    /* a second build of the same screening gets a new id */
    struct report_record r2;
    CHECK_INT(report_build_screening(&cfg, &s, &r2), KIOSK_OK);
    CHECK(strcmp(r.instance_id, r2.instance_id) != 0);
    report_record_free(&r2);
    report_record_free(&r);

    /* a configured version, a language needing escapes, no measure */
    cfg.screening_version = "2027010101";
    struct report_screening c = {
        .form_id = "crafft", .form_version = "7", .language = "x<&>",
        .completed = 1798734600, .seq = 1,
    };
    CHECK_INT(report_build_screening(&cfg, &c, &r), KIOSK_OK);
    xml = open_record(&r);
    if (xml) {
        CHECK_CONTAINS(xml, "version=\"2027010101\"");
        CHECK_CONTAINS(xml, "<lang>x&lt;&amp;&gt;</lang>");
        CHECK(strstr(xml, "<measure>") == NULL);
        free(xml);
    }
    CHECK_CONTAINS((const char *)r.manifest, "version=\"2027010101\"");
    report_record_free(&r);

    /* refused inputs: nothing built */
    struct report_screening bad = s;
    bad.language = NULL;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    CHECK(r.manifest == NULL && r.enc == NULL);
    bad = s;
    bad.form_id = "\xff\xfe";
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    const struct report_measure badm[] = {{"x_risk", "\xc3", "low"}};
    bad = s;
    bad.measures = badm;
    bad.n_measures = 1;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    const struct report_measure noname[] = {{"", "1", "low"}};
    bad.measures = noname;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    bad.measures = NULL;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    struct report_measure many[REPORT_MAX_MEASURES + 1];
    char names[REPORT_MAX_MEASURES + 1][24];
    for (int i = 0; i <= REPORT_MAX_MEASURES; i++) {
        snprintf(names[i], sizeof names[i], "m%d", i);
        many[i] = (struct report_measure){names[i], "1", "low"};
    }
    bad = s;
    bad.measures = many;
    bad.n_measures = REPORT_MAX_MEASURES;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_OK);
    report_record_free(&r);
    bad.n_measures = REPORT_MAX_MEASURES + 1;
    CHECK_INT(report_build_screening(&cfg, &bad, &r), KIOSK_EINVAL);
    struct report_cfg badcfg = base_cfg;
    badcfg.kiosk_id = "a b";
    CHECK_INT(report_build_screening(&badcfg, &s, &r), KIOSK_EINVAL);
    badcfg = base_cfg;
    badcfg.public_key = NULL; /* never a record in the clear */
    CHECK_INT(report_build_screening(&badcfg, &s, &r), KIOSK_EINVAL);
    CHECK(r.manifest == NULL);
}

/* The daily record from counts: flags counted like bands, empty values
 * left out, a name-based id. */
static void test_build_day(void)
{
    const struct report_count forms[] = {
        {"assist", NULL, NULL, 3}, {"crafft", NULL, NULL, 2},
        {"phq9", NULL, NULL, 0},
    };
    const struct report_count measures[] = {
        {"assist", "alcohol_risk", "moderate", 2},
        {"assist", "alcohol_risk", "low", 1},
        {"assist", "cannabis_risk", "", 3},   /* nobody used it */
        {"assist", "injected", "yes_3m", 1},  /* a sensitive flag: a count */
        {"assist", "injected", "no", 2},
        {"crafft", "crafft_car", "yes", 2},
        {"crafft", "crafft_risk", "high", 0},
    };
    const struct report_count langs[] = {
        {NULL, "vi", NULL, 4}, {NULL, "km", NULL, 1},
    };
    struct report_day d = {
        .day = 20780, .visits = {1, 5, 0, 2}, .tickets_issued = 2,
        .tickets_attended = 1, .quiz_plays = -1,
        .by_instrument = forms, .n_instrument = 3,
        .by_language = langs, .n_language = 2,
        .by_measure = measures, .n_measure = 7,
    };
    struct report_record r;
    CHECK_INT(report_build_day(&base_cfg, &d, &r), KIOSK_OK);
    CHECK(uuid_shape(r.instance_id, '8'));
    CHECK_STR(r.form_id, "kiosk_daily");
    char *xml = open_record(&r);
    CHECK(xml != NULL);
    if (xml) {
        CHECK_CONTAINS(xml, "<day>2026-11-23</day><visits>8</visits>"
                       "<visits_completed>5</visits_completed><visits_left>"
                       "0</visits_left><visits_idle>2</visits_idle>"
                       "<visits_open>1</visits_open><screenings>5"
                       "</screenings><tickets_issued>2</tickets_issued>"
                       "<tickets_attended>1</tickets_attended><quiz_plays/>");
        CHECK_CONTAINS(xml, "<by_measure><measure_instrument>assist"
                       "</measure_instrument><measure>injected</measure>"
                       "<value>yes_3m</value><n_value>1</n_value>"
                       "</by_measure>");
        CHECK_CONTAINS(xml, "<by_measure><measure_instrument>crafft"
                       "</measure_instrument><measure>crafft_car</measure>"
                       "<value>yes</value><n_value>2</n_value></by_measure>");
        CHECK_INT(count_of(xml, "<by_measure>"), 5);
        CHECK(strstr(xml, "<value/>") == NULL);  /* no empty band */
        CHECK(strstr(xml, "cannabis") == NULL);
        CHECK_INT(count_of(xml, "<by_instrument>"), 2); /* phq9: 0 */
        CHECK_CONTAINS(xml, "<by_language><language>km</language>"
                       "<n_language>1</n_language></by_language>");
        free(xml);
    }
    char id[REPORT_INSTANCE_ID_SIZE];
    report_daily_id(&base_cfg, 20780, id);
    CHECK_STR(r.instance_id, id);
    report_record_free(&r);
    /* bad counts are refused whole */
    const struct report_count bad[] = {{"assist", "x", "\xff", 1}};
    d.by_measure = bad;
    d.n_measure = 1;
    CHECK_INT(report_build_day(&base_cfg, &d, &r), KIOSK_EINVAL);
    d.n_measure = -1;
    CHECK_INT(report_build_day(&base_cfg, &d, &r), KIOSK_EINVAL);
    d.n_measure = 0;
    d.day = -1;
    CHECK_INT(report_build_day(&base_cfg, &d, &r), KIOSK_EINVAL);
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
    /* a screening whose band is empty (not applicable) */
    const struct store_value ev[] = {{"cannabis_risk", ""}};
    struct store_screening es = {
        .form_id = "assist", .form_version = "1", .language = "vi",
        .time = t + 5, .values = ev, .n_values = 1,
        .answers = (const unsigned char *)"x", .answers_len = 1,
    };
    CHECK_INT(store_save_screening(st, &es, NULL), KIOSK_OK);
    struct store_ticket_new tk = {.code = "K7Q2M9XD", .created = t,
                                  .language = "vi"};
    int64_t tid;
    CHECK_INT(store_ticket_insert(st, &tk, &tid), KIOSK_OK);
    CHECK_INT(store_ticket_set_state(st, tid, STORE_TICKET_ATTENDED, t + 60,
                                     0), KIOSK_OK);

    struct report_record r, r2;
    CHECK_INT(report_build_daily(&cfg, st, day, 7, &r), KIOSK_OK);
    CHECK(uuid_shape(r.instance_id, '8'));
    char *xml = open_record(&r);
    if (xml) {
        CHECK_CONTAINS(xml, "id=\"kiosk_daily\" version=\""
                       REPORT_FORMS_VERSION "\"");
        CHECK_CONTAINS(xml, "<day>2026-11-23</day>");
        CHECK_CONTAINS(xml, "<visits>3</visits>");
        CHECK_CONTAINS(xml, "<visits_completed>1</visits_completed>");
        CHECK_CONTAINS(xml, "<visits_idle>1</visits_idle>");
        CHECK_CONTAINS(xml, "<visits_open>1</visits_open>");
        CHECK_CONTAINS(xml, "<visits_left>0</visits_left>");
        CHECK_CONTAINS(xml, "<screenings>4</screenings>");
        CHECK_CONTAINS(xml, "<tickets_issued>1</tickets_issued>");
        CHECK_CONTAINS(xml, "<tickets_attended>1</tickets_attended>");
        CHECK_CONTAINS(xml, "<quiz_plays>7</quiz_plays>");
        CHECK_CONTAINS(xml, "<by_instrument><instrument>assist</instrument>"
                       "<n_instrument>4</n_instrument></by_instrument>");
        /* seq 1..3 -> scores 1..3 -> all "low" */
        CHECK_CONTAINS(xml, "<by_measure><measure_instrument>assist"
                       "</measure_instrument><measure>alcohol_risk"
                       "</measure><value>low</value><n_value>3</n_value>"
                       "</by_measure>");
        CHECK(strstr(xml, "cannabis") == NULL); /* its value was empty */
        CHECK_CONTAINS(xml, "<by_language><language>vi</language>"
                       "<n_language>4</n_language></by_language>");
        /* never a ticket code */
        CHECK(strstr(xml, "K7Q2") == NULL);
        free(xml);
    }
    CHECK_INT(report_build_daily(&cfg, st, day, -1, &r2), KIOSK_OK);
    CHECK_STR(r.instance_id, r2.instance_id); /* one id per kiosk and day */
    xml = open_record(&r2);
    if (xml) {
        CHECK_CONTAINS(xml, "<quiz_plays/>");
        free(xml);
    }
    report_record_free(&r2);
    CHECK_INT(report_build_daily(&cfg, st, day + 1, -1, &r2), KIOSK_OK);
    CHECK(strcmp(r.instance_id, r2.instance_id) != 0);
    report_record_free(&r2);
    CHECK_INT(report_build_daily(&cfg, st, -1, -1, &r2), KIOSK_EINVAL);
    char first_id[REPORT_INSTANCE_ID_SIZE];
    memcpy(first_id, r.instance_id, sizeof first_id);
    report_record_free(&r);

    /* closing the day queues it once */
    int queued = -1;
    CHECK_INT(report_close_day(&cfg, st, day, 7, t + 86400, &queued),
              KIOSK_OK);
    CHECK_INT(queued, 1);
    CHECK_INT(report_close_day(&cfg, st, day, 9, t + 86401, &queued),
              KIOSK_OK);
    CHECK_INT(queued, 0);

    /* The outbox holds the exact parts, encrypted: the 4 screenings, then
     * the day; nothing of any instance in clear. */
    struct store_outbox_item it;
    int n = 0, days = 0;
    int64_t after = 0;
    while (store_outbox_next(st, after, NULL, 0, &it) == KIOSK_OK && n < 10) {
        n++;
        after = it.id;
        CHECK(it.att != NULL);
        CHECK(!memmem(it.body, it.len, "alcohol", 7) &&
              !memmem(it.att, it.att_len, "alcohol", 7));
        CHECK(!memmem(it.body, it.len, "HN-0001", 7) &&
              !memmem(it.att, it.att_len, "HN-0001", 7));
        CHECK_CONTAINS((const char *)it.body, "encrypted=\"yes\"");
        struct odk_plain p;
        char err[200];
        CHECK_INT(odk_decrypt(priv, it.body, it.len, it.att, it.att_len, &p,
                              err, sizeof err), 0);
        CHECK_STR(p.instance, it.instance);
        CHECK_STR(p.form, it.form);
        if (strcmp(it.form, "kiosk_daily") == 0) {
            days++;
            CHECK_STR(it.instance, first_id);
            CHECK(p.xml && strstr((char *)p.xml, "<quiz_plays>7<"));
        }
        free(p.xml);
        CHECK_STR(it.kind, REPORT_OUTBOX_KIND);
        CHECK_INT(store_outbox_mark(st, it.id, STORE_OUTBOX_SENT, t, NULL),
                  KIOSK_OK);
        store_outbox_item_clear(&it);
    }
    CHECK_INT(n, 5);
    CHECK_INT(days, 1);
    store_close(st);
}

/* The forms to publish: templates with the key and versions filled in. */
static void test_write_forms(void)
{
    char dir[512], err[300];
    test_file(dir, sizeof dir, "forms");
    CHECK_INT(mkdir(dir, 0700), 0);
    struct report_cfg cfg = base_cfg;
    cfg.daily_version = "2027010101[encrypted:AbCd]";
    CHECK_INT(report_write_forms(&cfg, "assets/report", dir, err,
                                 sizeof err), KIOSK_OK);
    static const char *const names[] = {"kiosk_screening", "kiosk_daily"};
    for (int i = 0; i < 2; i++) {
        char path[600], *text = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s.xml", dir, names[i]);
        CHECK_INT(kiosk_read_file(path, 1 << 20, &text, &len), KIOSK_OK);
        if (!text) {
            continue;
        }
        char want[1400];
        snprintf(want, sizeof want, "<submission base64RsaPublicKey=\"%s\"/>",
                 cfg.public_key);
        CHECK_CONTAINS(text, want);
        CHECK(strstr(text, want) < strstr(text, "</model>"));
        snprintf(want, sizeof want, "<data id=\"%s\" version=\"%s\">",
                 names[i], i ? "2027010101[encrypted:AbCd]"
                             : REPORT_FORMS_VERSION);
        CHECK_CONTAINS(text, want);
        CHECK_INT(count_of(text, "<submission"), 1);
        free(text);
    }
    /* without a valid key, or with a bad version, nothing is written */
    cfg.public_key = "AAAA";
    CHECK_INT(report_write_forms(&cfg, "assets/report", dir, err,
                                 sizeof err), KIOSK_EINVAL);
    cfg = base_cfg;
    cfg.screening_version = "a b";
    CHECK_INT(report_write_forms(&cfg, "assets/report", dir, err,
                                 sizeof err), KIOSK_EINVAL);
    CHECK_CONTAINS(err, "version 'a b'");
    /* a template that is not one: named */
    char tdir[512], bogus[600];
    test_file(tdir, sizeof tdir, "badtpl");
    CHECK_INT(mkdir(tdir, 0700), 0);
    snprintf(bogus, sizeof bogus, "%s/kiosk_screening.xml", tdir);
    FILE *f = fopen(bogus, "w");
    if (f) {
        fputs("<h:html><model><instance><data id=\"other\"/></instance>"
              "</model></h:html>", f);
        fclose(f);
    }
    CHECK_INT(report_write_forms(&base_cfg, tdir, dir, err, sizeof err),
              KIOSK_EPARSE);
    CHECK_CONTAINS(err, "not the kiosk_screening template");
}

int main(void)
{
    base_cfg.public_key = test_key(&priv);
    test_ids();
    test_times();
    test_xml_escape();
    test_classify();
    test_backoff();
    test_message();
    test_cfg();
    test_token();
    test_build_screening();
    test_build_day();
    test_daily();
    test_write_forms();
    TEST_MAIN_END();
}
