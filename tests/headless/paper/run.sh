#!/bin/sh
# kiosk --score on paper answers: the output must equal the expected
# calculates, worked out by hand from the published scoring rules
# (assist_alcohol: tobacco Q7 "before" = 3 -> low; alcohol 4+5+5 = 14 ->
# moderate; crafft_two: two Part B yes -> high).
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
for answers in "$here"/*.csv; do
  name=$(basename "$answers" .csv)
  form=${name%%_*}
  out=$("$kiosk" --score "$form" --answers "$answers" 2>/dev/null)
  if [ "$out" != "$(cat "$here/$name.expected")" ]; then
    echo "$name: kiosk --score printed:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$name: ok"
done
