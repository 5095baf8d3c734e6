#pragma once
/// @file
/// DecisionTreeRegressor — sklearn.tree.DecisionTreeRegressor (splitter="best").

#include <cstdint>
#include <span>
#include <string_view>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/tree/detail/decision_tree_base.hpp"
#include "fepipe/tree/tree_options.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A CART regression tree grown exactly as scikit-learn 1.2 grows it:
/// features cast to float32, the best split by squared error or Friedman's
/// MSE, features visited in the order scikit-learn's random stream gives
/// (so ties, max_features and random_state behave the same), depth-first or
/// best-first (max_leaf_nodes) growth. Predictions agree with scikit-learn
/// to the last bits on the same data.
///
/// Options (`Options`, defaults as scikit-learn): criterion, max_depth,
/// min_samples_split, min_samples_leaf (counts or fractions),
/// min_weight_fraction_leaf, max_features, random_state, max_leaf_nodes,
/// min_impurity_decrease. Not offered: splitter="random", ccp_alpha,
/// missing values (NaN is a DataError, as in scikit-learn 1.2).
///
/// Learns:
/// - `forest_`: the tree (one tree, one output: the mean target of a leaf).
/// - `feature_importances_`, `max_features_`, `feature_names_in_`.
/// - `node_ids_`: scikit-learn's node numbering, for `apply`.
///
/// Also: `apply` (leaf per row), `split_thresholds(feature)`, `depth()`,
/// `n_leaves()`.
class DecisionTreeRegressor : public detail::DecisionTreeBase<DecisionTreeRegressor, RegressionCriterion> {
  using Base = detail::DecisionTreeBase<DecisionTreeRegressor, RegressionCriterion>;

 public:
  static constexpr std::string_view type_name = "DecisionTreeRegressor";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;
  static constexpr bool is_classifier = false;

  using Base::Base;

  Eigen::VectorXd predict(const Frame& X) const { return to_vector(scores(X)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const { return to_vector(scores(X)); }

  /// One record (numbers in fitted column order); allocation-free.
  double predict_row(std::span<const Value> row) const {
    double out = 0.0;
    scores_row(row, &out);
    return out;
  }

 private:
  friend Base;
  friend detail::TreeModel<DecisionTreeRegressor>;

  static Eigen::VectorXd to_vector(const detail::RawScores& s) {
    return Eigen::Map<const Eigen::VectorXd>(s.values.data(), static_cast<Eigen::Index>(s.rows));
  }
};

static_assert(RowEstimator<DecisionTreeRegressor>);

FEPIPE_NAMESPACE_END
