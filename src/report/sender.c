/* The sender: one worker thread that POSTs outbox records to ODK Central
 * with libcurl, in queue order, and records each outcome in the outbox.
 *
 * Order is the queue's: records go in the order they were made, whatever
 * the clock said when they were made (a record made while the clock was
 * ahead does not wait for it). A record that must be retried keeps its
 * place. What Central answers decides what stops (report_classify):
 *   - a server or network failure is not about one record: the whole
 *     sender pauses (backoff) and starts again from the oldest record;
 *   - a form the server cannot take now (not published, version not
 *     published, closed, or no Form Access for the app user: an
 *     administrator fixes each in a minute) is held on its own and
 *     retried with backoff, while the other form goes on;
 *   - a token revoked (403) holds everything until the token file changes
 *     or staff press "send now";
 *   - only a record the server will never take (400, the same id with
 *     other bytes, a record deleted on the server) is parked for staff.
 * Two copies of one record in flight at once (a request that timed out
 * here while Central was still storing it) make the second one lose with
 * 409.18 although the record is there: the same bytes are sent again at
 * once, and Central answers an identical re-send with 201. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "report/report_int.h"

#define RESPONSE_MAX 8192      /* bytes of a response body kept */
#define CONNECT_TIMEOUT_S 10L
#define REQUEST_TIMEOUT_S 60L
#define DEFAULT_INTERVAL_S 300

/* X509_V_ERR_CERT_NOT_YET_VALID and _HAS_EXPIRED from OpenSSL, which
 * libcurl reports through CURLINFO_SSL_VERIFYRESULT. */
#define VERIFY_NOT_YET_VALID 9
#define VERIFY_EXPIRED 10

/* What the sender knows about one form. */
struct form_state {
    char form[32];               /* form id; "" = free slot */
    int held;                    /* on hold until retry_at */
    int auth;                    /* the hold is a 401: a new token file
                                    ends it at once */
    int streak;                  /* failed tries in a row */
    int64_t retry_at;
    int http;                    /* status that put it on hold */
    const char *problem;         /* Central's problem (static) */
    char reason[300];
    int64_t last_success;        /* time of its last 201/202, 0 = none */
};

struct report_sender {
    /* configuration, copied */
    struct report_cfg cfg;
    char *server, *token_file, *ca_file, *kiosk_id, *db_path;
    char *screening_version, *daily_version, *public_key;
    char url[512];

    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int wake;                    /* mu: re-evaluate now */
    int send_now;                /* mu: end backoff and holds, then pass */
    atomic_int stop;             /* read by the curl progress callback */
    struct report_status status; /* mu */

    /* worker thread only */
    struct store *st;
    CURL *curl;
    int streak;                  /* consecutive failed attempts */
    int64_t backoff_until;       /* no request before this */
    int held;                    /* everything held (403, token file) */
    unsigned char held_hash[crypto_generichash_BYTES]; /* token then */
    struct form_state forms[REPORT_MAX_FORMS];
};

/* One request's result. */
struct response {
    long http;                   /* 0 = no HTTP response */
    CURLcode cc;
    int aborted;                 /* stopped by report_stop */
    char body[RESPONSE_MAX + 1];
    size_t body_len;
    int64_t server_date;         /* from the Date header, 0 = none */
    char err[CURL_ERROR_SIZE];
};

static pthread_mutex_t global_mu = PTHREAD_MUTEX_INITIALIZER;
static int global_users;

/* ---- small helpers ------------------------------------------------------- */

static int64_t now_of(const struct report_sender *s)
{
    return s->cfg.clock ? s->cfg.clock(s->cfg.clock_ctx)
                        : (int64_t)time(NULL);
}

/* Copies src into dst[0..n), cut at n - 1 bytes (an intended cut: these
 * are messages for people, not data). */
static void copy_cut(char *dst, size_t n, const char *src)
{
    size_t k = strnlen(src, n - 1);
    memcpy(dst, src, k);
    dst[k] = '\0';
}

/* snprintf for messages to people, where a cut is intended. */
static void msgf(char *out, size_t n, const char *fmt, ...) KIOSK_PRINTF(3, 4);

static void msgf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

static char *dup_or_null(const char *v)
{
    return v && *v ? strdup(v) : NULL;
}

