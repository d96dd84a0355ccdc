#!/usr/bin/env bash
# Side-by-side benchmark of the same workloads direct to the backend, through HAProxy (L4, TCP mode)
# and through GrantGate, interleaved target by target. `bench/run.sh --help` explains it; the
# figures and how to read them are in bench/README.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../bin/lib/launcher.sh" # GRANTGATE_HOME, find_java, require_built
ROOT="$GRANTGATE_HOME"

# --- settings ----------------------------------------------------------------------------------
ROUNDS=3
DURATION=20
WARMUP=5
THREADS="1 4 16"
SYSBENCH_TESTS="oltp_point_select oltp_read_only"
TABLES=1
TABLE_SIZE=100000
WORKLOADS="sysbench,churn,big-result,idle"
CHURN_CLIENTS=4
BIG_MIB=1024
SLOW_RATE=16
IDLE_SESSIONS=10000
IDLE_HOLD=15
IDLE_SOURCES=4
IDLE_CAP=1
PORT_BASE=24300
BACKEND=""
BACKEND_USER="${BENCH_BACKEND_USER:-}"
GATEWAY_AUTH_PLUGIN=mysql_native_password
GATEWAY_ENV=()
GATEWAY_CONFIG=""
GATEWAY_JAVA_OPTS="${GRANTGATE_JAVA_OPTS:-}"
LABEL=""
RESULTS_DIR="$BENCH_DIR/results"
KEEP=0
BUILD=0
AUDIT=0
SYSBENCH_TLS=0
CHURN_TLS=0
SLAP_CONNECTIONS=4000
SLAP_TLS_CONNECTIONS=1000
MUX_SESSIONS=5000
MUX_OFF_SESSIONS=""
MUX_RAMP=60
MUX_SECONDS=60
MUX_BACKEND_MAX=100
MUX_THREADS=16

usage() {
  cat <<USAGE
Usage: bench/run.sh [options]

Starts a backend (the embedded MariaDB of 'bin/grantgate --embedded', or the one given), HAProxy in
TCP mode in front of it (the L4 reference) and a GrantGate gateway, all on 127.0.0.1; creates the
bench accounts (bin/admin grant for the gateway, the same privileges directly on the backend); then
runs each workload against direct, haproxy and gateway in turn (A B C A B C ...):
  sysbench   oltp_point_select and oltp_read_only at 1, 4 and 16 threads     (--rounds x --duration)
  churn      connect + SELECT 1 + quit, as fast as N clients can             (--rounds x --duration)
  big-result a 1 GiB SELECT through the gateway, read fast and throttled: gateway heap and RSS growth
  idle       10 000 logged-in idle sessions through the gateway: gateway RSS
  multiplex  (not in the default set: --only multiplex) issue 17's figures, against a second gateway
             with sessions.multiplexing=transaction and backend.max-connections=100 (mux-on; the
             gateway is mux-off): sysbench point_select (prepared and text) and read_write at 16
             threads, interleaved; then 5 000 paced sessions (a point select a second each, the
             backend's Threads_connected sampled) through each, one after the other
It prints a table (medians of the rounds, ratios, CPU per query of mariadbd, haproxy and the
gateway, issue 5's targets) and writes bench/results/<date>.csv and <date>-rounds.csv.
Everything it started is stopped on exit, also on failure or Ctrl-C.

With --audit, three more gateways (each its own bin/grantgate, same catalog, backend and accounts)
are measured in the same interleaved rounds, after gateway (the default configuration):
  gw-audit-off    audit.mode=off
  gw-audit-async  audit.mode=async, audit.default-level=statements, audit.fsync=interval
  gw-audit-block  audit.mode=block, audit.default-level=statements, audit.fsync=interval
They take part in sysbench and churn; gw-audit-async also reads the big result at full speed,
restarted fresh for it as gateway is (beside gateway's fast read). Each gets its own listen and ops
ports (N+12/13, N+14/15, N+16/17 of --port-base), data directory and audit file under the work
directory, and instance-id bench-<name>. The report adds their table, the audit issue's targets
(statement audit keeps >= 90 % of gw-audit-off's qps at point_select 4 and 16 threads) and what
each trail holds (statement records, dropped records, admin audit verify). They are stopped
(SIGTERM: the trail is synced) before the idle workload, which only the gateway runs.

Build first (nothing is built by default): ./mvnw -B -q -DskipTests package

Options (defaults in brackets):
  --rounds N               rounds of the interleaved workloads [$ROUNDS]
  --duration S             seconds per sysbench or churn run [$DURATION]
  --warmup S               seconds of discarded warm-up per target before round 1 [$WARMUP]
  --threads "LIST"         sysbench threads [$THREADS]
  --tests "LIST"           sysbench tests [$SYSBENCH_TESTS]
  --sysbench-tls           also run sysbench (and churn, with the churn driver over TLS) to the
                           measured gateway over TLS, as target gw-tls (the gateway terminates TLS;
                           direct and haproxy stay plain TCP), interleaved with the others
  --churn-tls              with churn: three more churn workloads, each against direct, haproxy and
                           gateway: churn_tls (the churn driver over TLS: to the backend's TLS
                           direct and through HAProxy, the gateway's own through the gateway; a full
                           handshake per connection), slap and slap_tls (mariadb-slap --detach=1,
                           SELECT 1 per connection, --skip-ssl / --ssl with --ssl-ca naming the
                           server's certificate): connections/s and CPU per connection per process.
                           Adds per round three churn_tls runs of --duration and six mariadb-slap
                           runs (a few seconds each), and a shorter warm-up of each
  --slap-connections N     connections per mariadb-slap plain run [$SLAP_CONNECTIONS]
  --slap-tls-connections N connections per mariadb-slap TLS run [$SLAP_TLS_CONNECTIONS]
  --table-size N           sysbench rows per table [$TABLE_SIZE] (--tables N [$TABLES])
  --only LIST              workloads to run, comma-separated [$WORKLOADS]
  --churn-clients N        concurrent churn clients [$CHURN_CLIENTS]
  --big-result-mib N       size of the big result [$BIG_MIB]
  --slow-rate MIB          the slow reader's rate in MiB/s [$SLOW_RATE]
  --idle-sessions N        idle sessions to hold [$IDLE_SESSIONS]
  --idle-hold S            seconds to hold them [$IDLE_HOLD]
  --idle-sources K         spread idle clients over 127.0.0.2..K+1 [$IDLE_SOURCES]
  --idle-no-cap            open all --idle-sessions even beyond what the open-files limit allows
  --mux-sessions N         paced sessions for the multiplex workload [$MUX_SESSIONS]
  --mux-off-sessions N     paced sessions through the gateway without multiplexing [--mux-sessions]
  --mux-ramp S             seconds over which the paced sessions log in [$MUX_RAMP]
  --mux-seconds S          seconds measured once they are all in [$MUX_SECONDS]
  --mux-backend-max N      the multiplexing gateway's backend.max-connections [$MUX_BACKEND_MAX]
  --mux-threads N          sysbench threads of the multiplex workload [$MUX_THREADS]
                           (by default they are capped to (limit - 300) / 2, two sockets each)
  --port-base N            ports N+6 .. N+11 on 127.0.0.1, and N+12 .. N+17 with --audit [$PORT_BASE]
  --backend HOST:PORT      use this MySQL/MariaDB instead of the embedded one; its admin login from
                           --backend-user USER (or BENCH_BACKEND_USER) and BENCH_BACKEND_PASSWORD;
                           the catalog goes into its schema grantgate_bench
  --gateway-env KEY=VALUE  extra environment for the gateway (repeatable), e.g.
                           --gateway-env GRANTGATE_LOG_LEVEL=WARN
  --gateway-config FILE    a gateway properties file (bin/grantgate --config)
  --gateway-java-opts OPTS JVM options for the gateway (GRANTGATE_JAVA_OPTS) [${GATEWAY_JAVA_OPTS:-none}]
  --gateway-auth-plugin P  the gateway bench account's plugin [$GATEWAY_AUTH_PLUGIN]
  --audit                  also measure gw-audit-off, gw-audit-async and gw-audit-block (above);
                           they run sysbench, churn and (gw-audit-async) the fast big result
  --label TEXT             a label for the CSV (e.g. audit-statements)
  --results-dir DIR        where the CSV files go [bench/results]
  --keep                   keep the work directory (logs, data) instead of deleting it
  --build                  run ./mvnw -B -q -DskipTests package first
  -h, --help               this help

Examples:
  bench/run.sh                                        # the full run (~25 min on 2 cores)
  bench/run.sh --rounds 1 --duration 5 --only sysbench,churn
  bench/run.sh --only sysbench --sysbench-tls --tests oltp_point_select --threads "4 16"
  bench/run.sh --only churn --churn-tls --rounds 1 --duration 5
  bench/run.sh --audit --only sysbench,big-result --tests oltp_point_select --threads "4 16"
  bench/run.sh --label audit-statements --gateway-env GRANTGATE_AUDIT_DEFAULT_LEVEL=statements
USAGE
}

# Messages go to the script's own stderr (fd 3), even from inside a redirected function call.
exec 3>&2
die() {
  echo "bench/run.sh: $*" >&3
  exit 1
}
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&3; }

need_value() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "bench/run.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) need_value "$@"; ROUNDS="$2"; shift 2 ;;
    --duration) need_value "$@"; DURATION="$2"; shift 2 ;;
    --warmup) need_value "$@"; WARMUP="$2"; shift 2 ;;
    --threads) need_value "$@"; THREADS="$2"; shift 2 ;;
    --tests) need_value "$@"; SYSBENCH_TESTS="$2"; shift 2 ;;
    --sysbench-tls) SYSBENCH_TLS=1; shift ;;
    --churn-tls) CHURN_TLS=1; shift ;;
    --slap-connections) need_value "$@"; SLAP_CONNECTIONS="$2"; shift 2 ;;
    --slap-tls-connections) need_value "$@"; SLAP_TLS_CONNECTIONS="$2"; shift 2 ;;
    --tables) need_value "$@"; TABLES="$2"; shift 2 ;;
    --table-size) need_value "$@"; TABLE_SIZE="$2"; shift 2 ;;
    --only) need_value "$@"; WORKLOADS="$2"; shift 2 ;;
    --churn-clients) need_value "$@"; CHURN_CLIENTS="$2"; shift 2 ;;
    --big-result-mib) need_value "$@"; BIG_MIB="$2"; shift 2 ;;
    --slow-rate) need_value "$@"; SLOW_RATE="$2"; shift 2 ;;
    --idle-sessions) need_value "$@"; IDLE_SESSIONS="$2"; shift 2 ;;
    --idle-hold) need_value "$@"; IDLE_HOLD="$2"; shift 2 ;;
    --idle-sources) need_value "$@"; IDLE_SOURCES="$2"; shift 2 ;;
    --idle-no-cap) IDLE_CAP=0; shift ;;
    --mux-sessions) need_value "$@"; MUX_SESSIONS="$2"; shift 2 ;;
    --mux-off-sessions) need_value "$@"; MUX_OFF_SESSIONS="$2"; shift 2 ;;
    --mux-ramp) need_value "$@"; MUX_RAMP="$2"; shift 2 ;;
    --mux-seconds) need_value "$@"; MUX_SECONDS="$2"; shift 2 ;;
    --mux-backend-max) need_value "$@"; MUX_BACKEND_MAX="$2"; shift 2 ;;
    --mux-threads) need_value "$@"; MUX_THREADS="$2"; shift 2 ;;
    --port-base) need_value "$@"; PORT_BASE="$2"; shift 2 ;;
    --backend) need_value "$@"; BACKEND="$2"; shift 2 ;;
    --backend-user) need_value "$@"; BACKEND_USER="$2"; shift 2 ;;
    --gateway-env) need_value "$@"; GATEWAY_ENV+=("$2"); shift 2 ;;
    --gateway-config) need_value "$@"; GATEWAY_CONFIG="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --gateway-java-opts) need_value "$@"; GATEWAY_JAVA_OPTS="$2"; shift 2 ;;
    --gateway-auth-plugin) need_value "$@"; GATEWAY_AUTH_PLUGIN="$2"; shift 2 ;;
    --label) need_value "$@"; LABEL="$2"; shift 2 ;;
    --results-dir) need_value "$@"; RESULTS_DIR="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --audit) AUDIT=1; shift ;;
    --build) BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
