#!/bin/sh
# Quick start: installs what is needed, builds, and starts the kiosk on its
# built-in content — in a window where there is a display; where there is
# none it plays a demo visit headless and says where the screenshots are.
# Extra arguments go to the kiosk (e.g. --window 1280x800).
set -eu
cd "$(dirname "$0")/.."
sh board/deps.sh build
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)"
exec ./build/release/src/app/kiosk "$@"
