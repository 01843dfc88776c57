#!/usr/bin/env bash
# e2e: mchealth on a small corpus with a deliberately broken runtime: the
# right cells turn red, nothing changed means nothing runs, editing one
# program reruns exactly its tasks, a new runtime reruns only its side,
# --retry-regressed confirms a timeout, and a broken stock is reported as a
# broken environment.
#   e2e.sh BUILD_DIR     (uses BUILD_DIR/mchealth; state in BUILD_DIR/health-test/e2e)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
build=$(cd "${1:-build}" && pwd)
mch=$build/mchealth
work=$build/health-test/e2e
rm -rf "$work"; mkdir -p "$work"
[ -x "$stock" ] || { echo "e2e: reference toolchain missing ($ref)"; ko "reference toolchain"; finish; exit 1; }

# A copy of the programs, so that the test can edit them.
cp -r "$here/e2e/progs" "$here/e2e/extra" "$work/"
sed "s|@STOCK@|$stock|g" "$here/e2e/broken-runtime.sh.in" >"$work/broken-rt"
chmod +x "$work/broken-rt"
run() { # run LOGNAME ARGS...: runs mchealth on the e2e corpus
  local log=$work/$1.log; shift
  "$mch" -c "$here/e2e/e2e.corpus" -s "$work/state" -D P="$work/progs" -D BROKEN_RT="$work/broken-rt" \
    --progress plain -j2 "$@" >"$log" 2>&1
}
rep=$work/state/report

# 1. first run: the categories and cells a person would expect
run run1; check_eq "first run exit status" "$?" 0
check "report written" test -f "$rep/index.html" -a -f "$rep/results.json" -a -f "$rep/summary.md"
check_eq "hello regressed" "$(category "$rep" diff/hello)" regressed
check_eq "hello mcrun cell" "$(cell "$rep" diff/hello mcrun)" fail
check_eq "hello stock cell" "$(cell "$rep" diff/hello stock)" pass
check_eq "crashme regressed" "$(category "$rep" diff/crashme)" regressed
check_eq "crashme mcrun crash" "$(cell "$rep" diff/crashme mcrun)" crash
check_eq "slow spurious (unconfirmed timeout)" "$(category "$rep" diff/slow)" spurious
check_eq "slow mcrun timeout" "$(cell "$rep" diff/slow mcrun)" timeout
check_eq "stderr_msg regressed" "$(category "$rep" diff/stderr_msg)" regressed
check_eq "exit3 same-pass" "$(category "$rep" diff/exit3)" same-pass
check_eq "echo_stdin same-pass" "$(category "$rep" diff/echo_stdin)" same-pass
check_eq "uncaught same-pass" "$(category "$rep" diff/uncaught)" same-pass
check_eq "expect-status fixed" "$(category "$rep" e2e/expect-status)" fixed
check_eq "expect-status stock fails" "$(cell "$rep" e2e/expect-status stock)" fail
check_eq "output-file regressed" "$(category "$rep" e2e/output-file)" regressed
check_eq "build-fail broken" "$(category "$rep" e2e/build-fail)" broken
check_eq "build-fail cell" "$(cell "$rep" e2e/build-fail mcrun)" build-fail
check "the timed-out task's detached grandchild was killed" sh -c '! pgrep -f "slee[p] 37.25" >/dev/null'
check "crash signature" grep -q '"signature":"signal 11 (Segmentation fault)' "$rep/results.json"
check "regression page has the stdout diff" grep -q '<span class="add">+Hello, wrld</span>' "$rep"/e/diff_hello-*.html
check "markdown summary counts" grep -q '| regressed | 5 |' "$rep/summary.md"
check_eq "first run executed everything (no runs after a failed build; one shared run)" "$(executed "$work/run1.log")" 45
"$mch" -s "$work/state" tasks >"$work/tasks1.txt"
check_eq "tree/compile-only: only stock's run executed" "$(grep -c '^run .*tree/compile-only' "$work/tasks1.txt")" 1
check_eq "tree/compile-only same-pass (shared outcome)" "$(category "$rep" tree/compile-only)" same-pass
check "shared outcome explained on the entry page" grep -q 'never started the runtime' "$rep"/e/tree_compile-only-*.html
check_eq "tree/runs-program regressed (its program ran on mcrun)" "$(category "$rep" tree/runs-program)" regressed

