#!/usr/bin/env bash
# `serve` answers the API, reflects an import made by another process while it runs, and
# stops cleanly on SIGTERM.
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
port=$(free_port)
db="sqlite://$work/live.db"
if [ "${E2E_BACKEND:-sqlite}" = postgres ]; then  # the same test on PostgreSQL (fixture postgres)
  source "$(dirname "$0")/pg_lib.sh"
  pg_fresh_database e2e_serve_import
  db=$pg_url
fi

GLIBC_TUNABLES=glibc.malloc.arena_max=4 \
  "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 --now 2024-01-07T00:00:00Z \
  > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
if [ "${EXPECT_HUGE_PAGES:-1}" = 1 ]; then
  # The server re-executed itself with the huge-page tunable added to the user's own (glibc
  # rewrites the variable in place while parsing it, so /proc shows the parts apart).
  environ=$(tr '\0' '\n' < "/proc/$pid/environ")
  expect_contains "$environ" "glibc.malloc.hugetlb=1" "the heap runs on huge pages"
  expect_contains "$environ" "GLIBC_TUNABLES=glibc.malloc.arena_max=4" "the user's tunables are kept"
fi
health=$(curl -s "http://127.0.0.1:$port/api/v1/health")
expect_contains "$health" '"status":"healthy"' "health answers on an empty database"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/stats/leaderboard")
expect_eq "$code" 404 "no channel yet: the default channel is unknown"

"$bin" import --db "$db" "$fixture" >/dev/null 2>&1
# The engine applies the new messages one by one, so poll until all of them are in.
board=""
total=0
for _ in $(seq 1 50); do
  board=$(curl -s "http://127.0.0.1:$port/api/v1/stats/leaderboard?limit=1")
  total=$(sed -n 's/.*"total_messages":\([0-9]*\).*/\1/p' <<<"$board")
  [ "${total:-0}" -ge 390 ] && break
  sleep 0.1
done
expect_contains "$board" '"period":"all"' "leaderboard answers after the import"
[ "${total:-0}" -ge 390 ] || fail "the import by another process is not reflected: $board"
pass "an import by another process is reflected ($total messages)"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/stats/leaderboard?channel=NymN")
expect_eq "$code" 200 "the channel parameter is case-insensitive"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
expect_eq "$code" 200 "the dashboard page is served"

kill -TERM "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM stops the server cleanly"
expect_contains "$(cat "$work/serve.log")" "stopped" "the log says it stopped"
finish
