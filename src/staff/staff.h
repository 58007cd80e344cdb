/* Staff statistics and exports: reporting periods, the numbers behind the
 * staff-stats charts, and the files staff carry to the district on a USB
 * stick (tickets.csv, aggregate.csv, dhis2.json).
 *
 * Pure C, no SDL, no SQLite: everything is read through the store's public
 * API (src/store/store.h), so counts here are the store's counts (the
 * tally of screenings, measures and visits; tickets live plus what
 * retention rolled up). Days are local day numbers as the store
 * uses them: floor((t + day_offset) / 86400). Ranges are half-open
 * [from_day, to_day). File formats: src/staff/README.md. */
#ifndef KIOSK_STAFF_STAFF_H
#define KIOSK_STAFF_STAFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

/* ---- dates and periods ------------------------------------------------ */

enum staff_period_kind {
    STAFF_THIS_WEEK = 0,     /* Monday to Sunday containing today */
    STAFF_THIS_MONTH = 1,    /* the calendar month containing today */
    STAFF_LAST_6_MONTHS = 2, /* this month and the five before it */
    STAFF_THIS_YEAR = 3,     /* the calendar year containing today */
    STAFF_LAST_MONTH = 4,    /* the whole previous month (monthly reports
                                are sent after the month has ended) */
};
#define STAFF_PERIOD_KINDS 5

/** The period `k` that contains the local day of `now` (Unix seconds) under
 * `day_offset` (seconds east of UTC: site.ini utc_offset), as whole days
 * [*from_day, *to_day): a period always ends at its natural end (Sunday,
 * the month's last day ...), so it may reach past today. Returns
 * KIOSK_EINVAL for an unknown kind or NULL pointers. */
enum kiosk_err staff_period(enum staff_period_kind k, int64_t now,
                            int day_offset, long *from_day, long *to_day)
    KIOSK_NODISCARD;

/** The DHIS2 ISO period string for [from_day, to_day) when the range is
 * exactly one DHIS2 period: a day "20261124", an ISO week (Monday to
 * Sunday; the year is the ISO week-year) "2026W48", a month "202611", a
 * quarter "2026Q4", a half-year "2026S2" or a year "2026". Any other range
 * is KIOSK_EINVAL: DHIS2 stores a value against one period, and labelling a
 * partial or longer range with, say, the month of `from` would put wrong
 * numbers into the provincial system. KIOSK_ETOOBIG if n < 16. */
enum kiosk_err staff_dhis2_period(long from_day, long to_day, char *buf,
                                  size_t n) KIOSK_NODISCARD;

/* ---- statistics for the staff-stats screen ----------------------------- */

/* Caps: the chart shows at most this many bars per group; the rest is
 * summed into an "other" bar, so a pack with many forms or languages never
 * makes a chart unreadable or this struct grow. */
#define STAFF_MAX_FORMS 6
#define STAFF_MAX_LANGS 6
#define STAFF_MAX_BAND_SETS 8 /* (form, band calculate) charts */
#define STAFF_MAX_BANDS 6     /* bands per chart */
#define STAFF_KEY_MAX (STORE_MAX_VALUE + 1)

/* One bar: a label key (form id, language code, band value) and its count. */
struct staff_count {
    char key[STAFF_KEY_MAX];
    int64_t n;
};

/* The bands of one *_risk / *_level calculate of one form. */
struct staff_band_set {
    char form_id[STORE_MAX_NAME + 1];
    char name[STORE_MAX_NAME + 1];           /* e.g. "assist_risk" */
    int nbands;
    struct staff_count bands[STAFF_MAX_BANDS]; /* by severity, see
                                                  staff_band_rank */
    int64_t other;                           /* in bands past the cap */
    int64_t total;                           /* all bands of this set */
};

