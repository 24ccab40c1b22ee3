#!/usr/bin/env bash
# Fails when a tracked file refers to the workplace folder beside the repository
# (`../shared`): a person who clones the project has no such folder. scripts/test.sh also
# runs every build and test with that folder hidden (see there), which catches reads this
# text search cannot see.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\.\./shared|/work/shared'
if hits=$(git ls-files -z | grep -zvE '^scripts/(check_self_contained|test)\.sh$' |
    xargs -0 grep -nE "$pattern" -- 2>/dev/null); then
  echo "self-contained: these tracked files refer to a folder outside the repository:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "self-contained: no tracked file refers to ../shared"
