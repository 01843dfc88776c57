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
cp "$here/gc/churn.ml" "$work/"
(cd "$work" && "$ocamlc" -o churn.byte churn.ml) >"$work/build.log" 2>&1 ||
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

check_summary
