#!/usr/bin/env bash
# Differential checks of the OCaml toplevel, Dynlink and the test suite's
# expect tool, run by stock ocamlrun and by the runtime under test:
#
#   scripts   `ocaml tests/toplevel/script_*.ml [args]`: stdout, stderr,
#             exit status (args from a "(* args: ... *)" first line);
#   stdin     `ocaml < tests/toplevel/session_*.txt` (prompts and printed
#             values, no terminal);
#   pty       an interactive session in tmux: each line of
#             tests/toplevel/pty_*.txt is typed, the next one after the
#             prompt comes back; the screens are compared;
#   dynlink   tests/toplevel/dynlink/host.ml loading .cmo and .cma plugins
#             (stock runs the -custom executable ocamlc makes, mcrun the
#             same file);
#   expect    the expect tool on typing-* tests of the reference tree (both
#             passes, the second with -principal, as ocamltest runs it).
#
#   tests/toplevel-check.sh [--runtime PATH] [--only KIND] [--expect-all]
#
# --expect-all: every simple expect test of typing-* (about 200) instead
# of a sample of 26.  Prints one line per check and "N passed, N failed";
# outputs of failures are kept in build/toplevel-check/.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
src=$here/toplevel
check_name=toplevel-check
# shellcheck source=tests/check-lib.sh
. "$here/check-lib.sh"
only=
expect_all=0
while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --expect-all) expect_all=1; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "toplevel-check: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
check_runtime
check_reference
ocaml=$bin/ocaml
expect_tool=$ref/src/testsuite/tools/expect
[ -f "$ocaml" ] || check_abort "no toplevel at $ocaml"

out=$root/build/toplevel-check
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"; tmux kill-server -L "mcrun-tl-$$" 2>/dev/null || true' EXIT

result() {  # result NAME DIR: compares DIR/stock and DIR/test
  local name=$1 dir=$2
  if diff -r "$dir/stock" "$dir/test" >"$dir/diff" 2>&1; then
    check_ok "$name"
    rm -rf "$dir"
  else
    check_bad "$name: $(grep -m1 '^[<>]' "$dir/diff" | cut -c1-120)"
  fi
}
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

# A clean environment, the same for both runtimes.
clean_env=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$work" LANG=C LC_ALL=C TERM=dumb)

