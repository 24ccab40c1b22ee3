#!/usr/bin/env bash
# Every endpoint's live answers, on a generated dataset, match the schemas of the server's
# own OpenAPI document (tests/e2e/openapi_answers.mjs: types, required fields, no
# undocumented fields, enums, sizes, date-times; every operation answered with a 200).
source "$(dirname "$0")/lib.sh"
bin=$1
datagen=$2
command -v node >/dev/null || fail "node missing"
port=$(free_port)
"$datagen" --messages 60000 --users 2000 --days 30 --seed 3 --end 2024-03-01T00:00:00Z \
  --out "$work/chat.irc" >/dev/null 2>&1
"$bin" import --db "sqlite://$work/chat.db" "$work/chat.irc" >/dev/null 2>&1
RATE_LIMIT_ENABLED=false "$bin" serve --db "sqlite://$work/chat.db" --host 127.0.0.1 \
  --port "$port" --now 2024-03-01T00:00:00Z > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
node "$(dirname "$0")/openapi_answers.mjs" "http://127.0.0.1:$port" || fail "answers differ from the document"
pass "the OpenAPI document describes every live answer"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
finish
