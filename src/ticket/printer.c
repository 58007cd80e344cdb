/* Printer transports, one worker thread per printer, and print jobs.
 *
 * Every wait in a job is a poll() on the device plus the job's cancel
 * pipe, with the time left until the job's deadline, so nothing a printer
 * does (stop reading, never answer, vanish) can hold a job past its
 * deadline, and a cancel takes effect at once. Every byte the device
 * accepts goes through the printer's ticket_escpos_stream, so a command
 * left open by an aborted job is completed before anything else.
 *
 * usblp notes (drivers/usb/class/usblp.c): with O_NONBLOCK a write submits
 * one URB (up to 8 KiB) and returns; the next write gets EAGAIN until that
 * URB completes, and poll() reports POLLOUT then. ENOSPC on paper out
 * (LPABORT) is produced only in the blocking wait path, so with O_NONBLOCK
 * paper out shows up as a URB that never completes: the job times out and
 * LPGETSTATUS names the cause where the printer reports it. Closing the fd
 * kills a pending URB, so the job waits for POLLOUT (last URB done) before
 * it closes, and after an aborted job the worker keeps the device open
 * until that URB is done. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/lp.h>
#include <linux/tcp.h>
#include <netinet/in.h>

#include "ticket/printer.h"
#include "ticket/printer_private.h"

#define JOB_DEFAULT_DEADLINE_MS 8000
#define JOB_DEFAULT_STATUS_MS 400
#define JOB_MAX_DEADLINE_MS (3600 * 1000)
/* Waiting for the answer to GS r: the printer answers once it has printed
 * everything before it, so the wait covers printing: this much, plus
 * GSR_MS_PER_ROW for each raster row (8 dots/mm at 50 mm/s, a slow
 * printer, is 2.5 ms a row). */
#define GSR_BASE_MS 2000
#define GSR_MS_PER_ROW 3
#define TCP_SNDBUF (32 * 1024) /* keep little in flight: "sent" should be
                                  close to "the printer has it" */

/* ---- printer strings ----------------------------------------------------- */

static const struct {
    int baud;
    speed_t speed;
} printer_bauds[] = {
    {1200, B1200},     {2400, B2400},     {4800, B4800},
    {9600, B9600},     {19200, B19200},   {38400, B38400},
    {57600, B57600},   {115200, B115200}, {230400, B230400},
};

static int printer_speed(int baud, speed_t *out)
{
    for (size_t i = 0; i < sizeof printer_bauds / sizeof printer_bauds[0];
         i++) {
        if (printer_bauds[i].baud == baud) {
            *out = printer_bauds[i].speed;
            return 1;
        }
    }
    return 0;
}

/* Parses a decimal integer that is all of s[0..n) into [lo, hi]. */
static int printer_int(const char *s, size_t n, long lo, long hi, int *out)
{
    char tmp[16];
    char *end;

    if (n == 0 || n >= sizeof tmp) {
        return 0;
    }
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (tmp[0] < '0' || tmp[0] > '9') {
        return 0;
    }
    errno = 0;
    long v = strtol(tmp, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        return 0;
    }
    *out = (int)v;
    return 1;
}

static int printer_copy(char *dst, size_t dn, const char *s, size_t n)
{
    if (n == 0 || n >= dn) {
        return 0;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 1;
}

static enum kiosk_err spec_parse(const char *spec,
                                 struct ticket_printer_spec *o)
{
    if (strcmp(spec, "none") == 0) {
        o->kind = TICKET_TRANSPORT_NONE;
        return KIOSK_OK;
    }
    if (strncmp(spec, "file:", 5) == 0 || strncmp(spec, "usb:", 4) == 0) {
        int file = spec[0] == 'f';
        const char *p = spec + (file ? 5 : 4);
        o->kind = file ? TICKET_TRANSPORT_FILE : TICKET_TRANSPORT_USB;
        return printer_copy(o->path, sizeof o->path, p, strlen(p))
                   ? KIOSK_OK
                   : KIOSK_EINVAL;
    }
    if (strncmp(spec, "serial:", 7) == 0) {
        const char *p = spec + 7;
        size_t n = strlen(p);
        const char *c = strrchr(p, ':');
        o->kind = TICKET_TRANSPORT_SERIAL;
        if (c && strcmp(c + 1, "rtscts") == 0) {
            o->rtscts = 1;
            n = (size_t)(c - p);
            c = memrchr(p, ':', n);
        }
        speed_t sp;
        if (!c || !printer_int(c + 1, n - (size_t)(c + 1 - p), 1, 4000000,
                               &o->baud) ||
            !printer_speed(o->baud, &sp)) {
            return KIOSK_EINVAL;
        }
        return printer_copy(o->path, sizeof o->path, p, (size_t)(c - p))
                   ? KIOSK_OK
                   : KIOSK_EINVAL;
    }
    if (strncmp(spec, "tcp:", 4) == 0) {
        const char *p = spec + 4;
        const char *host = p, *port = NULL;
        size_t hn;
        o->kind = TICKET_TRANSPORT_TCP;
        o->port = 9100;
        if (p[0] == '[') {
            const char *rb = strchr(p, ']');
            if (!rb) {
                return KIOSK_EINVAL;
            }
            host = p + 1;
            hn = (size_t)(rb - host);
            if (rb[1] == ':') {
                port = rb + 2;
            } else if (rb[1] != '\0') {
                return KIOSK_EINVAL;
            }
        } else {
            const char *c = strchr(p, ':');
            if (c && strchr(c + 1, ':')) {
                return KIOSK_EINVAL; /* IPv6 needs [brackets] */
            }
            hn = c ? (size_t)(c - p) : strlen(p);
            port = c ? c + 1 : NULL;
        }
        if (port && !printer_int(port, strlen(port), 1, 65535, &o->port)) {
            return KIOSK_EINVAL;
        }
        return printer_copy(o->path, sizeof o->path, host, hn)
                   ? KIOSK_OK
                   : KIOSK_EINVAL;
    }
    return KIOSK_EINVAL;
}

enum kiosk_err ticket_printer_spec_parse(const char *spec,
                                         struct ticket_printer_spec *out)
{
    memset(out, 0, sizeof *out);
    if (!spec) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = spec_parse(spec, out);
    if (e != KIOSK_OK) {
        memset(out, 0, sizeof *out);
    }
    return e;
}

/* ---- reasons ------------------------------------------------------------- */

enum ticket_job_reason ticket_reason_from_errno(enum ticket_transport kind,
                                                int err)
{
    switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case ENOTDIR:
    case ECONNREFUSED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
        return TICKET_REASON_ABSENT;
    case ENOSPC:
        return kind == TICKET_TRANSPORT_USB ? TICKET_REASON_PAPER_OUT
                                            : TICKET_REASON_IO;
    case ETIMEDOUT:
        return TICKET_REASON_TIMEOUT;
    default:
        return TICKET_REASON_IO;
    }
}

