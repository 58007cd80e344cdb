#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>

#include <sodium.h>

#include "app/app.h"
#include "app/audio.h"
#include "app/screens.h"
#include "app/staff_int.h"
#include "core/date.h"
#include "app/staff_languages.h"
#include "store/store.h"
#include "quiz/quiz.h"
#include "survey/import.h"
#include "survey/survey.h"
#include "ticket/printer.h"

static const char *const screen_names[] = {
    "attract", "language", "home", "info", "article", "services",
    "screening", "survey", "result", "booking", "ticket", "talk", "staff-login",
    "staff-home", "staff-lookup", "staff-ticket", "staff-today", "staff-stats",
    "staff-audit", "staff-accounts", "staff-slots", "staff-export",
    "staff-quiz", "staff-languages", "staff-forms", "staff-report", "quiz",
    "quiz-board", "quiz-podium",
};
static_assert(sizeof screen_names / sizeof screen_names[0] == SCR_COUNT,
              "one name per screen, in enum screen_id order");

const char *app_screen_name(int screen)
{
    return screen >= 0 && screen < SCR_COUNT ? screen_names[screen] : "?";
}

int app_screen_by_name(const char *name)
{
    for (int i = 0; i < SCR_COUNT; i++) {
        if (strcmp(screen_names[i], name) == 0) {
            return i;
        }
    }
    return -1;
}

static void copy_str(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

void app_init(struct app *a, const struct app_config *c)
{
    assert(c && c->site && c->pack);
    const struct site *s = c->site;
    struct ui ui = a->ui; /* the caller set up measuring and size */
    memset(a, 0, sizeof *a);
    a->ui = ui;
    a->vt = &a->vt_store;
    a->vt->screen = -1;
    a->audio = c->audio;
    a->audio_due_ms = -1;
    a->site = *s;
    a->pack = c->pack;
    a->store = c->store;
    copy_str(a->store_error, sizeof a->store_error, c->store_error);
    copy_str(a->db_path, sizeof a->db_path, c->db_path);
    copy_str(a->data_dir, sizeof a->data_dir, c->data_dir);
    copy_str(a->export_dir, sizeof a->export_dir, c->export_dir);
    if (c->dhis2) {
        a->dhis2 = *c->dhis2;
    }
    a->text_alpha = c->text_alpha;
    a->text_ctx = c->text_ctx;
    a->wall0 = c->wall0 ? c->wall0 : (int64_t)time(NULL);
    a->deterministic = c->deterministic;
    a->screen = SCR_ATTRACT;
    a->next_screen = -1;
    a->high_contrast = s->high_contrast;
    ui_set_theme(&a->ui, a->high_contrast);
    /* nothing is opened until the first ticket; site.ini's printer string
     * was checked when it was read, so this fails only without memory */
    if (ticket_printer_open(s->printer, &a->printer) != KIOSK_OK) {
        a->printer = NULL;
    }
}

void app_start_reporting(struct app *a, const struct report_cfg *c)
{
    if (!c->enabled || !a->store) {
        return;
    }
    a->report = *c;
    /* the app's clock: virtual in headless runs, corrected by staff on a
     * board without a real-time clock */
    a->report.clock = app_wall_shared;
    a->report.clock_ctx = a;
    atomic_store(&a->wall_shared, app_wall(a));
    app_report_days(a);
    a->sender = report_start(&a->report, a->db_path);
    if (!a->sender) {
        fprintf(stderr, "kiosk: the reporting thread did not start\n");
    }
}

/* A visit that ends while its ticket prints leaves the job to the
 * printer's queue, so the ticket is not cut off. */
void app_keep_printing(struct app *a, struct ticket_job *job)
{
    (void)a;
    ticket_job_release(job);
}

static void visit_wipe(struct app *a)
{
    survey_run_free(a->visit.run); /* wipes the answers */
    app_keep_printing(a, a->visit.job);
    sodium_memzero(&a->visit, sizeof a->visit);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Loads the forms of a pack into out[]; returns how many, or -1 when one
 * of them does not load (strict) — problems go to diag. */
static int load_forms(const char *pack_dir, struct survey_form **out,
                      struct kiosk_diag *diag, int strict)
{
    char dir[1100], images[1100];
    snprintf(dir, sizeof dir, "%s/forms", pack_dir);
    snprintf(images, sizeof images, "%s/images", pack_dir);
    int nforms = 0, failed = 0;
    DIR *d = opendir(dir);
    if (!d) {
        return 0;
    }
    char *ids[APP_MAX_FORMS];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < APP_MAX_FORMS) {
        size_t len = strlen(e->d_name);
        const char *suffix = ".survey.csv";
        size_t sl = strlen(suffix);
        if (len > sl && strcmp(e->d_name + len - sl, suffix) == 0) {
            ids[n] = strndup(e->d_name, len - sl);
            if (ids[n]) {
                n++;
            }
        }
    }
    closedir(d);
    /* a stable order: the pack's names sorted */
    qsort(ids, (size_t)n, sizeof ids[0], cmp_str);
    for (int i = 0; i < n; i++) {
        struct survey_form *f = NULL;
        if (survey_form_load(dir, ids[i], &f, diag) == KIOSK_OK &&
            survey_form_check_images(f, images, NULL, NULL, diag) == 0) {
            out[nforms++] = f;
        } else {
            survey_form_free(f); /* a picture it names is missing */
            failed = 1;
        }
        free(ids[i]);
    }
    if (failed && strict) {
        for (int i = 0; i < nforms; i++) {
            survey_form_free(out[i]);
        }
        return -1;
    }
    return nforms;
}

static void free_forms(struct app *a)
{
    for (int i = 0; i < a->nforms; i++) {
        survey_form_free(a->forms[i]);
    }
    a->nforms = 0;
}

int app_imported_forms_dir(const struct app *a, char *buf, size_t n)
{
    if (!a->data_dir[0]) {
        return 0;
    }
    return snprintf(buf, n, "%s/overlay/forms", a->data_dir) < (int)n;
}

/* The questionnaires staff imported from a USB stick (overlay/forms), after
 * the n of the pack in out[]: loaded as the pack's are, never one with a
 * pack form's id. Returns the new count. */
static int load_imported(const struct app *a, const char *pack_dir,
                         struct survey_form **out, int n,
                         struct kiosk_diag *diag)
{
    char dir[600], images[1100];
    if (!app_imported_forms_dir(a, dir, sizeof dir) || n >= APP_MAX_FORMS) {
        return n;
    }
    snprintf(images, sizeof images, "%s/images", pack_dir);
    const char *ids[APP_MAX_FORMS];
    for (int i = 0; i < n; i++) {
        ids[i] = survey_form_id(out[i]);
    }
    return n + survey_import_load(dir, images, ids, n, out + n,
                                  APP_MAX_FORMS - n, diag);
}

int app_load_forms(struct app *a, const char *pack_dir)
{
    struct kiosk_diag diag = {0};
    free_forms(a);
    a->nforms = load_forms(pack_dir, a->forms, &diag, 0);
    a->nforms = load_imported(a, pack_dir, a->forms, a->nforms, &diag);
    if (diag.n) {
        fprintf(stderr, "kiosk: questionnaires that do not load are left "
                        "out:\n");
        kiosk_diag_print(&diag, stderr);
    }
    kiosk_diag_free(&diag);
    return a->nforms;
}

enum kiosk_err app_check_site(const struct site *s, const struct pack *p,
                              struct kiosk_diag *d)
{
    const char *langs[PACK_MAX_LANGS];
    int drafts[PACK_MAX_LANGS];
    int nl = pack_nlangs(p), ns = pack_nservices(p);
    for (int i = 0; i < nl && i < PACK_MAX_LANGS; i++) {
        langs[i] = pack_lang(p, i)->code;
        drafts[i] = pack_lang(p, i)->draft;
    }
    const char **districts = malloc(sizeof *districts * (size_t)(ns + 1));
    if (!districts) {
        return KIOSK_ENOMEM;
    }
    for (int i = 0; i < ns; i++) {
        districts[i] = pack_service(p, i)->district;
    }
    enum kiosk_err e = site_check_pack(s, langs, drafts,
                                       nl < PACK_MAX_LANGS ? nl
                                                           : PACK_MAX_LANGS,
                                       districts, ns, d);
    free(districts);
    /* [talk]: the counter's picture and the chime are files of the pack */
    static const struct {
        const char *key, *dir;
        size_t off;
    } media[] = {{"picture", "images", offsetof(struct site, talk_picture)},
                 {"chime", "audio", offsetof(struct site, talk_chime)}};
    for (size_t i = 0; i < sizeof media / sizeof media[0]; i++) {
        const char *name = (const char *)s + media[i].off;
        char path[1100];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s/%s", pack_dir(p), media[i].dir,
                 name);
        if (name[0] && (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))) {
            e = kiosk_diag_err(d, s->file, site_line(s, "talk", media[i].key),
                               0, "[talk] %s: \"%s\" is not a file in the "
                               "pack's %s/", media[i].key, name, media[i].dir);
        }
    }
    return e;
}

