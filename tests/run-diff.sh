#!/usr/bin/env bash
# Differential test runner: compiles every tests/diff/*.ml with the reference
# ocamlc, runs the bytecode on stock ocamlrun and on the runtime under test,
# and compares stdout, stderr and exit status byte for byte.
#
#   tests/run-diff.sh [--runtime PATH] [--jobs N] [--filter REGEX] [--keep]
#                     [--timeout SECONDS]
#
# Compiled programs are cached in build/diff-cache/byte/ by a hash of the
# source, flags and compiler; stock's results in build/diff-cache/stock/ by a
# hash of the bytecode, environment, arguments and stdin, so that a rerun
# only runs the runtime under test.  Per-test options are read from comments
# at the top of each .ml file; see tests/diff/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
diffdir=$here/diff

runtime=$root/build/mcrun
jobs=2
filter=
keep=0
default_timeout=60

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?--runtime needs a path}; shift 2 ;;
    --runtime=*) runtime=${1#*=}; shift ;;
    --jobs|-j) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    -j[0-9]*) jobs=${1#-j}; shift ;;
    --filter) filter=${2:?--filter needs a regex}; shift 2 ;;
    --filter=*) filter=${1#*=}; shift ;;
    --keep) keep=1; shift ;;
    --timeout) default_timeout=${2:?--timeout needs seconds}; shift 2 ;;
    --timeout=*) default_timeout=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run-diff: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done

die() { echo "run-diff: $*" >&2; exit 2; }

case $jobs in ''|*[!0-9]*|0) die "--jobs wants a positive integer, not '$jobs'" ;; esac

# The reference toolchain: built by scripts/reference-ocaml.sh.
ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
[ -f "$ref/.built" ] && [ -x "$ref/install/bin/ocamlc" ] && [ -x "$ref/install/bin/ocamlrun" ] ||
  die "reference OCaml 5.3.0 not found in $ref; run scripts/reference-ocaml.sh first"
ocamlc=$ref/install/bin/ocamlc
stock=$ref/install/bin/ocamlrun

case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -e "$runtime" ] || die "runtime under test '$runtime' does not exist (build it with 'make', or pass --runtime PATH)"
[ -x "$runtime" ] || die "runtime under test '$runtime' is not executable"

cache=$root/build/diff-cache
out=$root/build/diff-out
mkdir -p "$cache/byte" "$cache/stock" "$out"

# Run a private copy of the runtime under test, so that a rebuild during the
# run (other people run `make`) does not change or remove it mid-way.
snapshot=$out/.runtime-$$
cp "$runtime" "$snapshot"
trap 'rm -f "$snapshot"' EXIT
runtime=$snapshot

# Identity of the compiler and of stock: part of every cache key.
toolid=$( { sha256sum "$ocamlc" "$stock" | cut -d' ' -f1; echo "runner-v1"; } | sha256sum | cut -c1-16)

# Extract the value of a "(* key: value *)" header comment from the first
# 15 lines of a test source.  Several lines with the same key are joined.
header() {
  head -n 15 "$1" | sed -n "s/^(\*[[:space:]]*$2:[[:space:]]*\(.*[^[:space:]]\)[[:space:]]*\*)[[:space:]]*\$/\1/p" | tr '\n' ' ' | sed 's/ *$//'
}

hash_of() { sha256sum | cut -c1-32; }

# Print a short description of the first difference between two files.
first_diff() {
  local a=$1 b=$2 line
  local msg
  msg=$(cmp -- "$a" "$b" 2>&1 || true)
  case $msg in
    *"EOF on"*)
      # One file is a prefix of the other.
      if [ "$(wc -c <"$a")" -lt "$(wc -c <"$b")" ]; then
        line=$(( $(wc -l <"$a") + 1 ))
        printf 'line %s: stock ended, got %s' "$line" "$(show_line "$b" "$line")"
      else
        line=$(( $(wc -l <"$b") + 1 ))
        printf 'line %s: expected %s, output ended' "$line" "$(show_line "$a" "$line")"
      fi ;;
    *"line "*)
      line=${msg##*line }
      printf 'line %s: expected %s, got %s' "$line" "$(show_line "$a" "$line")" "$(show_line "$b" "$line")" ;;
    *) printf '%s' "$msg" ;;
  esac
}

