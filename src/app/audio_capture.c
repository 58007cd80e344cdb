/* The recorder: SDL2's capture device, queued (no callback), pumped into
 * the clip writer once a frame. The device is open only while recording,
 * so the microphone is not held between takes. */
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>

#include "app/audio_capture.h"

struct audio_capture {
    SDL_AudioDeviceID dev;
    struct clip_writer *w;
    uint64_t heard;     /* samples received */
    float level;        /* loudest sample of the last pump, 0..1 */
    int stopped;        /* the device is paused: full or failed */
};

struct audio_capture *audio_capture_start(const char *path, char *why,
                                          size_t n)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(why, n, "%s", SDL_GetError());
        return NULL;
    }
    struct audio_capture *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(why, n, "out of memory");
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = CLIP_RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    want.callback = NULL; /* queued: SDL_DequeueAudio */
    /* no changes allowed: SDL converts whatever the microphone gives */
    c->dev = SDL_OpenAudioDevice(NULL, 1, &want, &have, 0);
    if (c->dev == 0) {
        snprintf(why, n, "%s", SDL_GetError());
        free(c);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    enum kiosk_err e = clip_writer_open(path, CLIP_RATE, &c->w);
    if (e) {
        snprintf(why, n, "%s", kiosk_strerror(e));
        SDL_CloseAudioDevice(c->dev);
        free(c);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    SDL_PauseAudioDevice(c->dev, 0);
    return c;
}

enum audio_capture_state audio_capture_pump(struct audio_capture *c)
{
    if (c->stopped) {
        return c->stopped == 1 ? AUDIO_CAPTURE_FULL : AUDIO_CAPTURE_FAILED;
    }
    int16_t buf[4096];
    int peak = 0;
    for (;;) {
        Uint32 got = SDL_DequeueAudio(c->dev, buf, sizeof buf);
        size_t n = got / sizeof buf[0];
        if (n == 0) {
            break;
        }
        uint64_t max = (uint64_t)CLIP_RATE * CLIP_MAX_SECONDS;
        if (c->heard + n > max) {
            n = (size_t)(max - c->heard);
        }
        for (size_t i = 0; i < n; i++) {
            int a = buf[i] < 0 ? -buf[i] : buf[i];
            peak = a > peak ? a : peak;
        }
        c->heard += n;
        if (clip_writer_feed(c->w, buf, n) != KIOSK_OK) {
            c->stopped = 2;
            break;
        }
        if (c->heard >= max) {
            c->stopped = 1; /* the longest a recording may be */
            break;
        }
    }
    if (c->stopped) {
        SDL_PauseAudioDevice(c->dev, 1);
    }
    c->level = (float)peak / 32768.0f;
    return c->stopped == 0   ? AUDIO_CAPTURE_RECORDING
           : c->stopped == 1 ? AUDIO_CAPTURE_FULL
                             : AUDIO_CAPTURE_FAILED;
}

double audio_capture_heard(const struct audio_capture *c)
{
    return (double)c->heard / CLIP_RATE;
}

float audio_capture_level(const struct audio_capture *c)
{
    return c->level;
}

static void close_device(struct audio_capture *c)
{
    SDL_CloseAudioDevice(c->dev);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

enum kiosk_err audio_capture_stop(struct audio_capture *c, double *seconds)
{
    if (c->stopped != 2) {
        (void)audio_capture_pump(c); /* what is still queued */
    }
    close_device(c);
    enum kiosk_err e;
    if (c->stopped == 2) {
        clip_writer_abort(c->w);
        *seconds = 0;
        e = KIOSK_EIO;
    } else {
        e = clip_writer_finish(c->w, seconds);
    }
    free(c);
    return e;
}

void audio_capture_cancel(struct audio_capture *c)
{
    if (!c) {
        return;
    }
    close_device(c);
    clip_writer_abort(c->w);
    free(c);
}
