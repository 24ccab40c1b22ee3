# Helpers for the live-chat end-to-end tests: a CA and server certificate made with
# openssl, the Twitch stand-in (fake-twitch-irc) driven through a coprocess, and a check
# that the store holds exactly the delivered messages. Source after lib.sh.

# make_certificates DIR: DIR/ca.pem (the CA to trust), DIR/server.pem + DIR/server.key
# (for 127.0.0.1, signed by the CA).
make_certificates() {
  local d=$1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj "/CN=pererecos test CA" -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=127.0.0.1" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$d/ext.cnf"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
    -days 1 -extfile "$d/ext.cnf" -out "$d/server.pem" 2>/dev/null
}

# start_fake FAKE_BIN ARGS...: starts the stand-in as coprocess FAKE; sets fake_port.
start_fake() {
  coproc FAKE { "$@" 2>"$work/fake.err"; }
  fake_pid=$FAKE_PID
  local first
  read -r -t 10 first <&"${FAKE[0]}" || fail "the stand-in did not start: $(cat "$work/fake.err")"
  fake_port=${first#port }
}

# fake CMD...: sends one command to the stand-in and prints its answer; fails on "error".
fake() {
  echo "$*" >&"${FAKE[1]}"
  local answer
  read -r -t 600 answer <&"${FAKE[0]}" || fail "the stand-in did not answer '$*'"
  [[ "$answer" == ok* ]] || fail "stand-in: '$*' -> $answer"
  echo "$answer"
}

# start_fake_http: starts the stand-in's HTTP side (`fake http`: recent-messages from its
# history, 404 for the emote services); sets http_port.
start_fake_http() {
  http_port=$(fake http)
  http_port=${http_port#ok }
}

# stored_ids DB: the stored message ids as the stand-in names them (UUIDs, lowercase).
stored_ids() {
  sqlite3 "$1" "select lower(hex(id)) from messages" |
    sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/' | sort
}

# expect_stored_exactly DB DELIVERED_FILE: waits (10 s at most) until the store holds every
# delivered id, then checks it holds each exactly once and nothing else.
expect_stored_exactly() {
  local db=$1 delivered=$2 want got
  want=$(sort -u "$delivered" | wc -l)
  for _ in $(seq 1 100); do
    got=$(sqlite3 "$db" "select count(*) from messages" 2>/dev/null || echo 0)
    [ "$got" -ge "$want" ] && break
    sleep 0.1
  done
  expect_eq "$(sqlite3 "$db" "select count(*) from messages")" "$want" "stored messages = delivered ($want)"
  expect_eq "$(sqlite3 "$db" "select count(distinct id) from messages")" "$want" "no message stored twice"
  diff <(sort -u "$delivered") <(stored_ids "$db") > "$work/diff.txt" ||
    fail "stored ids differ from delivered ids: $(head -5 "$work/diff.txt")"
  pass "the stored ids are exactly the delivered ones"
}
