#!/usr/bin/env bash
# Checks embedding (docs/embedding.md): OCaml programs made into C objects
# by `ocamlc -output-obj`, linked into a C program (tests/embed/host.c) once
# with stock's libcamlrun.a and once with mcrun's libmcrun.o (found beside
# the runtime under test).  Both executables must print the same and exit
# with the same status: startup with caml_startup and caml_startup_exn,
# callbacks (with collections while C holds values), C primitives of the
# host called from OCaml, exceptions returned by caml_callback_exn, an
# exception left uncaught in a callback, caml_shutdown running at_exit
# once every caml_startup is matched, the errors of unmatched calls, and a
# program that raises while initialising.
#
#   tests/embed-check.sh [--runtime PATH]
# Prints one line per check and "N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
check_name=embed-check
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
check_parse_runtime "$@"
check_runtime
check_reference
cc=${CC:-cc}
lib=$(dirname "$runtime")/libmcrun.o
[ -f "$lib" ] || check_abort "no $lib (build it with make)"
# A sanitizer build's object needs the sanitizer runtimes at link time.
sanflags=
if grep -q __asan_init "$runtime" 2>/dev/null; then sanflags="-fsanitize=address,undefined"
elif grep -q __tsan_init "$runtime" 2>/dev/null; then sanflags="-fsanitize=thread"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || check_abort "cannot enter $work"
cp "$here"/embed/* . || check_abort "cannot copy $here/embed"
inc=$("$ocamlc" -where)

# build NAME ML: NAME.stock and NAME.mcrun from ML and host.c.
build() {
  "$ocamlc" -output-obj -o "$1-ml.o" "$2" &&
    $cc -I "$inc" -c host.c -o host.o &&
    $cc -o "$1.stock" host.o "$1-ml.o" -L"$inc" -lcamlrun -lm -ldl -lpthread &&
    $cc $sanflags -o "$1.mcrun" host.o "$1-ml.o" "$lib" -lm -ldl -lpthread
}
build prog prog.ml || check_abort "cannot build prog.ml into a C program"
build failing failing.ml || check_abort "cannot build failing.ml into a C program"

# same NAME EXE ARGS...: stock's and mcrun's executables agree.
same() {
  local name=$1 exe=$2
  shift 2
  # (Braces: the shell's own "Aborted" notice stays out of the output.)
  { "./$exe.stock" "$@" >exp.out 2>exp.err; } 2>/dev/null
  local erc=$?
  { "./$exe.mcrun" "$@" >got.out 2>got.err; } 2>/dev/null
  local grc=$?
  if [ "$erc" = "$grc" ] && cmp -s exp.out got.out && cmp -s exp.err got.err; then
    check_ok "$name (status $grc, $(wc -l <got.out) lines)"
  else
    check_bad "$name: status $grc (stock $erc); $(diff exp.out got.out | head -5 | tr '\n' ' ') \
stderr $(head -c 300 got.err | tr '\n' ' ') (stock $(head -c 300 exp.err | tr '\n' ' '))"
  fi
}
same "caml_startup, callbacks, host primitives, caml_shutdown" prog plain
same "caml_startup_exn" prog exn
same "exception uncaught in a callback" prog uncaught
same "caml_startup after the last caml_shutdown" prog restart
same "caml_shutdown without caml_startup" prog shutdown3
same "caml_startup: exception while initialising" failing plain
same "caml_startup_exn: exception while initialising" failing exn
OCAMLRUNPARAM=b same "caml_startup: exception while initialising, OCAMLRUNPARAM=b" failing plain
check_summary
