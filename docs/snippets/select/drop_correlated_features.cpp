#include <doctest/doctest.h>

#include <fepipe/select/drop_correlated_features.hpp>

TEST_CASE("docs: DropCorrelatedFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("GarageCars", Column::numeric({1.0, 2.0, 2.0, 3.0, 3.0}));
  X.add("LotArea", Column::numeric({9000.0, 8000.0, 11000.0, 9500.0, 7000.0}));
  X.add("GarageArea", Column::numeric({300.0, 480.0, 500.0, 700.0, 720.0}));

  DropCorrelatedFeatures corr({.method = CorrelationMethod::pearson, .threshold = 0.8});
  corr.fit(X);
  // Names are examined in sorted order: GarageArea keeps its place and
  // claims GarageCars (r = 0.997).
  // corr.features_to_drop_                      -> {"GarageCars"}
  // corr.correlated_feature_dict_.at("GarageArea") -> {"GarageCars"}
  // corr.transform(X).names()                   -> {"LotArea", "GarageArea"}
  // [/doc]
  CHECK(corr.features_to_drop_ == std::vector<std::string>{"GarageCars"});
  CHECK(corr.correlated_feature_dict_.at("GarageArea") == std::vector<std::string>{"GarageCars"});
  CHECK(corr.transform(X).names() == std::vector<std::string>{"LotArea", "GarageArea"});
  std::vector<std::span<const double>> cols{X.numeric("GarageArea"), X.numeric("GarageCars")};
  CHECK(detail::correlation_upper(cols, CorrelationMethod::pearson)[1] == doctest::Approx(0.997).epsilon(1e-3));
}