/* Reads the token file. The error text names the file, never the token. */
enum kiosk_err report_read_token(const char *path, char *tok, size_t n,
                                 char *err, size_t errn)
{
    char tmp[160];
    if (!err) {
        err = tmp;
        errn = sizeof tmp;
    }
    if (n) {
        tok[0] = '\0';
    }
    if (!path || !*path || n < 2) {
        snprintf(err, errn, "no token file configured");
        return KIOSK_EINVAL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(err, errn, "token file %s: %s", path, strerror(errno));
        return errno == ENOENT ? KIOSK_ENOENT : KIOSK_EIO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        snprintf(err, errn, "token file %s is not a regular file", path);
        return KIOSK_EINVAL;
    }
    if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
        close(fd);
        snprintf(err, errn, "token file %s is open to other users (mode "
                 "%04o): refused; chmod 600 it", path,
                 (unsigned)(sb.st_mode & 07777));
        return KIOSK_EDENIED;
    }
    char buf[REPORT_TOKEN_MAX + 8];
    ssize_t got = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (got < 0) {
        snprintf(err, errn, "token file %s: %s", path, strerror(errno));
        return KIOSK_EIO;
    }
    size_t len = (size_t)got;
    buf[len] = '\0';
    size_t a = 0;
    while (a < len && (buf[a] == ' ' || buf[a] == '\t' || buf[a] == '\n' ||
                       buf[a] == '\r')) {
        a++;
    }
    while (len > a && (buf[len - 1] == ' ' || buf[len - 1] == '\t' ||
                       buf[len - 1] == '\n' || buf[len - 1] == '\r')) {
        len--;
    }
    enum kiosk_err e = KIOSK_OK;
    if (len == a) {
        snprintf(err, errn, "token file %s is empty", path);
        e = KIOSK_EINVAL;
    } else if (len - a > REPORT_TOKEN_MAX || len - a + 1 > n) {
        snprintf(err, errn, "token file %s holds more than one token "
                 "(over %d bytes)", path, REPORT_TOKEN_MAX);
        e = KIOSK_ETOOBIG;
    } else {
        for (size_t i = a; i < len; i++) {
            if (buf[i] <= ' ' || buf[i] > '~') {
                snprintf(err, errn, "token file %s holds a character that "
                         "cannot be in a token (space, control or non-ASCII)",
                         path);
                e = KIOSK_EINVAL;
                break;
            }
        }
    }
    if (e == KIOSK_OK) {
        memcpy(tok, buf + a, len - a);
        tok[len - a] = '\0';
        err[0] = '\0';
    }
    sodium_memzero(buf, sizeof buf);
    return e;
}

/* ---- status (under mu) --------------------------------------------------- */

static void set_error(struct report_sender *s, const char *fmt, ...)
    KIOSK_PRINTF(2, 3);

static void set_error(struct report_sender *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&s->mu);
    vsnprintf(s->status.last_error, sizeof s->status.last_error, fmt, ap);
    pthread_mutex_unlock(&s->mu);
    va_end(ap);
}

/* ---- one request --------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
    struct response *r = ctx;
    size_t n = size * nmemb;
    size_t room = RESPONSE_MAX - r->body_len;
    size_t k = n < room ? n : room;
    memcpy(r->body + r->body_len, p, k);
    r->body_len += k;
    r->body[r->body_len] = '\0';
    return n; /* the rest is dropped, not an error */
}

static size_t on_header(char *p, size_t size, size_t nitems, void *ctx)
{
    struct response *r = ctx;
    size_t n = size * nitems;
    if (n > 5 && n < 128 && strncasecmp(p, "Date:", 5) == 0) {
        char line[128];
        memcpy(line, p + 5, n - 5);
        line[n - 5] = '\0';
        time_t t = curl_getdate(line, NULL);
        if (t > 0) {
            r->server_date = (int64_t)t;
        }
    }
    return n;
}

static int on_progress(void *ctx, curl_off_t dt, curl_off_t dn,
                       curl_off_t ut, curl_off_t un)
{
    struct report_sender *s = ctx;
    return atomic_load(&s->stop) ? 1 : 0;
}

static struct curl_slist *add_header(struct curl_slist *h, const char *v,
                                     int *ok)
{
    struct curl_slist *n = *ok ? curl_slist_append(h, v) : NULL;
    if (!n) {
        *ok = 0;
        return h;
    }
    return n;
}

