# Shared by the Debian cross toolchain files in this folder: set
# FEPIPE_CROSS_TRIPLET (e.g. aarch64-linux-gnu) and FEPIPE_CROSS_QEMU (e.g.
# aarch64), then include this file. Needs Debian's g++-<triplet> and
# qemu-user. Targets run through qemu-user: CTest, try_run and
# add_custom_command(... COMMAND <target>) use CMAKE_CROSSCOMPILING_EMULATOR.
set(CMAKE_SYSTEM_NAME Linux)
string(REGEX MATCH "^[^-]+" CMAKE_SYSTEM_PROCESSOR "${FEPIPE_CROSS_TRIPLET}")

set(CMAKE_C_COMPILER "${FEPIPE_CROSS_TRIPLET}-gcc")
set(CMAKE_CXX_COMPILER "${FEPIPE_CROSS_TRIPLET}-g++")

# Target libraries come from the cross sysroot only; programs from the host.
set(CMAKE_FIND_ROOT_PATH "/usr/${FEPIPE_CROSS_TRIPLET}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
# fepipe's dependencies are header-only, so the host's CMake packages serve
# every target. Debian installs some of them (xtensor, cereal) under the
# host's multiarch directory, which a cross build does not search by itself.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
list(APPEND CMAKE_PREFIX_PATH "/usr/lib/${CMAKE_HOST_SYSTEM_PROCESSOR}-linux-gnu/cmake")

# Those packages point at /usr/include, which Debian's cross compilers
# search last, after the target's own C and C++ library headers.

set(CMAKE_CROSSCOMPILING_EMULATOR "qemu-${FEPIPE_CROSS_QEMU};-L;/usr/${FEPIPE_CROSS_TRIPLET}")
