// Prediction work is bounded by the model's size: a tree model file cannot
// make one prediction walk more nodes than the file holds. The Forest layout
// gives each tree a contiguous range of nodes; a hostile file whose trees
// share nodes (every tree rooted in one deep chain, say) would make each
// prediction cost trees × depth — quadratic in the file's size — so such a
// forest is a ModelFormatError, like any other inconsistency.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "fepipe/io/model_file.hpp"
#include "fepipe/tree/detail/forest.hpp"

namespace reliability_forest_bounds_test {

using fepipe::detail::Forest;

namespace {

/// `trees` trees, each a chain of `depth` splits on feature 0: split 2i
/// sends x <= i left to the next split (2i+2) and the rest right, to the
/// leaf 2i+3; the last split's children are leaves. With `share`, every
/// tree is rooted at the same chain instead of its own copy.
Forest chain_forest(int depth, int trees, bool share) {
  Forest f;
  f.n_features = 1;
  for (int d = 0; d < depth; ++d) {
    f.add_node(0, static_cast<double>(d), 0, 0.0);
    f.add_node(-1, 0.0, 0, 1.0);
  }
  f.add_node(-1, 0.0, 0, 2.0);
  f.add_node(-1, 0.0, 0, 3.0);
  for (int d = 0; d < depth; ++d) f.left[static_cast<std::size_t>(2 * d)] = 2 * d + 2;
  for (int t = 0; t < trees; ++t) {
    if (share || t == 0) {
      f.tree_root.push_back(0);
    } else {
      // An honest forest: every tree its own copy of the chain.
      const auto base = static_cast<std::int32_t>(f.n_nodes());
      for (std::size_t i = 0; i < static_cast<std::size_t>(2 * depth + 2); ++i) {
        f.add_node(f.feature[i], f.threshold[i], f.flags[i], f.value[i]);
        if (f.feature[i] >= 0) f.left.back() = f.left[i] + base;
      }
      f.tree_root.push_back(base);
    }
    f.tree_output.push_back(0);
  }
  return f;
}

}  // namespace

TEST_CASE("trees that share nodes are rejected: a prediction walks at most the model's nodes") {
  Forest honest = chain_forest(50, 4, false);
  CHECK_NOTHROW(honest.compile());
  double x = -1.0, out = 0.0;  // goes left at every split: the whole chain
  honest.predict_raw_row(&x, &out);
  CHECK(out == 4 * 2.0);

  Forest shared = chain_forest(50, 4, true);
  CHECK_THROWS_WITH_AS(shared.compile(), doctest::Contains("Forest"), fepipe::ModelFormatError);

  // Roots out of order would let a tree's range contain another's.
  Forest swapped = chain_forest(10, 2, false);
  std::swap(swapped.tree_root[0], swapped.tree_root[1]);
  CHECK_THROWS_AS(swapped.compile(), fepipe::ModelFormatError);
}

}  // namespace reliability_forest_bounds_test
