#include <doctest/doctest.h>

#include <fepipe/scale/robust_scaler.hpp>

TEST_CASE("docs: RobustScaler") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotArea", Column::numeric({7000.0, 8000.0, 9000.0, 10000.0, 215000.0}));

  RobustScaler scaler;  // centre on the median, divide by Q75 − Q25
  scaler.fit(X);
  // scaler.center_ -> {9000}
  // scaler.scale_  -> {2000}
  Frame Xt = scaler.transform(X);
  // Xt.numeric("LotArea") -> {-1, -0.5, 0, 0.5, 103}   (the outlier does not move the others)

  RobustScaler normal({.unit_variance = true});
  normal.fit(X);
  // normal.scale_ -> {1482.6}   (2000 / (Φ⁻¹(0.75) − Φ⁻¹(0.25)) = 2000 / 1.349)
  // [/doc]
  CHECK(scaler.center_[0] == 9000.0);
  CHECK(scaler.scale_[0] == 2000.0);
  CHECK(Xt.numeric("LotArea")[1] == -0.5);
  CHECK(Xt.numeric("LotArea")[4] == 103.0);
  CHECK(normal.scale_[0] == doctest::Approx(1482.6).epsilon(1e-4));
}
