#!/usr/bin/env bash
# Three `serve` instances on one PostgreSQL database (a private server, started here),
# reading 20 channels from the local Twitch stand-in at 2,000 messages/s in all, with the
# recent-messages stand-in for the gap back-fill. Prints:
#   - follower lag p50/p99: from the holder's API showing a message to another instance's
#     API showing it (sampled every 20 ms), and the end-to-end lag from the stand-in;
#   - kill -9 of an instance holding 7 of the 20 channels (after the leases balanced),
#     mid-stream: time until the survivors read every channel again;
#   - messages missing after the back-fill (generated minus stored), and duplicates;
#   - CPU seconds used by the instances and by PostgreSQL.
# Usage: bench/multi_instance/run.sh [SECONDS] [RATE]   (default 30 s at 2000/s; after
# scripts/build.sh release). PERERECOS_TEST_PG_PORTS=LOW-HIGH picks the server's port range.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
rate=${2:-2000}
count=$((seconds * rate))
bin=$PWD/build/pererecos-stats
fake_bin=build/tests/fakes/fake-twitch-irc
work=$(mktemp -d)
source tests/e2e/lib.sh >/dev/null
source tests/e2e/chat_lib.sh
source tests/e2e/pg_lib.sh
cluster="bash tests/storage/postgres_cluster.sh"
pid_a= pid_b= pid_c= fake_pid= sampler=
trap 'kill -9 $pid_a $pid_b $pid_c $fake_pid $sampler 2>/dev/null || true
      cp "$work"/*.log "${BENCH_KEEP_LOGS:-/nonexistent}" 2>/dev/null; $cluster stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
$cluster start "$work/pg" >/dev/null
pg_admin=$(cat "$work/pg/url")
psql -q "$pg_admin" -c "CREATE DATABASE bench" >/dev/null
pg_url="${pg_admin%/*}/bench"
channels=$(printf 'ch%02d,' $(seq 0 19))
channels=${channels%,}
start_fake "$fake_bin" --recent-log "$work/recent.log" --history-limit 800
start_recent
ports=()
for name in a b c; do
  p=$(free_port)
  ports+=("$p")
  start_instance "$name" "$p" "$channels" TWITCH_TIMING_SCALE=0.1
  eval "wait_for_health $p \$pid_$name $work/$name.log"
  sleep 1  # a takes the channels first
done
for ch in ${channels//,/ }; do fake wait_joined "$ch" 1 30000 >/dev/null; done
# Until the leases are balanced (7 + 7 + 6: one channel moves per lease round).
balanced_after=
for i in $(seq 1 120); do
  counts=()
  for p in "${ports[@]}"; do counts+=("$(joined_channels "$p" | wc -w)"); done
  sorted=$(printf '%s\n' "${counts[@]}" | sort -n | tr '\n' ' ')
  if [ "$sorted" = "6 7 7 " ]; then balanced_after=$i; break; fi
  sleep 0.5
done
echo "channels per instance: ${counts[*]} (balanced after ${balanced_after:-never} checks, 0.5 s apart)"
holder_port=${ports[0]} holder_name=a
for i in 0 1 2; do
  if [ "${counts[$i]}" = 7 ]; then
    holder_port=${ports[$i]} holder_name=$(echo a b c | cut -d' ' -f$((i + 1)))
    break
  fi
done
eval "victim=\$pid_$holder_name"
python3 bench/multi_instance/sampler.py "$work/samples" "$work/stop" 0.02 "${ports[@]}" &
sampler=$!
cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_cpu() {  # CPU ticks of the server: the postmaster and its children (living ones)
  local t=0 p root
  root=$(head -1 "$(cat "$work/pg/datadir")/data/postmaster.pid")
  for p in "$root" $(ps -o pid= --ppid "$root"); do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
cpu0_pg=$(pg_cpu)
start=$(date +%s.%N)
echo "pace $channels 0 $count $rate" >&"${FAKE[1]}"
sleep $((seconds * 2 / 3))
kill_at=$(date +%s.%N)
cpu_victim=$(cpu_of "$victim")
kill -9 "$victim"
survivors=()
for p in "${ports[@]}"; do [ "$p" = "$holder_port" ] || survivors+=("$p"); done
takeover=
while :; do
  n=0
  for p in "${survivors[@]}"; do n=$((n + $(joined_channels "$p" | wc -w))); done
  if [ "$n" -ge 20 ]; then takeover=$(date +%s.%N); break; fi
  if awk -v a="$(date +%s.%N)" -v b="$kill_at" 'BEGIN { exit !(a - b > 30) }'; then
    for p in "${survivors[@]}"; do echo "instance on $p reads: $(joined_channels "$p")"; done
    break
  fi
  sleep 0.05
done
read -r -t $((seconds * 3 + 60)) paced <&"${FAKE[0]}"
fake flush 60000 >/dev/null
want=$(logged_ids "$work/recent.log" | wc -l)
for _ in $(seq 1 300); do
  [ "$(pg_sql 'select count(*) from messages')" -ge "$want" ] && break
  sleep 0.1
done
sleep 2
touch "$work/stop"
wait "$sampler" || true
stored=$(pg_sql 'select count(*) from messages')
distinct=$(pg_sql 'select count(distinct id) from messages')
missing=$(comm -23 <(logged_ids "$work/recent.log") <(pg_stored_ids) | wc -l)
cpu_inst=$cpu_victim
for name in a b c; do
  eval "p=\$pid_$name"
  [ "$p" = "$victim" ] || cpu_inst=$((cpu_inst + $(cpu_of "$p")))
done
cpu_pg=$(( $(pg_cpu) - cpu0_pg ))
hz=$(getconf CLK_TCK)
end=$(date +%s.%N)
echo "three instances, one PostgreSQL, 20 channels, $count messages at $rate/s (stand-in: $paced)"
python3 bench/multi_instance/analyze.py "$work/samples" "$start" "$rate" "$count" "$kill_at"
if [ -n "$takeover" ]; then
  awk -v a="$takeover" -v b="$kill_at" 'BEGIN { printf "takeover after kill -9 of the holder of 7 channels (until the survivors read all 20): %.2f s\n", a - b }'
else
  echo "takeover after kill -9: not within 30 s"
fi
echo "generated $want, stored $stored ($distinct distinct), missing after back-fill: $missing"
awk -v i="$cpu_inst" -v p="$cpu_pg" -v hz="$hz" -v n="$want" -v s="$start" -v e="$end" 'BEGIN {
  printf "CPU: instances %.1f s, PostgreSQL %.1f s over %.1f s wall; %.0f messages per instance-CPU-second\n",
    i / hz, p / hz, e - s, n / (i / hz) }'
echo "command: bench/multi_instance/run.sh $seconds $rate"
