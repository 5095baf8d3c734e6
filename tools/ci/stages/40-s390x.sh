#!/usr/bin/env bash
# Byte order: the House Prices model trained on x86_64 (little-endian) and on
# s390x (big-endian, Debian's g++-s390x-linux-gnu, run under qemu-s390x).
#  - each host loads the other's binary and JSON model files and predicts
#    every row of data/houseprice.csv bit-identically to the writer;
#  - both hosts write byte-identical model files and predictions.
# The program is tests/package/endian/model_exchange.cpp, a find_package
# consumer of the installed fepipe on both hosts.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/package/lib.bash"
cd "$ROOT"
ensure_packages "${BASE_PACKAGES[@]}" g++-s390x-linux-gnu qemu-user file

pkg_reference  # the x86_64 side (made by 20-package.sh in a full run)

log "model_exchange for s390x"
pkg_build tests/package/endian "$PKG_WORK/model_exchange-s390x" \
  --toolchain "$ROOT/cmake/toolchains/s390x-linux-gnu.cmake" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$PKG_PREFIX"
s390x=(qemu-s390x -L /usr/s390x-linux-gnu "$PKG_WORK/model_exchange-s390x/model_exchange")
file "$PKG_WORK/model_exchange-s390x/model_exchange" | grep -q 'MSB.*S/390' || { echo "not a big-endian s390x executable" >&2; exit 1; }

log "train and save on s390x"
rm -rf "$PKG_WORK/s390x"
"${s390x[@]}" write "$PKG_DATA" "$PKG_WORK/s390x"

log "x86_64's files on s390x, s390x's files on x86_64"
"${s390x[@]}" read "$PKG_DATA" "$PKG_REFERENCE"
"$PKG_WORK/model_exchange/model_exchange" read "$PKG_DATA" "$PKG_WORK/s390x"

log "the same bytes on both hosts"
for f in house_prices.fpm house_prices.json predictions.txt; do
  cmp "$PKG_REFERENCE/$f" "$PKG_WORK/s390x/$f"
  echo "$f: byte-identical on x86_64 and s390x ($(stat -c %s "$PKG_REFERENCE/$f") bytes)"
done
