#!/usr/bin/env bash
# deploy/pererecos-stats.service passes `systemd-analyze verify` (pointed at the built
# binary, since /usr/bin/pererecos-stats is not installed here), keeps its hardening, and
# a broken copy fails the same check (so the check can fail).
source "$(dirname "$0")/../e2e/lib.sh"
bin=$(realpath "$1")
unit=deploy/pererecos-stats.service
command -v systemd-analyze >/dev/null || fail "systemd-analyze missing (scripts/setup.sh installs systemd)"

mkdir -p "$work/units"
sed "s|^ExecStart=/usr/bin/pererecos-stats|ExecStart=$bin|" "$unit" > "$work/units/pererecos-stats.service"
out=$(systemd-analyze verify "$work/units/pererecos-stats.service" 2>&1) ||
  fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify warned: $out"
pass "systemd-analyze verify accepts the unit"

for setting in "DynamicUser=yes" "StateDirectory=pererecos-stats" "ProtectSystem=strict" \
               "NoNewPrivileges=yes" "Restart=on-failure" \
               "EnvironmentFile=/etc/pererecos-stats/pererecos-stats.env" \
               "ExecStart=/usr/bin/pererecos-stats serve"; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
pass "the unit is hardened (DynamicUser, StateDirectory, ProtectSystem=strict, NoNewPrivileges) and restarts on failure"

sed 's/^Restart=on-failure/Restart=sometimes/; s/^ProtectSystem=strict/ProtectSytem=strict/' \
  "$work/units/pererecos-stats.service" > "$work/units/broken.service"
out=$(systemd-analyze verify "$work/units/broken.service" 2>&1 || true)
expect_contains "$out" "ProtectSytem" "a misspelt setting is reported"
expect_contains "$out" "sometimes" "an invalid value is reported"
finish