enum ticket_job_reason ticket_reason_from_status(
    const struct ticket_printer_status *st)
{
    if (st->paper_out) {
        return TICKET_REASON_PAPER_OUT;
    }
    if (st->cover_open) {
        return TICKET_REASON_COVER_OPEN;
    }
    if (st->offline) {
        return TICKET_REASON_OFFLINE;
    }
    if (st->error) {
        return TICKET_REASON_PRINTER_ERROR;
    }
    return TICKET_REASON_NONE;
}

const char *ticket_job_state_name(enum ticket_job_state s)
{
    switch (s) {
    case TICKET_JOB_QUEUED:
        return "queued";
    case TICKET_JOB_PRINTING:
        return "printing";
    case TICKET_JOB_DONE:
        return "done";
    case TICKET_JOB_FAILED:
        return "failed";
    }
    return "?";
}

const char *ticket_job_reason_name(enum ticket_job_reason r)
{
    switch (r) {
    case TICKET_REASON_NONE:
        return "none";
    case TICKET_REASON_ABSENT:
        return "absent";
    case TICKET_REASON_PAPER_OUT:
        return "paper-out";
    case TICKET_REASON_OFFLINE:
        return "offline";
    case TICKET_REASON_COVER_OPEN:
        return "cover-open";
    case TICKET_REASON_PRINTER_ERROR:
        return "printer-error";
    case TICKET_REASON_TIMEOUT:
        return "timeout";
    case TICKET_REASON_IO:
        return "io";
    case TICKET_REASON_CANCELLED:
        return "cancelled";
    }
    return "?";
}

/* ---- the job and printer objects ----------------------------------------- */

struct ticket_job {
    pthread_mutex_t mu;  /* guards refs and res */
    pthread_cond_t cv;   /* signalled when res.state becomes final */
    int refs;            /* caller + queue/worker; the last one frees */
    struct ticket_job_result res;
    /* Set before the job is queued, read-only afterwards: */
    uint8_t *bytes;      /* the ticket, n bytes (copied) */
    size_t n;
    int base_ms;         /* deadline before the line time is added */
    int status_ms;
    int cancel_rd;       /* self-pipe: readable once cancelled */
    int cancel_wr;
    struct ticket_job *next; /* queue link, guarded by the printer's mu */
};

struct ticket_printer {
    pthread_mutex_t mu;        /* guards everything up to `current` */
    int refs;                  /* caller + worker; the last one frees */
    int closing;               /* ticket_printer_close was called */
    int started;               /* the worker thread exists */
    struct ticket_job *head, *tail; /* queued jobs, oldest first */
    struct ticket_job *current;     /* the job the worker is on */
    int wake_rd, wake_wr;      /* self-pipe: a job was queued, or close */
    struct ticket_printer_spec spec; /* read-only after open */
    /* Worker-only state: */
    int fd;                    /* the device, -1 when closed */
    int is_socket;
    int no_reads;              /* read() said this device cannot answer */
    int answers;               /* 1 once it answered a DLE EOT */
    int gsr;                   /* -1 unknown, 0 never answers GS r, 1 does */
    struct ticket_escpos_stream stream; /* what the printer has received */
    struct ticket_buf tcp_log; /* TCP: this connection's bytes, fed to the
                                  stream when the job ends (see after_job) */
};

