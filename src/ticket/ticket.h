/* Appointment tickets: random codes, QR, the 1-bit ticket raster and the
 * ESC/POS byte stream that prints it. Pure C (libsodium for randomness,
 * libqrencode for the QR); no SDL, no I/O except ticket_bitmap_write_pbm.
 * Printer transports and print jobs are in ticket/printer.h.
 *
 * The flow for one ticket:
 *   ticket_code_new()          -> "K7Q2M9XD3" (stored in the database)
 *   ticket_code_url()          -> "https://example.org/t/K7Q2M9XD3"
 *   ticket_qr_render()         -> 1-bit QR with its quiet zone
 *   (UI text engine)           -> 8-bit coverage buffers for the text lines
 *   ticket_layout()            -> one 1-bit raster, 384/512/576 dots wide
 *   ticket_escpos_job()        -> ESC @, GS v 0 bands, ESC d, GS V
 *   ticket_printer_submit()    -> printer.h, the printer's worker thread
 */
#ifndef KIOSK_TICKET_TICKET_H
#define KIOSK_TICKET_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* ---- ticket codes -------------------------------------------------------- */

/* A code is 40 random bits written as 8 Crockford Base32 symbols plus one
 * mod-37 check symbol. The canonical form has no separators ("K7Q2M9XD3");
 * the grouped form is for people ("K7Q2-M9XD-3"). */
#define TICKET_CODE_DATA 8   /* data symbols (5 bits each = 40 bits) */
#define TICKET_CODE_LEN 9    /* canonical length: data + check */
#define TICKET_CODE_SIZE 16  /* buffer size for either form, with NUL */
#define TICKET_CODE_INPUT_MAX 2048 /* longest input ticket_code_parse reads */

/** Makes a new random code (40 bits from libsodium's randombytes_buf) in
 * canonical form into out (NUL-terminated). Returns KIOSK_OK, or KIOSK_EIO
 * if libsodium cannot be initialised (out is then ""). Thread-safe. */
enum kiosk_err ticket_code_new(char out[TICKET_CODE_SIZE]) KIOSK_NODISCARD;

/** Writes the canonical code for the low 40 bits of `value` into out. For
 * tests and fixed examples; real tickets use ticket_code_new(). */
void ticket_code_from_value(uint64_t value, char out[TICKET_CODE_SIZE]);

/** Formats a canonical code as "XXXX-XXXX-C" into out (n >= 12 bytes).
 * Returns KIOSK_EINVAL if `code` is not a valid canonical code (out is then
 * ""), KIOSK_ETOOBIG if n is too small. */
enum kiosk_err ticket_code_format_grouped(const char *code, char *out,
                                          size_t n) KIOSK_NODISCARD;

/** Reads a code typed by a person or scanned from the QR. Accepts:
 *  - any case; O/o read as 0, I/i/L/l read as 1; hyphens and spaces
 *    ignored; leading/trailing white space (a scanner's Enter) ignored;
 *  - a full URL built from `url_template` (which contains "{code}"), e.g.
 *    "https://example.org/t/{code}"; prefix and suffix are compared without
 *    regard to case and %XX escapes in the code part are decoded.
 *    url_template may be NULL or "" (plain codes only).
 * On success writes the canonical code to out and returns KIOSK_OK. Returns
 * KIOSK_EINVAL (out = "") for a wrong length, a foreign symbol, a URL that
 * does not match the template, or a wrong check symbol; KIOSK_ETOOBIG for
 * input over TICKET_CODE_INPUT_MAX bytes. */
enum kiosk_err ticket_code_parse(const char *input, const char *url_template,
                                 char out[TICKET_CODE_SIZE]) KIOSK_NODISCARD;

/** Writes `tmpl` with every "{code}" replaced by `code` into buf (size n).
 * Returns KIOSK_EINVAL if tmpl has no "{code}" or code is not canonical,
 * KIOSK_ETOOBIG if buf is too small (buf is then ""). */
enum kiosk_err ticket_code_url(const char *tmpl, const char *code, char *buf,
                               size_t n) KIOSK_NODISCARD;

