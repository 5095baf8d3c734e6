#pragma once
/// @file
/// Classification metrics with scikit-learn's definitions.

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/metrics/regression.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Fraction of exact matches.
inline double accuracy_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_same_length(y_true, y_pred, "accuracy_score");
  Eigen::Index hits = 0;
  for (Eigen::Index i = 0; i < y_true.size(); ++i) hits += y_true[i] == y_pred[i];
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

/// Area under the ROC curve of binary labels (0/1) against scores; ties in
/// the scores count one half, as scikit-learn's trapezoidal rule does.
inline double roc_auc_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& score) {
  detail::check_same_length(y_true, score, "roc_auc_score");
  const auto n = static_cast<std::size_t>(y_true.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return score[static_cast<Eigen::Index>(a)] < score[static_cast<Eigen::Index>(b)];
  });
  // Mann–Whitney U with mid-ranks for ties.
  double pos = 0, neg = 0, rank_sum = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && score[static_cast<Eigen::Index>(order[j])] == score[static_cast<Eigen::Index>(order[i])]) ++j;
    const double mid_rank = (static_cast<double>(i) + static_cast<double>(j) + 1.0) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      const double y = y_true[static_cast<Eigen::Index>(order[k])];
      if (y != 0.0 && y != 1.0) detail::throw_data("roc_auc_score", "", "labels must be 0 or 1");
      if (y == 1.0) {
        pos += 1;
        rank_sum += mid_rank;
      } else {
        neg += 1;
      }
    }
    i = j;
  }
  if (pos == 0 || neg == 0) detail::throw_data("roc_auc_score", "", "needs both classes in y_true");
  return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg);
}

FEPIPE_NAMESPACE_END
