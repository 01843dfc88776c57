#!/usr/bin/env bash
# Benchmarks: run each bench/*.ml alternately on stock ocamlrun and on the
# runtime under test, N times each, and write docs/perf.md with the medians
# of wall time and peak RSS, followed by docs/perf/{effects,parallel,latency}.md
# when they exist (written by bench/effects/run.sh --out, bench/parallel/run.sh and
# bench/latency/run.sh).
#
#   bench/run.sh [--runs N] [--runtime PATH] [--filter REGEX] [--out FILE]
#
# Defaults: 5 runs, build/mcrun, all programs, docs/perf.md.  Programs are
# compiled with the reference ocamlc into build/bench/; the peak RSS helper
# bench/peakrss.c is built into build/bench/peakrss.  The outputs of the two
# runtimes are compared; a mismatch or a crash is reported in the table.
# Run on a quiet machine: timings of a loaded machine are noise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

runs=5
runtime=$root/build/mcrun
filter=
out=$root/docs/perf.md
tmo=300
cmdline="bench/run.sh${*:+ $*}"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "bench: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --runtime) runtime=${2:?}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --filter) filter=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a positive integer" ;; esac

# shellcheck source=common.sh
. "$here/common.sh"
bdir=$root/build/bench
bench_reference
bench_prepare

progs=()
for f in "$here"/*.ml; do
  n=$(basename "$f" .ml)
  if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
  progs+=("$n")
done
[ ${#progs[@]} -gt 0 ] || die "no benchmark matches '$filter'"

# Compile (cached by content).
for n in "${progs[@]}"; do bench_compile "$here/$n.ml"; done

# median of numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run_once RUNTIME PROG TAG I: appends "wall rss status" to $bdir/PROG.TAG.times
run_once() {
  local rt=$1 n=$2 tag=$3 i=$4
  local rep=$bdir/$n.$tag.report
  (cd "$bdir" && timeout -k 5 "$tmo" "$peakrss" "$rep" "$rt" "./$n.byte") >"$bdir/$n.$tag.out" 2>"$bdir/$n.$tag.err" </dev/null || true
  if [ -s "$rep" ]; then cat "$rep" >>"$bdir/$n.$tag.times"; else echo "$tmo 0 124 $tmo" >>"$bdir/$n.$tag.times"; fi
  rm -f "$rep"
  if [ "$i" -eq 1 ]; then cp "$bdir/$n.$tag.out" "$bdir/$n.$tag.first"; fi
}

rows=()
for n in "${progs[@]}"; do
  rm -f "$bdir/$n".*.times
  for i in $(seq 1 "$runs"); do
    run_once "$stock" "$n" stock "$i"
    run_once "$runtime" "$n" test "$i"
  done
  st=$(median < <(awk '{print $1}' "$bdir/$n.stock.times"))
  tt=$(median < <(awk '{print $1}' "$bdir/$n.test.times"))
  sr=$(median < <(awk '{print $2}' "$bdir/$n.stock.times"))
  tr=$(median < <(awk '{print $2}' "$bdir/$n.test.times"))
  sc=$(median < <(awk '{print $4}' "$bdir/$n.stock.times"))
  tc=$(median < <(awk '{print $4}' "$bdir/$n.test.times"))
  note=""
  if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$bdir/$n.test.times"; then
    note="mcrun exit status $(awk '$3 != 0 { print $3; exit }' "$bdir/$n.test.times")"
  elif ! cmp -s "$bdir/$n.stock.first" "$bdir/$n.test.first"; then
    note="output differs from stock"
  fi
  line=$(awk -v n="$n" -v st="$st" -v tt="$tt" -v sr="$sr" -v tr="$tr" -v sc="$sc" -v tc="$tc" -v note="$note" 'BEGIN {
    printf "| %s | %.3f | %.3f | %s | %.1f | %.1f | %s | %.3f | %.3f | %s |", n, st, tt,
      note != "" ? "- (" note ")" : (tt > 0 ? sprintf("%.2f", st / tt) : "-"),
      sr / 1024, tr / 1024, (sr > 0 && tr > 0 && note == "") ? sprintf("%.2f", tr / sr) : "-",
      sc, tc, (tc > 0 && note == "") ? sprintf("%.2f", sc / tc) : "-" }')
  rows+=("$line")
  echo "$line" >&2
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
mkdir -p "$(dirname "$out")"
{
  echo "# Performance: mcrun against stock ocamlrun"
  echo
  echo "Each program in \`bench/\` is run $runs time(s) on each runtime, alternately (stock, mcrun, stock, ...);"
  echo "the table shows medians of wall time and of peak resident set size (measured with"
  echo "\`wait4\` by \`bench/peakrss.c\`). Speed ratio = stock time / mcrun time (above 1: mcrun is"
  echo "faster). RSS ratio = mcrun RSS / stock RSS (below 1: mcrun uses less memory). CPU time"
  echo "(user + system, median) is shown too: on a shared, loaded machine it is a steadier"
  echo "comparison than wall time."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- commit: $commit"
  echo "- machine: $(uname -srm), $cpu, $(nproc) cores, $mem; load average at the end: $load"
  echo "- stock: OCaml $("$stock" -version 2>/dev/null | sed 's/.*version //') \`ocamlrun\`; mcrun: \`$runtime_shown\` (copied at the start of the run)"
  echo "- reproduce: \`$cmdline\`"
  echo
  echo "| program | stock time (s) | mcrun time (s) | speed ratio stock/mcrun | stock peak RSS (MiB) | mcrun peak RSS (MiB) | RSS ratio mcrun/stock | stock CPU (s) | mcrun CPU (s) | CPU ratio stock/mcrun |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  printf '%s\n' "${rows[@]}" | awk -F'|' '$5 ~ /^ [0-9]/ && $8 ~ /[0-9]/ { n++; s += log($5); r += log($8); c += log($11) }
    END { if (n) printf "| **geometric mean** (%d programs) | | | **%.2f** | | | **%.2f** | | | **%.2f** |\n", n, exp(s / n), exp(r / n), exp(c / n) }'
  echo
  echo "Programs whose output differed from stock or that failed on mcrun have no speed ratio and are left out of the geometric means."
  # The parallel and latency reports, written by their own drivers, are
  # included as they stand (their headings one level down).
  if [ "$out" = "$root/docs/perf.md" ]; then
    for part in effects:"Effect handlers" parallel:"Parallel benchmarks" latency:"Latency"; do
      f=$root/docs/perf/${part%%:*}.md
      [ -f "$f" ] || continue
      echo
      echo "## ${part#*:} (from \`docs/perf/${part%%:*}.md\`)"
      echo
      sed -e '1{/^# /d}' -e 's/^#/##/' "$f"
    done
  fi
} >"$out"
echo "bench: wrote ${out#"$root"/}" >&2