for n in "$ROUNDS" "$DURATION" "$WARMUP" "$TABLES" "$TABLE_SIZE" "$CHURN_CLIENTS" "$BIG_MIB" "$IDLE_SESSIONS" \
         "$IDLE_HOLD" "$IDLE_SOURCES" "$PORT_BASE" "$MUX_SESSIONS" "${MUX_OFF_SESSIONS:-0}" "$MUX_RAMP" "$MUX_SECONDS" \
         "$MUX_BACKEND_MAX" "$MUX_THREADS" "$SLAP_CONNECTIONS" "$SLAP_TLS_CONNECTIONS"; do
  is_uint "$n" || { echo "bench/run.sh: '$n' is not a whole number" >&2; exit 2; }
done
[[ "$SLOW_RATE" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "bench/run.sh: --slow-rate must be a number" >&2; exit 2; }
[ "$ROUNDS" -ge 1 ] && [ "$DURATION" -ge 1 ] || { echo "bench/run.sh: --rounds and --duration must be at least 1" >&2; exit 2; }
for w in ${WORKLOADS//,/ }; do
  case "$w" in sysbench|churn|big-result|idle|multiplex) ;; *) echo "bench/run.sh: unknown workload '$w' in --only" >&2; exit 2 ;; esac
done
for kv in ${GATEWAY_ENV[@]+"${GATEWAY_ENV[@]}"}; do
  [[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "bench/run.sh: --gateway-env wants KEY=VALUE, got '$kv'" >&2; exit 2; }
done
wants() { [[ ",$WORKLOADS," == *",$1,"* ]]; }

# --- tools ---------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  log "building: ./mvnw -B -q -DskipTests package"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi
find_java
JDK_BIN="$(dirname "$JAVA")"
for jar in gateway/target/grantgate-gateway.jar admin-cli/target/grantgate-admin.jar bench/target/grantgate-bench.jar; do
  [ -f "$ROOT/$jar" ] || die "$jar is not built. Build first, from $ROOT: ./mvnw -B -q -DskipTests package"
done
BENCH_CP="$ROOT/bench/target/grantgate-bench.jar:$ROOT/bench/target/lib/*"

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* missing: install it (apt-get install -y $*) or run as root"
  command -v apt-get >/dev/null || die "$* missing and no apt-get to install it"
  log "installing $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
    || die "could not install $*"
}
command -v sysbench >/dev/null || apt_install sysbench
command -v haproxy >/dev/null || apt_install haproxy
SQL_CLIENT="$(command -v mariadb || command -v mysql || true)"
[ -n "$SQL_CLIENT" ] || { apt_install mariadb-client; SQL_CLIENT="$(command -v mariadb)"; }
command -v ss >/dev/null || apt_install iproute2
if [ "$CHURN_TLS" = 1 ]; then
  command -v mariadb-slap >/dev/null || apt_install mariadb-client
  command -v openssl >/dev/null || apt_install openssl
fi
JSTAT="$JDK_BIN/jstat"
JCMD="$JDK_BIN/jcmd"
[ -x "$JSTAT" ] && [ -x "$JCMD" ] || log "warning: no jstat/jcmd beside $JAVA: heap figures will be missing"

# The idle sessions need two descriptors each in the gateway (client and backend socket). Beyond its
# open-files limit the gateway cannot accept, and its accept loop spins logging a warning (see
# bench/README.md), which would distort the measurement: the sessions are capped to what fits.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
IDLE_OPEN=$IDLE_SESSIONS
if wants idle && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * IDLE_SESSIONS + 300)) ]; then
  if [ "$IDLE_CAP" = 1 ]; then
    IDLE_OPEN=$((($(ulimit -n) - 300) / 2))
    log "note: open files limited to $(ulimit -n) per process (hard limit): $IDLE_OPEN idle sessions instead of $IDLE_SESSIONS (--idle-no-cap opens them all)"
  else
    log "note: open files limited to $(ulimit -n) per process (hard limit): the gateway will run out of descriptors before $IDLE_SESSIONS idle sessions"
  fi
fi

# The paced sessions without multiplexing need two descriptors each in the gateway, as idle ones do.
MUX_OFF_SESSIONS="${MUX_OFF_SESSIONS:-$MUX_SESSIONS}"
if wants multiplex && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * MUX_OFF_SESSIONS + 300)) ]; then
  MUX_OFF_SESSIONS=$((($(ulimit -n) - 300) / 2))
  log "note: open files limited to $(ulimit -n) per process (hard limit): $MUX_OFF_SESSIONS paced sessions without multiplexing"
fi

CLK_TCK="$(getconf CLK_TCK)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RUN_DATE="$(date -u +%Y-%m-%dT%H%M%SZ)"
MACHINE="$(nproc) vCPU $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"

# --- ports and work directory --------------------------------------------------------------------
P_BACKEND=$((PORT_BASE + 6))
P_GATEWAY=$((PORT_BASE + 7))
P_HAPROXY=$((PORT_BASE + 8))
P_GATEWAY_OPS=$((PORT_BASE + 9))
P_EMBEDDED_GATEWAY=$((PORT_BASE + 10))
P_EMBEDDED_OPS=$((PORT_BASE + 11))
port_busy() { [ -n "$(ss -ltnH "( sport = :$1 )" 2>/dev/null)" ]; }
# the multiplex workload's second gateway (mux-on), beyond --audit's N+12 .. N+17
P_MUX=$((PORT_BASE + 18))
P_MUX_OPS=$((PORT_BASE + 19))
if wants multiplex; then
  for p in $P_MUX $P_MUX_OPS; do
    port_busy "$p" && die "port $p (the multiplexing gateway) is in use: choose other ports with --port-base N (uses N+18, N+19)"
  done
fi
for p in $P_GATEWAY $P_HAPROXY $P_GATEWAY_OPS; do
  port_busy "$p" && die "port $p is in use: choose other ports with --port-base N (uses N+6 .. N+11)"
done
if [ -z "$BACKEND" ]; then
  for p in $P_BACKEND $P_EMBEDDED_GATEWAY $P_EMBEDDED_OPS; do
    port_busy "$p" && die "port $p is in use: choose other ports with --port-base N (uses N+6 .. N+11)"
  done
fi

# --audit: more measured gateways, each its own process with its own listen and ops port, audit file
# and instance-id. Only those a chosen workload uses are started (big-result uses gw-audit-async).
AUDIT_NAMES=(gw-audit-off gw-audit-async gw-audit-block)
AUDIT_GATEWAYS=()
declare -A AUDIT_PORT=() AUDIT_OPS=() AUDIT_PID=() AUDIT_STARTS=() AUDIT_SETTINGS=() AUDIT_DROPPED=()
if [ "$AUDIT" = 1 ]; then
  for i in 0 1 2; do
    name="${AUDIT_NAMES[$i]}"
    AUDIT_PORT[$name]=$((PORT_BASE + 12 + 2 * i))
    AUDIT_OPS[$name]=$((PORT_BASE + 13 + 2 * i))
    AUDIT_STARTS[$name]=0
    AUDIT_DROPPED[$name]=0
  done
  AUDIT_SETTINGS[gw-audit-off]="GRANTGATE_AUDIT_MODE=off"
  AUDIT_SETTINGS[gw-audit-async]="GRANTGATE_AUDIT_MODE=async GRANTGATE_AUDIT_DEFAULT_LEVEL=statements GRANTGATE_AUDIT_FSYNC=interval"
  AUDIT_SETTINGS[gw-audit-block]="GRANTGATE_AUDIT_MODE=block GRANTGATE_AUDIT_DEFAULT_LEVEL=statements GRANTGATE_AUDIT_FSYNC=interval"
  if wants sysbench || wants churn; then
    AUDIT_GATEWAYS=("${AUDIT_NAMES[@]}")
  elif wants big-result; then
    AUDIT_GATEWAYS=(gw-audit-async)
  else
    log "note: --audit has no effect on the idle workload (only the gateway runs it)"
  fi
  for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do
    for p in "${AUDIT_PORT[$name]}" "${AUDIT_OPS[$name]}"; do
      port_busy "$p" && die "port $p ($name) is in use: choose other ports with --port-base N (uses N+6 .. N+17 with --audit)"
    done
  done
