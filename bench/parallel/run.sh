#!/usr/bin/env bash
# Parallel benchmarks (issue 4): run each bench/parallel/*.ml at several
# domain counts, alternately on stock ocamlrun and on the runtime under
# test, and write docs/perf/parallel.md with medians of wall time, CPU
# time and peak RSS, the 1 -> 2 domain speedups, the 8-domain / 2-domain
# time ratios (2 cores), the peak-RSS ratio with 7 idle domains, and
# mcrun's pause histogram of parallel binary trees at 2 domains.
#
#   bench/parallel/run.sh [--runs N] [--runtime PATH] [--filter REGEX]
#                         [--out FILE]
#
# Defaults: 5 runs, build/mcrun, every program, docs/perf/parallel.md.
# Each program takes the number of domains as its argument; the domain
# counts are: float_kernel and readonly_map 1 2 8, idle_domains 1 8, the
# others 1 2.  For one program, each round runs every domain count in
# turn, each on stock then on mcrun (1 stock, 1 mcrun, 2 stock, 2 mcrun,
# ..., then the next round).  Outputs of stock and mcrun are compared (first
# run of each).
# Programs are compiled with the reference ocamlc into build/bench-parallel/;
# peak RSS and times come from bench/peakrss.c (wait4).  Every run holds
# /tmp/mcrun-bench.lock, waits (a little) for a quiet machine and records
# the cores other processes used meanwhile (bench/timing.sh).  Text after
# the line "<!-- analysis: kept by bench/parallel/run.sh -->" in the
# output file is kept when the file is rewritten.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../timing.sh
. "$root/bench/timing.sh"

runs=5
runtime=$root/build/mcrun
filter=
out=$root/docs/perf/parallel.md
tmo=600
cmdline="bench/parallel/run.sh${*:+ $*}"

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "bench-parallel: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --runtime) runtime=${2:?}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --filter) filter=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "bench-parallel: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
case $runs in ''|*[!0-9]*|0) die "--runs wants a positive integer" ;; esac

