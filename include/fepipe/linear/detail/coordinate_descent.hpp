#pragma once
/// @file
/// scikit-learn's elastic-net coordinate descent (`enet_coordinate_descent`
/// of sklearn 1.2, the release Debian ships and the reference numbers come
/// from), step for step: residual updates, cyclic or xorshift-random order,
/// the max-update test and the duality-gap stop with tol scaled by ‖y‖².

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
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

// The solver's time is in the vector kernels below (dots of columns, and
// residual / Gram updates). scikit-learn calls BLAS (ddot, daxpy) for them,
// whose optimised kernels (OpenBLAS) sum a dot in several lanes, so no
// summation order is "the reference" one. Ours sum in four lanes, combined
// as (s0 + s1) + (s2 + s3), so the adds overlap instead of waiting on one
// chain; results agree with scikit-learn to ~1e-12 (tests/linear).
//
// The lanes are GCC/Clang vector extensions (plain scalars elsewhere, the
// same operations in the same order), not Eigen's packet code: Eigen's
// products and packet math use fused multiply-adds where the target has
// them (NEON, z/Architecture) whatever -ffp-contract says, and a fit must
// give the same bits on every platform (the aarch64 and s390x stages
// compare model files across hosts). Each lane is one IEEE multiply and one
// add, never fused (fepipe builds with -ffp-contract=off), so x86_64,
// aarch64 and s390x agree to the bit, and GCC's -O2 vectoriser, which
// leaves plain loops with a remainder scalar, still gets SIMD registers.
//
// Two-double vectors (16 bytes: SSE2, NEON and z/Architecture registers),
// two of them for the four lanes, loaded and stored with memcpy (any
// alignment) and kept local to each kernel (no function takes or returns
// one, which would raise GCC's ABI notes).
#if defined(__GNUC__) || defined(__clang__)
#define FEPIPE_CD_VECTOR_LANES 1
typedef double CdPair __attribute__((vector_size(2 * sizeof(double))));
#else
#define FEPIPE_CD_VECTOR_LANES 0
#endif

inline double dot(const double* a, const double* b, Eigen::Index n) noexcept {
  Eigen::Index i = 0;
  double l[4] = {0.0, 0.0, 0.0, 0.0};
#if FEPIPE_CD_VECTOR_LANES
  CdPair s01 = {0.0, 0.0}, s23 = {0.0, 0.0};
  for (; i + 4 <= n; i += 4) {
    CdPair a01, a23, b01, b23;
    std::memcpy(&a01, a + i, sizeof a01);
    std::memcpy(&a23, a + i + 2, sizeof a23);
    std::memcpy(&b01, b + i, sizeof b01);
    std::memcpy(&b23, b + i + 2, sizeof b23);
    s01 += a01 * b01;
    s23 += a23 * b23;
  }
  std::memcpy(l, &s01, sizeof s01);
  std::memcpy(l + 2, &s23, sizeof s23);
#else
  for (; i + 4 <= n; i += 4)
    for (int k = 0; k < 4; ++k) l[k] += a[i + k] * b[i + k];
#endif
  double tail = 0.0;
  for (; i < n; ++i) tail += a[i] * b[i];
  return ((l[0] + tail) + l[1]) + (l[2] + l[3]);
}

/// y += w·x (y and x never overlap). y − w·x is add_scaled with −w: the
/// same bits, as (−w)·x is −(w·x) exactly.
inline void add_scaled(double* y, const double* x, double w, Eigen::Index n) noexcept {
  Eigen::Index i = 0;
#if FEPIPE_CD_VECTOR_LANES
  for (; i + 2 <= n; i += 2) {
    CdPair yv, xv;
    std::memcpy(&yv, y + i, sizeof yv);
    std::memcpy(&xv, x + i, sizeof xv);
    yv += w * xv;
    std::memcpy(y + i, &yv, sizeof yv);
  }
#endif
  for (; i < n; ++i) y[i] += w * x[i];
}

/// R += w·x, then x·R: one pass over both vectors (the update and the dot
/// of a coordinate step read the same two columns); the same sums as
/// dot() over the updated R.
inline double add_then_dot(double* R, const double* x, double w, Eigen::Index n) noexcept {
  Eigen::Index i = 0;
  double l[4] = {0.0, 0.0, 0.0, 0.0};
#if FEPIPE_CD_VECTOR_LANES
  CdPair s01 = {0.0, 0.0}, s23 = {0.0, 0.0};
  for (; i + 4 <= n; i += 4) {
    CdPair x01, x23, r01, r23;
    std::memcpy(&x01, x + i, sizeof x01);
    std::memcpy(&x23, x + i + 2, sizeof x23);
    std::memcpy(&r01, R + i, sizeof r01);
    std::memcpy(&r23, R + i + 2, sizeof r23);
    r01 += w * x01;
    r23 += w * x23;
    std::memcpy(R + i, &r01, sizeof r01);
    std::memcpy(R + i + 2, &r23, sizeof r23);
    s01 += x01 * r01;
    s23 += x23 * r23;
  }
  std::memcpy(l, &s01, sizeof s01);
  std::memcpy(l + 2, &s23, sizeof s23);
#else
  for (; i + 4 <= n; i += 4)
    for (int k = 0; k < 4; ++k) {
      R[i + k] += w * x[i + k];
      l[k] += x[i + k] * R[i + k];
    }
#endif
  double tail = 0.0;
  for (; i < n; ++i) {
    R[i] += w * x[i];
    tail += x[i] * R[i];
  }
  return ((l[0] + tail) + l[1]) + (l[2] + l[3]);
}

