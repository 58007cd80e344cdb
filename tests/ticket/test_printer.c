/* Printer transports and jobs against real endpoints: a file, a missing
 * device, loopback TCP servers (one that never reads, printers that answer
 * DLE EOT in different ways), a pty standing in for a serial port. No
 * timing is asserted: the tests check states and bytes. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "sample_ticket.h"
#include "test.h"
#include "ticket/printer.h"
#include "ticket/printer_private.h"

static char tmpdir[64];

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- printer strings ----------------------------------------------------- */

static void test_spec_parse(void)
{
    static const struct {
        const char *spec;
        enum kiosk_err err;
        enum ticket_transport kind;
        const char *path;
        int baud, rtscts, port;
    } t[] = {
        {"none", KIOSK_OK, TICKET_TRANSPORT_NONE, "", 0, 0, 0},
        {"file:/var/spool/kiosk/out.bin", KIOSK_OK, TICKET_TRANSPORT_FILE,
         "/var/spool/kiosk/out.bin", 0, 0, 0},
        {"usb:/dev/usb/lp0", KIOSK_OK, TICKET_TRANSPORT_USB, "/dev/usb/lp0",
         0, 0, 0},
        {"usb:/dev/receipt-printer", KIOSK_OK, TICKET_TRANSPORT_USB,
         "/dev/receipt-printer", 0, 0, 0},
        {"serial:/dev/ttyUSB0:19200", KIOSK_OK, TICKET_TRANSPORT_SERIAL,
         "/dev/ttyUSB0", 19200, 0, 0},
        {"serial:/dev/ttyS0:9600:rtscts", KIOSK_OK, TICKET_TRANSPORT_SERIAL,
         "/dev/ttyS0", 9600, 1, 0},
        {"tcp:192.168.1.50:9100", KIOSK_OK, TICKET_TRANSPORT_TCP,
         "192.168.1.50", 0, 0, 9100},
        {"tcp:printer.local", KIOSK_OK, TICKET_TRANSPORT_TCP, "printer.local",
         0, 0, 9100},
        {"tcp:[fe80::1]:9101", KIOSK_OK, TICKET_TRANSPORT_TCP, "fe80::1", 0,
         0, 9101},
        {"tcp:[::1]", KIOSK_OK, TICKET_TRANSPORT_TCP, "::1", 0, 0, 9100},
        {"", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"lpt:/dev/lp0", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"file:", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"usb:", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"serial:/dev/ttyUSB0", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"serial:/dev/ttyUSB0:19201", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"serial:/dev/ttyUSB0:fast", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"serial:/dev/ttyUSB0:-9600", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"serial::9600", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:host:0", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:host:65536", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:host:91x", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:fe80::1:9100", KIOSK_EINVAL, 0, "", 0, 0, 0},
        {"tcp:[::1]x", KIOSK_EINVAL, 0, "", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct ticket_printer_spec s;
        enum kiosk_err e = ticket_printer_spec_parse(t[i].spec, &s);
        if (e != t[i].err) {
            fprintf(stderr, "spec \"%s\"\n", t[i].spec);
        }
        CHECK_INT(e, t[i].err);
        CHECK_INT(s.kind, t[i].kind);
        CHECK_STR(s.path, t[i].path);
        CHECK_INT(s.baud, t[i].baud);
        CHECK_INT(s.rtscts, t[i].rtscts);
        CHECK_INT(s.port, t[i].port);
    }
    /* A path that does not fit is refused, not cut. */
    char longspec[400];
    memset(longspec, 'a', sizeof longspec - 1);
    longspec[sizeof longspec - 1] = '\0';
    memcpy(longspec, "file:/", 6);
    struct ticket_printer_spec s;
    CHECK_INT(ticket_printer_spec_parse(longspec, &s), KIOSK_EINVAL);
}

static void test_reasons(void)
{
    static const struct {
        enum ticket_transport kind;
        int err;
        enum ticket_job_reason r;
    } t[] = {
        {TICKET_TRANSPORT_USB, ENOENT, TICKET_REASON_ABSENT},
        {TICKET_TRANSPORT_USB, ENODEV, TICKET_REASON_ABSENT}, /* unplugged */
        {TICKET_TRANSPORT_USB, ENOSPC, TICKET_REASON_PAPER_OUT}, /* LPABORT */
        {TICKET_TRANSPORT_FILE, ENOSPC, TICKET_REASON_IO}, /* disk full */
        {TICKET_TRANSPORT_USB, EIO, TICKET_REASON_IO},
        {TICKET_TRANSPORT_USB, EBUSY, TICKET_REASON_IO},
        {TICKET_TRANSPORT_TCP, ECONNREFUSED, TICKET_REASON_ABSENT},
        {TICKET_TRANSPORT_TCP, EHOSTUNREACH, TICKET_REASON_ABSENT},
        {TICKET_TRANSPORT_TCP, ETIMEDOUT, TICKET_REASON_TIMEOUT},
        {TICKET_TRANSPORT_TCP, ECONNRESET, TICKET_REASON_IO},
        {TICKET_TRANSPORT_TCP, EPIPE, TICKET_REASON_IO},
        {TICKET_TRANSPORT_SERIAL, ENXIO, TICKET_REASON_ABSENT},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_INT(ticket_reason_from_errno(t[i].kind, t[i].err), t[i].r);
    }
    struct ticket_printer_status st = {.known = 1};
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_NONE);
    st.paper_near_end = 1;
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_NONE);
    st.error = 1;
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_PRINTER_ERROR);
    st.offline = 1;
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_OFFLINE);
    st.cover_open = 1;
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_COVER_OPEN);
    st.paper_out = 1;
    CHECK_INT(ticket_reason_from_status(&st), TICKET_REASON_PAPER_OUT);
    CHECK_STR(ticket_job_reason_name(TICKET_REASON_PAPER_OUT), "paper-out");
    CHECK_STR(ticket_job_state_name(TICKET_JOB_FAILED), "failed");
}

