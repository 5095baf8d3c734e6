#pragma once
/// @file
/// CART growth as scikit-learn 1.2 does it (sklearn/tree/_splitter.pyx and
/// _tree.pyx): the best splitter over float32 features, depth-first growth
/// (preorder, left child first) or best-first growth when max_leaf_nodes is
/// set. The result is a CartTree in scikit-learn's node numbering, with the
/// node statistics feature importances need; models convert it into the
/// shared inference layout (detail::Forest) with `append_cart`.
///
/// Random state: one 31-bit seed per tree (drawn by the caller from numpy's
/// RandomState with randint(0, RAND_R_MAX), as Splitter.init does) feeds the
/// xorshift generator that picks the order features are visited in. The
/// feature and row orders persist from node to node in build order, as in
/// the reference, so ties resolve the same way.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/tree/detail/cart_criterion.hpp"
#include "fepipe/tree/detail/cart_sort.hpp"
#include "fepipe/tree/detail/forest.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Growth limits, resolved to numbers (see resolve_cart_params).
struct CartParams {
  std::int64_t max_depth = std::numeric_limits<std::int32_t>::max();
  std::int64_t min_samples_split = 2;
  std::int64_t min_samples_leaf = 1;
  double min_weight_leaf = 0.0;
  std::int64_t max_features = 1;
  std::int64_t max_leaf_nodes = -1;  // -1: depth-first, unlimited leaves
  double min_impurity_decrease = 0.0;
};

enum class CartCriterion : std::uint8_t { squared_error, friedman_mse, gini, entropy };

/// The training data of one tree. X is column-major float32 (feature j's
/// values at X + j·n_rows); y holds regression targets or class labels
/// 0..n_classes-1; sample_weight may be null (all ones). Rows of weight 0
/// take no part in the tree.
struct CartInput {
  const float* X = nullptr;
  std::size_t n_rows = 0;
  std::size_t n_features = 0;
  const double* y = nullptr;
  const double* sample_weight = nullptr;
  std::size_t n_classes = 0;  // 0 for regression
};

/// A fitted tree in scikit-learn's layout and node numbering.
struct CartTree {
  static constexpr std::int32_t leaf = -1;

  std::vector<std::int32_t> children_left, children_right, feature;
  std::vector<double> threshold, impurity, weighted_n_node_samples;
  std::vector<std::int64_t> n_node_samples;
  /// node_count × value_width: the mean target (regression) or the
  /// weighted class counts (classification).
  std::vector<double> value;
  std::size_t value_width = 1;
  std::int64_t max_depth = 0;

  std::size_t node_count() const noexcept { return feature.size(); }
  bool is_leaf(std::size_t node) const noexcept { return children_left[node] == leaf; }

  /// scikit-learn's `apply` for one row of a column-major float32 matrix.
  std::int32_t leaf_of(const float* X, std::size_t n_rows, std::size_t row) const noexcept {
    std::size_t node = 0;
    while (!is_leaf(node)) {
      const double x = X[static_cast<std::size_t>(feature[node]) * n_rows + row];
      node = static_cast<std::size_t>(x <= threshold[node] ? children_left[node] : children_right[node]);
    }
    return static_cast<std::int32_t>(node);
  }

  std::int32_t add_node(std::int32_t parent, bool is_left, bool is_leaf_node, std::int32_t feat, double thr,
                        double node_impurity, std::int64_t n_samples, double weighted_n) {
    const auto id = static_cast<std::int32_t>(feature.size());
    if (parent >= 0) (is_left ? children_left : children_right)[static_cast<std::size_t>(parent)] = id;
    children_left.push_back(leaf);
    children_right.push_back(leaf);
    feature.push_back(is_leaf_node ? -2 : feat);
    threshold.push_back(is_leaf_node ? -2.0 : thr);
    impurity.push_back(node_impurity);
    n_node_samples.push_back(n_samples);
    weighted_n_node_samples.push_back(weighted_n);
    value.resize(value.size() + value_width, 0.0);
    return id;
  }
  void make_leaf(std::size_t node) noexcept {
    children_left[node] = children_right[node] = leaf;
    feature[node] = -2;
    threshold[node] = -2.0;
  }
};

