#!/bin/sh
# What a network printer received when a job stopped in the middle of a
# band and the next job followed (test_ticket_printer writes it): decoded
# by `kiosk --escpos-to-png` as the printer reads it, the next ticket's QR
# reads back. Without the band's completion the decoder refuses the stream
# or shows garbage, and no QR is read.
# Usage: printer_view.sh KIOSK VIEW.bin
set -eu
kiosk=$1 view=$2
png="${view%.bin}.png"
"$kiosk" --escpos-to-png "$view" "$png"
url=$(zbarimg -q --raw -Sbinary "$png" 2>/dev/null)
rm -f "$png"
[ "$url" = "https://example.org/t/K7Q2M9XD0" ] || {
  echo "the next ticket's QR reads '$url'" >&2; exit 1; }
echo "the ticket after the cut-off job decodes and its QR reads $url"