static void job_destroy(struct ticket_job *j)
{
    if (j->cancel_rd >= 0) {
        close(j->cancel_rd);
    }
    if (j->cancel_wr >= 0) {
        close(j->cancel_wr);
    }
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
    free(j->bytes);
    free(j);
}

static void job_release(struct ticket_job *j)
{
    pthread_mutex_lock(&j->mu);
    int left = --j->refs;
    pthread_mutex_unlock(&j->mu);
    if (left == 0) {
        job_destroy(j);
    }
}

static int is_final(enum ticket_job_state s)
{
    return s == TICKET_JOB_DONE || s == TICKET_JOB_FAILED;
}

/* Makes a job final (once): state, reason, and everyone waiting told. */
static void job_finish(struct ticket_job *j, enum ticket_job_reason reason,
                       int err)
{
    pthread_mutex_lock(&j->mu);
    if (!is_final(j->res.state)) {
        j->res.reason = reason;
        j->res.os_errno = err;
        j->res.state = reason == TICKET_REASON_NONE ? TICKET_JOB_DONE
                                                    : TICKET_JOB_FAILED;
        pthread_cond_broadcast(&j->cv);
    }
    pthread_mutex_unlock(&j->mu);
}

static void printer_destroy(struct ticket_printer *p)
{
    if (p->fd >= 0) {
        close(p->fd);
    }
    if (p->wake_rd >= 0) {
        close(p->wake_rd);
    }
    if (p->wake_wr >= 0) {
        close(p->wake_wr);
    }
    ticket_buf_free(&p->tcp_log);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

static void printer_release(struct ticket_printer *p)
{
    pthread_mutex_lock(&p->mu);
    int left = --p->refs;
    pthread_mutex_unlock(&p->mu);
    if (left == 0) {
        printer_destroy(p);
    }
}

static void printer_wake(struct ticket_printer *p)
{
    const char c = 'w';
    /* A full pipe (EAGAIN) means the worker has a wake-up pending. */
    ssize_t w = write(p->wake_wr, &c, 1);
    (void)w;
}

/* ---- worker-side I/O ----------------------------------------------------- */

/* One job on the printer's device, owned by the worker thread. */
struct io {
    struct ticket_printer *p;
    struct ticket_job *job;
    long long deadline;  /* CLOCK_MONOTONIC ms */
    enum ticket_job_reason reason; /* first failure, NONE so far */
    int err;             /* errno behind it */
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void io_fail(struct io *io, enum ticket_job_reason r, int err)
{
    if (io->reason == TICKET_REASON_NONE) {
        io->reason = r;
        io->err = err;
    }
}

/* Waits until the device has `events`, `until` (ms) passes, or the job is
 * cancelled. events == 0: sleep on the cancel pipe only. Returns 1 ready
 * (also on POLLERR/POLLHUP: the next call reports the error), 0 time is
 * up, -1 cancelled or failed (reason set). */
static int io_wait(struct io *io, short events, long long until)
{
    for (;;) {
        struct pollfd pf[2] = {
            {.fd = io->job->cancel_rd, .events = POLLIN},
            {.fd = io->p->fd, .events = events},
        };
        long long left = until - now_ms();
        if (left < 0) {
            left = 0;
        }
        int use_fd = io->p->fd >= 0 && events;
        int r = poll(pf, use_fd ? 2 : 1, (int)left);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            io_fail(io, TICKET_REASON_IO, errno);
            return -1;
        }
        if (pf[0].revents) {
            io_fail(io, TICKET_REASON_CANCELLED, 0);
            return -1;
        }
        if (r > 0 && use_fd && pf[1].revents) {
            return 1;
        }
        if (left == 0) {
            return 0;
        }
    }
}

static int io_cancelled(struct io *io)
{
    struct pollfd pf = {.fd = io->job->cancel_rd, .events = POLLIN};
    if (poll(&pf, 1, 0) > 0) {
        io_fail(io, TICKET_REASON_CANCELLED, 0);
        return 1;
    }
    return 0;
}

/* Writes all of q[0..n) before the deadline; every byte the device takes
 * is followed in the printer's stream. `progress` = count the bytes in the
 * job's bytes_sent. Returns 0, or -1 with the reason set. */
static int io_write_all(struct io *io, const uint8_t *q, size_t n,
                        int progress)
{
    struct ticket_printer *p = io->p;
    size_t off = 0;

    while (off < n) {
        ssize_t w;
        if (p->is_socket) {
            w = send(p->fd, q + off, n - off, MSG_NOSIGNAL);
        } else {
            w = write(p->fd, q + off, n - off);
        }
        if (w > 0) {
            /* On TCP, what the socket took may never reach the printer if
             * the connection dies: the bytes are kept until the job ends
             * and then followed as far as the printer acknowledged them. */
            if (!p->is_socket ||
                ticket_buf_append(&p->tcp_log, q + off, (size_t)w) !=
                    KIOSK_OK) {
                ticket_escpos_stream_feed(&p->stream, q + off, (size_t)w);
            }
            off += (size_t)w;
            if (progress) {
                pthread_mutex_lock(&io->job->mu);
                io->job->res.bytes_sent = off;
                pthread_mutex_unlock(&io->job->mu);
            }
            continue;
        }
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int r = io_wait(io, POLLOUT, io->deadline);
            if (r == 0) {
                io_fail(io, TICKET_REASON_TIMEOUT, 0);
            }
            if (r <= 0) {
                return -1;
            }
            continue;
        }
        int e = w < 0 ? errno : EIO;
        io_fail(io, ticket_reason_from_errno(p->spec.kind, e), e);
        return -1;
    }
    return 0;
}

