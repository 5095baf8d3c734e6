// Committed version-1 model files of the discretisers
// (tests/data/model_files/): each must still load and bin the House Prices
// data as feature-engine does. See impute/model_fixture.hpp for how the
// files were written.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "discretise/discretiser_case.hpp"
#include "support/hostile_files.hpp"
#include "fepipe/discretise/arbitrary_discretiser.hpp"
#include "fepipe/discretise/decision_tree_discretiser.hpp"
#include "fepipe/discretise/equal_frequency_discretiser.hpp"
#include "fepipe/discretise/equal_width_discretiser.hpp"
#include "fepipe/encode/decision_tree_encoder.hpp"
#include "support/model_fixture.hpp"

namespace discretise_model_files_test {

using namespace fepipe;

namespace {

const std::vector<std::string> house_vars{"LotArea",   "GrLivArea",  "TotalBsmtSF", "OverallQual",
                                          "YearBuilt", "WoodDeckSF", "BsmtUnfSF",   "SalePrice"};

Frame house() { return fepipe_test::load_houseprice().select(house_vars); }

}  // namespace

TEST_CASE("model files: EqualFrequencyDiscretiser (interval labels)") {
  const Frame X = house();
  EqualFrequencyDiscretiser fitted({.q = 5, .variables = house_vars, .return_boundaries = true});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "equal_frequency_discretiser", fitted, X,
      fepipe_test::read_bins("equal_frequency_discretiser_house_q5_boundaries", house_vars, true), 0.0);
}

TEST_CASE("model files: EqualWidthDiscretiser (bin numbers)") {
  const Frame X = house();
  EqualWidthDiscretiser fitted({.bins = 10, .variables = house_vars});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("equal_width_discretiser", fitted, X,
                                    fepipe_test::read_bins("equal_width_discretiser_house_b10", house_vars, false),
                                    0.0);
}

TEST_CASE("model files: ArbitraryDiscretiser (bin numbers as labels)") {
  const Frame X = house();
  ArbitraryDiscretiser fitted(
      {.binning_dict = {{"LotArea", {0, 5000, 10000, 20000, 1e6}}, {"GrLivArea", {500, 1000, 1500, 2500, 4000}}},
       .return_object = true});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "arbitrary_discretiser", fitted, X,
      fepipe_test::read_bins("arbitrary_discretiser_house_object", {"LotArea", "GrLivArea"}, true), 0.0);
}

TEST_CASE("model files: hostile discretiser files are refused") {
  const Frame X = house();
  EqualWidthDiscretiser ew({.bins = 3, .variables = {"LotArea"}});
  ew.fit(X);
  const auto& e = ew.binner_dict_.at("LotArea");
  // Edges out of order, NaN, a single edge, a renamed variable, bad options.
  fepipe_test::check_edit_rejected(ew, detail::python_float_repr(e[1]), detail::python_float_repr(e[2] + 1.0));
  fepipe_test::check_edit_rejected(ew, detail::python_float_repr(e[1]), "NaN");
  fepipe_test::check_edit_rejected(ew, "\"precision\": 3", "\"precision\": 0");
  fepipe_test::check_edit_rejected(ew, "\"bins\": 3", "\"bins\": -3");
  fepipe_test::check_edit_rejected(ew, "\"LotArea\",\n    [", "\"GrLivArea\",\n    [");
  fepipe_test::check_edit_rejected(ew, "\"LotArea\"\n  ],\n  \"binner_dict_\"", "\"Nope\"\n  ],\n  \"binner_dict_\"");
  ArbitraryDiscretiser ad({.binning_dict = {{"LotArea", {0, 5000, 1e6}}}});
  ad.fit(X);
  // binner_dict_ must be the given binning_dict.
  fepipe_test::check_edit_rejected(ad, "5000.0", "6000.0", 1);
  fepipe_test::check_edit_rejected(ad, "\"errors\": \"ignore\"", "\"errors\": \"sometimes\"");
}

