/* Narration playback. SDL2_mixer streams the file on its own audio thread,
 * so play() returns at once and never blocks the UI. */
#ifndef KIOSK_APP_AUDIO_H
#define KIOSK_APP_AUDIO_H

#include <stdint.h>

struct audio;

/** Opens the audio device; NULL when there is none (the kiosk then hides
 * nothing but Listen says narration is unavailable). */
struct audio *audio_open(void);
void audio_close(struct audio *au);

/** Starts playing a file (Ogg Vorbis); stops what was playing. 0 = started. */
int audio_play(struct audio *au, const char *path);
void audio_stop(struct audio *au);
/** Plays files one after another with a short pause between them (a
 * question, then each of its answers); stops what was playing. A list
 * longer than AUDIO_LIST_MAX is refused whole (-1), never cut; -1 also
 * when the first file cannot start. audio_play and audio_stop end it. */
#define AUDIO_LIST_MAX 32
#define AUDIO_PATH 512 /* a file's path, with its NUL */
int audio_play_list(struct audio *au, const char *const *paths, int n);
/** Moves a list on: starts its next file once the last one has ended and
 * the pause has passed. Returns in how many ms it wants to be called
 * again, -1 when no list is waiting. */
int64_t audio_tick(struct audio *au, int64_t now_ms);
/** Ends the file playing as if it had played to its end, so a list's
 * next one follows (for scripts, which cannot wait for real sound). */
void audio_finish(struct audio *au);
/** 1 while a file is playing. */
int audio_playing(const struct audio *au);
/** Path of the file last started (for tests), "" if none. */
const char *audio_current(const struct audio *au);
/** Number of playbacks started since open (for tests). */
int audio_started(const struct audio *au);

#endif
