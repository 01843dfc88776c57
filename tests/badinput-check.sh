#!/usr/bin/env bash
# Bad input must give a clear one-line error and a non-zero exit status,
# never a crash or a hang.
#
#   tests/badinput-check.sh [--runtime PATH]
#
# Cases:
#   cli      missing file, a text file, an empty file, a directory, an
#            old magic number, no file at all: stderr and exit status must
#            equal stock ocamlrun's;
#   damaged  copies of a good executable with one thing broken (written by
#            tests/badinput/mkbad.ml): exit status 2, nothing on stdout,
#            one line on stderr matching the pattern listed below (an
#            unknown primitive fails when called, as issue 2 asks, so the
#            copy that renames an unused one must still run);
#   params   bad OCAMLRUNPARAM values: status 2, one line naming the
#            parameter;
#   fuzz     200 copies with a few random bytes of CODE or DATA changed
#            (fixed seed): the run must end by itself within 10 s and not
#            by a signal.  Bytecode cannot be type-checked, so some of
#            them run into a fault: mcrun reports it in one line (status 2).
# Prints one line per failure and per case group, then `N passed, N failed`.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
check_name=badinput-check
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
check_parse_runtime "$@"
check_runtime
check_reference

work=$root/build/badinput
rm -rf "$work"; mkdir -p "$work/files"
cp "$here/badinput/good.ml" "$here/badinput/mkbad.ml" "$work/"
(cd "$work" && "$ocamlc" -o good.byte good.ml && "$ocamlc" -o mkbad.byte mkbad.ml &&
  "$stock" ./mkbad.byte good.byte files) >"$work/build.log" 2>&1 ||
  check_abort "cannot build the corpus: $(cat "$work/build.log")"

# Run the runtime; sets rc, out, err.
run() {
  timeout -k 5 10 "$@" >"$work/out" 2>"$work/err"; rc=$?
  out=$(cat "$work/out"); err=$(cat "$work/err")
}

# The good program itself runs.
run "$runtime" "$work/good.byte"
if [ $rc -eq 0 ] && [ "$out" = "$("$stock" "$work/good.byte")" ]; then check_ok; else check_bad "good.byte: status $rc: $err"; fi

# --- cli: same as stock ---
: >"$work/empty"; echo "hello" >"$work/text"; mkdir -p "$work/adir"
cp "$work/files/magic-old" "$work/magic-old"
n0=$fail
for args in "$work/nonexistent.byte" "$work/text" "$work/empty" "$work/adir" "$work/magic-old" ""; do
  # shellcheck disable=SC2086
  run "$stock" $args; src=$rc; serr=$err
  # shellcheck disable=SC2086
  run "$runtime" $args
  if [ $rc -eq $src ] && [ "$err" = "$serr" ] && [ -z "$out" ]; then check_ok
  else check_bad "cli '${args#$work/}': status $rc (stock $src), stderr '$err' (stock '$serr')"; fi
done
echo "cli: $((6 - (fail - n0))) of 6 as stock"

# --- damaged executables ---
cases=(
  "truncated-trailer|is not a bytecode executable file|127"
  "truncated-half|is not a bytecode executable file|127"
  "truncated-table|truncated or corrupt bytecode file|2"
  "section-count-huge|bad section count|2"
  "section-count-zero|bad section count|2"
  "code-length-huge|truncated or corrupt bytecode file \(section CODE\)|2"
  "code-length-odd|corrupt CODE section|2"
  "code-length-zero|corrupt code \(empty\)|2"
  "code-missing|section CODE is missing|2"
  "data-length-zero|corrupt|2"
  "prim-length-huge|truncated or corrupt bytecode file \(section PRIM\)|2"
  "code-zeros|corrupt code|2"
  "code-bad-opcode|corrupt code \(bad opcode 9999 at 0\)|2"
  "code-bad-branch|corrupt code \(jump to|2"
  "code-falls-off-end|the last instruction falls through|2"
  "data-bad-magic|corrupt DATA section \(input_value: bad object\)|2"
  "data-garbage|corrupt DATA section|2"
  "data-ones|corrupt DATA section|2"
  "prim-unknown-called|the primitive 'caml_hasx' is not implemented|2"
  "prim-unterminated|corrupt PRIM section|2"
)
n0=$fail
for c in "${cases[@]}"; do
  IFS='|' read -r name pat want <<<"$c"
  run "$runtime" "$work/files/$name"
  lines=$(wc -l <"$work/err")
  if [ $rc -eq "$want" ] && [ -z "$out" ] && [ "$lines" -eq 1 ] && [[ $err =~ $pat ]]; then check_ok
  else check_bad "damaged $name: status $rc (want $want), $lines stderr lines: $(head -c 300 "$work/err")"; fi
done
echo "damaged: $((${#cases[@]} - (fail - n0))) of ${#cases[@]} rejected with a one-line error"

# A primitive that mcrun lacks only matters if it is called.
run "$runtime" "$work/files/prim-unknown-unused"
if [ $rc -eq 0 ] && [ "$out" = "$("$stock" "$work/good.byte")" ]; then check_ok; else check_bad "prim-unknown-unused: status $rc: $err"; fi

# --- bad OCAMLRUNPARAM ---
n0=$fail; np=0
for p in "s=abc" "s=" "o=-5" "v=0x" "s=99999999999999999999999" "l=1x"; do
  np=$((np + 1))
  OCAMLRUNPARAM=$p run "$runtime" "$work/good.byte"
  lines=$(wc -l <"$work/err")
  if [ $rc -eq 2 ] && [ -z "$out" ] && [ "$lines" -eq 1 ] && [[ $err == *OCAMLRUNPARAM* ]]; then check_ok
  else check_bad "OCAMLRUNPARAM='$p': status $rc, stdout '$out', stderr '$err'"; fi
done
echo "params: $((np - (fail - n0))) of $np rejected"

# --- fuzz ---
n0=$fail; nf=0; faults=0; clean=0
for f in "$work"/files/fuzz-*; do
  nf=$((nf + 1))
  run "$runtime" "$f"
  if [ $rc -ge 124 ]; then check_bad "fuzz $(basename "$f"): status $rc (timeout or signal): $(head -c 300 "$work/err")"; continue; fi
  check_ok
  case $err in *"fatal error: segmentation fault"*|*"fatal error: bus error"*) faults=$((faults + 1)) ;; esac
  [ $rc -ne 0 ] && [ "$(wc -l <"$work/err")" -le 1 ] && clean=$((clean + 1))
done
echo "fuzz: $((nf - (fail - n0))) of $nf ended by themselves ($clean with a one-line error, $faults of them on a fault)"
check_summary
