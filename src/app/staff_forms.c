/* Staff mode, Questionnaires: XLSForm workbooks (.xlsx) staff bring on a
 * USB stick become questionnaires visitors can take.
 *
 * Four places: the imported questionnaires (title, id, version, when and
 * by whom, each with Remove); the stick's .xlsx files; one file checked
 * (ready: its title and number of questions, with Import; or every problem
 * by sheet:row:column, scrolled); and "remove this one?". The logic, with
 * no SDL, is survey/import.h: a file is checked exactly as the kiosk loads
 * forms, and installed into <data-dir>/overlay/forms/ only when it loads.
 * The view model (staff_view) is read when a place is entered or after an
 * action, never on a frame that only redraws; imports and removals are in
 * the audit log, written first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/staff_forms.h"
#include "app/staff_int.h"
#include "app/staff_languages.h"
#include "content/overlay.h"
#include "staff/staff.h"
#include "survey/import.h"
#include "survey/survey.h"

#define GAP 12       /* between touch targets */
#define BTN_H 56     /* touch targets: >= 48 px at 800x480 */
#define ROW_H 88     /* an imported questionnaire's card */
#define MAX_ERRS 64  /* problems shown of one file (and "+ N more") */

enum forms_place { FORMS_LIST, FORMS_USB, FORMS_CHECK, FORMS_REMOVE };

/* What the room read: rebuilt on entry and after every action. */
struct forms_view {
    int n;                                          /* imported */
    struct survey_import_info forms[SURVEY_IMPORT_MAX_FORMS];
    int usb_ok;                                     /* a stick was found */
    char usb[600];
    int nfiles;                                     /* its workbooks */
    char files[SURVEY_IMPORT_MAX_FILES][SURVEY_IMPORT_NAME];
    enum kiosk_err check;                           /* the file checked */
    struct survey_import_info info;
    int nerrs, more;
    char errs[MAX_ERRS][420];
};

/* Where a USB stick (or --export-dir) is. */
static int usb_dir(struct app *a, char *dir, size_t n)
{
    if (a->export_dir[0]) {
        snprintf(dir, n, "%s", a->export_dir);
        return 1;
    }
    return staff_find_media(NULL, "/media/", dir, n) == KIOSK_OK;
}

/* The pack's form ids (the first forms of a->forms, up to the first one
 * imported): an import never replaces one. */
static int builtin_ids(const struct app *a, const char **ids)
{
    char dir[600];
    struct survey_import_info *got =
        calloc(SURVEY_IMPORT_MAX_FORMS, sizeof *got);
    int ni = got && app_imported_forms_dir(a, dir, sizeof dir)
                 ? survey_import_installed(dir, got, SURVEY_IMPORT_MAX_FORMS)
                 : 0;
    int n = 0;
    for (int i = 0; i < a->nforms; i++) {
        const char *id = survey_form_id(a->forms[i]);
        int imported = 0;
        for (int k = 0; k < ni; k++) {
            imported |= strcmp(got[k].id, id) == 0;
        }
        if (!imported) {
            ids[n++] = id;
        }
    }
    free(got);
    return n;
}

static void load_check(struct app *a, struct forms_view *v)
{
    char dir[600], path[1200], images[1100];
    const char *ids[APP_MAX_FORMS];
    struct kiosk_diag d = {0};
    snprintf(path, sizeof path, "%s/%s", v->usb, a->staff.forms_file);
    snprintf(images, sizeof images, "%s/images", pack_dir(a->pack));
    if (!app_imported_forms_dir(a, dir, sizeof dir)) {
        v->check = KIOSK_EIO;
        return;
    }
    v->check = survey_import_check(path, dir, images, ids,
                                   builtin_ids(a, ids), &v->info, &d);
    for (int i = 0; i < d.n; i++) {
        if (d.items[i].is_warning && v->check == KIOSK_OK) {
            continue; /* a form that loads: its warnings are not news */
        }
        if (v->nerrs == MAX_ERRS) {
            v->more++;
            continue;
        }
        kiosk_diag_format(&d.items[i], v->errs[v->nerrs++],
                          sizeof v->errs[0]);
    }
    v->more += d.dropped;
    kiosk_diag_free(&d);
}

