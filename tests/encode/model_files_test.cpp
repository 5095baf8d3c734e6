// Committed model files of the encoders (tests/data/model_files/): each must
// still load and transform its data (House Prices, or the hand-made frames
// of tools/reference/catalogue_impute_encode.py) as feature-engine does.
// See impute/model_fixture.hpp for how the files were written.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/encode/count_frequency_encoder.hpp"
#include "fepipe/encode/mean_encoder.hpp"
#include "fepipe/encode/one_hot_encoder.hpp"
#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "fepipe/encode/woe_encoder.hpp"
#include "support/learned_checks.hpp"
#include "support/model_fixture.hpp"

namespace encode_model_files_test {

using namespace fepipe;

namespace {

// The encoder columns of tools/reference/foundation.py.
const std::vector<std::string> house_categorical{
    "MSSubClass", "MSZoning",   "LotShape",   "LandContour", "LotConfig",     "Neighborhood", "RoofStyle", "Exterior1st",
    "Foundation", "CentralAir", "Functional", "PavedDrive",  "SaleCondition", "Street",       "HouseStyle"};

const Frame& house() {
  static const Frame X = fepipe_test::load_houseprice();
  return X;
}

Target log_price() {
  auto p = house().numeric("SalePrice");
  Target y(static_cast<Eigen::Index>(p.size()));
  for (std::size_t i = 0; i < p.size(); ++i) y[static_cast<Eigen::Index>(i)] = std::log(p[i]);
  return y;
}

}  // namespace

TEST_CASE("model files: OrdinalEncoder") {
  const Frame X = house().select(house_categorical);
  const Target y = log_price();
  OrdinalEncoder fitted({.encoding_method = OrdinalEncoding::ordered});
  fitted.fit(X, &y);
  fepipe_test::check_model_fixtures(
      "ordinal_encoder", fitted, X,
      fepipe_test::read_reference_frame("encode/ordinal_encoder_house_ordered__transform.csv"), 0.0);
}

TEST_CASE("model files: RareLabelEncoder") {
  const Frame X = house().select(house_categorical);
  RareLabelEncoder fitted({.tol = 0.05, .n_categories = 1, .max_n_categories = 3});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "rare_label_encoder", fitted, X,
      fepipe_test::read_reference_frame("encode/rare_label_encoder_house_tol0.05_n1_max3__transform.csv",
                                        {{"MSSubClass", Kind::categorical}}),
      0.0);
}

TEST_CASE("model files: OneHotEncoder") {
  const Frame X = fepipe_test::read_input_frame("one_hot_encoder_small");
  OneHotEncoder fitted({.top_categories = 2, .ignore_format = true});
  fitted.fit(X);
  fepipe_test::check_model_fixtures("one_hot_encoder", fitted, fepipe_test::read_input_frame("one_hot_encoder_small_unseen"),
                                    fepipe_test::read_reference_frame("encode/one_hot_encoder_small_top2__unseen.csv"),
                                    0.0);
}

TEST_CASE("model files: CountFrequencyEncoder") {
  const Frame X = fepipe_test::read_input_frame("count_frequency_encoder_small");
  CountFrequencyEncoder fitted({.encoding_method = CountEncoding::frequency, .ignore_format = true});
  fitted.fit(X);
  fepipe_test::check_model_fixtures(
      "count_frequency_encoder", fitted, X,
      fepipe_test::read_reference_frame("encode/count_frequency_encoder_small_frequency__transform.csv"), 1e-15);
}

TEST_CASE("model files: MeanEncoder") {
  const Frame data = fepipe_test::read_input_frame("mean_encoder_small");
  const Frame X = data.select({"t", "x", "k"});
  const Target y = fepipe_test::target_of(data, "y");
  MeanEncoder fitted({.variables = {"t", "x", "k"}, .ignore_format = true, .smoothing_method = MeanSmoothing::automatic});
  fitted.fit(X, &y);
  fepipe_test::check_model_fixtures("mean_encoder", fitted, X,
                                    fepipe_test::read_reference_frame("encode/mean_encoder_small_auto__transform.csv"),
                                    1e-12);
}

TEST_CASE("model files: WoEEncoder") {
  const Frame data = fepipe_test::read_input_frame("woe_encoder_small");
  const Frame X = data.select({"t", "x"});
  const Target y = fepipe_test::target_of(data, "y");
  WoEEncoder fitted({.ignore_format = true});
  fitted.fit(X, &y);
  fepipe_test::check_model_fixtures("woe_encoder", fitted, X,
                                    fepipe_test::read_reference_frame("encode/woe_encoder_small__transform.csv"), 1e-12);
}

}  // namespace encode_model_files_test
