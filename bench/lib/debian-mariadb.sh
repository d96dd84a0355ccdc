# Sourced by the bench scripts that run GrantGate on a plain MariaDB from Debian's mariadb-server
# (bench/deploy.sh, bench/scaleout.sh). Before sourcing, set NAME (the log prefix), WORK (a fresh
# working directory), KEEP (1 keeps WORK at exit) and PIDS=() (processes stopped at exit).
# shellcheck shell=bash

log() { echo "== $NAME: $*" >&2; }
fail() { echo "== $NAME: FAILED: $*" >&2; exit 1; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
await() { # await SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out waiting for: $*"
    sleep 0.2
  done
}
PATH="$PATH:/usr/sbin"
require_tools() { # require_tools TOOL...: fails naming the packages when one is missing
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install mariadb-server mariadb-client haproxy sysbench openssl curl)"
  done
}
# start_mariadb PORT [mariadbd option...]: a fresh server in $WORK/db on 127.0.0.1:PORT, root without
# a password over TCP; sets DB_PID and DB_PORT, and waits until it answers.
start_mariadb() {
  DB_PORT="$1"; shift
  mkdir -p "$WORK/db"
  mariadb-install-db --no-defaults --datadir="$WORK/db/data" --auth-root-authentication-method=normal \
    --skip-test-db --user="$(id -un)" >"$WORK/db/install.log" 2>&1
  mariadbd --no-defaults --datadir="$WORK/db/data" --socket="$WORK/db/mariadbd.sock" --port="$DB_PORT" \
    --bind-address=127.0.0.1 --user="$(id -un)" --log-error="$WORK/db/mariadbd.err" "$@" &
  DB_PID=$!
  PIDS+=("$DB_PID")
  await 60 root -e "SELECT 1"
}
root() { mariadb --no-defaults -h 127.0.0.1 -P "$DB_PORT" -u root "$@"; } # 'mariadb -u root' in docs/deploy.md
