#!/bin/sh
# Installs the Debian 12 / Raspberry Pi OS packages the kiosk needs to build,
# run and test. Idempotent: packages already present are left alone.
# Usage: board/deps.sh [runtime|build|test]   (default: test, the superset)
set -eu
what=${1:-test}
runtime="libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libsdl2-mixer-2.0-0
 libsqlite3-0 libqrencode4 libsodium23 libicu72 libcurl4 libssl3 libzip4
 libexpat1 libvorbisenc2"
build="build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev
 libsdl2-image-dev libsdl2-mixer-dev libsqlite3-dev libqrencode-dev
 libsodium-dev libicu-dev libcurl4-openssl-dev libssl-dev libzip-dev
 libexpat1-dev libvorbis-dev"
test="zbar-tools sqlite3 libharfbuzz-bin clang libclang-rt-14-dev xvfb shellcheck
 systemd python3 python3-cryptography"
# npm (the survey oracle runs ODK's form engine on Node): Debian's package,
# unless a Node.js with npm is already installed (Debian's npm cannot be
# installed beside NodeSource's nodejs: apt refuses with "held broken packages")
command -v npm >/dev/null 2>&1 || test="$test npm"
case "$what" in
  runtime) pkgs=$runtime ;;
  build) pkgs="$runtime $build" ;;
  test) pkgs="$runtime $build $test" ;;
  *) echo "usage: $0 [runtime|build|test]" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && { echo "deps: all packages present"; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then exec sudo "$0" "$what"; fi
  echo "deps: run as root to install:$missing" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: installed$missing"
