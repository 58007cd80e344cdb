#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_mixer.h>

#include "app/audio.h"

struct audio {
    Mix_Music *music;
    char current[512];
    int started;
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

void audio_stop(struct audio *au)
{
    if (au && au->music) {
        Mix_HaltMusic();
        Mix_FreeMusic(au->music);
        au->music = NULL;
    }
}

void audio_close(struct audio *au)
{
    if (!au) {
        return;
    }
    audio_stop(au);
    Mix_CloseAudio();
    Mix_Quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(au);
}

int audio_play(struct audio *au, const char *path)
{
    if (!au || !path) {
        return -1;
    }
    audio_stop(au);
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
