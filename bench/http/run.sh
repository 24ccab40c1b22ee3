#!/usr/bin/env bash
# Load test of the HTTP server with wrk: leaderboard and user stats, 2 threads, 100
# connections, 10 s each (DURATION). Prints requests/s and the count of non-2xx answers.
#
# Usage:
#   bench/http/run.sh                       # the HTTP layer alone: bench_http_fake_server
#   bench/http/run.sh CMD ARGS...           # any server that listens on 127.0.0.1:$PORT,
#       e.g. PORT=18080 USER_LOGIN=somebody RATE_LIMIT_ENABLED=false \
#            bench/http/run.sh ./build/pererecos-stats serve --port 18080 ...
# Environment: PORT (default 18089), USER_LOGIN (default alice, the fake reader's user),
# DURATION seconds (default 10), BUILD_DIR (default build), CONNECTIONS (default 100).
# The server must have rate limiting off (RATE_LIMIT_ENABLED=false), or most answers are
# 429s and the figure means nothing; the script reports non-2xx counts to show it.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18089}
USER_LOGIN=${USER_LOGIN:-alice}
DURATION=${DURATION:-10}
BUILD_DIR=${BUILD_DIR:-build}
CONNECTIONS=${CONNECTIONS:-100}
export RATE_LIMIT_ENABLED=${RATE_LIMIT_ENABLED:-false}

if ! command -v wrk >/dev/null 2>&1; then
  echo "run.sh: installing wrk"
  if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh: wrk missing and not root; run: sudo apt-get install wrk" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
command -v curl >/dev/null 2>&1 || { echo "run.sh: curl is needed" >&2; exit 1; }

if [ $# -eq 0 ]; then
  server_bin="$BUILD_DIR/bench/http/bench_http_fake_server"
  if [ ! -x "$server_bin" ]; then
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD_DIR" -j "$(nproc)" --target bench_http_fake_server >/dev/null
  fi
  set -- "$server_bin" --port "$PORT"
fi

log=$(mktemp)
"$@" >"$log" 2>&1 &
server_pid=$!
cleanup() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$base/api/v1/health" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: the server exited:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS -o /dev/null "$base/api/v1/health" || { echo "run.sh: server not answering on $base" >&2; exit 1; }

echo "machine: $(nproc) cores; server: $*"
bench() {
  local name=$1 url=$2 out rps non2xx
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  latency=$(awk '/^ +99%/ {print $2}' <<<"$out")
  printf '%-12s %10s req/s   p99 %-8s non-2xx %s   (wrk -t2 -c%s -d%ss %s)\n' \
    "$name" "$rps" "$latency" "${non2xx:-0}" "$CONNECTIONS" "$DURATION" "$url"
}
bench leaderboard "$base/api/v1/stats/leaderboard?period=all&limit=10"
bench user-stats "$base/api/v1/stats/user/$USER_LOGIN?period=all"
