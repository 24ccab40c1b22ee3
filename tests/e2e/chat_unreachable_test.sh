#!/usr/bin/env bash
# No busy loop while Twitch is unreachable or refuses our token: connect attempts and CPU
# time are counted over a window. Chat timings are scaled down 10x (TWITCH_TIMING_SCALE=0.1:
# back-off 0.1 s doubling to 12 s), so the 6 s window stands for a minute of production.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

cpu_seconds() {  # utime + stime of PID, in seconds
  awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"
}

start_fake "$fake_bin"
fake refuse on >/dev/null
port=$(free_port)
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  "$bin" serve --db "sqlite://$work/a.db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
cpu_before=$(cpu_seconds "$pid")
sleep 6
cpu_after=$(cpu_seconds "$pid")
counters=$(fake counters)
attempts=$(sed -n 's/.*connections=\([0-9]*\).*/\1/p' <<<"$counters")
echo "refused for 6 s: $attempts connect attempts, CPU $(awk "BEGIN{print $cpu_after-$cpu_before}") s"
[ "$attempts" -ge 3 ] || fail "the client stopped trying: $counters"
[ "$attempts" -le 20 ] || fail "too many connect attempts in 6 s (a loop?): $counters"
pass "refused connections are retried with back-off ($attempts attempts in 6 s)"
awk "BEGIN{exit !($cpu_after - $cpu_before < 0.5)}" || fail "CPU time while refused: $cpu_before -> $cpu_after"
pass "no busy loop while Twitch is unreachable (CPU $cpu_before -> $cpu_after s)"
health=$(curl -s "http://127.0.0.1:$port/api/v1/health")
expect_contains "$health" '"status":"degraded"' "health is degraded while the channel is not joined"
expect_contains "$health" '"state":"reconnecting"' "health says the chat is reconnecting"
fake refuse off >/dev/null
fake wait_joined nymn 1 20000 >/dev/null
pass "the client joins once Twitch accepts connections again"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"

# A rejected token: a clear error in the log and /health, slow retries, the token never shown.
token=e2etoken0123456789abcdef
fake reject_token "$token" >/dev/null
before=$(sed -n 's/.*rejected_logins=\([0-9]*\).*/\1/p' <<<"$(fake counters)")
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  TWITCH_OAUTH_TOKEN="oauth:$token" TWITCH_BOT_LOGIN=pererecos_bot TWITCH_OAUTH_URL=http://127.0.0.1:9/oauth2 \
  "$bin" serve --db "sqlite://$work/b.db" --port "$port" --host 127.0.0.1 > "$work/serve2.log" 2>&1 &
pid=$!
wait_for_health "$port" "$pid" "$work/serve2.log"
sleep 4
rejected=$(sed -n 's/.*rejected_logins=\([0-9]*\).*/\1/p' <<<"$(fake counters)")
rejected=$((rejected - before))
[ "$rejected" -ge 2 ] && [ "$rejected" -le 15 ] || fail "$rejected rejected logins in 4 s"
pass "a rejected token is retried with back-off ($rejected attempts in 4 s)"
health=$(curl -s "http://127.0.0.1:$port/api/v1/health")
expect_contains "$health" 'Login authentication failed' "health names the login failure"
expect_contains "$health" '"state":"invalid"' "health: the token is invalid (auth)"
expect_contains "$health" 'no refresh configured' "health says no refresh is configured"
expect_contains "$(cat "$work/serve2.log")" "no refresh is configured" "the log says so too"
expect_contains "$(cat "$work/serve2.log")" "Login authentication failed" "the log names it"
if grep -q "$token" "$work/serve2.log" <<<"$health"; then fail "the token appears in the log"; fi
[[ "$health" != *"$token"* ]] || fail "the token appears in /health"
pass "the token appears neither in the log nor in /health"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
fake quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