/* Completes the command an earlier job left open (see ticket.h,
 * ticket_escpos_stream). Returns 0, or -1 with the reason set. */
static int io_finish_command(struct io *io)
{
    static const uint8_t zeros[4096];
    uint8_t head[8];
    size_t head_n = 0;
    unsigned long long z =
        ticket_escpos_stream_finish(&io->p->stream, head, &head_n);
    size_t total = head_n + (size_t)z;

    if (total == 0) {
        return 0;
    }
    pthread_mutex_lock(&io->job->mu);
    io->job->res.finish_bytes = total;
    pthread_mutex_unlock(&io->job->mu);
    if (head_n && io_write_all(io, head, head_n, 0) < 0) {
        return -1;
    }
    while (z > 0) {
        size_t k = z < sizeof zeros ? (size_t)z : sizeof zeros;
        if (io_write_all(io, zeros, k, 0) < 0) {
            return -1;
        }
        z -= k;
    }
    return 0;
}

/* Reads and drops whatever the printer sent earlier (a late answer to an
 * earlier query would otherwise be taken for the next one). */
static void io_drain(struct io *io)
{
    uint8_t junk[64];

    for (int i = 0; i < 64; i++) {
        ssize_t r = read(io->p->fd, junk, sizeof junk);
        if (r > 0) {
            continue;
        }
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            io->p->no_reads = 1; /* e.g. EINVAL: usblp not bidirectional */
        }
        return;
    }
}

/* Sends q[0..qn) and waits until `until` for one byte that `valid`
 * accepts. Returns the byte, -1 for no answer, -2 for a failure of the job
 * (reason set). */
static int io_ask(struct io *io, const uint8_t *q, size_t qn,
                  int (*valid)(uint8_t), long long until)
{
    uint8_t buf[16];

    io_drain(io);
    if (io->p->no_reads) {
        return -1;
    }
    if (io_write_all(io, q, qn, 0) < 0) {
        return -2;
    }
    if (until > io->deadline) {
        until = io->deadline;
    }
    for (;;) {
        int r = io_wait(io, POLLIN, until);
        if (r < 0) {
            return -2;
        }
        if (r == 0) {
            return -1;
        }
        ssize_t got = read(io->p->fd, buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN ||
                        errno == EWOULDBLOCK)) {
            continue;
        }
        if (got <= 0) {
            /* EOF (peer closed) or a device that cannot answer: the
             * write path will report a real failure if there is one. */
            io->p->no_reads = 1;
            return -1;
        }
        for (ssize_t i = 0; i < got; i++) {
            if (valid(buf[i])) {
                return buf[i];
            }
        }
        /* Only bytes that are not the answer: keep waiting. */
    }
}

static int dle_eot_valid(uint8_t b)
{
    return ticket_escpos_status_valid(b);
}

/* Asks DLE EOT 1, 2, 4 into *st. Returns 0, or -1 if the job failed. */
static int io_query(struct io *io, struct ticket_printer_status *st)
{
    static const int which[] = {1, 2, 4};

    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < 3; i++) {
        uint8_t q[3] = {0x10, 0x04, (uint8_t)which[i]};
        int b = io_ask(io, q, sizeof q, dle_eot_valid,
                       now_ms() + io->job->status_ms);
        if (b == -2) {
            return -1;
        }
        if (b < 0) {
            if (i == 0) {
                break; /* silent printer: do not wait three times */
            }
            continue;
        }
        io->p->answers = 1;
        ticket_escpos_status_apply(which[i], (uint8_t)b, st);
    }
    return 0;
}

/* After the ticket: GS r 1, answered once the printer has processed (so
 * printed) everything before it. Returns 1 confirmed, 0 not (no answer, or
 * a printer known not to answer), -1 if the job failed. */
static int io_confirm(struct io *io, unsigned long long rows)
{
    static const uint8_t q[] = {0x1D, 0x72, 0x01};
    struct ticket_printer *p = io->p;

    if (!p->answers || p->gsr == 0 || p->no_reads) {
        return 0; /* it never answers: do not wait for nothing */
    }
    long long wait = (long long)io->job->status_ms + GSR_BASE_MS +
                     (long long)rows * GSR_MS_PER_ROW;
    int b = io_ask(io, q, sizeof q, ticket_escpos_gsr_valid, now_ms() + wait);
    if (b == -2) {
        return -1;
    }
    if (b < 0) {
        /* no answer: an older model without GS r, or still printing at
         * the deadline; remember the former only (never answered) */
        if (p->gsr < 0) {
            p->gsr = 0;
        }
        return 0;
    }
    p->gsr = 1;
    return 1;
}

