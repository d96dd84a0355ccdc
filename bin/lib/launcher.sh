# Shared by bin/grantgate and bin/admin: find a JDK >= 21 and check the jars are built.
# Sourced, not run.

GRANTGATE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Prints the major version of the java binary $1 (8 for 1.8, 17, 21, ...).
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  v="${v#1.}"
  echo "${v%%.*}"
}

# Sets JAVA to a java >= 21: $JAVA_HOME first, then the one on PATH, then any JDK under
# /usr/lib/jvm (Debian keeps several side by side; the default may be older than the one we need).
find_java() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      JAVA="$candidate"
      return 0
    fi
  done
  echo "GrantGate needs Java 21 or newer, and found none (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH: $(command -v java || echo none))." >&2
  echo "Install a JDK >= 21 (e.g. apt-get install openjdk-21-jdk-headless, or Temurin) and set JAVA_HOME to it." >&2
  exit 1
}

# Fails with the build command when $1 (a jar) is missing.
require_built() {
  if [ ! -f "$1" ]; then
    echo "$(basename "$1") is not built yet. Build it first, from $GRANTGATE_HOME:" >&2
    echo "  ./mvnw -B -DskipTests package" >&2
    exit 1
  fi
}
