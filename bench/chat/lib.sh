# Helpers for the chat and load benchmarks. Source after tests/e2e/lib.sh and
# tests/e2e/chat_lib.sh (the stand-in coprocess, `fake`).

# steady_send RATE SECONDS: the stand-in sends RATE generated messages per second into
# #$CHAT_CHANNEL (default nymn) (in
# ticks of 100 ms, ids from 0, times increasing) for SECONDS seconds. Run it in the
# background: nothing else may talk to the stand-in meanwhile. Prints the count sent.
# (A background subshell does not inherit the coprocess's descriptors: it talks through
# copies on descriptors 7 and 8, made here.)
steady_send_fds() { exec 7>&"${FAKE[1]}" 8<&"${FAKE[0]}"; }
steady_send() {
  local rate=$1 seconds=$2 per_tick=$(( $1 / 10 )) from=0 t0 due now answer
  t0=$(date +%s%N)
  for ((tick = 0; tick < seconds * 10; tick++)); do
    echo "gen ${CHAT_CHANNEL:-nymn} $from $per_tick stream" >&7
    read -r -t 60 answer <&8 || { echo "the stand-in did not answer" >&2; return 1; }
    from=$((from + per_tick))
    due=$(( t0 + (tick + 1) * 100000000 ))
    now=$(date +%s%N)
    (( due > now )) && sleep "$(awk -v d=$(( due - now )) 'BEGIN { printf "%.3f", d / 1e9 }')"
  done
  echo "$from"
}

# rss_kib PID: resident memory of the process.
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# rss_summary FILE: FILE holds "seconds rss_kib messages_stored" lines; prints start, end,
# the least-squares slope of RSS (MiB per minute) and RSS per stored message added.
rss_summary() {
  awk '{ n++; x[n] = $1; y[n] = $2; m[n] = $3 }
    END {
      if (n < 2) { print "rss: too few samples"; exit }
      for (i = 1; i <= n; i++) { sx += x[i]; sy += y[i] }
      mx = sx / n; my = sy / n
      for (i = 1; i <= n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
      slope = sxx > 0 ? sxy / sxx : 0
      dm = m[n] - m[1]
      printf "rss: start %.1f MiB, end %.1f MiB over %d s (%d samples); slope %.3f MiB/min; %.0f bytes per message added (%d messages)\n",
        y[1] / 1024, y[n] / 1024, x[n] - x[1], n, slope * 60 / 1024,
        (dm > 0 ? (y[n] - y[1]) * 1024 / dm : 0), dm
    }' "$1"
}

# wrk_figures FILE: the figures of one `wrk --latency` output.
wrk_figures() {
  awk '/Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Socket errors/ { sock = $0; sub(/^ +/, "", sock) }
    /Non-2xx/ { non2xx = $NF }
    /requests in/ { total = $1 }
    /^statuses:/ { st = $0 }
    END {
      printf "requests %s, %s req/s, p50 %s, p90 %s, p99 %s, non-2xx %s, %s%s\n", total, rps,
        p50, p90, p99, (non2xx == "" ? 0 : non2xx), (sock == "" ? "socket errors 0" : sock),
        (st == "" ? "" : "; " st)
    }' "$1"
}
