#pragma once
/// @file
/// The core family: Frame, Column, Pipeline, Schema, errors, the step kit and train_test_split.
/// Include this instead of fepipe/fepipe.hpp to compile only what you use;
/// cmake/CheckUmbrella.cmake keeps it listing every public header of core/.

#include "fepipe/core/column.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/drift_baseline.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/step.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/xtensor_interop.hpp"
