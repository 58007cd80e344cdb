#!/bin/sh
# Runs one headless script against the real kiosk with a fresh data
# directory, compares screenshots with the goldens, and checks that the
# visit left nothing on disk except the files the store is meant to keep.
# Usage: run.sh KIOSK SCRIPT NAME WxH BUILD_DIR [extra kiosk args...]
# A file SCRIPT.ini beside the script is a site.ini template: @DATA@ becomes
# the test's data directory, @PORT@ the port of SCRIPT.pre.sh's server
# (started first, if that file exists) and @PUBKEY@ the public key it left
# in DATA.keys/public_key. SCRIPT.check.sh, if it exists, runs
# after the kiosk with the data directory as $1.
set -eu
kiosk=$1 script=$2 name=$3 size=$4 build=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
shots="$build/shots/$name"
data="$build/data/$name"
rm -rf "$shots" "$data"
cd "$here/../.."   # paths in scripts are relative to the repository
mkdir -p "$shots" "$data"
base=${script%.script}
port=
if [ -f "$base.pre.sh" ]; then
  port=$(sh "$base.pre.sh" "$data" "$build")
fi
# @PUBKEY@: a public key SCRIPT.pre.sh made beside the data directory
pubkey=$(cat "$data.keys/public_key" 2>/dev/null || true)
if [ -f "$base.ini" ]; then
  sed "s|@DATA@|$data|g; s|@PORT@|$port|g; s|@PUBKEY@|$pubkey|g" \
    "$base.ini" >"$data/site.ini"
  set -- --site "$data/site.ini" "$@"
fi
# @DATA@ in extra arguments is the data directory too
n=$#
while [ "$n" -gt 0 ]; do
  a=$1
  shift
  set -- "$@" "$(printf '%s' "$a" | sed "s|@DATA@|$data|g")"
  n=$((n - 1))
done
status=0
"$kiosk" --headless --window "$size" --script "$script" \
  --screenshots "$shots" --golden "$here/golden/$name" --data-dir "$data" \
  "$@" || status=$?
if [ -f "$data/server.pid" ]; then
  kill "$(cat "$data/server.pid")" 2>/dev/null || true
  rm -f "$data/server.pid" "$data/server.log"
fi
[ "$status" -eq 0 ] || exit "$status"
if [ -f "$base.check.sh" ]; then
  sh "$base.check.sh" "$data" "$kiosk"
fi
# Nothing about a visitor is written outside the database (none yet).
left=$(find "$data" -type f ! -name 'kiosk.db*' ! -name site.ini ! -name clock-offset ! -name 'quiz-tally-*' ! -name token \
  ! -name 'printer*' | head -5)
if [ -n "$left" ]; then
  echo "$name: files left in the data directory:" >&2
  echo "$left" >&2
  exit 1
fi
