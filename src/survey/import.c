/* Questionnaires from a USB stick (.xlsx) into <data-dir>/overlay/forms/:
 * listed, checked in a temporary folder exactly as the kiosk loads forms,
 * installed by one rename, removed. See import.h. */
#include "survey/import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csv.h"
#include "survey/survey.h"

#define META "imported.csv"

/* dst = s, cut at n - 1 bytes on a UTF-8 character boundary. */
static void copy_str(char *dst, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) {
            len--;
        }
    }
    memcpy(dst, s, len);
    dst[len] = '\0';
}

/* out = dir "/" name; 0 (and out "") when it does not fit. */
static int join(char *out, size_t n, const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    if (a + b + 2 > n) {
        out[0] = '\0';
        return 0;
    }
    memcpy(out, dir, a);
    out[a] = '/';
    memcpy(out + a + 1, name, b + 1);
    return 1;
}

int survey_import_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= SURVEY_IMPORT_ID || s[0] == '-') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return 0;
        }
    }
    return 1;
}

static int cmp_name(const void *x, const void *y)
{
    return strcmp((const char *)x, (const char *)y);
}

int survey_import_list(const char *dir, char (*names)[SURVEY_IMPORT_NAME],
                       int cap)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < cap) {
        size_t len = strlen(e->d_name);
        char path[4400];
        struct stat st;
        if (e->d_name[0] == '.' || len < 6 || len >= SURVEY_IMPORT_NAME ||
            strcasecmp(e->d_name + len - 5, ".xlsx") != 0) {
            continue;
        }
        join(path, sizeof path, dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof names[0], cmp_name);
    return n;
}

/* Removes a folder this code made and the files in it (one level). */
static void rm_dir(const char *dir)
{
    DIR *dh = opendir(dir);
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            char path[4400];
            join(path, sizeof path, dir, e->d_name);
            unlink(path);
        }
    }
    if (dh) {
        closedir(dh);
    }
    rmdir(dir);
}

/* Makes dir and the folders above it that are missing. */
static int mkdir_p(const char *dir)
{
    char p[4200];
    copy_str(p, sizeof p, dir);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *s = '/';
        }
    }
    return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* "survey" for ".../x.survey.csv", so a problem reads "survey:4:1". */
static void name_sheets(struct kiosk_diag *d, int from, const char *xlsx)
{
    static const char *const sheets[] = {"survey", "choices", "settings"};
    const char *base = strrchr(xlsx, '/');
    base = base ? base + 1 : xlsx;
    for (int i = from; i < d->n; i++) {
        char *f = d->items[i].file;
        const char *name = base;
        for (int s = 0; s < 3; s++) {
            if (strcmp(f, sheets[s]) == 0) {
                name = sheets[s]; /* named so already (admissible) */
            }
            char suffix[32];
            snprintf(suffix, sizeof suffix, ".%s.csv", sheets[s]);
            size_t fl = strlen(f), sl = strlen(suffix);
            if (fl >= sl && strcmp(f + fl - sl, suffix) == 0) {
                name = sheets[s];
            }
        }
        snprintf(d->items[i].file, sizeof d->items[i].file, "%s", name);
    }
}

/* The workbook first, then survey, choices, settings, each by row and
 * column: the order staff read the spreadsheet in. */
static int sheet_rank(const char *file)
{
    static const char *const sheets[] = {"survey", "choices", "settings"};
    for (int s = 0; s < 3; s++) {
        if (strcmp(file, sheets[s]) == 0) {
            return s + 1;
        }
    }
    return 0;
}

static int cmp_item(const void *x, const void *y)
{
    const struct kiosk_diag_item *a = x, *b = y;
    int ra = sheet_rank(a->file), rb = sheet_rank(b->file);
    if (ra != rb) {
        return ra - rb;
    }
    return a->row != b->row ? a->row - b->row : a->col - b->col;
}

static int count_questions(const struct survey_form *f)
{
    int n = 0;
    for (int i = 0; i < survey_form_item_count(f); i++) {
        switch (survey_item_type(f, i)) {
        case SURVEY_NOTE:
        case SURVEY_ACKNOWLEDGE:
        case SURVEY_CALCULATE:
        case SURVEY_BEGIN_GROUP:
        case SURVEY_END_GROUP:
        case SURVEY_METADATA:
            break;
        default:
            n++;
        }
    }
    return n;
}