/* ---- jobs: file, usb, none ----------------------------------------------- */

static const struct ticket_job_opts fast = {.deadline_ms = 5000,
                                            .status_timeout_ms = 100};
/* For printers that do answer: a reply late on a loaded test machine must
 * not be taken for silence. */
static const struct ticket_job_opts patient = {.deadline_ms = 20000,
                                               .status_timeout_ms = 2000};

static void test_file_transport(void)
{
    char path[128], spec[160];
    struct ticket_buf b;
    struct ticket_bitmap raster;
    struct ticket_job *j;
    struct ticket_job_result r;

    snprintf(path, sizeof path, "%s/printer.out", tmpdir);
    snprintf(spec, sizeof spec, "file:%s", path);
    FILE *f = fopen(path, "wb");
    CHECK(f && fputs("HEAD", f) >= 0);
    if (f) {
        fclose(f);
    }
    ticket_buf_init(&b, 0);
    CHECK_INT(sample_ticket(384, SAMPLE_CODE, &raster, &b), KIOSK_OK);

    for (int round = 1; round <= 2; round++) {
        CHECK_INT(ticket_job_start(spec, b.data, b.len, &fast, &j),
                  KIOSK_OK);
        CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_DONE);
        CHECK_INT(r.reason, TICKET_REASON_NONE);
        CHECK_INT((long long)r.bytes_sent, (long long)b.len);
        CHECK_INT((long long)r.bytes_total, (long long)b.len);
        CHECK_INT(r.before.known, 0); /* a file cannot answer */
        CHECK_INT(r.two_way, 0);
        ticket_job_free(j);

        /* The file holds what was there, then each job's bytes. */
        char *data = NULL;
        size_t len = 0;
        CHECK_INT(kiosk_read_file(path, 1u << 20, &data, &len), KIOSK_OK);
        CHECK_INT((long long)len, 4 + (long long)round * (long long)b.len);
        CHECK(data && memcmp(data, "HEAD", 4) == 0);
        for (int k = 0; data && k < round && len == 4 + round * b.len; k++) {
            CHECK(memcmp(data + 4 + k * b.len, b.data, b.len) == 0);
        }
        /* ... and the last ticket in the file decodes to the raster. */
        struct ticket_bitmap back;
        if (data && len >= b.len) {
            CHECK_INT(ticket_escpos_decode_raster(
                          (const uint8_t *)data + len - b.len, b.len, &back,
                          NULL),
                      KIOSK_OK);
            CHECK(back.bits && back.h == raster.h &&
                  memcmp(back.bits, raster.bits,
                         (size_t)raster.stride * (size_t)raster.h) == 0);
            ticket_bitmap_free(&back);
        }
        free(data);
    }

    /* A directory that does not exist: absent. */
    CHECK_INT(ticket_job_start("file:/nonexistent-dir/x.bin", b.data, b.len,
                               &fast, &j),
              KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_ABSENT);
    CHECK_INT(r.os_errno, ENOENT);
    ticket_job_free(j);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
}

