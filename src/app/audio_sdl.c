#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_mixer.h>

#include "app/audio.h"

#define LIST_PAUSE_MS 400 /* between a question and its answers */

struct audio {
    Mix_Music *music;
    char current[AUDIO_PATH];
    int started;
    /* a list being played: the files still to come, in order */
    char (*list)[AUDIO_PATH];
    int nlist, next;
    int64_t ended_ms; /* when the last file was seen ended, -1 = not yet */
};

struct audio *audio_open(void)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        return NULL;
    }
    if (Mix_OpenAudio(22050, AUDIO_S16SYS, 1, 2048) != 0) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    Mix_Init(MIX_INIT_OGG);
    return calloc(1, sizeof(struct audio));
}

/* Stops the file playing, and keeps a list going. */
static void stop_file(struct audio *au)
{
    if (au && au->music) {
        Mix_HaltMusic();
        Mix_FreeMusic(au->music);
        au->music = NULL;
    }
}

void audio_stop(struct audio *au)
{
    if (au) {
        au->nlist = au->next = 0;
        stop_file(au);
    }
}

void audio_close(struct audio *au)
{
    if (!au) {
        return;
    }
    audio_stop(au);
    free(au->list);
    Mix_CloseAudio();
    Mix_Quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(au);
}

/* Starts one file, keeping a list going. */
static int play_file(struct audio *au, const char *path)
{
    stop_file(au);
    au->music = Mix_LoadMUS(path);
    if (!au->music) {
        return -1;
    }
    if (Mix_PlayMusic(au->music, 0) != 0) {
        Mix_FreeMusic(au->music);
        au->music = NULL;
        return -1;
    }
    snprintf(au->current, sizeof au->current, "%s", path);
    au->started++;
    return 0;
}

int audio_play(struct audio *au, const char *path)
{
    if (!au || !path) {
        return -1;
    }
    au->nlist = au->next = 0;
    return play_file(au, path);
}

int audio_play_list(struct audio *au, const char *const *paths, int n)
{
    if (!au || n < 1 || n > AUDIO_LIST_MAX) {
        return -1;
    }
    if (!au->list) {
        au->list = calloc(AUDIO_LIST_MAX, sizeof *au->list);
        if (!au->list) {
            return -1;
        }
    }
    for (int i = 0; i < n; i++) {
        if (!paths[i] || strlen(paths[i]) >= AUDIO_PATH) {
            return -1; /* refused whole, not cut */
        }
    }
    au->nlist = n;
    for (int i = 0; i < n; i++) {
        memcpy(au->list[i], paths[i], strlen(paths[i]) + 1);
    }
    au->next = 1;
    au->ended_ms = -1;
    if (play_file(au, au->list[0]) != 0) {
        au->nlist = au->next = 0;
        return -1;
    }
    return 0;
}

int64_t audio_tick(struct audio *au, int64_t now_ms)
{
    if (!au || au->next >= au->nlist) {
        return -1;
    }
    if (au->music && Mix_PlayingMusic()) {
        return 100; /* still speaking: look again soon */
    }
    if (au->ended_ms < 0) {
        au->ended_ms = now_ms;
    }
    if (now_ms - au->ended_ms < LIST_PAUSE_MS) {
        return LIST_PAUSE_MS - (now_ms - au->ended_ms);
    }
    au->ended_ms = -1;
    /* a file that cannot start is passed over: the next one still plays */
    while (au->next < au->nlist && play_file(au, au->list[au->next++]) != 0) {
    }
    return au->next < au->nlist ? 100 : -1;
}

void audio_finish(struct audio *au)
{
    stop_file(au);
}

int audio_playing(const struct audio *au)
{
    return au && au->music && Mix_PlayingMusic();
}

const char *audio_current(const struct audio *au)
{
    return au ? au->current : "";
}

int audio_started(const struct audio *au)
{
    return au ? au->started : 0;
}
