#pragma once
/// @file
/// The loss functions of scikit-learn 1.2's gradient boosting
/// (sklearn/ensemble/_gb_losses.py): initial raw prediction, negative
/// gradient, leaf values (the line search each loss does after a tree is
/// grown) and the loss reported in train_score_ / used for early stopping.
///
/// 1.2 differs from later releases in ways that change numbers: the
/// multinomial init is ln p_k (not centred), y == F gives a gradient of −1
/// for absolute_error and alpha − 1 for quantile, and the Huber leaf value
/// adds an unweighted mean. Sums are numpy's pairwise sums over the same
/// elements in the same order.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/tree/detail/cart_builder.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

enum class GbLossKind : std::uint8_t {
  squared_error,
  absolute_error,
  huber,
  quantile,
  binomial_deviance,
  multinomial_deviance,
  exponential
};

/// Raw predictions F: n rows × K outputs, row-major.
struct GbRaw {
  std::vector<double> v;
  std::size_t n = 0, K = 1;
  GbRaw() = default;
  GbRaw(std::size_t rows, std::size_t k, std::span<const double> init) : v(rows * k), n(rows), K(k) {
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < k; ++j) v[i * k + j] = init[j];
  }
  double& at(std::size_t i, std::size_t k) noexcept { return v[i * K + k]; }
  double at(std::size_t i, std::size_t k) const noexcept { return v[i * K + k]; }
  const double* row(std::size_t i) const noexcept { return v.data() + i * K; }
};

/// scikit-learn's _weighted_percentile (the "lower" percentile): the first
/// value, in ascending order, whose cumulative weight reaches pct/100 of the
/// total. `pct` is passed as the caller computes it (e.g. alpha * 100).
inline double weighted_percentile(std::span<const double> x, std::span<const double> w, double pct) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties hold equal values, so their order cannot change the result.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> cdf(x.size());
  double acc = 0.0;
  for (std::size_t i = 0; i < order.size(); ++i) cdf[i] = acc += w[order[i]];
  double target = pct / 100 * cdf.back();
  // pct = 0 skips leading zero weights (scikit-learn GH20528).
  if (target == 0) target = std::nextafter(target, target + 1);
  auto idx = static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), target) - cdf.begin());
  idx = std::min(idx, x.size() - 1);
  return x[order[idx]];
}

/// numpy's np.percentile(x, q) with q given in percent (linear method).
inline double numpy_percentile(std::span<const double> x, double q_percent) {
  std::vector<double> v(x.begin(), x.end());
  std::sort(v.begin(), v.end());
  return linear_quantile_sorted(v, q_percent / 100);
}

inline double expit(double x) noexcept { return 1 / (1 + std::exp(-x)); }

/// numpy's logaddexp(0, x).
inline double logaddexp0(double x) noexcept {
  if (x == 0) return std::log(2.0);
  const double tmp = -x;
  if (tmp > 0) return std::log1p(std::exp(-tmp));
  return x + std::log1p(std::exp(tmp));
}

/// scipy's logsumexp over one row of K raw values.
inline double logsumexp(const double* a, std::size_t K) noexcept {
  double a_max = *std::max_element(a, a + K);
  if (!std::isfinite(a_max)) a_max = 0;
  const double s = pairwise_sum(0, K, [&](std::size_t k) { return std::exp(a[k] - a_max); });
  return std::log(s) + a_max;
}

inline double nan_to_num(double x) noexcept {
  if (std::isnan(x)) return 0.0;
  if (std::isinf(x)) return x > 0 ? std::numeric_limits<double>::max() : std::numeric_limits<double>::lowest();
  return x;
}

class GbLoss {
 public:
  GbLoss(GbLossKind kind, double alpha, std::size_t n_classes) : kind_(kind), alpha_(alpha), n_classes_(n_classes) {}

  GbLossKind kind() const noexcept { return kind_; }
  bool multi_class() const noexcept { return kind_ == GbLossKind::multinomial_deviance; }
  /// Trees per boosting stage: K for multinomial, else 1.
  std::size_t trees_per_iteration() const noexcept { return multi_class() ? n_classes_ : 1; }
  bool is_classification() const noexcept {
    return kind_ == GbLossKind::binomial_deviance || kind_ == GbLossKind::multinomial_deviance ||
           kind_ == GbLossKind::exponential;
  }
  /// Huber's δ once a gradient has been computed.
  std::optional<double> gamma() const noexcept { return gamma_; }