fi

WORK="$(mktemp -d /tmp/grantgate-bench.XXXXXX)"
ROUNDS_CSV="$WORK/rounds.csv"
echo "workload,threads,target,round,metric,value" > "$ROUNDS_CSV"
EMBEDDED_PID=""
HAPROXY_PID=""
GATEWAY_PID=""
MUX_PID=""
MUX_STARTS=0
DRIVER_PID=""
SAMPLER_PIDS=()
BACKEND_PID=""
RESTORE_MAX_CONNECTIONS=""
GATEWAY_STARTS=0

# --- stopping everything, whatever happens -------------------------------------------------------
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# SIGTERM, then SIGKILL after $2 seconds. Background jobs of a script ignore SIGINT, hence TERM.
stop_pid() {
  local pid="$1" grace="${2:-20}" i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  log "process $pid did not stop in ${grace}s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for pid in "$DRIVER_PID" ${SAMPLER_PIDS[@]+"${SAMPLER_PIDS[@]}"}; do stop_pid "$pid" 5; done
  if [ -n "$RESTORE_MAX_CONNECTIONS" ] && [ -n "$BACKEND" ]; then
    admin_sql "SET GLOBAL max_connections = $RESTORE_MAX_CONNECTIONS" 2>/dev/null
  fi
  stop_pid "$GATEWAY_PID" 30
  for pid in ${AUDIT_PID[@]+"${AUDIT_PID[@]}"}; do stop_pid "$pid" 30; done
  stop_pid "$MUX_PID" 30
  stop_pid "$HAPROXY_PID" 10
  if [ -n "$EMBEDDED_PID" ]; then
    local mariadbd="$BACKEND_PID"
    stop_pid "$EMBEDDED_PID" 60 # it stops its mariadbd cleanly on SIGTERM
    stop_pid "$mariadbd" 30
  fi
  if [ "$KEEP" = 1 ] || [ "$rc" != 0 ]; then
    echo "work directory (logs, data) kept: $WORK" >&3
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# --- helpers -------------------------------------------------------------------------------------
# Waits until file $1 has a line matching $2, or fails after $3 seconds or when process $4 is gone.
wait_for_line() {
  local file="$1" pattern="$2" timeout="$3" pid="$4" i
  for ((i = 0; i < timeout * 5; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    if ! alive "$pid"; then
      echo "--- last lines of $file:" >&2
      tail -n 30 "$file" >&2
      die "process $pid ended before '$pattern' appeared in $file"
    fi
    sleep 0.2
  done
  tail -n 30 "$file" >&2
  die "timed out after ${timeout}s waiting for '$pattern' in $file"
}

# A Java properties value: unescapes \: \= \\ and friends (the admin file is written by Properties.store).
property() { sed -n "s/^$2=//p" "$1" | head -1 | sed 's/\\\(.\)/\1/g'; }

# A string as an SQL literal: backslashes and quotes escaped, in single quotes.
sql_quote() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }

# Runs SQL on the backend as its admin login; the password goes through the environment.
admin_sql() {
  MYSQL_PWD="$ADMIN_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h "$BACKEND_HOST" -P "$BACKEND_PORT" -u "$ADMIN_USER" -N -B -e "$1"
}

new_password() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

# user+system CPU ticks of a process so far (all its threads), 0 when there is none
cpu_ticks() {
  local pid="$1" stat
  if [ -n "$pid" ] && stat="$(cat "/proc/$pid/stat" 2>/dev/null)"; then
    stat="${stat##*) }"
    awk '{print $12 + $13}' <<<"$stat"
  else
    echo 0
  fi
}
# user+system CPU ticks of this shell's children that have ended: the clients (sysbench, the driver)
client_ticks() { local stat; stat="$(cat /proc/$$/stat)"; stat="${stat##*) }"; awk '{print $14 + $15}' <<<"$stat"; }
# "mariadbd haproxy gateway client" ticks; the gateway is the process serving target $1 (the measured
# gateway for direct and haproxy). With --audit a fifth figure: all the other gateway processes
# (idle while another target is measured, but they share the cores).
cpu_snapshot() {
  local gw_pid
  gw_pid="$(target_pid "$1")"
  echo "$(cpu_ticks "$BACKEND_PID") $(cpu_ticks "$HAPROXY_PID") $(cpu_ticks "$gw_pid") $(client_ticks)$(
    if [ "$AUDIT" = 1 ]; then other_gateway_ticks "$gw_pid"; fi)"
}
other_gateway_ticks() {
  local total=0 pid
  for pid in "$GATEWAY_PID" ${AUDIT_PID[@]+"${AUDIT_PID[@]}"}; do
    [ -n "$pid" ] && [ "$pid" != "$1" ] && total=$((total + $(cpu_ticks "$pid")))
  done
  echo " $total"
}
# Appends cpu_s_<process> rows for the CPU used between two snapshots.
record_cpu() {
  local workload="$1" threads="$2" target="$3" round="$4" before="$5" after="$6"
  local -a b=($before) a=($after)
  local names=(mariadbd haproxy gateway client other_gateways) i
  for ((i = 0; i < ${#a[@]}; i++)); do
    [ "${names[$i]}" = mariadbd ] && [ -z "$BACKEND_PID" ] && continue
    record "$workload" "$threads" "$target" "$round" "cpu_s_${names[$i]}" \
      "$(awk -v x="${a[$i]}" -v y="${b[$i]}" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (x - y) / t}')"
  done
}
record() { echo "$1,$2,$3,$4,$5,$6" >> "$ROUNDS_CSV"; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
# heap used and committed in KiB ("used committed"), from one jstat -gc sample
heap_kib() {
  [ -x "$JSTAT" ] || { echo "0 0"; return; }
  "$JSTAT" -gc "$1" | awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i; next}
    {printf "%.0f %.0f\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"], $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]}'
}
full_gc() { [ -x "$JCMD" ] && "$JCMD" "$1" GC.run >/dev/null 2>&1 || true; }

target_port() {
  case "$1" in
    direct) echo "$BACKEND_PORT" ;; haproxy) echo "$P_HAPROXY" ;; gateway | gw-tls | mux-off) echo "$P_GATEWAY" ;;
    mux-on) echo "$P_MUX" ;; *) echo "${AUDIT_PORT[$1]}" ;;
  esac
}
is_gateway() { [ "$1" = gateway ] || [[ "$1" == gw-* ]] || [[ "$1" == mux-* ]]; }
target_user() { is_gateway "$1" && echo bench || echo bench_direct; }
target_password() { is_gateway "$1" && echo "$GATEWAY_PASSWORD" || echo "$DIRECT_PASSWORD"; }
# the gateway process on target $1's path: its own for --audit's gw-*, else the measured gateway
target_pid() {
  if [ "$1" = mux-on ]; then echo "$MUX_PID"
  elif [[ "$1" == gw-* ]] && [ "$1" != gw-tls ]; then echo "${AUDIT_PID[$1]}"
  else echo "$GATEWAY_PID"; fi
}

driver() { "$JAVA" -Xss512k -cp "$BENCH_CP" io.grantgate.bench.BenchCommand "$@"; }
# key=value from the driver's RESULT line in file $1
result_value() { sed -n 's/^RESULT //p' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# --- the backend ---------------------------------------------------------------------------------
# The embedded instance gets none of the caller's GRANTGATE_* variables; the measured gateway gets
# them all (that is how gateway options reach it) except those naming what the harness sets itself.
clean_env=()
gateway_env_removed=()
GATEWAY_ENV_PASSED=()
while IFS= read -r var; do
  clean_env+=(-u "$var")
  case "$var" in
    GRANTGATE_CATALOG_*|GRANTGATE_MASTER_KEY*|GRANTGATE_LISTEN|GRANTGATE_OPS_LISTEN|GRANTGATE_BACKEND_ADDRESS|GRANTGATE_JAVA_OPTS)
      gateway_env_removed+=(-u "$var") ;;
    *) GATEWAY_ENV_PASSED+=("$var=${!var}") ;;
  esac
done < <(compgen -e | grep '^GRANTGATE_' || true)
GATEWAY_OPTIONS="${GATEWAY_ENV_PASSED[*]+${GATEWAY_ENV_PASSED[*]} }${GATEWAY_ENV[*]+${GATEWAY_ENV[*]} }${GATEWAY_CONFIG:+--config $GATEWAY_CONFIG }${GATEWAY_JAVA_OPTS:+GRANTGATE_JAVA_OPTS=$GATEWAY_JAVA_OPTS}"

if [ -z "$BACKEND" ]; then
  BACKEND_HOST=127.0.0.1
  BACKEND_PORT=$P_BACKEND
  log "starting the embedded MariaDB on 127.0.0.1:$BACKEND_PORT (bin/grantgate --embedded; installing takes 10-20 s)"
  env ${clean_env[@]+"${clean_env[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:$P_EMBEDDED_OPS" \
    "$ROOT/bin/grantgate" --embedded --data-dir "$WORK/embedded" --embedded-port "$BACKEND_PORT" \
    --listen "127.0.0.1:$P_EMBEDDED_GATEWAY" > "$WORK/embedded.log" 2>&1 &
  EMBEDDED_PID=$!
  wait_for_line "$WORK/embedded.log" "^ready\." 300 "$EMBEDDED_PID"
  BACKEND_PID="$(cat "$WORK/embedded/mariadb/mariadbd.pid")"
  ADMIN_PROPERTIES="$WORK/embedded/admin.properties"
  ADMIN_USER="$(property "$ADMIN_PROPERTIES" catalog.user)"
  ADMIN_PASSWORD="$(property "$ADMIN_PROPERTIES" catalog.password)"
else
  [[ "$BACKEND" =~ ^(.+):([0-9]+)$ ]] || die "--backend wants HOST:PORT, got '$BACKEND'"
  BACKEND_HOST="${BASH_REMATCH[1]}"
  BACKEND_PORT="${BASH_REMATCH[2]}"
  [ -n "$BACKEND_USER" ] || die "--backend needs --backend-user (or BENCH_BACKEND_USER)"
  [ -n "${BENCH_BACKEND_PASSWORD:-}" ] || die "--backend needs the admin password in BENCH_BACKEND_PASSWORD"
  ADMIN_USER="$BACKEND_USER"
  ADMIN_PASSWORD="$BENCH_BACKEND_PASSWORD"
  mkdir -m 700 "$WORK/catalog"
  ADMIN_PROPERTIES="$WORK/catalog/admin.properties"
  # Properties syntax: ':' '=' and '\' escaped
  escape_property() { local s="${1//\\/\\\\}"; s="${s//:/\\:}"; printf '%s' "${s//=/\\=}"; }
  (umask 077
   { echo "catalog.url=$(escape_property "jdbc:mysql://$BACKEND_HOST:$BACKEND_PORT/grantgate_bench")"
     echo "catalog.user=$(escape_property "$ADMIN_USER")"
     echo "catalog.password=$(escape_property "$ADMIN_PASSWORD")"; } > "$ADMIN_PROPERTIES"
   head -c 32 /dev/urandom | base64 > "$WORK/catalog/master.key")
  # the backend's CPU is measured when it runs here: the process listening on its port
  BACKEND_PID="$(ss -ltnpH "( sport = :$BACKEND_PORT )" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$BACKEND_PID" ] || log "note: the backend does not run on this machine (or is not visible): no mariadbd CPU figures"