static int io_open_serial(struct io *io, const struct ticket_printer_spec *s)
{
    struct termios t;
    speed_t sp;
    int fd = io->p->fd;

    if (!isatty(fd)) {
        io_fail(io, TICKET_REASON_IO, ENOTTY);
        return -1;
    }
    if (tcgetattr(fd, &t) < 0 || !printer_speed(s->baud, &sp)) {
        io_fail(io, TICKET_REASON_IO, errno);
        return -1;
    }
    /* Raw 8N1: no CR/LF translation, no XON/XOFF (raster bytes contain
     * 0x11/0x13), reads return at once (VMIN = VTIME = 0). */
    cfmakeraw(&t);
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB | CRTSCTS);
    t.c_cflag |= CS8 | CLOCAL | CREAD;
    if (s->rtscts) {
        t.c_cflag |= CRTSCTS;
    }
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, sp) < 0 || cfsetospeed(&t, sp) < 0 ||
        tcsetattr(fd, TCSANOW, &t) < 0) {
        io_fail(io, TICKET_REASON_IO, errno);
        return -1;
    }
    tcflush(fd, TCIFLUSH);
    return 0;
}

static int io_open_tcp(struct io *io, const struct ticket_printer_spec *s)
{
    struct addrinfo hints, *res = NULL;
    char port[8];
    int last = ECONNREFUSED;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    snprintf(port, sizeof port, "%d", s->port);
    /* getaddrinfo cannot be bounded by the deadline; site.ini normally
     * names the printer by address, which resolves without the network. */
    int g = getaddrinfo(s->path, port, &hints, &res);
    if (g != 0) {
        io_fail(io, TICKET_REASON_ABSENT, g == EAI_SYSTEM ? errno : 0);
        return -1;
    }
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        int fd = socket(a->ai_family,
                        a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                        a->ai_protocol);
        if (fd < 0) {
            last = errno;
            continue;
        }
        int sb = TCP_SNDBUF;
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sb, sizeof sb);
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            io->p->fd = fd;
            break;
        }
        if (errno != EINPROGRESS) {
            last = errno;
            close(fd);
            continue;
        }
        io->p->fd = fd;
        int r = io_wait(io, POLLOUT, io->deadline);
        if (r <= 0) {
            if (r == 0) {
                io_fail(io, TICKET_REASON_TIMEOUT, 0);
            }
            freeaddrinfo(res);
            return -1; /* the device is closed by the caller */
        }
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
            soerr == 0) {
            break;
        }
        last = soerr ? soerr : errno;
        close(fd);
        io->p->fd = -1;
    }
    freeaddrinfo(res);
    if (io->p->fd < 0) {
        io_fail(io, ticket_reason_from_errno(TICKET_TRANSPORT_TCP, last),
                last);
        return -1;
    }
    io->p->is_socket = 1;
    return 0;
}

/* Opens the transport into p->fd unless it is still open (an aborted job's
 * bytes on their way). Returns 0, or -1 with the reason set. */
static int io_open(struct io *io)
{
    struct ticket_printer *p = io->p;
    const struct ticket_printer_spec *s = &p->spec;
    int flags = O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

    if (p->fd >= 0) {
        return 0;
    }
    p->is_socket = 0;
    p->no_reads = 0;
    switch (s->kind) {
    case TICKET_TRANSPORT_FILE:
        p->fd = open(s->path, flags | O_WRONLY | O_APPEND | O_CREAT, 0644);
        break;
    case TICKET_TRANSPORT_USB:
    case TICKET_TRANSPORT_SERIAL:
        p->fd = open(s->path, flags | O_RDWR);
        break;
    case TICKET_TRANSPORT_TCP:
        return io_open_tcp(io, s);
    case TICKET_TRANSPORT_NONE:
        io_fail(io, TICKET_REASON_ABSENT, 0);
        return -1;
    }
    if (p->fd < 0) {
        io_fail(io, ticket_reason_from_errno(s->kind, errno), errno);
        return -1;
    }
    if (s->kind == TICKET_TRANSPORT_USB) {
        /* usblp reads the argument by value. Not a usblp device (ENOTTY,
         * e.g. a test file): nothing to switch on. */
        (void)ioctl(p->fd, LPABORT, 1L);
    }
    if (s->kind == TICKET_TRANSPORT_SERIAL) {
        return io_open_serial(io, s);
    }
    return 0;
}

/* Bytes written to the device that it has not taken yet: a USB transfer
 * in flight (1 if so, the size is not known), a serial output queue. */
static int device_pending(const struct ticket_printer *p)
{
    if (p->fd < 0) {
        return 0;
    }
    if (p->spec.kind == TICKET_TRANSPORT_USB) {
        struct pollfd pf = {.fd = p->fd, .events = POLLOUT};
        return poll(&pf, 1, 0) == 0;
    }
    if (p->spec.kind == TICKET_TRANSPORT_SERIAL) {
        int q = 0;
        return ioctl(p->fd, TIOCOUTQ, &q) == 0 && q > 0;
    }
    return 0;
}

/* Waits until the device has taken everything written: usblp's last URB
 * (closing would kill it), a serial port's output queue. */