static void fill_info(const struct survey_form *f,
                      struct survey_import_info *info)
{
    copy_str(info->id, sizeof info->id, survey_form_id(f));
    copy_str(info->title, sizeof info->title, survey_form_title(f));
    copy_str(info->version, sizeof info->version, survey_form_version(f));
    info->questions = count_questions(f);
}

/* Whether a form may be offered as an import: an id that can be a folder
 * name, not a pack form's, not a staff form. Problems go to d. */
static enum kiosk_err admissible(const struct survey_form *f,
                                 const char *const *builtin, int nbuiltin,
                                 struct kiosk_diag *d)
{
    const char *id = survey_form_id(f);
    if (!survey_import_id_ok(id)) {
        kiosk_diag_err(d, "settings", 2, 0,
                       "form_id '%s' must be 1-63 letters, digits, '_' or "
                       "'-' (it names the questionnaire's folder)", id);
        return KIOSK_EPARSE;
    }
    for (int i = 0; i < nbuiltin; i++) {
        if (strcmp(builtin[i], id) == 0) {
            kiosk_diag_err(d, "settings", 2, 0,
                           "form_id '%s' is a questionnaire of the content "
                           "pack, which an import never replaces: give this "
                           "one another form_id to add it", id);
            return KIOSK_EEXIST;
        }
    }
    if (survey_form_for_staff(f)) {
        kiosk_diag_err(d, "settings", 2, 0,
                       "audience = staff: a staff form is not offered to "
                       "visitors, and only visitor questionnaires are "
                       "imported here");
        return KIOSK_EPARSE;
    }
    return KIOSK_OK;
}

/* Renames the three sheets of tmp from `from` to `to` ids. */
static enum kiosk_err rename_sheets(const char *tmp, const char *from,
                                    const char *to)
{
    static const char *const sheets[] = {"survey", "choices", "settings"};
    for (int s = 0; s < 3; s++) {
        char a[4400], b[4400];
        char na[100], nb[100];
        snprintf(na, sizeof na, "%s.%s.csv", from, sheets[s]);
        snprintf(nb, sizeof nb, "%s.%s.csv", to, sheets[s]);
        join(a, sizeof a, tmp, na);
        join(b, sizeof b, tmp, nb);
        if (rename(a, b) != 0 && errno != ENOENT) {
            return KIOSK_EIO;
        }
    }
    return KIOSK_OK;
}

/* Converts and loads xlsx in a new temporary folder tmp of forms_dir;
 * on KIOSK_OK the sheets are there under the form's id and *info says
 * what it is; on error tmp is removed. */
