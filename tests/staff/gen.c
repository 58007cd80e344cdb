/* A generated month of kiosk use for the staff tests; see gen.h. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "gen.h"
#include "core/date.h"

const char *const gen_forms[GEN_FORMS] = {"assist_lite", "phq4"};
const char *const gen_band_names[GEN_FORMS] = {"assist_risk", "phq4_level"};
const char *const gen_langs[GEN_LANGS] = {"vi", "km", "en", "hmn"};

const char *gen_band_value(int f, int b)
{
    static const char *const v[GEN_FORMS][GEN_BANDS] = {
        {"low", "moderate", "high", NULL},
        {"none", "mild", "moderate", "severe"},
    };
    return f >= 0 && f < GEN_FORMS && b >= 0 && b < GEN_BANDS ? v[f][b]
                                                               : NULL;
}

/* splitmix64: a small, well-mixed generator; a fixed seed makes every run
 * produce the same month. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int pick(uint64_t *s, int n)
{
    return (int)(next(s) % (uint64_t)n);
}

static char dir_[256];

const char *gen_path(char *buf, unsigned long n, const char *name)
{
    if (!dir_[0]) {
        snprintf(dir_, sizeof dir_, "/tmp/kiosk-staff-XXXXXX");
        if (!mkdtemp(dir_)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    snprintf(buf, n, "%s/%s", dir_, name);
    return buf;
}

static void rm_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        return;
    }
    if (S_ISDIR(sb.st_mode)) {
        chmod(path, 0755);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                    char p[1024];
                    snprintf(p, sizeof p, "%s/%s", path, e->d_name);
                    rm_tree(p);
                }
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

void gen_cleanup(void)
{
    if (dir_[0]) {
        rm_tree(dir_);
        dir_[0] = '\0';
    }
}

struct store *gen_open(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    struct store_opts o = {
        .setup_code = "20261124", /* the demo site.ini's: staff can log in */
        .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
        .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN,
        .day_offset = GEN_DAY_OFFSET,
    };
    struct store *st = NULL;
    if (store_open(path, &o, &st) != KIOSK_OK) {
        fprintf(stderr, "gen: cannot open %s\n", path);
        return NULL;
    }
    return st;
}

static int64_t local_time(long day, int sec)
{
    return (int64_t)day * 86400 - GEN_DAY_OFFSET + sec;
}

