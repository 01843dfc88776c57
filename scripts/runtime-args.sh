# Sourced by the runtime wrappers that scripts/ocamltest.sh and
# scripts/tsan-check.sh write: runtime_program ARGS... prints the bytecode
# program named by an ocamlrun command line (the first argument that is not
# an option; -I takes a value), or nothing.
runtime_program() {
  while [ $# -gt 0 ]; do
    case $1 in
      -I) shift; [ $# -gt 0 ] && shift ;;
      -*) shift ;;
      *) printf '%s' "$1"; return ;;
    esac
  done
}
