// The `fepipe` command-line tool with the built-in step classes
// (docs/cli.md). A program with step classes of its own registers them and
// calls the same fepipe::cli::run (examples/course_cli.cpp).

#include <iostream>

#include "fepipe/cli/cli.hpp"  // first: its spec header gives the registry its spec hooks
#include "fepipe/runtime/builtins.hpp"

int main(int argc, char** argv) { return fepipe::cli::run(argc, argv, std::cout, std::cerr); }