enum kiosk_err app_reload_pack(struct app *a, const char *dir)
{
    struct kiosk_diag diag = {0};
    struct pack *p = NULL;
    struct survey_form *forms[APP_MAX_FORMS];
    int n = -1;
    enum kiosk_err e = pack_load(dir, &p, &diag);
    if (e == KIOSK_OK) {
        /* a pack without the site's languages or district would leave
         * the language screen or the services list empty */
        e = app_check_site(&a->site, p, &diag);
    }
    if (e == KIOSK_OK) {
        n = load_forms(dir, forms, &diag, 1);
        e = n < 0 ? KIOSK_EPARSE : KIOSK_OK;
    }
    if (e == KIOSK_OK) {
        /* imported forms stay; one the new pack breaks is left out */
        struct kiosk_diag imp = {0};
        n = load_imported(a, dir, forms, n, &imp);
        if (imp.n) {
            fprintf(stderr, "kiosk: imported questionnaires left out:\n");
            kiosk_diag_print(&imp, stderr);
        }
        kiosk_diag_free(&imp);
    }
    if (e) {
        fprintf(stderr, "kiosk: the new pack %s is not used; keeping the "
                        "current one:\n", dir);
        kiosk_diag_print(&diag, stderr);
        kiosk_diag_free(&diag);
        pack_free(p);
        return e;
    }
    kiosk_diag_free(&diag);
    if (a->visit.active) {
        app_end_visit(a, "left");
    }
    app_quiz_finish_now(a); /* a game refers to the old pack's quiz */
    a->quiz.event = 0;
    app_load_quizzes(a, dir);
    free_forms(a);
    memcpy(a->forms, forms, sizeof forms[0] * (size_t)n);
    a->nforms = n;
    app_swap_pack(a, p);
    app_languages_apply(a); /* the overlay survives pack updates */
    return KIOSK_OK;
}