static void test_absent_and_bad_jobs(void)
{
    static const uint8_t bytes[] = {0x1B, 0x40};
    struct ticket_job *j;
    struct ticket_job_result r;

    CHECK_INT(ticket_job_start("usb:/nonexistent", bytes, sizeof bytes,
                               &fast, &j),
              KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_ABSENT);
    CHECK_INT(r.os_errno, ENOENT);
    CHECK_INT((long long)r.bytes_sent, 0);
    ticket_job_free(j);

    CHECK_INT(ticket_job_start("none", bytes, sizeof bytes, NULL, &j),
              KIOSK_OK);
    CHECK_INT(ticket_job_poll(j, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_ABSENT);
    ticket_job_free(j);

    /* A serial "port" that is not a tty. */
    char path[128], spec[160];
    snprintf(path, sizeof path, "%s/not-a-tty", tmpdir);
    FILE *f = fopen(path, "wb");
    if (f) {
        fclose(f);
    }
    snprintf(spec, sizeof spec, "serial:%s:9600", path);
    CHECK_INT(ticket_job_start(spec, bytes, sizeof bytes, &fast, &j),
              KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_IO);
    CHECK_INT(r.os_errno, ENOTTY);
    ticket_job_free(j);

    struct ticket_job_opts bad = {.deadline_ms = -5};
    j = (struct ticket_job *)&r; /* must be reset to NULL on failure */
    CHECK_INT(ticket_job_start("lpt:x", bytes, 2, NULL, &j), KIOSK_EINVAL);
    CHECK(j == NULL);
    CHECK_INT(ticket_job_start("usb:/x", bytes, 2, &bad, &j), KIOSK_EINVAL);
    CHECK_INT(ticket_job_start("usb:/x", NULL, 2, NULL, &j), KIOSK_EINVAL);
    CHECK_INT(ticket_job_start("usb:/x", bytes, TICKET_JOB_MAX_BYTES + 1,
                               NULL, &j),
              KIOSK_ETOOBIG);
    CHECK(j == NULL);
    ticket_job_free(NULL);
}

/* ---- loopback TCP printers ----------------------------------------------- */

enum server_mode {
    SERVER_NO_READ, /* accepts, never reads (a printer stuck on paper) */
    SERVER_ANSWER,  /* reads everything, answers DLE EOT n with reply[n] */
};

struct server {
    enum server_mode mode;
    int reply[5];     /* byte to answer DLE EOT n with, -1 = stay silent */
    int lfd;          /* listening socket */
    int port;
    int stop[2];      /* pipe: NO_READ server waits on it */
    pthread_t th;
    uint8_t *got;     /* everything received (ANSWER) */
    size_t len, cap;
    int accepted;
};

static void *server_main(void *arg)
{
    struct server *s = arg;
    /* Wait for a client or for server_stop (a cancelled job may never
     * connect). */
    struct pollfd w[2] = {{.fd = s->lfd, .events = POLLIN},
                          {.fd = s->stop[0], .events = POLLIN}};
    while (poll(w, 2, -1) < 0 && errno == EINTR) {
    }
    if (w[1].revents || !w[0].revents) {
        return NULL;
    }
    int fd = accept(s->lfd, NULL, NULL);
    if (fd < 0) {
        return NULL;
    }
    s->accepted = 1;
    if (s->mode == SERVER_NO_READ) {
        struct pollfd pf = {.fd = s->stop[0], .events = POLLIN};
        while (poll(&pf, 1, -1) < 0 && errno == EINTR) {
        }
        close(fd);
        return NULL;
    }
    size_t scanned = 0;
    for (;;) {
        uint8_t buf[4096];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        if (s->len + (size_t)n > s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 65536;
            while (cap < s->len + (size_t)n) {
                cap *= 2;
            }
            uint8_t *g = realloc(s->got, cap);
            if (!g) {
                break;
            }
            s->got = g;
            s->cap = cap;
        }
        memcpy(s->got + s->len, buf, (size_t)n);
        s->len += (size_t)n;
        /* Answer each complete DLE EOT n as a printer would, in real time
         * (also if the sequence happens to occur inside raster data). */
        for (; scanned + 3 <= s->len; scanned++) {
            const uint8_t *q = s->got + scanned;
            if (q[0] == 0x10 && q[1] == 0x04 && q[2] >= 1 && q[2] <= 4 &&
                s->reply[q[2]] >= 0) {
                uint8_t a = (uint8_t)s->reply[q[2]];
                if (write(fd, &a, 1) != 1) {
                    break;
                }
            }
        }
    }
    close(fd);
    return NULL;
}

static int server_start(struct server *s, enum server_mode mode,
                        int r1, int r2, int r4)
{
    struct sockaddr_in a;
    socklen_t al = sizeof a;

    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->reply[0] = s->reply[3] = -1;
    s->reply[1] = r1;
    s->reply[2] = r2;
    s->reply[4] = r4;
    s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->lfd < 0 || pipe(s->stop) < 0) {
        return -1;
    }
    /* Small receive window: a peer that never reads stops the sender
     * after a few kilobytes, as a printer out of paper does. */
    int rb = 4096;
    (void)setsockopt(s->lfd, SOL_SOCKET, SO_RCVBUF, &rb, sizeof rb);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s->lfd, (struct sockaddr *)&a, sizeof a) < 0 ||
        listen(s->lfd, 1) < 0 ||
        getsockname(s->lfd, (struct sockaddr *)&a, &al) < 0) {
        return -1;
    }
    s->port = ntohs(a.sin_port);
    return pthread_create(&s->th, NULL, server_main, s) == 0 ? 0 : -1;
}

