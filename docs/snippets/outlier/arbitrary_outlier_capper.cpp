#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/outlier/arbitrary_outlier_capper.hpp>

TEST_CASE("docs: ArbitraryOutlierCapper") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("age", Column::numeric({0.5, 30.0, NAN, 80.0}));

  ArbitraryOutlierCapper cap({.max_capping_dict = {{"age", 65.0}},
                              .min_capping_dict = {{"age", 1.0}},
                              .missing_values = MissingValues::ignore});
  Frame Xt = cap.fit(X).transform(X);
  // Xt.numeric("age") -> {1, 30, NaN, 65}
  // [/doc]
  CHECK(Xt.numeric("age")[0] == 1.0);
  CHECK(std::isnan(Xt.numeric("age")[2]));
  CHECK(Xt.numeric("age")[3] == 65.0);
}
