#!/usr/bin/env bash
# Live chat end to end: N generated PRIVMSG lines (default 1,000,000) sent by the Twitch
# stand-in over local TLS to `pererecos-stats serve`, which stores them in SQLite. Prints
# messages/s from the first line sent until every message is durable (counted in the
# database file by sqlite3), and the command.
# Usage: bench/chat/run.sh [N]   (after scripts/build.sh release)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
bin=build/pererecos-stats
fake_bin=build/tests/fakes/fake-twitch-irc
work=$(mktemp -d)
source tests/e2e/lib.sh >/dev/null
source tests/e2e/chat_lib.sh
trap 'kill -9 ${pid:-} ${fake_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
make_certificates "$work"
start_fake "$fake_bin" --tls "$work/server.pem" "$work/server.key"
port=$(free_port)
db="$work/bench.db"
TWITCH_CHANNEL=nymn TWITCH_IRC_URL="ircs://127.0.0.1:$fake_port" TWITCH_IRC_CA_FILE="$work/ca.pem" \
  "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
chunk=100000
start=$(date +%s.%N)
for ((from = 0; from < n; from += chunk)); do
  count=$(( n - from < chunk ? n - from : chunk ))
  fake gen nymn "$from" "$count" >/dev/null
done
fake flush 600000 >/dev/null
sent=$(date +%s.%N)
while :; do
  got=$(sqlite3 "$db" "select count(*) from messages" 2>/dev/null || echo 0)
  [ "$got" -ge "$n" ] && break
  kill -0 "$pid" || { cat "$work/serve.log"; exit 1; }
  sleep 0.05
done
end=$(date +%s.%N)
awk -v n="$n" -v s="$start" -v w="$sent" -v e="$end" 'BEGIN {
  printf "chat end to end: %d messages over TLS into SQLite in %.2f s = %.0f messages/s (stand-in done writing after %.2f s)\n", n, e - s, n / (e - s), w - s }'
echo "command: bench/chat/run.sh $n"
