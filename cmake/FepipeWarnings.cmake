# Warning and sanitizer settings for fepipe's own targets (tests, examples,
# benchmarks). Never applied to consumers of fepipe::fepipe.
function(fepipe_project_options target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
    if(FEPIPE_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(FEPIPE_SANITIZE)
      target_compile_options(${target} PRIVATE -fsanitize=${FEPIPE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
      target_link_options(${target} PRIVATE -fsanitize=${FEPIPE_SANITIZE})
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(FEPIPE_WERROR)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()

# fepipe_link_builtins(<target>): links the built-in registry
# (fepipe/runtime/builtins.hpp, with the spec hooks) into an executable of
# the apps, examples or benchmarks. Instantiating it takes a minute and a
# half of compile time, so it is compiled once per build (apps/builtins.cpp,
# the object library fepipe_builtins) rather than once per executable; the
# executable's own files then do not include builtins.hpp (the pattern of a
# program of several files, runtime/builtins.hpp). Every target linking it
# compiles with fepipe_project_options and no definition that fepipe's
# headers read, as the object does (one definition per program). The tests
# have their own object, compiled with their settings (tests/CMakeLists.txt).
function(fepipe_link_builtins target)
  if(NOT TARGET fepipe_builtins)
    add_library(fepipe_builtins OBJECT EXCLUDE_FROM_ALL "${PROJECT_SOURCE_DIR}/apps/builtins.cpp")
    target_link_libraries(fepipe_builtins PRIVATE fepipe::fepipe)
    fepipe_project_options(fepipe_builtins)
  endif()
  target_link_libraries(${target} PRIVATE fepipe_builtins)
endfunction()
