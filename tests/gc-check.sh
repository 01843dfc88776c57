#!/usr/bin/env bash
# Checks of the collector's behaviour that need mcrun's own statistics
# (OCAMLRUNPARAM=v=0x400 prints them at exit; stock has no such lines).
#
#   tests/gc-check.sh [--runtime PATH]
#
# Cases:
#   churn-output      tests/gc/churn.ml (a large Hashtbl where every step
#                     inserts an entry and removes the oldest) prints the
#                     same on mcrun as on stock ocamlrun;
#   churn-mark-stack  on that program the largest mark stack stays at or
#                     below 131072 entries.  The write barrier darkens
#                     every overwritten value while marking; if the slices
#                     stop marking (as when lazy sweeping by promotion was
#                     deducted from the whole slice budget right after a
#                     cycle boundary) the stack grows without bound: that
#                     bug made it 262144 here (and 524288 in the latency
#                     benchmark), with a page fault in the mutator for each
#                     new page of stack.  Normally about 40000 entries
#                     accumulate between two slices (capacity 65536).
#   classes-output    tests/gc/classes.ml (a few live blocks of every small
#   classes-rss       size, so that each size class has a nearly empty
#                     pool) prints the same as on stock, and its peak RSS
#                     (smallest of 3 runs, bench/peakrss.c) is no more than
#                     stock's.  A pool's pages must be touched only as it
#                     fills: when a new pool threaded its whole free list
#                     at once, each of the ~37 size classes cost 32 KiB and
#                     mcrun peaked at ~4.0 MB here against stock's ~3.5 MB
#                     (now ~2.9 MB).  Not checked on a sanitizer build
#                     (shadow memory) or a debug build (it poisons the
#                     whole minor heap), whose RSS is not comparable.
#   queue-output      tests/gc/queue.ml (every step stores a young cell into
#   queue-minor       an old Queue) prints the same as on stock, and mcrun
#                     makes at least half as many minor collections as
#                     stock (both print minor_collections with v=0x400): a
#                     remembered set of an eighth of the minor heap's words
#                     asks for a collection, as on stock.  When it grew
#                     without limit instead, mcrun made 27 collections to
#                     stock's 129 and kept a 2 MiB remembered set.
# Prints one line per failure, then `N passed, N failed`.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
check_name=gc-check
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
check_parse_runtime "$@"
check_runtime
check_reference

# Private to the runtime under test: the normal and sanitizer runs of CI
# may overlap.
work=$root/build/gc-check/$(printf '%s' "$runtime" | md5sum | cut -c1-8)
rm -rf "$work"; mkdir -p "$work"
cp "$here/gc/churn.ml" "$here/gc/classes.ml" "$here/gc/queue.ml" "$work/"
(cd "$work" && "$ocamlc" -o churn.byte churn.ml && "$ocamlc" -o classes.byte classes.ml &&
  "$ocamlc" -o queue.byte queue.ml &&
  "${CC:-cc}" -O2 -o peakrss "$root/bench/peakrss.c") >"$work/build.log" 2>&1 ||
  check_abort "cannot build tests/gc: $(cat "$work/build.log")"

args="500000 300000"
# shellcheck disable=SC2086
timeout -k 5 60 "$stock" "$work/churn.byte" $args >"$work/stock.out" 2>"$work/stock.err"
# shellcheck disable=SC2086
OCAMLRUNPARAM=v=0x400 timeout -k 5 120 "$runtime" "$work/churn.byte" $args >"$work/mcrun.out" 2>"$work/mcrun.err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$work/stock.out" "$work/mcrun.out"; then check_ok
else check_bad "churn-output: exit $rc, output differs from stock (see $work)"; fi

peak=$(sed -n 's/^mark_stack_peak: //p' "$work/mcrun.err")
case $peak in
  ''|*[!0-9]*) check_bad "churn-mark-stack: no mark_stack_peak line in the v=0x400 statistics" ;;
  *) if [ "$peak" -le 131072 ]; then check_ok
     else check_bad "churn-mark-stack: the mark stack grew to $peak entries (limit 131072)"; fi ;;
esac

# classes: output, then the smallest peak RSS of 3 alternating runs each.
"$stock" "$work/classes.byte" >"$work/classes.stock" 2>&1
"$runtime" "$work/classes.byte" >"$work/classes.mcrun" 2>&1
rc=$?
if [ $rc -eq 0 ] && cmp -s "$work/classes.stock" "$work/classes.mcrun"; then check_ok
else check_bad "classes-output: exit $rc, output differs from stock (see $work)"; fi
if grep -qa -e __asan_init -e __tsan_init -e "mcrun debug build" "$runtime"; then
  echo "SKIP classes-rss: sanitizer or debug build"
else
  rss_run() {  # rss_run RUNTIME TAG: one run, its peak RSS (KiB) appended to rss.TAG
    "$work/peakrss" "$work/rss.report" "$1" "$work/classes.byte" >/dev/null 2>&1
    awk '{ print $2 }' "$work/rss.report" >>"$work/rss.$2"
  }
  : >"$work/rss.stock"; : >"$work/rss.mcrun"
  for _ in 1 2 3; do rss_run "$stock" stock; rss_run "$runtime" mcrun; done
  s=$(sort -n "$work/rss.stock" | head -n 1); m=$(sort -n "$work/rss.mcrun" | head -n 1)
  if [ -n "$s" ] && [ -n "$m" ] && [ "$m" -le "$s" ]; then check_ok
  else check_bad "classes-rss: peak RSS ${m:-?} KiB on mcrun, ${s:-?} KiB on stock (smallest of 3 runs)"; fi
fi

# queue: output, then the number of minor collections against stock's.
OCAMLRUNPARAM=v=0x400 "$stock" "$work/queue.byte" >"$work/queue.stock" 2>"$work/queue.stock.err"
OCAMLRUNPARAM=v=0x400 "$runtime" "$work/queue.byte" >"$work/queue.mcrun" 2>"$work/queue.mcrun.err"
rc=$?
if [ $rc -eq 0 ] && cmp -s "$work/queue.stock" "$work/queue.mcrun"; then check_ok
else check_bad "queue-output: exit $rc, output differs from stock (see $work)"; fi
s=$(sed -n 's/^minor_collections: //p' "$work/queue.stock.err")
m=$(sed -n 's/^minor_collections: //p' "$work/queue.mcrun.err")
if [ -n "$s" ] && [ -n "$m" ] && [ $((2 * m)) -ge "$s" ]; then check_ok
else check_bad "queue-minor: ${m:-?} minor collections on mcrun, ${s:-?} on stock (want at least half)"; fi

check_summary