static struct forms_view *view(struct app *a)
{
    int load = 0;
    struct forms_view *v = staff_view(a, sizeof *v, &load);
    if (!v || !load) {
        return v;
    }
    char dir[600];
    if (app_imported_forms_dir(a, dir, sizeof dir)) {
        v->n = survey_import_installed(dir, v->forms,
                                       SURVEY_IMPORT_MAX_FORMS);
    }
    int place = a->staff.forms_place;
    if (place == FORMS_USB || place == FORMS_CHECK) {
        v->usb_ok = usb_dir(a, v->usb, sizeof v->usb);
        v->nfiles = v->usb_ok ? survey_import_list(v->usb, v->files,
                                                   SURVEY_IMPORT_MAX_FILES)
                              : 0;
        if (v->nfiles < 0) {
            v->usb_ok = 0;
            v->nfiles = 0;
        }
    }
    if (place == FORMS_CHECK && v->usb_ok) {
        load_check(a, v);
    }
    return v;
}

/* Moves the room to `place`, at its top, with no message left over. */
static void go(struct app *a, int place)
{
    a->staff.forms_place = place;
    a->staff.scroll = 0;
    a->staff.msg[0] = '\0';
    app_view_changed(a);
}

int app_forms_back(struct app *a)
{
    switch (a->staff.forms_place) {
    case FORMS_LIST:
        return 0;
    case FORMS_CHECK:
        go(a, FORMS_USB);
        return 1;
    default:
        go(a, FORMS_LIST);
        return 1;
    }
}

/* The forms again, as at start: the pack's, then the imported ones, with
 * the translations staff made put over them. */
static void reload_forms(struct app *a)
{
    if (a->visit.active) {
        app_end_visit(a, "left"); /* never: staff mode ended it */
    }
    app_load_forms(a, pack_dir(a->pack));
    app_languages_apply(a);
}

/* "Imported: <title>" for staff in the notice band (a long title may be
 * cut there; nothing is lost but the display). */
static void say(struct app *a, const char *key, const char *what)
{
    size_t n = sizeof a->staff.msg;
    const char *k = st_tr(a, key);
    size_t kl = strlen(k) < n - 2 ? strlen(k) : n - 2;
    memcpy(a->staff.msg, k, kl);
    a->staff.msg[kl] = ' ';
    size_t wl = strlen(what) < n - kl - 2 ? strlen(what) : n - kl - 2;
    while (wl > 0 && ((unsigned char)what[wl] & 0xC0) == 0x80 &&
           wl < strlen(what)) {
        wl--; /* never half a UTF-8 sequence */
    }
    memcpy(a->staff.msg + kl + 1, what, wl);
    a->staff.msg[kl + 1 + wl] = '\0';
    a->redraw = 1;
}

static void do_import(struct app *a, struct forms_view *v)
{
    char dir[600], path[1200], images[1100], detail[400];
    char date[OVERLAY_DATE_LEN + 1];
    const char *ids[APP_MAX_FORMS];
    snprintf(detail, sizeof detail, "%s %s (%s)", v->info.id,
             v->info.version, a->staff.forms_file);
    if (!app_imported_forms_dir(a, dir, sizeof dir) ||
        !staff_audit_first(a, "form-import", detail)) {
        return;
    }
    snprintf(path, sizeof path, "%s/%s", v->usb, a->staff.forms_file);
    snprintf(images, sizeof images, "%s/images", pack_dir(a->pack));
    overlay_date(app_wall(a), a->site.utc_offset, date);
    struct kiosk_diag d = {0};
    struct survey_import_info info;
    enum kiosk_err e = survey_import_install(path, dir, images, ids,
                                             builtin_ids(a, ids),
                                             a->staff.name, date, &info, &d);
    kiosk_diag_free(&d);
    if (e) {
        go(a, FORMS_CHECK); /* the file changed since: check it again */
        say(a, "staff.forms_failed", kiosk_strerror(e));
        return;
    }
    reload_forms(a);
    go(a, FORMS_LIST);
    say(a, "staff.forms_imported", info.title);
}

static void do_remove(struct app *a, const struct survey_import_info *f)
{
    char dir[600], title[256];
    snprintf(title, sizeof title, "%s", f->title[0] ? f->title : f->id);
    if (!app_imported_forms_dir(a, dir, sizeof dir) ||
        !staff_audit_first(a, "form-remove", f->id)) {
        return;
    }
    enum kiosk_err e = survey_import_remove(dir, f->id);
    reload_forms(a);
    go(a, FORMS_LIST);
    if (e) {
        say(a, "staff.forms_failed", kiosk_strerror(e));
    } else {
        say(a, "staff.forms_removed", title);
    }
}

/* ---- drawing ------------------------------------------------------------- */

