#!/usr/bin/env bash
# ThreadSanitizer (issue 6): one fitted pipeline (House Prices, Titanic
# gradient boosting, histogram gradient boosting) predicted from 8 threads at
# once — batch, positional and named records — must give what one thread
# gives, and TSan must report no data race. Builds only
# tests/reliability/concurrency_test.cpp (tests/reliability/tsan/).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ensure_packages "${BASE_PACKAGES[@]}"

dir=$BUILD_ROOT/tsan
log "ThreadSanitizer build of the concurrency test"
cmake -S tests/reliability/tsan -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
cmake --build "$dir" -j "$JOBS"
log "8 threads, one pipeline, under ThreadSanitizer"
# halt_on_error: the first race fails the stage with its report.
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$dir/concurrency_tsan"
