#!/usr/bin/env bash
# Runs GrantGate's JMH micro-benchmarks (bench module) with short defaults. `bench/jmh.sh --help`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/launcher.sh"

usage() {
  cat <<'USAGE'
Usage: bench/jmh.sh [JMH options] [benchmark regex ...]

Runs the JMH micro-benchmarks of the hot codec paths from the bench module:
  PacketReaderBenchmark   packet header decode vs lengthAt; PacketReader frame and packet reads
  FrameRelayBenchmark     FrameRelay + ResponseTracker relaying a result set of N rows
  AuthBenchmark           greeting scramble, mysql_native_password and caching_sha2_password checks
  LoginExchangeBenchmark  a login's steps without a socket: greeting, handshake response, host match, fast auth
  AuditRecordBenchmark    the audit writer's JSON and chained MAC for one statement record
  StatementAuditBenchmark the statement audit's cost on a relay thread per COM_STMT_EXECUTE

Defaults are short (about 2 minutes for everything): JMH_OPTS="-f 1 -wi 3 -w 1s -i 5 -r 1s".
Set JMH_OPTS to change them; any other JMH option can follow on the command line, e.g.
  bench/jmh.sh FrameRelay                 # one benchmark class
  bench/jmh.sh -prof gc FrameRelay        # with allocation per operation (gc.alloc.rate.norm)
  bench/jmh.sh -l                         # list the benchmarks
  JMH_OPTS="-f 2 -wi 5 -i 10" bench/jmh.sh Auth
Build first: ./mvnw -B -q -DskipTests package
USAGE
}

for arg in "$@"; do
  case "$arg" in
    -h|--help) usage; exit 0 ;;
  esac
done

find_java
target="$GRANTGATE_HOME/bench/target"
require_built "$target/grantgate-bench.jar"
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
exec "$JAVA" -cp "$target/grantgate-bench.jar:$target/lib/*" org.openjdk.jmh.Main ${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s} "$@"
