#!/usr/bin/env bash
# `serve` reading live chat from the Twitch stand-in over TLS stores every delivered
# message exactly once through a mid-line drop, a stalled link, a RECONNECT hand-over and
# refused connections. Chat timings are scaled down 50x (TWITCH_TIMING_SCALE=0.02: ping
# after 0.6 s of silence, dead 0.2 s later, back-off 20 ms .. 2.4 s).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2
fixture=tests/fixtures/twitch/nymn-recent-400.irc

make_certificates "$work"
start_fake "$fake_bin" --tls "$work/server.pem" "$work/server.key" --join-echo-delay-ms 200 \
  --reconnect-grace-ms 1500
port=$(free_port)
db="$work/chat.db"
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="ircs://127.0.0.1:$fake_port" \
  TWITCH_IRC_CA_FILE="$work/ca.pem" TWITCH_TIMING_SCALE=0.02 \
  "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
pass "serve joined the channel over TLS (certificate verified against the test CA)"
for _ in $(seq 1 50); do
  health=$(curl -s "http://127.0.0.1:$port/api/v1/health")
  [[ "$health" == *'"bot_connected":true'* ]] && break
  sleep 0.1
done
expect_contains "$health" '"bot_connected":true' "health: bot connected"
expect_contains "$health" '"state":"joined"' "health: the channel is joined"

fake send_file "$fixture" >/dev/null
fake gen nymn 0 500 >/dev/null
fake flush >/dev/null

# 1. A drop in the middle of a line: the half line is discarded, the client comes back.
fake drop >/dev/null
fake wait_joined nymn 1 >/dev/null
fake gen nymn 1000 500 >/dev/null

# 2. A stalled link (the server goes silent): our PING finds it dead, a new link joins.
fake flush >/dev/null
fake stall >/dev/null
fake wait_joined nymn 1 >/dev/null
pass "a stalled link was replaced"
fake gen nymn 2000 500 >/dev/null

# 3. RECONNECT: the new connection gets messages before its JOIN echo (both connections
#    carry them); the old one is closed only after the new one joined.
fake flush >/dev/null
fake reconnect >/dev/null
fake wait_joined nymn 2 >/dev/null
fake gen nymn 3000 500 >/dev/null
sleep 0.5
fake gen nymn 3500 500 >/dev/null

# 4. Refused connections for a while, then back.
fake flush >/dev/null
fake refuse on >/dev/null
fake drop >/dev/null
sleep 2
fake refuse off >/dev/null
fake wait_joined nymn 1 20000 >/dev/null
fake gen nymn 4000 500 >/dev/null
fake flush >/dev/null
fake delivered "$work/delivered.txt" >/dev/null
[ "$(wc -l < "$work/delivered.txt")" -ge 2500 ] || fail "too few delivered: $(wc -l < "$work/delivered.txt")"
expect_stored_exactly "$db" "$work/delivered.txt"
truncated=$(sqlite3 "$db" "select count(*) from messages where text = 'generated mess' or text like 'generated message 999999%'")
expect_eq "$truncated" 0 "no half-received line was stored"
counters=$(fake counters)
logins=$(sed -n 's/.* logins=\([0-9]*\).*/\1/p' <<<"$counters")
[ "$logins" -ge 5 ] || fail "expected at least 5 logins (start, drop, stall, reconnect, refusal): $counters"
pass "the client logged in again after each fault ($counters)"

kill -TERM "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM stops the server cleanly"
fake quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
