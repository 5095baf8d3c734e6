#pragma once
/// @file
/// The list of fepipe's built-in step classes, without registering them:
/// `builtin_step_types` (their type_names) and `detail::BuiltinSteps`.
///
/// Including it costs the parsing of the classes' headers and nothing more.
/// `fepipe/runtime/builtins.hpp` includes it and adds the registration,
/// which instantiates every class's loading, saving and spec code: in a
/// program of several files, one file includes builtins.hpp and the others,
/// when they need the list, this header (see builtins.hpp).

#include <array>
#include <string_view>

#include "fepipe/config.hpp"

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

#include "fepipe/select/drop_constant_features.hpp"
#include "fepipe/select/drop_correlated_features.hpp"
#include "fepipe/select/drop_duplicate_features.hpp"
#include "fepipe/select/drop_features.hpp"
#include "fepipe/select/select_by_lasso.hpp"

#include "fepipe/create/cyclical_features.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"

#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// A list of step classes and their type_names.
template <class... Steps>
struct StepList {
  static constexpr std::array<std::string_view, sizeof...(Steps)> names{Steps::type_name...};
};

/// Every built-in class, family by family (the one list of them).
using BuiltinSteps = StepList<
    // impute
    AddMissingIndicator, ArbitraryNumberImputer, CategoricalImputer, DropMissingData, EndTailImputer,
    MeanMedianImputer, RandomSampleImputer,
    // encode
    CountFrequencyEncoder, DecisionTreeEncoder, MeanEncoder, OneHotEncoder, OrdinalEncoder, RareLabelEncoder,
    WoEEncoder,
    // discretise
    ArbitraryDiscretiser, DecisionTreeDiscretiser, EqualFrequencyDiscretiser, EqualWidthDiscretiser,
    // transform
    ArcsinTransformer, Binarizer, BoxCoxTransformer, LogCpTransformer, LogTransformer, PowerTransformer,
    ReciprocalTransformer, YeoJohnsonTransformer,
    // outlier
    ArbitraryOutlierCapper, OutlierTrimmer, Winsorizer,
    // scale
    MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler,
    // select
    DropConstantFeatures, DropCorrelatedFeatures, DropDuplicateFeatures, DropFeatures, SelectByLasso,
    // create
    CyclicalFeatures, MathFeatures, RelativeFeatures,
    // linear
    Lasso, LogisticRegression,
    // tree
    DecisionTreeClassifier, DecisionTreeRegressor, GradientBoostingClassifier, GradientBoostingRegressor,
    HistGradientBoostingClassifier, HistGradientBoostingRegressor>;

}  // namespace detail

/// The type_name of every built-in class.
inline constexpr const auto& builtin_step_types = detail::BuiltinSteps::names;

FEPIPE_NAMESPACE_END
