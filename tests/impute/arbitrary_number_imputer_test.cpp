#include <doctest/doctest.h>

#include <cmath>

#include "fepipe/impute/arbitrary_number_imputer.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_arbitrary_number_imputer_test {

using namespace fepipe;

namespace {
Frame house() {
  Frame X = fepipe_test::load_houseprice();
  X.drop({"Id", "SalePrice"});
  return X;
}
}  // namespace

TEST_CASE("ArbitraryNumberImputer matches feature-engine (one number, and a dict)") {
  const Frame X = house();
  const std::vector<std::string> num{"LotFrontage", "MasVnrArea", "GarageYrBlt"};
  ArbitraryNumberImputer one({.arbitrary_number = -1, .variables = num});
  one.fit(X);
  CHECK(one.imputer_dict_.at("GarageYrBlt") == -1.0);
  fepipe_test::check_frame_close(one.transform(X).select(num),
                                 fepipe_test::read_reference_frame("impute/arbitrary_number_imputer_house__transform.csv"),
                                 0.0);
  ArbitraryNumberImputer dict({.imputer_dict = {{"LotFrontage", 0.5}, {"MasVnrArea", -2.0}}});
  dict.fit(X);
  CHECK(dict.variables_ == std::vector<std::string>{"LotFrontage", "MasVnrArea"});
  fepipe_test::check_frame_close(
      dict.transform(X).select(num),
      fepipe_test::read_reference_frame("impute/arbitrary_number_imputer_house_dict__transform.csv"), 0.0);
  fepipe_test::check_rows_match_transform(dict, X.head(200));
  fepipe_test::check_transform_roundtrip(dict, X);
}

TEST_CASE("ArbitraryNumberImputer errors") {
  const Frame X = house();
  CHECK_THROWS_AS(ArbitraryNumberImputer({.arbitrary_number = NAN}), ParameterError);
  CHECK_THROWS_WITH_AS(ArbitraryNumberImputer({.variables = {"MSZoning"}}).fit(X), doctest::Contains("'MSZoning'"),
                       SchemaError);
  CHECK_THROWS_WITH_AS(ArbitraryNumberImputer({.imputer_dict = {{"Street", 1.0}}}).fit(X), doctest::Contains("'Street'"),
                       SchemaError);
}

}  // namespace impute_arbitrary_number_imputer_test
