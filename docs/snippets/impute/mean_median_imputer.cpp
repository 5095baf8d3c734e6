#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/mean_median_imputer.hpp>

TEST_CASE("docs: MeanMedianImputer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotFrontage", Column::numeric({65.0, NAN, 68.0, 60.0}));
  X.add("MasVnrArea", Column::numeric({196.0, 0.0, NAN, 0.0}));

  MeanMedianImputer imputer({.imputation_method = ImputationMethod::median});
  imputer.fit(X);
  // imputer.variables_                      -> {"LotFrontage", "MasVnrArea"}
  // imputer.imputer_dict_.at("LotFrontage") -> 65.0
  // imputer.imputer_dict_.at("MasVnrArea")  -> 0.0

  Frame Xt = imputer.transform(X);
  // Xt.numeric("LotFrontage")               -> {65, 65, 68, 60}
  // [/doc]
  CHECK(imputer.variables_ == std::vector<std::string>{"LotFrontage", "MasVnrArea"});
  CHECK(imputer.imputer_dict_.at("LotFrontage") == 65.0);
  CHECK(imputer.imputer_dict_.at("MasVnrArea") == 0.0);
  CHECK(Xt.numeric("LotFrontage")[1] == 65.0);
}
