#!/bin/sh
# What the printer got: queries, the ticket (576 dots, no cutter: no GS V,
# a longer feed), GS r, queries. Decoded as a printer reads it, its QR
# reads back as the ticket's URL.
set -eu
data=$1 kiosk=$2
out=$("$kiosk" --escpos-to-png "$data/printer.bin" "$data/printer.png")
echo "$out"
url=$(zbarimg -q --raw -Sbinary "$data/printer.png" 2>/dev/null)
[ "$url" = "https://example.org/t/BMX7S7H1K" ] || {
  echo "printed QR reads '$url'" >&2; exit 1; }
# no cutter: no GS V (1D 56) command; the feed is 5 lines (ESC d 5)
od -An -tx1 -v "$data/printer.bin" | tr -s ' \n' ' ' >"$data/printer.hex"
grep -q ' 1b 64 05 1d 72 01' "$data/printer.hex" || {
  echo "the ticket does not end with ESC d 5 and GS r 1" >&2; exit 1; }
rm -f "$data/printer.png" "$data/printer.hex"
echo "printed ticket confirmed, decoded and read"
