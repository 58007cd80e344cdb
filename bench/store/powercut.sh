#!/bin/sh
# Runs the store power-cut test many times (default 300 cuts) against one
# database file. Usage: bench/store/powercut.sh [BUILD_DIR [ROUNDS [SEED]]]
# The test binary prints its seed; pass it back to replay a failing run.
set -eu
build=${1:-build}
rounds=${2:-300}
bin="$build/tests/store/test_store_powercut"
if [ ! -x "$bin" ]; then
    echo "build it first: cmake --build $build --target test_store_powercut" >&2
    exit 2
fi
if [ $# -ge 3 ]; then
    exec "$bin" "$rounds" "$3"
fi
exec "$bin" "$rounds"