/// The outcome of a node's split search (scikit-learn's SplitRecord).
struct CartSplit {
  std::int32_t feature = 0;
  std::size_t pos = 0;  // == end: no valid split
  double threshold = 0.0;
  double improvement = -std::numeric_limits<double>::infinity();
  double impurity_left = std::numeric_limits<double>::infinity();
  double impurity_right = std::numeric_limits<double>::infinity();
};

/// scikit-learn's BestSplitter over dense float32 features.
template <class Criterion>
class BestSplitter {
 public:
  /// Features whose node range is within this of each other are constant.
  static constexpr double feature_threshold = 1e-7;

  template <class MakeCriterion>
  BestSplitter(const CartInput& in, const CartParams& params, std::uint32_t seed, MakeCriterion&& make)
      : in_(in), params_(params), rng_(seed), features_(in.n_features), constant_features_(in.n_features),
        values_(in.n_rows) {
    rows_.reserve(in.n_rows);
    double total = 0.0;
    for (std::size_t i = 0; i < in.n_rows; ++i) {
      const double w = in.sample_weight ? in.sample_weight[i] : 1.0;
      if (w != 0.0) rows_.push_back(static_cast<std::int64_t>(i));
      total += w;
    }
    for (std::size_t f = 0; f < features_.size(); ++f) features_[f] = static_cast<std::int32_t>(f);
    criterion_.emplace(make(CriterionData{in.y, in.sample_weight, rows_.data(), total}));
  }
  // The criterion points into rows_.
  BestSplitter(const BestSplitter&) = delete;
  BestSplitter& operator=(const BestSplitter&) = delete;

  std::size_t n_samples() const noexcept { return rows_.size(); }

  void node_reset(std::size_t start, std::size_t end, double& weighted_n_node_samples) {
    start_ = start;
    end_ = end;
    crit().init(start, end);
    weighted_n_node_samples = crit().weighted_n_node_samples;
  }
  double node_impurity() const noexcept { return crit().node_impurity(); }
  void node_value(double* dest) const noexcept { crit().node_value(dest); }

  /// Best split of [start, end) (set by node_reset). n_constant_features:
  /// in, how many leading entries of the feature order are known constant
  /// on this node; out, the count including those found here.
  CartSplit node_split(double impurity, std::size_t& n_constant_features) {
    Criterion& c = crit();
    const std::size_t start = start_, end = end_;
    CartSplit best;
    best.pos = end;
    double best_proxy = -std::numeric_limits<double>::infinity();

    std::size_t f_i = features_.size();
    std::size_t n_visited = 0, n_found_constants = 0, n_drawn_constants = 0;
    const std::size_t n_known_constants = n_constant_features;
    std::size_t n_total_constants = n_known_constants;
    const auto max_features = static_cast<std::size_t>(params_.max_features);

    // Visit features in a random order until max_features non-constant ones
    // were evaluated (more if none of them gave a valid split yet).
    while (f_i > n_total_constants &&
           (n_visited < max_features || n_visited <= n_found_constants + n_drawn_constants)) {
      ++n_visited;
      auto f_j = static_cast<std::size_t>(rng_.between(static_cast<std::int64_t>(n_drawn_constants),
                                                       static_cast<std::int64_t>(f_i - n_found_constants)));
      if (f_j < n_known_constants) {
        std::swap(features_[n_drawn_constants], features_[f_j]);
        ++n_drawn_constants;
        continue;
      }
      f_j += n_found_constants;
      const std::int32_t feat = features_[f_j];
      const float* column = in_.X + static_cast<std::size_t>(feat) * in_.n_rows;
      float* xf = values_.data();
      for (std::size_t p = start; p < end; ++p) xf[p] = column[rows_[p]];
      cart_sort_rows(xf + start, rows_.data() + start, end - start);

      if (static_cast<double>(xf[end - 1]) <= static_cast<double>(xf[start]) + feature_threshold) {
        std::swap(features_[f_j], features_[n_total_constants]);
        ++n_found_constants;
        ++n_total_constants;
        continue;
      }
      --f_i;
      std::swap(features_[f_i], features_[f_j]);

      c.reset();
      std::size_t p = start;
      while (p < end) {
        while (p + 1 < end && static_cast<double>(xf[p + 1]) <= static_cast<double>(xf[p]) + feature_threshold) ++p;
        ++p;
        if (p >= end) break;
        // p is the first row of the right part.
        if (p - start < static_cast<std::size_t>(params_.min_samples_leaf) ||
            end - p < static_cast<std::size_t>(params_.min_samples_leaf))
          continue;
        c.update(p);
        if (c.weighted_n_left < params_.min_weight_leaf || c.weighted_n_right < params_.min_weight_leaf) continue;
        const double proxy = c.proxy_impurity_improvement();
        if (proxy > best_proxy) {
          best_proxy = proxy;
          const double lo = xf[p - 1], hi = xf[p];
          // Halves first: the midpoint of two huge values must not overflow.
          double thr = lo / 2.0 + hi / 2.0;
          if (thr == hi || thr == std::numeric_limits<double>::infinity() ||
              thr == -std::numeric_limits<double>::infinity())
            thr = lo;
          best.feature = feat;
          best.pos = p;
          best.threshold = thr;
        }
      }
    }

    if (best.pos < end) {
      // Rows going left first; the right part's order comes from the swaps.
      const float* column = in_.X + static_cast<std::size_t>(best.feature) * in_.n_rows;
      std::size_t partition_end = end, p = start;
      while (p < partition_end) {
        if (static_cast<double>(column[rows_[p]]) <= best.threshold) {
          ++p;
        } else {
          --partition_end;
          std::swap(rows_[p], rows_[partition_end]);
        }
      }
      c.reset();
      c.update(best.pos);
      c.children_impurity(best.impurity_left, best.impurity_right);
      best.improvement = c.impurity_improvement(impurity, best.impurity_left, best.impurity_right);
    }

    // Constant features keep their order for siblings and descendants.
    std::copy_n(constant_features_.begin(), n_known_constants, features_.begin());
    std::copy_n(features_.begin() + static_cast<std::ptrdiff_t>(n_known_constants), n_found_constants,
                constant_features_.begin() + static_cast<std::ptrdiff_t>(n_known_constants));
    n_constant_features = n_total_constants;
    return best;
  }

