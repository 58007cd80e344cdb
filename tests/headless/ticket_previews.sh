#!/bin/sh
# The ticket as printed, in Vietnamese and in Khmer (shaped by the screen's
# text engine) at 58 mm (384 dots) and 80 mm (576 dots): each preview must
# equal its committed golden PNG and its QR must read as the ticket's URL.
# Regenerate: KIOSK_UPDATE_GOLDEN=1 (then look at every image).
set -eu
kiosk=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
code=BMX7-S7H1-K
for lang in vi km; do
  for width in 384 576; do
    name=ticket_${lang}_$width.png
    "$kiosk" --ticket-preview "$out/$name" --ticket-code "$code" \
      --lang "$lang" --width "$width" --data-dir "$out/data" >/dev/null
    url=$(zbarimg -q --raw -Sbinary "$out/$name" 2>/dev/null)
    [ "$url" = "https://example.org/t/BMX7S7H1K" ] ||
      { echo "$name: QR reads '$url'" >&2; exit 1; }
    if [ "${KIOSK_UPDATE_GOLDEN:-}" = 1 ]; then
      cp "$out/$name" "$here/golden/tickets/$name"
    fi
    cmp -s "$out/$name" "$here/golden/tickets/$name" ||
      { echo "$name differs from golden/tickets/$name" >&2; exit 1; }
    echo "$name: ok"
  done
done
