/* A month of kiosk use, generated through the store API with a fixed seed,
 * and the truth about it tallied independently of the store: the staff
 * tests compare statistics and exports with both. */
#ifndef KIOSK_TESTS_STAFF_GEN_H
#define KIOSK_TESTS_STAFF_GEN_H

#include <stdint.h>

#include "store/store.h"

#define GEN_DAY_OFFSET 25200 /* UTC+7 */
#define GEN_MAX_DAYS 31
#define GEN_FORMS 2          /* assist_lite, phq4 */
#define GEN_BANDS 4          /* per form, see gen_band_value */
#define GEN_LANGS 4          /* vi km en hmn */
#define GEN_MAX_SCREENINGS 1200
#define GEN_MAX_TICKETS 600
#define GEN_MAX_VALUES 3

/* A secret that is in every answer blob and must never reach an export. */
#define GEN_ANSWER_MARK "ANSWER-SECRET-"

struct gen_screening {
    int64_t id;
    int64_t time;
    int form;
    int lang;
    int nvalues;
    char name[GEN_MAX_VALUES][32];
    char value[GEN_MAX_VALUES][96];
};

struct gen_ticket {
    int64_t id;
    char code[32];
    int64_t created;
    int64_t slot_start; /* 0 = walk-in */
    int state;          /* enum store_ticket_state */
    int64_t state_changed;
    int lang;
    int printed;
    int64_t screening_id;
};

/* Truth for days [from_day, from_day + ndays); records outside that range
 * (the boundary cases) are in the store but not in these tallies. */
struct gen_truth {
    long from_day;
    int ndays;
    int64_t visits[GEN_MAX_DAYS][STORE_OUTCOMES];
    int64_t screenings[GEN_MAX_DAYS][GEN_FORMS];
    int64_t bands[GEN_MAX_DAYS][GEN_FORMS][GEN_BANDS];
    int64_t langs[GEN_MAX_DAYS][GEN_LANGS];
    int64_t issued[GEN_MAX_DAYS];
    int64_t attended[GEN_MAX_DAYS];
    int nscr;
    struct gen_screening scr[GEN_MAX_SCREENINGS];
    int ntk;
    struct gen_ticket tk[GEN_MAX_TICKETS];
    int outside;        /* records written just outside the range */
};

extern const char *const gen_forms[GEN_FORMS];
extern const char *const gen_band_names[GEN_FORMS]; /* assist_risk ... */
extern const char *const gen_langs[GEN_LANGS];
/* Band value b of form f, NULL past the form's bands. */
const char *gen_band_value(int f, int b);

/** Opens a new database at path (removed first) with fast Argon2. */
struct store *gen_open(const char *path);

/** Fills st with `per_day` visits a day (on average) for the month that
 * starts on local day from_day and has ndays days, plus a few records just
 * outside it. Returns 0 on success. */
int gen_month(struct store *st, long from_day, int ndays, int per_day,
              uint64_t seed, struct gen_truth *t);

/* Sums over [day_lo, day_hi) relative to t->from_day. */
int64_t gen_sum_visits(const struct gen_truth *t, int lo, int hi, int o);
int64_t gen_sum_forms(const struct gen_truth *t, int lo, int hi, int f);
int64_t gen_sum_bands(const struct gen_truth *t, int lo, int hi, int f,
                      int b);
int64_t gen_sum_langs(const struct gen_truth *t, int lo, int hi, int l);
int64_t gen_sum_issued(const struct gen_truth *t, int lo, int hi);
int64_t gen_sum_attended(const struct gen_truth *t, int lo, int hi);

/** A new temp directory for this test program (made once), dir/name in buf. */
const char *gen_path(char *buf, unsigned long n, const char *name);
/** Removes the temp directory recursively. */
void gen_cleanup(void);

#endif
