#pragma once
/// @file
/// Regression metrics with scikit-learn's definitions.

#include <cmath>
#include <string>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {
inline void check_same_length(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const char* metric) {
  if (a.size() != b.size() || a.size() == 0)
    throw_schema(metric, "", "needs two non-empty vectors of the same length (got " + std::to_string(a.size()) +
                                 " and " + std::to_string(b.size()) + ")");
}
}  // namespace detail

/// Mean squared error.
inline double mean_squared_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_same_length(y_true, y_pred, "mean_squared_error");
  return (y_true - y_pred).squaredNorm() / static_cast<double>(y_true.size());
}

/// Root mean squared error.
inline double root_mean_squared_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

/// Coefficient of determination R² (1 − SS_res/SS_tot; scikit-learn gives
/// 1.0 for a perfect fit of a constant target, 0.0 otherwise).
inline double r2_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_same_length(y_true, y_pred, "r2_score");
  const double ss_res = (y_true - y_pred).squaredNorm();
  const double mean = y_true.mean();
  const double ss_tot = (y_true.array() - mean).matrix().squaredNorm();
  if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

FEPIPE_NAMESPACE_END
