#!/bin/sh
# CPU used by the kiosk while its screen is static: starts the real
# interactive loop (dummy video driver, so no display is needed),
# lets it settle, then reads utime+stime from /proc over a window.
# Usage: idle_cpu.sh KIOSK [SECONDS]
set -eu
kiosk=$1 secs=${2:-10}
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$kiosk" --window 1280x800 \
  --data-dir "$(mktemp -d)" >/dev/null 2>&1 &
pid=$!
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" \
  'BEGIN { printf "static-screen CPU         %7.2f %% of one core (%d s on attract)\n", (b - a) * 100 / hz / s, s }'
