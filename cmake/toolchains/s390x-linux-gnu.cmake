# Big-endian IBM Z with Debian's g++-s390x-linux-gnu; programs run under
# qemu-s390x (qemu-user). CI uses it to check that model files are
# byte-order independent.
#   cmake -S . -B build-s390x --toolchain cmake/toolchains/s390x-linux-gnu.cmake
set(FEPIPE_CROSS_TRIPLET s390x-linux-gnu)
set(FEPIPE_CROSS_QEMU s390x)
include("${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake")
