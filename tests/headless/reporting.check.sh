#!/bin/sh
# What left the kiosk was encrypted for the province and decrypts there to
# the expected instances; what the kiosk keeps holds none of it in clear.
set -eu
data=$1
got=$data.keys/received
n=$(find "$got" -name '*.manifest' | wc -l)
x=$(find "$got" -name '*.xml' | wc -l)
[ "$n" -eq 8 ] && [ "$x" -eq 8 ] ||
  { echo "reporting: $n records stored, $x decrypted; expected 8" >&2; exit 1; }
for m in "$got"/*.manifest; do
  grep -q 'encrypted="yes"' "$m" ||
    { echo "reporting: $m is not an encrypted manifest" >&2; exit 1; }
  grep -aq '<kiosk_id>' "$m" "${m%.manifest}.enc" &&
    { echo "reporting: instance fields in clear in $m" >&2; exit 1; }
  grep -q '<kiosk_id>test-0001</kiosk_id>' "${m%.manifest}.xml" ||
    { echo "reporting: ${m%.manifest}.xml is not this kiosk's" >&2; exit 1; }
done
# the screening: its declared band measure, nothing else of the form
s=$(grep -l '<instrument>crafft</instrument>' "$got"/*.xml)
grep -q '<measure><measure_id>crafft_risk</measure_id><score>1</score>' "$s" ||
  { echo "reporting: the screening's measure is not in $s" >&2; exit 1; }
for w in car crafft_car relax alone; do
  if grep -q "$w" "$s" && ! grep -q "<measure_id>$w" "$s"; then
    echo "reporting: '$w' sent in the screening record" >&2; exit 1
  fi
done
# the kept bytes (database, WAL): no instance field in clear
for f in "$data/kiosk.db" "$data/kiosk.db-wal"; do
  [ -f "$f" ] || continue
  for t in '<kiosk_id>' '<measure_id>' '<completed_at>' '<by_measure>'; do
    if grep -aq -- "$t" "$f"; then
      echo "reporting: '$t' readable in $f" >&2; exit 1
    fi
  done
done
rm -rf "$data.keys"
echo "reporting: 8 records sent encrypted, decrypted by the province"
