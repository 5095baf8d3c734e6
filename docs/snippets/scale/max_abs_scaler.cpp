#include <doctest/doctest.h>

#include <fepipe/scale/max_abs_scaler.hpp>

TEST_CASE("docs: MaxAbsScaler") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("YearsSinceRemodel", Column::numeric({-4.0, 2.0, 0.0, 1.0}));

  MaxAbsScaler scaler;
  scaler.fit(X);
  // scaler.max_abs_ -> {4}

  Frame Xt = scaler.transform(X);
  // Xt.numeric("YearsSinceRemodel") -> {-1, 0.5, 0, 0.25}   (zeros stay zeros)
  // [/doc]
  CHECK(scaler.max_abs_ == std::vector<double>{4.0});
  CHECK(Xt.numeric("YearsSinceRemodel")[0] == -1.0);
  CHECK(Xt.numeric("YearsSinceRemodel")[1] == 0.5);
  CHECK(Xt.numeric("YearsSinceRemodel")[2] == 0.0);
  CHECK(Xt.numeric("YearsSinceRemodel")[3] == 0.25);
}
