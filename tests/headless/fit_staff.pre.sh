#!/bin/sh
# A month of data in the test's database before the kiosk starts, and a
# directory standing in for the USB stick.
set -eu
"$2/tests/headless/gen_month" "$1/kiosk.db" 20261124 >/dev/null
mkdir -p "$1/usb"