/* "sleep_week · version 2026120301 · 2035-11-27 09:00 · LAN". */
static void form_line(const struct app *a, const struct survey_import_info *f,
                      char *buf, size_t n)
{
    snprintf(buf, n, "%s · %s %s · %s %s · %s", f->id,
             st_tr(a, "staff.forms_version"),
             f->version[0] ? f->version : "-", f->date, f->by, f->file);
}

static void place_list(struct app *a, struct forms_view *v, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect bar = ui_cut_bottom(&c, ui_px(ui, BTN_H));
    ui_cut_bottom(&c, ui_px(ui, GAP));
    struct ui_rect imp = ui_cut_left(&bar, ui_px(ui, 300));
    if (ui_button(ui, imp, st_tr(a, "staff.forms_import"),
                  UI_STYLE_ACCENT)) {
        go(a, FORMS_USB);
    }
    if (v->n == 0) {
        ui_text(ui, c, st_tr(a, "staff.forms_none"), UI_FONT_BODY, 0,
                t->text, UI_LEFT, 1);
        return;
    }
    int rh = ui_px(ui, ROW_H), gap = ui_px(ui, GAP);
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int w = c.w - ui_px(ui, 14);
    for (int i = 0; i < v->n; i++) {
        const struct survey_import_info *f = &v->forms[i];
        struct ui_rect r = {c.x, y0 + i * (rh + gap), w, rh};
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        ui_rect(ui, r, t->tile, ui_px(ui, 10));
        ui_outline(ui, r, t->outline, ui_px(ui, 10), ui_px(ui, 2));
        struct ui_rect in = ui_inset(r, ui_px(ui, 10));
        struct ui_rect rm = ui_cut_right(&in, ui_px(ui, 150));
        rm.y += (rm.h - ui_px(ui, BTN_H)) / 2;
        rm.h = ui_px(ui, BTN_H);
        ui_cut_right(&in, ui_px(ui, GAP));
        char line[700];
        form_line(a, f, line, sizeof line);
        struct ui_rect top = ui_cut_top(&in, in.h / 2);
        ui_text_fit(ui, top, f->questions < 0 ? f->id : f->title,
                    UI_FONT_BODY, 1, t->text, UI_LEFT, UI_FIT_MIDDLE);
        ui_text_fit(ui, in, f->questions < 0
                                ? st_tr(a, "staff.forms_broken") : line,
                    UI_FONT_SMALL, 0, f->questions < 0 ? t->bad : t->text_dim,
                    UI_LEFT, UI_FIT_MIDDLE);
        if (ui_button(ui, rm, st_tr(a, "staff.forms_remove"),
                      UI_STYLE_DANGER)) {
            snprintf(a->staff.forms_file, sizeof a->staff.forms_file, "%s",
                     f->id);
            go(a, FORMS_REMOVE);
        }
    }
    a->staff.scroll_h = v->n * (rh + gap);
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

static void place_usb(struct app *a, struct forms_view *v, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    char head[800];
    if (!v->usb_ok) {
        ui_text(ui, c, st_tr(a, "staff.no_usb"), UI_FONT_BODY, 0, t->text,
                UI_LEFT, 1);
        return;
    }
    const char *stick = strrchr(v->usb, '/'); /* the stick's label */
    snprintf(head, sizeof head, "%s %s",
             st_tr(a, v->nfiles ? "staff.forms_pick" : "staff.forms_no_files"),
             stick && stick[1] ? stick + 1 : v->usb);
    struct ui_rect h = ui_cut_top(&c, ui_px(ui, 30));
    ui_cut_top(&c, ui_px(ui, GAP));
    ui_text_fit(ui, h, head, UI_FONT_BODY, 0, t->text, UI_LEFT,
                UI_FIT_MIDDLE);
    int bh = ui_px(ui, BTN_H), gap = ui_px(ui, GAP);
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    int w = c.w - ui_px(ui, 14);
    for (int i = 0; i < v->nfiles; i++) {
        struct ui_rect r = {c.x, y0 + i * (bh + gap), w, bh};
        if (r.y + r.h < c.y || r.y > c.y + c.h) {
            continue;
        }
        if (ui_button(ui, r, v->files[i], UI_STYLE_NORMAL)) {
            snprintf(a->staff.forms_file, sizeof a->staff.forms_file, "%s",
                     v->files[i]);
            go(a, FORMS_CHECK);
        }
    }
    a->staff.scroll_h = v->nfiles * (bh + gap);
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

/* A file that loads: what it is, and Import. */
static void place_ready(struct app *a, struct forms_view *v, struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    struct ui_rect bar = ui_cut_bottom(&c, ui_px(ui, BTN_H));
    struct ui_rect imp = ui_cut_left(&bar, ui_px(ui, 300));
    char text[1400];
    int len = snprintf(text, sizeof text, "%s: %d %s\n%s\n%s · %s %s\n%s",
                       st_tr(a, "staff.forms_ready"), v->info.questions,
                       st_tr(a, "staff.forms_questions"), v->info.title,
                       v->info.id, st_tr(a, "staff.forms_version"),
                       v->info.version[0] ? v->info.version : "-",
                       a->staff.forms_file);
    if (v->info.replacing && len > 0 && (size_t)len < sizeof text) {
        snprintf(text + len, sizeof text - (size_t)len, "\n%s %s",
                 st_tr(a, "staff.forms_replaces"),
                 v->info.replaces[0] ? v->info.replaces : "-");
    }
    ui_text(ui, c, text, UI_FONT_BODY, 0, t->text, UI_LEFT, 1);
    if (ui_button(ui, imp, st_tr(a, "staff.forms_import_do"),
                  UI_STYLE_ACCENT)) {
        do_import(a, v);
    }
}

/* A file that does not load: every problem, scrolled. */
static void place_errors(struct app *a, struct forms_view *v,
                         struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct ui_theme *t = &ui->theme;
    int w = c.w - ui_px(ui, 14);
    int y0 = ui_scroll_begin(ui, c, &a->staff.scroll, a->staff.scroll_h);
    char head[600];
    snprintf(head, sizeof head, "%s: %s", a->staff.forms_file,
             st_tr(a, "staff.forms_errors"));
    int y = y0 + ui_text(ui, (struct ui_rect){c.x, y0, w, 0}, head,
                         UI_FONT_BODY, 1, t->text, UI_LEFT, 1);
    y += ui_px(ui, GAP);
    for (int i = 0; i <= v->nerrs; i++) {
        char more[64];
        const char *s = v->errs[i];
        if (i == v->nerrs) {
            if (!v->more) {
                break;
            }
            snprintf(more, sizeof more, "+%d", v->more);
            s = more;
        }
        int h = ui_text_height(ui, s, UI_FONT_BODY, 0, w);
        if (y + h >= c.y && y <= c.y + c.h) {
            ui_text(ui, (struct ui_rect){c.x, y, w, h}, s, UI_FONT_BODY, 0,
                    t->bad, UI_LEFT, 1);
        }
        y += h + ui_px(ui, 8);
    }
    a->staff.scroll_h = y - y0;
    ui_scroll_end(ui, c, a->staff.scroll, a->staff.scroll_h);
}

static void place_remove(struct app *a, struct forms_view *v,
                         struct ui_rect c)
{
    struct ui *ui = &a->ui;
    const struct survey_import_info *f = NULL;
    for (int i = 0; i < v->n; i++) {
        if (strcmp(v->forms[i].id, a->staff.forms_file) == 0) {
            f = &v->forms[i];
        }
    }
    if (!f) {
        go(a, FORMS_LIST); /* gone already */
        return;
    }
    struct ui_rect bar = ui_cut_bottom(&c, ui_px(ui, BTN_H));
    struct ui_rect rm = ui_cut_left(&bar, ui_px(ui, 300));
    char text[1800], line[700];
    form_line(a, f, line, sizeof line);
    snprintf(text, sizeof text, "%s\n\n%s\n%s",
             st_tr(a, "staff.forms_remove_ask"),
             f->title[0] ? f->title : f->id, line);
    ui_text(ui, c, text, UI_FONT_BODY, 0, ui->theme.text, UI_LEFT, 1);
    if (ui_button(ui, rm, st_tr(a, "staff.forms_remove"), UI_STYLE_DANGER)) {
        do_remove(a, f);
    }
}

void screen_staff_forms(struct app *a)
{
    struct ui_rect c = staff_frame(a, st_tr(a, "staff.forms"));
    struct forms_view *v = a->pack ? view(a) : NULL;
    if (!v) {
        return;
    }
    switch (a->staff.forms_place) {
    case FORMS_LIST:
        place_list(a, v, c);
        break;
    case FORMS_USB:
        place_usb(a, v, c);
        break;
    case FORMS_CHECK:
        if (!v->usb_ok) {
            place_usb(a, v, c); /* the stick was pulled out */
        } else if (v->check == KIOSK_OK) {
            place_ready(a, v, c);
        } else {
            place_errors(a, v, c);
        }
        break;
    default:
        place_remove(a, v, c);
        break;
    }
}
