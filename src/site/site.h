/* Site configuration: site.ini, written by the installer and edited by staff.
 *
 * Every key is declared in one table (site.c) with its section, type, range
 * and format check; an unknown section or key, a key given twice, or a bad
 * value is an error naming the file and line, and the kiosk refuses to
 * start on a broken site.ini rather than guess. Missing keys keep their
 * defaults. Values that can only be judged against the content pack (the
 * language codes, the district) are checked by site_check_pack() once the
 * pack is loaded, still naming the line. The line syntax is in ini.h. */
#ifndef KIOSK_SITE_SITE_H
#define KIOSK_SITE_SITE_H

#include "core/err.h"

#define SITE_STR 256
#define SITE_MAX_LANGS 16
#define SITE_MAX_KEYS 64 /* rows of the key table in site.c */

struct site {
    /* [site] */
    char name[SITE_STR];          /* shown on screens and tickets */
    char kiosk_id[64];            /* reporting id, e.g. "SL-MuongLa-01" */
    char default_language[16];    /* language preselected on attract */
    char languages[SITE_STR];     /* enabled language codes, space separated;
                                     empty = every language of the pack */
    char draft_languages[SITE_STR]; /* draft languages (languages.csv
                                     status draft) the site offers anyway,
                                     marked "draft"; empty = none */
    char district[SITE_STR];      /* services filter; empty = all */
    char hotline[64];             /* counseling hotline; empty = not shown */
    int sample;                   /* 1 = demo configuration, said on screen */
    char utc_offset_text[16];     /* time zone as written: "+07:00" */
    int utc_offset;               /* ... in seconds east of UTC, read once
                                     at load; every date and time of the
                                     kiosk uses it (core/date.h) */
    /* [screen] */
    int rotation;                 /* 0, 90, 180, 270 degrees */
    int idle_seconds;             /* visitor idle before "Still there?" */
    int idle_countdown_seconds;   /* length of the "Still there?" countdown */
    int staff_idle_seconds;       /* staff mode idle timeout */
    int high_contrast;            /* start in the high-contrast theme */
    int attract_seconds;          /* seconds per rotating attract message */
    int attract_voice_seconds;    /* at least this long between spoken
                                     attract invites; 0 = never spoken */
    /* [printer] */
    char printer[SITE_STR];       /* file:PATH usb:DEV serial:DEV:BAUD tcp:H:P
                                     or none */
    int printer_width;            /* raster width in dots: 384, 512, 576 */
    int printer_timeout_ms;       /* deadline for a whole print job, plus
                                     the transfer time on a serial link */
    int printer_cutter;           /* 1 = cut after the ticket (GS V);
                                     0 = no cutter: staff tear it off */
    int printer_feed_lines;       /* ESC d n after the ticket, 0..255;
                                     -1 = not set: see site_feed_lines() */
    /* [ticket] */
    char ticket_url[SITE_STR];    /* QR target, "{code}" is substituted */
    /* [schedule] counseling appointments */
    char weekdays[64];            /* open days: "mon tue wed thu fri" */
    char hours[SITE_STR];         /* "07:30-11:30 13:30-17:00" */
    int slot_minutes;             /* length of one appointment */
    int slot_capacity;            /* visitors per slot */
    char closed[SITE_STR * 4];    /* closed dates "2026-12-31 2027-01-01" */
    int days_ahead;               /* how many open days can be booked */
    /* [reporting] to the province's ODK Central (off by default) */
    int reporting_enabled;
    char reporting_server[SITE_STR];      /* https://central.example.org */
    int reporting_project;                /* Central project number */
    char reporting_token_file[SITE_STR];  /* app-user token, chmod 600 */
    char reporting_ca_file[SITE_STR];     /* "" = the system's CAs */
    char reporting_screening_version[64]; /* published form versions */
    char reporting_daily_version[64];
    int reporting_interval;               /* seconds between passes */
    char reporting_public_key[1024];      /* the province's RSA public key,
                                             base64 DER (the forms'
                                             base64RsaPublicKey) */
    /* [talk] the Talk now screen */
    char talk_picture[SITE_STR];  /* a picture of the counter in the pack's
                                     images/; "" = none */
    char talk_chime[SITE_STR];    /* clip in the pack's audio/ played when
                                     a visitor calls staff; "" = silent */
    int talk_call_staff;          /* 1 = a "Call a staff member" button */
    /* [store] */
    int retention_days;           /* records older than this are purged */
    char setup_code[64];          /* one-time code that wraps the site key */
    /* Where the values came from, for problems found after loading. */
    char file[SITE_STR];          /* file name used in diagnostics */
    int lines[SITE_MAX_KEYS];     /* line of each key of the table, 0 = not
                                     in the file (default) */
};

/** The line of site.ini that set [section] key, or 0 when the key kept its
 * default (or is unknown). */
int site_line(const struct site *s, const char *section, const char *key);

/** Fills *s with the built-in defaults (a demo site). */
void site_defaults(struct site *s);

/** Reads an INI file over the defaults. Every problem is appended to *d as
 * "file:line: error: ..."; returns KIOSK_OK only if there were none.
 * `name` labels the file in diagnostics (NULL = path). */
enum kiosk_err site_load(const char *path, const char *name, struct site *s,
                         struct kiosk_diag *d) KIOSK_NODISCARD;

/** Same, from a NUL-terminated string (tests, built-in demo site). */
enum kiosk_err site_load_string(const char *text, const char *name,
                                struct site *s, struct kiosk_diag *d)
    KIOSK_NODISCARD;

/** 1 if language `code` is enabled by the site (empty list = all). */
int site_language_enabled(const struct site *s, const char *code);

/** 1 if visitors are offered language `code`: enabled by `languages` and,
 * when its pack status is draft (`draft` = 1), listed in
 * `draft_languages` too. A draft language is never offered by default. */
int site_language_offered(const struct site *s, const char *code,
                          int draft);

/** The line of site.ini that set [section] key, or 0 when the key kept its
 * default (or is unknown). */
int site_line(const struct site *s, const char *section, const char *key);

/** Checks the values that depend on the content pack, naming their lines:
 * every code of `languages`, `draft_languages` and `default_language` must
 * be one of the pack's `nlangs` language codes (`drafts[i]` = 1 when
 * language i is a draft; NULL = none is), a code of `draft_languages` must
 * be a draft and offered by `languages`, `default_language` must be
 * offered (a draft one only when opted in), and
 * a `district` must be the district of at least one of the pack's services
 * (`districts`, n entries, may repeat and contain ""). Appends errors to d;
 * returns KIOSK_OK or KIOSK_EPARSE. */
enum kiosk_err site_check_pack(const struct site *s,
                               const char *const *langs, const int *drafts,
                               int nlangs,
                               const char *const *districts, int ndistricts,
                               struct kiosk_diag *d) KIOSK_NODISCARD;

/** Lines to feed after a ticket: feed_lines when set, else 2 with a cutter
 * (the cut command itself feeds past the blade) and 5 without one, so the
 * last printed line clears the tear bar. */
int site_feed_lines(const struct site *s);

/* Appointment slots of one day, from [schedule]. */
#define SITE_MAX_SLOTS 96

/** 1 if the site books appointments on that day (an open weekday, not a
 * closed date). */
int site_day_open(const struct site *s, long day);
/** Start times of the day's slots, as seconds after local midnight, in
 * order; returns how many (at most max). */
int site_day_slots(const struct site *s, long day, int *starts, int max);

/** The built-in demo site.ini text (commented; what the installer writes). */
extern const char site_demo_ini[];

#endif
