# Helpers for the end-to-end tests on PostgreSQL (several instances on one database).
# Source after lib.sh and chat_lib.sh. The server is the CTest fixture "postgres"
# (tests/storage/postgres_cluster.sh); its admin URL is in PERERECOS_TEST_POSTGRES_URL_FILE.

# pg_fresh_database NAME: creates database NAME (dropping an old one) on the fixture's
# server; sets pg_admin and pg_url.
pg_fresh_database() {
  [ -n "${PERERECOS_TEST_POSTGRES_URL_FILE:-}" ] && [ -f "$PERERECOS_TEST_POSTGRES_URL_FILE" ] ||
    fail "no PostgreSQL test server (run through ctest: fixture postgres)"
  pg_admin=$(cat "$PERERECOS_TEST_POSTGRES_URL_FILE")
  psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
  psql -q "$pg_admin" -c "CREATE DATABASE $1" >/dev/null || fail "cannot create database $1"
  pg_url="${pg_admin%/*}/$1"
}

# pg_sql SQL: one value (psql -At) from pg_url.
pg_sql() { psql -At "$pg_url" -c "$1"; }

# pg_stored_ids: the stored message ids as the stand-in names them (UUIDs, lowercase).
pg_stored_ids() {
  pg_sql "select encode(substring(id from 2), 'hex') from messages" |
    sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/' | sort
}

# logged_ids LOG: the ids of the PRIVMSG lines in the stand-in's --recent-log, sorted, unique.
logged_ids() { sed -n 's/.*;id=\([0-9a-f-]*\);.*/\1/p' "$1" | sort -u; }

# health_json PORT: /api/v1/health's body ("{}" when it does not answer).
health_json() { curl -s -m 2 "http://127.0.0.1:$1/api/v1/health" || echo '{}'; }

# stored_count PORT: /health's messages_stored (what the instance's engine applied); 0
# when it does not answer. Cheap (no interpreter started): the lag loops call it often.
stored_count() {
  local n
  n=$(curl -s -m 2 "http://127.0.0.1:$1/api/v1/health" | sed -n 's/.*"messages_stored":\([0-9]*\).*/\1/p')
  echo "${n:-0}"
}

# joined_channels PORT: the channels this instance reads now, space separated, sorted.
joined_channels() {
  health_json "$1" | python3 -c "
import json, sys
h = json.load(sys.stdin)
print(' '.join(sorted(c['channel'] for c in h.get('channels', []) if c.get('state') == 'joined')))"
}

# start_instance NAME PORT CHANNELS [ENV=VALUE...]: `serve` on pg_url reading CHANNELS
# (comma separated) from the stand-in at fake_port, back-filling from recent_port, without
# the rate limit (the tests poll /health often); sets
# pid_NAME; its log is $work/NAME.log.
start_instance() {
  local name=$1 port=$2 channels=$3
  shift 3
  env RATE_LIMIT_ENABLED=false "$@" DATABASE_URL="$pg_url" TWITCH_CHANNELS="$channels" \
    TWITCH_IRC_URL="irc://127.0.0.1:$fake_port" TWITCH_TIMING_SCALE=0.02 \
    RECENT_MESSAGES_URL="http://127.0.0.1:$recent_port/api/v2/recent-messages" \
    "$bin" serve --port "$port" --host 127.0.0.1 >> "$work/$name.log" 2>&1 &
  printf -v "pid_$name" '%s' "$!"
}

# start_recent: the recent-messages stand-in of the running Twitch stand-in (`fake http`,
# which answers each channel's history; start the stand-in with --history-limit 800 as the
# service keeps); sets recent_port.
start_recent() {
  start_fake_http
  recent_port=$http_port
}

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }
