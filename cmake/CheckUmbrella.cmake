# cmake -DSOURCE_DIR=<repo> -P CheckUmbrella.cmake
# Fails when a public header (include/fepipe/<family>/<name>.hpp, not under
# detail/) is missing from its family's header (include/fepipe/<family>.hpp)
# or a family's header from the umbrella header include/fepipe/fepipe.hpp.
# Optional parts are not in the umbrella, so that a host that includes it
# pays nothing for them: the runtime pipeline (include/fepipe/runtime/),
# signed model files (io/signing.hpp, which needs libsodium) and the
# command-line tool (cli/, which needs CLI11), the model server (serve/,
# which needs cpp-httplib), the drift monitor (drift/: only hosts that
# watch their inputs compile it), explanations (explain/: only hosts that
# explain compile it) and the searches' bridges to the spec
# machinery (model_selection/spec_search_space.hpp, pipeline_params.hpp).
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST) in script mode
file(READ "${SOURCE_DIR}/include/fepipe/fepipe.hpp" umbrella)
file(GLOB headers RELATIVE "${SOURCE_DIR}/include" "${SOURCE_DIR}/include/fepipe/*/*.hpp")
list(FILTER headers EXCLUDE REGEX
  "^fepipe/(runtime|cli|serve|drift|explain)/|^fepipe/io/signing\\.hpp$|^fepipe/model_selection/(spec_search_space|pipeline_params)\\.hpp$")
# Each public header is in its family's header (fepipe/<family>.hpp), and the
# umbrella includes every family's header.
set(missing "")
set(families "")
foreach(h IN LISTS headers)
  string(REGEX MATCH "^fepipe/([a-z_]+)/" _ "${h}")
  set(family "${CMAKE_MATCH_1}")
  if(NOT family IN_LIST families)
    list(APPEND families "${family}")
    if(NOT EXISTS "${SOURCE_DIR}/include/fepipe/${family}.hpp")
      list(APPEND missing "fepipe/${family}.hpp (the ${family} family's header)")
      continue()
    endif()
    string(FIND "${umbrella}" "#include \"fepipe/${family}.hpp\"" at)
    if(at EQUAL -1)
      list(APPEND missing "fepipe/${family}.hpp in fepipe/fepipe.hpp")
    endif()
  endif()
  if(EXISTS "${SOURCE_DIR}/include/fepipe/${family}.hpp")
    file(READ "${SOURCE_DIR}/include/fepipe/${family}.hpp" family_header)
    string(FIND "${family_header}" "#include \"${h}\"" at)
    if(at EQUAL -1)
      list(APPEND missing "${h} in fepipe/${family}.hpp")
    endif()
  endif()
endforeach()
if(missing)
  list(JOIN missing "\n  " text)
  message(FATAL_ERROR "the umbrella header is incomplete:\n  ${text}")
endif()
list(LENGTH headers n)
list(LENGTH families f)
message(STATUS "the umbrella header includes all ${n} public headers through ${f} family headers")
