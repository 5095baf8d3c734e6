#pragma once
/// @file
/// Path-dependent TreeSHAP (Lundberg, Erion, Chen et al., "From local
/// explanations to global understanding with explainable AI for trees",
/// Nature Machine Intelligence 2020, Algorithm 2) over fepipe's Forest.
///
/// Why hand-written: fepipe's trees are its own (detail::Forest, built to
/// match scikit-learn bit for bit), with its own split rules (float32
/// rounding, missing-left flags, categorical bitsets); no library reads
/// them, and the `shap` package is Python. The algorithm is exact: it
/// computes the Shapley values of v(S) = E[f(x) | x_S] where the
/// expectation over the features outside S follows the training covers
/// (`Forest::cover`) at every split on such a feature (the "path-dependent"
/// conditional expectation), in O(L·D²) per tree (L leaves, D depth).
/// tests/explain checks it against a brute-force enumeration of all
/// feature subsets.
///
/// Conventions where the paper is silent:
/// - A record's path follows the forest's own routing (Forest's header):
///   x <= threshold goes left (after rounding to float when the forest
///   reads float32 inputs), NaN goes where the node's missing_left flag
///   says, a categorical split reads its bitset (codes it does not know
///   follow the missing side).
/// - A split whose cover is 0 (a region with no training weight, only
///   possible with zero sample weights) weighs its two children 1/2 each,
///   and a subtree that neither the record nor any cover reaches is not
///   walked (it adds 0), so no division by zero occurs anywhere.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"  // detail::Forest, through the tree family's public header

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// One feature on the current root-to-node path (the paper's m).
struct ShapPathElement {
  std::int32_t feature = -1;
  double zero_fraction = 0.0;  ///< share of the cover that follows the path
  double one_fraction = 0.0;   ///< 1 if the record follows the path, else 0
  double pweight = 0.0;        ///< permutation weight
};

/// The TreeSHAP state of one Forest: depth bound, per-tree expectations.
/// Reads the forest it was made from (which must outlive it).
class TreeShap {
 public:
  /// Deepest tree explained: the scratch is (D+2)(D+3)/2 path elements and
  /// the recursion D frames deep, so a hostile file's chain of a million
  /// nodes is refused here rather than exhausting the stack.
  static constexpr std::size_t max_depth = 512;

