#!/usr/bin/env bash
# Fetch, verify and build the reference OCaml 5.3.0 toolchain into a cache
# outside the repository.  Prints the cache directory on the last line.
#
# The cache is keyed by version: $MCRUN_CACHE/ocaml-5.3.0 (default
# MCRUN_CACHE=$HOME/.cache/mcrun).  A finished build leaves a stamp file and
# is reused as is.  The reference is only used to compile test programs and
# as the runtime that mcrun is compared with; mcrun never links against it.
set -euo pipefail

version=5.3.0
# Published integrity of ocaml@5.3.0 on the npm registry (npm view ocaml@5.3.0 dist.integrity).
integrity='sha512-D0uG44Q3r6LY4wSzhBZpHe+q1yMJ4QHgk5R1Osv7qLWBgWPQ2jE60vY6rXgJraL/H9fvsWOF3KZSIro/bS+Z8A=='
cache_root=${MCRUN_CACHE:-$HOME/.cache/mcrun}
dir=$cache_root/ocaml-$version
stamp=$dir/.built

log() { echo "reference-ocaml: $*" >&2; }

if [ -f "$stamp" ]; then
  echo "$dir"
  exit 0
fi

for tool in npm tar make gcc sha512sum base64; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing required tool '$tool' (on Debian: apt-get install build-essential nodejs npm coreutils)"; exit 1; }
done

mkdir -p "$cache_root"
tmp=$(mktemp -d "$cache_root/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log "fetching ocaml@$version with npm pack"
( cd "$tmp" && npm pack "ocaml@$version" --silent >/dev/null 2>"$tmp/npm.err" ) || {
  log "npm pack ocaml@$version failed:"; cat "$tmp/npm.err" >&2; exit 1; }
tgz=$tmp/ocaml-$version.tgz
[ -f "$tgz" ] || { log "npm pack did not produce $tgz"; exit 1; }

got="sha512-$(sha512sum "$tgz" | cut -d' ' -f1 | xxd -r -p 2>/dev/null | base64 -w0 || true)"
if [ "$got" = "sha512-" ] || [ "$got" = "sha512-$(printf '' | base64)" ]; then
  # xxd may be missing; fall back to openssl or python for the hex->binary step.
  got="sha512-$(python3 -c 'import hashlib,base64,sys;print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$tgz")"
fi
if [ "$got" != "$integrity" ]; then
  log "integrity check failed for ocaml-$version.tgz"
  log "  expected $integrity"
  log "  got      $got"
  exit 1
fi
log "integrity ok ($integrity)"

# Build in place: ocamlc and ocamltest record absolute paths, so the tree
# must not move after configure.  A half-built tree (no stamp) is discarded.
rm -rf "$dir"
mkdir -p "$dir"
tar xzf "$tgz" -C "$dir"
mv "$dir/package" "$dir/src"
src=$dir/src

log "configuring (bytecode only, with ocamltest)"
( cd "$src" && ./configure --prefix="$dir/install" --disable-native-compiler \
    --enable-ocamltest --disable-ocamldoc --disable-debugger >"$dir/configure.log" 2>&1 ) || {
  log "configure failed; see $dir/configure.log"; tail -20 "$dir/configure.log" >&2; exit 1; }
log "building (a few minutes on 2 cores)"
jobs=$(nproc 2>/dev/null || echo 2)
( cd "$src" && make -j"$jobs" >"$dir/build.log" 2>&1 ) || {
  log "build failed; see $dir/build.log"; tail -30 "$dir/build.log" >&2; exit 1; }
( cd "$src" && make install >"$dir/install.log" 2>&1 ) || {
  log "install failed; see $dir/install.log"; exit 1; }
touch "$stamp"
log "built into $dir"
echo "$dir"
