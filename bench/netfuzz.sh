#!/usr/bin/env bash
# The network fuzzer: mutated replays of recorded client sessions against a gateway on the embedded
# MariaDB, with a probe and the gateway's vitals. `bench/netfuzz.sh --help`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/launcher.sh" # GRANTGATE_HOME, find_java
ROOT="$GRANTGATE_HOME"

usage() {
  cat <<'USAGE'
Usage: bench/netfuzz.sh [--sessions N] [--seed S] [--concurrency C] [options]
       bench/netfuzz.sh --record [DIR]
       bench/netfuzz.sh --replay SESSION_SEED
       bench/netfuzz.sh --hold

Starts the embedded MariaDB (bin/grantgate --embedded) and a gateway on it (bin/grantgate, its own
JVM), everything on 127.0.0.1, creates the accounts `fuzz` (what the corpus was recorded as) and
`probe` (mysql_native_password, generated passwords), then replays N mutated sessions of the corpus
bench/netfuzz/corpus, C at once, while a probe logs in and runs SELECT 1 once a second. At the end the
gateway must still run, have no backend connection borrowed and no client connection open, and the
same heap after GC and threads as after the warm-up; every gateway ERROR line is a finding. Prints
what the sessions got and the figures; exits 1 on a finding.

  --sessions N             mutated sessions (default 100000)
  --seed S                 the run's seed (default: the clock's; printed either way)
  --concurrency C          sessions at once (default 16)
  --handshake-timeout D    the gateway's limits.handshake-timeout, a duration such as 2s (default 2s)
  --port-base P            ports P .. P+4 on 127.0.0.1 (default 24400)
  --record [DIR]           record the corpus instead (default DIR: bench/netfuzz/corpus): Connector/J,
                           MariaDB Connector/J and the mariadb CLI through a recording proxy
  --replay SESSION_SEED    play the one session a finding names (hex seed) and print what it got
  --hold                   start everything, print how to run the driver against it (netfuzz --replay,
                           any session count), and wait until Ctrl-C
  --keep                   keep the work directory (logs, data)
  -h, --help               this help
USAGE
}

exec 3>&2
die() { echo "bench/netfuzz.sh: $*" >&3; exit 1; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&3; }
need_value() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "bench/netfuzz.sh: $1 needs a value" >&2; exit 2; }; }

SESSIONS=100000
SEED=""
CONCURRENCY=16
HANDSHAKE_TIMEOUT=2s
PORT_BASE=24400
RECORD=""
REPLAY=""
HOLD=0
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) need_value "$@"; SESSIONS="$2"; shift 2 ;;
    --seed) need_value "$@"; SEED="$2"; shift 2 ;;
    --concurrency) need_value "$@"; CONCURRENCY="$2"; shift 2 ;;
    --handshake-timeout) need_value "$@"; HANDSHAKE_TIMEOUT="$2"; shift 2 ;;
    --port-base) need_value "$@"; PORT_BASE="$2"; shift 2 ;;
    --record)
      RECORD="$ROOT/bench/netfuzz/corpus"
      if [ $# -ge 2 ] && [[ "$2" != --* ]]; then RECORD="$(mkdir -p "$2" && cd "$2" && pwd)"; shift; fi
      shift ;;
    --replay) need_value "$@"; REPLAY="$2"; shift 2 ;;
    --hold) HOLD=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/netfuzz.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$SESSIONS" "$CONCURRENCY" "$PORT_BASE" ${SEED:+"$SEED"}; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "bench/netfuzz.sh: '$n' is not a whole number" >&2; exit 2; }
done
[[ "$HANDSHAKE_TIMEOUT" =~ ^([0-9]+)(ms|s)$ ]] || { echo "bench/netfuzz.sh: --handshake-timeout wants e.g. 2s or 500ms" >&2; exit 2; }
HANDSHAKE_MS=$([ "${BASH_REMATCH[2]}" = s ] && echo $((BASH_REMATCH[1] * 1000)) || echo "${BASH_REMATCH[1]}")

find_java
JCMD="$(dirname "$JAVA")/jcmd"
[ -x "$JCMD" ] || die "no jcmd beside $JAVA: the fuzzer needs it for the gateway's heap"
for jar in gateway/target/grantgate-gateway.jar admin-cli/target/grantgate-admin.jar bench/target/grantgate-bench.jar; do
  [ -f "$ROOT/$jar" ] || die "$jar is not built. Build first, from $ROOT: ./mvnw -B -q -DskipTests package"
done
BENCH_CP="$ROOT/bench/target/grantgate-bench.jar:$ROOT/bench/target/lib/*"
SQL_CLIENT="$(command -v mariadb || command -v mysql || true)"
[ -n "$SQL_CLIENT" ] || die "no mariadb client: apt-get install mariadb-client"

