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
for b in $(find "$build/bench" -type f -name 'bench_*' -perm -u+x | sort); do
  echo "== $(basename "$b")"
  "$b"
done
echo "== idle CPU"
sh bench/ui/idle_cpu.sh "$build/src/app/kiosk" 10
