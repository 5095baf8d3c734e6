// Catalogue entries of the scaling, selection, creation, linear and tree
// families, and the course pipelines: model_entries() and course_data()
// (declared in any_model.hpp; see catalogue_transformers.cpp).
//
// Options name the synthetic frames' columns (tests/reliability/frames.hpp):
// numeric n1, n2 (always present), categorical c1 (present unless the entry
// is numeric-only).

#include <vector>

#include "fepipe/create/cyclical_features.hpp"
#include "fepipe/create/math_features.hpp"
#include "fepipe/create/relative_features.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "fepipe/scale/max_abs_scaler.hpp"
#include "fepipe/scale/min_max_scaler.hpp"
#include "fepipe/scale/robust_scaler.hpp"
#include "fepipe/scale/standard_scaler.hpp"
#include "fepipe/select/drop_constant_features.hpp"
#include "fepipe/select/drop_correlated_features.hpp"
#include "fepipe/select/drop_duplicate_features.hpp"
#include "fepipe/select/drop_features.hpp"
#include "fepipe/select/select_by_lasso.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "house_prices_pipeline.hpp"
#include "reliability/any_model.hpp"
#include "titanic_pipeline.hpp"

namespace fepipe_rel {

std::vector<Entry> model_entries() {
  using namespace fepipe;
  constexpr auto none = TargetKind::none;
  constexpr auto regression = TargetKind::regression;
  constexpr auto binary = TargetKind::binary;
  std::vector<Entry> e;
  auto add = [&](std::string label, TargetKind target, bool numeric_only, auto make) {
    e.push_back(make_entry(std::move(label), target, numeric_only, true, make));
  };

  // --- scaling -------------------------------------------------------------
  add("MinMaxScaler", none, false, [] { return MinMaxScaler(); });
  add("MinMaxScaler(clip)", none, false, [] { return MinMaxScaler({.feature_range = {-1.0, 1.0}, .clip = true}); });
  add("StandardScaler", none, false, [] { return StandardScaler(); });
  add("RobustScaler", none, false, [] { return RobustScaler(); });
  add("MaxAbsScaler", none, false, [] { return MaxAbsScaler(); });

  // --- creation ------------------------------------------------------------
  add("MathFeatures", none, false, [] {
    return MathFeatures({.variables = {"n1", "n2"},
                         .func = {MathFunction::sum, MathFunction::prod, MathFunction::std},
                         .missing_values = MissingValues::ignore});
  });
  add("RelativeFeatures", none, false, [] {
    return RelativeFeatures(
        {.variables = {"n1"}, .reference = {"n2"}, .func = {RelativeFunction::sub, RelativeFunction::div}});
  });
  add("CyclicalFeatures", none, false, [] { return CyclicalFeatures({.variables = {"n1", "n2"}}); });

  // --- selection -----------------------------------------------------------
  add("DropFeatures", none, false, [] { return DropFeatures({.features_to_drop = {"n2"}}); });
  add("DropConstantFeatures", none, false,
      [] { return DropConstantFeatures({.missing_values = ConstantMissing::ignore}); });
  add("DropDuplicateFeatures", none, false, [] { return DropDuplicateFeatures(); });
  add("DropCorrelatedFeatures", none, false, [] { return DropCorrelatedFeatures(); });
  add("SelectByLasso", regression, true, [] { return SelectByLasso({.lasso = {.alpha = 0.01}}); });

  // --- linear models -------------------------------------------------------
  add("Lasso", regression, true, [] { return Lasso({.alpha = 0.01}); });
  add("LogisticRegression", binary, true, [] { return LogisticRegression(); });

  // --- trees ---------------------------------------------------------------
  add("DecisionTreeRegressor", regression, true, [] { return DecisionTreeRegressor({.max_depth = 4}); });
  add("DecisionTreeClassifier", binary, true, [] { return DecisionTreeClassifier({.max_depth = 4}); });
  add("GradientBoostingRegressor", regression, true,
      [] { return GradientBoostingRegressor({.n_estimators = 10, .random_state = 0u}); });
  add("GradientBoostingClassifier", binary, true,
      [] { return GradientBoostingClassifier({.n_estimators = 10, .random_state = 0u}); });
  // Histogram boosting takes categorical columns natively.
  add("HistGradientBoostingRegressor", regression, false,
      [] { return HistGradientBoostingRegressor({.max_iter = 10, .min_samples_leaf = 2, .n_threads = 1}); });
  add("HistGradientBoostingClassifier", binary, false,
      [] { return HistGradientBoostingClassifier({.max_iter = 10, .min_samples_leaf = 2, .n_threads = 1}); });

  // --- the course pipelines ------------------------------------------------
  auto add_pipeline = [&](std::string label, std::string dataset, TargetKind target, auto make) {
    Entry p = make_entry(std::move(label), target, false, true, make);
    p.type_name = p.label;  // every pipeline's type_name is "Pipeline"
    p.dataset = std::move(dataset);
    e.push_back(std::move(p));
  };
  add_pipeline("HousePricesPipeline", "house_prices", regression, [] { return house_prices::make_pipeline(); });
  add_pipeline("TitanicLogitPipeline", "titanic", binary, [] { return titanic::make_logit_pipeline(); });
  add_pipeline("TitanicGbmPipeline", "titanic", binary, [] { return titanic::make_gbm_pipeline(); });
  return e;
}

const std::pair<fepipe::Frame, fepipe::Target>& course_data(const std::string& dataset) {
  static const auto house = house_prices::load(std::string(FEPIPE_DATA_DIR) + "/houseprice.csv");
  static const auto titanic_data = titanic::load(std::string(FEPIPE_DATA_DIR) + "/titanic.csv");
  if (dataset == "house_prices") return house;
  if (dataset == "titanic") return titanic_data;
  throw Defect("unknown dataset '" + dataset + "'");
}

}  // namespace fepipe_rel