static enum kiosk_err convert(const char *xlsx, const char *forms_dir,
                              const char *images_dir,
                              const char *const *builtin, int nbuiltin,
                              char *tmp, size_t tmpn,
                              struct survey_import_info *info,
                              struct kiosk_diag *d)
{
    memset(info, 0, sizeof *info);
    const char *base = strrchr(xlsx, '/');
    copy_str(info->file, sizeof info->file, base ? base + 1 : xlsx);
    if (strlen(forms_dir) + 20 > tmpn) {
        return kiosk_diag_err(d, info->file, 0, 0, "the data folder's path "
                              "is too long"), KIOSK_EINVAL;
    }
    if (mkdir_p(forms_dir) != 0) {
        return kiosk_diag_err(d, forms_dir, 0, 0, "cannot make the folder: "
                              "%s", strerror(errno)), KIOSK_EIO;
    }
    snprintf(tmp, tmpn, "%s/.check-XXXXXX", forms_dir);
    if (!mkdtemp(tmp)) {
        return kiosk_diag_err(d, forms_dir, 0, 0, "cannot make a temporary "
                              "folder: %s", strerror(errno)), KIOSK_EIO;
    }
    const char *id = "form"; /* until its own form_id is known */
    int from = d->n;
    struct survey_form *f = NULL;
    enum kiosk_err rc = survey_xlsx_import(xlsx, tmp, id, d);
    if (!rc) {
        rc = survey_form_load(tmp, id, &f, d);
    }
    if (!rc) {
        rc = admissible(f, builtin, nbuiltin, d);
    }
    if (!rc && survey_form_check_images(f, images_dir, NULL, NULL, d) > 0) {
        rc = KIOSK_EPARSE; /* a picture it names is not in the pack */
    }
    if (!rc) {
        fill_info(f, info);
        rc = rename_sheets(tmp, id, info->id);
    }
    survey_form_free(f);
    f = NULL;
    if (!rc) {
        /* what is installed is what the kiosk will load: under its id */
        rc = survey_form_load(tmp, info->id, &f, d);
        survey_form_free(f);
    }
    /* the warning "form_id differs from the file name" says nothing to
     * staff: the file is named after the form_id once installed */
    for (int i = from; i < d->n; i++) {
        if (d->items[i].is_warning && strstr(d->items[i].msg, "differs "
                                                              "from the file "
                                                              "name")) {
            memmove(&d->items[i], &d->items[i + 1],
                    sizeof d->items[0] * (size_t)(d->n - i - 1));
            d->n--;
            d->warnings--;
            i--;
        }
    }
    name_sheets(d, from, xlsx);
    qsort(d->items + from, (size_t)(d->n - from), sizeof d->items[0],
          cmp_item);
    if (rc) {
        rm_dir(tmp);
    }
    return rc;
}

static void read_meta(const char *dir, struct survey_import_info *info)
{
    char path[4400];
    join(path, sizeof path, dir, META);
    struct csv_table t = {0};
    struct kiosk_diag d = {0};
    if (csv_load(path, META, &t, &d) == KIOSK_OK && t.nrows > 1) {
        copy_str(info->file, sizeof info->file,
                 csv_cell(&t, 1, csv_col(&t, "file")));
        copy_str(info->by, sizeof info->by,
                 csv_cell(&t, 1, csv_col(&t, "by")));
        copy_str(info->date, sizeof info->date,
                 csv_cell(&t, 1, csv_col(&t, "date")));
    }
    csv_free(&t);
    kiosk_diag_free(&d);
}

int survey_import_installed(const char *forms_dir,
                            struct survey_import_info *out, int cap)
{
    DIR *dh = opendir(forms_dir);
    if (!dh) {
        return 0;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < cap) {
        char dir[4400];
        struct stat st;
        join(dir, sizeof dir, forms_dir, e->d_name);
        if (e->d_name[0] == '.' || !survey_import_id_ok(e->d_name) ||
            lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            continue;
        }
        struct survey_import_info *info = &out[n++];
        memset(info, 0, sizeof *info);
        struct survey_form *f = NULL;
        struct kiosk_diag d = {0};
        if (survey_form_load(dir, e->d_name, &f, &d) == KIOSK_OK) {
            fill_info(f, info);
        } else {
            copy_str(info->id, sizeof info->id, e->d_name);
            info->questions = -1;
        }
        survey_form_free(f);
        kiosk_diag_free(&d);
        read_meta(dir, info);
    }
    closedir(dh);
    qsort(out, (size_t)n, sizeof out[0], cmp_name); /* id comes first */
    return n;
}

/* How many forms are installed, and whether `id` is one of them (its
 * version in *version). */
static int installed_with(const char *forms_dir, const char *id,
                          struct survey_import_info *info)
{
    struct survey_import_info *all =
        calloc(SURVEY_IMPORT_MAX_FORMS + 1, sizeof *all);
    if (!all) {
        return 0;
    }
    int n = survey_import_installed(forms_dir, all,
                                    SURVEY_IMPORT_MAX_FORMS + 1);
    for (int i = 0; i < n; i++) {
        if (strcmp(all[i].id, id) == 0) {
            info->replacing = 1;
            copy_str(info->replaces, sizeof info->replaces, all[i].version);
        }
    }
    free(all);
    return n;
}

