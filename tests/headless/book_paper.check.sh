#!/bin/sh
set -eu
n=$(sqlite3 "$1/kiosk.db" "select count(*) from tickets where code = 'BMX7S7H1K'")
[ "$n" = 1 ] || { echo "the ticket was not kept ($n)" >&2; exit 1; }
echo "ticket kept although the printer failed"
