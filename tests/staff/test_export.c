/* Exports on a real SQLite file filled with a generated month: every file
 * is read back (CSV with the core reader, JSON with a strict parser and,
 * where installed, Python's json module) and compared row by row with the
 * generator's own record of what it stored. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/csv.h"
#include "gen.h"
#include "json.h"
#include "core/date.h"
#include "staff/staff.h"
#include "test.h"

static struct gen_truth truth;

/* Made-up ids in DHIS2's shape, for the tests only. */
static const char site_ini[] =
    "; test fixture: made-up ids in the shape of DHIS2 uids\n"
    "[site]\n"
    "name = Test site\n"
    "\n"
    "[dhis2]\n"
    "dataset = dsTest00001\n"
    "orgunit = ouTest00001\n"
    "coc_default = cocDefault1\n"
    "visits = deVisits001\n"
    "visits.completed = deVisits001.cocComplet1\n"
    "screenings.assist_lite = deScreen001.cocAssist01\n"
    "screenings.phq4 = deScreen001.cocPhq40001\n"
    "band.assist_lite.assist_risk.low = deBandAss01.cocLow00001\n"
    "band.assist_lite.assist_risk.moderate = deBandAss01.cocModerat1\n"
    "band.assist_lite.assist_risk.high = deBandAss01.cocHigh0001\n"
    "band.phq4.phq4_level.none = deBandPhq01.cocNone0001\n"
    "band.phq4.phq4_level.mild = deBandPhq01.cocMild0001\n"
    "band.phq4.phq4_level.moderate = deBandPhq01.cocModerat1\n"
    "tickets_issued = deTicketI01\n"
    "tickets_attended = deTicketA01\n"
    "language.vi = deLang00001.cocVi000001\n"
    "language.xx = deLang00001.cocXx000001 ; never seen: sent as 0\n"
    "\n"
    "[store]\n"
    "retention_days = 365\n";

#define NOW 1795482000LL /* 2026-11-24 08:00 in Vietnam */

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    if (kiosk_read_file(path, 16u << 20, &data, &n) != KIOSK_OK) {
        return NULL;
    }
    if (len) {
        *len = n;
    }
    return data;
}

static void expect_time(int64_t t, char *buf, size_t n)
{
    date_format(t, GEN_DAY_OFFSET, DATE_ISO, buf, n);
}

/* Names of the files in dir (excluding . and ..), sorted, joined by ' '. */
static void list_dir(const char *dir, char *out, size_t n)
{
    char names[16][256];
    int k = 0;
    out[0] = '\0';
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && k < 16) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(names[k++], sizeof names[0], "%s", e->d_name);
        }
    }
    closedir(d);
    for (int i = 1; i < k; i++) {
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    }
    for (int i = 0; i < k; i++) {
        size_t used = strlen(out);
        snprintf(out + used, n - used, "%s%s", i ? " " : "", names[i]);
    }
}

static int has_diag(const struct kiosk_diag *d, int warning,
                    const char *needle)
{
    for (int i = 0; i < d->n; i++) {
        if (d->items[i].is_warning == warning &&
            strstr(d->items[i].msg, needle)) {
            return 1;
        }
    }
    return 0;
}