fi
BACKEND_VERSION="$(admin_sql "SELECT VERSION()")" || die "cannot log in to the backend $BACKEND_HOST:$BACKEND_PORT as $ADMIN_USER"
log "backend: $BACKEND_VERSION on $BACKEND_HOST:$BACKEND_PORT${BACKEND_PID:+ (pid $BACKEND_PID)}"

# --- HAProxy ------------------------------------------------------------------------------------
cat > "$WORK/haproxy.cfg" <<CFG
# generated by bench/run.sh: the L4 reference, TCP mode, loopback only
global
    maxconn 4096

defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h

frontend mysql
    bind 127.0.0.1:$P_HAPROXY
    default_backend db

backend db
    server db $BACKEND_HOST:$BACKEND_PORT
CFG
haproxy -c -q -f "$WORK/haproxy.cfg" || die "HAProxy refused its generated configuration $WORK/haproxy.cfg"
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
for ((i = 0; i < 50; i++)); do port_busy "$P_HAPROXY" && break; sleep 0.1; done
port_busy "$P_HAPROXY" || { cat "$WORK/haproxy.log" >&2; die "HAProxy did not start"; }
log "HAProxy $(haproxy -v | sed -n '1s/^HAProxy version \([^ ]*\).*/\1/p') on 127.0.0.1:$P_HAPROXY (pid $HAPROXY_PID)"

# --- the gateway --------------------------------------------------------------------------------
MAX_CONNECTIONS=$((IDLE_OPEN + 100))
if wants multiplex && [ "$MAX_CONNECTIONS" -lt $((MUX_SESSIONS + 100)) ]; then MAX_CONNECTIONS=$((MUX_SESSIONS + 100)); fi
[ "$MAX_CONNECTIONS" -ge 1000 ] || MAX_CONNECTIONS=1000
start_gateway() {
  GATEWAY_STARTS=$((GATEWAY_STARTS + 1))
  local logfile="$WORK/gateway-$GATEWAY_STARTS.log"
  env ${gateway_env_removed[@]+"${gateway_env_removed[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:$P_GATEWAY_OPS" \
    GRANTGATE_LIMITS_MAX_CONNECTIONS="$MAX_CONNECTIONS" GRANTGATE_JAVA_OPTS="$GATEWAY_JAVA_OPTS" \
    ${GATEWAY_ENV[@]+"${GATEWAY_ENV[@]}"} \
    "$ROOT/bin/grantgate" --admin-properties "$ADMIN_PROPERTIES" --data-dir "$WORK/gateway" \
    --listen "127.0.0.1:$P_GATEWAY" ${GATEWAY_CONFIG:+--config "$GATEWAY_CONFIG"} > "$logfile" 2>&1 &
  GATEWAY_PID=$!
  wait_for_line "$logfile" "^ready\." 120 "$GATEWAY_PID"
  [ "$GATEWAY_STARTS" -gt 1 ] || [ -z "$GATEWAY_OPTIONS" ] || log "gateway options: $GATEWAY_OPTIONS"
  log "gateway on 127.0.0.1:$P_GATEWAY (pid $GATEWAY_PID, log $(basename "$logfile"))"
}
stop_gateway() {
  stop_pid "$GATEWAY_PID" 30
  GATEWAY_PID=""
}
restart_gateway() { stop_gateway; start_gateway; }
start_gateway # migrates the catalog when it is new (given backend)

# --audit's gateways: the measured gateway's environment, options and catalog, then their own
# ports, data directory, audit file, instance-id and audit settings (last, so they win).
start_audit_gateway() {
  local name="$1" logfile settings kv
  AUDIT_STARTS[$name]=$((${AUDIT_STARTS[$name]} + 1))
  logfile="$WORK/$name-${AUDIT_STARTS[$name]}.log"
  read -r -a settings <<<"${AUDIT_SETTINGS[$name]}"
  local -a removed=(${gateway_env_removed[@]+"${gateway_env_removed[@]}"}) passed=()
  for kv in ${GATEWAY_ENV[@]+"${GATEWAY_ENV[@]}"}; do
    [ "$name" = gw-audit-off ] && [[ "$kv" == GRANTGATE_AUDIT_FILE=* ]] || passed+=("$kv")
  done
  if [ "$name" = gw-audit-off ]; then
    removed+=(-u GRANTGATE_AUDIT_FILE) # the gateway refuses an audit file with audit.mode=off
  else
    settings+=("GRANTGATE_AUDIT_FILE=$WORK/$name/audit/audit.jsonl")
  fi
  env ${removed[@]+"${removed[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:${AUDIT_OPS[$name]}" \
    GRANTGATE_LIMITS_MAX_CONNECTIONS="$MAX_CONNECTIONS" GRANTGATE_JAVA_OPTS="$GATEWAY_JAVA_OPTS" \
    ${passed[@]+"${passed[@]}"} GRANTGATE_INSTANCE_ID="bench-$name" "${settings[@]}" \
    "$ROOT/bin/grantgate" --admin-properties "$ADMIN_PROPERTIES" --data-dir "$WORK/$name" \
    --listen "127.0.0.1:${AUDIT_PORT[$name]}" ${GATEWAY_CONFIG:+--config "$GATEWAY_CONFIG"} > "$logfile" 2>&1 &
  AUDIT_PID[$name]=$!
  wait_for_line "$logfile" "^ready\." 120 "${AUDIT_PID[$name]}"
  # the audit configuration it reports at start must be the one asked for
  local expect
  case "$name" in
    gw-audit-off) expect="audit trail off" ;;
    gw-audit-async) expect="audit: mode async, fsync interval, default level statements" ;;
    gw-audit-block) expect="audit: mode block, fsync interval, default level statements" ;;
  esac
  grep -qF -- "$expect" "$logfile" || die "$name did not report '$expect' at start ($logfile)"
  log "$name on 127.0.0.1:${AUDIT_PORT[$name]} (pid ${AUDIT_PID[$name]}, ops :${AUDIT_OPS[$name]}, ${AUDIT_SETTINGS[$name]}, log $(basename "$logfile"))"
}
# Adds the trail's dropped records so far to AUDIT_DROPPED (the counter restarts with the process).
audit_metrics_snapshot() {
  local name="$1" dropped
  dropped="$(curl -s "http://127.0.0.1:${AUDIT_OPS[$name]}/metrics" 2>/dev/null \
    | sed -n 's/^grantgate_audit_dropped_total[^ ]* \([0-9.eE+]*\).*/\1/p' | head -1)"
  [ -n "$dropped" ] || return 0 # audit off: no such metric
  AUDIT_DROPPED[$name]="$(awk -v a="${AUDIT_DROPPED[$name]}" -v b="$dropped" 'BEGIN {printf "%.0f", a + b}')"
}
# SIGTERM: the gateway writes and syncs what is queued before it stops.
stop_audit_gateway() {
  local name="$1"
  alive "${AUDIT_PID[$name]:-}" || return 0
  audit_metrics_snapshot "$name"
  stop_pid "${AUDIT_PID[$name]}" 30
  AUDIT_PID[$name]=""
}
for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do start_audit_gateway "$name"; done

# The multiplex workload's second gateway: the measured gateway's environment, options and catalog,
# then its own ports, data directory and instance-id, and multiplexing on (last, so they win).
MUX_SETTINGS="GRANTGATE_SESSIONS_MULTIPLEXING=transaction GRANTGATE_BACKEND_MAX_CONNECTIONS=$MUX_BACKEND_MAX"
start_mux_gateway() {
  local logfile settings
  MUX_STARTS=$((MUX_STARTS + 1))
  logfile="$WORK/gw-mux-$MUX_STARTS.log"
  read -r -a settings <<<"$MUX_SETTINGS"
  env ${gateway_env_removed[@]+"${gateway_env_removed[@]}"} GRANTGATE_OPS_LISTEN="127.0.0.1:$P_MUX_OPS" \
    GRANTGATE_LIMITS_MAX_CONNECTIONS="$MAX_CONNECTIONS" GRANTGATE_JAVA_OPTS="$GATEWAY_JAVA_OPTS" \
    ${GATEWAY_ENV[@]+"${GATEWAY_ENV[@]}"} GRANTGATE_INSTANCE_ID=bench-mux "${settings[@]}" \
    "$ROOT/bin/grantgate" --admin-properties "$ADMIN_PROPERTIES" --data-dir "$WORK/gw-mux" \
    --listen "127.0.0.1:$P_MUX" ${GATEWAY_CONFIG:+--config "$GATEWAY_CONFIG"} > "$logfile" 2>&1 &
  MUX_PID=$!
  wait_for_line "$logfile" "^ready\." 120 "$MUX_PID"
  log "multiplexing gateway on 127.0.0.1:$P_MUX (pid $MUX_PID, ops :$P_MUX_OPS, $MUX_SETTINGS, log $(basename "$logfile"))"
}
stop_mux_gateway() {
  stop_pid "$MUX_PID" 30
  MUX_PID=""
}
if wants multiplex; then start_mux_gateway; fi

