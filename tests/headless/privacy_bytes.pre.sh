#!/bin/sh
# A kiosk with a staff account (and a month of counts): screenings are
# sealed and kept, so the scan afterwards has something to miss.
set -eu
"$2/tests/headless/gen_month" "$1/kiosk.db" 20261124 >/dev/null
