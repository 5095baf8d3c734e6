#pragma once
/// @file
/// DecisionTreeBase: the decision tree regressor and classifier in one
/// place. They differ only in the criterion type and in what a leaf holds
/// (`Derived::is_classifier`): a regressor's Forest is one tree whose leaves
/// hold the mean target; a classifier's Forest holds one copy of the tree
/// per class, copy k's leaves holding P(class k), so predict_proba is the
/// Forest's raw output.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/tree/detail/cart_builder.hpp"
#include "fepipe/tree/detail/forest.hpp"
#include "fepipe/tree/detail/tree_data.hpp"
#include "fepipe/tree/detail/tree_model.hpp"
#include "fepipe/tree/tree_options.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

template <class Derived, class Criterion>
class DecisionTreeBase : public TreeModel<Derived> {
  using Model = TreeModel<Derived>;

 public:
  using Options = DecisionTreeOptions<Criterion>;

  DecisionTreeBase() = default;
  explicit DecisionTreeBase(Options options) : options_(std::move(options)) {
    validate_growth_options(options_, Derived::type_name);
  }

  const Options& options() const noexcept { return options_; }

  /// The leaf each row reaches, as scikit-learn numbers nodes
  /// (DecisionTree*.apply).
  std::vector<std::int32_t> apply(const Frame& X) const { return apply_batch(this->batch(X)); }
  std::vector<std::int32_t> apply(const Eigen::MatrixXd& X) const { return apply_batch(this->batch(X)); }

  /// Sorted thresholds of the splits on a feature (x <= threshold goes
  /// left), for discretisers built on trees.
  std::vector<double> split_thresholds(std::size_t feature) const {
    require_fitted();
    if (feature >= this->feature_names_in_.size())
      throw_schema(Derived::type_name, "", "feature index " + std::to_string(feature) + " is out of range for " +
                                               std::to_string(this->feature_names_in_.size()) + " features");
    return forest_thresholds(this->forest_, 0, feature);
  }
  std::vector<double> split_thresholds(std::string_view column) const {
    require_fitted();
    const auto i = this->feature_names_in_.find(column);
    if (!i) throw_schema(Derived::type_name, column, "is not among the fitted features");
    return split_thresholds(*i);
  }

  /// Depth of the tree (0 for a single leaf) and its number of leaves.
  std::int64_t depth() const {
    require_fitted();
    std::int64_t deepest = 0;
    walk([&](std::size_t, std::int64_t d, bool) { deepest = std::max(deepest, d); });
    return deepest;
  }
  std::size_t n_leaves() const {
    require_fitted();
    std::size_t leaves = 0;
    walk([&](std::size_t, std::int64_t, bool leaf) { leaves += leaf; });
    return leaves;
  }

