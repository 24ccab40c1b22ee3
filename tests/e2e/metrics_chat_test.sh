#!/usr/bin/env bash
# The chat families of /metrics follow the live chat connection: connected is 1 once
# joined, messages received count what the stand-in delivered, a dropped connection (while
# the stand-in refuses new ones) counts an error and sets connected to 0, and the rejoin
# counts a reconnect and sets it to 1 again.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2
start_fake "$fake_bin"
port=$(free_port)
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  "$bin" serve --db "sqlite://$work/m.db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
metric() {  # metric NAME_WITH_LABELS: its value now (empty when absent)
  curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
wait_metric() {  # wait_metric NAME_WITH_LABELS VALUE: until it has VALUE (5 s at most)
  for _ in $(seq 1 50); do
    [ "$(metric "$1")" == "$2" ] && return 0
    sleep 0.1
  done
  fail "$1 is '$(metric "$1")', expected $2"
}
fake wait_joined nymn 1 >/dev/null
wait_metric 'pererecos_chat_connected{channel="nymn"}' 1
pass "pererecos_chat_connected is 1 once joined"
fake gen nymn 0 40 >/dev/null
fake flush >/dev/null
wait_metric 'pererecos_chat_messages_received_total{channel="nymn"}' 40
pass "pererecos_chat_messages_received_total counts the 40 delivered messages"
[ -z "$(metric 'pererecos_chat_reconnects_total{channel="nymn"}')" ] ||
  [ "$(metric 'pererecos_chat_reconnects_total{channel="nymn"}')" == 0 ] || fail "a reconnect before any drop"
fake refuse on >/dev/null
fake drop >/dev/null
wait_metric 'pererecos_chat_errors_total{channel="nymn",kind="connection"}' 1
wait_metric 'pererecos_chat_connected{channel="nymn"}' 0
pass "a dropped connection counts an error of kind connection and connected is 0"
fake refuse off >/dev/null
fake wait_joined nymn 1 >/dev/null
wait_metric 'pererecos_chat_reconnects_total{channel="nymn"}' 1
wait_metric 'pererecos_chat_connected{channel="nymn"}' 1
pass "the rejoin counts a reconnect and connected is 1 again"
if command -v promtool >/dev/null; then
  out=$(curl -s "http://127.0.0.1:$port/metrics" | promtool check metrics 2>&1) || fail "promtool: $out"
  pass "promtool check metrics accepts the chat families"
fi
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
fake quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
