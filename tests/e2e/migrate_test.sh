#!/usr/bin/env bash
# `migrate` both ways between SQLite and a real PostgreSQL (the CTest fixture "postgres"):
# everything arrives and is verified, a non-empty target is refused, kill -9 mid-run and
# a second run resumes and ends identical.
#   migrate_test.sh BIN DATAGEN   (PERERECOS_TEST_POSTGRES_URL_FILE names the cluster's URL)
source "$(dirname "$0")/lib.sh"
bin=$1
datagen=$2
admin=$(cat "${PERERECOS_TEST_POSTGRES_URL_FILE:?needs the postgres CTest fixture}")
db="pererecos_migrate_$$"
pg="${admin%/*}/$db"
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
trap 'for d in $db ${db}_k ${db}_t; do psql -q -X "$admin" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done; rm -rf "$work"' EXIT

# Two channels, with moderation events, and every side table filled.
"$datagen" --messages 150000 --users 8000 --days 10 --seed 5 --channel alpha --room-id 11 \
  --end 2024-03-01T00:00:00Z --format irc --out "$work/alpha.irc" >/dev/null 2>&1
"$datagen" --messages 100000 --users 5000 --days 10 --seed 6 --channel beta --room-id 22 \
  --end 2024-03-01T00:00:00Z --format irc --out "$work/beta.irc" >/dev/null 2>&1
"$bin" import --db "sqlite://$work/a.db" "$work/alpha.irc" "$work/beta.irc" >/dev/null 2>&1
sqlite3 "$work/a.db" "INSERT INTO feedback(type, message, created_ms) VALUES ('bug', 'o gráfico quebrou', 1700000000000), ('sugestao', 'mais cores', 1700000001000);
  INSERT INTO emote_sets(provider, set_key, body, fetched_ms) VALUES ('7tv', '01ABC', '{\"emotes\":[]}', 1700000002000);
  INSERT INTO settings(key, value) VALUES ('oauth.refresh_token', 'secret-token'), ('demo', 'x');"
messages=$(sqlite3 "$work/a.db" 'SELECT count(*) FROM messages')
moderation=$(sqlite3 "$work/a.db" 'SELECT count(*) FROM moderation')
[ "$messages" -gt 240000 ] || fail "the import stored only $messages messages"

# SQLite -> PostgreSQL.
out=$("$bin" migrate --from "sqlite://$work/a.db" --to "$pg" 2>"$work/err1") ||
  fail "migrate to PostgreSQL failed: $out $(cat "$work/err1")"
expect_contains "$out" "verified: both sides hold the same rows" "SQLite -> PostgreSQL verified"
expect_contains "$out" "#alpha 150000/150000" "per-channel counts printed (alpha)"
expect_contains "$out" "#beta 100000/100000" "per-channel counts printed (beta)"
expect_contains "$(cat "$work/err1")" "migrate: messages" "plain progress lines when stderr is no terminal"
q() { psql -X -At "$pg" -c "$1"; }
expect_eq "$(q 'SELECT count(*) FROM messages')" "$messages" "every message in PostgreSQL"
expect_eq "$(q 'SELECT count(*) FROM moderation')" "$moderation" "every moderation event in PostgreSQL"
expect_eq "$(q "SELECT count(*) FROM pg_indexes WHERE indexname = 'messages_by_sender'")" 1 \
  "the index dropped for the bulk load is back"
expect_eq "$(q "SELECT convert_from(message, 'UTF8') FROM feedback ORDER BY id LIMIT 1")" \
  "o gráfico quebrou" "feedback text kept"
expect_eq "$(q "SELECT convert_from(value, 'UTF8') FROM settings WHERE key = 'oauth.refresh_token'")" \
  "secret-token" "settings (tokens) kept"
expect_eq "$(q "SELECT fetched_ms FROM emote_sets WHERE provider = '7tv'")" 1700000002000 \
  "emote-set snapshot kept"

# The same run again: nothing to do, verified again. Another source: refused.
out=$("$bin" migrate --from "sqlite://$work/a.db" --to "$pg" 2>/dev/null)
expect_contains "$out" "already holds a finished copy" "a finished migration is not repeated"
"$bin" import --db "sqlite://$work/other.db" "$work/beta.irc" >/dev/null 2>&1
set +e
err=$("$bin" migrate --from "sqlite://$work/other.db" --to "$pg" 2>&1 >/dev/null); code=$?
set -e
expect_eq "$code" 1 "a non-empty target is refused (exit 1)"
expect_contains "$err" "is not empty" "the refusal says why"
expect_eq "$(q 'SELECT count(*) FROM messages')" "$messages" "the refused run wrote nothing"
out=$("$bin" migrate --append --from "sqlite://$work/other.db" --to "$pg" 2>/dev/null)
expect_contains "$out" "verified: the target holds at least" "--append adds to a non-empty target"
expect_contains "$out" "100000 already there" "--append stored no duplicate"

# PostgreSQL -> SQLite, killed mid-run, then resumed.
"$bin" migrate --batch 1000 --from "$pg" --to "sqlite://$work/b.db" >/dev/null 2>&1 &
pid=$!
copied=0
for _ in $(seq 1 1000); do
  sleep 0.01
  copied=$(sqlite3 "$work/b.db" 'SELECT count(*) FROM messages' 2>/dev/null || echo 0)
  [ "$copied" -gt 0 ] && break
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
copied=$(sqlite3 "$work/b.db" 'SELECT count(*) FROM messages')
[ "$copied" -gt 0 ] && [ "$copied" -lt "$messages" ] ||
  fail "the kill did not land mid-run ($copied of $messages copied)"
