/* Times the ticket pipeline the kiosk runs when a visitor asks for a
 * ticket: new code, URL, QR, layout of pre-rendered text blocks (the UI's
 * text engine renders those; here they are synthetic coverage images made
 * once), ESC/POS bytes. Mean, min and max over 200 runs per paper width,
 * plus the stages of the 576-dot ticket, print jobs to a file through one
 * printer's queue, and the bytes (full-width bands against bands cropped
 * to their ink) with their time on a serial line. Prints figures only;
 * asserts nothing about speed (target: <= 20 ms for the whole 576-dot
 * pipeline on the board). The kiosk's real tickets: bench/ticket/sizes.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sample_ticket.h"
#include "ticket/printer.h"
#include "ticket/ticket.h"

#define RUNS 200

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

enum { ST_CODE, ST_QR, ST_LAYOUT, ST_ESCPOS, ST_N };
static const char *stage_names[ST_N] = {"code+url", "qr", "layout",
                                        "escpos"};

/* One ticket; adds each stage's time to t[]. Returns bytes produced, or 0
 * on error. */
static size_t one_ticket(int width, const uint8_t *title, int tw,
                         const uint8_t *body, int bw, double t[ST_N])
{
    char code[TICKET_CODE_SIZE], url[128];
    struct ticket_bitmap qr, raster;
    struct ticket_buf b;
    size_t n = 0;

    double t0 = now_ms();
    if (ticket_code_new(code) != KIOSK_OK ||
        ticket_code_url(SAMPLE_URL_TEMPLATE, code, url, sizeof url) !=
            KIOSK_OK) {
        return 0;
    }
    double t1 = now_ms();
    if (ticket_qr_render(url, width >= 576 ? 8 : 6, &qr) != KIOSK_OK) {
        return 0;
    }
    double t2 = now_ms();
    const struct ticket_block blocks[] = {
        {.kind = TICKET_BLOCK_SPACE, .height = 24},
        {.kind = TICKET_BLOCK_TEXT, .coverage = title, .cw = tw, .ch = 48,
         .cstride = tw},
        {.kind = TICKET_BLOCK_RULE, .height = 2, .inset = 8},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_BITMAP, .bitmap = &qr},
        {.kind = TICKET_BLOCK_SPACE, .height = 16},
        {.kind = TICKET_BLOCK_TEXT, .align = TICKET_ALIGN_LEFT,
         .coverage = body, .cw = bw, .ch = 192, .cstride = bw},
        {.kind = TICKET_BLOCK_SPACE, .height = 24},
    };
    enum kiosk_err e = ticket_layout(width, 16, blocks,
                                     sizeof blocks / sizeof blocks[0],
                                     &raster);
    ticket_bitmap_free(&qr);
    if (e != KIOSK_OK) {
        return 0;
    }
    double t3 = now_ms();
    ticket_buf_init(&b, 0);
    if (ticket_escpos_job(&b, &raster, NULL) == KIOSK_OK) {
        n = b.len;
    }
    double t4 = now_ms();
    t[ST_CODE] += t1 - t0;
    t[ST_QR] += t2 - t1;
    t[ST_LAYOUT] += t3 - t2;
    t[ST_ESCPOS] += t4 - t3;
    ticket_buf_free(&b);
    ticket_bitmap_free(&raster);
    return n;
}

