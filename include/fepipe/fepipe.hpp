#pragma once
/// @file
/// Umbrella header: everything fepipe offers. Applications that only predict
/// can include the headers of the classes their model uses instead (see
/// examples/embed_predict.cpp): they compile faster and link smaller.

#include "fepipe/config.hpp"
#include "fepipe/version.hpp"

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

#include "fepipe/io/csv.hpp"
#include "fepipe/io/model_file.hpp"

#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"
#include "fepipe/metrics/scorers.hpp"

#include "fepipe/model_selection/cross_validation.hpp"
#include "fepipe/model_selection/distributions.hpp"
#include "fepipe/model_selection/k_fold.hpp"
#include "fepipe/model_selection/param_grid.hpp"
#include "fepipe/model_selection/search.hpp"
#include "fepipe/model_selection/shuffle_split.hpp"
#include "fepipe/model_selection/time_series_split.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/arbitrary_number_imputer.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/impute/end_tail_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/impute/random_sample_imputer.hpp"

#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/encode/decision_tree_encoder.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/encode/woe_encoder.hpp"

#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"

#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"

#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"

#include "fepipe/scale/max_abs_scaler.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/scale/robust_scaler.hpp"
#include "fepipe/scale/standard_scaler.hpp"

#include "fepipe/create/cyclical_features.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"

#include "fepipe/select/drop_constant_features.hpp"
#include "fepipe/select/drop_correlated_features.hpp"
#include "fepipe/select/drop_duplicate_features.hpp"
#include "fepipe/select/drop_features.hpp"
#include "fepipe/select/select_by_lasso.hpp"

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"

#include "fepipe/tree/boosting_options.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "fepipe/tree/tree_grid_search.hpp"
#include "fepipe/tree/tree_options.hpp"
