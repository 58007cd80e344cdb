/* The kiosk application: screens, navigation, the visit and its wiping.
 *
 * No SDL here: the app draws through ui.h and is driven by whoever owns the
 * loop (main.c with a real window, script.c headless), which sets now_ms
 * and the input before each app_frame(). */
#ifndef KIOSK_APP_APP_H
#define KIOSK_APP_APP_H

#include <stdatomic.h>
#include <stdint.h>

#include "content/pack.h"
#include "report/report.h"
#include "site/site.h"
#include "staff/staff.h"
#include "ui/ui.h"

enum screen_id {
    SCR_ATTRACT,
    SCR_LANGUAGE,
    SCR_HOME,
    SCR_INFO,
    SCR_ARTICLE,
    SCR_SERVICES,
    SCR_SCREENING,  /* choose a questionnaire */
    SCR_SURVEY,     /* one page of questions */
    SCR_RESULT,     /* bands, feedback, next steps */
    SCR_BOOKING,    /* choose a day and a time, or any time */
    SCR_TICKET,     /* the code and QR; printing and its outcome */
    SCR_TALK,       /* Talk now: where and how to reach a counselor now */
    SCR_STAFF_LOGIN,  /* pick your name, type your PIN (or set up) */
    SCR_STAFF_HOME,   /* staff menu */
    SCR_STAFF_LOOKUP, /* type a ticket code */
    SCR_STAFF_TICKET, /* a ticket, its screening, actions */
    SCR_STAFF_TODAY,  /* today's appointments and walk-ins */
    SCR_STAFF_STATS,  /* numbers as bar charts */
    SCR_STAFF_AUDIT,  /* the audit log, read only */
    SCR_STAFF_ACCOUNTS, /* add a member, change own PIN, remove */
    SCR_STAFF_SLOTS,  /* slots, closed days, the kiosk's clock */
    SCR_STAFF_EXPORT, /* reports to a USB stick */
    SCR_STAFF_QUIZ,   /* start or end a school quiz event; its report */
    SCR_STAFF_LANGUAGES, /* translations: review, narration, USB stick */
    SCR_STAFF_FORMS,  /* questionnaires imported from a USB stick */
    SCR_STAFF_REPORT, /* sending to ODK Central: status, send now */
    SCR_QUIZ_PLAY,    /* a question, then the answer and why */
    SCR_QUIZ_BOARD,   /* the scoreboard after a round */
    SCR_QUIZ_PODIUM,  /* the end of a game */
    SCR_COUNT
};

#define APP_HISTORY 16
#define APP_SERVICES 3            /* services run on time (app.c) */
#define APP_MAX_FORMS 24 /* the pack's and those staff imported */

struct survey_form;
struct survey_run;
struct store;
struct ticket_job;
struct quiz;
struct quiz_event;
struct quiz_tally;
#define APP_MAX_QUIZZES 64 /* QUIZ_MAX_QUIZZES: a pack with more fails its check */

/* The school quiz: an event started by staff (teams take turns) or a
 * visitor playing alone. Not part of the visit: an event outlives visits
 * and idle wipes; a solo game ends with its visit. */
struct quiz_play {
    struct quiz *quizzes[APP_MAX_QUIZZES];
    int nquiz;
    int event;                /* staff started an event: attract shows it */
    int chosen, nteams, rounds; /* staff's choices */
    char names[8][33];        /* team names typed by staff, "" = Team n */
    int naming;               /* team being named + 1, 0 = none */
    struct quiz_event *ev;    /* the game in play, NULL = none */
    int solo;                 /* ev is a visitor's solo game */
    int revealed;             /* the last answer and its reason show */
    int tallied;              /* ev is already in today's tally */
    int scroll, scroll_q;     /* the answers' scroll, px, and the question
                                 it is for (a new question starts at 0) */
};

#define APP_QR_MAX 64             /* modules per side kept for the screen */

/* Renders text to an 8-bit coverage buffer with the screen's text engine
 * (malloc'd; caller frees). Set by whoever owns the text engine. */
typedef uint8_t *(*app_text_alpha_fn)(void *ctx, const char *s, int px,
                                      int bold, int wrap_w, int *w, int *h);

/* What the booking screen shows, read from the site and the store when the
 * screen is entered, a day is chosen or a booking was refused; drawn from
 * here on every other frame (screens_ticket.c). */
