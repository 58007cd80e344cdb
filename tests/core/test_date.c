/* core/date: day numbers at an offset, the civil calendar (round trip over
 * 800 years), weekdays, ISO weeks at year ends, formats and parsing. */
#include <string.h>

#include "core/date.h"
#include "test.h"

static void test_days(void)
{
    const int vn = DATE_UTC_OFFSET_DEFAULT;
    /* 2026-11-24 08:00 in Vietnam is 01:00 UTC */
    int64_t t = 1795482000;
    long day = date_day(t, vn);
    int y, m, d;
    date_civil(day, &y, &m, &d);
    CHECK_INT(y, 2026);
    CHECK_INT(m, 11);
    CHECK_INT(d, 24);
    CHECK_INT(date_seconds(t, vn), 8 * 3600);
    /* local midnight starts the day, not UTC midnight */
    int64_t midnight = date_day_start(day, vn);
    CHECK_INT(date_day(midnight, vn), day);
    CHECK_INT(date_day(midnight - 1, vn), day - 1);
    CHECK_INT(date_day(midnight, 0), day - 1); /* 17:00 UTC the day before */
    /* before 1970, and a negative offset */
    CHECK_INT(date_day(-1, 0), -1);
    CHECK_INT(date_day(-vn - 1, vn), -1);
    CHECK_INT(date_seconds(-1, 0), 86399);
    CHECK_INT(date_day(0, -3 * 3600), -1);
}

