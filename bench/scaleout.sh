#!/usr/bin/env bash
# sysbench oltp_point_select against Debian's MariaDB directly, through one gateway, and through
# HAProxy (TCP mode, PROXY protocol v2, round robin) in front of two and of three gateway instances
# on one catalog, as docs/deploy.md sets them up. On one small machine every process shares the same
# cores: this shows what the balancer and more instances cost, not how they scale. Prints a table
# and keeps it in bench/results/scaleout-<time>.txt. Needs mariadb-server, mariadb-client, haproxy,
# sysbench and the jars built (./mvnw -B -q -DskipTests package).
#   bench/scaleout.sh [--threads "4 16"] [--seconds 20] [--rounds 2] [--keep]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/../bin/lib/launcher.sh" # GRANTGATE_HOME
cd "$GRANTGATE_HOME"

THREADS="4 16"
SECONDS_PER_RUN=20
ROUNDS=2
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench/scaleout.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
PORT_BASE=${SCALEOUT_PORT_BASE:-24600}
DB_PORT=$PORT_BASE
LB2_PORT=$((PORT_BASE + 7))
LB3_PORT=$((PORT_BASE + 8))
BALANCER=127.0.0.10 # HAProxy connects to the gateways from here: the one address they trust
WORK="$(mktemp -d "${TMPDIR:-/tmp}/grantgate-scaleout.XXXXXX")"
PIDS=()
GATEWAY_PIDS=()
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
OUT="$BENCH_DIR/results/scaleout-$STAMP.txt"

NAME=scaleout
source "$BENCH_DIR/lib/debian-mariadb.sh" # log, fail, await, start_mariadb, root; cleanup at exit
require_tools mariadbd mariadb-install-db mariadb haproxy sysbench curl
ticks() { local s; s="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }; s="${s##*) }"; awk '{print $12 + $13}' <<<"$s"; }
sum_ticks() { local t=0 pid; for pid in "$@"; do t=$((t + $(ticks "$pid"))); done; echo "$t"; }

log "MariaDB from Debian on 127.0.0.1:$DB_PORT"
start_mariadb "$DB_PORT" --max-connections=2000
root -e "CREATE DATABASE sbtest"
sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=root \
  --mysql-password= --mysql-db=sbtest --tables=1 --table-size=100000 prepare >"$WORK/prepare.log" 2>&1

log "admin init, three gateways, HAProxy"
ADMIN_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf "CREATE USER 'gg_admin'@'127.0.0.1' IDENTIFIED BY '%s';\n" "$ADMIN_PASSWORD" | root
root <deploy/admin-login.sql
# what the admin login may hand out, as deploy/admin-login.sql says for an application's schema
root -e "GRANT SELECT ON sbtest.* TO 'gg_admin'@'127.0.0.1' WITH GRANT OPTION"
ETC="$WORK/admin"
printf '%s\n' "$ADMIN_PASSWORD" | bin/admin init --catalog-url "jdbc:mysql://127.0.0.1:$DB_PORT/grantgate" \
  --admin-user gg_admin --password-stdin --admin-properties "$ETC/admin.properties" >"$WORK/init.log"
for n in 1 2 3; do
  cat >"$WORK/gw$n.conf" <<CONF
listen=127.0.0.1:$((PORT_BASE + n))
ops.listen=127.0.0.1:$((PORT_BASE + 10 + n))
instance-id=gw$n
proxy-protocol.trusted=$BALANCER
CONF
  bin/grantgate --admin-properties "$ETC/gateway.properties" --config "$WORK/gw$n.conf" \
    --data-dir "$WORK/gw$n" >"$WORK/gw$n.log" 2>&1 &
  PIDS+=($!)
  GATEWAY_PIDS+=($!)
done
for n in 1 2 3; do
  await 120 curl -fsS "http://127.0.0.1:$((PORT_BASE + 10 + n))/health/ready" || { cat "$WORK/gw$n.log" >&2; fail "gw$n not ready"; }
done
cat >"$WORK/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
frontend two
    bind 127.0.0.1:$LB2_PORT
    default_backend two
frontend three
    bind 127.0.0.1:$LB3_PORT
    default_backend three
backend two
    balance roundrobin
    server gw1 127.0.0.1:$((PORT_BASE + 1)) send-proxy-v2 source $BALANCER
    server gw2 127.0.0.1:$((PORT_BASE + 2)) send-proxy-v2 source $BALANCER
backend three
    balance roundrobin
    server gw1 127.0.0.1:$((PORT_BASE + 1)) send-proxy-v2 source $BALANCER
    server gw2 127.0.0.1:$((PORT_BASE + 2)) send-proxy-v2 source $BALANCER
    server gw3 127.0.0.1:$((PORT_BASE + 3)) send-proxy-v2 source $BALANCER
CFG
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")

BENCH_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$BENCH_PASSWORD" | bin/admin grant bench --host 127.0.0.1 --password-stdin \
  --privileges SELECT --on 'sbtest.*' --admin-properties "$ETC/admin.properties" >"$WORK/grant.log"
await 20 mariadb --no-defaults -h 127.0.0.1 -P "$LB3_PORT" -u bench -p"$BENCH_PASSWORD" --skip-ssl sbtest -e "SELECT 1"

# run TARGET PORT USER PASSWORD THREADS SECONDS: prints qps and gateway CPU µs per query (all gateways)
run() {
  local target="$1" port="$2" user="$3" password="$4" threads="$5" seconds="$6" before after hb ha out qps queries
  before="$(sum_ticks "${GATEWAY_PIDS[@]}")"
  hb="$(ticks "$HAPROXY_PID")"
  out="$WORK/sysbench-$target-$threads-$seconds-$RANDOM.log"
  sysbench oltp_point_select --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" \
    --mysql-user="$user" --mysql-password="$password" --mysql-ssl=off --mysql-db=sbtest --tables=1 \
    --table-size=100000 --threads="$threads" --time="$seconds" --report-interval=0 run >"$out" 2>&1 \
    || { tail -20 "$out" >&2; fail "sysbench against $target failed"; }
  after="$(sum_ticks "${GATEWAY_PIDS[@]}")"
  ha="$(ticks "$HAPROXY_PID")"
  qps="$(sed -n 's/.*queries: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$out" | head -1)"
  queries="$(sed -n 's/.*queries: *\([0-9]*\) .*/\1/p' "$out" | head -1)"
  awk -v q="$qps" -v n="$queries" -v g=$((after - before)) -v h=$((ha - hb)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%s %.0f %.0f\n", q, g * 1e6 / hz / n, h * 1e6 / hz / n }'
}

declare -A RESULT
TARGETS=(direct gateway lb-2-gateways lb-3-gateways)
for threads in $THREADS; do
  for target in "${TARGETS[@]}"; do # warm-up
    case "$target" in
      direct) run "$target" "$DB_PORT" root "" "$threads" 5 >/dev/null ;;
      gateway) run "$target" "$((PORT_BASE + 1))" bench "$BENCH_PASSWORD" "$threads" 5 >/dev/null ;;
      lb-2-gateways) run "$target" "$LB2_PORT" bench "$BENCH_PASSWORD" "$threads" 5 >/dev/null ;;
      lb-3-gateways) run "$target" "$LB3_PORT" bench "$BENCH_PASSWORD" "$threads" 5 >/dev/null ;;
    esac
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${TARGETS[@]}"; do
      case "$target" in
        direct) r="$(run "$target" "$DB_PORT" root "" "$threads" "$SECONDS_PER_RUN")" ;;
        gateway) r="$(run "$target" "$((PORT_BASE + 1))" bench "$BENCH_PASSWORD" "$threads" "$SECONDS_PER_RUN")" ;;
        lb-2-gateways) r="$(run "$target" "$LB2_PORT" bench "$BENCH_PASSWORD" "$threads" "$SECONDS_PER_RUN")" ;;
        lb-3-gateways) r="$(run "$target" "$LB3_PORT" bench "$BENCH_PASSWORD" "$threads" "$SECONDS_PER_RUN")" ;;
      esac
      RESULT["$threads,$target,$round"]="$r"
      log "round $round, $threads threads, $target: qps, gateway CPU µs/q, HAProxy CPU µs/q = $r"
    done
  done
