#pragma once
/// @file
/// The transform family: the variable transformers.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of transform/.

#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"
