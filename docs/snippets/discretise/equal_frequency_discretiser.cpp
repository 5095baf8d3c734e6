#include <doctest/doctest.h>

#include <fepipe/discretise/equal_frequency_discretiser.hpp>

TEST_CASE("docs: EqualFrequencyDiscretiser") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("age", Column::numeric({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));

  EqualFrequencyDiscretiser disc({.q = 4});
  disc.fit(X);
  // disc.binner_dict_.at("age") -> {-inf, 3.25, 5.5, 7.75, inf}   (quartiles, ends opened)

  Frame codes = disc.transform(X);
  // codes.numeric("age") -> {0, 0, 0, 1, 1, 2, 2, 3, 3, 3}

  EqualFrequencyDiscretiser labelled({.q = 4, .return_boundaries = true});
  Frame labels = labelled.fit(X).transform(X);
  // labels["age"] row 0 -> "(-inf, 3.25]", row 9 -> "(7.75, inf]"
  // [/doc]
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(disc.binner_dict_.at("age") == std::vector<double>{-inf, 3.25, 5.5, 7.75, inf});
  const std::vector<double> expected{0, 0, 0, 1, 1, 2, 2, 3, 3, 3};
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(codes.numeric("age")[i] == expected[i]);
  const Column& l = labels["age"];
  CHECK(l.label(l.codes()[0]) == "(-inf, 3.25]");
  CHECK(l.label(l.codes()[9]) == "(7.75, inf]");
}
