# fepipe_add_python_module(<name> SOURCES <file>... [OUTPUT_DIRECTORY <dir>])
#
# A Python module <name> that is fepipe's (every built-in class, the same
# Python API) plus the C++ steps the SOURCES register (FEPIPE_REGISTER_STEP,
# after including fepipe/runtime/spec.hpp so the steps get their Python
# keyword constructors). Python code then builds pipelines of those steps:
#
#   import house_prices_fepipe as hp
#   pipe = fepipe.Pipeline([("elapsed", hp.ElapsedTime(variables=[...], reference="YrSold")),
#                           ("lasso", hp.Lasso(alpha=0.001))])
#   fepipe.save_model(pipe, "model.fpm");  hp.load_model("model.fpm")
#
# Why a module of one's own: Python loads extension modules RTLD_LOCAL with
# hidden symbols, so fepipe._core and a second module each have their own
# copy of the header-only registry; a step registered by a second module
# would be invisible to fepipe._core. So the user's module carries a whole
# registry: fepipe's bindings (python/src/core.cpp, compiled with
# FEPIPE_PYTHON_MODULE=<name>), the built-in classes (python/src/builtins.cpp,
# ~90 s of compile; the object library of fepipe's own module when it is
# built in the same tree) and the user's registrations. It needs the
# fepipe Python package importable (it takes its Python classes from
# fepipe._api) and fepipe::fepipe, pybind11 and Python's development files
# as python/CMakeLists.txt finds them.

set(_FEPIPE_PYTHON_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/../src")

function(fepipe_add_python_module name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIRECTORY" "SOURCES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "fepipe_add_python_module(${name}): give the SOURCES that register your steps")
  endif()
  if(NOT TARGET pybind11::module)
    set(PYBIND11_FINDPYTHON ON)
    find_package(Python COMPONENTS Interpreter Development.Module REQUIRED)
    find_package(pybind11 2.6 CONFIG REQUIRED)
  endif()
  pybind11_add_module(${name} MODULE NO_EXTRAS "${_FEPIPE_PYTHON_SOURCE_DIR}/core.cpp" ${ARG_SOURCES})
  target_compile_definitions(${name} PRIVATE FEPIPE_PYTHON_MODULE=${name} FEPIPE_PYTHON_EXTENSION=1)
  if(TARGET fepipe_python_builtins)
    target_link_libraries(${name} PRIVATE fepipe_python_builtins)  # compiled once, for fepipe._core too
  else()
    target_sources(${name} PRIVATE "${_FEPIPE_PYTHON_SOURCE_DIR}/builtins.cpp")
  endif()
  target_link_libraries(${name} PRIVATE fepipe::fepipe)
  if(COMMAND fepipe_project_options)
    fepipe_project_options(${name})  # fepipe's warnings, in fepipe's own tree
  endif()
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
endfunction()