case $out in /*) ;; *) out=$PWD/$out ;; esac
# shellcheck source=../common.sh
. "$root/bench/common.sh"
bdir=$root/build/bench-parallel
bench_reference
bench_prepare

counts_of() {
  case $1 in
    float_kernel|readonly_map) echo "1 2 8" ;;
    idle_domains) echo "1 8" ;;
    *) echo "1 2" ;;
  esac
}

progs=()
for f in "$here"/*.ml; do
  n=$(basename "$f" .ml)
  if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
  progs+=("$n")
done
[ ${#progs[@]} -gt 0 ] || die "no benchmark matches '$filter'"

for n in "${progs[@]}"; do bench_compile "$here/$n.ml"; done

median() { bench_median; }
# From here on, the working directory is the build directory.
cd "$bdir"
load_start=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
t_start=$(date +%s)

# run_once RUNTIME PROG N TAG I: appends "wall rss status cpu others" to
# PROG.N.TAG.times
run_once() {
  local rt=$1 n=$2 k=$3 tag=$4 i=$5
  local base=$bdir/$n.$k.$tag
  bench_timed "$base.report" "$peakrss" timeout -k 5 "$tmo" "$rt" "./$n.byte" "$k" >"$base.out" 2>"$base.err" </dev/null || true
  if [ -s "$base.report" ]; then cat "$base.report" >>"$base.times"; else echo "$tmo 0 124 $tmo 0" >>"$base.times"; fi
  rm -f "$base.report"
  if [ "$i" -eq 1 ]; then cp "$base.out" "$base.first"; fi
}

# Results: med[PROG.N.TAG.{wall,cpu,rss,others}], best[PROG.N.TAG] (the
# smallest wall time), note[PROG.N]
declare -A med best note
for n in "${progs[@]}"; do
  # Round i runs every domain count, each on stock then on mcrun: the
  # speedups and 8/2 ratios compare runs made minutes apart at most, on a
  # machine whose speed drifts by up to 20% over a quarter of an hour.
  for k in $(counts_of "$n"); do rm -f "$bdir/$n.$k".*.times; done
  for i in $(seq 1 "$runs"); do
    for k in $(counts_of "$n"); do
      run_once "$stock" "$n" "$k" stock "$i"
      run_once "$runtime" "$n" "$k" test "$i"
    done
  done
  for k in $(counts_of "$n"); do
    for tag in stock test; do
      t=$bdir/$n.$k.$tag.times
      med[$n.$k.$tag.wall]=$(awk '{print $1}' "$t" | median)
      med[$n.$k.$tag.rss]=$(awk '{print $2}' "$t" | median)
      med[$n.$k.$tag.cpu]=$(awk '{print $4}' "$t" | median)
      med[$n.$k.$tag.others]=$(awk '{print $5}' "$t" | median)
      best[$n.$k.$tag]=$(awk '{print $1}' "$t" | bench_min)
    done
    note[$n.$k]=""
    if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$bdir/$n.$k.test.times"; then
      note[$n.$k]="mcrun exit status $(awk '$3 != 0 { print $3; exit }' "$bdir/$n.$k.test.times")"
    elif awk '$3 != 0 { bad = 1 } END { exit !bad }' "$bdir/$n.$k.stock.times"; then
      note[$n.$k]="stock exit status $(awk '$3 != 0 { print $3; exit }' "$bdir/$n.$k.stock.times")"
    elif ! cmp -s "$bdir/$n.$k.stock.first" "$bdir/$n.$k.test.first"; then
      note[$n.$k]="output differs from stock"
    fi
    printf '%s N=%s: stock %s s (cpu %s, %s KiB), mcrun %s s (cpu %s, %s KiB), others %s/%s cores %s\n' "$n" "$k" \
      "${med[$n.$k.stock.wall]}" "${med[$n.$k.stock.cpu]}" "${med[$n.$k.stock.rss]}" \
      "${med[$n.$k.test.wall]}" "${med[$n.$k.test.cpu]}" "${med[$n.$k.test.rss]}" \
      "${med[$n.$k.stock.others]}" "${med[$n.$k.test.others]}" "${note[$n.$k]}" >&2
  done
done

# Pause histograms of mcrun on parallel binary trees at 2 domains (and, for
# comparison, at 1): one run per --runs, each under the lock, alternating;
# per kind, the median and the worst of the runs' p99 and max.
pauses=
if [[ " ${progs[*]} " == *" binary_trees "* ]]; then
  rm -f "$bdir"/pauses.*.all
  for i in $(seq 1 "$runs"); do
    for k in 2 1; do
      OCAMLRUNPARAM=v=0x400 bench_timed "$bdir/pauses.report" "$peakrss" timeout -k 5 "$tmo" "$runtime" ./binary_trees.byte "$k" 2>"$bdir/pauses.err" >/dev/null </dev/null || true
      others=$(awk '{ print $5 }' "$bdir/pauses.report" 2>/dev/null || true)
      grep '^pauses_us: [a-z]' "$bdir/pauses.err" | grep -v ' kind ' | sed "s/^/run$i /; s/\$/ ${others:-?}/" >>"$bdir/pauses.$k.all" || true
      if [ "$i" -eq 1 ] && [ "$k" -eq 2 ]; then pauses=$(grep '^pauses_us' "$bdir/pauses.err" || true); fi
    done
  done
fi

r2() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
mib() { awk -v a="$1" 'BEGIN { printf "%.1f", a / 1024 }'; }
# rx A B: A / B unrounded, for verdicts (a ratio shown as 1.15 may be 1.1508).
rx() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.6f", a / b; else print "-" }'; }
# shown X T: X with 2 decimals, or 3 when 2 would make it look equal to T.
shown() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "-") print "-"; else if (sprintf("%.2f", v) == sprintf("%.2f", t)) printf "%.3f", v; else printf "%.2f", v }'; }
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { if (v == "-") print "-"; else if ((dir == "ge" && v + 0 >= t) || (dir == "le" && v + 0 <= t)) print "met"; else print "**missed**" }'; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- src 2>/dev/null | grep -q . && echo " (with uncommitted changes in src/)" || true)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
elapsed=$(( $(date +%s) - t_start ))
mkdir -p "$(dirname "$out")"
# Hand-written analysis below this marker line survives a rerun.
marker='<!-- analysis: kept by bench/parallel/run.sh -->'
kept=
if [ -f "$out" ] && grep -qxF "$marker" "$out"; then kept=$(awk -v m="$marker" 'f || $0 == m { f = 1; print }' "$out"); fi
has() { [[ " ${progs[*]} " == *" $1 "* ]]; }
{
  echo "# Parallel performance: mcrun against stock ocamlrun (issue 4)"
  echo
  echo "Programs in \`bench/parallel/\` take the number of domains as their argument and do a fixed"
  echo "total amount of work (strong scaling). For each program and domain count, stock and mcrun"
  echo "run $runs time(s) each, in rounds that run every domain count of a program in turn, stock"
  echo "then mcrun (so that speedups compare runs made close together); the tables show medians of wall time, CPU time"
  echo "(user + system) and peak RSS (\`wait4\`, \`bench/peakrss.c\`), and the median number of"
  echo "cores that *other* processes used during the runs (\"others\": the machine is shared; with"
  echo "2 cores, a 2-domain run can only scale when \"others\" is near 0)."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), $elapsed s"
  echo "- commit: $commit$dirty"
  echo "- machine: $(uname -srm), $cpu, $(nproc) cores, $mem; load average at the start: $load_start, at the end: $load"
  echo "- stock: OCaml $("$stock" -version 2>/dev/null | sed 's/.*version //') \`ocamlrun\`; mcrun: \`$runtime_shown\` (copied at the start of the run)"
  echo "- reproduce: \`$cmdline\` (each run holds \`/tmp/mcrun-bench.lock\`)"
  echo
  echo "## Times"
  echo
  echo "| program | domains | stock wall (s) | mcrun wall (s) | stock CPU (s) | mcrun CPU (s) | stock RSS (MiB) | mcrun RSS (MiB) | others (cores) stock / mcrun | note |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  for n in "${progs[@]}"; do
    for k in $(counts_of "$n"); do
      printf '| %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %s | %s / %s | %s |\n' "$n" "$k" \
        "${med[$n.$k.stock.wall]}" "${med[$n.$k.test.wall]}" "${med[$n.$k.stock.cpu]}" "${med[$n.$k.test.cpu]}" \
        "$(mib "${med[$n.$k.stock.rss]}")" "$(mib "${med[$n.$k.test.rss]}")" \
        "${med[$n.$k.stock.others]}" "${med[$n.$k.test.others]}" "${note[$n.$k]}"
    done
  done
  echo
  echo "## Targets (issue 4)"
  echo
  echo "Ratios of medians; \"best\" is the same ratio of the fastest run of each, the figure least"
  echo "disturbed by other processes. A target is judged on the unrounded ratio of mcrun's medians (shown with 3 decimals when 2 would round it onto the target)."
  echo
  echo "| measure | stock | mcrun | mcrun (best) | target (mcrun) | verdict |"
  echo "|---|---:|---:|---:|---|---|"
  for n in float_kernel readonly_map binary_trees mutex_queue; do
    has "$n" || continue
    s=$(r2 "${med[$n.1.stock.wall]}" "${med[$n.2.stock.wall]}")
    tx=$(rx "${med[$n.1.test.wall]}" "${med[$n.2.test.wall]}")
    t=$(shown "$tx" 1.85)
    b=$(r2 "${best[$n.1.test]}" "${best[$n.2.test]}")
    case $n in
      float_kernel|readonly_map) echo "| $n: speedup 1 -> 2 domains (wall 1 / wall 2) | $s | $t | $b | >= 1.85 | $(verdict "$tx" 1.85 ge) |" ;;
      *) echo "| $n: speedup 1 -> 2 domains (wall 1 / wall 2) | $s | $t | $b | (none) | - |" ;;
    esac
  done
  for n in float_kernel readonly_map; do
    has "$n" || continue
    s=$(r2 "${med[$n.2.stock.cpu]}" "${med[$n.1.stock.cpu]}")
    t=$(r2 "${med[$n.2.test.cpu]}" "${med[$n.1.test.cpu]}")
    echo "| $n: CPU time at 2 domains / at 1 domain (work added by parallelism) | $s | $t | | (about 1) | - |"
  done
  for n in float_kernel readonly_map; do
    has "$n" || continue
    s=$(r2 "${med[$n.8.stock.wall]}" "${med[$n.2.stock.wall]}")
    tx=$(rx "${med[$n.8.test.wall]}" "${med[$n.2.test.wall]}")
    t=$(shown "$tx" 1.15)
    b=$(r2 "${best[$n.8.test]}" "${best[$n.2.test]}")
    echo "| $n: 8 domains / 2 domains wall time ($(nproc) cores) | $s | $t | $b | <= 1.15 | $(verdict "$tx" 1.15 le) |"
  done
  if has idle_domains; then
    s=$(r2 "${med[idle_domains.8.stock.rss]}" "${med[idle_domains.1.stock.rss]}")
    tx=$(rx "${med[idle_domains.8.test.rss]}" "${med[idle_domains.1.test.rss]}")
    t=$(shown "$tx" 1.10)
    echo "| idle_domains: peak RSS with 7 idle domains / with 1 domain | $s | $t | | <= 1.10 | $(verdict "$tx" 1.10 le) |"
  fi
  if [ -s "$bdir/pauses.2.all" ]; then
    echo
    echo "## Pauses: mcrun, binary_trees at 2 domains"
    echo
    echo "\`OCAMLRUNPARAM=v=0x400\` makes mcrun print, at exit, the GC counters and a pause histogram"
    echo "per kind of pause, merged over all domains (lines \`pauses_us: KIND count mean p50 p99 p99.9"
    echo "max\`, microseconds): \`minor\` is a minor collection (a stop-the-world section, measured in"
    echo "each domain from its entry to its exit), \`major_slice\` a slice of concurrent marking or"
    echo "sweeping done by one domain, \`stw_other\` any other stop-the-world section (cycle"
    echo "boundary, end of marking, domain spawn and termination). Stock 5.3 has no equivalent"
    echo "output (it needs runtime events). $runs run(s) at 2 domains, alternating with $runs at 1"
    echo "domain for comparison; per kind, the median and the worst of the runs' figures (\"others\":"
    echo "median cores used by other processes during the runs):"
    echo
    echo "| domains | pause kind | count (median) | p50 median (us) | p99 median (us) | p99 worst (us) | max median (us) | max worst (us) | others (cores) |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    for k in 2 1; do
      for kind in minor major_slice stw_other; do
        f=$(awk -v k="$kind" '$3 == k' "$bdir/pauses.$k.all" 2>/dev/null)
        [ -n "$f" ] || continue
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$k" "$kind" \
          "$(awk '{print $4}' <<<"$f" | median)" "$(awk '{print $6}' <<<"$f" | median)" \
          "$(awk '{print $7}' <<<"$f" | median)" "$(awk '{print $7}' <<<"$f" | bench_max)" \
          "$(awk '{print $9}' <<<"$f" | median)" "$(awk '{print $9}' <<<"$f" | bench_max)" \
          "$(awk '{print $10}' <<<"$f" | median)"
      done
    done
    echo
    echo "First run's output at 2 domains:"
    echo
    echo '```'
    printf '%s\n' "$pauses"
    echo '```'
  fi
  echo
  echo "The latency criterion of issue 4 (bench/latency at 2 domains) is in [latency.md](latency.md)."
  if [ -n "$kept" ]; then echo; printf '%s\n' "$kept"; fi
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "bench-parallel: wrote ${out#"$root"/}" >&2
