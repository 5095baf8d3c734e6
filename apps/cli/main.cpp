// The `fepipe` command-line tool with the built-in step classes
// (docs/cli.md). A program with step classes of its own registers them and
// calls the same fepipe::cli::run (examples/course_cli.cpp).

#include <iostream>

#include "fepipe/cli/cli.hpp"

// The built-in classes are registered by apps/builtins.cpp, linked in.

int main(int argc, char** argv) { return fepipe::cli::run(argc, argv, std::cout, std::cerr); }