enum kiosk_err survey_import_check(const char *xlsx, const char *forms_dir,
                                   const char *images_dir,
                                   const char *const *builtin, int nbuiltin,
                                   struct survey_import_info *info,
                                   struct kiosk_diag *d)
{
    char tmp[4200];
    enum kiosk_err rc = convert(xlsx, forms_dir, images_dir, builtin,
                                nbuiltin, tmp, sizeof tmp, info, d);
    if (rc) {
        return rc;
    }
    rm_dir(tmp);
    int n = installed_with(forms_dir, info->id, info);
    if (!info->replacing && n >= SURVEY_IMPORT_MAX_FORMS) {
        kiosk_diag_err(d, info->file, 0, 0, "%d questionnaires are imported "
                       "already: remove one first", n);
        return KIOSK_EFULL;
    }
    return KIOSK_OK;
}

static enum kiosk_err write_meta(const char *dir, const char *file,
                                 const char *by, const char *date)
{
    char path[4400];
    join(path, sizeof path, dir, META);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        return KIOSK_EIO;
    }
    const char *cells[3] = {file, by, date};
    fputs("file,by,date\r\n", fp);
    for (int c = 0; c < 3; c++) {
        fputc('"', fp);
        for (const char *s = cells[c]; *s; s++) {
            if (*s == '"') {
                fputc('"', fp);
            }
            fputc(*s, fp);
        }
        fputs(c < 2 ? "\"," : "\"\r\n", fp);
    }
    int ok = fflush(fp) == 0 && fsync(fileno(fp)) == 0;
    ok &= fclose(fp) == 0;
    return ok ? KIOSK_OK : KIOSK_EIO;
}

/* fsyncs every file of dir, then dir. */
static int sync_dir(const char *dir)
{
    DIR *dh = opendir(dir);
    struct dirent *e;
    int ok = dh != NULL;
    while (dh && (e = readdir(dh))) {
        if (e->d_name[0] != '.') {
            char path[4400];
            join(path, sizeof path, dir, e->d_name);
            ok &= fsync_path(path, 0) == 0;
        }
    }
    if (dh) {
        closedir(dh);
    }
    return ok && fsync_path(dir, 1) == 0;
}

enum kiosk_err survey_import_install(const char *xlsx, const char *forms_dir,
                                     const char *images_dir,
                                     const char *const *builtin, int nbuiltin,
                                     const char *by, const char *date,
                                     struct survey_import_info *info,
                                     struct kiosk_diag *d)
{
    char tmp[4200], final[4400], old[4400];
    enum kiosk_err rc = convert(xlsx, forms_dir, images_dir, builtin,
                                nbuiltin, tmp, sizeof tmp, info, d);
    if (rc) {
        return rc;
    }
    int n = installed_with(forms_dir, info->id, info);
    if (!info->replacing && n >= SURVEY_IMPORT_MAX_FORMS) {
        rm_dir(tmp);
        kiosk_diag_err(d, info->file, 0, 0, "%d questionnaires are imported "
                       "already: remove one first", n);
        return KIOSK_EFULL;
    }
    if (write_meta(tmp, info->file, by, date) != KIOSK_OK || !sync_dir(tmp)) {
        rm_dir(tmp);
        return kiosk_diag_err(d, forms_dir, 0, 0, "cannot write the "
                              "questionnaire: %s", strerror(errno)),
               KIOSK_EIO;
    }
    join(final, sizeof final, forms_dir, info->id);
    char name[80];
    snprintf(name, sizeof name, ".old-%s", info->id);
    join(old, sizeof old, forms_dir, name);
    rm_dir(old); /* left by a power cut during an earlier replace */
    if (info->replacing && rename(final, old) != 0) {
        rm_dir(tmp);
        return kiosk_diag_err(d, final, 0, 0, "cannot replace: %s",
                              strerror(errno)), KIOSK_EIO;
    }
    if (rename(tmp, final) != 0) {
        int err = errno;
        if (info->replacing) {
            (void)rename(old, final); /* put the old one back */
        }
        rm_dir(tmp);
        return kiosk_diag_err(d, final, 0, 0, "cannot install: %s",
                              strerror(err)), KIOSK_EIO;
    }
    rm_dir(old);
    copy_str(info->by, sizeof info->by, by);
    copy_str(info->date, sizeof info->date, date);
    (void)fsync_path(forms_dir, 1); /* the rename survives a power cut */
    return KIOSK_OK;
}

