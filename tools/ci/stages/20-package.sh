#!/usr/bin/env bash
# Packaging: fepipe's CMake install and every way a project consumes it.
#
#  - `cmake --install` to a prefix holds the headers and the package files,
#    nothing architecture-specific;
#  - fepipeConfig.cmake accepts the dependency versions Debian, Conan and
#    vcpkg ship and rejects too-old ones (tests/package/dependency_versions);
#  - model_exchange (tests/package/endian), a find_package consumer, trains
#    the House Prices model and writes the reference model and predictions;
#  - examples/embed_predict.cpp built through find_package on the installed
#    prefix, find_package on the build tree, add_subdirectory and FetchContent
#    of a source archive, each predicting the reference bit for bit;
#  - the Conan test_package and the vcpkg port's usage, built the same way,
#    plus the offline checks of the recipe and the port
#    (packaging/check_packaging.py);
#  - tools/size/embed_size.sh: embed_predict's stripped size and the model's
#    load time against the README's targets.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/package/lib.bash"
cd "$ROOT"
ensure_packages "${BASE_PACKAGES[@]}" python3

rm -rf "$PKG_WORK"
mkdir -p "$PKG_WORK"
log "install to $PKG_PREFIX"
pkg_install

log "fepipeConfig.cmake with Eigen 3.4/5.0, xtensor 0.24/0.27, cereal 1.3.0/1.3.2"
cmake -S tests/package/dependency_versions -B "$PKG_WORK/dependency_versions" \
  -Dfepipe_DIR="$PKG_PREFIX/share/cmake/fepipe" | grep 'cases passed'

log "configure the consumers"
pkg_configure_reference
pkg_configure tests/package/find_package "$PKG_WORK/find_package" -DCMAKE_PREFIX_PATH="$PKG_PREFIX"
pkg_configure tests/package/find_package "$PKG_WORK/find_package_build_tree" -Dfepipe_DIR="$PKG_WORK/fepipe"
pkg_configure tests/package/add_subdirectory "$PKG_WORK/add_subdirectory"
# What a source release must hold for CMake (and what the Conan recipe exports).
archive=$PKG_WORK/fepipe-src.tar.gz
tar -czf "$archive" --transform 's,^,fepipe/,' CMakeLists.txt cmake include
pkg_configure tests/package/fetchcontent "$PKG_WORK/fetchcontent" -DFEPIPE_ARCHIVE="$archive" \
  -DFEPIPE_ARCHIVE_SHA256="$(sha256sum "$archive" | cut -d' ' -f1)"
pkg_configure packaging/conan/test_package "$PKG_WORK/conan_test_package" -DCMAKE_PREFIX_PATH="$PKG_PREFIX"

log "build them"
pkg_build_dirs "$PKG_WORK/model_exchange" "$PKG_WORK/find_package" "$PKG_WORK/find_package_build_tree" \
  "$PKG_WORK/add_subdirectory" "$PKG_WORK/fetchcontent" "$PKG_WORK/conan_test_package"

log "reference model and predictions (x86_64)"
pkg_reference
"$PKG_WORK/model_exchange/model_exchange" read "$PKG_DATA" "$PKG_REFERENCE"

# run_consumer <label> <build dir>: embed_predict on the reference model
# (binary and JSON) must print the reference predictions.
run_consumer() {
  local label=$1 dir=$2
  for model in house_prices.fpm house_prices.json; do
    "$dir/embed_predict" "$PKG_REFERENCE/$model" <"$PKG_DATA" >"$dir/predictions-$model.txt"
    pkg_check_predictions "$label, $model" "$dir/predictions-$model.txt"
  done
}

log "run the consumers"
run_consumer "find_package (installed)" "$PKG_WORK/find_package"
run_consumer "find_package (build tree)" "$PKG_WORK/find_package_build_tree"
run_consumer "add_subdirectory" "$PKG_WORK/add_subdirectory"
run_consumer "FetchContent" "$PKG_WORK/fetchcontent"
# A subproject fepipe adds nothing to its parent's install.
cmake --install "$PKG_WORK/add_subdirectory" --prefix "$PKG_WORK/add_subdirectory-install" >/dev/null
if [ -e "$PKG_WORK/add_subdirectory-install/include/fepipe" ]; then
  echo "add_subdirectory: the parent's install installed fepipe" >&2
  exit 1
fi
"$PKG_WORK/conan_test_package/test_package"

log "Conan recipe and vcpkg port, offline"
python3 packaging/check_packaging.py --prefix "$PKG_PREFIX"

log "embed_predict's size and the model's load time"
tools/size/embed_size.sh --check