static void load_cfg(struct staff_export_cfg *cfg)
{
    struct kiosk_diag d = {0};
    memset(cfg, 0, sizeof *cfg);
    CHECK_INT(staff_dhis2_cfg_load_string(site_ini, "site.ini", &cfg->dhis2,
                                          &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    kiosk_diag_free(&d);
    cfg->now = NOW;
    cfg->staff_id = 0;
    cfg->utc_offset = GEN_DAY_OFFSET;
}

/* ---- tickets.csv --------------------------------------------------------- */

static void check_tickets(const char *dir, int64_t want)
{
    char path[600];
    snprintf(path, sizeof path, "%s/tickets.csv", dir);
    struct csv_table t;
    struct kiosk_diag d = {0};
    CHECK_INT(csv_load(path, NULL, &t, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    static const char *const cols[] = {
        "ticket_id", "created", "slot_start", "state", "state_changed",
        "language", "printed",
    };
    for (int c = 0; c < 7; c++) {
        CHECK_INT(csv_col(&t, cols[c]), c);
    }
    CHECK_INT(t.nrows - 1, truth.ntk);
    CHECK_INT(t.nrows - 1, want);
    static const char *const states[] = {"issued", "attended", "cancelled"};
    int bad = 0;
    for (int r = 1; r < t.nrows; r++) {
        int64_t id = strtoll(csv_cell(&t, r, 0), NULL, 10);
        const struct gen_ticket *k = NULL;
        for (int i = 0; i < truth.ntk; i++) {
            if (truth.tk[i].id == id) {
                k = &truth.tk[i];
            }
        }
        if (!k) {
            bad++;
            continue;
        }
        char a[40], b[40] = "", c[40], pr[8];
        expect_time(k->created, a, sizeof a);
        if (k->slot_start) {
            expect_time(k->slot_start, b, sizeof b);
        }
        expect_time(k->state_changed, c, sizeof c);
        snprintf(pr, sizeof pr, "%d", k->printed);
        bad += strcmp(csv_cell(&t, r, 1), a) != 0;
        bad += strcmp(csv_cell(&t, r, 2), b) != 0;
        bad += strcmp(csv_cell(&t, r, 3), states[k->state]) != 0;
        bad += strcmp(csv_cell(&t, r, 4), c) != 0;
        bad += strcmp(csv_cell(&t, r, 5), gen_langs[k->lang]) != 0;
        bad += strcmp(csv_cell(&t, r, 6), pr) != 0;
        bad += t.rows[r].ncells != 7; /* no link to a screening */
    }
    CHECK_INT(bad, 0);
    csv_free(&t);
}

/* ---- aggregate.csv ------------------------------------------------------- */

static int index_of(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++) {
        if (list[i] && strcmp(list[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

static void check_aggregate(const char *dir, int lo, int hi)
{
    char path[600];
    snprintf(path, sizeof path, "%s/aggregate.csv", dir);
    struct csv_table t;
    struct kiosk_diag d = {0};
    CHECK_INT(csv_load(path, NULL, &t, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    static const char *const cols[] = {
        "day", "measure", "form", "name", "value", "count",
    };
    for (int c = 0; c < 6; c++) {
        CHECK_INT(csv_col(&t, cols[c]), c);
    }
    /* every row must equal its truth cell; every non-zero cell one row */
    int bad = 0, rows = 0;
    static const char *const outcomes[] = {"interrupted", "completed", "left",
                                           "idle"};
    for (int r = 1; r < t.nrows; r++) {
        long day;
        if (date_parse_ymd(csv_cell(&t, r, 0), &day) != 0) {
            bad++;
            continue;
        }
        int di = (int)(day - truth.from_day);
        const char *m = csv_cell(&t, r, 1), *form = csv_cell(&t, r, 2);
        const char *name = csv_cell(&t, r, 3), *value = csv_cell(&t, r, 4);
        int64_t n = strtoll(csv_cell(&t, r, 5), NULL, 10);
        int64_t want = -1;
        if (di < lo || di >= hi) {
            bad++;
            continue;
        }
        int f = index_of(gen_forms, GEN_FORMS, form);
        if (strcmp(m, "visits") == 0) {
            int o = index_of(outcomes, 4, name);
            want = o >= 0 ? truth.visits[di][o] : -1;
        } else if (strcmp(m, "screenings") == 0 && f >= 0) {
            want = truth.screenings[di][f];
        } else if (strcmp(m, "band") == 0 && f >= 0 &&
                   strcmp(name, gen_band_names[f]) == 0) {
            for (int b = 0; gen_band_value(f, b); b++) {
                if (strcmp(gen_band_value(f, b), value) == 0) {
                    want = truth.bands[di][f][b];
                }
            }
        } else if (strcmp(m, "language") == 0) {
            int l = index_of(gen_langs, GEN_LANGS, name);
            want = l >= 0 ? truth.langs[di][l] : -1;
        } else if (strcmp(m, "tickets_issued") == 0) {
            want = truth.issued[di];
        } else if (strcmp(m, "tickets_attended") == 0) {
            want = truth.attended[di];
        }
        if (want != n || n <= 0) {
            fprintf(stderr, "aggregate row %d: %s %s %s %s = %lld, want "
                    "%lld\n", r + 1, m, form, name, value, (long long)n,
                    (long long)want);
            bad++;
        }
        rows++;
    }
    int cells = 0;
    for (int di = lo; di < hi; di++) {
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            cells += truth.visits[di][o] > 0;
        }
        for (int f = 0; f < GEN_FORMS; f++) {
            cells += truth.screenings[di][f] > 0;
            for (int b = 0; b < GEN_BANDS; b++) {
                cells += truth.bands[di][f][b] > 0;
            }
        }
        for (int l = 0; l < GEN_LANGS; l++) {
            cells += truth.langs[di][l] > 0;
        }
        cells += truth.issued[di] > 0;
        cells += truth.attended[di] > 0;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(rows, cells);
    csv_free(&t);
}

/* ---- dhis2.json ---------------------------------------------------------- */

/* The truth for a DHIS2 measure key over days [lo, hi); -1 if unknown. */
static int64_t truth_key(const char *key, int lo, int hi)
{
    static const char *const outcomes[] = {"interrupted", "completed", "left",
                                           "idle"};
    if (strcmp(key, "visits") == 0) {
        int64_t s = 0;
        for (int o = 0; o < STORE_OUTCOMES; o++) {
            s += gen_sum_visits(&truth, lo, hi, o);
        }
        return s;
    }
    if (strncmp(key, "visits.", 7) == 0) {
        int o = index_of(outcomes, 4, key + 7);
        return o >= 0 ? gen_sum_visits(&truth, lo, hi, o) : -1;
    }
    if (strcmp(key, "screenings") == 0) {
        return gen_sum_forms(&truth, lo, hi, 0) +
               gen_sum_forms(&truth, lo, hi, 1);
    }
    if (strncmp(key, "screenings.", 11) == 0) {
        int f = index_of(gen_forms, GEN_FORMS, key + 11);
        return f >= 0 ? gen_sum_forms(&truth, lo, hi, f) : 0;
    }
    if (strncmp(key, "language.", 9) == 0) {
        int l = index_of(gen_langs, GEN_LANGS, key + 9);
        return l >= 0 ? gen_sum_langs(&truth, lo, hi, l) : 0;
    }
    if (strcmp(key, "tickets_issued") == 0) {
        return gen_sum_issued(&truth, lo, hi);
    }
    if (strcmp(key, "tickets_attended") == 0) {
        return gen_sum_attended(&truth, lo, hi);
    }
    for (int f = 0; f < GEN_FORMS; f++) {
        for (int b = 0; gen_band_value(f, b); b++) {
            char k[128];
            snprintf(k, sizeof k, "band.%s.%s.%s", gen_forms[f],
                     gen_band_names[f], gen_band_value(f, b));
            if (strcmp(k, key) == 0) {
                return gen_sum_bands(&truth, lo, hi, f, b);
            }
        }
    }
    return 0;
}

/* Every key the export can produce for the generated data. */
static int all_keys(char keys[][128], int cap)
{
    static const char *const outcomes[] = {"interrupted", "completed", "left",
                                           "idle"};
    int n = 0;
    snprintf(keys[n++], 128, "visits");
    for (int o = 0; o < 4; o++) {
        snprintf(keys[n++], 128, "visits.%s", outcomes[o]);
    }
    snprintf(keys[n++], 128, "screenings");
    for (int f = 0; f < GEN_FORMS; f++) {
        snprintf(keys[n++], 128, "screenings.%s", gen_forms[f]);
        for (int b = 0; gen_band_value(f, b) && n < cap; b++) {
            snprintf(keys[n++], 128, "band.%s.%s.%s", gen_forms[f],
                     gen_band_names[f], gen_band_value(f, b));
        }
    }
    for (int l = 0; l < GEN_LANGS; l++) {
        snprintf(keys[n++], 128, "language.%s", gen_langs[l]);
    }
    snprintf(keys[n++], 128, "tickets_issued");
    snprintf(keys[n++], 128, "tickets_attended");
    return n;
}

static const struct staff_dhis2_map *mapped(const struct staff_dhis2_cfg *c,
                                            const char *key)
{
    for (int i = 0; i < c->nmap; i++) {
        if (strcmp(c->map[i].key, key) == 0) {
            return &c->map[i];
        }
    }
    return NULL;
}

static void check_dhis2(const char *dir, const struct staff_export_cfg *cfg,
                        const char *period, int lo, int hi,
                        const struct staff_export_result *res,
                        const struct kiosk_diag *diag)
{
    char path[600];
    snprintf(path, sizeof path, "%s/dhis2.json", dir);
    size_t len = 0;
    char *text = slurp(path, &len);
    CHECK(text != NULL);
    if (!text) {
        return;
    }
    struct json_doc doc;
    char err[128];
    int rc = json_parse(text, len, &doc, err, sizeof err);
    if (rc) {
        fprintf(stderr, "dhis2.json: %s\n", err);
    }
    CHECK_INT(rc, 0);
    free(text);
    if (rc) {
        return;
    }
    const struct json_node *N = doc.nodes;
    CHECK_INT(N[0].type, JSON_OBJECT);
    CHECK_INT(N[0].count, 5);
    static const char *const top[] = {"dataSet", "completeDate", "period",
                                      "orgUnit"};
    const char *want_top[] = {cfg->dhis2.dataset, "2026-11-24", period,
                              cfg->dhis2.orgunit};
    for (int i = 0; i < 4; i++) {
        int k = json_get(&doc, 0, top[i]);
        CHECK(k >= 0 && N[k].type == JSON_STRING);
        if (k >= 0 && N[k].str) {
            CHECK_STR(N[k].str, want_top[i]);
        }
    }
    int dv = json_get(&doc, 0, "dataValues");
    CHECK(dv >= 0 && N[dv].type == JSON_ARRAY);
    if (dv < 0) {
        json_free(&doc);
        return;
    }
    /* each mapped key once: its count, or 0 if never seen */
    CHECK_INT(N[dv].count, cfg->dhis2.nmap);
    CHECK_INT(res->dhis2_values, cfg->dhis2.nmap);
    int matched = 0, bad = 0;
    for (int c = N[dv].first; c >= 0; c = N[c].next) {
        int de = json_get(&doc, c, "dataElement");
        int coc = json_get(&doc, c, "categoryOptionCombo");
        int val = json_get(&doc, c, "value");
        if (N[c].type != JSON_OBJECT || N[c].count != 3 || de < 0 ||
            coc < 0 || val < 0 || N[de].type != JSON_STRING ||
            N[coc].type != JSON_STRING || N[val].type != JSON_STRING) {
            bad++;
            continue;
        }
        /* find the measure this (de, coc) stands for */
        const struct staff_dhis2_map *m = NULL;
        for (int i = 0; i < cfg->dhis2.nmap; i++) {
            const struct staff_dhis2_map *x = &cfg->dhis2.map[i];
            const char *xc = x->coc[0] ? x->coc : cfg->dhis2.coc_default;
            if (strcmp(x->de, N[de].str) == 0 && strcmp(xc, N[coc].str) == 0) {
                m = x;
            }
        }
        if (!m) {
            bad++;
            continue;
        }
        char want[24];
        snprintf(want, sizeof want, "%lld",
                 (long long)truth_key(m->key, lo, hi));
        if (strcmp(N[val].str, want) != 0) {
            fprintf(stderr, "dhis2 %s = %s, want %s\n", m->key, N[val].str,
                    want);
            bad++;
        }
        matched++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(matched, cfg->dhis2.nmap);
    /* every non-zero measure without an id: left out, with a warning */
    char keys[40][128];
    int nk = all_keys(keys, 40), missing = 0;
    for (int i = 0; i < nk; i++) {
        int64_t n = truth_key(keys[i], lo, hi);
        if (!mapped(&cfg->dhis2, keys[i]) && n > 0) {
            missing++;
            char needle[200];
            snprintf(needle, sizeof needle, "%.128s = %lld left out", keys[i],
                     (long long)n);
            CHECK(has_diag(diag, 1, needle));
        }
    }
    CHECK(missing > 0); /* the fixture leaves some out on purpose */
    CHECK_INT(res->dhis2_missing, missing);
    json_free(&doc);

    /* a second opinion where Python is installed */
    if (system("command -v python3 >/dev/null 2>&1") == 0) {
        char cmd[1400];
        snprintf(cmd, sizeof cmd,
                 "python3 -c \"import json,sys; d=json.load(open(sys.argv[1],"
                 "encoding='utf-8')); assert set(d)=={'dataSet','period',"
                 "'orgUnit','completeDate','dataValues'}, d.keys(); "
                 "assert all(set(v)=={'dataElement','categoryOptionCombo',"
                 "'value'} and all(isinstance(x,str) for x in v.values()) "
                 "for v in d['dataValues']); "
                 "assert len({(v['dataElement'],v['categoryOptionCombo']) for"
                 " v in d['dataValues']})==len(d['dataValues'])\" '%s'",
                 path);
        CHECK_INT(system(cmd), 0);
    } else {
        printf("note: python3 not installed; the C checker alone read "
               "dhis2.json\n");
    }
}

/* Nothing private may reach a file that travels on a USB stick. */
static void check_private(const char *dir)
{
    static const char *const files[] = {"tickets.csv", "aggregate.csv",
                                        "dhis2.json"};
    for (int f = 0; f < 3; f++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        size_t len = 0;
        char *text = slurp(path, &len);
        if (!text) {
            continue;
        }
        size_t bad = 0;
        CHECK(kiosk_utf8_valid(text, len, &bad));
        CHECK(strstr(text, GEN_ANSWER_MARK) == NULL);
        CHECK(strstr(text, "q1=yes") == NULL);
        /* per-person values never leave: no score, no free text */
        CHECK(strstr(text, "Nguy c\xc6\xa1 \"cao\"") == NULL);
        CHECK(strstr(text, "line one") == NULL);
        CHECK(strstr(text, "assist_score") == NULL);
        int codes = 0;
        for (int i = 0; i < truth.ntk; i++) {
            codes += strstr(text, truth.tk[i].code) != NULL;
        }
        CHECK_INT(codes, 0);
        free(text);
    }
}

static void test_month_export(struct store *st)
{
    struct staff_export_cfg cfg;
    load_cfg(&cfg);
    char dir[512];
    gen_path(dir, sizeof dir, "usb");
    CHECK_INT(mkdir(dir, 0755), 0);
    struct kiosk_diag d = {0};
    struct staff_export_result res;
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day,
                           truth.from_day + truth.ndays, &res, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(res.dhis2_written, 1);
    CHECK_STR(res.period, "202611");
    CHECK_INT(res.audited, 1);
    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "aggregate.csv dhis2.json tickets.csv");
    CHECK_INT(res.screenings, truth.nscr);
    check_tickets(dir, res.tickets);
    check_aggregate(dir, 0, truth.ndays);
    check_dhis2(dir, &cfg, "202611", 0, truth.ndays, &res, &d);
    check_private(dir);
    kiosk_diag_free(&d);

    /* the export is in the audit log */
    struct store_audit a[2];
    int n = 0;
    CHECK_INT(store_audit_list(st, 0, a, 2, &n), KIOSK_OK);
    CHECK(n >= 1);
    if (n >= 1) {
        CHECK_STR(a[0].action, "export");
        CHECK_CONTAINS(a[0].detail, "2026-11-01..2026-11-30");
        CHECK_CONTAINS(a[0].detail, "dhis2 202611");
        CHECK_INT(a[0].time, NOW);
    }

    /* an export that cannot be audited is not made: on a read-only
     * database the audit row is refused first and no file is written */
    struct store_opts ro = {.read_only = 1, .day_offset = GEN_DAY_OFFSET};
    struct store *rst = NULL;
    char dbp[512], rodir[512];
    gen_path(dbp, sizeof dbp, "kiosk.db");
    gen_path(rodir, sizeof rodir, "not-audited");
    CHECK_INT(mkdir(rodir, 0755), 0);
    CHECK_INT(store_open(dbp, &ro, &rst), KIOSK_OK);
    if (rst) {
        CHECK(staff_export(rst, &cfg, rodir, truth.from_day,
                           truth.from_day + truth.ndays, &res, &d) !=
              KIOSK_OK);
        CHECK(has_diag(&d, 0, "audit log"));
        CHECK_INT(res.audited, 0);
        kiosk_diag_free(&d);
        store_close(rst);
    }
    list_dir(rodir, names, sizeof names);
    CHECK_STR(names, "");

    /* a week: the same checks on a DHIS2 weekly period */
    char wdir[512];
    gen_path(wdir, sizeof wdir, "week");
    CHECK_INT(mkdir(wdir, 0755), 0);
    long mon = date_from_civil(2026, 11, 23);
    int lo = (int)(mon - truth.from_day);
    CHECK_INT(staff_export(st, &cfg, wdir, mon, mon + 7, &res, &d), KIOSK_OK);
    CHECK_STR(res.period, "2026W48");
    check_aggregate(wdir, lo, lo + 7);
    check_dhis2(wdir, &cfg, "2026W48", lo, lo + 7, &res, &d);
    kiosk_diag_free(&d);
}

/* Days that are not one DHIS2 period, or no ids: CSVs only, and an older
 * dhis2.json is not left to be mistaken for this export. */
static void test_no_dhis2(struct store *st)
{
    struct staff_export_cfg cfg;
    load_cfg(&cfg);
    char dir[512];
    gen_path(dir, sizeof dir, "partial");
    CHECK_INT(mkdir(dir, 0755), 0);
    struct kiosk_diag d = {0};
    struct staff_export_result res;
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day,
                           truth.from_day + truth.ndays, &res, &d), KIOSK_OK);
    CHECK_INT(res.dhis2_written, 1);
    kiosk_diag_free(&d);
    /* 3 to 20 November */
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day + 2,
                           truth.from_day + 20, &res, &d), KIOSK_OK);
    CHECK_INT(res.dhis2_written, 0);
    CHECK_STR(res.period, "");
    CHECK(has_diag(&d, 1, "not one DHIS2 period"));
    CHECK(has_diag(&d, 1, "older dhis2.json there was removed"));
    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "aggregate.csv tickets.csv");
    check_aggregate(dir, 2, 20);
    kiosk_diag_free(&d);

    /* two measures on one element and combo, set one by one (as an app
     * filling the struct itself would): the CSVs, but no dhis2.json */
    struct staff_export_cfg dup = cfg;
    CHECK_INT(staff_dhis2_cfg_set(&dup.dhis2, "visits.left",
                                  "deTicketI01.cocDefault1", &d, NULL, 0),
              KIOSK_OK);
    CHECK_INT(staff_export(st, &dup, dir, truth.from_day,
                           truth.from_day + truth.ndays, &res, &d), KIOSK_OK);
    CHECK_INT(d.errors, 0);
    CHECK_INT(res.dhis2_written, 0);
    CHECK(has_diag(&d, 1, "visits.left go to the same data element"));
    kiosk_diag_free(&d);

    /* no [dhis2] ids at all */
    memset(&cfg.dhis2, 0, sizeof cfg.dhis2);
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day,
                           truth.from_day + truth.ndays, &res, &d), KIOSK_OK);
    CHECK_INT(res.dhis2_written, 0);
    CHECK(has_diag(&d, 1, "no dataset or orgunit"));
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "aggregate.csv tickets.csv");
    kiosk_diag_free(&d);

    /* bad arguments */
    cfg.now = 0;
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day, truth.from_day + 1,
                           &res, &d), KIOSK_EINVAL);
    cfg.now = NOW;
    CHECK_INT(staff_export(st, &cfg, dir, truth.from_day, truth.from_day,
                           &res, &d), KIOSK_EINVAL);
    CHECK_INT(staff_export(st, &cfg, dir, 0, 4000, &res, &d), KIOSK_EINVAL);
    kiosk_diag_free(&d);
}