/* ---- 1-bit bitmaps ------------------------------------------------------- */

/* A 1-bit image in exactly the layout of PBM P4 and of ESC/POS GS v 0:
 * rows top to bottom, each row `stride` bytes, the most significant bit of
 * a byte is the leftmost dot, 1 = black (burned) dot, padding bits are 0. */
struct ticket_bitmap {
    int w;         /* width in dots */
    int h;         /* height in dots (rows) */
    int stride;    /* bytes per row, (w + 7) / 8 */
    uint8_t *bits; /* h * stride bytes, malloc'd; NULL when empty */
};

#define TICKET_BITMAP_MAX_W 4096   /* dots; a printer head is <= 832 */
#define TICKET_BITMAP_MAX_H 16384  /* rows; 2 m of paper at 8 dots/mm */

/** Allocates a w x h bitmap, all white, into *bm (whose old contents are
 * ignored, not freed). Returns KIOSK_EINVAL for w or h < 1, KIOSK_ETOOBIG
 * past the caps, KIOSK_ENOMEM; on failure *bm is zeroed. Free with
 * ticket_bitmap_free(). */
enum kiosk_err ticket_bitmap_create(struct ticket_bitmap *bm, int w, int h)
    KIOSK_NODISCARD;

/** Frees the bits and zeroes *bm (safe on a zeroed bitmap). */
void ticket_bitmap_free(struct ticket_bitmap *bm);

/** Sets dot (x, y) to black (v != 0) or white; outside the bitmap: no-op. */
void ticket_bitmap_set(struct ticket_bitmap *bm, int x, int y, int v);

/** Returns 1 if dot (x, y) is black, 0 if white or outside. */
int ticket_bitmap_get(const struct ticket_bitmap *bm, int x, int y);

/** Fills the rectangle at (x, y) of size w x h with black (v != 0) or white,
 * clipped to the bitmap. */
void ticket_bitmap_fill_rect(struct ticket_bitmap *bm, int x, int y, int w,
                             int h, int v);

/** Draws an 8-bit coverage image (0 = paper, 255 = full ink; `cstride`
 * bytes per row) with its top-left corner at (x, y): a dot becomes black
 * where coverage >= threshold (1..255); other dots are left as they are.
 * Clipped to the bitmap. This is how text rendered by the UI's text engine
 * gets onto the ticket. */
void ticket_bitmap_blit_alpha(struct ticket_bitmap *dst, int x, int y,
                              const uint8_t *cov, int cw, int ch,
                              int cstride, uint8_t threshold);

/** ORs the black dots of src into dst at (x, y), clipped. */
void ticket_bitmap_blit(struct ticket_bitmap *dst, int x, int y,
                        const struct ticket_bitmap *src);

/** Writes bm as a binary PBM (P4) file at path (replaced if it exists).
 * Returns KIOSK_OK, KIOSK_EINVAL for an empty bitmap, KIOSK_EIO. */
enum kiosk_err ticket_bitmap_write_pbm(const struct ticket_bitmap *bm,
                                       const char *path) KIOSK_NODISCARD;

/* ---- QR ------------------------------------------------------------------ */

#define TICKET_QR_QUIET 4        /* quiet zone in modules, each side */
#define TICKET_QR_MAX_DPM 32     /* largest dots per module accepted */
#define TICKET_QR_MAX_TEXT 1024  /* longest text accepted, bytes */

/** Renders `text` (UTF-8 bytes, 8-bit mode, ECC level M, smallest version
 * that fits) as a QR code with `dpm` dots per module (1..TICKET_QR_MAX_DPM)
 * and a 4-module white quiet zone on every side, into *out (allocated here;
 * free with ticket_bitmap_free). Returns KIOSK_EINVAL for an empty text or
 * bad dpm, KIOSK_ETOOBIG if the text does not fit a QR code or is over
 * TICKET_QR_MAX_TEXT, KIOSK_ENOMEM. On failure *out is zeroed. */
enum kiosk_err ticket_qr_render(const char *text, int dpm,
                                struct ticket_bitmap *out) KIOSK_NODISCARD;