void app_free(struct app *a)
{
    visit_wipe(a);
    app_quiz_finish_now(a);
    for (int i = 0; i < a->quiz.nquiz; i++) {
        quiz_free(a->quiz.quizzes[i]);
    }
    a->quiz.nquiz = 0;
    staff_session_wipe(a);
    ticket_printer_close(a->printer); /* shutdown: cancel, never block */
    a->printer = NULL;
    free_forms(a);
    app_languages_free(a);
    pack_free(a->pack);
    a->pack = NULL;
}

void app_swap_pack(struct app *a, struct pack *p)
{
    struct pack *old = a->pack;
    a->pack = p;
    pack_free(old);
    a->redraw = 1;
}

const char *app_lang(const struct app *a)
{
    /* a questionnaire not in the visitor's language runs in the one the
     * visitor chose for it (vi or en), marked on its screens */
    if (a->visit.active && a->visit.form_lang[0] &&
        (a->screen == SCR_SURVEY || a->screen == SCR_RESULT)) {
        return a->visit.form_lang;
    }
    /* and the quizzes (a visitor alone) in the one chosen for them */
    if (a->visit.active && a->visit.quiz_lang[0] &&
        (!a->quiz.ev || a->quiz.solo) &&
        (a->screen == SCR_QUIZ_PLAY || a->screen == SCR_QUIZ_BOARD ||
         a->screen == SCR_QUIZ_PODIUM)) {
        return a->visit.quiz_lang;
    }
    if (a->visit.active && a->visit.lang[0]) {
        return a->visit.lang;
    }
    return a->site.default_language;
}

int app_language_offered(const struct app *a, const char *code)
{
    int i = a->pack ? pack_lang_index(a->pack, code) : -1;
    return i >= 0 &&
           site_language_offered(&a->site, code, pack_lang(a->pack, i)->draft);
}

const char *app_tr_lang(const struct app *a, const char *lang,
                        const char *key)
{
    return a->pack ? pack_str(a->pack, lang, key) : key;
}

/* A pack string in `lang` through the visitor-language rule: a text
 * that is Vietnamese or English for a visitor reading another language is
 * noted, so the screen marks it (visitor_lang.c). */
static const char *tr_noted(const struct app *a, const char *lang,
                            const char *key)
{
    if (!a->pack) {
        return key;
    }
    int fb = 0;
    const char *s = pack_str_ex(a->pack, lang, key, &fb);
    if (fb && a->visit.active) {
        int vi_fb = 1, en_fb = 1;
        const char *vi = pack_str_ex(a->pack, "vi", key, &vi_fb);
        if (!vi_fb && vi == s) {
            app_vt_note(a, "vi");
        } else if ((void)pack_str_ex(a->pack, "en", key, &en_fb), !en_fb) {
            app_vt_note(a, "en");
        }
    }
    return s;
}

const char *app_tr(const struct app *a, const char *key)
{
    return tr_noted(a, app_lang(a), key);
}

const char *app_vtr(const struct app *a, const char *key)
{
    return tr_noted(a, a->visit.active && a->visit.lang[0]
                           ? a->visit.lang
                           : a->site.default_language,
                    key);
}

int app_form_index(const struct app *a, const char *id)
{
    for (int i = 0; id && i < a->nforms; i++) {
        if (strcmp(survey_form_id(a->forms[i]), id) == 0) {
            return i;
        }
    }
    return -1;
}

int app_start_form(struct app *a, int form)
{
    assert(form >= 0 && form < a->nforms);
    /* not wholly in the visitor's language: the visitor chooses which
     * other language first (visitor_lang.c draws the choice) */
    const char *fl = app_form_language(a, form);
    if (!fl) {
        a->visit.form_pick = form;
        return 1;
    }
    a->visit.form_pick = -1;
    snprintf(a->visit.form_lang, sizeof a->visit.form_lang, "%s",
             strcmp(fl, a->visit.lang) == 0 ? "" : fl);
    survey_run_free(a->visit.run);
    a->visit.run = survey_run_new(a->forms[form]);
    a->visit.form = form;
    a->visit.page_first = -1;
    a->visit.issue[0] = '\0';
    if (!a->visit.run) {
        return -1;
    }
    char today[16];
    date_format(app_wall(a), a->site.utc_offset, DATE_YMD, today,
                sizeof today);
    enum kiosk_err e = survey_run_set_today(a->visit.run, today);
    assert(e == KIOSK_OK); /* date_format writes YYYY-MM-DD */
    (void)e;
    survey_run_set_language(a->visit.run, app_lang(a));
    app_go(a, SCR_SURVEY);
    return 0;
}

void app_go(struct app *a, int screen)
{
    assert(screen >= 0 && screen < SCR_COUNT);
    if (screen == SCR_BOOKING && a->visit.ticket_code[0]) {
        /* one ticket a visit: asking again shows the one issued */
        screen = SCR_TICKET;
        a->visit.ticket_again = 1;
    }
    if (screen == a->screen) {
        return;
    }
    if (a->visit.depth < APP_HISTORY) {
        a->visit.history[a->visit.depth++] = a->screen;
    } else {
        /* keep the most recent steps */
        memmove(a->visit.history, a->visit.history + 1,
                sizeof a->visit.history[0] * (APP_HISTORY - 1));
        a->visit.history[APP_HISTORY - 1] = a->screen;
    }
    a->next_screen = screen;
}

