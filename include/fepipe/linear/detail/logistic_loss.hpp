#pragma once
/// @file
/// The objective scikit-learn 1.2's LogisticRegression(solver="lbfgs")
/// hands to L-BFGS-B (`LinearModelLoss.loss_gradient` with
/// `HalfBinomialLoss` or `HalfMultinomialLoss`):
///
///   f(w) = Σᵢ sᵢ·loss(yᵢ, Xᵢ·W + b) + ½·λ·‖W‖²      (λ = 1/C, b not penalised)
///
/// evaluated with the same arithmetic as scikit-learn on a reference-BLAS
/// numpy: every matrix product is a sequential sum in index order (dgemv /
/// dgemm / ddot), 1-D sums use numpy's blocked pairwise summation, column sums of
/// the (n × K) gradient are sequential, and the per-sample loss and
/// gradient follow `_loss.pyx` branch for branch. With the L-BFGS-B port
/// in lbfgs.hpp this reproduces scikit-learn's iterates, not just its
/// optimum, which matters when max_iter stops the solver early.
///
/// Parameter layout (scipy's flat vector): binary — [w₀ … w_{p−1}, b];
/// multinomial — W (K × (p+1)) ravelled in Fortran order, i.e. entry
/// (k, j) at j·K + k, intercepts last.

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// numpy's sum of a contiguous float64 array: the ufunc machinery feeds the
/// reduction 8192 elements (its buffer size) at a time, so the result is the
/// sequential sum of numpy's pairwise sums of 8192-element blocks
/// (detail::pairwise_sum alone matches numpy only up to 8192 elements).
inline double logistic_numpy_sum(const double* x, Eigen::Index n) noexcept {
  return pairwise_sum({x, static_cast<std::size_t>(n)});  // numpy's buffered pairwise sum
}

/// Σᵢ a[i]·b[i] in index order (reference ddot; a product's operand order
/// does not change its value).
inline double logistic_seq_dot(const double* a, const double* b, Eigen::Index n) noexcept {
  double s = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

/// out[c] = Σᵢ v[i]·X(i, c) for every column c, each a sequential sum over
/// rows. Four columns share one pass so the four dependency chains overlap
/// (the order inside each sum is unchanged).
inline void logistic_columns_dot(const Eigen::MatrixXd& X, const double* v, double* out) noexcept {
  const Eigen::Index n = X.rows(), p = X.cols();
  Eigen::Index c = 0;
  for (; c + 4 <= p; c += 4) {
    const double *x0 = X.col(c).data(), *x1 = X.col(c + 1).data(), *x2 = X.col(c + 2).data(),
                 *x3 = X.col(c + 3).data();
    double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      a0 += v[i] * x0[i];
      a1 += v[i] * x1[i];
      a2 += v[i] * x2[i];
      a3 += v[i] * x3[i];
    }
    out[c] = a0;
    out[c + 1] = a1;
    out[c + 2] = a2;
    out[c + 3] = a3;
  }
  for (; c < p; ++c) out[c] = logistic_seq_dot(v, X.col(c).data(), n);
}

/// Half binomial deviance (log loss) and its derivative in the raw score,
/// scikit-learn's `closs_grad_half_binomial` (stable on both signs).
struct LogisticLossGrad {
  double loss, grad;
};
inline LogisticLossGrad half_binomial_loss_grad(double y, double raw) noexcept {
  LogisticLossGrad lg;
  if (raw <= 0.0) {
    const double e = std::exp(raw);
    lg.loss = raw <= -37.0 ? e - y * raw : std::log1p(e) - y * raw;
    lg.grad = ((1.0 - y) * e - y) / (1.0 + e);
  } else {
    const double e = std::exp(-raw);
    lg.loss = raw <= 18.0 ? std::log1p(e) + (1.0 - y) * raw : e + (1.0 - y) * raw;
    lg.grad = ((1.0 - y) - y * e) / (1.0 + e);
  }
  return lg;
}

/// The logistic objective over a fixed design matrix; call it as
/// `double f = loss(w, grad)`. Holds references to X, y and the sample
/// weights (which must outlive it) and its own scratch buffers.
class LogisticLoss {
 public:
  /// `n_classes` = 2 → binary (one score), ≥ 3 → multinomial. `y` holds
  /// labels 0..n_classes−1 as doubles, `sample_weight` the final per-row
  /// weights (class weights already applied).
  LogisticLoss(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& sample_weight,
               int n_classes, double l2_reg_strength, bool fit_intercept)
      : X_(X),
        y_(y),
        sw_(sample_weight),
        k_(n_classes == 2 ? 1 : n_classes),
        l2_(l2_reg_strength),
        fit_intercept_(fit_intercept),
        raw_(X.rows(), k_),
        loss_(X.rows()),
        p_(k_) {}

