#!/bin/sh
# Runs every benchmark and prints their figures (nothing is asserted).
# Usage: bench/run.sh [BUILD_DIR]   (default build/release; built if needed)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/release}
if [ ! -d "$build" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"$(nproc)" >/dev/null
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
# BENCH_STORE_N: rows of the generated store database (the README's
# figures use 1000000, which takes about five minutes to generate)
for b in $(find "$build/bench" -mindepth 2 -maxdepth 2 -type f -perm -u+x \
             ! -name '*.sh' | sort); do
  echo "== $(basename "$b")"
  case $(basename "$b") in
    store_bench) "$b" --n "${BENCH_STORE_N:-100000}" ;;
    *) "$b" ;;
  esac
done
echo "== idle CPU"
sh bench/ui/idle_cpu.sh "$build/src/app/kiosk" 10
sh bench/ui/idle_x11.sh "$build/src/app/kiosk" 20
echo "== instruction counts"
sh bench/callgrind.sh "$build/src/app/kiosk"
