#!/bin/sh
# The export from staff mode: every file there, no per-screening file, no
# answers and no ticket codes in them.
set -eu
data=$1
for f in tickets.csv aggregate.csv; do
  [ -s "$data/usb/$f" ] || { echo "export: $f missing" >&2; exit 1; }
done
[ ! -e "$data/usb/screenings.csv" ] || { echo "export: per-screening file" >&2; exit 1; }
if grep -q "GEN" "$data/usb/tickets.csv" || grep -q "q1=" "$data"/usb/*.csv; then
  echo "export carries ticket codes or answers" >&2
  exit 1
fi
echo "exported: $(ls "$data/usb" | tr '\n' ' ')"
rm -rf "$data/usb"
