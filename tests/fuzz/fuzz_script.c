/* libFuzzer target: the headless script driver, on the real app (SDL's
 * dummy video driver, the built-in pack, a database in a temp dir). Steps
 * that wait (advance, wait-print, hold) are left out: they are correct but
 * slow. Each input runs on a fresh visit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include "app/runtime.h"
#include "core/date.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app app;
static struct runtime rt;

static int setup(void)
{
    static int done;
    if (done) {
        return rt.be != NULL;
    }
    done = 1;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    struct kiosk_diag d = {0};
    struct site site;
    site_defaults(&site);
    struct pack *pack = NULL;
    if (pack_load(KIOSK_SOURCE_DIR "/assets/pack", &pack, &d) != KIOSK_OK ||
        SDL_Init(SDL_INIT_VIDEO) != 0) {
        return 0;
    }
    struct ui_sdl_opts uo = {800, 480, 0, 1, 0, KIOSK_SOURCE_DIR "/fonts"};
    struct ui_sdl *be = ui_sdl_open(&uo, &d);
    if (!be) {
        return 0;
    }
    ui_init(&app.ui, 800, 480, 0);
    ui_sdl_attach(be, &app.ui);
    struct store *st = NULL;
    char dir[] = "/tmp/fuzz-script-XXXXXX";
    if (mkdtemp(dir)) {
        char db[64];
        snprintf(db, sizeof db, "%s/kiosk.db", dir);
        struct store_opts so = {.setup_code = "20261124",
                                .day_offset = DATE_UTC_OFFSET_DEFAULT,
                                .pwhash_ops = 1, .pwhash_mem = 8192};
        if (store_open(db, &so, &st) != KIOSK_OK) {
            st = NULL;
        }
    }
    struct app_config c = {.site = &site, .pack = pack, .store = st,
                           .wall0 = 2079741600, .deterministic = 1};
    app_init(&app, &c);
    app_load_forms(&app, KIOSK_SOURCE_DIR "/assets/pack");
    rt.app = &app;
    rt.be = be;
    rt.shots_dir = "/tmp";
    kiosk_diag_free(&d);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || !setup()) {
        return 0;
    }
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    if (memchr(data, '\0', size) || strstr(text, "advance") ||
        strstr(text, "wait-print") || strstr(text, "hold") ||
        strstr(text, "shot") || strstr(text, "swap-pack") ||
        strstr(text, "monkey")) {
        free(text);
        return 0;
    }
    (void)script_run_text(&rt, text, "fuzz");
    app_end_visit(&app, "left");
    app_staff_exit(&app);
    free(text);
    return 0;
}
