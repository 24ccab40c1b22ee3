#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the release build, the same
# tests under AddressSanitizer + UBSan, and a short fuzzing run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

echo "== release build and tests"
bash scripts/build.sh release
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== AddressSanitizer + UBSan build and tests"
bash scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

echo "== fuzzing (short run)"
bash scripts/fuzz.sh 20
