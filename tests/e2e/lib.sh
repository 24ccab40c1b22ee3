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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
