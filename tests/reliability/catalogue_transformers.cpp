// Catalogue entries of the imputation, encoding, discretisation,
// transformation and outlier families: transformer_entries(), catalogue()
// and entry() (declared in any_model.hpp). It instantiates every class of
// these families, so it is compiled once per build, never included: the
// tests link it as fepipe_test_catalogue (tests/CMakeLists.txt), the fuzz
// program compiles it among its sources; any_model.hpp says why the
// catalogue is split in two.
//
// Options name the synthetic frames' columns (tests/reliability/frames.hpp):
// numeric n1, n2 (always present), categorical c1 (present unless the entry
// is numeric-only); the rest is automatic, as a user would leave it.

#include <limits>
#include <vector>

#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"
#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/encode/decision_tree_encoder.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/encode/woe_encoder.hpp"
#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/arbitrary_number_imputer.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/impute/end_tail_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/impute/random_sample_imputer.hpp"
#include "fepipe/outlier/arbitrary_outlier_capper.hpp"
#include "fepipe/outlier/outlier_trimmer.hpp"
#include "fepipe/outlier/winsorizer.hpp"
#include "fepipe/transform/arcsin_transformer.hpp"
#include "fepipe/transform/binarizer.hpp"
#include "fepipe/transform/box_cox_transformer.hpp"
#include "fepipe/transform/log_cp_transformer.hpp"
#include "fepipe/transform/log_transformer.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "fepipe/transform/yeo_johnson_transformer.hpp"
#include "reliability/any_model.hpp"

namespace fepipe_rel {

std::vector<Entry> transformer_entries() {
  using namespace fepipe;
  constexpr auto none = TargetKind::none;
  constexpr auto regression = TargetKind::regression;
  constexpr auto binary = TargetKind::binary;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Entry> e;
  auto add = [&](std::string label, TargetKind target, bool row_wise, auto make) {
    e.push_back(make_entry(std::move(label), target, false, row_wise, make));
  };

  // --- imputation ----------------------------------------------------------
  add("MeanMedianImputer", none, true, [] { return MeanMedianImputer(); });
  add("MeanMedianImputer(mean)", none, true,
      [] { return MeanMedianImputer({.imputation_method = ImputationMethod::mean}); });
  add("ArbitraryNumberImputer", none, true, [] { return ArbitraryNumberImputer(); });
  add("CategoricalImputer", none, true, [] { return CategoricalImputer(); });
  add("CategoricalImputer(frequent)", none, true,
      [] { return CategoricalImputer({.imputation_method = CategoricalImputation::frequent}); });
  add("AddMissingIndicator", none, true, [] { return AddMissingIndicator(); });
  add("AddMissingIndicator(all)", none, true, [] { return AddMissingIndicator({.missing_only = false}); });
  add("EndTailImputer", none, true, [] { return EndTailImputer(); });
  add("EndTailImputer(iqr,left)", none, true, [] {
    return EndTailImputer({.imputation_method = EndTailImputation::iqr, .tail = ImputationTail::left});
  });
  add("RandomSampleImputer", none, false, [] { return RandomSampleImputer({.random_state = 7u}); });
  add("RandomSampleImputer(observation)", none, true, [] {
    return RandomSampleImputer({.seed = SampleSeed::observation, .seed_variables = {"n2"}});
  });
  add("DropMissingData", none, true, [] { return DropMissingData(); });

  // --- encoding ------------------------------------------------------------
  add("OrdinalEncoder", regression, true, [] { return OrdinalEncoder(); });
  add("OrdinalEncoder(arbitrary,encode)", none, true, [] {
    return OrdinalEncoder({.encoding_method = OrdinalEncoding::arbitrary,
                           .missing_values = MissingValues::ignore,
                           .unseen = UnseenPolicy::encode});
  });
  add("OneHotEncoder", none, true, [] { return OneHotEncoder(); });
  add("OneHotEncoder(drop_last)", none, true, [] { return OneHotEncoder({.drop_last = true}); });
  add("RareLabelEncoder", none, true, [] { return RareLabelEncoder({.tol = 0.1, .n_categories = 2}); });
  add("CountFrequencyEncoder", none, true, [] { return CountFrequencyEncoder(); });
  add("CountFrequencyEncoder(frequency,raise)", none, true, [] {
    return CountFrequencyEncoder({.encoding_method = CountEncoding::frequency,
                                  .missing_values = MissingValues::ignore,
                                  .unseen = UnseenPolicy::raise});
  });
  add("MeanEncoder", regression, true, [] { return MeanEncoder(); });
  add("MeanEncoder(auto smoothing)", regression, true,
      [] { return MeanEncoder({.smoothing_method = MeanSmoothing::automatic}); });
  add("WoEEncoder", binary, true, [] { return WoEEncoder(); });
  add("DecisionTreeEncoder", regression, true, [] { return DecisionTreeEncoder({.random_state = 0u}); });

  // --- discretisation ------------------------------------------------------
  add("EqualFrequencyDiscretiser", none, true, [] { return EqualFrequencyDiscretiser({.q = 4}); });
  add("EqualWidthDiscretiser", none, true, [] { return EqualWidthDiscretiser({.bins = 5}); });
  add("EqualWidthDiscretiser(boundaries)", none, true,
      [] { return EqualWidthDiscretiser({.bins = 3, .return_boundaries = true}); });
  add("ArbitraryDiscretiser", none, true, [inf] {
    return ArbitraryDiscretiser({.binning_dict = {{"n1", {-inf, -1.0, 0.0, 1.0, inf}}}});
  });
  add("DecisionTreeDiscretiser", regression, true, [] { return DecisionTreeDiscretiser({.random_state = 0u}); });

  // --- transformation ------------------------------------------------------
  add("LogTransformer", none, true, [] { return LogTransformer(); });
  add("LogCpTransformer", none, true, [] { return LogCpTransformer(); });
  add("ReciprocalTransformer", none, true, [] { return ReciprocalTransformer(); });
  add("PowerTransformer", none, true, [] { return PowerTransformer(); });
  add("BoxCoxTransformer", none, true, [] { return BoxCoxTransformer(); });
  add("YeoJohnsonTransformer", none, true, [] { return YeoJohnsonTransformer(); });
  add("ArcsinTransformer", none, true, [] { return ArcsinTransformer(); });
  add("Binarizer", none, true, [] { return Binarizer(); });

  // --- outliers ------------------------------------------------------------
  add("Winsorizer", none, true, [] { return Winsorizer(); });
  add("Winsorizer(iqr,both,indicators)", none, true, [] {
    return Winsorizer({.capping_method = CappingMethod::iqr, .tail = Tail::both, .add_indicators = true});
  });
  add("ArbitraryOutlierCapper", none, true, [] {
    return ArbitraryOutlierCapper({.max_capping_dict = {{"n1", 1.0}}, .min_capping_dict = {{"n2", -1.0}}});
  });
  add("OutlierTrimmer", none, true, [] { return OutlierTrimmer({.tail = Tail::both}); });
  return e;
}

const std::vector<Entry>& catalogue() {
  static const std::vector<Entry> all = [] {
    std::vector<Entry> v = transformer_entries();
    for (auto& m : model_entries()) v.push_back(std::move(m));
    return v;
  }();
  return all;
}

const Entry& entry(std::string_view label) {
  for (const auto& e : catalogue())
    if (e.label == label) return e;
  throw Defect("no catalogue entry '" + std::string(label) + "'");
}

}  // namespace fepipe_rel
