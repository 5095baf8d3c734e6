#include <doctest/doctest.h>

#include <fepipe/transform/reciprocal_transformer.hpp>

TEST_CASE("docs: ReciprocalTransformer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("rate", Column::numeric({2.0, 4.0, -0.5}));

  ReciprocalTransformer t;
  Frame Xt = t.fit(X).transform(X);
  // Xt.numeric("rate") -> {0.5, 0.25, -2}
  // a zero at fit or transform is a DataError ("... is zero (the reciprocal needs x != 0)")
  // [/doc]
  CHECK(Xt.numeric("rate")[0] == 0.5);
  CHECK(Xt.numeric("rate")[2] == -2.0);
  CHECK(t.inverse_transform(Xt).numeric("rate")[1] == 4.0);
}
