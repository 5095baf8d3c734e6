#pragma once
/// @file
/// The tree family: decision trees, gradient boosting and histogram gradient boosting.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of tree/.

#include "fepipe/tree/boosting_options.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "fepipe/tree/tree_grid_search.hpp"
#include "fepipe/tree/tree_options.hpp"