static int io_flush(struct io *io)
{
    const struct ticket_printer_spec *s = &io->p->spec;

    if (s->kind == TICKET_TRANSPORT_USB) {
        int r = io_wait(io, POLLOUT, io->deadline);
        if (r == 0) {
            io_fail(io, TICKET_REASON_TIMEOUT, 0);
        }
        return r > 0 ? 0 : -1;
    }
    if (s->kind == TICKET_TRANSPORT_SERIAL) {
        while (device_pending(io->p)) {
            long long until = now_ms() + 10;
            if (until >= io->deadline) {
                io_fail(io, TICKET_REASON_TIMEOUT, 0);
                return -1;
            }
            if (io_wait(io, 0, until) < 0) {
                return -1;
            }
        }
    }
    return 0;
}

/* After a timeout on usblp: the IEEE 1284 status byte may say why. Many
 * ESC/POS clones hard-wire it, so only "paper out" is believed. */
static void io_usb_refine(struct io *io)
{
    int st = 0;

    if (io->p->spec.kind != TICKET_TRANSPORT_USB || io->p->fd < 0 ||
        io->reason != TICKET_REASON_TIMEOUT) {
        return;
    }
    if (ioctl(io->p->fd, LPGETSTATUS, &st) == 0 && (st & LP_POUTPA)) {
        io->reason = TICKET_REASON_PAPER_OUT;
    }
}

static void io_set_status(struct io *io, int after,
                          const struct ticket_printer_status *st)
{
    pthread_mutex_lock(&io->job->mu);
    if (after) {
        io->job->res.after = *st;
    } else {
        io->job->res.before = *st;
    }
    pthread_mutex_unlock(&io->job->mu);
}

static int two_way(const struct ticket_printer_spec *s)
{
    return s->kind == TICKET_TRANSPORT_USB ||
           s->kind == TICKET_TRANSPORT_SERIAL ||
           s->kind == TICKET_TRANSPORT_TCP;
}

static void job_run(struct io *io)
{
    struct ticket_printer *p = io->p;
    struct ticket_job *j = io->job;
    struct ticket_printer_status st;

    if (io_cancelled(io) || io_open(io) < 0 || io_finish_command(io) < 0) {
        return;
    }
    if (two_way(&p->spec)) {
        if (io_query(io, &st) < 0) {
            return;
        }
        io_set_status(io, 0, &st);
        enum ticket_job_reason r = ticket_reason_from_status(&st);
        if (r != TICKET_REASON_NONE) {
            io_fail(io, r, 0); /* nothing sent: the ticket stays whole */
            return;
        }
    }
    unsigned long long rows0 = p->stream.rows;
    if (io_write_all(io, j->bytes, j->n, 1) < 0 || io_flush(io) < 0) {
        io_usb_refine(io);
        return;
    }
    if (two_way(&p->spec) && j->n > 0) {
        int confirmed = io_confirm(io, p->stream.rows - rows0);
        if (confirmed < 0) {
            return;
        }
        if (io_query(io, &st) < 0) {
            return;
        }
        io_set_status(io, 1, &st);
        pthread_mutex_lock(&j->mu);
        j->res.confirmed = confirmed;
        pthread_mutex_unlock(&j->mu);
        if (!confirmed) {
            /* the printer may hold part of the ticket: not done */
            io_fail(io, ticket_reason_from_status(&st), 0);
        }
    }
}

/* After a job: close the device unless an aborted job's bytes are still on
 * their way to the printer (they would be lost, and what the printer got
 * with them). File and TCP are always closed: a file takes its bytes at
 * once, and a TCP close still delivers what is queued. */
static void after_job(struct io *io)
{
    struct ticket_printer *p = io->p;
    if (p->is_socket && p->fd >= 0) {
        size_t upto = p->tcp_log.len;
        /* A connection that failed (reset, broken, timed out by the
         * kernel) delivered what the printer acknowledged, no more. A job
         * that this side gave up (deadline, cancel) closes normally and
         * the kernel still delivers everything queued. */
        if (io->err != 0) { /* an errno from the socket, not our own
                               deadline or cancel (those have none) */
            struct tcp_info ti;
            socklen_t tl = sizeof ti;
            memset(&ti, 0, sizeof ti);
            /* the count includes the SYN's sequence number: one more
             * than the data bytes acknowledged */
            if (getsockopt(p->fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) == 0 &&
                tl >= offsetof(struct tcp_info, tcpi_bytes_acked) +
                          sizeof ti.tcpi_bytes_acked &&
                ti.tcpi_bytes_acked >= 1 &&
                ti.tcpi_bytes_acked - 1 < upto) {
                upto = (size_t)(ti.tcpi_bytes_acked - 1);
            }
        }
        ticket_escpos_stream_feed(&p->stream, p->tcp_log.data, upto);
        p->tcp_log.len = 0;
        /* a late answer left unread would make close() reset the
         * connection and drop what is still queued for the printer */
        io_drain(io);
    }
    int keep = (io->reason == TICKET_REASON_TIMEOUT ||
                io->reason == TICKET_REASON_CANCELLED) &&
               device_pending(p);
    if (p->fd >= 0 && !keep) {
        close(p->fd);
        p->fd = -1;
    }
}