# nothing we started may listen beyond loopback
check_loopback_only() {
  local pid
  for pid in "$EMBEDDED_PID" "$HAPROXY_PID" "$GATEWAY_PID" "$MUX_PID" "${EMBEDDED_PID:+$BACKEND_PID}" ${AUDIT_PID[@]+"${AUDIT_PID[@]}"}; do
    [ -n "$pid" ] || continue
    if ss -ltnpH 2>/dev/null | grep "pid=$pid," | awk '{print $4}' \
        | grep -v -E '^(127\.|\[::ffff:127\.|\[::1\])' | grep -q .; then
      ss -ltnp | grep "pid=$pid," >&2
      die "process $pid listens beyond loopback"
    fi
  done
}
check_loopback_only

# --- accounts and data --------------------------------------------------------------------------
DIRECT_PASSWORD="$(new_password)"
GATEWAY_PASSWORD="$(new_password)"
log "creating the bench accounts and the sysbench tables ($TABLES x $TABLE_SIZE rows)"
admin_sql "CREATE DATABASE IF NOT EXISTS sbtest;
  CREATE USER IF NOT EXISTS 'bench_direct'@'%' IDENTIFIED BY $(sql_quote "$DIRECT_PASSWORD");
  ALTER USER 'bench_direct'@'%' IDENTIFIED BY $(sql_quote "$DIRECT_PASSWORD");
  GRANT SELECT ON sbtest.* TO 'bench_direct'@'%'" || die "cannot create the direct account bench_direct"
admin() { "$ROOT/bin/admin" "$@" --admin-properties "$ADMIN_PROPERTIES"; }
if admin user show bench >/dev/null 2>&1; then
  printf '%s\n' "$GATEWAY_PASSWORD" | admin user password bench --password-stdin --auth-plugin "$GATEWAY_AUTH_PLUGIN" >/dev/null
fi
printf '%s\n' "$GATEWAY_PASSWORD" | admin grant bench --host 127.0.0.0/8 --password-stdin \
  --auth-plugin "$GATEWAY_AUTH_PLUGIN" --privileges SELECT --on 'sbtest.*' > "$WORK/admin-grant.log" \
  || { cat "$WORK/admin-grant.log" >&2; die "bin/admin grant failed"; }
sysbench_common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-db=sbtest --mysql-ssl=off --tables="$TABLES" --table-size="$TABLE_SIZE")
if wants multiplex; then
  # sysbench oltp_read_write writes: an account of its own, so that bench keeps SELECT only
  MUX_RW_PASSWORD="$(new_password)"
  if admin user show bench_rw >/dev/null 2>&1; then
    printf '%s\n' "$MUX_RW_PASSWORD" | admin user password bench_rw --password-stdin --auth-plugin "$GATEWAY_AUTH_PLUGIN" >/dev/null
  fi
  printf '%s\n' "$MUX_RW_PASSWORD" | admin grant bench_rw --host 127.0.0.0/8 --password-stdin \
    --auth-plugin "$GATEWAY_AUTH_PLUGIN" --privileges SELECT,INSERT,UPDATE,DELETE --on 'sbtest.*' > "$WORK/admin-grant-rw.log" \
    || { cat "$WORK/admin-grant-rw.log" >&2; die "bin/admin grant bench_rw failed"; }
fi
if wants sysbench || wants multiplex; then
  sysbench oltp_point_select "${sysbench_common[@]}" --mysql-host="$BACKEND_HOST" --mysql-port="$BACKEND_PORT" \
    --mysql-user="$ADMIN_USER" --mysql-password="$ADMIN_PASSWORD" cleanup > "$WORK/sysbench-prepare.log" 2>&1 || true
  sysbench oltp_point_select "${sysbench_common[@]}" --mysql-host="$BACKEND_HOST" --mysql-port="$BACKEND_PORT" \
    --mysql-user="$ADMIN_USER" --mysql-password="$ADMIN_PASSWORD" prepare >> "$WORK/sysbench-prepare.log" 2>&1 \
    || { cat "$WORK/sysbench-prepare.log" >&2; die "sysbench prepare failed"; }
fi
# the gateway picks the new account up at its next catalog poll (1 s)
for ((i = 0; i < 50; i++)); do
  MYSQL_PWD="$GATEWAY_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "$P_GATEWAY" \
    -u bench -N -B -e "SELECT 1" >/dev/null 2>&1 && break
  sleep 0.2
done
MYSQL_PWD="$GATEWAY_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "$P_GATEWAY" -u bench -N -B -e "SELECT 1" >/dev/null \
  || die "cannot log in through the gateway as bench (see $WORK/gateway-1.log)"
if wants multiplex; then
  for ((i = 0; i < 50; i++)); do
    MYSQL_PWD="$MUX_RW_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "$P_MUX" \
      -u bench_rw -N -B -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  MYSQL_PWD="$GATEWAY_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "$P_MUX" -u bench -N -B -e "SELECT 1" >/dev/null \
    || die "cannot log in through the multiplexing gateway as bench (see $WORK/gw-mux-1.log)"
fi
for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do
  for ((i = 0; i < 50; i++)); do
    MYSQL_PWD="$GATEWAY_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "${AUDIT_PORT[$name]}" \
      -u bench -N -B -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  MYSQL_PWD="$GATEWAY_PASSWORD" "$SQL_CLIENT" --protocol=TCP -h 127.0.0.1 -P "${AUDIT_PORT[$name]}" -u bench -N -B -e "SELECT 1" >/dev/null \
    || die "cannot log in through $name as bench (see $WORK/$name-1.log)"
done

# --- the workloads ------------------------------------------------------------------------------
TARGETS=(direct haproxy gateway)
if [ "$AUDIT" = 1 ] && { wants sysbench || wants churn; }; then TARGETS+=("${AUDIT_NAMES[@]}"); fi
# gw-tls: the measured gateway again, with sysbench over TLS (and churn, the driver over TLS). sysbench 1.0.20's
# --mysql-ssl=on hands libmariadb the fixed names cacert.pem, client-cert.pem and client-key.pem in
# its working directory (and fails with 2026 without them): the gateway's certificate and a
# throw-away client pair go into one, where gw-tls's sysbench runs.
if [ "$SYSBENCH_TLS" = 1 ] && wants sysbench; then
  TARGETS+=(gw-tls)
  mkdir -p "$WORK/sysbench-tls"
  cp "$WORK/gateway/tls/server-cert.pem" "$WORK/sysbench-tls/cacert.pem"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench-client \
    -keyout "$WORK/sysbench-tls/client-key.pem" -out "$WORK/sysbench-tls/client-cert.pem" > "$WORK/sysbench-tls/openssl.log" 2>&1 \
    || die "openssl could not make the client pair for sysbench over TLS ($WORK/sysbench-tls/openssl.log)"
fi

# The figures of a sysbench run from its output $5 (workload $1, threads $2, target $3, round $4, CPU
# snapshots before and after $6 $7) into the CSV; SB_QPS, SB_P95 and SB_ERRORS for the caller's log line.
record_sysbench() {
  local workload="$1" threads="$2" target="$3" round="$4" out="$5" queries
  queries="$(sed -n 's/^ *queries: *\([0-9]*\) .*/\1/p' "$out")"
  SB_QPS="$(sed -n 's/^ *queries: *[0-9]* *(\([0-9.]*\) per sec.)/\1/p' "$out")"
  SB_P95="$(sed -n 's/^ *95th percentile: *\([0-9.]*\)/\1/p' "$out")"
  SB_ERRORS="$(sed -n 's/^ *ignored errors: *\([0-9]*\) .*/\1/p' "$out")"
  SB_ERRORS="${SB_ERRORS:-0}"
  [ -n "$queries" ] && [ -n "$SB_QPS" ] || die "no figures in $out"
  record "$workload" "$threads" "$target" "$round" qps "$SB_QPS"
  record "$workload" "$threads" "$target" "$round" p95_ms "$SB_P95"
  record "$workload" "$threads" "$target" "$round" queries "$queries"
  record "$workload" "$threads" "$target" "$round" errors "$SB_ERRORS"
  record_cpu "$workload" "$threads" "$target" "$round" "$6" "$7"
}
# One sysbench run; records qps, p95_ms, queries, errors and the CPU of each process.
run_sysbench() {
  local test="$1" threads="$2" target="$3" round="$4" seconds="$5" out before after
  local workload="${test#oltp_}"
  out="$WORK/sysbench-$workload-$threads-$target-$round.log"
  before="$(cpu_snapshot "$target")"
  local tls=() dir="$WORK"
  [ "$target" = gw-tls ] && tls=(--mysql-ssl=on) && dir="$WORK/sysbench-tls"
  (cd "$dir" && sysbench "$test" "${sysbench_common[@]}" ${tls[@]+"${tls[@]}"} --mysql-port="$(target_port "$target")" --mysql-user="$(target_user "$target")" \
    --mysql-password="$(target_password "$target")" --threads="$threads" --time="$seconds" --report-interval=0 \
    --percentile=95 run) > "$out" 2>&1 || { tail -n 20 "$out" >&2; die "sysbench $test against $target failed ($out)"; }
  after="$(cpu_snapshot "$target")"
  [ "$round" = 0 ] && return 0 # warm-up
  record_sysbench "$workload" "$threads" "$target" "$round" "$out" "$before" "$after"
  log "  round $round  $workload $threads thr  $target: $SB_QPS qps, p95 $SB_P95 ms"
}

