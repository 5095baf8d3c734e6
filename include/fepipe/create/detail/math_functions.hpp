#pragma once
/// @file
/// Row-wise reductions as pandas' `DataFrame.agg(func, axis=1)` computes them
/// (pandas 1.5 nanops, skipna): NaN is skipped, sums are numpy's pairwise
/// sums over the row with NaN counted as 0, products run left to right with
/// NaN counted as 1, `std`/`var` use ddof 1. Empty rows (all NaN) give 0 for
/// sum, 1 for prod and NaN otherwise. One function serves the batch and the
/// record path of MathFeatures.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN

/// The aggregations MathFeatures offers (pandas' names).
enum class MathFunction : std::uint8_t { sum, prod, mean, median, min, max, std, var };
constexpr std::array<std::string_view, 8> enum_names(MathFunction) {
  return {"sum", "prod", "mean", "median", "min", "max", "std", "var"};
}

namespace detail {

/// pandas' nanvar with ddof 1: mean = pairwise Σx / n, then the pairwise
/// sum of (mean − x)² over the row (NaN slots contribute 0) / (n − 1).
inline double row_variance(std::span<const double> v, std::size_t n) {
  if (n <= 1) return nan_v;
  const double mean =
      pairwise_sum(0, v.size(), [&](std::size_t i) { return std::isnan(v[i]) ? 0.0 : v[i]; }) / static_cast<double>(n);
  const double ss = pairwise_sum(0, v.size(), [&](std::size_t i) {
    if (std::isnan(v[i])) return 0.0;
    const double d = mean - v[i];
    return d * d;
  });
  return ss / static_cast<double>(n - 1);
}

/// `f` over one row's values `v`; `scratch` (at least v.size()) is used by
/// the median, which sorts a copy.
inline double math_function(MathFunction f, std::span<const double> v, std::span<double> scratch) {
  const std::size_t n = count_non_nan(v);
  switch (f) {
    case MathFunction::sum:
      return pairwise_sum(0, v.size(), [&](std::size_t i) { return std::isnan(v[i]) ? 0.0 : v[i]; });
    case MathFunction::prod: {
      double p = 1.0;
      for (double x : v)
        if (!std::isnan(x)) p *= x;
      return p;
    }
    case MathFunction::mean:
      return n == 0 ? nan_v : pairwise_sum(0, v.size(), [&](std::size_t i) {
                                return std::isnan(v[i]) ? 0.0 : v[i];
                              }) / static_cast<double>(n);
    case MathFunction::median: {
      std::size_t m = 0;
      for (double x : v)
        if (!std::isnan(x)) scratch[m++] = x;
      std::sort(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(m));
      return median_sorted(scratch.first(m));
    }
    case MathFunction::min:
      return nan_min(v);
    case MathFunction::max:
      return nan_max(v);
    case MathFunction::std:
      return std::sqrt(row_variance(v, n));
    case MathFunction::var:
      return row_variance(v, n);
  }
  return nan_v;
}

/// Per-thread scratch for the record path: grows to the largest request
/// once, so single-record transforms stop allocating after the first call
/// (and const steps stay safe to call from many threads).
inline std::span<double> thread_scratch(std::size_t n) {
  thread_local std::vector<double> buffer;
  if (buffer.size() < n) buffer.resize(n);
  return {buffer.data(), n};
}

}  // namespace detail
FEPIPE_NAMESPACE_END