#define APP_BOOKING_DAYS 16       /* BOOKING_MAX_DAYS */
#define APP_BOOKING_TIMES 96      /* SITE_MAX_SLOTS */
struct booking_time {
    int64_t id, start;            /* the store's slot */
    int capacity, booked, blocked;
};
struct booking_view {
    int loaded;                   /* days[] read */
    long days[APP_BOOKING_DAYS];  /* the open days offered */
    int ndays;
    long day;                     /* whose times are in times[], -1 none */
    int failed;                   /* the store could not read them */
    struct booking_time times[APP_BOOKING_TIMES];
    int ntimes;
};

/* Everything about the current visitor. It lives only in memory and is
 * wiped (sodium_memzero) when the visit ends, however it ends. */
struct visit {
    int active;                   /* a visitor is using the kiosk */
    char lang[16];                /* chosen language code */
    int64_t started_ms;
    int history[APP_HISTORY];     /* screens to go Back to */
    int depth;
    int category;                 /* info: chosen category, -1 = all */
    int article;                  /* article being read */
    int scroll;                   /* scroll offset of the current list */
    int scroll_h;                 /* content height of the current list */
    int form;                     /* questionnaire being answered */
    struct survey_run *run;       /* its answers (wiped on free) */
    int page_first;               /* first item of the page on screen */
    char issue[512];              /* why Next refused, in the visitor's
                                     language; "" = none */
    int issue_item;               /* the question it is about */
    char entry[32];               /* number being typed on the keypad */
    int entry_item;               /* the question the keypad edits */
    int back_from_result;         /* Back was pressed on the result */
    int64_t begun;                /* wall time the visit was counted as
                                     begun, 0 = not counted */
    int64_t screening_id;         /* its sealed record, 0 = none (no staff
                                     account yet: only counts are kept) */
    int screening_saved;          /* the screening is saved (counted) */
    int save_failed;              /* saving the screening failed: the
                                     visitor is told calmly */
    long booking_day;             /* day chosen on the booking screen */
    int booking_to_times;         /* a day was just tapped: scroll its
                                     times into view */
    struct booking_view booking;  /* ... and what it shows */
    int picking;                  /* a time was tapped: confirm it */
    int64_t pick_id, pick_start;  /* ... its slot (0, 0 = any time) */
    int64_t ticket_id;            /* the ticket issued (one a visit) */
    int ticket_again;             /* booking was asked for again: the
                                     ticket already issued shows */
    int calling;                  /* Talk now: "A staff member is coming" */
    char ticket_code[16];         /* the ticket issued, canonical form */
    int64_t ticket_slot;          /* its slot start, 0 = any time */
    struct ticket_job *job;       /* its print job, NULL when none */
    int ticket_state;             /* 0 printing, 1 printed (the printer
                                     confirmed it), 2 failed, 3 sent (the
                                     printer cannot confirm printing) */
    char ticket_why[96];          /* the printer's trouble, for staff */
    unsigned char qr[APP_QR_MAX * APP_QR_MAX]; /* QR modules, 1 = dark */
    int qr_n;                     /* modules per side, 0 = none */
    char form_lang[16];           /* the language the questionnaire runs
                                     in when it is not the visitor's (the
                                     visitor chose it), "" = the visitor's */
    char form_choice[16];         /* vi or en, chosen for a questionnaire
                                     not in the visitor's language */
    int form_pick;                /* questionnaire waiting for that
                                     choice, -1 = none */
    char quiz_lang[16];           /* vi or en, chosen for the quizzes when
                                     none is in the visitor's language */
    int64_t no_voice_ms;          /* the speaker said "no voice" then */
};

/* What the visitor-language rule saw in one frame (visitor_lang.c): the
 * texts shown that are not in the visitor's language, and the title bar's
 * place for the mark that says so. */
struct app_vt {
    int foreign;                  /* texts this frame not in the visitor's
                                     language */
    char from[16];                /* the language of the first of them */
    int screen;                   /* screen the mark's place is kept on
                                     (it had such texts), -1 = none */
    int last_screen;              /* the screen of the last frame */
    struct ui_rect slot;          /* that place this frame, w = 0 none */
    int marked;                   /* the mark was drawn this frame */
    const char *clip;             /* the screen's narration in the
                                     visitor's language, NULL = none */
};

struct audio;
struct store_key;
struct app_languages;

/* What a screen asks for that frees or replaces state the frame may still
 * be using. Posted with app_post; applied in order after the frame (at
 * once when no frame is running), so a screen never draws freed state. */
