#!/usr/bin/env bash
# Installs what is missing, builds, builds the built-in demo dataset and serves it at
# http://localhost:8000 (HOST and PORT change where). Extra arguments go to `demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh demo
bash scripts/build.sh demo
exec ./build/pererecos-stats demo "$@"
