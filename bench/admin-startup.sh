#!/usr/bin/env bash
# How long bin/admin takes to answer, as a person waits for it: the median wall-clock time of 10 runs
# (RUNS) of `--help`, `user list` and `show-grants USER`, the median CPU time (user + sys, steadier
# on a loaded machine), and the wall time of the first run, which writes the class cache (an AOT
# cache on a java >= 25, else a class-data-sharing archive: see bin/lib/launcher.sh) and is not
# counted in the medians; with the machine's load before and after.
#   bench/admin-startup.sh [ADMIN_PROPERTIES [USER]]
# ADMIN_PROPERTIES defaults to ./grantgate-data/admin.properties (as bin/grantgate --embedded writes
# it); USER to the first account `user list -o json` shows. The caches are written into a fresh
# directory of their own (GRANTGATE_CACHE_DIR is set for the run). GRANTGATE_CDS=0 measures without
# a cache, GRANTGATE_CDS=dynamic with the archive of Java 21-24. Figures: bench/README.md, "Admin
# start-up".
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
properties="${1:-grantgate-data/admin.properties}"
runs="${RUNS:-10}"
admin="$home/bin/admin"
export GRANTGATE_CACHE_DIR="$(mktemp -d)"
trap 'rm -rf "$GRANTGATE_CACHE_DIR"' EXIT

user="${2:-$("$admin" user list -o json --admin-properties "$properties" | sed -n 's/^ *"user" : "\(.*\)",$/\1/p' | head -1)}"
[ -n "$user" ] || { echo "no account to show the grants of: give USER" >&2; exit 1; }

median() {
  sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

# "wall W ms, CPU C ms (first run F ms)": medians of RUNS runs of the command given, after a first
# one that writes its cache (and warms the page cache). CPU is of the command's processes, from
# bash's `time` (children's user + sys).
measure() {
  local walls=() cpus=() first i line TIMEFORMAT='%3R %3U %3S'
  first="$({ time "$@" >/dev/null 2>&1; } 2>&1)"
  for ((i = 0; i < runs; i++)); do
    line="$({ time "$@" >/dev/null 2>&1; } 2>&1)"
    walls+=("$(awk '{printf "%d", $1 * 1000}' <<<"$line")")
    cpus+=("$(awk '{printf "%d", ($2 + $3) * 1000}' <<<"$line")")
  done
  printf 'wall %5s ms, CPU %5s ms (first run %s ms)' "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)" "$(awk '{printf "%d", $1 * 1000}' <<<"$first")"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cache: GRANTGATE_CDS=${GRANTGATE_CDS:-1} (0: none, dynamic: the archive of Java 21-24, else by the java's version)"
printf '%-22s %s\n' "--help" "$(measure "$admin" --help)"
printf '%-22s %s\n' "user list" "$(measure "$admin" user list --admin-properties "$properties")"
printf '%-22s %s\n' "show-grants $user" "$(measure "$admin" show-grants "$user" --admin-properties "$properties")"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)   (median of $runs runs each)"