# One churn run: connections per second and their p95, CPU per connection. Workload churn_tls (and
# target gw-tls) over TLS, trusting the certificate of the server that terminates it.
run_churn() {
  local target="$1" round="$2" seconds="$3" workload="${4:-churn}" out before after tls=()
  out="$WORK/$workload-$target-$round.log"
  if [ "$workload" = churn_tls ] || [ "$target" = gw-tls ]; then tls=(--tls-ca "$(target_ca "$target")"); fi
  before="$(cpu_snapshot "$target")"
  BENCH_PASSWORD="$(target_password "$target")" driver churn --port "$(target_port "$target")" --user "$(target_user "$target")" \
    --clients "$CHURN_CLIENTS" --seconds "$seconds" ${tls[@]+"${tls[@]}"} > "$out" 2>&1 \
    || { tail -n 20 "$out" >&2; die "$workload against $target failed ($out)"; }
  after="$(cpu_snapshot "$target")"
  [ "$round" = 0 ] && return 0
  local conns rate p95 errors
  conns="$(result_value "$out" connections)"
  rate="$(result_value "$out" conn_per_s)"
  p95="$(result_value "$out" p95_ms)"
  errors="$(result_value "$out" errors)"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" qps "$rate"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" p95_ms "$p95"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" queries "$conns"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" errors "$errors"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" full_auths "$(result_value "$out" full_auths)"
  if [ ${#tls[@]} -gt 0 ]; then
    record "$workload" "$CHURN_CLIENTS" "$target" "$round" tls_resumed "$(result_value "$out" tls_resumed)"
  fi
  record_cpu "$workload" "$CHURN_CLIENTS" "$target" "$round" "$before" "$after"
  log "  round $round  $workload $CHURN_CLIENTS clients  $target: $rate conn/s, p95 $p95 ms, $errors errors"
}

# One mariadb-slap churn run (workload slap or slap_tls): --detach=1 makes each of the
# --churn-clients clients reconnect before every SELECT 1 (and once before the first), and its main
# thread logs in once more: count + clients + 1 connections. Connections per second from the wall
# time; no latency figure. Over TLS --ssl-ca names the server's own certificate: without a CA file
# libmariadb (OpenSSL 3) loads the system's CA bundle for every connection, ~30 ms of the client's
# CPU each, and mariadb-slap becomes the bottleneck (bench/README.md, "Login cost").
run_slap() {
  local workload="$1" target="$2" round="$3" count="$4" out before after start end ssl=(--skip-ssl)
  out="$WORK/$workload-$target-$round.log"
  [ "$workload" = slap_tls ] && ssl=(--ssl --ssl-ca="$(target_ca "$target")" --skip-ssl-verify-server-cert)
  before="$(cpu_snapshot "$target")"
  start="$(date +%s.%N)"
  MYSQL_PWD="$(target_password "$target")" mariadb-slap --host=127.0.0.1 --port="$(target_port "$target")" \
    --user="$(target_user "$target")" --concurrency="$CHURN_CLIENTS" --number-of-queries="$count" --detach=1 \
    --query='SELECT 1' --create-schema=sbtest --no-drop "${ssl[@]}" > "$out" 2>&1 \
    || { tail -n 20 "$out" >&2; die "mariadb-slap ($workload) against $target failed ($out)"; }
  end="$(date +%s.%N)"
  after="$(cpu_snapshot "$target")"
  [ "$round" = 0 ] && return 0
  local conns=$((count + CHURN_CLIENTS + 1)) rate
  rate="$(awk -v n="$conns" -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", n / (e - s)}')"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" qps "$rate"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" queries "$conns"
  record "$workload" "$CHURN_CLIENTS" "$target" "$round" errors 0
  record_cpu "$workload" "$CHURN_CLIENTS" "$target" "$round" "$before" "$after"
  log "  round $round  $workload $CHURN_CLIENTS clients  $target: $rate conn/s ($conns connections)"
}

# --churn-tls: the certificate each target's TLS is terminated with: the gateway's own, and the
# backend's (fetched from its handshake) for direct and haproxy (TCP mode: TLS passes through).
GATEWAY_CA="$WORK/gateway/tls/server-cert.pem"
BACKEND_CA=""
CHURN_TLS_TARGETS=()
if [ "$CHURN_TLS" = 1 ] && wants churn; then
  openssl s_client -starttls mysql -connect "$BACKEND_HOST:$BACKEND_PORT" < /dev/null 2> /dev/null \
    | sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' > "$WORK/backend-cert.pem" || true
  if [ -s "$WORK/backend-cert.pem" ]; then
    BACKEND_CA="$WORK/backend-cert.pem"
    CHURN_TLS_TARGETS=(direct haproxy gateway)
    log "backend TLS certificate: $(openssl x509 -noout -subject -in "$BACKEND_CA" 2>/dev/null); key $(openssl x509 -noout -text -in "$BACKEND_CA" 2>/dev/null | sed -n 's/^ *Public Key Algorithm: *//p' | head -1)"
  else
    CHURN_TLS_TARGETS=(gateway)
    log "note: the backend offers no TLS: churn_tls and slap_tls run through the gateway only"
  fi
fi
target_ca() { if is_gateway "$1"; then echo "$GATEWAY_CA"; else echo "$BACKEND_CA"; fi; }
# the TLS and mariadb-slap churn workloads of --churn-tls, for one round (0: warm-up, shorter)
run_churn_tls_round() {
  local round="$1" seconds="$2" target plain="$SLAP_CONNECTIONS" tls="$SLAP_TLS_CONNECTIONS"
  if [ "$round" = 0 ]; then plain=$((plain / 4 + 1)); tls=$((tls / 2 + 1)); fi
  for target in "${CHURN_TLS_TARGETS[@]}"; do run_churn "$target" "$round" "$seconds" churn_tls; done
  for target in direct haproxy gateway; do run_slap slap "$target" "$round" "$plain"; done
  for target in "${CHURN_TLS_TARGETS[@]}"; do run_slap slap_tls "$target" "$round" "$tls"; done
}

if wants sysbench || wants churn; then
  if [ "$WARMUP" -gt 0 ]; then
    log "warm-up: ${WARMUP}s per target (discarded)"
    for target in "${TARGETS[@]}"; do
      wants sysbench && run_sysbench oltp_point_select 4 "$target" 0 "$WARMUP"
      wants churn && run_churn "$target" 0 "$WARMUP"
    done
    if [ "$CHURN_TLS" = 1 ] && wants churn; then run_churn_tls_round 0 "$WARMUP"; fi
  fi
  for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round of $ROUNDS"
    if wants sysbench; then
      for test in $SYSBENCH_TESTS; do
        for threads in $THREADS; do
          for target in "${TARGETS[@]}"; do run_sysbench "$test" "$threads" "$target" "$round" "$DURATION"; done
        done
      done
    fi
    if wants churn; then
      for target in "${TARGETS[@]}"; do run_churn "$target" "$round" "$DURATION"; done
      if [ "$CHURN_TLS" = 1 ]; then run_churn_tls_round "$round" "$DURATION"; fi
    fi
  done
fi

# Samples gateway $2's heap (jstat, every 250 ms) and RSS (every 100 ms) into $1.jstat / $1.rss.
start_samplers() {
  local prefix="$1" pid="$2"
  if [ -x "$JSTAT" ]; then
    "$JSTAT" -gc "$pid" 250 > "$prefix.jstat" 2>/dev/null &
    SAMPLER_PIDS+=($!)
  fi
  # a subshell inherits the traps: it must not run the cleanup when it is stopped
  (trap - EXIT INT TERM; while kill -0 "$pid" 2>/dev/null; do rss_kib "$pid"; sleep 0.1; done) > "$prefix.rss" &
  SAMPLER_PIDS+=($!)
}
stop_samplers() {
  local pid
  for pid in ${SAMPLER_PIDS[@]+"${SAMPLER_PIDS[@]}"}; do stop_pid "$pid" 5; done
  SAMPLER_PIDS=()
}
# peak heap used and committed (KiB) and young GCs in a jstat -gc log
jstat_peaks() {
  awk 'NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i; next}
    $1 ~ /^[0-9.]+$/ {u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; c = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"];
      if (u > mu) mu = u; if (c > mc) mc = c; if (NR == 2) g0 = $col["YGC"]; g = $col["YGC"]}
    END {printf "%.0f %.0f %d\n", mu, mc, g - g0}' "$1" 2>/dev/null || echo "0 0 0"
}

# One big SELECT through gateway $2 (default: the measured gateway), freshly started, read at full
# speed or throttled; heap and RSS growth, the gateway's CPU.
run_big_result() {
  local mode="$1" target="${2:-gateway}" rate=0 prefix out pid port
  [ "$mode" = slow ] && rate="$SLOW_RATE"
  if [ "$target" = gateway ]; then
    restart_gateway
    prefix="$WORK/big-result-$mode"
  else
    stop_audit_gateway "$target"
    start_audit_gateway "$target"
    prefix="$WORK/big-result-$mode-$target"
  fi
  pid="$(target_pid "$target")"
  port="$(target_port "$target")"
  out="$prefix.log"
  # a short read first, so that the measured one runs compiled code, as HAProxy and mariadbd do
  BENCH_PASSWORD="$GATEWAY_PASSWORD" driver big-result --port "$port" --user bench --mib 64 > "$prefix-warmup.log" 2>&1 \
    || { tail -n 20 "$prefix-warmup.log" >&2; die "big result warm-up failed ($prefix-warmup.log)"; }
  sleep 1
  full_gc "$pid"
  local heap_before committed_before rss_before cpu_before
  read -r heap_before committed_before <<<"$(heap_kib "$pid")"
  rss_before="$(rss_kib "$pid")"
  cpu_before="$(cpu_ticks "$pid")"
  start_samplers "$prefix" "$pid"
  log "big result, $mode reader$([ "$mode" = slow ] && echo " ($SLOW_RATE MiB/s)"): $BIG_MIB MiB through $target"
  BENCH_PASSWORD="$GATEWAY_PASSWORD" driver big-result --port "$port" --user bench --mib "$BIG_MIB" \
    --rate-mib-per-s "$rate" > "$out" 2>&1 || { tail -n 20 "$out" >&2; die "big result ($mode) failed ($out)"; }
  local cpu_after
  cpu_after="$(cpu_ticks "$pid")"
  sleep 0.5
  stop_samplers
  local peak_used peak_committed young_gcs rss_peak heap_after
  read -r peak_used peak_committed young_gcs <<<"$(jstat_peaks "$prefix.jstat")"
  rss_peak="$(sort -n "$prefix.rss" | tail -1)"
  full_gc "$pid"
  read -r heap_after _ <<<"$(heap_kib "$pid")"
  local w="big_result_$mode"
  record "$w" 0 "$target" 1 mib_per_s "$(result_value "$out" mib_per_s)"
  record "$w" 0 "$target" 1 seconds "$(result_value "$out" seconds)"
  record "$w" 0 "$target" 1 heap_used_before_mib "$(mib "$heap_before")"
  record "$w" 0 "$target" 1 heap_used_peak_mib "$(mib "$peak_used")"
  record "$w" 0 "$target" 1 heap_growth_mib "$(mib $((peak_used > heap_before ? peak_used - heap_before : 0)))"
  record "$w" 0 "$target" 1 heap_committed_growth_mib "$(mib $((peak_committed > committed_before ? peak_committed - committed_before : 0)))"
  record "$w" 0 "$target" 1 heap_retained_after_gc_mib "$(mib $((heap_after - heap_before)))"
  record "$w" 0 "$target" 1 young_gcs "$young_gcs"
  record "$w" 0 "$target" 1 rss_before_mib "$(mib "$rss_before")"
  record "$w" 0 "$target" 1 rss_peak_mib "$(mib "$rss_peak")"
  record "$w" 0 "$target" 1 rss_growth_mib "$(mib $((rss_peak - rss_before)))"
  record "$w" 0 "$target" 1 gateway_cpu_s "$(awk -v x="$cpu_after" -v y="$cpu_before" -v t="$CLK_TCK" 'BEGIN {printf "%.2f", (x - y) / t}')"
  log "  $(sed -n 's/^RESULT //p' "$out"); heap used peak $(mib "$peak_used") MiB (before $(mib "$heap_before")), RSS peak $(mib "$rss_peak") MiB (before $(mib "$rss_before"))"
}

if wants big-result; then
  # the reference: the same result read at full speed direct and through HAProxy
  for target in direct haproxy; do
    out="$WORK/big-result-$target.log"
    BENCH_PASSWORD="$(target_password "$target")" driver big-result --port "$(target_port "$target")" --user "$(target_user "$target")" \
      --mib "$BIG_MIB" > "$out" 2>&1 || { tail -n 20 "$out" >&2; die "big result against $target failed ($out)"; }
    record big_result_fast 0 "$target" 1 mib_per_s "$(result_value "$out" mib_per_s)"
    record big_result_fast 0 "$target" 1 seconds "$(result_value "$out" seconds)"
    log "big result, fast reader, $target: $(sed -n 's/^RESULT //p' "$out")"
  done
  run_big_result fast
  if [ "$AUDIT" = 1 ]; then run_big_result fast gw-audit-async; fi
  run_big_result slow
fi

# --audit: the extra gateways are done. Stopped (SIGTERM: each writes and syncs what it has queued),
# then what their trails hold is counted, and the chains verified.
AUDIT_SUMMARY=()
for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do
  record audit_gateway 0 "$name" 1 rss_mib_at_end "$(mib "$(rss_kib "${AUDIT_PID[$name]}")")"
done
for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do
  stop_audit_gateway "$name"
  trail="$WORK/$name/audit"
  if [ "$name" = gw-audit-off ]; then
    if [ -e "$trail" ]; then AUDIT_SUMMARY+=("WARNING: $name (audit.mode=off) wrote an audit trail: $trail"); fi
    continue
  fi
  statements="$(cat "$trail"/*.jsonl 2>/dev/null | grep -c -F '"type":"statement"' || true)"
  files="$(ls "$trail"/*.jsonl 2>/dev/null | wc -l)"
  trail_mib="$(du -sk "$trail" 2>/dev/null | awk '{printf "%.1f", $1 / 1024}')"
  verified="$(admin audit verify --instance "bench-$name" "$trail" 2>&1 | tail -1)" || verified="FAILED: $verified"
  record audit_trail 0 "$name" 1 statement_records "${statements:-0}"
  record audit_trail 0 "$name" 1 dropped_records "${AUDIT_DROPPED[$name]}"
  record audit_trail 0 "$name" 1 trail_mib "$trail_mib"
  AUDIT_SUMMARY+=("$name recorded ${statements:-0} statement records, dropped ${AUDIT_DROPPED[$name]} ($trail_mib MiB in $files file(s); admin audit verify: $verified)")
  log "${AUDIT_SUMMARY[-1]}"
done

# --- multiplex: issue 17's figures -------------------------------------------------------------
# Sums a counter (all its label sets, or one: $2 = 'reason="x"') from the multiplexing gateway's metrics.
mux_metric() {
  curl -s "http://127.0.0.1:$P_MUX_OPS/metrics" 2>/dev/null \
    | awk -v name="$1" -v label="${2:-}" '$1 ~ "^" name "([{]|$)" && index($1, label) {s += $2} END {printf "%.0f\n", s}'
}
mux_pins() {
  curl -s "http://127.0.0.1:$P_MUX_OPS/metrics" 2>/dev/null \
    | sed -n 's/^grantgate_multiplex_pins_total{.*reason="\([a-z_]*\)".*} \([0-9.eE+]*\)$/\1 \2/p' \
    | awk '$2 > 0 {printf "%s=%.0f\n", $1, $2}' | sort
}
# One sysbench run of the multiplex workload: $1 test, $2 workload name, $3 target (mux-off, mux-on),
# $4 round (0: warm-up), $5 seconds, $6 user, $7 password, then extra sysbench options.
run_mux_sysbench() {
  local test="$1" workload="$2" target="$3" round="$4" seconds="$5" user="$6" password="$7" out before after
  shift 7
  out="$WORK/sysbench-$workload-$MUX_THREADS-$target-$round.log"
  before="$(cpu_snapshot "$target")"
  (cd "$WORK" && sysbench "$test" "${sysbench_common[@]}" "$@" --mysql-port="$(target_port "$target")" --mysql-user="$user" \
    --mysql-password="$password" --threads="$MUX_THREADS" --time="$seconds" --report-interval=0 \
    --percentile=95 run) > "$out" 2>&1 || { tail -n 20 "$out" >&2; die "sysbench $test ($workload) against $target failed ($out)"; }
  after="$(cpu_snapshot "$target")"
  [ "$round" = 0 ] && return 0
  record_sysbench "$workload" "$MUX_THREADS" "$target" "$round" "$out" "$before" "$after"
  log "  round $round  $workload $MUX_THREADS thr  $target: $SB_QPS qps, p95 $SB_P95 ms, $SB_ERRORS ignored errors"
}
# $1 sessions through target $2, each a point select about once a second; the driver samples the
# backend's Threads_connected and the gateway's CPU itself.
run_paced() {
  local target="$1" sessions="$2" out rc=0 ops="$P_GATEWAY_OPS"
  [ "$target" = mux-on ] && ops="$P_MUX_OPS"
  out="$WORK/paced-$target-$sessions.log"
  log "paced sessions: $sessions through $target, logging in over ${MUX_RAMP}s, then ${MUX_SECONDS}s measured"
  BENCH_PASSWORD="$GATEWAY_PASSWORD" BENCH_BACKEND_PASSWORD="$ADMIN_PASSWORD" driver paced-sessions \
    --port "$(target_port "$target")" --user bench --database sbtest --sessions "$sessions" \
    --ramp-seconds "$MUX_RAMP" --seconds "$MUX_SECONDS" --table-size "$TABLE_SIZE" --source-addresses "$IDLE_SOURCES" \
    --backend-url "jdbc:mysql://$BACKEND_HOST:$BACKEND_PORT/?sslMode=DISABLED&allowPublicKeyRetrieval=true" \
    --backend-user "$ADMIN_USER" --gateway-metrics "http://127.0.0.1:$ops/metrics" \
    --cpu-pid "$(target_pid "$target")" --clock-ticks "$CLK_TCK" > "$out" 2>&1 || rc=$?
  grep -q '^RESULT ' "$out" || { tail -n 20 "$out" >&2; die "the paced sessions against $target failed ($out)"; }
  [ "$rc" = 0 ] || log "warning: the paced sessions against $target had errors ($out)"
  local metric before max
  for metric in qps p50_ms p99_ms max_ms queries login_errors gateway_cpu_s gateway_cpu_us_per_query \
      threads_connected_before threads_connected_max gateway_pool_max; do
    record "$PACED" "$sessions" "$target" 1 "$metric" "$(result_value "$out" "$metric")"
  done
  record "$PACED" "$sessions" "$target" 1 errors $(($(result_value "$out" errors) + $(result_value "$out" login_errors)))
  before="$(result_value "$out" threads_connected_before)"
  max="$(result_value "$out" threads_connected_max)"
  record "$PACED" "$sessions" "$target" 1 backend_connections_max $((max - before))
  [ "$target" = mux-on ] && record "$PACED" "$sessions" "$target" 1 backend_max_connections "$MUX_BACKEND_MAX"
  log "  $(sed -n 's/^RESULT //p' "$out")"
}
PACED=paced_sessions
MUX_SUMMARY=()
if wants multiplex; then
  MUX_TARGETS=(mux-off mux-on)
  if [ "$WARMUP" -gt 0 ]; then
    log "multiplex warm-up: ${WARMUP}s per target (discarded)"
    for target in "${MUX_TARGETS[@]}"; do
      run_mux_sysbench oltp_point_select mux_point_select "$target" 0 "$WARMUP" bench "$GATEWAY_PASSWORD"
    done
  fi
  # whether sysbench's sessions are multiplexed at all: a session is counted (and can pin) only when
  # its client negotiated CLIENT_SESSION_TRACK
  declare -A MUX_BEFORE=() MUX_AFTER=()
  for ((round = 1; round <= ROUNDS; round++)); do
    log "multiplex round $round of $ROUNDS"
    for target in "${MUX_TARGETS[@]}"; do
      run_mux_sysbench oltp_point_select mux_point_select "$target" "$round" "$DURATION" bench "$GATEWAY_PASSWORD"
    done
    for target in "${MUX_TARGETS[@]}"; do
      run_mux_sysbench oltp_point_select mux_point_select_text "$target" "$round" "$DURATION" bench "$GATEWAY_PASSWORD" \
        --db-ps-mode=disable
    done
    for target in "${MUX_TARGETS[@]}"; do
      if [ "$target" = mux-on ]; then
        MUX_BEFORE[borrows]="$(mux_metric grantgate_multiplex_borrows_total)"
        MUX_BEFORE[returns]="$(mux_metric grantgate_multiplex_returns_total)"
        MUX_BEFORE[pins]="$(mux_metric grantgate_multiplex_pins_total)"
      fi
      run_mux_sysbench oltp_read_write mux_read_write "$target" "$round" "$DURATION" bench_rw "$MUX_RW_PASSWORD"
      if [ "$target" = mux-on ]; then
        MUX_AFTER[borrows]="$(mux_metric grantgate_multiplex_borrows_total)"
        MUX_AFTER[returns]="$(mux_metric grantgate_multiplex_returns_total)"
        MUX_AFTER[pins]="$(mux_metric grantgate_multiplex_pins_total)"
      fi
    done
  done
  MUX_SUMMARY+=("sysbench oltp_read_write through mux-on, last round: $((MUX_AFTER[pins] - MUX_BEFORE[pins])) sessions pinned, $((MUX_AFTER[borrows] - MUX_BEFORE[borrows])) borrows, $((MUX_AFTER[returns] - MUX_BEFORE[returns])) connections given back (pins by reason since mux-on started: $(mux_pins | tr '\n' ' '| sed 's/ $//'))")
  log "${MUX_SUMMARY[-1]}"

  # The paced sessions, each gateway alone and freshly started (no pooled connection from before),
  # so that the rise of the backend's Threads_connected is that gateway's backend connections.
  stop_gateway
  stop_mux_gateway
  start_mux_gateway
  run_paced mux-on "$MUX_SESSIONS"
  stop_mux_gateway
  current_max="$(admin_sql "SELECT @@max_connections")"
  if [ "$current_max" -lt $((MUX_OFF_SESSIONS + 200)) ]; then
    # without multiplexing every session holds a backend connection
    admin_sql "SET GLOBAL max_connections = $((MUX_OFF_SESSIONS + 200))" \
      || log "warning: cannot raise the backend's max_connections from $current_max; sessions beyond it will be refused"
    RESTORE_MAX_CONNECTIONS="$current_max"
  fi
  start_gateway
  run_paced mux-off "$MUX_OFF_SESSIONS"
  if [ -n "$RESTORE_MAX_CONNECTIONS" ]; then
    admin_sql "SET GLOBAL max_connections = $RESTORE_MAX_CONNECTIONS" || true
    RESTORE_MAX_CONNECTIONS=""
  fi
fi

# Idle sessions through a fresh gateway: its RSS with them open.
if wants idle; then
  current_max="$(admin_sql "SELECT @@max_connections")"
  if [ "$current_max" -lt $((IDLE_OPEN + 50)) ]; then
    admin_sql "SET GLOBAL max_connections = $((IDLE_OPEN + 50))" \
      || log "warning: cannot raise the backend's max_connections from $current_max; sessions beyond it will be refused"
    RESTORE_MAX_CONNECTIONS="$current_max"
  fi
  restart_gateway
  sleep 2
  full_gc "$GATEWAY_PID"
  read -r idle_heap_before _ <<<"$(heap_kib "$GATEWAY_PID")"
  idle_rss_before="$(rss_kib "$GATEWAY_PID")"
  backend_rss_before="$(rss_kib "${BACKEND_PID:-0}")"
  out="$WORK/idle.log"
  log "idle sessions: opening $IDLE_OPEN through the gateway, holding them ${IDLE_HOLD}s"
  BENCH_PASSWORD="$GATEWAY_PASSWORD" driver idle --port "$P_GATEWAY" --user bench --sessions "$IDLE_OPEN" \
    --hold-seconds "$IDLE_HOLD" --source-addresses "$IDLE_SOURCES" > "$out" 2>&1 &
  DRIVER_PID=$!
  wait_for_line "$out" "^HOLDING" $((IDLE_OPEN / 20 + 300)) "$DRIVER_PID"
  sleep 3
  idle_rss="$(rss_kib "$GATEWAY_PID")"
  idle_threads="$(awk '/^Threads:/ {print $2}' "/proc/$GATEWAY_PID/status")"
  idle_fds="$(ls "/proc/$GATEWAY_PID/fd" | wc -l)"
  backend_rss="$(rss_kib "${BACKEND_PID:-0}")"
  backend_active="$(curl -s "http://127.0.0.1:$P_GATEWAY_OPS/metrics" 2>/dev/null \
    | sed -n 's/^grantgate_backend_connections_active[^ ]* \([0-9.]*\).*/\1/p' | head -1)"
  full_gc "$GATEWAY_PID"
  read -r idle_heap _ <<<"$(heap_kib "$GATEWAY_PID")"
  held="$(sed -n 's/^HOLDING \([0-9]*\) .*/\1/p' "$out")"
  while alive "$DRIVER_PID"; do sleep 0.5; done
  wait "$DRIVER_PID" || log "warning: the idle driver exited with an error ($out)"
  DRIVER_PID=""
  accept_failures="$(grep -c "accept failed" "$WORK/gateway-$GATEWAY_STARTS.log" || true)"
  record idle_sessions 0 gateway 1 sessions_requested "$IDLE_SESSIONS"
  record idle_sessions 0 gateway 1 sessions_held "$held"
  record idle_sessions 0 gateway 1 sessions_alive_after_hold "$(result_value "$out" alive)"
  record idle_sessions 0 gateway 1 open_seconds "$(result_value "$out" open_seconds)"
  record idle_sessions 0 gateway 1 rss_before_mib "$(mib "$idle_rss_before")"
  record idle_sessions 0 gateway 1 rss_mib "$(mib "$idle_rss")"
  record idle_sessions 0 gateway 1 rss_per_session_kib "$(awk -v a="$idle_rss" -v b="$idle_rss_before" -v n="$held" 'BEGIN {if (n > 0) printf "%.1f", (a - b) / n; else print 0}')"
  [ "${held:-0}" -gt 0 ] && [ "$held" -lt "$IDLE_SESSIONS" ] && record idle_sessions 0 gateway 1 rss_mib_estimate_at_requested \
    "$(awk -v a="$idle_rss" -v b="$idle_rss_before" -v n="$held" -v r="$IDLE_SESSIONS" 'BEGIN {printf "%.0f", (b + (a - b) / n * r) / 1024}')"
  record idle_sessions 0 gateway 1 heap_used_after_gc_mib "$(mib "$idle_heap")"
  record idle_sessions 0 gateway 1 heap_per_session_kib "$(awk -v a="$idle_heap" -v b="$idle_heap_before" -v n="$held" 'BEGIN {if (n > 0) printf "%.1f", (a - b) / n; else print 0}')"
  record idle_sessions 0 gateway 1 threads "$idle_threads"
  record idle_sessions 0 gateway 1 open_fds "$idle_fds"
  record idle_sessions 0 gateway 1 accept_failures_logged "$accept_failures"
  [ -n "$backend_active" ] && record idle_sessions 0 gateway 1 backend_connections_active "$backend_active"
  [ -n "$BACKEND_PID" ] && record idle_sessions 0 gateway 1 backend_rss_growth_mib "$(mib $((backend_rss - backend_rss_before)))"
  log "  $(sed -n 's/^RESULT //p' "$out"); gateway RSS $(mib "$idle_rss") MiB (before $(mib "$idle_rss_before")), heap after GC $(mib "$idle_heap") MiB"
  if [ -n "$RESTORE_MAX_CONNECTIONS" ]; then
    admin_sql "SET GLOBAL max_connections = $RESTORE_MAX_CONNECTIONS" || true
    RESTORE_MAX_CONNECTIONS=""
  fi