static void post(struct report_sender *s, const struct store_outbox_item *it,
                 const char *token, struct response *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = s->curl;
    curl_easy_reset(c); /* keeps the connection cache */
    curl_mime *mime = curl_mime_init(c);
    curl_mimepart *part = mime ? curl_mime_addpart(mime) : NULL;
    curl_mimepart *att = part && it->att ? curl_mime_addpart(mime) : NULL;
    char auth[REPORT_TOKEN_MAX + 32];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    int ok = 1;
    struct curl_slist *h = add_header(NULL, "X-OpenRosa-Version: 1.0", &ok);
    h = add_header(h, auth, &ok);
    /* no "Expect: 100-continue" round trip before a small body */
    h = add_header(h, "Expect:", &ok);
    sodium_memzero(auth, sizeof auth);
    if (!part || (it->att && !att) || !ok) {
        curl_slist_free_all(h);
        curl_mime_free(mime);
        r->cc = CURLE_OUT_OF_MEMORY;
        snprintf(r->err, sizeof r->err, "out of memory");
        return;
    }
    /* Central (multer) needs the part named xml_submission_file AND a
     * filename, or it treats the part as a text field and answers 400. */
    curl_mime_name(part, "xml_submission_file");
    curl_mime_data(part, (const char *)it->body, it->len);
    curl_mime_filename(part, "submission.xml");
    curl_mime_type(part, "text/xml");
    if (att) {
        /* Central matches an attachment to the manifest's
         * <encryptedXmlFile> by the part's NAME. */
        curl_mime_name(att, "submission.xml.enc");
        curl_mime_data(att, (const char *)it->att, it->att_len);
        curl_mime_filename(att, "submission.xml.enc");
        curl_mime_type(att, "application/octet-stream");
    }

    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vn-kiosk/" KIOSK_VERSION);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, REQUEST_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (s->ca_file) {
        curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
    }
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->err);

    r->cc = curl_easy_perform(c);
    if (r->cc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->http);
    }
    r->aborted = r->cc == CURLE_ABORTED_BY_CALLBACK;
    /* Do not leave pointers to freed memory in the handle. */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, NULL);
    curl_slist_free_all(h);
    curl_mime_free(mime);
}

/* Why a request got no HTTP response, in words for staff. */
static void describe_failure(struct report_sender *s,
                             const struct response *r, char *out, size_t n)
{
    long verify = 0;
    if (r->cc == CURLE_PEER_FAILED_VERIFICATION) {
        curl_easy_getinfo(s->curl, CURLINFO_SSL_VERIFYRESULT, &verify);
    }
    if (verify == VERIFY_NOT_YET_VALID || verify == VERIFY_EXPIRED) {
        time_t sys = time(NULL);
        struct tm tm;
        gmtime_r(&sys, &tm);
        msgf(out, n, "clock: the kiosk's clock (%04d-%02d-%02d %02d:%02d "
                 "UTC) is outside the server certificate's validity (%s)%s: "
                 "set the date and time",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, verify == VERIFY_NOT_YET_VALID ? "not yet valid"
                                                           : "expired",
                 (int64_t)sys < KIOSK_BUILD_EPOCH
                     ? ", and earlier than this software's build date" : "");
        return;
    }
    if (r->cc == CURLE_PEER_FAILED_VERIFICATION ||
        r->cc == CURLE_SSL_CACERT_BADFILE) {
        msgf(out, n, "tls: the server's certificate is not trusted "
                 "(%s); check ca_file", r->err[0] ? r->err
                 : curl_easy_strerror(r->cc));
        return;
    }
    msgf(out, n, "network: %s%s%s", curl_easy_strerror(r->cc),
             r->err[0] ? ": " : "", r->err);
}

/* ---- the worker ---------------------------------------------------------- */

static void hash_text(const char *t,
                      unsigned char out[crypto_generichash_BYTES])
{
    crypto_generichash(out, crypto_generichash_BYTES,
                       (const unsigned char *)t, strlen(t), NULL, 0);
}

/* Token, or the reason there is none, as a fingerprint: a hold ends when
 * it changes (staff replaced or fixed the token file). */
