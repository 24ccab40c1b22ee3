#!/usr/bin/env bash
# Line coverage of the fuzz targets over their committed corpora (fuzz/<target>/corpus):
# builds build-cov/ (clang, -fprofile-instr-generate -fcoverage-mapping), runs every input
# once (-runs=0) and prints llvm-cov's summary for the sources under src/ per target.
# Usage: scripts/fuzz_coverage.sh [CORPUS_ROOT]  (default: fuzz; CORPUS_ROOT/<target>/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-fuzz}
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
CXX=clang++ cmake -S . -B build-cov -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPERERECOS_FUZZ=ON -DPERERECOS_TESTS=OFF -DPERERECOS_BENCH=OFF \
  "-DCMAKE_CXX_FLAGS=-fprofile-instr-generate -fcoverage-mapping" \
  "-DCMAKE_EXE_LINKER_FLAGS=-fprofile-instr-generate" >/dev/null
mapfile -t targets < <(ninja -C build-cov -t targets all | sed -n 's/^\(fuzz_[A-Za-z0-9_]*\): .*/\1/p' | sort -u)
cmake --build build-cov -j "$(nproc)" --target "${targets[@]}"
for bin in build-cov/fuzz/*/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  corpus=$root/${name#fuzz_}/corpus
  [ -d "$corpus" ] || corpus=$root/${name#fuzz_}
  LLVM_PROFILE_FILE=build-cov/$name.profraw "$bin" -runs=0 "$corpus" >/dev/null 2>&1
  llvm-profdata merge -sparse build-cov/$name.profraw -o build-cov/$name.profdata
  echo "== $name"
  llvm-cov report "$bin" -instr-profile=build-cov/$name.profdata "$PWD/src" | tail -n 1
done
