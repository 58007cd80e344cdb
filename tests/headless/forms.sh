#!/bin/sh
# Issue 16, questionnaires staff bring as .xlsx on a USB stick, end to end
# on the real kiosk, headless:
#   1. forms_import.script: staff open Questionnaires, see a broken
#      workbook's problems by sheet:row:col, a pack form's id refused, and
#      import a good one into <data-dir>/overlay/forms/<form_id>/ (audited).
#   2. forms_visitor.script: a visitor finds the imported form in
#      Self-check and completes it; it is counted only as "a screening of
#      sleep_week" (no declared measures) and its answers are sealed.
#   3. forms_restart.script on the same data directory (a restart): still
#      offered, and after a new content pack arrives; staff remove it and
#      visitors no longer see it.
#   4. kiosk --import-form on a clean data directory: the same refusals,
#      then the same install.
# Usage: forms.sh KIOSK BUILD_DIR
set -eu
kiosk=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."   # paths in scripts are relative to the repository
base="$build/data/forms"
rm -rf "$base" "$build/shots/forms_"*
mkdir -p "$base"
usb="$base/usb" pack2="$base/pack2" data="$base/kiosk"
mkdir -p "$usb" "$data"
fail() { echo "forms.sh: $*" >&2; exit 1; }
x=tests/survey/xlsx
cp "$x/sleep.xlsx" "$x/broken.xlsx" "$x/auditc.xlsx" "$usb/"
"$build/tests/headless/gen_month" "$data/kiosk.db" 20261124 >/dev/null
sed "s|@DATA@|$data|g" "$here/languages.ini" >"$data/site.ini"
cp -r assets/pack "$pack2"   # a new pack from the province, same forms

run() {  # run SCRIPT
  name=${1%.script}
  sed "s|@PACK2@|$pack2|g" "$here/$1" >"$base/$1"
  mkdir -p "$build/shots/$name"
  "$kiosk" --headless --window 800x480 --script "$base/$1" \
    --screenshots "$build/shots/$name" --golden "$here/golden/$name" \
    --data-dir "$data" --site "$data/site.ini" --export-dir "$usb" \
    2>"$build/shots/$name/stderr.txt" ||
    { cat "$build/shots/$name/stderr.txt" >&2; fail "$1 failed"; }
}

# 1. staff import from the stick in the Questionnaires room
forms="$data/overlay/forms"
run forms_import.script
[ -f "$forms/sleep_week/sleep_week.survey.csv" ] || fail "not installed"
[ "$(ls -A "$forms")" = sleep_week ] || fail "left over: $(ls -A "$forms")"
n=$(sqlite3 "$data/kiosk.db" "SELECT count(*) FROM audit WHERE
     action = 'form-import' AND detail LIKE 'sleep_week 2026120301%'")
[ "$n" = 1 ] || fail "form-import audit rows: $n (want 1)"

# 2. a visitor completes it: one screening of sleep_week, nothing else
run forms_visitor.script
n=$(sqlite3 "$data/kiosk.db" "SELECT count(*) FROM tally WHERE
     form_id = 'sleep_week'")
[ "$n" = 1 ] || fail "tally rows for sleep_week: $n (want 1)"
n=$(sqlite3 "$data/kiosk.db" "SELECT count(*) FROM tally WHERE
     form_id = 'sleep_week' AND (name <> '' OR value <> '')")
[ "$n" = 0 ] || fail "undeclared values of sleep_week were counted"
# the answers are sealed: no answer in the clear anywhere in the database
if grep -a -q "late=most" "$data"/kiosk.db*; then
  fail "an answer of the imported form is in the clear"
fi

# 3. a restart, then a new pack; staff remove it
run forms_restart.script
[ ! -e "$forms/sleep_week" ] || fail "the removed form is still there"
n=$(sqlite3 "$data/kiosk.db" "SELECT count(*) FROM audit WHERE
     action = 'form-remove' AND detail = 'sleep_week'")
[ "$n" = 1 ] || fail "form-remove audit rows: $n (want 1)"

# 4. the command line, on a clean data directory
data="$base/cli"
forms="$data/overlay/forms"
mkdir -p "$data"
cp "$base/kiosk/site.ini" "$data/"
if "$kiosk" --import-form "$usb/broken.xlsx" --data-dir "$data" \
     --site "$data/site.ini" >/dev/null 2>"$base/broken.txt"; then
  fail "a broken workbook was imported"
fi
grep -q "^survey:3:1: error: list 'nolist'" "$base/broken.txt" ||
  fail "no sheet:row:col for the broken workbook: $(cat "$base/broken.txt")"
if "$kiosk" --import-form "$usb/auditc.xlsx" --data-dir "$data" \
     --site "$data/site.ini" >/dev/null 2>"$base/auditc.txt"; then
  fail "a pack form's id was imported"
fi
grep -q "form_id 'auditc' is a questionnaire of the content pack" \
  "$base/auditc.txt" || fail "$(cat "$base/auditc.txt")"
[ -z "$(ls -A "$forms" 2>/dev/null)" ] || fail "a refused import left files"
out=$("$kiosk" --import-form "$usb/sleep.xlsx" --data-dir "$data" \
        --site "$data/site.ini")
echo "$out" | grep -q "3 questions, imported into" || fail "$out"
[ -f "$forms/sleep_week/sleep_week.survey.csv" ] || fail "not installed"

echo "forms.sh: all runs passed"
