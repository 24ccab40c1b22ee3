#!/usr/bin/env bash
# `!stats` in chat, logged in with a token: replies name the user's page and keep to
# Twitch's limits (1 reply per user per 30 s, >= 1.1 s between our messages). Anonymous
# never replies.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2
start_fake "$fake_bin"
port=$(free_port)
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  TWITCH_OAUTH_TOKEN=oauth:goodtoken0123456789 TWITCH_BOT_LOGIN=pererecos_bot \
  TWITCH_OAUTH_URL=http://127.0.0.1:9/oauth2 \
  PUBLIC_URL=https://stats.example/ \
  "$bin" serve --db "sqlite://$work/a.db" --port "$port" --host 127.0.0.1 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid $fake_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
fake wait_joined nymn 1 >/dev/null
sleep 0.5  # the JOIN echo reaches the client
fake say nymn alice '!stats' >/dev/null
fake say nymn alice '!stats' >/dev/null   # same user at once: no second reply
for i in $(seq 1 12); do                  # 12 users within ~3 s
  fake say nymn "user$i" '!stats please' >/dev/null
  sleep 0.25
done
fake say nymn bob 'hello !stats' >/dev/null  # not a command
sleep 1.5
answer=$(fake replies "$work/replies.txt")
count=$(awk '{print $2}' <<<"$answer")
gap=$(sed -n 's/.*min_gap_ms=\([-0-9]*\).*/\1/p' <<<"$answer")
expect_contains "$(head -1 "$work/replies.txt")" "PRIVMSG #nymn :@alice suas estatísticas: https://stats.example/u/alice" "the reply names the user's page"
[ "$count" -ge 2 ] && [ "$count" -le 5 ] || fail "expected 2-5 replies in ~4 s at >= 1.1 s apart: $answer"
pass "replies are paced ($count replies)"
[ "$gap" -ge 1100 ] || fail "two replies only $gap ms apart"
pass "at least 1.1 s between our messages (min $gap ms)"
expect_eq "$(grep -c ':@alice ' "$work/replies.txt")" 1 "one reply per user per 30 s"
expect_eq "$(grep -c '@bob' "$work/replies.txt" || true)" 0 "text that merely contains !stats gets no reply"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"

# Anonymous: never sends.
RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.1 \
  "$bin" serve --db "sqlite://$work/b.db" --port "$port" --host 127.0.0.1 > "$work/serve2.log" 2>&1 &
pid=$!
wait_for_health "$port" "$pid" "$work/serve2.log"
fake wait_joined nymn 1 >/dev/null
sleep 0.5
fake say nymn carol '!stats' >/dev/null
sleep 1.5
answer=$(fake replies "$work/replies2.txt")
expect_eq "$(grep -c '@carol' "$work/replies2.txt" || true)" 0 "anonymous never replies"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
fake quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
