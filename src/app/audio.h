/* Narration playback. SDL2_mixer streams the file on its own audio thread,
 * so play() returns at once and never blocks the UI. */
#ifndef KIOSK_APP_AUDIO_H
#define KIOSK_APP_AUDIO_H

struct audio;

/** Opens the audio device; NULL when there is none (the kiosk then hides
 * nothing but Listen says narration is unavailable). */
struct audio *audio_open(void);
void audio_close(struct audio *au);

/** Starts playing a file (Ogg Vorbis); stops what was playing. 0 = started. */
int audio_play(struct audio *au, const char *path);
void audio_stop(struct audio *au);
/** 1 while a file is playing. */
int audio_playing(const struct audio *au);
/** Path of the file last started (for tests), "" if none. */
const char *audio_current(const struct audio *au);
/** Number of playbacks started since open (for tests). */
int audio_started(const struct audio *au);

#endif
