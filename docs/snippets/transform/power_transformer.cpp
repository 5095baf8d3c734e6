#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/transform/power_transformer.hpp>

TEST_CASE("docs: PowerTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("area", Column::numeric({4.0, 9.0, 2.25}));
  X.add("change", Column::numeric({-8.0, 1.0, 27.0}));

  PowerTransformer sqrt_area({.exp = 0.5, .variables = {"area"}});
  Frame Xt = sqrt_area.fit(X).transform(X);
  // Xt.numeric("area") -> {2, 3, 1.5}

  PowerTransformer cube_root({.exp = 1.0 / 3.0, .variables = {"change"}});
  // cube_root.fit(X).transform(X).numeric("change") -> {NaN, 1, 3}   (numpy.power: a negative base gives NaN)
  // [/doc]
  CHECK(Xt.numeric("area")[0] == 2.0);
  CHECK(Xt.numeric("area")[2] == 1.5);
  const Frame c = cube_root.fit(X).transform(X);
  CHECK(std::isnan(c.numeric("change")[0]));
  CHECK(c.numeric("change")[2] == doctest::Approx(3.0));
}
