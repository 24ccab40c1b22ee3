#!/usr/bin/env bash
# The answers after a restart equal the answers before it: every endpoint, byte for byte,
# with the clock frozen.
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
port=$(free_port)
db="sqlite://$work/restart.db"
if [ "${E2E_BACKEND:-sqlite}" = postgres ]; then  # the same test on PostgreSQL (fixture postgres)
  source "$(dirname "$0")/pg_lib.sh"
  pg_fresh_database e2e_restart
  db=$pg_url
fi
"$bin" import --db "$db" "$fixture" >/dev/null 2>&1

pid=""
start_server() {
  RATE_LIMIT_ENABLED=false "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 \
    --now 2024-01-06T18:00:00Z --timezone America/Sao_Paulo >>"$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
}
stop_server() { kill -TERM "$pid"; wait "$pid" || fail "the server did not stop cleanly"; }

# Users of the fixture: the busiest few and one with a single message.
paths=(
  "stats/leaderboard?limit=100" "stats/leaderboard?period=day&limit=5"
  "stats/rising-stars?limit=50" "stats/hour-leaders" "stats/top-writers?limit=50"
  "stats/active-chatters" "stats/chat-activity" "stats/overall-activity"
  "stats/unique-chatters" "stats/top-emotes" "stats/search?q=mo"
)
snapshot() {  # snapshot FILE: every answer, one per line
  : > "$1"
  local users
  users=$(curl -s "http://127.0.0.1:$port/api/v1/stats/leaderboard?limit=100" |
    grep -o '"username":"[^"]*"' | cut -d'"' -f4 | head -n 8)
  [ -n "$users" ] || fail "no users in the leaderboard"
  for p in "${paths[@]}"; do
    curl -s "http://127.0.0.1:$port/api/v1/$p" >> "$1"; echo >> "$1"
  done
  for u in $users; do
    for period in all day week month; do
      curl -s "http://127.0.0.1:$port/api/v1/stats/user/$u?period=$period" >> "$1"; echo >> "$1"
    done
  done
  curl -s "http://127.0.0.1:$port/api/v1/stats/compare/$(head -n1 <<<"$users")/$(tail -n1 <<<"$users")" >> "$1"
  echo >> "$1"
}

start_server
snapshot "$work/before.txt"
stop_server
start_server
snapshot "$work/after.txt"
stop_server

lines=$(wc -l < "$work/before.txt")
[ "$lines" -ge 40 ] || fail "only $lines answers collected"
grep -q '"total_messages"' "$work/before.txt" || fail "no statistics in the answers"
if ! diff -q "$work/before.txt" "$work/after.txt" >/dev/null; then
  diff "$work/before.txt" "$work/after.txt" | head -n 20 >&2
  fail "answers differ after a restart"
fi
pass "$lines answers identical before and after a restart"
finish
