#!/bin/sh
# The test command: installs what is needed, builds the kiosk twice (normal,
# and with AddressSanitizer + UndefinedBehaviorSanitizer) and runs every test
# in both builds (RelWithDebInfo, and Debug with the sanitizers); builds the
# other CMake build types (Release, MinSizeRel) without running them, so
# that every build type builds; fuzzes;
# cross-builds for arm64. Warnings are errors here (KIOSK_WERROR), as for
# developers; a user's or packager's build leaves them warnings.
# Exit status 0 only if everything passed.
set -eu
cd "$(dirname "$0")/.."
sh board/deps.sh test
# Debian's python3 first: deps.sh installs python3-cryptography for it, and a
# python3 of pyenv's or a venv's earlier in PATH would not have it
PATH=/usr/bin:/bin:$PATH; export PATH
jobs=$(nproc)
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy SDL_RENDER_DRIVER=software
export KIOSK_WERROR=ON # read by board/cross-arm64.sh and tests/fuzz/run.sh

echo "== release build"
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKIOSK_WERROR=ON >/dev/null
cmake --build build/release -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs"

echo "== AddressSanitizer + UBSan build"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON \
  -DKIOSK_WERROR=ON >/dev/null
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0 \
  ctest --test-dir build/asan --output-on-failure -j"$jobs"

echo "== the other build types: build only (-O3 and -Os find other warnings)"
for type in Release MinSizeRel; do
  cmake -S . -B "build/$type" -DCMAKE_BUILD_TYPE="$type" -DKIOSK_WERROR=ON \
    >/dev/null
  cmake --build "build/$type" -j"$jobs" >/dev/null
  echo "$type: built"
done

echo "== fuzzing (short: 15 s a target; tests/fuzz/run.sh SECONDS for longer)"
sh tests/fuzz/run.sh 15

echo "== arm64: cross-build and unit tests under qemu-aarch64"
sh board/cross-arm64.sh
