#!/bin/sh
# What left the kiosk was encrypted for the province and decrypts there to
# the expected instances; what the kiosk keeps holds none of it in clear.
set -eu
data=$1 kiosk=$2
got=$data.keys/received
n=$(find "$got" -name '*.manifest' | wc -l)
x=$(find "$got" -name '*.xml' | wc -l)
if [ "$n" -ne 8 ] || [ "$x" -ne 8 ]; then
  echo "reporting: $n records stored, $x decrypted; expected 8" >&2
  exit 1
fi
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
# the forms to publish carry the key the kiosk encrypts for
"$kiosk" --site "$data/site.ini" --report-forms "$data.keys/forms" >/dev/null
key=$(cat "$data.keys/public_key")
for f in kiosk_screening kiosk_daily; do
  grep -q "<submission base64RsaPublicKey=\"$key\"/>" \
    "$data.keys/forms/$f.xml" ||
    { echo "reporting: $f.xml to publish lacks the key" >&2; exit 1; }
done
# reporting on with a key that is not one: the kiosk does not start, and
# says which line of site.ini
sed 's|^public_key = .*|public_key = MIIBIjANBgkqhkiG9w0BAQEFAAOC|' \
  "$data/site.ini" >"$data.keys/bad.ini"
if "$kiosk" --headless --site "$data.keys/bad.ini" \
     --data-dir "$data.keys/run" --script /dev/null \
     2>"$data.keys/bad.err" >/dev/null; then
  echo "reporting: a kiosk with a bad public_key started" >&2; exit 1
fi
line=$(grep -n '^public_key' "$data.keys/bad.ini" | cut -d: -f1)
grep -q "bad.ini:$line: error: .*public_key" "$data.keys/bad.err" ||
  { echo "reporting: no file:line for the bad key:" >&2
    cat "$data.keys/bad.err" >&2; exit 1; }
rm -rf "$data.keys"
echo "reporting: 8 records sent encrypted, decrypted by the province;"
echo "forms to publish carry the key; a bad key stops the kiosk at $line"
