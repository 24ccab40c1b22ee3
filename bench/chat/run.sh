#!/usr/bin/env bash
# Live chat end to end: N generated PRIVMSG lines (default 1,000,000) sent by the Twitch
# stand-in over local TLS to `pererecos-stats serve`, which stores them in SQLite. Per run,
# prints messages/s from the first line sent until every message is durable (counted in
# the database file by sqlite3), the CPU seconds `serve` and the stand-in used, and
# messages per CPU-second of `serve`; then the medians over RUNS runs (default 3).
# Usage: [RUNS=3] [PERF=DIR] [PORT=P] bench/chat/run.sh [N]   (after scripts/build.sh release)
#   PERF=DIR: `perf record -g` the server during each run, into DIR/serve-RUN.data.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
runs=${RUNS:-3}
bin=build/pererecos-stats
fake_bin=build/tests/fakes/fake-twitch-irc
work=$(mktemp -d)
source tests/e2e/lib.sh >/dev/null
source tests/e2e/chat_lib.sh
trap 'kill -9 ${pid:-} ${fake_pid:-} ${perf_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
make_certificates "$work"
tick=$(getconf CLK_TCK)
# cpu_seconds PID: user + system CPU time of the process so far.
cpu_seconds() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

results="$work/results"
for ((run = 1; run <= runs; run++)); do
  start_fake "$fake_bin" --tls "$work/server.pem" "$work/server.key"
  port=${PORT:-$(free_port)}
  db="$work/bench-$run.db"
  TWITCH_CHANNEL=nymn TWITCH_IRC_URL="ircs://127.0.0.1:$fake_port" TWITCH_IRC_CA_FILE="$work/ca.pem" \
    "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
  fake wait_joined nymn 1 >/dev/null
  serve_cpu0=$(cpu_seconds "$pid")
  fake_proc=$(pgrep -P "$fake_pid" | head -1); fake_cpu0=$(cpu_seconds "$fake_proc")
  if [ -n "${PERF:-}" ]; then
    mkdir -p "$PERF"
    perf record -g -F 499 -p "$pid" -o "$PERF/serve-$run.data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
  fi
  chunk=100000
  start=$(date +%s.%N)
  for ((from = 0; from < n; from += chunk)); do
    count=$(( n - from < chunk ? n - from : chunk ))
    fake gen nymn "$from" "$count" stream >/dev/null
  done
  fake flush 600000 >/dev/null
  sent=$(date +%s.%N)
  # ingest_log's seq_end grows with every committed batch: a cheap poll (count(*) scans).
  while :; do
    got=$(sqlite3 "$db" "select coalesce(max(seq_end), 0) from ingest_log" 2>/dev/null || echo 0)
    [ "${got:-0}" -ge "$((n - 1))" ] && [ "$(sqlite3 "$db" "select count(*) from messages")" -ge "$n" ] && break
    kill -0 "$pid" || { cat "$work/serve.log"; exit 1; }
    sleep 0.02
  done
  end=$(date +%s.%N)
  serve_cpu=$(awk -v a="$(cpu_seconds "$pid")" -v b="$serve_cpu0" 'BEGIN { printf "%.2f", a - b }')
  fake_cpu=$(awk -v a="$(cpu_seconds "$fake_proc")" -v b="$fake_cpu0" 'BEGIN { printf "%.2f", a - b }')
  if [ -n "${perf_pid:-}" ]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=; fi
  stored=$(sqlite3 "$db" "select count(*) from messages")
  [ "$stored" -eq "$n" ] || { echo "stored $stored of $n messages" >&2; exit 1; }
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
  kill -9 "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fake_pid=
  rm -f "$db" "$db-wal" "$db-shm"
  awk -v n="$n" -v s="$start" -v w="$sent" -v e="$end" -v c="$serve_cpu" -v f="$fake_cpu" \
      -v r="$run" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "run %d: %d messages over TLS into SQLite in %.2f s = %.0f messages/s wall; serve %.2f CPU-s = %.0f messages per CPU-second; stand-in %.2f CPU-s, done writing after %.2f s; load average %s\n",
      r, n, e - s, n / (e - s), c, n / c, f, w - s, load }'
  echo "$(awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { print n / (e - s) }') $(awk -v n="$n" -v c="$serve_cpu" 'BEGIN { print n / c }')" >> "$results"
done
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf "median of %d: %.0f messages/s wall, %.0f messages per CPU-second of serve\n" "$runs" \
  "$(cut -d' ' -f1 "$results" | median)" "$(cut -d' ' -f2 "$results" | median)"
echo "command: RUNS=$runs bench/chat/run.sh $n"