/* The worker's wait between jobs: for a wake-up (a job, or close), and
 * while the device is held open for pending bytes, for them to drain. */
static void worker_idle(struct ticket_printer *p)
{
    for (;;) {
        int pending = device_pending(p);
        if (p->fd >= 0 && !pending) {
            close(p->fd);
            p->fd = -1;
        }
        struct pollfd pf[2] = {
            {.fd = p->wake_rd, .events = POLLIN},
            {.fd = p->fd, .events = POLLOUT},
        };
        /* usblp reports POLLOUT when its URB is done; a serial queue is
         * looked at every 50 ms */
        int usb = pending && p->spec.kind == TICKET_TRANSPORT_USB;
        int r = poll(pf, usb ? 2 : 1, pending ? (usb ? -1 : 50) : -1);
        if (r < 0 && errno != EINTR) {
            return;
        }
        if (r > 0 && pf[0].revents) {
            char buf[64];
            while (read(p->wake_rd, buf, sizeof buf) > 0) {
            }
            return;
        }
    }
}

static void *printer_main(void *arg)
{
    struct ticket_printer *p = arg;

    for (;;) {
        pthread_mutex_lock(&p->mu);
        struct ticket_job *j = p->head;
        if (j) {
            p->head = j->next;
            if (!p->head) {
                p->tail = NULL;
            }
            j->next = NULL;
        }
        int closing = p->closing;
        p->current = j;
        pthread_mutex_unlock(&p->mu);
        if (!j) {
            if (closing) {
                break;
            }
            worker_idle(p);
            continue;
        }
        pthread_mutex_lock(&j->mu);
        int skip = is_final(j->res.state); /* cancelled while queued */
        if (!skip) {
            j->res.state = TICKET_JOB_PRINTING;
        }
        pthread_mutex_unlock(&j->mu);
        if (!skip) {
            struct io io = {.p = p, .job = j};
            /* the line time counts the bytes that complete an open
             * command, and the status queries around the ticket */
            uint8_t head[8];
            size_t head_n = 0;
            unsigned long long z =
                ticket_escpos_stream_finish(&p->stream, head, &head_n);
            int deadline = ticket_job_deadline_ms(
                &p->spec, j->n + head_n + (size_t)z + 32, j->base_ms);
            io.deadline = now_ms() + deadline;
            pthread_mutex_lock(&j->mu);
            j->res.deadline_ms = deadline;
            pthread_mutex_unlock(&j->mu);
            job_run(&io);
            after_job(&io);
            job_finish(j, io.reason, io.err);
        }
        pthread_mutex_lock(&p->mu);
        p->current = NULL;
        pthread_mutex_unlock(&p->mu);
        job_release(j);
    }
    printer_release(p);
    return NULL;
}

/* ---- caller-side API ----------------------------------------------------- */

int ticket_job_deadline_ms(const struct ticket_printer_spec *spec, size_t n,
                           int base_ms)
{
    long long ms = base_ms;
    if (spec->kind == TICKET_TRANSPORT_SERIAL && spec->baud > 0) {
        /* 10 bits a byte (start, 8 data, stop), and a quarter more */
        long long line = ((long long)n * 10 * 1000 + spec->baud - 1) /
                         spec->baud;
        ms += line + line / 4;
    }
    return ms > JOB_MAX_DEADLINE_MS ? JOB_MAX_DEADLINE_MS : (int)ms;
}

enum kiosk_err ticket_printer_open(const char *spec,
                                   struct ticket_printer **out)
{
    struct ticket_printer_spec ps;

    *out = NULL;
    if (ticket_printer_spec_parse(spec, &ps) != KIOSK_OK) {
        return KIOSK_EINVAL;
    }
    struct ticket_printer *p = calloc(1, sizeof *p);
    if (!p) {
        return KIOSK_ENOMEM;
    }
    p->spec = ps;
    p->fd = -1;
    p->gsr = -1;
    p->refs = 1;
    ticket_escpos_stream_init(&p->stream);
    ticket_buf_init(&p->tcp_log, TICKET_JOB_MAX_BYTES + (1u << 20));
    int pf[2];
    if (pipe2(pf, O_CLOEXEC | O_NONBLOCK) < 0) {
        free(p);
        return KIOSK_ENOMEM;
    }
    p->wake_rd = pf[0];
    p->wake_wr = pf[1];
    pthread_mutex_init(&p->mu, NULL);
    *out = p;
    return KIOSK_OK;
}

/* Starts the worker with every signal blocked: SIGPIPE from a FIFO whose
 * reader left becomes EPIPE, and the UI thread keeps SIGINT and SIGTERM.
 * Called with p->mu held. */
static int printer_start(struct ticket_printer *p)
{
    pthread_attr_t attr;
    sigset_t all, old;
    pthread_t tid;

    sigfillset(&all);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    p->refs++;
    int rc = pthread_create(&tid, &attr, printer_main, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        p->refs--;
        return -1;
    }
    p->started = 1;
    return 0;
}