done

{
  echo "bench/scaleout.sh $STAMP: point_select, ${SECONDS_PER_RUN}s x $ROUNDS rounds (interleaved), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "backend $(root -N -e 'SELECT VERSION()'); $(haproxy -v | head -1); sysbench $(sysbench --version | awk '{print $2}')"
  printf '%-8s %-15s %10s %10s %10s %14s %14s\n' threads target "qps(med)" "x gateway" "x direct" "gw CPU us/q" "HAProxy us/q"
  for threads in $THREADS; do
    base_gw="" base_direct=""
    for target in "${TARGETS[@]}"; do
      # the median round by qps; with an even number of rounds, the mean of the middle two
      med="$(for ((round = 1; round <= ROUNDS; round++)); do echo "${RESULT[$threads,$target,$round]}"; done \
        | sort -n -k1,1 | awk '{q[NR]=$1; g[NR]=$2; h[NR]=$3}
            END {lo=int((NR+1)/2); hi=int(NR/2)+1; printf "%.2f %.0f %.0f\n", (q[lo]+q[hi])/2, (g[lo]+g[hi])/2, (h[lo]+h[hi])/2}')"
      read -r qps gw hp <<<"$med"
      [ "$target" = direct ] && base_direct="$qps"
      [ "$target" = gateway ] && base_gw="$qps"
      printf '%-8s %-15s %10.0f %10s %10.2f %14s %14s\n' "$threads" "$target" "$qps" \
        "$([ -n "$base_gw" ] && awk -v a="$qps" -v b="$base_gw" 'BEGIN{printf "%.2f", a/b}' || echo -)" \
        "$(awk -v a="$qps" -v b="$base_direct" 'BEGIN{print a/b}')" "$gw" "$hp"
    done
  done
  echo "every round (qps, gateway CPU µs/q, HAProxy CPU µs/q):"
  for key in "${!RESULT[@]}"; do echo "  $key ${RESULT[$key]}"; done | sort
} | tee "$OUT"
log "kept in $OUT"