/* ---- layout -------------------------------------------------------------- */

enum ticket_block_kind {
    TICKET_BLOCK_TEXT,   /* 8-bit coverage image from the text engine */
    TICKET_BLOCK_BITMAP, /* 1-bit image, e.g. the QR */
    TICKET_BLOCK_RULE,   /* horizontal line */
    TICKET_BLOCK_SPACE,  /* empty rows */
};

enum ticket_align {
    TICKET_ALIGN_CENTER = 0,
    TICKET_ALIGN_LEFT,
    TICKET_ALIGN_RIGHT,
};

/* One block of the ticket, stacked top to bottom. Only the fields of its
 * kind are read, so designated initialisers keep tables short. */
struct ticket_block {
    enum ticket_block_kind kind;
    enum ticket_align align;       /* TEXT, BITMAP */
    const uint8_t *coverage;       /* TEXT: cw x ch bytes, cstride per row */
    int cw, ch, cstride;           /* TEXT: size and row pitch */
    uint8_t threshold;             /* TEXT: ink at >= this; 0 means 128 */
    const struct ticket_bitmap *bitmap; /* BITMAP */
    int height;                    /* RULE: thickness; SPACE: rows */
    int inset;                     /* RULE: white dots at each end (after
                                      the page margin) */
};

#define TICKET_LAYOUT_MAX_BLOCKS 256

/** Composes blocks into one raster `width` dots wide (a multiple of 8, e.g.
 * 384, 512 or 576), as tall as the blocks need. `margin` dots are kept
 * white at the left and right of LEFT/RIGHT-aligned blocks and rules;
 * centred blocks use the whole width. Returns KIOSK_EINVAL for a bad width,
 * margin or block (NULL data, size < 1, wider than the space it may use:
 * the caller must wrap text or pick a smaller QR module, because a clipped
 * QR does not scan), KIOSK_ETOOBIG past TICKET_BITMAP_MAX_H rows or
 * TICKET_LAYOUT_MAX_BLOCKS, KIOSK_ENOMEM. *out is allocated here (free with
 * ticket_bitmap_free) and zeroed on failure. */
enum kiosk_err ticket_layout(int width, int margin,
                             const struct ticket_block *blocks, size_t n,
                             struct ticket_bitmap *out) KIOSK_NODISCARD;

/* ---- capped byte buffer -------------------------------------------------- */

/* A growable byte buffer that never grows past `max` bytes. */
struct ticket_buf {
    uint8_t *data; /* malloc'd, len bytes used */
    size_t len;    /* bytes used */
    size_t cap;    /* bytes allocated */
    size_t max;    /* hard cap on len */
};

#define TICKET_BUF_DEFAULT_MAX (4u * 1024 * 1024)

/** Initialises an empty buffer capped at max bytes (0 = the default cap). */
void ticket_buf_init(struct ticket_buf *b, size_t max);

/** Appends n bytes. Returns KIOSK_ETOOBIG past the cap or KIOSK_ENOMEM; on
 * failure the buffer keeps its previous contents. */
enum kiosk_err ticket_buf_append(struct ticket_buf *b, const void *p,
                                 size_t n) KIOSK_NODISCARD;

/** Frees the data; the buffer is empty (same cap) and reusable. */
void ticket_buf_free(struct ticket_buf *b);

/* ---- ESC/POS encoder ----------------------------------------------------- */

/* Every encoder call appends whole commands or nothing: on failure the
 * buffer is as it was before the call. */

#define TICKET_ESCPOS_BAND_MAX 256 /* rows per GS v 0: cheap printers have
                                      ~4 KB input buffers and garble more */

enum ticket_cut {
    TICKET_CUT_PARTIAL = 0, /* GS V 66 n: feed to the cutter + n, cut,
                               leave a hinge so the ticket does not drop */
    TICKET_CUT_FULL,        /* GS V 65 n */
    TICKET_CUT_NONE,        /* no cutter: nothing sent */
};