static void server_stop(struct server *s)
{
    if (write(s->stop[1], "x", 1) != 1) {
        perror("server_stop");
    }
    pthread_join(s->th, NULL);
    close(s->stop[0]);
    close(s->stop[1]);
    close(s->lfd);
}

/* After the checks on what the server received. */
static void server_free(struct server *s)
{
    free(s->got);
    s->got = NULL;
}

static void tcp_spec(char *spec, size_t n, int port)
{
    snprintf(spec, n, "tcp:127.0.0.1:%d", port);
}

static void test_tcp_timeout(void)
{
    enum { BIG = 4 * 1024 * 1024 };
    struct server srv;
    struct ticket_job *j = NULL;
    struct ticket_job_result r;
    char spec[64];
    uint8_t *big = calloc(BIG, 1);
    const struct ticket_job_opts o = {.deadline_ms = 1500,
                                      .status_timeout_ms = 100};

    CHECK(big != NULL);
    CHECK_INT(server_start(&srv, SERVER_NO_READ, -1, -1, -1), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, big, BIG, &o, &j), KIOSK_OK);
    free(big); /* the job keeps its own copy */

    /* The calling thread keeps running: it polls while the job is stuck,
     * and sees it progress to failed/timeout. The 60 s guard only stops a
     * broken build from hanging ctest; it is not a timing assertion. */
    long polls = 0, seen_printing = 0;
    long long guard = mono_ms() + 60000;
    enum ticket_job_state st;
    while (!((st = ticket_job_poll(j, &r)) == TICKET_JOB_DONE ||
             st == TICKET_JOB_FAILED) &&
           mono_ms() < guard) {
        polls++;
        seen_printing += st == TICKET_JOB_PRINTING;
        sleep_ms(5);
    }
    CHECK_INT(st, TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_TIMEOUT);
    CHECK(polls > 1);
    CHECK(seen_printing > 0);
    CHECK(r.bytes_sent < r.bytes_total);
    CHECK_INT(r.before.known, 0); /* it never answered DLE EOT */
    ticket_job_free(j);
    server_stop(&srv);
    CHECK(srv.accepted);
}

static void test_tcp_paper_out(void)
{
    struct server srv;
    struct ticket_job *j;
    struct ticket_job_result r;
    struct ticket_buf b;
    struct ticket_bitmap raster;
    char spec[64];

    ticket_buf_init(&b, 0);
    CHECK_INT(sample_ticket(576, SAMPLE_CODE, &raster, &b), KIOSK_OK);
    /* n=1 fine, n=2 "stopped by paper end", n=4 "paper end". */
    CHECK_INT(server_start(&srv, SERVER_ANSWER, 0x16, 0x32, 0x72), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, b.data, b.len, &patient, &j), KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_PAPER_OUT);
    CHECK_INT(r.before.known, 1);
    CHECK_INT(r.before.paper_out, 1);
    CHECK_INT(r.before.offline, 0);
    CHECK_INT((long long)r.bytes_sent, 0); /* the ticket was held back */
    ticket_job_free(j);
    server_stop(&srv);
    /* The printer saw the three queries and nothing else. */
    static const uint8_t queries[] = {0x10, 0x04, 0x01, 0x10, 0x04, 0x02,
                                      0x10, 0x04, 0x04};
    CHECK_INT((long long)srv.len, (long long)sizeof queries);
    CHECK(srv.len == sizeof queries && !memcmp(srv.got, queries, srv.len));
    server_free(&srv);

    /* Cover open is named as such. */
    CHECK_INT(server_start(&srv, SERVER_ANSWER, 0x16, 0x16, 0x12), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, b.data, b.len, &patient, &j), KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_COVER_OPEN);
    ticket_job_free(j);
    server_stop(&srv);
    server_free(&srv);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
}

