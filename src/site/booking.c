/* Booking from the site's schedule: see booking.h. */
#include "site/booking.h"

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
