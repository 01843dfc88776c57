# Set-up shared by the benchmark drivers (sourced, not run): bench/run.sh,
# bench/parallel/run.sh and bench/latency/run.sh.  The caller defines
# die MESSAGE and sets $root, $runtime and $bdir (its build directory).

# The reference toolchain: sets $ocamlc and $stock.
bench_reference() {
  local ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
  ocamlc=$ref/install/bin/ocamlc
  stock=$ref/install/bin/ocamlrun
  [ -x "$ocamlc" ] && [ -x "$stock" ] ||
    die "reference OCaml 5.3.0 not found in $ref; run scripts/reference-ocaml.sh first"
}

# Time a private copy of $runtime (a rebuild during a long run must not
# change it): sets $runtime to the copy and $runtime_shown to the name to
# report; builds $peakrss (bench/peakrss.c) in $bdir.
bench_prepare() {
  case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
  [ -x "$runtime" ] || die "runtime '$runtime' not found (build it with 'make', or pass --runtime PATH)"
  command -v "${CC:-cc}" >/dev/null || die "a C compiler (\$CC or cc) is needed to build bench/peakrss.c"
  mkdir -p "$bdir"
  runtime_shown=${runtime#"$root"/}
  cp "$runtime" "$bdir/runtime-under-test.tmp"
  mv "$bdir/runtime-under-test.tmp" "$bdir/runtime-under-test"
  runtime=$bdir/runtime-under-test
  peakrss=$bdir/peakrss
  if [ ! -x "$peakrss" ] || [ "$root/bench/peakrss.c" -nt "$peakrss" ]; then
    "${CC:-cc}" -O2 -Wall -Wextra -o "$peakrss" "$root/bench/peakrss.c"
  fi
}

# bench_compile SRC [OCAMLC-ARGS...]: compile SRC (a .ml file) into
# $bdir/NAME.byte, cached by the source and the compiler's content.
bench_compile() {
  local src=$1; shift
  local n key byte
  n=$(basename "$src" .ml)
  key=$( { cat "$src"; sha256sum "$ocamlc" | cut -c1-16; } | sha256sum | cut -c1-16)
  byte=$bdir/$n-$key.byte
  if [ ! -f "$byte" ]; then
    rm -rf "$bdir/compile"; mkdir -p "$bdir/compile"
    cp "$src" "$bdir/compile/"
    (cd "$bdir/compile" && "$ocamlc" "$@" -o "$n.byte" "$n.ml") || die "cannot compile ${src#"$root"/}"
    mv "$bdir/compile/$n.byte" "$byte"
    rm -rf "$bdir/compile"
  fi
  ln -sf "$(basename "$byte")" "$bdir/$n.byte"
}
