#!/bin/sh
# Runs one headless script against the real kiosk with a fresh data
# directory, compares screenshots with the goldens, and checks that the
# visit left nothing on disk except the files the store is meant to keep.
# Usage: run.sh KIOSK SCRIPT NAME WxH BUILD_DIR [extra kiosk args...]
set -eu
kiosk=$1 script=$2 name=$3 size=$4 build=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
shots="$build/shots/$name"
data="$build/data/$name"
rm -rf "$shots" "$data"
cd "$here/../.."   # paths in scripts are relative to the repository
mkdir -p "$shots" "$data"
"$kiosk" --headless --window "$size" --script "$script" \
  --screenshots "$shots" --golden "$here/golden/$name" --data-dir "$data" "$@"
# Nothing about a visitor is written outside the database (none yet).
left=$(find "$data" -type f ! -name 'kiosk.db*' | head -5)
if [ -n "$left" ]; then
  echo "$name: files left in the data directory:" >&2
  echo "$left" >&2
  exit 1
fi
