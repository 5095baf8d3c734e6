#pragma once
/// @file
/// numpy's linear quantile and median by selection instead of a full sort:
/// the order statistics they need are found with std::nth_element in
/// expected linear time (numpy partitions too), and being exact order
/// statistics they give the very values of core/detail/stats.hpp's sorted
/// versions. RobustScaler needs three per column, on up to millions of rows.

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// The k-th and (k+1)-th smallest values (the second clamped to the last);
/// `v` is reordered.
inline std::pair<double, double> adjacent_order_statistics(std::vector<double>& v, std::size_t k) {
  const auto kth = v.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(v.begin(), kth, v.end());
  const double next = k + 1 < v.size() ? *std::min_element(kth + 1, v.end()) : *kth;
  return {*kth, next};
}

/// linear_quantile_sorted(sorted(v), q) without sorting; `v` (no NaN) is reordered.
inline double linear_quantile_select(std::vector<double>& v, double q) {
  if (v.empty()) return nan_v;
  const double h = static_cast<double>(v.size() - 1) * q;
  const double lo_f = std::floor(h);
  const auto [a, b] = adjacent_order_statistics(v, static_cast<std::size_t>(lo_f));
  return numpy_lerp(a, b, h - lo_f);
}

/// median_sorted(sorted(v)) without sorting; `v` (no NaN) is reordered.
inline double median_select(std::vector<double>& v) {
  if (v.empty()) return nan_v;
  const std::size_t m = v.size() / 2;
  if (v.size() % 2 == 1) return adjacent_order_statistics(v, m).first;
  const auto [a, b] = adjacent_order_statistics(v, m - 1);
  return (a + b) / 2.0;
}

/// The non-NaN values of x (unsorted).
inline std::vector<double> non_nan(std::span<const double> x) {
  std::vector<double> v;
  v.reserve(x.size());
  for (double d : x)
    if (!std::isnan(d)) v.push_back(d);
  return v;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
