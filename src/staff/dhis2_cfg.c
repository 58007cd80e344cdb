/* The [dhis2] section of site.ini: which DHIS2 data set, org unit, data
 * elements and category option combos the kiosk's counts go to.
 *
 * Ids are never made up here: a measure without a configured id is left out
 * of dhis2.json (staff_export warns), and every configured id must have the
 * shape of a DHIS2 uid, so a typo is caught on the kiosk, not weeks later as
 * a rejected import at the province. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "site/ini.h"
#include "staff/staff.h"

int staff_dhis2_uid_valid(const char *s)
{
    if (!s || strlen(s) != STAFF_UID_LEN ||
        !isalpha((unsigned char)s[0]) || (unsigned char)s[0] > 0x7f) {
        return 0;
    }
    for (int i = 1; i < STAFF_UID_LEN; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x7f || !isalnum(c)) {
            return 0;
        }
    }
    return 1;
}

/* 1 if `key` names a measure staff_export produces (README: DHIS2 keys). */
static int measure_key_valid(const char *key)
{
    size_t n = strlen(key);
    if (n == 0 || n >= STAFF_MAP_KEY_MAX) {
        return 0;
    }
    if (strcmp(key, "visits") == 0 || strcmp(key, "screenings") == 0 ||
        strcmp(key, "tickets_issued") == 0 ||
        strcmp(key, "tickets_attended") == 0) {
        return 1;
    }
    if (strncmp(key, "visits.", 7) == 0) {
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            if (strcmp(key + 7, staff_outcome_name(o)) == 0) {
                return 1;
            }
        }
        return 0;
    }
    if (strncmp(key, "screenings.", 11) == 0) {
        return key[11] != '\0' && !strchr(key + 11, '.');
    }
    if (strncmp(key, "language.", 9) == 0) {
        return key[9] != '\0' && !strchr(key + 9, '.');
    }
    if (strncmp(key, "band.", 5) == 0) {
        /* band.FORM.NAME.VALUE: form and name have no dots, the value may */
        const char *form = key + 5;
        const char *dot1 = strchr(form, '.');
        if (!dot1 || dot1 == form) {
            return 0;
        }
        const char *dot2 = strchr(dot1 + 1, '.');
        return dot2 && dot2 > dot1 + 1 && dot2[1] != '\0';
    }
    return 0;
}

/* Copies a uid field if valid; otherwise an error. */
static int set_uid(char *dst, const char *value, const char *key,
                   struct kiosk_diag *d, const char *file, int line)
{
    if (!staff_dhis2_uid_valid(value)) {
        kiosk_diag_err(d, file, line, 0,
                       "[dhis2] %s: \"%s\" is not a DHIS2 id (11 letters "
                       "or digits, starting with a letter)", key, value);
        return -1;
    }
    memcpy(dst, value, STAFF_UID_LEN + 1); /* valid: exactly 11 + NUL */
    return 0;
}

enum kiosk_err staff_dhis2_cfg_set(struct staff_dhis2_cfg *c, const char *key,
                                   const char *value, struct kiosk_diag *d,
                                   const char *file, int line)
{
    file = file ? file : "site.ini";
    if (!c || !key || !value) {
        return KIOSK_EINVAL;
    }
    if (strcmp(key, "dataset") == 0) {
        return set_uid(c->dataset, value, key, d, file, line) ? KIOSK_EPARSE
                                                              : KIOSK_OK;
    }
    if (strcmp(key, "orgunit") == 0) {
        return set_uid(c->orgunit, value, key, d, file, line) ? KIOSK_EPARSE
                                                              : KIOSK_OK;
    }
    if (strcmp(key, "coc_default") == 0) {
        return set_uid(c->coc_default, value, key, d, file, line)
                   ? KIOSK_EPARSE : KIOSK_OK;
    }
    if (!measure_key_valid(key)) {
        kiosk_diag_err(d, file, line, 0,
                       "[dhis2] unknown key \"%s\" (dataset, orgunit, "
                       "coc_default, or a measure such as visits, "
                       "screenings.FORM, band.FORM.NAME.VALUE, language.CODE, "
                       "tickets_issued, tickets_attended)", key);
        return KIOSK_EPARSE;
    }
    for (int i = 0; i < c->nmap; i++) {
        if (strcmp(c->map[i].key, key) == 0) {
            kiosk_diag_err(d, file, line, 0,
                           "[dhis2] %s is given twice", key);
            return KIOSK_EPARSE;
        }
    }
    if (c->nmap >= STAFF_MAX_MAP) {
        kiosk_diag_err(d, file, line, 0,
                       "[dhis2] more than %d measures", STAFF_MAX_MAP);
        return KIOSK_EPARSE;
    }
    /* "DE" or "DE.COC" */
    char de[64], coc[64] = "";
    const char *dot = strchr(value, '.');
    size_t dl = dot ? (size_t)(dot - value) : strlen(value);
    if (dl >= sizeof de || (dot && strlen(dot + 1) >= sizeof coc)) {
        kiosk_diag_err(d, file, line, 0,
                       "[dhis2] %s: \"%s\" is not DATAELEMENT or "
                       "DATAELEMENT.COMBO", key, value);
        return KIOSK_EPARSE;
    }
    memcpy(de, value, dl);
    de[dl] = '\0';
    if (dot) {
        snprintf(coc, sizeof coc, "%s", dot + 1);
    }
    struct staff_dhis2_map m;
    memset(&m, 0, sizeof m);
    snprintf(m.key, sizeof m.key, "%s", key);
    if (set_uid(m.de, de, key, d, file, line) ||
        (dot && set_uid(m.coc, coc, key, d, file, line))) {
        return KIOSK_EPARSE;
    }
    c->map[c->nmap++] = m;
    return KIOSK_OK;
}