  /// scikit-learn's node id of each node of the Forest's first tree (the
  /// Forest lays children side by side, scikit-learn numbers in build order).
  std::vector<std::int32_t> node_ids_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_));
    this->serialize_common(ar);
    ar(FEPIPE_NVP(node_ids_));
    if constexpr (Archive::is_loading) {
      validate_growth_options(options_, Derived::type_name);
      check_loaded();
    }
  }

 protected:
  /// What predict adds the trees to: nothing.
  std::span<const double> raw_base() const noexcept { return zeros_; }

  void fit_float32(Float32Matrix X, const Target& y, const Eigen::VectorXd* weight, Schema schema) {
    constexpr std::string_view step = Derived::type_name;
    const std::size_t n = X.rows, p = X.cols;
    std::size_t n_classes = 0;
    if constexpr (Derived::is_classifier)
      n_classes = check_class_labels(y, n, step);
    else
      check_target(y, n, step);
    if (weight) check_sample_weight(*weight, n, step);
    const double* w = weight ? weight->data() : nullptr;

    NumpyRandomState rng(options_.random_state ? *options_.random_state : std::random_device{}());
    const CartParams params = resolve_cart_params(options_, n, p, w);
    const CartInput in{X.values.data(), n, p, y.data(), w, n_classes};
    const CartTree tree = fit_cart(in, params, cart_criterion(options_.criterion), draw_cart_seed(rng));

    const std::size_t n_outputs = Derived::is_classifier ? n_classes : 1;
    Forest forest = Model::empty_forest(p, n_outputs);
    std::vector<std::int32_t> ids;
    if constexpr (Derived::is_classifier) {
      // DecisionTreeClassifier.predict_proba: counts over their (pairwise)
      // sum, a zero sum counting as 1.
      for (std::size_t c = 0; c < n_classes; ++c)
        append_cart(
            forest, tree, static_cast<std::int32_t>(c),
            [&](std::size_t node) {
              const double* counts = tree.value.data() + node * n_classes;
              double total = pairwise_sum({counts, n_classes});
              if (total == 0.0) total = 1.0;
              return counts[c] / total;
            },
            c == 0 ? &ids : nullptr);
    } else {
      append_cart(forest, tree, 0, [&](std::size_t node) { return tree.value[node]; }, &ids);
    }

    Model::finish_forest(forest);

    std::vector<double> imp = cart_feature_importances(tree, p);
    const double total = pairwise_sum(imp);
    if (total > 0.0)
      for (double& v : imp) v /= total;

    this->feature_importances_ = Eigen::Map<const Eigen::VectorXd>(imp.data(), static_cast<Eigen::Index>(p));
    this->forest_ = std::move(forest);
    this->max_features_ = params.max_features;
    this->feature_names_in_ = std::move(schema);
    node_ids_ = std::move(ids);
    zeros_.assign(n_outputs, 0.0);
  }

  void require_fitted() const {
    if (!this->is_fitted()) throw_not_fitted(Derived::type_name);
  }

 private:
  friend Model;

  std::vector<std::int32_t> apply_batch(const TreeBatch& b) const {
    std::vector<std::int32_t> leaves = forest_leaves(this->forest_, 0, b);
    for (auto& leaf : leaves) leaf = node_ids_[static_cast<std::size_t>(leaf - this->forest_.tree_root[0])];
    return leaves;
  }

  /// Visits tree 0's nodes: fn(forest node, depth, is_leaf).
  template <class Fn>
  void walk(Fn&& fn) const {
    const Forest& f = this->forest_;
    std::vector<std::pair<std::int32_t, std::int64_t>> todo{{f.tree_root[0], 0}};
    while (!todo.empty()) {
      const auto [node, d] = todo.back();
      todo.pop_back();
      const auto n = static_cast<std::size_t>(node);
      const bool leaf = f.feature[n] < 0;
      fn(n, d, leaf);
      if (!leaf) {
        todo.push_back({f.left[n], d + 1});
        todo.push_back({f.left[n] + 1, d + 1});
      }
    }
  }

  /// A loaded model: one tree per output (copies of one structure for a
  /// classifier), each spanning node_ids_.size() consecutive nodes with its
  /// root first, and node_ids_ a permutation of 0..m-1.
  void check_loaded() {
    const std::string name(Derived::type_name);
    const std::size_t k = static_cast<std::size_t>(std::max(this->forest_.n_outputs, 1));
    if constexpr (Derived::is_classifier) {
      if (k < 2) throw_model_format(name + ": a classifier needs at least 2 classes");
    } else if (k != 1) {
      throw_model_format(name + ": a regressor has one output");
    }
    this->check_common(k, k);
    const Forest& f = this->forest_;
    const std::size_t m = node_ids_.size();
    if (m == 0 || f.n_nodes() != k * m) throw_model_format(name + ": node_ids_ does not match the forest");
    std::vector<char> seen(m, 0);
    for (std::int32_t id : node_ids_) {
      if (id < 0 || static_cast<std::size_t>(id) >= m || seen[static_cast<std::size_t>(id)])
        throw_model_format(name + ": node_ids_ is not a permutation of the node ids");
      seen[static_cast<std::size_t>(id)] = 1;
    }
    for (std::size_t t = 0; t < k; ++t) {
      const std::size_t base = t * m;
      if (static_cast<std::size_t>(f.tree_root[t]) != base || static_cast<std::size_t>(f.tree_output[t]) != t)
        throw_model_format(name + ": tree " + std::to_string(t) + " is misplaced in the forest");
      for (std::size_t i = 0; i < m; ++i) {
        const std::size_t a = i, b = base + i;
        const bool same = f.feature[a] == f.feature[b] && f.flags[a] == f.flags[b] &&
                          (f.feature[a] < 0 || (f.threshold[a] == f.threshold[b] &&
                                                f.left[b] == f.left[a] + static_cast<std::int32_t>(base)));
        // Children stay inside their own tree so every walk ends there.
        const bool inside = f.feature[b] < 0 || static_cast<std::size_t>(f.left[b]) + 1 < base + m;
        if (!same || !inside) throw_model_format(name + ": tree " + std::to_string(t) + " differs from tree 0");
      }
    }
    zeros_.assign(k, 0.0);
  }

  Options options_;
  std::vector<double> zeros_;  // derived: rebuilt at fit and load
};

}  // namespace detail
FEPIPE_NAMESPACE_END