  /// The init estimator's raw prediction (DummyRegressor / DummyClassifier
  /// through the loss's link). `weight` is null when the caller passed no
  /// sample weights: scikit-learn then fits the init estimator unweighted.
  std::vector<double> init_raw(std::span<const double> y, const double* weight) const {
    const std::size_t n = y.size();
    switch (kind_) {
      case GbLossKind::squared_error:
        if (!weight) return {pairwise_sum(y) / static_cast<double>(n)};
        return {pairwise_sum(0, n, [&](std::size_t i) { return y[i] * weight[i]; }) / pairwise_sum({weight, n})};
      case GbLossKind::absolute_error:
      case GbLossKind::huber:
        return {weight ? weighted_percentile(y, {weight, n}, 50.0) : numpy_percentile(y, 0.5 * 100.0)};
      case GbLossKind::quantile:
        return {weight ? weighted_percentile(y, {weight, n}, alpha_ * 100.0) : numpy_percentile(y, alpha_ * 100.0)};
      default:
        break;
    }
    const std::vector<double> prior = class_prior(y, weight);
    const double eps = static_cast<double>(std::numeric_limits<float>::epsilon());
    const auto clip = [&](double p) { return std::clamp(p, eps, 1 - eps); };
    if (kind_ == GbLossKind::multinomial_deviance) {
      std::vector<double> out(n_classes_);
      for (std::size_t k = 0; k < n_classes_; ++k) out[k] = std::log(clip(prior[k]));
      return out;
    }
    const double p = clip(prior[1]);
    const double logit = std::log(p / (1 - p));
    return {kind_ == GbLossKind::exponential ? 0.5 * logit : logit};
  }

  /// Negative gradient for output k at the current raw predictions, into
  /// out[0..n). For multinomial, y is the 0/1 indicator of class k.
  void negative_gradient(std::span<const double> y, const GbRaw& raw, std::size_t k, std::span<const double> sw,
                         std::span<double> out) {
    const std::size_t n = y.size();
    switch (kind_) {
      case GbLossKind::squared_error:
        for (std::size_t i = 0; i < n; ++i) out[i] = y[i] - raw.at(i, 0);
        return;
      case GbLossKind::absolute_error:
        for (std::size_t i = 0; i < n; ++i) out[i] = y[i] - raw.at(i, 0) > 0 ? 1.0 : -1.0;
        return;
      case GbLossKind::huber: {
        std::vector<double> abs_diff(n);
        for (std::size_t i = 0; i < n; ++i) abs_diff[i] = std::fabs(y[i] - raw.at(i, 0));
        const double g = weighted_percentile(abs_diff, sw, alpha_ * 100);
        for (std::size_t i = 0; i < n; ++i) {
          const double diff = y[i] - raw.at(i, 0);
          out[i] = std::fabs(diff) <= g ? diff : g * sign(diff);
        }
        gamma_ = g;
        return;
      }
      case GbLossKind::quantile:
        for (std::size_t i = 0; i < n; ++i) out[i] = y[i] > raw.at(i, 0) ? alpha_ : -(1 - alpha_);
        return;
      case GbLossKind::binomial_deviance:
        for (std::size_t i = 0; i < n; ++i) out[i] = y[i] - expit(raw.at(i, 0));
        return;
      case GbLossKind::multinomial_deviance:
        for (std::size_t i = 0; i < n; ++i)
          out[i] = y[i] - nan_to_num(std::exp(raw.at(i, k) - logsumexp(raw.row(i), raw.K)));
        return;
      case GbLossKind::exponential:
        for (std::size_t i = 0; i < n; ++i) {
          const double s = 2.0 * y[i] - 1.0;
          out[i] = s * std::exp(-s * raw.at(i, 0));
        }
        return;
    }
  }