enum kiosk_err staff_dhis2_cfg_check(const struct staff_dhis2_cfg *c,
                                     struct kiosk_diag *d, const char *file)
{
    file = file ? file : "site.ini";
    enum kiosk_err e = KIOSK_OK;
    for (int i = 0; i < c->nmap; i++) {
        const char *ci = c->map[i].coc[0] ? c->map[i].coc : c->coc_default;
        for (int j = i + 1; j < c->nmap; j++) {
            const char *cj = c->map[j].coc[0] ? c->map[j].coc
                                              : c->coc_default;
            if (strcmp(c->map[i].de, c->map[j].de) == 0 &&
                strcmp(ci, cj) == 0) {
                kiosk_diag_err(d, file, 0, 0,
                               "[dhis2] %s and %s go to the same data "
                               "element and combo (%s%s%s): DHIS2 would keep "
                               "only one of them", c->map[i].key,
                               c->map[j].key, c->map[i].de, ci[0] ? "." : "",
                               ci);
                e = KIOSK_EPARSE;
            }
        }
    }
    if (c->nmap > 0 && (!c->dataset[0] || !c->orgunit[0])) {
        kiosk_diag_warn(d, file, 0, 0,
                        "[dhis2] measures are mapped but dataset or orgunit "
                        "is missing: no dhis2.json will be written");
    }
    return e;
}

/* State of one pass over site.ini with the site module's line reader
 * (site/ini.h: long lines are read whole, lines are numbered as an editor
 * numbers them). */
struct ini_ctx {
    struct staff_dhis2_cfg *cfg;
    struct kiosk_diag *diag;
    const char *name;
    int errors;
};

static void cfg_handler(void *user, int line, const char *section,
                        const char *name, const char *value)
{
    struct ini_ctx *c = user;
    if (strcmp(section, "dhis2") != 0) {
        return;
    }
    if (staff_dhis2_cfg_set(c->cfg, name, value, c->diag, c->name, line) !=
        KIOSK_OK) {
        c->errors++;
    }
}

enum kiosk_err staff_dhis2_cfg_load_string(const char *text, const char *name,
                                           struct staff_dhis2_cfg *c,
                                           struct kiosk_diag *d)
{
    if (!text || !c) {
        return KIOSK_EINVAL;
    }
    memset(c, 0, sizeof *c);
    struct ini_ctx x = {.cfg = c, .diag = d,
                        .name = name ? name : "site.ini"};
    /* syntax errors are the site module's to report (it refuses such a
     * file); here only the [dhis2] lines matter */
    int rc = site_ini_parse(text, x.name, cfg_handler, &x, NULL);
    if (rc < 0) {
        kiosk_diag_err(d, x.name, 0, 0, "out of memory while reading");
        return KIOSK_ENOMEM;
    }
    if (staff_dhis2_cfg_check(c, d, x.name) != KIOSK_OK) {
        x.errors++;
    }
    return x.errors ? KIOSK_EPARSE : KIOSK_OK;
}

enum kiosk_err staff_dhis2_cfg_load(const char *path,
                                    struct staff_dhis2_cfg *c,
                                    struct kiosk_diag *d)
{
    if (!path || !c) {
        return KIOSK_EINVAL;
    }
    memset(c, 0, sizeof *c);
    char *text = NULL;
    size_t len = 0;
    enum kiosk_err e = kiosk_read_file(path, 64 * 1024, &text, &len);
    if (e != KIOSK_OK) {
        kiosk_diag_err(d, path, 0, 0, "cannot read: %s",
                       e == KIOSK_ETOOBIG ? "larger than 64 KB"
                                          : kiosk_strerror(e));
        return e == KIOSK_ETOOBIG ? e : KIOSK_ENOENT;
    }
    if (memchr(text, '\0', len)) {
        free(text);
        kiosk_diag_err(d, path, 0, 0, "file contains NUL bytes");
        return KIOSK_EPARSE;
    }
    e = staff_dhis2_cfg_load_string(text, path, c, d);
    free(text);
    return e;
}
