#pragma once
/// @file
/// The losses of histogram gradient boosting, written as scikit-learn 1.2's
/// `sklearn._loss` computes them (same formulas, same order of operations,
/// gradients and hessians computed in double and stored as float32), so
/// that the trees grown from them are the reference's trees.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

enum class HistLossKind : std::uint8_t { squared_error, absolute_error, poisson, quantile, binary_log_loss, multinomial };

struct HistLoss {
  HistLossKind kind = HistLossKind::squared_error;
  double quantile = 0.5;  // pinball loss only
  std::size_t n_outputs = 1;

  /// Hessians identically 1 (no sample weights): the grower counts rows
  /// instead of summing hessians.
  bool constant_hessian() const noexcept {
    return kind == HistLossKind::squared_error || kind == HistLossKind::absolute_error ||
           kind == HistLossKind::quantile;
  }
  /// Leaves are re-fitted to the residuals after growth (non-smooth losses).
  bool updates_leaves() const noexcept {
    return kind == HistLossKind::absolute_error || kind == HistLossKind::quantile;
  }

  /// np.mean / np.average of a 1-D array: numpy's buffered reduction adds
  /// pairwise sums of 8192-value blocks (np.sum of the same array would be
  /// one pairwise sum; the two differ in the last bit beyond 8192 rows).
  static double numpy_mean(std::span<const double> v) {
    return pairwise_sum(0, v.size(), [&](std::size_t i) { return v[i]; }) / static_cast<double>(v.size());
  }

  /// `fit_intercept_only`: the raw prediction of the best constant model.
  std::vector<double> baseline(std::span<const double> y) const {
    const double n = static_cast<double>(y.size());
    switch (kind) {
      case HistLossKind::squared_error: return {numpy_mean(y)};
      case HistLossKind::absolute_error: {
        std::vector<double> v(y.begin(), y.end());
        std::sort(v.begin(), v.end());
        return {median_sorted(v)};
      }
      case HistLossKind::quantile: {
        std::vector<double> v(y.begin(), y.end());
        std::sort(v.begin(), v.end());
        return {linear_quantile_sorted(v, percentile_fraction())};
      }
      case HistLossKind::poisson: {
        // log link: the mean clipped to (0 + 10·eps, inf).
        const double lo = 10 * std::numeric_limits<double>::epsilon();
        return {std::log(std::max(numpy_mean(y), lo))};
      }
      case HistLossKind::binary_log_loss: {
        const double eps = 10 * std::numeric_limits<double>::epsilon();
        const double p = std::clamp(numpy_mean(y), eps, 1 - eps);
        return {std::log(p / (1 - p))};  // scipy's logit
      }
      case HistLossKind::multinomial: {
        // Class frequencies clipped to [eps, 1 − eps], then the symmetric
        // multinomial logit: log(p_k / gmean(p)).
        const double eps = std::numeric_limits<double>::epsilon();
        std::vector<double> p(n_outputs, 0.0), logp(n_outputs);
        std::vector<double> counts(n_outputs, 0.0);
        for (double v : y) counts[static_cast<std::size_t>(v)] += 1.0;
        for (std::size_t k = 0; k < n_outputs; ++k) {
          p[k] = std::clamp(counts[k] / n, eps, 1 - eps);
          logp[k] = std::log(p[k]);
        }
        const double gm = std::exp(pairwise_sum(logp) / static_cast<double>(n_outputs));
        for (std::size_t k = 0; k < n_outputs; ++k) p[k] = std::log(p[k] / gm);
        return p;
      }
    }
    return {};
  }

  /// np.percentile(y, 100·q) divides by 100 again: the fraction it uses.
  double percentile_fraction() const noexcept { return (100.0 * quantile) / 100.0; }

