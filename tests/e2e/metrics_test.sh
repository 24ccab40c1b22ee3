#!/usr/bin/env bash
# GET /metrics on a live server after traffic: guarded by HEALTH_CHECK_TOKEN, valid for
# `promtool check metrics`, and the figures follow what happened (requests by route and
# status, 429s, messages stored per channel, engine users, version, memory).
source "$(dirname "$0")/lib.sh"
bin=$1
command -v promtool >/dev/null || fail "promtool missing (scripts/setup.sh installs prometheus)"
port=$(free_port)
db="sqlite://$work/metrics.db"
HEALTH_CHECK_TOKEN=hunter2 "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 \
  --now 2024-01-07T00:00:00Z --channels nymn > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
"$bin" import --db "$db" tests/fixtures/twitch/nymn-recent-400.irc >/dev/null 2>&1
stored=$(sqlite3 "$work/metrics.db" "SELECT count(*) FROM messages")
api="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 50); do
  total=$(curl -s "$api/stats/leaderboard?limit=1" | sed -n 's/.*"total_messages":\([0-9]*\).*/\1/p')
  [ "${total:-0}" -gt 0 ] && break
  sleep 0.1
done
for _ in 1 2 3; do curl -s -o /dev/null "$api/stats/leaderboard"; done
curl -s -o /dev/null "$api/stats/leaderboard?period=year"   # 422
curl -s -o /dev/null "http://127.0.0.1:$port/nowhere"       # 404
for _ in $(seq 1 22); do curl -s -o /dev/null "$api/stats/compare/a/b"; done  # 20/min, then 429

code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")
expect_eq "$code" 401 "/metrics needs the token when HEALTH_CHECK_TOKEN is set"
# The follower counts a catch-up just after applying it: poll until the count is in.
for _ in $(seq 1 50); do
  curl -s -H 'Authorization: Bearer hunter2' "http://127.0.0.1:$port/metrics" > "$work/metrics.txt"
  grep -q "^pererecos_messages_stored_total{channel=\"nymn\"} $stored\$" "$work/metrics.txt" && break
  sleep 0.1
done
out=$(promtool check metrics < "$work/metrics.txt" 2>&1) || fail "promtool check metrics: $out"
pass "promtool check metrics accepts the exposition ($(wc -l < "$work/metrics.txt") lines)"
m=$(cat "$work/metrics.txt")
expect_contains "$m" 'pererecos_http_requests_total{route="leaderboard",status="200"} ' "requests by route and status"
expect_contains "$m" 'pererecos_http_requests_total{route="leaderboard",status="422"} 1' "a 422 counted"
expect_contains "$m" 'pererecos_http_requests_total{route="unmatched",status="404"} 1' "a 404 counted"
expect_contains "$m" 'pererecos_http_rate_limited_total{route="compare"} 2' "rate-limit refusals"
expect_contains "$m" 'pererecos_http_request_duration_seconds_bucket{route="compare",le="+Inf"} 22' "latency histogram"
expect_contains "$m" "pererecos_messages_stored_total{channel=\"nymn\"} $stored" "messages stored per channel (the import's)"
users=$(sed -n 's/^pererecos_engine_users{channel="nymn"} \([0-9]*\)$/\1/p' <<<"$m")
[ "${users:-0}" -gt 10 ] || fail "engine users: '$users'"
pass "engine users per channel ($users)"
expect_contains "$m" 'pererecos_build_info{version="' "build info"
rss=$(sed -n 's/^process_resident_memory_bytes \([0-9]*\)$/\1/p' <<<"$m")
[ "${rss:-0}" -gt 1000000 ] || fail "resident memory: '$rss'"
pass "resident memory ($rss bytes)"
open_now=$(sed -n 's/^pererecos_http_open_connections \([0-9]*\)$/\1/p' <<<"$m")
# At least the scrape's own; earlier curls' sessions may still be closing.
[ "${open_now:-0}" -ge 1 ] || fail "open connections: '$open_now'"
pass "open connections ($open_now)"
expect_contains "$m" '# TYPE pererecos_store_write_seconds histogram' "store latency histogram registered"
expect_contains "$m" '# TYPE pererecos_uptime_seconds gauge' "uptime"
version=$("$bin" --version | cut -d' ' -f2)
expect_contains "$(curl -s -H 'X-Health-Token: hunter2' "$api/health")" "\"version\":\"$version" "health shows the same version"
expect_contains "$m" "pererecos_build_info{version=\"$version\"" "and so does /metrics"
# --version: the CMake project version, plus the commit when built from a git checkout.
line=$("$bin" --version)
project_version=$(sed -n 's/^project(pererecos_stats VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
expect_contains "$line" "pererecos-stats $project_version" "--version names the project version"
if git rev-parse --git-dir >/dev/null 2>&1; then
  [[ "$line" =~ \(git\ ([0-9a-f]{12}) ]] || fail "--version names no commit: $line"
  git cat-file -e "${BASH_REMATCH[1]}^{commit}" 2>/dev/null ||
    fail "--version's commit ${BASH_REMATCH[1]} is not in this repository"
  pass "--version names a commit of this repository (${BASH_REMATCH[1]})"
fi
finish
