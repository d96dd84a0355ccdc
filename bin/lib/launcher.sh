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

# The first bytes of the files the JVM writes for us, little-endian (HotSpot's magic numbers): what
# tells a whole file from a damaged, half-written or foreign one. A dynamic class-data-sharing
# archive (CDS_DYNAMIC_ARCHIVE_MAGIC 0xf00baba8), an AOT cache (a static archive, CDS_ARCHIVE_MAGIC
# 0xf00baba2) and the AOT configuration a recording run leaves (CDS_PREIMAGE_ARCHIVE_MAGIC 0xcafea07c).
CDS_MAGIC=$'\xa8\xab\x0b\xf0'
AOT_MAGIC=$'\xa2\xab\x0b\xf0'
AOT_CONFIG_MAGIC=$'\x7c\xa0\xfe\xca'

# The JVM's own messages about archives and caches, off: the command's stdout is parsed by scripts
# (`-o json`), and a cache that does not fit (a new build) only means a slower start. A java < 24
# knows no `aot` log tag (and would refuse to start on it).
CDS_LOG_OFF=(-Xlog:cds=off -Xlog:cds+dynamic=off)
AOT_LOG_OFF=(-Xlog:aot*=off -Xlog:cds*=off)

# Sets CDS_OPTS for the class cache of command kind $1, for the class path of the jars given after
# it: the JVM maps the classes a command of that kind loaded before from the cache instead of
# reading and verifying them from the jars again. On a java >= 25 the cache is an AOT cache (JEP 483,
# 514, 515: the classes loaded and linked, and method profiles), on 21-24 a dynamic class-data-sharing
# archive; GRANTGATE_CDS=dynamic takes the archive on any java (tests check that path with it),
# GRANTGATE_CDS=0 takes neither. It lives in the user's cache (GRANTGATE_CACHE_DIR, else
# $XDG_CACHE_HOME/grantgate, else ~/.cache/grantgate), one file per installation, java and kind,
# never in the installation. When there is none, or it is older than the java or a jar (a new build,
# a JDK upgrade), or not a cache at all, this run writes a new one (CACHE_FILE, CACHE_KIND: see
# run_java). A cache directory that cannot be written runs without one.
cds_options() {
  CDS_OPTS=()
  CACHE_FILE=""
  CACHE_KIND=""
  local kind="$1"
  shift
  local mode="${GRANTGATE_CDS:-1}"
  [ "$mode" = "0" ] && return 0
  local cache="${GRANTGATE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/grantgate}"
  { [ -d "$cache" ] || mkdir -p "$cache"; } 2>/dev/null && [ -w "$cache" ] || return 0
  # which installation and which java, hashed in the shell: a process per command costs time too
  local text="$GRANTGATE_HOME:$JAVA" hash=5381 i c
  for ((i = 0; i < ${#text}; i++)); do
    printf -v c '%d' "'${text:i:1}"
    hash=$(((hash * 33 + c) & 0xFFFFFFFF))
  done
  if [ "$mode" != "dynamic" ] && [ "${JAVA_MAJOR:-0}" -ge 25 ]; then
    local file="$cache/$kind-$hash.aot"
    if cache_fresh "$file" "$AOT_MAGIC" "$@"; then
      CDS_OPTS=(-XX:AOTCache="$file" "${AOT_LOG_OFF[@]}")
    else
      # The recording JVM says "AOTConfiguration recorded" on its tty (stdout) whatever -Xlog says;
      # its tty is muted for this one run. (JDK 25's one-step -XX:AOTCacheOutput cannot be kept
      # quiet: it also starts a child JVM that prints "Picked up JAVA_TOOL_OPTIONS" on stderr.)
      CACHE_FILE="$file"
      CACHE_KIND=aot
      CDS_OPTS=(-XX:AOTMode=record -XX:AOTConfiguration="$file.$$.conf" "${AOT_LOG_OFF[@]}"
        -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput)
    fi
    return 0
  fi
  local file="$cache/$kind-$hash.jsa"
  if cache_fresh "$file" "$CDS_MAGIC" "$@"; then
    CDS_OPTS=(-XX:SharedArchiveFile="$file" "${CDS_LOG_OFF[@]}")
  else
    CACHE_FILE="$file"
    CACHE_KIND=dynamic
    CDS_OPTS=(-XX:ArchiveClassesAtExit="$file.$$.tmp" "${CDS_LOG_OFF[@]}")
  fi
}

# Whether $1 is a file starting with the magic $2 and newer than the java and every jar after them.
cache_fresh() {
  local file="$1" expected="$2" magic="" jar
  shift 2
  [ -f "$file" ] || return 1
  LC_ALL=C read -r -N 4 magic < "$file" 2>/dev/null
  [ "$magic" = "$expected" ] || return 1
  [ "$JAVA" -nt "$file" ] && return 1
  for jar in "$@"; do
    [ "$jar" -nt "$file" ] && return 1
  done
  return 0
}

# Runs the command given (java, its options, -cp CLASSPATH, the main class and its arguments).
# Usually exec'd; a run that writes a cache is waited for instead, and its cache is moved into place
# only if the command succeeded and the file is whole: the JVM writes into a file of this run's
# own, so that a run starting meanwhile never maps a half-written cache, and a failed command (a
# typo) leaves none that lacks the classes real commands use. An AOT cache takes a second JVM once
# the command is done (see aot_create): the command's output and exit code are those of any run.
# (Ctrl-C reaches the JVM as ever; a SIGTERM sent to this script alone waits for the JVM to end.)
run_java() {
  if [ -z "${CACHE_FILE:-}" ]; then
    exec "$@"
  fi
  local status=0 tmp="$CACHE_FILE.$$.tmp" magic="$CDS_MAGIC"
  "$@" || status=$?
  if [ "$CACHE_KIND" = "aot" ]; then
    magic="$AOT_MAGIC"
    [ "$status" -eq 0 ] && aot_create "$CACHE_FILE.$$.conf" "$tmp" "$@"
    rm -f "$CACHE_FILE.$$.conf"
  fi
  if [ "$status" -eq 0 ] && starts_with "$tmp" "$magic"; then
    mv -f "$tmp" "$CACHE_FILE" 2>/dev/null || rm -f "$tmp"
  else
    rm -f "$tmp"
  fi
  exit "$status"
}

# Writes the AOT cache $2 from the configuration $1 that the recording run of the command after
# them left, if it is whole: the same java, options and class path (the cache is only used by a JVM
# whose class path and options match), -XX:AOTMode=create in place of record, no main class. It
# says what it does on stdout whatever -Xlog says: its output goes nowhere.
aot_create() {
  local config="$1" cache="$2" arg
  shift 2
  starts_with "$config" "$AOT_CONFIG_MAGIC" || return 0
  local create=("$1")
  shift
  while [ $# -gt 0 ]; do
    arg="$1"
    shift
    case "$arg" in
      -XX:AOTMode=* | -XX:AOTConfiguration=*) ;;
      -cp | -classpath | --class-path)
        create+=("$arg" "$1")
        shift
        ;;
      -*) create+=("$arg") ;;
      *) break ;; # the main class: the rest are the command's arguments
    esac
  done
  "${create[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$config" -XX:AOTCache="$cache" >/dev/null 2>&1 || true
}

# Whether $1 is a non-empty file starting with the magic $2.
starts_with() {
  local magic=""
  [ -s "$1" ] || return 1
  LC_ALL=C read -r -N 4 magic < "$1" 2>/dev/null
  [ "$magic" = "$2" ]
}

# Fails with the build command when $1 (a jar) is missing.
require_built() {
  if [ ! -f "$1" ]; then
    echo "$(basename "$1") is not built yet. Build it first, from $GRANTGATE_HOME:" >&2
    echo "  ./mvnw -B -DskipTests package" >&2
    exit 1
  fi
}
