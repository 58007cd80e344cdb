/* Internals of printer.c exposed for unit tests only. */
#ifndef KIOSK_TICKET_PRINTER_PRIVATE_H
#define KIOSK_TICKET_PRINTER_PRIVATE_H

#include "ticket/printer.h"

/** Which failure an errno from open/connect/write/read on a `kind`
 * transport means: ENOENT/ENODEV/ENXIO/ECONNREFUSED/unreachable are
 * ABSENT, ENOSPC is PAPER_OUT on usb (LPABORT) but IO on a file (disk
 * full), ETIMEDOUT is TIMEOUT, everything else IO. */
enum ticket_job_reason ticket_reason_from_errno(enum ticket_transport kind,
                                                int err);

/** The first of paper out, cover open, offline, printer error that *st
 * reports, or TICKET_REASON_NONE. */
enum ticket_job_reason ticket_reason_from_status(
    const struct ticket_printer_status *st);

#endif
