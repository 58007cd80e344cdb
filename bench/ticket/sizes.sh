#!/bin/sh
# The kiosk's own tickets (real fonts, the built-in pack, the demo site):
# ESC/POS bytes as sent (bands cropped to their ink) against full-width
# bands of the same raster, and the time each takes on a serial line at
# common baud rates (8N1: baud / 10 bytes a second). Figures only.
# Usage: sh bench/ticket/sizes.sh [KIOSK]   (default build/release's)
set -eu
cd "$(dirname "$0")/../.."
kiosk=${1:-build/release/src/app/kiosk}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
printf '%-4s %5s %5s %8s %8s %6s  %s\n' lang dots rows full sent saved \
  "seconds on the line, full -> sent, at 9600 / 19200 / 38400 / 115200 baud"
for w in 384 512 576; do
  for lang in vi en km; do
    "$kiosk" --data-dir "$tmp/data" --ticket-code K7Q2M9XD0 --lang "$lang" \
      --width "$w" --ticket-preview "$tmp/t.bin" >/dev/null
    out=$("$kiosk" --escpos-to-png "$tmp/t.bin" "$tmp/t.png")
    # "...: W x H dots in N bands -> ..."
    rows=$(printf '%s\n' "$out" | sed -E 's/.* x ([0-9]+) dots.*/\1/')
    sent=$(wc -c <"$tmp/t.bin")
    # full-width bands: ESC @, 256-row bands of w/8 bytes a row, feed, cut
    full=$((2 + rows * w / 8 + 8 * ((rows + 255) / 256) + 3 + 4))
    times=""
    for b in 9600 19200 38400 115200; do
      times="$times $(awk -v f="$full" -v s="$sent" -v b="$b" \
        'BEGIN { printf "%.1f->%.1f", f * 10 / b, s * 10 / b }')"
    done
    printf '%-4s %5d %5d %8d %8d %5d%%  %s\n' "$lang" "$w" "$rows" "$full" \
      "$sent" $((100 - 100 * sent / full)) "$times"
  done
done
