#!/usr/bin/env bash
# The OCaml tools as test programs: ocamlc.byte, ocamllex.byte and
# ocamldep.byte of the reference installation, run on the runtime under
# test, must produce byte-identical files and output to the same tools run
# on stock ocamlrun.
#
#   scripts/tools-check.sh [--runtime PATH] [--jobs N] [--filter REGEX] [--keep]
#
# Checks: ocamlc.byte compiles each tests/diff/*.ml (with its `flags:` and
# `libs:` header) into .byte/.cmo/.cmi files; ocamllex.byte on the .mll
# files of the reference sources and tests/diff/tools/*.mll; ocamldep.byte on
# tests/diff and on directories of the reference compiler sources.  Stock's
# results are cached in build/tools-cache/.  Prints one line per check and
# `N passed, N failed`; exits non-zero on any failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

runtime=$root/build/mcrun
jobs=2
filter=
keep=0
tmo=300

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "tools-check: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?}; shift 2 ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --filter) filter=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "tools-check: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
case $jobs in ''|*[!0-9]*|0) die "--jobs wants a positive integer" ;; esac

ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
bin=$ref/install/bin
src=$ref/src
[ -f "$ref/.built" ] && [ -x "$bin/ocamlrun" ] && [ -f "$bin/ocamlc.byte" ] ||
  die "reference OCaml 5.3.0 not found in $ref; run scripts/reference-ocaml.sh first"
stock=$bin/ocamlrun
case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -x "$runtime" ] || die "runtime '$runtime' not found (build it with 'make', or pass --runtime PATH)"

cache=$root/build/tools-cache
work=$root/build/tools-out
mkdir -p "$cache" "$work"
toolid=$(sha256sum "$bin/ocamlc.byte" "$bin/ocamllex.byte" "$bin/ocamldep.byte" "$stock" | sha256sum | cut -c1-16)

header() {
  head -n 15 "$1" | sed -n "s/^(\*[[:space:]]*$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\*)[[:space:]]*\$/\1/p" | tr '\n' ' ' | sed 's/ *$//'
}

