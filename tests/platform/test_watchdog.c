/* Watchdog and service notification against a real datagram socket: the
 * test plays the part of systemd. It binds a Unix datagram socket (a path
 * in a temporary directory, and an abstract "@" name), points
 * $NOTIFY_SOCKET and $WATCHDOG_USEC at it, drives the module with a fake
 * clock and reads back every datagram. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform/watchdog.h"
#include "test.h"

static char tmpdir[256];

/* Binds a datagram socket at `name` ("/path" or "@abstract"). */
static int listen_at(const char *name)
{
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (n >= sizeof a.sun_path) {
        return -1;
    }
    memcpy(a.sun_path, name, n);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    if (name[0] == '@') {
        a.sun_path[0] = '\0';
    } else {
        len++;
        unlink(name);
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) != 0) {
        perror("bind");
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

/* Reads one pending datagram without waiting into buf (NUL-terminated).
 * Returns its length, or -1 if none is queued. */
static int take(int fd, char *buf, size_t size)
{
    ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);
    if (n < 0) {
        buf[0] = '\0';
        return -1;
    }
    buf[n] = '\0';
    return (int)n;
}

static void set_env(const char *sock, const char *usec, const char *pid)
{
    if (sock) {
        setenv("NOTIFY_SOCKET", sock, 1);
    } else {
        unsetenv("NOTIFY_SOCKET");
    }
    if (usec) {
        setenv("WATCHDOG_USEC", usec, 1);
    } else {
        unsetenv("WATCHDOG_USEC");
    }
    if (pid) {
        setenv("WATCHDOG_PID", pid, 1);
    } else {
        unsetenv("WATCHDOG_PID");
    }
}

/* READY=1, then ticks at chosen times: a datagram arrives exactly when the
 * tick says it pinged, and its bytes are "WATCHDOG=1". */
static void test_schedule(const char *sock_name)
{
    int fd = listen_at(sock_name);
    CHECK(fd >= 0);
    if (fd < 0) {
        return;
    }
    char buf[1024];
    set_env(sock_name, "10000000", NULL); /* WatchdogSec=10 */
    CHECK_INT(platform_watchdog_init(1000), 5000);
    CHECK_INT(platform_notify_ready(), KIOSK_OK);
    CHECK_INT(take(fd, buf, sizeof buf), 7);
    CHECK_STR(buf, "READY=1");
    CHECK_INT(platform_watchdog_due_in(1000), 5000);
    CHECK_INT(platform_watchdog_due_in(7000), 0);

    static const struct {
        int64_t now;   /* fake clock at this tick */
        int ping;      /* 1 if a WATCHDOG=1 must go out */
        int64_t due;   /* platform_watchdog_due_in() after the tick */
    } ticks[] = {
        {1000, 0, 5000},  {1020, 0, 4980},  {5999, 0, 1},
        {6000, 1, 5000},  {6001, 0, 4999},  {10999, 0, 1},
        {11000, 1, 5000},
        /* a 19 s stall: one ping, then the interval counts from here */
        {30000, 1, 5000}, {30001, 0, 4999}, {34999, 0, 1},
        {35000, 1, 5000},
        /* the clock steps back before the last ping: restart from there */
        {2000, 0, 5000},  {6999, 0, 1},     {7000, 1, 5000},
    };
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        int pinged = platform_watchdog_tick(ticks[i].now);
        int n = take(fd, buf, sizeof buf);
        if (pinged != ticks[i].ping || (ticks[i].ping ? n != 10 : n != -1)) {
            fprintf(stderr, "%s: tick %zu at %lld ms\n", sock_name, i,
                    (long long)ticks[i].now);
        }
        CHECK_INT(pinged, ticks[i].ping);
        if (ticks[i].ping) {
            CHECK_INT(n, 10);
            CHECK_STR(buf, "WATCHDOG=1");
        } else {
            CHECK_INT(n, -1);
        }
        CHECK_INT(platform_watchdog_due_in(ticks[i].now), ticks[i].due);
    }
    /* an explicit ping and the other notifications, byte for byte */
    CHECK_INT(platform_watchdog_ping(), KIOSK_OK);
    CHECK_INT(take(fd, buf, sizeof buf), 10);
    CHECK_STR(buf, "WATCHDOG=1");
    CHECK_INT(platform_watchdog_due_in(7000), 5000); /* schedule unmoved */
    CHECK_INT(platform_notify("STATUS=Printing ticket\nEXTEND_TIMEOUT_USEC=1"),
              KIOSK_OK);
    take(fd, buf, sizeof buf);
    CHECK_STR(buf, "STATUS=Printing ticket\nEXTEND_TIMEOUT_USEC=1");
    CHECK_INT(platform_notify_stopping(), KIOSK_OK);
    take(fd, buf, sizeof buf);
    CHECK_STR(buf, "STOPPING=1");
    CHECK_INT(take(fd, buf, sizeof buf), -1); /* nothing else was sent */
    close(fd);
    if (sock_name[0] == '/') {
        unlink(sock_name);
    }
}

