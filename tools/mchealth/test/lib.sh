# lib.sh: helpers shared by the mchealth shell tests (sourced).
# Each test counts checks and prints "N passed, N failed" at the end.
passed=0
failed=0

ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok; else ko "$what"; fi
}
check_eq() { # check_eq DESCRIPTION GOT EXPECTED
  if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The category of an entry in a report's results.json (one entry per line).
category() { grep "^{\"name\":\"$2\"" "$1/results.json" | sed 's/.*"category":"\([^"]*\)".*/\1/'; }
# The state of a cell: cell REPORT ENTRY RUNTIME
cell() { grep "^{\"name\":\"$2\"" "$1/results.json" | sed "s/.*\"$3\":{\"state\":\"\\([^\"]*\\)\".*/\\1/"; }
# Executed task count of the last run in mchealth's output.
executed() { sed -n 's/.* tasks, \([0-9]*\) executed.*/\1/p' "$1"; }

ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
stock=$ref/install/bin/ocamlrun
