/* Printer transports, one worker per printer, and print jobs.
 *
 * A printer is named by a string (site.ini [printer] printer):
 *   file:PATH              append to a file (tests; a CUPS raw queue's FIFO)
 *   usb:/dev/usb/lp0       Linux USB printer class device (usblp)
 *   serial:/dev/ttyUSB0:19200[:rtscts]  raw 8N1 at that baud, optional
 *                          hardware flow control
 *   tcp:HOST[:PORT]        raw TCP, port 9100 by default; [v6addr]:PORT
 *   none                   no printer: every job fails with "absent"
 *
 * A struct ticket_printer owns one device: one worker thread, started with
 * the first job, sends the jobs queued to it one after the other, so two
 * tickets never mix on the paper and a device is never opened twice. The
 * UI thread queues a job and polls its state without blocking. Each job has
 * its own deadline, counted from when the worker starts it.
 *
 * Between jobs the device is closed, so a descriptor that died with the
 * printer (ENODEV after an unplug) never outlives its job and the next job
 * opens the device afresh, starting with ESC @. It stays open only while
 * bytes of an aborted job are still on their way (a USB transfer or a
 * serial queue the printer has not taken yet: closing would throw part of
 * them away, and the printer's state would be unknown).
 *
 * The worker follows every byte the device accepted
 * (ticket_escpos_stream). When a job stops inside a command (a timeout,
 * paper out, a jam, a cut connection in the middle of a GS v 0 band), the
 * next thing sent to that printer completes the command, the missing image
 * bytes as white, so the next ticket's ESC @ is read as a command and not
 * as image data.
 *
 * Two-way transports (usb, serial, tcp) ask DLE EOT 1, 2 and 4 before and
 * after the ticket. A printer that does not answer leaves the status
 * unknown, which is not a failure (many cheap printers never answer).
 * Paper out, cover open, offline or a printer error before the ticket stop
 * the job without sending it. DLE EOT is answered on arrival, before the
 * ticket is printed, so after the ticket a printer that answers it is also
 * sent GS r 1, which is answered only once everything before it has been
 * processed: an answer makes the job `confirmed` (printed). Without that
 * confirmation, a fault reported after the ticket fails the job, because
 * the printer may hold the rest of it and print it later for someone
 * else. */
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
    TICKET_JOB_QUEUED = 0, /* waiting for the printer's worker */
    TICKET_JOB_PRINTING,   /* worker opening, querying or sending */
    TICKET_JOB_DONE,       /* every byte accepted, no fault reported;
                              `confirmed` says whether it was printed */
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
    int deadline_ms;       /* the job's time, 1..600000 (0 = 8000), plus
                              on a serial link the line time of its bytes
                              (ticket_job_deadline_ms) */
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
    int confirmed;      /* DONE and the printer answered GS r after the
                           ticket: it has printed it. 0: the bytes were
                           only handed over (a file, a printer that does
                           not answer); say "sent", not "printed" */
    size_t finish_bytes; /* bytes sent first to complete a command an
                            earlier job left open (0 normally) */
    int deadline_ms;    /* the deadline this job got */
    struct ticket_printer_status before; /* DLE EOT replies before */
    struct ticket_printer_status after;  /* ... and after the ticket */
};

#define TICKET_JOB_MAX_BYTES (8u * 1024 * 1024)

struct ticket_job;     /* opaque */
struct ticket_printer; /* opaque */

/** Makes the printer named by `spec` (see the top of this file). Nothing is
 * opened and no thread started until the first job. Returns KIOSK_EINVAL
 * for a bad spec, KIOSK_ENOMEM (*out = NULL). Release with
 * ticket_printer_close(). */
enum kiosk_err ticket_printer_open(const char *spec,
                                   struct ticket_printer **out)
    KIOSK_NODISCARD;

/** Queues `bytes` (n bytes, copied; n may be 0 for a status-only check,
 * n <= TICKET_JOB_MAX_BYTES) behind the printer's other jobs. o may be NULL
 * (defaults). On success *out is the job; the caller releases it with
 * ticket_job_free() or ticket_job_release(). Returns KIOSK_EINVAL for bad
 * options or a closed printer, KIOSK_ETOOBIG, KIOSK_ENOMEM (thread or
 * memory; *out = NULL). On printer "none" the job has already failed with
 * TICKET_REASON_ABSENT. Never blocks. */
enum kiosk_err ticket_printer_submit(struct ticket_printer *p,
                                     const uint8_t *bytes, size_t n,
                                     const struct ticket_job_opts *o,
                                     struct ticket_job **out)
    KIOSK_NODISCARD;

/** Cancels every job of the printer that has not finished (shutdown) and
 * drops the caller's hold; the worker ends at its next wait and frees the
 * printer. Job handles stay valid until their own release. Never blocks.
 * NULL is a no-op. */
void ticket_printer_close(struct ticket_printer *p);

/** The deadline a job of n bytes gets on printer `spec` with base_ms of
 * its own: base_ms, plus on a serial link the time the bytes take on the
 * line (8N1: 10 bits a byte) and a quarter more for flow-control pauses,
 * capped at one hour. */
int ticket_job_deadline_ms(const struct ticket_printer_spec *spec, size_t n,
                           int base_ms);

/** Returns the job's state now and, if res is non-NULL, a snapshot of it.
 * Never blocks (beyond a short mutex hold); call it every frame. */
enum ticket_job_state ticket_job_poll(struct ticket_job *j,
                                      struct ticket_job_result *res);

/** Waits up to timeout_ms (< 0 = until done) for the job to finish; returns
 * its state then, like ticket_job_poll. For tests and shutdown, never for
 * the UI thread. */
enum ticket_job_state ticket_job_wait(struct ticket_job *j, int timeout_ms,
                                      struct ticket_job_result *res);

/** Cancels the job: a queued one fails at once with
 * TICKET_REASON_CANCELLED, a running one at the worker's next wait (the
 * printer is told nothing; what it got is completed before the next job).
 * A finished job is left as it is. Never blocks. */
void ticket_job_cancel(struct ticket_job *j);

/** Cancels the job if it has not finished and drops the caller's hold on
 * it. Never blocks. NULL is a no-op. */
void ticket_job_free(struct ticket_job *j);

/** Drops the caller's hold without cancelling: the job prints to its end
 * (a visitor who pressed Done still gets the ticket). NULL is a no-op. */
void ticket_job_release(struct ticket_job *j);

/** Short English names ("queued", "paper-out", ...) for logs. */
const char *ticket_job_state_name(enum ticket_job_state s);
const char *ticket_job_reason_name(enum ticket_job_reason r);

#endif
