#!/usr/bin/env bash
# Installs what the build and the tests need, only when it is missing (idempotent).
# Usage: scripts/install-tools.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132
# The wasm splitter that Leptos' #[lazy] is made for (as cargo-leptos uses it).
WASM_SPLIT_VERSION=0.2.4
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[install] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes ~12 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails to resolve for this version; the pinned version is enough.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Splits the screens off the first screen's wasm (scripts/build-console.sh).
if ! command -v wasm-split-cli >/dev/null; then
  say "installing wasm-split-cli (wasm_split_cli_support $WASM_SPLIT_VERSION)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# Debian's binaryen 108 produces a wasm that dies at start; npm's binaryen works.
# axe-core (accessibility checks in the browser tests) and oidc-provider (the OpenID Provider
# the browser tests also sign in with) come from the same package.json.
if [ ! -x "$ROOT/scripts/node_modules/.bin/wasm-opt" ] || \
   ! "$ROOT/scripts/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION" || \
   [ ! -f "$ROOT/scripts/node_modules/axe-core/axe.min.js" ] || \
   [ ! -f "$ROOT/scripts/node_modules/oidc-provider/package.json" ]; then
  say "installing binaryen@$BINARYEN_VERSION, axe-core and oidc-provider from npm into scripts/"
  (cd "$ROOT/scripts" && npm install --no-audit --no-fund --silent)
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "tools ready"
