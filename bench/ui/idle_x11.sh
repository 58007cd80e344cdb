#!/bin/sh
# The kiosk in a real X11 window (Xvfb, no GPU) on a static attract screen:
# CPU over a window of SECONDS and memory (PSS and RSS from
# /proc/PID/smaps_rollup; PSS shares libraries fairly), and whether GL was
# loaded. Prints figures; asserts nothing.
# Usage: idle_x11.sh KIOSK [SECONDS]
set -eu
kiosk=$1 secs=${2:-10}
command -v Xvfb >/dev/null || { echo "idle_x11: Xvfb not installed"; exit 0; }
disp=:$((90 + $$ % 9))
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
sleep 1
data=$(mktemp -d)
DISPLAY=$disp SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy "$kiosk" \
  --window 1280x800 --data-dir "$data" >/dev/null 2>&1 &
pid=$!
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
gl=$(grep -c -E 'libGL|libLLVM|swrast|mesa' "/proc/$pid/maps" || true)
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
kill "$xpid" 2>/dev/null || true
rm -rf "$data"
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" -v p="$pss" -v r="$rss" \
    -v g="$gl" 'BEGIN {
  printf "X11 static-screen CPU     %7.2f %% of one core (%d s on attract)\n", (b - a) * 100 / hz / s, s
  printf "X11 memory                PSS %.1f MiB, RSS %.1f MiB; GL/LLVM mappings: %d\n", p / 1024, r / 1024, g }'
