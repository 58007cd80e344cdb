#!/bin/sh
# After visitor_km/hmn/blt.script: the ticket reached the file printer as
# a real ESC/POS job whose QR reads back.
set -eu
data=$1 kiosk=$2
"$kiosk" --escpos-to-png "$data/printer.bin" "$data/printer.png" >/dev/null
url=$(zbarimg -q --raw -Sbinary "$data/printer.png" 2>/dev/null)
case $url in
  https://example.org/t/?????????) ;;
  *) echo "printed QR reads '$url'" >&2; exit 1 ;;
esac
rm -f "$data/printer.png"
