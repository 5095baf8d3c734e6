#!/usr/bin/env bash
# Fuzzing (issue 6): builds the libFuzzer targets of tests/fuzz with clang 14,
# AddressSanitizer and UndefinedBehaviorSanitizer, seeds them from real model
# files and the repository's CSVs, and runs each for a bounded time with
# -rss_limit_mb=512 -malloc_limit_mb=512 (tools/fuzz/run.sh). Any crash,
# leak, timeout or out-of-memory fails the stage. The reproducers of every
# defect found so far are replayed by test_reliability in the two base
# builds. Budget: ~1.5 min of build plus 4 targets x FUZZ_SECONDS / 2 cores.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
FUZZ_SECONDS=${FUZZ_SECONDS:-45} exec "$ROOT/tools/fuzz/run.sh"
