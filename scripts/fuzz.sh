#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds (default 60) on
# its corpus in fuzz/<target>/corpus. A crash or hang fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

bash scripts/build.sh fuzz
found=0
for bin in build-fuzz/fuzz/*/fuzz_*; do
  [ -x "$bin" ] || continue
  found=1
  name=$(basename "$bin")
  dir=fuzz/${name#fuzz_}
  work=$(mktemp -d)
  cp -r "$dir/corpus/." "$work/" 2>/dev/null || true
  echo "fuzz: $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    "$work" 2>&1 | tail -n 12
  rm -rf "$work"
done
[ "$found" = 1 ] || echo "fuzz: no fuzz targets built"
