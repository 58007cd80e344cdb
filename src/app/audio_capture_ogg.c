/* The clip writer: 16-bit mono samples to Ogg Vorbis with libvorbisenc
 * (Debian's libvorbis, the encoder behind oggenc), silence trimmed at
 * both ends. No SDL here.
 *
 * Trimming works on the stream as it comes: until the first sample louder
 * than CLIP_SILENCE, only the last CLIP_MARGIN_MS are kept (a ring); after
 * it, quiet samples are held back and written only when sound resumes, so
 * at the end all but CLIP_MARGIN_MS of the held-back tail is dropped. The
 * held-back part is at most the whole recording (CLIP_MAX_SECONDS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vorbis/vorbisenc.h>

#include "app/audio_capture.h"

struct clip_writer {
    FILE *f;
    char *path;
    int rate;
    vorbis_info vi;
    vorbis_comment vc;
    vorbis_dsp_state vd;
    vorbis_block vb;
    ogg_stream_state os;
    int started;        /* a sound came: samples are being written */
    int16_t *hold;      /* before: the margin ring; after: the quiet tail */
    size_t nhold, cap;  /* samples held, capacity */
    size_t ring_at;     /* before the first sound: next ring slot */
    size_t margin;      /* CLIP_MARGIN_MS in samples */
    uint64_t written;   /* samples handed to the encoder */
    int failed;
};

static int write_pages(struct clip_writer *w, int flush)
{
    ogg_page og;
    while (flush ? ogg_stream_flush(&w->os, &og)
                 : ogg_stream_pageout(&w->os, &og)) {
        if (fwrite(og.header, 1, (size_t)og.header_len, w->f) !=
                (size_t)og.header_len ||
            fwrite(og.body, 1, (size_t)og.body_len, w->f) !=
                (size_t)og.body_len) {
            w->failed = 1;
            return -1;
        }
    }
    return 0;
}

/* Runs the encoder over what it has and writes the pages. */
static int drain(struct clip_writer *w)
{
    ogg_packet op;
    while (vorbis_analysis_blockout(&w->vd, &w->vb) == 1) {
        vorbis_analysis(&w->vb, NULL);
        vorbis_bitrate_addblock(&w->vb);
        while (vorbis_bitrate_flushpacket(&w->vd, &op)) {
            ogg_stream_packetin(&w->os, &op);
            if (write_pages(w, 0)) {
                return -1;
            }
        }
    }
    return 0;
}

static int encode(struct clip_writer *w, const int16_t *pcm, size_t n)
{
    while (n > 0) {
        int chunk = n > 4096 ? 4096 : (int)n;
        float **buf = vorbis_analysis_buffer(&w->vd, chunk);
        for (int i = 0; i < chunk; i++) {
            buf[0][i] = (float)pcm[i] / 32768.0f;
        }
        vorbis_analysis_wrote(&w->vd, chunk);
        w->written += (uint64_t)chunk;
        if (drain(w)) {
            return -1;
        }
        pcm += chunk;
        n -= (size_t)chunk;
    }
    return 0;
}

enum kiosk_err clip_writer_open(const char *path, int rate,
                                struct clip_writer **out)
{
    *out = NULL;
    struct clip_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return KIOSK_ENOMEM;
    }
    w->rate = rate;
    w->margin = (size_t)rate * CLIP_MARGIN_MS / 1000;
    w->cap = w->margin;
    w->hold = malloc(sizeof *w->hold * w->cap);
    w->f = fopen(path, "wb");
    vorbis_info_init(&w->vi);
    if (!w->hold || !w->f ||
        vorbis_encode_init_vbr(&w->vi, 1, rate, CLIP_QUALITY) != 0) {
        enum kiosk_err e = w->f ? KIOSK_ENOMEM : KIOSK_EIO;
        vorbis_info_clear(&w->vi);
        if (w->f) {
            fclose(w->f);
            unlink(path);
        }
        free(w->hold);
        free(w->path);
        free(w);
        return e;
    }
    vorbis_comment_init(&w->vc);
    vorbis_comment_add_tag(&w->vc, "ENCODER", "kiosk (libvorbisenc)");
    vorbis_analysis_init(&w->vd, &w->vi);
    vorbis_block_init(&w->vd, &w->vb);
    /* the serial number only tells streams in one file apart */
    ogg_stream_init(&w->os, (int)(((uintptr_t)w >> 4) & 0x7fffffff));
    ogg_packet h, hc, hcode;
    vorbis_analysis_headerout(&w->vd, &w->vc, &h, &hc, &hcode);
    ogg_stream_packetin(&w->os, &h);
    ogg_stream_packetin(&w->os, &hc);
    ogg_stream_packetin(&w->os, &hcode);
    if (write_pages(w, 1)) {
        clip_writer_abort(w);
        return KIOSK_EIO;
    }
    *out = w;
    return KIOSK_OK;
}

