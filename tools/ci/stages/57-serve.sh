#!/usr/bin/env bash
# `fepipe serve` (issue 13, docs/serving.md): the tool built with the
# server (cpp-httplib, Debian's libcpp-httplib-dev), the test family
# test_serve (the server's logic in-process and over loopback) and the
# end-to-end test of the executable (tests/serve/serve_e2e.sh). Long form:
# also the load and fault test (tools/serve/load_test.sh: wrk for a few
# seconds across 20 model replacements, one corrupt). The figures of record
# are in docs/benchmarks/serving.md; this stage checks correctness (no
# error, every answer from a complete model), not speed.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
packages=(libcpp-httplib-dev curl)
[ "$FEPIPE_LONG" = 1 ] && packages+=(wrk)
ensure_packages "${BASE_PACKAGES[@]}" "${OPTIONAL_PACKAGES[@]}" "${packages[@]}"

# After `tools/dev test`'s release build, reuse it: cpp-httplib is one of
# the OPTIONAL_PACKAGES, so that build has built fepipe with serve and
# test_serve and run both tests (and the sanitizer build ran test_serve):
# here they are only up to date and run again, in seconds. Alone: a build
# of its own.
dir=$BUILD_ROOT/ci-release
if [ -f "$dir/CMakeCache.txt" ]; then
  log "fepipe with serve, and test_serve (in the release build)"
  cmake -S "$ROOT" -B "$dir" >/dev/null
else
  dir=$BUILD_ROOT/serve
  log "fepipe with serve, and test_serve"
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DFEPIPE_WERROR=ON -DFEPIPE_BUILD_TESTS=ON \
    -DFEPIPE_BUILD_EXAMPLES=OFF -DFEPIPE_INSTALL=OFF >/dev/null
fi
# One target at a time: make runs several goals one after another anyway
# (tests/CMakeLists.txt, unit_tests), and each builds its registry object.
cmake --build "$dir" --target fepipe_cli -j "$JOBS"
cmake --build "$dir" --target test_serve -j "$JOBS"
ctest --test-dir "$dir" -R '^(test_serve|fepipe_serve_e2e)$' --output-on-failure --timeout 120
if [ "$FEPIPE_LONG" = 1 ]; then
  log "load and fault test (5 s)"
  bash tools/serve/load_test.sh "$dir/apps/fepipe" 5 8 8
fi
