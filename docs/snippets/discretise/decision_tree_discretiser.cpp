#include <doctest/doctest.h>

#include <fepipe/discretise/decision_tree_discretiser.hpp>

TEST_CASE("docs: DecisionTreeDiscretiser") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("rooms", Column::numeric({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  Target y(12);
  y << 10, 11, 10, 11, 10, 11, 20, 21, 20, 21, 20, 21;  // a step between 6 and 7 rooms

  DecisionTreeDiscretiser disc({.cv = 3, .scoring = TreeScoring::neg_mean_squared_error,
                                .param_grid = {.max_depth = {1, 2}}});
  disc.fit(X, &y);
  // disc.best_params_.at("rooms").max_depth -> 1     (the best mean score over 3 folds)
  // disc.binner_dict_.at("rooms")           -> {-inf, 6.5, inf}
  // disc.bin_predictions_.at("rooms")       -> {10.5, 20.5}

  Frame Xt = disc.transform(X);
  // Xt.numeric("rooms") -> {10.5, ..., 10.5, 20.5, ..., 20.5}

  DecisionTreeDiscretiser numbers({.bin_output = TreeBinOutput::bin_number});
  // numbers.fit(X, &y).transform(X) gives the interval numbers 0 and 1 instead
  // [/doc]
  CHECK(disc.best_params_.at("rooms").max_depth == 1);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(disc.binner_dict_.at("rooms") == std::vector<double>{-inf, 6.5, inf});
  CHECK(disc.bin_predictions_.at("rooms") == std::vector<double>{10.5, 20.5});
  CHECK(Xt.numeric("rooms")[0] == 10.5);
  CHECK(Xt.numeric("rooms")[11] == 20.5);
  const Frame bins = numbers.fit(X, &y).transform(X);
  CHECK(bins.numeric("rooms")[5] == 0.0);
  CHECK(bins.numeric("rooms")[6] == 1.0);
}
