# cmake -DSOURCE_DIR=<repo> -P CheckIncludes.cmake
# The include rule of DEVELOPERS.md: a header of family F
# (include/fepipe/F/...) includes core/, io/, F's own detail/ and other
# families' public headers only, never another family's detail/ (what two
# families share lives in core/detail/, or is a public header of one of
# them). Fails listing every include that breaks it.
file(GLOB_RECURSE headers RELATIVE "${SOURCE_DIR}/include/fepipe" "${SOURCE_DIR}/include/fepipe/*.hpp")
set(broken "")
set(checked 0)
foreach(h IN LISTS headers)
  if(NOT h MATCHES "^([a-z_]+)/")
    continue()  # fepipe.hpp, config.hpp, version.hpp: the top level
  endif()
  set(family "${CMAKE_MATCH_1}")
  file(STRINGS "${SOURCE_DIR}/include/fepipe/${h}" lines REGEX "^#include \"fepipe/[a-z_]+/detail/")
  foreach(line IN LISTS lines)
    math(EXPR checked "${checked} + 1")
    string(REGEX MATCH "fepipe/([a-z_]+)/detail/[^\"]+" inc "${line}")
    set(other "${CMAKE_MATCH_1}")
    if(NOT other STREQUAL family AND NOT other STREQUAL "core" AND NOT other STREQUAL "io")
      list(APPEND broken "fepipe/${h} includes ${inc}")
    endif()
  endforeach()
endforeach()
if(broken)
  list(JOIN broken "\n  " text)
  message(FATAL_ERROR "includes of another family's detail/ (move what is shared to core/detail/ or make it a "
                      "public header):\n  ${text}")
endif()
message(STATUS "include rule: ${checked} detail/ includes, none into another family's detail/")