 private:
  Criterion& crit() noexcept { return *criterion_; }
  const Criterion& crit() const noexcept { return *criterion_; }

  CartInput in_;
  CartParams params_;
  SklearnRandR rng_;
  std::vector<std::int64_t> rows_;
  std::vector<std::int32_t> features_, constant_features_;
  std::vector<float> values_;
  std::optional<Criterion> criterion_;  // built once rows_ is final
  std::size_t start_ = 0, end_ = 0;
};

inline constexpr double cart_epsilon = std::numeric_limits<double>::epsilon();

/// Depth-first growth (scikit-learn's DepthFirstTreeBuilder).
template <class Splitter>
void grow_depth_first(Splitter& splitter, const CartParams& p, CartTree& tree) {
  struct Pending {
    std::size_t start, end;
    std::int64_t depth;
    std::int32_t parent;
    bool is_left;
    double impurity;
    std::size_t n_constant_features;
  };
  std::vector<Pending> stack{{0, splitter.n_samples(), 0, -1, false, std::numeric_limits<double>::infinity(), 0}};
  bool first = true;
  double impurity = std::numeric_limits<double>::infinity();
  while (!stack.empty()) {
    const Pending rec = stack.back();
    stack.pop_back();
    const auto n_node = static_cast<std::int64_t>(rec.end - rec.start);
    double weighted_n = 0.0;
    splitter.node_reset(rec.start, rec.end, weighted_n);
    bool is_leaf = rec.depth >= p.max_depth || n_node < p.min_samples_split || n_node < 2 * p.min_samples_leaf ||
                   weighted_n < 2 * p.min_weight_leaf;
    if (first) {
      impurity = splitter.node_impurity();
      first = false;
    } else {
      impurity = rec.impurity;
    }
    is_leaf = is_leaf || impurity <= cart_epsilon;
    CartSplit split;
    std::size_t n_constant = rec.n_constant_features;
    if (!is_leaf) {
      split = splitter.node_split(impurity, n_constant);
      is_leaf = split.pos >= rec.end || split.improvement + cart_epsilon < p.min_impurity_decrease;
    }
    const std::int32_t id = tree.add_node(rec.parent, rec.is_left, is_leaf, split.feature, split.threshold, impurity,
                                          n_node, weighted_n);
    splitter.node_value(tree.value.data() + static_cast<std::size_t>(id) * tree.value_width);
    if (!is_leaf) {
      stack.push_back({split.pos, rec.end, rec.depth + 1, id, false, split.impurity_right, n_constant});
      stack.push_back({rec.start, split.pos, rec.depth + 1, id, true, split.impurity_left, n_constant});
    }
    tree.max_depth = std::max(tree.max_depth, rec.depth);
  }
}

