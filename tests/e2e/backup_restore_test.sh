#!/usr/bin/env bash
# `backup` while `import` writes (and `serve` reads) gives consistent copies (whole import
# batches, integrity ok); `restore` refuses a database in use or existing without --force,
# and a restored database answers exactly like the backup it came from; importing the
# file again completes it into the answers of the full import.
source "$(dirname "$0")/lib.sh"
bin=$1
datagen=$2
port=$(free_port)
now=2024-03-01T00:00:00Z

"$datagen" --messages 600000 --users 20000 --days 30 --seed 5 --end "$now" \
  --format irc --out "$work/chat.irc" >/dev/null 2>&1

pid=""
start_server() {  # start_server DB_FILE
  RATE_LIMIT_ENABLED=false "$bin" serve --db "sqlite://$1" --port "$port" --host 127.0.0.1 \
    --now "$now" >>"$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
}
stop_server() { kill -TERM "$pid"; wait "$pid" || fail "the server did not stop cleanly"; pid=""; }
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
snapshot() {  # snapshot FILE: a set of answers, one per line
  : > "$1"
  local users
  users=$(curl -s "http://127.0.0.1:$port/api/v1/stats/leaderboard?limit=100" |
    grep -o '"username":"[^"]*"' | cut -d'"' -f4 | head -n 5)
  [ -n "$users" ] || fail "no users in the leaderboard"
  for p in "stats/leaderboard?limit=100" "stats/rising-stars?limit=50" "stats/hour-leaders" \
           "stats/top-writers?limit=50" "stats/overall-activity" "stats/top-emotes" \
           "stats/chat-activity" "stats/search?q=us"; do
    curl -s "http://127.0.0.1:$port/api/v1/$p" >> "$1"; echo >> "$1"
  done
  for u in $users; do
    curl -s "http://127.0.0.1:$port/api/v1/stats/user/$u?period=week" >> "$1"; echo >> "$1"
  done
}
events() { sqlite3 "$1" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM moderation)'; }

# A server follows the live database while the import writes and the backups copy it.
live="$work/live.db"
"$bin" import --db "sqlite://$live" "$work/chat.irc" --format irc >/dev/null 2>&1 &
import_pid=$!
for _ in $(seq 1 400); do
  [ "$(sqlite3 "$live" 'SELECT count(*) FROM messages' 2>/dev/null || echo 0)" -gt 0 ] && break
  sleep 0.02
done
n=0
while kill -0 "$import_pid" 2>/dev/null && [ "$n" -lt 20 ]; do
  n=$((n + 1))
  "$bin" backup --db "sqlite://$live" "$work/backup-$n.db" > "$work/backup-$n.out" 2>&1 ||
    fail "backup $n failed: $(cat "$work/backup-$n.out")"
done
wait "$import_pid" || fail "the import failed"
[ "$n" -gt 0 ] || fail "the import ended before the first backup; nothing was tested"
total=$(events "$live")
mid=""
for i in $(seq 1 "$n"); do
  b="$work/backup-$i.db"
  [ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ] || fail "backup $i is damaged"
  [ ! -e "$b-wal" ] && [ ! -e "$work/backup-$i.db.partial" ] || fail "backup $i left side files"
  count=$(events "$b")
  # The importer commits 5,000 events per transaction: a consistent copy holds whole ones.
  if [ "$count" -ne "$total" ] && [ $((count % 5000)) -ne 0 ]; then
    fail "backup $i holds $count events: not a whole number of import transactions"
  fi
  if [ "$count" -gt 0 ] && [ "$count" -lt "$total" ] && [ -z "$mid" ]; then mid=$i; fi
done
[ -n "$mid" ] || fail "no backup was taken while the import was writing ($n backups, $total events)"
mid_count=$(events "$work/backup-$mid.db")
pass "$n backups during the import, all consistent; backup $mid holds $mid_count of $total events"
expect_contains "$(cat "$work/backup-$mid.out")" "integrity ok" "backup reports its check"

set +e
out=$("$bin" backup --db "sqlite://$live" "$work/backup-$mid.db" 2>&1); code=$?
set -e
expect_eq "$code" 1 "backup refuses to replace an existing file"
expect_contains "$out" "--force" "and says how to"

# Restore: refused while a server has the database open, and over an existing one.
start_server "$live"
snapshot "$work/full.txt"
set +e
out=$("$bin" restore --db "sqlite://$live" "$work/backup-$mid.db" 2>&1); code=$?
set -e
expect_eq "$code" 1 "restore refuses a database a running server has open"
expect_contains "$out" "running process" "the refusal names the running process"
stop_server
set +e
out=$("$bin" restore --db "sqlite://$live" "$work/backup-$mid.db" 2>&1); code=$?
set -e
expect_eq "$code" 1 "restore refuses an existing database without --force"
expect_eq "$(events "$live")" "$total" "the refused restore changed nothing"

echo "not a database" > "$work/junk.db"
set +e
out=$("$bin" restore --db "sqlite://$work/new.db" "$work/junk.db" 2>&1); code=$?
set -e
expect_eq "$code" 1 "restore refuses a file that is not a database"
expect_contains "$out" "not a readable SQLite database" "and says so"
[ ! -e "$work/new.db" ] || fail "the refused restore created the database"
cp "$work/backup-$mid.db" "$work/newer.db"
sqlite3 "$work/newer.db" 'PRAGMA user_version = 99'
set +e
out=$("$bin" restore --db "sqlite://$work/new.db" "$work/newer.db" 2>&1); code=$?
set -e
expect_eq "$code" 1 "restore refuses a backup from a newer schema"
expect_contains "$out" "schema version 99" "and names its version"

# The backup's own answers, then the restored database's: identical.
cp "$work/backup-$mid.db" "$work/reference.db"
start_server "$work/reference.db"
snapshot "$work/backup.txt"
stop_server
out=$("$bin" restore --db "sqlite://$live" --force "$work/backup-$mid.db" 2>&1)
expect_contains "$out" "restored" "restore --force replaces the database"
expect_eq "$(events "$live")" "$mid_count" "the restored database holds the backup's events"
start_server "$live"
snapshot "$work/restored.txt"
stop_server
lines=$(wc -l < "$work/restored.txt")
[ "$lines" -ge 13 ] && grep -q total_messages "$work/restored.txt" || fail "too few answers"
if ! diff -q "$work/backup.txt" "$work/restored.txt" >/dev/null; then
  diff "$work/backup.txt" "$work/restored.txt" | head -n 10 >&2
  fail "the restored database answers differently from its backup"
fi
pass "$lines answers of the restored database equal the backup's"
if diff -q "$work/backup.txt" "$work/full.txt" >/dev/null; then
  fail "the mid-import backup answers like the full import; the comparison proves nothing"
fi

# Importing the file again completes the restored database: the full import's answers.
"$bin" import --db "sqlite://$live" "$work/chat.irc" --format irc >/dev/null 2>&1
expect_eq "$(events "$live")" "$total" "re-import completes the restored database"
start_server "$live"
snapshot "$work/completed.txt"
stop_server
diff -q "$work/full.txt" "$work/completed.txt" >/dev/null ||
  fail "restored + re-imported answers differ from the full import's"
pass "restored + re-imported answers equal the full import's"
finish
