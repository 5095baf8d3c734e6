# cmake -DSOURCE_DIR=<repo> -P CheckUmbrella.cmake
# Fails when a public header (include/fepipe/<family>/<name>.hpp, not under
# detail/) is missing from the umbrella header include/fepipe/fepipe.hpp.
# Optional parts are not in the umbrella, so that a host that includes it
# pays nothing for them: the runtime pipeline (include/fepipe/runtime/),
# signed model files (io/signing.hpp, which needs libsodium) and the
# command-line tool (cli/, which needs CLI11), the model server (serve/,
# which needs cpp-httplib), the drift monitor (drift/: only hosts that
# watch their inputs compile it) and the searches' bridges to the spec
# machinery (model_selection/spec_search_space.hpp, pipeline_params.hpp).
file(READ "${SOURCE_DIR}/include/fepipe/fepipe.hpp" umbrella)
file(GLOB headers RELATIVE "${SOURCE_DIR}/include" "${SOURCE_DIR}/include/fepipe/*/*.hpp")
list(FILTER headers EXCLUDE REGEX
  "^fepipe/(runtime|cli|serve|drift)/|^fepipe/io/signing\\.hpp$|^fepipe/model_selection/(spec_search_space|pipeline_params)\\.hpp$")
set(missing "")
foreach(h IN LISTS headers)
  string(FIND "${umbrella}" "#include \"${h}\"" at)
  if(at EQUAL -1)
    list(APPEND missing "${h}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "include/fepipe/fepipe.hpp lacks: ${missing}")
endif()
list(LENGTH headers n)
message(STATUS "the umbrella header includes all ${n} public headers")
