# fepipe's overlay port. It lives in the fepipe repository and packages the
# checkout around it (packaging/vcpkg/ports/fepipe -> four levels up), so it
# needs no download and no hash:
#   vcpkg install fepipe --overlay-ports=<fepipe>/packaging/vcpkg/ports
# A port for the curated registry would fetch a release instead
# (vcpkg_from_github with REF "v${VERSION}" and its SHA512) and keep the rest.

set(VCPKG_BUILD_TYPE release) # header-only port

get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../../../.." ABSOLUTE)
if(NOT EXISTS "${SOURCE_PATH}/include/fepipe/version.hpp")
    message(FATAL_ERROR "The fepipe overlay port must stay in packaging/vcpkg/ports/ of a fepipe checkout")
endif()

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DFEPIPE_BUILD_TESTS=OFF
        -DFEPIPE_BUILD_EXAMPLES=OFF
        -DFEPIPE_BUILD_BENCHMARKS=OFF
        -DFEPIPE_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/fepipe)

if(NOT EXISTS "${SOURCE_PATH}/LICENSE")
    message(FATAL_ERROR "fepipe: ${SOURCE_PATH}/LICENSE is missing; vcpkg installs it as the port's copyright file")
endif()
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