static void token_fingerprint(struct report_sender *s,
                              unsigned char out[crypto_generichash_BYTES])
{
    char tok[REPORT_TOKEN_MAX + 1], err[256];
    if (report_read_token(s->token_file, tok, sizeof tok, err, sizeof err)
        == KIOSK_OK) {
        hash_text(tok, out);
    } else {
        hash_text(err, out);
    }
    sodium_memzero(tok, sizeof tok);
}

/* Holds everything (token refused or unreadable) until the token file
 * changes or staff press "send now". */
static void hold_all(struct report_sender *s)
{
    s->held = 1;
    token_fingerprint(s, s->held_hash);
    pthread_mutex_lock(&s->mu);
    s->status.held = 1;
    pthread_mutex_unlock(&s->mu);
}

static void add_recent(struct report_sender *s, const char *instance,
                       int http, const char *reason)
{
    struct report_status *st = &s->status;
    memmove(&st->recent[1], &st->recent[0],
            (REPORT_RECENT - 1) * sizeof st->recent[0]);
    copy_cut(st->recent[0].instance, sizeof st->recent[0].instance, instance);
    st->recent[0].http = http;
    copy_cut(st->recent[0].reason, sizeof st->recent[0].reason, reason);
    if (st->n_recent < REPORT_RECENT) {
        st->n_recent++;
    }
}

/* The state of form `id`, made on first use; NULL if the table is full
 * (only the kiosk's two forms ever reach it). */
static struct form_state *form_of(struct report_sender *s, const char *id)
{
    struct form_state *free_slot = NULL;
    if (!id[0]) {
        id = "-"; /* a record queued without a form id */
    }
    for (int i = 0; i < REPORT_MAX_FORMS; i++) {
        if (strcmp(s->forms[i].form, id) == 0 && s->forms[i].form[0]) {
            return &s->forms[i];
        }
        if (!s->forms[i].form[0] && !free_slot) {
            free_slot = &s->forms[i];
        }
    }
    if (free_slot) {
        memset(free_slot, 0, sizeof *free_slot);
        copy_cut(free_slot->form, sizeof free_slot->form, id);
    }
    return free_slot;
}

/* Copies the forms on hold into the status (under mu). */
static void publish_holds(struct report_sender *s)
{
    struct report_status *st = &s->status;
    st->n_holds = 0;
    for (int i = 0; i < REPORT_MAX_FORMS; i++) {
        const struct form_state *f = &s->forms[i];
        if (!f->form[0] || !f->held) {
            continue;
        }
        struct report_form_hold *h = &st->holds[st->n_holds++];
        copy_cut(h->form, sizeof h->form, f->form);
        h->http = f->http;
        copy_cut(h->problem, sizeof h->problem, f->problem ? f->problem : "");
        h->retry_at = f->retry_at;
        h->tries = f->streak;
        copy_cut(h->reason, sizeof h->reason, f->reason);
    }
}

/* Another form the server accepted since the start, or NULL. */
static const char *other_accepted(const struct report_sender *s,
                                  const struct form_state *f)
{
    for (int i = 0; i < REPORT_MAX_FORMS; i++) {
        const struct form_state *o = &s->forms[i];
        if (o != f && o->form[0] && o->last_success > 0) {
            return o->form;
        }
    }
    return NULL;
}

/* Puts form f on hold after answer http/problem; note gets the staff
 * text. */
static void hold_form(struct report_sender *s, struct form_state *f,
                      long http, const struct report_verdict *v,
                      const char *reason, int64_t now, char *note,
                      size_t n)
{
    f->held = 1;
    f->auth = http == 401;
    f->streak++;
    f->http = (int)http;
    f->problem = v->problem;
    int64_t wait = report_backoff(f->streak, randombytes_random());
    f->retry_at = now + wait;
    const char *other = http == 401 ? other_accepted(s, f) : NULL;
    if (other) {
        msgf(f->reason, sizeof f->reason, "%s held: %s while %s is "
                 "accepted, so the token is good: the app user has no Form "
                 "Access to %s; give it on Central (the project's Form "
                 "Access tab). Retried by itself.", f->form, reason, other,
                 f->form);
    } else {
        msgf(f->reason, sizeof f->reason, "%s held: %s: %s. Retried by "
                 "itself.", f->form, reason, v->advice);
    }
    copy_cut(note, n, f->reason);
}

static void release_form(struct form_state *f, int64_t now)
{
    f->held = 0;
    f->auth = 0;
    f->streak = 0;
    f->retry_at = 0;
    f->reason[0] = '\0';
    f->last_success = now;
}