# 2. nothing changed: nothing runs, quickly
start=$(date +%s.%N)
run run2; check_eq "second run exit status" "$?" 0
dur=$(echo "$(date +%s.%N) - $start" | bc)
check_eq "second run executes nothing" "$(executed "$work/run2.log")" 0
check "second run under 10 s ($dur s)" test "$(echo "$dur < 10" | bc)" = 1
check_eq "second run same categories" "$(category "$rep" diff/hello)" regressed

# 3. touching a source without changing it: keys are content hashes
touch "$work/progs/hello.ml"
run run3; check_eq "touch reruns nothing" "$(executed "$work/run3.log")" 0

# 4. editing one program reruns exactly that entry's tasks
sed -i 's/line %d/row %d/' "$work/progs/hello.ml"
run run4
"$mch" -s "$work/state" tasks >"$work/tasks4.txt"
check_eq "edit reruns 4 tasks" "$(wc -l <"$work/tasks4.txt")" 4
check_eq "edit reruns only diff/hello" "$(awk '{print $NF}' "$work/tasks4.txt" | sort -u)" diff/hello
check_eq "hello still regressed" "$(category "$rep" diff/hello)" regressed

# 5. a rebuilt runtime reruns only its own runs and the comparisons
echo "# rebuilt" >>"$work/broken-rt"
run run5
"$mch" -s "$work/state" tasks >"$work/tasks5.txt"
check_eq "rebuild: no build task" "$(grep -c '^build' "$work/tasks5.txt")" 0
check_eq "rebuild: no stock run" "$(grep -c '^run  *stock' "$work/tasks5.txt")" 0
check_eq "rebuild: every mcrun run that starts the runtime (10)" "$(grep -c '^run  *mcrun' "$work/tasks5.txt")" 10
check_eq "rebuild: the runtime-independent run is not repeated" "$(grep -c 'compile-only' "$work/tasks5.txt")" 0

# 6. --retry-regressed: the timeout happens again and is confirmed
run run6 --retry-regressed
"$mch" -s "$work/state" tasks >"$work/tasks6.txt"
check_eq "retry reruns the 6 regressed or spurious mcrun cells" "$(grep -c '^run  *mcrun' "$work/tasks6.txt")" 6
check_eq "retry: slow now regressed (confirmed)" "$(category "$rep" diff/slow)" regressed
check_eq "retry: unselected entries carried over" "$(category "$rep" diff/exit3)" same-pass
check "retry: attempt 2 recorded" grep -q '"attempt":2' "$rep/results.json"

# 7. --only selects entries; the others are carried over
run run7 --only 'hello'
check_eq "--only: nothing to run" "$(executed "$work/run7.log")" 0
check "--only: 4 tasks" grep -q ': 4 tasks for 1 entries' "$work/run7.log"
check_eq "--only: full report" "$(grep -c '^{"name"' "$rep/results.json")" 12

# 8. a stock that cannot run anything is a broken environment
printf '#!/bin/sh\necho "stock: cannot execute" >&2\nexit 127\n' >"$work/dead-stock"
chmod +x "$work/dead-stock"
run run8 --runtime stock="$work/dead-stock"
check_eq "broken environment exit status" "$?" 3
check "broken environment reported" grep -q 'BROKEN ENVIRONMENT' "$work/run8.log"
check "broken environment banner" grep -q 'Broken environment' "$rep/index.html"
check_eq "broken environment: no regression counted" "$(category "$rep" diff/hello)" same-fail

# Leave a healthy report for the browser test.
run run9
finish
