#pragma once
/// @file
/// The discretise family: the discretisers.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of discretise/.

#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"
