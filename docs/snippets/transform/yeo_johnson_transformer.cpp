#include <doctest/doctest.h>

#include <fepipe/transform/yeo_johnson_transformer.hpp>

TEST_CASE("docs: YeoJohnsonTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("profit", Column::numeric({-30, -5, 0, 4, 10, 25, 60, 150}));

  YeoJohnsonTransformer t;  // optimizer = bounded, as scipy >= 1.12
  Frame Xt = t.fit(X).transform(X);
  // t.lambda_dict_.at("profit") -> 0.80864   (scipy: 0.80864)
  // Xt.numeric("profit") -> {-49.3606, ..., 70.2550}
  // [/doc]
  CHECK(t.lambda_dict_.at("profit") == doctest::Approx(0.80864).epsilon(1e-5));
  CHECK(Xt.numeric("profit")[0] == doctest::Approx(-49.3606).epsilon(1e-5));
  CHECK(Xt.numeric("profit")[7] == doctest::Approx(70.2550).epsilon(1e-5));
}
