#!/usr/bin/env bash
# run-tests: every mchealth test (C unit tests, end-to-end with a broken
# runtime, kill-and-resume, headless Chromium); prints a final
# "N passed, N failed" line summing the checks of all of them.
#   run-tests.sh BUILD_DIR      (make mchealth-test)
# MCHEALTH_SKIP_BROWSER=1 leaves the browser test out.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-build}
total_p=0
total_f=0

# Run one test program, echo its output, add up its closing line.
run_one() {
  local name=$1; shift
  local out
  echo "== $name"
  out=$("$@" 2>&1)
  local st=$?
  echo "$out" | sed 's/^/   /'
  local line
  line=$(echo "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n1)
  local p f
  p=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
  f=$(echo "$line" | sed -n 's/.*\b\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
  p=${p:-0}
  f=${f:-0}
  # a test that died without its closing line, or exited non-zero with no failure counted
  if [ -z "$line" ] || { [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; }; then f=$((f + 1)); fi
  total_p=$((total_p + p))
  total_f=$((total_f + f))
}

for t in "$build"/mchealth-obj/unit_*; do
  [ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
run_one e2e "$here/e2e.sh" "$build"
run_one resume "$here/resume.sh" "$build"
if [ "${MCHEALTH_SKIP_BROWSER:-0}" != 1 ]; then
  run_one browser "$here/browser.sh" "$build"
fi
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
