#!/usr/bin/env bash
# `forget` end to end on the real fixture: the chatter's messages leave the database
# (no copy in the file or its WAL), a re-import does not bring them back, `optin` lets
# them in again, and the database stays intact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="sqlite://$work/chat.db"
count() {  # count LOGIN
  sqlite3 "$work/chat.db" "SELECT count(*) FROM messages m JOIN senders s ON s.id = m.sender WHERE s.login = '$1'"
}
total() { sqlite3 "$work/chat.db" "SELECT count(*) FROM messages"; }

"$bin" import --db "$db" "$fixture" >/dev/null 2>&1
expect_eq "$(count kotzblitz20)" 37 "kotzblitz20 has 37 messages before"
expect_eq "$(total)" 398 "398 messages before"
# A text only kotzblitz20 sent (from the fixture), to look for on disk afterwards.
secret=$(sqlite3 "$work/chat.db" "SELECT m.text FROM messages m JOIN senders s ON s.id = m.sender WHERE s.login = 'kotzblitz20' AND length(m.text) > 12 AND instr((SELECT group_concat(m2.text, char(10)) FROM messages m2 JOIN senders s2 ON s2.id = m2.sender WHERE s2.login <> 'kotzblitz20'), m.text) = 0 LIMIT 1")
[ -n "$secret" ] || fail "no distinctive text of kotzblitz20 found"
grep -aqF -- "$secret" "$work/chat.db" "$work/chat.db-wal" 2>/dev/null ||
  fail "the search on disk cannot find the text even before forget"
pass "the text is on disk before forget"

out=$("$bin" forget --db "$db" KotzBlitz20 2>&1)
expect_contains "$out" "forgot 37 messages of KotzBlitz20" "forget reports what it deleted"
expect_eq "$(count kotzblitz20)" 0 "no message of kotzblitz20 after forget"
expect_eq "$(total)" 361 "361 messages after forget"
expect_eq "$(sqlite3 "$work/chat.db" "SELECT count(*) FROM senders WHERE login = 'kotzblitz20'")" 0 \
  "no sender row of kotzblitz20"
if grep -aqF -- "$secret" "$work/chat.db" "$work/chat.db-wal" 2>/dev/null; then
  fail "a deleted text is still on disk: $secret"
fi
pass "no copy of a deleted text in the database file or its WAL"

"$bin" import --db "$db" "$fixture" >/dev/null 2>&1
expect_eq "$(count kotzblitz20)" 0 "a re-import does not bring kotzblitz20 back"
expect_eq "$(total)" 361 "the re-import adds nothing else"

out=$("$bin" optin --db "$db" kotzblitz20 2>&1)
expect_contains "$out" "opted in: kotzblitz20" "optin reports"
"$bin" import --db "$db" "$fixture" >/dev/null 2>&1
expect_eq "$(count kotzblitz20)" 37 "after optin an import stores kotzblitz20's messages again"
expect_eq "$(sqlite3 "$work/chat.db" 'PRAGMA integrity_check')" ok "database integrity"
finish
