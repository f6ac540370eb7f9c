#!/usr/bin/env bash
# Size and speed of the console (a measurement, not a test):
#  1. bytes a browser fetches for the first screen (the sign-in screen), raw / gzip -9 / brotli;
#  2. time to interactive in headless Chromium (cold starts), via tests/src/bin/bench.rs.
# Writes target/bench.json and prints a table. Builds the console first unless BENCH_NO_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh --browser >/dev/null
[ "${BENCH_NO_BUILD:-}" = 1 ] || scripts/build-console.sh >/dev/null

total_raw=0; total_gz=0
printf '%-48s %10s %10s\n' "first-screen file" "raw" "gzip -9"
# Everything index.html loads (script, wasm, css, icon), plus index.html and config.json.
files="index.html config.json $(grep -oE '(src|href)="\./[^"]+"' dist/index.html | sed -E 's/.*"\.\/([^"]+)"/\1/' | sort -u)"
for f in $files; do
  raw=$(stat -c%s "dist/$f"); gz=$(gzip -9c "dist/$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' "TOTAL" "$total_raw" "$total_gz"
wasm=$(ls dist/*_bg.wasm)

cargo build -q -p mobileid-e2e --bin bench
timing=$(target/debug/bench)
mkdir -p target
cat > target/bench.json <<JSON
{"first_screen_bytes_raw": $total_raw, "first_screen_bytes_gzip": $total_gz,
 "wasm_bytes_raw": $(stat -c%s "$wasm"), "wasm_bytes_gzip": $(gzip -9c "$wasm" | wc -c),
 "timing": $timing}
JSON
cat target/bench.json
