#!/usr/bin/env bash
# Runs Schemathesis (scripts/schemathesis.sh) against a fresh sandbox built from this tree:
# the sandbox must answer every operation of openapi.yaml as documented.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p mobileid-sandbox --bin mobileid-sandbox
data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sandbox=target/debug/mobileid-sandbox
token=$("$sandbox" --data-dir "$data" --access-token-ttl 3600 --print-access-token)
"$sandbox" --port "$port" --data-dir "$data" --access-token-ttl 3600 > "$data/sandbox.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 100); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
# Hypothesis (under Schemathesis) keeps its example database under target/, not in the tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$PWD/target/schemathesis/hypothesis"
SANDBOX_API_BASE="http://127.0.0.1:$port/api/" SANDBOX_TOKEN="$token" scripts/schemathesis.sh "$@"