P_BACKEND=$PORT_BASE
P_EMBEDDED_GATEWAY=$((PORT_BASE + 1))
P_EMBEDDED_OPS=$((PORT_BASE + 2))
P_GATEWAY=$((PORT_BASE + 3))
P_GATEWAY_OPS=$((PORT_BASE + 4))
for p in $P_BACKEND $P_EMBEDDED_GATEWAY $P_EMBEDDED_OPS $P_GATEWAY $P_GATEWAY_OPS; do
  [ -z "$(ss -ltnH "( sport = :$p )" 2>/dev/null)" ] || die "port $p is in use: choose others with --port-base N (uses N .. N+4)"
done

WORK="$(mktemp -d /tmp/grantgate-netfuzz.XXXXXX)"
EMBEDDED_PID=""
GATEWAY_PID=""
MARIADBD_PID=""
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
stop_pid() {
  local pid="$1" grace="${2:-20}" i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$GATEWAY_PID" 30
  stop_pid "$EMBEDDED_PID" 60 # it stops its mariadbd cleanly on SIGTERM
  stop_pid "$MARIADBD_PID" 30
  if [ "$KEEP" = 1 ] || [ "$rc" != 0 ]; then echo "work directory (logs, data) kept: $WORK" >&3; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

wait_for_line() {
  local file="$1" pattern="$2" timeout="$3" pid="$4" i
  for ((i = 0; i < timeout * 5; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    alive "$pid" || { tail -n 30 "$file" >&2; die "process $pid ended before '$pattern' appeared in $file"; }
    sleep 0.2
  done
  tail -n 30 "$file" >&2
  die "timed out after ${timeout}s waiting for '$pattern' in $file"
}
property() { sed -n "s/^$2=//p" "$1" | head -1 | sed 's/\\\(.\)/\1/g'; }
new_password() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }
admin() { "$ROOT/bin/admin" "$@" --admin-properties "$ADMIN_PROPERTIES"; }
admin_sql() {
  MYSQL_PWD="$ADMIN_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "$P_BACKEND" -u "$ADMIN_USER" -N -B -e "$1"
}
clean_env=()
while IFS= read -r var; do clean_env+=(-u "$var"); done < <(compgen -e | grep '^GRANTGATE_' || true)

log "starting the embedded MariaDB on 127.0.0.1:$P_BACKEND (installing takes 10-20 s)"
env ${clean_env[@]+"${clean_env[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:$P_EMBEDDED_OPS" \
  "$ROOT/bin/grantgate" --embedded --data-dir "$WORK/embedded" --embedded-port "$P_BACKEND" \
  --listen "127.0.0.1:$P_EMBEDDED_GATEWAY" > "$WORK/embedded.log" 2>&1 &
EMBEDDED_PID=$!
wait_for_line "$WORK/embedded.log" "^ready\." 300 "$EMBEDDED_PID"
MARIADBD_PID="$(cat "$WORK/embedded/mariadb/mariadbd.pid")"
ADMIN_PROPERTIES="$WORK/embedded/admin.properties"
ADMIN_USER="$(property "$ADMIN_PROPERTIES" catalog.user)"
ADMIN_PASSWORD="$(property "$ADMIN_PROPERTIES" catalog.password)"
log "backend: $(admin_sql "SELECT VERSION()") (pid $MARIADBD_PID)"

# The gateway under test. The lock-out and the host block are off: the replayed recorded logins fail
# by the thousand, and would otherwise lock the fuzzing account and block 127.0.0.1 (probe included)
# within seconds, turning every later session into a 1129 before it reaches a decoder.
GATEWAY_LOG="$WORK/gateway.log"
env ${clean_env[@]+"${clean_env[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:$P_GATEWAY_OPS" \
  GRANTGATE_LIMITS_HANDSHAKE_TIMEOUT="$HANDSHAKE_TIMEOUT" GRANTGATE_AUTH_FAILED_LOGIN_ATTEMPTS=0 \
  GRANTGATE_AUTH_MAX_CONNECT_ERRORS=0 GRANTGATE_JAVA_OPTS="-XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath=$WORK" \
  "$ROOT/bin/grantgate" --admin-properties "$ADMIN_PROPERTIES" --data-dir "$WORK/gateway" \
  --listen "127.0.0.1:$P_GATEWAY" > "$GATEWAY_LOG" 2>&1 &
GATEWAY_PID=$!
wait_for_line "$GATEWAY_LOG" "^ready\." 120 "$GATEWAY_PID"
log "gateway on 127.0.0.1:$P_GATEWAY (pid $GATEWAY_PID, ops :$P_GATEWAY_OPS, handshake timeout $HANDSHAKE_TIMEOUT)"
if ss -ltnpH 2>/dev/null | grep -E "pid=($GATEWAY_PID|$EMBEDDED_PID|$MARIADBD_PID)," | awk '{print $4}' \
    | grep -v -E '^(127\.|\[::ffff:127\.|\[::1\])' | grep -q .; then
  die "a process of the fuzzer listens beyond loopback"
fi

# The schema and table the recordings use, and the two accounts.
FUZZ_PASSWORD="$(new_password)"
PROBE_PASSWORD="$(new_password)"
admin_sql "CREATE DATABASE IF NOT EXISTS fuzz; CREATE TABLE IF NOT EXISTS fuzz.t (id INT PRIMARY KEY, name VARCHAR(64),
  data BLOB, amount DECIMAL(10,2), at DATETIME)"
printf '%s\n' "$FUZZ_PASSWORD" | admin grant fuzz --host 127.0.0.0/8 --password-stdin --auth-plugin mysql_native_password \
  --privileges SELECT,INSERT,UPDATE,DELETE,CREATE,DROP --on 'fuzz.*' > "$WORK/admin.log" 2>&1 \
  || { cat "$WORK/admin.log" >&2; die "bin/admin grant fuzz failed"; }
printf '%s\n' "$PROBE_PASSWORD" | admin grant probe --host 127.0.0.0/8 --password-stdin --auth-plugin mysql_native_password \
  --privileges SELECT --on 'fuzz.*' >> "$WORK/admin.log" 2>&1 \
  || { cat "$WORK/admin.log" >&2; die "bin/admin grant probe failed"; }
for ((i = 0; i < 50; i++)); do
  MYSQL_PWD="$PROBE_PASSWORD" "$SQL_CLIENT" --protocol=TCP --skip-ssl -h 127.0.0.1 -P "$P_GATEWAY" -u probe -N -B -e "SELECT 1" \
    >/dev/null 2>&1 && break
  sleep 0.2
done

driver() { "$JAVA" -Xss512k -cp "$BENCH_CP" io.grantgate.bench.BenchCommand "$@"; }
FUZZ_ARGS=(--port "$P_GATEWAY" --ops-port "$P_GATEWAY_OPS" --gateway-pid "$GATEWAY_PID" --gateway-log "$GATEWAY_LOG"
  --handshake-timeout-ms "$HANDSHAKE_MS")
if [ "$HOLD" = 1 ]; then
  (umask 077; printf 'export BENCH_PASSWORD=%s BENCH_PROBE_PASSWORD=%s\n' "$FUZZ_PASSWORD" "$PROBE_PASSWORD" > "$WORK/accounts.env")
  log "holding; in another shell, from $ROOT:"
  echo "  source $WORK/accounts.env" >&3
  echo "  $JAVA -cp '$BENCH_CP' io.grantgate.bench.BenchCommand netfuzz ${FUZZ_ARGS[*]} --replay SESSION_SEED" >&3
  log "Ctrl-C stops everything"
  while alive "$GATEWAY_PID"; do sleep 1; done
  die "the gateway is gone: see $GATEWAY_LOG"
fi
if [ -n "$RECORD" ]; then
  mkdir -p "$RECORD"
  rm -f "$RECORD"/*.session
  log "recording the corpus into $RECORD"
  (cd "$ROOT" && BENCH_PASSWORD="$FUZZ_PASSWORD" driver netfuzz-record --port "$P_GATEWAY" --user fuzz --out "$RECORD" \
    --mariadb-cli "$SQL_CLIENT")
  exit 0
fi
status=0
(cd "$ROOT" && BENCH_PASSWORD="$FUZZ_PASSWORD" BENCH_PROBE_PASSWORD="$PROBE_PASSWORD" driver netfuzz "${FUZZ_ARGS[@]}" \
  --sessions "$SESSIONS" ${SEED:+--seed "$SEED"} --concurrency "$CONCURRENCY" ${REPLAY:+--replay "$REPLAY"}) || status=$?
ls "$WORK"/*.hprof "$WORK"/hs_err_pid*.log 2>/dev/null && { log "the gateway ran out of memory or crashed (files above)"; status=1; }
alive "$GATEWAY_PID" || { log "the gateway is gone: see $GATEWAY_LOG"; status=1; }
log "gateway log: $(grep -c ' WARN ' "$GATEWAY_LOG" || true) WARN lines, $(grep -c ' ERROR ' "$GATEWAY_LOG" || true) ERROR lines"
[ "$status" = 0 ] || KEEP=1
exit "$status"
