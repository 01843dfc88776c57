#!/usr/bin/env bash
# The whole test suite: C unit tests, differential tests against stock
# ocamlrun, damaged executables and bad parameters, C stub libraries, a
# randomised Str corpus, the toplevel/Dynlink/expect checks, stock's
# bytecode tools running on mcrun, and OCaml's own test suite on mcrun
# (directories listed in tests/ocamltest-dirs.txt, with the known failures
# of tests/ocamltest-expected-failures.txt).
#
#   scripts/test-all.sh [--runtime-build DIR] [--quick]
#
# --runtime-build build-asan  runs everything on the sanitizer build
# --quick                     skips OCaml's test suite and the tools check
#
# Prints one summary line per stage and, last, `N passed, N failed`.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bdir=build
quick=0
while [ $# -gt 0 ]; do
  case $1 in
    --runtime-build) bdir=${2:?}; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "test-all: unknown option $1" >&2; exit 2 ;;
  esac
done

ref=$(scripts/reference-ocaml.sh) || { echo "test-all: reference toolchain unavailable" >&2; exit 2; }
runtime=$root/$bdir/mcrun
total_pass=0
total_fail=0
logdir=$root/$bdir/test-logs
mkdir -p "$logdir"

# Run one stage; its output must end with a line "N passed, N failed".
stage() {
  local name=$1; shift
  local log=$logdir/$name.log
  local start=$(date +%s)
  "$@" > "$log" 2>&1
  local rc=$?
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  local p=0 f=0
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  fi
  if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; }; then
    f=$((f + 1))
    echo "[$name] stage error (exit $rc); last lines:"
    tail -n 15 "$log" | sed 's/^/    /'
  fi
  grep -E '^(FAIL|TIMEOUT|UNEXPECTED)' "$log" | head -n 40 | sed "s/^/[$name] /"
  echo "[$name] $p passed, $f failed ($(( $(date +%s) - start )) s; log: $log)"
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
}

stage unit make -s unit $( [ "$bdir" = build-asan ] && echo SAN=1 )
stage diff tests/run-diff.sh --runtime "$runtime" --jobs 2
stage badinput tests/badinput-check.sh --runtime "$runtime"
stage gc tests/gc-check.sh --runtime "$runtime"
stage stublibs tests/stublibs-check.sh --runtime "$runtime"
stage embed tests/embed-check.sh --runtime "$runtime"
stage str-corpus tests/str-corpus.sh --runtime "$runtime" --seeds 4
stage toplevel tests/toplevel-check.sh --runtime "$runtime"
if [ "$quick" = 0 ]; then
  stage tools scripts/tools-check.sh --runtime "$runtime" --jobs 2
  stage ocamltest scripts/ocamltest-check.sh --runtime "$runtime"
  stage mchealth make -s mchealth-test
fi

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
