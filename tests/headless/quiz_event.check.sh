#!/bin/sh
# The event report went out with the export: questions with their share
# right; CRAFFT only as counts (here suppressed: fewer than 5), never per
# team; no team names.
set -eu
r="$1/usb/quiz_report.csv"
[ -s "$r" ] || { echo "no quiz_report.csv in the export" >&2; exit 1; }
cp "$r" /tmp/quiz_report_seen.csv
grep -qi "crafft" "$r" || { echo "no CRAFFT line in the report" >&2; exit 1; }
if grep -q "Đội 1" "$r"; then echo "team names in the report" >&2; exit 1; fi
echo "quiz report: $(wc -l <"$r") lines"
cp "$r" /tmp/quiz_report_seen.csv; rm -rf "$1/usb"
