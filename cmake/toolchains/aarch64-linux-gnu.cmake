# 64-bit ARM (phones, Apple silicon, Raspberry Pi 3+) with Debian's
# g++-aarch64-linux-gnu; programs run under qemu-aarch64 (qemu-user).
#   cmake -S . -B build-arm64 --toolchain cmake/toolchains/aarch64-linux-gnu.cmake
set(FEPIPE_CROSS_TRIPLET aarch64-linux-gnu)
set(FEPIPE_CROSS_QEMU aarch64)
include("${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake")
