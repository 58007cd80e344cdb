#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_image.h>

#include "app/runtime.h"

#define CHANNEL_TOLERANCE 40
#define MAX_DIFF_FRACTION 0.005

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    FILE *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (fwrite(buf, 1, n, out) != n) {
            rc = -1;
        }
    }
    if (in) {
        fclose(in);
    }
    if (out && fclose(out) != 0) {
        rc = -1;
    }
    return rc;
}

int golden_check(struct ui_sdl *be, const char *actual_path,
                 const char *golden_path, char *why, size_t why_n)
{
    SDL_Surface *raw = IMG_Load(golden_path);
    if (!raw) {
        const char *upd = getenv("KIOSK_UPDATE_GOLDEN");
        char dir[1024];
        snprintf(dir, sizeof dir, "%s", golden_path);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            for (char *p = dir + 1; *p; p++) { /* mkdir -p */
                if (*p == '/') {
                    *p = '\0';
                    mkdir(dir, 0755);
                    *p = '/';
                }
            }
            mkdir(dir, 0755);
        }
        if (upd && strcmp(upd, "1") == 0 &&
            copy_file(actual_path, golden_path) == 0) {
            snprintf(why, why_n, "created golden %s", golden_path);
            return 0;
        }
        snprintf(why, why_n,
                 "no golden %s (run with KIOSK_UPDATE_GOLDEN=1 to create it)",
                 golden_path);
        return -1;
    }
    SDL_Surface *gold = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888,
                                                 0);
    SDL_FreeSurface(raw);
    SDL_Surface *act = ui_sdl_capture(be);
    if (!gold || !act) {
        SDL_FreeSurface(gold);
        SDL_FreeSurface(act);
        snprintf(why, why_n, "cannot read pixels");
        return -1;
    }
    if (gold->w != act->w || gold->h != act->h) {
        snprintf(why, why_n, "size %dx%d, golden is %dx%d", act->w, act->h,
                 gold->w, gold->h);
        SDL_FreeSurface(gold);
        SDL_FreeSurface(act);
        return 1;
    }
    long differ = 0;
    SDL_Surface *diff = SDL_CreateRGBSurfaceWithFormat(
        0, act->w, act->h, 32, SDL_PIXELFORMAT_ARGB8888);
    for (int y = 0; y < act->h; y++) {
        const Uint32 *a = (const Uint32 *)((Uint8 *)act->pixels +
                                           y * act->pitch);
        const Uint32 *g = (const Uint32 *)((Uint8 *)gold->pixels +
                                           y * gold->pitch);
        Uint32 *d = diff ? (Uint32 *)((Uint8 *)diff->pixels + y * diff->pitch)
                         : NULL;
        for (int x = 0; x < act->w; x++) {
            int worst = 0;
            for (int sh = 0; sh < 24; sh += 8) {
                int da = (int)((a[x] >> sh) & 0xFF) - (int)((g[x] >> sh) & 0xFF);
                if (abs(da) > worst) {
                    worst = abs(da);
                }
            }
            if (worst > CHANNEL_TOLERANCE) {
                differ++;
                if (d) {
                    d[x] = 0xFFFF0000u;
                }
            } else if (d) {
                /* the frame, faded, so the red marks stand out */
                Uint32 lum = (((a[x] >> 16) & 0xFF) + ((a[x] >> 8) & 0xFF) +
                              (a[x] & 0xFF)) / 3;
                lum = 160 + lum * 95 / 255;
                d[x] = 0xFF000000u | lum << 16 | lum << 8 | lum;
            }
        }
    }
    double frac = (double)differ / ((double)act->w * act->h);
    int rc = frac > MAX_DIFF_FRACTION;
    if (rc && diff) {
        char dpath[1024];
        snprintf(dpath, sizeof dpath, "%.*s.diff.png",
                 (int)(strlen(actual_path) - 4), actual_path);
        IMG_SavePNG(diff, dpath);
        snprintf(why, why_n, "%.2f%% of pixels differ from %s (diff: %s)",
                 frac * 100, golden_path, dpath);
    } else {
        snprintf(why, why_n, "%.3f%% differ", frac * 100);
    }
    SDL_FreeSurface(diff);
    SDL_FreeSurface(gold);
    SDL_FreeSurface(act);
    return rc;
}
