#include "fepipe/transform/reciprocal_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/transform_case.hpp"

namespace transform_reciprocal_transformer_test {

using namespace fepipe;

TEST_CASE("ReciprocalTransformer matches feature-engine on House Prices, and is its own inverse") {
  const Frame X = fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "1stFlrSF", "YearBuilt"});
  ReciprocalTransformer t;
  t.fit(X);
  fepipe_test::check_transformer_case(t, X, "reciprocal_transformer_house", 0.0);
}

TEST_CASE("ReciprocalTransformer on negative, tiny and huge values") {
  const Frame X = fepipe_test::read_input_frame("reciprocal_transformer_small");
  ReciprocalTransformer t({.variables = {"ties", "tiny", "big"}});
  t.fit(X);
  fepipe_test::check_transformer_case(t, X, "reciprocal_transformer_small", 0.0);
}

TEST_CASE("ReciprocalTransformer rejects zero, NaN and infinities") {
  CHECK(!fepipe_test::reference_error("transform/reciprocal_transformer_small_zero__raises.csv").empty());
  const Frame X = fepipe_test::read_input_frame("reciprocal_transformer_small");
  // "neg" holds a 0 at row 2.
  CHECK_THROWS_WITH_AS(ReciprocalTransformer().fit(X),
                       doctest::Contains("ReciprocalTransformer: column 'neg': value 0.0 at row 2 is zero"), DataError);
  ReciprocalTransformer t({.variables = {"ties"}});
  t.fit(X);
  std::vector<Value> cells = fepipe_test::record_of(X, 0);
  cells[0] = 0.0;
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("column 'ties': value 0.0 is zero"), DataError);
  cells[0] = std::nan("");
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("value nan is not finite"), DataError);
  Frame bad = X;
  bad["ties"].mutable_values()[4] = -std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH_AS(t.inverse_transform(bad), doctest::Contains("value -inf at row 4"), DataError);
  CHECK_THROWS_AS(ReciprocalTransformer({.variables = std::vector<std::string>{}}), ParameterError);
}

TEST_CASE("ReciprocalTransformer in a Pipeline ending in Lasso") {
  const auto house = fepipe_test::load_houseprice();
  const Frame X = house.select({"LotArea", "GrLivArea"});
  const Target y =
      Eigen::Map<const Eigen::VectorXd>(house.numeric("SalePrice").data(), static_cast<Eigen::Index>(X.rows()));
  Pipeline pipe(ReciprocalTransformer(), Lasso({.alpha = 1.0}));
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 20; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
}

}  // namespace transform_reciprocal_transformer_test