  /// Replaces the leaf values of `tree` by the loss's line search over the
  /// in-bag rows of each leaf (`leaf_rows[leaf]`, ascending), as
  /// _update_terminal_region does. Squared error keeps the tree's means.
  void update_leaves(CartTree& tree, const std::vector<std::vector<std::size_t>>& leaf_rows,
                     std::span<const double> y, std::span<const double> residual, const GbRaw& raw,
                     std::span<const double> sw) const {
    if (kind_ == GbLossKind::squared_error) return;
    std::vector<double> a, b, w;
    for (std::size_t leaf = 0; leaf < tree.node_count(); ++leaf) {
      if (!tree.is_leaf(leaf)) continue;
      const std::vector<std::size_t>& rows = leaf_rows[leaf];
      const std::size_t m = rows.size();
      // Every leaf holds an in-bag row by construction; keep the tree's
      // value rather than divide by zero should that ever not hold.
      if (m == 0) continue;
      const auto sum = [&](auto&& term) { return pairwise_sum(0, m, [&](std::size_t j) { return term(rows[j]); }); };
      a.resize(m);
      w.resize(m);
      for (std::size_t j = 0; j < m; ++j) w[j] = sw[rows[j]];
      double value = 0.0;
      switch (kind_) {
        case GbLossKind::absolute_error:
        case GbLossKind::quantile: {
          for (std::size_t j = 0; j < m; ++j) a[j] = y[rows[j]] - raw.at(rows[j], 0);
          value = weighted_percentile(a, w, kind_ == GbLossKind::quantile ? alpha_ * 100 : 50);
          break;
        }
        case GbLossKind::huber: {
          for (std::size_t j = 0; j < m; ++j) a[j] = y[rows[j]] - raw.at(rows[j], 0);
          const double median = weighted_percentile(a, w, 50);
          const double g = *gamma_;
          b.resize(m);
          for (std::size_t j = 0; j < m; ++j) {
            const double d = a[j] - median;
            b[j] = sign(d) * std::min(std::fabs(d), g);
          }
          value = median + pairwise_sum(b) / static_cast<double>(m);
          break;
        }
        case GbLossKind::binomial_deviance:
        case GbLossKind::multinomial_deviance: {
          double numerator = sum([&](std::size_t i) { return sw[i] * residual[i]; });
          if (multi_class())
            numerator *= static_cast<double>(n_classes_ - 1) / static_cast<double>(n_classes_);
          const double denominator =
              sum([&](std::size_t i) { return sw[i] * (y[i] - residual[i]) * (1 - y[i] + residual[i]); });
          value = std::fabs(denominator) < 1e-150 ? 0.0 : numerator / denominator;
          break;
        }
        case GbLossKind::exponential: {
          const double numerator = sum([&](std::size_t i) {
            const double s = 2.0 * y[i] - 1.0;
            return s * sw[i] * std::exp(-s * raw.at(i, 0));
          });
          const double denominator = sum([&](std::size_t i) {
            const double s = 2.0 * y[i] - 1.0;
            return sw[i] * std::exp(-s * raw.at(i, 0));
          });
          value = std::fabs(denominator) < 1e-150 ? 0.0 : numerator / denominator;
          break;
        }
        case GbLossKind::squared_error:
          break;
      }
      tree.value[leaf * tree.value_width] = value;
    }
  }

