#!/usr/bin/env bash
# Runs the dashboard's browser tests: run.sh PERERECOS_STATS PERERECOS_DATAGEN SCREENSHOT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "tests/web: npm packages missing; run scripts/setup.sh (npm ci in tests/web)" >&2
  exit 1
fi
node "$here/dashboard.test.mjs" "$@"
node "$here/emote_images.test.mjs" "$@"