struct ticket_escpos_opts {
    int band_rows;        /* rows per raster band, 1..256 (0 = 256) */
    int feed_lines;       /* ESC d n before the cut, 0..255 */
    enum ticket_cut cut;  /* cut command */
    int cut_feed;         /* n of GS V 65/66, 0..255 */
    int full_width;       /* 1 = every band as wide as the bitmap; 0 = bands
                             cropped to their ink (ticket_escpos_raster_
                             cropped), the same print for fewer bytes */
};

/** The defaults: bands of up to 256 rows cropped to their ink, ESC d 2,
 * GS V 66 3 (partial cut). */
void ticket_escpos_defaults(struct ticket_escpos_opts *o);

/** ESC @ (1B 40): clears the printer's buffer and modes. */
enum kiosk_err ticket_escpos_init(struct ticket_buf *b) KIOSK_NODISCARD;

/** The bitmap as GS v 0 m=0 raster commands (1D 76 30 00 xL xH yL yH data),
 * one per band of at most band_rows rows (1..256, else KIOSK_EINVAL). */
enum kiosk_err ticket_escpos_raster(struct ticket_buf *b,
                                    const struct ticket_bitmap *bm,
                                    int band_rows) KIOSK_NODISCARD;

/** The bitmap as GS v 0 bands that leave out what prints as nothing: the
 * white right-hand part of each band (a band is as wide as its widest row's
 * last black byte, at least 1 byte) and so runs of white rows cost 1 byte a
 * row instead of a whole row. Bands start at the left margin (ESC @ leaves
 * the justification at left), so the paper shows exactly the bitmap. The
 * split into bands of at most band_rows rows (1..256) is the one with the
 * fewest bytes, counting each band's header and a small allowance per band
 * (each seam is one more place a printer may pause). */
enum kiosk_err ticket_escpos_raster_cropped(struct ticket_buf *b,
                                            const struct ticket_bitmap *bm,
                                            int band_rows) KIOSK_NODISCARD;

/** ESC d n (1B 64 n): print and feed n lines, n 0..255. */
enum kiosk_err ticket_escpos_feed(struct ticket_buf *b, int lines)
    KIOSK_NODISCARD;

/** GS V 66 n / GS V 65 n (1D 56 42|41 n), or nothing for TICKET_CUT_NONE.
 * n 0..255. */
enum kiosk_err ticket_escpos_cut(struct ticket_buf *b, enum ticket_cut cut,
                                 int n) KIOSK_NODISCARD;

/** DLE EOT n (10 04 n), real-time status request, n 1..4. */
enum kiosk_err ticket_escpos_status_query(struct ticket_buf *b, int n)
    KIOSK_NODISCARD;

/** GS r 1 (1D 72 01): transmit the paper sensor status. Unlike DLE EOT it
 * waits its turn in the input buffer, so its answer (a byte 0000xxxx, see
 * ticket_escpos_gsr_valid) means the printer has processed every byte sent
 * before it: the ticket is printed. */
enum kiosk_err ticket_escpos_gsr(struct ticket_buf *b) KIOSK_NODISCARD;

/** 1 if b can be the answer to GS r 1 (bits 4 to 7 clear: never a DLE EOT
 * answer, which has bit 4 set). */
int ticket_escpos_gsr_valid(uint8_t b);

/** 1 if the GS r 1 answer b says the paper roll has ended (bits 2-3). */
int ticket_escpos_gsr_paper_out(uint8_t b);

/** A whole ticket: ESC @, the raster in bands, ESC d, GS V. o may be NULL
 * (defaults). Appends everything or nothing. */
enum kiosk_err ticket_escpos_job(struct ticket_buf *b,
                                 const struct ticket_bitmap *bm,
                                 const struct ticket_escpos_opts *o)
    KIOSK_NODISCARD;

/* What ticket_escpos_decode_raster saw, for tests. */
#define TICKET_DECODE_MAX_BANDS 256
struct ticket_escpos_info {
    int inits;          /* ESC @ commands */
    int bands;          /* GS v 0 commands */
    int band_rows[TICKET_DECODE_MAX_BANDS]; /* rows of each (first 256) */
    int band_width[TICKET_DECODE_MAX_BANDS]; /* xL + 256 xH of each */
    int width_bytes;    /* the widest band's xL + 256 xH */
    int feed_lines;     /* sum of ESC d n */
    int cuts;           /* GS V commands */
    int cut_m;          /* m of the last GS V (0, 1, 48, 49, 65, 66) */
    int cut_n;          /* n of the last GS V 65/66, else 0 */
    int status_queries; /* DLE EOT commands */
    int gsr;            /* GS r commands */
    int tickets;        /* rasters started after an ESC @ (one per job) */
};

