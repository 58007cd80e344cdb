/* Calendar arithmetic on local day numbers, reporting periods, and DHIS2
 * period strings.
 *
 * Day 0 is 1970-01-01 (a Thursday). Conversions use the proleptic Gregorian
 * calendar counted in 400-year eras of 146,097 days, with the year taken to
 * start on 1 March so that the leap day falls at the end of it. */
#include <stdio.h>
#include <string.h>

#include "staff/staff.h"

static long floor_div(long a, long b)
{
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

long staff_day_from_date(int y, int m, int d)
{
    long yy = m <= 2 ? y - 1 : y;           /* March-based year */
    long era = floor_div(yy, 400);
    long yoe = yy - era * 400;               /* 0..399 */
    long mp = m > 2 ? m - 3 : m + 9;         /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;   /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;      /* 719468: 0000-03-01 → 1970 */
}

void staff_date_from_day(long day, int *y, int *m, int *d)
{
    long z = day + 719468;
    long era = floor_div(z, 146097);
    long doe = z - era * 146097;                                /* 0..146096 */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);         /* 0..365 */
    long mp = (5 * doy + 2) / 153;                              /* 0..11 */
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    long yy = yoe + era * 400 + (mm <= 2);
    if (y) {
        *y = (int)yy;
    }
    if (m) {
        *m = (int)mm;
    }
    if (d) {
        *d = (int)dd;
    }
}

int staff_weekday(long day)
{
    /* day 0 was a Thursday (3 when Monday is 0) */
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* First day of the month `delta` months after y-m. */
static long month_start(int y, int m, int delta)
{
    long idx = (long)y * 12 + (m - 1) + delta;
    return staff_day_from_date((int)floor_div(idx, 12),
                               (int)(idx - floor_div(idx, 12) * 12) + 1, 1);
}

enum kiosk_err staff_period(enum staff_period_kind k, int64_t now,
                            int day_offset, long *from_day, long *to_day)
{
    if (!from_day || !to_day) {
        return KIOSK_EINVAL;
    }
    int64_t t = now + day_offset;
    long today = (long)(t / 86400 - (t % 86400 < 0 ? 1 : 0));
    int y, m;
    staff_date_from_day(today, &y, &m, NULL);
    switch (k) {
    case STAFF_THIS_WEEK:
        *from_day = today - staff_weekday(today);
        *to_day = *from_day + 7;
        return KIOSK_OK;
    case STAFF_THIS_MONTH:
        *from_day = month_start(y, m, 0);
        *to_day = month_start(y, m, 1);
        return KIOSK_OK;
    case STAFF_LAST_6_MONTHS:
        *from_day = month_start(y, m, -5);
        *to_day = month_start(y, m, 1);
        return KIOSK_OK;
    case STAFF_THIS_YEAR:
        *from_day = staff_day_from_date(y, 1, 1);
        *to_day = staff_day_from_date(y + 1, 1, 1);
        return KIOSK_OK;
    case STAFF_LAST_MONTH:
        *from_day = month_start(y, m, -1);
        *to_day = month_start(y, m, 0);
        return KIOSK_OK;
    }
    return KIOSK_EINVAL;
}

/* Reads exactly `n` ASCII digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

enum kiosk_err staff_parse_date(const char *s, long *day)
{
    if (!s || !day || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return KIOSK_EINVAL;
    }
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) {
        return KIOSK_EINVAL;
    }
    long v = staff_day_from_date(y, m, d);
    int y2, m2, d2;
    staff_date_from_day(v, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d) {
        return KIOSK_EINVAL; /* 2026-02-30 and the like */
    }
    *day = v;
    return KIOSK_OK;
}

void staff_format_date(long day, char *buf, size_t n)
{
    int y, m, d;
    staff_date_from_day(day, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

enum kiosk_err staff_dhis2_period(long from_day, long to_day, char *buf,
                                  size_t n)
{
    if (!buf || n < 16) {
        return KIOSK_ETOOBIG;
    }
    buf[0] = '\0';
    if (to_day <= from_day) {
        return KIOSK_EINVAL;
    }
    int y, m, d;
    staff_date_from_day(from_day, &y, &m, &d);
    if (to_day - from_day == 1) {
        snprintf(buf, n, "%04d%02d%02d", y, m, d);
        return KIOSK_OK;
    }
    if (to_day - from_day == 7 && staff_weekday(from_day) == 0) {
        /* ISO 8601: a week belongs to the year of its Thursday, and week 1
         * is the one holding that year's first Thursday. */
        int wy;
        staff_date_from_day(from_day + 3, &wy, NULL, NULL);
        long week = (from_day + 3 - staff_day_from_date(wy, 1, 1)) / 7 + 1;
        snprintf(buf, n, "%04dW%ld", wy, week);
        return KIOSK_OK;
    }
    if (d != 1) {
        return KIOSK_EINVAL;
    }
    if (to_day == month_start(y, m, 1)) {
        snprintf(buf, n, "%04d%02d", y, m);
        return KIOSK_OK;
    }
    if ((m - 1) % 3 == 0 && to_day == month_start(y, m, 3)) {
        snprintf(buf, n, "%04dQ%d", y, (m - 1) / 3 + 1);
        return KIOSK_OK;
    }
    if ((m == 1 || m == 7) && to_day == month_start(y, m, 6)) {
        snprintf(buf, n, "%04dS%d", y, m == 1 ? 1 : 2);
        return KIOSK_OK;
    }
    if (m == 1 && to_day == staff_day_from_date(y + 1, 1, 1)) {
        snprintf(buf, n, "%04d", y);
        return KIOSK_OK;
    }
    return KIOSK_EINVAL;
}