enum kiosk_err ticket_printer_submit(struct ticket_printer *p,
                                     const uint8_t *bytes, size_t n,
                                     const struct ticket_job_opts *o,
                                     struct ticket_job **out)
{
    pthread_condattr_t ca;
    int deadline = o && o->deadline_ms ? o->deadline_ms
                                       : JOB_DEFAULT_DEADLINE_MS;
    int status = o && o->status_timeout_ms ? o->status_timeout_ms
                                           : JOB_DEFAULT_STATUS_MS;

    *out = NULL;
    if (!p || (n > 0 && !bytes) || deadline < 1 || deadline > 600000 ||
        status < 1 || status > 5000) {
        return KIOSK_EINVAL;
    }
    if (n > TICKET_JOB_MAX_BYTES) {
        return KIOSK_ETOOBIG;
    }
    struct ticket_job *j = calloc(1, sizeof *j);
    if (!j) {
        return KIOSK_ENOMEM;
    }
    j->cancel_rd = j->cancel_wr = -1;
    j->n = n;
    j->base_ms = deadline;
    j->status_ms = status;
    j->res.bytes_total = n;
    j->res.two_way = two_way(&p->spec);
    j->bytes = malloc(n ? n : 1);
    if (!j->bytes) {
        free(j);
        return KIOSK_ENOMEM;
    }
    if (n) {
        memcpy(j->bytes, bytes, n);
    }
    pthread_mutex_init(&j->mu, NULL);
    /* Timed waits measure on the monotonic clock, immune to the kiosk
     * setting its wall clock from the network. */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&j->cv, &ca);
    pthread_condattr_destroy(&ca);

    if (p->spec.kind == TICKET_TRANSPORT_NONE) {
        j->refs = 1;
        j->res.state = TICKET_JOB_FAILED;
        j->res.reason = TICKET_REASON_ABSENT;
        *out = j;
        return KIOSK_OK;
    }
    int pf[2];
    if (pipe2(pf, O_CLOEXEC | O_NONBLOCK) < 0) {
        job_destroy(j);
        return KIOSK_ENOMEM;
    }
    j->cancel_rd = pf[0];
    j->cancel_wr = pf[1];
    j->refs = 2; /* the caller and the queue */

    pthread_mutex_lock(&p->mu);
    if (p->closing || (!p->started && printer_start(p) < 0)) {
        int closing = p->closing;
        pthread_mutex_unlock(&p->mu);
        job_destroy(j);
        return closing ? KIOSK_EINVAL : KIOSK_ENOMEM;
    }
    if (p->tail) {
        p->tail->next = j;
    } else {
        p->head = j;
    }
    p->tail = j;
    printer_wake(p);
    pthread_mutex_unlock(&p->mu);
    *out = j;
    return KIOSK_OK;
}

void ticket_printer_close(struct ticket_printer *p)
{
    if (!p) {
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    for (struct ticket_job *j = p->head; j; j = j->next) {
        ticket_job_cancel(j);
    }
    if (p->current) {
        ticket_job_cancel(p->current);
    }
    if (p->started) {
        printer_wake(p);
    }
    pthread_mutex_unlock(&p->mu);
    printer_release(p);
}

enum ticket_job_state ticket_job_poll(struct ticket_job *j,
                                      struct ticket_job_result *res)
{
    pthread_mutex_lock(&j->mu);
    enum ticket_job_state s = j->res.state;
    if (res) {
        *res = j->res;
    }
    pthread_mutex_unlock(&j->mu);
    return s;
}

enum ticket_job_state ticket_job_wait(struct ticket_job *j, int timeout_ms,
                                      struct ticket_job_result *res)
{
    struct timespec until;

    clock_gettime(CLOCK_MONOTONIC, &until);
    if (timeout_ms >= 0) {
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&j->mu);
    while (!is_final(j->res.state)) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&j->cv, &j->mu);
        } else if (pthread_cond_timedwait(&j->cv, &j->mu, &until) ==
                   ETIMEDOUT) {
            break;
        }
    }
    enum ticket_job_state s = j->res.state;
    if (res) {
        *res = j->res;
    }
    pthread_mutex_unlock(&j->mu);
    return s;
}

void ticket_job_cancel(struct ticket_job *j)
{
    if (!j) {
        return;
    }
    pthread_mutex_lock(&j->mu);
    if (j->res.state == TICKET_JOB_QUEUED) {
        /* not started: it never will (the worker skips final jobs) */
        j->res.state = TICKET_JOB_FAILED;
        j->res.reason = TICKET_REASON_CANCELLED;
        pthread_cond_broadcast(&j->cv);
    }
    pthread_mutex_unlock(&j->mu);
    if (j->cancel_wr >= 0) {
        const char c = 'x';
        /* Full pipe (EAGAIN) means it is cancelled already. */
        ssize_t w = write(j->cancel_wr, &c, 1);
        (void)w;
    }
}

void ticket_job_free(struct ticket_job *j)
{
    if (!j) {
        return;
    }
    if (!is_final(ticket_job_poll(j, NULL))) {
        ticket_job_cancel(j);
    }
    job_release(j);
}

void ticket_job_release(struct ticket_job *j)
{
    if (j) {
        job_release(j);
    }
}
