#!/bin/sh
# Cross-builds the kiosk and its unit tests for arm64 (Raspberry Pi OS
# bookworm, 64-bit) on Debian 12 x86_64 and runs the unit tests under
# qemu-user. Run after board/deps.sh (CI: tests/run.sh, then this script).
#
# Usage: board/cross-arm64.sh [--no-install] [--no-test] [--gui off]
#   --no-install  do not touch apt (the packages are already there)
#   --no-test     build only
#   --gui off     build only the pure modules (no SDL front end)
# Output: build/arm64 (build tree), build/arm64/stage (cmake --install tree)
#         and build/arm64/kiosk-arm64.tar.gz (stage + board/) for the Pi.
set -eu
cd "$(dirname "$0")/.."
install=1
test=1
gui=ON
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=0 ;;
    --no-test) test=0 ;;
    --gui) shift; case "${1:-}" in off|OFF) gui=OFF ;; on|ON) gui=ON ;;
             *) echo "cross-arm64: --gui takes on or off" >&2; exit 2 ;; esac ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "cross-arm64: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# The :arm64 -dev packages are the -dev packages of board/deps.sh's build
# list, so the two lists cannot drift apart.
devs=$(sed -n '/^build="/,/"/p' board/deps.sh | tr -d '"' |
       sed 's/^build=//' | tr ' ' '\n' | grep -- '-dev$' || true)
case "$devs" in
  *libsdl2-dev*) ;;
  *) echo "cross-arm64: could not read the build list from board/deps.sh" >&2
     exit 1 ;;
esac
arm_devs=""
for p in $devs; do
  arm_devs="$arm_devs $p:arm64"
done
# libsdl2-mixer-dev pulls libfluidsynth-dev, which depends on "libjack-dev |
# libjack-jackd2-dev". On amd64 apt picks the first, JACK 1, whose -dev
# package is not Multi-Arch: same, so its :arm64 twin cannot be installed
# beside it and apt gives up ("held broken packages"). JACK 2's packages are
# Multi-Arch: same: ask for them on both sides (this replaces JACK 1 on the
# build machine; nothing in the kiosk uses JACK).
case "$devs" in
  *libsdl2-mixer-dev*)
    arm_devs="$arm_devs libjack-jackd2-dev libjack-jackd2-dev:arm64" ;;
esac

t0=$(date +%s)
if [ "$install" = 1 ]; then
  missing=""
  for p in crossbuild-essential-arm64 qemu-user $arm_devs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null; then
        notest=""
        [ "$test" = 1 ] || notest=--no-test
        exec sudo "$0" $notest --gui "$gui"
      fi
      echo "cross-arm64: run as root to install:$missing" >&2
      exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      dpkg --add-architecture arm64
    fi
    apt-get update -qq
    # Multi-Arch: same libraries must have one version on both
    # architectures; apt upgrades the amd64 side where the arm64 one is
    # newer (a CI image a few weeks old needs this).
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    echo "cross-arm64: installed$missing in $(($(date +%s) - t0)) s"
  fi
fi

start=$(date +%s)
cmake -S . -B build/arm64 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_TOOLCHAIN_FILE="$(pwd)/board/toolchain-aarch64.cmake" \
  -DKIOSK_GUI="$gui" -DKIOSK_WERROR="${KIOSK_WERROR:-OFF}" >/dev/null
cmake --build build/arm64 -j"$(nproc)"
built=$(date +%s)
echo "cross-arm64: built in $((built - start)) s"

# The link line must name arm64 libraries only: check the result, not the
# intent.
if [ -f build/arm64/src/app/kiosk ] && command -v file >/dev/null; then
  if ! file -L build/arm64/src/app/kiosk | grep -q 'ARM aarch64'; then
    echo "cross-arm64: build/arm64/src/app/kiosk is not an arm64 binary" >&2
    exit 1
  fi
fi

# Per-test time limit under qemu, in seconds: a test that hangs under
# emulation fails here instead of holding CI for ctest's default 25 minutes.
timeout=${KIOSK_QEMU_TIMEOUT:-120}

if [ "$test" = 1 ]; then
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software \
    ctest --test-dir build/arm64 -L unit --timeout "$timeout" \
      --output-on-failure -j"$(nproc)"
  echo "cross-arm64: unit tests under qemu in $(($(date +%s) - built)) s"
fi

if [ "$gui" = ON ]; then
  rm -rf build/arm64/stage
  cmake --install build/arm64 --prefix "$(pwd)/build/arm64/stage" >/dev/null
  tar -czf build/arm64/kiosk-arm64.tar.gz --owner=0 --group=0 \
    -C build/arm64 stage -C "$(pwd)" board
  echo "cross-arm64: build/arm64/kiosk-arm64.tar.gz (copy to the Pi, unpack," \
       "run: sudo sh board/install.sh)"
  if [ "$test" = 1 ]; then
    # The installed tree as the Pi gets it: the arm64 kiosk finds its fonts
    # and pack next to itself, checks the pack, and plays the built-in demo
    # visit headless (SDL's dummy driver), writing its screenshots.
    demo=$(mktemp -d)
    qemu-aarch64 build/arm64/stage/bin/kiosk \
      --check-pack build/arm64/stage/share/kiosk/pack >/dev/null
    env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER \
      qemu-aarch64 build/arm64/stage/bin/kiosk --data-dir "$demo" >/dev/null
    shots=$(find "$demo/demo-shots" -name '*.png' | wc -l)
    rm -rf "$demo"
    if [ "$shots" -eq 0 ]; then
      echo "cross-arm64: the arm64 demo visit wrote no screenshots" >&2
      exit 1
    fi
    echo "cross-arm64: arm64 kiosk under qemu: pack checked, demo visit" \
         "played ($shots screenshots)"
  fi
fi
