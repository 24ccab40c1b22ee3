#!/usr/bin/env bash
# The services beside Twitch chat failing — the recent-messages service and 7TV / BTTV /
# FFZ (REST and the 7TV EventAPI) answering slowly, with garbage or with HTTP 500 — do not
# touch chat ingest or answers: every delivered message is stored exactly once, answers
# are served and include them, /health reports the failed back-fill, SIGTERM exits 0.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

start_fake "$fake_bin"
start_fake_http
base="http://127.0.0.1:$http_port"
trap 'kill -9 ${pid:-} $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
from=0
for mode in slow:4000 garbage 500; do
  fake http_mode recent "$mode" >/dev/null
  fake http_mode emotes "$mode" >/dev/null
  port=$(free_port)
  db="$work/chat-${mode%%:*}.db"
  RECENT_MESSAGES_URL="$base/api/v2/recent-messages" RECENT_MESSAGES_TIMEOUT_MS=1500 \
    SEVENTV_API_URL="$base/7tv" BTTV_API_URL="$base/bttv" FFZ_API_URL="$base/ffz" \
    SEVENTV_EVENTS_URL="ws://127.0.0.1:$http_port/events" \
    TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
    HEALTH_CHECK_TOKEN=secret \
    "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
  fake wait_joined nymn 1 >/dev/null
  fake gen nymn "$from" 2000 >/dev/null
  # A dropped link: the rejoin starts another back-fill against the failing service.
  fake flush >/dev/null
  fake drop >/dev/null
  fake wait_joined nymn 1 >/dev/null
  fake gen nymn $((from + 2000)) 2000 >/dev/null
  fake flush >/dev/null
  fake delivered "$work/all.txt" >/dev/null
  # This run's ids only (each run has its own database).
  awk -v lo="$from" -v hi=$((from + 4000)) '{ n = substr($0, 25) + 0; if (n >= lo && n < hi) print }' \
    "$work/all.txt" > "$work/delivered.txt"
  expect_eq "$(wc -l < "$work/delivered.txt")" 4000 "$mode: 4000 delivered"
  expect_stored_exactly "$db" "$work/delivered.txt"
  code=$(curl -s --max-time 5 -o "$work/answer.json" -w '%{http_code}' \
    "http://127.0.0.1:$port/api/v1/stats/chat-activity?channel=nymn")
  expect_eq "$code" 200 "$mode: answers are served"
  expect_contains "$(cat "$work/answer.json")" '"total_today":4000' "$mode: the answer counts every message"
  # Every back-fill (at start, at the join, at the rejoin) failed, and health says so.
  for _ in $(seq 1 100); do
    health=$(curl -s -H "X-Health-Token: secret" "http://127.0.0.1:$port/api/v1/health")
    attempts=$(sed -n 's/.*"attempts":\([0-9]*\).*/\1/p' <<<"$health")
    failures=$(sed -n 's/.*"failures":\([0-9]*\).*/\1/p' <<<"$health")
    [[ "$health" == *'"running":false'* ]] && [ "${failures:-0}" -ge 2 ] &&
      [ "$failures" == "$attempts" ] && break
    sleep 0.1
  done
  [ "${failures:-0}" -ge 2 ] && [ "$failures" == "$attempts" ] ||
    fail "$mode: health does not show the failed back-fills: $health"
  pass "$mode: health shows $failures failed back-fills of $attempts"
  expect_contains "$health" '"last_success":null' "$mode: no back-fill succeeded"
  expect_contains "$health" '"bot_connected":true' "$mode: the chat stays connected"
  kill -TERM "$pid"
  set +e
  wait "$pid"; code=$?
  set -e
  expect_eq "$code" 0 "$mode: SIGTERM exits 0"
  from=$((from + 4000))
done
hits=$(fake http_hits)
recent=$(sed -n 's/.*recent=\([0-9]*\).*/\1/p' <<<"$hits")
emotes=$(sed -n 's/.*emotes=\([0-9]*\).*/\1/p' <<<"$hits")
[ "${recent:-0}" -ge 6 ] && [ "${emotes:-0}" -ge 6 ] || fail "the failing services were not asked: $hits"
pass "the failing services were asked ($hits)"
fake quit >/dev/null
finish
