#!/usr/bin/env bash
# Reads during live ingest: the Twitch stand-in sends a steady RATE messages/s (default
# 2,000) over local TLS into `serve` (SQLite) while `wrk -c50` asks for the leaderboard
# and user stats at the same time (bench/chat/api_under_ingest.lua), for SECONDS (default
# 600). Prints wrk's figures (p50/p90/p99, errors), the messages stored, and resident
# memory sampled every 10 s (start, end, slope, bytes per message added).
# Usage: [DURATION=600] [RATE=2000] [PORT=P] bench/chat/api_under_ingest.sh
# Rate limiting is off for the run (RATE_LIMIT_ENABLED=false): one address asks for all.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${DURATION:-600}
rate=${RATE:-2000}
bin=build/pererecos-stats
fake_bin=build/tests/fakes/fake-twitch-irc
work=$(mktemp -d)
source tests/e2e/lib.sh >/dev/null
source tests/e2e/chat_lib.sh
source bench/chat/lib.sh
trap 'kill -9 ${pid:-} ${fake_pid:-} ${sender_pid:-} ${wrk_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
make_certificates "$work"
start_fake "$fake_bin" --tls "$work/server.pem" "$work/server.key"
port=${PORT:-$(free_port)}
db="$work/bench.db"
RATE_LIMIT_ENABLED=false TWITCH_CHANNEL=nymn TWITCH_IRC_URL="ircs://127.0.0.1:$fake_port" \
  TWITCH_IRC_CA_FILE="$work/ca.pem" \
  "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
# A first second of chat so that every asked-for user exists.
fake gen nymn 100000000 2000 stream >/dev/null
sleep 1

steady_send_fds
steady_send "$rate" "$seconds" > "$work/sent" &
sender_pid=$!
wrk -t2 -c50 -d"${seconds}s" --latency -s bench/chat/api_under_ingest.lua \
  "http://127.0.0.1:$port" > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
t0=$(date +%s)
stored() { sqlite3 "$db" "select coalesce(max(seq_end), 0) from ingest_log" 2>/dev/null || echo 0; }
while kill -0 "$wrk_pid" 2>/dev/null; do
  echo "$(( $(date +%s) - t0 )) $(rss_kib "$pid") $(stored)" >> "$work/rss"
  sleep 10
done
wait "$wrk_pid" || true; wrk_pid=
wait "$sender_pid" || true; sender_pid=
sent=$(cat "$work/sent")
echo "$(( $(date +%s) - t0 )) $(rss_kib "$pid") $(stored)" >> "$work/rss"
cpu=$(awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$pid/stat")
echo "api under ingest: ${seconds} s, stand-in sent $sent messages (target $rate/s = $(awk -v s="$sent" -v d="$seconds" 'BEGIN { printf "%.0f", s / d }')/s achieved), stored $(stored) (incl. 2,000 first)"
echo "wrk -t2 -c50 (leaderboard + user stats): $(wrk_figures "$work/wrk.txt")"
rss_summary "$work/rss"
echo "serve CPU: $cpu s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: DURATION=$seconds RATE=$rate bench/chat/api_under_ingest.sh"
