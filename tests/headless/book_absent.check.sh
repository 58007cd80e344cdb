#!/bin/sh
set -eu
n=$(sqlite3 "$1/kiosk.db" "select count(*) from tickets where slot_id is null or slot_id = 0")
[ "$n" = 2 ] || { echo "expected two walk-in tickets, found $n" >&2; exit 1; }
echo "walk-in tickets stored although the printer is absent"