/* ---- failures: nothing half-written, the previous export intact --------- */

/* Makes dir unwritable even for root; returns 1 if it worked. */
static int make_unwritable(const char *dir, int on)
{
    chmod(dir, on ? 0555 : 0755);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        int flags = 0;
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
            flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
            (void)ioctl(fd, FS_IOC_SETFLAGS, &flags);
        }
        close(fd);
    }
    if (!on) {
        return 1;
    }
    char probe[600];
    snprintf(probe, sizeof probe, "%s/probe", dir);
    fd = open(probe, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) {
        close(fd);
        unlink(probe);
        return 0;
    }
    return 1;
}

static void test_failures(struct store *st)
{
    struct staff_export_cfg cfg;
    load_cfg(&cfg);
    struct kiosk_diag d = {0};
    struct staff_export_result res;
    long from = truth.from_day, to = truth.from_day + truth.ndays;

    /* a missing stick, and a file where the directory should be */
    char none[512];
    gen_path(none, sizeof none, "not-plugged-in");
    CHECK_INT(staff_export(st, &cfg, none, from, to, &res, &d),
              KIOSK_ENOENT);
    CHECK(has_diag(&d, 0, "still plugged in"));
    CHECK(access(none, F_OK) != 0);
    kiosk_diag_free(&d);
    char file[512];
    gen_path(file, sizeof file, "a-file");
    FILE *f = fopen(file, "w");
    CHECK(f != NULL);
    if (f) {
        fclose(f);
    }
    CHECK_INT(staff_export(st, &cfg, file, from, to, &res, &d), KIOSK_ENOENT);
    CHECK_INT(d.errors, 1);
    kiosk_diag_free(&d);

    /* a good export, then one that fails half-way: a directory squats on
     * aggregate.csv.tmp, so tickets.csv.tmp is written first and must be
     * cleaned up, and the first export's files stay as they were */
    char dir[512];
    gen_path(dir, sizeof dir, "stick");
    CHECK_INT(mkdir(dir, 0755), 0);
    CHECK_INT(staff_export(st, &cfg, dir, from, to, &res, &d), KIOSK_OK);
    kiosk_diag_free(&d);
    char path[600];
    snprintf(path, sizeof path, "%s/tickets.csv", dir);
    size_t len1 = 0;
    char *before = slurp(path, &len1);
    char squat[600];
    snprintf(squat, sizeof squat, "%s/aggregate.csv.tmp", dir);
    CHECK_INT(mkdir(squat, 0755), 0);
    CHECK(staff_export(st, &cfg, dir, from + 1, to, &res, &d) != KIOSK_OK);
    CHECK_INT(d.errors, 1);
    CHECK(d.n > 0 && strstr(d.items[0].file, "aggregate.csv.tmp") != NULL);
    kiosk_diag_free(&d);
    rmdir(squat);
    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "aggregate.csv dhis2.json tickets.csv");
    size_t len2 = 0;
    char *after = slurp(path, &len2);
    CHECK(before && after && len1 == len2 && memcmp(before, after, len1) == 0);
    free(before);
    free(after);

    /* a read-only stick: a clear refusal, nothing created */
    if (!make_unwritable(dir, 1)) {
        make_unwritable(dir, 0);
        printf("note: cannot make a directory unwritable here (root without "
               "the immutable flag); read-only case not run\n");
    } else {
        enum kiosk_err e = staff_export(st, &cfg, dir, from, to, &res, &d);
        CHECK_INT(e, KIOSK_EDENIED);
        CHECK_INT(d.errors, 1);
        if (d.n > 0) {
            char line[600];
            kiosk_diag_format(&d.items[0], line, sizeof line);
            printf("read-only stick: %s\n", line);
            CHECK_CONTAINS(d.items[0].msg, "cannot create");
            CHECK(strstr(d.items[0].msg, "read-only") ||
                  strstr(d.items[0].msg, "not allowed"));
            CHECK_CONTAINS(d.items[0].file, dir);
        }
        kiosk_diag_free(&d);
        make_unwritable(dir, 0);
        list_dir(dir, names, sizeof names);
        CHECK_STR(names,
                  "aggregate.csv dhis2.json tickets.csv");
    }
}

