/* Booking from the site's schedule, without the store or the screen: which
 * days a visitor is offered and which slots of a day are still free. The
 * booking screen (src/app/screens_ticket.c) loads the store's slots into
 * its view and asks these functions; tests ask them directly. */
#ifndef KIOSK_SITE_BOOKING_H
#define KIOSK_SITE_BOOKING_H

#include <stddef.h>
#include <stdint.h>

#include "site/site.h"

#define BOOKING_DAYS_LOOKED 21   /* calendar days searched for open days */
#define BOOKING_MAX_DAYS 16      /* open days offered at most */
#define BOOKING_LEAD_SECONDS 600 /* a slot starts at least this far ahead */

/** The next open days from local day `today` (included): at most
 * s->days_ahead and `max`, searched over BOOKING_DAYS_LOOKED days.
 * Returns how many were written to out. */
int booking_days(const struct site *s, long today, long *out, int max);

/** 1 if a slot starting at `start` (Unix seconds) can still be booked at
 * `now`: not blocked by staff, a place left, and far enough ahead. */
int booking_slot_free(int64_t start, int capacity, int booked, int blocked,
                      int64_t now);

/** The open weekdays of the schedule, Monday first, as date_weekday
 * numbers (0 = Monday … 6 = Sunday); returns how many (at most 7). */
int booking_weekdays(const struct site *s, int out[7]);

/** The opening hours as shown to a visitor: "07:30–11:30, 13:30–17:00"
 * (an en dash in each session, sessions joined by ", "). Returns the
 * length, or -1 when it did not fit n bytes (buf then holds ""). */
int booking_hours_text(const struct site *s, char *buf, size_t n);

#endif
