# Shared by bin/grantgate and bin/admin: find a JDK >= 21 and check the jars are built.
# Sourced, not run.

GRANTGATE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Sets MAJOR to the major version of the java binary $1 (8 for 1.8, 17, 21, ...). A JDK's `release` file
# says it without starting a JVM (which costs as much as a quick admin command) and, for a java in
# $JAVA_HOME/bin, without a process either; a java without one is asked.
java_major() {
  local v="" line release="${1%/bin/java}/release"
  [ -r "$release" ] || release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*) v="${line#JAVA_VERSION=}"; v="${v//\"/}" ;;
      esac
    done < "$release"
  fi
  if [ -z "$v" ]; then
    v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  fi
  v="${v#1.}"
  MAJOR="${v%%[.+-]*}"
}

# Sets JAVA to a java >= 21 and JAVA_MAJOR to its major version: $JAVA_HOME first, then the one on
# PATH, then any JDK under /usr/lib/jvm (Debian keeps several side by side; the default may be older
# than the one we need).
find_java() {
  local candidate
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] && candidates+=("$candidate")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    java_major "$candidate"
    if [ -n "$MAJOR" ] && [ "$MAJOR" -ge 21 ] 2>/dev/null; then
      JAVA="$candidate"
      JAVA_MAJOR="$MAJOR"
      return 0
    fi
  done
  echo "GrantGate needs Java 21 or newer, and found none (JAVA_HOME=${JAVA_HOME:-unset}, java on PATH: $(command -v java || echo none))." >&2
  echo "Install a JDK >= 21 (e.g. apt-get install openjdk-21-jdk-headless, or Temurin) and set JAVA_HOME to it." >&2
  exit 1
}

# The first bytes of a dynamic class-data-sharing archive (HotSpot's CDS_DYNAMIC_ARCHIVE_MAGIC,
# 0xf00baba8, little-endian): what tells an archive from a damaged or foreign file.
CDS_MAGIC=$'\xa8\xab\x0b\xf0'

# Sets CDS_OPTS for an application class-data-sharing archive of command kind $1, for the class path
# of the jars given after it: the JVM maps the classes a command of that kind loaded before from the
# archive instead of reading and verifying them from the jars again. The archive lives in the
# user's cache (GRANTGATE_CACHE_DIR, else $XDG_CACHE_HOME/grantgate, else ~/.cache/grantgate), one
# file per installation, java and kind, never in the installation. When there is none, or it is
# older than the java or a jar (a new build, a JDK upgrade), or not an archive at all, this run
# writes a new one (CDS_DUMP: see run_java). GRANTGATE_CDS=0, or a cache that cannot be written,
# runs without one. The JVM's messages about archives are kept off stdout, where `-o json` goes.
cds_options() {
  CDS_OPTS=()
  CDS_DUMP=""
  local kind="$1"
  shift
  [ "${GRANTGATE_CDS:-1}" = "0" ] && return 0
  local cache="${GRANTGATE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/grantgate}"
  { [ -d "$cache" ] || mkdir -p "$cache"; } 2>/dev/null && [ -w "$cache" ] || return 0
  # which installation and which java, hashed in the shell: a process per command costs time too
  local text="$GRANTGATE_HOME:$JAVA" hash=5381 i c
  for ((i = 0; i < ${#text}; i++)); do
    printf -v c '%d' "'${text:i:1}"
    hash=$(((hash * 33 + c) & 0xFFFFFFFF))
  done
  local archive="$cache/$kind-$hash.jsa"
  if cds_fresh "$archive" "$@"; then
    CDS_OPTS=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
  else
    CDS_DUMP="$archive"
    CDS_OPTS=(-XX:ArchiveClassesAtExit="$archive.$$.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# Whether $1 is an archive (by its first bytes) newer than the java and every jar after it.
cds_fresh() {
  local archive="$1" magic="" jar
  shift
  [ -f "$archive" ] || return 1
  LC_ALL=C read -r -N 4 magic < "$archive" 2>/dev/null
  [ "$magic" = "$CDS_MAGIC" ] || return 1
  [ "$JAVA" -nt "$archive" ] && return 1
  for jar in "$@"; do
    [ "$jar" -nt "$archive" ] && return 1
  done
  return 0
}

# Runs the command given (java and its arguments). Usually exec'd; a run that writes an archive is
# waited for instead, and its archive is moved into place only if the command succeeded and the
# file is whole: the JVM writes it at exit into a file of this run's own, so that a run starting
# meanwhile never maps a half-written archive, and a failed command (a typo) leaves none that
# lacks the classes real commands use. (Ctrl-C reaches the JVM as ever; a SIGTERM sent to this
# script alone waits for the JVM to end.)
run_java() {
  if [ -z "${CDS_DUMP:-}" ]; then
    exec "$@"
  fi
  local status=0 magic=""
  "$@" || status=$?
  if [ "$status" -eq 0 ] && [ -s "$CDS_DUMP.$$.tmp" ]; then
    LC_ALL=C read -r -N 4 magic < "$CDS_DUMP.$$.tmp" 2>/dev/null
  fi
  if [ "$magic" = "$CDS_MAGIC" ]; then
    mv -f "$CDS_DUMP.$$.tmp" "$CDS_DUMP" 2>/dev/null || rm -f "$CDS_DUMP.$$.tmp"
  else
    rm -f "$CDS_DUMP.$$.tmp"
  fi
  exit "$status"
}

# Fails with the build command when $1 (a jar) is missing.
require_built() {
  if [ ! -f "$1" ]; then
    echo "$(basename "$1") is not built yet. Build it first, from $GRANTGATE_HOME:" >&2
    echo "  ./mvnw -B -DskipTests package" >&2
    exit 1
  fi
}
