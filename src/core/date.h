/* Dates and local time, in one place: day numbers, the civil calendar,
 * weekdays, ISO weeks, and the formats people read.
 *
 * The kiosk's time zone is a fixed offset from UTC (site.ini utc_offset,
 * "+07:00" in Vietnam, which has no daylight saving time), read once at
 * start. A local day number is floor((t + offset) / 86400): day 0 is
 * 1970-01-01, a Thursday. The calendar is the proleptic Gregorian one,
 * counted in 400-year eras of 146,097 days with the year taken to start on
 * 1 March, so the leap day falls at its end. Pure C, no locale, no libc
 * time zone. */
#ifndef KIOSK_CORE_DATE_H
#define KIOSK_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

/* The default time zone, Vietnam (UTC+07:00), when site.ini gives none. */
#define DATE_UTC_OFFSET_DEFAULT_HOURS 7
#define DATE_UTC_OFFSET_DEFAULT (DATE_UTC_OFFSET_DEFAULT_HOURS * 3600)
#define DATE_UTC_OFFSET_MAX (14 * 3600)     /* the widest real offsets */

/** The local day number of Unix time t at `offset` seconds east of UTC. */
long date_day(int64_t t, int offset);

/** Unix time of the local midnight that starts `day`. */
int64_t date_day_start(long day, int offset);

/** Seconds since local midnight, 0..86399. */
int date_seconds(int64_t t, int offset);

/** The day number of a civil date (m 1..12, d 1..31; not checked: use
 * date_parse_ymd for input). */
long date_from_civil(int y, int m, int d);

/** The civil date of a day number; any pointer may be NULL. */
void date_civil(long day, int *y, int *m, int *d);

/** The weekday, ISO 8601 numbering: 0 Monday … 6 Sunday. */
int date_weekday(long day);

/** The ISO 8601 week of the day (1..53) and its week-year (*year, may be
 * NULL): the week with the year's first Thursday is week 1. */
int date_iso_week(long day, int *year);

/** The day `months` months after the first day of y-m (any sign). */
long date_month_start(int y, int m, int months);

/* Formats, as people and files read them. */
enum date_style {
    DATE_YMD,        /* 2026-11-24 */
    DATE_DM,         /* 24/11 */
    DATE_DMY,        /* 24/11/2026 */
    DATE_HM,         /* 08:05 */
    DATE_DM_HM,      /* 24/11 08:05 */
    DATE_DMY_HM,     /* 24/11/2026 08:05 */
    DATE_YMD_HM,     /* 2026-11-24 08:05 */
    DATE_ISO,        /* 2026-11-24T08:05:09+07:00 (ISO 8601 with offset) */
    DATE_ISO_MS,     /* 2026-11-24T08:05:09.000+07:00 (ODK's dateTime) */
    DATE_STAMP,      /* 20261124-080509 (in file names) */
};

/** Writes time t at `offset` in `style` into buf (always terminated when
 * n > 0). Returns the length the full text needs, like snprintf. */
size_t date_format(int64_t t, int offset, enum date_style style, char *buf,
                   size_t n);

/** The same for a day number (the date styles only; times read 00:00). */
size_t date_format_day(long day, enum date_style style, char *buf, size_t n);

/** Reads "YYYY-MM-DD" (exactly, a real date) into *day. 0, or -1. */
int date_parse_ymd(const char *s, long *day);

/** Reads a UTC offset "+07:00", "-03:30", "+0700", "Z" or "UTC" into
 * seconds east of UTC (within ±14:00, minutes 00..59). 0, or -1. */
int date_parse_offset(const char *s, int *seconds);

#endif
