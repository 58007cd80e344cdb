/* Staff mode, Languages: translations and narration reviewed, fixed and
 * recorded on the kiosk by the people who speak the language.
 *
 * The room has four places: the languages of the pack with how ready each
 * is; one language's items (the Vietnamese and English source beside the
 * translation, filtered by feature and "needs work"); one item (mark it
 * reviewed or needing a fix, record its narration with a USB microphone,
 * play it back, keep or redo); and the problems (overlay files that do not
 * load, entries the pack no longer has). Spreadsheets of one language and
 * the whole overlay go to and come from a USB stick.
 *
 * Every change is written to <data-dir>/overlay at once (overlay.h) and put
 * over the loaded content, so visitors see and hear it on their next
 * screen; review marks, recordings kept and files moved are in the audit
 * log, written first. The view model (staff_view) holds the items and
 * their state, read when the room is entered or after an action, never on
 * a frame that only redraws. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/audio.h"
#include "app/audio_capture.h"
#include "app/staff_int.h"
#include "app/staff_languages.h"
#include "content/overlay.h"
#include "content/vtext.h"
#include "core/date.h"
#include "quiz/quiz.h"
#include "staff/staff.h"
#include "survey/survey.h"

#define MAX_FEATURES (3 + APP_MAX_FORMS + APP_MAX_QUIZZES)
#define ROW_H 92                /* design px of an item row */
#define LANG_ROW_H 104          /* ... of a language card */
#define GAP 12                  /* between touch targets */
#define BTN_H 56                /* touch targets: >= 48 px at 800x480 */
#define CSV_NAME "kiosk-%s.csv" /* one language as a spreadsheet */
#define SHARE_NAME "kiosk-overlay" /* the shared overlay's folder */
#define TAKE_NAME ".take.ogg"   /* a recording not yet kept */

enum room_place { ROOM_LANGS, ROOM_ITEMS, ROOM_ITEM, ROOM_PROBLEMS };

struct app_languages {
    struct overlay *ov;              /* NULL: none (no data directory) */
    struct kiosk_diag problems;      /* reading the overlay, the pack's
                                        audio-sources.csv */
    struct overlay_report report;    /* entries not put over the pack */
    struct overlay_sources *sources; /* the pack's audio-sources.csv */
    /* the room */
    enum room_place place;
    char lang[16];                   /* the language being worked on */
    int feature;                     /* -1 all, else a feature index */
    int needs_work;                  /* show only items that need work */
    int pos;                         /* the item shown (a row of the view) */
    struct overlay_ref cur;          /* ... itself: it stays in a "needs
                                        work" list while staff work on it */
    struct audio_capture *rec;       /* a recording in progress */
    int64_t pumped_ms;               /* when its samples were last moved */
    enum audio_capture_state rec_state; /* what the last pump found */
    int take;                        /* a take is waiting: keep or redo */
    double take_secs;
    int scroll, scroll_h;
};

/* One language's readiness summed over its features. */
struct lang_sum {
    int items, text, reviewed, fix, stale, audio_items, recorded, synthetic,
        unknown;
};

/* One item row of the view. */
struct lang_row {
    struct overlay_ref ref;
    struct overlay_item_state st;
};

/* What the room read: rebuilt on entry and after every action. */
struct lang_view {
    char lang[16];                 /* built for these settings */
    int feature, needs_work;
    int nfeatures;
    char features[MAX_FEATURES][64];
    struct lang_sum sum;           /* the language (the chosen feature) */
    struct lang_sum langs[PACK_MAX_LANGS]; /* every language, for the list */
    int n;                         /* rows after the filter */
    struct lang_row rows[];        /* capacity: every item of the language */
};

/* ---- the overlay in the app -------------------------------------------- */

static struct app_languages *room(struct app *a)
{
    if (!a->languages) {
        a->languages = calloc(1, sizeof *a->languages);
        if (a->languages) {
            a->languages->feature = -1;
        }
    }
    return a->languages;
}

static struct overlay_content content_of(const struct app *a)
{
    return (struct overlay_content){a->pack, a->forms, a->nforms,
                                    a->quiz.quizzes, a->quiz.nquiz};
}

static void print_orphans(const struct overlay_report *rep, FILE *f)
{
    for (int i = 0; i < rep->n; i++) {
        const struct overlay_orphan *o = &rep->orphans[i];
        fprintf(f, "overlay/%s: %s (%s): %s; kept in the overlay\n", o->lang,
                o->item, o->what, o->why);
    }
}

void app_languages_apply(struct app *a)
{
    struct app_languages *L = room(a);
    if (!L) {
        return;
    }
    overlay_free(L->ov);
    L->ov = NULL;
    kiosk_diag_free(&L->problems);
    overlay_report_free(&L->report);
    overlay_sources_free(L->sources);
    L->sources = NULL;
    if (!a->pack) {
        return;
    }
    if (overlay_sources_load(pack_dir(a->pack), &L->sources, &L->problems) ==
        KIOSK_ENOMEM) {
        L->sources = NULL;
    }
    if (a->data_dir[0]) {
        char dir[700];
        snprintf(dir, sizeof dir, "%s/overlay", a->data_dir);
        if (overlay_load(dir, &L->ov, &L->problems) == KIOSK_ENOMEM) {
            L->ov = NULL;
        }
    }
    struct overlay_content c = content_of(a);
    if (L->ov && overlay_apply(L->ov, &c, &L->report) != KIOSK_OK) {
        kiosk_diag_err(&L->problems, "overlay", 0, 0,
                       "out of memory putting the overlay over the pack");
    }
    if (L->problems.n || L->report.n) {
        fprintf(stderr, "kiosk: the overlay of %s/overlay:\n", a->data_dir);
        kiosk_diag_print(&L->problems, stderr);
        print_orphans(&L->report, stderr);
    }
    app_view_changed(a); /* the room's items refer to the content */
}

int app_languages_busy(const struct app *a)
{
    return a->languages && a->languages->rec;
}

#define PUMP_MS 50 /* the capture queue is emptied this often */

static void stop(struct app *a, struct app_languages *L);

void app_languages_tick(struct app *a)
{
    struct app_languages *L = a->languages;
    if (!L || !L->rec) {
        return;
    }
    a->staff.last_input_ms = a->now_ms; /* someone is speaking */
    L->rec_state = audio_capture_pump(L->rec);
    L->pumped_ms = a->now_ms;
    if (L->rec_state == AUDIO_CAPTURE_FAILED) {
        stop(a, L);
    }
}

int64_t app_languages_timer_ms(const struct app *a)
{
    if (!app_languages_busy(a)) {
        return -1;
    }
    int64_t due = a->languages->pumped_ms + PUMP_MS - a->now_ms;
    return due > 0 ? due : 0;
}

/* The take's path: audio/<lang>/.take.ogg in the overlay. */
static const char *take_path(const struct app_languages *L, char *buf,
                             size_t n)
{
    return L->ov ? overlay_clip_path(L->ov, L->lang, TAKE_NAME, buf, n)
                 : NULL;
}

static void drop_take(struct app_languages *L)
{
    char path[4400];
    audio_capture_cancel(L->rec);
    L->rec = NULL;
    if (L->take && take_path(L, path, sizeof path)) {
        unlink(path);
    }
    L->take = 0;
}

