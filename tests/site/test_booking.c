/* Booking from the schedule (site/booking.h): the days offered (open
 * weekdays only, closed dates skipped, at most days_ahead, a bounded
 * search) and which slots are free (blocked, full, too soon). */
#include "core/date.h"
#include "site/booking.h"
#include "test.h"

static void test_days(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    CHECK_INT(site_load_string("[schedule]\nweekdays = mon thu\n"
                               "closed = 2026-11-30\ndays_ahead = 3\n",
                               "b.ini", &s, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    long tue = date_from_civil(2026, 11, 24);
    long days[BOOKING_MAX_DAYS];
    int n = booking_days(&s, tue, days, BOOKING_MAX_DAYS);
    CHECK_INT(n, 3);
    /* Thursday 26, (Monday 30 is closed), Thursday 3, Monday 7 */
    CHECK_INT(days[0], tue + 2);
    CHECK_INT(days[1], tue + 9);
    CHECK_INT(days[2], tue + 13);
    /* today counts when it is open */
    CHECK_INT(booking_days(&s, tue + 2, days, BOOKING_MAX_DAYS), 3);
    CHECK_INT(days[0], tue + 2);
    /* the caller's room bounds it */
    CHECK_INT(booking_days(&s, tue, days, 1), 1);
    CHECK_INT(days[0], tue + 2);
    /* every day closed for three weeks: the search ends, nothing offered */
    CHECK_INT(site_load_string("[schedule]\nweekdays = mon\n"
                               "closed = 2026-11-30 2026-12-07 2026-12-14\n",
                               "c.ini", &s, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    CHECK_INT(booking_days(&s, tue, days, BOOKING_MAX_DAYS), 0);
    /* days_ahead beyond the room: only max */
    site_defaults(&s);
    s.days_ahead = 40;
    CHECK(booking_days(&s, tue, days, 4) == 4);
}

static void test_free(void)
{
    int64_t now = 2000000000;
    int64_t later = now + 3600;
    CHECK(booking_slot_free(later, 2, 1, 0, now));
    CHECK(!booking_slot_free(later, 2, 2, 0, now));  /* full */
    CHECK(!booking_slot_free(later, 2, 0, 1, now));  /* blocked */
    CHECK(!booking_slot_free(now - 60, 2, 0, 0, now)); /* past */
    /* the lead: a slot starting within ten minutes is not offered */
    CHECK(!booking_slot_free(now + BOOKING_LEAD_SECONDS, 1, 0, 0, now));
    CHECK(booking_slot_free(now + BOOKING_LEAD_SECONDS + 1, 1, 0, 0, now));
}

static void test_opening(void)
{
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    CHECK_INT(site_load_string("[schedule]\nweekdays = sat mon wed\n"
                               "hours = 07:30-11:30 13:30-17:00\n",
                               "o.ini", &s, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    int wd[7];
    CHECK_INT(booking_weekdays(&s, wd), 3);
    CHECK_INT(wd[0], 0); /* Monday first, whatever the order written */
    CHECK_INT(wd[1], 2);
    CHECK_INT(wd[2], 5);
    char buf[64];
    CHECK_INT(booking_hours_text(&s, buf, sizeof buf), 28);
    CHECK_STR(buf, "07:30\xE2\x80\x93" "11:30, 13:30\xE2\x80\x93" "17:00");
    /* too small: nothing half written */
    CHECK_INT(booking_hours_text(&s, buf, 20), -1);
    CHECK_STR(buf, "");
    CHECK_INT(site_load_string("[schedule]\nhours = 08:00-12:00\n", "h.ini",
                               &s, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    CHECK_INT(booking_hours_text(&s, buf, sizeof buf), 13);
    CHECK_STR(buf, "08:00\xE2\x80\x93" "12:00");
}

int main(void)
{
    test_opening();
    test_days();
    test_free();
    TEST_MAIN_END();
}
