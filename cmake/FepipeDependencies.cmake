# Finds fepipe's header dependencies. Shared by the build (CMakeLists.txt)
# and by the installed fepipeConfig.cmake so that both accept the same
# versions: Eigen 3.4 (Debian) or 5.x (Conan, vcpkg), xtensor 0.24 (flat
# headers) to 0.27+ (containers/ headers), cereal 1.3, and the platform's
# threads.
#
# In the build every dependency is REQUIRED, so a missing one stops the
# configure with CMake's own message. From fepipeConfig.cmake
# (_fepipe_in_package_config set) failures follow the find_package protocol
# instead: fepipe_FOUND is set to FALSE with fepipe_NOT_FOUND_MESSAGE, and
# the caller's REQUIRED / QUIET decide what happens.

if(_fepipe_in_package_config)
  include(CMakeFindDependencyMacro)
  macro(_fepipe_find name)
    find_dependency(${name} ${ARGN})
  endmacro()
  macro(_fepipe_reject message)
    set(fepipe_NOT_FOUND_MESSAGE "${message}")
    set(fepipe_FOUND FALSE)
    return()
  endmacro()
else()
  macro(_fepipe_find name)
    find_package(${name} ${ARGN} REQUIRED)
  endmacro()
  macro(_fepipe_reject message)
    message(FATAL_ERROR "${message}")
  endmacro()
endif()

# Eigen: no version in the call. Eigen 3.4.0's config rejects version
# ranges, and Eigen 5's rejects a request for "3.4" (different major), so
# the minimum is checked by hand.
_fepipe_find(Eigen3 CONFIG)
if(DEFINED Eigen3_VERSION AND Eigen3_VERSION VERSION_LESS 3.4)
  _fepipe_reject("fepipe needs Eigen >= 3.4, found ${Eigen3_VERSION} at ${Eigen3_DIR}")
endif()
if(NOT TARGET Eigen3::Eigen)
  _fepipe_reject("fepipe: the Eigen3 package at ${Eigen3_DIR} defines no Eigen3::Eigen target")
endif()

# xtensor: 0.24/0.25 install flat headers, 0.26+ containers/ core/ utils/;
# fepipe/core/detail/xtensor_compat.hpp picks the right paths, so any
# version from 0.24 on is accepted. The target is called plain `xtensor`.
_fepipe_find(xtensor CONFIG)
if(DEFINED xtensor_VERSION AND xtensor_VERSION VERSION_LESS 0.24)
  _fepipe_reject("fepipe needs xtensor >= 0.24, found ${xtensor_VERSION} at ${xtensor_DIR}")
endif()
if(NOT TARGET xtensor)
  _fepipe_reject("fepipe: the xtensor package at ${xtensor_DIR} defines no xtensor target")
endif()

# cereal: 1.3.1+ exports cereal::cereal, 1.3.0 only `cereal`.
_fepipe_find(cereal CONFIG)
if(NOT TARGET cereal::cereal)
  if(TARGET cereal)
    add_library(cereal::cereal ALIAS cereal)
  else()
    _fepipe_reject("fepipe: the cereal package at ${cereal_DIR} defines neither cereal::cereal nor cereal")
  endif()
endif()

# Tree models can fit with several threads (results never depend on the count).
set(THREADS_PREFER_PTHREAD_FLAG ON)
_fepipe_find(Threads)