void app_languages_wipe(struct app *a)
{
    struct app_languages *L = a->languages;
    if (!L) {
        return;
    }
    drop_take(L);
    L->place = ROOM_LANGS;
    L->lang[0] = '\0';
    L->feature = -1;
    L->needs_work = 0;
    L->pos = 0;
    L->scroll = L->scroll_h = 0;
}

void app_languages_free(struct app *a)
{
    struct app_languages *L = a->languages;
    if (!L) {
        return;
    }
    drop_take(L);
    overlay_free(L->ov);
    kiosk_diag_free(&L->problems);
    overlay_report_free(&L->report);
    overlay_sources_free(L->sources);
    free(L);
    a->languages = NULL;
}

/* Moves the room to `place`, at its top, with no message left over. */
static void go(struct app *a, struct app_languages *L, enum room_place place)
{
    L->place = place;
    L->scroll = 0;
    a->staff.msg[0] = '\0';
    app_view_changed(a);
}

int app_languages_back(struct app *a)
{
    struct app_languages *L = a->languages;
    if (!L || L->place == ROOM_LANGS) {
        return 0;
    }
    drop_take(L);
    if (a->audio) {
        audio_stop(a->audio);
    }
    go(a, L, L->place == ROOM_ITEM ? ROOM_ITEMS : ROOM_LANGS);
    return 1;
}

/* ---- the view model ------------------------------------------------------ */

static void add_sum(struct lang_sum *s, const struct overlay_ready *r)
{
    s->items += r->items;
    s->text += r->text;
    s->reviewed += r->reviewed;
    s->fix += r->needs_fixing;
    s->stale += r->stale;
    s->audio_items += r->audio_items;
    s->recorded += r->recorded;
    s->synthetic += r->synthetic;
    s->unknown += r->unknown;
}

/* Sums `lang`'s readiness over every feature (only = -1) or one; names
 * the features into feat[] (may be NULL). */
static void sum_lang(const struct app *a, const struct app_languages *L,
                     const char *lang, int only, struct lang_sum *s,
                     char (*feat)[64], int *nfeat)
{
    struct overlay_content c = content_of(a);
    struct overlay_ready *rd = NULL;
    int n = 0;
    memset(s, 0, sizeof *s);
    if (overlay_readiness(&c, L->ov, L->sources, lang, &rd, &n) !=
        KIOSK_OK) {
        return;
    }
    for (int i = 0; i < n; i++) {
        if (only < 0 || only == i) {
            add_sum(s, &rd[i]);
        }
        if (feat && i < MAX_FEATURES) {
            snprintf(feat[i], 64, "%s", rd[i].feature);
        }
    }
    if (nfeat) {
        *nfeat = n < MAX_FEATURES ? n : MAX_FEATURES;
    }
    free(rd);
}

/* The view for the room's place and settings; NULL when out of memory. */
static int same_ref(struct overlay_ref x, struct overlay_ref y)
{
    return x.kind == y.kind && x.a == y.a && x.b == y.b;
}

static struct lang_view *view(struct app *a, struct app_languages *L)
{
    struct overlay_content c = content_of(a);
    int cap = L->place == ROOM_LANGS || L->place == ROOM_PROBLEMS
                  ? 0
                  : overlay_items(&c, L->lang, NULL, 0);
    int load = 0;
    struct lang_view *v = staff_view(
        a, sizeof *v + sizeof v->rows[0] * (size_t)cap, &load);
    if (!v || !load) {
        return v;
    }
    snprintf(v->lang, sizeof v->lang, "%s", L->lang);
    v->feature = L->feature;
    v->needs_work = L->needs_work;
    if (L->place == ROOM_LANGS) {
        for (int i = 0; i < pack_nlangs(a->pack) && i < PACK_MAX_LANGS; i++) {
            sum_lang(a, L, pack_lang(a->pack, i)->code, -1, &v->langs[i],
                     NULL, NULL);
        }
        return v;
    }
    if (L->place == ROOM_PROBLEMS) {
        return v;
    }
    sum_lang(a, L, L->lang, L->feature, &v->sum, v->features,
             &v->nfeatures);
    struct overlay_ref *refs = malloc(sizeof *refs * (size_t)(cap + 1));
    if (!refs) {
        v->n = 0;
        return v;
    }
    overlay_items(&c, L->lang, refs, cap);
    for (int i = 0; i < cap; i++) {
        char feat[64];
        if (L->feature >= 0 && L->feature < v->nfeatures &&
            strcmp(overlay_item_feature(&c, refs[i], feat, sizeof feat),
                   v->features[L->feature]) != 0) {
            continue;
        }
        struct lang_row *r = &v->rows[v->n];
        r->ref = refs[i];
        overlay_item_state(&c, L->ov, L->sources, refs[i], L->lang, &r->st);
        int open = L->place == ROOM_ITEM && same_ref(refs[i], L->cur);
        if (L->needs_work && !overlay_item_needs_work(&r->st) && !open) {
            continue;
        }
        if (open) {
            L->pos = v->n;
        }
        v->n++;
    }
    free(refs);
    if (L->pos >= v->n) {
        L->pos = v->n ? v->n - 1 : 0;
    }
    if (v->n) {
        L->cur = v->rows[L->pos].ref;
    }
    return v;
}

/* ---- small drawing helpers ----------------------------------------------- */

/* The first line of s, at most n-1 bytes, cut on a character boundary
 * (a preview in a list; the item's page shows it whole). */
static const char *first_line(const char *s, char *buf, size_t n)
{
    size_t len = strcspn(s, "\n");
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) {
            len--; /* never half a UTF-8 sequence */
        }
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

/* One line of text clipped to r (inside a clip area `outer`). */
static void line(struct ui *ui, struct ui_rect r, struct ui_rect outer,
                 const char *text, enum ui_font f, int bold,
                 struct ui_color col)
{
    int x0 = r.x > outer.x ? r.x : outer.x;
    int y0 = r.y > outer.y ? r.y : outer.y;
    int x1 = r.x + r.w < outer.x + outer.w ? r.x + r.w : outer.x + outer.w;
    int y1 = r.y + r.h < outer.y + outer.h ? r.y + r.h : outer.y + outer.h;
    if (x1 <= x0 || y1 <= y0) {
        return;
    }
    char buf[400];
    ui_clip(ui, (struct ui_rect){x0, y0, x1 - x0, y1 - y0});
    ui_text(ui, r, first_line(text, buf, sizeof buf), f, bold, col, UI_LEFT,
            0);
    ui_clip(ui, outer);
}

static int pct(int x, int n)
{
    int p = n ? (x * 100 + n / 2) / n : 100;
    return p == 100 && x < n ? 99 : p; /* 99.6 % is not done */
}

/* The language's name for staff: "ភាសាខ្មែរ (Khmer)". */
static void lang_label(const struct app *a, const char *code, char *buf,
                       size_t n)
{
    const struct pack_language *l =
        pack_lang(a->pack, pack_lang_index(a->pack, code));
    if (!l) {
        snprintf(buf, n, "%s", code);
    } else if (strcmp(l->name, l->name_en) == 0) {
        snprintf(buf, n, "%s", l->name);
    } else {
        snprintf(buf, n, "%s (%s)", l->name, l->name_en);
    }
}

