#pragma once
/// @file
/// Yeo-Johnson and Box-Cox: the transforms, their profile log-likelihoods
/// and the maximum-likelihood lambda, as scipy.stats computes them.
///
/// Near its maximum the likelihood is flat to rounding over a window of
/// lambdas ~1e-7 wide, so the optimiser's path (and the lambda it stops at)
/// depends on the last bits of every likelihood it evaluates. To give
/// scipy's lambda itself, not just a point of that window, the likelihoods
/// are computed with scipy 1.10's arithmetic, operation for operation as
/// numpy performs it without its vectorised (AVX-512) exp/log/pow: libm
/// log and pow, numpy's `** p` shortcuts, pairwise sums, the two-pass
/// variance. Where that direct form overflows (|lambda| large enough that
/// x^lambda leaves the double range) the variance is taken in log space, as
/// current scipy does, instead of rejecting the lambda.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/transform/detail/scipy_minimize.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Which scipy optimiser finds the Yeo-Johnson lambda.
enum class LambdaOptimizer : std::uint8_t {
  /// scipy >= 1.12 (what users install today): fminbound on bounds that keep
  /// the transformed data inside the floating-point range.
  bounded,
  /// scipy < 1.12: Brent's method bracketed from (-2, 2).
  brent,
};
constexpr std::array<std::string_view, 2> enum_names(LambdaOptimizer) { return {"bounded", "brent"}; }

namespace detail {

inline constexpr double double_spacing_1 = std::numeric_limits<double>::epsilon();  // np.spacing(1.)

/// scipy.special.logsumexp of real values (max shift, pairwise sum).
inline double logsumexp(std::span<const double> a) {
  double m = -std::numeric_limits<double>::infinity();
  for (double v : a) m = std::max(m, v);
  if (!std::isfinite(m)) m = 0.0;
  const double s = pairwise_sum(0, a.size(), [&](std::size_t i) { return std::exp(a[i] - m); });
  return std::log(s) + m;
}

/// log(popvar(exp(u))) computed from u without leaving log space (scipy's
/// `_log_var`), so that lambdas at the optimiser's bounds cannot overflow.
inline double log_var_from_log(std::span<const double> u) {
  const double n = static_cast<double>(u.size());
  const double log_mean = logsumexp(u) - std::log(n);
  std::vector<double> two_log_dev(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    // log|e^u − e^log_mean| via the same max shift as a complex logsumexp.
    const double m = std::max(u[i], log_mean);
    const double diff = std::exp(u[i] - m) - std::exp(log_mean - m);
    two_log_dev[i] = 2.0 * (std::log(std::fabs(diff)) + m);
  }
  return logsumexp(two_log_dev) - std::log(n);
}

inline double population_variance(std::span<const double> x) { return nan_variance(x, 0); }

// --- Yeo-Johnson ---------------------------------------------------------

/// The Yeo-Johnson transform of one value (scipy's expm1/log1p form).
inline double yeo_johnson(double x, double lmbda) noexcept {
  if (x >= 0) {
    if (std::fabs(lmbda) < double_spacing_1) return std::log1p(x);
    return std::expm1(lmbda * std::log1p(x)) / lmbda;
  }
  if (std::fabs(lmbda - 2.0) > double_spacing_1) return -std::expm1((2.0 - lmbda) * std::log1p(-x)) / (2.0 - lmbda);
  return -std::log1p(-x);
}

/// feature-engine's inverse (exact comparisons with 0 and 2, as it does).
inline double inverse_yeo_johnson(double y, double lmbda) noexcept {
  if (y >= 0) {
    if (lmbda == 0) return std::exp(y) - 1.0;
    return std::pow(lmbda * y + 1.0, 1.0 / lmbda) - 1.0;
  }
  if (lmbda == 2) return 1.0 - std::exp(-y);
  return 1.0 - std::pow(-(2.0 - lmbda) * y + 1.0, 1.0 / (2.0 - lmbda));
}

/// The Yeo-Johnson transform in scipy 1.10's power form, which its
/// log-likelihood evaluates (the transform output uses the expm1 form).
inline double yeo_johnson_power_form(double x, double lmbda) noexcept {
  if (x >= 0) {
    if (std::fabs(lmbda) < double_spacing_1) return std::log1p(x);
    return (std::pow(x + 1.0, lmbda) - 1.0) / lmbda;
  }
  if (std::fabs(lmbda - 2.0) > double_spacing_1) return -(std::pow(-x + 1.0, 2.0 - lmbda) - 1.0) / (2.0 - lmbda);
  return -std::log1p(-x);
}

/// scipy.stats.yeojohnson_llf (scipy 1.10 arithmetic; see the file comment)
/// as a function of lambda for fixed data. What does not depend on lambda
/// (the signed-log sum, the data's signs) is computed once: the optimiser
/// evaluates the likelihood some 40 times. +inf when the transformed
/// variance is below DBL_MIN, as scipy; -inf when it overflows for
/// mixed-sign data.
class YeoJohnsonLikelihood {
 public:
  explicit YeoJohnsonLikelihood(std::span<const double> x) : x_(x), work_(x.size()) {
    for (double v : x) {
      all_pos_ = all_pos_ && v >= 0;
      all_neg_ = all_neg_ && v < 0;
    }
    signed_log_ = pairwise_sum(0, x.size(), [&](std::size_t i) {
      const double s = x[i] > 0 ? 1.0 : x[i] < 0 ? -1.0 : 0.0;
      return s * std::log(std::fabs(x[i]) + 1.0);
    });
  }

