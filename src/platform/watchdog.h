/* systemd service notification and watchdog, without libsystemd.
 *
 * Under systemd (Type=notify, WatchdogSec=) the service manager passes two
 * environment variables: $NOTIFY_SOCKET, the address of a Unix datagram
 * socket (a path, or "@name" for an abstract socket), and $WATCHDOG_USEC,
 * the watchdog timeout in microseconds (with $WATCHDOG_PID naming the process
 * meant to ping). The protocol is one datagram per message holding
 * newline-separated "KEY=VALUE" assignments: "READY=1" once the kiosk is up,
 * "WATCHDOG=1" at least once per timeout, "STOPPING=1" on the way out.
 *
 * The main loop calls platform_watchdog_tick() every iteration with its
 * monotonic clock; a ping goes out at half the timeout, so a loop that stops
 * turning (a hang, a deadlock in a driver) stops the pings and systemd
 * restarts the kiosk. Outside systemd (no $NOTIFY_SOCKET) every call is a
 * cheap no-op, so the desktop build needs no special case.
 *
 * The state is one module-level struct: there is one service manager per
 * process. Not thread-safe; call from the main loop's thread. */
#ifndef KIOSK_PLATFORM_WATCHDOG_H
#define KIOSK_PLATFORM_WATCHDOG_H

#include <stdint.h>

#include "core/err.h"

/* Longest notification sent in one datagram, in bytes (sd_notify messages
 * are short; this also bounds STATUS= text). */
#define PLATFORM_NOTIFY_MAX 512

/** Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID and arms the
 * watchdog: the first ping is due at now_ms + half the timeout. Call once at
 * start-up (again in tests after changing the environment). `now_ms` is the
 * caller's monotonic clock in milliseconds.
 * Returns the ping interval in ms, or 0 when there is no watchdog (variable
 * unset, not a positive number, under 2 ms, or $WATCHDOG_PID names another
 * process). The environment is read here only, not at each ping. */
int64_t platform_watchdog_init(int64_t now_ms);

/** Sends one notification `state` (e.g. "STATUS=Printing") to
 * $NOTIFY_SOCKET as read by platform_watchdog_init(). Returns KIOSK_OK when
 * sent, or when there is no $NOTIFY_SOCKET (nothing to tell, as sd_notify);
 * KIOSK_EINVAL for an unusable address (not "/..." or "@...", too long) or
 * a state longer than PLATFORM_NOTIFY_MAX; KIOSK_EIO when the datagram could
 * not be sent (errno is kept). Failures are not fatal for the kiosk: if pings
 * do not arrive, systemd restarts it, which is the point. */
enum kiosk_err platform_notify(const char *state);

/** "READY=1": start-up finished (window open, first frame drawn). With
 * Type=notify systemd counts the start as failed if this does not arrive
 * within TimeoutStartSec. Same return values as platform_notify(). */
enum kiosk_err platform_notify_ready(void);

/** "STOPPING=1": the kiosk is shutting down on purpose. */
enum kiosk_err platform_notify_stopping(void);

/** "WATCHDOG=1" now, whether due or not. Does not move the schedule of
 * platform_watchdog_tick(). Same return values as platform_notify(). */
enum kiosk_err platform_watchdog_ping(void);

/** Called by the main loop every iteration with the monotonic clock in ms.
 * Sends "WATCHDOG=1" when half the timeout has passed since the last ping.
 * After a stall the loop pings once, not once per missed interval. If the
 * send fails it retries after min(1 s, interval). Returns 1 if a ping was
 * sent by this call, 0 otherwise (no watchdog, not due, or send failed). */
int platform_watchdog_tick(int64_t now_ms);

/** Milliseconds from now_ms until the next ping is due (0 = overdue), or -1
 * when there is no watchdog. A loop that sleeps waiting for events caps its
 * sleep with this so that an idle screen still pings on time. */
int64_t platform_watchdog_due_in(int64_t now_ms);

#endif