/* ---- configuration ------------------------------------------------------ */

static void test_cfg(void)
{
    static const char *const good[] = {"Abcdefghij0", "a0000000000",
                                       "ZZZZZZZZZZZ", "HllvX50cXC0"};
    static const char *const bad[] = {"0bcdefghij0", "Abcdefghij", "",
                                      "Abcdefghij01", "Abcdefghij-",
                                      "Abcdefghij\xc3\xa9", "Abcde fghij"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK(staff_dhis2_uid_valid(good[i]));
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!staff_dhis2_uid_valid(bad[i]));
    }
    CHECK(!staff_dhis2_uid_valid(NULL));

    /* each bad line is reported with its line number; good lines count */
    static const char text[] =
        "[dhis2]\n"                                   /* 1 */
        "dataset = dsTest00001\n"                     /* 2 */
        "orgunit = 12345678901\n"                     /* 3: digit first */
        "visits = deVisits001\n"                      /* 4 */
        "visits = deVisits002\n"                      /* 5: twice */
        "visitors = deVisits003\n"                    /* 6: unknown */
        "visits.gone = deVisits004\n"                 /* 7: no outcome */
        "band.phq4.phq4_level = deBand000001\n"       /* 8: no value */
        "screenings.phq4 = deScreen001.cocX\n"        /* 9: short coc */
        "tickets_issued = deTicketI01.cocA0000001.x\n" /* 10 */
        "[other]\n"                                   /* 11 */
        "visits = nonsense but not ours\n";           /* 12 */
    struct staff_dhis2_cfg c;
    struct kiosk_diag d = {0};
    CHECK_INT(staff_dhis2_cfg_load_string(text, "t.ini", &c, &d),
              KIOSK_EPARSE);
    static const int lines[] = {3, 5, 6, 7, 8, 9, 10};
    CHECK_INT(d.errors, 7);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0] &&
                       i < (size_t)d.n; i++) {
        CHECK_INT(d.items[i].row, lines[i]);
        CHECK_STR(d.items[i].file, "t.ini");
    }
    CHECK_STR(c.dataset, "dsTest00001");
    CHECK_INT(c.nmap, 1);
    kiosk_diag_free(&d);

    /* two measures on one element and combo (after coc_default) */
    static const char dup[] =
        "[dhis2]\n"
        "dataset = dsTest00001\n"
        "orgunit = ouTest00001\n"
        "coc_default = cocDefault1\n"
        "tickets_issued = deTicket001\n"
        "tickets_attended = deTicket001.cocDefault1\n";
    CHECK_INT(staff_dhis2_cfg_load_string(dup, "t.ini", &c, &d),
              KIOSK_EPARSE);
    CHECK(has_diag(&d, 0, "same data element"));
    kiosk_diag_free(&d);

    /* mapped measures without a data set: a warning */
    CHECK_INT(staff_dhis2_cfg_load_string("[dhis2]\nvisits = deVisits001\n",
                                          NULL, &c, &d), KIOSK_OK);
    CHECK_INT(d.warnings, 1);
    kiosk_diag_free(&d);

    /* the fixture file through the file loader */
    char path[512];
    gen_path(path, sizeof path, "site.ini");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(site_ini, f);
        fclose(f);
    }
    CHECK_INT(staff_dhis2_cfg_load(path, &c, &d), KIOSK_OK);
    CHECK_INT(c.nmap, 14);
    CHECK_STR(c.coc_default, "cocDefault1");
    const struct staff_dhis2_map *m = mapped(&c, "language.xx");
    CHECK(m != NULL);
    if (m) {
        CHECK_STR(m->de, "deLang00001");
        CHECK_STR(m->coc, "cocXx000001");
    }
    kiosk_diag_free(&d);
    gen_path(path, sizeof path, "no-such.ini");
    CHECK_INT(staff_dhis2_cfg_load(path, &c, &d), KIOSK_ENOENT);
    CHECK_INT(d.errors, 1);
    kiosk_diag_free(&d);
}

