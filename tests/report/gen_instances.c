/* Writes sample submissions, built and encrypted by the report module
 * exactly as the kiosk does and decrypted here with the province's key,
 * into a directory for check_forms.py to hold against the published forms:
 *   screening-<form>.xml  one per instrument in assets/pack/forms, with
 *                         every measure of that form given a value
 *   screening-empty.xml   a screening with no measure
 *   daily.xml             a day of activity in a real store
 *   daily-empty.xml       a day without activity
 *   forms/NAME.xml        the forms as report_write_forms writes them for
 *                         publishing (with the public key)
 * Usage: gen_instances OUTDIR (run from the repository root). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "central.h"
#include "core/csv.h"
#include "survey/survey.h"

static struct report_cfg cfg = {
    .enabled = 1, .server = "https://central.example.org", .project_id = 1,
    .token_file = "/nonexistent", .kiosk_id = "HN-0001", .tz_offset = 25200,
};
static EVP_PKEY *priv;

static int write_file(const char *dir, const char *name, const char *xml,
                      size_t len);

/* Decrypts r as the province would and writes the instance to dir/name. */
static int write_record(const char *dir, const char *name,
                        const struct report_record *r)
{
    struct odk_plain p;
    char err[200];
    if (odk_decrypt(priv, r->manifest, r->manifest_len, r->enc, r->enc_len,
                    &p, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", name, err);
        return -1;
    }
    int rc = write_file(dir, name, (const char *)p.xml, p.len);
    free(p.xml);
    return rc;
}

static int write_file(const char *dir, const char *name, const char *xml,
                      size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    int ok = fwrite(xml, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* One screening record per instrument of the pack, with every band
 * measure its form DECLARES given one of its declared values and a score
 * where the band names one (as the app takes them from the form). */
static int one_form(const char *dir, const char *forms, const char *file)
{
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(strlen(file) - 11), file);
    struct survey_form *f = NULL;
    struct kiosk_diag d = {0};
    if (survey_form_load(forms, id, &f, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        return -1;
    }
    kiosk_diag_free(&d);
    static const char *scores[] = {"0", "3", "12", "27", "4.5"};
    struct report_measure m[REPORT_MAX_MEASURES];
    int n = 0;
    for (int i = 0; i < survey_form_measure_count(f) &&
                    n < REPORT_MAX_MEASURES; i++) {
        if (survey_measure_kind(f, i) != SURVEY_MEASURE_BAND) {
            continue; /* flags: counted by the day, never sent alone */
        }
        int nv = survey_measure_value_count(f, i);
        m[n] = (struct report_measure){
            survey_measure_name(f, i),
            survey_measure_score_item(f, i) >= 0 ? scores[n % 5] : NULL,
            nv ? survey_measure_value(f, i, n % nv) : ""};
        n++;
    }
    struct report_screening s = {
        .form_id = survey_form_id(f), .form_version = survey_form_version(f),
        .language = "vi", .completed = 1795433071, .seq = 42,
        .measures = m, .n_measures = n,
    };
    struct report_record rec;
    char name[160];
    int rc = -1;
    if (report_build_screening(&cfg, &s, &rec) == KIOSK_OK) {
        snprintf(name, sizeof name, "screening-%s.xml", id);
        rc = write_record(dir, name, &rec);
        printf("%s: %d band measures\n", name, n);
        report_record_free(&rec);
    }
    survey_form_free(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_instances OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1], *forms = "assets/pack/forms";
    cfg.public_key = test_key(&priv);
    int rc = 0, nforms = 0;
    DIR *dp = opendir(forms);
    if (!dp) {
        perror(forms);
        return 1;
    }
    for (struct dirent *e = readdir(dp); e; e = readdir(dp)) {
        size_t n = strlen(e->d_name);
        if (n > 11 && strcmp(e->d_name + n - 11, ".survey.csv") == 0) {
            rc |= one_form(dir, forms, e->d_name);
            nforms++;
        }
    }
    closedir(dp);

    struct report_record rec;
    struct report_screening empty = {
        .form_id = "none", .form_version = "1", .language = "km",
        .completed = 1795433071, .seq = 1,
    };
    rc |= report_build_screening(&cfg, &empty, &rec) != KIOSK_OK;
    rc |= rec.manifest ? write_record(dir, "screening-empty.xml", &rec) : -1;
    report_record_free(&rec);

    char db[1024];
    snprintf(db, sizeof db, "%s/daily.db", dir);
    struct store *st = fresh_store(db);
    if (!st) {
        return 1;
    }
    rc |= store_visit_begin(st, 1795433000) != KIOSK_OK;
    rc |= queue_screening(st, &cfg, 1795433071, 1, NULL);
    rc |= queue_screening(st, &cfg, 1795433072, 12, NULL);
    rc |= report_build_daily(&cfg, st, 20780, 3, &rec) != KIOSK_OK;
    rc |= rec.manifest ? write_record(dir, "daily.xml", &rec) : -1;
    report_record_free(&rec);
    rc |= report_build_daily(&cfg, st, 20781, -1, &rec) != KIOSK_OK;
    rc |= rec.manifest ? write_record(dir, "daily-empty.xml", &rec) : -1;
    report_record_free(&rec);
    store_close(st);

    char fdir[1100], err[300];
    snprintf(fdir, sizeof fdir, "%s/forms", dir);
    if (mkdir(fdir, 0700) != 0 ||
        report_write_forms(&cfg, "assets/report", fdir, err, sizeof err) !=
            KIOSK_OK) {
        fprintf(stderr, "forms: %s\n", err);
        rc = 1;
    }
    printf("public_key %s\n", cfg.public_key);
    printf("%d instrument forms\n", nforms);
    return rc || nforms == 0 ? 1 : 0;
}