TEST_CASE("model files: DecisionTreeDiscretiser (interval labels)") {
  const Frame X = house();
  const auto price = X.numeric("SalePrice");
  const Target y = Eigen::Map<const Eigen::VectorXd>(price.data(), static_cast<Eigen::Index>(price.size()));
  const std::vector<std::string> vars{"LotArea", "GrLivArea", "OverallQual", "YearBuilt"};
  DecisionTreeDiscretiser fitted({.variables = vars, .bin_output = TreeBinOutput::boundaries, .precision = 3});
  fitted.fit(X, &y);
  fepipe_test::check_model_fixtures(
      "decision_tree_discretiser", fitted, X,
      fepipe_test::read_reference_frame("discretise/decision_tree_discretiser_house_mse__boundaries_p3.csv",
                                        {{"LotArea", Kind::categorical},
                                         {"GrLivArea", Kind::categorical},
                                         {"OverallQual", Kind::categorical},
                                         {"YearBuilt", Kind::categorical}}),
      0.0);
}

TEST_CASE("model files: DecisionTreeEncoder") {
  const std::vector<std::string> vars{"Neighborhood", "MSZoning", "HouseStyle", "MSSubClass"};
  const Frame full = fepipe_test::load_houseprice();
  const Frame X = full.select(vars);
  const auto price = full.numeric("SalePrice");
  const Target y = Eigen::Map<const Eigen::VectorXd>(price.data(), static_cast<Eigen::Index>(price.size()));
  DecisionTreeEncoder fitted({.variables = vars});
  fitted.fit(X, &y);
  fepipe_test::check_model_fixtures(
      "decision_tree_encoder", fitted, X,
      fepipe_test::read_reference_frame("discretise/decision_tree_encoder_house_arbitrary__transform.csv"), 1e-12);
}

TEST_CASE("model files: hostile tree-based files are refused") {
  const Frame X = house();
  const auto price = X.numeric("SalePrice");
  const Target y = Eigen::Map<const Eigen::VectorXd>(price.data(), static_cast<Eigen::Index>(price.size()));
  DecisionTreeDiscretiser d({.variables = {"OverallQual"}, .param_grid = {.max_depth = {1}}});
  d.fit(X, &y);
  const std::string json = save_model_to_string(d);
  using fepipe_test::edit_json_value_after;
  // One prediction too few for the intervals, a NaN prediction, outer edges
  // that are not infinite, a search option out of range.
  fepipe_test::check_json_rejected<DecisionTreeDiscretiser>(
      edit_json_value_after(json, "\"bin_predictions_\": [\n   [\n    \"OverallQual\",\n    [", "NaN"));
  fepipe_test::check_json_rejected<DecisionTreeDiscretiser>(
      edit_json_value_after(json, "\"binner_dict_\": [\n   [\n    \"OverallQual\",\n    [", "-1e300"));
  fepipe_test::check_edit_rejected(d, "\"cv\": 3", "\"cv\": 1");
  fepipe_test::check_edit_rejected(d, "\"scoring\": \"neg_mean_squared_error\"", "\"scoring\": \"roc_auc\"");
  {
    // One prediction for two intervals.
    const std::string anchor = "\"bin_predictions_\": [\n   [\n    \"OverallQual\",\n    [";
    const std::size_t begin = json.find(anchor) + anchor.size();
    std::string edited = json;
    edited.replace(begin, json.find(']', begin) - begin, "1.0");
    fepipe_test::check_json_rejected<DecisionTreeDiscretiser>(edited);
  }
  const Frame full = fepipe_test::load_houseprice();
  DecisionTreeEncoder enc({.variables = {"Neighborhood"}, .unseen = UnseenPolicy::encode, .fill_value = 0.0});
  enc.fit(full, &y);
  // unseen = encode without its fill_value.
  fepipe_test::check_json_rejected<DecisionTreeEncoder>(
      fepipe_test::edit_json_value_after(save_model_to_string(enc), "\"fill_value\": [", ""));
  fepipe_test::check_json_rejected<DecisionTreeEncoder>(
      edit_json_value_after(save_model_to_string(enc), "\"CollgCr\",", "NaN"));
}

}  // namespace discretise_model_files_test
