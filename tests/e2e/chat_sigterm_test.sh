#!/usr/bin/env bash
# SIGTERM while the Twitch stand-in sends at full speed loses nothing. "Received" means:
# every message Twitch wrote to our connection before it read our QUIT. On SIGTERM serve
# stops taking new chat (QUIT on every connection), reads and stores what the server still
# sends until the server closes the link, stores everything queued, and exits 0. The
# stand-in counts a message delivered once it has been written whole to the socket, and
# drops what it had not written when the QUIT arrived: stored == delivered, by id.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

start_fake "$fake_bin"
port=$(free_port)
db="$work/chat.db"
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" \
  TWITCH_TIMING_SCALE=0.1 \
  "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null

# 150 batches of 2,000 queued back to back (the stand-in writes them as fast as the link
# takes them); SIGTERM after the 20th, while the stream goes on.
for i in $(seq 0 149); do
  fake gen nymn $((i * 2000)) 2000 >/dev/null
  [ "$i" -eq 20 ] && kill -TERM "$pid"
done
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM mid-stream: exit 0"
counters=$(fake counters)
expect_contains "$counters" "quits=1" "serve sent QUIT on its connection"
fake delivered "$work/delivered.txt" >/dev/null
n=$(wc -l < "$work/delivered.txt")
[ "$n" -gt 1000 ] || fail "too few messages delivered before the stop ($n)"
[ "$n" -lt 300000 ] || fail "everything was delivered before the stop: not mid-stream ($n)"
pass "SIGTERM came mid-stream ($n of 300000 delivered)"
expect_stored_exactly "$db" "$work/delivered.txt"
grep -q "stopped" "$work/serve.log" || fail "no 'stopped' line in the log"
fake quit >/dev/null
finish
