#!/bin/sh
# Two calls for staff were made: two in the day's count, and nothing else
# about them anywhere (no row, no language).
set -eu
data=$1
n=$(sqlite3 "$data/kiosk.db" "select coalesce(sum(n), 0) from tally where kind = 7")
[ "$n" = 2 ] || { echo "calls for staff counted: $n, not 2" >&2; exit 1; }
n=$(sqlite3 "$data/kiosk.db" "select count(*) from tally where kind = 7 and (form_id != '' or name != '' or value != '' or language != '')")
[ "$n" = 0 ] || { echo "a call for staff kept more than a count" >&2; exit 1; }
echo "calls for staff: counted, nothing else kept"
