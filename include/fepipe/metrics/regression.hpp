#pragma once
/// @file
/// Regression metrics with scikit-learn 1.2.1's definitions. Means are
/// numpy's (pairwise summation), so results agree with scikit-learn to the
/// last bits or nearly. Inputs must be non-empty, of equal length and
/// finite (SchemaError / DataError naming the metric).

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {
inline void check_same_length(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const char* metric) {
  if (a.size() != b.size() || a.size() == 0)
    throw_schema(metric, "", "needs two non-empty vectors of the same length (got " + std::to_string(a.size()) +
                                 " and " + std::to_string(b.size()) + ")");
}

/// NaN or ±inf in `v` is a DataError naming the metric, the argument and the row.
inline void check_finite(const Eigen::VectorXd& v, const char* metric, const char* what) {
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      throw_data(metric, "", std::string(what) + " must be finite: " + value_at_row(v[i], static_cast<std::size_t>(i)));
}

/// Lengths, then finiteness of both: scikit-learn's check_array on a regression target.
inline void check_regression(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred, const char* metric) {
  check_same_length(y_true, y_pred, metric);
  check_finite(y_true, metric, "y_true");
  check_finite(y_pred, metric, "y_pred");
}

/// np.mean of f(i) for i in [0, n): numpy's pairwise sum over n.
template <class F>
double numpy_mean(std::size_t n, const F& f) {
  return pairwise_sum(0, n, f) / static_cast<double>(n);
}
}  // namespace detail

/// Mean squared error. Eigen's sum, not numpy's pairwise one: it can differ
/// from scikit-learn in the last bit, but DecisionTreeDiscretiser's grid
/// search scores (stored in its committed model-file fixtures) rest on it.
inline double mean_squared_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_squared_error");
  return (y_true - y_pred).squaredNorm() / static_cast<double>(y_true.size());
}

/// Root mean squared error.
inline double root_mean_squared_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

/// Coefficient of determination R² (1 − SS_res/SS_tot; scikit-learn gives
/// 1.0 for a perfect fit of a constant target, 0.0 otherwise).
inline double r2_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "r2_score");
  const double ss_res = (y_true - y_pred).squaredNorm();
  const double mean = y_true.mean();
  const double ss_tot = (y_true.array() - mean).matrix().squaredNorm();
  if (ss_tot == 0.0) return ss_res == 0.0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

/// Mean absolute error: mean |y_true − y_pred|.
inline double mean_absolute_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_absolute_error");
  return detail::numpy_mean(static_cast<std::size_t>(y_true.size()), [&](std::size_t i) {
    const auto k = static_cast<Eigen::Index>(i);
    return std::fabs(y_pred[k] - y_true[k]);
  });
}

/// Mean absolute percentage error as a fraction (not ×100): mean of
/// |y_true − y_pred| / max(|y_true|, DBL_EPSILON), so a zero target gives a
/// huge but finite term, as in scikit-learn.
inline double mean_absolute_percentage_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_absolute_percentage_error");
  constexpr double eps = std::numeric_limits<double>::epsilon();
  return detail::numpy_mean(static_cast<std::size_t>(y_true.size()), [&](std::size_t i) {
    const auto k = static_cast<Eigen::Index>(i);
    return std::fabs(y_pred[k] - y_true[k]) / std::max(std::fabs(y_true[k]), eps);
  });
}

/// Median of |y_true − y_pred| (np.median: the mean of the two middle values
/// for an even count).
inline double median_absolute_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "median_absolute_error");
  std::vector<double> err(static_cast<std::size_t>(y_true.size()));
  for (Eigen::Index i = 0; i < y_true.size(); ++i) err[static_cast<std::size_t>(i)] = std::fabs(y_pred[i] - y_true[i]);
  std::sort(err.begin(), err.end());
  return detail::median_sorted(err);
}

/// Explained variance 1 − Var(y_true − y_pred) / Var(y_true), with
/// scikit-learn's force_finite: 1.0 when both variances are 0, 0.0 when only
/// Var(y_true) is.
inline double explained_variance_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "explained_variance_score");
  const auto n = static_cast<std::size_t>(y_true.size());
  auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
  const double diff_avg = detail::numpy_mean(n, [&](std::size_t i) { return y_true[at(i)] - y_pred[at(i)]; });
  const double numerator = detail::numpy_mean(n, [&](std::size_t i) {
    const double d = y_true[at(i)] - y_pred[at(i)] - diff_avg;
    return d * d;
  });
  const double true_avg = detail::numpy_mean(n, [&](std::size_t i) { return y_true[at(i)]; });
  const double denominator = detail::numpy_mean(n, [&](std::size_t i) {
    const double d = y_true[at(i)] - true_avg;
    return d * d;
  });
  if (numerator == 0.0) return 1.0;
  if (denominator == 0.0) return 0.0;
  return 1.0 - numerator / denominator;
}

/// Largest absolute residual.
inline double max_error(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_regression(y_true, y_pred, "max_error");
  double m = 0.0;
  for (Eigen::Index i = 0; i < y_true.size(); ++i) m = std::max(m, std::fabs(y_true[i] - y_pred[i]));
  return m;
}

FEPIPE_NAMESPACE_END
