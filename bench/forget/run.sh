#!/usr/bin/env bash
# How long a running `serve` takes to reflect `forget` from another process on the demo
# dataset (520k messages, 5k chatters; docs/privacy.md, docs/performance.md).
# Usage: bash bench/forget/run.sh [BUILD_DIR] [PORT]   (defaults: build, 18400)
# Prints per forgotten user: the forget command's time, the wall time until the server's
# answers changed (polled every 10 ms), and the server's CPU time meanwhile (the rebuild
# and swap), then the peak resident memory of the server and its own log of each swap
# (seconds from noticing the forget to the swap).
set -euo pipefail
build=${1:-build}
port=${2:-18400}
bin=$build/pererecos-stats
work=$(mktemp -d)
trap 'kill -9 ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
db="sqlite://$work/demo.db"
"$bin" demo --build-only --db "$db" --now 2026-12-01T00:00:00Z >/dev/null 2>&1
users=$(sqlite3 "$work/demo.db" "SELECT s.login FROM messages m JOIN senders s ON s.id = m.sender
  GROUP BY s.login ORDER BY count(*) DESC LIMIT 3")
RATE_LIMIT_ENABLED=false CHAT_ENABLED=false RECENT_MESSAGES_URL= "$bin" serve --db "$db" \
  --port "$port" --host 127.0.0.1 --now 2026-12-01T00:00:00Z > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done
grep -o "statistics rebuilt from.*" "$work/serve.log"
code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/stats/user/$1"; }
ticks=$(getconf CLK_TCK)
for who in $users; do
  [ "$(code "$who")" = 200 ] || { echo "no page of $who before"; exit 1; }
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  t0=$(date +%s%N)
  out=$("$bin" forget --db "$db" "$who" 2>&1)
  t1=$(date +%s%N)
  while [ "$(code "$who")" != 404 ]; do sleep 0.01; done
  t2=$(date +%s%N)
  sleep 0.3
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  echo "$who: ${out%% of*}; forget $(( (t1 - t0) / 1000000 )) ms;" \
    "answers changed $(( (t2 - t1) / 1000000 )) ms after it exited;" \
    "server CPU $(( (cpu1 - cpu0) * 1000 / ticks )) ms"
done
grep VmHWM "/proc/$pid/status"
grep -o "swapped in, .* noticed" "$work/serve.log" || true
kill -TERM "$pid"; wait "$pid"
