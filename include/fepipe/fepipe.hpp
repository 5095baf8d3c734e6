#pragma once
/// @file
/// Umbrella header: everything fepipe offers but its optional parts (see
/// cmake/CheckUmbrella.cmake), as one header per family (fepipe/encode.hpp,
/// fepipe/tree.hpp, ...). Applications that use a few families include
/// those; applications that only predict can include the headers of the
/// classes their model uses (see examples/embed_predict.cpp): they compile
/// faster and link smaller.

#include "fepipe/config.hpp"
#include "fepipe/version.hpp"

#include "fepipe/core.hpp"
#include "fepipe/io.hpp"
#include "fepipe/metrics.hpp"
#include "fepipe/model_selection.hpp"
#include "fepipe/impute.hpp"
#include "fepipe/encode.hpp"
#include "fepipe/discretise.hpp"
#include "fepipe/transform.hpp"
#include "fepipe/outlier.hpp"
#include "fepipe/scale.hpp"
#include "fepipe/create.hpp"
#include "fepipe/select.hpp"
#include "fepipe/linear.hpp"
#include "fepipe/tree.hpp"