  TreeShap(const Forest& forest, std::string_view step) : forest_(&forest) {
    const std::string name(step);
    if (!forest.has_covers())
      throw Error(name, "",
                  "the model has no node covers: it was loaded from a model file that predates explanations "
                  "(Forest version 1) or that did not record them; refit it with fepipe to explain it");
    const std::size_t n = forest.n_nodes();
    // Children come after their parent (Forest::validate), so one forward
    // pass gives depths and one backward pass the expectations.
    std::vector<std::size_t> depth(n, 0);
    std::size_t deepest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (forest.feature[i] < 0) continue;
      const auto l = static_cast<std::size_t>(forest.left[i]);
      depth[l] = depth[l + 1] = depth[i] + 1;
      deepest = std::max(deepest, depth[i] + 1);
    }
    if (deepest > max_depth)
      throw Error(name, "",
                  "a tree is " + std::to_string(deepest) + " levels deep; explanations handle up to " +
                      std::to_string(max_depth));
    depth_ = deepest;
    node_mean_.assign(n, 0.0);
    for (std::size_t i = n; i-- > 0;) {
      if (forest.feature[i] < 0) {
        node_mean_[i] = forest.value[i];
        continue;
      }
      const auto l = static_cast<std::size_t>(forest.left[i]);
      const auto [fl, fr] = child_fractions(i, l);
      node_mean_[i] = fl * node_mean_[l] + fr * node_mean_[l + 1];
    }
  }

  /// Path elements explain_tree needs as scratch.
  std::size_t scratch_size() const noexcept { return (depth_ + 2) * (depth_ + 3) / 2; }
  /// Deepest tree's depth.
  std::size_t depth() const noexcept { return depth_; }

  /// E[f_t] under the covers: the tree's value when no feature is known.
  double tree_expectation(std::size_t t) const {
    return node_mean_[static_cast<std::size_t>(forest_->tree_root[t])];
  }

  /// Adds tree t's Shapley values for the record x (x[f] as the forest
  /// reads feature f; float32 rounding already applied if the forest reads
  /// float32 inputs) into phi[f]. `scratch` holds scratch_size() elements.
  void explain_tree(std::size_t t, const double* x, double* phi, ShapPathElement* scratch) const noexcept {
    recurse(static_cast<std::size_t>(forest_->tree_root[t]), x, phi, scratch, 0, 1.0, 1.0, -1);
  }

  /// True when the record x goes to the left child of split node i.
  bool goes_left(std::size_t i, double x) const noexcept {
    const Forest& f = *forest_;
    const bool missing_left = (f.flags[i] & Forest::missing_left_flag) != 0;
    if (std::isnan(x)) return missing_left;
    if (f.flags[i] & Forest::categorical_flag) {
      const std::uint32_t words = f.bitset_words[i];
      if (!(x >= 0.0) || x >= static_cast<double>(words) * 32.0 || x != std::floor(x)) return missing_left;
      const auto c = static_cast<std::uint32_t>(x);
      return (f.cat_bits[f.bitset_offset[i] + c / 32] >> (c % 32)) & 1u;
    }
    return x <= f.threshold[i];
  }

  /// Shares of split node i's cover that go to its children l and l + 1.
  std::pair<double, double> child_fractions(std::size_t i, std::size_t l) const noexcept {
    const double c = forest_->cover[i];
    if (!(c > 0.0)) return {0.5, 0.5};
    return {forest_->cover[l] / c, forest_->cover[l + 1] / c};
  }

 private:
  // The paper's EXTEND. (Divisions are hoisted out of the loops: they
  // dominate the cost, and each loop then carries multiplications only.)
  static void extend(ShapPathElement* path, std::size_t depth, double zero_fraction, double one_fraction,
                     std::int32_t feature) noexcept {
    path[depth] = {feature, zero_fraction, one_fraction, depth == 0 ? 1.0 : 0.0};
    const double inv_d1 = 1.0 / static_cast<double>(depth + 1);
    const double one = one_fraction * inv_d1, zero = zero_fraction * inv_d1;
    for (std::size_t i = depth; i-- > 0;) {
      path[i + 1].pweight += one * path[i].pweight * static_cast<double>(i + 1);
      path[i].pweight = zero * path[i].pweight * static_cast<double>(depth - i);
    }
  }

  // The paper's UNWIND: removes element `index` from the path.
  static void unwind(ShapPathElement* path, std::size_t depth, std::size_t index) noexcept {
    const double one_fraction = path[index].one_fraction;
    const double zero_fraction = path[index].zero_fraction;
    double next_one_portion = path[depth].pweight;
    const auto d1 = static_cast<double>(depth + 1);
    for (std::size_t i = depth; i-- > 0;) {
      if (one_fraction != 0.0) {
        const double tmp = path[i].pweight;
        path[i].pweight = next_one_portion * d1 / (static_cast<double>(i + 1) * one_fraction);
        next_one_portion = tmp - path[i].pweight * zero_fraction * static_cast<double>(depth - i) / d1;
      } else {
        path[i].pweight = path[i].pweight * d1 / (zero_fraction * static_cast<double>(depth - i));
      }
    }
    for (std::size_t i = index; i < depth; ++i) {
      path[i].feature = path[i + 1].feature;
      path[i].zero_fraction = path[i + 1].zero_fraction;
      path[i].one_fraction = path[i + 1].one_fraction;
    }
  }

  // Σ of the permutation weights if element `index` were unwound, without
  // changing the path. The divisions of each step do not depend on the
  // previous step, so they overlap instead of forming a chain.
  static double unwound_sum(const ShapPathElement* path, std::size_t depth, std::size_t index) noexcept {
    const double one_fraction = path[index].one_fraction;
    const double zero_fraction = path[index].zero_fraction;
    const auto d1 = static_cast<double>(depth + 1);
    double total = 0.0;
    if (one_fraction != 0.0) {
      const double scale = d1 / one_fraction;
      const double zero = zero_fraction / d1;
      double next_one_portion = path[depth].pweight;
      for (std::size_t i = depth; i-- > 0;) {
        const double tmp = next_one_portion * (scale / static_cast<double>(i + 1));
        total += tmp;
        next_one_portion = path[i].pweight - tmp * zero * static_cast<double>(depth - i);
      }
    } else if (zero_fraction != 0.0) {
      const double scale = d1 / zero_fraction;
      for (std::size_t i = depth; i-- > 0;) total += path[i].pweight * (scale / static_cast<double>(depth - i));
    }
    return total;
  }

  // The paper's RECURSE. `parent` is the parent's path (depth elements
  // before the extension); this node's path is written right after it.
  void recurse(std::size_t node, const double* x, double* phi, ShapPathElement* parent, std::size_t depth,
               double zero_fraction, double one_fraction, std::int32_t feature) const noexcept {
    ShapPathElement* path = parent + depth;
    std::copy(parent, parent + depth, path);
    extend(path, depth, zero_fraction, one_fraction, feature);
    const Forest& f = *forest_;
    const std::int32_t split = f.feature[node];
    if (split < 0) {
      const double v = f.value[node];
      for (std::size_t i = 1; i <= depth; ++i) {
        const double w = unwound_sum(path, depth, i);
        const ShapPathElement& e = path[i];
        phi[e.feature] += w * (e.one_fraction - e.zero_fraction) * v;
      }
      return;
    }
    const auto l = static_cast<std::size_t>(f.left[node]);
    const bool left = goes_left(node, x[split]);
    const std::size_t hot = left ? l : l + 1, cold = left ? l + 1 : l;
    const auto [fl, fr] = child_fractions(node, l);
    const double hot_fraction = left ? fl : fr, cold_fraction = left ? fr : fl;
    double incoming_zero = 1.0, incoming_one = 1.0;
    // A feature already on the path is taken off and re-entered with the
    // product of its fractions (the paper's lines 26-29).
    std::size_t index = 0;
    for (; index <= depth; ++index)
      if (path[index].feature == split) break;
    if (index != depth + 1) {
      incoming_zero = path[index].zero_fraction;
      incoming_one = path[index].one_fraction;
      unwind(path, depth, index);
      --depth;
    }
    // A child that neither the record nor any share of the cover reaches
    // (zero and one fractions both 0: a cover-0 child off the record's
    // path) adds 0 to every v(S), so it is skipped; walking it would
    // divide 0 by 0 where the same feature splits again below.
    const double hot_zero = hot_fraction * incoming_zero, cold_zero = cold_fraction * incoming_zero;
    if (hot_zero != 0.0 || incoming_one != 0.0) recurse(hot, x, phi, path, depth + 1, hot_zero, incoming_one, split);
    if (cold_zero != 0.0) recurse(cold, x, phi, path, depth + 1, cold_zero, 0.0, split);
  }

  const Forest* forest_;
  std::size_t depth_ = 0;
  std::vector<double> node_mean_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
