/* Reporting periods and DHIS2 period strings (the calendar itself is
 * core/date's, tested in tests/core/test_date.c). Expected values were
 * worked out by hand and checked against Python's datetime; the ISO week
 * walk below checks the rules themselves over forty years of Mondays. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "staff/staff.h"
#include "test.h"

#define VN 25200

static long D(int y, int m, int d)
{
    return date_from_civil(y, m, d);
}

static void test_periods(void)
{
    /* now: local (UTC+7) date and time, converted to Unix seconds here */
    static const struct {
        int y, m, d, hh, mm, ss;
        enum staff_period_kind k;
        int fy, fm, fd, ty, tm, td;
    } t[] = {
        /* Tuesday 2026-11-24 */
        {2026, 11, 24, 8, 0, 0, STAFF_THIS_WEEK, 2026, 11, 23, 2026, 11, 30},
        {2026, 11, 24, 8, 0, 0, STAFF_THIS_MONTH, 2026, 11, 1, 2026, 12, 1},
        {2026, 11, 24, 8, 0, 0, STAFF_LAST_6_MONTHS, 2026, 6, 1, 2026, 12, 1},
        {2026, 11, 24, 8, 0, 0, STAFF_THIS_YEAR, 2026, 1, 1, 2027, 1, 1},
        {2026, 11, 24, 8, 0, 0, STAFF_LAST_MONTH, 2026, 10, 1, 2026, 11, 1},
        /* the week across a year boundary (Friday 2027-01-01) */
        {2027, 1, 1, 10, 0, 0, STAFF_THIS_WEEK, 2026, 12, 28, 2027, 1, 4},
        {2027, 1, 1, 10, 0, 0, STAFF_THIS_MONTH, 2027, 1, 1, 2027, 2, 1},
        {2027, 1, 1, 10, 0, 0, STAFF_LAST_6_MONTHS, 2026, 8, 1, 2027, 2, 1},
        {2027, 1, 1, 10, 0, 0, STAFF_LAST_MONTH, 2026, 12, 1, 2027, 1, 1},
        {2027, 1, 1, 10, 0, 0, STAFF_THIS_YEAR, 2027, 1, 1, 2028, 1, 1},
        /* Sunday night vs Monday morning, local time (UTC+7): at 00:00 in
         * Vietnam it is still Sunday 17:00 in UTC */
        {2026, 11, 29, 23, 59, 59, STAFF_THIS_WEEK, 2026, 11, 23, 2026, 11,
         30},
        {2026, 11, 30, 0, 0, 0, STAFF_THIS_WEEK, 2026, 11, 30, 2026, 12, 7},
        {2026, 11, 30, 6, 59, 59, STAFF_THIS_WEEK, 2026, 11, 30, 2026, 12, 7},
        /* a Monday is its own week's start; a leap February */
        {2024, 2, 12, 9, 0, 0, STAFF_THIS_WEEK, 2024, 2, 12, 2024, 2, 19},
        {2024, 2, 29, 9, 0, 0, STAFF_THIS_MONTH, 2024, 2, 1, 2024, 3, 1},
        {2024, 3, 31, 23, 0, 0, STAFF_LAST_MONTH, 2024, 2, 1, 2024, 3, 1},
        /* the last day of the year, local */
        {2024, 12, 31, 23, 30, 0, STAFF_THIS_YEAR, 2024, 1, 1, 2025, 1, 1},
        {2024, 12, 31, 23, 30, 0, STAFF_THIS_WEEK, 2024, 12, 30, 2025, 1, 6},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int64_t now = (int64_t)D(t[i].y, t[i].m, t[i].d) * 86400 +
                      t[i].hh * 3600 + t[i].mm * 60 + t[i].ss - VN;
        long from = -1, to = -1;
        CHECK_INT(staff_period(t[i].k, now, VN, &from, &to), KIOSK_OK);
        if (from != D(t[i].fy, t[i].fm, t[i].fd) ||
            to != D(t[i].ty, t[i].tm, t[i].td)) {
            fprintf(stderr, "period case %zu\n", i);
        }
        CHECK_INT(from, D(t[i].fy, t[i].fm, t[i].fd));
        CHECK_INT(to, D(t[i].ty, t[i].tm, t[i].td));
    }
    /* the same instant is a different day in UTC */
    int64_t now = 1795971599 + 1; /* 2026-11-30 00:00:00 in Vietnam */
    long from, to;
    CHECK_INT(staff_period(STAFF_THIS_WEEK, now, 0, &from, &to), KIOSK_OK);
    CHECK_INT(from, D(2026, 11, 23));
    CHECK_INT(staff_period((enum staff_period_kind)99, now, VN, &from, &to),
              KIOSK_EINVAL);
    CHECK_INT(staff_period(STAFF_THIS_WEEK, now, VN, NULL, &to),
              KIOSK_EINVAL);
}