/// The duality gap of the elastic-net problem at w with residual R = y − Xw
/// (scikit-learn's, XtA and dual_norm included).
inline double enet_duality_gap(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& R,
                               const Eigen::VectorXd& w, double l1, double l2, bool positive,
                               Eigen::VectorXd& XtA) {
  const Eigen::Index n = X.rows(), p = X.cols();
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
  return gap + l1 * l1_norm - c * dot(R.data(), y.data(), n) + 0.5 * l2 * (1.0 + c * c) * w_norm2;
}

/// The soft-thresholded coordinate update of scikit-learn's loop, from
/// t = x_j·(R + w_old·x_j).
inline double enet_update(double t, double l1, double l2, double norm_col, bool positive) noexcept {
  double w_new;
  if (positive && t < 0.0)
    w_new = 0.0;
  else
    w_new = std::copysign(1.0, t) * std::max(std::fabs(t) - l1, 0.0) / (norm_col + l2);
  if (t == 0.0) w_new = 0.0;  // fsign(0) is 0 in scikit-learn
  return w_new;
}

/// Minimises ½‖y − Xw‖² + l1‖w‖₁ + ½·l2‖w‖² over w (in/out, warm start).
/// X column-major, already centred if an intercept is fitted.
///
/// Two ways to compute the same iterates. scikit-learn's Lasso (precompute
/// = False) keeps the residual R = y − Xw and spends O(n) per coordinate
/// step: t = x_j·(R + w_old·x_j), then R −= (w_new − w_old)·x_j. With more
/// rows than columns (n > p, the usual case), the same t is
/// q_j − H_j + w_old·Q_jj with Q = XᵀX, q = Xᵀy and H = Qw kept up to date
/// in O(p) per changed coefficient: the same updates in the same order,
/// so the same coefficients up to rounding (~1e-12; tests/linear compares
/// both with scikit-learn), and the stopping test is unchanged: the
/// duality gap is computed, as scikit-learn does, from the true residual
/// y − Xw, formed only at the iterations that check it. Forming Q costs
/// p(p+1)/2 dots of n; a fit of the House Prices pipeline went from ~11.8 ms
/// to ~2 ms.
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

  const bool gram = n > p;
  Eigen::VectorXd R;
  auto residual = [&] {  // R = y − Xw, column by column
    R = y;
    for (Eigen::Index j = 0; j < p; ++j)
      if (w[j] != 0.0) add_scaled(R.data(), X.col(j).data(), -w[j], n);
  };
  Eigen::MatrixXd Q;
  Eigen::VectorXd q, H;
  if (gram) {
    // Q = XᵀX and q = Xᵀy by the lane dots (not Eigen's product kernels: see
    // the comment on the kernels above), H = Qw column by column.
    Q.resize(p, p);
    for (Eigen::Index j = 0; j < p; ++j)
      for (Eigen::Index i = j; i < p; ++i) Q(i, j) = Q(j, i) = dot(X.col(i).data(), X.col(j).data(), n);
    q.resize(p);
    for (Eigen::Index j = 0; j < p; ++j) q[j] = dot(X.col(j).data(), y.data(), n);
    H = Eigen::VectorXd::Zero(p);
    for (Eigen::Index j = 0; j < p; ++j)
      if (w[j] != 0.0) add_scaled(H.data(), Q.col(j).data(), w[j], p);
  } else {
    residual();
  }
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
      const double w_old = w[j];
      double w_new;
      if (gram) {
        w_new = enet_update(q[j] - H[j] + w_old * Q(j, j), l1, l2, norm_cols[j], positive);
        if (w_new != w_old) add_scaled(H.data(), Q.col(j).data(), w_new - w_old, p);
      } else {
        const double* xj = X.col(j).data();
        const double t = w_old != 0.0 ? add_then_dot(R.data(), xj, w_old, n) : dot(xj, R.data(), n);
        w_new = enet_update(t, l1, l2, norm_cols[j], positive);
        if (w_new != 0.0) add_scaled(R.data(), xj, -w_new, n);
      }
      w[j] = w_new;
      d_w_max = std::max(d_w_max, std::fabs(w_new - w_old));
      w_max = std::max(w_max, std::fabs(w_new));
    }
    res.n_iter = it + 1;
    if (w_max == 0.0 || d_w_max / w_max < d_w_tol || it == max_iter - 1) {
      if (gram) residual();  // the true residual, for the gap
      res.gap = enet_duality_gap(X, y, R, w, l1, l2, positive, XtA);
      if (res.gap < tol_eff) {
        res.converged = true;
        break;
      }
    }
  }
  return res;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
