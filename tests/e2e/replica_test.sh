#!/usr/bin/env bash
# DATABASE_REPLICA_URL: a real PostgreSQL primary and a streaming replica made with
# `pg_basebackup -R`, both started here (initdb + pg_ctl, 127.0.0.1, private ports and
# socket directories, as an unprivileged user). `serve` rebuilds from the replica and
# follows it; imports go to the primary. With replay paused on the replica the answers
# stay behind; resumed, they converge to the primary's.
#   replica_test.sh BIN   (PERERECOS_TEST_PG_PORTS=LOW-HIGH narrows the ports tried)
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
bindir=${PERERECOS_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/pg_ctl" ] || fail "no PostgreSQL server binaries (scripts/setup.sh all)"

as_user=()
if [ "$(id -u)" = 0 ]; then  # initdb and postgres refuse to run as root
  owner=postgres
  id -u postgres >/dev/null 2>&1 || owner=nobody
  as_user=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --clear-groups --)
  chmod 755 "$work"
fi
mkdir -p "$work/pg" "$work/sock1" "$work/sock2"
[ -n "${as_user[*]}" ] && chown "$owner" "$work/pg" "$work/sock1" "$work/sock2"
pgrun() { (cd "$work/pg" && "${as_user[@]}" "$@"); }

range=${PERERECOS_TEST_PG_PORTS:-20000-32767}
low=${range%-*}
high=${range#*-}
pick_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((low + (RANDOM * 32768 + RANDOM) % (high - low + 1)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  fail "no free port in $range"
}
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  for d in replica primary; do
    [ -d "$work/pg/$d" ] && pgrun "$bindir/pg_ctl" -D "$work/pg/$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

pgrun "$bindir/initdb" -D "$work/pg/primary" -U pererecos --auth=trust -E UTF8 --locale=C \
  --no-sync >"$work/initdb.log" 2>&1 || fail "initdb: $(cat "$work/initdb.log")"
p1=$(pick_port)
pgrun "$bindir/pg_ctl" -D "$work/pg/primary" -l "$work/pg/primary.log" -w -t 30 \
  -o "-p $p1 -k $work/sock1 -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica" \
  start >/dev/null || fail "the primary did not start: $(cat "$work/pg/primary.log")"
primary="postgresql://pererecos@127.0.0.1:$p1/postgres"
pgrun "$bindir/pg_basebackup" -h 127.0.0.1 -p "$p1" -U pererecos -D "$work/pg/replica" -R \
  -X stream >"$work/basebackup.log" 2>&1 || fail "pg_basebackup: $(cat "$work/basebackup.log")"
p2=$(pick_port)
pgrun "$bindir/pg_ctl" -D "$work/pg/replica" -l "$work/pg/replica.log" -w -t 30 \
  -o "-p $p2 -k $work/sock2 -c listen_addresses=127.0.0.1 -c hot_standby=on" \
  start >/dev/null || fail "the replica did not start: $(cat "$work/pg/replica.log")"
replica="postgresql://pererecos@127.0.0.1:$p2/postgres"
expect_eq "$(psql -X -At "$replica" -c 'SELECT pg_is_in_recovery()')" t "the replica is a hot standby"

# The first half before the server starts (rebuilt from the replica), the rest while it runs.
head -n 200 "$fixture" >"$work/first.irc"
tail -n +201 "$fixture" >"$work/second.irc"
"$bin" import --db "$primary" "$work/first.irc" >/dev/null 2>&1

set +e
err=$(DATABASE_REPLICA_URL="$replica" "$bin" config --db "sqlite://$work/x.db" 2>&1); code=$?
set -e
expect_eq "$code" 2 "a replica with an SQLite DATABASE_URL is a configuration error"
expect_contains "$err" "DATABASE_REPLICA_URL" "the error names the setting"

port=$(free_port)
DATABASE_REPLICA_URL="$replica" "$bin" serve --db "$primary" --port "$port" --host 127.0.0.1 \
  --now 2024-01-07T00:00:00Z >"$work/serve.log" 2>&1 &
server_pid=$!
wait_for_health "$port" "$server_pid" "$work/serve.log"
total_of() {
  curl -s "http://127.0.0.1:$port/api/v1/stats/leaderboard?limit=1" |
    sed -n 's/.*"total_messages":\([0-9]*\).*/\1/p'
}
on_primary() { psql -X -At "$primary" -c "$1"; }
wait_total() {  # wait_total N: until the API says N messages (10 s at most)
  local t=""
  for _ in $(seq 1 100); do
    t=$(total_of)
    [ "${t:-0}" = "$1" ] && { echo "$t"; return 0; }
    sleep 0.1
  done
  echo "${t:-none}"
}
first=$(on_primary 'SELECT count(*) FROM messages')
expect_eq "$(wait_total "$first")" "$first" "rebuilt from the replica: the primary's $first messages"
readers=$(psql -X -At "$replica" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'postgres' AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
[ "$readers" -ge 1 ] || fail "serve holds no connection to the replica"
pass "serve reads from the replica ($readers connection)"

# Replay paused: the primary moves on, the answers (read from the replica) do not.
psql -X -At "$replica" -c 'SELECT pg_wal_replay_pause()' >/dev/null
"$bin" import --db "$primary" "$work/second.irc" >/dev/null 2>&1
all=$(on_primary 'SELECT count(*) FROM messages')
[ "$all" -gt "$first" ] || fail "the second import stored nothing"
sleep 2
expect_eq "$(total_of)" "$first" "with replay paused the answers stay at the replica's state"
psql -X -At "$replica" -c 'SELECT pg_wal_replay_resume()' >/dev/null
expect_eq "$(wait_total "$all")" "$all" "replay resumed: the answers converge to the primary's $all"
expect_eq "$(psql -X -At "$replica" -c 'SELECT count(*) FROM messages')" "$all" \
  "the replica holds what the primary holds"

# Writes go to the primary: feedback posted to the server lands there.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"type":"bug","message":"via replica test"}' "http://127.0.0.1:$port/api/v1/feedback")
[ "$code" -lt 300 ] || fail "feedback was refused ($code)"
expect_eq "$(on_primary "SELECT count(*) FROM feedback WHERE message = convert_to('via replica test', 'UTF8')")" 1 \
  "a write through the server reached the primary"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
finish