static void test_tcp_ok(void)
{
    static const uint8_t queries[] = {0x10, 0x04, 0x01, 0x10, 0x04, 0x02,
                                      0x10, 0x04, 0x04};
    static const struct {
        const char *name;
        int r1, r2, r4;
        int known, near_end;
    } t[] = {
        {"answers all fine", 0x12, 0x12, 0x12, 1, 0},
        {"paper near end", 0x16, 0x12, 0x1E, 1, 1},
        {"never answers", -1, -1, -1, 0, 0},
        {"answers junk", 0x00, 0xFF, 0x01, 0, 0},
    };
    struct ticket_buf b;
    struct ticket_bitmap raster;

    ticket_buf_init(&b, 0);
    CHECK_INT(sample_ticket(576, SAMPLE_CODE, &raster, &b), KIOSK_OK);
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct server srv;
        struct ticket_job *j;
        struct ticket_job_result r;
        char spec[64];
        CHECK_INT(server_start(&srv, SERVER_ANSWER, t[i].r1, t[i].r2,
                               t[i].r4),
                  0);
        tcp_spec(spec, sizeof spec, srv.port);
        CHECK_INT(ticket_job_start(spec, b.data, b.len,
                                   t[i].known ? &patient : &fast, &j),
                  KIOSK_OK);
        enum ticket_job_state st = ticket_job_wait(j, -1, &r);
        if (st != TICKET_JOB_DONE) {
            fprintf(stderr, "%s: %s\n", t[i].name,
                    ticket_job_reason_name(r.reason));
        }
        CHECK_INT(st, TICKET_JOB_DONE);
        CHECK_INT((long long)r.bytes_sent, (long long)b.len);
        CHECK_INT(r.two_way, 1);
        CHECK_INT(r.before.known, t[i].known);
        CHECK_INT(r.after.known, t[i].known);
        CHECK_INT(r.after.paper_near_end, t[i].near_end);
        ticket_job_free(j);
        server_stop(&srv);
        /* What reached the printer: queries, the ticket, queries (only
         * the first query when the printer is silent). */
        size_t q = t[i].known ? sizeof queries : 3;
        CHECK_INT((long long)srv.len, (long long)(2 * q + b.len));
        if (srv.len == 2 * q + b.len) {
            CHECK(memcmp(srv.got, queries, q) == 0);
            CHECK(memcmp(srv.got + q, b.data, b.len) == 0);
            CHECK(memcmp(srv.got + q + b.len, queries, q) == 0);
        }
        server_free(&srv);
    }
    /* A status-only job (no ticket bytes). */
    struct server srv;
    struct ticket_job *j;
    struct ticket_job_result r;
    char spec[64];
    CHECK_INT(server_start(&srv, SERVER_ANSWER, 0x12, 0x12, 0x1E), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, NULL, 0, &patient, &j), KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_DONE);
    CHECK_INT(r.before.paper_near_end, 1);
    ticket_job_free(j);
    server_stop(&srv);
    CHECK_INT((long long)srv.len, (long long)sizeof queries);
    server_free(&srv);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
}

