#!/usr/bin/env bash
# Compatibility report: run OCaml's test suite (bytecode) with stock
# ocamlrun and with mcrun on a fixed set of directories, and write
# docs/compat.md.
#
#   scripts/compat.sh [--runtime PATH] [--jobs N] [--refresh-stock]
#                     [--dirs "basic lib-array ..."] [--no-run]
#
# Stock's results are cached in build/ocamltest/compat-stock.results (the
# reference never changes); --refresh-stock reruns them.  --no-run rewrites
# the report from the last results (e.g. after editing
# docs/compat-notes.txt).  Explanations of failures come from
# docs/compat-notes.txt, lines of the form `dir/test.ml: explanation`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

default_dirs="basic basic-float basic-io basic-io-2 basic-manyargs basic-modules basic-more basic-multdef basic-private lazy letrec-compilation lib-array lib-buffer lib-bytes lib-digest lib-float lib-format lib-hashtbl lib-int lib-int64 lib-list lib-marshal lib-obj lib-printf lib-queue lib-random lib-scanf lib-seq lib-set lib-stack lib-string misc runtime-errors tmc backtrace weak-ephe-final"

runtime=$root/build/mcrun
jobs=2
refresh=0
run=1
dirs=$default_dirs

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?}; shift 2 ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --refresh-stock) refresh=1; shift ;;
    --dirs) dirs=${2:?}; shift 2 ;;
    --no-run) run=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compat.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done

ref=${MCRUN_REF:-${MCRUN_CACHE:-$HOME/.cache/mcrun}/ocaml-5.3.0}
stock=$ref/install/bin/ocamlrun
[ -x "$stock" ] || { echo "compat.sh: reference OCaml not found in $ref; run scripts/reference-ocaml.sh first" >&2; exit 2; }
case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -x "$runtime" ] || { echo "compat.sh: runtime '$runtime' not found (build it with 'make')" >&2; exit 2; }

resdir=$root/build/ocamltest
mkdir -p "$resdir"
stock_res=$resdir/compat-stock.results
stock_key=$resdir/compat-stock.dirs
test_res=$resdir/compat-mcrun.results
notes=$root/docs/compat-notes.txt
report=$root/docs/compat.md
# shellcheck disable=SC2086
read -r -a dirarr <<<"$(echo $dirs)"

if [ "$run" -eq 1 ]; then
  if [ "$refresh" -eq 1 ] || [ ! -s "$stock_res" ] || [ "$(cat "$stock_key" 2>/dev/null)" != "${dirarr[*]}" ]; then
    echo "compat.sh: running the baseline on stock (cached afterwards)" >&2
    "$here/ocamltest.sh" --runtime "$stock" --jobs "$jobs" --out "$stock_res" "${dirarr[@]}"
    echo "${dirarr[*]}" >"$stock_key"
  else
    echo "compat.sh: reusing stock baseline $stock_res (--refresh-stock to rerun)" >&2
  fi
  echo "compat.sh: running on $runtime" >&2
  "$here/ocamltest.sh" --runtime "$runtime" --jobs "$jobs" --out "$test_res" "${dirarr[@]}"
fi
[ -s "$stock_res" ] && [ -s "$test_res" ] || { echo "compat.sh: no results yet; run without --no-run" >&2; exit 2; }

mkdir -p "$root/docs"
[ -f "$notes" ] || printf '# Explanations of mcrun failures in OCaml'"'"'s test suite, one per line:\n#   dir/test.ml: explanation\n' >"$notes"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)

