#include "fepipe/transform/power_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/transform/reciprocal_transformer.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/transform_case.hpp"

namespace transform_power_transformer_test {

using namespace fepipe;

namespace {
Frame house() { return fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "WoodDeckSF"}); }
}  // namespace

TEST_CASE("PowerTransformer matches feature-engine on House Prices, with its inverse") {
  const Frame X = house();
  for (const auto& [exp, c] :
       {std::pair{0.5, "power_transformer_house_0.5"}, std::pair{2.0, "power_transformer_house_2"},
        std::pair{-1.5, "power_transformer_house_-1.5"}}) {
    CAPTURE(exp);
    PowerTransformer t({.exp = exp});
    t.fit(X);
    fepipe_test::check_transformer_case(t, X, c, 1e-15);
  }
}

TEST_CASE("PowerTransformer: 0 to a negative power is inf, which the inverse refuses as feature-engine does") {
  CHECK(!fepipe_test::reference_error("transform/power_transformer_house_-1.5_inverse_inf__raises.csv").empty());
  PowerTransformer t({.exp = -1.5});
  const Frame X = house();
  t.fit(X);
  const Frame out = t.transform(X);
  CHECK(std::isinf(out.numeric("WoodDeckSF")[0]));  // WoodDeckSF is 0 in the first row
  CHECK_THROWS_WITH_AS(t.inverse_transform(out),
                       doctest::Contains("PowerTransformer: column 'WoodDeckSF': value inf at row 0"), DataError);
}

TEST_CASE("PowerTransformer: a negative value to a fractional power is NaN, not an error") {
  const Frame X = fepipe_test::read_input_frame("power_transformer_small");
  PowerTransformer t({.exp = 1.0 / 3.0});
  t.fit(X);
  fepipe_test::check_transformer_case(t, X, "power_transformer_small_third", 1e-15);
  CHECK(std::isnan(t.transform(X).numeric("neg")[0]));
}

TEST_CASE("PowerTransformer errors") {
  CHECK_THROWS_WITH_AS(PowerTransformer({.exp = 0.0}),
                       doctest::Contains("PowerTransformer: exp must be finite and non-zero"), ParameterError);
  CHECK_THROWS_AS(PowerTransformer({.exp = std::numeric_limits<double>::quiet_NaN()}), ParameterError);
  Frame X = house();
  X["LotArea"].mutable_values()[7] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(PowerTransformer().fit(X), doctest::Contains("column 'LotArea': value inf at row 7"), DataError);
}

TEST_CASE("PowerTransformer in a Pipeline with another transformer, record path included") {
  const Frame X = house().select({"LotArea", "GrLivArea"});
  Pipeline pipe(PowerTransformer({.exp = 2.0}), ReciprocalTransformer());
  pipe.fit(X);
  const Frame out = pipe.transform(X);
  CHECK(out.numeric("LotArea")[0] == 1.0 / (8450.0 * 8450.0));
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace transform_power_transformer_test
