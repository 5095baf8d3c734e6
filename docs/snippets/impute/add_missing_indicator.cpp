#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/add_missing_indicator.hpp>

TEST_CASE("docs: AddMissingIndicator") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("LotFrontage", Column::numeric({65.0, NAN, 68.0}));
  X.add("Alley", Column::from_labels(std::vector<std::string>{"", "Pave", "Grvl"}));  // "" = missing
  X.add("LotArea", Column::numeric({8450.0, 9600.0, 11250.0}));

  AddMissingIndicator indicator;  // missing_only = true
  indicator.fit(X);
  // indicator.variables_       -> {"LotFrontage", "Alley"}   (LotArea had no NaN)

  Frame Xt = indicator.transform(X);
  // Xt.names()                 -> {"LotFrontage", "Alley", "LotArea", "LotFrontage_na", "Alley_na"}
  // Xt.numeric("LotFrontage_na") -> {0, 1, 0}
  // Xt.numeric("Alley_na")       -> {1, 0, 0}
  // [/doc]
  CHECK(indicator.variables_ == std::vector<std::string>{"LotFrontage", "Alley"});
  CHECK(Xt.names() == std::vector<std::string>{"LotFrontage", "Alley", "LotArea", "LotFrontage_na", "Alley_na"});
  CHECK(Xt.numeric("LotFrontage_na")[1] == 1.0);
  CHECK(Xt.numeric("LotFrontage_na")[0] == 0.0);
  CHECK(Xt.numeric("Alley_na")[0] == 1.0);
  CHECK(Xt.numeric("Alley_na")[2] == 0.0);
}
