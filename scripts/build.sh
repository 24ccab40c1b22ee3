#!/usr/bin/env bash
# Builds the project. Usage: scripts/build.sh [release|demo|asan|fuzz]   (default: release)
# Output: build/ (release and demo), build-asan/, build-fuzz/.
#   release: everything (binary, tests, benchmarks)
#   demo:    only the `pererecos-stats` binary, in build/ (the README's first command)
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
# ccache: paths below the repository are hashed relative to it, so clones and worktrees
# share cached objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
jobs=$(nproc)
case "$flavour" in
  release)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPERERECOS_TESTS=ON -DPERERECOS_BENCH=ON >/dev/null
    cmake --build build -j "$jobs" ;;
  demo)
    # Tests and benchmarks off: configuring needs no test libraries, building compiles
    # only the binary's own code. A later `release` build turns them back on in place.
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DPERERECOS_TESTS=OFF -DPERERECOS_BENCH=OFF >/dev/null
    cmake --build build -j "$jobs" --target pererecos-stats ;;
  asan)
    # -O1 -g1: sanitizer reports with file:line, at a fraction of the compile time of -O2 -g.
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
      -DPERERECOS_SANITIZE=ON -DPERERECOS_BENCH=OFF >/dev/null
    cmake --build build-asan -j "$jobs" ;;
  fuzz)
    CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DPERERECOS_FUZZ=ON -DPERERECOS_TESTS=OFF -DPERERECOS_BENCH=OFF >/dev/null
    # Only the fuzz targets (and what they need): the rest need not compile with clang.
    mapfile -t targets < <(ninja -C build-fuzz -t targets all | sed -n 's/^\(fuzz_[A-Za-z0-9_]*\): .*/\1/p' | sort -u)
    if [ ${#targets[@]} -gt 0 ]; then
      cmake --build build-fuzz -j "$jobs" --target "${targets[@]}"
    fi ;;
  *)
    echo "usage: scripts/build.sh [release|demo|asan|fuzz]" >&2
    exit 2 ;;
esac
