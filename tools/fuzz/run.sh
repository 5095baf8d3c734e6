#!/usr/bin/env bash
# Builds fepipe's fuzz targets (tests/fuzz: clang 14 + libFuzzer +
# AddressSanitizer + UndefinedBehaviorSanitizer), writes fresh seed corpora
# and runs each target for a bounded time, two at a time (one per core).
#
#   tools/fuzz/run.sh [target...]        default: every target
#
# Environment:
#   FUZZ_SECONDS  run time per target (default 45)
#   FUZZ_JOBS     targets run at once (default 2)
#   FUZZ_BUILD    build directory (default $BUILD_ROOT/fuzz)
#
# Limits per run: -rss_limit_mb=512 and -malloc_limit_mb=512 (a load may not
# allocate beyond a small multiple of its input, so any input that reaches
# them is a defect), -timeout=10 s per input, leak detection on. A crash,
# leak, timeout or out-of-memory fails the run and leaves the input in
# $FUZZ_BUILD/artifacts/<target>/; once fixed, it belongs in
# tests/fuzz/regression/<target>/ (tests/fuzz/README.md).
#
# The figures (executions, corpus sizes, reproducers kept) go to stdout and
# to $FUZZ_BUILD/fuzz-stats.txt; tools/fuzz/readme_figures.py copies them
# into README.md's "Guarantees" section.
set -euo pipefail
source "$(dirname "$0")/../ci/lib.sh"
cd "$ROOT"

SECONDS_PER_TARGET=${FUZZ_SECONDS:-45}
PARALLEL=${FUZZ_JOBS:-2}
BUILD=${FUZZ_BUILD:-$BUILD_ROOT/fuzz}
ALL_TARGETS=(model_json model_binary csv predict_one signed_model runtime_model spec)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

ensure_packages "${BASE_PACKAGES[@]}" clang-14 libclang-rt-14-dev libsodium-dev

log "building the fuzz targets (clang 14, libFuzzer, ASan, UBSan)"
start=$SECONDS
CXX=clang++-14 cmake -S tests/fuzz -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
cmake --build "$BUILD" -j "$JOBS"
build_seconds=$((SECONDS - start))

# ASan's quarantine of freed memory (256 MB by default) counts towards the
# RSS limit: predict_one, which holds the fitted course pipelines, settled at
# 455 MB of the 512 in a 10-minute run. 128 MB keeps use-after-free
# detection for recent frees and leaves the limit to real allocation bombs.
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0:quarantine_size_mb=128
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_target() {  # run_target <name>: seeds, then a bounded fuzzing run
  local t=$1
  local corpus=$BUILD/corpus/$t artifacts=$BUILD/artifacts/$t
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  FEPIPE_FUZZ_TARGET=$t FEPIPE_FUZZ_SEEDS=$BUILD/seeds/$t "$BUILD/fepipe_fuzz" >/dev/null
  local rc=0 dict=()
  [ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="tests/fuzz/dict/$t.dict")
  FEPIPE_FUZZ_TARGET=$t "$BUILD/fepipe_fuzz" "$corpus" "$BUILD/seeds/$t" "${dict[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=512 -malloc_limit_mb=512 -timeout=10 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$BUILD/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$BUILD/$t.rc"
}

log "fuzzing ${TARGETS[*]}, ${SECONDS_PER_TARGET} s each, ${PARALLEL} at a time"
rm -f "$BUILD"/*.rc
running=0
for t in "${TARGETS[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$PARALLEL" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

# Figures, and the verdict.
failed=0 total_execs=0 total_corpus=0
stats=$BUILD/fuzz-stats.txt
{
  echo "date=$(date -u +%Y-%m-%d)"
  echo "host_cores=$(nproc)"
  echo "seconds_per_target=$SECONDS_PER_TARGET"
  echo "build_seconds=$build_seconds"
} >"$stats"
printf '\n%-14s %12s %10s %8s %s\n' target executions exec/s corpus result
for t in "${TARGETS[@]}"; do
  log_file=$BUILD/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log_file" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log_file" | tail -1)
  # libFuzzer's own count of the inputs it keeps (seeds that add coverage
  # plus the new units), from its last status line.
  corpus=$(grep -o 'corp: [0-9]*' "$log_file" | tail -1 | sed 's/corp: //')
  corpus=${corpus:-0}
  rc=$(cat "$BUILD/$t.rc" 2>/dev/null || echo 1)
  result=ok
  if [ "$rc" != 0 ] || [ -n "$(ls -A "$BUILD/artifacts/$t")" ]; then
    result="FAILED (exit $rc): see $log_file and $BUILD/artifacts/$t/"
    failed=1
  fi
  printf '%-14s %12s %10s %8s %s\n' "$t" "${execs:-0}" "${rate:-0}" "$corpus" "$result"
  echo "$t.executions=${execs:-0}" >>"$stats"
  echo "$t.corpus=$corpus" >>"$stats"
  total_execs=$((total_execs + ${execs:-0}))
  total_corpus=$((total_corpus + corpus))
done
reproducers=$(find tests/fuzz/regression -type f ! -name '.*' | wc -l)
{
  echo "total.executions=$total_execs"
  echo "total.corpus=$total_corpus"
  echo "reproducers=$reproducers"
} >>"$stats"
printf '%-14s %12s %10s %8s\n' total "$total_execs" "" "$total_corpus"
echo "defects found and fixed so far (reproducers in tests/fuzz/regression/): $reproducers"
echo "build: ${build_seconds} s; figures in $stats"
if [ "$failed" != 0 ]; then
  for t in "${TARGETS[@]}"; do
    grep -E "ERROR|SUMMARY|what\(\)" "$BUILD/$t.log" | head -5 || true
  done
  exit 1
fi