/// Best-first growth (scikit-learn's BestFirstTreeBuilder): the frontier
/// node with the largest improvement is expanded next, until
/// max_leaf_nodes − 1 splits are made. Each node's split is searched when
/// the node is created, so the random stream advances in creation order.
template <class Splitter>
void grow_best_first(Splitter& splitter, const CartParams& p, CartTree& tree) {
  struct Frontier {
    std::int32_t node_id;
    std::size_t start, end, pos;
    std::int64_t depth;
    bool is_leaf;
    double impurity, impurity_left, impurity_right, improvement;
  };
  // The reference keeps the frontier as a std heap ordered by improvement;
  // using the same heap algorithm resolves equal improvements identically.
  const auto less = [](const Frontier& a, const Frontier& b) { return a.improvement < b.improvement; };
  std::vector<Frontier> frontier;

  const auto add_split_node = [&](std::size_t start, std::size_t end, double impurity, bool is_first,
                                  bool is_left, std::int32_t parent, std::int64_t depth) {
    double weighted_n = 0.0;
    splitter.node_reset(start, end, weighted_n);
    if (is_first) impurity = splitter.node_impurity();
    const auto n_node = static_cast<std::int64_t>(end - start);
    bool is_leaf = depth >= p.max_depth || n_node < p.min_samples_split || n_node < 2 * p.min_samples_leaf ||
                   weighted_n < 2 * p.min_weight_leaf || impurity <= cart_epsilon;
    CartSplit split;
    // Best-first growth does not pass known constant features down.
    std::size_t n_constant = 0;
    if (!is_leaf) {
      split = splitter.node_split(impurity, n_constant);
      is_leaf = split.pos >= end || split.improvement + cart_epsilon < p.min_impurity_decrease;
    }
    const std::int32_t id =
        tree.add_node(parent, is_left, is_leaf, split.feature, split.threshold, impurity, n_node, weighted_n);
    splitter.node_value(tree.value.data() + static_cast<std::size_t>(id) * tree.value_width);
    if (is_leaf) return Frontier{id, start, end, end, depth, true, impurity, impurity, impurity, 0.0};
    return Frontier{id,   start, end, split.pos, depth, false, impurity, split.impurity_left, split.impurity_right,
                    split.improvement};
  };
  const auto push = [&](const Frontier& f) {
    frontier.push_back(f);
    std::push_heap(frontier.begin(), frontier.end(), less);
  };

  std::int64_t max_split_nodes = p.max_leaf_nodes - 1;
  push(add_split_node(0, splitter.n_samples(), std::numeric_limits<double>::infinity(), true, true, -1, 0));
  while (!frontier.empty()) {
    std::pop_heap(frontier.begin(), frontier.end(), less);
    const Frontier rec = frontier.back();
    frontier.pop_back();
    if (rec.is_leaf || max_split_nodes <= 0) {
      tree.make_leaf(static_cast<std::size_t>(rec.node_id));
    } else {
      --max_split_nodes;
      const Frontier left = add_split_node(rec.start, rec.pos, rec.impurity_left, false, true, rec.node_id,
                                           rec.depth + 1);
      const Frontier right = add_split_node(rec.pos, rec.end, rec.impurity_right, false, false, rec.node_id,
                                            rec.depth + 1);
      push(left);
      push(right);
    }
    tree.max_depth = std::max(tree.max_depth, rec.depth);
  }
}

template <class Criterion, class MakeCriterion>
CartTree grow_cart(const CartInput& in, const CartParams& p, std::uint32_t seed, MakeCriterion&& make) {
  BestSplitter<Criterion> splitter(in, p, seed, std::forward<MakeCriterion>(make));
  CartTree tree;
  tree.value_width = in.n_classes == 0 ? 1 : in.n_classes;
  if (p.max_leaf_nodes < 0)
    grow_depth_first(splitter, p, tree);
  else
    grow_best_first(splitter, p, tree);
  return tree;
}