describe_status() {
  if [ "$1" -gt 128 ] 2>/dev/null; then
    printf '%s (signal %s)' "$1" "$(( $1 - 128 ))"
  else
    printf '%s' "$1"
  fi
}

show_line() {
  local l
  l=$(sed -n "$2{p;q}" "$1" | cut -c1-100 | tr -d '\r')
  if [ -z "$l" ] && [ "$(sed -n "$2p" "$1" | wc -c)" -eq 0 ]; then
    printf '<none>'
  else
    printf "'%s'" "$l"
  fi
}

# Run one program: run_prog RUNTIME BYTE ARGS-ARRAY-NAME ENV-STRING STDIN DIR TIMEOUT
# Leaves DIR/stdout, DIR/stderr, DIR/status (exit code, "TIMEOUT" or "signal N").
run_prog() {
  local rt=$1 byte=$2 env_s=$3 args_s=$4 stdin=$5 dir=$6 tmo=$7 name=$8
  local cwd=$dir/cwd
  rm -rf "$dir"; mkdir -p "$cwd"
  cp "$byte" "$cwd/$name.byte"
  local -a envv=(PATH=/usr/local/bin:/usr/bin:/bin HOME="$cwd" LANG=C LC_ALL=C TMPDIR="$cwd" MCRUN_DIFF=1)
  local -a argv=()
  # shellcheck disable=SC2206
  [ -n "$env_s" ] && envv+=($env_s)
  # shellcheck disable=SC2206
  [ -n "$args_s" ] && argv=($args_s)
  local rc=0
  (
    cd "$cwd"
    ulimit -f 131072  # 64 MiB of output at most (512-byte blocks)
    exec env -i "${envv[@]}" timeout -k 5 "$tmo" "$rt" "./$name.byte" ${argv[@]+"${argv[@]}"} \
      <"$stdin" >"$dir/stdout" 2>"$dir/stderr"
  ) || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo TIMEOUT >"$dir/status"
  else
    echo "$rc" >"$dir/status"
  fi
  if [ "$keep" -eq 0 ]; then rm -rf "$cwd"; fi
}

