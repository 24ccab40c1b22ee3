#!/usr/bin/env bash
# /api/docs is Swagger UI served locally (no CDN, no inline script) under the strict CSP,
# and a real browser (Debian's chromium, headless) renders every operation of the
# document with it — at the root and under API_ROOT_PATH.
source "$(dirname "$0")/lib.sh"
bin=$1
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || fail "chromium missing (scripts/setup.sh installs it)"
operations=$(node -e 'const d=require("./web/openapi.json");let n=0;for(const p of Object.values(d.paths))n+=Object.keys(p).length;console.log(n)')

check_docs() {  # check_docs ROOT_PATH
  local root=$1 port pid
  port=$(free_port)
  API_ROOT_PATH=$root "$bin" serve --db "sqlite://$work/docs.db" --host 127.0.0.1 --port "$port" \
    > "$work/serve.log" 2>&1 &
  pid=$!
  wait_for_health "$port" "$pid" "$work/serve.log"
  local url="http://127.0.0.1:$port$root/api/docs"
  curl -s -D "$work/headers" "$url" > "$work/docs.html"
  grep -qi "^content-security-policy: .*script-src 'self';" "$work/headers" || fail "no strict CSP on /api/docs"
  ! grep -qi "unsafe-eval" "$work/headers" || fail "the CSP allows eval"
  ! grep -qE '<script>|<script [^>]*>[^<]' "$work/docs.html" || fail "the docs page has an inline script"
  ! grep -qiE '(src|href)="(https?:)?//' "$work/docs.html" || fail "the docs page loads from another host"
  for asset in swagger-ui-bundle.js init.js swagger-ui.css; do
    expect_contains "$(cat "$work/docs.html")" "$root/static/api-docs/$asset" "the page uses the local $asset ($root)"
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$root/static/api-docs/$asset")
    expect_eq "$code" 200 "$asset is served ($root)"
  done
  timeout 60 "$chromium" --headless=new --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
    --virtual-time-budget=8000 --dump-dom "$url" > "$work/dom.html" 2>"$work/chromium.log" ||
    fail "chromium failed: $(tail -n 5 "$work/chromium.log")"
  rendered=$(grep -o 'class="opblock opblock-' "$work/dom.html" | wc -l)
  expect_eq "$rendered" "$operations" "Swagger UI renders every operation under the CSP ($root)"
  grep -q '<div id="operations" hidden' "$work/dom.html" || fail "the fallback list was not hidden"
  kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
}
check_docs ""
check_docs "/stats"
finish
