#!/usr/bin/env bash
# Randomised differential check of the str library: runs the generator
# tests/diff/str_corpus.ml (random regexps, subjects and Str operations)
# with several seeds on stock ocamlrun and on the runtime under test, and
# requires identical output.  The diff suite runs one fixed seed; this
# script draws fresh seeds each time (printed, so a failure can be rerun).
#
#   tests/str-corpus.sh [--runtime PATH] [--seeds N] [--count N] [--seed S]
#
# --seeds: how many runs (default 8); --count: regexps per run (default
# 3000); --seed: run this one seed only.  Prints one line per run, the
# number of regexps, and "N passed, N failed" (runs).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
check_name=str-corpus
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
seeds=8
count=3000
only=

while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --seed) only=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "str-corpus: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

check_reference
check_runtime

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/diff/str_corpus.ml" "$work/"
(cd "$work" && "$ocamlc" -I +str str.cma str_corpus.ml -o corpus.byte) ||
  check_abort "cannot compile tests/diff/str_corpus.ml"

if [ -n "$only" ]; then
  list=$only
else
  list=$(for _ in $(seq "$seeds"); do echo $(( (RANDOM << 15 | RANDOM) )); done)
fi

# One run: both runtimes, then compare.  Prints the result line.
run_seed() {
  local s=$1 d=$work/$1
  mkdir -p "$d"
  local rs=0 rm=0
  timeout 120 "$stock" "$work/corpus.byte" "$s" "$count" >"$d/stock" 2>&1 || rs=$?
  timeout 120 "$runtime" "$work/corpus.byte" "$s" "$count" >"$d/test" 2>&1 || rm=$?
  if [ "$rs" != "$rm" ]; then
    echo "FAIL seed $s: exit status stock $rs, test $rm"
  elif ! cmp -s "$d/stock" "$d/test"; then
    local line
    line=$(cmp "$d/stock" "$d/test" 2>&1 | sed -n 's/.*line \([0-9]*\).*/\1/p')
    echo "FAIL seed $s: output differs at line ${line:-?}:"
    echo "  regexp: $(head -n "${line:-1}" "$d/stock" | grep '^#' | tail -n 1)"
    echo "  stock:  $(sed -n "${line:-1}p" "$d/stock" | cut -c1-160)"
    echo "  test:   $(sed -n "${line:-1}p" "$d/test" | cut -c1-160)"
  else
    echo "PASS seed $s"
  fi
}
export -f run_seed
export work stock runtime count

results=$(printf '%s\n' $list | xargs -P 2 -n 1 bash -c 'run_seed "$1"' _)
echo "$results"
runs=$(printf '%s\n' $list | wc -l)
pass=$(grep -c '^PASS' <<<"$results" || true)
echo "$((runs * count)) regexps in $runs runs"
echo "$pass passed, $((runs - pass)) failed"
[ "$pass" -eq "$runs" ]
