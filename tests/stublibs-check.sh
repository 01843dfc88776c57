#!/usr/bin/env bash
# Checks what mcrun does with the C stub libraries a bytecode file names
# (its DLLS section), see src/stublibs.c:
#   1. a library mcrun does not provide, with primitives mcrun lacks: the
#      load fails at once, exit 2, one line naming the library and them;
#   2. a library mcrun does not provide whose primitives mcrun all has:
#      the program runs;
#   3. the distribution's libraries (str, unix): the program runs;
#   4. no library, an unknown external never called: the program runs
#      (unknown primitives fail only when called).
#
#   tests/stublibs-check.sh [--runtime PATH]
# Prints one line per check and "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runtime=$root/build/mcrun
[ "${1:-}" = --runtime ] && runtime=$2
case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
ocamlc=$ref/install/bin/ocamlc
cc=${CC:-cc}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

pass=0 fail=0
check() {  # check NAME CONDITION-RESULT DETAIL
  if [ "$2" -eq 0 ]; then echo "PASS $1"; pass=$((pass + 1)); else echo "FAIL $1: $3"; fail=$((fail + 1)); fi
}

# A stand-in stub library: ocamlc looks the primitives up in it when
# linking; it is removed before running, as if it had never been built.
printf 'long foo_hello(long u) { return u; }\nlong foo_bye(long u) { return u; }\n' >foo.c
$cc -shared -fPIC -o dllfoo.so foo.c || exit 2

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
  "$ocamlc" -no-check-prims deferred.ml -o deferred.byte || { echo "compilation failed"; exit 2; }
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
