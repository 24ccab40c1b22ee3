#!/usr/bin/env bash
# PostgreSQL unavailable (docs/scaling.md, "Failure cases"):
#   1. down at start: `serve` exits with status 1 and a clear message naming the server
#      (password redacted) — the documented choice; systemd's Restart=on-failure retries;
#   2. down mid-run (a private server of this test, stopped and started again): /health
#      turns degraded, chat keeps being read and buffered, and once the server is back the
#      store and the answers hold every message exactly once.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
source "$(dirname "$0")/pg_lib.sh"
bin=$1
fake_bin=$2
cluster="bash $(dirname "$0")/../storage/postgres_cluster.sh"

# 1. Nothing listens on the port.
dead_port=$(free_port)
set +e
DATABASE_URL="postgresql://pererecos:s3cret@127.0.0.1:$dead_port/stats" timeout 30 \
  "$bin" serve --port "$(free_port)" --host 127.0.0.1 > "$work/down.log" 2>&1
code=$?
set -e
expect_eq "$code" 1 "serve exits with status 1 when PostgreSQL is down at start"
expect_contains "$(cat "$work/down.log")" "cannot open the database" "the error says what failed"
expect_contains "$(cat "$work/down.log")" "127.0.0.1:$dead_port" "and names the server"
grep -q s3cret "$work/down.log" && fail "the password is in the log"
pass "the password is not in the log"

# 2. A private server, stopped mid-run.
$cluster start "$work/pg" > /dev/null
pid= fake_pid=
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; $cluster stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
pg_admin=$(cat "$work/pg/url")
psql -q "$pg_admin" -c "CREATE DATABASE outage" >/dev/null
pg_url="${pg_admin%/*}/outage"
start_fake "$fake_bin" --recent-log "$work/recent.log" --history-limit 800
start_recent
port=$(free_port)
start_instance main "$port" alpha
pid=$pid_main
wait_for_health "$port" "$pid" "$work/main.log"
fake wait_joined alpha 1 20000 >/dev/null
fake gen alpha 0 200 >/dev/null
for _ in $(seq 1 100); do [ "$(stored_count "$port")" = 200 ] && break; sleep 0.1; done
expect_eq "$(stored_count "$port")" 200 "stored and answered before the outage"

$cluster down "$work/pg"
for _ in $(seq 1 100); do
  [[ "$(health_json "$port")" == *'"status":"degraded"'* ]] && break
  sleep 0.1
done
health=$(health_json "$port")
expect_contains "$health" '"status":"degraded"' "/health is degraded while the database is down"
expect_contains "$health" '"database_connected":false' "and says the database is not connected"
fake gen alpha 1000 300 >/dev/null  # read from chat and buffered meanwhile
fake flush >/dev/null
sleep 2
expect_eq "$(stored_count "$port")" 200 "nothing new is answered while the database is down"
kill -0 "$pid" || fail "serve exited during the outage: $(tail -5 "$work/main.log")"
pass "serve keeps running during the outage"

$cluster up "$work/pg"
for _ in $(seq 1 300); do [ "$(stored_count "$port")" = 500 ] && break; sleep 0.1; done
expect_eq "$(stored_count "$port")" 500 "after the server is back every buffered message is answered"
for _ in $(seq 1 100); do
  [[ "$(health_json "$port")" == *'"status":"healthy"'* ]] && break
  sleep 0.1
done
expect_contains "$(health_json "$port")" '"status":"healthy"' "/health is healthy again"
expect_eq "$(pg_sql 'select count(*) from messages')" 500 "the store holds 500 messages"
expect_eq "$(pg_sql 'select count(distinct id) from messages')" 500 "none twice"
diff <(logged_ids "$work/recent.log") <(pg_stored_ids) > "$work/diff.txt" ||
  fail "stored ids differ from generated ones: $(head -5 "$work/diff.txt")"
pass "exactly the generated messages are stored"
kill -TERM "$pid"
wait "$pid" || fail "SIGTERM did not stop serve cleanly"
fake quit >/dev/null
finish
