#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/transform/arcsin_transformer.hpp>

TEST_CASE("docs: ArcsinTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("share", Column::numeric({0.0, 0.25, 0.5, 1.0}));

  ArcsinTransformer t;
  Frame Xt = t.fit(X).transform(X);
  // Xt.numeric("share") -> {0, 0.5236, 0.7854, 1.5708}   (arcsin(sqrt(x)): 0, pi/6, pi/4, pi/2)
  // a value outside [0, 1] is a DataError
  // [/doc]
  const double pi = std::acos(-1.0);
  CHECK(Xt.numeric("share")[1] == doctest::Approx(pi / 6));
  CHECK(Xt.numeric("share")[2] == doctest::Approx(pi / 4));
  CHECK(Xt.numeric("share")[3] == doctest::Approx(pi / 2));
}
