# test_cli tests the fepipe tool (fepipe/cli/cli.hpp), which needs CLI11
# (Debian: libcli11-dev) and libsodium (libsodium-dev). Included by
# tests/CMakeLists.txt: sets FAMILY_LIBS, or FAMILY_SKIP with the reason.
if(CMAKE_CROSSCOMPILING)
  set(FAMILY_SKIP "cross-compiling: no CLI11/libsodium for the target")
else()
  find_package(CLI11 CONFIG QUIET)
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(FEPIPE_TEST_CLI_SODIUM QUIET IMPORTED_TARGET libsodium)
  endif()
  if(NOT TARGET CLI11::CLI11)
    set(FAMILY_SKIP "CLI11 not found (Debian: libcli11-dev)")
  elseif(NOT TARGET PkgConfig::FEPIPE_TEST_CLI_SODIUM)
    set(FAMILY_SKIP "libsodium not found by pkg-config (Debian: libsodium-dev)")
  else()
    # fepipe_test_builtins: the built-in registry, compiled once for the suite.
    set(FAMILY_LIBS CLI11::CLI11 PkgConfig::FEPIPE_TEST_CLI_SODIUM fepipe_test_builtins)
  endif()
endif()