static int grow_hold(struct clip_writer *w, size_t need)
{
    if (need <= w->cap) {
        return 0;
    }
    size_t max = (size_t)w->rate * CLIP_MAX_SECONDS + w->margin;
    size_t nc = w->cap * 2 > need ? w->cap * 2 : need;
    if (nc > max) {
        nc = max;
    }
    if (nc < need) {
        return -1;
    }
    int16_t *nh = realloc(w->hold, sizeof *nh * nc);
    if (!nh) {
        return -1;
    }
    w->hold = nh;
    w->cap = nc;
    return 0;
}

static int loud(int16_t s)
{
    return s > CLIP_SILENCE || s < -CLIP_SILENCE;
}

/* Before the first sound: the ring keeps the last `margin` samples. */
static void ring_add(struct clip_writer *w, const int16_t *pcm, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        w->hold[w->ring_at] = pcm[i];
        w->ring_at = (w->ring_at + 1) % w->margin;
    }
    w->nhold = w->nhold + n < w->margin ? w->nhold + n : w->margin;
}

/* The ring in time order, then the stream goes on from there. */
static int ring_flush(struct clip_writer *w)
{
    int rc;
    if (w->nhold < w->margin) {
        rc = encode(w, w->hold, w->nhold); /* not wrapped yet */
    } else {
        rc = encode(w, w->hold + w->ring_at, w->margin - w->ring_at) ||
             encode(w, w->hold, w->ring_at);
    }
    w->nhold = 0;
    return rc;
}

enum kiosk_err clip_writer_feed(struct clip_writer *w, const int16_t *pcm,
                                size_t n)
{
    if (w->failed) {
        return KIOSK_EIO;
    }
    size_t i = 0;
    if (!w->started) {
        while (i < n && !loud(pcm[i])) {
            i++;
        }
        ring_add(w, pcm, i);
        if (i == n) {
            return KIOSK_OK;
        }
        w->started = 1;
        if (ring_flush(w)) {
            return KIOSK_EIO;
        }
    }
    /* the last sound in this block: what follows it is held back */
    size_t last = n;
    for (size_t k = n; k > i; k--) {
        if (loud(pcm[k - 1])) {
            last = k - 1;
            break;
        }
    }
    if (last == n) {
        if (grow_hold(w, w->nhold + (n - i))) {
            return KIOSK_ENOMEM;
        }
        memcpy(w->hold + w->nhold, pcm + i, sizeof *pcm * (n - i));
        w->nhold += n - i;
        return KIOSK_OK;
    }
    if ((w->nhold && encode(w, w->hold, w->nhold)) ||
        encode(w, pcm + i, last + 1 - i)) {
        return KIOSK_EIO;
    }
    w->nhold = 0;
    if (grow_hold(w, n - last - 1)) {
        return KIOSK_ENOMEM;
    }
    memcpy(w->hold, pcm + last + 1, sizeof *pcm * (n - last - 1));
    w->nhold = n - last - 1;
    return KIOSK_OK;
}

double clip_writer_seconds(const struct clip_writer *w)
{
    return (double)w->written / w->rate;
}

static void clear(struct clip_writer *w)
{
    ogg_stream_clear(&w->os);
    vorbis_block_clear(&w->vb);
    vorbis_dsp_clear(&w->vd);
    vorbis_comment_clear(&w->vc);
    vorbis_info_clear(&w->vi);
    free(w->hold);
    free(w->path);
    free(w);
}

void clip_writer_abort(struct clip_writer *w)
{
    if (!w) {
        return;
    }
    if (w->f) {
        fclose(w->f);
        unlink(w->path);
    }
    clear(w);
}

enum kiosk_err clip_writer_finish(struct clip_writer *w, double *seconds)
{
    *seconds = 0;
    if (!w->started) {
        clip_writer_abort(w);
        return KIOSK_ENOENT; /* only silence was heard */
    }
    size_t tail = w->nhold < w->margin ? w->nhold : w->margin;
    int bad = w->failed || (tail && encode(w, w->hold, tail));
    vorbis_analysis_wrote(&w->vd, 0); /* end of stream */
    bad = bad || drain(w) || write_pages(w, 1);
    *seconds = clip_writer_seconds(w);
    bad = bad || fflush(w->f) != 0 || fsync(fileno(w->f)) != 0;
    if (fclose(w->f) != 0) {
        bad = 1;
    }
    w->f = NULL;
    if (bad) {
        unlink(w->path);
        *seconds = 0;
    }
    clear(w);
    return bad ? KIOSK_EIO : KIOSK_OK;
}
