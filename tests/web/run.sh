#!/usr/bin/env bash
# Runs the dashboard's browser tests:
#   run.sh PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR [SUITE]
# SUITE: dashboard (default: dashboard.test.mjs and emote_images.test.mjs),
# live_resilience or demo_browse.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "tests/web: npm packages missing; run scripts/setup.sh (npm ci in tests/web)" >&2
  exit 1
fi
suite=${4:-dashboard}
case "$suite" in
  dashboard)
    node "$here/dashboard.test.mjs" "$1" "$2" "$3"
    node "$here/emote_images.test.mjs" "$1" "$2" "$3" ;;
  live_resilience|demo_browse)
    node "$here/$suite.test.mjs" "$1" "$2" "$3" ;;
  *) echo "run.sh: unknown suite $suite" >&2; exit 2 ;;
esac
