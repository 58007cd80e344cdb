/* `kiosk --export DIR --from DATE --to DATE`, and finding a USB stick. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/date.h"
#include "staff/staff.h"

static void print_diag(FILE *err, const struct kiosk_diag *d)
{
    char line[512];
    for (int i = 0; i < d->n; i++) {
        kiosk_diag_format(&d->items[i], line, sizeof line);
        fprintf(err, "%s\n", line);
    }
    if (d->dropped > 0) {
        fprintf(err, "(%d more not shown)\n", d->dropped);
    }
}

int staff_export_cli(const char *db_path, const char *site_ini,
                     int utc_offset, const char *dir, const char *from,
                     const char *to, FILE *out, FILE *err)
{
    long from_day = 0, last_day = 0;
    if (!db_path || !dir || !from || !to) {
        fprintf(err, "kiosk: --export DIR needs --from YYYY-MM-DD and "
                     "--to YYYY-MM-DD\n");
        return 2;
    }
    if (date_parse_ymd(from, &from_day) != 0) {
        fprintf(err, "kiosk: --from %s is not a date like 2026-11-01\n",
                from);
        return 2;
    }
    if (date_parse_ymd(to, &last_day) != 0) {
        fprintf(err, "kiosk: --to %s is not a date like 2026-11-30\n", to);
        return 2;
    }
    if (last_day < from_day) {
        fprintf(err, "kiosk: --to %s is before --from %s\n", to, from);
        return 2;
    }
    struct kiosk_diag d = {0};
    struct staff_export_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.now = (int64_t)time(NULL);
    cfg.utc_offset = utc_offset;
    if (site_ini &&
        staff_dhis2_cfg_load(site_ini, &cfg.dhis2, &d) != KIOSK_OK) {
        print_diag(err, &d);
        fprintf(err, "kiosk: fix [dhis2] in %s and export again\n",
                site_ini);
        kiosk_diag_free(&d);
        return 1;
    }
    /* store_open would create a new, empty database: refuse instead */
    struct stat sb;
    if (stat(db_path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(err, "kiosk: no database at %s\n", db_path);
        kiosk_diag_free(&d);
        return 1;
    }
    /* every export is written to the audit log first: a database that
     * cannot take that row (read-only, disk full) exports nothing */
    struct store_opts so = {.day_offset = utc_offset};
    struct store *st = NULL;
    enum kiosk_err e = store_open(db_path, &so, &st);
    if (e != KIOSK_OK) {
        fprintf(err, "kiosk: cannot open the database %s: %s\n", db_path,
                kiosk_strerror(e));
        kiosk_diag_free(&d);
        return 1;
    }
    struct staff_export_result res;
    e = staff_export(st, &cfg, dir, from_day, last_day + 1, &res, &d);
    store_close(st);
    print_diag(err, &d);
    kiosk_diag_free(&d);
    if (e != KIOSK_OK) {
        fprintf(err, "kiosk: export failed (%s); nothing in %s was "
                     "changed\n", kiosk_strerror(e), dir);
        return 1;
    }
    fprintf(out, "exported %s..%s to %s: %lld screenings counted, "
                 "%lld tickets, %lld aggregate rows\n", from, to, dir,
            (long long)res.screenings, (long long)res.tickets,
            (long long)res.aggregate_rows);
    if (res.dhis2_written) {
        fprintf(out, "dhis2.json: period %s, %d values%s\n", res.period,
                res.dhis2_values,
                res.dhis2_missing ? " (some left out, see above)" : "");
    }
    return 0;
}

/* Decodes the octal escapes of /proc/mounts (\040 space, \011 tab, \012
 * newline, \134 backslash) in place. */
static void unescape_mount(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
            r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 3;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

enum kiosk_err staff_find_media(const char *mounts, const char *prefix,
                                char *out, size_t n)
{
    if (!prefix || !out || n == 0) {
        return KIOSK_EINVAL;
    }
    out[0] = '\0';
    FILE *f = fopen(mounts ? mounts : "/proc/self/mounts", "re");
    if (!f) {
        return KIOSK_ENOENT;
    }
    char line[2048];
    size_t plen = strlen(prefix);
    enum kiosk_err e = KIOSK_ENOENT;
    /* fields: device, mount point, type, options, dump, pass */
    while (fgets(line, sizeof line, f)) {
        char *sp1 = strchr(line, ' ');
        char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
        if (!sp2) {
            continue;
        }
        *sp2 = '\0';
        char *mp = sp1 + 1;
        unescape_mount(mp);
        if (strncmp(mp, prefix, plen) != 0 || !mp[plen]) {
            continue;
        }
        struct stat sb;
        if (stat(mp, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
            access(mp, W_OK) != 0) {
            continue;
        }
        if (strlen(mp) >= n) {
            e = KIOSK_ETOOBIG;
            continue;
        }
        snprintf(out, n, "%s", mp);
        e = KIOSK_OK;
        break;
    }
    fclose(f);
    return e;
}