void app_back(struct app *a)
{
    if (a->screen == SCR_SURVEY && a->visit.run &&
        survey_run_back(a->visit.run) == KIOSK_OK) {
        /* Back inside a questionnaire keeps every answer */
        a->visit.issue[0] = '\0';
        a->visit.scroll = 0;
        a->redraw = 1;
        return;
    }
    if (a->screen == SCR_RESULT) {
        a->visit.back_from_result = 1;
    }
    if (a->screen == SCR_TICKET) {
        /* the ticket is issued: booking again is not a step back */
        app_home(a);
        return;
    }
    if (a->screen == SCR_INFO && a->visit.category >= 0) {
        /* from an article list back to the categories */
        a->visit.category = -1;
        a->visit.scroll = 0;
        a->redraw = 1;
        return;
    }
    if (a->visit.depth > 0) {
        a->next_screen = a->visit.history[--a->visit.depth];
    } else {
        a->next_screen = SCR_HOME;
    }
    if (a->next_screen == SCR_ATTRACT) {
        /* going back past the start ends the visit */
        app_end_visit(a, "left");
    }
}

void app_home(struct app *a)
{
    a->visit.depth = 0;
    a->visit.category = -1;
    a->next_screen = SCR_HOME;
}

int app_visit_is_wiped(const struct app *a)
{
    const unsigned char *p = (const unsigned char *)&a->visit;
    for (size_t i = 0; i < sizeof a->visit; i++) {
        if (p[i]) {
            return 0;
        }
    }
    return 1;
}

int64_t app_wall(const struct app *a)
{
    return a->wall0 + a->clock_offset + a->now_ms / 1000;
}

/* A board without a real-time clock (and no network) may start in 1970:
 * staff set the time in staff mode. The kiosk runs unprivileged, so it
 * keeps an offset from the system clock instead of setting it. */
void app_set_clock_offset(struct app *a, int64_t offset)
{
    a->clock_offset = offset;
    if (!a->data_dir[0]) {
        return;
    }
    char path[600], tmp[610];
    snprintf(path, sizeof path, "%s/clock-offset", a->data_dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        int ok = fprintf(f, "%lld\n", (long long)offset) > 0;
        ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
        ok &= fclose(f) == 0;
        if (!ok || rename(tmp, path) != 0) {
            fprintf(stderr, "kiosk: cannot keep the clock offset in %s\n",
                    path);
        }
    }
}

void app_load_clock_offset(struct app *a)
{
    char path[600];
    snprintf(path, sizeof path, "%s/clock-offset", a->data_dir);
    FILE *f = fopen(path, "r");
    long long v = 0;
    if (f) {
        if (fscanf(f, "%lld", &v) == 1 && v > -(100LL * 365 * 86400) &&
            v < 100LL * 365 * 86400) {
            a->clock_offset = v;
        }
        fclose(f);
    }
}

static void store_failed(struct app *a, const char *what, enum kiosk_err e)
{
    snprintf(a->store_error, sizeof a->store_error, "%s: %s", what,
             e == KIOSK_EFULL     ? "the disk is full"
             : e == KIOSK_EREADONLY ? "the database is read-only"
                                  : kiosk_strerror(e));
    fprintf(stderr, "kiosk: %s\n", a->store_error);
}

enum kiosk_err app_open_store(const char *path, const struct site *site,
                              int64_t now, struct store **st, char *why,
                              size_t whyn)
{
    struct store_opts so = {.setup_code = site->setup_code,
                            .day_offset = site->utc_offset};
    struct store_start found;
    why[0] = '\0';
    enum kiosk_err e = store_open_checked(path, &so, now, st, &found);
    if (e) {
        snprintf(why, whyn, "the database %.120s cannot be used (%s)", path,
                 e == KIOSK_EFULL     ? "the disk is full"
                 : e == KIOSK_EREADONLY ? "it is read-only"
                                      : kiosk_strerror(e));
        fprintf(stderr, "kiosk: %s; screenings will not be saved\n", why);
        return e;
    }
    if (found.damaged || found.zero_length || found.lost) {
        /* loss is never silent: the journal now, staff at every login */
        fprintf(stderr, "kiosk: %s%s%s; a new database was started and "
                        "staff will be told\n", found.detail,
                found.moved_to[0] ? "; the old file is kept as " : "",
                found.moved_to);
    }
    return KIOSK_OK;
}

/* Once a day while nobody uses the kiosk: PRAGMA quick_check. A database
 * found damaged is closed, kept aside whole and replaced by a new one
 * (app_open_store says so to staff); the reporting thread, which has its
 * own connection, is restarted on the new file. */
#define CHECK_PERIOD_MS (24LL * 3600 * 1000)

