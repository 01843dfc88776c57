#!/usr/bin/env bash
# Run OCaml's own test suite (bytecode only) with the test programs executed
# by a given runtime, while the compilers and ocamltest itself run on stock.
#
#   scripts/ocamltest.sh [--runtime PATH] [--jobs N] [--timeout SECS]
#                        [--out FILE] [--keep] DIR... | --all
#
# DIR is relative to testsuite/tests (e.g. `basic lib-array`, or a single
# test file such as `basic/arrays.ml`).  The runtime
# defaults to build/mcrun; pass the reference ocamlrun for a baseline.
#
# How: ocamltest links each test program with `-use-runtime
# <tree>/runtime/ocamlrun` and also starts the compilers through that path.
# We run ocamltest in a private copy of the reference tree (hard links for
# the read-only bulk, a real copy of testsuite/ where ocamltest writes) whose
# runtime/ocamlrun is a small dispatcher: programs under testsuite/tests,
# the expect tool and the toplevel go to the runtime under test, everything
# else (ocamlc, ocamllex, other tools) to stock.  The cached reference tree itself is never written to.
#
# Results: one line per test file, `dir/test.ml  passed|failed|skipped
# reason`, in --out (default build/ocamltest/<label>.results, where label
# is "stock" for the reference runtime, else the runtime's file name); the
# full ocamltest output of each test is in build/ocamltest/<label>.logs/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

runtime=$root/build/mcrun
jobs=1
timeout=300
out=
keep=0
all=0
dirs=()

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "ocamltest.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    --timeout=*) timeout=${1#*=}; shift ;;
    --out) out=${2:?}; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --keep) keep=1; shift ;;
    --all) all=1; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "ocamltest.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    *) dirs+=("${1%/}"); shift ;;
  esac
