#!/usr/bin/env bash
# Installs the Debian packages the project needs (idempotent; as root on Debian 12).
# Usage: scripts/setup.sh [demo|all]   (default: all)
#   demo: only what building and running `pererecos-stats` needs (the README's first command)
#   all:  also the test, benchmark, fuzzing and packaging tools
# Only missing packages are installed, so a second run takes a second.
set -euo pipefail

# What building the binary needs.
build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev
  libsimdjson-dev rapidjson-dev libhowardhinnant-date-dev tzdata
  libspdlog-dev libfmt-dev libcli11-dev
)
# What the tests, benchmarks and fuzzers need on top.
test_packages=(
  clang libclang-rt-14-dev sqlite3 curl wrk
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql libpq-dev
  systemd nginx prometheus dpkg-dev openssl chromium
)
# Node.js and npm for the browser tests: Debian's packages only when no node/npm is on the
# machine already (a Node.js from elsewhere ships its own npm, which Debian's conflicts with).
if ! command -v node >/dev/null 2>&1; then test_packages+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then test_packages+=(npm); fi

case "${1:-all}" in
  demo) packages=("${build_packages[@]}") ;;
  all) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: scripts/setup.sh [demo|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all system packages present"

# The dashboard's browser tests (tests/web): npm packages from the committed lock file.
if [ "${1:-all}" = all ] && [ ! -d tests/web/node_modules ]; then
  (cd "$(dirname "$0")/../tests/web" && npm ci --no-audit --no-fund --silent)
  echo "setup: tests/web npm packages installed"
fi
