#!/bin/sh
# The loopback stand-in for ODK Central (tests/report/central.py), and the
# app-user token in a file only the kiosk may read.
set -eu
data=$1
printf 'test-token-0123456789\n' >"$data/token"
chmod 600 "$data/token"
python3 tests/report/central.py --forms assets/report \
  --token test-token-0123456789 >"$data/server.out" 2>"$data/server.log" &
echo $! >"$data/server.pid"
for _ in $(seq 50); do
  grep -q PORTS "$data/server.out" 2>/dev/null && break
  sleep 0.1
done
awk '/PORTS/ {print $2}' "$data/server.out"
rm -f "$data/server.out"
