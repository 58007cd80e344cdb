#!/bin/sh
# The oracle test: each form runs in our engine and in ODK's own engine
# (ODK Web Forms' @getodk/xforms-engine under Node) on the same random
# answer sets, and every value, relevance and validity is compared
# (compare.mjs; known.tsv lists where Collect and Web Forms differ).
#
#   sh oracle.sh KIOSK ORACLE_RUN NODE_DIR WORK_DIR
#
# NODE_DIR is where setup.sh installed the engine and jsdom (node_modules)
# and wrote the path of a recent enough node (NODE_DIR/node); ctest's
# oracle_setup fixture does that inside the build directory. Forms and case counts are below; ASSIST takes ~1 s a case in
# the engine, so it gets fewer.
set -eu
kiosk=$1 run=$2 node_dir=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
mkdir -p "$work"
cp "$here/odk_run.mjs" "$here/compare.mjs" "$node_dir/"
node=$(cat "$node_dir/node")
# today() is a date in a time zone: the kiosk's engine takes Vietnam's
# (UTC+07:00, no daylight saving) until the app sets its own; ODK's engine
# takes the process's zone. The same zone for both (IANA's Etc/GMT-7 is
# UTC+07:00, in the ICU data Node carries), or they disagree between 17:00
# and 24:00 UTC.
TZ=Etc/GMT-7
export TZ
status=0
check() { # dir id cases seed
    xml="$work/$2.xml"
    "$kiosk" --xform "$1/$2" > "$xml"
    "$run" "$1" "$2" "$3" "$4" "$work/$2.answers.tsv" > "$work/$2.kiosk.tsv"
    "$node" "$node_dir/odk_run.mjs" "$xml" "$work/$2.answers.tsv" \
        > "$work/$2.odk.tsv"
    "$node" "$node_dir/compare.mjs" "$2" "$work/$2.kiosk.tsv" \
        "$work/$2.odk.tsv" "$here/known.tsv" || status=1
}
check "$here/forms" odk 30 3
check "$root/assets/pack/forms" crafft 60 11
check "$root/assets/pack/forms" auditc 60 12
check "$root/assets/pack/forms" dast10 40 13
check "$root/assets/pack/forms" assist 25 14
for extra in phq9 gad7; do
    if [ -f "$root/assets/pack/forms/$extra.survey.csv" ]; then
        check "$root/assets/pack/forms" "$extra" 40 15
    fi
done
exit $status
