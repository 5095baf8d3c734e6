# Finds fepipe's header dependencies. Shared by the build and by the
# installed fepipeConfig.cmake so both accept the same versions:
# Eigen 3.4 (Debian) or 5.x (Conan/vcpkg), xtensor 0.24 (flat headers) to
# 0.27 (containers/ headers), cereal 1.3.
include(CMakeFindDependencyMacro)

# No version range: Eigen 3.4.0's config rejects ranges and Eigen 5 would be
# rejected by "3.4". Check by hand instead.
find_dependency(Eigen3 CONFIG)
if(Eigen3_VERSION AND Eigen3_VERSION VERSION_LESS 3.4)
  message(FATAL_ERROR "fepipe needs Eigen >= 3.4 (found ${Eigen3_VERSION})")
endif()
if(NOT TARGET Eigen3::Eigen)
  message(FATAL_ERROR "fepipe: Eigen3 was found but provides no Eigen3::Eigen target")
endif()

find_dependency(xtensor CONFIG)
if(xtensor_VERSION AND xtensor_VERSION VERSION_LESS 0.24)
  message(FATAL_ERROR "fepipe needs xtensor >= 0.24 (found ${xtensor_VERSION})")
endif()

find_dependency(cereal CONFIG)
if(NOT TARGET cereal::cereal AND TARGET cereal)
  add_library(cereal::cereal ALIAS cereal)
endif()

# Tree models can fit with several threads (results never depend on the count).
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_dependency(Threads)