/// Grows one tree. `seed` is the splitter's xorshift seed. Needs at least
/// one row of positive weight (callers check).
inline CartTree fit_cart(const CartInput& in, const CartParams& p, CartCriterion criterion, std::uint32_t seed) {
  const std::size_t k = in.n_classes;
  switch (criterion) {
    case CartCriterion::squared_error:
      return grow_cart<SquaredErrorCriterion<false>>(in, p, seed,
                                                   [](CriterionData d) { return SquaredErrorCriterion<false>(d); });
    case CartCriterion::friedman_mse:
      return grow_cart<SquaredErrorCriterion<true>>(in, p, seed,
                                                  [](CriterionData d) { return SquaredErrorCriterion<true>(d); });
    case CartCriterion::gini:
      return grow_cart<ClassCountCriterion<ClassImpurity::gini>>(
          in, p, seed, [k](CriterionData d) { return ClassCountCriterion<ClassImpurity::gini>(d, k); });
    case CartCriterion::entropy:
      break;
  }
  return grow_cart<ClassCountCriterion<ClassImpurity::entropy>>(
      in, p, seed, [k](CriterionData d) { return ClassCountCriterion<ClassImpurity::entropy>(d, k); });
}

/// The splitter's seed, drawn as Splitter.init draws it.
inline std::uint32_t draw_cart_seed(NumpyRandomState& rng) {
  return static_cast<std::uint32_t>(numpy_randint(rng, 0, SklearnRandR::rand_r_max));
}

/// Unnormalised impurity decrease per feature (Tree.compute_feature_importances
/// with normalize=False): Σ over splits of W·imp − W_L·imp_L − W_R·imp_R,
/// divided by the root's weight.
inline std::vector<double> cart_feature_importances(const CartTree& t, std::size_t n_features) {
  std::vector<double> imp(n_features, 0.0);
  for (std::size_t n = 0; n < t.node_count(); ++n) {
    if (t.is_leaf(n)) continue;
    const auto l = static_cast<std::size_t>(t.children_left[n]);
    const auto r = static_cast<std::size_t>(t.children_right[n]);
    imp[static_cast<std::size_t>(t.feature[n])] += t.weighted_n_node_samples[n] * t.impurity[n] -
                                                   t.weighted_n_node_samples[l] * t.impurity[l] -
                                                   t.weighted_n_node_samples[r] * t.impurity[r];
  }
  for (double& v : imp) v /= t.weighted_n_node_samples[0];
  return imp;
}

/// Appends `tree` to `forest` as one tree adding to output slot `output`,
/// with node values `node_value(sklearn node id)`. Children are placed side
/// by side (the Forest's right = left + 1) in depth-first order. If
/// `node_ids` is given it receives, per appended Forest node, the node's
/// scikit-learn id.
template <class NodeValue>
void append_cart(Forest& forest, const CartTree& tree, std::int32_t output, NodeValue&& node_value,
                 std::vector<std::int32_t>* node_ids = nullptr) {
  const auto add = [&](std::size_t id) {
    const std::int32_t feat = tree.is_leaf(id) ? -1 : tree.feature[id];
    const double thr = tree.is_leaf(id) ? 0.0 : tree.threshold[id];
    if (node_ids) node_ids->push_back(static_cast<std::int32_t>(id));
    // The node's cover (scikit-learn's weighted_n_node_samples), for TreeSHAP.
    return forest.add_node(feat, thr, 0, node_value(id), tree.weighted_n_node_samples[id]);
  };
  forest.tree_root.push_back(add(0));
  forest.tree_output.push_back(output);
  std::vector<std::pair<std::size_t, std::int32_t>> todo{{0, forest.tree_root.back()}};  // (sklearn id, forest id)
  while (!todo.empty()) {
    const auto [id, at] = todo.back();
    todo.pop_back();
    if (tree.is_leaf(id)) continue;
    const auto l = static_cast<std::size_t>(tree.children_left[id]);
    const auto r = static_cast<std::size_t>(tree.children_right[id]);
    const std::int32_t fl = add(l);
    const std::int32_t fr = add(r);
    forest.left[static_cast<std::size_t>(at)] = fl;
    todo.push_back({r, fr});
    todo.push_back({l, fl});
  }
}

}  // namespace detail
FEPIPE_NAMESPACE_END
