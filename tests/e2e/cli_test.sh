#!/usr/bin/env bash
# The command line as a user meets it: help, configuration errors, the MongoDB notice,
# an import of the real fixture and its idempotence.
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc

for cmd in "" config import serve demo; do
  out=$("$bin" $cmd --help)
  expect_contains "$out" "Usage: pererecos-stats" "--help of '${cmd:-(main)}'"
done

set +e
err=$(PORT=80a "$bin" config 2>&1 >/dev/null); code=$?
set -e
expect_eq "$code" 2 "invalid PORT exits 2"
expect_eq "$err" "pererecos-stats: configuration error: PORT: '80a' is not a port number (1-65535)" \
  "invalid PORT is one line naming the key"
set +e
err=$("$bin" config --timezone Mars/Olympus 2>&1 >/dev/null); code=$?
set -e
expect_eq "$code" 2 "unknown time zone exits 2"
expect_contains "$err" "CHANNEL_TIMEZONE" "unknown time zone names the key"
set +e
err=$(DATABASE_URL=mysql://x "$bin" config 2>&1 >/dev/null); code=$?
set -e
expect_eq "$code" 2 "unparsable DATABASE_URL exits 2"

printf 'PORT=9123\nCHANNEL_TIMEZONE=Europe/Berlin\n' > "$work/.env"
out=$(PORT=9124 "$bin" config --env-file "$work/.env")
expect_contains "$out" "PORT=9124" "environment wins over .env"
expect_contains "$out" "CHANNEL_TIMEZONE=Europe/Berlin" ".env is read"
out=$(PORT=9124 "$bin" config --env-file "$work/.env" --port 9125)
expect_contains "$out" "PORT=9125" "flags win over the environment"

err=$(MONGODB_URL=mongodb://localhost:27017 "$bin" config 2>&1 >/dev/null)
expect_contains "$err" "import --format mongoexport" "MONGODB_URL explains the migration"

db="sqlite://$work/chat.db"
out=$("$bin" import --db "$db" "$fixture" 2>/dev/null)
expect_contains "$out" "400 read (398 messages, 2 moderation), 400 stored, 0 duplicates" \
  "fixture import stores 398 messages and 2 moderation events"
out=$("$bin" import --db "$db" "$fixture" 2>/dev/null)
expect_contains "$out" "0 stored, 400 duplicates" "re-import stores nothing new"
expect_eq "$(sqlite3 "$work/chat.db" 'PRAGMA integrity_check')" ok "database integrity"

set +e
err=$("$bin" import --db "$db" "$work/missing.irc" 2>&1); code=$?
set -e
expect_eq "$code" 1 "missing file fails"
expect_contains "$err" "missing.irc" "missing file is named"
head -c 3000 /dev/urandom > "$work/noise.bin"
set +e
err=$("$bin" import --db "$db" "$work/noise.bin" 2>&1); code=$?
set -e
expect_eq "$code" 1 "undetectable format fails"
expect_contains "$err" "noise.bin" "undetectable file is named"

echo "not a database, just text" > "$work/corrupt.db"
before=$(sha256sum < "$work/corrupt.db")
set +e
err=$("$bin" import --db "sqlite://$work/corrupt.db" "$fixture" 2>&1); code=$?
set -e
expect_eq "$code" 1 "a corrupt database is refused"
expect_eq "$(sha256sum < "$work/corrupt.db")" "$before" "the corrupt file is left untouched"
finish
