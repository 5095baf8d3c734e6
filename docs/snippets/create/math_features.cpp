#include <doctest/doctest.h>

#include <fepipe/create/math_features.hpp>

TEST_CASE("docs: MathFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("1stFlrSF", Column::numeric({856.0, 1262.0, 920.0}));
  X.add("2ndFlrSF", Column::numeric({854.0, 0.0, 866.0}));

  MathFeatures combine(
      {.variables = {"1stFlrSF", "2ndFlrSF"}, .func = {MathFunction::sum, MathFunction::max, MathFunction::std}});
  Frame Xt = combine.fit(X).transform(X);
  // Xt.names() -> {"1stFlrSF", "2ndFlrSF", "sum_1stFlrSF_2ndFlrSF",
  //                "max_1stFlrSF_2ndFlrSF", "std_1stFlrSF_2ndFlrSF"}
  // Xt.numeric("sum_1stFlrSF_2ndFlrSF") -> {1710, 1262, 1786}
  // Xt.numeric("std_1stFlrSF_2ndFlrSF") -> {1.414, 892.4, 38.18}   (ddof 1, as pandas)

  MathFeatures total({.variables = {"1stFlrSF", "2ndFlrSF"},
                      .func = {MathFunction::sum},
                      .new_variables_names = {"TotalFlrSF"},
                      .drop_original = true});
  // total.fit(X).transform(X).names() -> {"TotalFlrSF"}
  // [/doc]
  CHECK(Xt.names() == std::vector<std::string>{"1stFlrSF", "2ndFlrSF", "sum_1stFlrSF_2ndFlrSF", "max_1stFlrSF_2ndFlrSF",
                                               "std_1stFlrSF_2ndFlrSF"});
  CHECK(Xt.numeric("sum_1stFlrSF_2ndFlrSF")[2] == 1786.0);
  CHECK(Xt.numeric("std_1stFlrSF_2ndFlrSF")[0] == doctest::Approx(1.414).epsilon(1e-3));
  CHECK(Xt.numeric("std_1stFlrSF_2ndFlrSF")[1] == doctest::Approx(892.4).epsilon(1e-3));
  CHECK(Xt.numeric("std_1stFlrSF_2ndFlrSF")[2] == doctest::Approx(38.18).epsilon(1e-3));
  CHECK(total.fit(X).transform(X).names() == std::vector<std::string>{"TotalFlrSF"});
}