/* A main loop at 20 ms per frame for ten minutes of fake time, with a
 * 30 s WatchdogSec: every datagram is WATCHDOG=1, they come every 15 s, and
 * their count matches the tick results. */
static void test_loop(const char *sock_name)
{
    int fd = listen_at(sock_name);
    CHECK(fd >= 0);
    if (fd < 0) {
        return;
    }
    set_env(sock_name, "30000000", NULL);
    CHECK_INT(platform_watchdog_init(0), 15000);
    int64_t last = 0;
    int pings = 0, gaps_ok = 0, wrong = 0;
    char buf[64];
    for (int64_t t = 0; t <= 600000; t += 20) {
        if (platform_watchdog_tick(t)) {
            pings++;
            if (t - last == 15000) {
                gaps_ok++;
            }
            last = t;
        }
        while (take(fd, buf, sizeof buf) >= 0) {
            wrong += strcmp(buf, "WATCHDOG=1") != 0;
            pings--; /* each datagram must match a tick that pinged */
        }
    }
    CHECK_INT(pings, 0);
    CHECK_INT(wrong, 0);
    CHECK_INT(gaps_ok, 600000 / 15000);
    close(fd);
    unlink(sock_name);
}

/* What counts as a watchdog: the interval platform_watchdog_init() returns
 * for each environment. */
