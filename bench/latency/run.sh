#!/usr/bin/env bash
# Latency benchmark (issue 5, and issue 4 at 2 domains): run
# bench/latency/latency_hashtbl.ml (every operation on a large churning
# Hashtbl timed with Unix.gettimeofday) at 1 and 2 domains, alternately on
# stock ocamlrun and on the runtime under test, and write
# docs/perf/latency.md with, per runtime and domain count, the median over
# the runs of p50 / p99 / p99.9 / max latency and the worst run's figures.
#
#   bench/latency/run.sh [--runs N] [--runtime PATH] [--domains "1 2"]
#                        [--live K] [--steps S] [--out FILE]
#
# Defaults: 5 runs, build/mcrun, domains "1 2", 1000000 live entries and
# 1000000 churn steps per domain, docs/perf/latency.md.  The program is
# compiled with the reference ocamlc (with unix) into build/bench-latency/.
# Every run holds /tmp/mcrun-bench.lock, waits (a little) for a quiet
# machine and records its wall and CPU time and the cores other processes
# used meanwhile (bench/timing.sh).  Text after the line
# "<!-- analysis: kept by bench/latency/run.sh -->" in the output file is
# kept when the file is rewritten.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../timing.sh
. "$root/bench/timing.sh"

runs=5
runtime=$root/build/mcrun
domains="1 2"
live=1000000
steps=1000000
out=$root/docs/perf/latency.md
tmo=600
cmdline="bench/latency/run.sh${*:+ $*}"

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "bench-latency: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --runtime) runtime=${2:?}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --domains) domains=${2:?}; shift 2 ;;
    --live) live=${2:?}; shift 2 ;;
    --steps) steps=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench-latency: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
for v in "$runs" "$live" "$steps"; do case $v in ''|*[!0-9]*|0) die "--runs, --live and --steps want positive integers" ;; esac; done
for k in $domains; do case $k in ''|*[!0-9]*|0) die "--domains wants positive integers" ;; esac; done

case $out in /*) ;; *) out=$PWD/$out ;; esac
# shellcheck source=../common.sh
. "$root/bench/common.sh"
bdir=$root/build/bench-latency
bench_reference
bench_prepare

n=latency_hashtbl
bench_compile "$here/$n.ml" -I +unix unix.cma

# From here on, the working directory is the build directory.
cd "$bdir"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
t_start=$(date +%s)

# run_once RUNTIME DOMAINS TAG I: appends "p50 p99 p99.9 max wall cpu
# others status" to D.TAG.lat; keeps the first run's check line.
run_once() {
  local rt=$1 k=$2 tag=$3 i=$4
  local base=$bdir/$k.$tag st=0
  bench_timed "$base.report" "$peakrss" timeout -k 5 "$tmo" "$rt" "./$n.byte" \
     -domains "$k" -live "$live" -steps "$steps" >"$base.out" 2>"$base.err" </dev/null || st=$?
  local all wall=$tmo cpu=$tmo others=0
  all=$(grep '^all:' "$base.out" || true)
  if [ -s "$base.report" ]; then read -r wall _ st cpu others <"$base.report"; fi
  if [ -n "$all" ] && [ "$st" -eq 0 ]; then
    sed 's/.*p50=\([0-9]*\) p99=\([0-9]*\) p99.9=\([0-9]*\) max=\([0-9]*\).*/\1 \2 \3 \4/' <<<"$all" |
      awk -v w="$wall" -v c="$cpu" -v o="$others" -v s="$st" '{ print $0, w, c, o, s }' >>"$base.lat"
  else
    echo "nan nan nan nan $wall $cpu $others ${st:-1}" >>"$base.lat"
  fi
  grep '^check:' "$base.out" >"$base.check.$i" || true
  printf '%s domains=%s run %s: %s (wall %s s, cpu %s s, others %s cores)\n' "$tag" "$k" "$i" "${all:-failed}" "$wall" "$cpu" "$others" >&2
}

declare -A note
for k in $domains; do
  rm -f "$bdir/$k".*.lat "$bdir/$k".*.check.*
  for i in $(seq 1 "$runs"); do
    run_once "$stock" "$k" stock "$i"
    run_once "$runtime" "$k" test "$i"
  done
  note[$k]=""
  if awk '$8 != 0 { bad = 1 } END { exit !bad }' "$bdir/$k.test.lat"; then note[$k]="mcrun failed"
  elif awk '$8 != 0 { bad = 1 } END { exit !bad }' "$bdir/$k.stock.lat"; then note[$k]="stock failed"
  elif ! cat "$bdir/$k".*.check.* | sort -u | awk 'END { exit NR != 1 }'; then note[$k]="check lines differ"
  fi