fi

# --- report -------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
cp "$ROUNDS_CSV" "$RESULTS_DIR/$RUN_DATE-rounds.csv"
echo
echo "GrantGate bench $RUN_DATE${LABEL:+ [$LABEL]}: $MACHINE"
echo "backend $BACKEND_VERSION; HAProxy $(haproxy -v | sed -n '1s/^HAProxy version \([^ ]*\).*/\1/p'); sysbench $(sysbench --version | awk '{print $2}'); $("$JAVA" -version 2>&1 | head -1)"
echo "gateway options: ${GATEWAY_OPTIONS:-none}; gateway account plugin $GATEWAY_AUTH_PLUGIN; load average before the run: $LOAD_BEFORE"
for name in ${AUDIT_GATEWAYS[@]+"${AUDIT_GATEWAYS[@]}"}; do
  echo "$name: the gateway's options, then ${AUDIT_SETTINGS[$name]} GRANTGATE_INSTANCE_ID=bench-$name (127.0.0.1:${AUDIT_PORT[$name]}, ops :${AUDIT_OPS[$name]})"
done
echo "rounds $ROUNDS x ${DURATION}s, sysbench tables $TABLES x $TABLE_SIZE rows, churn $CHURN_CLIENTS clients, big result $BIG_MIB MiB (slow: $SLOW_RATE MiB/s), $IDLE_OPEN idle sessions$([ "$IDLE_OPEN" = "$IDLE_SESSIONS" ] || echo " (of $IDLE_SESSIONS asked; open-files limit)")"
echo
driver report --rounds "$ROUNDS_CSV" --out "$RESULTS_DIR/$RUN_DATE.csv" --label "$LABEL" --date "$RUN_DATE" --machine "$MACHINE"
echo
if [ ${#MUX_SUMMARY[@]} -gt 0 ]; then
  echo "Multiplexing: mux-on = $MUX_SETTINGS (127.0.0.1:$P_MUX); paced sessions: $MUX_SESSIONS with multiplexing, $MUX_OFF_SESSIONS without"
  for line in "${MUX_SUMMARY[@]}"; do echo "  $line"; done
  echo
fi
if [ ${#AUDIT_SUMMARY[@]} -gt 0 ]; then
  echo "Audit trails (statement records counted in the files after the gateway stopped; dropped: grantgate_audit_dropped_total)"
  for line in "${AUDIT_SUMMARY[@]}"; do echo "  $line"; done
  echo
fi
echo "CSV: $RESULTS_DIR/$RUN_DATE.csv (medians), $RESULTS_DIR/$RUN_DATE-rounds.csv (every round)"
