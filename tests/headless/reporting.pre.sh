#!/bin/sh
# The province's key pair (openssl; the private half stays beside the
# data directory, never in it), the loopback stand-in for ODK Central
# (tests/report/central.py: it decrypts what it receives and saves it for
# reporting.check.sh), and the app-user token in a file only the kiosk may
# read.
set -eu
data=$1
keys=$data.keys
rm -rf "$keys"
mkdir -p "$keys/received"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
  -out "$keys/province.pem" 2>/dev/null
openssl pkey -in "$keys/province.pem" -pubout -outform DER |
  openssl base64 -A >"$keys/public_key"
printf 'test-token-0123456789\n' >"$data/token"
chmod 600 "$data/token"
python3 tests/report/central.py --forms assets/report \
  --token test-token-0123456789 --private-key "$keys/province.pem" \
  --save "$keys/received" >"$data/server.out" 2>"$data/server.log" &
echo $! >"$data/server.pid"
for _ in $(seq 300); do
  grep -q PORTS "$data/server.out" 2>/dev/null && break
  sleep 0.1
done
awk '/PORTS/ {print $2}' "$data/server.out"
rm -f "$data/server.out"