static void test_env(const char *sock_name)
{
    int fd = listen_at(sock_name);
    CHECK(fd >= 0);
    char me[32], other[32];
    snprintf(me, sizeof me, "%ld", (long)getpid());
    snprintf(other, sizeof other, "%ld", (long)getpid() + 1);
    const struct {
        const char *sock, *usec, *pid;
        int64_t interval;
    } cases[] = {
        {sock_name, "10000000", NULL, 5000},
        {sock_name, "3000", NULL, 1},           /* 3 ms: ping every 1 ms */
        {sock_name, "1999", NULL, 0},           /* under 1 ms half: off */
        {sock_name, "1", NULL, 0},
        {sock_name, "0", NULL, 0},
        {sock_name, "-5000000", NULL, 0},
        {sock_name, "+5000000", NULL, 0},
        {sock_name, " 5000000", NULL, 0},
        {sock_name, "5000000s", NULL, 0},
        {sock_name, "abc", NULL, 0},
        {sock_name, "", NULL, 0},
        {sock_name, "99999999999999999999", NULL, 0}, /* overflows */
        {sock_name, "31536000000001", NULL, 0},       /* over a year */
        {sock_name, NULL, NULL, 0},
        {NULL, "10000000", NULL, 0},            /* no socket, no watchdog */
        {sock_name, "10000000", me, 5000},
        {sock_name, "10000000", "", 5000},
        {sock_name, "10000000", other, 0},      /* another process's */
        {sock_name, "10000000", "x", 0},
        {"relative/path", "10000000", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_env(cases[i].sock, cases[i].usec, cases[i].pid);
        int64_t got = platform_watchdog_init(0);
        if (got != cases[i].interval) {
            fprintf(stderr, "env case %zu: usec=%s pid=%s\n", i,
                    cases[i].usec ? cases[i].usec : "(unset)",
                    cases[i].pid ? cases[i].pid : "(unset)");
        }
        CHECK_INT(got, cases[i].interval);
        CHECK_INT(platform_watchdog_due_in(0), got ? got : -1);
    }
    if (fd >= 0) {
        close(fd);
    }
    unlink(sock_name);
}

/* Unusable addresses and lost sockets. */
static void test_errors(void)
{
    char path[512], buf[64];
    /* no $NOTIFY_SOCKET: nothing to tell, and that is not an error */
    set_env(NULL, "10000000", NULL);
    CHECK_INT(platform_watchdog_init(0), 0);
    CHECK_INT(platform_notify_ready(), KIOSK_OK);
    CHECK_INT(platform_watchdog_tick(100000), 0);

    const char *bad[] = {"relative/notify", "@", "/", "vsock:2:1234"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set_env(bad[i], "10000000", NULL);
        CHECK_INT(platform_watchdog_init(0), 0);
        CHECK_INT(platform_notify_ready(), KIOSK_EINVAL);
    }
    /* longer than sun_path (108 bytes) */
    char longp[200];
    memset(longp, 'a', sizeof longp - 1);
    longp[0] = '/';
    longp[sizeof longp - 1] = '\0';
    set_env(longp, "10000000", NULL);
    platform_watchdog_init(0);
    CHECK_INT(platform_notify_ready(), KIOSK_EINVAL);

    /* nobody listening */
    snprintf(path, sizeof path, "%s/missing", tmpdir);
    set_env(path, "10000000", NULL);
    CHECK_INT(platform_watchdog_init(0), 5000);
    CHECK_INT(platform_notify_ready(), KIOSK_EIO);

    /* an empty or oversized message is refused before sending */
    snprintf(path, sizeof path, "%s/notify-size", tmpdir);
    int fd = listen_at(path);
    CHECK(fd >= 0);
    set_env(path, "10000000", NULL);
    platform_watchdog_init(0);
    char big[PLATFORM_NOTIFY_MAX + 2];
    memset(big, 'S', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT(platform_notify(big), KIOSK_EINVAL);
    CHECK_INT(platform_notify(""), KIOSK_EINVAL);
    big[PLATFORM_NOTIFY_MAX] = '\0';
    CHECK_INT(platform_notify(big), KIOSK_OK);
    CHECK_INT(take(fd, big, sizeof big), PLATFORM_NOTIFY_MAX);

    /* the manager's socket disappears at the due time: the tick fails,
     * retries one second later (not every frame), and recovers */
    close(fd);
    unlink(path);
    CHECK_INT(platform_watchdog_tick(5000), 0);
    CHECK_INT(platform_watchdog_due_in(5000), 1000);
    fd = listen_at(path);
    CHECK(fd >= 0);
    CHECK_INT(platform_watchdog_tick(5999), 0);
    CHECK_INT(take(fd, buf, sizeof buf), -1);
    CHECK_INT(platform_watchdog_tick(6000), 1);
    CHECK_INT(take(fd, buf, sizeof buf), 10);
    CHECK_INT(platform_watchdog_due_in(6000), 5000);
    close(fd);
    unlink(path);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/kiosk-wd-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[512], abstract[64];
    snprintf(path, sizeof path, "%s/notify", tmpdir);
    snprintf(abstract, sizeof abstract, "@kiosk-test-wd-%ld", (long)getpid());

    test_schedule(path);
    test_schedule(abstract);
    test_loop(path);
    test_env(path);
    test_errors();

    rmdir(tmpdir);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    TEST_MAIN_END();
}
