#pragma once
/// @file
/// The metrics family: regression and classification metrics and the scorers by scikit-learn's names.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of metrics/.

#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"
#include "fepipe/metrics/scorers.hpp"
