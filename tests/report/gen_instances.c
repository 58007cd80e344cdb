/* Writes sample submissions, built by the report module exactly as the
 * kiosk builds them, into a directory for check_forms.py to hold against
 * the published forms in assets/report/:
 *   screening-<form>.xml  one per instrument in assets/pack/forms, with
 *                         every calculate of that form given a value
 *   screening-empty.xml   a screening with no measure and no flag
 *   daily.xml             a day of activity in a real store
 * Usage: gen_instances OUTDIR (run from the repository root). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "central.h"
#include "core/csv.h"

static const struct report_cfg cfg = {
    .enabled = 1, .server = "https://central.example.org", .project_id = 1,
    .token_file = "/nonexistent", .kiosk_id = "HN-0001", .tz_offset = 25200,
};

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

/* A plausible value for a calculate, by its name. */
static const char *value_for(const char *name, int i)
{
    static const char *scores[] = {"0", "3", "12", "27", "4.5"};
    static const char *bands[] = {"low", "moderate", "high", "none"};
    size_t n = strlen(name);
    if (n > 6 && strcmp(name + n - 6, "_score") == 0) {
        return scores[i % 5];
    }
    if ((n > 5 && strcmp(name + n - 5, "_risk") == 0) ||
        (n > 6 && strcmp(name + n - 6, "_level") == 0)) {
        return bands[i % 4];
    }
    if (strcmp(name, "injected") == 0) {
        return "yes_3m";
    }
    if (strcmp(name, "crafft_car") == 0) {
        return "yes";
    }
    return "a calculate that is not sent <&>";
}

static int one_form(const char *dir, const char *forms, const char *file)
{
    char path[1024], id[128];
    snprintf(path, sizeof path, "%s/%s", forms, file);
    snprintf(id, sizeof id, "%.*s", (int)(strlen(file) - 11), file);
    struct csv_table t = {0};
    struct kiosk_diag d = {0};
    if (csv_load(path, NULL, &t, &d) != KIOSK_OK) {
        kiosk_diag_print(&d, stderr);
        kiosk_diag_free(&d);
        return -1;
    }
    int ct = csv_col(&t, "type"), cn = csv_col(&t, "name");
    struct store_value v[STORE_MAX_VALUES];
    int n = 0;
    for (int r = 1; r < t.nrows && n < STORE_MAX_VALUES; r++) {
        if (strcmp(csv_cell(&t, r, ct), "calculate") == 0) {
            v[n].name = csv_cell(&t, r, cn);
            v[n].value = value_for(v[n].name, n);
            n++;
        }
    }
    struct report_screening s = {
        .form_id = id, .form_version = "2026112401", .language = "vi",
        .completed = 1795433071, .seq = 42, .values = v, .n_values = n,
    };
    char *xml = NULL, iid[REPORT_INSTANCE_ID_SIZE], name[160];
    size_t len = 0;
    int rc = -1;
    if (report_build_screening(&cfg, &s, &xml, &len, iid) == KIOSK_OK) {
        snprintf(name, sizeof name, "screening-%s.xml", id);
        rc = write_file(dir, name, xml, len);
        printf("%s: %d calculates\n", name, n);
    }
    free(xml);
    csv_free(&t);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_instances OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1], *forms = "assets/pack/forms";
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

    char *xml = NULL, iid[REPORT_INSTANCE_ID_SIZE];
    size_t len = 0;
    struct report_screening empty = {
        .form_id = "none", .form_version = "1", .language = "km",
        .completed = 1795433071, .seq = 1,
    };
    rc |= report_build_screening(&cfg, &empty, &xml, &len, iid) != KIOSK_OK;
    rc |= xml ? write_file(dir, "screening-empty.xml", xml, len) : -1;
    free(xml);

    char db[1024];
    snprintf(db, sizeof db, "%s/daily.db", dir);
    struct store *st = fresh_store(db);
    if (!st) {
        return 1;
    }
    rc |= store_visit_begin(st, 1795433000) != KIOSK_OK;
    rc |= queue_screening(st, &cfg, 1795433071, 1, NULL);
    rc |= queue_screening(st, &cfg, 1795433072, 12, NULL);
    rc |= report_build_daily(&cfg, st, 20780, 3, &xml, &len, iid) !=
          KIOSK_OK;
    rc |= xml ? write_file(dir, "daily.xml", xml, len) : -1;
    free(xml);
    rc |= report_build_daily(&cfg, st, 20781, -1, &xml, &len, iid) !=
          KIOSK_OK;
    rc |= xml ? write_file(dir, "daily-empty.xml", xml, len) : -1;
    free(xml);
    store_close(st);
    printf("%d instrument forms\n", nforms);
    return rc || nforms == 0 ? 1 : 0;
}
