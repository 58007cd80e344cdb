#!/bin/sh
# One visit, one ticket: Back and a second booking issued no other.
set -eu
data=$1
n=$(sqlite3 "$data/kiosk.db" "select count(*) from tickets")
[ "$n" = 1 ] || { echo "the visit left $n tickets, not one" >&2; exit 1; }
n=$(sqlite3 "$data/kiosk.db" "select count(*) from tickets t join slots s on s.id = t.slot_id where strftime('%H:%M', s.start, 'unixepoch', '+7 hours') = '08:30'")
[ "$n" = 1 ] || { echo "the ticket is not on the 08:30 slot ($n)" >&2; exit 1; }
echo "one ticket for the visit, on the time confirmed"
