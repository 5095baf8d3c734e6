#include <doctest/doctest.h>

#include <fepipe/create/cyclical_features.hpp>

TEST_CASE("docs: CyclicalFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("hour", Column::numeric({0.0, 6.0, 12.0, 18.0}));

  CyclicalFeatures cycle({.max_values = Dict<double>{{"hour", 24.0}}, .drop_original = true});
  Frame Xt = cycle.fit(X).transform(X);
  // Xt.names()              -> {"hour_sin", "hour_cos"}
  // Xt.numeric("hour_sin")  -> {0, 1, 0, -1}   (to 1e-16)
  // Xt.numeric("hour_cos")  -> {1, 0, -1, 0}

  CyclicalFeatures learned;  // max_values_ learned from the data
  learned.fit(X);
  // learned.max_values_.at("hour") -> 18   (so 18 and 0 would coincide: pass the period)
  // [/doc]
  CHECK(Xt.names() == std::vector<std::string>{"hour_sin", "hour_cos"});
  CHECK(Xt.numeric("hour_sin")[1] == 1.0);
  CHECK(Xt.numeric("hour_sin")[3] == doctest::Approx(-1.0));
  CHECK(Xt.numeric("hour_cos")[2] == -1.0);
  CHECK(std::abs(Xt.numeric("hour_cos")[1]) < 1e-15);
  CHECK(learned.max_values_.at("hour") == 18.0);
}
