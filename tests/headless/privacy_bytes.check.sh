#!/bin/sh
# The raw bytes of the database (and a WAL, if one is left) after two
# screenings: the two sealed records exist, yet nothing of them is readable.
set -eu
data=$1
db=$data/kiosk.db
n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from screenings where day >= 24071').fetchone()[0])" "$db")
[ "$n" -eq 2 ] || { echo "privacy: $n sealed records today, expected 2" >&2; exit 1; }
found=0
# answers as the kiosk encodes them ("name=value" lines), calculates that
# are not measures, scores (per-person results), the record's own markers.
# Every pattern is 6 bytes or more: the file holds ~45 KB of random bytes
# (sealed records, salts, keys), where a 3-byte pattern turns up by chance
# in about 1 run in 400 -- as "q1=" once did.
for s in "answers" "q1=alcohol" "q2_alcohol=" "q8=past3m" "car=yes" \
         "relax=" "alcohol_score" "crafft_score" "tobacco_score" "KSR2" \
         "form=assist" "weekly"; do
  for f in "$db" "$db-wal"; do
    if [ -f "$f" ] && grep -aq -- "$s" "$f"; then
      echo "privacy: \"$s\" readable in $f" >&2
      found=1
    fi
  done
done
# ...while the declared measures are there, as counts: the scan is real
for s in "alcohol_risk" "crafft_car" "injected"; do
  grep -aq -- "$s" "$db" || { echo "privacy: count \"$s\" not found" >&2; found=1; }
done
[ "$found" -eq 0 ]
echo "privacy: 2 sealed records, no answer or result in clear"