static void test_tcp_refused_and_cancel(void)
{
    struct ticket_job *j;
    struct ticket_job_result r;
    char spec[64];
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    static const uint8_t bytes[] = {0x1B, 0x40};

    /* A port nobody listens on: bind one, read its number, close it. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &al) == 0);
    close(fd);
    tcp_spec(spec, sizeof spec, ntohs(a.sin_port));
    CHECK_INT(ticket_job_start(spec, bytes, sizeof bytes, &fast, &j),
              KIOSK_OK);
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_ABSENT);
    CHECK_INT(r.os_errno, ECONNREFUSED);
    ticket_job_free(j);

    /* Cancel a job stuck on a printer that never reads. */
    enum { BIG = 2 * 1024 * 1024 };
    uint8_t *big = calloc(BIG, 1);
    struct server srv;
    const struct ticket_job_opts slow = {.deadline_ms = 600000,
                                         .status_timeout_ms = 50};
    CHECK_INT(server_start(&srv, SERVER_NO_READ, -1, -1, -1), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, big, BIG, &slow, &j), KIOSK_OK);
    /* Wait until it is stuck writing (some bytes accepted). */
    long long guard = mono_ms() + 60000;
    while (ticket_job_poll(j, &r) == TICKET_JOB_QUEUED ||
           (r.bytes_sent == 0 && mono_ms() < guard)) {
        sleep_ms(5);
    }
    CHECK(r.bytes_sent > 0);
    ticket_job_cancel(j);
    CHECK_INT(ticket_job_wait(j, 60000, &r), TICKET_JOB_FAILED);
    CHECK_INT(r.reason, TICKET_REASON_CANCELLED);
    ticket_job_free(j);
    server_stop(&srv);

    /* Freeing a running job does not block; the worker cleans up. */
    CHECK_INT(server_start(&srv, SERVER_NO_READ, -1, -1, -1), 0);
    tcp_spec(spec, sizeof spec, srv.port);
    CHECK_INT(ticket_job_start(spec, big, BIG, &slow, &j), KIOSK_OK);
    ticket_job_free(j);
    server_stop(&srv);
    free(big);
}

/* ---- serial over a pty --------------------------------------------------- */

static void test_serial_pty(void)
{
    struct ticket_buf b;
    struct ticket_bitmap raster;
    struct ticket_job *j;
    struct ticket_job_result r;
    char spec[128];

    int m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    CHECK(m >= 0);
    if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || !ptsname(m)) {
        printf("SKIP serial: no pty available\n");
        if (m >= 0) {
            close(m);
        }
        return;
    }
    snprintf(spec, sizeof spec, "serial:%s:19200", ptsname(m));
    /* Every byte value, including LF, CR, XON, XOFF and the tty's special
     * characters, then a real ticket: a raw 8N1 port passes all of them
     * unchanged (a cooked tty would turn LF into CR LF). */
    ticket_buf_init(&b, 0);
    for (int v = 0; v < 256; v++) {
        uint8_t c = (uint8_t)v;
        CHECK_INT(ticket_buf_append(&b, &c, 1), KIOSK_OK);
    }
    CHECK_INT(sample_ticket(384, SAMPLE_CODE, &raster, &b), KIOSK_OK);
    CHECK_INT(ticket_job_start(spec, b.data, b.len, &fast, &j), KIOSK_OK);

    uint8_t *got = malloc(b.len + 64);
    size_t len = 0;
    long long guard = mono_ms() + 60000;
    for (;;) {
        int final = ticket_job_poll(j, &r) >= TICKET_JOB_DONE;
        struct pollfd pf = {.fd = m, .events = POLLIN};
        int pr = poll(&pf, 1, 20);
        ssize_t n = 0;
        if (pr > 0 && got) {
            n = read(m, got + len, b.len + 64 - len);
            if (n > 0) {
                len += (size_t)n;
                continue;
            }
        }
        if ((final && n <= 0) || len == b.len + 64 || mono_ms() > guard) {
            break;
        }
    }
    CHECK_INT(ticket_job_wait(j, -1, &r), TICKET_JOB_DONE);
    CHECK_INT(r.before.known, 0);
    /* Silent printer: one query before and one after the ticket. */
    CHECK_INT((long long)len, (long long)(b.len + 6));
    if (got && len == b.len + 6) {
        CHECK(memcmp(got, "\x10\x04\x01", 3) == 0);
        CHECK(memcmp(got + 3, b.data, b.len) == 0);
        CHECK(memcmp(got + 3 + b.len, "\x10\x04\x01", 3) == 0);
    }
    ticket_job_free(j);
    free(got);
    close(m);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk_printer_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_spec_parse();
    test_reasons();
    test_file_transport();
    test_absent_and_bad_jobs();
    test_tcp_timeout();
    test_tcp_paper_out();
    test_tcp_ok();
    test_tcp_refused_and_cancel();
    test_serial_pty();
    TEST_MAIN_END();
}
