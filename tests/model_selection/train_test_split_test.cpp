#include <doctest/doctest.h>

#include "fepipe/core/train_test_split.hpp"
#include "fepipe/model_selection/shuffle_split.hpp"
#include "fepipe/model_selection/train_test_split.hpp"

namespace model_selection_train_test_split_test {

using namespace fepipe;

TEST_CASE("train_test_split is ShuffleSplit's first split, from either include") {
  // scikit-learn's train_test_split is next(ShuffleSplit(test_size=...).split):
  // the same permutation, so the two agree for every seed (the indices
  // themselves are checked against scikit-learn in tests/core).
  for (std::uint32_t seed : {0u, 1u, 42u, 4294967295u})
    for (std::size_t n : {7u, 10u, 101u}) {
      const auto tts = train_test_split_indices(n, {.test_size = 0.3, .random_state = seed});
      const auto ss =
          ShuffleSplit({.n_splits = 1, .test_size = SplitSize::fraction_of(0.3), .random_state = seed}).split(n);
      REQUIRE(ss.size() == 1);
      CHECK(tts.train == ss[0].train);
      CHECK(tts.test == ss[0].test);
    }
}

}  // namespace model_selection_train_test_split_test
