#pragma once
/// @file
/// Registers every built-in step class with the runtime registry, so that
/// `load_any_model` can read any model file made of fepipe's classes.
///
/// Including this header registers them at program start-up (once per
/// program however many files include it); `register_builtin_steps()` does
/// it explicitly, e.g. from code that runs before static initialisation is
/// over. It instantiates every class of the library: include it only in the
/// file(s) of a program that load models at run time, never in a header.

#include <array>
#include <string_view>

#include "fepipe/config.hpp"
#include "fepipe/runtime/registry.hpp"

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

template <class... Steps>
struct StepList {
  static constexpr std::array<std::string_view, sizeof...(Steps)> names{Steps::type_name...};
  template <bool SpecHooks>
  static void register_all() {
    (register_step<Steps, SpecHooks>(), ...);
  }
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

/// Registers every built-in class (thread-safe; the work is done once per
/// program, later calls return at once).
template <bool SpecHooks = FEPIPE_RUNTIME_REGISTRY_SPEC_HOOKS != 0>
void register_builtin_steps() {
  static const bool done = (detail::BuiltinSteps::register_all<SpecHooks>(), true);
  (void)done;
}

namespace detail {
// Start-up registration of the file that includes this header (internal
// linkage: one per file, each a no-op after the first).
[[maybe_unused]] static const bool builtin_steps_registered = (register_builtin_steps(), true);
}  // namespace detail

FEPIPE_NAMESPACE_END
