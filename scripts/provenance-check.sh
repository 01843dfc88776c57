#!/usr/bin/env bash
# Lists places where files of this project share lines (or line shapes)
# with OCaml 5.3's own C sources.  Every line of mcrun is written here; run
# this after writing code while reading OCaml's runtime for facts.
# Usage: scripts/provenance-check.sh [path...]   (default: all C files)
set -u
top=$(git rev-parse --show-toplevel) || exit 2
ref=$("$top/scripts/reference-ocaml.sh")/src
cmp=$(mktemp -d)
trap 'rm -rf "$cmp"' EXIT
mkdir -p "$cmp/project" "$cmp/ocaml"
cd "$top"
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(ls src/*.c src/*.h src/*.def tests/unit/*.c 2>/dev/null); fi
for f in "${files[@]}"; do mkdir -p "$cmp/project/$(dirname "$f")"; cp "$f" "$cmp/project/$f"; done
( cd "$ref" && find runtime otherlibs yacc -type f \( -name '*.c' -o -name '*.h' -o -name '*.tbl' \) \
    -exec cp --parents {} "$cmp/ocaml/" \; 2>/dev/null )
duplicates --repo "$cmp" --most 200 --seconds 60 2>/dev/null \
  | grep -E '^D[0-9]+ ' | grep -E ' (project/.* ~ ocaml/|ocaml/.* ~ project/)' | grep -v boilerplate
echo "provenance-check: done (no lines above means no shared code found)"
