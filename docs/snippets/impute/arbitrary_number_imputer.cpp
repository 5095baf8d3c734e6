#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/arbitrary_number_imputer.hpp>

TEST_CASE("docs: ArbitraryNumberImputer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotFrontage", Column::numeric({65.0, NAN, 68.0}));
  X.add("MasVnrArea", Column::numeric({196.0, 0.0, NAN}));

  // One number for every numeric variable ...
  ArbitraryNumberImputer imputer({.arbitrary_number = -1.0});
  imputer.fit(X);
  // imputer.imputer_dict_      -> {LotFrontage: -1, MasVnrArea: -1}

  // ... or one per variable (its keys are the variables).
  ArbitraryNumberImputer per_variable({.imputer_dict = {{"LotFrontage", 999.0}, {"MasVnrArea", 0.0}}});
  Frame Xt = per_variable.fit(X).transform(X);
  // Xt.numeric("LotFrontage")  -> {65, 999, 68}
  // Xt.numeric("MasVnrArea")   -> {196, 0, 0}
  // [/doc]
  CHECK(imputer.imputer_dict_.at("LotFrontage") == -1.0);
  CHECK(imputer.imputer_dict_.at("MasVnrArea") == -1.0);
  CHECK(Xt.numeric("LotFrontage")[1] == 999.0);
  CHECK(Xt.numeric("MasVnrArea")[2] == 0.0);
}