/* "text 35% · reviewed 0% · needs fixing 1" for staff. */
static void sum_line(const struct app *a, const struct lang_sum *s,
                     char *buf, size_t n)
{
    snprintf(buf, n, "%s %d/%d · %s %d/%d · %s %d · %s %d · %s %d/%d "
                     "(%s %d, %s %d)",
             st_tr(a, "staff.lang_text"), s->text, s->items,
             st_tr(a, "staff.lang_reviewed"), s->reviewed, s->items,
             st_tr(a, "staff.lang_fix"), s->fix,
             st_tr(a, "staff.lang_stale"), s->stale,
             st_tr(a, "staff.lang_audio"),
             s->recorded + s->synthetic + s->unknown, s->audio_items,
             st_tr(a, "staff.lang_recorded"), s->recorded,
             st_tr(a, "staff.lang_synthetic"), s->synthetic);
}

/* Where a USB stick (or --export-dir) is, asked only when staff act. */
static int usb_dir(struct app *a, char *dir, size_t n)
{
    if (a->export_dir[0]) {
        snprintf(dir, n, "%s", a->export_dir);
        return 1;
    }
    if (staff_find_media(NULL, "/media/", dir, n) == KIOSK_OK) {
        return 1;
    }
    staff_say(a, "staff.no_usb");
    return 0;
}

/* A message for staff in the notice band (a long path may be cut there:
 * the band is one or two lines; nothing is lost but the display). */
static void say(struct app *a, const char *fmt, ...) KIOSK_PRINTF(2, 3);
static void say(struct app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->staff.msg, sizeof a->staff.msg, fmt, ap);
    va_end(ap);
    a->redraw = 1;
}

/* The first problem of d for staff, "+ N more" when there are others. */
static void say_diag(struct app *a, const char *key,
                     const struct kiosk_diag *d)
{
    char first[400] = "";
    for (int i = 0; i < d->n; i++) {
        if (!d->items[i].is_warning) {
            kiosk_diag_format(&d->items[i], first, sizeof first);
            break;
        }
    }
    if (d->errors > 1) {
        size_t len = strlen(first);
        snprintf(first + len, sizeof first - len, " (+%d)", d->errors - 1);
    }
    say(a, "%s %s", st_tr(a, key),
        first);
    a->redraw = 1;
}

static void now_date(const struct app *a, char out[OVERLAY_DATE_LEN + 1])
{
    overlay_date(app_wall(a), a->site.utc_offset, out);
}

/* ---- the languages ------------------------------------------------------- */

static void share_out(struct app *a, struct app_languages *L)
{
    char dir[600], dest[700], date[OVERLAY_DATE_LEN + 1];
    if (!L->ov || !usb_dir(a, dir, sizeof dir) ||
        !staff_audit_first(a, "lang-share-out", SHARE_NAME)) {
        return;
    }
    snprintf(dest, sizeof dest, "%s/%s", dir, SHARE_NAME);
    now_date(a, date);
    int skipped = 0;
    enum kiosk_err e = overlay_share_export(L->ov, dest, a->site.kiosk_id,
                                            date, &skipped);
    if (e) {
        say(a, "%s %s: %s",
            st_tr(a, "staff.lang_failed"), dest, kiosk_strerror(e));
    } else {
        say(a, "%s %s%s", st_tr(a, "staff.lang_shared"), SHARE_NAME,
            skipped ? st_tr(a, "staff.lang_skipped_broken") : "");
    }
    a->redraw = 1;
}

static void share_in(struct app *a, struct app_languages *L)
{
    char dir[600], src[700];
    if (!L->ov || !usb_dir(a, dir, sizeof dir)) {
        return;
    }
    snprintf(src, sizeof src, "%s/%s", dir, SHARE_NAME);
    if (!staff_audit_first(a, "lang-share-in", src)) {
        return;
    }
    struct overlay_merge m;
    struct kiosk_diag d = {0};
    enum kiosk_err e = overlay_share_import(L->ov, src, &m, &d);
    if (e) {
        say_diag(a, "staff.lang_not_taken", &d);
    } else {
        app_languages_apply(a); /* read back and put over the pack */
        say(a, "%s %d · %s %d · %s %d · %s %d",
            st_tr(a, "staff.lang_taken"), m.added,
            st_tr(a, "staff.lang_replaced"), m.replaced,
            st_tr(a, "staff.lang_kept"), m.kept,
            st_tr(a, "staff.lang_clips"), m.clips);
    }
    kiosk_diag_free(&d);
    app_view_changed(a);
}

static void place_langs(struct app *a, struct app_languages *L,
                        struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct lang_view *v = view(a, L);
    if (!v) {
        return;
    }
    /* the shared overlay: to and from a USB stick */
    struct ui_rect bar = ui_cut_bottom(&c, ui_px(ui, BTN_H));
    ui_cut_bottom(&c, ui_px(ui, GAP));
    int nprob = L->problems.errors + L->problems.warnings + L->report.n;
    int nb = nprob ? 3 : 2;
    for (int i = 0; i < nb; i++) {
        struct ui_rect cell = ui_grid_cell(bar, nb, nb, ui_px(ui, GAP), i);
        if (i == 0 && ui_button(ui, cell, st_tr(a, "staff.lang_share_out"),
                                UI_STYLE_NORMAL)) {
            share_out(a, L);
        } else if (i == 1 &&
                   ui_button(ui, cell, st_tr(a, "staff.lang_share_in"),
                             UI_STYLE_NORMAL)) {
            share_in(a, L);
        } else if (i == 2) {
            char label[96];
            snprintf(label, sizeof label, "%s (%d)",
                     st_tr(a, "staff.lang_problems"), nprob);
            if (ui_button(ui, cell, label, UI_STYLE_DANGER)) {
                L->place = ROOM_PROBLEMS;
                L->scroll = 0;
                app_view_changed(a);
            }
        }
    }
    /* two columns of language cards, so a pack's languages fit */
    int y0 = ui_scroll_begin(ui, c, &L->scroll, L->scroll_h);
    int rh = ui_px(ui, LANG_ROW_H), gap = ui_px(ui, GAP);
    int cw = (c.w - ui_px(ui, 14) - gap) / 2, y = y0;
    int nl = pack_nlangs(a->pack) < PACK_MAX_LANGS ? pack_nlangs(a->pack)
                                                   : PACK_MAX_LANGS;
    for (int i = 0; i < nl; i++) {
        const struct pack_language *pl = pack_lang(a->pack, i);
        struct ui_rect r = {c.x + (i % 2) * (cw + gap),
                            y0 + (i / 2) * (rh + gap), cw, rh};
        y = r.y + rh + gap;
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        const struct lang_sum *s = &v->langs[i];
        int broken = overlay_lang_broken(L->ov, pl->code);
        ui_rect(ui, r, t->tile, ui_px(ui, 10));
        ui_outline(ui, r, broken ? t->bad : t->outline, ui_px(ui, 10),
                   ui_px(ui, broken ? 4 : 2));
        struct ui_rect in = ui_inset(r, ui_px(ui, 8));
        char name[200], text[300], audio[300], state[300];
        lang_label(a, pl->code, name, sizeof name);
        snprintf(text, sizeof text, "%s %d%% · %s %d%% · %s %d",
                 st_tr(a, "staff.lang_text"), pct(s->text, s->items),
                 st_tr(a, "staff.lang_reviewed"),
                 pct(s->reviewed, s->items), st_tr(a, "staff.lang_fix"),
                 s->fix);
        snprintf(audio, sizeof audio, "%s %d · %s %d",
                 st_tr(a, "staff.lang_recorded"), s->recorded,
                 st_tr(a, "staff.lang_synthetic"), s->synthetic);
        /* a draft, and whether visitors are offered the language (a
         * language the site does not offer yet can be made ready) */
        int hidden = !app_language_offered(a, pl->code);
        snprintf(state, sizeof state, "%s%s%s",
                 pl->draft ? st_tr(a, "staff.draft_badge") : "",
                 pl->draft && hidden ? " · " : "",
                 hidden ? st_tr(a, "staff.lang_hidden") : "");
        int lh = ui_px(ui, 25), sh = ui_px(ui, 20);
        line(ui, (struct ui_rect){in.x, in.y, in.w, lh}, c, name,
             UI_FONT_BODY, 1, t->text);
        line(ui, (struct ui_rect){in.x, in.y + lh, in.w, sh}, c,
             broken ? st_tr(a, "staff.lang_broken") : text, UI_FONT_SMALL,
             0, broken ? t->bad : t->text_dim);
        line(ui, (struct ui_rect){in.x, in.y + lh + sh, in.w, sh}, c, audio,
             UI_FONT_SMALL, 0, t->text_dim);
        line(ui, (struct ui_rect){in.x, in.y + lh + 2 * sh, in.w, sh}, c,
             state, UI_FONT_SMALL, 0, t->text_dim);
        if (ui_area(ui, r, pl->name)) {
            snprintf(L->lang, sizeof L->lang, "%s", pl->code);
            L->feature = -1;
            L->pos = 0;
            go(a, L, ROOM_ITEMS);
        }
    }
    L->scroll_h = y - y0;
    ui_scroll_end(ui, c, L->scroll, L->scroll_h);
}