# ---- Scripts and stdin sessions ----
# run_toplevel SIDE-DIR RUNTIME STDIN ARGS...: in a fresh copy of the
# helper files, run RUNTIME ocaml ARGS.
run_toplevel() {
  local dir=$1 rt=$2 input=$3
  shift 3
  mkdir -p "$dir/cwd"
  cp "$src"/*.ml "$dir/cwd/"
  local rc=0
  (cd "$dir/cwd" && "${clean_env[@]}" timeout 60 "$rt" "$ocaml" "$@" <"$input" >"$dir/stdout" 2>"$dir/stderr") || rc=$?
  echo "$rc" >"$dir/status"
  rm -rf "$dir/cwd"
}

if want scripts; then
  for f in "$src"/script_*.ml; do
    n=$(basename "$f" .ml)
    args=$(head -n 1 "$f" | sed -n 's/^(\* args: \(.*\) \*)$/\1/p')
    d=$out/$n
    # shellcheck disable=SC2086
    run_toplevel "$d/stock" "$stock" /dev/null "$n.ml" $args
    # shellcheck disable=SC2086
    run_toplevel "$d/test" "$runtime" /dev/null "$n.ml" $args
    result "script $n" "$d"
  done
fi

if want stdin; then
  for f in "$src"/session_*.txt; do
    n=$(basename "$f" .txt)
    d=$out/$n
    run_toplevel "$d/stock" "$stock" "$f"
    run_toplevel "$d/test" "$runtime" "$f"
    result "stdin $n" "$d"
  done
fi

# ---- Interactive sessions in a terminal ----
tm() { tmux -L "mcrun-tl-$$" "$@"; }

# Number of prompt lines on the screen, and the last non-empty line.
screen() { tm capture-pane -p -S - -E - -t "$1"; }
prompts() { screen "$1" | grep -c '^#\( \|$\)'; }
last_line() { screen "$1" | sed '/^$/d' | tail -n 1; }

# Wait until the session shows more than $2 prompts and ends with one, or
# its process ended.  20 s at most.
wait_prompt() {
  local s=$1 before=$2 i
  for i in $(seq 200); do
    [ "$(tm display-message -p -t "$s" '#{pane_dead}')" = 1 ] && return 0
    if [ "$(prompts "$s")" -gt "$before" ] && [ "$(last_line "$s")" = "#" ]; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Type a line: tmux would take a final ';' as a command separator, so
# semicolons at the end are sent as keys by code.
type_line() {
  local s=$1 l=$2 semis=()
  while [[ $l == *";" ]]; do l=${l%;}; semis+=(3b); done
  [ -n "$l" ] && tm send-keys -t "$s" -l -- "$l"
  [ ${#semis[@]} -gt 0 ] && tm send-keys -t "$s" -H "${semis[@]}"
  tm send-keys -t "$s" Enter
}

# run_pty SIDE-DIR RUNTIME INPUT
run_pty() {
  local dir=$1 rt=$2 input=$3 s
  s=tl$RANDOM
  mkdir -p "$dir/cwd"
  # The shell stays to record the exit status in a file: tmux's own
  # pane_dead_status proved unreliable when the program leaves the terminal
  # a while before it exits (a sanitizer's leak check at exit).
  rm -f "$dir/exit-status"
  tm new-session -d -s "$s" -x 100 -y 200 \
    "cd '$dir/cwd' && env -i PATH=/usr/bin:/bin HOME='$work' LANG=C LC_ALL=C TERM=xterm '$rt' '$ocaml'; echo \$? >'$dir/exit-status'"
  tm set-option -t "$s" remain-on-exit on >/dev/null
  local ok=1
  wait_prompt "$s" 0 || ok=0
  while IFS= read -r line; do
    local before
    before=$(prompts "$s")
    type_line "$s" "$line"
    if [[ $line == *";;" ]]; then
      wait_prompt "$s" "$before" || { ok=0; break; }
    else
      sleep 0.3
    fi
  done <"$input"
  # Let the program end (after #quit) before taking the screen, without
  # tmux's own "Pane is dead" line and the empty lines below the text.
  # Under a sanitizer (leak check at exit) on a loaded machine the end can
  # take many seconds: 60 s at most.
  for _ in $(seq 600); do
    [ -s "$dir/exit-status" ] && [ "$(tm display-message -p -t "$s" '#{pane_dead}')" = 1 ] && break
    sleep 0.1
  done
  screen "$s" | grep -v '^Pane is dead' | awk 'NF { while (blank > 0) { print ""; blank-- } print; next } { blank++ }' >"$dir/screen"
  echo "dead=$(tm display-message -p -t "$s" '#{pane_dead}') exit=$(cat "$dir/exit-status" 2>/dev/null) waited=$ok" >"$dir/status"
  rm -f "$dir/exit-status"
  tm kill-session -t "$s" 2>/dev/null
  rm -rf "$dir/cwd"
}

if want pty; then
  if ! command -v tmux >/dev/null; then
    check_bad "pty: tmux is not installed"
  else
    for f in "$src"/pty_*.txt; do
      n=$(basename "$f" .txt)
      d=$out/$n
      run_pty "$d/stock" "$stock" "$f"
      run_pty "$d/test" "$runtime" "$f"
      result "pty $n" "$d"
    done
  fi
fi

# ---- Dynlink ----
if want dynlink; then
  d=$out/dynlink
  b=$work/dynlink
  mkdir -p "$b"
  cp "$src"/dynlink/*.ml "$b/"
  if (cd "$b" &&
      "$ocamlc" -c registry.ml missing_unit.ml &&
      for p in plug_a plug_b plug_d plug_e plug_bad plug_raise; do "$ocamlc" -g -c "$p.ml" || exit 1; done &&
      "$ocamlc" -I +str -c plug_c.ml &&
      "$ocamlc" -a -o plugs.cma plug_b.cmo &&
      rm missing_unit.cmo &&
      "$ocamlc" -g -I +dynlink -I +str str.cma dynlink.cma registry.cmo host.ml -o host.byte) \
      >"$b/compile.log" 2>&1; then
    for side in stock test; do
      mkdir -p "$d/$side"
      if [ $side = stock ]; then cmd=("./host.byte"); else cmd=("$runtime" "./host.byte"); fi
      rc=0
      (cd "$b" && "${clean_env[@]}" OCAMLRUNPARAM=b timeout 60 "${cmd[@]}" >"$d/$side/stdout" 2>"$d/$side/stderr") || rc=$?
      echo "$rc" >"$d/$side/status"
    done
    result "dynlink host" "$d"
  else
    check_bad "dynlink: compilation failed: $(head -n 3 "$b/compile.log")"
  fi
fi

# ---- The expect tool ----
# run_expect SIDE-DIR RUNTIME FILE: both passes; keeps the two outputs.
run_expect() {
  local dir=$1 rt=$2 file=$3 rc=0
  mkdir -p "$dir/cwd"
  cp "$file" "$dir/cwd/t.ml"
  (cd "$dir/cwd" &&
    "${clean_env[@]}" timeout 120 "$rt" "$expect_tool" -repo-root "$ref/src" t.ml &&
    "${clean_env[@]}" timeout 120 "$rt" "$expect_tool" -repo-root "$ref/src" -principal t.ml.corrected) \
    >"$dir/log" 2>&1 || rc=$?
  echo "$rc" >"$dir/status"
  for f in t.ml.corrected t.ml.corrected.corrected; do
    [ -f "$dir/cwd/$f" ] && mv "$dir/cwd/$f" "$dir/"
  done
  rm -rf "$dir/cwd"
}

if want expect; then
  if [ ! -x "$expect_tool" ]; then
    check_bad "expect: no expect tool at $expect_tool"
  else
    mapfile -t tests < <(cd "$ref/src/testsuite/tests" && for f in typing-*/*.ml; do
        head -n 5 "$f" | tr -d ' \n' | grep -q '^(\*TESTexpect;\*)' && echo "$f"; done)
    if [ "$expect_all" -eq 0 ]; then
      mapfile -t tests < <(printf '%s\n' "${tests[@]}" | awk 'NR % 8 == 1')
    fi
    for t in "${tests[@]}"; do
      n=expect-$(echo "$t" | tr '/' '_')
      d=$out/$n
      run_expect "$d/stock" "$stock" "$ref/src/testsuite/tests/$t"
      run_expect "$d/test" "$runtime" "$ref/src/testsuite/tests/$t"
      result "expect $t" "$d"
    done
  fi
fi

check_summary