  /// LossFunction.__call__ over the rows `rows` (ascending), weighted by sw;
  /// `labels` are regression targets or class labels 0..k-1.
  double operator()(std::span<const double> labels, const GbRaw& raw, std::span<const double> sw,
                    std::span<const std::size_t> rows) const {
    const std::size_t m = rows.size();
    const auto sum = [&](auto&& term) { return pairwise_sum(0, m, [&](std::size_t j) { return term(rows[j]); }); };
    const double total_w = sum([&](std::size_t i) { return sw[i]; });
    switch (kind_) {
      case GbLossKind::squared_error:
        return 1 / total_w * sum([&](std::size_t i) {
                 const double d = labels[i] - raw.at(i, 0);
                 return sw[i] * (d * d);
               });
      case GbLossKind::absolute_error:
        return 1 / total_w * sum([&](std::size_t i) { return sw[i] * std::fabs(labels[i] - raw.at(i, 0)); });
      case GbLossKind::huber: {
        double g = 0.0;
        if (gamma_) {
          g = *gamma_;
        } else {
          std::vector<double> abs_diff(m), w(m);
          for (std::size_t j = 0; j < m; ++j) {
            abs_diff[j] = std::fabs(labels[rows[j]] - raw.at(rows[j], 0));
            w[j] = sw[rows[j]];
          }
          g = weighted_percentile(abs_diff, w, alpha_ * 100);
        }
        std::vector<std::size_t> inner, outer;
        for (std::size_t i : rows) (std::fabs(labels[i] - raw.at(i, 0)) <= g ? inner : outer).push_back(i);
        const double sq = pairwise_sum(0, inner.size(), [&](std::size_t j) {
          const std::size_t i = inner[j];
          const double d = labels[i] - raw.at(i, 0);
          return 0.5 * sw[i] * (d * d);
        });
        const double lin = pairwise_sum(0, outer.size(), [&](std::size_t j) {
          const std::size_t i = outer[j];
          return g * sw[i] * (std::fabs(labels[i] - raw.at(i, 0)) - g / 2);
        });
        return (sq + lin) / total_w;
      }
      case GbLossKind::quantile: {
        std::vector<std::size_t> above, below;
        for (std::size_t i : rows) (labels[i] > raw.at(i, 0) ? above : below).push_back(i);
        const auto weighted_diff = [&](const std::vector<std::size_t>& part) {
          return pairwise_sum(0, part.size(), [&](std::size_t j) {
            const std::size_t i = part[j];
            return sw[i] * (labels[i] - raw.at(i, 0));
          });
        };
        return (alpha_ * weighted_diff(above) - (1 - alpha_) * weighted_diff(below)) / total_w;
      }
      case GbLossKind::binomial_deviance:
        return -2 / total_w * sum([&](std::size_t i) {
                 const double f = raw.at(i, 0);
                 return sw[i] * (labels[i] * f - logaddexp0(f));
               });
      case GbLossKind::multinomial_deviance:
        return sum([&](std::size_t i) {
                 const auto label = static_cast<std::size_t>(labels[i]);
                 return (-raw.at(i, label) + logsumexp(raw.row(i), raw.K)) * sw[i];
               }) /
               total_w;
      case GbLossKind::exponential:
        break;
    }
    return 1.0 / total_w * sum([&](std::size_t i) { return sw[i] * std::exp(-(2 * labels[i] - 1) * raw.at(i, 0)); });
  }

  /// Class probabilities from one row of raw predictions.
  void proba(const double* raw, double* out) const noexcept {
    if (kind_ == GbLossKind::multinomial_deviance) {
      const double lse = logsumexp(raw, n_classes_);
      for (std::size_t k = 0; k < n_classes_; ++k) out[k] = nan_to_num(std::exp(raw[k] - lse));
      return;
    }
    out[1] = expit(kind_ == GbLossKind::exponential ? 2.0 * raw[0] : raw[0]);
    out[0] = 1.0 - out[1];
  }

  /// The predicted class from one row of raw predictions.
  std::size_t decision(const double* raw) const noexcept {
    if (kind_ == GbLossKind::exponential) return raw[0] >= 0 ? 1 : 0;
    double p[2] = {0.0, 0.0};
    if (kind_ == GbLossKind::binomial_deviance) {
      proba(raw, p);
      return p[1] > p[0] ? 1 : 0;
    }
    // argmax of the softmax is the argmax of the raw scores up to ties,
    // which must resolve as on the probabilities: recompute them.
    std::size_t best = 0;
    double best_p = -1.0;
    const double lse = logsumexp(raw, n_classes_);
    for (std::size_t k = 0; k < n_classes_; ++k) {
      const double pk = nan_to_num(std::exp(raw[k] - lse));
      if (pk > best_p) {
        best_p = pk;
        best = k;
      }
    }
    return best;
  }

 private:
  static double sign(double x) noexcept { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); }

  /// DummyClassifier's class_prior_: (weighted) class counts over their sum.
  std::vector<double> class_prior(std::span<const double> y, const double* weight) const {
    std::vector<double> counts(n_classes_, 0.0);
    for (std::size_t i = 0; i < y.size(); ++i) counts[static_cast<std::size_t>(y[i])] += weight ? weight[i] : 1.0;
    const double total = pairwise_sum(counts);
    for (double& c : counts) c /= total;
    return counts;
  }

  GbLossKind kind_;
  double alpha_;
  std::size_t n_classes_;
  std::optional<double> gamma_{};
};

}  // namespace detail
FEPIPE_NAMESPACE_END