/* Parks a record without sending it. 1 = go on. */
static int park_unsent(struct report_sender *s,
                       const struct store_outbox_item *it, int64_t now,
                       const char *reason)
{
    enum kiosk_err e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_FAILED,
                                         now, reason);
    pthread_mutex_lock(&s->mu);
    s->status.parked++;
    add_recent(s, it->instance, 0, reason);
    pthread_mutex_unlock(&s->mu);
    return e == KIOSK_OK;
}

/* Why an answer is not an acceptance, in words. */
static void describe(struct report_sender *s, const struct response *r,
                     const char *msg, const struct report_verdict *v,
                     char *out, size_t n)
{
    if (r->cc != CURLE_OK) {
        describe_failure(s, r, out, n);
    } else if (r->http >= 300 && r->http < 400) {
        msgf(out, n, "HTTP %ld: redirected; check the server URL", r->http);
    } else if (r->http == 200) {
        msgf(out, n, "HTTP 200 is not an OpenRosa answer (a captive "
                 "portal or a wrong server URL?)");
    } else {
        msgf(out, n, "HTTP %ld%s%s%s%s%s", r->http,
                 v->problem[0] ? " (" : "", v->problem,
                 v->problem[0] ? ")" : "", msg[0] ? ": " : "", msg);
    }
}

/* What one pass needs to carry from record to record. */
struct pass {
    const char *skip[REPORT_MAX_FORMS]; /* forms held: not taken */
    int n_skip;
    int64_t after;                      /* queue position done */
};

static void skip_form(struct pass *p, const char *form)
{
    for (int i = 0; i < p->n_skip; i++) {
        if (strcmp(p->skip[i], form) == 0) {
            return;
        }
    }
    if (p->n_skip < REPORT_MAX_FORMS) {
        p->skip[p->n_skip++] = form;
    }
}

/* Posts one record and classifies Central's answer into *v and msg; a
 * record Central says it must be sent again is re-sent once (*resent). */
static void exchange(struct report_sender *s, struct store_outbox_item *it,
                     const char *token, struct response *r, char *msg,
                     size_t msg_n, struct report_verdict *v, int *resent)
{
    post(s, it, token, r);
    report_openrosa_message(r->body, r->body_len, msg, msg_n);
    report_classify(r->cc == CURLE_OK ? r->http : 0, msg, 0, v);
    *resent = 0;
    if (v->outcome == REPORT_RESEND && !r->aborted) {
        /* The same bytes again: 201 if Central holds them (a copy in
         * flight won), the same refusal if it really deleted them. */
        post(s, it, token, r);
        report_openrosa_message(r->body, r->body_len, msg, msg_n);
        report_classify(r->cc == CURLE_OK ? r->http : 0, msg, 1, v);
        *resent = 1;
    }
}

/* Marks the record by the verdict (sent, pending with a note, held or
 * parked) and updates the sender's backoff and holds. *go_on is cleared
 * when the pass must end. */
static enum kiosk_err record_outcome(struct report_sender *s,
                                     struct store_outbox_item *it,
                                     struct form_state *f,
                                     const struct response *r,
                                     const struct report_verdict *v,
                                     int resent, const char *reason,
                                     int64_t after, struct pass *p,
                                     char *note, size_t note_n, int *go_on)
{
    enum kiosk_err e = KIOSK_OK;
    switch (v->outcome) {
    case REPORT_SENT:
    case REPORT_RESEND: /* not reached: a re-send is classified again */
        e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_SENT, after,
                              resent ? "sent: a copy in flight had "
                                       "already reached the server"
                                     : NULL);
        s->streak = 0;
        s->backoff_until = 0;
        if (f) {
            release_form(f, after);
        }
        break;
    case REPORT_RETRY:
        s->streak++;
        s->backoff_until = after + report_backoff(s->streak,
                                                  randombytes_random());
        msgf(note, note_n, "retry: %s", reason);
        e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_PENDING, after,
                              note);
        *go_on = 0;
        break;
    case REPORT_HOLD_FORM:
        hold_form(s, f, r->http, v, reason, after, note, note_n);
        e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_PENDING, after,
                              note);
        skip_form(p, f->form[0] == '-' ? "" : f->form);
        break;
    case REPORT_HOLD_ALL:
        msgf(note, note_n, "held: %s: %s", reason, v->advice);
        e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_PENDING, after,
                              note);
        hold_all(s);
        *go_on = 0;
        break;
    case REPORT_PARKED:
        msgf(note, note_n, "parked: %s%s%s%s", reason,
                 v->advice[0] ? " (" : "", v->advice,
                 v->advice[0] ? ")" : "");
        e = store_outbox_mark(s->st, it->id, STORE_OUTBOX_FAILED, after,
                              note);
        break;
    }
    return e;
}

