/* Reporting periods and DHIS2 period strings, on local day numbers (the
 * calendar itself is core/date.c). */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "staff/staff.h"

enum kiosk_err staff_period(enum staff_period_kind k, int64_t now,
                            int day_offset, long *from_day, long *to_day)
{
    if (!from_day || !to_day) {
        return KIOSK_EINVAL;
    }
    long today = date_day(now, day_offset);
    int y, m;
    date_civil(today, &y, &m, NULL);
    switch (k) {
    case STAFF_THIS_WEEK:
        *from_day = today - date_weekday(today);
        *to_day = *from_day + 7;
        return KIOSK_OK;
    case STAFF_THIS_MONTH:
        *from_day = date_month_start(y, m, 0);
        *to_day = date_month_start(y, m, 1);
        return KIOSK_OK;
    case STAFF_LAST_6_MONTHS:
        *from_day = date_month_start(y, m, -5);
        *to_day = date_month_start(y, m, 1);
        return KIOSK_OK;
    case STAFF_THIS_YEAR:
        *from_day = date_from_civil(y, 1, 1);
        *to_day = date_from_civil(y + 1, 1, 1);
        return KIOSK_OK;
    case STAFF_LAST_MONTH:
        *from_day = date_month_start(y, m, -1);
        *to_day = date_month_start(y, m, 0);
        return KIOSK_OK;
    }
    return KIOSK_EINVAL;
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
    date_civil(from_day, &y, &m, &d);
    if (to_day - from_day == 1) {
        snprintf(buf, n, "%04d%02d%02d", y, m, d);
        return KIOSK_OK;
    }
    if (to_day - from_day == 7 && date_weekday(from_day) == 0) {
        int wy;
        int week = date_iso_week(from_day, &wy);
        snprintf(buf, n, "%04dW%d", wy, week);
        return KIOSK_OK;
    }
    if (d != 1) {
        return KIOSK_EINVAL;
    }
    if (to_day == date_month_start(y, m, 1)) {
        snprintf(buf, n, "%04d%02d", y, m);
        return KIOSK_OK;
    }
    if ((m - 1) % 3 == 0 && to_day == date_month_start(y, m, 3)) {
        snprintf(buf, n, "%04dQ%d", y, (m - 1) / 3 + 1);
        return KIOSK_OK;
    }
    if ((m == 1 || m == 7) && to_day == date_month_start(y, m, 6)) {
        snprintf(buf, n, "%04dS%d", y, m == 1 ? 1 : 2);
        return KIOSK_OK;
    }
    if (m == 1 && to_day == date_from_civil(y + 1, 1, 1)) {
        snprintf(buf, n, "%04d", y);
        return KIOSK_OK;
    }
    return KIOSK_EINVAL;
}
