#pragma once
/// @file
/// The numeric primitives the reference libraries use, reproduced so fitted
/// values agree with numpy/pandas to the last bits where it is practical:
/// numpy's pairwise summation, NaN-skipping reductions, numpy's median and
/// linear quantile (with numpy's two-branch lerp).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

/// numpy's pairwise kernel over one buffer of `n` values (blocks of 128 with
/// 8 accumulators, recursive halving above that).
template <class At>
double pairwise_kernel(std::size_t begin, std::size_t n, const At& at) {
  if (n < 8) {
    double res = 0.0;
    for (std::size_t i = 0; i < n; ++i) res += at(begin + i);
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t k = 0; k < 8; ++k) r[k] = at(begin + k);
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (std::size_t k = 0; k < 8; ++k) r[k] += at(begin + i + k);
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += at(begin + i);
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_kernel(begin, n2, at) + pairwise_kernel(begin + n2, n - n2, at);
}

/// numpy's sum (np.sum, np.mean, np.nanmean, pandas' mean...) of `n` values
/// produced by `at(i)`: the reduction hands the pairwise kernel buffers of at
/// most 8192 values and adds the buffer sums in order. Checked against numpy
/// 1.24 for 1-D arrays and for axis reductions of 2-D arrays.
template <class At>
double pairwise_sum(std::size_t begin, std::size_t n, const At& at) {
  constexpr std::size_t buffer = 8192;
  if (n <= buffer) return pairwise_kernel(begin, n, at);
  double total = 0.0;
  for (std::size_t start = 0; start < n; start += buffer)
    total += pairwise_kernel(begin + start, std::min(buffer, n - start), at);
  return total;
}

inline double pairwise_sum(std::span<const double> x) {
  return pairwise_sum(0, x.size(), [&](std::size_t i) { return x[i]; });
}

inline std::size_t count_non_nan(std::span<const double> x) noexcept {
  std::size_t n = 0;
  for (double v : x) n += !std::isnan(v);
  return n;
}

/// pandas/numpy nanmean: NaN counted as 0 in the pairwise sum, divided by
/// the non-NaN count. NaN when every value is NaN.
inline double nan_mean(std::span<const double> x) {
  const std::size_t n = count_non_nan(x);
  if (n == 0) return nan_v;
  const double s = pairwise_sum(0, x.size(), [&](std::size_t i) { return std::isnan(x[i]) ? 0.0 : x[i]; });
  return s / static_cast<double>(n);
}

/// Non-NaN values, sorted ascending.
inline std::vector<double> sorted_non_nan(std::span<const double> x) {
  std::vector<double> v;
  v.reserve(x.size());
  for (double d : x)
    if (!std::isnan(d)) v.push_back(d);
  std::sort(v.begin(), v.end());
  return v;
}

/// numpy's lerp: a + (b-a)·t for t < 0.5, b - (b-a)·(1-t) otherwise.
inline double numpy_lerp(double a, double b, double t) noexcept {
  const double diff = b - a;
  return t < 0.5 ? a + diff * t : b - diff * (1.0 - t);
}

/// Linear ("method=linear") quantile of sorted values; q in [0, 1].
inline double linear_quantile_sorted(std::span<const double> v, double q) {
  if (v.empty()) return nan_v;
  const double h = static_cast<double>(v.size() - 1) * q;
  const double lo_f = std::floor(h);
  const std::size_t lo = static_cast<std::size_t>(lo_f);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return numpy_lerp(v[lo], v[hi], h - lo_f);
}

/// np.median of sorted values: the middle value, or the mean of the two
/// middle values ((a+b)/2, as np.mean computes it).
inline double median_sorted(std::span<const double> v) {
  if (v.empty()) return nan_v;
  const std::size_t m = v.size() / 2;
  if (v.size() % 2 == 1) return v[m];
  return (v[m - 1] + v[m]) / 2.0;
}

inline double nan_median(std::span<const double> x) { return median_sorted(sorted_non_nan(x)); }

/// Variance with `ddof` over non-NaN values, two-pass as numpy computes it
/// (mean by pairwise sum, then the pairwise sum of squared deviations).
inline double nan_variance(std::span<const double> x, int ddof) {
  const std::size_t n = count_non_nan(x);
  if (n <= static_cast<std::size_t>(ddof)) return nan_v;
  const double mean = nan_mean(x);
  const double ss = pairwise_sum(0, x.size(), [&](std::size_t i) {
    if (std::isnan(x[i])) return 0.0;
    const double d = x[i] - mean;
    return d * d;
  });
  return ss / static_cast<double>(n - static_cast<std::size_t>(ddof));
}

inline double nan_min(std::span<const double> x) noexcept {
  double m = nan_v;
  for (double v : x)
    if (!std::isnan(v) && (std::isnan(m) || v < m)) m = v;
  return m;
}
inline double nan_max(std::span<const double> x) noexcept {
  double m = nan_v;
  for (double v : x)
    if (!std::isnan(v) && (std::isnan(m) || v > m)) m = v;
  return m;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
