#include <doctest/doctest.h>

#include <cmath>
#include <fepipe/impute/random_sample_imputer.hpp>

TEST_CASE("docs: RandomSampleImputer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("age", Column::numeric({22.0, NAN, 26.0, 35.0, NAN, 54.0}));
  X.add("cabin", Column::from_labels(std::vector<std::string>{"C85", "", "E46", "", "G6", ""}));
  X.add("pclass", Column::numeric({3.0, 1.0, 3.0, 1.0, 2.0, 1.0}));

  // One seed for every variable: the same values feature-engine draws.
  RandomSampleImputer general({.random_state = 0u});
  Frame Xg = general.fit(X).transform(X);
  // Xg.numeric("age")  -> {22, 22, 26, 35, 54, 54}
  // cabin              -> {"C85", "C85", "E46", "E46", "G6", "C85"}

  // A seed per row from pclass: a row always gets the same value, in a
  // batch or alone (predict_one).
  RandomSampleImputer per_row({.variables = {"age", "cabin"},
                               .seed = SampleSeed::observation,
                               .seed_variables = {"pclass"}});
  Frame Xo = per_row.fit(X).transform(X);
  // Xo.numeric("age")  -> {22, 26, 26, 35, 22, 54}
  // cabin              -> {"C85", "E46", "E46", "E46", "G6", "E46"}
  // [/doc]
  const std::vector<double> age_g{22, 22, 26, 35, 54, 54}, age_o{22, 26, 26, 35, 22, 54};
  const std::vector<std::string> cabin_g{"C85", "C85", "E46", "E46", "G6", "C85"},
      cabin_o{"C85", "E46", "E46", "E46", "G6", "E46"};
  for (std::size_t r = 0; r < 6; ++r) {
    CHECK(Xg.numeric("age")[r] == age_g[r]);
    CHECK(Xo.numeric("age")[r] == age_o[r]);
    CHECK(Xg["cabin"].label(Xg["cabin"].codes()[r]) == cabin_g[r]);
    CHECK(Xo["cabin"].label(Xo["cabin"].codes()[r]) == cabin_o[r]);
  }
}
