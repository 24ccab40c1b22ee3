#!/usr/bin/env bash
# kill -9 the importer mid-run, reopen: the database is intact, whole batches only, and
# importing again completes the rest with no duplicates.
source "$(dirname "$0")/lib.sh"
bin=$1
datagen=$2

"$datagen" --messages 400000 --users 20000 --days 30 --seed 11 --end 2024-03-01T00:00:00Z \
  --format irc --out "$work/chat.irc" >/dev/null 2>&1
# The reference: the same file imported in one go.
"$bin" import --db "sqlite://$work/reference.db" "$work/chat.irc" >/dev/null 2>&1
total=$(sqlite3 "$work/reference.db" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM moderation)')
[ "$total" -gt 390000 ] || fail "reference import stored only $total events"

"$bin" import --db "sqlite://$work/chat.db" "$work/chat.irc" >/dev/null 2>&1 &
pid=$!
stored=0
for _ in $(seq 1 400); do
  sleep 0.05
  stored=$(sqlite3 "$work/chat.db" 'SELECT count(*) FROM messages' 2>/dev/null || echo 0)
  [ "$stored" -gt 0 ] && break
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ "$stored" -gt 0 ] || fail "the importer committed nothing before it was killed"

expect_eq "$(sqlite3 "$work/chat.db" 'PRAGMA integrity_check')" ok "integrity after kill -9"
after_crash=$(sqlite3 "$work/chat.db" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM moderation)')
[ "$after_crash" -lt "$total" ] || fail "the importer finished before the kill; nothing was tested"
pass "killed mid-run with $after_crash of $total events committed"

out=$("$bin" import --db "sqlite://$work/chat.db" "$work/chat.irc" 2>/dev/null | tail -n 1)
expect_contains "$out" "$((total - after_crash)) stored, $after_crash duplicates" \
  "re-import stores exactly the rest"
final=$(sqlite3 "$work/chat.db" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM moderation)')
expect_eq "$final" "$total" "every event once after the re-import"
same=$(sqlite3 "$work/chat.db" "ATTACH '$work/reference.db' AS ref;
  SELECT count(*) FROM (SELECT ts, id FROM messages EXCEPT SELECT ts, id FROM ref.messages)")
expect_eq "$same" 0 "the same messages as a clean import"

# Ctrl-C (SIGINT): the importer stops reading, stores what it read and says so.
"$bin" import --db "sqlite://$work/interrupted.db" "$work/chat.irc" >"$work/int.out" 2>/dev/null &
pid=$!
for _ in $(seq 1 400); do
  sleep 0.05
  n=$(sqlite3 "$work/interrupted.db" 'SELECT count(*) FROM messages' 2>/dev/null || echo 0)
  [ "$n" -gt 0 ] && break
done
kill -INT "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 130 "SIGINT ends the import with exit code 130"
expect_contains "$(cat "$work/int.out")" "interrupted" "the summary says it was interrupted"
stored=$(sed -n 's/^total: .*read, \([0-9]*\) stored.*/\1/p' "$work/int.out")
in_db=$(sqlite3 "$work/interrupted.db" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM moderation)')
expect_eq "$in_db" "$stored" "everything the summary counts as stored is in the database"
finish