static void place_problems(struct app *a, struct app_languages *L,
                           struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int y0 = ui_scroll_begin(ui, c, &L->scroll, L->scroll_h);
    int y = y0, w = c.w - ui_px(ui, 14);
    int h = ui_text(ui, (struct ui_rect){c.x, y, w, 0},
                    st_tr(a, "staff.lang_problems_intro"), UI_FONT_BODY, 0,
                    t->text, UI_LEFT, 1);
    y += h + ui_px(ui, GAP);
    for (int i = 0; i < L->problems.n; i++) {
        char buf[600];
        kiosk_diag_format(&L->problems.items[i], buf, sizeof buf);
        h = ui_text_height(ui, buf, UI_FONT_SMALL, 0, w);
        if (y + h >= c.y && y <= c.y + c.h) {
            ui_text(ui, (struct ui_rect){c.x, y, w, h}, buf, UI_FONT_SMALL, 0,
                    L->problems.items[i].is_warning ? t->text_dim : t->bad,
                    UI_LEFT, 1);
        }
        y += h + ui_px(ui, 6);
    }
    for (int i = 0; i < L->report.n; i++) {
        const struct overlay_orphan *o = &L->report.orphans[i];
        char buf[800];
        snprintf(buf, sizeof buf, "%s · %s (%s): %s — %s", o->lang, o->item,
                 o->what, o->why, st_tr(a, "staff.lang_orphan_kept"));
        h = ui_text_height(ui, buf, UI_FONT_SMALL, 0, w);
        if (y + h >= c.y && y <= c.y + c.h) {
            ui_text(ui, (struct ui_rect){c.x, y, w, h}, buf, UI_FONT_SMALL, 0,
                    t->text, UI_LEFT, 1);
        }
        y += h + ui_px(ui, 6);
    }
    L->scroll_h = y - y0;
    ui_scroll_end(ui, c, L->scroll, L->scroll_h);
}

/* ---- one language's items ------------------------------------------------ */

static const char *feature_label(const struct app *a, const char *feat,
                                 char *buf, size_t n)
{
    if (strncmp(feat, "form:", 5) == 0 || strncmp(feat, "quiz:", 5) == 0) {
        snprintf(buf, n, "%s: %s",
                 st_tr(a, feat[0] == 'f' ? "staff.lang_form"
                                         : "staff.lang_quiz"),
                 feat + 5);
    } else {
        char key[64];
        snprintf(key, sizeof key, "staff.lang_feature_%s", feat);
        snprintf(buf, n, "%s", st_tr(a, key));
    }
    return buf;
}

/* The spreadsheet of this language to the USB stick. */
static void csv_out(struct app *a, struct app_languages *L)
{
    char dir[600], path[800];
    if (!usb_dir(a, dir, sizeof dir)) {
        return;
    }
    snprintf(path, sizeof path, "%s/" CSV_NAME, dir, L->lang);
    if (!staff_audit_first(a, "lang-csv-out", path)) {
        return;
    }
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    struct overlay_content c = content_of(a);
    enum kiosk_err e = f ? overlay_csv_export(&c, L->ov, L->lang, f)
                         : KIOSK_ENOMEM;
    if (f) {
        fclose(f);
    }
    if (e == KIOSK_OK) {
        e = overlay_write_file(path, data, len);
    }
    free(data);
    if (e) {
        say(a, "%s %s: %s",
            st_tr(a, "staff.lang_failed"), path, kiosk_strerror(e));
    } else {
        say(a, "%s %s", st_tr(a, "staff.lang_csv_written"),
            path + strlen(dir) + 1);
    }
    a->redraw = 1;
}

/* The spreadsheet back from the USB stick: all or nothing. */
static void csv_in(struct app *a, struct app_languages *L)
{
    char dir[600], path[800], name[64], date[OVERLAY_DATE_LEN + 1];
    if (!L->ov || !usb_dir(a, dir, sizeof dir)) {
        return;
    }
    snprintf(name, sizeof name, CSV_NAME, L->lang);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (access(path, R_OK) != 0) {
        say(a, "%s %s", st_tr(a, "staff.lang_no_csv"), name);
        a->redraw = 1;
        return;
    }
    if (!staff_audit_first(a, "lang-csv-in", path)) {
        return;
    }
    now_date(a, date);
    struct overlay_content c = content_of(a);
    struct overlay_import res;
    struct kiosk_diag d = {0};
    enum kiosk_err e = overlay_csv_import(&c, L->ov, L->lang, path, name,
                                          a->staff.name, date, &res, &d);
    if (e == KIOSK_OK) {
        e = overlay_save(L->ov, L->lang);
        if (e) {
            kiosk_diag_err(&d, name, 0, 0, "saving the overlay: %s",
                           kiosk_strerror(e));
        }
    }
    if (e) {
        say_diag(a, "staff.lang_csv_refused", &d);
    } else {
        say(a, "%s %d · %s %d · %s %d%s", st_tr(a, "staff.lang_changed"),
            res.changed, st_tr(a, "staff.lang_unchanged"),
            res.unchanged, st_tr(a, "staff.lang_empty"), res.empty,
            res.source_changed ? st_tr(a, "staff.lang_source_changed")
                               : "");
    }
    kiosk_diag_free(&d);
    app_view_changed(a);
}

