#!/usr/bin/env bash
# A database file that cannot be used at start — garbage bytes, a valid header over
# garbage, a damaged page, a directory in its place, unreadable or read-only for the user
# serve runs as — gives a clear error and a non-zero exit, and the file is left exactly as
# it was (checksum before and after). Root ignores file modes, so the permission cases run
# serve as `nobody` (setpriv).
source "$(dirname "$0")/lib.sh"
bin=$1
fixture=tests/fixtures/twitch/nymn-recent-400.irc
chmod 755 "$work"

# refuse_to_start FILE WANT_IN_LOG [setpriv args...]: serve exits non-zero, logs WANT, and
# FILE is unchanged.
refuse_to_start() {
  local file=$1 want=$2 before after code
  shift 2
  before=$(sha256sum "$file" 2>/dev/null || ls -la "$file")
  set +e
  RECENT_MESSAGES_URL= CHAT_ENABLED=false timeout 30 "$@" "$bin" serve --db "sqlite://$file" \
    --port "$(free_port)" --host 127.0.0.1 > "$work/serve.log" 2>&1
  code=$?
  set -e
  [ "$code" -ne 0 ] && [ "$code" -ne 124 ] || fail "serve on $file: exit $code (want an error): $(cat "$work/serve.log")"
  grep -q "$want" "$work/serve.log" || fail "serve on $file: '$want' not in: $(cat "$work/serve.log")"
  after=$(sha256sum "$file" 2>/dev/null || ls -la "$file")
  expect_eq "$after" "$before" "$(basename "$file"): refused with '$want' (exit $code), the file is unchanged"
}

head -c 100000 /dev/urandom > "$work/garbage.db"
refuse_to_start "$work/garbage.db" "is not a valid SQLite database"

{ printf 'SQLite format 3\0'; head -c 20000 /dev/urandom; } > "$work/header.db"
refuse_to_start "$work/header.db" "is not a valid SQLite database"

"$bin" import --db "sqlite://$work/good.db" "$fixture" > /dev/null 2>&1
good_count=$(sqlite3 "$work/good.db" "select count(*) from messages")
cp "$work/good.db" "$work/damaged.db"
size=$(stat -c %s "$work/damaged.db")
head -c 8192 /dev/urandom | dd of="$work/damaged.db" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
refuse_to_start "$work/damaged.db" "malformed"

mkdir "$work/dir.db"
refuse_to_start "$work/dir.db" "Is a directory"
[ -d "$work/dir.db" ] && [ -z "$(ls -A "$work/dir.db")" ] || fail "the directory was changed"

if id nobody >/dev/null 2>&1 && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups true 2>/dev/null; then
  as_nobody=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
  cp "$work/good.db" "$work/private.db"
  chmod 600 "$work/private.db"
  refuse_to_start "$work/private.db" "Permission denied" "${as_nobody[@]}"
  cp "$work/good.db" "$work/readonly.db"
  chmod 644 "$work/readonly.db"
  refuse_to_start "$work/readonly.db" "read-only" "${as_nobody[@]}"
else
  echo "SKIP: no user 'nobody' to run serve as (root ignores file modes): permission cases not run"
fi
expect_eq "$(sqlite3 "$work/good.db" "select count(*) from messages")" "$good_count" "the good copy still reads"
finish
