# cli_bench runs the fepipe tool in-process (fepipe/cli/cli.hpp), which
# needs CLI11 (Debian: libcli11-dev) and libsodium (libsodium-dev).
find_package(CLI11 CONFIG QUIET)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(FEPIPE_BENCH_CLI_SODIUM QUIET IMPORTED_TARGET libsodium)
endif()
if(TARGET CLI11::CLI11 AND TARGET PkgConfig::FEPIPE_BENCH_CLI_SODIUM)
  target_link_libraries(${BENCH_TARGET} PRIVATE CLI11::CLI11 PkgConfig::FEPIPE_BENCH_CLI_SODIUM)
  fepipe_link_builtins(${BENCH_TARGET})  # the built-in classes (apps/builtins.cpp)
else()
  message(STATUS "${BENCH_TARGET}: CLI11 or libsodium not found, not built")
  set_target_properties(${BENCH_TARGET} PROPERTIES EXCLUDE_FROM_ALL ON)
endif()
