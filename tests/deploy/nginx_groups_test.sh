#!/usr/bin/env bash
# deploy/nginx-channel-groups.conf: a real nginx running it routes by the `channel` query
# parameter to two instance groups. Group A's instances store nymn's chat only, group B's
# `xqc` only (a copy of the fixture under another channel), so an answer about a channel
# proves which group served it: a wrong route answers 404.
# One group member is down: nginx answers from the other member of the same group.
source "$(dirname "$0")/../e2e/lib.sh"
bin=$1
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || fail "nginx missing (scripts/setup.sh installs it)"
site=deploy/nginx-channel-groups.conf
fixture=tests/fixtures/twitch/nymn-recent-400.irc

sed 's/#nymn /#xqc /g; s/PRIVMSG #nymn/PRIVMSG #xqc/g' "$fixture" > "$work/xqc.irc"
grep -q 'PRIVMSG #xqc' "$work/xqc.irc" || fail "could not make the xqc copy of the fixture"
"$bin" import --db "sqlite://$work/a.db" "$fixture" >/dev/null 2>&1
"$bin" import --db "sqlite://$work/b.db" "$work/xqc.irc" >/dev/null 2>&1
a1=$(free_port) a2=$(free_port) b1=$(free_port) b2=$(free_port) http_port=$(free_port)
pids=()
trap 'kill ${pids[*]} 2>/dev/null || true; rm -rf "$work"' EXIT
# Group A: two instances (one file each: SQLite has one writer; on PostgreSQL both would
# share the database). Group B: one running instance, its second member is down.
cp "$work/a.db" "$work/a2.db"
for spec in "a1:a.db:nymn" "a2:a2.db:nymn" "b1:b.db:xqc"; do
  IFS=: read -r name db channel <<<"$spec"
  eval "port=\$$name"
  RATE_LIMIT_ENABLED=false TWITCH_CHANNEL=$channel CHAT_ENABLED=false \
    "$bin" serve --db "sqlite://$work/$db" --host 127.0.0.1 --port "$port" \
    --now 2024-01-07T00:00:00Z > "$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for_health "$port" "$!" "$work/$name.log"
done
mkdir -p "$work/logs" "$work/tmp"
sed -e "s|server 127.0.0.1:8001 |server 127.0.0.1:$a1 |" \
    -e "s|server 127.0.0.1:8002 |server 127.0.0.1:$a2 |" \
    -e "s|server 127.0.0.1:8011 |server 127.0.0.1:$b1 |" \
    -e "s|server 127.0.0.1:8012 |server 127.0.0.1:$b2 |" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    "$site" > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
daemon off;
master_process off;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/site.conf;
}
CONF
out=$("$nginx" -t -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" 2>&1) ||
  fail "nginx -t rejected the example: $out"
expect_contains "$out" "syntax is ok" "nginx -t accepts the two-group example"
"$nginx" -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$http_port"
for _ in $(seq 1 50); do curl -s -o /dev/null "$base/api/v1/health" && break; sleep 0.1; done

board() { curl -s -D "$work/headers" "$base/api/v1/stats/leaderboard?limit=1&channel=$1"; }
for i in 1 2 3 4; do  # round robin over group A's two members
  answer=$(board NymN)
  expect_contains "$answer" '"total_messages"' "channel=NymN answered by group A (request $i)"
  expect_contains "$(cat "$work/headers")" "pererecos_group_a" "and nginx says group A"
done
answer=$(board xqc)
expect_contains "$answer" '"total_messages"' "channel=xqc answered by group B"
expect_contains "$(cat "$work/headers")" "pererecos_group_b" "nginx says group B"
# A wrong route would ask the other group, which does not know the channel.
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$a1/api/v1/stats/leaderboard?channel=xqc")
expect_eq "$code" 404 "group A itself does not know xqc (so the 200 above came from group B)"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$b1/api/v1/stats/leaderboard?channel=nymn")
expect_eq "$code" 404 "group B itself does not know nymn"
# No channel parameter: the default group (B), whose default channel is xqc.
answer=$(curl -s "$base/api/v1/stats/leaderboard?limit=1")
expect_contains "$answer" '"total_messages"' "a request without channel goes to the default group"
expect_contains "$(curl -s -D - -o /dev/null "$base/api/v1/health")" "pererecos_group_b" "/health too"
# One member of group A dies: the other answers every request.
kill "${pids[0]}"
for i in 1 2 3 4; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/stats/leaderboard?limit=1&channel=nymn")
  expect_eq "$code" 200 "with one member of group A down, request $i is answered"
done
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")
expect_eq "$code" 403 "/metrics is not exposed"
finish
