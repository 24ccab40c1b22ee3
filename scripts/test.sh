#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the release build, the same
# tests under AddressSanitizer + UBSan, and a short fuzzing run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."

# Self-containment: the repository must build and pass its tests without the folder that
# sits beside it on the developers' machines (../shared). When it is there and we may, run
# everything in a private mount namespace where it is an empty, read-only directory.
if [ -z "${PERERECOS_ISOLATED:-}" ] && [ -d ../shared ]; then
  if unshare --mount true 2>/dev/null; then
    echo "== self-containment: running with ../shared hidden"
    exec unshare --mount bash -c \
      'mount -t tmpfs -o ro,size=1m none ../shared && PERERECOS_ISOLATED=1 exec bash scripts/test.sh'
  fi
  echo "== self-containment: cannot hide ../shared here (needs root); text check only"
fi
bash scripts/check_self_contained.sh

bash scripts/setup.sh all
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
