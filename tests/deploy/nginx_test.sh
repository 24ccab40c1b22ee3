#!/usr/bin/env bash
# deploy/nginx.conf: `nginx -t` accepts it (with a certificate made by openssl), and a
# real nginx running it proxies the service under the /stats sub-path over TLS: health,
# the API, the OpenAPI document naming the prefix; HTTP redirects to HTTPS; /metrics stays
# private; the event stream's location is unbuffered.
source "$(dirname "$0")/../e2e/lib.sh"
bin=$1
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || fail "nginx missing (scripts/setup.sh installs it)"
site=deploy/nginx.conf

grep -A12 'location = /stats/api/v1/events' "$site" | grep -q 'proxy_buffering off;' ||
  fail "the event stream location does not turn buffering off"
grep -q 'real_ip_header CF-Connecting-IP;' "$site" || fail "CF-Connecting-IP is not used"
grep -q 'proxy_set_header X-Forwarded-For \$remote_addr;' "$site" || fail "no X-Forwarded-For"
pass "the example streams events unbuffered and passes the client address on (CF-Connecting-IP)"

app_port=$(free_port)
http_port=$(free_port)
https_port=$(free_port)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=stats.example.org \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
mkdir -p "$work/logs" "$work/tmp"
sed -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$app_port;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e '/listen \[::\]/d' \
    -e "s|/etc/letsencrypt/live/stats.example.org/fullchain.pem|$work/cert.pem|" \
    -e "s|/etc/letsencrypt/live/stats.example.org/privkey.pem|$work/key.pem|" \
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
expect_contains "$out" "syntax is ok" "nginx -t accepts the example"

"$bin" import --db "sqlite://$work/chat.db" tests/fixtures/twitch/nymn-recent-400.irc >/dev/null 2>&1
API_ROOT_PATH=/stats "$bin" serve --db "sqlite://$work/chat.db" --host 127.0.0.1 --port "$app_port" \
  --now 2024-01-07T00:00:00Z > "$work/serve.log" 2>&1 &
pid=$!
"$nginx" -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
nginx_pid=$!
trap 'kill $pid $nginx_pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$app_port" "$pid" "$work/serve.log"
base="https://127.0.0.1:$https_port/stats"
for _ in $(seq 1 50); do
  curl -sk -o /dev/null "$base/api/v1/health" && break
  sleep 0.1
done
health=$(curl -sk "$base/api/v1/health")
expect_contains "$health" '"status":"healthy"' "health through nginx under /stats over TLS"
board=$(curl -sk "$base/api/v1/stats/leaderboard?limit=1")
expect_contains "$board" '"total_messages"' "the API through nginx"
doc=$(curl -sk "$base/api/openapi.json")
expect_contains "$doc" '"url":"/stats"' "the OpenAPI document names the sub-path"
code=$(curl -sk -o /dev/null -w '%{http_code}' "$base/metrics")
expect_eq "$code" 403 "/metrics is not exposed through nginx"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/stats/")
expect_eq "$code" 301 "plain HTTP redirects to HTTPS"
finish
