#!/bin/sh
# Instruction counts (valgrind --tool=callgrind): repeatable on a noisy
# machine, so a regression shows as a number, not a feeling.
#   start-up: the kiosk starts headless, draws one frame and exits
#   visit:    a scripted CRAFFT visit to its result (tests/headless)
# Usage: bench/callgrind.sh KIOSK
set -eu
kiosk=$1
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "callgrind: valgrind not installed"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'expect-screen attract\n' >"$tmp/start.script"
grep -v '^shot ' tests/headless/crafft_en.script >"$tmp/visit.script"
# the database exists already, as on every start but the first
SDL_VIDEODRIVER=dummy "$kiosk" --headless --data-dir "$tmp" \
  --script "$tmp/start.script" >/dev/null 2>&1
for what in start visit; do
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy valgrind --tool=callgrind \
    --callgrind-out-file="$tmp/cg.$what" "$kiosk" --headless --data-dir "$tmp" \
    --script "$tmp/$what.script" >/dev/null 2>"$tmp/log.$what" || true
  ir=$(awk '/^summary:/ {print $2}' "$tmp/cg.$what")
  printf 'callgrind %-6s %14s instructions\n' "$what" "$ir"
done
