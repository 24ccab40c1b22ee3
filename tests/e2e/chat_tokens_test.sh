#!/usr/bin/env bash
# Twitch tokens against the real binary, with the Twitch chat stand-in (only some tokens
# log in) and the OAuth stand-in (tests/fakes/fake_twitch_oauth.mjs, counts requests):
#  1. a token the chat refuses is refreshed, the new one logs in, messages are stored;
#  2. a restart uses the stored refreshed token without refreshing;
#  3. changed configured tokens win over the stored ones; validation gives the login when
#     TWITCH_BOT_LOGIN is unset;
#  4. a failing refresh: a clear error in the log and /health, attempts backed off;
#  5. validation repeats "hourly" (timings x0.002: every 7.2 s);
# and no token or secret appears whole in any log or /health answer.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/chat_lib.sh"
bin=$1
fake_bin=$2
oauth_script="$(dirname "$0")/../fakes/fake_twitch_oauth.mjs"
command -v node >/dev/null || fail "node missing (scripts/setup.sh installs it)"

expired=expiredtoken00000000000001   # refused by the chat, still valid at /validate
issued=issuedtoken000000000000002    # what the first refresh hands out
conf2=configuredtoken0000000000003   # the operator's new token (run 3)
refresh1=refreshtoken0000000000000a
refresh2=refreshtoken0000000000000b
bogus=bogusrefreshtoken00000000000
secret=clientsecret000000000000000
client=fakeclientid0001

start_fake "$fake_bin"
fake only_tokens "$issued,$conf2" >/dev/null

# The OAuth stand-in on two FIFOs (the IRC stand-in holds the coprocess).
mkfifo "$work/oauth.in" "$work/oauth.out"
node "$oauth_script" --client-id "$client" --client-secret "$secret" \
  --refresh-token "$refresh1" --refresh-token "$refresh2" \
  --valid-token "$expired" --valid-token "$conf2" --issue "$issued" --login pererecos_bot \
  < "$work/oauth.in" > "$work/oauth.out" 2>"$work/oauth.err" &
oauth_pid=$!
exec 7>"$work/oauth.in" 8<"$work/oauth.out"
read -r -t 10 first <&8 || fail "the OAuth stand-in did not start: $(cat "$work/oauth.err")"
oauth_url="http://127.0.0.1:${first#port }/oauth2"
oauth() {  # oauth CMD...: one command to the OAuth stand-in, prints its answer
  echo "$*" >&7
  local answer
  read -r -t 10 answer <&8 || fail "the OAuth stand-in did not answer '$*'"
  [[ "$answer" == ok* ]] || fail "oauth stand-in: '$*' -> $answer"
  echo "$answer"
}
counter() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

