#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 20). Seeds: the content, forms and site files of the
# tree. A crash leaves its input in build/fuzz/crash-* and fails the run;
# turn it into a regression test. Usage: tests/fuzz/run.sh [SECONDS]
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-20}
build=build/fuzz
CC=clang cmake -S . -B "$build" -DKIOSK_FUZZ=ON -DKIOSK_GUI=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR="${KIOSK_WERROR:-OFF}" \
  >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_csv fuzz_site fuzz_expr \
  fuzz_form fuzz_ticket_code fuzz_script fuzz_report_answer fuzz_overlay \
  >/dev/null
seeds() {
  dir="$build/corpus/$1"
  rm -rf "$dir"
  mkdir -p "$dir"
  shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(echo "$f" | tr '/' '_')"
  done
  echo "$dir"
}
csv=$(seeds csv assets/pack/*.csv assets/pack/info/*.csv \
  tests/content/packs/*/*.csv)
ini=$(seeds site board/site.ini)
expr=$(seeds expr)
# expressions: every relevant/constraint/calculation cell of the forms
python3 - "$expr" <<'PY'
import csv, glob, os, sys
out = sys.argv[1]
n = 0
for path in glob.glob("assets/pack/forms/*.survey.csv"):
    for row in csv.DictReader(open(path, encoding="utf-8")):
        for col in ("relevant", "constraint", "calculation"):
            if row.get(col):
                n += 1
                open(os.path.join(out, "e%d" % n), "w").write(row[col])
PY
form=$(seeds form)
python3 - "$form" <<'PY'
import glob, os, sys
out = sys.argv[1]
for path in glob.glob("assets/pack/forms/*.survey.csv"):
    base = path[:-len(".survey.csv")]
    parts = [open(base + s, encoding="utf-8").read()
             for s in (".survey.csv", ".choices.csv", ".settings.csv")]
    # fuzz_form splits one blob into the three sheets at "%%" lines
    open(os.path.join(out, os.path.basename(base)), "w").write(
        "%%\n".join(p if p.endswith("\n") else p + "\n" for p in parts))
PY
code=$(seeds code)
printf 'K7Q2-M9XD-3' >"$code/grouped"
printf 'https://example.org/t/BMX7S7H1K' >"$code/url"
printf 'bmx7s7h1k' >"$code/lower"
answer=$(seeds answer)
# what Central answers: messages as mustache escapes them
printf '\001\001<OpenRosaResponse xmlns="http://openrosa.org/http/response"><message nature="error">The form version specified in this submission &#39;2026120201&#39; does not exist.</message></OpenRosaResponse>' >"$answer/4046"
printf '\003\040<message>a &amp; b &#x2F; &#128512; caf\303\251</message>' >"$answer/entities"
script=$(seeds script tests/headless/start_en.script \
  tests/headless/crafft_en.script tests/headless/navigation.script \
  tests/headless/staff.script)
overlay=$(seeds overlay)
# a Khmer overlay folder: texts.csv, reviews.csv, clips.csv at "%%" lines
printf 'item,field,text,by,date\r\narticle/a%%2Fb,body,"ក, ""ខ""\r\nline",Lan,2035-11-27 09:00\r\n%%%%\nitem,status,by,date,hash\r\nstring/app.title,needs-fixing,Minh,2035-11-28 10:30,0123456789abcdef\r\n%%%%\nitem,file,seconds,by,date\r\nchoice/assist/freq/weekly,w.ogg,2.5,Lan,2035-11-27 09:00\r\n' \
  >"$overlay/km"
for t in csv:"$csv" site:"$ini" expr:"$expr" form:"$form" \
         ticket_code:"$code" script:"$script" report_answer:"$answer" \
         overlay:"$overlay"; do
  name=${t%%:*}
  corpus=${t#*:}
  echo "== fuzz_$name for ${secs}s"
  log="$build/fuzz_$name.log"
  if ! (cd "$build" && ./tests/fuzz/fuzz_$name -max_total_time="$secs" \
        -max_len=65536 -print_final_stats=0 "$(cd ../.. && pwd)/$corpus" \
        >"fuzz_$name.log" 2>&1); then
    tail -40 "$log"
    echo "fuzz_$name found a crash: see $build/crash-* and $log" >&2
    exit 1
  fi
  tail -1 "$log"
done
