#!/usr/bin/env bash
# ThreadSanitizer check of the domain tests.
#
#   scripts/tsan-check.sh [--no-build | --tsan-runtime PATH]
#                         [--diff-only | --ocamltest-only]
#                         [--filter REGEX] [--timeout SECS] [DIR...]
#
# Builds the ThreadSanitizer runtime (`make TSAN=1`, build-tsan/mcrun), then
# runs under it
#   * the differential tests tests/diff/domain*_*.ml (output and exit
#     status must equal stock's, as with tests/run-diff.sh), and
#   * the OCaml test-suite directories (scripts/ocamltest.sh): by default
#     parallel lib-domain lib-atomic memory-model lib-sync lib-dynarray
#     weak-ephe-final, or the DIRs given.
# Test programs run through a wrapper (build/tsan-check/mcrun-tsan) that
# sets TSAN_OPTIONS so that every ThreadSanitizer report goes to a file
# build/tsan-check/reports/<test>.<pid> instead of the program's stderr.
# A test fails if its runner fails it (output, exit status -- TSan makes a
# program that produced a report exit with 66 -- or a timeout) or if it
# produced any report.  No suppression file is used.
#
# Output: one line per test (PASS/FAIL/SKIP, with the reason and the TSan
# report summaries), then the distinct reports (SUMMARY line with the
# file:line pair, count and tests), then `N passed, N failed` (N skipped).
# Exit status 0 iff nothing failed.  Full reports stay in
# build/tsan-check/reports/, program outputs in build/tsan-check/diff/,
# the test-suite log in build/tsan-check/ocamltest.log.
#
# --tsan-runtime PATH  uses an already built ThreadSanitizer runtime
#                 instead of building build-tsan/mcrun.
# --filter REGEX  keeps only diff tests and ocamltest files whose name
#                 matches (bash regex; e.g. 'domains_treiber|lib-sync').
# TSan slows programs down 5-20 times: the default per-test timeout is
# 900 s.  Run it when the machine is otherwise quiet (it uses one job).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

build=1
tsan_bin=
do_diff=1
do_ot=1
filter=
timeout=900
dirs=()
usage() { sed -n '2,33p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0; shift ;;
    --tsan-runtime) build=0; tsan_bin=${2:?}; shift 2 ;;
    --diff-only) do_ot=0; shift ;;
    --ocamltest-only) do_diff=0; shift ;;
    --filter) filter=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) echo "tsan-check: unknown option '$1'" >&2; usage 2 >&2 ;;
    *) dirs+=("${1%/}"); shift ;;
  esac