enum app_action_kind {
    APP_END_VISIT,       /* how: "left", "idle" or "completed" */
    APP_STAFF_EXIT,      /* the staff session: key wiped */
    APP_QUIZ_FINISH,     /* the game in play: tallied and freed */
    APP_QUIZ_SOLO,       /* a visitor's game of quiz `arg` (after FINISH) */
    APP_QUIZ_EVENT,      /* staff's event as set up (after FINISH) */
};
struct app_action {
    enum app_action_kind kind;
    const char *how;
    int arg;
};
#define APP_ACTIONS 8

/* Where the staff login, and the making of staff cards, stand. */
enum staff_step {
    STAFF_PICK = 0,       /* choose your name, or scan your card */
    STAFF_CARD,           /* type your card's code (no scanner) */
    STAFF_PIN,            /* type your PIN */
    STAFF_SETUP_CODE,     /* first account: the setup code */
    STAFF_NEW_NAME,       /* a new account's name */
    STAFF_NEW_PIN,        /* its PIN */
    STAFF_NEW_PIN_AGAIN,  /* ... typed again; then its card is made */
    STAFF_CARD_ISSUED,    /* the new card: printed or shown, then go on */
};

/* What the staff login and the accounts room are making a card for. */
enum staff_card_for {
    STAFF_CARD_FIRST = 1, /* the first account (setup code) */
    STAFF_CARD_ADD,       /* a new member */
    STAFF_CARD_RENEW,     /* a member's new card and PIN */
    STAFF_CARD_ENROL,     /* an account from before cards: its first card */
};

/* The staff member using the kiosk, apart from any visitor. Wiped (and the
 * unlocked key freed) whenever a screen that is not a staff screen shows,
 * by any route: Exit, Back, Escape, idle, a visitor screen. */
struct staff_session {
    int active;                   /* staff mode is open (login or after) */
    struct store_key *key;        /* unlocked site key, NULL = locked */
    int64_t id;                   /* staff account */
    char name[64];
    char lang[16];                /* staff screens' language */
    int64_t last_input_ms;
    enum staff_step step;         /* login and card making */
    enum staff_card_for making;   /* what a new card is for */
    int64_t pick_id;              /* account being logged into / renewed */
    char pick_name[64];
    int pick_has_card;            /* it has a card (else PIN alone) */
    unsigned char card[32];       /* the card scanned or typed, or made */
    int card_ok;                  /* card[] holds a card */
    char card_text[80];           /* a new card's text (QR and print) */
    unsigned char card_qr[APP_QR_MAX * APP_QR_MAX]; /* its QR modules */
    int card_qr_n;
    int card_printed;             /* 0 no job, 1 printing, 2 printed,
                                     3 failed: show it on screen */
    struct ticket_job *card_job;  /* its print job */
    char entry[80];               /* what the keypad is typing */
    char entry2[64];              /* the setup code while setting up */
    char pin1[16];                /* first copy of a new PIN */
    char msg[256];                /* the last problem, for the staff */
    char code[16];                /* ticket looked up or scanned */
    struct store_ticket ticket;   /* ... as read when it changed */
    int ticket_loaded;            /* 0 read it, 1 read, 2 none, 3 error */
    char opened[8192];            /* an opened screening, as shown */
    int opened_ok;                /* opened[] holds it */
    struct store_notice notices[4]; /* unread notices (database damaged
                                     or lost), read when home shows */
    int n_notices;                /* how many, -1 = read them again */
    void *view;                   /* the staff screen's view model (what it
                                     read from the store), see staff_view */
    size_t view_size;
    int period;                   /* stats: 0 week 1 month 2 6 months 3 year */
    long day;                     /* slots: the day shown */
    int64_t audit_before;         /* audit: the page (older than this id,
                                     0 = the newest) */
    int forms_place;              /* questionnaires: where in the room */
    char forms_file[256];         /* ... the file checked, the id removed */
    int scroll, scroll_h;
};

