#!/usr/bin/env bash
# The .deb built by CPack: its control data and contents (binary, web root, unit, example
# env file as a conffile, docs), then the unpacked binary run as installed: --version, an
# import into a temporary database, and `serve` from a directory without web/ finding the
# packaged dashboard under <prefix>/share/pererecos-stats/web by itself.
source "$(dirname "$0")/../e2e/lib.sh"
cpack_config=$1
cpack -G DEB -B "$work/pkg" --config "$cpack_config" > "$work/cpack.log" 2>&1 ||
  fail "cpack failed: $(tail -n 20 "$work/cpack.log")"
deb=$(ls "$work"/pkg/pererecos-stats_*_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no package built: $(cat "$work/cpack.log")"
pass "cpack built $(basename "$deb")"

info=$(dpkg-deb --info "$deb")
expect_contains "$info" "Package: pererecos-stats" "the package's name"
expect_contains "$info" "libsqlite3-0" "dependencies found by dpkg-shlibdeps"
expect_contains "$info" "conffiles" "it declares conffiles"
expect_eq "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" \
  "/etc/pererecos-stats/pererecos-stats.env" "the env file is a conffile"
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/pererecos-stats ./usr/share/pererecos-stats/web/index.html \
            ./usr/share/pererecos-stats/web/openapi.json \
            ./usr/lib/systemd/system/pererecos-stats.service \
            ./etc/pererecos-stats/pererecos-stats.env \
            ./usr/share/doc/pererecos-stats/operations.md \
            ./usr/share/doc/pererecos-stats/nginx.conf; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done
pass "the package holds the binary, the web root, the unit, the env file and the docs"
grep -q ' \./etc/pererecos-stats/pererecos-stats.env$' <<<"$(grep -- '-rw-r-----' <<<"$contents")" ||
  fail "the env file is readable by everyone"
pass "the env file is not world-readable"

root="$work/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/pererecos-stats"
version=$("$bin" --version)
expect_contains "$version" "pererecos-stats " "the unpacked binary runs: $version"

mkdir -p "$work/elsewhere"
cd "$work/elsewhere"  # no web/ here: the web root must come from the package
db="sqlite://$work/installed.db"
out=$("$bin" import --db "$db" "$OLDPWD/tests/fixtures/twitch/nymn-recent-400.irc" 2>&1 | tail -n 1)
expect_contains "$out" "stored" "the unpacked binary imports into a temporary database"
port=$(free_port)
"$bin" serve --db "$db" --host 127.0.0.1 --port "$port" --now 2024-01-07T00:00:00Z \
  > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
wait_for_health "$port" "$pid" "$work/serve.log"
curl -s "http://127.0.0.1:$port/" > "$work/index.html"
# The server writes its settings (<base>, title, time zone) into the page, so compare the
# packaged page's script line rather than the whole file.
script_line=$(grep -m1 '<script type="module"' "$root/usr/share/pererecos-stats/web/index.html")
[ -n "$script_line" ] || fail "the packaged index.html has no module script"
grep -qF "$script_line" "$work/index.html" ||
  fail "GET / is not the packaged dashboard: $(head -c 200 "$work/index.html")"
pass "serve finds the packaged web root without flags"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/openapi.json")
expect_eq "$code" 200 "the packaged OpenAPI document is served"
board=$(curl -s "http://127.0.0.1:$port/api/v1/stats/leaderboard?limit=1")
expect_contains "$board" '"total_messages":' "the imported messages are answered"
kill -TERM "$pid"; wait "$pid" || fail "serve did not stop cleanly"
finish
