#!/usr/bin/env bash
# Dashboard budgets on the demo dataset: bash bench/web/run.sh [BIN] [COMMIT] [LOADS]
# Builds the demo database in a temporary folder, serves it on a free port, runs
# tests/web/bench.mjs (needs `npm ci` in tests/web and /usr/bin/chromium), prints figures.
# With COMMIT, a second demo server (same binary, a copy of the database) serves the
# dashboard's files (web/) of that commit, and the loads alternate old, new, old, … so
# that both meet the same load of the shared machine: the ratio of the medians is printed.
set -euo pipefail
bin=$(realpath "${1:-build/pererecos-stats}")
commit=${2:-}
loads=${3:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# serve DIR DB: a demo server whose working directory is DIR (its web/ is served); its
# URL is appended to urls.
serve() {
  local port
  port=$(free_port)
  (cd "$1" && exec "$bin" demo --db "sqlite://$2" --port "$port" --host 127.0.0.1) > "$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && { urls+=("http://127.0.0.1:$port"); return; }
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$2.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "demo server did not start" >&2; exit 1
}
"$bin" demo --build-only --db "sqlite://$work/demo.db" > "$work/build.log"
urls=()
if [ -n "$commit" ]; then
  mkdir -p "$work/old"
  git -C "$repo" archive "$commit" web | tar -x -C "$work/old"
  cp "$work/demo.db" "$work/old.db"
  serve "$work/old" "$work/old.db"
fi
serve "$repo" "$work/demo.db"
echo "demo served at ${urls[*]}"
node "$repo/tests/web/bench.mjs" "${urls[@]}" "$loads"