static int64_t integrity_step(struct app *a)
{
    if (!a->store || !a->db_path[0]) {
        return CHECK_PERIOD_MS;
    }
    if (!a->checked_once) {
        a->checked_once = 1; /* checked at start (app_open_store) */
        return CHECK_PERIOD_MS;
    }
    char msg[256];
    if (store_check(a->store, 0, msg, sizeof msg) != KIOSK_EIO) {
        return CHECK_PERIOD_MS;
    }
    fprintf(stderr, "kiosk: the database failed its daily check: %s\n", msg);
    report_stop(a->sender);
    a->sender = NULL;
    store_close(a->store);
    a->store = NULL;
    enum kiosk_err e = app_open_store(a->db_path, &a->site, app_wall(a), &a->store, a->store_error,
                                      sizeof a->store_error);
    if (e == KIOSK_OK && a->report.enabled) {
        a->sender = report_start(&a->report, a->db_path);
    }
    return CHECK_PERIOD_MS;
}

void app_begin_visit(struct app *a)
{
    visit_wipe(a); /* frees anything a previous visit left attached */
    a->visit.active = 1;
    a->visit.started_ms = a->now_ms;
    a->visit.category = -1;
    a->visit.form = -1;
    a->visit.booking_day = -1;
    a->visit.form_pick = -1;
    snprintf(a->visit.lang, sizeof a->visit.lang, "%s",
             a->site.default_language);
    if (a->store) {
        enum kiosk_err e = store_visit_begin(a->store, app_wall(a));
        if (e) {
            store_failed(a, "counting a visit", e);
        } else {
            a->visit.begun = app_wall(a);
        }
    }
}

/* The run's calculates and declared measures as the store takes them:
 * every calculate is sealed; only the measures with a value are counted.
 * Returns 0, or -1 when the form has more than the store keeps (a form
 * that large is refused at load by the pack check, so this is a guard)
 * or a measure holds a value its form does not declare. */
static int screening_values(const struct survey_run *run,
                            struct store_value *vals, int *n_vals,
                            struct store_value *tallies, int *n_tallies)
{
    const struct survey_form *f = survey_run_form(run);
    int n = survey_run_calc_count(run);
    if (n > STORE_MAX_VALUES ||
        survey_form_measure_count(f) > STORE_MAX_TALLIES) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        vals[i].name = survey_run_calc_name(run, i);
        vals[i].value = survey_run_calc_value(run, i);
    }
    *n_vals = n;
    *n_tallies = 0;
    for (int m = 0; m < survey_form_measure_count(f); m++) {
        int k = -1;
        if (survey_run_measure(run, m, &k) != KIOSK_OK) {
            return -1;
        }
        if (k >= 0) {
            tallies[*n_tallies].name = survey_measure_name(f, m);
            tallies[*n_tallies].value = survey_measure_value(f, m, k);
            (*n_tallies)++;
        }
    }
    return 0;
}

/* The form's declared band measures as its report record carries them
 * (flags are counted in the daily record only). Returns the count, -1 if
 * a band holds a value its form does not declare or there are more than
 * max. */
int app_report_measures(const struct survey_run *run,
                        struct report_measure *out, int max)
{
    const struct survey_form *f = survey_run_form(run);
    int n = 0;
    for (int m = 0; m < survey_form_measure_count(f); m++) {
        if (survey_measure_kind(f, m) != SURVEY_MEASURE_BAND) {
            continue;
        }
        int k = -1, score = survey_measure_score_item(f, m);
        if (n == max || survey_run_measure(run, m, &k) != KIOSK_OK) {
            return -1;
        }
        out[n++] = (struct report_measure){
            survey_measure_name(f, m),
            score >= 0 ? survey_run_value(run, score) : NULL,
            k >= 0 ? survey_measure_value(f, m, k) : ""};
    }
    return n;
}

void app_save_screening(struct app *a)
{
    struct survey_run *run = a->visit.run;
    if (!run || a->visit.screening_saved) {
        return;
    }
    a->visit.save_failed = 1;
    if (!a->store) {
        return;
    }
    struct store_value *vals = calloc(STORE_MAX_VALUES, sizeof *vals);
    struct store_value *tallies = calloc(STORE_MAX_TALLIES, sizeof *tallies);
    int n = 0, nt = 0;
    if (!vals || !tallies ||
        screening_values(run, vals, &n, tallies, &nt) != 0) {
        free(vals);
        free(tallies);
        store_failed(a, "saving a screening", KIOSK_ETOOBIG);
        return;
    }
    char *answers = NULL;
    size_t len = 0;
    if (survey_run_encode_answers(run, &answers, &len) != KIOSK_OK) {
        free(vals);
        free(tallies);
        return;
    }
    const struct survey_form *f = survey_run_form(run);
    /* its record for the province is built now, encrypted, and committed
     * with it */
    struct report_record rec = {0};
    struct store_outbox_new outbox;
    int queued = 0;
    if (a->report.enabled && a->sender) {
        struct report_measure ms[REPORT_MAX_MEASURES];
        int nm = app_report_measures(run, ms, REPORT_MAX_MEASURES);
        struct report_screening rs = {survey_form_id(f),
                                      survey_form_version(f), a->visit.lang,
                                      app_wall(a), 0, ms, nm};
        if (nm < 0 || report_next_seq(a->store, &rs.seq) != KIOSK_OK ||
            report_build_screening(&a->report, &rs, &rec) != KIOSK_OK) {
            /* the screening is kept; its record is not sent */
            fprintf(stderr, "kiosk: the report record was not built\n");
        } else {
            report_record_outbox(&rec, &outbox);
            queued = 1;
        }
    }
    struct store_screening sc = {
        .form_id = survey_form_id(f),
        .form_version = survey_form_version(f),
        .language = a->visit.lang,
        .time = app_wall(a),
        .tallies = tallies,
        .n_tallies = nt,
        .values = vals,
        .n_values = n,
        .answers = (const unsigned char *)answers,
        .answers_len = len,
        .outbox = queued ? &outbox : NULL,
    };
    enum kiosk_err e = store_save_screening(a->store, &sc,
                                            &a->visit.screening_id);
    survey_bytes_free(answers, len);
    report_record_free(&rec);
    free(vals);
    free(tallies);
    if (e) {
        a->visit.screening_id = 0;
        store_failed(a, "saving a screening", e);
        return;
    }
    a->visit.screening_saved = 1;
    a->visit.save_failed = 0;
    if (a->sender && sc.outbox) {
        report_wake(a->sender); /* send it now if there is a network */
    }
}

