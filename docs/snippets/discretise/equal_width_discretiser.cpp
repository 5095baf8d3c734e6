#include <doctest/doctest.h>

#include <fepipe/discretise/equal_width_discretiser.hpp>

TEST_CASE("docs: EqualWidthDiscretiser") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("fare", Column::numeric({0.0, 5.0, 10.0, 20.0}));

  EqualWidthDiscretiser disc({.bins = 4, .return_boundaries = true});
  disc.fit(X);
  // disc.binner_dict_.at("fare") -> {-inf, 5, 10, 15, inf}   (width (20 - 0) / 4)

  Frame Xt = disc.transform(X);
  // Xt["fare"] -> "(-inf, 5.0]", "(-inf, 5.0]", "(5.0, 10.0]", "(15.0, inf]"
  // [/doc]
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(disc.binner_dict_.at("fare") == std::vector<double>{-inf, 5, 10, 15, inf});
  const Column& c = Xt["fare"];
  CHECK(c.label(c.codes()[1]) == "(-inf, 5.0]");
  CHECK(c.label(c.codes()[2]) == "(5.0, 10.0]");
  CHECK(c.label(c.codes()[3]) == "(15.0, inf]");
}
