// The `fepipe` command-line tool with the built-in step classes
// (docs/cli.md). A program with step classes of its own registers them and
// calls the same fepipe::cli::run (examples/course_cli.cpp).
//
// `fepipe serve ...` is the model server (docs/serving.md,
// fepipe/serve/server.hpp), built when cpp-httplib is found
// (FEPIPE_WITH_SERVE, apps/CMakeLists.txt).

#include <cstring>
#include <iostream>

#ifdef FEPIPE_WITH_SERVE
#include "fepipe/serve/server.hpp"  // includes fepipe/cli/cli.hpp
#else
#include "fepipe/cli/cli.hpp"
#endif

// The built-in classes are registered by apps/builtins.cpp, linked in.

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "serve") == 0) {
#ifdef FEPIPE_WITH_SERVE
    return fepipe::serve::run(argc, argv, std::cout, std::cerr);
#else
    std::cerr << "fepipe: this build has no 'serve' command: it needs cpp-httplib (Debian: libcpp-httplib-dev) "
                 "when fepipe is built\n";
    return fepipe::cli::usage_error;
#endif
  }
  return fepipe::cli::run(argc, argv, std::cout, std::cerr);
}
