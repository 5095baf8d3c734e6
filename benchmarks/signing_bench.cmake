# signing_bench measures fepipe/io/signing.hpp, which needs libsodium
# (Debian: libsodium-dev). Without it the benchmark is not built.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(FEPIPE_BENCH_SODIUM QUIET IMPORTED_TARGET libsodium)
endif()
if(TARGET PkgConfig::FEPIPE_BENCH_SODIUM)
  target_link_libraries(${BENCH_TARGET} PRIVATE PkgConfig::FEPIPE_BENCH_SODIUM)
else()
  message(STATUS "${BENCH_TARGET}: libsodium not found, not built")
  set_target_properties(${BENCH_TARGET} PROPERTIES EXCLUDE_FROM_ALL ON)
endif()
