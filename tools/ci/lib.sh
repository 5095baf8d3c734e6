# Shared by tools/dev and the CI stages in tools/ci/stages/ (source it).
# Provides: ROOT, JOBS, BUILD_ROOT, FEPIPE_LONG, log, ensure_packages,
# configure_and_build, test_families.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
BUILD_ROOT=${BUILD_ROOT:-$ROOT/build}
# Each stage has a short form, what CI runs (`tools/dev test`, within CI's
# budget of 35 min on 2 cores), and a long form, FEPIPE_LONG=1 (`tools/dev
# test-long`): more of the same checks, for a release or a change to a stage.
FEPIPE_LONG=${FEPIPE_LONG:-0}
export ROOT JOBS BUILD_ROOT FEPIPE_LONG

BASE_PACKAGES=(g++ cmake make libeigen3-dev xtensor-dev libcereal-dev doctest-dev libbenchmark-dev)
# What the optional parts need, beyond the core's headers: libsodium for
# signed model files (fepipe/io/signing.hpp), CLI11 for the fepipe command,
# cpp-httplib for its `serve` (curl for serve's end-to-end test).
# The tests build them, so `tools/dev test` installs these too.
OPTIONAL_PACKAGES=(libsodium-dev libcli11-dev libcpp-httplib-dev curl)
# What the stages in tools/ci/stages/ install for themselves, fetched by
# `tools/dev test` up front in one apt transaction (one index update, one
# download) rather than one per stage. A stage missing here still works.
STAGE_PACKAGES=(python3 g++-aarch64-linux-gnu g++-s390x-linux-gnu qemu-user file emscripten nodejs
  clang-14 libclang-rt-14-dev
  pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pandas python3-sklearn python3-pytest
  python3-venv python3-setuptools python3-wheel pkg-config)

log() { printf '\n== %s\n' "$*"; }

# Installs the Debian packages that are not installed yet (as root, or via sudo).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run as root or install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt (unattended upgrades, a parallel job) may hold the lock:
  # wait for it rather than fail.
  local lock=(-o DPkg::Lock::Timeout=600)
  "${sudo[@]}" apt-get "${lock[@]}" update -qq
  "${sudo[@]}" apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_and_build <build dir> [cmake args...]
configure_and_build() {
  local dir=$1
  shift
  cmake -S "$ROOT" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

# test_families <build dir> [excluded...]: the test_<family> executables of
# a configured build (the Makefile and the Ninja spelling of `help`), one per
# line, without the excluded ones.
test_families() {
  local dir=$1
  shift
  local exclude=(-e '')
  for t in "$@"; do exclude+=(-e "$t"); done
  cmake --build "$dir" --target help |
    sed -n 's/^\.\.\. \(test_[a-z_]*\)$/\1/p; s/^\(test_[a-z_]*\): phony$/\1/p' | grep -vx "${exclude[@]}" | sort -u
}
