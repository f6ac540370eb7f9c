#!/usr/bin/env bash
# Builds the console in release mode into dist/ (tools must be installed: install-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
python3 scripts/externalize-inline-script.py dist/index.html

# Each screen is loaded on demand (issue 13): src/pages/mod.rs marks the screens' views
# `#[wasm_split]`, and wasm-split-cli moves each into a module of its own. It must run between the
# linker and wasm-bindgen, where trunk 0.21 has no hook, so the wasm trunk wrote is linked
# again with its relocations (and names) kept, split, then bound and optimised as trunk does,
# under trunk's file names, and the index's integrity hashes follow.
name=$(basename "$(ls dist/mobileid-console-*_bg.wasm)" _bg.wasm)
cargo rustc -q --release --target wasm32-unknown-unknown --bin mobileid-console -- \
  -C link-arg=--emit-relocs -C strip=none
split=target/split
rm -rf "$split" && mkdir -p "$split/modules" "$split/bound"
wasm-split-cli target/wasm32-unknown-unknown/release/mobileid-console.wasm "$split/modules" \
  --out-name "$name" --target web
# The split modules import the main module's function table by the linker's name.
wasm-bindgen --keep-lld-exports --target web --no-typescript --out-dir "$split/bound" \
  --out-name "$name" "$split/modules/$name.wasm"
# index.html's wasm-opt settings (data-wasm-opt="z" and its data-wasm-opt-params).
read -r -a opt_params <<<"$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)"
wasm-opt -Oz "${opt_params[@]}" -o "dist/${name}_bg.wasm" "$split/bound/${name}_bg.wasm"
cp "$split/bound/$name.js" "$split/modules/__wasm_split.js" dist/
for module in "$split"/modules/chunk_*.wasm "$split"/modules/split_*.wasm; do
  wasm-opt -Oz "${opt_params[@]}" -o "dist/$(basename "$module")" "$module"
done
python3 - "$name" <<'PY'
import base64, hashlib, pathlib, re, sys
dist, name = pathlib.Path("dist"), sys.argv[1]
index = dist / "index.html"
html = index.read_text(encoding="utf-8")
for file in (f"{name}.js", f"{name}_bg.wasm"):
    digest = base64.b64encode(hashlib.sha384((dist / file).read_bytes()).digest()).decode()
    html, count = re.subn(r'(href="\./' + re.escape(file) + r'"[^>]*integrity=")[^"]+"',
                          lambda m: m.group(1) + "sha384-" + digest + '"', html)
    if count != 1:
        sys.exit(f"no integrity attribute for {file} in {index}")
index.write_text(html, encoding="utf-8")
PY
