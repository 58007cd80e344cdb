/* The clip writer's cost: 5 minutes of speech (tests/app/voice-vi.wav
 * looped, converted to 16-bit mono at CLIP_RATE as the capture device
 * gives it) fed in 20 ms blocks, as frames dequeue it while recording.
 * Prints how much faster than real time it encodes, the worst block, and
 * the clip's size per minute. Prints figures only; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "app/audio_capture.h"

#define WAV "tests/app/voice-vi.wav"
#define SECONDS 300

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    SDL_AudioCVT cvt;
    if (!SDL_LoadWAV(WAV, &spec, &buf, &len) ||
        SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq,
                          AUDIO_S16SYS, 1, CLIP_RATE) < 0) {
        fprintf(stderr, "%s: %s\n", WAV, SDL_GetError());
        return 1;
    }
    cvt.len = (int)len;
    cvt.buf = malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult
                                                             : 1));
    memcpy(cvt.buf, buf, len);
    SDL_FreeWAV(buf);
    if (SDL_ConvertAudio(&cvt) != 0) {
        return 1;
    }
    const int16_t *speech = (const int16_t *)cvt.buf;
    size_t ns = (size_t)cvt.len_cvt / 2;
    char path[256];
    snprintf(path, sizeof path, "/tmp/bench_clip.%d.ogg", (int)getpid());
    struct clip_writer *w = NULL;
    if (clip_writer_open(path, CLIP_RATE, &w) != KIOSK_OK) {
        return 1;
    }
    const size_t block = CLIP_RATE / 50; /* 20 ms */
    int16_t *blk = malloc(sizeof *blk * block);
    size_t total = (size_t)CLIP_RATE * SECONDS, at = 0;
    double worst = 0, t0 = now_ms();
    while (at < total) {
        for (size_t i = 0; i < block; i++) {
            blk[i] = speech[(at + i) % ns];
        }
        double b0 = now_ms();
        if (clip_writer_feed(w, blk, block) != KIOSK_OK) {
            return 1;
        }
        double dt = now_ms() - b0;
        worst = dt > worst ? dt : worst;
        at += block;
    }
    double secs = 0;
    if (clip_writer_finish(w, &secs) != KIOSK_OK) {
        return 1;
    }
    double ms = now_ms() - t0;
    struct stat st;
    stat(path, &st);
    printf("clip writer: %d s of speech in %.0f ms (%.0fx real time), "
           "worst 20 ms block %.2f ms\n",
           SECONDS, ms, SECONDS * 1000.0 / ms, worst);
    printf("clip: %.1f s, %ld bytes (%.0f KB a minute, %.1f kbit/s)\n", secs,
           (long)st.st_size, (double)st.st_size / 1024 / (secs / 60),
           (double)st.st_size * 8 / 1000 / secs);
    unlink(path);
    free(blk);
    free(cvt.buf);
    return 0;
}
