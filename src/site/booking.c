/* Booking from the site's schedule: see booking.h. */
#include "site/booking.h"

#include <stdio.h>
#include <string.h>

int booking_days(const struct site *s, long today, long *out, int max)
{
    int n = 0;
    for (long d = today; d < today + BOOKING_DAYS_LOOKED &&
                         n < s->days_ahead && n < max; d++) {
        if (site_day_open(s, d)) {
            out[n++] = d;
        }
    }
    return n;
}

int booking_slot_free(int64_t start, int capacity, int booked, int blocked,
                      int64_t now)
{
    return !blocked && booked < capacity &&
           start > now + BOOKING_LEAD_SECONDS;
}

int booking_weekdays(const struct site *s, int out[7])
{
    static const char *const names[7] = {"mon", "tue", "wed", "thu",
                                         "fri", "sat", "sun"};
    int n = 0;
    for (int i = 0; i < 7; i++) {
        if (strstr(s->weekdays, names[i])) {
            out[n++] = i;
        }
    }
    return n;
}

int booking_hours_text(const struct site *s, char *buf, size_t n)
{
    size_t len = 0;
    const char *v = s->hours;
    if (n) {
        buf[0] = '\0';
    }
    while (*v) {
        v += strspn(v, " ");
        size_t w = strcspn(v, " ");
        if (w == 11) { /* "07:30-11:30", checked when site.ini was read */
            int k = snprintf(buf + len, n > len ? n - len : 0,
                             "%s%.5s\xE2\x80\x93%.5s", len ? ", " : "", v,
                             v + 6);
            if (k < 0 || len + (size_t)k >= n) {
                if (n) {
                    buf[0] = '\0';
                }
                return -1;
            }
            len += (size_t)k;
        }
        v += w;
    }
    return (int)len;
}
