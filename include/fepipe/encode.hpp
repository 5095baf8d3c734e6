#pragma once
/// @file
/// The encode family: the categorical encoders.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of encode/.

#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/encode/decision_tree_encoder.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/encode/woe_encoder.hpp"
