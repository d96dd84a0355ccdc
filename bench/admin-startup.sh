#!/usr/bin/env bash
# How long bin/admin takes to answer, as a person waits for it: the median wall-clock time of 10 runs
# (RUNS) of `--help`, `user list` and `show-grants USER`, with the machine's load before and after.
#   bench/admin-startup.sh [ADMIN_PROPERTIES [USER]]
# ADMIN_PROPERTIES defaults to ./grantgate-data/admin.properties (as bin/grantgate --embedded writes
# it); USER to the first account `user list -o json` shows. The first run of each command writes its
# class-data-sharing archive (see bin/lib/launcher.sh) and is not counted. GRANTGATE_CDS=0 measures
# without one. Figures: bench/README.md, "Admin start-up".
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
properties="${1:-grantgate-data/admin.properties}"
runs="${RUNS:-10}"
admin="$home/bin/admin"
user="${2:-$("$admin" user list -o json --admin-properties "$properties" | sed -n 's/^ *"user" : "\(.*\)",$/\1/p' | head -1)}"
[ -n "$user" ] || { echo "no account to show the grants of: give USER" >&2; exit 1; }

median_ms() {
  local times=() start end i
  "$@" >/dev/null 2>&1 # the archive, and a warm page cache
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %s ms\n' "--help" "$(median_ms "$admin" --help)"
printf '%-22s %s ms\n' "user list" "$(median_ms "$admin" user list --admin-properties "$properties")"
printf '%-22s %s ms\n' "show-grants $user" "$(median_ms "$admin" show-grants "$user" --admin-properties "$properties")"
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)   (median of $runs runs each)"
