#!/bin/sh
# The file printer got a real ESC/POS job: decode it and read its QR.
set -eu
data=$1 kiosk=$2
"$kiosk" --escpos-to-png "$data/printer.bin" "$data/printer.png" >/dev/null
url=$(zbarimg -q --raw -Sbinary "$data/printer.png" 2>/dev/null)
case $url in
  https://example.org/t/?????????) ;;
  *) echo "printed QR reads '$url'" >&2; exit 1 ;;
esac
code=${url#https://example.org/t/}
n=$(sqlite3 "$data/kiosk.db" "select count(*) from tickets where code = '$code' and slot_id > 0 and printed = 1")
[ "$n" = 1 ] || { echo "ticket $code not stored with its slot ($n)" >&2; exit 1; }
echo "printed ticket $code decodes from the ESC/POS bytes"
rm -f "$data/printer.png"
