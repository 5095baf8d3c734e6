// The fepipe tool with the course pipelines' own steps registered: models
// of the House Prices and Titanic pipelines (examples/*_pipeline.hpp) load,
// predict, inspect and convert like models of built-in steps.
//
// Building a pipeline from a spec (`fit`) needs each class's spec hooks,
// which a class gets by having an Options struct, options() and a
// constructor from Options; these four steps have none yet, so
// examples/house_prices_spec.json is refused by `fit`, naming the step.

#include <iostream>

// The built-in classes are registered by a second file of the program,
// apps/builtins.cpp (it includes fepipe/runtime/spec.hpp, then
// fepipe/runtime/builtins.hpp): compiled once for the tool, the examples and
// the benchmarks. A program of one file includes both here instead.
#include <fepipe/cli/cli.hpp>  // first: its spec header gives these registrations their spec hooks

#include "house_prices_pipeline.hpp"
#include "titanic_pipeline.hpp"

FEPIPE_REGISTER_STEP(house_prices::ElapsedTime);
FEPIPE_REGISTER_STEP(house_prices::Mapper);
FEPIPE_REGISTER_STEP(titanic::TitanicFeatures);
FEPIPE_REGISTER_STEP(titanic::ExtractLetter);

int main(int argc, char** argv) { return fepipe::cli::run(argc, argv, std::cout, std::cerr); }