  /// Length of the parameter vector.
  Eigen::Index n_params() const noexcept { return k_ * (X_.cols() + (fit_intercept_ ? 1 : 0)); }

  double operator()(const Eigen::VectorXd& w, Eigen::VectorXd& grad) {
    return k_ == 1 ? binary(w, grad) : multinomial(w, grad);
  }

 private:
  double binary(const Eigen::VectorXd& w, Eigen::VectorXd& grad) {
    const Eigen::Index n = X_.rows(), p = X_.cols();
    const double intercept = fit_intercept_ ? w[p] : 0.0;
    // raw = X @ weights + intercept: per row a sequential sum over features.
    auto raw = raw_.col(0);
    raw.setZero();
    for (Eigen::Index j = 0; j < p; ++j) raw += w[j] * X_.col(j);
    raw.array() += intercept;
    for (Eigen::Index i = 0; i < n; ++i) {
      const LogisticLossGrad lg = half_binomial_loss_grad(y_[i], raw[i]);
      loss_[i] = sw_[i] * lg.loss;
      raw[i] = sw_[i] * lg.grad;  // raw is reused for the pointwise gradient
    }
    double f = logistic_numpy_sum(loss_.data(), n);
    f += 0.5 * l2_ * logistic_seq_dot(w.data(), w.data(), p);
    logistic_columns_dot(X_, raw.data(), grad.data());
    for (Eigen::Index j = 0; j < p; ++j) grad[j] = grad[j] + l2_ * w[j];
    if (fit_intercept_) grad[p] = logistic_numpy_sum(raw.data(), n);
    return f;
  }

  double multinomial(const Eigen::VectorXd& w, Eigen::VectorXd& grad) {
    const Eigen::Index n = X_.rows(), p = X_.cols(), K = k_;
    auto W = [&](Eigen::Index k, Eigen::Index j) { return w[j * K + k]; };
    // raw = X @ W.T + intercept: per entry a sequential sum over features.
    raw_.setZero();
    for (Eigen::Index k = 0; k < K; ++k) {
      auto col = raw_.col(k);
      for (Eigen::Index j = 0; j < p; ++j) col += W(k, j) * X_.col(j);
      col.array() += fit_intercept_ ? W(k, p) : 0.0;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      // sum_exp_minus_max, then loss = log Σexp + max − raw[y], gradient
      // (softmax − onehot)·s, as in CyHalfMultinomialLoss.loss_gradient.
      double max_value = raw_(i, 0);
      for (Eigen::Index k = 1; k < K; ++k)
        if (max_value < raw_(i, k)) max_value = raw_(i, k);
      double sum_exps = 0.0;
      for (Eigen::Index k = 0; k < K; ++k) {
        p_[k] = std::exp(raw_(i, k) - max_value);
        sum_exps += p_[k];
      }
      double li = std::log(sum_exps) + max_value;
      const double yi = y_[i];
      for (Eigen::Index k = 0; k < K; ++k) {
        const bool hit = yi == static_cast<double>(k);
        if (hit) li -= raw_(i, k);
        p_[k] /= sum_exps;
        raw_(i, k) = (p_[k] - (hit ? 1.0 : 0.0)) * sw_[i];  // raw becomes the pointwise gradient
      }
      loss_[i] = li * sw_[i];
    }
    double f = logistic_numpy_sum(loss_.data(), n);
    // squared_norm(W[:, :p]) ravels in memory (Fortran) order: the first p·K
    // parameters, in sequence.
    f += 0.5 * l2_ * logistic_seq_dot(w.data(), w.data(), p * K);
    // grad[:, :p] = G.T @ X + λW (sequential over rows), grad[:, p] = Σ_rows G.
    for (Eigen::Index k = 0; k < K; ++k) {
      logistic_columns_dot(X_, raw_.col(k).data(), col_scratch(p));
      for (Eigen::Index j = 0; j < p; ++j) grad[j * K + k] = scratch_[j] + l2_ * W(k, j);
      if (fit_intercept_) {
        double s = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) s += raw_(i, k);
        grad[p * K + k] = s;
      }
    }
    return f;
  }

  double* col_scratch(Eigen::Index p) {
    if (scratch_.size() != p) scratch_.resize(p);
    return scratch_.data();
  }

  const Eigen::MatrixXd& X_;
  const Eigen::VectorXd& y_;
  const Eigen::VectorXd& sw_;
  Eigen::Index k_;  // score columns: 1 (binary) or K
  double l2_;
  bool fit_intercept_;
  Eigen::MatrixXd raw_;
  Eigen::VectorXd loss_;
  Eigen::VectorXd p_;
  Eigen::VectorXd scratch_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
