#!/usr/bin/env bash
# Rebuild at start: how long `serve` takes to rebuild every statistic from a store of
# MESSAGES messages (default 10M, 200k users, 90 days), and its resident memory then.
#   bash bench/rebuild/run.sh [BUILD_DIR] [MESSAGES] [USERS]
# The database is generated once into bench/data/ (gitignored) and reused.
# REBUILD_DB_URL=postgresql://... rebuilds from that database instead (fill it with
# `pererecos-stats migrate --from sqlite://bench/data/rebuild-10000000.db --to URL`); the
# CPU line then adds the server backends' CPU (same machine only).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
N=${2:-10000000}
USERS=${3:-200000}
END=2026-01-01T00:00:00Z
DB=bench/data/rebuild-$N.db
mkdir -p bench/data
if [ -z "${REBUILD_DB_URL:-}" ] && [ ! -f "$DB" ]; then
  echo "generating $N messages into $DB ..."
  "$BUILD/pererecos-datagen" --messages "$N" --users "$USERS" --days 90 --end "$END" \
    --format sqlite --out "$DB"
fi
port=$((20000 + RANDOM % 20000))
log=$(mktemp)
URL=${REBUILD_DB_URL:-sqlite://$DB}
RATE_LIMIT_ENABLED=false "$BUILD/pererecos-stats" serve --db "$URL" --now "$END" \
  --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q "serving the dashboard" "$log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
rebuilt=$(grep "statistics rebuilt" "$log" | sed 's/.* info  //')
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
ticks=$(getconf CLK_TCK)
cpu_of() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
serve_ticks=$(cpu_of "$pid")
backend_ticks=0
if [[ "$URL" == postgres* ]]; then
  for b in $(psql -X -At "$URL" -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"); do
    backend_ticks=$((backend_ticks + $(cpu_of "$b")))
  done
fi
echo "rebuild: $rebuilt"
echo "cpu until serving: $(awk -v s="$serve_ticks" -v b="$backend_ticks" -v t="$ticks" -v n="$N" \
  'BEGIN { printf "%.1f s serve + %.1f s server backends = %.1f s (%.0f messages per CPU-second)", s/t, b/t, (s+b)/t, n/((s+b)/t) }')"
echo "resident memory after rebuild: $((rss_kb / 1024)) MiB"
echo "reproduce: ${REBUILD_DB_URL:+REBUILD_DB_URL=$REBUILD_DB_URL }bash bench/rebuild/run.sh $BUILD $N $USERS"
if [ "${KEEP_RUNNING:-0}" = 1 ]; then
  echo "server on port $port (pid $pid); Ctrl-C to stop"
  trap - EXIT
  wait "$pid"
fi
kill -TERM "$pid"
wait "$pid" || true
