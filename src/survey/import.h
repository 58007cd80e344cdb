/* Questionnaires staff bring on a USB stick as XLSForm workbooks (.xlsx),
 * taken into the kiosk's overlay (no SDL, no SQLite).
 *
 * An imported form lives in its own folder of <data-dir>/overlay/forms/,
 * beside (never inside) the content pack, so pack updates keep it:
 *
 *   overlay/forms/<id>/<id>.survey.csv   .choices.csv  .settings.csv
 *   overlay/forms/<id>/imported.csv      file,by,date (who brought it)
 *
 * where <id> is the form's own form_id. A workbook is converted
 * (survey_xlsx_import) into a temporary folder beside them and loaded with
 * survey_form_load and survey_form_check_images, exactly as the kiosk loads
 * the pack's forms; only a form that loads is installed, by renaming the
 * whole folder into place. A form whose id is a form of the pack is
 * refused (a pack form is never replaced from a stick), so is a staff form
 * (settings audience = staff: visitors would be asked to type). Problems
 * are named by sheet, row and column ("survey:4:1"). Folders starting with
 * '.' are work in progress and never loaded. */
#ifndef KIOSK_SURVEY_IMPORT_H
#define KIOSK_SURVEY_IMPORT_H

#include <stdio.h>

#include "core/err.h"

struct survey_form;

#define SURVEY_IMPORT_MAX_FILES 64 /* workbooks listed from one folder */
#define SURVEY_IMPORT_MAX_FORMS 12 /* imported forms a kiosk keeps */
#define SURVEY_IMPORT_NAME 256     /* bytes of a workbook's file name */
#define SURVEY_IMPORT_ID 64        /* bytes of a form id, NUL included */

/* A form: checked on a stick, or installed. */
struct survey_import_info {
    char id[SURVEY_IMPORT_ID];  /* settings form_id */
    char title[256];            /* settings form_title */
    char version[64];           /* settings version ("" when none) */
    int questions;              /* questions a visitor answers */
    char file[SURVEY_IMPORT_NAME]; /* the workbook's file name */
    char by[64], date[32];      /* installed: who, "YYYY-MM-DD HH:MM" */
    char replaces[64];          /* checked: the version of an imported form
                                   of this id it would replace, "" none */
    int replacing;              /* checked: an imported form has this id */
};

/** The *.xlsx files (any case) of dir, sorted by name, at most cap: plain
 * files only, no hidden ones ("._form.xlsx" a Mac leaves). Returns how
 * many, or -1 when dir cannot be read. */
int survey_import_list(const char *dir, char (*names)[SURVEY_IMPORT_NAME],
                       int cap);

/** Checks a workbook as an import would: converted in a temporary folder
 * of forms_dir (removed again), loaded as the kiosk loads forms (pictures
 * checked in images_dir), refused when its id is one of builtin[nbuiltin]
 * or a staff form. Fills *info. Returns KIOSK_OK, KIOSK_EEXIST (a pack
 * form's id), KIOSK_EPARSE (it does not load: every problem in *d, by
 * sheet:row:col), KIOSK_ENOENT, KIOSK_EFULL (SURVEY_IMPORT_MAX_FORMS
 * imported already), KIOSK_EIO or KIOSK_ENOMEM. Nothing is kept. */
enum kiosk_err survey_import_check(const char *xlsx, const char *forms_dir,
                                   const char *images_dir,
                                   const char *const *builtin, int nbuiltin,
                                   struct survey_import_info *info,
                                   struct kiosk_diag *d) KIOSK_NODISCARD;

/** Checks as survey_import_check, then installs the form into
 * forms_dir/<id>/ by renaming its folder into place (an imported form of
 * the same id is replaced; a pack form never is). `by` and `date` are
 * written beside it. On any error nothing in forms_dir changed. */
enum kiosk_err survey_import_install(const char *xlsx, const char *forms_dir,
                                     const char *images_dir,
                                     const char *const *builtin, int nbuiltin,
                                     const char *by, const char *date,
                                     struct survey_import_info *info,
                                     struct kiosk_diag *d) KIOSK_NODISCARD;

/** The imported forms of forms_dir, sorted by id, at most cap (those that
 * do not load are listed too, with questions = -1). Returns how many. */
int survey_import_installed(const char *forms_dir,
                            struct survey_import_info *out, int cap);

/** Loads the imported forms of forms_dir into out[cap] as the kiosk loads
 * forms, sorted by id, leaving out (with their problems in *d) one that
 * does not load, one whose id is in builtin[] (a pack that later brought
 * the same id wins) and a staff form. Returns how many were loaded. */
int survey_import_load(const char *forms_dir, const char *images_dir,
                       const char *const *builtin, int nbuiltin,
                       struct survey_form **out, int cap,
                       struct kiosk_diag *d);

/** Removes the imported form `id` (its folder, renamed away first so a
 * half-removed form is never loaded). KIOSK_ENOENT when there is none,
 * KIOSK_EINVAL for an id that is not a form id. */
enum kiosk_err survey_import_remove(const char *forms_dir, const char *id)
    KIOSK_NODISCARD;

/** 1 when s may be an imported form's id (and so a folder name): 1-63
 * ASCII letters, digits, '_' or '-', not starting with '-'. */
int survey_import_id_ok(const char *s);

/** `kiosk --import-form FORM.xlsx [--pack DIR] [--data-dir DIR]`: installs
 * the workbook into <data_dir>/overlay/forms as the staff room does (the
 * pack's form ids refused), `date` recorded as its import date. Returns
 * the exit code: 0 installed, 1 not (every problem on err). */
int survey_import_form_cli(const char *xlsx, const char *pack_dir,
                           const char *data_dir, const char *date,
                           FILE *out, FILE *err);

#endif
