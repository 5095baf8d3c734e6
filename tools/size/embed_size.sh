#!/usr/bin/env bash
# The embedding figures README.md promises, measured:
#  - examples/embed_predict.cpp built as an app store / firmware build would
#    (-Os, one section per function and object, unused sections dropped,
#    symbols stripped): size of the x86_64 executable;
#  - the House Prices model file (tests/package/endian writes it, portable
#    binary and JSON);
#  - loading that model: benchmarks/house_prices_bench.cpp's
#    BM_HousePrices_LoadBinary and _LoadJson, median of 5 repetitions.
#
#   tools/size/embed_size.sh                   print the README table
#   tools/size/embed_size.sh --check           also fail above the targets
#                                              (1.5 MB stripped, 1 ms binary load)
#   tools/size/embed_size.sh --update-readme   rewrite the table in README.md
#
# Uses $BUILD_ROOT/ci-release's benchmark when CI has built it, otherwise
# builds it. BUILD_ROOT and JOBS as for tools/dev.
set -euo pipefail
source "$(dirname "$0")/../ci/lib.sh"
source "$ROOT/tests/package/lib.bash"
cd "$ROOT"

mode=${1:-}
case "$mode" in "" | --check | --update-readme) ;; *) sed -n '2,19p' "$0"; exit 2 ;; esac
max_bytes=$((1536 * 1024))  # 1.5 MiB
max_load_us=1000

dir=$BUILD_ROOT/size
cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=MinSizeRel -DFEPIPE_BUILD_TESTS=OFF -DFEPIPE_BUILD_EXAMPLES=ON \
  -DFEPIPE_BUILD_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,--gc-sections -s" >/dev/null
cmake --build "$dir" --target embed_predict -j "$JOBS" >/dev/null
binary_bytes=$(stat -c %s "$dir/examples/embed_predict")

pkg_reference >/dev/null
model_bytes=$(stat -c %s "$PKG_REFERENCE/house_prices.fpm")
json_bytes=$(stat -c %s "$PKG_REFERENCE/house_prices.json")

bench=$BUILD_ROOT/ci-release/benchmarks/house_prices_bench
if [ ! -x "$bench" ]; then
  bench_dir=$BUILD_ROOT/size-bench
  cmake -S "$ROOT" -B "$bench_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DFEPIPE_BUILD_TESTS=OFF -DFEPIPE_BUILD_EXAMPLES=OFF -DFEPIPE_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$bench_dir" --target house_prices_bench -j "$JOBS" >/dev/null
  bench=$bench_dir/benchmarks/house_prices_bench
fi
"$bench" --benchmark_filter='BM_HousePrices_Load' --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$dir/load_bench.json" 2>/dev/null

read -r load_bin_us load_json_us < <(python3 - "$dir/load_bench.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
def median_us(name):
    (run,) = [r for r in runs if r["run_name"] == name and r.get("aggregate_name") == "median"]
    factor = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[run["time_unit"]]
    return run["real_time"] * factor
print(f"{median_us('BM_HousePrices_LoadBinary'):.0f} {median_us('BM_HousePrices_LoadJson'):.0f}")
PY
)

kib() { python3 -c "print(f'{$1 / 1024:.1f}')"; }
mib() { python3 -c "print(f'{$1 / 1048576:.2f}')"; }
machine="$(uname -m), $(nproc) cores, $(g++ -dumpfullversion 2>/dev/null | sed 's/^/g++ /')"
table=$(cat <<TABLE
<!-- embed-size -->
Measured by \`tools/size/embed_size.sh\` ($machine):

| House Prices model embedded in an app | figure | target |
| --- | --- | --- |
| \`embed_predict\` executable, -Os, \`--gc-sections\`, stripped | $(mib "$binary_bytes") MiB ($binary_bytes bytes) | ≤ 1.5 MiB |
| model file, portable binary / JSON | $(kib "$model_bytes") KiB / $(kib "$json_bytes") KiB | |
| model load, portable binary / JSON (median) | $load_bin_us µs / $load_json_us µs | ≤ 1 ms (binary) |
<!-- /embed-size -->
TABLE
)
echo "$table"

if [ "$mode" = --update-readme ]; then
  TABLE="$table" python3 - "$ROOT/README.md" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
new, n = re.subn(r"<!-- embed-size -->.*?<!-- /embed-size -->", lambda m: os.environ["TABLE"], text, flags=re.S)
if n != 1:
    sys.exit("README.md has no <!-- embed-size --> block")
open(path, "w", encoding="utf-8").write(new)
PY
  echo "README.md updated"
fi

if [ "$mode" = --check ]; then
  status=0
  if [ "$binary_bytes" -gt "$max_bytes" ]; then
    echo "embed_predict is $binary_bytes bytes stripped, above the $max_bytes-byte target" >&2
    status=1
  fi
  if [ "$load_bin_us" -gt "$max_load_us" ]; then
    echo "loading the binary model takes $load_bin_us µs, above the $max_load_us µs target" >&2
    status=1
  fi
  [ $status -eq 0 ] && echo "embed_size: within the targets (≤ $max_bytes bytes, ≤ $max_load_us µs)"
  exit $status
fi
