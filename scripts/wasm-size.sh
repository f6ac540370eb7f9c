#!/usr/bin/env bash
# Where the console's wasm bytes are (a measurement, not a test): builds on the `wasm-size`
# profile (release with symbol names), runs wasm-bindgen and wasm-opt as trunk does (keeping
# the names: -g), and writes code by crate, the biggest functions and the sections into
# target/wasm-size.txt (scripts/wasm-size.py reads the wasm's name section; no extra tool).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
out=target/wasm-size
cargo build --profile wasm-size --target wasm32-unknown-unknown --bin mobileid-console
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/wasm-size/mobileid-console.wasm
# The flags of index.html's data-wasm-opt-params, with -Oz as trunk's data-wasm-opt="z".
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$out/console-opt.wasm" "$out/mobileid-console_bg.wasm"
python3 scripts/wasm-size.py "$out/console-opt.wasm" "${TOP:-60}" > target/wasm-size.txt
head -60 target/wasm-size.txt
echo "(full report: target/wasm-size.txt)"
