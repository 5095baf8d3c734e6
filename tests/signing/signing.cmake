# test_signing tests fepipe/io/signing.hpp, the one header that needs
# libsodium (Debian: libsodium-dev). Included by tests/CMakeLists.txt before
# the family's target exists: sets FAMILY_LIBS, or FAMILY_SKIP with the reason.
if(CMAKE_CROSSCOMPILING)
  # The cross builds (aarch64 stage) have no libsodium built for the target;
  # the signatures are host-independent bytes, tested by the host builds.
  set(FAMILY_SKIP "cross-compiling: no libsodium for the target")
else()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(FEPIPE_TEST_SODIUM QUIET IMPORTED_TARGET libsodium)
  endif()
  if(TARGET PkgConfig::FEPIPE_TEST_SODIUM)
    set(FAMILY_LIBS PkgConfig::FEPIPE_TEST_SODIUM)
  else()
    set(FAMILY_SKIP "libsodium not found by pkg-config (Debian: libsodium-dev)")
  endif()
endif()