awk -v dirs="${dirarr[*]}" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="$commit$dirty" \
    -v runtime="${runtime#"$root"/}" -v notesfile="$notes" '
  function dirof(t) { sub(/\/[^\/]*$/, "", t); return t }
  function topdir(t) { sub(/\/.*$/, "", t); return t }
  FILENAME == notesfile {
    if ($0 ~ /^[[:space:]]*(#|$)/) next
    i = index($0, ":"); if (i == 0) next
    k = substr($0, 1, i - 1); v = substr($0, i + 1); sub(/^[[:space:]]+/, "", v)
    if (k in note) v = note[k] " " v
    note[k] = v
    next
  }
  {
    t = $1; st = $2; r = $0
    sub(/^[^[:space:]]+[[:space:]]+[^[:space:]]+[[:space:]]*/, "", r)
    if (FILENAME == ARGV[2]) { s[t] = st; sr[t] = r; all[t] = 1 }
    else { m[t] = st; mr[t] = r; all[t] = 1 }
  }
  END {
    n = split(dirs, D, " ")
    for (t in all) { d = topdir(t); tot[d]++; if (s[t] == "passed") sp[d]++; if (m[t] == "passed") mp[d]++
      if (s[t] == "passed" && m[t] == "passed") both[d]++ }
    printf "# Compatibility with OCaml'"'"'s test suite\n\n"
    printf "Bytecode tests from the OCaml 5.3.0 test suite, run by `scripts/compat.sh`: the\n"
    printf "compilers and ocamltest run on stock `ocamlrun`; the compiled test programs run\n"
    printf "on stock (baseline) and on mcrun. A test counts for mcrun if it passes on stock.\n\n"
    printf "- date: %s\n- commit: %s\n- runtime: `%s`\n- reproduce: `scripts/compat.sh` (then `scripts/compat.sh --no-run` after editing `docs/compat-notes.txt`)\n\n", date, commit, runtime
    TS = 0; TM = 0; TT = 0
    for (i = 1; i <= n; i++) { d = D[i]; TS += sp[d]; TM += both[d]; TT += tot[d] }
    printf "**Overall: mcrun passes %d of the %d tests that pass on stock (%.1f%%).** ", TM, TS, TS ? 100 * TM / TS : 0
    printf "%d test files in total; the others are skipped in bytecode (native-only, missing tools) or fail on stock too.\n\n", TT
    printf "| directory | test files | pass on stock | pass on mcrun | mcrun / stock |\n|---|---:|---:|---:|---:|\n"
    for (i = 1; i <= n; i++) { d = D[i]
      printf "| %s | %d | %d | %d | %s |\n", d, tot[d], sp[d], both[d], sp[d] ? sprintf("%.0f%%", 100 * both[d] / sp[d]) : "-" }
    printf "| **total** | %d | %d | %d | **%.1f%%** |\n\n", TT, TS, TM, TS ? 100 * TM / TS : 0
    printf "## mcrun failures\n\n"
    printf "For each test that passes on stock but not on mcrun: what differed (automatic),\n"
    printf "and why (from `docs/compat-notes.txt`, edited by hand).\n\n"
    nf = 0
    for (i = 1; i <= n; i++) { d = D[i]; header = 0
      cnt = 0
      for (t in all) if (topdir(t) == d && s[t] == "passed" && m[t] != "passed") list[++cnt] = t
      # sort the failures of this directory
      for (a = 2; a <= cnt; a++) { x = list[a]; b = a - 1; while (b > 0 && list[b] > x) { list[b + 1] = list[b]; b-- } list[b + 1] = x }
      for (a = 1; a <= cnt; a++) { t = list[a]
        if (!header) { printf "### %s\n\n", d; header = 1 }
        printf "- `%s` (%s): %s\n", t, (m[t] == "" ? "not run" : m[t]), (mr[t] == "" ? "no detail" : mr[t])
        printf "  - why: %s\n", (t in note) ? note[t] : "_not yet explained_ (add a line to docs/compat-notes.txt)"
        nf++ }
      if (header) printf "\n"
    }
    if (nf == 0) printf "None.\n\n"
    printf "## Tests that do not pass on stock\n\n"
    printf "Not counted above. Skipped tests are normal in a bytecode-only build.\n\n"
    printf "| test | stock | reason |\n|---|---|---|\n"
    k = 0
    for (t in all) if (s[t] != "passed") L[++k] = t
    for (a = 2; a <= k; a++) { x = L[a]; b = a - 1; while (b > 0 && L[b] > x) { L[b + 1] = L[b]; b-- } L[b + 1] = x }
    for (a = 1; a <= k; a++) { t = L[a]; r = sr[t]; gsub(/\|/, "\\|", r); printf "| `%s` | %s | %s |\n", t, s[t], r }
    u = 0
    for (t in all) if (s[t] != "passed" && m[t] == "passed") u++
    if (u) printf "\n%d of these pass on mcrun.\n", u
  }' "$notes" "$stock_res" "$test_res" >"$report.tmp"
mv "$report.tmp" "$report"
grep -m1 '^\*\*Overall' "$report" | sed 's/\*\*//g' >&2
echo "compat.sh: wrote ${report#"$root"/}" >&2
