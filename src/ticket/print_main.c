/* ticket-print: prints a test ticket or asks a printer for its status, for
 * installers setting up a kiosk's printer.
 *
 *   ticket-print [--width 384|512|576] [--url TEMPLATE] [--deadline MS]
 *                [--pbm FILE] PRINTER
 *   ticket-print --status PRINTER
 *
 * PRINTER is a site.ini printer string (usb:/dev/usb/lp0, tcp:HOST:9100,
 * serial:/dev/ttyUSB0:19200, file:PATH). The test ticket is a QR for a new
 * code, rules, and vertical lines that run through the seams between bands,
 * so a printer that shows a line at each seam (printing.md §1.2) is seen
 * at once. The code and URL are printed on stdout to compare with a phone
 * scan. Exit status: 0 printed (or status read), 1 failed, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/printer.h"
#include "ticket/ticket.h"

static int usage(void)
{
    fprintf(stderr,
            "usage: ticket-print [--width 384|512|576] [--url TEMPLATE]\n"
            "                    [--deadline MS] [--pbm FILE] PRINTER\n"
            "       ticket-print --status PRINTER\n");
    return 2;
}

static int int_arg(const char *s, long lo, long hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
        return 0;
    }
    *out = (int)v;
    return 1;
}

static void print_status(const char *when, int two_way,
                         const struct ticket_printer_status *st)
{
    if (!two_way) {
        printf("status %s: not available (one-way transport)\n", when);
        return;
    }
    if (!st->known) {
        printf("status %s: no answer (unknown)\n", when);
        return;
    }
    printf("status %s:%s%s%s%s%s%s\n", when,
           st->offline ? " offline" : "", st->cover_open ? " cover-open" : "",
           st->paper_out ? " paper-out" : "",
           st->paper_near_end ? " paper-near-end" : "",
           st->error ? " error" : "",
           !st->offline && !st->cover_open && !st->paper_out &&
                   !st->paper_near_end && !st->error
               ? " ok"
               : "");
}

/* The test raster: rule, QR, rule, then a 600-row field of vertical lines
 * (a band holds at most 256 rows, so the lines cross at least two seams). */
static enum kiosk_err test_raster(int width, const char *url,
                                  struct ticket_bitmap *out)
{
    struct ticket_bitmap qr, lines;
    enum kiosk_err e = ticket_qr_render(url, width >= 576 ? 8 : 6, &qr);
    if (e != KIOSK_OK) {
        return e;
    }
    e = ticket_bitmap_create(&lines, width - 32, 600);
    if (e != KIOSK_OK) {
        ticket_bitmap_free(&qr);
        return e;
    }
    for (int x = 0; x < lines.w; x += 16) {
        ticket_bitmap_fill_rect(&lines, x, 0, 1 + (x / 16) % 4, lines.h, 1);
    }
    const struct ticket_block blocks[] = {
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_RULE, .height = 3},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_BITMAP, .bitmap = &qr},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_RULE, .height = 3},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_BITMAP, .bitmap = &lines},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
    };
    e = ticket_layout(width, 8, blocks, sizeof blocks / sizeof blocks[0],
                      out);
    ticket_bitmap_free(&lines);
    ticket_bitmap_free(&qr);
    return e;
}

int main(int argc, char **argv)
{
    int width = 576, status_only = 0;
    const char *tmpl = "https://example.org/t/{code}", *pbm = NULL;
    struct ticket_job_opts o = {.deadline_ms = 10000};
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--status") == 0) {
            status_only = 1;
        } else if (strcmp(a, "--width") == 0 && i + 1 < argc) {
            if (!int_arg(argv[++i], 8, TICKET_BITMAP_MAX_W, &width) ||
                width % 8 != 0) {
                return usage();
            }
        } else if (strcmp(a, "--url") == 0 && i + 1 < argc) {
            tmpl = argv[++i];
        } else if (strcmp(a, "--pbm") == 0 && i + 1 < argc) {
            pbm = argv[++i];
        } else if (strcmp(a, "--deadline") == 0 && i + 1 < argc) {
            if (!int_arg(argv[++i], 1, 600000, &o.deadline_ms)) {
                return usage();
            }
        } else {
            return usage();
        }
    }
    if (i + 1 != argc) {
        return usage();
    }
    const char *printer = argv[i];

    struct ticket_buf b;
    struct ticket_bitmap raster = {0};
    ticket_buf_init(&b, 0);
    if (!status_only) {
        char code[TICKET_CODE_SIZE], grouped[TICKET_CODE_SIZE], url[512];
        if (ticket_code_new(code) != KIOSK_OK ||
            ticket_code_format_grouped(code, grouped, sizeof grouped) !=
                KIOSK_OK ||
            ticket_code_url(tmpl, code, url, sizeof url) != KIOSK_OK) {
            fprintf(stderr, "ticket-print: bad URL template \"%s\"\n", tmpl);
            return 2;
        }
        enum kiosk_err e = test_raster(width, url, &raster);
        if (e == KIOSK_OK) {
            e = ticket_escpos_job(&b, &raster, NULL);
        }
        if (e != KIOSK_OK) {
            fprintf(stderr, "ticket-print: %s\n", kiosk_strerror(e));
            return 1;
        }
        if (pbm && ticket_bitmap_write_pbm(&raster, pbm) != KIOSK_OK) {
            fprintf(stderr, "ticket-print: cannot write %s\n", pbm);
        }
        printf("code %s  url %s  raster %dx%d  %zu bytes\n", grouped, url,
               raster.w, raster.h, b.len);
    }

    struct ticket_printer *p;
    struct ticket_job *j;
    struct ticket_job_result r;
    if (ticket_printer_open(printer, &p) != KIOSK_OK) {
        fprintf(stderr, "ticket-print: bad printer \"%s\"\n", printer);
        return 2;
    }
    if (ticket_printer_submit(p, b.data, b.len, &o, &j) != KIOSK_OK) {
        fprintf(stderr, "ticket-print: cannot start the job\n");
        ticket_printer_close(p);
        return 1;
    }
    enum ticket_job_state st = ticket_job_wait(j, -1, &r);
    ticket_job_free(j);
    ticket_printer_close(p);
    /* Status lines only where a query was made: the device opened. */
    if (st == TICKET_JOB_DONE || r.before.known) {
        print_status("before", r.two_way, &r.before);
    }
    if (!status_only && st == TICKET_JOB_DONE) {
        print_status("after", r.two_way, &r.after);
    }
    printf("%s", st == TICKET_JOB_DONE && !status_only
                     ? (r.confirmed ? "printed (the printer confirmed it)"
                                    : "sent (the printer did not confirm "
                                      "printing)")
                     : ticket_job_state_name(st));
    if (st == TICKET_JOB_FAILED) {
        printf(": %s", ticket_job_reason_name(r.reason));
        if (r.os_errno) {
            printf(" (%s)", strerror(r.os_errno));
        }
    }
    printf(", %zu of %zu bytes sent\n", r.bytes_sent, r.bytes_total);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
    return st == TICKET_JOB_DONE ? 0 : 1;
}
