#!/usr/bin/env bash
# Compatibility report: OCaml's test suite (bytecode) on stock ocamlrun and
# on mcrun, for every directory of tests/ocamltest-dirs.txt (grouped by the
# issue that names them, as in that file), written to docs/compat.md.
#
#   scripts/compat.sh [--runtime PATH] [--jobs N] [--no-run]
#
# Stock's results are the committed baseline of the test gate
# (tests/ocamltest-stock-baseline.txt, see scripts/ocamltest-check.sh).
# mcrun's are build/ocamltest/check-<runtime>.results: the file the gate
# writes; without --no-run this script runs the tests first (as the gate
# does, about 12 minutes).  --no-run rewrites the report from the last
# results (e.g. after editing docs/compat-notes.txt).  Explanations of
# failures come from docs/compat-notes.txt, lines `dir/test.ml: explanation`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

runtime=$root/build/mcrun
jobs=2
run=1

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --runtime) runtime=${2:?}; shift 2 ;;
    --jobs|-j) jobs=${2:?}; shift 2 ;;
    --no-run) run=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compat.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done

case $runtime in /*) ;; *) runtime=$PWD/$runtime ;; esac
[ -x "$runtime" ] || { echo "compat.sh: runtime '$runtime' not found (build it with 'make')" >&2; exit 2; }

resdir=$root/build/ocamltest
mkdir -p "$resdir"
baseline=$root/tests/ocamltest-stock-baseline.txt
stock_res=$resdir/compat-stock.results
test_res=$resdir/check-$(basename "$runtime").results
notes=$root/docs/compat-notes.txt
report=$root/docs/compat.md
groups=$resdir/compat-groups.txt
# dir <TAB> group title, in the order of tests/ocamltest-dirs.txt; a comment
# line starting "# issue" opens a group (the first group is issue 2's).
awk 'BEGIN { g = "issue 2: the runtime'"'"'s foundation" }
     /^# issue/ { g = $0; sub(/^# /, "", g); next }
     /^#/ || NF == 0 { next }
     { print $1 "\t" g }' "$root/tests/ocamltest-dirs.txt" >"$groups"
tail -n +2 "$baseline" >"$stock_res"

if [ "$run" -eq 1 ]; then
  ref=$("$here/reference-ocaml.sh")
  echo "compat.sh: running on $runtime" >&2
  # shellcheck disable=SC2046
  "$here/ocamltest.sh" --runtime "$runtime" --jobs "$jobs" --out "$test_res" $(cut -f1 "$groups")
fi
[ -s "$test_res" ] || { echo "compat.sh: no results in $test_res; run without --no-run (or scripts/ocamltest-check.sh)" >&2; exit 2; }

mkdir -p "$root/docs"
[ -f "$notes" ] || printf '# Explanations of mcrun failures in OCaml'"'"'s test suite, one per line:\n#   dir/test.ml: explanation\n' >"$notes"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)

awk -v groupsfile="$groups" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="$commit$dirty" \
    -v runtime="${runtime#"$root"/}" -v notesfile="$notes" '
  # the listed directory a test belongs to: the longest prefix
  function topdir(t,   i, best) { best = ""
    for (i = 1; i <= n; i++) if (index(t, D[i] "/") == 1 && length(D[i]) > length(best)) best = D[i]
    return best }
  FILENAME == groupsfile { split($0, F, "\t"); D[++n] = F[1]; G[F[1]] = F[2]; next }
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
    if (FILENAME == ARGV[3]) { s[t] = st; sr[t] = r; all[t] = 1 }
    else { m[t] = st; mr[t] = r; all[t] = 1 }
  }
  END {
    for (t in all) { d = topdir(t); tot[d]++; if (s[t] == "passed") sp[d]++; if (m[t] == "passed") mp[d]++
      if (s[t] == "passed" && m[t] == "passed") both[d]++ }
    printf "# Compatibility with OCaml'"'"'s test suite\n\n"
    printf "Bytecode tests from the OCaml 5.3.0 test suite, in the directories of\n"
    printf "`tests/ocamltest-dirs.txt` (the test gate of `make test`), grouped by the issue\n"
    printf "that names them. ocamltest and the compilers run on stock `ocamlrun` (except\n"
    printf "where a test runs the toplevel or the expect tool, which then run on the runtime\n"
    printf "under test); the compiled test programs run on stock (the committed baseline\n"
    printf "`tests/ocamltest-stock-baseline.txt`) and on mcrun. A test counts for mcrun if\n"
    printf "it passes on stock.\n\n"
    printf "- date: %s\n- commit: %s\n- runtime: `%s`\n- reproduce: `scripts/compat.sh` (then `scripts/compat.sh --no-run` after editing `docs/compat-notes.txt`)\n\n", date, commit, runtime
    TS = 0; TM = 0; TT = 0; ng = 0
    for (i = 1; i <= n; i++) { d = D[i]; g = G[d]; TS += sp[d]; TM += both[d]; TT += tot[d]
      if (!(g in gs)) { GO[++ng] = g; gs[g] = 0 }
      gs[g] += sp[d]; gm[g] += both[d]; gt[g] += tot[d] }
    printf "**Overall: mcrun passes %d of the %d tests that pass on stock (%.1f%%).** ", TM, TS, TS ? 100 * TM / TS : 0
    printf "%d test files in total; the others are skipped in bytecode (native-only, missing tools) or fail on stock too.\n\n", TT
    printf "| group | test files | pass on stock | pass on mcrun | mcrun / stock |\n|---|---:|---:|---:|---:|\n"
    for (j = 1; j <= ng; j++) { g = GO[j]
      printf "| %s | %d | %d | %d | %s |\n", g, gt[g], gs[g], gm[g], gs[g] ? sprintf("%.1f%%", 100 * gm[g] / gs[g]) : "-" }
    printf "\n"
    for (j = 1; j <= ng; j++) { g = GO[j]
      printf "### %s\n\n", g
      printf "| directory | test files | pass on stock | pass on mcrun | mcrun / stock |\n|---|---:|---:|---:|---:|\n"
      for (i = 1; i <= n; i++) { d = D[i]; if (G[d] != g) continue
        printf "| %s | %d | %d | %d | %s |\n", d, tot[d], sp[d], both[d], sp[d] ? sprintf("%.0f%%", 100 * both[d] / sp[d]) : "-" }
      printf "| **total** | %d | %d | %d | **%.1f%%** |\n\n", gt[g], gs[g], gm[g], gs[g] ? 100 * gm[g] / gs[g] : 0
      # small groups list their tests
      if (gs[g] <= 60) {
        k = 0; for (t in all) if (G[topdir(t)] == g && s[t] == "passed") P[++k] = t
        for (a = 2; a <= k; a++) { x = P[a]; b = a - 1; while (b > 0 && P[b] > x) { P[b + 1] = P[b]; b-- } P[b + 1] = x }
        printf "Tests that pass on stock, with their result on mcrun:\n\n"
        for (a = 1; a <= k; a++) printf "- `%s`: %s\n", P[a], (m[P[a]] == "passed" ? "passes" : "**" (m[P[a]] == "" ? "not run" : m[P[a]]) "**")
        printf "\n"; delete P } }
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
  }' "$groups" "$notes" "$stock_res" "$test_res" >"$report.tmp"
# The hand-kept record of the last whole-corpus run (mchealth), if any.
if [ -f "$root/docs/compat-corpus.md" ]; then { echo; cat "$root/docs/compat-corpus.md"; } >>"$report.tmp"; fi
mv "$report.tmp" "$report"
grep -m1 '^\*\*Overall' "$report" | sed 's/\*\*//g' >&2
echo "compat.sh: wrote ${report#"$root"/}" >&2
