#!/usr/bin/env bash
# The README's first command: set everything up, then compile the demo with
# the reference ocamlc and run it on mcrun and, for comparison, on stock.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/setup.sh
ref=$(scripts/reference-ocaml.sh)
mkdir -p build/demo
"$ref/install/bin/ocamlc" examples/demo.ml -o build/demo/demo.byte
echo "== mcrun build/demo/demo.byte"
build/mcrun build/demo/demo.byte
echo "== stock ocamlrun, same program"
"$ref/install/bin/ocamlrun" build/demo/demo.byte