pid=
trap 'kill -9 $pid $fake_pid $oauth_pid 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(free_port)
db="$work/tokens.db"
# serve LOG [VAR=VALUE...]: starts serve in the background with the chat and OAuth
# stand-ins and the given settings; sets pid.
serve() {
  local log=$1
  shift
  env RECENT_MESSAGES_URL= TWITCH_CHANNEL=nymn TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" \
    TWITCH_TIMING_SCALE=0.1 TWITCH_OAUTH_URL="$oauth_url" TWITCH_CLIENT_ID="$client" \
    TWITCH_CLIENT_SECRET="$secret" "$@" \
    "$bin" serve --db "sqlite://$db" --port "$port" --host 127.0.0.1 > "$log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$log"
}
health() { curl -s "http://127.0.0.1:$port/api/v1/health" | tee -a "$work/health.all"; }
stop_serve() { kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"; pid=; }
logins() { counter logins "$(fake counters)"; }

# 1. Refused token -> refresh -> logged in with the new one, messages stored.
serve "$work/run1.log" TWITCH_OAUTH_TOKEN="oauth:$expired" TWITCH_REFRESH_TOKEN="$refresh1" \
  TWITCH_BOT_LOGIN=pererecos_bot
fake wait_joined nymn 1 10000 >/dev/null
grep -q "Login authentication failed" "$work/run1.log" || fail "the chat did not refuse the token first"
pass "the chat stand-in refused the configured token"
expect_eq "$(counter token_ok "$(oauth counters)")" 1 "one refresh at the OAuth stand-in"
grep -q "token refreshed" "$work/run1.log" || fail "no refresh in the log"
pass "the log says the token was refreshed"
sleep 0.3
fake gen nymn 0 50 >/dev/null
fake flush >/dev/null
fake delivered "$work/delivered1.txt" >/dev/null
expect_stored_exactly "$db" "$work/delivered1.txt"
h=$(health)
expect_contains "$h" '"source":"refreshed"' "/health: the token in use was refreshed"
for _ in $(seq 1 50); do
  [[ "$(health)" == *'"state":"valid"'* ]] && break
  sleep 0.1
done
expect_contains "$(health)" '"state":"valid"' "/health: the refreshed token validated"
# The auth object is as web/openapi.json documents it (every field documented, the
# required ones present, enums respected).
node -e '
  const doc = JSON.parse(require("fs").readFileSync("web/openapi.json", "utf8"));
  const schema = doc.components.schemas.Health.properties.auth;
  const auth = JSON.parse(process.argv[1]).auth;
  for (const k of Object.keys(auth)) if (!schema.properties[k]) throw new Error("undocumented: " + k);
  for (const k of schema.required) if (!(k in auth)) throw new Error("missing: " + k);
  for (const [k, p] of Object.entries(schema.properties)) {
    if (k in auth && p.enum && !p.enum.includes(auth[k])) throw new Error(k + " not in enum");
    const t = p.type === "integer" ? "number" : p.type;
    if (k in auth && typeof auth[k] !== t) throw new Error(k + " is not " + p.type);
  }' "$(health)" || fail "/health auth does not match web/openapi.json"
pass "/health auth matches its OpenAPI schema"
stored=$(sqlite3 "$db" "select value from settings where key = 'twitch_tokens'")
[ -n "$stored" ] || fail "no refreshed token in the store"
rotated=$(sed -n 5p <<<"$stored")
[[ "$(sed -n 4p <<<"$stored")" == "$issued" ]] || fail "the store does not hold the refreshed token"
pass "the refreshed tokens are in the store's settings"
stop_serve

# 2. Restart, same configuration: the stored token logs in, no refresh.
before=$(oauth counters)
logins_before=$(logins)
serve "$work/run2.log" TWITCH_OAUTH_TOKEN="oauth:$expired" TWITCH_REFRESH_TOKEN="$refresh1" \
  TWITCH_BOT_LOGIN=pererecos_bot
fake wait_joined nymn 1 10000 >/dev/null
sleep 0.5
after=$(oauth counters)
expect_eq "$(counter token "$after")" "$(counter token "$before")" "no refresh request at the second start"
[ "$(logins)" -gt "$logins_before" ] || fail "no login at the second start"
expect_eq "$(grep -c 'Login authentication failed' "$work/run2.log" || true)" 0 \
  "the stored token logged in at once (no refused login)"
expect_contains "$(health)" '"source":"stored"' "/health: the token came from the store"
stop_serve

# 3. The operator configures a new pair: it wins over the stored one. No TWITCH_BOT_LOGIN:
# the login comes from validation.
fake only_tokens "$conf2" >/dev/null
before=$(oauth counters)
serve "$work/run3.log" TWITCH_OAUTH_TOKEN="oauth:$conf2" TWITCH_REFRESH_TOKEN="$refresh2"
fake wait_joined nymn 1 10000 >/dev/null
after=$(oauth counters)
expect_eq "$(counter token "$after")" "$(counter token "$before")" "no refresh with the new configured token"
[ "$(counter validate_ok "$after")" -gt "$(counter validate_ok "$before")" ] || fail "no validation at start"
pass "the token was validated at start"
grep -q "configured ones win" "$work/run3.log" || fail "the log does not say the configured tokens won"
pass "the log says the changed configured tokens win"
h=$(health)
expect_contains "$h" '"source":"configured"' "/health: the configured token is in use"
expect_contains "$h" '"login":"pererecos_bot"' "/health: the login validation returned"
grep -q "logged in as pererecos_bot" "$work/run3.log" || fail "NICK was not the validated login"
pass "NICK is the login validation returned (TWITCH_BOT_LOGIN unset)"
stop_serve

# 4. Refresh failing: the chat refuses the token, validation says 401, the refresh token is
# bad. A clear error in the log and /health; refresh attempts back off.
oauth revoke "$expired" >/dev/null
sqlite3 "$db" "delete from settings where key = 'twitch_tokens'"
before=$(oauth counters)
serve "$work/run4.log" TWITCH_OAUTH_TOKEN="oauth:$expired" TWITCH_REFRESH_TOKEN="$bogus" \
  TWITCH_BOT_LOGIN=pererecos_bot
sleep 1
t0=$(counter token "$(oauth counters)")
sleep 6   # a minute at x0.1
t1=$(counter token "$(oauth counters)")
attempts=$((t1 - t0))
# Retries 0.5 s doubling (equal jitter, >= half the ceiling): at most 4 in 6 s; a loop
# paced by the chat's 0.2 s connection interval would make 30.
# At least the one at start (validation said 401) and one after the first refused login;
# the window's lower bound depends on the chat's own (full-jitter) login retries.
[ "$((t1 - $(counter token "$before")))" -ge 2 ] || fail "the refresh was not retried"
[ "$attempts" -le 5 ] || fail "$attempts refresh attempts in 6 s"
pass "failed refreshes are retried and back off ($attempts attempts in 6 s, $t1 in all)"
expect_eq "$(counter token_ok "$(oauth counters)")" "$(counter token_ok "$before")" "no refresh succeeded"
h=$(health)
expect_contains "$h" '"state":"refresh_failed"' "/health: auth state refresh_failed"
expect_contains "$h" 'Invalid refresh token (HTTP 400)' "/health: Twitch's reason"
expect_contains "$h" '"connected":false' "/health: the channel is not joined"
grep -q "token refresh at .*failed: Invalid refresh token (HTTP 400)" "$work/run4.log" ||
  fail "the log does not explain the failed refresh"
pass "the log explains the failed refresh"
stop_serve

# 5. Hourly validation, scaled x0.002 (every 7.2 s).
fake only_tokens "$conf2" >/dev/null
v0=$(counter validate "$(oauth counters)")
serve "$work/run5.log" TWITCH_OAUTH_TOKEN="oauth:$conf2" TWITCH_REFRESH_TOKEN="$refresh2" \
  TWITCH_TIMING_SCALE=0.002
started=$SECONDS
sleep 1
v1=$(counter validate "$(oauth counters)")
expect_eq "$((v1 - v0))" 1 "one validation at start"
for _ in $(seq 1 200); do
  [ "$(counter validate "$(oauth counters)")" -ge $((v0 + 3)) ] && break
  sleep 0.1
done
v2=$(counter validate "$(oauth counters)")
elapsed=$((SECONDS - started))
[ "$((v2 - v0))" -ge 3 ] || fail "only $((v2 - v0)) validations in $elapsed s"
[ "$elapsed" -ge 12 ] || fail "3 validations within $elapsed s: not hourly"
pass "validation repeats every interval (3 in $elapsed s at 7.2 s)"
stop_serve

# No token or secret in any log or /health answer.
cat "$work"/run*.log "$work/health.all" > "$work/everything.txt"
for s in "$expired" "$issued" "$conf2" "$refresh1" "$refresh2" "$bogus" "$secret" "$rotated"; do
  if grep -qF "$s" "$work/everything.txt"; then fail "a secret (${s:0:4}...) appears in a log or /health"; fi
done
pass "no token or secret appears whole in the logs or /health"

fake quit >/dev/null
oauth quit >/dev/null
wait "$fake_pid" 2>/dev/null || true
finish
