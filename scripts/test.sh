#!/usr/bin/env bash
# Runs every test: installs what is missing (toolchain pieces, Chromium and chromedriver),
# checks formatting and lints (host and wasm), runs the native tests, builds the console and
# runs the browser tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --browser
export PATH="$PWD/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n=== %s\n' "$*"; }
# Every cargo test run is also logged, for the total printed at the end.
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
tests() { "$@" 2>&1 | tee -a "$LOG"; }

step "format"
cargo fmt --all --check

step "lint (host crates, then the console for wasm32)"
# With the contract's `openapi` feature (the openapi.yaml generator), which the console lacks.
cargo clippy --workspace --exclude mobileid-console --all-targets \
  --features mobileid-admin-contract/openapi -- -D warnings
cargo clippy -p mobileid-console --target wasm32-unknown-unknown -- -D warnings

step "native tests (contract with openapi.yaml, sandbox)"
# The `openapi` feature adds tests/openapi.rs: openapi.yaml is what the code generates, and
# the reference's samples validate against its schemas.
tests cargo test --workspace --exclude mobileid-console --exclude mobileid-e2e \
  --features mobileid-admin-contract/openapi
tests cargo test -p mobileid-console --lib

step "API contract: Schemathesis against the sandbox"
scripts/api-contract-test.sh

step "console release build"
scripts/build-console.sh

step "browser tests (headless Chromium)"
# Each test runs its own sandbox, chromedriver and Chromium: two at a time on two cores.
tests cargo test -p mobileid-e2e --no-fail-fast -- --test-threads=2

step "total"
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "tests: %d passed, %d failed\n", passed, failed }' "$LOG"
