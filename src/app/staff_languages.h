/* The content overlay in the kiosk (src/content/overlay.h) and the staff
 * Languages room where commune staff and volunteers review translations,
 * record narration with a USB microphone, and move text and recordings in
 * and out on a USB stick (staff_languages.c). */
#ifndef KIOSK_APP_STAFF_LANGUAGES_H
#define KIOSK_APP_STAFF_LANGUAGES_H

#include <stdint.h>
#include <stdio.h>

struct app;

/** Reads <data_dir>/overlay and puts it over the pack, forms and quizzes
 * the app has loaded: at start and after every pack (re)load. Files that
 * do not load, and entries the pack no longer has, are printed on stderr
 * and shown to staff; the pack is served as it is for those. */
void app_languages_apply(struct app *a);

/** 1 while a recording is running. */
int app_languages_busy(const struct app *a);

/** While recording, before the frame draws: moves the microphone's
 * samples into the clip (audio_capture_pump) and stops a failed capture.
 * Drawing never touches the microphone or the clip file. */
void app_languages_tick(struct app *a);

/** While recording: milliseconds until the next frame must move the
 * microphone's samples into the clip (0 = now); -1 otherwise. */
int64_t app_languages_timer_ms(const struct app *a);

/** Back inside the room (from an item to its list, from the list to the
 * languages); 0 when the room is at its top and Back leaves it. */
int app_languages_back(struct app *a);

/** Ends a recording in progress, drops a take not kept and forgets the
 * room's place (the staff session ends). */
void app_languages_wipe(struct app *a);

/** Frees everything (app_free). */
void app_languages_free(struct app *a);

/** `kiosk --import-overlay DIR`: takes the shared overlay in DIR into
 * <data_dir>/overlay (overlay_share_import), printing what changed to out
 * and problems to err. Returns the exit status: 0 done, 1 refused. */
int app_languages_import_cli(const char *data_dir, const char *src,
                             FILE *out, FILE *err);

/** The readiness part of `kiosk --check-pack DIR`: loads the pack, its
 * forms and quizzes, the overlay of `data_dir` when not NULL, and the
 * pack's audio-sources.csv; prints their problems, the overlay entries the
 * pack does not have, and the readiness table. Returns the number of
 * errors (a bad audio-sources.csv; the overlay's own problems are
 * reported but do not fail the pack). */
int app_languages_check(const char *pack_dir, const char *data_dir,
                        FILE *out);

#endif