/* The checker must be able to say no, or its yes means nothing. */
static void test_json_checker(void)
{
    static const char *const bad[] = {
        "", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\" 1}",
        "{\"a\":\"x\ny\"}", "{\"a\":01}", "{} {}", "{\"a\":\"\\q\"}", "nul",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct json_doc doc;
        char err[96];
        CHECK_INT(json_parse(bad[i], strlen(bad[i]), &doc, err, sizeof err),
                  -1);
    }
    const char *ok = "{\"a\": [1, -2.5e3, \"\\u00e9\\\"\", true, null], "
                     "\"b\": {}}";
    struct json_doc doc;
    char err[96];
    CHECK_INT(json_parse(ok, strlen(ok), &doc, err, sizeof err), 0);
    int a = json_get(&doc, 0, "a");
    CHECK(a >= 0 && doc.nodes[a].count == 5);
    if (a >= 0) {
        int s = doc.nodes[doc.nodes[doc.nodes[a].first].next].next;
        CHECK_STR(doc.nodes[s].str, "\xc3\xa9\"");
    }
    json_free(&doc);
}

/* ---- the command line and the USB mount point --------------------------- */

static void test_cli(const char *db)
{
    char dir[512], ini[512], outp[512], errp[512];
    gen_path(dir, sizeof dir, "cli");
    gen_path(ini, sizeof ini, "site.ini"); /* written by test_cfg */
    gen_path(outp, sizeof outp, "cli.out");
    gen_path(errp, sizeof errp, "cli.err");
    CHECK_INT(mkdir(dir, 0755), 0);
    FILE *out = fopen(outp, "w+"), *err = fopen(errp, "w+");
    CHECK(out && err);
    if (!out || !err) {
        return;
    }
    CHECK_INT(staff_export_cli(db, ini, GEN_DAY_OFFSET, dir, "2026-11-01", "2026-11-30", out,
                               err), 0);
    fflush(out);
    fflush(err);
    char *o = slurp(outp, NULL), *e = slurp(errp, NULL);
    CHECK_CONTAINS(o, "period 202611");
    CHECK_CONTAINS(e, "left out"); /* the unmapped measures */
    free(o);
    free(e);
    char names[256];
    list_dir(dir, names, sizeof names);
    CHECK_STR(names, "aggregate.csv dhis2.json tickets.csv");
    check_aggregate(dir, 0, truth.ndays);
    /* --to is inclusive: one day is a DHIS2 daily period */
    CHECK_INT(staff_export_cli(db, ini, GEN_DAY_OFFSET, dir, "2026-11-24", "2026-11-24", out,
                               err), 0);
    check_aggregate(dir, 23, 24);
    static const struct { const char *from, *to; int rc; } t[] = {
        {"2026-11-31", "2026-12-01", 2}, {"2026-11-01", "30/11/2026", 2},
        {"2026-11-30", "2026-11-01", 2}, {NULL, "2026-11-01", 2},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(staff_export_cli(db, ini, GEN_DAY_OFFSET, dir, t[i].from, t[i].to, out,
                                   err), t[i].rc);
    }
    char nodb[512];
    gen_path(nodb, sizeof nodb, "missing.db");
    CHECK_INT(staff_export_cli(nodb, ini, GEN_DAY_OFFSET, dir, "2026-11-01", "2026-11-30",
                               out, err), 1);
    CHECK(access(nodb, F_OK) != 0); /* not created by the attempt */
    fclose(out);
    fclose(err);
}

