#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests (CTest fixture "postgres", see
# tests/storage/CMakeLists.txt): initdb + pg_ctl from Debian's postgresql package, on
# 127.0.0.1 at a free port with its own socket directory, run as an unprivileged user
# when started by root, with durability off (fsync) since it holds only test data.
#
#   postgres_cluster.sh start STATE_DIR   # writes STATE_DIR/url (an admin URL) and STATE_DIR/datadir
#   postgres_cluster.sh stop STATE_DIR    # stops it and removes its files
#   postgres_cluster.sh down STATE_DIR    # stops the server, keeping its data (outage tests)
#   postgres_cluster.sh up STATE_DIR      # starts it again on the same port
#
# Environment: PERERECOS_TEST_PG_PORTS=LOW-HIGH (default 20000-32767, below the ephemeral ports), PERERECOS_PG_BINDIR.
#
# The data lives in a fresh directory under ${TMPDIR:-/tmp}; STATE_DIR (in the build tree)
# only says where. A cluster left by an interrupted run is stopped by the next start.
set -euo pipefail

cmd=${1:?usage: postgres_cluster.sh start|stop STATE_DIR}
state=${2:?usage: postgres_cluster.sh start|stop STATE_DIR}
bindir=${PERERECOS_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "postgres_cluster.sh: no PostgreSQL server binaries (install the postgresql package:" \
       "scripts/setup.sh all)" >&2
  exit 1
fi

as_user=()
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then  # initdb and postgres refuse to run as root
  owner=postgres
  id -u postgres >/dev/null 2>&1 || owner=nobody
  as_user=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --clear-groups --)
fi

stop_cluster() {
  [ -f "$state/datadir" ] || return 0
  local root
  root=$(cat "$state/datadir")
  if [ -d "$root/data" ]; then
    "${as_user[@]}" "$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$root" in */pererecos-pg-*) rm -rf "$root" ;; esac
  rm -f "$state/datadir" "$state/url"
}

case "$cmd" in
  stop)
    stop_cluster
    ;;
  start)
    mkdir -p "$state"
    stop_cluster
    root=$(mktemp -d "${TMPDIR:-/tmp}/pererecos-pg-XXXXXX")
    echo "$root" >"$state/datadir"
    chmod 755 "$root"
    mkdir "$root/socket"
    [ -n "${as_user[*]}" ] && chown "$owner" "$root" "$root/socket"
    "${as_user[@]}" "$bindir/initdb" -D "$root/data" -U pererecos --auth=trust -E UTF8 \
      --locale=C --no-sync >"$root/initdb.log" 2>&1 || {
      cat "$root/initdb.log" >&2
      exit 1
    }
    # A free port: try random ones in the range until the server starts (another process
    # may take one first). PERERECOS_TEST_PG_PORTS=LOW-HIGH narrows the range.
    range=${PERERECOS_TEST_PG_PORTS:-20000-32767}
    low=${range%-*}
    high=${range#*-}
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((low + (RANDOM * 32768 + RANDOM) % (high - low + 1)))
      if "${as_user[@]}" "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
        -o "-p $port -k $root/socket -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
        echo "postgresql://pererecos@127.0.0.1:$port/postgres" >"$state/url"
        echo "$port" >"$root/port"
        echo "PostgreSQL test cluster on 127.0.0.1:$port ($root)"
        exit 0
      fi
    done
    echo "postgres_cluster.sh: the server did not start; its log:" >&2
    cat "$root/server.log" >&2 || true
    exit 1
    ;;
  down)
    root=$(cat "$state/datadir")
    "${as_user[@]}" "$bindir/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null
    ;;
  up)
    root=$(cat "$state/datadir")
    port=$(cat "$root/port")
    "${as_user[@]}" "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 30 \
      -o "-p $port -k $root/socket -c listen_addresses=127.0.0.1 -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    ;;
  *)
    echo "usage: postgres_cluster.sh start|stop|down|up STATE_DIR" >&2
    exit 2
    ;;
esac
