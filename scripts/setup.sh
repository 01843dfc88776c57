#!/usr/bin/env bash
# Installs or builds everything mcrun's build and tests need on a Debian 12
# machine: Debian packages (when missing and when we may install them),
# the reference OCaml 5.3.0 toolchain (scripts/reference-ocaml.sh), and
# mcrun itself.  Safe to rerun: it skips what is already there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

need=()
for cmd in gcc make npm tar xxd; do command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd"); done
pkgs=()
for p in build-essential libsqlite3-dev zlib1g-dev xxd tmux chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
done
if [ "${#pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${pkgs[*]} (run: sudo apt-get install ${pkgs[*]})" >&2
    exit 1
  fi
fi
for cmd in "${need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "setup: missing command '$cmd' (Debian: apt-get install build-essential nodejs npm xxd)" >&2; exit 1; }
done

scripts/reference-ocaml.sh >/dev/null
make -s -j2
# The report test of mchealth drives Debian's chromium with playwright-core.
if [ ! -d tools/mchealth/test/node_modules ]; then
  (cd tools/mchealth/test && npm ci --no-audit --no-fund --silent >/dev/null 2>&1) ||
    echo "setup: npm ci for tools/mchealth/test failed; its browser test will report it" >&2
fi
echo "setup: ready (build/mcrun, reference OCaml in $(scripts/reference-ocaml.sh))"
