#!/bin/sh
# Issue 15, the Languages room end to end on the real kiosk, headless, with
# SDL's disk audio driver (a WAV of speech is the microphone):
#   1. languages_record.script: review, record, keep; spreadsheet and
#      shared overlay to the USB stick (a folder); a visitor hears the clip.
#   2. The spreadsheet is edited as a translator would (two Khmer texts).
#   3. languages_restart.script on the same data directory (a restart): the
#      clip still plays; the spreadsheet comes back; a new pack arrives.
#   4. languages_import.script on a clean data directory: the shared
#      overlay is taken in from the USB stick, its coverage and clip show.
#   5. languages_broken.script: a damaged overlay file is reported with its
#      row and column and never written over; other languages work.
#   6. kiosk --import-overlay on another clean directory, then
#      kiosk --check-pack --data-dir: the readiness table counts the clip;
#      a shared overlay with a damaged clip is refused and changes nothing.
# Usage: languages.sh KIOSK BUILD_DIR
set -eu
kiosk=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."   # paths in scripts are relative to the repository
base="$build/data/languages"
rm -rf "$base" "$build/shots/languages_"*
mkdir -p "$base"
usb="$base/usb" pack2="$base/pack2"
mkdir -p "$usb"
fail() { echo "languages.sh: $*" >&2; exit 1; }

# a data directory with one staff account (LAN), as staff_session has
prepare() {
  mkdir -p "$1"
  "$build/tests/headless/gen_month" "$1/kiosk.db" 20261124 >/dev/null
  sed "s|@DATA@|$1|g" "$here/languages.ini" >"$1/site.ini"
}

# the built-in pack, updated: the article counseling-points is gone
cp -r assets/pack "$pack2"
python3 - "$pack2/info/articles.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.reader(open(p, encoding="utf-8", newline="")))
rows = [r for r in rows if r[0] != "counseling-points"]
csv.writer(open(p, "w", encoding="utf-8", newline=""),
           lineterminator="\r\n").writerows(rows)
PY

# SDL's disk driver plays to /dev/null and records from the `mic` step's
# file, both in real time (SDL_DISKAUDIODELAY unset: a buffer's length).
unset SDL_DISKAUDIODELAY
run() {  # run SCRIPT DATA_DIR
  name=${1%.script}
  sed "s|@DATA@|$2|g; s|@PACK2@|$pack2|g" "$here/$1" >"$2/$1"
  mkdir -p "$build/shots/$name"
  SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=/dev/null \
    "$kiosk" --headless --window 800x480 --script "$2/$1" \
    --screenshots "$build/shots/$name" --golden "$here/golden/$name" \
    --data-dir "$2" --site "$2/site.ini" --export-dir "$usb" \
    2>"$build/shots/$name/stderr.txt" ||
    { cat "$build/shots/$name/stderr.txt" >&2; fail "$1 failed"; }
}

# 1. record
data="$base/kiosk"
prepare "$data"
run languages_record.script "$data"
clip=$(sed -n 's/^article\/what-is-dependence,\([^,]*\),.*/\1/p' \
       "$data/overlay/km/clips.csv")
[ -n "$clip" ] || fail "clips.csv does not name the recording"
[ "$(head -c 4 "$data/overlay/audio/km/$clip")" = OggS ] ||
  fail "the recording is not an Ogg file"
[ ! -e "$data/overlay/audio/km/.take.ogg" ] || fail "a take was left behind"
grep -q '^article/what-is-dependence,reviewed,LAN,' \
  "$data/overlay/km/reviews.csv" || fail "the review mark is not saved"
for action in lang-reviewed lang-recorded lang-csv-out lang-share-out; do
  n=$(sqlite3 "$data/kiosk.db" \
      "SELECT count(*) FROM audit WHERE action = '$action'")
  [ "$n" -ge 1 ] || fail "no $action row in the audit log"
done
[ -f "$usb/kiosk-km.csv" ] || fail "no kiosk-km.csv on the USB stick"
[ -f "$usb/kiosk-overlay/overlay.csv" ] || fail "no shared overlay"

# 2. a translator fills two cells of the spreadsheet
python3 - "$usb/kiosk-km.csv" <<'PY'
import csv, sys
p = sys.argv[1]
with open(p, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
text = [i for i, h in enumerate(rows[0]) if h.startswith("text::")][0]
want = {("article/counseling-points", "title"): "ចំណុចប្រឹក្សា (ព្រាង)",
        ("service/sample-counseling", "name"):
            "ចំណុចប្រឹក្សាសហគមន៍ ឃុំ ក (គំរូ)"}
done = 0
for r in rows[1:]:
    if (r[0], r[1]) in want:
        r[text] = want[(r[0], r[1])]
        done += 1
assert done == 2, done
with open(p, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
PY

# 3. restart on the same data directory
run languages_restart.script "$data"
grep -q '^article/counseling-points,title,' "$data/overlay/km/texts.csv" ||
  fail "the text for the article the new pack lacks was not kept"

# 4. a clean kiosk takes the shared overlay in
clean="$base/clean"
prepare "$clean"
run languages_import.script "$clean"

# 4b. words left in Vietnamese in a draft: shown under the translation
hint="$base/hint"
prepare "$hint"
run languages_hint.script "$hint"

# 5. a damaged overlay file: reported, left alone, the rest works
broken="$base/broken"
prepare "$broken"
mkdir -p "$broken/overlay/km"
printf 'item,field,text,by,date\r\npoem/x,text,x,LAN,2035-11-27 09:00\r\n' \
  >"$broken/overlay/km/texts.csv"
cp "$broken/overlay/km/texts.csv" "$base/texts.orig"
run languages_broken.script "$broken"
cmp -s "$broken/overlay/km/texts.csv" "$base/texts.orig" ||
  fail "a damaged overlay file was written over"
grep -q "km/texts.csv:2:1: error" "$build/shots/languages_broken/stderr.txt" ||
  fail "the kiosk did not say which file is damaged"
grep -q '^string/app.emergency,reviewed,LAN,' \
  "$broken/overlay/hmn/reviews.csv" || fail "H'Mông did not work on"

# 6. the command line, and a damaged share
cli="$base/cli"
mkdir -p "$cli"
out=$("$kiosk" --import-overlay "$usb/kiosk-overlay" --data-dir "$cli")
echo "$out" | grep -q "1 clips copied" || fail "--import-overlay: $out"
table=$("$kiosk" --check-pack assets/pack --data-dir "$cli" 2>/dev/null ||
        true)
echo "$table" | awk '$1 == "km" && $2 == "info" { found = 1
    if ($(NF - 2) != 1) { print "km info recorded: " $(NF - 2); exit 1 } }
    END { if (!found) { print "no km info row"; exit 1 } }' ||
  fail "--check-pack does not count the recording"
bad="$base/badshare" empty="$base/empty"
cp -r "$usb/kiosk-overlay" "$bad"
printf 'RIFF....WAVEfmt ' >"$bad/audio/km/$clip"
mkdir -p "$empty"
if "$kiosk" --import-overlay "$bad" --data-dir "$empty" 2>"$base/bad.txt"
then
  fail "a share with a damaged clip was taken in"
fi
grep -q "is not an Ogg file" "$base/bad.txt" || fail "$(cat "$base/bad.txt")"
[ -z "$(find "$empty" -type f)" ] || fail "a refused share left files"
echo "languages.sh: all runs passed"