done
case $jobs in ''|*[!0-9]*|0) die "--jobs wants a positive integer" ;; esac
[ "$all" -eq 1 ] || [ ${#dirs[@]} -gt 0 ] || die "give test directories (relative to testsuite/tests) or --all"

cache_root=${MCRUN_CACHE:-$HOME/.cache/mcrun}
ref=${MCRUN_REF:-$cache_root/ocaml-5.3.0}
src=$ref/src
[ -f "$ref/.built" ] && [ -x "$src/ocamltest/ocamltest" ] && [ -x "$src/runtime/ocamlrun" ] ||
  die "reference OCaml 5.3.0 with ocamltest not found in $ref; run scripts/reference-ocaml.sh first"
stock=$src/runtime/ocamlrun

case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -x "$runtime" ] || die "runtime '$runtime' not found or not executable (build it with 'make', or pass --runtime PATH)"

if cmp -s "$runtime" "$stock" || cmp -s "$runtime" "$ref/install/bin/ocamlrun"; then
  label=stock
else
  label=$(basename "$runtime")
fi
outdir=$root/build/ocamltest
mkdir -p "$outdir"
out=${out:-$outdir/$label.results}
logdir=$outdir/$label.logs

# One private tree per runtime path, so that runs for different runtimes can
# proceed side by side; a lock serialises runs that share a tree.
slot=$(printf '%s' "$runtime" | sha256sum | cut -c1-12)
trees=$cache_root/ocamltest-trees
tree=$trees/$slot
mkdir -p "$trees"
exec 9>"$trees/$slot.lock"
if ! flock -n 9; then
  echo "ocamltest.sh: another run is using $tree; waiting for it" >&2
  flock 9
fi

make_tree() {
  local tmp=$trees/.tmp.$slot.$$
  rm -rf "$tmp"
  echo "ocamltest.sh: creating test tree $tree (hard links to $src)" >&2
  cp -al "$src" "$tmp"
  # ocamltest writes its build directories under testsuite/: make that a
  # real copy so nothing is ever written through a hard link.
  rm -rf "$tmp/testsuite"
  cp -a "$src/testsuite" "$tmp/testsuite"
  find "$tmp/testsuite" -name '_ocamltest' -prune -exec rm -rf {} +
  # Files added to the reference tree after it was built (someone compiling
  # a test by hand there) are not part of the test suite: leave them out.
  find "$tmp/testsuite" -type f -newer "$ref/.built" -delete
  rm -f "$tmp/runtime/ocamlrun"
  echo "$src" >"$tmp/.mcrun-tree-of"
  mv "$tmp" "$tree"
}
[ -f "$tree/.mcrun-tree-of" ] && [ -d "$tree/testsuite/tests" ] || { rm -rf "$tree"; make_tree; }

# A private copy of the runtime under test, so that a rebuild during the run
# (other people run `make`) does not change or remove it mid-way.
cp "$runtime" "$tree/runtime-under-test.tmp"
mv "$tree/runtime-under-test.tmp" "$tree/runtime-under-test"
runtime_shown=$runtime
runtime=$tree/runtime-under-test

# The dispatcher, rewritten at each run (a fresh file: never a hard link).
disp=$tree/runtime/ocamlrun
rm -f "$disp"
cat >"$disp.tmp" <<EOF
#!/bin/sh
# Written by scripts/ocamltest.sh: bytecode programs built by the tests run
# on the runtime under test, everything else (compilers, tools) on stock.
. '$here/runtime-args.sh'
prog=\$(runtime_program "\$@")
case \$prog in
  '') exec '$stock' "\$@" ;;
  /*) ;;
  *) prog=\$PWD/\$prog ;;
esac
case \$prog in
  '$tree/testsuite/tests/'*) exec '$runtime' "\$@" ;;
  # The expect tool and the toplevel run the type checker: on the runtime
  # under test too (typing-*, tool-toplevel, tool-ocaml).
  '$tree/testsuite/tools/expect'|'$tree/ocaml') exec '$runtime' "\$@" ;;
esac
exec '$stock' "\$@"
EOF
chmod +x "$disp.tmp"
mv "$disp.tmp" "$disp"

ocamltest=$tree/ocamltest/ocamltest
cd "$tree/testsuite"

if [ "$all" -eq 1 ]; then
  mapfile -t dirs < <(OCAMLSRCDIR=$tree "$ocamltest" -find-test-dirs tests | sed 's|^tests/||' | sort)
fi

# Expand the requested directories into test files.
testlist=$(mktemp)
trap 'rm -f "$testlist"' EXIT
for d in "${dirs[@]}"; do
  if [ -f "tests/$d" ]; then echo "tests/$d"; continue; fi
  [ -d "tests/$d" ] || die "no test directory or file testsuite/tests/$d"
  OCAMLSRCDIR=$tree "$ocamltest" -find-test-dirs "tests/$d" | while IFS= read -r td; do
    OCAMLSRCDIR=$tree "$ocamltest" -list-tests "$td" | while IFS= read -r tf; do
      echo "$td/$tf"
    done
  done
done | sed 's|^tests/||' | sort -u >"$testlist"
ntests=$(wc -l <"$testlist")
[ "$ntests" -gt 0 ] || die "no tests found in: ${dirs[*]}"
echo "ocamltest.sh: $ntests test files, runtime $runtime_shown ($label)" >&2

rm -rf "$logdir"
mkdir -p "$logdir"

# The first failing action of a log, on one line, with the tree's paths
# shortened, followed by the first line of the program's output if any.
failure_reason() {
  awk -v tree="$tree/" '
    function short(s,   i) {
      while ((i = index(s, tree)) > 0) s = substr(s, 1, i - 1) substr(s, i + length(tree))
      gsub(/[[:space:]]+/, " ", s)
      return s
    }
    /^### begin stdout ###$/ { getline first; if (first != "### end stdout ###") out = first; next }
    !cap && /^Action [0-9]+\/[0-9]+ \(.*\) => failed/ {
      cap = 1; act = $0
      sub(/^Action [0-9]+\/[0-9]+ \(/, "", act); sub(/\) => failed.*/, "", act)
      buf = $0; sub(/^Action [0-9]+\/[0-9]+ \([^)]*\) => failed \(/, "", buf)
      next
    }
    cap && (/^Running action/ || /^ \.\.\. testing/ || /^Running test/) { exit }
    cap && /^--- / { indiff = 1; next }
    cap && indiff && /^\+\+\+ / { next }
    cap && indiff && /^-/ && expd == "" { expd = substr($0, 2); next }
    cap && indiff && /^\+/ && gotd == "" { gotd = substr($0, 2); next }
    cap && !indiff { buf = buf " " $0 }
    END {
      if (act == "") { print "failed (see log)"; exit }
      r = act ": "
      if (match(buf, /failed with exit code -[0-9]+/)) r = r "killed by signal " substr(buf, RSTART + 23, RLENGTH - 23) " (timeout or crash)"
      else if (match(buf, /failed with exit code [0-9]+/)) r = r substr(buf, RSTART + 12, RLENGTH - 12)
      else if (buf ~ /differs from reference/) {
        r = r "output differs from reference"
        if (expd != "" || gotd != "") r = r ": expected \"" short(expd) "\", got \"" short(gotd) "\""
      }
      else r = r short(buf)
      if (out != "") r = r " | output: " short(out)
      print r
    }' "$1"
}

