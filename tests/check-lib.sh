# shellcheck shell=bash
# Common ground of the check scripts (tests/*-check.sh, tests/str-corpus.sh):
# sourced, never run.  The sourcing script sets `check_name` (used in its
# messages) and may set `runtime` to a default before calling:
#
#   check_parse_runtime "$@"  the usual command line, [--runtime PATH];
#   check_reference           sets ref, bin, ocamlc, stock (the reference
#                             OCaml 5.3.0 that scripts/setup.sh builds);
#   check_runtime             makes $runtime absolute and requires it;
#   check_ok [NAME]           counts a pass (and prints "PASS NAME" if given);
#   check_bad DETAIL          counts a failure and prints "FAIL DETAIL";
#   check_abort MESSAGE       the check cannot run at all: says why, then
#                             "0 passed, 1 failed", and exits 1;
#   check_summary             prints "N passed, N failed", the line CI
#                             reads; its status is the script's verdict.
#
# An abort is a failure, never a skip: a check that cannot run must not
# look like a check that passed.

pass=0
fail=0
: "${runtime:=$root/build/mcrun}"

check_abort() {
  echo "${check_name:-check}: $*"
  echo "0 passed, 1 failed"
  exit 1
}

check_parse_runtime() {
  while [ $# -gt 0 ]; do
    case $1 in
      --runtime) runtime=${2:?--runtime needs a path}; shift 2 ;;
      --runtime=*) runtime=${1#*=}; shift ;;
      *) echo "usage: $0 [--runtime PATH]" >&2; exit 2 ;;
    esac
  done
}

check_reference() {
  ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
  bin=$ref/install/bin
  ocamlc=$bin/ocamlc
  stock=$bin/ocamlrun
  if [ ! -x "$ocamlc" ] || [ ! -x "$stock" ]; then
    check_abort "no reference OCaml 5.3.0 in $ref (run scripts/setup.sh)"
  fi
}

check_runtime() {
  case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
  [ -x "$runtime" ] || check_abort "no runtime at $runtime (build it with make)"
}

check_ok() {
  pass=$((pass + 1))
  if [ $# -gt 0 ]; then echo "PASS $*"; fi
}

check_bad() {
  fail=$((fail + 1))
  echo "FAIL $*"
}

check_summary() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
