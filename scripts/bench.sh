#!/usr/bin/env bash
# Size and speed of the console (a measurement, not a test), each also as a ratio to a floor:
# tests/floor, the smallest Leptos CSR page with an `oauth2` PKCE sign-in link, built here with
# the same toolchain, Cargo.lock, release profile and wasm-opt settings.
#  1. bytes a browser fetches for the first screen (the sign-in screen), raw / gzip -9 /
#     brotli 11, for the console and for the floor;
#  2. time to interactive in headless Chromium (cold starts, console and floor alternating),
#     via tests/src/bin/bench.rs.
# Writes target/bench.json and prints a table. Builds the console and the floor first unless
# BENCH_NO_BUILD=1 (then dist/ and target/floor-dist/ are measured as they are).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/scripts/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/install-tools.sh --browser >/dev/null
command -v brotli >/dev/null || apt-get install -y -qq brotli >/dev/null
floor_dist="$PWD/target/floor-dist"
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  scripts/build-console.sh >/dev/null
  (cd tests/floor && trunk build --release --dist "$floor_dist" >/dev/null)
  # Served by the sandbox like the console, so under the same CSP: no inline script.
  python3 scripts/externalize-inline-script.py "$floor_dist/index.html" >/dev/null
fi

# Everything index.html loads (script, wasm, css, icon), plus index.html, and config.json and
# the split loader where there are: one line "file raw gzip brotli" per file.
first_screen() {
  local dir=$1 f
  # __wasm_split.js: the loader of the split-off screens, imported by the JS glue at start.
  for f in index.html config.json __wasm_split.js $(grep -oE '(src|href)="\./[^"]+"' \
      "$dir/index.html" | sed -E 's/.*"\.\/([^"]+)"/\1/' | sort -u); do
    [ -f "$dir/$f" ] || continue
    echo "$f $(stat -c%s "$dir/$f") $(gzip -9c "$dir/$f" | wc -c) $(brotli -q 11 -c "$dir/$f" | wc -c)"
  done
}
first_screen dist > target/bench-console-files.txt
first_screen "$floor_dist" > target/bench-floor-files.txt

cargo build -q -p mobileid-e2e --bin bench
BENCH_FLOOR_DIST="$floor_dist" target/debug/bench > target/bench-timing.json

python3 - <<'PY'
import json

def files(path):
    rows = [line.split() for line in open(path)]
    return {r[0]: [int(x) for x in r[1:]] for r in rows}

def totals(rows, only=None):
    picked = [v for f, v in rows.items() if only is None or only(f)]
    return [sum(col) for col in zip(*picked)]

console, floor = files("target/bench-console-files.txt"), files("target/bench-floor-files.txt")
timing = json.load(open("target/bench-timing.json"))
is_wasm = lambda f: f.endswith(".wasm")
kinds = ("raw", "gzip", "brotli")
first, first_floor = totals(console), totals(floor)
wasm, wasm_floor = totals(console, is_wasm), totals(floor, is_wasm)
print(f"{'console first-screen file':<48} {'raw':>9} {'gzip -9':>9} {'brotli 11':>9}")
for f, (raw, gz, br) in console.items():
    print(f"{f:<48} {raw:>9} {gz:>9} {br:>9}")
print()
print(f"{'':<30} {'console':>27} {'floor':>27} {'ratio':>17}")
for label, c, fl in (("first screen", first, first_floor), ("wasm", wasm, wasm_floor)):
    ratios = [a / b for a, b in zip(c, fl)]
    print(f"{label + ' raw/gzip/brotli':<30} {'/'.join(map(str, c)):>27} "
          f"{'/'.join(map(str, fl)):>27} {'/'.join(f'{r:.1f}' for r in ratios):>17}")
print(f"{'ready (median ms)':<30} {timing['first_screen_ready_ms_median']:>27} "
      f"{timing.get('floor_ready_ms_median', 'n/a'):>27} "
      f"{timing.get('first_screen_ready_ratio_to_floor', 'n/a'):>17}")
report = {}
for prefix, c, fl in (("first_screen", first, first_floor), ("wasm", wasm, wasm_floor)):
    for kind, a, b in zip(kinds, c, fl):
        report[f"{prefix}_bytes_{kind}"] = a
        report[f"floor_{prefix}_bytes_{kind}"] = b
        report[f"{prefix}_bytes_{kind}_ratio_to_floor"] = round(a / b, 2)
report["timing"] = timing
json.dump(report, open("target/bench.json", "w"), indent=1)
print("target/bench.json written")
PY
