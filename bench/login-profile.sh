#!/usr/bin/env bash
# Where the gateway's CPU goes per connection: connect, log in, SELECT 1, quit, as `bench churn` does.
#   bench/login-profile.sh [--seconds S] [--clients N] [--tls N] [--keep]
# Starts `bin/grantgate --embedded` in a fresh work directory (ports 23306/23307/23308), creates a
# `bench` account, warms up with 10 s of churn, then records S seconds (default 30) of churn with
# JFR's CPU-time sampler (JDK 25+) and prints, from `bench login-steps`, the share and the
# microseconds of gateway CPU per connection for each step of a login, the gateway's and mariadbd's
# CPU per connection, and (when strace is installed) the gateway's system calls per connection from
# a further 8 s of churn under strace (slower: counts only). Needs a built tree
# (./mvnw -B -q -DskipTests package) and a JDK >= 25 for the CPU-time sampler (older JDKs fall back
# to the execution sampler, which does not see time in system calls). --tls N: then, with
# mariadb-slap (connect, SELECT 1, quit; --clients at once), 3 000 TLS connections of warm-up (C2
# compiles the handshake), N over plain TCP, N over TLS (recorded with JFR: tls.jfr, the steps of
# a login, the hottest TLS frames) and N straight to the backend over TLS, each with connections/s
# and the CPU per connection of the gateway (or of mariadbd). Figures: bench/README.md, "Login
# cost" and "TLS logins".
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=30 clients=4 keep=0 tls=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --tls) tls="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "login-profile.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
BENCH_CP="$home/bench/target/grantgate-bench.jar:$home/bench/target/lib/*"
[ -f "$home/bench/target/grantgate-bench.jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
work="$(mktemp -d /tmp/grantgate-login-profile.XXXXXX)"
gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill -TERM "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
export BENCH_PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
churn() { "$JAVA" -cp "$BENCH_CP" io.grantgate.bench.BenchCommand churn --port 23307 --user bench --clients "$clients" --seconds "$1"; }

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "starting the embedded gateway in $work ..." >&2
GRANTGATE_OPS_LISTEN=127.0.0.1:23308 \
  GRANTGATE_JAVA_OPTS="-XX:FlightRecorderOptions:stackdepth=128 ${GRANTGATE_JAVA_OPTS:-}" \
  "$home/bin/grantgate" --embedded --data-dir="$work/data" --embedded-port=23306 --listen=127.0.0.1:23307 \
  > "$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 120); do grep -q '^ready\.' "$work/gateway.log" && break; sleep 1; done
grep -q '^ready\.' "$work/gateway.log" || { tail -20 "$work/gateway.log" >&2; echo "the gateway did not start" >&2; exit 1; }
java_pid="$(pgrep -f -- "--data-dir=$work/data" | head -1)"
mariadbd_pid="$(pgrep -f -- "(mariadbd|mysqld) .*--port=23306" | head -1 || true)"
printf '%s\n' "$BENCH_PASSWORD" | "$home/bin/admin" grant bench --host 127.0.0.1 --password-stdin \
  --privileges SELECT --on '*.*' --admin-properties "$work/data/admin.properties" >&2
churn 10 > /dev/null
"$JCMD" "$java_pid" JFR.start name=login filename="$work/login.jfr" \
  'jdk.CPUTimeSample#enabled=true' 'jdk.CPUTimeSample#throttle=2ms' > /dev/null
g0=$(cpu_ticks "$java_pid"); m0=$([ -n "$mariadbd_pid" ] && cpu_ticks "$mariadbd_pid" || echo 0)
result="$(churn "$seconds" | grep '^RESULT')"
g1=$(cpu_ticks "$java_pid"); m1=$([ -n "$mariadbd_pid" ] && cpu_ticks "$mariadbd_pid" || echo 0)
"$JCMD" "$java_pid" JFR.stop name=login > /dev/null
ticks=$(getconf CLK_TCK)
connections="$(sed 's/.* connections=\([0-9]*\).*/\1/' <<< "$result")"
echo "$result"
gateway_cpu="$(awk -v a="$g0" -v b="$g1" -v t="$ticks" 'BEGIN {printf "%.3f", (b - a) / t}')"
echo "gateway CPU per connection: $(awk -v c="$gateway_cpu" -v n="$connections" 'BEGIN {printf "%.0f", c * 1e6 / n}') us;" \
  "mariadbd: $(awk -v a="$m0" -v b="$m1" -v t="$ticks" -v n="$connections" 'BEGIN {printf "%.0f", (b - a) / t * 1e6 / n}') us"
"$JAVA" -cp "$BENCH_CP" io.grantgate.bench.BenchCommand login-steps "$work/login.jfr" \
  --connections "$connections" --cpu-seconds "$gateway_cpu"
if command -v strace > /dev/null; then
  strace -f -c -p "$java_pid" -o "$work/strace.txt" 2>/dev/null &
  strace_pid=$!
  sleep 1
  counted="$(churn 8 | sed -n 's/^RESULT connections=\([0-9]*\).*/\1/p')"
  kill -INT "$strace_pid" 2>/dev/null; wait "$strace_pid" 2>/dev/null || true
  echo "system calls per connection (under strace, $counted connections):"
  awk -v n="$counted" '$4 ~ /^[0-9]+$/ && $NF != "total" {printf "  %-16s %6.2f\n", $NF, $4 / n}' "$work/strace.txt" \
    | sort -k2 -rn | head -12
fi
if [ "$tls" -gt 0 ] && command -v mariadb-slap > /dev/null; then
  # each of --clients connects, runs SELECT 1 and disconnects (--detach=1) until N queries ran;
  # slap LABEL PORT PID COUNT [mariadb-slap options]: connections/s and PID's CPU per connection
  slap() {
    local label="$1" port="$2" pid="$3" n="$4" t0 t1 start end
    shift 4
    t0=$(cpu_ticks "$pid"); start=$(date +%s.%N)
    mariadb-slap --host=127.0.0.1 --port="$port" --concurrency="$clients" --number-of-queries="$n" --detach=1 \
      --query='SELECT 1' --create-schema=information_schema --no-drop "$@" > /dev/null 2> "$work/slap.err" \
      || { echo "mariadb-slap $label failed: $(tail -1 "$work/slap.err")"; return 0; }
    end=$(date +%s.%N); t1=$(cpu_ticks "$pid")
    awk -v a="$t0" -v b="$t1" -v t="$ticks" -v n="$n" -v s="$start" -v e="$end" -v k="$label" \
      'BEGIN {printf "mariadb-slap %-26s %6.0f connections/s, CPU %5.0f us per connection\n", k, n / (e - s), (b - a) / t * 1e6 / n}'
  }
  gateway=(--user=bench --password="$BENCH_PASSWORD")
  # --ssl-ca: the gateway's own certificate. Without it libmariadb loads the system's CA bundle
  # (/etc/ssl/certs) for every connection, about 30 ms of the client's CPU each, and mariadb-slap
  # itself becomes the bottleneck
  tls_ca=(--ssl --ssl-ca="$work/data/tls/server-cert.pem" --skip-ssl-verify-server-cert)
  # the backend too: with the check of its certificate skipped, any CA file spares the bundle
  slap "gateway TLS (warm-up)" 23307 "$java_pid" 3000 "${gateway[@]}" "${tls_ca[@]}" > /dev/null
  slap "gateway plain" 23307 "$java_pid" "$tls" "${gateway[@]}" --skip-ssl
  "$JCMD" "$java_pid" JFR.start name=tls filename="$work/tls.jfr" \
    'jdk.CPUTimeSample#enabled=true' 'jdk.CPUTimeSample#throttle=1ms' > /dev/null
  g0=$(cpu_ticks "$java_pid")
  slap "gateway TLS" 23307 "$java_pid" "$tls" "${gateway[@]}" "${tls_ca[@]}"
  g1=$(cpu_ticks "$java_pid")
  "$JCMD" "$java_pid" JFR.stop name=tls > /dev/null
  "$JAVA" -cp "$BENCH_CP" io.grantgate.bench.BenchCommand login-steps "$work/tls.jfr" --tls-frames 25 \
    --connections "$tls" --cpu-seconds "$(awk -v a="$g0" -v b="$g1" -v t="$ticks" 'BEGIN {printf "%.3f", (b - a) / t}')"
  if [ -n "$mariadbd_pid" ]; then
    # MariaDB 11.4 has TLS on with a certificate of its own; its admin login from admin.properties
    admin_user="$(sed -n 's/^catalog\.user=//p' "$work/data/admin.properties")"
    admin_password="$(sed -n 's/^catalog\.password=//p' "$work/data/admin.properties")"
    direct=(--user="$admin_user" --password="$admin_password")
    # its certificate, fetched, as the CA file: libmariadb checks the chain of a CA it is given
    openssl s_client -starttls mysql -connect 127.0.0.1:23306 < /dev/null 2> /dev/null \
      | sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' > "$work/backend-cert.pem"
    backend_ca=(--ssl --ssl-ca="$work/backend-cert.pem" --skip-ssl-verify-server-cert)
    # its ECDSA P-256 certificate (EmbeddedDatabase) costs its WolfSSL ~4 ms of CPU per TLS connection;
    # the RSA 4096 one MariaDB generated for itself before cost ~75 ms (bench/README.md, "Churn over TLS")
    slap "backend plain (mariadbd)" 23306 "$mariadbd_pid" "$tls" "${direct[@]}" --skip-ssl
    slap "backend TLS (mariadbd)" 23306 "$mariadbd_pid" "$tls" "${direct[@]}" "${backend_ca[@]}"
  fi
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