/* Everything staff-stats shows for one period. Fixed size, no pointers. */
struct staff_stats {
    long from_day, to_day;
    int64_t visits[STORE_OUTCOMES];  /* visits begun, by outcome */
    int64_t visits_total;
    int64_t tickets_issued;          /* created in the period */
    int64_t tickets_attended;        /* marked attended in the period */
    int64_t screenings_total;        /* completed screenings, all forms */
    int nforms;
    struct staff_count forms[STAFF_MAX_FORMS]; /* most first */
    int64_t forms_other;
    int nlangs;                      /* languages screenings were done in */
    struct staff_count langs[STAFF_MAX_LANGS]; /* most first */
    int64_t langs_other;
    int nsets;
    struct staff_band_set sets[STAFF_MAX_BAND_SETS]; /* by form, name */
    int64_t sets_other;              /* band counts of sets past the cap */
};

/** Fills *out with the counts for local days [from_day, to_day) from the
 * store's read API. Allocates nothing. Forms and languages are ordered by
 * count (most first, ties by key); past a cap the smallest groups go to the
 * "other" count, so the kept bars are always the largest. On error *out is
 * zeroed apart from the range. */
enum kiosk_err staff_stats_collect(struct store *st, long from_day,
                                   long to_day, struct staff_stats *out)
    KIOSK_NODISCARD;

/** Display order of a band value: common severity words rank from "none"
 * (0) up to "very_high"/"severe" (see stats.c); any other value ranks 100,
 * after them. Case-insensitive; '-' and ' ' count as '_'. */
int staff_band_rank(const char *value);

/** Short English name of a visit outcome: "interrupted", "completed", "left",
 * "idle" ("unknown" otherwise). Used in aggregate.csv and DHIS2 keys. */
const char *staff_outcome_name(int outcome);

/* ---- DHIS2 configuration (site.ini [dhis2]) ---------------------------- */

#define STAFF_UID_LEN 11        /* DHIS2 uids: a letter, then 10 letters or
                                   digits */
#define STAFF_MAX_MAP 64        /* mapped measures */
#define STAFF_MAP_KEY_MAX 160   /* bytes in a measure key */

/* One measure sent to DHIS2: its key (see README: "visits",
 * "visits.completed", "screenings.assist_lite",
 * "band.assist_lite.assist_risk.high", "language.vi", "tickets_issued",
 * "tickets_attended", ...), the data element and the category option combo
 * ("" = coc_default). */
struct staff_dhis2_map {
    char key[STAFF_MAP_KEY_MAX];
    char de[STAFF_UID_LEN + 1];
    char coc[STAFF_UID_LEN + 1];
};

struct staff_dhis2_cfg {
    char dataset[STAFF_UID_LEN + 1];     /* "" = no dhis2.json */
    char orgunit[STAFF_UID_LEN + 1];     /* "" = no dhis2.json */
    char coc_default[STAFF_UID_LEN + 1]; /* "" = leave categoryOptionCombo
                                            out (DHIS2 uses its default) */
    struct staff_dhis2_map map[STAFF_MAX_MAP];
    int nmap;
};

/** 1 if s is shaped like a DHIS2 uid: exactly 11 ASCII letters or digits,
 * the first a letter. */
int staff_dhis2_uid_valid(const char *s);

/** Sets one [dhis2] key of site.ini: "dataset", "orgunit", "coc_default"
 * (a uid each), or a measure key whose value is "DE" or "DE.COC" (uids).
 * Problems are appended to *d naming `file` and `line` (file may be NULL):
 * a malformed uid, an unknown key, a measure mapped twice, or two measures
 * on the same data element and combo. Returns KIOSK_OK or KIOSK_EPARSE. */
enum kiosk_err staff_dhis2_cfg_set(struct staff_dhis2_cfg *c, const char *key,
                                   const char *value, struct kiosk_diag *d,
                                   const char *file, int line)
    KIOSK_NODISCARD;

/** Checks a filled configuration as a whole: two measures on the same data
 * element and combo (after coc_default) are an error; measures without a
 * dataset or orgunit a warning. `file` labels diagnostics (NULL =
 * "site.ini"). Returns KIOSK_OK or KIOSK_EPARSE. staff_dhis2_cfg_load calls
 * it; call it after filling a configuration with staff_dhis2_cfg_set. */
enum kiosk_err staff_dhis2_cfg_check(const struct staff_dhis2_cfg *c,
                                     struct kiosk_diag *d, const char *file)
    KIOSK_NODISCARD;