/* One visit at time t; tallied if `in` (its day is inside the month). */
static int visit(struct store *st, struct gen_truth *t, uint64_t *rng,
                 int64_t when, int di, int in, long *slot_days, int64_t *slots)
{
    int lang = pick(rng, 10);
    lang = lang < 5 ? 0 : lang < 7 ? 1 : lang < 9 ? 2 : 3; /* vi-heavy */
    int r = pick(rng, 20);
    int outcome = r < 12 ? STORE_VISIT_COMPLETED
                  : r < 16 ? STORE_VISIT_LEFT
                  : r < 19 ? STORE_VISIT_IDLE : STORE_VISIT_INTERRUPTED;
    if (store_visit_begin(st, when) != KIOSK_OK) {
        return -1;
    }
    if (in) {
        t->visits[di][outcome]++;
    }
    int screened = outcome == STORE_VISIT_COMPLETED ||
                   (outcome == STORE_VISIT_LEFT && pick(rng, 2));
    int64_t sid = 0;
    if (screened && t->nscr < GEN_MAX_SCREENINGS) {
        struct gen_screening *g = &t->scr[t->nscr];
        memset(g, 0, sizeof *g);
        g->form = pick(rng, 3) < 2 ? 0 : 1;
        g->lang = lang;
        /* a few seconds after the start, but never across midnight, so the
         * truth's day is the visit's day */
        g->time = when;
        int band = g->form == 0 ? pick(rng, 3) : pick(rng, 4);
        snprintf(g->name[0], sizeof g->name[0], "%s",
                 g->form == 0 ? "assist_score" : "phq4_score");
        snprintf(g->value[0], sizeof g->value[0], "%d",
                 band * 7 + pick(rng, 7));
        snprintf(g->name[1], sizeof g->name[1], "%s",
                 gen_band_names[g->form]);
        snprintf(g->value[1], sizeof g->value[1], "%s",
                 gen_band_value(g->form, band));
        g->nvalues = 2;
        /* text a spreadsheet must get right: Vietnamese, a comma, quotes,
         * a line break */
        int k = pick(rng, 6);
        if (k == 0) {
            snprintf(g->name[2], sizeof g->name[2], "advice");
            snprintf(g->value[2], sizeof g->value[2],
                     "Nguy c\xc6\xa1 \"cao\", c\xe1\xba\xa7n t\xc6\xb0 "
                     "v\xe1\xba\xa5n");
            g->nvalues = 3;
        } else if (k == 1) {
            snprintf(g->name[2], sizeof g->name[2], "advice");
            snprintf(g->value[2], sizeof g->value[2], "line one\nline two");
            g->nvalues = 3;
        }
        struct store_value v[GEN_MAX_VALUES];
        for (int i = 0; i < g->nvalues; i++) {
            v[i].name = g->name[i];
            v[i].value = g->value[i];
        }
        char answers[64];
        snprintf(answers, sizeof answers, GEN_ANSWER_MARK "%d-q1=yes",
                 t->nscr);
        struct store_screening s = {
            .form_id = gen_forms[g->form],
            .form_version = "2026.1",
            .language = gen_langs[lang],
            .time = g->time,
            .values = v,
            .n_values = g->nvalues,
            .tallies = v + 1, /* the band is the declared measure */
            .n_tallies = 1,
            .answers = (const unsigned char *)answers,
            .answers_len = strlen(answers),
        };
        if (store_save_screening(st, &s, &sid) != KIOSK_OK) {
            return -1;
        }
        g->id = sid;
        if (in) {
            t->screenings[di][g->form]++;
            t->bands[di][g->form][band]++;
            t->langs[di][lang]++;
            t->nscr++;
        }
    }
    if (screened && pick(rng, 3) == 0 && t->ntk < GEN_MAX_TICKETS) {
        struct gen_ticket *k = &t->tk[t->ntk];
        memset(k, 0, sizeof *k);
        static int serial;
        snprintf(k->code, sizeof k->code, "CODE%06dX", ++serial);
        k->created = when;
        k->lang = lang;
        k->screening_id = sid;
        long day = (long)((when + GEN_DAY_OFFSET) / 86400);
        int64_t slot_id = 0;
        if (pick(rng, 2)) {
            /* an appointment at 09:00 the next day */
            long sd = day + 1;
            int j = (int)(sd % 64);
            if (slot_days[j] != sd) {
                if (store_slot_add(st, local_time(sd, 9 * 3600), 1800, 100,
                                   when, 0, &slots[j]) != KIOSK_OK) {
                    return -1;
                }
                slot_days[j] = sd;
            }
            slot_id = slots[j];
            k->slot_start = local_time(sd, 9 * 3600);
        }
        struct store_ticket_new tn = {k->code, slot_id, when,
                                      gen_langs[lang], sid};
        if (store_ticket_insert(st, &tn, &k->id) != KIOSK_OK) {
            return -1;
        }
        k->state = STORE_TICKET_ISSUED;
        k->state_changed = when;
        int printed = pick(rng, 3);
        for (int i = 0; i < printed; i++) {
            if (store_ticket_printed(st, k->id, when, 0) != KIOSK_OK) {
                return -1;
            }
        }
        k->printed = printed;
        int s = pick(rng, 10);
        if (s < 4 || s == 9) {
            int64_t at = k->slot_start ? k->slot_start + 600 : when + 60;
            k->state = s < 4 ? STORE_TICKET_ATTENDED : STORE_TICKET_CANCELLED;
            if (store_ticket_set_state(st, k->id, k->state, at, 0) !=
                KIOSK_OK) {
                return -1;
            }
            k->state_changed = at;
            long ad = (long)((at + GEN_DAY_OFFSET) / 86400);
            if (k->state == STORE_TICKET_ATTENDED && ad >= t->from_day &&
                ad < t->from_day + t->ndays) {
                t->attended[ad - t->from_day]++;
            }
        }
        if (in) {
            t->issued[di]++;
            t->ntk++;
        }
    }
    if (outcome != STORE_VISIT_INTERRUPTED &&
        store_visit_end(st, when, outcome, gen_langs[lang]) != KIOSK_OK) {
        return -1;
    }
    return 0;
}