/* Small coloured marks on a row: reviewed, needs fixing, audio. */
static void badges(struct app *a, struct ui_rect r, struct ui_rect clip,
                   const struct overlay_item_state *st)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    const char *rev = st->stale ? st_tr(a, "staff.lang_stale")
                      : st->status == OVERLAY_NEEDS_FIXING
                          ? st_tr(a, "staff.lang_fix")
                      : st->status == OVERLAY_REVIEWED || st->pack_reviewed
                          ? st_tr(a, "staff.lang_reviewed")
                          : st_tr(a, "staff.lang_not_reviewed");
    struct ui_color rc = st->stale || st->status == OVERLAY_NEEDS_FIXING
                             ? t->bad
                         : st->status == OVERLAY_REVIEWED || st->pack_reviewed
                             ? t->good
                             : t->text_dim;
    const char *au = !st->has_audio ? ""
                     : !st->audio_present
                         ? st_tr(a, "staff.lang_no_audio")
                     : st->audio == OVERLAY_SOURCE_RECORDED
                         ? st_tr(a, "staff.lang_recorded")
                     : st->audio == OVERLAY_SOURCE_SYNTHETIC
                         ? st_tr(a, "staff.lang_synthetic")
                         : st_tr(a, "staff.lang_unknown_source");
    char text[200];
    snprintf(text, sizeof text, "%s%s%s", rev, *au ? " · " : "", au);
    int w = ui_text_width(ui, text, UI_FONT_SMALL, 1);
    struct ui_rect b = {r.x + r.w - w, r.y, w, r.h};
    line(ui, b, clip, text, UI_FONT_SMALL, 1, rc);
}

static void place_items(struct app *a, struct app_languages *L,
                        struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct lang_view *v = view(a, L);
    if (!v) {
        return;
    }
    struct overlay_content cont = content_of(a);
    /* the filters and the spreadsheet */
    struct ui_rect bar = ui_cut_top(&c, ui_px(ui, BTN_H));
    ui_cut_top(&c, ui_px(ui, 8));
    char feat[128];
    const char *flabel = L->feature < 0 || L->feature >= v->nfeatures
                             ? st_tr(a, "staff.lang_all")
                             : feature_label(a, v->features[L->feature],
                                             feat, sizeof feat);
    struct ui_rect cells[4];
    for (int i = 0; i < 4; i++) {
        cells[i] = ui_grid_cell(bar, 4, 4, ui_px(ui, GAP), i);
    }
    if (ui_button(ui, cells[0], flabel, UI_STYLE_NORMAL)) {
        /* all, then each feature in turn */
        L->feature = L->feature + 1 >= v->nfeatures ? -1 : L->feature + 1;
        L->scroll = 0;
        L->pos = 0;
        app_view_changed(a);
    }
    if (ui_button(ui, cells[1], st_tr(a, "staff.lang_needs_work"),
                  L->needs_work ? UI_STYLE_ACCENT : UI_STYLE_NORMAL)) {
        L->needs_work = !L->needs_work;
        L->scroll = 0;
        L->pos = 0;
        app_view_changed(a);
    }
    if (ui_button(ui, cells[2], st_tr(a, "staff.lang_csv_out"),
                  UI_STYLE_NORMAL)) {
        csv_out(a, L);
    }
    if (ui_button(ui, cells[3], st_tr(a, "staff.lang_csv_in"),
                  UI_STYLE_NORMAL)) {
        csv_in(a, L);
    }
    char sum[600];
    sum_line(a, &v->sum, sum, sizeof sum);
    int sh = ui_text(ui, c, sum, UI_FONT_SMALL, 1, t->text, UI_LEFT, 1);
    ui_cut_top(&c, sh + ui_px(ui, 6));
    if (overlay_lang_broken(L->ov, L->lang)) {
        chrome_notice(a, &c, st_tr(a, "staff.lang_broken"));
    }
    if (v->n == 0) {
        ui_text(ui, c, st_tr(a, "staff.lang_nothing"), UI_FONT_BODY, 0,
                t->text, UI_LEFT, 1);
        return;
    }
    int y0 = ui_scroll_begin(ui, c, &L->scroll, L->scroll_h);
    int y = y0, rh = ui_px(ui, ROW_H), gap = ui_px(ui, GAP);
    int lh = ui_px(ui, 26);
    for (int i = 0; i < v->n; i++) {
        struct ui_rect r = {c.x, y, c.w - ui_px(ui, 14), rh};
        y += rh + gap;
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        const struct lang_row *row = &v->rows[i];
        char key[OVERLAY_MAX_ITEM];
        overlay_item_key(&cont, row->ref, key, sizeof key);
        ui_rect(ui, r, t->tile, ui_px(ui, 10));
        ui_outline(ui, r, t->outline, ui_px(ui, 10), ui_px(ui, 2));
        struct ui_rect in = ui_inset(r, ui_px(ui, 8));
        const char *src = overlay_item_text(&cont, row->ref, 0, "vi");
        if (!src) {
            src = overlay_item_text(&cont, row->ref, 0, "en");
        }
        const char *tr = overlay_item_text(&cont, row->ref, 0, L->lang);
        struct ui_rect k = {in.x, in.y, in.w, lh - ui_px(ui, 4)};
        line(ui, k, c, key, UI_FONT_SMALL, 0, t->text_dim);
        badges(a, k, c, &row->st);
        line(ui, (struct ui_rect){in.x, in.y + lh, in.w, lh}, c,
             src ? src : "", UI_FONT_BODY, 0, t->text_dim);
        line(ui, (struct ui_rect){in.x, in.y + 2 * lh, in.w, lh}, c,
             tr ? tr : st_tr(a, "staff.lang_missing"), UI_FONT_BODY, 1,
             tr ? t->text : t->bad);
        if (ui_area(ui, r, key)) {
            L->pos = i;
            L->cur = row->ref;
            go(a, L, ROOM_ITEM);
        }
    }
    L->scroll_h = y - y0;
    ui_scroll_end(ui, c, L->scroll, L->scroll_h);
}

/* ---- one item ------------------------------------------------------------ */

static void mark(struct app *a, struct app_languages *L,
                 const struct lang_row *row, enum overlay_status status)
{
    struct overlay_content c = content_of(a);
    char key[OVERLAY_MAX_ITEM], detail[OVERLAY_MAX_ITEM + 40];
    char hash[OVERLAY_HASH_LEN + 1], date[OVERLAY_DATE_LEN + 1];
    overlay_item_key(&c, row->ref, key, sizeof key);
    snprintf(detail, sizeof detail, "%s %s", L->lang, key);
    if (!L->ov || overlay_lang_broken(L->ov, L->lang)) {
        staff_say(a, "staff.lang_broken");
        return;
    }
    if (!staff_audit_first(a, status == OVERLAY_REVIEWED
                                  ? "lang-reviewed"
                                  : "lang-needs-fixing",
                           detail)) {
        return;
    }
    overlay_item_hash(&c, row->ref, L->lang, hash);
    now_date(a, date);
    enum kiosk_err e = overlay_set_review(L->ov, L->lang, key, status,
                                          a->staff.name, date, hash);
    if (e == KIOSK_OK) {
        e = overlay_save(L->ov, L->lang);
    }
    if (e) {
        say(a, "%s %s",
            st_tr(a, "staff.lang_failed"), kiosk_strerror(e));
    } else {
        staff_say(a, status == OVERLAY_REVIEWED ? "staff.lang_marked_ok"
                                                : "staff.lang_marked_fix");
    }
    app_view_changed(a);
}

