#pragma once
/// @file
/// Quantile binning for histogram gradient boosting, as scikit-learn 1.2's
/// `_BinMapper` computes it, so that bin thresholds (and therefore trees)
/// agree with the reference bit for bit:
/// - a numeric feature's thresholds come from its non-NaN values: with at
///   most max_bins distinct values, the midpoints (a + b)·0.5 between
///   consecutive ones; otherwise numpy's "midpoint" percentiles at
///   linspace(0, 100, max_bins + 1)[1:-1]; thresholds are clipped to 1e300;
/// - a categorical feature's "thresholds" are its known category values,
///   sorted, so a category's bin is its rank;
/// - a value's bin is the number of thresholds strictly below it, found
///   with the reference's own binary search; NaN goes to the last bin,
///   `max_bins`, reserved for missing values.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// scikit-learn's ALMOST_INF: +inf thresholds only exist for "split on NaN".
inline constexpr double binning_almost_inf = 1e300;

/// numpy.percentile(sorted, p, method="midpoint") for p in percent, with
/// numpy's index arithmetic and two-branch lerp (t = 0.5 → b − (b − a)·0.5).
inline double percentile_midpoint_sorted(std::span<const double> v, double p) {
  const double q = p / 100.0;
  const double h = static_cast<double>(v.size() - 1) * q;
  const double virtual_index = 0.5 * (std::floor(h) + std::ceil(h));
  const std::size_t last = v.size() - 1;
  if (virtual_index >= static_cast<double>(last)) return v[last];
  const auto prev = static_cast<std::size_t>(std::floor(virtual_index));
  const double gamma = std::fmod(virtual_index, 1.0) == 0.0 ? 0.0 : 0.5;
  return numpy_lerp(v[prev], v[prev + 1], gamma);
}

/// Bin thresholds of one numeric feature from the values used for binning
/// (NaN allowed and ignored). The vector is consumed (sorted in place).
inline std::vector<double> find_binning_thresholds(std::vector<double> values, int max_bins) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }), values.end());
  std::sort(values.begin(), values.end());
  std::vector<double> distinct;
  distinct.reserve(std::min<std::size_t>(values.size(), static_cast<std::size_t>(max_bins) + 1));
  for (double x : values) {
    if (distinct.empty() || distinct.back() != x) distinct.push_back(x);
    if (distinct.size() > static_cast<std::size_t>(max_bins)) break;
  }
  std::vector<double> thr;
  if (distinct.size() <= static_cast<std::size_t>(max_bins)) {
    for (std::size_t i = 0; i + 1 < distinct.size(); ++i) thr.push_back((distinct[i] + distinct[i + 1]) * 0.5);
  } else {
    // linspace(0, 100, max_bins + 1): i · (100 / max_bins), interior points.
    const double step = 100.0 / static_cast<double>(max_bins);
    thr.reserve(static_cast<std::size_t>(max_bins - 1));
    for (int i = 1; i < max_bins; ++i)
      thr.push_back(percentile_midpoint_sorted(values, static_cast<double>(i) * step));
  }
  for (double& t : thr)
    if (t > binning_almost_inf) t = binning_almost_inf;
  return thr;
}

/// Bin of one value: scikit-learn's binary search (first threshold ≥ x),
/// NaN → missing_bin. Categorical features use the known categories as
/// thresholds, which maps a known category to its rank.
inline std::uint8_t bin_of(std::span<const double> thresholds, double x, std::uint8_t missing_bin) noexcept {
  if (std::isnan(x)) return missing_bin;
  std::size_t lo = 0, hi = thresholds.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo - 1) / 2;
    if (x <= thresholds[mid])
      hi = mid;
    else
      lo = mid + 1;
  }
  return static_cast<std::uint8_t>(lo);
}

/// Bins a column: out[i] = bin_of(thresholds, value(i)). Sorted NaN-free
/// thresholds (always, unless ±inf data made a percentile NaN) take a
/// branch-free lower bound, which finds the same bin: the first threshold
/// not below x is the first one x is <= to. Independent searches then
/// overlap instead of mispredicting.
template <class Value>
void bin_column(std::span<const double> thresholds, std::size_t n, Value&& value, std::uint8_t missing_bin,
                std::uint8_t* out) {
  const bool plain = std::none_of(thresholds.begin(), thresholds.end(), [](double t) { return std::isnan(t); }) &&
                     std::is_sorted(thresholds.begin(), thresholds.end());
  if (!plain) {
    for (std::size_t i = 0; i < n; ++i) out[i] = bin_of(thresholds, value(i), missing_bin);
    return;
  }
  const double* thr = thresholds.data();
  const std::size_t m = thresholds.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = value(i);
    std::size_t first = 0;
    if (m > 0) {
      // The answer stays in [base, base + len]; the trip count depends on m
      // only, and the step is arithmetic, not a (mispredicted) branch.
      const double* base = thr;
      std::size_t len = m;
      while (len > 1) {
        const std::size_t half = len / 2;
        base += static_cast<std::size_t>(base[half] < x) * half;
        len -= half;
      }
      first = static_cast<std::size_t>(base - thr) + static_cast<std::size_t>(*base < x);
    }
    out[i] = x != x ? missing_bin : static_cast<std::uint8_t>(first);
  }
}

/// Binned training or validation data: uint8 codes, column-major.
struct BinnedMatrix {
  std::size_t n_rows = 0;
  std::size_t n_features = 0;
  std::vector<std::uint8_t> codes;

  const std::uint8_t* column(std::size_t f) const noexcept { return codes.data() + f * n_rows; }
  std::uint8_t* column(std::size_t f) noexcept { return codes.data() + f * n_rows; }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