static void end_visit_now(struct app *a, const char *how);

static void apply_action(struct app *a, const struct app_action *act)
{
    switch (act->kind) {
    case APP_END_VISIT:
        end_visit_now(a, act->how);
        break;
    case APP_STAFF_EXIT:
        app_staff_exit_now(a);
        break;
    case APP_QUIZ_FINISH:
        app_quiz_finish_now(a);
        break;
    case APP_QUIZ_SOLO:
        app_quiz_start_solo_now(a, act->arg);
        break;
    case APP_QUIZ_EVENT:
        app_quiz_start_event_now(a);
        break;
    }
}

void app_post(struct app *a, enum app_action_kind kind, const char *how,
              int arg)
{
    struct app_action act = {kind, how, arg};
    if (!a->in_frame) {
        apply_action(a, &act);
        return;
    }
    for (int i = 0; i < a->nactions; i++) {
        if (a->actions[i].kind == kind && kind != APP_QUIZ_FINISH) {
            return; /* asked twice in one frame (two buttons): once */
        }
    }
    /* the few kinds above, each once, and FINISH before each start */
    assert(a->nactions < APP_ACTIONS);
    if (a->nactions < APP_ACTIONS) {
        a->actions[a->nactions++] = act;
    }
    if (kind == APP_END_VISIT || kind == APP_STAFF_EXIT) {
        a->next_screen = SCR_ATTRACT;
    }
}

void app_view_changed(struct app *a)
{
    a->view_stale = 1;
    a->redraw = 1;
}

void app_end_visit(struct app *a, const char *how)
{
    app_post(a, APP_END_VISIT, how, 0);
}

void app_quiz_finish(struct app *a)
{
    app_post(a, APP_QUIZ_FINISH, NULL, 0);
}

void app_staff_exit(struct app *a)
{
    app_post(a, APP_STAFF_EXIT, NULL, 0);
}

static void end_visit_now(struct app *a, const char *how)
{
    if (a->quiz.solo) {
        app_quiz_finish_now(a); /* a visitor's game ends with the visit */
    }
    if (a->store && a->visit.begun) {
        enum store_outcome out = strcmp(how, "idle") == 0 ? STORE_VISIT_IDLE
                                 : strcmp(how, "completed") == 0
                                     ? STORE_VISIT_COMPLETED
                                     : STORE_VISIT_LEFT;
        enum kiosk_err e = store_visit_end(a->store, a->visit.begun, out,
                                           a->visit.lang);
        if (e) {
            store_failed(a, "ending a visit", e);
        }
    }
    if (a->audio) {
        audio_stop(a->audio);
    }
    visit_wipe(a);
    a->visits_wiped++;
    a->idle_dialog = 0;
    if (!app_is_staff_screen(a->next_screen)) {
        a->next_screen = SCR_ATTRACT; /* (staff mode opening goes on) */
    }
    a->attract_ms = a->now_ms;
    /* the next visitor starts with the default look */
    if (a->text_size != 0) {
        app_set_text_size(a, 0);
    }
    if (a->high_contrast != a->site.high_contrast) {
        app_set_contrast(a, a->site.high_contrast);
    }
}

void app_note_input(struct app *a)
{
    a->last_input_ms = a->now_ms;
}

void app_set_text_size(struct app *a, int size)
{
    static const float scales[3] = {1.0f, 1.25f, 1.5f};
    a->text_size = size < 0 ? 0 : size > 2 ? 2 : size;
    a->ui.text_scale = scales[a->text_size];
    a->redraw = 1;
}

void app_set_contrast(struct app *a, int on)
{
    a->high_contrast = on;
    ui_set_theme(&a->ui, on);
    a->redraw = 1;
}