struct app {
    struct site site;
    struct pack *pack;            /* current content; swapped atomically */
    struct ui ui;
    struct audio *audio;          /* may be NULL (no audio device) */
    int64_t audio_due_ms;         /* a narration list's next look
                                     (audio_tick), -1 = none */
    struct store *store;          /* NULL when the database cannot be
                                     used: information still works */
    char store_error[256];        /* why, for staff */
    int64_t wall0;                /* Unix time at now_ms == 0 */
    int64_t clock_offset;         /* seconds staff added to a wrong clock */
    char data_dir[512];           /* where clock-offset is kept */
    char db_path[1100];           /* the database (reopened after damage) */
    int checked_once;             /* the start's check counted as the
                                     first daily integrity check */
    char export_dir[512];         /* --export-dir; "" = a USB stick */
    struct staff_dhis2_cfg dhis2; /* site.ini [dhis2] */
    struct report_cfg report;     /* site.ini [reporting]; enabled = 0 off */
    struct report_sender *sender; /* the sending thread, NULL = none */
    long report_day;              /* last local day closed for reporting */
    _Atomic int64_t wall_shared;  /* app_wall() for the sender thread,
                                     updated every frame */
    int64_t service_due_ms[APP_SERVICES]; /* when each service (retention,
                                     day close, integrity) runs next, while
                                     the kiosk waits on attract */
    struct ticket_printer *printer; /* site.ini's printer: one queue, so
                                     tickets, reprints and jobs that
                                     outlive their visit never mix */
    int deterministic;            /* headless runs: ticket codes from a
                                     fixed sequence, so screenshots repeat
                                     (real runs: 40 random bits) */
    uint64_t code_seq;
    uint64_t card_seq;            /* headless staff cards, likewise */
    app_text_alpha_fn text_alpha; /* text for the printed ticket */
    void *text_ctx;
    long purged;                  /* records purged so far (for tests) */
    struct survey_form *forms[APP_MAX_FORMS]; /* questionnaires: the pack's,
                                                 then imported ones */
    int nforms;
    int screen;
    int next_screen;              /* navigation requested this frame, -1 */
    struct visit visit;
    int64_t now_ms;               /* clock, virtual in headless runs */
    int64_t last_input_ms;
    int idle_dialog;              /* "Still there?" is showing */
    int64_t idle_dialog_ms;       /* when it appeared */
    int high_contrast;
    int text_size;                /* 0, 1, 2: 100%, 125%, 150% */
    int attract_index;            /* rotating message shown */
    int attract_spoken;           /* ... whose clip was played */
    int64_t attract_voice_ms;     /* when an invite was last spoken (0:
                                     never) */
    int64_t attract_ms;           /* when it was shown */
    int redraw;                   /* state changed: draw another frame */
    int view_stale;               /* the screen's data must be read again
                                     (screen entered, or an action); the
                                     screen's loader clears it */
    int in_frame;                 /* app_frame is running */
    struct app_action actions[APP_ACTIONS]; /* posted during the frame,
                                     applied in order when it ends */
    int nactions;
    int visits_wiped;             /* count, for tests */
    struct staff_session staff;
    struct quiz_play quiz;
    int corner_holding;           /* staff gesture: top-left is held */
    int64_t corner_hold_ms;       /* ... since this time */
    int64_t corner_armed_ms;      /* ... held 3 s at this time; 0 = not */
    char keys[256];               /* keyboard / USB scanner input so far */
    struct ui_rect nav_slot;      /* free middle of the navigation bar,
                                     set by chrome_frame for a screen's
                                     main action (Next) */
    struct app_languages *languages; /* the content overlay and the
                                     Languages room (staff_languages.c) */
    struct app_vt vt_store;       /* the visitor-language rule's frame */
    struct app_vt *vt;            /* = &vt_store (written from app_tr) */
};

/* What the app starts with. Only site and pack are required. */
struct app_config {
    const struct site *site;     /* copied */
    struct pack *pack;           /* loaded; the app owns it from here */
    struct store *store;         /* NULL = no database: the kiosk informs
                                    and says so; not owned (closed by the
                                    caller after app_free) */
    const char *store_error;     /* why there is no store, for staff */
    const char *db_path;         /* reopened after a failed daily check */
    const char *data_dir;        /* tallies, clock correction; NULL none */
    const char *export_dir;      /* staff export target; NULL = a stick */
    const struct staff_dhis2_cfg *dhis2; /* site.ini [dhis2]; NULL none */
    struct audio *audio;         /* NULL = silent */
    app_text_alpha_fn text_alpha; /* printed ticket text; NULL = none */
    void *text_ctx;
    int64_t wall0;               /* wall clock at start (a fixed time in
                                    headless runs); 0 = time(NULL) */
    int deterministic;           /* headless: codes and keys repeat */
};

/** Prepares the app from *c. The ui (a->ui) must be initialised by the
 * caller first and is kept; everything else is set here. */
