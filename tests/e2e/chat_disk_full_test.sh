#!/usr/bin/env bash
# The database on a small filesystem that fills up while chat arrives: serve does not
# crash, /health says degraded (store stalled, then reading paused once the ingest buffer
# of INGEST_BUFFER_BYTES is full), answers are still served, and when space returns the
# ingest resumes by itself and every delivered message is stored exactly once (the stand-in
# waits on a full socket instead of anything being dropped).
# Runs in a private mount namespace (unshare --mount) on a tmpfs of 4 MiB, grown to 64 MiB
# when space returns.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2

if [ -z "${PERERECOS_IN_MOUNT_NS:-}" ]; then
  if ! unshare --mount --propagation private true 2>/dev/null; then
    echo "SKIP: cannot create a private mount namespace (unshare --mount needs root)"
    exit 0
  fi
  PERERECOS_IN_MOUNT_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
mnt="$work/mnt"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=4m tmpfs "$mnt" 2>"$work/mount.err"; then
  echo "SKIP: cannot mount a tmpfs: $(cat "$work/mount.err")"
  exit 0
fi
trap 'kill -9 ${pid:-} ${fake_pid:-} 2>/dev/null || true; umount "$mnt" 2>/dev/null; rm -rf "$work"' EXIT

start_fake "$fake_bin"
port=$(free_port)
db="$mnt/chat.db"
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" \
  TWITCH_TIMING_SCALE=0.1 INGEST_BUFFER_BYTES=1048576 HEALTH_CHECK_TOKEN=secret \
  "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
health() { curl -s -H "X-Health-Token: secret" "http://127.0.0.1:$port/api/v1/health"; }

fake gen nymn 0 1000 >/dev/null
fake flush >/dev/null
fake delivered "$work/delivered.txt" >/dev/null
expect_stored_exactly "$db" "$work/delivered.txt"

# Fill the filesystem, then keep chatting: ~10 MB of messages against a 1 MiB buffer.
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null || true
echo "free after filling: $(df --output=avail -k "$mnt" | tail -1) KiB"
for i in $(seq 1 10); do fake gen nymn $((i * 3000)) 3000 >/dev/null; done
for _ in $(seq 1 200); do
  h=$(health)
  # Both: the buffer filled (reading paused) and the store's write failed (degraded).
  [[ "$h" == *'"reading_paused":true'* && "$h" == *'"status":"degraded"'* ]] && break
  sleep 0.1
done
expect_contains "$h" '"status":"degraded"' "health: degraded while the disk is full"
expect_contains "$h" '"store_ok":false' "health: the store fails"
expect_contains "$h" '"reading_paused":true' "health: chat reading paused (buffer full)"
expect_contains "$h" '"problems":["store: store stalled' "health: says why"
kill -0 "$pid" 2>/dev/null || fail "serve exited on a full disk: $(tail -5 "$work/serve.log")"
pass "no crash on a full disk"
code=$(curl -s -o "$work/answer.json" -w '%{http_code}' \
  "http://127.0.0.1:$port/api/v1/stats/leaderboard?channel=nymn&period=all")
expect_eq "$code" 200 "answers are still served while the store is stalled"
expect_contains "$(cat "$work/answer.json")" '"viewer' "the answer holds the stored chatters"
grep -q "ingest: storing failed" "$work/serve.log" ||
  fail "the log does not say the store failed: $(tail -5 "$work/serve.log")"
pass "the log says the store failed"
buffered=$(sed -n 's/.*"buffered_bytes":\([0-9]*\).*/\1/p' <<<"$h")
[ "$buffered" -le $((1048576 + 65536)) ] || fail "buffered $buffered bytes, over the bound"
pass "the buffer stays within INGEST_BUFFER_BYTES ($buffered bytes)"

# Space returns (the filler goes, the filesystem grows to hold the rest): the ingest
# resumes by itself and catches up.
rm -f "$mnt/filler"
mount -o remount,size=64m "$mnt"
fake flush 60000 >/dev/null
fake delivered "$work/delivered.txt" >/dev/null
grep "chat:" "$work/serve.log" | tail -5
expect_eq "$(wc -l < "$work/delivered.txt")" 31000 "the stand-in delivered everything once reading resumed"
for _ in $(seq 1 100); do
  [[ "$(health)" == *'"status":"healthy"'* ]] && break
  sleep 0.1
done
expect_contains "$(health)" '"status":"healthy"' "health: healthy again"
grep -q "ingest: the store recovered" "$work/serve.log" || fail "the log does not say the store recovered"
pass "the log says the store recovered"
expect_stored_exactly "$db" "$work/delivered.txt"
kill -TERM "$pid"
set +e
wait "$pid"; code=$?
set -e
expect_eq "$code" 0 "SIGTERM: exit 0"
expect_eq "$(sqlite3 "$db" "pragma integrity_check")" "ok" "integrity_check"
fake quit >/dev/null
finish