int survey_import_load(const char *forms_dir, const char *images_dir,
                       const char *const *builtin, int nbuiltin,
                       struct survey_form **out, int cap,
                       struct kiosk_diag *d)
{
    struct survey_import_info *all =
        calloc(SURVEY_IMPORT_MAX_FORMS, sizeof *all);
    if (!all) {
        return 0;
    }
    int n = survey_import_installed(forms_dir, all, SURVEY_IMPORT_MAX_FORMS);
    int got = 0;
    for (int i = 0; i < n && got < cap; i++) {
        char dir[4400];
        join(dir, sizeof dir, forms_dir, all[i].id);
        struct survey_form *f = NULL;
        if (survey_form_load(dir, all[i].id, &f, d) != KIOSK_OK) {
            continue; /* its problems are in d */
        }
        if (survey_form_check_images(f, images_dir, NULL, NULL, d) > 0 ||
            admissible(f, builtin, nbuiltin, d) != KIOSK_OK) {
            survey_form_free(f);
            continue;
        }
        out[got++] = f;
    }
    free(all);
    return got;
}

enum kiosk_err survey_import_remove(const char *forms_dir, const char *id)
{
    if (!survey_import_id_ok(id)) {
        return KIOSK_EINVAL;
    }
    char dir[4400], gone[4400];
    join(dir, sizeof dir, forms_dir, id);
    char name[80];
    snprintf(name, sizeof name, ".gone-%s", id);
    join(gone, sizeof gone, forms_dir, name);
    rm_dir(gone);
    if (rename(dir, gone) != 0) {
        return errno == ENOENT ? KIOSK_ENOENT : KIOSK_EIO;
    }
    (void)fsync_path(forms_dir, 1);
    rm_dir(gone);
    return KIOSK_OK;
}

/* The ids of the pack's forms (<pack>/forms/<id>.survey.csv, each with
 * its settings' form_id): those an import never replaces. */
static int pack_ids(const char *pack_dir, char (*ids)[SURVEY_IMPORT_ID],
                    int cap, struct kiosk_diag *d)
{
    char dir[4200];
    join(dir, sizeof dir, pack_dir, "forms");
    struct survey_form **forms = NULL;
    int n = 0;
    if (survey_forms_load_dir(dir, &forms, &n, d) != KIOSK_OK) {
        return -1;
    }
    int got = 0;
    for (int i = 0; i < n && got < cap; i++) {
        copy_str(ids[got++], SURVEY_IMPORT_ID, survey_form_id(forms[i]));
    }
    survey_forms_free(forms, n);
    return got;
}

int survey_import_form_cli(const char *xlsx, const char *pack_dir,
                           const char *data_dir, const char *date,
                           FILE *out, FILE *err)
{
    char forms[4200], images[4200];
    char(*ids)[SURVEY_IMPORT_ID] = calloc(64, sizeof *ids);
    const char *ptr[64];
    struct kiosk_diag d = {0}, pd = {0};
    int n = ids ? pack_ids(pack_dir, ids, 64, &pd) : -1;
    kiosk_diag_free(&pd); /* the pack's own problems: --check-pack's */
    if (n < 0 || !join(forms, sizeof forms, data_dir, "overlay/forms") ||
        !join(images, sizeof images, pack_dir, "images")) {
        fprintf(err, "import-form: cannot read the pack's forms\n");
        free(ids);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        ptr[i] = ids[i];
    }
    struct survey_import_info info;
    enum kiosk_err rc = survey_import_install(xlsx, forms, images, ptr, n,
                                              "command line", date, &info,
                                              &d);
    free(ids);
    kiosk_diag_print(&d, err);
    kiosk_diag_free(&d);
    if (rc) {
        fprintf(err, "import-form: %s: %s; nothing was changed\n", xlsx,
                kiosk_strerror(rc));
        return 1;
    }
    fprintf(out, "%s: '%s' version %s, %d questions, %s %s/%s/\n",
            info.file, info.title, info.version[0] ? info.version : "-",
            info.questions, info.replacing ? "replaced in" : "imported into",
            forms, info.id);
    return 0;
}
