#!/usr/bin/env bash
# OCaml's own test suite on mcrun, as a pass/fail gate: every bytecode test
# that passes on stock in the directories of tests/ocamltest-dirs.txt must
# pass on mcrun, except those listed in tests/ocamltest-expected-failures.txt
# (one `dir/test.ml` per line, `#` comments allowed; each must say why).
#
#   scripts/ocamltest-check.sh [--runtime PATH] [--update-baseline]
#
# Prints UNEXPECTED lines for regressions and for expected failures that
# now pass, then `N passed, N failed`.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
runtime=$root/build/mcrun
update=0
while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?}; shift 2 ;;
    --update-baseline) update=1; shift ;;
    *) echo "ocamltest-check: unknown option $1" >&2; exit 2 ;;
  esac
done
dirs=$(grep -v '^#' tests/ocamltest-dirs.txt | tr '\n' ' ')
ref=$(scripts/reference-ocaml.sh)
test_res=$root/build/ocamltest/check-$(basename "$runtime").results
mkdir -p build/ocamltest
# Stock's results depend only on the reference release and the list of
# directories.  They are committed (tests/ocamltest-stock-baseline.txt, its
# first line the key) so that a fresh clone does not spend ten minutes
# recomputing them; --update-baseline recomputes and rewrites the file.
baseline=tests/ocamltest-stock-baseline.txt
key="key $("$ref/install/bin/ocamlrun" -vnum) $(printf '%s\n' $dirs | sha1sum | cut -c1-16)"
stock_res=$root/build/ocamltest/check-stock.results
if [ "$update" = 0 ] && [ "$(head -n 1 "$baseline" 2>/dev/null)" = "# $key" ]; then
  tail -n +2 "$baseline" > "$stock_res"
else
  echo "ocamltest-check: computing stock's results (the committed baseline is for other directories)"
  scripts/ocamltest.sh --runtime "$ref/install/bin/ocamlrun" --jobs 2 --out "$stock_res" $dirs > build/ocamltest/check-stock.log 2>&1 || true
  if [ "$update" = 1 ]; then
    { echo "# $key"; sort "$stock_res"; } > "$baseline"
    echo "ocamltest-check: wrote $baseline"
  fi
fi
scripts/ocamltest.sh --runtime "$runtime" --jobs 2 --out "$test_res" $dirs > build/ocamltest/check-test.log 2>&1 || true
expected=$(grep -v '^#' tests/ocamltest-expected-failures.txt 2>/dev/null | sed 's/[[:space:]]*#.*//' | awk 'NF{print $1}')
pass=0; fail=0
while read -r name status _; do
  [ "$status" = passed ] || continue
  got=$(awk -v n="$name" '$1==n{print $2; exit}' "$test_res")
  is_expected=0
  if printf '%s\n' "$expected" | grep -qxF "$name"; then is_expected=1; fi
  if [ "$got" = passed ]; then
    if [ $is_expected = 1 ]; then echo "UNEXPECTED pass (remove from expected failures): $name"; fail=$((fail+1)); else pass=$((pass+1)); fi
  else
    if [ $is_expected = 1 ]; then pass=$((pass+1)); else
      reason=$(awk -v n="$name" '$1==n{$1="";$2="";print; exit}' "$test_res")
      echo "UNEXPECTED failure: $name ($got)$reason"; fail=$((fail+1)); fi
  fi
done < "$stock_res"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
