#include <doctest/doctest.h>

#include <fepipe/scale/standard_scaler.hpp>

TEST_CASE("docs: StandardScaler") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("OverallQual", Column::numeric({5.0, 6.0, 7.0, 8.0}));

  StandardScaler scaler;
  scaler.fit(X);
  // scaler.mean_  -> {6.5}
  // scaler.var_   -> {1.25}     (population variance, ddof 0)
  // scaler.scale_ -> {1.1180}

  Frame Xt = scaler.transform(X);
  // Xt.numeric("OverallQual") -> {-1.3416, -0.4472, 0.4472, 1.3416}
  // [/doc]
  CHECK(scaler.mean_[0] == 6.5);
  CHECK(scaler.var_[0] == 1.25);
  CHECK(scaler.scale_[0] == doctest::Approx(1.1180).epsilon(1e-4));
  CHECK(Xt.numeric("OverallQual")[0] == doctest::Approx(-1.3416).epsilon(1e-4));
  CHECK(Xt.numeric("OverallQual")[2] == doctest::Approx(0.4472).epsilon(1e-4));
}
