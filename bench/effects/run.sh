#!/usr/bin/env bash
# Effect-handler benchmarks: run each bench/effects_*.ml alternately on
# stock ocamlrun and on the runtime under test, N times each, and print a
# markdown table of medians: wall time and peak RSS (bench/peakrss.c, as
# bench/run.sh does), plus user+system CPU time, which is far less
# sensitive than wall time to other load on a shared machine.
#
#   bench/effects/run.sh [--runs N] [--runtime PATH] [--filter REGEX]
#                        [--out FILE] [--insns]
#
# Defaults: 5 runs, build/mcrun, every bench/effects_*.ml, table on stdout
# (--out FILE writes it to FILE as well).  --insns adds one run of each
# program per runtime under `valgrind --tool=cachegrind --cache-sim=no`
# and reports instruction counts (deterministic; slow: ~30-60x).
# Programs are compiled with the reference ocamlc into build/bench-effects/;
# the outputs of the two runtimes are compared.  The runtime under test is
# copied first, so that a rebuild during the run does not change it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench=$(cd "$here/.." && pwd)
root=$(cd "$bench/.." && pwd)

runs=5
runtime=$root/build/mcrun
filter=
out=
insns=0
cmdline="bench/effects/run.sh $*"

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "bench-effects: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --runtime) runtime=${2:?}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --filter) filter=${2:?}; shift 2 ;;
    --filter=*) filter=${1#*=}; shift ;;
    --out) out=${2:?}; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --insns) insns=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "bench-effects: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a positive integer" ;; esac

ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
ocamlc=$ref/install/bin/ocamlc
stock=$ref/install/bin/ocamlrun
[ -x "$ocamlc" ] && [ -x "$stock" ] || die "reference OCaml 5.3.0 not found in $ref"
case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -x "$runtime" ] || die "runtime '$runtime' not found (build it with 'make', or pass --runtime PATH)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed for CPU times"
if [ "$insns" -eq 1 ]; then command -v valgrind >/dev/null || die "--insns needs valgrind"; fi

bdir=$root/build/bench-effects
mkdir -p "$bdir"
peakrss=$bdir/peakrss
if [ ! -x "$peakrss" ] || [ "$bench/peakrss.c" -nt "$peakrss" ]; then
  "${CC:-cc}" -O2 -Wall -Wextra -o "$peakrss" "$bench/peakrss.c"
fi
rt=$bdir/mcrun-under-test
cp "$runtime" "$rt.tmp" && mv "$rt.tmp" "$rt"

progs=()
for f in "$bench"/effects_*.ml; do
  [ -e "$f" ] || continue
  n=$(basename "$f" .ml)
  if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
  progs+=("$n")
done
[ ${#progs[@]} -gt 0 ] || die "no benchmark matches '$filter'"

for n in "${progs[@]}"; do
  rm -rf "$bdir/compile"; mkdir -p "$bdir/compile"
  cp "$bench/$n.ml" "$bdir/compile/"
  (cd "$bdir/compile" && "$ocamlc" -o "$n.byte" "$n.ml") || die "cannot compile bench/$n.ml"
  mv "$bdir/compile/$n.byte" "$bdir/$n.byte"
  rm -rf "$bdir/compile"
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run_once RUNTIME PROG TAG: appends "wall rss status cpu" to PROG.TAG.times
run_once() {
  local r=$1 n=$2 tag=$3
  local rep=$bdir/$n.$tag.report tim=$bdir/$n.$tag.cpu
  (cd "$bdir" && /usr/bin/time -f '%U %S' -o "$tim" "$peakrss" "$rep" "$r" "./$n.byte") \
    >"$bdir/$n.$tag.out" 2>"$bdir/$n.$tag.err" </dev/null || true
  local cpu
  cpu=$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%.3f", $1 + $2 }' "$tim" 2>/dev/null | tail -n1)
  if [ -s "$rep" ]; then echo "$(cat "$rep") ${cpu:-nan}" >>"$bdir/$n.$tag.times"
  else echo "nan 0 125 nan" >>"$bdir/$n.$tag.times"; fi
  rm -f "$rep" "$tim"
}

# Instruction count of one run under cachegrind (no cache simulation).
count_insns() {
  local r=$1 n=$2 tag=$3
  local cg=$bdir/$n.$tag.cg
  (cd "$bdir" && valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$cg" "$r" "./$n.byte") \
    >/dev/null 2>"$bdir/$n.$tag.vg" </dev/null || true
  awk '/^summary:/ { print $2 }' "$cg" 2>/dev/null
  rm -f "$cg"
}

hdr="| program | stock wall (s) | mcrun wall (s) | wall ratio | stock CPU (s) | mcrun CPU (s) | CPU ratio stock/mcrun | stock peak RSS (MiB) | mcrun peak RSS (MiB) | RSS ratio mcrun/stock |"
sep="|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
rows=()
irows=()
for n in "${progs[@]}"; do
  rm -f "$bdir/$n".*.times
  for i in $(seq 1 "$runs"); do
    run_once "$stock" "$n" stock
    run_once "$rt" "$n" test
  done
  col() { median < <(awk -v c="$1" '{ print $c }' "$bdir/$n.$2.times"); }
  sw=$(col 1 stock); tw=$(col 1 test); sr=$(col 2 stock); tr=$(col 2 test); sc=$(col 4 stock); tc=$(col 4 test)
  note=
  if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$bdir/$n.test.times"; then
    note="mcrun exit status $(awk '$3 != 0 { print $3; exit }' "$bdir/$n.test.times")"
  elif ! cmp -s "$bdir/$n.stock.out" "$bdir/$n.test.out"; then
    note="output differs from stock"
  fi
  line=$(awk -v n="$n" -v sw="$sw" -v tw="$tw" -v sr="$sr" -v tr="$tr" -v sc="$sc" -v tc="$tc" -v note="$note" 'BEGIN {
    if (note != "") { printf "| %s | %.3f | %.3f | - (%s) | %.3f | %.3f | - | %.1f | %.1f | - |", n, sw, tw, note, sc, tc, sr / 1024, tr / 1024; exit }
    printf "| %s | %.3f | %.3f | %.2f | %.3f | %.3f | **%.2f** | %.1f | %.1f | %.3f |", n, sw, tw, sw / tw, sc, tc, sc / tc, sr / 1024, tr / 1024, tr / sr }')
  rows+=("$line")
  echo "$line" >&2
  if [ "$insns" -eq 1 ]; then
    si=$(count_insns "$stock" "$n" stock); ti=$(count_insns "$rt" "$n" test)
    iline=$(awk -v n="$n" -v si="$si" -v ti="$ti" 'BEGIN {
      if (si == "" || ti == "") { printf "| %s | ? | ? | - |", n; exit }
      printf "| %s | %.0f | %.0f | **%.2f** |", n, si, ti, si / ti }')
    irows+=("$iline")
    echo "$iline" >&2
  fi
done

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- src 2>/dev/null | head -n1)
report() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit${dirty:+ (with uncommitted changes in src/)}"
  echo "- machine: $(uname -srm), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $runs runs per runtime, alternating; medians; reproduce: \`$cmdline\`"
  echo
  echo "$hdr"
  echo "$sep"
  printf '%s\n' "${rows[@]}"
  if [ "$insns" -eq 1 ]; then
    echo
    echo "| program | stock instructions | mcrun instructions | ratio stock/mcrun |"
    echo "|---|---:|---:|---:|"
    printf '%s\n' "${irows[@]}"
  fi
}
if [ -n "$out" ]; then mkdir -p "$(dirname "$out")"; report | tee "$out"; else report; fi