static void test_find_media(void)
{
    char media[512], stick[600], mounts[512];
    gen_path(media, sizeof media, "media");
    CHECK_INT(mkdir(media, 0755), 0);
    snprintf(stick, sizeof stick, "%s/KINGSTON 8GB", media);
    CHECK_INT(mkdir(stick, 0755), 0);
    gen_path(mounts, sizeof mounts, "mounts");
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s/", media);
    FILE *f = fopen(mounts, "w");
    CHECK(f != NULL);
    if (!f) {
        return;
    }
    fprintf(f, "/dev/mmcblk0p2 / ext4 rw,noatime 0 0\n");
    fprintf(f, "proc /proc proc rw 0 0\n");
    fprintf(f, "/dev/sdb1 %s/gone vfat rw 0 0\n", media); /* no such dir */
    fprintf(f, "/dev/sda1 %s/KINGSTON\\0408GB vfat rw,uid=1000 0 0\n", media);
    fclose(f);
    char out[600];
    CHECK_INT(staff_find_media(mounts, prefix, out, sizeof out), KIOSK_OK);
    CHECK_STR(out, stick);
    CHECK_INT(staff_find_media(mounts, "/nowhere/", out, sizeof out),
              KIOSK_ENOENT);
    CHECK_STR(out, "");
    char tiny[8];
    CHECK_INT(staff_find_media(mounts, prefix, tiny, sizeof tiny),
              KIOSK_ETOOBIG);
}

int main(void)
{
    char db[512];
    gen_path(db, sizeof db, "kiosk.db");
    struct store *st = gen_open(db);
    CHECK(st != NULL);
    if (!st) {
        TEST_MAIN_END();
    }
    CHECK_INT(gen_month(st, date_from_civil(2026, 11, 1), 30, 10, 7,
                        &truth), 0);
    test_json_checker();
    test_cfg();
    test_month_export(st);
    test_no_dhis2(st);
    test_failures(st);
    store_close(st);
    test_cli(db);
    test_find_media();
    gen_cleanup();
    TEST_MAIN_END();
}