/* mkdir -p of the folder holding `path`. */
static void make_parent(const char *path)
{
    char dir[4400];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            (void)mkdir(dir, 0755); /* exists already, or fails below */
            *p = '/';
        }
    }
}

static void record(struct app *a, struct app_languages *L)
{
    char path[4400], why[200];
    drop_take(L);
    if (!L->ov || overlay_lang_broken(L->ov, L->lang) ||
        !take_path(L, path, sizeof path)) {
        staff_say(a, "staff.lang_broken");
        return;
    }
    make_parent(path); /* audio/<lang>/ may not exist yet */
    if (a->audio) {
        audio_stop(a->audio);
    }
    L->rec = audio_capture_start(path, why, sizeof why);
    L->rec_state = AUDIO_CAPTURE_RECORDING;
    if (!L->rec) {
        say(a, "%s (%s)", st_tr(a, "staff.lang_no_mic"), why);
    } else {
        a->staff.msg[0] = '\0';
    }
    a->redraw = 1;
}

static void stop(struct app *a, struct app_languages *L)
{
    double secs = 0;
    enum kiosk_err e = audio_capture_stop(L->rec, &secs);
    L->rec = NULL;
    if (e == KIOSK_ENOENT) {
        staff_say(a, "staff.lang_silent");
    } else if (e) {
        say(a, "%s %s",
            st_tr(a, "staff.lang_failed"), kiosk_strerror(e));
    } else {
        L->take = 1;
        L->take_secs = secs;
        a->staff.msg[0] = '\0';
    }
    a->redraw = 1;
}

/* A clip file name for the item: its key made safe, and the time. */
static void clip_name(const struct app *a, const char *key, char *buf,
                      size_t n, int attempt)
{
    char safe[120];
    size_t k = 0;
    for (const char *p = key; *p && k + 1 < sizeof safe; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
                 ch == '.';
        safe[k++] = ok ? ch : '-';
    }
    safe[k] = '\0';
    char stamp[32];
    date_format(app_wall(a), a->site.utc_offset, DATE_STAMP, stamp,
                sizeof stamp);
    if (attempt) {
        snprintf(buf, n, "%s-%s-%d.ogg", safe[0] == '.' ? "x" : safe, stamp,
                 attempt + 1);
    } else {
        snprintf(buf, n, "%s-%s.ogg", safe[0] == '.' ? "x" : safe, stamp);
    }
}

static void keep(struct app *a, struct app_languages *L,
                 const struct lang_row *row)
{
    struct overlay_content c = content_of(a);
    char key[OVERLAY_MAX_ITEM], detail[OVERLAY_MAX_ITEM + 64];
    char take[4400], name[256], path[4400], date[OVERLAY_DATE_LEN + 1];
    overlay_item_key(&c, row->ref, key, sizeof key);
    snprintf(detail, sizeof detail, "%s %s %.1f s", L->lang, key,
             L->take_secs);
    if (!take_path(L, take, sizeof take) ||
        !staff_audit_first(a, "lang-recorded", detail)) {
        return;
    }
    int attempt = 0;
    do {
        clip_name(a, key, name, sizeof name, attempt++);
        overlay_clip_path(L->ov, L->lang, name, path, sizeof path);
    } while (access(path, F_OK) == 0 && attempt < 100);
    now_date(a, date);
    enum kiosk_err e = rename(take, path) == 0 ? KIOSK_OK : KIOSK_EIO;
    if (e == KIOSK_OK) {
        L->take = 0;
        e = overlay_set_clip(L->ov, L->lang, key, name, L->take_secs,
                             a->staff.name, date);
    }
    if (e == KIOSK_OK) {
        e = overlay_save(L->ov, L->lang);
    }
    if (e == KIOSK_OK) {
        /* visitors hear it from their next screen on */
        e = overlay_item_set_audio(&c, row->ref, L->lang, path);
    }
    if (e) {
        say(a, "%s %s",
            st_tr(a, "staff.lang_failed"), kiosk_strerror(e));
    } else {
        staff_say(a, "staff.lang_clip_kept");
    }
    app_view_changed(a);
}

/* Status lines of an item: its review and its narration. */
static void status_lines(const struct app *a, const struct app_languages *L,
                         const char *key, const struct overlay_item_state *st,
                         char *buf, size_t n)
{
    const struct overlay_review *rv =
        overlay_review_get(L->ov, L->lang, key);
    const struct overlay_clip *cl = overlay_clip_get(L->ov, L->lang, key);
    char rev[300], au[300];
    if (st->stale) {
        snprintf(rev, sizeof rev, "%s (%s, %s)",
                 st_tr(a, "staff.lang_stale_long"), rv ? rv->by : "",
                 rv ? rv->date : "");
    } else if (rv) {
        snprintf(rev, sizeof rev, "%s: %s, %s",
                 st_tr(a, rv->status == OVERLAY_REVIEWED
                              ? "staff.lang_reviewed"
                              : "staff.lang_fix"),
                 rv->by, rv->date);
    } else {
        snprintf(rev, sizeof rev, "%s",
                 st_tr(a, st->pack_reviewed ? "staff.lang_pack_reviewed"
                                            : "staff.lang_not_reviewed"));
    }
    if (!st->has_audio) {
        au[0] = '\0';
    } else if (cl && st->audio == OVERLAY_SOURCE_RECORDED) {
        snprintf(au, sizeof au, "%s: %s, %s, %.1f s",
                 st_tr(a, "staff.lang_recorded"), cl->by, cl->date,
                 cl->seconds);
    } else {
        snprintf(au, sizeof au, "%s",
                 st_tr(a, !st->audio_present ? "staff.lang_no_audio"
                          : st->audio == OVERLAY_SOURCE_SYNTHETIC
                              ? "staff.lang_synthetic_long"
                          : st->audio == OVERLAY_SOURCE_RECORDED
                              ? "staff.lang_recorded"
                              : "staff.lang_unknown_source"));
    }
    snprintf(buf, n, "%s%s%s", rev, au[0] ? " · " : "", au);
}

/* Under a translation with words likely left in Vietnamese (a tone, or
 * copied from the source; vtext_vietnamese_words): which, for the speaker
 * to check.
 * Returns the y below it. */
