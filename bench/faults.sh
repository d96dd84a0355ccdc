#!/usr/bin/env bash
# The soak and fault tests at full size: GatewaySoakIT and GatewayFaultsIT (gateway module), which the
# build runs in short versions, run here with the sizes of the hardening issue. Each prints SOAK /
# FAULTS lines with what it measured; this script keeps those lines in bench/results/faults-<time>.txt
# and the whole Maven log (gateway log lines included: ~10 MB for the full run) in $TMPDIR.
#
#   bench/faults.sh                 # 1,000 sessions for 10 min, then the faults (about 20 min)
#   bench/faults.sh --quick         # the build's sizes (about 2 min)
#   bench/faults.sh --only soak     # or: --only faults
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK=(-Dsoak.sessions=1000 -Dsoak.seconds=600 -Dsoak.think-ms=1000 -Dsoak.sample-seconds=10)
FAULTS=(-Dfaults.sessions=1000 -Dfaults.tricklers=5000 -Dfaults.catalog-down-seconds=60)
TESTS="GatewaySoakIT,GatewayFaultsIT"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SOAK=(); FAULTS=(); shift ;;
    --only)
      [ $# -ge 2 ] || { echo "bench/faults.sh: --only needs soak or faults" >&2; exit 2; }
      case "$2" in
        soak) TESTS=GatewaySoakIT ;;
        faults) TESTS=GatewayFaultsIT ;;
        *) echo "bench/faults.sh: --only soak|faults, not $2" >&2; exit 2 ;;
      esac
      shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/faults.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk" && break
  done
fi
# 5,000 tricklers and 1,000 sessions hold two sockets each in the one test JVM
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mkdir -p bench/results
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
log="${TMPDIR:-/tmp}/grantgate-faults-$stamp.log"
summary="bench/results/faults-$stamp.txt"
echo "bench/faults.sh: $TESTS ${SOAK[*]} ${FAULTS[*]} -> $summary (Maven log: $log)" >&2
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
status=0
./mvnw -B verify -pl gateway -am -Dtest=none -Dit.test="$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true "${SOAK[@]}" "${FAULTS[@]}" >"$log" 2>&1 || status=$?
{
  echo "bench/faults.sh $stamp: $TESTS ${SOAK[*]} ${FAULTS[*]}; load average before: $load_before"
  grep -E '^(SOAK|FAULTS)|Tests run:.*in io|FAIL|^Expect' "$log" | sed -E 's/ *[0-9:.]+ (INFO|WARN|DEBUG) .*$//' || true
} | tee "$summary"
[ "$status" -eq 0 ] && echo "bench/faults.sh: passed" >&2 || echo "bench/faults.sh: FAILED (exit $status), see $log" >&2
exit "$status"
