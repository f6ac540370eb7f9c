#!/usr/bin/env bash
# Builds the console in release mode into dist/ (tools must be installed: install-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
python3 scripts/externalize-inline-script.py dist/index.html
