/* The clip writer with real audio: a WAV of speech (tests/app/voice-vi.wav,
 * made with espeak-ng) converted by SDL as the capture device would give
 * it, padded with quiet hiss before and after, fed in uneven blocks, then
 * the Ogg file decoded with libvorbisfile (an independent reader) and with
 * SDL_mixer (the kiosk's player): the length is the speech plus the
 * margins, and the waveform is the one that went in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_mixer.h>
#include <vorbis/vorbisfile.h>

#include "app/audio_capture.h"
#include "test.h"

#define WAV "tests/app/voice-vi.wav"

/* The WAV as 16-bit mono at CLIP_RATE, the format the recorder asks of the
 * capture device. */
static int16_t *load_speech(size_t *n)
{
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(WAV, &spec, &buf, &len)) {
        fprintf(stderr, "%s: %s\n", WAV, SDL_GetError());
        return NULL;
    }
    SDL_AudioCVT cvt;
    if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq,
                          AUDIO_S16SYS, 1, CLIP_RATE) < 0) {
        SDL_FreeWAV(buf);
        return NULL;
    }
    cvt.len = (int)len;
    cvt.buf = malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult
                                                             : 1));
    memcpy(cvt.buf, buf, len);
    SDL_FreeWAV(buf);
    if (SDL_ConvertAudio(&cvt) != 0) {
        free(cvt.buf);
        return NULL;
    }
    *n = (size_t)cvt.len_cvt / 2;
    return (int16_t *)cvt.buf;
}

/* First and last sample louder than the writer's threshold. */
static void sound_span(const int16_t *s, size_t n, size_t *first,
                       size_t *last)
{
    *first = n;
    *last = 0;
    for (size_t i = 0; i < n; i++) {
        if (abs(s[i]) > CLIP_SILENCE) {
            if (*first == n) {
                *first = i;
            }
            *last = i;
        }
    }
}

/* The whole Ogg file decoded to 16-bit mono with libvorbisfile. */
static int16_t *decode(const char *path, size_t *n, long *rate)
{
    OggVorbis_File vf;
    if (ov_fopen(path, &vf) != 0) {
        return NULL;
    }
    vorbis_info *vi = ov_info(&vf, -1);
    *rate = vi->rate;
    CHECK_INT(vi->channels, 1);
    size_t cap = 1 << 16, len = 0;
    int16_t *out = malloc(cap * 2);
    for (;;) {
        if (len + 4096 > cap) {
            cap *= 2;
            out = realloc(out, cap * 2);
        }
        int bs;
        long got = ov_read(&vf, (char *)(out + len), 8192, 0, 2, 1, &bs);
        if (got <= 0) {
            break;
        }
        len += (size_t)got / 2;
    }
    ov_clear(&vf);
    *n = len;
    return out;
}

/* Pearson correlation of a and b over n samples. */
static double correlation(const int16_t *a, const int16_t *b, size_t n)
{
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < n; i++) {
        sa += a[i];
        sb += b[i];
        saa += (double)a[i] * a[i];
        sbb += (double)b[i] * b[i];
        sab += (double)a[i] * b[i];
    }
    double cov = sab - sa * sb / (double)n;
    double va = saa - sa * sa / (double)n, vb = sbb - sb * sb / (double)n;
    return cov / sqrt(va * vb);
}

