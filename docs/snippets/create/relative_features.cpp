#include <doctest/doctest.h>

#include <fepipe/create/relative_features.hpp>

TEST_CASE("docs: RelativeFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("GrLivArea", Column::numeric({1710.0, 1262.0, -35.0}));
  X.add("TotRmsAbvGrd", Column::numeric({8.0, 6.0, 4.0}));

  RelativeFeatures ratios({.variables = {"GrLivArea"},
                           .reference = {"TotRmsAbvGrd"},
                           .func = {RelativeFunction::div, RelativeFunction::floordiv, RelativeFunction::mod}});
  Frame Xt = ratios.fit(X).transform(X);
  // Xt.numeric("GrLivArea_div_TotRmsAbvGrd")      -> {213.75, 210.33, -8.75}
  // Xt.numeric("GrLivArea_floordiv_TotRmsAbvGrd") -> {213, 210, -9}   (rounds toward −inf, as Python)
  // Xt.numeric("GrLivArea_mod_TotRmsAbvGrd")      -> {6, 2, 1}         (takes the divisor's sign)
  // [/doc]
  CHECK(Xt.numeric("GrLivArea_div_TotRmsAbvGrd")[0] == 213.75);
  CHECK(Xt.numeric("GrLivArea_div_TotRmsAbvGrd")[1] == doctest::Approx(210.33).epsilon(1e-4));
  CHECK(Xt.numeric("GrLivArea_div_TotRmsAbvGrd")[2] == -8.75);
  CHECK(Xt.numeric("GrLivArea_floordiv_TotRmsAbvGrd")[2] == -9.0);
  CHECK(Xt.numeric("GrLivArea_mod_TotRmsAbvGrd")[0] == 6.0);
  CHECK(Xt.numeric("GrLivArea_mod_TotRmsAbvGrd")[2] == 1.0);
}
