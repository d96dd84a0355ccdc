#!/usr/bin/env bash
# Fuzzes one decoder with Jazzer for a given time, through Maven. `bench/fuzz.sh --help`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/launcher.sh" # GRANTGATE_HOME, find_java
ROOT="$GRANTGATE_HOME"

usage() {
  cat <<'USAGE'
Usage: bench/fuzz.sh TARGET MINUTES
       bench/fuzz.sh --list

Runs one @FuzzTest of core or the gateway with real fuzzing (JAZZER_FUZZ=1) for MINUTES (a
decimal such as 0.5 works), then prints the executions, their rate and the findings. TARGET is
Class#method as --list prints it, or the method alone where no other target has its name.

In a plain ./mvnw verify the same tests only run their committed inputs
(src/test/resources/<package>/<Class>Inputs/<method>/). Here libFuzzer mutates them:
  - inputs that reach new code go to <module>/.cifuzz-corpus/<Class>/<method>/ (not committed;
    the next run starts from them);
  - a failing input is written beside the committed ones as crash-<sha1> (timeout-<sha1> for a
    hang): fix the decoder, keep the file (rename it to say what it is), and the build runs it
    from then on.

Environment:
  FUZZ_HEAP        the test JVM's heap (default 1g): an allocation driven by a length field rather
                   than by the input's size fails as OutOfMemoryError
  FUZZ_TIMEOUT     seconds one input may take before it counts as a hang (default 10)
  MAVEN_ARGS       extra Maven arguments, e.g. -o once the dependencies are downloaded
USAGE
}

# "module Class#method" for every @FuzzTest, from the sources: no build needed to list them
list_targets() {
  local file module class
  while IFS= read -r file; do
    module="${file%%/src/*}"
    class="$(basename "$file" .java)"
    awk -v module="$module" -v class="$class" '
      /@FuzzTest/ { pending = 1; next }
      pending && match($0, /void [A-Za-z0-9_]+\(/) {
        name = substr($0, RSTART + 5, RLENGTH - 6); print module " " class "#" name; pending = 0 }
    ' "$file"
  done < <(cd "$ROOT" && find core gateway -path '*/src/test/java/*' -name '*FuzzTest.java' | sort)
}

case "${1:-}" in
  --list) list_targets; exit 0 ;;
  -h|--help|"") usage; exit 0 ;;
esac
[ $# -eq 2 ] || { usage >&2; exit 2; }
TARGET="$1"
MINUTES="$2"
[[ "$MINUTES" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "MINUTES must be a number, not '$MINUTES'" >&2; exit 2; }
SECONDS_TOTAL="$(awk -v m="$MINUTES" 'BEGIN { s = int(m * 60 + 0.5); print (s < 1 ? 1 : s) }')"

matches="$(list_targets | awk -v t="$TARGET" '$2 == t || substr($2, index($2, "#") + 1) == t')"
case "$(printf '%s' "$matches" | grep -c . || true)" in
  1) ;;
  0) echo "no fuzz target '$TARGET'; bench/fuzz.sh --list shows them" >&2; exit 2 ;;
  *) echo "'$TARGET' names several targets, give Class#method:" >&2; echo "$matches" >&2; exit 2 ;;
esac
MODULE="${matches%% *}"
TEST="${matches#* }"

find_java
JAVA_HOME="$(cd "$(dirname "$JAVA")/.." && pwd)"
export JAVA_HOME

# the gateway's tests use core's test classes (FuzzInput, FuzzSeeds): build core in the same reactor
PROJECTS="core"
[ "$MODULE" = core ] || PROJECTS="core,$MODULE"
LOG="$(mktemp -t grantgate-fuzz.XXXXXX.log)"
echo "fuzzing $TEST ($MODULE) for ${SECONDS_TOTAL} s; log: $LOG"

# jazzer.internal.arg.N are libFuzzer's command line (0 is its argv[0]), which jazzer-junit 0.30.0
# appends last: a JUnit @Timeout would time the whole fuzzing run, not one input
set +e
(cd "$ROOT" && JAZZER_FUZZ=1 ./mvnw -B ${MAVEN_ARGS:-} test -pl "$PROJECTS" \
  -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.hooks=true -Djazzer.max_duration="${SECONDS_TOTAL}s" \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout="${FUZZ_TIMEOUT:-10}" \
  -Dfuzz.jvmArgs="-Xmx${FUZZ_HEAP:-1g}" -Dspotless.check.skip=true) > "$LOG" 2>&1
status=$?
set -e

# libFuzzer's last status line ("#N DONE cov: ... exec/s: R") and its "Done N runs in S second(s)"
last="$(grep -E '^#[0-9]+' "$LOG" | tail -1 || true)"
done_line="$(grep -E '^Done [0-9]+ runs' "$LOG" | tail -1 || true)"
runs="$(printf '%s' "$done_line" | awk '{ print $2 }')"
[ -n "$runs" ] || runs="$(printf '%s' "$last" | sed -E 's/^#([0-9]+).*/\1/')"
rate="$(printf '%s' "$last" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')"
findings="$(grep -oE 'Test unit written to .*' "$LOG" | sed 's/^Test unit written to //' || true)"

echo "target:     $TEST"
echo "executions: ${runs:-unknown}${rate:+ (last rate $rate/s)}"
echo "${done_line:-no libFuzzer summary: see the log}"
if [ -n "$findings" ]; then
  echo "findings:"
  printf '  %s\n' $findings
  grep -E '^(== Java Exception|Caused by|java\.|org\.opentest4j)' "$LOG" | head -5 | sed 's/^/  /'
else
  echo "findings:   none"
fi
if [ "$status" -ne 0 ] && [ -z "$findings" ]; then
  echo "Maven failed (exit $status) without a finding; the end of the log:" >&2
  tail -30 "$LOG" >&2
fi
exit "$status"
