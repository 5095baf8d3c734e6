#pragma once
/// @file
/// The model_selection family: splitters, cross_validate and the searches (GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV).
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of model_selection/.

#include "fepipe/model_selection/cross_validation.hpp"
#include "fepipe/model_selection/distributions.hpp"
#include "fepipe/model_selection/k_fold.hpp"
#include "fepipe/model_selection/param_grid.hpp"
#include "fepipe/model_selection/search.hpp"
#include "fepipe/model_selection/shuffle_split.hpp"
#include "fepipe/model_selection/time_series_split.hpp"
#include "fepipe/model_selection/train_test_split.hpp"
