/* The values of the two touch widgets: a date (YYYY-MM-DD, as ODK stores
 * a date answer) stepped by day, month or year, and a range's numbers on
 * their grid (start + k * step). Pure logic, shared by the runner (which
 * checks every answer) and the screens (which step the picker). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/survey.h"
#include "survey_private.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Reads YYYY-MM-DD exactly (ten characters, digits where digits go). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return -1;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) {
            return -1;
        }
    }
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return *y >= 1000 && *m >= 1 && *m <= 12 && *d >= 1 &&
                   *d <= month_days(*y, *m)
               ? 0
               : -1;
}

int survey_date_valid(const char *date)
{
    int y, m, d;
    return date && parse_date(date, &y, &m, &d) == 0;
}

/* a + delta wrapped into [1, n] */
static int wrap(int a, int delta, int n)
{
    return ((a - 1 + delta) % n + n) % n + 1;
}

enum kiosk_err survey_date_step(char *date, int field, int delta)
{
    int y, m, d;
    if (!date || parse_date(date, &y, &m, &d) || field < 0 || field > 2) {
        return KIOSK_EINVAL;
    }
    if (field == 0) {
        d = wrap(d, delta, month_days(y, m));
    } else if (field == 1) {
        m = wrap(m, delta, 12);
    } else {
        y += delta;
        y = y < 1900 ? 1900 : y > 2100 ? 2100 : y;
    }
    if (d > month_days(y, m)) {
        d = month_days(y, m);
    }
    snprintf(date, 11, "%04d-%02d-%02d", y, m, d);
    return KIOSK_OK;
}

enum kiosk_err survey_range_value(const struct survey_form *f, int item,
                                  char *buf, double *num)
{
    const struct survey_item *it = &f->items[item];
    double v = survey_num_parse(buf);
    if (isnan(v) || !isfinite(v)) {
        return KIOSK_EINVAL;
    }
    double k = (v - it->range_start) / it->range_step;
    double kr = floor(k + 0.5);
    if (fabs(k - kr) > 1e-9 || kr < 0 || kr >= it->range_n) {
        return KIOSK_EINVAL; /* not one of the tiles */
    }
    /* stored exactly as the tile writes it */
    survey_item_range_value(f, item, (int)kr, buf, SURVEY_MAX_ANSWER);
    *num = it->range_start + kr * it->range_step;
    return KIOSK_OK;
}
