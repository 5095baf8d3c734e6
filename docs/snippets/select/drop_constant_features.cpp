#include <doctest/doctest.h>

#include <fepipe/select/drop_constant_features.hpp>

TEST_CASE("docs: DropConstantFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("Utilities", Column::from_labels(std::vector<std::string>{"AllPub", "AllPub", "AllPub", "AllPub"}));
  X.add("Street", Column::from_labels(std::vector<std::string>{"Pave", "Pave", "Pave", "Grvl"}));
  X.add("LotArea", Column::numeric({8450.0, 9600.0, 11250.0, 9550.0}));

  DropConstantFeatures constant;  // tol 1: a single value
  constant.fit(X);
  // constant.features_to_drop_ -> {"Utilities"}

  DropConstantFeatures quasi({.tol = 0.75});  // one value in at least 75% of the rows
  quasi.fit(X);
  // quasi.features_to_drop_ -> {"Utilities", "Street"}
  // quasi.transform(X).names() -> {"LotArea"}
  // [/doc]
  CHECK(constant.features_to_drop_ == std::vector<std::string>{"Utilities"});
  CHECK(quasi.features_to_drop_ == std::vector<std::string>{"Utilities", "Street"});
  CHECK(quasi.transform(X).names() == std::vector<std::string>{"LotArea"});
}