/** Reads the [dhis2] section of a site.ini file into *c (zeroed first);
 * other sections are ignored (the site module reads those). Each problem
 * goes to *d with its line. KIOSK_ENOENT if the file cannot be read,
 * KIOSK_EPARSE if any line is wrong. */
enum kiosk_err staff_dhis2_cfg_load(const char *path,
                                    struct staff_dhis2_cfg *c,
                                    struct kiosk_diag *d) KIOSK_NODISCARD;

/** Same from a NUL-terminated string; `name` labels diagnostics. */
enum kiosk_err staff_dhis2_cfg_load_string(const char *text, const char *name,
                                           struct staff_dhis2_cfg *c,
                                           struct kiosk_diag *d)
    KIOSK_NODISCARD;

/* ---- exports ------------------------------------------------------------ */

struct staff_export_cfg {
    struct staff_dhis2_cfg dhis2; /* from site.ini [dhis2] */
    int64_t now;                  /* export time: completeDate, audit */
    int64_t staff_id;             /* for the audit entry; 0 = not a staff
                                     session (the command line) */
    int utc_offset;               /* site.ini utc_offset: the times in the
                                     files are local, with this offset */
};

/* What an export wrote, for the screen and the command line. */
struct staff_export_result {
    int64_t screenings;     /* screenings counted in the period */
    int64_t tickets;        /* rows of tickets.csv */
    int64_t aggregate_rows; /* rows of aggregate.csv */
    int dhis2_written;      /* 1 if dhis2.json was written */
    int dhis2_values;       /* dataValues in it */
    int dhis2_missing;      /* non-zero counts left out: no id configured */
    char period[16];        /* its DHIS2 period, "" if none */
    int audited;            /* 1 if the export is in the audit log */
};

/** Exports local days [from_day, to_day) into directory `dir`:
 * tickets.csv, aggregate.csv and, when cfg->dhis2 has a
 * dataset and org unit and the range is one DHIS2 period, dhis2.json
 * (otherwise a warning says why, and an older dhis2.json in `dir` is
 * removed so the directory never mixes two exports). Every file is first
 * written as NAME.tmp and fsync'd; only when all are complete are they
 * renamed into place and the directory fsync'd, so a pulled USB stick or a
 * failure leaves the previous export whole, never half a file. Never
 * writes answers, per-person results or ticket codes. The "export" entry
 * goes into the audit log first: if the store refuses it, nothing is
 * written (an error). `res` may be NULL.
 * Errors (each with a diagnostic for staff naming the path): KIOSK_ENOENT
 * no such directory; KIOSK_EREADONLY a read-only place, KIOSK_EDENIED not
 * permitted;
 * KIOSK_EFULL no space left; KIOSK_EINVAL bad range (empty, more than
 * 3,700 days) or cfg->now == 0; KIOSK_EIO other failures, or the store's
 * error. */
enum kiosk_err staff_export(struct store *st,
                            const struct staff_export_cfg *cfg,
                            const char *dir, long from_day, long to_day,
                            struct staff_export_result *res,
                            struct kiosk_diag *d) KIOSK_NODISCARD;

/** `kiosk --export DIR --from DATE --to DATE`: opens the database at
 * db_path (it must exist and take the audit entry), reads [dhis2] from
 * site_ini (NULL = none: no dhis2.json), exports the local days (at
 * utc_offset) from..to, BOTH INCLUSIVE ("YYYY-MM-DD"), into dir, prints a
 * summary to `out` and every problem to `err`. Returns the process exit
 * status: 0 done (possibly with warnings), 1 failed, 2 bad arguments. */
int staff_export_cli(const char *db_path, const char *site_ini,
                     int utc_offset, const char *dir, const char *from,
                     const char *to, FILE *out, FILE *err);

/** Finds where a USB stick is mounted: the first mount point under
 * `prefix` (e.g. "/media/") listed in `mounts` (a /proc/self/mounts-format
 * file; NULL = /proc/self/mounts) that is a writable directory, copied to
 * out (octal escapes such as \040 decoded). KIOSK_ENOENT if none. */
enum kiosk_err staff_find_media(const char *mounts, const char *prefix,
                                char *out, size_t n) KIOSK_NODISCARD;

#endif
