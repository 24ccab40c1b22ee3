#!/usr/bin/env bash
# bench_import on a log written by pererecos-datagen (bench/datagen) instead of the
# benchmark's built-in generator: another producer's lines, the same measurement.
#   bash bench/import/bench_import_datagen.sh [BUILD_DIR] [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
N=${2:-5000000}
DATA=bench/data/datagen-$N.irc
mkdir -p bench/data
if [ ! -f "$DATA" ]; then
  "$BUILD/pererecos-datagen" --messages "$N" --users 100000 --days 90 --format irc --out "$DATA"
fi
"$BUILD/bench/import/bench_import" --data "$DATA" --lines "$N"