/* The screen's own next timer (app_next_timer_ms without narration). */
static int64_t screen_timer_ms(const struct app *a)
{
    if (a->screen == SCR_ATTRACT) {
        int64_t due = a->attract_ms + (int64_t)a->site.attract_seconds * 1000;
        for (int i = 0; i < APP_SERVICES; i++) {
            if (a->service_due_ms[i] < due) {
                due = a->service_due_ms[i]; /* a service is waiting */
            }
        }
        return due > a->now_ms ? due - a->now_ms : 0;
    }
    if (a->screen == SCR_TICKET && a->visit.job && a->visit.ticket_state == 0) {
        return 100; /* watch the print job */
    }
    if (app_languages_busy(a)) {
        /* a recording: the microphone's samples move every few frames */
        return app_languages_timer_ms(a);
    }
    if (app_is_staff_screen(a->screen)) {
        int64_t due = a->staff.last_input_ms +
                      (int64_t)a->site.staff_idle_seconds * 1000;
        return due > a->now_ms ? due - a->now_ms : 0;
    }
    if (a->corner_holding) {
        return 100; /* the staff gesture's hold is being timed */
    }
    if (a->idle_dialog) {
        /* the countdown changes every second */
        int64_t el = a->now_ms - a->idle_dialog_ms;
        return 1000 - el % 1000;
    }
    int64_t due = a->last_input_ms + (int64_t)a->site.idle_seconds * 1000;
    return due > a->now_ms ? due - a->now_ms : 0;
}

int64_t app_next_timer_ms(const struct app *a)
{
    int64_t t = screen_timer_ms(a);
    if (a->audio_due_ms >= 0) { /* a question's answers still to be read */
        int64_t due = a->audio_due_ms > a->now_ms ? a->audio_due_ms - a->now_ms
                                                  : 0;
        t = t < 0 || due < t ? due : t;
    }
    return t;
}

/* The "Still there?" dialog with its countdown. */
static void idle_frame(struct app *a)
{
    struct ui *ui = &a->ui;
    int64_t left_ms = (int64_t)a->site.idle_countdown_seconds * 1000 -
                      (a->now_ms - a->idle_dialog_ms);
    if (left_ms <= 0) {
        app_end_visit(a, "idle");
        return;
    }
    ui->input_enabled = 1;
    struct ui_rect d = ui_dialog(ui, ui_px(ui, 560), ui_px(ui, 300));
    struct ui_rect in = ui_inset(d, ui_px(ui, 20));
    int h = ui_text(ui, in, app_tr(a, "idle.title"), UI_FONT_TITLE, 1,
                    ui->theme.text, UI_CENTER, 1);
    in.y += h + ui_px(ui, 10);
    char body[512], num[16];
    snprintf(num, sizeof num, "%d", (int)((left_ms + 999) / 1000));
    const char *tmpl = app_tr(a, "idle.body");
    const char *ph = strstr(tmpl, "{n}");
    if (ph) {
        snprintf(body, sizeof body, "%.*s%s%s", (int)(ph - tmpl), tmpl, num,
                 ph + 3);
    } else {
        snprintf(body, sizeof body, "%s", tmpl);
    }
    h = ui_text(ui, (struct ui_rect){in.x, in.y, in.w, 0}, body, UI_FONT_BODY,
                0, ui->theme.text, UI_CENTER, 1);
    /* a countdown bar that empties */
    struct ui_rect bar = {in.x, in.y + h + ui_px(ui, 10), in.w, ui_px(ui, 10)};
    ui_progress(ui, bar, (float)left_ms /
                             (float)(a->site.idle_countdown_seconds * 1000));
    int bh = ui_px(ui, 64);
    struct ui_rect row = {in.x, d.y + d.h - ui_px(ui, 20) - bh, in.w, bh};
    struct ui_rect stay = ui_cut_left(&row, row.w * 3 / 5 - ui_px(ui, 6));
    ui_cut_left(&row, ui_px(ui, 12));
    if (ui_button(ui, stay, app_tr(a, "idle.continue"), UI_STYLE_ACCENT)) {
        a->idle_dialog = 0;
        app_note_input(a);
        a->redraw = 1;
    }
    if (ui_button(ui, row, app_tr(a, "idle.leave"), UI_STYLE_DANGER)) {
        app_end_visit(a, "left");
    }
}

/* Retention: while nobody uses the kiosk, purge old records 200 at a
 * time, one short transaction per frame, so a visitor never waits for it.
 * When nothing is left, look again in an hour. */
#define PURGE_BATCH 200
#define PURGE_PAUSE_MS (3600 * 1000)

static int64_t purge_step(struct app *a)
{
    if (!a->store) {
        return PURGE_PAUSE_MS;
    }
    int deleted = 0;
    enum kiosk_err e = store_purge(a->store, app_wall(a),
                                   a->site.retention_days, PURGE_BATCH,
                                   &deleted);
    if (e) {
        store_failed(a, "purging old records", e);
        deleted = 0;
    }
    a->purged += deleted;
    return deleted < PURGE_BATCH ? PURGE_PAUSE_MS : 0; /* more: next frame */
}

int64_t app_wall_shared(void *ctx)
{
    return atomic_load(&((struct app *)ctx)->wall_shared);
}

void app_report_days(struct app *a)
{
    if (!a->report.enabled || !a->store) {
        return;
    }
    long today = date_day(app_wall(a), a->site.utc_offset);
    if (a->report_day >= today - 1) {
        return;
    }
    /* the last week's finished days; closing one twice is harmless */
    long from = a->report_day ? a->report_day + 1 : today - 7;
    for (long day = from < today - 7 ? today - 7 : from; day < today; day++) {
        int queued = 0;
        enum kiosk_err e = report_close_day(&a->report, a->store, day, -1,
                                            app_wall(a), &queued);
        if (e) {
            store_failed(a, "closing a day for reporting", e);
            return;
        }
    }
    a->report_day = today - 1;
    if (a->sender) {
        report_wake(a->sender);
    }
}

