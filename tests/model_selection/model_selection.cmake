# test_model_selection: the splitters and metrics need nothing; cross-validation
# and search over runtime pipelines built from specs need the built-in registry
# (fepipe_test_builtins, compiled once for the suite), and the `fepipe search`
# command's test CLI11 (header-only: without it, search_command_test.cpp
# compiles to nothing, the rest of the family still runs).
# Included by tests/CMakeLists.txt: sets FAMILY_LIBS.
set(FAMILY_LIBS fepipe_test_builtins)
if(NOT CMAKE_CROSSCOMPILING)
  find_package(CLI11 CONFIG QUIET)
  if(TARGET CLI11::CLI11)
    list(APPEND FAMILY_LIBS CLI11::CLI11)
  endif()
endif()
# Every TU must see spec.hpp before the registry (runtime/pipeline_spec.hpp).
set(FAMILY_UNITY_BEFORE "#include \"fepipe/runtime/spec.hpp\"")
