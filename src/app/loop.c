/* The interactive loop: input events in, frames out, and nothing in
 * between (a static screen costs no CPU where the video driver can wait). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <SDL.h>

#include "app/program.h"
#include "platform/watchdog.h"
#include "ui/ui_sdl.h"

/* SIGHUP asks the kiosk to load its content pack again (staff copied a
 * new one in place); the loop does it between frames. */
static volatile sig_atomic_t reload_requested;

static void on_sighup(int sig)
{
    (void)sig;
    reload_requested = 1;
}

/* How long the loop may sleep: at once when something must be drawn, else
 * until the app's next timer or the watchdog's next ping (at most 1 s),
 * 16 ms while a finger drags. */
static int wait_ms(const struct runtime *rt, int dirty)
{
    int64_t timer = app_next_timer_ms(rt->app);
    int wait = dirty ? 0 : (timer < 0 || timer > 1000 ? 1000 : (int)timer);
    if (rt->pointer_down && wait > 16) {
        wait = 16; /* keep frames coming while a finger drags */
    }
    int64_t ping = platform_watchdog_due_in(rt->app->now_ms);
    if (ping >= 0 && ping < wait) {
        wait = (int)ping;
    }
    return wait;
}

/* The next event within `wait` ms (1), or none (0). X11 and Wayland wake
 * SDL_WaitEventTimeout on an event, so the loop sleeps until input or its
 * next timer. On drivers without a native wait (KMS/DRM on the board,
 * dummy) SDL2 polls every millisecond instead: 2 % of a core on a static
 * screen. There the loop polls in 20 ms steps; a tap waits at most that
 * long. */
static int next_event(SDL_Event *ev, int wait, int native_wait)
{
    int got = SDL_PollEvent(ev);
    if (!got && wait > 0 && native_wait) {
        got = SDL_WaitEventTimeout(ev, wait);
    }
    for (int waited = 0; !got && !native_wait && waited < wait;) {
        int slice = wait - waited < 20 ? wait - waited : 20;
        SDL_Delay((Uint32)slice);
        waited += slice;
        got = SDL_PollEvent(ev);
    }
    return got;
}

static void pointer(struct ui_input *in, int x, int y, int down, int up)
{
    in->x = x;
    in->y = y;
    if (down) {
        in->pressed = in->down = 1;
    } else if (up) {
        in->released = 1;
        in->down = 0;
    }
}

/* One event into the frame's input (touch, the mouse, keys, a USB
 * scanner's text). Returns 1 when the window closes. */
static int take_event(struct runtime *rt, const SDL_Event *ev,
                      struct ui_input *in, int *dirty)
{
    struct app *a = rt->app;
    int lx, ly;
    switch (ev->type) {
    case SDL_QUIT:
        return 1;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
        int ww, wh;
        SDL_GetWindowSize(ui_sdl_window(rt->be), &ww, &wh);
        ui_sdl_map_point(rt->be, (int)(ev->tfinger.x * (float)ww),
                         (int)(ev->tfinger.y * (float)wh), &lx, &ly);
        pointer(in, lx, ly, ev->type == SDL_FINGERDOWN,
                ev->type == SDL_FINGERUP);
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        /* a touch also arrives as a mouse event: count it once */
        if (ev->button.which == SDL_TOUCH_MOUSEID ||
            ev->button.button != SDL_BUTTON_LEFT) {
            break;
        }
        ui_sdl_map_point(rt->be, ev->button.x, ev->button.y, &lx, &ly);
        pointer(in, lx, ly, ev->type == SDL_MOUSEBUTTONDOWN,
                ev->type == SDL_MOUSEBUTTONUP);
        break;
    case SDL_MOUSEMOTION:
        if (ev->motion.which != SDL_TOUCH_MOUSEID) {
            ui_sdl_map_point(rt->be, ev->motion.x, ev->motion.y, &lx, &ly);
            pointer(in, lx, ly, 0, 0);
        }
        break;
    case SDL_WINDOWEVENT:
        *dirty = 1;
        break;
    case SDL_TEXTINPUT: /* a keyboard, or a USB QR scanner */
        app_text_input(a, ev->text.text);
        *dirty = 1;
        break;
    case SDL_KEYDOWN: {
        SDL_Keycode k = ev->key.keysym.sym;
        if (k == SDLK_RETURN || k == SDLK_KP_ENTER) {
            app_key(a, "Return");
        } else if (k == SDLK_BACKSPACE) {
            app_key(a, "BackSpace");
        } else if (k == SDLK_ESCAPE) {
            app_key(a, "Escape");
        }
        *dirty = 1;
        break;
    }
    default:
        break;
    }
    return 0;
}

void run_loop(struct runtime *rt, const char *pack_dir)
{
    struct app *a = rt->app;
    Uint64 t0 = SDL_GetTicks64();
    struct ui_input in = {0};
    int dirty = 1, ready = 0;
    const char *driver = SDL_GetCurrentVideoDriver();
    const int native_wait = driver && (strcmp(driver, "x11") == 0 ||
                                       strcmp(driver, "wayland") == 0);
    signal(SIGHUP, on_sighup);
    /* systemd's watchdog (board/kiosk.service): READY=1 after the first
     * frame, WATCHDOG=1 at half the interval from this loop, so a hung
     * loop gets the kiosk restarted */
    platform_watchdog_init(0);
    for (;;) {
        a->now_ms = (int64_t)(SDL_GetTicks64() - t0);
        platform_watchdog_tick(a->now_ms);
        if (reload_requested) {
            reload_requested = 0;
            if (app_reload_pack(a, pack_dir) == KIOSK_OK) {
                fprintf(stderr, "kiosk: content pack %s reloaded\n",
                        pack_dir);
            }
            dirty = 1;
        }
        SDL_Event ev;
        int got = next_event(&ev, wait_ms(rt, dirty), native_wait);
        in.pressed = in.released = 0;
        while (got) {
            if (take_event(rt, &ev, &in, &dirty)) {
                (void)platform_notify_stopping();
                return;
            }
            if (in.pressed || in.released) {
                app_note_input(a);
                dirty = 1;
                break; /* a press and its release in one poll: the press
                          is handled first */
            }
            if (in.down) {
                dirty = 1;
            }
            got = SDL_PollEvent(&ev);
        }
        rt->pointer_down = in.down;
        a->now_ms = (int64_t)(SDL_GetTicks64() - t0);
        if (dirty || app_next_timer_ms(a) == 0) {
            runtime_frame(rt, &in, 1);
            dirty = in.down;
            if (!ready) {
                ready = 1;
                (void)platform_notify_ready();
            }
        }
    }
}
