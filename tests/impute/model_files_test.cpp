// Committed model files of the imputers (tests/data/model_files/): each must
// still load and transform its data (House Prices, or the hand-made frames
// of tools/reference/catalogue_impute_encode.py) as feature-engine does.
// See impute/model_fixture.hpp for how the files were written.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fepipe/impute/add_missing_indicator.hpp"
#include "fepipe/impute/arbitrary_number_imputer.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/impute/drop_missing_data.hpp"
#include "fepipe/impute/end_tail_imputer.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/impute/random_sample_imputer.hpp"
#include "support/model_fixture.hpp"

namespace impute_model_files_test {

using namespace fepipe;

namespace {

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}
Frame house_columns(const std::vector<std::string>& names) { return house().select(names); }

const std::vector<std::string> numeric_vars{"LotFrontage", "MasVnrArea", "GarageYrBlt"};
const std::vector<std::string> categorical_vars{"Alley", "MasVnrType", "BsmtQual", "FireplaceQu", "GarageType",
                                                "Electrical"};

}  // namespace

TEST_CASE("model files: MeanMedianImputer") {
  const Frame X = house_columns(numeric_vars);
  MeanMedianImputer fitted({.imputation_method = ImputationMethod::mean});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "mean_median_imputer", fitted, X,
      fepipe_test::read_reference_frame("impute/mean_median_imputer_house_mean__transform.csv"), 1e-12);
}

TEST_CASE("model files: ArbitraryNumberImputer") {
  const Frame X = house_columns(numeric_vars);
  ArbitraryNumberImputer fitted({.imputer_dict = {{"LotFrontage", 0.5}, {"MasVnrArea", -2.0}}});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "arbitrary_number_imputer", fitted, X,
      fepipe_test::read_reference_frame("impute/arbitrary_number_imputer_house_dict__transform.csv"), 0.0);
}

TEST_CASE("model files: CategoricalImputer") {
  const Frame X = house_columns(categorical_vars);
  CategoricalImputer fitted({.imputation_method = CategoricalImputation::frequent});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "categorical_imputer", fitted, X,
      fepipe_test::read_reference_frame("impute/categorical_imputer_house_frequent__transform.csv"), 0.0);
}

TEST_CASE("model files: AddMissingIndicator") {
  const Frame X = house_columns({"LotFrontage", "Street", "Alley"});
  AddMissingIndicator fitted({.missing_only = false});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "add_missing_indicator", fitted, X,
      fepipe_test::read_reference_frame("impute/add_missing_indicator_house_all__transform.csv"), 0.0);
}

TEST_CASE("model files: EndTailImputer") {
  const Frame X = fepipe_test::read_input_frame("end_tail_imputer_small", {{"allnan", Kind::numeric}});
  EndTailImputer fitted({.imputation_method = EndTailImputation::gaussian, .tail = ImputationTail::left, .fold = 0.5});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "end_tail_imputer", fitted, X,
      fepipe_test::read_reference_frame("impute/end_tail_imputer_small_gaussian_left_0.5__transform.csv"), 1e-12);
}

TEST_CASE("model files: RandomSampleImputer") {
  const Frame X = fepipe_test::read_input_frame("random_sample_imputer_small", {{"one", Kind::numeric}});
  RandomSampleImputer fitted({.random_state = 1u});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "random_sample_imputer", fitted, X,
      fepipe_test::read_reference_frame("impute/random_sample_imputer_small_general_1__transform.csv"), 0.0);
}

TEST_CASE("model files: DropMissingData") {
  const Frame X = fepipe_test::read_input_frame("drop_missing_data_small", {{"b", Kind::categorical}});
  DropMissingData fitted({.threshold = 0.5});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "drop_missing_data", fitted, X,
      fepipe_test::read_reference_frame("impute/drop_missing_data_small_True_0.5__transform.csv",
                                        {{"b", Kind::categorical}}),
      0.0);
}

}  // namespace impute_model_files_test
