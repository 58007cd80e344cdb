#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "central.h"

int central_start(struct central *c, const char *token, const char *extra)
{
    memset(c, 0, sizeof *c);
    int fd[2];
    if (pipe(fd) != 0) {
        return -1;
    }
    char *argv[16];
    int n = 0;
    char extra_copy[512];
    argv[n++] = "python3";
    argv[n++] = "tests/report/central.py";
    argv[n++] = "--token";
    argv[n++] = (char *)token;
    test_key(NULL);
    argv[n++] = "--private-key";
    argv[n++] = (char *)test_key_pem();
    if (extra) {
        snprintf(extra_copy, sizeof extra_copy, "%s", extra);
        char *save = NULL;
        for (char *w = strtok_r(extra_copy, " ", &save); w && n < 15;
             w = strtok_r(NULL, " ", &save)) {
            argv[n++] = w;
        }
    }
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execvp("python3", argv);
        _exit(127);
    }
    close(fd[1]);
    char line[128];
    size_t k = 0;
    while (k + 1 < sizeof line) {
        ssize_t r = read(fd[0], line + k, 1);
        if (r <= 0 || line[k] == '\n') {
            break;
        }
        k++;
    }
    line[k] = '\0';
    close(fd[0]);
    c->pid = pid;
    if (sscanf(line, "PORTS %d %d", &c->port, &c->ctl_port) != 2) {
        fprintf(stderr, "central.py did not start: '%s'\n", line);
        central_stop(c);
        return -1;
    }
    return 0;
}

void central_stop(struct central *c)
{
    if (c->pid > 0) {
        kill(c->pid, SIGTERM);
        waitpid(c->pid, NULL, 0);
    }
    c->pid = 0;
}

struct text {
    char *p;
    size_t len;
};

static size_t collect(char *p, size_t size, size_t nmemb, void *ctx)
{
    struct text *t = ctx;
    size_t n = size * nmemb;
    char *q = realloc(t->p, t->len + n + 1);
    if (!q) {
        return 0;
    }
    t->p = q;
    memcpy(t->p + t->len, p, n);
    t->len += n;
    t->p[t->len] = '\0';
    return n;
}

static char *get(struct central *c, const char *path)
{
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", c->ctl_port, path);
    CURL *h = curl_easy_init();
    struct text t = {NULL, 0};
    if (!h) {
        return NULL;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    CURLcode cc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(h);
    if (cc != CURLE_OK || code != 200) {
        free(t.p);
        return NULL;
    }
    if (!t.p) {
        t.p = calloc(1, 1);
    }
    return t.p;
}

int central_ctl(struct central *c, const char *query)
{
    char path[300];
    snprintf(path, sizeof path, "/ctl?%s", query);
    char *r = get(c, path);
    free(r);
    return r ? 0 : -1;
}

int central_log(struct central *c, struct central_hit *hits, int cap)
{
    char *t = get(c, "/log");
    if (!t) {
        return -1;
    }
    int n = 0;
    char *save = NULL;
    for (char *line = strtok_r(t, "\n", &save); line && n < cap;
         line = strtok_r(NULL, "\n", &save)) {
        struct central_hit *h = &hits[n];
        memset(h, 0, sizeof *h);
        if (sscanf(line, "%d %d %63s %63s %23s %63s %63s %d %d %7s",
                   &h->n, &h->status, h->form, h->instance, h->sha, h->ua,
                   h->device, &h->key_in_url, &h->enc, h->problem) == 10) {
            n++;
        }
    }
    free(t);
    return n;
}

char *central_instances(struct central *c)
{
    return get(c, "/instances");
}

char *central_plain(struct central *c, const char *instance)
{
    char path[160];
    snprintf(path, sizeof path, "/plain?id=%s", instance);
    return get(c, path);
}

static EVP_PKEY *key_priv;
static char key_pub[1024], key_pem[512];

const char *test_key(EVP_PKEY **priv)
{
    if (!key_priv) {
        test_file(key_pem, sizeof key_pem, "province.pem");
        key_priv = test_keypair(2048, key_pub, sizeof key_pub, key_pem);
        if (!key_priv) {
            fprintf(stderr, "could not make the test key pair\n");
            exit(1);
        }
    }
    if (priv) {
        *priv = key_priv;
    }
    return key_pub;
}

const char *test_key_pem(void)
{
    test_key(NULL);
    return key_pem;
}

int64_t vclock_now(void *ctx)
{
    return atomic_load(&((struct vclock *)ctx)->now);
}

int write_token(const char *path, const char *token, unsigned mode)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        return -1;
    }
    size_t n = strlen(token);
    int ok = write(fd, token, n) == (ssize_t)n && write(fd, "\n", 1) == 1;
    close(fd);
    return ok && chmod(path, mode) == 0 ? 0 : -1;
}

void test_file(char *out, size_t n, const char *name)
{
    static char dir[256];
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/kiosk-report-XXXXXX",
                 t && *t ? t : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    snprintf(out, n, "%s/%s", dir, name);
}

struct store *fresh_store(const char *path)
{
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    struct store_opts o = {
        .setup_code = "test-setup-code",
        .pwhash_ops = 1,
        .pwhash_mem = 8192,
        .day_offset = 25200,
    };
    struct store *st = NULL;
    if (store_open(path, &o, &st) != KIOSK_OK) {
        return NULL;
    }
    return st;
}

int queue_screening(struct store *st, const struct report_cfg *cfg,
                    int64_t t, int64_t seq, char *iid)
{
    char score[24];
    snprintf(score, sizeof score, "%lld", (long long)(seq % 40));
    const struct store_value v[] = {
        {"alcohol_score", score},
        {"alcohol_risk", seq % 40 >= 11 ? "moderate" : "low"},
        {"injected", "no"},
    };
    const struct report_measure m[] = {{"alcohol_risk", v[0].value,
                                        v[1].value}};
    struct report_screening rs = {
        .form_id = "assist", .form_version = "2026112401",
        .language = "vi", .completed = t, .seq = seq,
        .measures = m, .n_measures = 1,
    };
    struct report_record r;
    if (report_build_screening(cfg, &rs, &r) != KIOSK_OK) {
        return -1;
    }
    static const unsigned char answers[] = "q1=alcohol";
    struct store_outbox_new ob;
    report_record_outbox(&r, &ob);
    struct store_screening sc = {
        .form_id = "assist", .form_version = "2026112401",
        .language = "vi", .time = t, .values = v, .n_values = 3,
        .tallies = v + 1, .n_tallies = 1,
        .answers = answers, .answers_len = sizeof answers - 1,
        .outbox = &ob,
    };
    enum kiosk_err e = store_save_screening(st, &sc, NULL);
    if (e == KIOSK_OK && iid) {
        memcpy(iid, r.instance_id, sizeof r.instance_id);
    }
    report_record_free(&r);
    return e == KIOSK_OK ? 0 : -1;
}

int wait_served(struct report_sender *s)
{
    struct report_status st;
    report_status(s, &st);
    uint64_t w = st.wakes;
    for (int i = 0; i < 30000; i++) {
        report_status(s, &st);
        if (st.wakes_served >= w && st.passes > 0) {
            return 1;
        }
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "sender did not finish a pass within 60 s\n");
    return 0;
}

int kick(struct report_sender *s)
{
    report_wake(s);
    return wait_served(s);
}

int push(struct report_sender *s)
{
    report_send_now(s);
    return wait_served(s);
}
