#pragma once
/// @file
/// scikit-learn's elastic-net coordinate descent (`enet_coordinate_descent`
/// of sklearn 1.2, the release Debian ships and the reference numbers come
/// from), step for step: residual updates, cyclic or xorshift-random order,
/// the max-update test and the duality-gap stop with tol scaled by ‖y‖².

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/numpy_random.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

struct CdResult {
  double gap = 0.0;      // unscaled duality gap at the stop
  double tol = 0.0;      // the gap tolerance used (tol · y·y)
  int n_iter = 0;        // epochs run
  bool converged = false;
};

inline double dot(const double* a, const double* b, Eigen::Index n) noexcept {
  double s = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

/// Minimises ½‖y − Xw‖² + l1‖w‖₁ + ½·l2‖w‖² over w (in/out, warm start).
/// X column-major, already centred if an intercept is fitted.
inline CdResult enet_coordinate_descent(Eigen::VectorXd& w, double l1, double l2, const Eigen::MatrixXd& X,
                                        const Eigen::VectorXd& y, int max_iter, double tol, bool positive,
                                        bool random, NumpyRandomState& rng) {
  const Eigen::Index n = X.rows(), p = X.cols();
  Eigen::VectorXd norm_cols(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double* c = X.col(j).data();
    norm_cols[j] = pairwise_sum(0, static_cast<std::size_t>(n), [&](std::size_t i) { return c[i] * c[i]; });
  }
  // scikit-learn draws this seed even in cyclic mode; keep the stream aligned.
  SklearnRandR rand_r(static_cast<std::uint32_t>(numpy_randint(rng, 0, SklearnRandR::rand_r_max)));

  Eigen::VectorXd R = y;
  for (Eigen::Index j = 0; j < p; ++j)
    if (w[j] != 0.0) R.noalias() -= w[j] * X.col(j);
  const double tol_eff = tol * dot(y.data(), y.data(), n);
  const double d_w_tol = tol;
  Eigen::VectorXd XtA(p);

  CdResult res;
  res.tol = tol_eff;
  res.gap = tol_eff + 1.0;
  for (int it = 0; it < max_iter; ++it) {
    double w_max = 0.0, d_w_max = 0.0;
    for (Eigen::Index f = 0; f < p; ++f) {
      const Eigen::Index j = random ? static_cast<Eigen::Index>(rand_r.below(static_cast<std::uint32_t>(p))) : f;
      if (norm_cols[j] == 0.0) continue;
      const double* xj = X.col(j).data();
      const double w_old = w[j];
      if (w_old != 0.0)
        for (Eigen::Index i = 0; i < n; ++i) R[i] += w_old * xj[i];
      const double t = dot(xj, R.data(), n);
      double w_new;
      if (positive && t < 0.0)
        w_new = 0.0;
      else
        w_new = std::copysign(1.0, t) * std::max(std::fabs(t) - l1, 0.0) / (norm_cols[j] + l2);
      if (t == 0.0) w_new = 0.0;  // fsign(0) is 0 in scikit-learn
      w[j] = w_new;
      if (w_new != 0.0)
        for (Eigen::Index i = 0; i < n; ++i) R[i] -= w_new * xj[i];
      d_w_max = std::max(d_w_max, std::fabs(w_new - w_old));
      w_max = std::max(w_max, std::fabs(w_new));
    }
    res.n_iter = it + 1;
    if (w_max == 0.0 || d_w_max / w_max < d_w_tol || it == max_iter - 1) {
      for (Eigen::Index j = 0; j < p; ++j) XtA[j] = dot(X.col(j).data(), R.data(), n) - l2 * w[j];
      double dual_norm = positive ? -std::numeric_limits<double>::infinity() : 0.0;
      for (Eigen::Index j = 0; j < p; ++j) dual_norm = std::max(dual_norm, positive ? XtA[j] : std::fabs(XtA[j]));
      const double r_norm2 = dot(R.data(), R.data(), n);
      const double w_norm2 = dot(w.data(), w.data(), p);
      double c, gap;
      if (dual_norm > l1) {
        c = l1 / dual_norm;
        gap = 0.5 * (r_norm2 + r_norm2 * c * c);
      } else {
        c = 1.0;
        gap = r_norm2;
      }
      double l1_norm = 0.0;
      for (Eigen::Index j = 0; j < p; ++j) l1_norm += std::fabs(w[j]);
      gap += l1 * l1_norm - c * dot(R.data(), y.data(), n) + 0.5 * l2 * (1.0 + c * c) * w_norm2;
      res.gap = gap;
      if (gap < tol_eff) {
        res.converged = true;
        break;
      }
    }
  }
  return res;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
