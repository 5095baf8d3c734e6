#include <doctest/doctest.h>

#include <fepipe/select/drop_features.hpp>

TEST_CASE("docs: DropFeatures") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("YearRemodAdd", Column::numeric({2003.0, 1976.0}));
  X.add("YrSold", Column::numeric({2008.0, 2007.0}));
  X.add("Street", Column::from_labels(std::vector<std::string>{"Pave", "Pave"}));

  DropFeatures drop({.features_to_drop = {"YrSold"}});
  Frame Xt = drop.fit(X).transform(X);
  // Xt.names() -> {"YearRemodAdd", "Street"}
  // [/doc]
  CHECK(Xt.names() == std::vector<std::string>{"YearRemodAdd", "Street"});
}