/* A finished day closes for reporting soon after local midnight. */
static int64_t report_step(struct app *a)
{
    app_report_days(a);
    int64_t to_midnight =
        86400 - date_seconds(app_wall(a), a->site.utc_offset);
    return (to_midnight + 60) * 1000; /* a minute after */
}

/* Services that run on time, only while nobody uses the kiosk (attract):
 * each returns the milliseconds until it wants to run again. */
static const struct {
    const char *name;
    int64_t (*run)(struct app *a);
} services[] = {
    {"retention", purge_step},
    {"report days", report_step},
    {"integrity check", integrity_step},
};

static_assert(sizeof services / sizeof services[0] == APP_SERVICES,
              "APP_SERVICES counts the services");

static void run_services(struct app *a)
{
    if (a->screen != SCR_ATTRACT) {
        return;
    }
    for (int i = 0; i < APP_SERVICES; i++) {
        if (a->now_ms >= a->service_due_ms[i]) {
            a->service_due_ms[i] = a->now_ms + services[i].run(a);
        }
    }
}

void app_services_due(struct app *a)
{
    for (int i = 0; i < APP_SERVICES; i++) {
        a->service_due_ms[i] = 0;
    }
}

typedef void (*screen_fn)(struct app *a);

static const screen_fn screens[] = {
    screen_attract, screen_language, screen_home,
    screen_info, screen_article, screen_services, screen_screening,
    screen_survey, screen_result, screen_booking, screen_ticket,
    screen_talk,
    screen_staff_login, screen_staff_home, screen_staff_lookup,
    screen_staff_ticket, screen_staff_today, screen_staff_stats,
    screen_staff_audit, screen_staff_accounts, screen_staff_slots,
    screen_staff_export, screen_staff_quiz, screen_staff_languages,
    screen_staff_forms, screen_staff_report,
    screen_quiz_play,
    screen_quiz_board, screen_quiz_podium,
};
static_assert(sizeof screens / sizeof screens[0] == SCR_COUNT,
              "one function per screen, in enum screen_id order");

void app_frame(struct app *a)
{
    struct ui *ui = &a->ui;
    a->redraw = 0;
    atomic_store(&a->wall_shared, app_wall(a));
    int staff = app_is_staff_screen(a->screen);
    if (staff) {
        /* staff mode has its own, silent timeout: lock and leave */
        if (ui->in.pressed || ui->in.down) {
            a->staff.last_input_ms = a->now_ms;
        }
        if (a->now_ms - a->staff.last_input_ms >=
            (int64_t)a->site.staff_idle_seconds * 1000) {
            app_staff_exit(a); /* applied after this frame */
        }
    } else if (a->quiz.event && a->screen == SCR_ATTRACT) {
        /* during an event the game waits instead of attract; whoever
         * plays is a visit like any other (language, statistics) */
        app_begin_visit(a);
        app_note_input(a);
        a->next_screen = SCR_QUIZ_PLAY;
    } else if (a->screen != SCR_ATTRACT && !a->idle_dialog &&
               !(a->quiz.event && a->screen >= SCR_QUIZ_PLAY) &&
               a->now_ms - a->last_input_ms >=
                   (int64_t)a->site.idle_seconds * 1000) {
        a->idle_dialog = 1;
        a->idle_dialog_ms = a->now_ms;
    }
    ui->input_enabled = !a->idle_dialog;
    run_services(a);
    app_languages_tick(a); /* a recording's samples, before drawing */
    int64_t wait = a->audio ? audio_tick(a->audio, a->now_ms) : -1;
    a->audio_due_ms = wait < 0 ? -1 : a->now_ms + wait;
    if (app_is_staff_screen(a->screen) && a->screen != SCR_STAFF_LOGIN &&
        !a->staff.key) {
        a->screen = SCR_STAFF_LOGIN; /* every staff screen needs the key */
    }
    assert(a->screen >= 0 && a->screen < SCR_COUNT && !a->in_frame);
    assert(a->nactions == 0); /* applied at the end of the last frame */
    a->in_frame = 1;
    staff_gesture(a);
    app_vt_begin(a);
    screens[a->screen](a);
    app_vt_end(a); /* the mark, when the screen showed such texts */
    if (a->idle_dialog && a->next_screen < 0 && !a->nactions) {
        idle_frame(a);
    }
    a->in_frame = 0;
    /* what a button ended or replaced goes now that nothing uses it */
    int n = a->nactions;
    a->nactions = 0;
    for (int i = 0; i < n; i++) {
        apply_action(a, &a->actions[i]);
    }
    if (a->next_screen >= 0) {
        if (a->next_screen != a->screen) {
            a->visit.scroll = 0;
            a->visit.scroll_h = 0;
            if (a->audio) {
                audio_stop(a->audio);
            }
        }
        if (a->next_screen != a->screen) {
            a->view_stale = 1; /* a new screen reads its data */
        }
        a->screen = a->next_screen;
        a->next_screen = -1;
        a->redraw = 1;
    }
    /* A staff session lives only on staff screens: whatever route led to
     * another screen (Escape, Back, a visitor screen, the quiz, idle), it
     * ends here, key wiped. */
    if ((a->staff.active || a->staff.key) &&
        !app_is_staff_screen(a->screen)) {
        int screen = a->screen;
        app_staff_exit(a); /* not in a frame now: at once */
        a->screen = screen; /* where the route led (a quiz, a visit) */
    }
}