# Build the list of checks: "kind|name|input".
checks=()
for f in "$root"/tests/diff/*.ml; do
  [ -e "$f" ] || continue
  checks+=("ocamlc|ocamlc $(basename "$f" .ml)|$f")
done
for f in "$src"/parsing/lexer.mll "$src"/lex/lexer.mll "$src"/ocamltest/tsl_lexer.mll \
         "$src"/testsuite/tools/lexcmm.mll "$src"/utils/*.mll "$src"/tools/*.mll "$root"/tests/diff/tools/*.mll; do
  [ -f "$f" ] || continue
  rel=${f#"$src"/}; rel=${rel#"$root"/}
  checks+=("ocamllex|ocamllex $rel|$f")
done
checks+=("ocamldep|ocamldep tests/diff|$root/tests/diff")
for d in parsing typing bytecomp utils stdlib; do
  [ -d "$src/$d" ] && checks+=("ocamldep|ocamldep $d|$src/$d")
done

# Run a tool in a fresh directory: run_tool RUNTIME KIND INPUT DIR
# Leaves DIR/cwd (all produced files), DIR/stdout, DIR/stderr, DIR/status.
# The tool always runs in the same directory, $work/run/<slug>/cwd, then the
# results move to DIR: with -g, ocamlc records the working directory in the
# debug information, so stock and the runtime under test must see the same.
run_tool() {
  local rt=$1 kind=$2 input=$3 dir=$4 slug=$5
  local rdir=$work/run/$slug
  rm -rf "$rdir"; mkdir -p "$rdir/cwd"
  run_tool_in "$rt" "$kind" "$input" "$rdir"
  rm -rf "$dir"; mkdir -p "$(dirname "$dir")"; mv "$rdir" "$dir"
}

run_tool_in() {
  local rt=$1 kind=$2 input=$3 dir=$4
  local rc=0
  case $kind in
    ocamlc)
      local name flags libs libflags="" lib
      name=$(basename "$input" .ml)
      flags=$(header "$input" flags); libs=$(header "$input" libs)
      for lib in $libs; do libflags="$libflags -I +$lib $lib.cma"; done
      cp "$input" "$dir/cwd/$name.ml"
      # shellcheck disable=SC2086
      (cd "$dir/cwd" && exec timeout -k 5 "$tmo" "$rt" "$bin/ocamlc.byte" $flags $libflags -o "$name.byte" "$name.ml") \
        >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$? ;;
    ocamllex)
      cp "$input" "$dir/cwd/lexer.mll"
      (cd "$dir/cwd" && exec timeout -k 5 "$tmo" "$rt" "$bin/ocamllex.byte" -ml -o lexer.ml lexer.mll) \
        >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
      (cd "$dir/cwd" && exec timeout -k 5 "$tmo" "$rt" "$bin/ocamllex.byte" -q -o lexer_tables.ml lexer.mll) \
        >>"$dir/stdout" 2>>"$dir/stderr" </dev/null || rc=$((rc + $?)) ;;
    ocamldep)
      (cd "$input" && exec timeout -k 5 "$tmo" "$rt" "$bin/ocamldep.byte" -one-line ./*.ml) \
        >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
      (cd "$input" && exec timeout -k 5 "$tmo" "$rt" "$bin/ocamldep.byte" -modules -sort ./*.ml) \
        >>"$dir/stdout" 2>>"$dir/stderr" </dev/null || rc=$((rc + $?)) ;;
  esac
  echo "$rc" >"$dir/status"
}

check_one() {
  local spec=$1
  local kind=${spec%%|*} rest=${spec#*|}
  local name=${rest%%|*} input=${rest#*|}
  local key
  if [ "$kind" = ocamldep ]; then
    key=$( { echo "$kind $toolid"; cat "$input"/*.ml; } | sha256sum | cut -c1-32)
  else
    key=$( { echo "$kind $toolid"; cat "$input"; } | sha256sum | cut -c1-32)
  fi
  local slug=${name//[^A-Za-z0-9_.-]/_}
  local sdir=$cache/$slug-$key
  local tdir=$work/$slug
  mkdir -p "$work/run"
  (
    flock 8
    if [ ! -f "$sdir/status" ]; then
      run_tool "$stock" "$kind" "$input" "$sdir.tmp.$$" "$slug"
      rm -rf "$sdir"; mv "$sdir.tmp.$$" "$sdir"
    fi
    run_tool "$runtime" "$kind" "$input" "$tdir" "$slug"
  ) 8>"$work/run/$slug.lock"
  local what=""
  if [ "$(cat "$tdir/status")" != "$(cat "$sdir/status")" ]; then
    what="exit status: stock $(cat "$sdir/status"), test $(cat "$tdir/status")"
  elif ! cmp -s "$sdir/stdout" "$tdir/stdout"; then
    what="stdout differs"
  elif ! cmp -s "$sdir/stderr" "$tdir/stderr"; then
    what="stderr differs: $(head -c 100 "$tdir/stderr" | tr '\n' ' ')"
  else
    local sl tl
    sl=$(cd "$sdir/cwd" && find . -type f | sort)
    tl=$(cd "$tdir/cwd" && find . -type f | sort)
    if [ "$sl" != "$tl" ]; then
      what="different files produced: stock [$(echo $sl)] test [$(echo $tl)]"
    else
      local f
      for f in $sl; do
        if ! cmp -s "$sdir/cwd/$f" "$tdir/cwd/$f"; then what="${f#./} differs ($(cmp "$sdir/cwd/$f" "$tdir/cwd/$f" 2>&1 | sed 's/.*differ: //'))"; break; fi
      done
    fi
  fi
  if [ -z "$what" ]; then
    echo "PASS $name"
    [ "$keep" -eq 1 ] || rm -rf "$tdir"
  else
    echo "FAIL $name: $what"
  fi
}
export -f check_one run_tool run_tool_in header
export cache work runtime stock bin toolid keep tmo

selected=()
for c in "${checks[@]}"; do
  n=${c#*|}; n=${n%%|*}
  if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
  selected+=("$c")
done
[ ${#selected[@]} -gt 0 ] || die "no checks match '$filter'"

results=$(printf '%s\n' "${selected[@]}" | xargs -d '\n' -P "$jobs" -n 1 bash -c 'check_one "$1"' _ | sort -k2)
echo "$results"
pass=$(grep -c '^PASS' <<<"$results" || true)
fail=$(grep -vc '^PASS' <<<"$results" || true)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