# Compile (or find in the cache) and run one test; print its result line.
run_test() {
  local src=$1
  local name; name=$(basename "$src" .ml)
  local flags env_s args_s libs tmo stdin
  flags=$(header "$src" flags)
  env_s=$(header "$src" env)
  args_s=$(header "$src" args)
  libs=$(header "$src" libs)
  tmo=$(header "$src" timeout); tmo=${tmo:-$default_timeout}
  stdin=/dev/null
  [ -f "$diffdir/$name.stdin" ] && stdin=$diffdir/$name.stdin

  local libflags=""
  local lib
  for lib in $libs; do libflags="$libflags -I +$lib $lib.cma"; done

  local bkey; bkey=$( { cat "$src"; echo "flags=$flags libs=$libs name=$name tool=$toolid"; } | hash_of)
  local byte=$cache/byte/$name-$bkey.byte
  local tdir=$out/$name
  rm -rf "$tdir"; mkdir -p "$tdir"

  if [ ! -f "$byte" ]; then
    local cdir=$tdir/compile
    mkdir -p "$cdir"
    cp "$src" "$cdir/$name.ml"
    # shellcheck disable=SC2086
    if ! (cd "$cdir" && "$ocamlc" $flags $libflags -o "$name.byte" "$name.ml") >"$tdir/compile.log" 2>&1; then
      echo "FAIL $name: compile error: $( { grep -m1 '^Error' "$tdir/compile.log" || head -n1 "$tdir/compile.log"; } | cut -c1-100)" >"$tdir/result"
      return 0
    fi
    mv "$cdir/$name.byte" "$byte.tmp.$$" && mv "$byte.tmp.$$" "$byte"
    rm -rf "$cdir" "$tdir/compile.log"
  fi

  # Stock's results, cached by bytecode, environment, arguments and stdin.
  local skey; skey=$( { echo "$bkey|$env_s|$args_s|$tmo|$toolid"; cat "$stdin"; } | hash_of)
  local sdir=$cache/stock/$name-$skey
  if [ ! -f "$sdir/status" ]; then
    local tmp=$cache/stock/.tmp.$name.$$
    run_prog "$stock" "$byte" "$env_s" "$args_s" "$stdin" "$tmp" "$tmo" "$name"
    rm -rf "$tmp/cwd" "$sdir"
    mv "$tmp" "$sdir"
  fi

  run_prog "$runtime" "$byte" "$env_s" "$args_s" "$stdin" "$tdir/test" "$tmo" "$name"

  local what=""
  local st_s st_t; st_s=$(cat "$sdir/status"); st_t=$(cat "$tdir/test/status")
  if [ "$st_t" = TIMEOUT ]; then
    what="TIMEOUT after ${tmo}s"
  elif [ "$st_s" = TIMEOUT ]; then
    what="stock timed out after ${tmo}s (test too slow?)"
  elif ! cmp -s "$sdir/stdout" "$tdir/test/stdout"; then
    what="stdout $(first_diff "$sdir/stdout" "$tdir/test/stdout")"
  elif ! cmp -s "$sdir/stderr" "$tdir/test/stderr"; then
    what="stderr $(first_diff "$sdir/stderr" "$tdir/test/stderr")"
  elif [ "$st_s" != "$st_t" ]; then
    what="exit code: expected $(describe_status "$st_s"), got $(describe_status "$st_t")"
  fi

  if [ -z "$what" ]; then
    echo "PASS $name" >"$tdir/result.tmp"
    if [ "$keep" -eq 0 ]; then rm -rf "$tdir/test"; fi
  else
    # Keep both sides for inspection.
    mkdir -p "$tdir/stock"
    cp "$sdir/stdout" "$sdir/stderr" "$sdir/status" "$tdir/stock/"
    if [ "$st_t" = TIMEOUT ]; then
      echo "TIMEOUT $name: $what" >"$tdir/result.tmp"
    else
      echo "FAIL $name: $what" >"$tdir/result.tmp"
    fi
  fi
  mv "$tdir/result.tmp" "$tdir/result"
}

tests=()
for f in "$diffdir"/*.ml; do
  [ -e "$f" ] || continue
  n=$(basename "$f" .ml)
  if [ -n "$filter" ] && ! [[ $n =~ $filter ]]; then continue; fi
  tests+=("$f")
done
[ ${#tests[@]} -gt 0 ] || die "no tests in $diffdir match '${filter:-.*}'"

for f in "${tests[@]}"; do rm -f "$out/$(basename "$f" .ml)/result"; done

# Workers run in the background; the main loop prints results in order.
export -f run_test run_prog header hash_of first_diff show_line describe_status
export diffdir ocamlc stock runtime cache out toolid keep default_timeout
printf '%s\n' "${tests[@]}" | xargs -d '\n' -P "$jobs" -n 1 bash -c 'run_test "$1" || echo "FAIL $(basename "$1" .ml): runner error" >"$out/$(basename "$1" .ml)/result"' _ &
workers=$!
trap 'kill "$workers" 2>/dev/null || true; rm -f "$snapshot"' INT TERM

pass=0 fail=0
failed=()
for f in "${tests[@]}"; do
  n=$(basename "$f" .ml)
  while [ ! -f "$out/$n/result" ]; do
    if ! kill -0 "$workers" 2>/dev/null && [ ! -f "$out/$n/result" ]; then
      mkdir -p "$out/$n"; echo "FAIL $n: runner error (no result)" >"$out/$n/result"
      break
    fi
    sleep 0.05
  done
  line=$(cat "$out/$n/result")
  echo "$line"
  case $line in
    PASS*) pass=$((pass + 1)); [ "$keep" -eq 1 ] || rm -rf "${out:?}/$n" ;;
    *) fail=$((fail + 1)); failed+=("$n") ;;
  esac
done
wait "$workers" || true

echo "$pass passed, $fail failed"
if [ "$fail" -gt 0 ]; then
  echo "(outputs of failed tests: build/diff-out/<name>/{stock,test}/)" >&2
  exit 1
fi
