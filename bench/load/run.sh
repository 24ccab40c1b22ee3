#!/usr/bin/env bash
# Load: `wrk` with 1,000 connections for DURATION s (default 30) over a mix of every GET
# endpoint (bench/load/mix.lua, users drawn from the whole population) against `serve` on
# a 10M-message dataset, while the Twitch stand-in sends a steady 2,000 messages/s over
# local TLS. Two phases, each on a fresh copy of the dataset:
#   A. rate limiting off: socket errors, non-2xx, p50/p90/p99, ingest lag, RSS;
#   B. rate limiting on, TRUSTED_PROXIES=127.0.0.1: 900 connections as 65,536 distinct
#      clients (X-Forwarded-For) plus one client flooding the leaderboard on 100
#      connections: the others' non-2xx (429s) and p99, and the flooder's refusals.
# Connection limits: 1,000 connections come from 127.0.0.1, over the default
# HTTP_MAX_CONNECTIONS_PER_CLIENT (64): phase A sets it to 0 (unlimited); in phase B the
# address is a trusted proxy, which the per-client cap exempts. `ulimit -n` is raised.
# The dataset: build/bench-data/load-MESSAGES.db (made once by pererecos-datagen, niced).
# Usage: [DURATION=30] [MESSAGES=10000000] [PORT=P] [PHASES="A B"] bench/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${DURATION:-30}
messages=${MESSAGES:-10000000}
phases=${PHASES:-A B}
bin=build/pererecos-stats
fake_bin=build/tests/fakes/fake-twitch-irc
data=build/bench-data
dataset=$data/load-$messages.db
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # wrk and serve each hold 1,000+ sockets
mkdir -p "$data"
if [ ! -f "$dataset" ] || [ -f "$dataset.partial" ]; then
  echo "generating $messages messages into $dataset (nice) ..."
  touch "$dataset.partial"
  nice -n 10 build/pererecos-datagen --messages "$messages" --users $((messages / 50)) --days 90 \
    --end 2026-01-01T00:00:00Z --format sqlite --out "$dataset"
  rm -f "$dataset.partial"
fi
work=$(mktemp -d -p "$data")
source tests/e2e/lib.sh >/dev/null
source tests/e2e/chat_lib.sh
source bench/chat/lib.sh
trap 'kill -9 ${pid:-} ${fake_pid:-} ${sender_pid:-} ${wrk_pid:-} ${flood_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
make_certificates "$work"
sqlite3 "$dataset" "select login from senders where login <> ''" | sort -u > "$work/logins"
echo "population: $(wc -l < "$work/logins") logins"
# The stand-in chats in the dataset's own channel, so that it stays the default channel
# of every answer (a second, configured channel would become the default instead).
export CHAT_CHANNEL
CHAT_CHANNEL=$(sqlite3 "$dataset" "select login from channels order by id limit 1")
stored() { sqlite3 "$work/run.db" "select coalesce(max(seq_end), 0) from ingest_log" 2>/dev/null || echo 0; }

for phase in $phases; do
  cp "$dataset" "$work/run.db"
  start_fake "$fake_bin" --tls "$work/server.pem" "$work/server.key"
  port=${PORT:-$(free_port)}
  if [ "$phase" = A ]; then
    limits=(RATE_LIMIT_ENABLED=false HTTP_MAX_CONNECTIONS_PER_CLIENT=0)
  else
    limits=(RATE_LIMIT_ENABLED=true TRUSTED_PROXIES=127.0.0.1/32 LOG_SECURITY_EVENTS=false)
  fi
  env "${limits[@]}" TWITCH_CHANNEL="$CHAT_CHANNEL" TWITCH_IRC_URL="ircs://127.0.0.1:$fake_port" \
    TWITCH_IRC_CA_FILE="$work/ca.pem" \
    "$bin" serve --db "sqlite://$work/run.db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do  # the rebuild of 10M messages: up to 2 min here
    curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break
    kill -0 "$pid" || { cat "$work/serve.log"; exit 1; }
    sleep 0.1
  done
  fake wait_joined "$CHAT_CHANNEL" 1 30000 >/dev/null
  # Warm-up: 5 s of chat and requests (first answers per user and period), then measure.
  stored_start=$(stored)
  steady_send_fds
  steady_send 2000 $((duration + 10)) > "$work/sent" &
  sender_pid=$!
  LOGINS="$work/logins" wrk -t2 -c200 -d5s -s bench/load/mix.lua "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  stored0=$(stored); t0=$(date +%s.%N)
  : > "$work/rss"
  if [ "$phase" = A ]; then
    LOGINS="$work/logins" wrk -t2 -c1000 -d"${duration}s" --latency -s bench/load/mix.lua \
      "http://127.0.0.1:$port" > "$work/wrk.txt" 2>&1 &
    wrk_pid=$!
  else
    LOGINS="$work/logins" CLIENTS=65536 wrk -t2 -c900 -d"${duration}s" --latency -s bench/load/mix.lua \
      "http://127.0.0.1:$port" > "$work/wrk.txt" 2>&1 &
    wrk_pid=$!
    LOGINS="$work/logins" FLOOD=192.0.2.1 wrk -t1 -c100 -d"${duration}s" --latency -s bench/load/mix.lua \
      "http://127.0.0.1:$port" > "$work/flood.txt" 2>&1 &
    flood_pid=$!
  fi
  while kill -0 "$wrk_pid" 2>/dev/null; do
    echo "$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%d", a - b }') $(rss_kib "$pid") $(stored)" >> "$work/rss"
    sleep 5
  done
  wait "$wrk_pid" || true; wrk_pid=
  [ -z "${flood_pid:-}" ] || { wait "$flood_pid" || true; flood_pid=; }
  stored1=$(stored); t1=$(date +%s.%N)
  echo "phase $phase ($([ "$phase" = A ] && echo "rate limiting off, HTTP_MAX_CONNECTIONS_PER_CLIENT=0" || echo "rate limiting on, TRUSTED_PROXIES=127.0.0.1/32, 1 flooder")), ${duration} s, load average $(cut -d' ' -f1-3 /proc/loadavg):"
  echo "  wrk $([ "$phase" = A ] && echo "-c1000 mix" || echo "-c900 mix, 65,536 clients"): $(wrk_figures "$work/wrk.txt")"
  [ "$phase" = A ] || echo "  flooder (-c100, one client, leaderboard): $(wrk_figures "$work/flood.txt")"
  awk -v a="$stored0" -v b="$stored1" -v s="$t0" -v e="$t1" 'BEGIN {
    printf "  ingest: %d messages stored while measuring = %.0f/s (stand-in target 2,000/s)\n", b - a, (b - a) / (e - s) }'
  awk 'NR > 1 { printf "%s%d", sep, ($3 - prev) / ($1 - pt); sep = " " } { prev = $3; pt = $1 } END { print "" }' \
    "$work/rss" | sed 's/^/  stored per second, each 5 s: /'
  wait "$sender_pid" || true; sender_pid=
  sent=$(cat "$work/sent")
  sleep 1
  # Lag at the end: what the stand-in sent minus what the store gained since the start.
  stored_end=$(stored)
  echo "  lag after the stand-in stopped (+1 s): $(( sent - (stored_end - stored_start) )) messages of $sent sent"
  rss_summary "$work/rss" | sed 's/^/  /'
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
  kill -9 "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fake_pid=
  rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
done
echo "command: DURATION=$duration MESSAGES=$messages PHASES=\"$phases\" bench/load/run.sh"
