#!/usr/bin/env bash
# Checks what mcrun does with the C stub libraries a bytecode file names
# (its DLLS section), see src/stublibs.c:
#   1. a library mcrun does not provide, with primitives mcrun lacks: the
#      load fails at once, exit 2, one line naming the library and them;
#   2. a library mcrun does not provide whose primitives mcrun all has:
#      the program runs;
#   3. the distribution's libraries (str, unix): the program runs;
#   4. no library, an unknown external never called: the program runs
#      (unknown primitives fail only when called);
#   5. third-party stub libraries (tests/stubs/mcstub.c, compiled against
#      stock's headers by stock ocamlmklib, docs/c-stubs.md): stock's
#      domain-state layout against mcrun's constants; programs linked with
#      -dllib (with custom blocks that marshal; the library found through -I,
#      CAML_LD_LIBRARY_PATH and the
#      executable's DLPT), with systhreads, and loaded by Dynlink, print
#      what they print on stock; libraries that cannot load are refused
#      with stock's words, including one that calls a function of stock's
#      runtime that mcrun does not export.
#
#   tests/stublibs-check.sh [--runtime PATH]
# Prints one line per check and "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
check_name=stublibs-check
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
check_parse_runtime "$@"
check_runtime
check_reference
cc=${CC:-cc}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || check_abort "cannot enter $work"

check() {  # check NAME CONDITION-RESULT DETAIL
  if [ "$2" -eq 0 ]; then check_ok "$1"; else check_bad "$1: $3"; fi
}

# A stand-in stub library: ocamlc looks the primitives up in it when
# linking; it is removed before running, as if it had never been built.
printf 'long foo_hello(long u) { return u; }\nlong foo_bye(long u) { return u; }\n' >foo.c
$cc -shared -fPIC -o dllfoo.so foo.c || check_abort "cannot build dllfoo.so with $cc"

cat >missing.ml <<'EOF'
external foo_hello : unit -> int = "foo_hello"
external foo_bye : int -> int = "foo_bye"
let () = print_endline "started"; if Array.length Sys.argv > 5 then print_int (foo_bye (foo_hello ()))
EOF
cat >harmless.ml <<'EOF'
let () = print_endline (String.concat "," ["no"; "foreign"; "primitive"])
EOF
cat >distrib.ml <<'EOF'
let () = print_endline (Str.global_replace (Str.regexp "o+") "0" "foo boo")
EOF
cat >deferred.ml <<'EOF'
external nowhere : unit -> unit = "mcrun_test_nowhere"
let () = print_endline "started"; if Array.length Sys.argv > 5 then nowhere ()
EOF
"$ocamlc" -dllib -lfoo missing.ml -o missing.byte &&
  "$ocamlc" -dllib -lfoo harmless.ml -o harmless.byte &&
  "$ocamlc" -I +str str.cma distrib.ml -o distrib.byte &&
  "$ocamlc" -no-check-prims deferred.ml -o deferred.byte || check_abort "cannot compile the programs of checks 1-4"
rm -f dllfoo.so

"$runtime" ./missing.byte >out 2>err
rc=$?
msg=$(cat err)
ok=1
[ "$rc" -eq 2 ] && [ ! -s out ] && [ "$(wc -l <err)" -eq 1 ] &&
  [[ $msg == *dllfoo* ]] && [[ $msg == *foo_hello* ]] && [[ $msg == *foo_bye* ]] && ok=0
check "unknown library, missing primitives" $ok "status $rc, stdout '$(cat out)', stderr '$msg'"

"$runtime" ./harmless.byte >out 2>err
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat out)" = "no,foreign,primitive" ] && [ ! -s err ]
check "unknown library, nothing missing" $? "status $rc, stdout '$(cat out)', stderr '$(cat err)'"

"$runtime" ./distrib.byte >out 2>err
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat out)" = "f0 b0" ] && [ ! -s err ]
check "distribution library (str)" $? "status $rc, stdout '$(cat out)', stderr '$(cat err)'"

"$runtime" ./deferred.byte >out 2>err
rc=$?
[ "$rc" -eq 0 ] && [ "$(cat out)" = started ]
check "no library, unknown external not called" $? "status $rc, stdout '$(cat out)', stderr '$(cat err)'"