static int viet_hint(struct app *a, const struct app_languages *L,
                     const char *s, const char *vi, struct ui_rect c, int y,
                     int draw)
{
    struct ui *ui = &a->ui;
    char words[128], line[400];
    if (!s || strcmp(L->lang, "vi") == 0 ||
        !vtext_vietnamese_words(s, strcmp(L->lang, "en") ? vi : NULL, words,
                                sizeof words)) {
        return y;
    }
    const char *tmpl = st_tr(a, "staff.lang_viet_words");
    const char *at = strstr(tmpl, "{words}");
    if (at) {
        snprintf(line, sizeof line, "%.*s%s%s", (int)(at - tmpl), tmpl, words,
                 at + 7);
    } else {
        snprintf(line, sizeof line, "%s %s", tmpl, words);
    }
    int h = ui_text_height(ui, line, UI_FONT_SMALL, 1, c.w);
    if (draw && y + h >= c.y && y <= c.y + c.h) {
        ui_text(ui, (struct ui_rect){c.x, y, c.w, h}, line, UI_FONT_SMALL, 1,
                ui->theme.bad, UI_LEFT, 1);
    }
    return y + h + ui_px(ui, 6);
}

/* The texts of every field: source languages, then the translation. */
static int item_texts(struct app *a, const struct app_languages *L,
                      const struct lang_row *row, struct ui_rect c, int y,
                      int draw)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct overlay_content cont = content_of(a);
    int w = c.w - ui_px(ui, 14), lw = ui_px(ui, 56);
    const char *langs[3] = {"vi", "en", L->lang};
    int nl = strcmp(L->lang, "vi") == 0 || strcmp(L->lang, "en") == 0 ? 2
                                                                      : 3;
    for (int k = 0; k < overlay_item_nfields(&cont, row->ref); k++) {
        const char *vi = overlay_item_text(&cont, row->ref, k, "vi");
        const char *en = overlay_item_text(&cont, row->ref, k, "en");
        if (!vi && !en) {
            continue;
        }
        const char *field = overlay_item_field(&cont, row->ref, k);
        int fh = ui_text_height(ui, field, UI_FONT_SMALL, 1, w);
        if (draw) {
            ui_text(ui, (struct ui_rect){c.x, y, w, fh}, field,
                    UI_FONT_SMALL, 1, t->accent, UI_LEFT, 1);
        }
        y += fh + ui_px(ui, 4);
        for (int l = 0; l < nl; l++) {
            const char *s = overlay_item_text(&cont, row->ref, k, langs[l]);
            int mine = l == 2 || (nl == 2 && strcmp(langs[l], L->lang) == 0);
            const char *show = s ? s : st_tr(a, "staff.lang_missing");
            int h = ui_text_height(ui, show, UI_FONT_BODY, mine, w - lw);
            if (draw && y + h >= c.y && y <= c.y + c.h) {
                ui_text(ui, (struct ui_rect){c.x, y, lw, h}, langs[l],
                        UI_FONT_SMALL, 1, t->text_dim, UI_LEFT, 0);
                ui_text(ui, (struct ui_rect){c.x + lw, y, w - lw, h}, show,
                        UI_FONT_BODY, mine, s ? (mine ? t->text : t->text_dim)
                                              : t->bad,
                        UI_LEFT, 1);
            }
            y += h + ui_px(ui, 6);
        }
        y = viet_hint(a, L, overlay_item_text(&cont, row->ref, k, L->lang),
                      vi, (struct ui_rect){c.x + lw, c.y, w - lw, c.h}, y,
                      draw);
        y += ui_px(ui, 8);
    }
    return y;
}

/* Recording: Stop, the time and a level meter (the samples are moved by
 * app_languages_tick, not here). */
static void place_recording(struct app *a, struct app_languages *L,
                            struct ui_rect bar)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect b = ui_cut_left(&bar, bar.w / 3);
    ui_cut_left(&bar, ui_px(ui, GAP));
    char rec_line[128];
    snprintf(rec_line, sizeof rec_line, "%s %.1f s",
             st_tr(a, L->rec_state == AUDIO_CAPTURE_FULL
                          ? "staff.lang_full"
                          : "staff.lang_recording"),
             audio_capture_heard(L->rec));
    int th = ui_text_height(ui, rec_line, UI_FONT_BUTTON, 1, 0);
    ui_text(ui, (struct ui_rect){bar.x, bar.y, bar.w, th}, rec_line,
            UI_FONT_BUTTON, 1, t->bad, UI_LEFT, 0);
    struct ui_rect meter = {bar.x, bar.y + th + ui_px(ui, 6), bar.w,
                            ui_px(ui, 12)};
    ui_rect(ui, meter, t->button, ui_px(ui, 6));
    meter.w = (int)((float)meter.w * audio_capture_level(L->rec));
    ui_rect(ui, meter, t->good, ui_px(ui, 6));
    if (ui_button(ui, b, st_tr(a, "staff.lang_stop"), UI_STYLE_DANGER)) {
        stop(a, L);
    }
}

/* A take: hear it, keep it, or do it again; its length above the bar. */
static void place_take(struct app *a, struct app_languages *L,
                       const struct lang_row *row, struct ui_rect bar,
                       struct ui_rect *c)
{
    struct ui *ui = &a->ui;
    char tp[4400];
    const char *labels[4] = {"staff.lang_play_take", "staff.lang_keep",
                             "staff.lang_redo", "staff.lang_discard"};
    for (int i = 0; i < 4; i++) {
        struct ui_rect cell = ui_grid_cell(bar, 4, 4, ui_px(ui, GAP), i);
        if (!ui_button(ui, cell, st_tr(a, labels[i]),
                       i == 1   ? UI_STYLE_ACCENT
                       : i == 3 ? UI_STYLE_DANGER
                                : UI_STYLE_NORMAL)) {
            continue;
        }
        if (i == 0 && a->audio && take_path(L, tp, sizeof tp)) {
            audio_play(a->audio, tp);
        } else if (i == 1) {
            if (a->audio) {
                audio_stop(a->audio);
            }
            keep(a, L, row);
        } else if (i == 2) {
            record(a, L);
        } else if (i == 3) {
            drop_take(L);
        }
    }
    char take_line[128];
    snprintf(take_line, sizeof take_line, "%s %.1f s",
             st_tr(a, "staff.lang_take"), L->take_secs);
    int th = ui_text(ui, *c, take_line, UI_FONT_BUTTON, 1, ui->theme.accent,
                     UI_LEFT, 1);
    ui_cut_top(c, th + ui_px(ui, 6));
}

/* ‹ › reviewed, needs fixing, record, play. */
static void place_item_actions(struct app *a, struct app_languages *L,
                               struct lang_view *v,
                               const struct lang_row *row, const char *clip,
                               struct ui_rect bar)
{
    struct ui *ui = &a->ui;
    int can = L->ov && !overlay_lang_broken(L->ov, L->lang);
    struct ui_rect prev = ui_cut_left(&bar, ui_px(ui, 64));
    ui_cut_left(&bar, ui_px(ui, GAP));
    struct ui_rect next = ui_cut_left(&bar, ui_px(ui, 64));
    ui_cut_left(&bar, ui_px(ui, GAP));
    if (ui_button(ui, prev, "‹", UI_STYLE_NORMAL) && L->pos > 0) {
        L->cur = v->rows[--L->pos].ref;
        L->scroll = 0;
        app_view_changed(a);
    }
    if (ui_button(ui, next, "›", UI_STYLE_NORMAL) && L->pos + 1 < v->n) {
        L->cur = v->rows[++L->pos].ref;
        L->scroll = 0;
        app_view_changed(a);
    }
    const char *labels[4] = {"staff.lang_mark_ok", "staff.lang_mark_fix",
                             "staff.lang_record", "staff.lang_play"};
    int show[4] = {can, can, can && row->st.has_audio, clip != NULL};
    for (int i = 0; i < 4; i++) {
        struct ui_rect cell = ui_grid_cell(bar, 4, 4, ui_px(ui, GAP), i);
        if (!show[i] || !ui_button(ui, cell, st_tr(a, labels[i]),
                                   i == 0   ? UI_STYLE_ACCENT
                                   : i == 1 ? UI_STYLE_DANGER
                                            : UI_STYLE_NORMAL)) {
            continue;
        }
        if (i == 0) {
            mark(a, L, row, OVERLAY_REVIEWED);
        } else if (i == 1) {
            mark(a, L, row, OVERLAY_NEEDS_FIXING);
        } else if (i == 2) {
            record(a, L);
        } else if (a->audio) {
            audio_play(a->audio, clip);
        }
    }
}

