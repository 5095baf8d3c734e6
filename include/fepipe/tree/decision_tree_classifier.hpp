#pragma once
/// @file
/// DecisionTreeClassifier — sklearn.tree.DecisionTreeClassifier (splitter="best").

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/tree/detail/decision_tree_base.hpp"
#include "fepipe/tree/detail/tree_data.hpp"
#include "fepipe/tree/tree_options.hpp"

FEPIPE_NAMESPACE_BEGIN

/// A CART classification tree grown exactly as scikit-learn 1.2 grows it
/// (Gini or entropy; see DecisionTreeRegressor for the growth rules).
/// Targets are class labels 0..k-1, every class present, k >= 2.
///
/// Learns:
/// - `forest_`: one copy of the tree per class; copy k's leaves hold
///   P(class k) (weighted class counts over their sum), so predict_proba is
///   the forest's output and predict its first largest entry.
/// - `feature_importances_`, `max_features_`, `feature_names_in_`, `node_ids_`.
class DecisionTreeClassifier : public detail::DecisionTreeBase<DecisionTreeClassifier, ClassificationCriterion> {
  using Base = detail::DecisionTreeBase<DecisionTreeClassifier, ClassificationCriterion>;

 public:
  static constexpr std::string_view type_name = "DecisionTreeClassifier";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;
  static constexpr bool is_classifier = true;

  using Base::Base;

  /// Number of classes (0 before fit).
  std::size_t n_classes() const noexcept { return is_fitted() ? static_cast<std::size_t>(forest_.n_outputs) : 0; }

  Eigen::MatrixXd predict_proba(const Frame& X) const { return to_matrix(scores(X)); }
  Eigen::MatrixXd predict_proba(const Eigen::MatrixXd& X) const { return to_matrix(scores(X)); }
  /// The most probable class per row (the first on ties).
  Eigen::VectorXd predict(const Frame& X) const { return to_labels(scores(X)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const { return to_labels(scores(X)); }

  /// One record's class probabilities into `out` (n_classes() slots);
  /// allocation-free.
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    if (out.size() != n_classes())
      detail::throw_schema(type_name, "", "output span has " + std::to_string(out.size()) + " slots for " +
                                              std::to_string(n_classes()) + " classes");
    scores_row(row, out.data());
  }
  /// One record's most probable class; allocation-free.
  double predict_row(std::span<const Value> row) const {
    const std::size_t k = n_classes();
    return detail::with_scratch(k, [&](double* p) {
      scores_row(row, p);
      return static_cast<double>(detail::argmax(p, k));
    });
  }

 private:
  friend Base;
  friend detail::TreeModel<DecisionTreeClassifier>;

  static Eigen::MatrixXd to_matrix(const detail::RawScores& s) {
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        s.values.data(), static_cast<Eigen::Index>(s.rows), static_cast<Eigen::Index>(s.outputs));
  }
  static Eigen::VectorXd to_labels(const detail::RawScores& s) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(s.rows));
    for (std::size_t r = 0; r < s.rows; ++r)
      out[static_cast<Eigen::Index>(r)] = static_cast<double>(detail::argmax(s.values.data() + r * s.outputs, s.outputs));
    return out;
  }
};

static_assert(RowClassifier<DecisionTreeClassifier>);

FEPIPE_NAMESPACE_END