int main(void)
{
    static const int widths[] = {384, 576};

    printf("ticket pipeline, %d runs each (code, QR, layout, ESC/POS)\n",
           RUNS);
    for (size_t w = 0; w < 2; w++) {
        int width = widths[w], tw = width - 64, bw = width - 32;
        uint8_t *title = malloc((size_t)tw * 48);
        uint8_t *body = malloc((size_t)bw * 192);
        double t[ST_N] = {0}, sum = 0, min = 1e9, max = 0;
        size_t bytes = 0;
        if (!title || !body) {
            return 1;
        }
        sample_text(title, tw, 48, 1);
        sample_text(body, bw, 192, 3);
        for (int i = 0; i < RUNS; i++) {
            double a = now_ms();
            bytes = one_ticket(width, title, tw, body, bw, t);
            double d = now_ms() - a;
            if (!bytes) {
                fprintf(stderr, "pipeline failed\n");
                return 1;
            }
            sum += d;
            min = d < min ? d : min;
            max = d > max ? d : max;
        }
        printf("%d dots: mean %.3f ms, min %.3f, max %.3f; %zu bytes\n",
               width, sum / RUNS, min, max, bytes);
        printf("  stages (mean ms):");
        for (int s = 0; s < ST_N; s++) {
            printf(" %s %.3f", stage_names[s], t[s] / RUNS);
        }
        printf("\n");
        free(title);
        free(body);
    }

    /* Bytes on the wire: full-width bands against cropped ones, and what
     * that is in seconds on a serial line (8N1: baud / 10 bytes/s). */
    static const int bauds[] = {9600, 19200, 38400, 115200};
    printf("sample ticket bytes (full-width bands -> cropped), serial "
           "line time at");
    for (size_t k = 0; k < 4; k++) {
        printf(" %d", bauds[k]);
    }
    printf(" baud\n");
    for (size_t w = 0; w < 2; w++) {
        struct ticket_bitmap r;
        struct ticket_buf full, crop;
        struct ticket_escpos_opts o;
        ticket_buf_init(&full, 0);
        ticket_buf_init(&crop, 0);
        if (sample_ticket(widths[w], SAMPLE_CODE, &r, &crop) != KIOSK_OK) {
            return 1;
        }
        ticket_escpos_defaults(&o);
        o.full_width = 1;
        if (ticket_escpos_job(&full, &r, &o) != KIOSK_OK) {
            return 1;
        }
        printf("  %d dots, %d rows: %zu -> %zu bytes (%.0f %%);", widths[w],
               r.h, full.len, crop.len, 100.0 * (double)crop.len /
                                            (double)full.len);
        for (size_t k = 0; k < 4; k++) {
            printf(" %.1f->%.1f s", (double)full.len * 10 / bauds[k],
                   (double)crop.len * 10 / bauds[k]);
        }
        printf("\n");
        ticket_bitmap_free(&r);
        ticket_buf_free(&full);
        ticket_buf_free(&crop);
    }

    /* Jobs to a file through one printer: queued to done, 576 sample. */
    struct ticket_bitmap raster;
    struct ticket_buf b;
    char path[] = "/tmp/bench_ticket_XXXXXX", spec[64];
    int fd = mkstemp(path);
    if (fd < 0) {
        return 1;
    }
    close(fd);
    snprintf(spec, sizeof spec, "file:%s", path);
    ticket_buf_init(&b, 0);
    if (sample_ticket(576, SAMPLE_CODE, &raster, &b) != KIOSK_OK) {
        return 1;
    }
    struct ticket_printer *p;
    if (ticket_printer_open(spec, &p) != KIOSK_OK) {
        return 1;
    }
    double sum = 0;
    for (int i = 0; i < RUNS; i++) {
        struct ticket_job *j;
        double a = now_ms();
        if (ticket_printer_submit(p, b.data, b.len, NULL, &j) != KIOSK_OK) {
            return 1;
        }
        enum ticket_job_state st = ticket_job_wait(j, -1, NULL);
        sum += now_ms() - a;
        ticket_job_free(j);
        if (st != TICKET_JOB_DONE) {
            fprintf(stderr, "file job failed\n");
            return 1;
        }
        if (truncate(path, 0) != 0) {
            return 1;
        }
    }
    ticket_printer_close(p);
    printf("file job (%zu bytes, queued to done): mean %.3f ms\n", b.len,
           sum / RUNS);
    unlink(path);
    ticket_bitmap_free(&raster);
    ticket_buf_free(&b);
    return 0;
}
