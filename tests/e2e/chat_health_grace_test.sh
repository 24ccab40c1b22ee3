#!/usr/bin/env bash
# /health's join grace: a configured channel not joined yet is not "degraded" during the
# first 60 s (scaled by TWITCH_TIMING_SCALE: 0.1 -> 6 s) after start or after a drop;
# past it the status is degraded and `problems` says which channel and why; once joined,
# healthy again. bot_connected is strict: every configured channel joined now.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

start_fake "$fake_bin"
fake refuse on >/dev/null
port=$(free_port)
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" \
  TWITCH_TIMING_SCALE=0.1 HEALTH_CHECK_TOKEN=secret \
  "$bin" serve --db "sqlite://$work/chat.db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
started=$(date +%s%N)
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
health() { curl -s -H "X-Health-Token: secret" "http://127.0.0.1:$port/api/v1/health"; }
h=$(health)
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
if [ "$elapsed_ms" -lt 5000 ]; then
  expect_contains "$h" '"status":"healthy"' "not joined ${elapsed_ms} ms after start: still within the grace"
fi
expect_contains "$h" '"bot_connected":false' "bot_connected false while not joined"
expect_contains "$h" '"joined":false' "the channel is not joined"
expect_contains "$(curl -s "http://127.0.0.1:$port/api/v1/health")" '"status":"ok"' \
  "without the token: the short body"

for _ in $(seq 1 100); do
  h=$(health)
  [[ "$h" == *'"status":"degraded"'* ]] && break
  sleep 0.1
done
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_contains "$h" '"status":"degraded"' "degraded once the grace has passed"
[ "$elapsed_ms" -ge 5900 ] || fail "degraded after $elapsed_ms ms, before the 6 s grace"
pass "degraded after the grace ($elapsed_ms ms), not before"
expect_contains "$h" '"problems":["#nymn: not joined for' "problems names the channel"

fake refuse off >/dev/null
fake wait_joined nymn 1 20000 >/dev/null
for _ in $(seq 1 100); do
  h=$(health)
  [[ "$h" == *'"status":"healthy"'* ]] && break
  sleep 0.1
done
expect_contains "$h" '"status":"healthy"' "healthy once joined"
expect_contains "$h" '"bot_connected":true' "bot_connected once joined"
expect_contains "$h" '"not_joined_seconds":null' "not_joined_seconds null while joined"
expect_contains "$h" '"problems":[]' "no problems"

# A drop: the grace starts again (not degraded at once).
fake refuse on >/dev/null
fake drop >/dev/null
sleep 0.5
h=$(health)
expect_contains "$h" '"joined":false' "dropped: not joined"
expect_contains "$h" '"status":"healthy"' "dropped 0.5 s ago: within the grace"
kill -TERM "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM: exit 0"
fake quit >/dev/null
finish
