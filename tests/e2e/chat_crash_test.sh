#!/usr/bin/env bash
# kill -9 of `serve` while chat arrives at full speed: the database passes
# `PRAGMA integrity_check`; after a restart the gap back-fill (the recent-messages
# stand-in holds every line sent to the channel, joined or not) brings back what was
# lost — the messages in flight at the crash and those sent while serve was down —
# with nothing missing and nothing doubled, compared by message id.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

start_fake "$fake_bin"
start_fake_http
port=$(free_port)
db="$work/chat.db"
start_serve() {
  RECENT_MESSAGES_URL="http://127.0.0.1:$http_port/api/v2/recent-messages" \
    TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
    HEALTH_CHECK_TOKEN=secret \
    "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 >> "$work/serve.log" 2>&1 &
  pid=$!
}
start_serve
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null

# Full speed: batches of 2,000 queued back to back, then kill -9 while they are written.
for i in 0 1 2 3 4; do fake gen nymn $((i * 2000)) 2000 >/dev/null; done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
fake delivered "$work/delivered_before.txt" >/dev/null
stored_at_crash=$(sqlite3 "$db" "select count(*) from messages")
echo "delivered before the crash: $(wc -l < "$work/delivered_before.txt"), stored: $stored_at_crash"
expect_eq "$(sqlite3 "$db" "pragma integrity_check")" "ok" "integrity_check after kill -9"

# The gap: chat goes on while serve is down (only the recent-messages stand-in sees it).
fake gen nymn 10000 3000 >/dev/null

start_serve
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
fake gen nymn 13000 2000 >/dev/null
fake flush >/dev/null
fake history "$work/sent.txt" nymn >/dev/null
expect_eq "$(wc -l < "$work/sent.txt")" 15000 "the stand-in sent 15000 messages to the channel"
expect_stored_exactly "$db" "$work/sent.txt"
missing=$(comm -23 <(sort -u "$work/delivered_before.txt") <(stored_ids "$db") | wc -l)
expect_eq "$missing" 0 "every message delivered before the crash is stored"

health=$(curl -s -H "X-Health-Token: secret" "http://127.0.0.1:$port/api/v1/health")
expect_contains "$health" '"backfill":{' "health shows the channel's back-fill"
expect_contains "$health" '"error":null}' "the back-fill succeeded"
kill -TERM "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM after the restart: exit 0"
expect_eq "$(sqlite3 "$db" "pragma integrity_check")" "ok" "integrity_check at the end"
fake quit >/dev/null
finish