static void test_dhis2_period(void)
{
    static const struct {
        int fy, fm, fd, ty, tm, td;
        const char *want; /* NULL = not one DHIS2 period */
    } t[] = {
        {2026, 11, 24, 2026, 11, 25, "20261124"},
        {2026, 11, 23, 2026, 11, 30, "2026W48"},
        {2026, 12, 28, 2027, 1, 4, "2026W53"},  /* 2026 has 53 weeks */
        {2024, 12, 30, 2025, 1, 6, "2025W1"},   /* belongs to 2025 */
        {2021, 1, 4, 2021, 1, 11, "2021W1"},
        {2020, 12, 28, 2021, 1, 4, "2020W53"},
        {2026, 11, 24, 2026, 12, 1, NULL},      /* 7 days from a Tuesday */
        {2026, 11, 1, 2026, 12, 1, "202611"},
        {2024, 2, 1, 2024, 3, 1, "202402"},
        {2026, 10, 1, 2027, 1, 1, "2026Q4"},
        {2026, 4, 1, 2026, 7, 1, "2026Q2"},
        {2026, 2, 1, 2026, 5, 1, NULL},         /* three months, not a Q */
        {2026, 1, 1, 2026, 7, 1, "2026S1"},
        {2026, 7, 1, 2027, 1, 1, "2026S2"},
        {2026, 6, 1, 2026, 12, 1, NULL},        /* six months, not an S */
        {2026, 1, 1, 2027, 1, 1, "2026"},
        {2026, 1, 1, 2028, 1, 1, NULL},
        {2026, 11, 1, 2027, 1, 1, NULL},        /* two months */
        {2026, 11, 3, 2026, 11, 21, NULL},
        {2026, 11, 2, 2026, 12, 1, NULL},       /* a month less a day */
        {2026, 11, 1, 2026, 11, 1, NULL},       /* empty */
        {2026, 11, 2, 2026, 11, 1, NULL},       /* backwards */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char buf[16] = "junk";
        enum kiosk_err e = staff_dhis2_period(D(t[i].fy, t[i].fm, t[i].fd),
                                              D(t[i].ty, t[i].tm, t[i].td),
                                              buf, sizeof buf);
        if (t[i].want) {
            CHECK_INT(e, KIOSK_OK);
            CHECK_STR(buf, t[i].want);
        } else {
            CHECK_INT(e, KIOSK_EINVAL);
            CHECK_STR(buf, "");
        }
    }
    char small[8];
    CHECK_INT(staff_dhis2_period(D(2026, 1, 1), D(2027, 1, 1), small,
                                 sizeof small), KIOSK_ETOOBIG);
    /* every THIS_WEEK / THIS_MONTH / THIS_YEAR range is one DHIS2 period */
    for (int64_t now = 1735621200; now < 1735621200 + 400LL * 86400;
         now += 86400 + 3607) {
        for (int k = 0; k < STAFF_PERIOD_KINDS; k++) {
            if (k == STAFF_LAST_6_MONTHS) {
                continue;
            }
            long from, to;
            char buf[16];
            CHECK_INT(staff_period((enum staff_period_kind)k, now, VN, &from,
                                   &to), KIOSK_OK);
            CHECK_INT(staff_dhis2_period(from, to, buf, sizeof buf),
                      KIOSK_OK);
        }
    }
}

/* ISO 8601 weeks by their rules: week 1 holds 4 January; consecutive
 * Mondays are consecutive weeks or start week 1 of the next year; a year
 * has 53 weeks exactly when it starts on a Thursday, or on a Wednesday in
 * a leap year. */
static void test_iso_weeks(void)
{
    long monday = D(1999, 12, 27);
    int prev_year = 1999, prev_week = 51; /* 1999-12-27 is 1999W52 */
    int bad = 0;
    for (; monday < D(2041, 1, 1); monday += 7) {
        char buf[16];
        if (staff_dhis2_period(monday, monday + 7, buf, sizeof buf)) {
            bad++;
            continue;
        }
        int year = 0, week = 0;
        if (sscanf(buf, "%4dW%d", &year, &week) != 2) {
            bad++;
            continue;
        }
        int jan1 = date_weekday(D(year, 1, 1));
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int weeks = (jan1 == 3 || (jan1 == 2 && leap)) ? 53 : 52;
        if (week == 1) {
            long jan4 = D(year, 1, 4);
            bad += !(jan4 >= monday && jan4 < monday + 7);
            bad += !(year == prev_year + 1 && prev_week ==
                     ((date_weekday(D(prev_year, 1, 1)) == 3 ||
                       (date_weekday(D(prev_year, 1, 1)) == 2 &&
                        ((prev_year % 4 == 0 && prev_year % 100 != 0) ||
                         prev_year % 400 == 0))) ? 53 : 52));
        } else {
            bad += !(year == prev_year && week == prev_week + 1);
        }
        bad += week > weeks;
        prev_year = year;
        prev_week = week;
    }
    CHECK_INT(bad, 0);
}

int main(void)
{
    test_periods();
    test_dhis2_period();
    test_iso_weeks();
    TEST_MAIN_END();
}
