#!/bin/sh
# Booking on a read-only database (issue 17, item 11). A real database is
# made by a first run, its file made unwritable (chmod 0444), then the
# kiosk runs book_readonly.script on it. Root writes to any file, so as
# root the kiosk runs as `nobody` (setpriv), for whom the file is
# read-only as it would be for the kiosk user.
# Usage: book_readonly.sh KIOSK BUILD_DIR   (from the repository root)
set -eu
kiosk=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
data="$build/data/book_readonly"
rm -rf "$data"
mkdir -p "$data"
sed "s|@DATA@|$data|g" "$here/book_file.ini" >"$data/site.ini"
printf 'expect-screen attract\n' >"$data/first.script"
"$kiosk" --headless --site "$data/site.ini" --data-dir "$data" \
  --script "$data/first.script" >/dev/null
[ -s "$data/kiosk.db" ] || { echo "no database was made" >&2; exit 1; }
chmod 0444 "$data/kiosk.db"
rm -f "$data/kiosk.db-wal" "$data/kiosk.db-shm"
run="" script="$here/book_readonly.script" inst=""
if [ "$(id -u)" -eq 0 ]; then
  # nobody may not reach the build tree (a checkout under /root, mode
  # 0700): the kiosk, its fonts and pack are installed where nobody can
  # read them, as on the board, and the data directory moves with them
  inst=$(mktemp -d /tmp/kiosk-readonly.XXXXXX)
  cmake --install "$build" --prefix "$inst" >/dev/null
  cp -R "$data" "$inst/data"
  rm -rf "$data"
  data="$inst/data"
  sed "s|$build/data/book_readonly|$data|g" "$data/site.ini" > "$data/s.ini"
  mv "$data/s.ini" "$data/site.ini"
  cp "$script" "$data/"
  script="$data/book_readonly.script"
  kiosk="$inst/bin/kiosk"
  chmod -R a+rX "$inst"
  chmod 0777 "$data"
  run="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi
$run "$kiosk" --headless --window 800x480 --site "$data/site.ini" \
  --data-dir "$data" --script "$script"
# the file was not written to
[ "$(stat -c %a "$data/kiosk.db")" = 444 ]
chmod 0755 "$data"
rm -rf "$data" ${inst:+"$inst"}
echo "booking on a read-only database: saving is not possible, said calmly"
