#include <doctest/doctest.h>

#include <fepipe/transform/box_cox_transformer.hpp>

TEST_CASE("docs: BoxCoxTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("price", Column::numeric({120, 135, 150, 180, 210, 260, 340, 500, 900}));

  BoxCoxTransformer t;
  Frame Xt = t.fit(X).transform(X);
  // t.lambda_dict_.at("price") -> -0.73117   (scipy.stats.boxcox: -0.73117)
  // Xt.numeric("price") -> {1.32639, ..., 1.35821}   ((x^lambda - 1) / lambda)
  // t.inverse_transform(Xt) gives the prices back
  // [/doc]
  CHECK(t.lambda_dict_.at("price") == doctest::Approx(-0.73117).epsilon(1e-5));
  CHECK(Xt.numeric("price")[0] == doctest::Approx(1.32639).epsilon(1e-5));
  CHECK(Xt.numeric("price")[8] == doctest::Approx(1.35821).epsilon(1e-5));
  CHECK(t.inverse_transform(Xt).numeric("price")[4] == doctest::Approx(210.0));
}