/* What staff see of the attempt (under the sender's lock). */
static void publish_attempt(struct report_sender *s,
                            const struct store_outbox_item *it,
                            const struct response *r,
                            const struct report_verdict *v,
                            const char *reason, const char *note,
                            int64_t after, enum kiosk_err e)
{
    pthread_mutex_lock(&s->mu);
    struct report_status *st = &s->status;
    st->last_attempt = after;
    st->last_http = (int)r->http;
    if (r->server_date) {
        st->clock_skew = r->server_date - after;
    }
    if (v->outcome == REPORT_SENT) {
        st->sent++;
        st->last_success = after;
        st->last_error[0] = '\0';
    } else {
        copy_cut(st->last_error, sizeof st->last_error, note);
        if (v->outcome == REPORT_RETRY) {
            st->failures++;
        } else if (v->outcome == REPORT_PARKED) {
            st->parked++;
            add_recent(s, it->instance, (int)r->http, reason);
        }
    }
    publish_holds(s);
    if (e != KIOSK_OK) {
        /* A sent record not marked is sent again next pass: Central
         * answers 201 and keeps one copy. */
        msgf(st->last_error, sizeof st->last_error,
                 "store: could not record the outcome (%s)",
                 kiosk_strerror(e));
    }
    pthread_mutex_unlock(&s->mu);
}

/* Sends one record and marks it. Returns 1 to go on with the next record,
 * 0 to end the pass (backoff, hold, stop or a store problem). */
static int send_one(struct report_sender *s, struct store_outbox_item *it,
                    const char *token, int64_t now, struct pass *p)
{
    char reason[STORE_MAX_TEXT / 4];
    if (strcmp(it->kind, REPORT_OUTBOX_KIND) != 0) {
        msgf(reason, sizeof reason, "parked: outbox kind '%s' is not "
                 "sent to ODK Central", it->kind);
        return park_unsent(s, it, now, reason);
    }
    if (!it->att || !it->len) {
        /* Central does not insist on encryption; the kiosk does. */
        return park_unsent(s, it, now, "parked: not an encrypted record; "
                           "the kiosk sends encrypted records only");
    }
    struct form_state *f = form_of(s, it->form);
    struct response *r = malloc(sizeof *r);
    if (!r) {
        set_error(s, "out of memory");
        return 0;
    }
    char msg[200];
    struct report_verdict v;
    int resent;
    exchange(s, it, token, r, msg, sizeof msg, &v, &resent);
    if (r->aborted) {
        free(r); /* stopping: the record stays queued as it was */
        return 0;
    }
    int64_t after = now_of(s);
    describe(s, r, msg, &v, reason, sizeof reason);
    if (v.outcome == REPORT_HOLD_FORM && !f) {
        v.outcome = REPORT_RETRY; /* no room to hold it alone */
    }
    char note[STORE_MAX_TEXT / 2] = "";
    int go_on = 1;
    enum kiosk_err e = record_outcome(s, it, f, r, &v, resent, reason, after,
                                      p, note, sizeof note, &go_on);
    p->after = it->id;
    publish_attempt(s, it, r, &v, reason, note, after, e);
    free(r);
    return e == KIOSK_OK ? go_on : 0;
}