void app_init(struct app *a, const struct app_config *c);
void app_free(struct app *a);

/** Starts reporting to the province's ODK Central as site.ini's
 * [reporting] says (checked at start): today's past days closed, the
 * sending thread started on the app's clock. Nothing without a store. */
void app_start_reporting(struct app *a, const struct report_cfg *c);

/** Builds one frame of the current screen (between ui_begin and ui_end). */
void app_frame(struct app *a);

/** Tells the app that the visitor touched something (resets idle). */
void app_note_input(struct app *a);

/** Milliseconds until the app needs a frame without input (timers);
 * -1 = none. */
int64_t app_next_timer_ms(const struct app *a);

/** Posts an action (see enum app_action_kind): applied when the frame
 * ends, or at once outside a frame. */
void app_post(struct app *a, enum app_action_kind kind, const char *how,
              int arg);

/** Ends the visit: wipes it and returns to attract. `how` is "left",
 * "idle" or "completed" (app_post of APP_END_VISIT). */
void app_end_visit(struct app *a, const char *how);

/** Replaces the content pack (the old one is freed). */
void app_swap_pack(struct app *a, struct pack *p);

/** Loads the pack in `dir` and swaps it in with its questionnaires, all
 * or nothing: when the new pack (or one of its forms) does not load, the
 * problems are printed as file:row:col and the kiosk keeps serving the
 * pack it has. Returns KIOSK_OK when swapped. The visit in progress ends
 * first (its screens refer to the old pack). */
enum kiosk_err app_reload_pack(struct app *a, const char *dir);

/** The site.ini values that name pack content (languages, district) held
 * against pack p: errors appended to d with site.ini's file and line.
 * Returns KIOSK_OK or KIOSK_EPARSE. */
enum kiosk_err app_check_site(const struct site *s, const struct pack *p,
                              struct kiosk_diag *d) KIOSK_NODISCARD;

/** Loads every questionnaire in <pack>/forms, then those staff imported
 * from a USB stick (<data_dir>/overlay/forms, survey/import.h; never one
 * with a pack form's id). A form that does not load is reported on stderr
 * and left out; the others still serve. Returns the number loaded. */
int app_load_forms(struct app *a, const char *pack_dir);

/** <data_dir>/overlay/forms into buf: 1, or 0 without a data directory. */
int app_imported_forms_dir(const struct app *a, char *buf, size_t n);

/** Opens the kiosk's database at `path` with store_open_checked: a
 * damaged, empty, missing or replaced database is kept aside and reported
 * (stderr and a notice staff see at every login); a database that cannot
 * be used at all leaves *st NULL with the reason in why. The setup code
 * (may be "") and the local day's offset come from `site`. */
enum kiosk_err app_open_store(const char *path, const struct site *site,
                              int64_t now, struct store **st, char *why,
                              size_t whyn);

/** Wall-clock time now (Unix seconds). */
int64_t app_wall(const struct app *a);

/** Starts the visit of someone who touched the attract screen. */
void app_begin_visit(struct app *a);

/** Commits the finished questionnaire (calculates in plaintext, answers
 * sealed) before its result is shown. On failure the result is still
 * shown, with a calm notice; the error goes to stderr for staff. */
void app_save_screening(struct app *a);

/** Lets a print job finish although its visit moves on (the printer's
 * queue keeps it). NULL is a no-op. */
void app_keep_printing(struct app *a, struct ticket_job *job);

/** Keyboard or USB scanner input: text as it arrives, and named keys
 * ("Return", "BackSpace", "Escape"). A scan ends with Return. */
void app_text_input(struct app *a, const char *text);
void app_key(struct app *a, const char *name);

/** Sets the clock offset (seconds) staff chose and keeps it in
 * <data_dir>/clock-offset; app_load_clock_offset reads it at start. */
void app_set_clock_offset(struct app *a, int64_t offset);
void app_load_clock_offset(struct app *a);

/** The app's wall clock as the sender thread may read it (ctx = app). */
int64_t app_wall_shared(void *ctx);

/** Closes finished days for reporting (the kiosk_daily record) up to
 * yesterday; cheap when nothing changed. */
void app_report_days(struct app *a);
/* The form's declared band measures of a run for its report record;
 * the count, or -1 (see app.c). */
int app_report_measures(const struct survey_run *run,
                        struct report_measure *out, int max);

/** Makes every timed service due now (the wall clock jumped). */
void app_services_due(struct app *a);