  double operator()(double lmbda) {
    for (std::size_t i = 0; i < x_.size(); ++i) work_[i] = yeo_johnson_power_form(x_[i], lmbda);
    const double var = population_variance(work_);
    double log_var;
    if (std::isfinite(var)) {
      if (var < std::numeric_limits<double>::min()) return std::numeric_limits<double>::infinity();
      log_var = std::log(var);
    } else {
      if (!all_pos_ && !all_neg_) return -std::numeric_limits<double>::infinity();
      log_var = log_var_one_sign(lmbda);
    }
    return -static_cast<double>(x_.size()) / 2.0 * log_var + (lmbda - 1.0) * signed_log_;
  }

 private:
  /// log popvar of the transform without forming it, for data of one sign
  /// (the only case where the direct variance can overflow while the
  /// log-space one cannot).
  double log_var_one_sign(double lmbda) {
    const double power = all_pos_ ? lmbda : 2.0 - lmbda;
    for (std::size_t i = 0; i < x_.size(); ++i) work_[i] = power * std::log1p(all_pos_ ? x_[i] : -x_[i]);
    return log_var_from_log(work_) - 2.0 * std::log(std::fabs(power));
  }

  std::span<const double> x_;
  std::vector<double> work_;
  double signed_log_ = 0;
  bool all_pos_ = true, all_neg_ = true;
};

/// One evaluation of YeoJohnsonLikelihood.
inline double yeo_johnson_llf(std::span<const double> x, double lmbda) { return YeoJohnsonLikelihood(x)(lmbda); }

/// scipy.stats.yeojohnson_normmax: the lambda maximising the likelihood.
/// Precondition: x non-empty and finite.
inline double yeo_johnson_normmax(std::span<const double> x, LambdaOptimizer optimizer) {
  bool all_zero = true;
  for (double v : x) all_zero = all_zero && v == 0;
  if (all_zero) return 1.0;
  YeoJohnsonLikelihood likelihood(x);
  auto neg_llf = [&](double lmbda) {
    const double llf = likelihood(lmbda);
    // Infinite likelihoods come from a vanishing variance: reject them.
    return std::isinf(llf) ? std::numeric_limits<double>::infinity() : -llf;
  };
  if (optimizer == LambdaOptimizer::brent) return scipy_brent(neg_llf, -2.0, 2.0);
  double max_abs = 0;
  bool any_neg = false, all_neg = true;
  for (double v : x) {
    max_abs = std::max(max_abs, std::fabs(v));
    any_neg = any_neg || v < 0;
    all_neg = all_neg && v < 0;
  }
  const double log1p_max_x = std::log1p(20.0 * max_abs);
  const double log_eps = std::log(std::numeric_limits<double>::epsilon());
  const double log_tiny = (std::log(std::numeric_limits<double>::min()) - log_eps) / 2.0;
  const double log_max = (std::log(std::numeric_limits<double>::max()) + log_eps) / 2.0;
  double lb = log_tiny / log1p_max_x, ub = log_max / log1p_max_x;
  if (all_neg) {
    const double lo = 2.0 - ub, hi = 2.0 - lb;
    lb = lo;
    ub = hi;
  } else if (any_neg) {
    const double lo = std::max(2.0 - ub, lb), hi = std::min(2.0 - lb, ub);
    lb = lo;
    ub = hi;
  }
  return scipy_fminbound(neg_llf, lb, ub, 1.48e-8);
}

// --- Box-Cox ---------------------------------------------------------------

/// scipy.special.boxcox for x > 0.
inline double box_cox(double x, double lmbda) noexcept {
  if (std::fabs(lmbda) < 1e-19) return std::log(x);
  return std::expm1(lmbda * std::log(x)) / lmbda;
}

/// scipy.special.inv_boxcox.
inline double inverse_box_cox(double y, double lmbda) noexcept {
  if (lmbda == 0) return std::exp(y);
  return std::exp(std::log1p(lmbda * y) / lmbda);
}

/// numpy's `array ** p` for a float scalar p: numpy swaps in exact
/// operations for five exponents instead of calling pow.
inline double numpy_scalar_power(double x, double p) noexcept {
  if (p == 2.0) return x * x;
  if (p == 1.0) return x;
  if (p == 0.5) return std::sqrt(x);
  if (p == -1.0) return 1.0 / x;
  if (p == 0.0) return 1.0;
  return std::pow(x, p);
}

/// scipy.stats.boxcox_llf for positive data (scipy 1.10 arithmetic; see the
/// file comment) as a function of lambda for fixed data; the logs and their
/// sum are taken once for the optimiser's ~40 evaluations.
class BoxCoxLikelihood {
 public:
  explicit BoxCoxLikelihood(std::span<const double> x) : x_(x), log_x_(x.size()), work_(x.size()) {
    for (std::size_t i = 0; i < x.size(); ++i) log_x_[i] = std::log(x[i]);
    sum_log_ = pairwise_sum(log_x_);
  }

