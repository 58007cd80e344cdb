/* Printer transports and print jobs.
 *
 * A printer is named by a string (site.ini [printer] printer):
 *   file:PATH              append to a file (tests; a CUPS raw queue's FIFO)
 *   usb:/dev/usb/lp0       Linux USB printer class device (usblp)
 *   serial:/dev/ttyUSB0:19200[:rtscts]  raw 8N1 at that baud, optional
 *                          hardware flow control
 *   tcp:HOST[:PORT]        raw TCP, port 9100 by default; [v6addr]:PORT
 *   none                   no printer: every job fails with "absent"
 *
 * A job runs on its own (detached) worker thread with one deadline for the
 * whole job; the UI thread starts it and polls its state without blocking.
 * Each job opens the device, sends, and closes it, so a descriptor that
 * died with the printer (ENODEV after an unplug) never outlives its job:
 * the next job reopens the device and sends the whole ticket again, which
 * starts with ESC @ (ESC/POS cannot resume a half-received raster).
 *
 * Two-way transports (usb, serial, tcp) ask DLE EOT 1, 2 and 4 before and
 * after the ticket. A printer that does not answer leaves the status
 * unknown, which is not a failure (many cheap printers never answer).
 * Paper out, cover open, offline or a printer error before the ticket stop
 * the job without sending it; after the ticket they fail the job, because
 * the printer holds the rest of the ticket and would print it later for
 * someone else. */
#ifndef KIOSK_TICKET_PRINTER_H
#define KIOSK_TICKET_PRINTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ticket/ticket.h"

enum ticket_transport {
    TICKET_TRANSPORT_NONE = 0,
    TICKET_TRANSPORT_FILE,
    TICKET_TRANSPORT_USB,
    TICKET_TRANSPORT_SERIAL,
    TICKET_TRANSPORT_TCP,
};

/* A parsed printer string. */
struct ticket_printer_spec {
    enum ticket_transport kind;
    char path[256]; /* FILE/USB/SERIAL: path; TCP: host (no brackets) */
    int baud;       /* SERIAL: bits per second */
    int rtscts;     /* SERIAL: 1 = RTS/CTS hardware flow control */
    int port;       /* TCP: 1..65535 */
};

/** Parses a printer string (see the top of this file) into *out. Returns
 * KIOSK_EINVAL for an unknown transport, an empty or too long path, an
 * unsupported baud rate or a bad port (*out is then zeroed). */
enum kiosk_err ticket_printer_spec_parse(const char *spec,
                                         struct ticket_printer_spec *out)
    KIOSK_NODISCARD;

enum ticket_job_state {
    TICKET_JOB_QUEUED = 0, /* started, worker not running yet */
    TICKET_JOB_PRINTING,   /* worker opening, querying or sending */
    TICKET_JOB_DONE,       /* every byte accepted; no fault reported */
    TICKET_JOB_FAILED,     /* see the reason */
};

enum ticket_job_reason {
    TICKET_REASON_NONE = 0,
    TICKET_REASON_ABSENT,      /* no such device, unplugged, refused,
                                  or printer "none" */
    TICKET_REASON_PAPER_OUT,   /* DLE EOT, ENOSPC or usblp status */
    TICKET_REASON_OFFLINE,     /* printer says offline */
    TICKET_REASON_COVER_OPEN,  /* printer says cover open */
    TICKET_REASON_PRINTER_ERROR, /* printer says error (e.g. cutter jam) */
    TICKET_REASON_TIMEOUT,     /* deadline passed (printer not taking
                                  data: often paper out on usblp) */
    TICKET_REASON_IO,          /* other I/O error; see os_errno */
    TICKET_REASON_CANCELLED,   /* ticket_job_cancel / ticket_job_free */
};

struct ticket_job_opts {
    int deadline_ms;       /* whole job, 1..600000 (0 = 8000) */
    int status_timeout_ms; /* wait per DLE EOT reply, 1..5000 (0 = 400) */
};

/* A snapshot of a job. */
struct ticket_job_result {
    enum ticket_job_state state;
    enum ticket_job_reason reason;
    int os_errno;       /* errno behind ABSENT/IO/PAPER_OUT, or 0 */
    size_t bytes_sent;  /* ticket bytes accepted by the OS so far */
    size_t bytes_total; /* ticket bytes in the job */
    int two_way;        /* 1 = the transport can answer DLE EOT (usb,
                           serial, tcp): `known` = 0 then means the
                           printer did not answer, worth showing staff */
    struct ticket_printer_status before; /* DLE EOT replies before */
    struct ticket_printer_status after;  /* ... and after the ticket */
};

#define TICKET_JOB_MAX_BYTES (8u * 1024 * 1024)

struct ticket_job; /* opaque */

/** Starts printing `bytes` (n bytes, copied; n may be 0 for a status-only
 * check, n <= TICKET_JOB_MAX_BYTES) on the printer named by `spec`, on a
 * new worker thread. o may be NULL (defaults). On success *out is the job;
 * the caller must release it with ticket_job_free(). Returns KIOSK_EINVAL
 * for a bad spec or options, KIOSK_ETOOBIG, KIOSK_ENOMEM (thread or memory;
 * *out = NULL). Printer "none" gives a job that has already failed with
 * TICKET_REASON_ABSENT. */
enum kiosk_err ticket_job_start(const char *spec, const uint8_t *bytes,
                                size_t n, const struct ticket_job_opts *o,
                                struct ticket_job **out) KIOSK_NODISCARD;

/** Returns the job's state now and, if res is non-NULL, a snapshot of it.
 * Never blocks (beyond a short mutex hold); call it every frame. */
enum ticket_job_state ticket_job_poll(struct ticket_job *j,
                                      struct ticket_job_result *res);

/** Waits up to timeout_ms (< 0 = until done) for the job to finish; returns
 * its state then, like ticket_job_poll. For tests and shutdown, never for
 * the UI thread. */
enum ticket_job_state ticket_job_wait(struct ticket_job *j, int timeout_ms,
                                      struct ticket_job_result *res);

/** Asks the worker to stop at its next wait; the job then fails with
 * TICKET_REASON_CANCELLED unless it has already finished. Never blocks. */
void ticket_job_cancel(struct ticket_job *j);

/** Cancels the job if it is still running and drops the caller's hold on
 * it; the worker frees it when it ends. Never blocks. NULL is a no-op. */
void ticket_job_free(struct ticket_job *j);

/** Short English names ("queued", "paper-out", ...) for logs. */
const char *ticket_job_state_name(enum ticket_job_state s);
const char *ticket_job_reason_name(enum ticket_job_reason r);

#endif