pass "killed with $copied of $messages messages copied"
out=$("$bin" migrate --batch 1000 --from "$pg" --to "sqlite://$work/b.db" 2>/dev/null) ||
  fail "the resumed migration failed: $out"
expect_contains "$out" "resumed an interrupted migration" "the second run resumes"
expect_contains "$out" "verified: both sides hold the same rows" "PostgreSQL -> SQLite verified"
diff=$(sqlite3 "$work/b.db" "ATTACH '$work/a.db' AS a;
  SELECT (SELECT count(*) FROM (SELECT ts, id FROM messages EXCEPT SELECT ts, id FROM a.messages))
       + (SELECT count(*) FROM (SELECT ts, id FROM a.messages EXCEPT SELECT ts, id FROM messages))")
expect_eq "$diff" 0 "the round trip holds exactly the original messages"
same_text=$(sqlite3 "$work/b.db" "ATTACH '$work/a.db' AS a;
  SELECT count(*) FROM messages m JOIN a.messages o USING (ts, id) WHERE m.text = o.text")
expect_eq "$same_text" "$messages" "message texts identical after the round trip"
expect_eq "$(sqlite3 "$work/b.db" "SELECT value FROM settings WHERE key = 'oauth.refresh_token'")" \
  "secret-token" "settings back in SQLite"
expect_eq "$(sqlite3 "$work/b.db" 'SELECT count(*) FROM feedback')" 2 "feedback back in SQLite"

# SQLite -> PostgreSQL, killed mid-run (its index dropped for the bulk load), resumed.
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_k WITH (FORCE)" -c "CREATE DATABASE ${db}_k"
"$bin" migrate --batch 2000 --from "sqlite://$work/a.db" --to "${pg}_k" >/dev/null 2>&1 &
pid=$!
copied=0
for _ in $(seq 1 1000); do
  sleep 0.02
  copied=$(psql -X -At "${pg}_k" -c 'SELECT count(*) FROM messages' 2>/dev/null || echo 0)
  [ "${copied:-0}" -gt 0 ] && break
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
copied=$(psql -X -At "${pg}_k" -c 'SELECT count(*) FROM messages')
[ "$copied" -gt 0 ] && [ "$copied" -lt "$messages" ] ||
  fail "the kill did not land mid-run ($copied of $messages copied to PostgreSQL)"
pass "killed with $copied of $messages messages copied to PostgreSQL"
out=$("$bin" migrate --batch 2000 --from "sqlite://$work/a.db" --to "${pg}_k" 2>/dev/null) ||
  fail "the resumed migration to PostgreSQL failed: $out"
expect_contains "$out" "resumed an interrupted migration" "the run into PostgreSQL resumes"
expect_contains "$out" "verified: both sides hold the same rows" "resumed SQLite -> PostgreSQL verified"
expect_eq "$(psql -X -At "${pg}_k" -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'messages_by_sender'")" 1 \
  "the index is back after the resumed run"
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_k WITH (FORCE)"

# import --bulk-load: into an empty PostgreSQL database only; the index is back at the end.
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_k WITH (FORCE)" -c "CREATE DATABASE ${db}_k"
"$bin" import --bulk-load --db "${pg}_k" "$work/beta.irc" >/dev/null 2>&1 || fail "import --bulk-load failed"
expect_eq "$(psql -X -At "${pg}_k" -c 'SELECT count(*) FROM messages')" 100000 "--bulk-load imported every message"
expect_eq "$(psql -X -At "${pg}_k" -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'messages_by_sender'")" 1 \
  "--bulk-load built the index at the end"
set +e
err=$("$bin" import --bulk-load --db "${pg}_k" "$work/beta.irc" 2>&1 >/dev/null); code=$?
set -e
expect_eq "$code" 1 "--bulk-load into a database with messages is refused"
expect_contains "$err" "needs a database without messages" "the refusal says why"
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_k WITH (FORCE)"

# Tombstones (forget) move too where the target has a table for them, and are never
# dropped silently where it has none.
cp "$work/a.db" "$work/t.db"
"$bin" forget --db "sqlite://$work/t.db" "$(sqlite3 "$work/t.db" 'SELECT login FROM senders LIMIT 1')" >/dev/null
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_t WITH (FORCE)" -c "CREATE DATABASE ${db}_t"
set +e
out=$("$bin" migrate --from "sqlite://$work/t.db" --to "${pg}_t" 2>&1); code=$?
set -e
if [ "$(psql -X -At "${pg}_t" -c "SELECT to_regclass('tombstones') IS NOT NULL")" = t ]; then
  expect_eq "$code" 0 "tombstones migrated to PostgreSQL"
  # forget tombstones the user by id and by login: as many rows on both sides.
  n=$(sqlite3 "$work/t.db" 'SELECT count(*) FROM tombstones')
  expect_contains "$out" "tombstones $n/$n" "the tombstone count verified"
else
  expect_eq "$code" 1 "a target without a tombstones table is refused"
  expect_contains "$out" "refusing to lose them" "the refusal names the tombstones"
  expect_eq "$(psql -X -At "${pg}_t" -c 'SELECT count(*) FROM messages')" 0 \
    "nothing copied before the refusal"
fi
psql -q -X "$admin" -c "DROP DATABASE IF EXISTS ${db}_t WITH (FORCE)"
finish
