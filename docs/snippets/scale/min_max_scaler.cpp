#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/scale/min_max_scaler.hpp>

TEST_CASE("docs: MinMaxScaler") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotArea", Column::numeric({8450.0, 9600.0, 11250.0, NAN}));
  X.add("GrLivArea", Column::numeric({1710.0, 1262.0, 1786.0, 1717.0}));

  MinMaxScaler scaler;  // feature_range (0, 1)
  scaler.fit(X);
  // scaler.data_min_ -> {8450, 1262}     (NaN is ignored)
  // scaler.data_max_ -> {11250, 1786}

  Frame Xt = scaler.transform(X);
  // Xt.numeric("LotArea")   -> {0, 0.4107, 1, NaN}
  // Xt.numeric("GrLivArea") -> {0.8550, 0, 1, 0.8683}
  // [/doc]
  CHECK(scaler.data_min_ == std::vector<double>{8450.0, 1262.0});
  CHECK(scaler.data_max_ == std::vector<double>{11250.0, 1786.0});
  CHECK(Xt.numeric("LotArea")[1] == doctest::Approx(0.4107).epsilon(1e-4));
  CHECK(std::isnan(Xt.numeric("LotArea")[3]));
  CHECK(Xt.numeric("GrLivArea")[0] == doctest::Approx(0.8550).epsilon(1e-4));
  CHECK(Xt.numeric("GrLivArea")[3] == doctest::Approx(0.8683).epsilon(1e-4));
}
