/* UI benchmark: start-up to first frame, frame time on attract and home at
 * a given size with the software renderer, peak RSS. Prints figures; never
 * asserts. Usage: bench_ui [WxH] [frames] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "app/runtime.h"
#include "core/date.h"
#include "store/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Builds and renders n frames, each a full redraw; prints p50/p99. */
static void frames(struct runtime *rt, const char *what, int n)
{
    double *t = malloc(sizeof *t * (size_t)n);
    struct ui_input none = {0};
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        runtime_frame(rt, &none, 1);
        t[i] = now_ms() - t0;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    printf("frame %-8s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms  (%d frames)\n",
           what, t[n / 2], t[n * 99 / 100], t[n - 1], n);
    free(t);
}

int main(int argc, char **argv)
{
    /* The database exists already, as on every start but the first (the
     * first start also wraps the new site key with Argon2id). */
    char db[] = "/tmp/bench-ui-XXXXXX";
    int fd = mkstemp(db);
    if (fd < 0) {
        return 1;
    }
    close(fd);
    unlink(db);
    struct store *st = NULL;
    struct store_opts so = {.setup_code = "bench-setup-code",
                            .day_offset = DATE_UTC_OFFSET_DEFAULT};
    /* created in a child, so its 64 MB Argon2id buffer is not our RSS */
    pid_t pid = fork();
    if (pid == 0) {
        int ok = store_open(db, &so, &st) == KIOSK_OK;
        store_close(st);
        _exit(ok ? 0 : 1);
    }
    int status = 1;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0) {
        return 1;
    }
    double t_start = now_ms();
    if (store_open(db, &so, &st) != KIOSK_OK) {
        return 1;
    }
    int w = 1280, h = 800, n = 300;
    if (argc > 1 && sscanf(argv[1], "%dx%d", &w, &h) != 2) {
        fprintf(stderr, "usage: bench_ui [WxH] [frames]\n");
        return 2;
    }
    if (argc > 2) {
        n = (int)strtol(argv[2], NULL, 10);
        n = n < 10 ? 10 : n;
    }
    setenv("SDL_VIDEODRIVER", "dummy", 0);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    struct kiosk_diag d = {0};
    struct site site;
    site_defaults(&site);
    struct pack *pack = NULL;
    if (pack_load(KIOSK_SOURCE_DIR "/assets/pack", &pack, &d) != KIOSK_OK ||
        SDL_Init(SDL_INIT_VIDEO) != 0) {
        kiosk_diag_print(&d, stderr);
        return 1;
    }
    IMG_Init(IMG_INIT_PNG);
    struct ui_sdl_opts uo = {w, h, 0, 1, 0, KIOSK_SOURCE_DIR "/fonts"};
    struct ui_sdl *be = ui_sdl_open(&uo, &d);
    if (!be) {
        kiosk_diag_print(&d, stderr);
        return 1;
    }
    static struct app app;
    ui_init(&app.ui, w, h, 0);
    ui_sdl_attach(be, &app.ui);
    struct app_config c = {.site = &site, .pack = pack, .store = st};
    app_init(&app, &c);
    app_load_forms(&app, KIOSK_SOURCE_DIR "/assets/pack");
    struct runtime rt = {.app = &app, .be = be};
    struct ui_input none = {0};
    runtime_frame(&rt, &none, 1);
    double first = now_ms() - t_start;
    printf("ui benchmark at %dx%d, software renderer\n", w, h);
    printf("start-up to first frame   %7.1f ms (database, fonts, pack, forms,"
           " window, frame)\n", first);
    frames(&rt, "attract", n);
    /* to home, as a visitor: touch, choose a language */
    script_run_text(&rt, "tap 50% 50%\ntap-text \"English\"\n", "bench");
    frames(&rt, app_screen_name(app.screen), n);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS                  %7.1f MB\n", (double)ru.ru_maxrss / 1024);
    app_free(&app);
    store_close(st);
    char wal[64];
    unlink(db);
    snprintf(wal, sizeof wal, "%s-wal", db);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", db);
    unlink(wal);
    ui_sdl_close(be);
    IMG_Quit();
    SDL_Quit();
    return 0;
}