done
[ ${#dirs[@]} -gt 0 ] || dirs=(parallel lib-domain lib-atomic memory-model lib-sync lib-dynarray weak-ephe-final)

out=$root/build/tsan-check
reports=$out/reports
mkdir -p "$out"
rm -rf "$reports"
mkdir -p "$reports"

if [ "$build" -eq 1 ]; then
  echo "tsan-check: make TSAN=1" >&2
  make -C "$root" TSAN=1 >"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; echo "tsan-check: build failed" >&2; exit 2; }
fi
tsan_bin=${tsan_bin:-$root/build-tsan/mcrun}
[ -x "$tsan_bin" ] || { echo "tsan-check: $tsan_bin missing (run without --no-build)" >&2; exit 2; }
# A private copy, so that a rebuild during the run does not affect it.
cp "$tsan_bin" "$out/mcrun-tsan.bin.tmp"
mv "$out/mcrun-tsan.bin.tmp" "$out/mcrun-tsan.bin"

# The wrapper: names the report file after the test program.  A program of
# the OCaml test suite lives in .../testsuite/tests/<dir>/_ocamltest/...;
# a differential test runs as ./<name>.byte.
wrapper=$out/mcrun-tsan
cat >"$wrapper.tmp" <<EOF
#!/bin/sh
# Written by scripts/tsan-check.sh.
. '$here/runtime-args.sh'
prog=\$(runtime_program "\$@")
case \$prog in
  */testsuite/tests/*/_ocamltest/*)
    tag=\${prog#*/testsuite/tests/}; tag=\${tag%%/_ocamltest/*}
    tag=\$(printf '%s' "\$tag" | tr / _)__\$(basename "\$prog") ;;
  *) tag=\$(basename "\$prog") ;;
esac
TSAN_OPTIONS="log_path=$reports/\$tag second_deadlock_stack=1 history_size=4\${TSAN_EXTRA:+ \$TSAN_EXTRA}"
export TSAN_OPTIONS
exec '$out/mcrun-tsan.bin' "\$@"
EOF
chmod +x "$wrapper.tmp"
mv "$wrapper.tmp" "$wrapper"

results=()   # "STATUS<TAB>name<TAB>reason<TAB>report-tag-glob"

# Report files whose name starts with a tag: "N report(s): SUMMARY; ..."
summaries() {
  local tag=$1 f
  local files=()
  for f in "$reports/$tag".*; do [ -f "$f" ] && files+=("$f"); done
  [ ${#files[@]} -gt 0 ] || return 0
  local n
  n=$(cat "${files[@]}" | grep -c '^WARNING: ThreadSanitizer' || true)
  printf '%s report(s): %s' "$n" "$(cat "${files[@]}" | grep '^SUMMARY: ThreadSanitizer' | sed 's/^SUMMARY: ThreadSanitizer: //' | sort | uniq -c | sed 's/^ *//' | paste -sd';' | cut -c1-400)"
}

# Differential tests: run here rather than through tests/run-diff.sh,
# whose build/diff-out/ would be shared with other people's runs.  Same
# conventions (tests/diff/README.md): header comments flags/env/args/libs/
# timeout, <name>.stdin, a fresh directory, a clean environment.  Stock's
# results are cached in build/tsan-check/stock/.
ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
ocamlc=$ref/install/bin/ocamlc
stock=$ref/install/bin/ocamlrun
header() {
  head -n 15 "$1" | sed -n "s/^(\*[[:space:]]*$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\*)[[:space:]]*\$/\1/p" | tr '\n' ' ' | sed 's/ *$//'
}
# run_prog RUNTIME NAME BYTE ENV ARGS STDIN DIR TIMEOUT: DIR/{stdout,stderr,status}
run_prog() {
  local rt=$1 name=$2 byte=$3 env_s=$4 args_s=$5 stdin=$6 dir=$7 tmo=$8
  rm -rf "$dir"; mkdir -p "$dir/cwd"
  cp "$byte" "$dir/cwd/$name.byte"
  local -a envv=(PATH=/usr/local/bin:/usr/bin:/bin HOME="$dir/cwd" LANG=C LC_ALL=C TMPDIR="$dir/cwd" MCRUN_DIFF=1)
  local -a argv=()
  # shellcheck disable=SC2206
  [ -n "$env_s" ] && envv+=($env_s)
  # shellcheck disable=SC2206
  [ -n "$args_s" ] && argv=($args_s)
  local rc=0
  (cd "$dir/cwd" && ulimit -f 131072 &&
   exec env -i "${envv[@]}" timeout -k 5 "$tmo" "$rt" "./$name.byte" ${argv[@]+"${argv[@]}"} \
     <"$stdin" >"$dir/stdout" 2>"$dir/stderr") || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo TIMEOUT >"$dir/status"; else echo "$rc" >"$dir/status"; fi
  rm -rf "$dir/cwd"
}

if [ "$do_diff" -eq 1 ]; then
  names=()
  for f in "$root"/tests/diff/domain*_*.ml; do
    n=$(basename "$f" .ml)
    [[ $n =~ ^domains?_ ]] || continue
    if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
    names+=("$n")
  done
  echo "tsan-check: ${#names[@]} differential tests" >&2
  ddir=$out/diff
  mkdir -p "$ddir" "$out/stock"
  for n in "${names[@]}"; do
    src=$root/tests/diff/$n.ml
    flags=$(header "$src" flags); env_s=$(header "$src" env); args_s=$(header "$src" args)
    libs=$(header "$src" libs)
    libflags=""; for lib in $libs; do libflags="$libflags -I +$lib $lib.cma"; done
    stdin=/dev/null; [ -f "$root/tests/diff/$n.stdin" ] && stdin=$root/tests/diff/$n.stdin
    rm -rf "$ddir/$n"; mkdir -p "$ddir/$n/compile"
    cp "$src" "$ddir/$n/compile/"
    # shellcheck disable=SC2086
    if ! (cd "$ddir/$n/compile" && "$ocamlc" $flags $libflags -o "$n.byte" "$n.ml") >"$ddir/$n/compile.log" 2>&1; then
      results+=("FAIL	diff/$n	compile error"); continue
    fi
    byte=$ddir/$n/$n.byte
    mv "$ddir/$n/compile/$n.byte" "$byte"; rm -rf "$ddir/$n/compile"
    # Stock, with its usual timeout (cached by bytecode, env, args, stdin).
    skey=$( { sha256sum <"$byte"; sha256sum "$stock" | cut -c1-16; echo "$env_s|$args_s"; cat "$stdin"; } | sha256sum | cut -c1-32)
    sdir=$out/stock/$n-$skey
    [ -f "$sdir/status" ] || run_prog "$stock" "$n" "$byte" "$env_s" "$args_s" "$stdin" "$sdir" 120
    run_prog "$wrapper" "$n" "$byte" "$env_s" "$args_s" "$stdin" "$ddir/$n/test" "$timeout"
    what=""
    st_s=$(cat "$sdir/status"); st_t=$(cat "$ddir/$n/test/status")
    if [ "$st_t" = TIMEOUT ]; then what="timeout after ${timeout}s"
    elif ! cmp -s "$sdir/stdout" "$ddir/$n/test/stdout"; then what="stdout differs from stock"
    elif ! cmp -s "$sdir/stderr" "$ddir/$n/test/stderr"; then what="stderr differs from stock"
    elif [ "$st_s" != "$st_t" ]; then what="exit status $st_t, stock $st_s"
    fi
    s=$(summaries "$n.byte")
    if [ -z "$what" ] && [ -z "$s" ]; then
      results+=("PASS	diff/$n	")
    else
      results+=("FAIL	diff/$n	$what${what:+${s:+; }}$s")
    fi
    echo "tsan-check: ${results[-1]%%	*} $n" >&2
  done
fi

if [ "$do_ot" -eq 1 ]; then
  echo "tsan-check: OCaml test suite: ${dirs[*]}" >&2
  otres=$out/ocamltest.results
  "$here/ocamltest.sh" --runtime "$wrapper" --timeout "$timeout" --out "$otres" "${dirs[@]}" >"$out/ocamltest.log" 2>&1 || true
  if [ -f "$otres" ]; then
    while IFS= read -r l; do
      t=${l%%  *}
      rest=${l#"$t"  }
      st=${rest%%  *}
      reason=
      [ "$rest" != "$st" ] && reason=${rest#"$st"  }
      if [ -n "$filter" ] && ! [[ $t =~ $filter ]]; then continue; fi
      d=$(dirname "$t")
      base=$(basename "$t" .ml)
      s=$(summaries "$(printf '%s' "$d" | tr / _)__$base")
      case $st in
        passed) if [ -n "$s" ]; then results+=("FAIL	$t	$s"); else results+=("PASS	$t	"); fi ;;
        skipped) results+=("SKIP	$t	$reason${s:+; $s}") ;;
        *) results+=("FAIL	$t	$reason${s:+; $s}") ;;
      esac
    done <"$otres"
  else
    results+=("FAIL	ocamltest	no results (see build/tsan-check/ocamltest.log)")
  fi
fi

pass=0; fail=0; skip=0
for r in "${results[@]}"; do
  IFS=$'\t' read -r st name reason <<<"$r"
  case $st in PASS) pass=$((pass + 1)) ;; FAIL) fail=$((fail + 1)) ;; SKIP) skip=$((skip + 1)) ;; esac
  echo "$st $name${reason:+: $reason}"
done

# Distinct reports over the whole run.
if compgen -G "$reports/*" >/dev/null; then
  echo
  echo "ThreadSanitizer reports (distinct SUMMARY lines, count, tests):"
  for f in "$reports"/*; do
    tag=$(basename "$f"); tag=${tag%.*}
    grep '^SUMMARY: ThreadSanitizer' "$f" | sed "s|^SUMMARY: ThreadSanitizer: ||; s|\$|	$tag|" || true
  done | sort | awk -F'\t' '{ n[$1]++; if (index(t[$1], $2) == 0) t[$1] = t[$1] (t[$1] ? " " : "") $2 }
    END { for (k in n) printf "  %4d  %s  [%s]\n", n[k], k, t[k] }' | sort -k2
fi
echo
echo "$pass passed, $fail failed${skip:+, $skip skipped}"
[ "$fail" -eq 0 ]