  double operator()(double lmbda) {
    double log_var;
    if (lmbda == 0) {
      log_var = std::log(population_variance(log_x_));
    } else {
      for (std::size_t i = 0; i < x_.size(); ++i) work_[i] = numpy_scalar_power(x_[i], lmbda) / lmbda;
      const double var = population_variance(work_);
      if (std::isfinite(var) && var >= std::numeric_limits<double>::min()) {
        log_var = std::log(var);
      } else {
        for (std::size_t i = 0; i < x_.size(); ++i) work_[i] = lmbda * log_x_[i];
        log_var = log_var_from_log(work_) - 2.0 * std::log(std::fabs(lmbda));
      }
    }
    return (lmbda - 1.0) * sum_log_ - static_cast<double>(x_.size()) / 2.0 * log_var;
  }

 private:
  std::span<const double> x_;
  std::vector<double> log_x_, work_;
  double sum_log_ = 0;
};

/// One evaluation of BoxCoxLikelihood.
inline double box_cox_llf(std::span<const double> x, double lmbda) { return BoxCoxLikelihood(x)(lmbda); }

/// scipy.stats.boxcox_normmax(method='mle'): Brent from the bracket (-2, 2).
/// Precondition: x positive, finite, not constant.
inline double box_cox_normmax(std::span<const double> x) {
  BoxCoxLikelihood likelihood(x);
  return scipy_brent([&](double lmbda) { return -likelihood(lmbda); }, -2.0, 2.0);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
