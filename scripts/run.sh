#!/usr/bin/env bash
# Starts the console on the sandbox: installs what is missing, builds the console in release
# mode, starts the sandbox on 127.0.0.1 and prints the URL and the demo login.
#   PORT=8080 (default)  MOBILEID_SANDBOX_USER=admin  MOBILEID_SANDBOX_PASSWORD=mobileid
#   SANDBOX_DATA=.sandbox-data (state survives restarts; delete the folder to reseed)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh
scripts/build-console.sh
cargo build -p mobileid-sandbox --bin mobileid-sandbox
exec target/debug/mobileid-sandbox --port "${PORT:-8080}" --dist dist \
  --data-dir "${SANDBOX_DATA:-.sandbox-data}" "$@"
