# Shared by bench/parallel/run.sh and bench/latency/run.sh (sourced, not run).
#
# The machine is shared (2 cores, other engineers' builds and tests), so
# every timed command
#   - holds the lock $BENCH_LOCK (default /tmp/mcrun-bench.lock) while it
#     runs, so that benchmark runs never overlap each other;
#   - first waits, up to $BENCH_QUIET_WAIT seconds (default 6), until the
#     other processes use less than $BENCH_QUIET_CORES cores (default 0.3)
#     over a 0.5 s sample; once the waits add up to $BENCH_QUIET_BUDGET
#     seconds (default 90) in one script, it stops waiting (a machine that
#     stays busy would only make the script slow);
#   - records how many cores the *other* processes used during the run
#     (all busy CPU time in /proc/stat minus the command's own CPU time,
#     divided by its wall time), so that a report can tell a slow run that
#     waited for a CPU from a slow run that worked more.

BENCH_LOCK=${BENCH_LOCK:-/tmp/mcrun-bench.lock}
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-6}
BENCH_QUIET_CORES=${BENCH_QUIET_CORES:-0.3}
BENCH_QUIET_BUDGET=${BENCH_QUIET_BUDGET:-90}
bench_waited_total=0
bench_hz=$(getconf CLK_TCK 2>/dev/null || echo 100)

# Busy jiffies of all CPUs (user nice system irq softirq steal).
bench_busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# Cores used over a 0.5 s sample (by everyone: we run nothing meanwhile).
bench_busy_cores() {
  local a b
  a=$(bench_busy_jiffies); sleep 0.5; b=$(bench_busy_jiffies)
  awk -v a="$a" -v b="$b" -v hz="$bench_hz" 'BEGIN { printf "%.2f", (b - a) / hz / 0.5 }'
}

bench_wait_quiet() {
  local waited=0 c
  [ "$bench_waited_total" -ge "$BENCH_QUIET_BUDGET" ] && return 0
  while :; do
    c=$(bench_busy_cores)
    if awk -v c="$c" -v t="$BENCH_QUIET_CORES" 'BEGIN { exit !(c < t) }'; then return 0; fi
    if [ "$waited" -ge "$BENCH_QUIET_WAIT" ] || [ "$bench_waited_total" -ge "$BENCH_QUIET_BUDGET" ]; then return 0; fi
    sleep 1.5; waited=$((waited + 2)); bench_waited_total=$((bench_waited_total + 2))
  done
}

# bench_timed REPORT PEAKRSS CMD...: under the lock, waits for a quiet
# machine and runs PEAKRSS REPORT.raw CMD...; REPORT receives one line
# "wall rss status cpu others" (others: cores used by other processes
# during the run).  Standard streams are the caller's.
bench_timed() {
  local report=$1 peakrss=$2; shift 2
  local b0 b1 rc=0
  {
    flock 9
    bench_wait_quiet
    b0=$(bench_busy_jiffies)
    "$peakrss" "$report.raw" "$@" || rc=$?
    b1=$(bench_busy_jiffies)
  } 9>"$BENCH_LOCK"
  if [ -s "$report.raw" ]; then
    awk -v b0="$b0" -v b1="$b1" -v hz="$bench_hz" '{
        o = ((b1 - b0) / hz - $4) / ($1 > 0 ? $1 : 1); if (o < 0) o = 0
        printf "%s %s %s %s %.2f\n", $1, $2, $3, $4, o }' "$report.raw" >"$report"
  else
    : >"$report"
  fi
  rm -f "$report.raw"
  return "$rc"
}

bench_median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
bench_min() { sort -g | head -1; }
bench_max() { sort -g | tail -1; }
