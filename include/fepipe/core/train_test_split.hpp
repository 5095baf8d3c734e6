#pragma once
/// @file
/// Moved to fepipe/model_selection/train_test_split.hpp (with the other splitters); this include keeps working.
#include "fepipe/model_selection/train_test_split.hpp"  // IWYU pragma: export