/** Loads the pack's quizzes (a quiz that does not load is left out and
 * reported). */
void app_load_quizzes(struct app *a, const char *pack_dir);
/** Ends the game in play: counted in today's tally (saved in the data
 * directory) and freed (app_post of APP_QUIZ_FINISH). */
void app_quiz_finish(struct app *a);

/** The actions themselves (app.c applies them; screens post them). */
void app_quiz_finish_now(struct app *a);
void app_quiz_start_solo_now(struct app *a, int quiz);
void app_quiz_start_event_now(struct app *a);
void app_staff_exit_now(struct app *a);

/** Ends staff mode: the key is wiped, the session forgotten. */
void app_staff_exit(struct app *a);

/** 1 for staff screens. */
int app_is_staff_screen(int screen);

/** Screens that show stored data read it when they are entered and after
 * an action that changed it, never on a frame that only redraws: a screen
 * calls app_view_changed after a write, and reads the store only when
 * a->view_stale is set (clearing it when it has read). */
void app_view_changed(struct app *a);

/** Goes to a screen, remembering the current one for Back. */
void app_go(struct app *a, int screen);

/** Starts questionnaire `form` (an index of a->forms) for the visitor:
 * a new run dated by the app's clock, in the visitor's language, on its
 * first page. 0, or -1 when out of memory (the screen stays), or 1 when
 * the form is not in the visitor's language and the visitor must first
 * choose another (visit.form_pick is set; the screening screen asks). */
int app_start_form(struct app *a, int form);

/** The language questionnaire `form` runs in for this visitor: the
 * visitor's when every question and choice has text in it, else the one
 * the visitor chose (visit.form_choice), else NULL: ask first. */
const char *app_form_language(const struct app *a, int form);
/** UI_TILE_OTHER when questionnaire `form` is not in the visitor's own
 * language (it runs in vi or en, chosen), else 0; noted like any such
 * text, so the screen's mark explains the tile's sign. */
int app_form_other(const struct app *a, int form);
/** The frame's visitor-language bookkeeping (visitor_lang.c). */
void app_vt_begin(struct app *a);
void app_vt_end(struct app *a);

/** Index in a->forms of the questionnaire with id `id`, or -1. */
int app_form_index(const struct app *a, const char *id);

/** The questionnaire the home screen offers while a staff event plays
 * (the event quiz's self_check, src/quiz), as an index of a->forms, or -1
 * (no event, none named, or that form did not load). */
int app_event_self_check(const struct app *a);
void app_back(struct app *a);
void app_home(struct app *a);

/** The screen's name as scripts and logs use it ("attract", "home"…). */
const char *app_screen_name(int screen);
int app_screen_by_name(const char *name);

/** A UI string in the visitor's language (attract: the site default). */
const char *app_tr(const struct app *a, const char *key);
/** The same in a given language. */
const char *app_tr_lang(const struct app *a, const char *lang,
                        const char *key);
/** 1 if visitors are offered language `code` (site.ini `languages` and
 * `draft_languages` against the pack's status; site_language_offered). */
int app_language_offered(const struct app *a, const char *code);
/** A UI string in the visitor's own language choice (the chrome, also
 * while a questionnaire runs in another language). */
const char *app_vtr(const struct app *a, const char *key);
/** Notes that a text shown this frame is in `lang`, not the visitor's
 * language (the title bar then marks it; visitor_lang.c). */
void app_vt_note(const struct app *a, const char *lang);
/** Per item (issue 15): the number of texts noted so far this frame,
 * read before an item's texts are looked up; app_vt_item(a, before) after
 * is UI_TILE_OTHER when any of them was another language's, else 0, so the
 * item itself carries the sign besides the title bar's mark. */
int app_vt_count(const struct app *a);
int app_vt_item(const struct app *a, int before);
/** `shown`, noting it when it is the pack's Vietnamese or English text
 * (in_vi, in_en: the same item's texts in those) and the visitor reads
 * another language: for pack lookups that fall back (categories,
 * articles, services). */
const char *app_vt_pack(const struct app *a, const char *shown,
                        const char *in_vi, const char *in_en);
/** The language in use now. */
const char *app_lang(const struct app *a);

/** 1 if the visit memory is all zero (no trace of a visitor). */
int app_visit_is_wiped(const struct app *a);

/** Sets the text size (0..2) and theme, re-initialising the ui scale. */
void app_set_text_size(struct app *a, int size);
void app_set_contrast(struct app *a, int on);

#endif