static void test_calendar(void)
{
    /* worked out by hand, checked against Python's datetime */
    static const struct {
        int y, m, d;
        long day;
        int weekday; /* 0 = Monday */
    } known[] = {
        {1970, 1, 1, 0, 3},       {1969, 12, 31, -1, 2},
        {2000, 2, 29, 11016, 1},  {2000, 3, 1, 11017, 2},
        {2026, 11, 24, 20781, 1}, {1900, 3, 1, -25508, 3},
        {2400, 12, 31, 157419, 6},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        CHECK_INT(date_from_civil(known[i].y, known[i].m, known[i].d),
                  known[i].day);
        CHECK_INT(date_weekday(known[i].day), known[i].weekday);
        int y, m, d;
        date_civil(known[i].day, &y, &m, &d);
        CHECK_INT(y, known[i].y);
        CHECK_INT(m, known[i].m);
        CHECK_INT(d, known[i].d);
    }
    CHECK_INT(date_from_civil(1970, 1, 1), 0);
    CHECK_INT(date_from_civil(2000, 3, 1) - date_from_civil(2000, 2, 28), 2);
    CHECK_INT(date_from_civil(1900, 3, 1) - date_from_civil(1900, 2, 28), 1);
    CHECK_INT(date_weekday(0), 3);                          /* a Thursday */
    CHECK_INT(date_weekday(date_from_civil(2026, 11, 23)), 0); /* Monday */
    CHECK_INT(date_weekday(date_from_civil(2026, 11, 29)), 6); /* Sunday */
    CHECK_INT(date_weekday(-1), 2);
    int bad = 0;
    for (long day = date_from_civil(1700, 1, 1);
         day < date_from_civil(2500, 1, 1); day++) {
        int y, m, d;
        date_civil(day, &y, &m, &d);
        bad += date_from_civil(y, m, d) != day;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(date_month_start(2026, 11, 2), date_from_civil(2027, 1, 1));
    CHECK_INT(date_month_start(2026, 1, -1), date_from_civil(2025, 12, 1));
    CHECK_INT(date_month_start(2026, 6, -17), date_from_civil(2025, 1, 1));
}

static void test_iso_weeks(void)
{
    static const struct {
        int y, m, d, week, year;
    } t[] = {
        {2026, 11, 24, 48, 2026}, {2026, 12, 28, 53, 2026},
        {2027, 1, 3, 53, 2026},   {2027, 1, 4, 1, 2027},
        {2021, 1, 3, 53, 2020},   {2024, 12, 30, 1, 2025},
        {2026, 1, 1, 1, 2026},    {2023, 1, 1, 52, 2022},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int year = 0;
        CHECK_INT(date_iso_week(date_from_civil(t[i].y, t[i].m, t[i].d),
                                &year), t[i].week);
        CHECK_INT(year, t[i].year);
    }
}

static void test_formats(void)
{
    char buf[64];
    int64_t t = 1795482309; /* 2026-11-24 08:05:09 +07:00 */
    static const struct {
        enum date_style s;
        int offset;
        const char *want;
    } f[] = {
        {DATE_YMD, 25200, "2026-11-24"},
        {DATE_DM, 25200, "24/11"},
        {DATE_DMY, 25200, "24/11/2026"},
        {DATE_HM, 25200, "08:05"},
        {DATE_DM_HM, 25200, "24/11 08:05"},
        {DATE_DMY_HM, 25200, "24/11/2026 08:05"},
        {DATE_YMD_HM, 25200, "2026-11-24 08:05"},
        {DATE_ISO, 25200, "2026-11-24T08:05:09+07:00"},
        {DATE_ISO_MS, 25200, "2026-11-24T08:05:09.000+07:00"},
        {DATE_STAMP, 25200, "20261124-080509"},
        {DATE_ISO_MS, -12600, "2026-11-23T21:35:09.000-03:30"},
        {DATE_ISO, -12600, "2026-11-23T21:35:09-03:30"},
        {DATE_ISO, 0, "2026-11-24T01:05:09+00:00"},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        CHECK_INT(date_format(t, f[i].offset, f[i].s, buf, sizeof buf),
                  strlen(f[i].want));
        CHECK_STR(buf, f[i].want);
    }
    CHECK_INT(date_format_day(date_from_civil(2035, 2, 28), DATE_YMD, buf,
                              sizeof buf), 10);
    CHECK_STR(buf, "2035-02-28");
    char small[5];
    CHECK_INT(date_format(t, 25200, DATE_YMD, small, sizeof small), 10);
    CHECK_STR(small, "2026");
}

static void test_parsing(void)
{
    long day = 0;
    CHECK_INT(date_parse_ymd("2026-11-24", &day), 0);
    CHECK_INT(day, date_from_civil(2026, 11, 24));
    CHECK_INT(date_parse_ymd("2028-02-29", &day), 0);
    static const char *const bad_days[] = {
        "2026-02-29", "2035-02-30", "2026-13-01", "2026-00-10", "2026-1-01",
        "26-11-24", "2026/11/24", "2026-11-24 ", "", "2026-11-32",
        "1900-02-29", "2026-04-31", "2026-11-00", " 2026-11-24", "20261124",
        "2026-11-2x", "+026-11-24",
    };
    for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        day = -12345;
        CHECK_INT(date_parse_ymd(bad_days[i], &day), -1);
        CHECK_INT(day, -12345); /* untouched on failure */
    }
    CHECK_INT(date_parse_ymd(NULL, &day), -1);
    int off = 1;
    static const struct {
        const char *s;
        int secs;
    } good[] = {{"+07:00", 25200}, {"-03:30", -12600}, {"+0545", 20700},
                {"Z", 0}, {"UTC", 0}, {"+14:00", 50400}, {"-00:00", 0}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK_INT(date_parse_offset(good[i].s, &off), 0);
        CHECK_INT(off, good[i].secs);
    }
    static const char *const bad_offsets[] = {
        "07:00", "+7", "+07:60", "+15:00", "+07:0", "GMT+7", "", "+07-00",
    };
    for (size_t i = 0; i < sizeof bad_offsets / sizeof bad_offsets[0]; i++) {
        CHECK_INT(date_parse_offset(bad_offsets[i], &off), -1);
    }
}

int main(void)
{
    test_days();
    test_calendar();
    test_iso_weeks();
    test_formats();
    test_parsing();
    TEST_MAIN_END();
}
