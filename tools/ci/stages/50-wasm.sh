#!/usr/bin/env bash
# WebAssembly: examples/embed_predict.cpp built with Debian's emscripten
# through CMake exactly as tests/package/find_package does (emcmake +
# find_package(fepipe) + fepipe::fepipe), run under node on the reference
# House Prices model, predicting what the native build predicts, bit for bit.
# (Emscripten 3.1.6's libc++ lacks std::bit_cast and floating-point
# to_chars/from_chars; fepipe falls back to __builtin_bit_cast and
# snprintf/strtod there: core/detail/bit.hpp, core/detail/format.hpp.)
#
# Dependencies come from a prefix made for the target, as a user's would be
# (a vcpkg wasm32-emscripten tree, an SDK folder): here links to Debian's
# header-only Eigen, xtensor, xtl, cereal and rapidjson, with their CMake
# package files. Not /usr itself: /usr/include holds the host's C library,
# which must never reach emscripten's. Debian's cereal version file refuses
# 32-bit targets (it records the 64-bit pointer size of the build host),
# wrongly for a header-only package: the prefix gets one without that check.
#
# Emscripten 3.1.6 with node 20 needs two workarounds: NODE_PATH at link time
# (its JavaScript optimizer needs Debian's acorn) and node's fetch() off at
# run time (the 3.1.6 runtime would try to fetch the .wasm file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# tools/ci/lib.sh from here (tests/package/) or from tools/ci/stages/.
if [ -f "$here/../lib.sh" ]; then source "$here/../lib.sh"; else source "$here/../../tools/ci/lib.sh"; fi
source "$ROOT/tests/package/lib.bash"
cd "$ROOT"
ensure_packages "${BASE_PACKAGES[@]}" emscripten nodejs

pkg_reference  # made by 20-package.sh in a full run
deps=$PKG_WORK/wasm-deps
dir=$PKG_WORK/wasm
rm -rf "$deps"
mkdir -p "$deps/include"
for d in eigen3 xtensor xtl cereal rapidjson; do ln -s "/usr/include/$d" "$deps/include/$d"; done
multiarch=$(gcc -print-multiarch)
# Package files keep their place relative to the prefix: they locate the
# headers from their own path.
for c in share/eigen3/cmake share/cmake/xtl "lib/$multiarch/cmake/xtensor" "lib/$multiarch/cmake/cereal"; do
  mkdir -p "$deps/$c"
  ln -s /usr/"$c"/*.cmake "$deps/$c/"
done
cereal_version=$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "/usr/lib/$multiarch/cmake/cereal/cerealConfigVersion.cmake")
rm "$deps/lib/$multiarch/cmake/cereal/cerealConfigVersion.cmake"
cat >"$deps/lib/$multiarch/cmake/cereal/cerealConfigVersion.cmake" <<VERSION
set(PACKAGE_VERSION "$cereal_version")
set(PACKAGE_VERSION_COMPATIBLE TRUE)
VERSION

log "embed_predict for WebAssembly (emscripten $(cat /usr/share/emscripten/emscripten-version.txt))"
rm -rf "$dir"
# -fexceptions: fepipe reports errors with exceptions, emscripten turns them
# off by default. NODERAWFS: the program reads the model file from the host.
NODE_PATH=/usr/share/nodejs emcmake cmake -S tests/package/find_package -B "$dir" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$PKG_PREFIX;$deps;$deps/lib/$multiarch/cmake" -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=BOTH \
  -DCMAKE_CXX_FLAGS="-fexceptions $PKG_WARNINGS" \
  -DCMAKE_EXE_LINKER_FLAGS="-fexceptions -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1" >"$dir.configure.log" 2>&1 ||
  { cat "$dir.configure.log" >&2; exit 1; }
NODE_PATH=/usr/share/nodejs cmake --build "$dir" -j "$JOBS"
echo "embed_predict.wasm: $(stat -c %s "$dir/embed_predict.wasm") bytes, embed_predict.js: $(stat -c %s "$dir/embed_predict.js") bytes"

log "embed_predict under node $(node --version)"
for model in house_prices.fpm house_prices.json; do
  node --no-experimental-fetch "$dir/embed_predict.js" "$PKG_REFERENCE/$model" <"$PKG_DATA" >"$dir/predictions-$model.txt"
  pkg_check_predictions "WebAssembly ($model)" "$dir/predictions-$model.txt"
done
# An error is an exception caught in WebAssembly, not an abort.
if node --no-experimental-fetch "$dir/embed_predict.js" "$PKG_DATA" </dev/null 2>"$dir/error.txt"; then
  echo "loading a CSV file as a model succeeded" >&2
  exit 1
fi
grep -q "checksum mismatch" "$dir/error.txt" || { cat "$dir/error.txt" >&2; exit 1; }
echo "WebAssembly: a bad model file gives: $(head -c 160 "$dir/error.txt")"