int gen_month(struct store *st, long from_day, int ndays, int per_day,
              uint64_t seed, struct gen_truth *t)
{
    memset(t, 0, sizeof *t);
    if (ndays > GEN_MAX_DAYS) {
        return -1;
    }
    t->from_day = from_day;
    t->ndays = ndays;
    uint64_t rng = seed;
    long slot_days[64];
    int64_t slots[64];
    for (int i = 0; i < 64; i++) {
        slot_days[i] = -1;
    }
    for (int di = 0; di < ndays; di++) {
        long day = from_day + di;
        int n = per_day / 2 + pick(&rng, per_day + 1);
        for (int i = 0; i < n; i++) {
            int sec = 7 * 3600 + pick(&rng, 11 * 3600);
            if (visit(st, t, &rng, local_time(day, sec), di, 1, slot_days,
                      slots)) {
                return -1;
            }
        }
    }
    /* the edges: the first and last second inside, one second outside */
    struct { long day; int sec; int in; } edges[] = {
        {from_day, 0, 1},
        {from_day + ndays - 1, 86399 - 1, 1},
        {from_day - 1, 86399 - 1, 0},
        {from_day + ndays, 0, 0},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        int di = (int)(edges[i].day - from_day);
        /* inside: keep drawing until the visit screens; outside: one
         * visit, tallied nowhere (tickets attended inside the month are
         * still tallied: the store counts them by the day attended) */
        for (int tries = 0; tries < 50; tries++) {
            int before = t->nscr;
            if (visit(st, t, &rng, local_time(edges[i].day, edges[i].sec),
                      di, edges[i].in, slot_days, slots)) {
                return -1;
            }
            if (!edges[i].in) {
                t->outside++;
                break;
            }
            if (t->nscr > before) {
                break;
            }
        }
    }
    return 0;
}

static int clamp(const struct gen_truth *t, int *lo, int *hi)
{
    if (*lo < 0) {
        *lo = 0;
    }
    if (*hi > t->ndays) {
        *hi = t->ndays;
    }
    return *lo < *hi;
}

#define SUM(expr)                                                          \
    int64_t s = 0;                                                         \
    if (clamp(t, &lo, &hi)) {                                              \
        for (int d = lo; d < hi; d++) {                                    \
            s += (expr);                                                   \
        }                                                                  \
    }                                                                      \
    return s

int64_t gen_sum_visits(const struct gen_truth *t, int lo, int hi, int o)
{
    SUM(t->visits[d][o]);
}

int64_t gen_sum_forms(const struct gen_truth *t, int lo, int hi, int f)
{
    SUM(t->screenings[d][f]);
}

int64_t gen_sum_bands(const struct gen_truth *t, int lo, int hi, int f,
                      int b)
{
    SUM(t->bands[d][f][b]);
}

int64_t gen_sum_langs(const struct gen_truth *t, int lo, int hi, int l)
{
    SUM(t->langs[d][l]);
}

int64_t gen_sum_issued(const struct gen_truth *t, int lo, int hi)
{
    SUM(t->issued[d]);
}

int64_t gen_sum_attended(const struct gen_truth *t, int lo, int hi)
{
    SUM(t->attended[d]);
}