static void test_speech(void)
{
    size_t ns = 0;
    int16_t *speech = load_speech(&ns);
    CHECK(speech != NULL && ns > CLIP_RATE);
    if (!speech) {
        return;
    }
    /* 1.5 s of hiss before, the speech, 2.5 s of hiss after */
    size_t pre = CLIP_RATE * 3 / 2, post = CLIP_RATE * 5 / 2;
    size_t total = pre + ns + post;
    int16_t *in = malloc(sizeof *in * total);
    unsigned seed = 7;
    for (size_t i = 0; i < total; i++) {
        seed = seed * 1103515245u + 12345u;
        int hiss = (int)((seed >> 16) % 301) - 150; /* about -47 dBFS */
        in[i] = (int16_t)hiss;
    }
    memcpy(in + pre, speech, sizeof *in * ns);
    size_t first, last;
    sound_span(in, total, &first, &last);
    const size_t margin = CLIP_RATE * CLIP_MARGIN_MS / 1000;
    size_t want = (last - first + 1) + 2 * margin;

    char path[256];
    snprintf(path, sizeof path, "/tmp/test_clip.%d.ogg", (int)getpid());
    struct clip_writer *w = NULL;
    CHECK_INT(clip_writer_open(path, CLIP_RATE, &w), KIOSK_OK);
    /* uneven blocks, as frames dequeue what the device has */
    size_t at = 0, step = 1;
    while (at < total && w) {
        size_t k = step % 3000 + 1;
        if (at + k > total) {
            k = total - at;
        }
        CHECK_INT(clip_writer_feed(w, in + at, k), KIOSK_OK);
        at += k;
        step = step * 7 + 13;
    }
    double secs = 0;
    CHECK_INT(clip_writer_finish(w, &secs), KIOSK_OK);
    CHECK(fabs(secs - (double)want / CLIP_RATE) < 0.001);

    size_t nd = 0;
    long rate = 0;
    int16_t *out = decode(path, &nd, &rate);
    CHECK(out != NULL);
    CHECK_INT(rate, CLIP_RATE);
    CHECK_INT((long long)nd, (long long)want);
    if (out && nd == want) {
        /* the decoded clip is the input from the margin before the first
         * sound to the margin after the last */
        double r = correlation(out, in + first - margin, want);
        fprintf(stderr, "clip %.2f s, correlation %.3f\n", secs, r);
        CHECK(r > 0.95);
    }
    free(out);
    /* the kiosk's own player opens it */
    CHECK(Mix_OpenAudio(22050, AUDIO_S16SYS, 1, 2048) == 0);
    Mix_Music *m = Mix_LoadMUS(path);
    CHECK(m != NULL);
    if (m) {
        CHECK(Mix_MusicDuration(m) > secs - 0.05 &&
              Mix_MusicDuration(m) < secs + 0.05);
        Mix_FreeMusic(m);
    }
    Mix_CloseAudio();
    unlink(path);
    free(in);
    free(speech);
}

static void test_silence_and_errors(void)
{
    char path[256];
    snprintf(path, sizeof path, "/tmp/test_clip_quiet.%d.ogg", (int)getpid());
    struct clip_writer *w = NULL;
    CHECK_INT(clip_writer_open(path, CLIP_RATE, &w), KIOSK_OK);
    int16_t quiet[4000];
    for (int i = 0; i < 4000; i++) {
        quiet[i] = (int16_t)(i % 2 ? 400 : -400); /* below the threshold */
    }
    for (int k = 0; k < 20 && w; k++) {
        CHECK_INT(clip_writer_feed(w, quiet, 4000), KIOSK_OK);
    }
    CHECK(clip_writer_seconds(w) == 0);
    double secs = 1;
    CHECK_INT(clip_writer_finish(w, &secs), KIOSK_ENOENT);
    CHECK(secs == 0);
    CHECK(access(path, F_OK) != 0); /* nothing left behind */
    /* a folder that does not exist */
    CHECK_INT(clip_writer_open("/proc/no/such/dir/x.ogg", CLIP_RATE, &w),
              KIOSK_EIO);
    CHECK(w == NULL);
    /* a cancelled recording leaves nothing */
    CHECK_INT(clip_writer_open(path, CLIP_RATE, &w), KIOSK_OK);
    quiet[10] = 20000;
    CHECK_INT(clip_writer_feed(w, quiet, 4000), KIOSK_OK);
    clip_writer_abort(w);
    CHECK(access(path, F_OK) != 0);
}

int main(void)
{
    if (SDL_Init(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    test_speech();
    test_silence_and_errors();
    SDL_Quit();
    TEST_MAIN_END();
}
