#!/usr/bin/env bash
# The floor under the gateway's CPU per connection: what the socket work of a connect, log in,
# SELECT 1, quit session costs on this machine with nothing else, beside the gateway, HAProxy and a
# direct connection, all driven by `bench churn` in one run.
#   bench/login-floor.sh [--seconds S] [--rounds R] [--clients N] [--slap N] [--lean] [--canned]
# Starts `bin/grantgate --embedded` in a fresh work directory (MariaDB 11.4 on port 24306, the gateway
# on 24307, metrics on 24308) with a `bench` account; HAProxy in TCP mode in front of MariaDB (24311,
# when installed); and two floor servers (`bench login-floor`): one with the gateway's threading (an
# accept thread, a session thread each, blocking reads; 24309), one on event loops (non-blocking, a
# selector per core, no hand-off; 24310). The floors do the gateway's reads and writes with fixed
# bytes and relay the query over backend connections logged in to at start, as the gateway's pool
# holds them: no password check, audit, log, pool or reset. After a warm-up, R rounds (default 3) of
# S seconds (default 10) of churn against each in turn: connections/s, the serving process's CPU per
# connection and mariadbd's. Then, when strace is installed, the system calls per connection of each
# floor. --slap N: each round drives N connections with mariadb-slap (--detach=1, SELECT 1,
# --clients at once) instead of S seconds of churn. --lean: the gateway without its per-login
# records (GRANTGATE_LOGIN_LOG_LEVEL=WARN, the bench account's audit level off), to see what they
# cost. --canned: only the floors, relaying to a canned backend (its own process); no database is
# started. Needs a built tree (./mvnw -B -q -DskipTests package). Figures: bench/README.md, "The
# floor under a login".
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=10 rounds=3 clients=4 canned=0 lean=0 slap=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --slap) slap="$2"; shift 2 ;;
    --lean) lean=1; shift ;;
    --canned) canned=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "login-floor.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_CP="$home/bench/target/grantgate-bench.jar:$home/bench/target/lib/*"
[ -f "$home/bench/target/grantgate-bench.jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
work="$(mktemp -d /tmp/grantgate-login-floor.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)
wait_port() { for _ in $(seq 100); do (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
floor() { "$JAVA" -cp "$BENCH_CP" io.grantgate.bench.BenchCommand login-floor "$@" 2>> "$work/floor.log" & pids+=($!); }
# churn PORT USER PASSWORD SECONDS: a RESULT line (connections=, conn_per_s=, errors=)
churn() {
  if [ "$slap" -gt 0 ]; then
    local start end
    start=$(date +%s.%N)
    if mariadb-slap --host=127.0.0.1 --port="$1" --user="$2" --password="$3" --skip-ssl --concurrency="$clients" \
      --number-of-queries="$slap" --detach=1 --query='SELECT 1' --create-schema=information_schema --no-drop \
      > /dev/null 2> "$work/slap.err"; then errors=0; else errors=1; tail -1 "$work/slap.err" >&2; fi
    end=$(date +%s.%N)
    awk -v n="$slap" -v s="$start" -v e="$end" -v x="$errors" \
      'BEGIN {printf "RESULT connections=%d conn_per_s=%.1f errors=%d\n", n, n / (e - s), x}'
    return
  fi
  BENCH_PASSWORD="$3" "$JAVA" -cp "$BENCH_CP" io.grantgate.bench.BenchCommand churn \
    --port "$1" --user "$2" --clients "$clients" --seconds "$4"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
mariadbd_pid=""
if [ "$canned" = 1 ]; then
  floor --mode backend --port 24306
  wait_port 24306
  backend=()
  targets=(thread loop)
else
  echo "starting the embedded gateway in $work ..." >&2
  [ "$lean" = 1 ] && export GRANTGATE_LOGIN_LOG_LEVEL=WARN
  GRANTGATE_OPS_LISTEN=127.0.0.1:24308 \
    "$home/bin/grantgate" --embedded --data-dir="$work/data" --embedded-port=24306 --listen=127.0.0.1:24307 \
    > "$work/gateway.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  for _ in $(seq 120); do grep -q '^ready\.' "$work/gateway.log" && break; sleep 1; done
  grep -q '^ready\.' "$work/gateway.log" || { tail -20 "$work/gateway.log" >&2; echo "the gateway did not start" >&2; exit 1; }
  gateway_java="$(pgrep -f -- "--data-dir=$work/data" | head -1)"
  mariadbd_pid="$(pgrep -f -- "(mariadbd|mysqld) .*--port=24306" | head -1)"
  bench_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$bench_password" | "$home/bin/admin" grant bench --host 127.0.0.1 --password-stdin \
    --privileges SELECT --on '*.*' --admin-properties "$work/data/admin.properties" >&2
  if [ "$lean" = 1 ]; then
    "$home/bin/admin" user audit bench --level off --admin-properties "$work/data/admin.properties" >&2
    sleep 2 # the gateway's next catalog poll
  fi
  # direct and the floors' backend connections: the embedded server's administrative account
  admin_user="$(sed -n 's/^catalog\.user=//p' "$work/data/admin.properties")"
  admin_password="$(sed -n 's/^catalog\.password=//p' "$work/data/admin.properties")"
  export BENCH_BACKEND_PASSWORD="$admin_password"
  backend=(--backend-user "$admin_user")
  targets=(direct gateway thread loop)
  if command -v haproxy > /dev/null; then
    printf '%s\n' 'defaults' '  mode tcp' '  timeout connect 5s' '  timeout client 1h' '  timeout server 1h' \
      'frontend mysql' '  bind 127.0.0.1:24311' '  default_backend db' 'backend db' '  server db 127.0.0.1:24306' \
      > "$work/haproxy.cfg"
    haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
    haproxy_pid=$!
    pids+=("$haproxy_pid")
    wait_port 24311 || { cat "$work/haproxy.log" >&2; echo "HAProxy did not start" >&2; exit 1; }
    targets=(direct haproxy gateway thread loop)
  fi
fi
floor --mode thread --port 24309 --backend-port 24306 "${backend[@]}"
thread_pid=$!
floor --mode loop --port 24310 --backend-port 24306 --loops "$(nproc)" "${backend[@]}"
loop_pid=$!
wait_port 24309 && wait_port 24310 || { cat "$work/floor.log" >&2; echo "a floor server did not start" >&2; exit 1; }

# target NAME: its port, the process whose CPU counts, and the login to use
target() {
  case "$1" in
    direct) echo "24306 $mariadbd_pid $admin_user $admin_password" ;;
    haproxy) echo "24311 $haproxy_pid $admin_user $admin_password" ;;
    gateway) echo "24307 $gateway_java bench $bench_password" ;;
    # the floors check no password; the churn driver wants one all the same
    thread) echo "24309 $thread_pid bench unchecked" ;;
    loop) echo "24310 $loop_pid bench unchecked" ;;
  esac
}
for name in "${targets[@]}"; do
  read -r port _ user password <<< "$(target "$name")"
  churn "$port" "$user" "$password" 10 > /dev/null # the gateway needs about 10 s to compile its login
done
for round in $(seq "$rounds"); do
  for name in "${targets[@]}"; do
    read -r port pid user password <<< "$(target "$name")"
    c0=$(cpu_ticks "$pid"); m0=$([ -n "$mariadbd_pid" ] && cpu_ticks "$mariadbd_pid" || echo 0)
    result="$(churn "$port" "$user" "$password" "$seconds" | grep '^RESULT')"
    c1=$(cpu_ticks "$pid"); m1=$([ -n "$mariadbd_pid" ] && cpu_ticks "$mariadbd_pid" || echo 0)
    awk -v r="$round" -v k="$name" -v a="$c0" -v b="$c1" -v ma="$m0" -v mb="$m1" -v t="$ticks" -v line="$result" \
      -v db="$mariadbd_pid" 'BEGIN {
      n = line; sub(/.* connections=/, "", n); sub(/ .*/, "", n)
      s = line; sub(/.* conn_per_s=/, "", s); sub(/ .*/, "", s)
      e = line; sub(/.* errors=/, "", e); sub(/ .*/, "", e)
      own = (k == "direct") ? "-" : sprintf("%4.0f", (b - a) / t * 1e6 / n)
      mariadbd = (db == "") ? "-" : sprintf("%4.0f", (mb - ma) / t * 1e6 / n)
      printf "round %d  %-8s %6.0f connections/s   CPU us per connection: own %4s, mariadbd %4s   errors %s\n", \
        r, k, s, own, mariadbd, e
    }'
  done
done
if command -v strace > /dev/null; then
  for name in thread loop; do
    read -r port pid user password <<< "$(target "$name")"
    strace -f -c -p "$pid" -o "$work/strace-$name.txt" 2>/dev/null &
    strace_pid=$!
    sleep 1
    counted="$(churn "$port" "$user" "$password" 5 | sed -n 's/^RESULT connections=\([0-9]*\).*/\1/p')"
    kill -INT "$strace_pid" 2>/dev/null; wait "$strace_pid" 2>/dev/null || true
    echo "system calls per connection, $name floor (under strace, $counted connections):"
    awk -v n="$counted" '$4 ~ /^[0-9]+$/ && $NF != "total" {printf "  %-16s %6.2f\n", $NF, $4 / n}' "$work/strace-$name.txt" \
      | sort -k2 -rn | head -12
  done
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