/** Parses a byte stream made of the commands above (ESC @, GS v 0 with
 * m = 0, ESC d, GS V, DLE EOT, GS r, and GS a as a finished cut-off
 * command may leave it) as a printer reads it, and stacks the raster bands
 * into *out, each band at the left edge (width = the widest band * 8,
 * narrower bands padded with white; allocated here, free with
 * ticket_bitmap_free). Several jobs in one stream (what a file printer
 * collects) stack one below the other. Every command is checked: an
 * unknown or truncated command, a raster before the first ESC @ or after a
 * cut with no ESC @ since, or a stream without raster is KIOSK_EPARSE.
 * info may be NULL. On failure *out is zeroed. */
enum kiosk_err ticket_escpos_decode_raster(const uint8_t *p, size_t n,
                                           struct ticket_bitmap *out,
                                           struct ticket_escpos_info *info)
    KIOSK_NODISCARD;

/* ---- printer status (DLE EOT replies) ------------------------------------ */

/* What the printer said about itself. Each flag is 1 only if a valid reply
 * said so; `known` is 0 when the printer did not answer at all. */
struct ticket_printer_status {
    int known;          /* 1 = at least one valid DLE EOT reply */
    int offline;        /* n=1 bit 3 */
    int cover_open;     /* n=2 bit 2 */
    int paper_out;      /* n=2 bit 5 or n=4 bits 5-6 */
    int paper_near_end; /* n=4 bits 2-3 */
    int error;          /* n=2 bit 6 (printer-side error, e.g. cutter) */
};

/** 1 if b has the fixed bits of a DLE EOT reply (0xx1xx10), else 0. */
int ticket_escpos_status_valid(uint8_t b);

/** Folds the reply b to DLE EOT n (1..4) into *st. An invalid byte or n is
 * ignored and leaves *st unchanged. */
void ticket_escpos_status_apply(int n, uint8_t b,
                                struct ticket_printer_status *st);

/* ---- what the printer has received --------------------------------------- */

/* The printer's side of the byte stream, command by command, as far as
 * needed to finish a command that a failed job left open. A job stopped in
 * the middle of a GS v 0 band (a timeout, paper out, a jam, a cut
 * connection) leaves the printer waiting for image bytes: whatever comes
 * next, the next job's ESC @ included, is taken as image data and the
 * ticket after it prints as garbage. The printer worker feeds every byte
 * the device accepted into this and, before anything else goes to the
 * device, sends what ticket_escpos_stream_finish says. */
struct ticket_escpos_stream {
    uint8_t cmd[8];         /* the command in progress, as received */
    int have;               /* bytes of cmd[] so far; 0 = between commands */
    unsigned long long data_left; /* GS v 0 image bytes still expected */
    unsigned long long rows;      /* raster rows announced so far */
};

/** Starts tracking a printer that has just been reset (or never used). */
void ticket_escpos_stream_init(struct ticket_escpos_stream *s);

/** Follows n bytes that reached the printer. Bytes that are not one of
 * the commands this module sends are taken as printer text (one byte) or,
 * after ESC or GS, as a two-byte command. */
void ticket_escpos_stream_feed(struct ticket_escpos_stream *s,
                               const uint8_t *p, size_t n);

/** What completes the command in progress: up to 8 command bytes written
 * to head (*head_n of them; the missing header fields of a cut-off GS v 0
 * header become a 1 x 1-byte band), then the returned number of zero
 * (white) image bytes. 0 and *head_n = 0 between commands. */
unsigned long long ticket_escpos_stream_finish(
    const struct ticket_escpos_stream *s, uint8_t head[8], size_t *head_n);

#endif