static void place_item(struct app *a, struct app_languages *L,
                       struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct lang_view *v = view(a, L);
    if (!v || v->n == 0) {
        L->place = ROOM_ITEMS;
        return;
    }
    const struct lang_row *row = &v->rows[L->pos];
    struct overlay_content cont = content_of(a);
    char key[OVERLAY_MAX_ITEM], head[OVERLAY_MAX_ITEM + 40], status[700];
    overlay_item_key(&cont, row->ref, key, sizeof key);
    snprintf(head, sizeof head, "%s   %d/%d", key, L->pos + 1, v->n);
    int hh = ui_text(ui, c, head, UI_FONT_SMALL, 1, t->text_dim, UI_LEFT, 1);
    ui_cut_top(&c, hh + ui_px(ui, 4));
    status_lines(a, L, key, &row->st, status, sizeof status);
    int sh = ui_text(ui, c, status, UI_FONT_SMALL, 1,
                     row->st.stale || row->st.status == OVERLAY_NEEDS_FIXING
                         ? t->bad
                         : t->text,
                     UI_LEFT, 1);
    ui_cut_top(&c, sh + ui_px(ui, 6));
    struct ui_rect bar = ui_cut_bottom(&c, ui_px(ui, BTN_H));
    ui_cut_bottom(&c, ui_px(ui, 8));
    char audio_buf[4400];
    const char *clip = overlay_item_audio(&cont, row->ref, L->lang, audio_buf,
                                          sizeof audio_buf);
    if (L->rec) {
        place_recording(a, L, bar);
    } else if (L->take) {
        place_take(a, L, row, bar, &c);
    } else {
        place_item_actions(a, L, v, row, clip, bar);
    }
    /* the texts, scrolled */
    int y0 = ui_scroll_begin(ui, c, &L->scroll, L->scroll_h);
    int y = item_texts(a, L, row, c, y0, 1);
    L->scroll_h = y - y0;
    ui_scroll_end(ui, c, L->scroll, L->scroll_h);
}

void screen_staff_languages(struct app *a)
{
    struct app_languages *L = room(a);
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.languages"));
    if (!L || !a->pack) {
        return;
    }
    if (L->place != ROOM_LANGS && L->place != ROOM_PROBLEMS &&
        pack_lang_index(a->pack, L->lang) < 0) {
        L->place = ROOM_LANGS; /* a new pack without that language */
    }
    switch (L->place) {
    case ROOM_LANGS:
        place_langs(a, L, c);
        break;
    case ROOM_ITEMS:
        place_items(a, L, c);
        break;
    case ROOM_ITEM:
        place_item(a, L, c);
        break;
    case ROOM_PROBLEMS:
        place_problems(a, L, c);
        break;
    }
}

/* ---- command line ------------------------------------------------------ */

int app_languages_import_cli(const char *data_dir, const char *src,
                             FILE *out, FILE *err)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/overlay", data_dir);
    struct overlay *ov = NULL;
    struct kiosk_diag d = {0};
    enum kiosk_err e = overlay_load(dir, &ov, &d);
    if (e == KIOSK_ENOMEM) {
        fprintf(err, "kiosk: out of memory\n");
        return 1;
    }
    kiosk_diag_print(&d, err); /* this kiosk's own problems, if any */
    kiosk_diag_free(&d);
    struct overlay_merge m;
    e = overlay_share_import(ov, src, &m, &d);
    kiosk_diag_print(&d, err);
    kiosk_diag_free(&d);
    if (e) {
        fprintf(err, "kiosk: the overlay in %s was not taken in (%s); "
                     "nothing changed\n",
                src, kiosk_strerror(e));
        overlay_free(ov);
        return 1;
    }
    fprintf(out, "%s -> %s: %d languages, %d added, %d replaced, %d kept "
                 "(ours as new or newer), %d clips copied\n",
            src, dir, m.langs, m.added, m.replaced, m.kept, m.clips);
    overlay_free(ov);
    return 0;
}

int app_languages_check(const char *pack_dir, const char *data_dir,
                        FILE *out)
{
    struct kiosk_diag d = {0};
    struct pack *p = NULL;
    int errors = 0;
    if (pack_load(pack_dir, &p, &d) != KIOSK_OK) {
        kiosk_diag_free(&d);
        return 0; /* pack_check has said why */
    }
    kiosk_diag_free(&d);
    /* the forms and quizzes, loaded as the app loads them */
    static struct app a; /* large: not on the stack */
    memset(&a, 0, sizeof a);
    a.pack = p;
    app_load_forms(&a, pack_dir);
    app_load_quizzes(&a, pack_dir);
    struct overlay_sources *src = NULL;
    struct overlay *ov = NULL;
    struct overlay_report rep = {0};
    if (overlay_sources_load(pack_dir, &src, &d) != KIOSK_OK) {
        errors += d.errors;
    }
    fputc('\n', out);
    if (data_dir) {
        char dir[1100];
        snprintf(dir, sizeof dir, "%s/overlay", data_dir);
        struct kiosk_diag od = {0};
        if (overlay_load(dir, &ov, &od) != KIOSK_ENOMEM && ov) {
            struct overlay_content c = content_of(&a);
            if (overlay_apply(ov, &c, &rep) != KIOSK_OK) {
                kiosk_diag_err(&od, "overlay", 0, 0, "out of memory");
            }
        }
        fprintf(out, "overlay: %s\n", dir);
        kiosk_diag_print(&od, out);
        print_orphans(&rep, out);
        kiosk_diag_free(&od);
    } else {
        fprintf(out, "overlay: none (--data-dir DIR adds the overlay of "
                     "DIR/overlay)\n");
    }
    kiosk_diag_print(&d, out);
    kiosk_diag_free(&d);
    struct overlay_content c = content_of(&a);
    overlay_readiness_print(&c, ov, src, out);
    overlay_report_free(&rep);
    overlay_free(ov);
    overlay_sources_free(src);
    for (int i = 0; i < a.nforms; i++) {
        survey_form_free(a.forms[i]);
    }
    for (int i = 0; i < a.quiz.nquiz; i++) {
        quiz_free(a.quiz.quizzes[i]);
    }
    pack_free(p);
    return errors;
}
