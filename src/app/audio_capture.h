/* Recording narration with a USB microphone (the Languages room).
 *
 * Two halves: the clip writer (audio_capture_ogg.c, pure C + libvorbisenc,
 * no SDL) turns 16-bit mono samples into an Ogg Vorbis file as they come,
 * leaving out the silence before the first word and after the last; the
 * recorder (audio_capture.c) opens SDL2's capture device
 * (SDL_OpenAudioDevice with iscapture = 1, no callback) and moves what it
 * queued into the writer on every frame, so the UI never waits.
 *
 * Headless tests feed a WAV through SDL's `disk` audio driver, which reads
 * the raw samples of the capture device from SDL_DISKAUDIOFILEIN in real
 * time (the script step `mic`). */
#ifndef KIOSK_APP_AUDIO_CAPTURE_H
#define KIOSK_APP_AUDIO_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define CLIP_RATE 16000          /* Hz, mono: as the pack's narration */
#define CLIP_QUALITY 0.3f        /* Vorbis VBR quality (-0.1 .. 1) */
#define CLIP_SILENCE 520         /* |sample| below this is silence
                                    (-36 dBFS: above a USB microphone's
                                    hiss, below quiet speech) */
#define CLIP_MARGIN_MS 250       /* silence kept before and after speech */
#define CLIP_MAX_SECONDS 600     /* a recording stops at 10 minutes */

/* ---- the clip writer (pure) ------------------------------------------ */

struct clip_writer;

/** Starts an Ogg Vorbis file at `path` (mono, `rate` Hz) written as samples
 * arrive. KIOSK_EIO when the file cannot be made, KIOSK_ENOMEM. */
enum kiosk_err clip_writer_open(const char *path, int rate,
                                struct clip_writer **out) KIOSK_NODISCARD;

/** Adds n samples. Silence before the first sound is dropped (but for
 * CLIP_MARGIN_MS), silence after the last sound is held back until more
 * sound comes. KIOSK_EIO when writing failed (the writer stays usable for
 * clip_writer_abort). */
enum kiosk_err clip_writer_feed(struct clip_writer *w, const int16_t *pcm,
                                size_t n) KIOSK_NODISCARD;

/** Seconds of sound kept so far (what the clip will hold). */
double clip_writer_seconds(const struct clip_writer *w);

/** Finishes the file (the held-back silence but CLIP_MARGIN_MS dropped)
 * and frees w. *seconds is the clip's length. KIOSK_ENOENT when nothing
 * but silence came (the file is removed), KIOSK_EIO (removed too). */
enum kiosk_err clip_writer_finish(struct clip_writer *w, double *seconds)
    KIOSK_NODISCARD;

/** Frees w and removes its file; NULL is fine. */
void clip_writer_abort(struct clip_writer *w);

/* ---- the recorder (SDL2 capture) ------------------------------------- */

struct audio_capture;

/** Opens the default capture device and starts recording into `path`.
 * NULL when there is no microphone (or no audio at all), with SDL's reason
 * in why[n]. */
struct audio_capture *audio_capture_start(const char *path, char *why,
                                          size_t n);

/* What audio_capture_pump found. */
enum audio_capture_state {
    AUDIO_CAPTURE_RECORDING,
    AUDIO_CAPTURE_FULL,   /* CLIP_MAX_SECONDS reached: stopped */
    AUDIO_CAPTURE_FAILED, /* writing the file failed: stopped */
};

/** Moves what the device captured into the file; call every frame. */
enum audio_capture_state audio_capture_pump(struct audio_capture *c);

/** Seconds heard so far, and the loudest sample of the last frame's audio
 * (0..1, for a level meter). */
double audio_capture_heard(const struct audio_capture *c);
float audio_capture_level(const struct audio_capture *c);

/** Stops, closes the device, finishes the file and frees c: as
 * clip_writer_finish. */
enum kiosk_err audio_capture_stop(struct audio_capture *c, double *seconds)
    KIOSK_NODISCARD;

/** Stops and removes the file; NULL is fine. */
void audio_capture_cancel(struct audio_capture *c);

#endif
