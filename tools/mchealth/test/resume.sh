#!/usr/bin/env bash
# resume: kill mchealth (SIGKILL) in the middle of a run, start it again, and
# check that the resumed run completes without redoing any finished task,
# and that a SIGINT stops a run cleanly (status 130, run marked interrupted).
#   resume.sh BUILD_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
build=$(cd "${1:-build}" && pwd)
mch=$build/mchealth
work=$build/health-test/resume
rm -rf "$work"; mkdir -p "$work/progs"
[ -x "$stock" ] || { ko "reference toolchain missing ($ref)"; finish; exit 1; }

# Eight small programs; both "runtimes" take a second per program.
for i in 1 2 3 4 5 6 7 8; do
  printf 'let () = print_endline "program %d"\n' "$i" >"$work/progs/p$i.ml"
done
printf '#!/bin/sh\nsleep 1\nexec %s "$@"\n' "$stock" >"$work/slow-stock"
printf '#!/bin/sh\n# another runtime\nsleep 1\nexec %s "$@"\n' "$stock" >"$work/slow-test"
chmod +x "$work/slow-stock" "$work/slow-test"
cat >"$work/resume.corpus" <<EOC
path REF $ref
tool OCAMLC \${REF}/install/bin/ocamlc
runtime stock $work/slow-stock
runtime test $work/slow-test
expand diff $work/progs
EOC
total=32 # 8 entries x (build, 2 runs, compare)
run() { "$mch" -c "$work/resume.corpus" -s "$work/state" --progress plain -j2 "$@"; }
# in the background, as mchealth itself (so that signals reach it)
run_bg() { exec "$mch" -c "$work/resume.corpus" -s "$work/state" --progress plain -j2 "$@"; }

# Start, wait until some tasks are recorded, kill -9.
run_bg >"$work/run1.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  n=$(grep -c '^\[' "$work/run1.log" 2>/dev/null || true)
  [ "${n:-0}" -ge 10 ] && break
  sleep 0.1
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
done1=$(grep -c '^\[' "$work/run1.log")
check "killed mid-run ($done1 of $total tasks done)" test "$done1" -ge 10 -a "$done1" -lt "$total"
sleep 0.5
pgrep -af "$work/slow-" >"$work/survivors.txt"
check "no task process survives mchealth" test ! -s "$work/survivors.txt"

# Resume: the finished tasks come from the store.
run >"$work/run2.log" 2>&1
check_eq "resumed run exit status" "$?" 0
check "resumed run says so" grep -q 'resuming an interrupted run' "$work/run2.log"
ex2=$(executed "$work/run2.log")
check_eq "resumed run executes only what was left" "$ex2" $((total - done1))
check_eq "all entries same-pass" "$(grep -c '"category":"same-pass"' "$work/state/report/results.json")" 8
"$mch" -s "$work/state" runs >"$work/runs.txt"
check "first run marked interrupted" grep -q '^run 1 .*interrupted' "$work/runs.txt"
check "second run complete" grep -q '^run 2 .*complete' "$work/runs.txt"
# no key was executed twice: the sum over both runs is the total
"$mch" -s "$work/state" tasks --run 1 >"$work/t1.txt"
"$mch" -s "$work/state" tasks --run 2 >"$work/t2.txt"
check_eq "every task executed exactly once" "$(cat "$work/t1.txt" "$work/t2.txt" | wc -l)" "$total"
check_eq "no duplicate task" "$(cat "$work/t1.txt" "$work/t2.txt" | sort | uniq -d | wc -l)" 0

# SIGINT: a clean stop, then nothing is lost either.
rm -rf "$work/state"
run_bg >"$work/run3.log" 2>&1 &
pid=$!
sleep 3
kill -INT "$pid"
wait "$pid"
check_eq "SIGINT exit status" "$?" 130
check "SIGINT message" grep -q 'interrupted by signal 2' "$work/run3.log"
run >"$work/run4.log" 2>&1
check_eq "after SIGINT the run completes" "$?" 0
done3=$(grep -c '^\[' "$work/run3.log")
check_eq "after SIGINT nothing finished is redone" "$(executed "$work/run4.log")" $((total - done3))
finish
