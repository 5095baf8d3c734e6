// Committed model files of the encoders (tests/data/model_files/): each must
// still load and transform the House Prices data as feature-engine does.
// See impute/model_fixture.hpp for how the files were written.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fepipe/encode/ordinal_encoder.hpp"
#include "fepipe/encode/rare_label_encoder.hpp"
#include "impute/model_fixture.hpp"

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
