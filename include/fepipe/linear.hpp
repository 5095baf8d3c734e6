#pragma once
/// @file
/// The linear family: Lasso and LogisticRegression.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of linear/.

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
