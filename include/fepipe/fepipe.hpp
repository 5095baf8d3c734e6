#pragma once
/// @file
/// Umbrella header: everything fepipe offers. Applications that only predict
/// can include the headers of the classes their model uses instead.

#include "fepipe/config.hpp"
#include "fepipe/version.hpp"

#include "fepipe/core/column.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/train_test_split.hpp"
#include "fepipe/core/variables.hpp"

#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"

#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"

#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/arbitrary_number_imputer.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"

#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"

#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"

#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/scale/standard_scaler.hpp"

#include "fepipe/select/drop_features.hpp"

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
