/* The two record XForms as the province publishes them: the templates in
 * assets/report with this kiosk fleet's form versions and the province's
 * public key filled in. With <submission base64RsaPublicKey="..."/> in its
 * model a form is an encrypted form for Central (its export asks for the
 * private key or the managed-encryption passphrase) and for Collect-style
 * clients; the kiosk encrypts every record anyway. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report_int.h"

#define TEMPLATE_MAX (64 * 1024)

/* Reads path into a malloc'd NUL-terminated buffer; NULL on failure. */
static char *slurp(const char *path, char *err, size_t errn)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errn, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *p = malloc(TEMPLATE_MAX + 1);
    size_t n = p ? fread(p, 1, TEMPLATE_MAX + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!p || bad || n > TEMPLATE_MAX) {
        snprintf(err, errn, "%s: %s", path, !p ? "out of memory"
                 : bad ? "read error" : "larger than 64 KB");
        free(p);
        return NULL;
    }
    p[n] = '\0';
    return p;
}

/* Writes data to dir/name through a temporary file and a rename, so a
 * reader never sees half a form. */
static enum kiosk_err write_file(const char *dir, const char *name,
                                 const char *data, size_t len, char *err,
                                 size_t errn)
{
    char path[1024], tmp[1100];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        snprintf(err, errn, "output directory name too long");
        return KIOSK_EINVAL;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errn, "%s: %s", tmp, strerror(errno));
        return KIOSK_EIO;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w <= 0) {
            break;
        }
        done += (size_t)w;
    }
    int ok = done == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        snprintf(err, errn, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return KIOSK_EIO;
    }
    return KIOSK_OK;
}

/* The template of form `id` with version and key filled in, into b. */
static enum kiosk_err fill(const char *tpl, const char *file,
                           const char *id, const char *version,
                           const char *key, struct report_buf *b,
                           char *err, size_t errn)
{
    char head[96];
    snprintf(head, sizeof head, "<data id=\"%s\" version=\"", id);
    const char *inst = strstr(tpl, "<instance>");
    const char *data = inst ? strstr(inst, head) : NULL;
    const char *vend = data ? strchr(data + strlen(head), '"') : NULL;
    const char *model_end = vend ? strstr(vend, "</model>") : NULL;
    if (!model_end || strstr(tpl, "<submission")) {
        snprintf(err, errn, "%s: not the %s template (its primary instance "
                 "<data id=\"%s\" version=\"...\"> and </model> are "
                 "needed, and no <submission> yet)", file, id, id);
        return KIOSK_EPARSE;
    }
    const char *v = data + strlen(head);
    /* the line </model> is on, to indent the new element like its
     * siblings */
    const char *line = model_end;
    while (line > tpl && line[-1] == ' ') {
        line--;
    }
    report_buf_put(b, tpl, (size_t)(v - tpl));
    report_buf_xml(b, version);
    report_buf_put(b, vend, (size_t)(line - vend));
    report_buf_put(b, line, (size_t)(model_end - line));
    report_buf_puts(b, "  <submission base64RsaPublicKey=\"");
    report_buf_puts(b, key); /* base64: nothing to escape */
    report_buf_puts(b, "\"/>\n");
    report_buf_put(b, line, (size_t)(model_end - line));
    report_buf_puts(b, model_end);
    return b->failed ? KIOSK_ENOMEM : KIOSK_OK;
}

enum kiosk_err report_write_forms(const struct report_cfg *cfg,
                                  const char *template_dir,
                                  const char *out_dir, char *err,
                                  size_t errn)
{
    char tmp[300];
    if (!err) {
        err = tmp;
        errn = sizeof tmp;
    }
    if (errn) {
        err[0] = '\0';
    }
    if (!cfg || !template_dir || !out_dir) {
        snprintf(err, errn, "no configuration or directory");
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = report_check_public_key(cfg->public_key, err, errn);
    if (e != KIOSK_OK) {
        return e;
    }
    const struct {
        const char *id, *version;
    } forms[] = {
        {REPORT_SCREENING_FORM, cfg->screening_version},
        {REPORT_DAILY_FORM, cfg->daily_version},
    };
    for (size_t i = 0; i < 2; i++) {
        const char *v = forms[i].version ? forms[i].version
                                         : REPORT_FORMS_VERSION;
        if (!*v || strlen(v) > 63 || strpbrk(v, " \t\n\"<>&")) {
            snprintf(err, errn, "version '%s' of %s: 1 to 63 characters "
                     "without spaces, quotes, < > or &", v, forms[i].id);
            return KIOSK_EINVAL;
        }
    }
    for (size_t i = 0; i < 2 && e == KIOSK_OK; i++) {
        const char *v = forms[i].version ? forms[i].version
                                         : REPORT_FORMS_VERSION;
        char path[1024], name[64];
        snprintf(name, sizeof name, "%s.xml", forms[i].id);
        snprintf(path, sizeof path, "%s/%s", template_dir, name);
        char *tpl = slurp(path, err, errn);
        if (!tpl) {
            return KIOSK_EIO;
        }
        struct report_buf b = {.max = 2 * TEMPLATE_MAX};
        e = fill(tpl, path, forms[i].id, v, cfg->public_key, &b, err, errn);
        if (e == KIOSK_OK) {
            e = write_file(out_dir, name, b.p, b.len, err, errn);
        }
        report_buf_free(&b);
        free(tpl);
    }
    return e;
}
