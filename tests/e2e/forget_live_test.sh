#!/usr/bin/env bash
# A running `serve` reflects `forget` from another process within 1 s, without a restart:
# before, the chatter is in the leaderboards, totals, search, active chatters, emotes and
# other users' answers (replies, rivals); after, no answer names them, the totals shrank
# by their messages, and the answers equal those of a server started afresh on the
# forgotten database. Prints the observed latency.
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
port=${E2E_PORT:-$(free_port)}
db="sqlite://$work/live.db"
"$bin" import --db "$db" "$fixture" >/dev/null 2>&1
who=kotzblitz20
user_id=$(sqlite3 "$work/live.db" "SELECT user_id FROM senders WHERE login = '$who' LIMIT 1")
[ -n "$user_id" ] || fail "no user id of $who in the fixture"

pid=""
start_server() {
  RATE_LIMIT_ENABLED=false CHAT_ENABLED=false RECENT_MESSAGES_URL= \
    "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 \
    --now 2024-01-06T16:24:00Z --timezone America/Sao_Paulo >>"$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
}
stop_server() { kill -TERM "$pid"; wait "$pid" || fail "the server did not stop cleanly"; }
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
api() { curl -s "http://127.0.0.1:$port/api/v1/$1"; }

paths=(
  "stats/leaderboard?limit=100" "stats/leaderboard?period=day&limit=100"
  "stats/leaderboard?period=week&limit=100" "stats/leaderboard?period=month&limit=100"
  "stats/rising-stars?limit=50" "stats/hour-leaders" "stats/top-writers?limit=50"
  "stats/active-chatters" "stats/chat-activity" "stats/overall-activity"
  "stats/unique-chatters" "stats/top-emotes" "stats/search?q=kotz" "stats/search?q=k"
)
# snapshot FILE: every list answer, then every user's answers in every period.
snapshot() {
  : > "$1"
  for p in "${paths[@]}"; do api "$p" >> "$1"; echo >> "$1"; done
  local users
  users=$(sqlite3 "$work/live.db" "SELECT DISTINCT login FROM senders ORDER BY login")
  for u in $users; do
    for period in all day week month; do api "stats/user/$u?period=$period" >> "$1"; echo >> "$1"; done
  done
}

start_server
snapshot "$work/before.txt"
# The chatter is in many answers before: lists, search, totals and other users' answers.
grep -qi "\"$who\"" <(api "stats/leaderboard?limit=100") || fail "$who not in the leaderboard before"
grep -qi "$who" <(api "stats/search?q=kotz") || fail "$who not found by search before"
grep -qi "$who" <(api "stats/active-chatters") || fail "$who not among active chatters before"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/stats/user/$who")" = 200 ] ||
  fail "no page of $who before"
others_naming=0
for u in $(sqlite3 "$work/live.db" "SELECT DISTINCT login FROM senders WHERE login <> '$who'"); do
  api "stats/user/$u" | grep -qi "$who" && others_naming=$((others_naming + 1))
done
[ "$others_naming" -gt 0 ] || fail "no other user's answer names $who before (replies, rival)"
pass "before: $who is in the leaderboard, search, active chatters and $others_naming other users' answers"
emotes_before=$(api stats/top-emotes)
applied_before=$(api health | grep -o '"messages_stored":[0-9]*' | cut -d: -f2)
expect_eq "$applied_before" 398 "the engine holds 398 messages before"

# forget in another process; then poll for the server's answers to change.
t0=$(date +%s%N)
"$bin" forget --db "$db" "$who" >/dev/null 2>&1 || fail "forget failed"
t1=$(date +%s%N)
seen=""
while :; do
  now=$(date +%s%N)
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/stats/user/$who")
  if [ "$code" = 404 ]; then seen=$(date +%s%N); break; fi
  [ $(( (now - t1) / 1000000 )) -gt 5000 ] && break
  sleep 0.02
done
[ -n "$seen" ] || fail "the server still answers for $who 5 s after forget: $(tail -5 "$work/serve.log")"
latency_ms=$(( (seen - t1) / 1000000 ))
forget_ms=$(( (t1 - t0) / 1000000 ))
echo "observed: forget command ${forget_ms} ms; answers changed ${latency_ms} ms after it exited"
[ "$latency_ms" -le 1000 ] || fail "the answers changed only $latency_ms ms after the forget (> 1 s)"
pass "the running server reflects the forget within 1 s (${latency_ms} ms)"

snapshot "$work/after.txt"
if grep -qi -e "$who" -e "\"$user_id\"" "$work/after.txt"; then
  fail "an answer still names $who: $(grep -i -m3 -e "$who" -e "\"$user_id\"" "$work/after.txt" | cut -c1-300)"
fi
pass "no answer of any endpoint or user names $who or their user id"
[ "$(api stats/top-emotes)" != "$emotes_before" ] || fail "the emote counts did not change ($who used emotes)"
pass "the emote counts lost $who's uses"
expect_eq "$(api health | grep -o '"messages_stored":[0-9]*' | cut -d: -f2)" 361 \
  "the engine holds 361 messages after (398 - 37)"
grep -q "forget: statistics rebuilt" "$work/serve.log" || fail "no rebuild line in the log"
pass "the log says the statistics were rebuilt"
# Every answer equals that of a server started afresh on the forgotten database.
stop_server
start_server
snapshot "$work/fresh.txt"
diff "$work/after.txt" "$work/fresh.txt" > "$work/diff.txt" ||
  fail "answers after the live forget differ from a fresh start: $(head -c 600 "$work/diff.txt")"
pass "every answer after the live forget equals a fresh start's"
stop_server
finish
