#!/usr/bin/env bash
# Fuzzing (issue 6): builds the libFuzzer targets of tests/fuzz with clang 14,
# AddressSanitizer and UndefinedBehaviorSanitizer, seeds them from real model
# files and the repository's CSVs, and runs each for a bounded time with
# -rss_limit_mb=512 -malloc_limit_mb=512 (tools/fuzz/run.sh). Any crash,
# leak, timeout or out-of-memory fails the stage. The reproducers of every
# defect found so far are replayed by test_reliability in the two base
# builds. Budget: ~1.5 min of build plus 7 targets x FUZZ_SECONDS / 2 cores.
# Short form (CI): 20 s per target (~70 s of fuzzing): every target starts
# from fresh seeds and runs its corpus under the sanitizers, and the
# reproducers are replayed by the base builds anyway; finding new defects
# is the job of long campaigns (`FUZZ_SECONDS=120 tools/fuzz/run.sh`, the
# figures in README.md). Long form (FEPIPE_LONG=1, `tools/dev test-long`):
# 45 s per target. FUZZ_SECONDS overrides both.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
if [ "$FEPIPE_LONG" = 1 ]; then default_seconds=45; else default_seconds=20; fi
FUZZ_SECONDS=${FUZZ_SECONDS:-$default_seconds} exec "$ROOT/tools/fuzz/run.sh"
