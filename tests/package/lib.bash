# Helpers shared by the packaging CI stages (tools/ci/stages/20-package.sh,
# 30-aarch64.sh, 40-s390x.sh, 50-wasm.sh). Source it after tools/ci/lib.sh.
#
# Everything lives under $PKG_WORK ($BUILD_ROOT/package). The reference run is
# the host's: fepipe installed to $PKG_PREFIX, model_exchange (tests/package/
# endian) built against it, and the House Prices model it trains written to
# $PKG_REFERENCE with the predictions for every row of data/houseprice.csv.
# Every other build must reproduce those predictions bit for bit.

PKG_WORK=$BUILD_ROOT/package
PKG_PREFIX=$PKG_WORK/prefix
PKG_REFERENCE=$PKG_WORK/reference
PKG_DATA=$ROOT/data/houseprice.csv
# Consumers compile with the warnings fepipe's own code is held to.
PKG_WARNINGS="-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror"

# pkg_install: a fresh `cmake --install` of fepipe to $PKG_PREFIX, checked.
pkg_install() {
  rm -rf "$PKG_PREFIX" "$PKG_WORK/fepipe"
  cmake -S "$ROOT" -B "$PKG_WORK/fepipe" -DFEPIPE_BUILD_TESTS=OFF -DFEPIPE_BUILD_EXAMPLES=OFF \
    -DCMAKE_INSTALL_PREFIX="$PKG_PREFIX" >/dev/null
  cmake --install "$PKG_WORK/fepipe" >/dev/null
  # Exactly the headers and the package files: nothing architecture-specific.
  diff -r "$ROOT/include" "$PKG_PREFIX/include"
  local files
  files=$(cd "$PKG_PREFIX" && find . -type f -not -path './include/*' | sort | tr '\n' ' ')
  local expected="./share/cmake/fepipe/FepipeDependencies.cmake ./share/cmake/fepipe/fepipeConfig.cmake ./share/cmake/fepipe/fepipeConfigVersion.cmake ./share/cmake/fepipe/fepipeTargets.cmake "
  if [ "$files" != "$expected" ]; then
    echo "unexpected install tree outside include/: $files" >&2
    return 1
  fi
}

# pkg_configure <source dir> <build dir> [cmake args...]: configures a fresh
# consumer project (quietly unless it fails).
pkg_configure() {
  local src=$1 dir=$2
  shift 2
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  if ! cmake -S "$src" -B "$dir" -DCMAKE_CXX_FLAGS="$PKG_WARNINGS" "$@" >"$dir.configure.log" 2>&1; then
    cat "$dir.configure.log" >&2
    return 1
  fi
}

# pkg_build_dirs <build dir>...: builds configured projects, $JOBS at a time
# (each is one or two translation units, so this is what keeps cores busy).
pkg_build_dirs() {
  printf '%s\n' "$@" | xargs -P "$JOBS" -I{} sh -c \
    'cmake --build "$1" >"$1.build.log" 2>&1 || { cat "$1.build.log" >&2; exit 255; }' sh {}
}

# pkg_build <source dir> <build dir> [cmake args...]: configure and build.
pkg_build() {
  pkg_configure "$@"
  pkg_build_dirs "$2"
}

# pkg_configure_reference: configures model_exchange for the host, whose
# build pkg_reference needs (build it together with other projects).
pkg_configure_reference() {
  [ -f "$PKG_PREFIX/share/cmake/fepipe/fepipeConfig.cmake" ] || pkg_install
  pkg_configure "$ROOT/tests/package/endian" "$PKG_WORK/model_exchange" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$PKG_PREFIX"
}

# pkg_reference: the host's model files and predictions, made once per run
# (by the first stage that needs them).
pkg_reference() {
  [ -f "$PKG_REFERENCE/predictions.txt" ] && [ -x "$PKG_WORK/model_exchange/model_exchange" ] && return 0
  if [ ! -x "$PKG_WORK/model_exchange/model_exchange" ]; then
    log "model_exchange for the host"
    pkg_configure_reference
    pkg_build_dirs "$PKG_WORK/model_exchange"
  fi
  rm -rf "$PKG_REFERENCE"
  "$PKG_WORK/model_exchange/model_exchange" write "$PKG_DATA" "$PKG_REFERENCE"
}

# pkg_check_predictions <label> <file>: <file> must equal the reference
# predictions byte for byte (17 significant digits: equal text = equal bits).
pkg_check_predictions() {
  local label=$1 file=$2
  if ! cmp -s "$file" "$PKG_REFERENCE/predictions.txt"; then
    echo "$label: predictions differ from the reference ($PKG_REFERENCE/predictions.txt):" >&2
    diff "$file" "$PKG_REFERENCE/predictions.txt" | head -5 >&2
    return 1
  fi
  echo "$label: $(wc -l <"$file") predictions bit-identical to the reference"
}
