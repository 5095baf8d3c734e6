#include "fepipe/transform/arcsin_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/transform/power_transformer.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/transform_case.hpp"

namespace transform_arcsin_transformer_test {

using namespace fepipe;

TEST_CASE("ArcsinTransformer matches feature-engine on proportions including 0 and 1, with its inverse") {
  const Frame X = fepipe_test::read_input_frame("arcsin_transformer_proportions");
  ArcsinTransformer t;
  t.fit(X);
  fepipe_test::check_transformer_case(t, X, "arcsin_transformer_proportions", 1e-15);
  const Frame out = t.transform(X);
  CHECK(out.numeric("p")[0] == 0.0);
  CHECK(out.numeric("p")[1] == std::asin(1.0));
}

TEST_CASE("ArcsinTransformer rejects values outside [0, 1]") {
  CHECK(!fepipe_test::reference_error("transform/arcsin_transformer_above_one__raises.csv").empty());
  Frame X = fepipe_test::read_input_frame("arcsin_transformer_proportions");
  ArcsinTransformer t;
  t.fit(X);
  X["q"].mutable_values()[3] = 1.5;
  CHECK_THROWS_WITH_AS(ArcsinTransformer().fit(X),
                       doctest::Contains("ArcsinTransformer: column 'q': value 1.5 at row 3 is outside [0, 1]"),
                       DataError);
  CHECK_THROWS_AS(t.transform(X), DataError);
  std::vector<Value> cells = fepipe_test::record_of(X, 3);
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("column 'q': value 1.5 is outside"), DataError);
  X["q"].mutable_values()[3] = -0.0;  // -0 is inside [0, 1]
  CHECK(t.transform(X).numeric("q")[3] == 0.0);
  X["q"].mutable_values()[3] = std::nan("");
  CHECK_THROWS_WITH_AS(t.transform(X), doctest::Contains("value nan at row 3 is not finite"), DataError);
}

TEST_CASE("ArcsinTransformer in a Pipeline after a power") {
  const Frame X = fepipe_test::read_input_frame("arcsin_transformer_proportions");
  Pipeline pipe(PowerTransformer({.exp = 2.0}), ArcsinTransformer());
  pipe.fit(X);
  const double p = X.numeric("p")[5];
  CHECK(pipe.transform(X).numeric("p")[5] == std::asin(std::sqrt(std::pow(p, 2.0))));
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace transform_arcsin_transformer_test
