#!/usr/bin/env bash
# !optout and !optin through the Twitch stand-in, logged in with a token: the sender's
# messages leave the store (no copy of their texts in the .db or its WAL) and every answer
# within 1 s; the reply goes to that user only (`@user …`); a later message of theirs is
# not stored; `!optout someone` names no one else (ignored); after !optin new messages
# count again, the deleted ones stay deleted.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2
start_fake "$fake_bin"
port=${E2E_PORT:-$(free_port)}
dbfile="$work/chat.db"
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  TWITCH_OAUTH_TOKEN=oauth:goodtoken0123456789 TWITCH_BOT_LOGIN=pererecos_bot RATE_LIMIT_ENABLED=false \
  "$bin" serve --db "sqlite://$dbfile" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
api() { curl -s "http://127.0.0.1:$port/api/v1/$1"; }
code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/$1"; }
stored() {  # stored LOGIN: messages of LOGIN in the database
  sqlite3 "$dbfile" "SELECT count(*) FROM messages m JOIN senders s ON s.id = m.sender WHERE s.login = '$1'"
}
wait_stored() {  # wait_stored LOGIN N: until LOGIN has N stored messages (10 s at most)
  for _ in $(seq 1 100); do [ "$(stored "$1")" = "$2" ] && return 0; sleep 0.1; done
  fail "$1 has $(stored "$1") stored messages, expected $2: $(sqlite3 "$dbfile" "SELECT m.text FROM messages m JOIN senders s ON s.id = m.sender WHERE s.login = '$1'" | tr "\n" "|")"
}
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
sleep 0.5
for i in 1 2 3; do
  fake say nymn alice "segredo-da-alice-$i kappa pererecos" >/dev/null
  fake say nymn bob "oi bob fala $i" >/dev/null
done
fake say nymn carol "carol passando por aqui" >/dev/null
wait_stored alice 3; wait_stored bob 3; wait_stored carol 1
for _ in $(seq 1 50); do [ "$(code stats/user/alice)" = 200 ] && break; sleep 0.1; done
expect_eq "$(code stats/user/alice)" 200 "alice has a page before"
expect_contains "$(api 'stats/leaderboard?limit=100')" '"alice"' "alice is in the leaderboard before"
grep -aqF "segredo-da-alice-2" "$dbfile" "$dbfile-wal" || fail "alice's text is not on disk before"
pass "alice's texts are on disk before"

# Somebody naming another user: ignored (no reply, nothing forgotten).
fake say nymn carol '!optout bob' >/dev/null
# alice opts out.
t1=$(date +%s%N)
fake say nymn alice '!optout' >/dev/null
seen=""
while :; do
  if [ "$(code stats/user/alice)" = 404 ]; then seen=$(date +%s%N); break; fi
  [ $(( ($(date +%s%N) - t1) / 1000000 )) -gt 5000 ] && break
  sleep 0.02
done
[ -n "$seen" ] || fail "alice still has a page 5 s after !optout: $(tail -5 "$work/serve.log")"
latency_ms=$(( (seen - t1) / 1000000 ))
echo "observed: alice's page gone ${latency_ms} ms after the stand-in sent !optout"
[ "$latency_ms" -le 1000 ] || fail "the answers changed only $latency_ms ms after !optout (> 1 s)"
pass "!optout: the running server forgot alice within 1 s (${latency_ms} ms)"
all=$(api 'stats/leaderboard?limit=100'; api stats/active-chatters; api 'stats/search?q=ali';
      api stats/user/bob; api stats/user/carol; api stats/top-emotes)
[[ "$all" != *alice* ]] || fail "an answer still names alice: $all"
pass "no leaderboard, search, active-chatters, emotes or other user's answer names alice"
expect_eq "$(stored alice)" 0 "no message of alice in the database"
expect_eq "$(stored bob)" 3 "bob's messages stay (carol's '!optout bob' did nothing)"
expect_eq "$(code stats/user/bob)" 200 "bob still has a page"
expect_eq "$(grep -ac "segredo-da-alice" "$dbfile" "$dbfile-wal" 2>/dev/null | awk -F: '{s+=$2} END {print s+0}')" 0 \
  "grep -c finds none of alice's texts in the .db or the .db-wal"
sleep 1.3  # the stand-in has our reply
fake replies "$work/replies.txt" >/dev/null
expect_eq "$(grep -c 'PRIVMSG #nymn :@alice ok: suas mensagens' "$work/replies.txt")" 1 \
  "one reply, addressed @alice"
expect_eq "$(grep -vc '@alice' "$work/replies.txt" || true)" 0 "no reply to anyone else (carol's '!optout bob' ignored)"

# alice's later messages are not stored; after !optin they are.
fake say nymn alice "segredo-depois-do-optout" >/dev/null
fake say nymn carol "marcador" >/dev/null
wait_stored carol 3  # "carol passando…", "!optout bob", "marcador"
expect_eq "$(stored alice)" 0 "a message after !optout is not stored"
fake say nymn alice '!optin' >/dev/null
for _ in $(seq 1 50); do
  [ "$(sqlite3 "$dbfile" "SELECT count(*) FROM tombstones WHERE login = 'alice'")" = 0 ] && break
  sleep 0.1
done
expect_eq "$(sqlite3 "$dbfile" "SELECT count(*) FROM tombstones WHERE login = 'alice'")" 0 "!optin removed alice's tombstone"
fake say nymn alice "de volta" >/dev/null
has_text() { sqlite3 "$dbfile" "SELECT count(*) FROM messages m JOIN senders s ON s.id = m.sender WHERE s.login = 'alice' AND m.text LIKE '$1'"; }
for _ in $(seq 1 100); do [ "$(has_text 'de volta')" = 1 ] && break; sleep 0.1; done
expect_eq "$(has_text 'de volta')" 1 "after !optin alice's new message is stored"
expect_eq "$(has_text 'segredo%')" 0 "the deleted messages stay deleted"
# (The !optin message itself counts when the opt-in was done before it was stored.)
n=$(stored alice)
for _ in $(seq 1 30); do [ "$(code stats/user/alice)" = 200 ] && break; sleep 0.1; done
expect_contains "$(api stats/user/alice)" "\"total_messages\":$n" "alice's page counts exactly her $n new message(s)"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
expect_eq "$(sqlite3 "$dbfile" 'PRAGMA integrity_check')" ok "database integrity"
fake quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