static void run_pass(struct report_sender *s, int64_t now)
{
    char token[REPORT_TOKEN_MAX + 1], err[256];
    if (report_read_token(s->token_file, token, sizeof token, err,
                          sizeof err) != KIOSK_OK) {
        set_error(s, "held: %s", err);
        hold_all(s);
        return;
    }
    struct pass p = {.n_skip = 0};
    for (int i = 0; i < REPORT_MAX_FORMS; i++) {
        const struct form_state *f = &s->forms[i];
        if (f->form[0] && f->held && now < f->retry_at) {
            skip_form(&p, f->form[0] == '-' ? "" : f->form);
        }
    }
    int empty = 0; /* the pass ran out of records it could send */
    while (!atomic_load(&s->stop)) {
        struct store_outbox_item it;
        enum kiosk_err e = store_outbox_next(s->st, p.after, p.skip,
                                             p.n_skip, &it);
        if (e == KIOSK_ENOENT) {
            empty = 1;
            break;
        }
        if (e != KIOSK_OK) {
            set_error(s, "store: cannot read the outbox (%s)",
                      kiosk_strerror(e));
            break;
        }
        int go_on = send_one(s, &it, token, now, &p);
        store_outbox_item_clear(&it);
        if (!go_on) {
            break;
        }
        now = now_of(s);
    }
    sodium_memzero(token, sizeof token);
    struct store_outbox_counts c;
    enum kiosk_err e = store_outbox_counts(s->st, &c);
    pthread_mutex_lock(&s->mu);
    s->status.queue_empty = empty;
    if (e == KIOSK_OK) {
        s->status.outbox = c;
        s->status.oldest_pending = c.oldest_pending;
    }
    pthread_mutex_unlock(&s->mu);
}

/* The earliest time a held form is due again, 0 = none. */
static int64_t next_form_retry(const struct report_sender *s)
{
    int64_t t = 0;
    for (int i = 0; i < REPORT_MAX_FORMS; i++) {
        const struct form_state *f = &s->forms[i];
        if (f->form[0] && f->held && (t == 0 || f->retry_at < t)) {
            t = f->retry_at;
        }
    }
    return t;
}

static void *worker(void *arg)
{
    struct report_sender *s = arg;
    s->curl = curl_easy_init();
    while (!atomic_load(&s->stop)) {
        pthread_mutex_lock(&s->mu);
        int forced = s->send_now;
        uint64_t wakes = s->status.wakes;
        s->send_now = 0;
        s->wake = 0;
        pthread_mutex_unlock(&s->mu);

        if (!s->st) {
            struct store_opts so = {.day_offset = s->cfg.tz_offset};
            enum kiosk_err e = store_open(s->db_path, &so, &s->st);
            if (e != KIOSK_OK) {
                set_error(s, "store: cannot open %s (%s)", s->db_path,
                          kiosk_strerror(e));
            }
        }
        int64_t now = now_of(s);
        if (forced) {
            s->held = 0;
            s->backoff_until = 0;
            for (int i = 0; i < REPORT_MAX_FORMS; i++) {
                s->forms[i].retry_at = 0; /* tried again now */
            }
        } else {
            unsigned char fp[crypto_generichash_BYTES];
            token_fingerprint(s, fp);
            if (memcmp(fp, s->held_hash, sizeof fp) != 0) {
                /* the token file changed: try it, for everything */
                s->held = 0;
                memcpy(s->held_hash, fp, sizeof fp);
                for (int i = 0; i < REPORT_MAX_FORMS; i++) {
                    if (s->forms[i].auth) {
                        s->forms[i].retry_at = 0;
                    }
                }
            }
        }
        if (!s->curl) {
            set_error(s, "network: libcurl could not start");
        } else if (s->st && !s->held && now >= s->backoff_until) {
            run_pass(s, now);
        }

        now = now_of(s);
        int64_t wait = s->cfg.interval_s;
        if (!s->held && s->backoff_until > now &&
            s->backoff_until - now < wait) {
            wait = s->backoff_until - now;
        }
        int64_t fr = next_form_retry(s);
        if (!s->held && fr && fr - now < wait) {
            wait = fr > now ? fr - now : 1;
        }
        pthread_mutex_lock(&s->mu);
        s->status.held = s->held;
        s->status.next_attempt = s->backoff_until > now ? s->backoff_until
                                                        : 0;
        publish_holds(s);
        s->status.passes++;
        s->status.wakes_served = wakes;
        pthread_cond_broadcast(&s->cv);
        if (!s->wake && !s->send_now && !atomic_load(&s->stop)) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            ts.tv_sec += (time_t)wait;
            pthread_cond_timedwait(&s->cv, &s->mu, &ts);
        }
        pthread_mutex_unlock(&s->mu);
    }
    if (s->curl) {
        curl_easy_cleanup(s->curl);
        s->curl = NULL;
    }
    store_close(s->st);
    s->st = NULL;
    pthread_mutex_lock(&s->mu);
    s->status.running = 0;
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* ---- public -------------------------------------------------------------- */

