#include <stdio.h>
#include <string.h>

#include "core/date.h"

static long floor_div(long a, long b)
{
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

static int64_t floor_div64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

long date_day(int64_t t, int offset)
{
    return (long)floor_div64(t + offset, 86400);
}

int64_t date_day_start(long day, int offset)
{
    return (int64_t)day * 86400 - offset;
}

int date_seconds(int64_t t, int offset)
{
    return (int)(t + offset - (int64_t)date_day(t, offset) * 86400);
}

long date_from_civil(int y, int m, int d)
{
    long yy = m <= 2 ? y - 1 : y;           /* March-based year */
    long era = floor_div(yy, 400);
    long yoe = yy - era * 400;               /* 0..399 */
    long mp = m > 2 ? m - 3 : m + 9;         /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;   /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;      /* 719468: 0000-03-01 -> 1970 */
}

void date_civil(long day, int *y, int *m, int *d)
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

int date_weekday(long day)
{
    /* day 0 was a Thursday: 3 when Monday is 0 */
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int date_iso_week(long day, int *year)
{
    /* the week belongs to the year of its Thursday */
    long thursday = day - date_weekday(day) + 3;
    int wy;
    date_civil(thursday, &wy, NULL, NULL);
    if (year) {
        *year = wy;
    }
    return (int)((thursday - date_from_civil(wy, 1, 1)) / 7 + 1);
}

long date_month_start(int y, int m, int months)
{
    long idx = (long)y * 12 + (m - 1) + months;
    return date_from_civil((int)floor_div(idx, 12),
                           (int)(idx - floor_div(idx, 12) * 12) + 1, 1);
}

size_t date_format(int64_t t, int offset, enum date_style style, char *buf,
                   size_t n)
{
    long day = date_day(t, offset);
    int secs = date_seconds(t, offset);
    int y, m, d;
    date_civil(day, &y, &m, &d);
    int hh = secs / 3600, mi = secs / 60 % 60, ss = secs % 60;
    int off = offset < 0 ? -offset : offset;
    int k;
    switch (style) {
    case DATE_YMD:
        k = snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
        break;
    case DATE_DM:
        k = snprintf(buf, n, "%02d/%02d", d, m);
        break;
    case DATE_DMY:
        k = snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
        break;
    case DATE_HM:
        k = snprintf(buf, n, "%02d:%02d", hh, mi);
        break;
    case DATE_DM_HM:
        k = snprintf(buf, n, "%02d/%02d %02d:%02d", d, m, hh, mi);
        break;
    case DATE_DMY_HM:
        k = snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", d, m, y, hh, mi);
        break;
    case DATE_YMD_HM:
        k = snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", y, m, d, hh, mi);
        break;
    case DATE_STAMP:
        k = snprintf(buf, n, "%04d%02d%02d-%02d%02d%02d", y, m, d, hh, mi, ss);
        break;
    case DATE_ISO_MS:
        k = snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.000%c%02d:%02d", y,
                     m, d, hh, mi, ss, offset < 0 ? '-' : '+', off / 3600,
                     off / 60 % 60);
        break;
    default:
        k = snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m,
                     d, hh, mi, ss, offset < 0 ? '-' : '+', off / 3600,
                     off / 60 % 60);
        break;
    }
    return k < 0 ? 0 : (size_t)k;
}

size_t date_format_day(long day, enum date_style style, char *buf, size_t n)
{
    return date_format(date_day_start(day, 0), 0, style, buf, n);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int date_parse_ymd(const char *s, long *day)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d) ||
        m < 1 || m > 12 || d < 1 || d > 31) {
        return -1;
    }
    long v = date_from_civil(y, m, d);
    int y2, m2, d2;
    date_civil(v, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d) {
        return -1; /* 2026-02-30 */
    }
    *day = v;
    return 0;
}

int date_parse_offset(const char *s, int *seconds)
{
    if (!s) {
        return -1;
    }
    if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
        *seconds = 0;
        return 0;
    }
    size_t n = strlen(s);
    int h, m;
    if ((s[0] != '+' && s[0] != '-') ||
        !((n == 6 && s[3] == ':' && !digits(s + 1, 2, &h) &&
           !digits(s + 4, 2, &m)) ||
          (n == 5 && !digits(s + 1, 2, &h) && !digits(s + 3, 2, &m))) ||
        m > 59 || h * 3600 + m * 60 > DATE_UTC_OFFSET_MAX) {
        return -1;
    }
    *seconds = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return 0;
}
