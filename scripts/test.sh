#!/usr/bin/env bash
# Runs every test: installs what is missing (toolchain pieces, Chromium and chromedriver),
# checks formatting and lints (host and wasm), runs the native tests, builds the console and
# runs the browser tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --browser
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n=== %s\n' "$*"; }

step "format"
cargo fmt --all --check

step "lint (host crates, then the console for wasm32)"
cargo clippy --workspace --exclude mobileid-console --all-targets -- -D warnings
cargo clippy -p mobileid-console --target wasm32-unknown-unknown -- -D warnings

step "native tests (contract, sandbox)"
cargo test --workspace --exclude mobileid-console --exclude mobileid-e2e

step "API contract: openapi.yaml is what the code generates; Schemathesis against the sandbox"
python3 scripts/gen-openapi.py --check
scripts/api-contract-test.sh

step "console release build"
scripts/build-console.sh

step "browser tests (headless Chromium)"
# Each test runs its own sandbox, chromedriver and Chromium: two at a time on two cores.
cargo test -p mobileid-e2e --no-fail-fast -- --test-threads=2