  /// Gradients (and hessians unless constant) of rows [begin, end).
  /// raw, grad and hess are column-major n × n_outputs.
  void gradients(std::span<const double> y, const double* raw, float* grad, float* hess, std::size_t n,
                 std::size_t begin, std::size_t end) const noexcept {
    switch (kind) {
      case HistLossKind::squared_error:
        for (std::size_t i = begin; i < end; ++i) grad[i] = static_cast<float>(raw[i] - y[i]);
        break;
      case HistLossKind::absolute_error:
        for (std::size_t i = begin; i < end; ++i) grad[i] = raw[i] > y[i] ? 1.0f : -1.0f;
        break;
      case HistLossKind::quantile:
        for (std::size_t i = begin; i < end; ++i)
          grad[i] = static_cast<float>(y[i] >= raw[i] ? -quantile : 1.0 - quantile);
        break;
      case HistLossKind::poisson:
        for (std::size_t i = begin; i < end; ++i) {
          const double h = std::exp(raw[i]);
          grad[i] = static_cast<float>(h - y[i]);
          hess[i] = static_cast<float>(h);
        }
        break;
      case HistLossKind::binary_log_loss:
        for (std::size_t i = begin; i < end; ++i) {
          const double e = std::exp(-raw[i]);
          grad[i] = static_cast<float>(((1 - y[i]) - y[i] * e) / (1 + e));
          hess[i] = static_cast<float>(e / ((1 + e) * (1 + e)));
        }
        break;
      case HistLossKind::multinomial: {
        const std::size_t K = n_outputs;
        double p[max_classes_on_stack];
        std::vector<double> heap;
        double* pk = p;
        if (K > max_classes_on_stack) {
          heap.resize(K);
          pk = heap.data();
        }
        for (std::size_t i = begin; i < end; ++i) {
          const double sum = softmax_terms(raw + i, n, K, pk);
          const double yi = y[i];
          for (std::size_t k = 0; k < K; ++k) {
            const double pr = pk[k] / sum;
            grad[k * n + i] = static_cast<float>(pr - (yi == static_cast<double>(k) ? 1.0 : 0.0));
            hess[k * n + i] = static_cast<float>(pr * (1. - pr));
          }
        }
        break;
      }
    }
  }

  /// Pointwise loss of row i (raw column-major with stride n).
  double pointwise(double yi, const double* raw_i, std::size_t n) const noexcept {
    const double r = raw_i[0];
    switch (kind) {
      case HistLossKind::squared_error: return 0.5 * (r - yi) * (r - yi);
      case HistLossKind::absolute_error: return std::fabs(r - yi);
      case HistLossKind::quantile: return yi >= r ? quantile * (yi - r) : (1. - quantile) * (r - yi);
      case HistLossKind::poisson: return std::exp(r) - yi * r;
      case HistLossKind::binary_log_loss: return log1pexp(r) - yi * r;
      case HistLossKind::multinomial: {
        // log(sum exp(r_k − max)) + max − r_y, accumulated as the reference.
        double max_value = raw_i[0];
        for (std::size_t k = 1; k < n_outputs; ++k) max_value = std::max(max_value, raw_i[k * n]);
        double sum = 0.0;
        for (std::size_t k = 0; k < n_outputs; ++k) sum += std::exp(raw_i[k * n] - max_value);
        double out = std::log(sum) + max_value;
        for (std::size_t k = 0; k < n_outputs; ++k)
          if (yi == static_cast<double>(k)) out -= raw_i[k * n];
        return out;
      }
    }
    return 0.0;
  }

  /// Mean loss over rows (np.average of the pointwise losses).
  double mean_loss(std::span<const double> y, const double* raw, std::vector<double>& buffer) const {
    const std::size_t n = y.size();
    buffer.resize(n);
    for (std::size_t i = 0; i < n; ++i) buffer[i] = pointwise(y[i], raw + i, n);
    return numpy_mean(buffer);
  }

  static constexpr std::size_t max_classes_on_stack = 64;

  /// exp(r_k − max) for every class into p; returns their sum (the
  /// reference's sum_exp_minus_max, summed in class order).
  static double softmax_terms(const double* raw_i, std::size_t stride, std::size_t K, double* p) noexcept {
    double max_value = raw_i[0];
    for (std::size_t k = 1; k < K; ++k)
      if (max_value < raw_i[k * stride]) max_value = raw_i[k * stride];
    double sum = 0.0;
    for (std::size_t k = 0; k < K; ++k) {
      p[k] = std::exp(raw_i[k * stride] - max_value);
      sum += p[k];
    }
    return sum;
  }

  /// log(1 + exp(x)) without overflow, with the reference's branch points.
  static double log1pexp(double x) noexcept {
    if (x <= -37) return std::exp(x);
    if (x <= 18) return std::log1p(std::exp(x));
    if (x <= 33.3) return x + std::exp(-x);
    return x;
  }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
