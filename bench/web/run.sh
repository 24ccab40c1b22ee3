#!/usr/bin/env bash
# Dashboard budgets on the demo dataset: bash bench/web/run.sh [build/pererecos-stats]
# Builds the demo database in a temporary folder, serves it on a free port, runs
# tests/web/bench.mjs (needs `npm ci` in tests/web and /usr/bin/chromium), prints figures.
set -euo pipefail
bin=${1:-build/pererecos-stats}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" demo --db "sqlite://$work/demo.db" --port "$port" --host 127.0.0.1 > "$work/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break
  kill -0 $pid 2>/dev/null || { cat "$work/demo.log"; exit 1; }
  sleep 0.2
done
echo "demo served on port $port"
node "$(dirname "$0")/../../tests/web/bench.mjs" "http://127.0.0.1:$port"
