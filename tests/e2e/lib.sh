# Helpers for the end-to-end tests. Each check prints what it verified; the first failure
# prints why and exits 1.
set -euo pipefail
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); echo "ok: $*"; }
expect_eq() {  # expect_eq ACTUAL EXPECTED WHAT
  [ "$1" == "$2" ] || fail "$3: expected '$2', got '$1'"
  pass "$3"
}
expect_contains() {  # expect_contains HAYSTACK NEEDLE WHAT
  [[ "$1" == *"$2"* ]] || fail "$3: '$2' not in: $1"
  pass "$3"
}
finish() { echo "$checks checks passed"; }
# A random port in 20000-39999 that nothing listens on now (e2e tests run in parallel).
free_port() {
  local p
  for _ in $(seq 1 50); do
    # Below the kernel's ephemeral range (32768-60999 by default), where the client side of
    # any connection may take a port between our check and the server's listen.
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  fail "no free port found"
}
# wait_for_health PORT PID LOG: until the server answers /health (30 s at most); fails at
# once, with the server's log, if the process exits first.
wait_for_health() {
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$1/api/v1/health" && return 0
    kill -0 "$2" 2>/dev/null || fail "the server exited while starting: $(cat "$3")"
    sleep 0.1
  done
  fail "the server did not answer within 30 s: $(cat "$3")"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
