#include <doctest/doctest.h>

#include <fepipe/transform/binarizer.hpp>

TEST_CASE("docs: Binarizer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("ScreenPorch", Column::numeric({0.0, 120.0, 0.0, 35.5}));

  Binarizer b({.threshold = 0.0});
  Frame Xt = b.fit(X).transform(X);
  // Xt.numeric("ScreenPorch") -> {0, 1, 0, 1}   (1 where x > threshold)
  // [/doc]
  CHECK(Xt.numeric("ScreenPorch")[0] == 0.0);
  CHECK(Xt.numeric("ScreenPorch")[3] == 1.0);
}