static void free_sender(struct report_sender *s)
{
    free(s->server);
    free(s->token_file);
    free(s->ca_file);
    free(s->kiosk_id);
    free(s->db_path);
    free(s->screening_version);
    free(s->daily_version);
    free(s->public_key);
    free(s);
}

/* The end of a started sender (its thread gone or never made): its lock
 * and condition destroyed, libcurl released by its last user, s freed. */
static void sender_destroy(struct report_sender *s)
{
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_lock(&global_mu);
    if (--global_users == 0) {
        curl_global_cleanup();
    }
    pthread_mutex_unlock(&global_mu);
    free_sender(s);
}

struct report_sender *report_start(const struct report_cfg *cfg,
                                   const char *db_path)
{
    if (!cfg || !cfg->enabled || !db_path ||
        report_check_cfg(cfg, NULL, 0) != KIOSK_OK ||
        sodium_init() < 0) {
        return NULL;
    }
    struct report_sender *s = calloc(1, sizeof *s);
    if (!s) {
        return NULL;
    }
    s->cfg = *cfg;
    s->server = dup_or_null(cfg->server);
    s->token_file = dup_or_null(cfg->token_file);
    s->ca_file = dup_or_null(cfg->ca_file);
    s->kiosk_id = dup_or_null(cfg->kiosk_id);
    s->db_path = dup_or_null(db_path);
    s->screening_version = dup_or_null(cfg->screening_version);
    s->daily_version = dup_or_null(cfg->daily_version);
    s->public_key = dup_or_null(cfg->public_key);
    if (!s->server || !s->token_file || !s->kiosk_id || !s->db_path ||
        !s->public_key ||
        (cfg->screening_version && !s->screening_version) ||
        (cfg->daily_version && !s->daily_version)) {
        free_sender(s);
        return NULL;
    }
    s->cfg.server = s->server;
    s->cfg.token_file = s->token_file;
    s->cfg.ca_file = s->ca_file;
    s->cfg.kiosk_id = s->kiosk_id;
    s->cfg.screening_version = s->screening_version;
    s->cfg.daily_version = s->daily_version;
    s->cfg.public_key = s->public_key;
    if (s->cfg.interval_s == 0) {
        s->cfg.interval_s = DEFAULT_INTERVAL_S;
    }
    /* The kiosk id is [A-Za-z0-9._-] (checked), so it needs no escaping
     * in the query string. The token never goes into the URL. */
    int n = snprintf(s->url, sizeof s->url,
                     "%s/v1/projects/%d/submission?deviceID=%s", s->server,
                     cfg->project_id, s->kiosk_id);
    if (n < 0 || (size_t)n >= sizeof s->url) {
        free_sender(s);
        return NULL;
    }

    pthread_mutex_lock(&global_mu);
    int ok = global_users > 0 || curl_global_init(CURL_GLOBAL_DEFAULT) == 0;
    if (ok) {
        global_users++;
    }
    pthread_mutex_unlock(&global_mu);
    if (!ok) {
        free_sender(s);
        return NULL;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&s->stop, 0);
    s->status.running = 1;
    if (pthread_create(&s->thread, NULL, worker, s) != 0) {
        sender_destroy(s);
        return NULL;
    }
    return s;
}

/* Sets *flag (s->wake or s->send_now) and wakes the thread. */
static void poke(struct report_sender *s, int *flag)
{
    pthread_mutex_lock(&s->mu);
    *flag = 1;
    s->status.wakes++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void report_wake(struct report_sender *s)
{
    if (s) {
        poke(s, &s->wake);
    }
}

void report_send_now(struct report_sender *s)
{
    if (s) {
        poke(s, &s->send_now);
    }
}

void report_status(struct report_sender *s, struct report_status *out)
{
    if (!out) {
        return;
    }
    if (!s) {
        memset(out, 0, sizeof *out);
        return;
    }
    pthread_mutex_lock(&s->mu);
    *out = s->status;
    pthread_mutex_unlock(&s->mu);
}

void report_stop(struct report_sender *s)
{
    if (!s) {
        return;
    }
    atomic_store(&s->stop, 1);
    pthread_mutex_lock(&s->mu);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    sender_destroy(s);
}