# Run one test file; write its log and a result line.
run_one() {
  local t=$1
  local key=${t//\//__}
  local log=$logdir/$key.log
  local rc=0
  OCAMLSRCDIR=$tree TERM=dumb OCAMLTESTDIR="$tree/testsuite/tests/$(dirname "$t")/_ocamltest" \
    timeout -k 10 $((timeout + 60)) "$ocamltest" -e -timeout "$timeout" "tests/$t" >"$log" 2>&1 </dev/null || rc=$?
  local line status reason
  line=$(grep -a "^ \.\.\. testing '$(basename "$t")' => " "$log" | tail -n1 || true)
  case $line in
    *"=> passed"*) status=passed ;;
    *"=> skipped"*) status=skipped ;;
    *"=> failed"*) status=failed ;;
    *) status=failed ;;
  esac
  case $status in
    passed) reason= ;;
    skipped)
      # The first action that was skipped, with its reason.
      reason=$(grep -a -E '=> skipped' "$log" | grep -v "^ \.\.\. testing" | head -n1 |
        sed -E 's/^[[:space:]]*//; s/^Action [0-9]+\/[0-9]+ \(([^)]*)\) => skipped \((.*)\)$/\1: \2/' || true)
      [ -n "$reason" ] || reason=$(grep -a -m1 -E 'skipped' "$log" | sed -E 's/^[[:space:]]*//' || true) ;;
    failed)
      if [ -z "$line" ]; then
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then reason="ocamltest timed out"; else reason="ocamltest error (exit $rc)"; fi
      else
        reason=$(failure_reason "$log")
      fi ;;
  esac
  reason=$(printf '%s' "$reason" | tr '\t\n' '  ' | cut -c1-300)
  printf '%s  %s%s\n' "$t" "$status" "${reason:+  $reason}" >"$log.result"
  if [ "$status" = passed ] && [ "$keep" -eq 0 ]; then rm -f "$log"; fi
}
export -f run_one failure_reason
export tree ocamltest logdir timeout keep

xargs -a "$testlist" -d '\n' -P "$jobs" -n 1 bash -c 'run_one "$1"' _ || true

: >"$out.tmp"
while IFS= read -r t; do
  r=$logdir/${t//\//__}.log.result
  if [ -f "$r" ]; then cat "$r"; rm -f "$r"; else printf '%s  failed  no result (runner error)\n' "$t"; fi
done <"$testlist" >"$out.tmp"
mv "$out.tmp" "$out"

# Remove build directories of passing tests left by -e runs.
find "$tree/testsuite/tests" -name _ocamltest -type d -empty -delete 2>/dev/null || true

p=$(awk '$2 == "passed"' "$out" | wc -l)
f=$(awk '$2 == "failed"' "$out" | wc -l)
s=$(awk '$2 == "skipped"' "$out" | wc -l)
echo "ocamltest.sh: $p passed, $f failed, $s skipped ($label); results in ${out#"$root"/}" >&2
echo "$p passed, $f failed, $s skipped"
