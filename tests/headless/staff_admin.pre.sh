#!/bin/sh
# A month of data in the test's database before the kiosk starts.
set -eu
"$2/tests/headless/gen_month" "$1/kiosk.db" 20261124 >/dev/null
