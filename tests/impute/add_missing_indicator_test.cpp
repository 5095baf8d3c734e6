#include <doctest/doctest.h>

#include <cmath>

#include "fepipe/impute/add_missing_indicator.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"

namespace impute_add_missing_indicator_test {

using namespace fepipe;

namespace {
Frame house() {
  Frame X = fepipe_test::load_houseprice();
  X.drop({"Id", "SalePrice"});
  return X;
}
}  // namespace

TEST_CASE("AddMissingIndicator matches feature-engine: variables_ and indicator columns") {
  const Frame X = house();
  AddMissingIndicator ind;
  ind.fit(X);
  const auto vars = fepipe_test::read_attribute("impute/add_missing_indicator_house__variables.csv");
  REQUIRE(ind.variables_.size() == vars.size());
  for (std::size_t i = 0; i < vars.size(); ++i) CHECK(ind.variables_[i] == vars[i].text);
  const Frame out = ind.transform(X);
  const Frame expected = fepipe_test::read_reference_frame("impute/add_missing_indicator_house__transform.csv");
  fepipe_test::check_frame_close(out.select(expected.names()), expected, 0.0);
  // Originals untouched, indicators appended in order.
  CHECK(out.cols() == X.cols() + vars.size());
  CHECK(out.name(X.cols()) == vars[0].text + "_na");
  CHECK(ind.feature_names_out() == out.names());
  fepipe_test::check_rows_match_transform(ind, X.head(100));
  fepipe_test::check_transform_roundtrip(ind, X);
}

TEST_CASE("AddMissingIndicator with missing_only = false flags the listed variables") {
  const Frame X = house();
  AddMissingIndicator ind({.missing_only = false, .variables = {"LotFrontage", "Street", "Alley"}});
  ind.fit(X);
  const Frame expected = fepipe_test::read_reference_frame("impute/add_missing_indicator_house_all__transform.csv");
  fepipe_test::check_frame_close(ind.transform(X).select(expected.names()), expected, 0.0);
}

TEST_CASE("AddMissingIndicator: no missing at fit means no indicator; name clashes are errors") {
  Frame f;
  f.add("a", Column::numeric({1.0, 2.0}));
  f.add("a_na", Column::numeric({0.0, 0.0}));
  AddMissingIndicator ind;
  ind.fit(f);
  CHECK(ind.variables_.empty());
  CHECK(ind.transform(f).cols() == 2);
  CHECK_THROWS_WITH_AS(AddMissingIndicator({.missing_only = false, .variables = {"a"}}).fit(f),
                       doctest::Contains("a_na"), SchemaError);
}

}  // namespace impute_add_missing_indicator_test