# ---- 5. Third-party stub libraries ----
stubs=$here/stubs
inc=$("$ocamlc" -where)
mklib=$bin/ocamlmklib
mkdir tp && cd tp && cp "$stubs"/*.ml "$stubs"/*.c . || check_abort "cannot copy $stubs"

# The facts src/domain.h hard-codes, from stock's headers.
$cc -I "$inc" state_layout.c -o state_layout || check_abort "cannot build state_layout.c"
facts=$(./state_layout)
ours=$(awk '$1 == "#define" && $2 == "MC_CAPI_STATE_WORDS" {w=$3} $1 == "#define" && $2 == "MC_CAPI_LOCAL_ROOTS" {r=$3}
            $1 == "#define" && $2 == "MC_CAPI_DOMAIN_ID" {i=$3} END {print w, r, i}' "$root/src/domain.h")
[ "$facts" = "$ours" ]
check "stock domain state layout (words, local_roots, id)" $? "stock '$facts', src/domain.h '$ours'"

PATH=$ref/install/bin:$PATH
{ "$ocamlc" -c -ccopt -Wall mcstub.c && "$mklib" -o mcstub mcstub.o &&
  "$ocamlc" -dllib -lmcstub stubtest.ml -o stubtest.byte &&
  "$ocamlc" -dllib -lmcstub -dllpath "$PWD" stubtest.ml -o stubtest_dlpt.byte &&
  "$ocamlc" -I +unix -I +threads unix.cma threads.cma -dllib -lmcstub threadtest.ml -o threadtest.byte &&
  "$ocamlc" -c plugin.ml && "$ocamlc" -a -o plugin.cma plugin.cmo -dllib -lmcstub &&
  "$ocamlc" -I +dynlink dynlink.cma dynhost.ml -o dynhost.byte &&
  "$ocamlc" -c broken.c && "$mklib" -o broken broken.o &&
  "$ocamlc" -c -ccopt -DUNDEFINED -o undefined.o broken.c && "$mklib" -o undefined undefined.o &&
  printf 'external call : float -> float = "broken_call"\nlet () = print_endline "started"\n' >usebroken.ml &&
  "$ocamlc" -dllib -lbroken usebroken.ml -o usebroken.byte &&
  "$ocamlc" -dllib -lundefined usebroken.ml -o useundefined.byte; } >build.log 2>&1 ||
  { check_bad "building the third-party stubs: $(tail -5 build.log)"; check_summary; exit 1; }

# same NAME RUN-PREFIX... -- PROGRAM ARGS: stdout+stderr and status as stock's
same() {
  local name=$1; shift
  local pre=()
  while [ "$1" != -- ]; do pre+=("$1"); shift; done
  shift
  env CAML_LD_LIBRARY_PATH="$PWD" "$stock" "$@" >expected 2>&1
  local erc=$?
  env "${pre[@]}" "$runtime" $mcflags "$@" >got 2>&1
  local grc=$?
  [ "$erc" -eq "$grc" ] && cmp -s expected got
  check "$name" $? "status $grc (stock $erc); diff: $(diff expected got | head -5)"
}
mcflags="-I $PWD"; same "-dllib library found through -I" LANG=C -- ./stubtest.byte
mcflags=; same "-dllib library found through CAML_LD_LIBRARY_PATH" CAML_LD_LIBRARY_PATH="$PWD" -- ./stubtest.byte
# The stock output of stubtest.byte is still in `expected`.
mcflags=; (cd / && env CAML_LD_LIBRARY_PATH= "$runtime" "$OLDPWD/stubtest_dlpt.byte" >"$OLDPWD/got" 2>&1)
grc=$?
[ "$grc" -eq 0 ] && cmp -s expected got
check "-dllib library found through the DLPT section" $? "status $grc; diff: $(diff expected got | head -5)"
mcflags=; same "stubs under systhreads" CAML_LD_LIBRARY_PATH="$PWD" -- ./threadtest.byte
mcflags=; same "stubs loaded by Dynlink" CAML_LD_LIBRARY_PATH="$PWD" -- ./dynhost.byte plugin.cma

# A library that cannot load: stock's words, on one line.
# (stock aborts: the subshell keeps the shell's report of it quiet)
(CAML_LD_LIBRARY_PATH=$PWD "$stock" ./useundefined.byte >/dev/null 2>expected; true) 2>/dev/null
CAML_LD_LIBRARY_PATH=$PWD "$runtime" ./useundefined.byte >out 2>err
rc=$?
want=$(head -1 expected | sed 's/^Fatal error: //')
[ "$rc" -eq 2 ] && [ ! -s out ] && [ "$(wc -l <err)" -eq 1 ] && [[ $(cat err) == *"$want"* ]] &&
  grep -q "undefined symbol: mcs_nowhere" err
check "library with an undefined symbol" $? "status $rc, stderr '$(cat err)', stock '$(cat expected)'"

# A stub calling a function of stock's runtime that mcrun does not export.
CAML_LD_LIBRARY_PATH=$PWD "$runtime" ./usebroken.byte >out 2>err
rc=$?
[ "$rc" -eq 2 ] && [ ! -s out ] && grep -q "cannot load shared library dllbroken.*undefined symbol: caml_abs_float" err
check "stub calling an unexported runtime function" $? "status $rc, stderr '$(cat err)'"

check_summary