done

col() { awk -v c="$2" '{ print $c }' "$1"; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- src 2>/dev/null | grep -q . && echo " (with uncommitted changes in src/)" || true)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
elapsed=$(( $(date +%s) - t_start ))
mkdir -p "$(dirname "$out")"
marker='<!-- analysis: kept by bench/latency/run.sh -->'
kept=
if [ -f "$out" ] && grep -qxF "$marker" "$out"; then kept=$(awk -v m="$marker" 'f || $0 == m { f = 1; print }' "$out"); fi
{
  echo "# Latency: mcrun against stock ocamlrun (issue 5; issue 4 at 2 domains)"
  echo
  echo "\`bench/latency/latency_hashtbl.ml\`: each domain owns a Hashtbl of $live int keys to fresh"
  echo "strings and does $steps churn steps (insert a new key, find a random live key, remove the"
  echo "oldest), each operation timed with \`Unix.gettimeofday\` (1 us resolution); the program"
  echo "prints percentiles over all domains' operations. For each domain count, stock and mcrun run"
  echo "$runs time(s) each, alternately. Latencies in microseconds: the median over the runs of"
  echo "each figure, and the worst run's figure. Times are medians; \"others\" is the median number"
  echo "of cores used by other processes during the runs (the machine is shared: a run that"
  echo "loses its CPU to another process sees that as latency)."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), $elapsed s"
  echo "- commit: $commit$dirty"
  echo "- machine: $(uname -srm), $cpu, $(nproc) cores, $mem; load average at the start: $load_start, at the end: $load"
  echo "- stock: OCaml $("$stock" -version 2>/dev/null | sed 's/.*version //') \`ocamlrun\`; mcrun: \`$runtime_shown\` (copied at the start of the run)"
  echo "- reproduce: \`$cmdline\` (each run holds \`/tmp/mcrun-bench.lock\`)"
  echo
  echo "| domains | runtime | p50 | p99 | p99.9 | max | worst p99.9 | worst max | wall (s) | CPU (s) | others (cores) | note |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for k in $domains; do
    for tag in stock test; do
      f=$bdir/$k.$tag.lat
      name=stock; [ "$tag" = test ] && name=mcrun
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s | %s |\n' "$k" "$name" \
        "$(col "$f" 1 | bench_median)" "$(col "$f" 2 | bench_median)" "$(col "$f" 3 | bench_median)" "$(col "$f" 4 | bench_median)" \
        "$(col "$f" 3 | bench_max)" "$(col "$f" 4 | bench_max)" \
        "$(col "$f" 5 | bench_median)" "$(col "$f" 6 | bench_median)" "$(col "$f" 7 | bench_median)" "${note[$k]}"
    done
  done
  echo
  echo "## Targets"
  echo
  echo "| domains | measure | stock | mcrun | target | verdict |"
  echo "|---:|---|---:|---:|---|---|"
  for k in $domains; do
    for m in "3 p99.9" "4 max"; do
      set -- $m
      s=$(col "$bdir/$k.stock.lat" "$1" | bench_median); t=$(col "$bdir/$k.test.lat" "$1" | bench_median)
      v=$(awk -v s="$s" -v t="$t" 'BEGIN { print (t + 0 <= s + 0) ? "met" : "**missed**" }')
      echo "| $k | median $2 (us) | $s | $t | mcrun <= stock | $v |"
    done
  done
  echo
  echo "Per run (\`p50 p99 p99.9 max wall cpu others status\`):"
  echo
  echo '```'
  for k in $domains; do
    for tag in stock test; do
      name=stock; [ "$tag" = test ] && name=mcrun
      awk -v k="$k" -v n="$name" '{ printf "domains=%s %-5s %s\n", k, n, $0 }' "$bdir/$k.$tag.lat"
    done
  done
  echo '```'
  if [ -n "$kept" ]; then echo; printf '%s\n' "$kept"; fi
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "bench-latency: wrote ${out#"$root"/}" >&2
