#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform/watchdog.h"

/* Ping retry delay after a failed send, in ms (capped by the interval). */
#define WATCHDOG_RETRY_MS 1000

/* What platform_watchdog_init() read from the environment. */
static struct {
    struct sockaddr_un addr;  /* $NOTIFY_SOCKET, ready for sendto() */
    socklen_t addr_len;       /* 0 = no usable socket */
    int addr_bad;             /* 1 = $NOTIFY_SOCKET set but unusable */
    int64_t interval_ms;      /* ping interval (half the timeout), 0 = off */
    int64_t next_ms;          /* when the next ping is due */
} wd;

/* Fills wd.addr from $NOTIFY_SOCKET. "@name" is an abstract socket: a
 * leading NUL in sun_path and an address length that covers exactly the
 * name (abstract names are not NUL-terminated). */
static void read_socket(void)
{
    const char *s = getenv("NOTIFY_SOCKET");
    memset(&wd.addr, 0, sizeof wd.addr);
    wd.addr_len = 0;
    wd.addr_bad = 0;
    if (!s || !*s) {
        return;
    }
    size_t n = strlen(s);
    if ((s[0] != '/' && s[0] != '@') || n < 2 ||
        n >= sizeof wd.addr.sun_path) {
        /* vsock: addresses (VMs) and relative paths are not supported */
        wd.addr_bad = 1;
        return;
    }
    wd.addr.sun_family = AF_UNIX;
    memcpy(wd.addr.sun_path, s, n);
    if (s[0] == '@') {
        wd.addr.sun_path[0] = '\0';
        wd.addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    } else {
        wd.addr_len =
            (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    }
}

/* Parses a whole decimal number in [lo, hi]; -1 if it is anything else. */
static long long parse_num(const char *s, long long lo, long long hi)
{
    if (!s || *s < '0' || *s > '9') {
        return -1; /* no sign, no blanks: systemd writes plain digits */
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        return -1;
    }
    return v;
}

int64_t platform_watchdog_init(int64_t now_ms)
{
    read_socket();
    wd.interval_ms = 0;
    wd.next_ms = 0;
    /* one year in microseconds: beyond that the value is not a timeout */
    long long usec = parse_num(getenv("WATCHDOG_USEC"), 1,
                               365LL * 24 * 3600 * 1000000);
    if (usec <= 0 || wd.addr_len == 0) {
        return 0;
    }
    const char *pid = getenv("WATCHDOG_PID");
    if (pid && *pid) {
        long long p = parse_num(pid, 1, 0x7fffffff);
        if (p != (long long)getpid()) {
            return 0; /* meant for another process (a wrapper's child) */
        }
    }
    /* ping at half the timeout so one late frame does not kill the kiosk */
    int64_t half = (int64_t)(usec / 2000);
    if (half < 1) {
        return 0;
    }
    wd.interval_ms = half;
    wd.next_ms = now_ms + half;
    return half;
}

enum kiosk_err platform_notify(const char *state)
{
    if (wd.addr_bad) {
        return KIOSK_EINVAL;
    }
    if (wd.addr_len == 0) {
        return KIOSK_OK;
    }
    size_t n = strlen(state);
    if (n == 0 || n > PLATFORM_NOTIFY_MAX) {
        return KIOSK_EINVAL;
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return KIOSK_EIO;
    }
    /* A fresh socket per message, like sd_notify: nothing to keep open
     * across a fork and no state to repair if the manager restarts. */
    ssize_t sent = sendto(fd, state, n, MSG_NOSIGNAL,
                          (const struct sockaddr *)&wd.addr, wd.addr_len);
    int saved = errno;
    close(fd);
    errno = saved;
    return sent == (ssize_t)n ? KIOSK_OK : KIOSK_EIO;
}

enum kiosk_err platform_notify_ready(void)
{
    return platform_notify("READY=1");
}

enum kiosk_err platform_notify_stopping(void)
{
    return platform_notify("STOPPING=1");
}

enum kiosk_err platform_watchdog_ping(void)
{
    return platform_notify("WATCHDOG=1");
}

int platform_watchdog_tick(int64_t now_ms)
{
    if (wd.interval_ms == 0) {
        return 0;
    }
    if (now_ms < wd.next_ms - wd.interval_ms) {
        /* the clock went backwards: restart the schedule from here */
        wd.next_ms = now_ms + wd.interval_ms;
        return 0;
    }
    if (now_ms < wd.next_ms) {
        return 0;
    }
    if (platform_watchdog_ping() != KIOSK_OK) {
        int64_t retry = wd.interval_ms < WATCHDOG_RETRY_MS
                            ? wd.interval_ms : WATCHDOG_RETRY_MS;
        wd.next_ms = now_ms + retry;
        return 0;
    }
    /* from now, not from the missed due time: one ping after a stall */
    wd.next_ms = now_ms + wd.interval_ms;
    return 1;
}

int64_t platform_watchdog_due_in(int64_t now_ms)
{
    if (wd.interval_ms == 0) {
        return -1;
    }
    return wd.next_ms > now_ms ? wd.next_ms - now_ms : 0;
}
