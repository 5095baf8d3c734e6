# test_serve tests the model server (fepipe/serve/, docs/serving.md), which
# needs cpp-httplib (Debian: libcpp-httplib-dev), CLI11 and libsodium (it
# reuses fepipe/cli/cli.hpp). Included by tests/CMakeLists.txt: sets
# FAMILY_LIBS, or FAMILY_SKIP with the reason.
if(CMAKE_CROSSCOMPILING)
  set(FAMILY_SKIP "cross-compiling: no cpp-httplib/CLI11/libsodium for the target")
else()
  find_package(CLI11 CONFIG QUIET)
  find_package(PkgConfig QUIET)
  find_package(Threads)
  if(PkgConfig_FOUND)
    pkg_check_modules(FEPIPE_TEST_SERVE_SODIUM QUIET IMPORTED_TARGET libsodium)
    pkg_check_modules(FEPIPE_TEST_SERVE_HTTPLIB QUIET IMPORTED_TARGET cpp-httplib)
  endif()
  if(NOT TARGET PkgConfig::FEPIPE_TEST_SERVE_HTTPLIB)
    set(FAMILY_SKIP "cpp-httplib not found by pkg-config (Debian: libcpp-httplib-dev)")
  elseif(NOT TARGET CLI11::CLI11)
    set(FAMILY_SKIP "CLI11 not found (Debian: libcli11-dev)")
  elseif(NOT TARGET PkgConfig::FEPIPE_TEST_SERVE_SODIUM)
    set(FAMILY_SKIP "libsodium not found by pkg-config (Debian: libsodium-dev)")
  else()
    # fepipe_test_builtins: the built-in registry, compiled once for the suite.
    set(FAMILY_LIBS PkgConfig::FEPIPE_TEST_SERVE_HTTPLIB CLI11::CLI11 PkgConfig::FEPIPE_TEST_SERVE_SODIUM
      Threads::Threads fepipe_test_builtins)
  endif()
endif()
