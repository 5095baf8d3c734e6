#!/usr/bin/env bash
# ARM (phones, Apple silicon, Raspberry Pi): the test suite cross-compiled for
# aarch64 with Debian's g++-aarch64-linux-gnu and run under qemu-user, through
# CTest and CMAKE_CROSSCOMPILING_EMULATOR (cmake/toolchains/).
#
# A second build of the suite, kept cheap: -O1 (the tests' numbers do not
# depend on it: fepipe::fepipe compiles with -ffp-contract=off), the shared
# precompiled header, no examples or benchmarks, and only the test_<family>
# executables. Left to the host builds, because nothing in them depends on
# the target: the documentation snippets (test_docs, which illustrate the
# classes the unit tests cover, and docs_snippets_match, a text comparison)
# and the compile-fail tests (static_assert diagnostics). Emulation is ~10x
# slower: FEPIPE_TEST_EMULATED gives the reliability family's random-frame
# properties the smaller case counts of the sanitizer builds (same seeds).
#
# Short form (CI): the families whose numbers rest on libm or on the
# compiler's code generation, and the model-file paths: core (number
# parsing, numpy's sums and quantiles), io (model files and CSV: byte
# layout, the load path), transform (log, pow, exp: Box-Cox, Yeo-Johnson),
# create (sin, cos), linear (the solvers' exp and log, their convergence),
# tree (the boosting losses; a last-bit difference can flip a tie between
# two splits) and pipelines (the course pipelines end to end against
# scikit-learn's predictions). The other families compute with +, *,
# comparisons and lookups, which IEEE 754 and -ffp-contract=off make
# identical on both; their few libm calls (WoEEncoder's log, the
# discretisers' rounding of edges, RobustScaler's erf) are left to the
# long form. Long form (FEPIPE_LONG=1, `tools/dev test-long`): every family.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ensure_packages "${BASE_PACKAGES[@]}" g++-aarch64-linux-gnu qemu-user file

dir=$BUILD_ROOT/ci-aarch64
if [ "$FEPIPE_LONG" = 1 ]; then
  families=""  # all
  log "aarch64 cross build of the tests (-O1), every family"
else
  families="core;io;transform;create;linear;tree;pipelines"
  log "aarch64 cross build of the tests (-O1), families: $families"
fi
# -Wno-psabi: GCC's notes that the aarch64 argument-passing ABI of some
# types changed in GCC 10; irrelevant to a header-only library compiled into
# one program. -Wno-maybe-uninitialized: at -O1 for aarch64 GCC 12 inlines
# Eigen's copy constructor differently and reports a false positive inside
# Eigen (DenseStorage.h); the host builds keep the warning.
# (Off x86, doctest 2.4's DOCTEST_BREAK_INTO_DEBUGGER is an unqualified
# raise(SIGTRAP): a test must not name a local variable `raise`.)
cmake -S "$ROOT" -B "$dir" --toolchain "$ROOT/cmake/toolchains/aarch64-linux-gnu.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS="-Wno-psabi -Wno-maybe-uninitialized -DFEPIPE_TEST_EMULATED" \
  -DFEPIPE_WERROR=ON -DFEPIPE_TEST_PCH=ON -DFEPIPE_TEST_ONLY_FAMILIES="$families" \
  -DFEPIPE_BUILD_TESTS=ON -DFEPIPE_BUILD_EXAMPLES=OFF -DFEPIPE_BUILD_BENCHMARKS=OFF >/dev/null
mapfile -t targets < <(test_families "$dir" test_docs)
[ ${#targets[@]} -gt 0 ] || { echo "no test_<family> targets found" >&2; exit 1; }
cmake --build "$dir" -j "$JOBS" --target unit_tests

log "aarch64 tests under qemu-aarch64: ${targets[*]}"
file "$dir/tests/${targets[0]}" | grep -q 'ARM aarch64' || { echo "not an aarch64 executable" >&2; exit 1; }
ctest --test-dir "$dir" --output-on-failure -j "$JOBS" -R "^($(IFS='|'; echo "${targets[*]}"))\$"
