#pragma once
/// @file
/// Pairwise-complete correlations as pandas' DataFrame.corr computes them
/// (pandas 1.5 / scipy 1.10), for DropCorrelatedFeatures:
/// - pearson: pandas' `nancorr`, a one-pass Welford update over the rows
///   where both values are finite;
/// - spearman: pandas' `nancorr_spearman`, Pearson's formula on average
///   ranks — each column ranked once over its non-NaN values, re-ranked over
///   the complete rows only when the two columns' missing rows differ;
/// - kendall: scipy's `kendalltau` (tau-b) on the complete rows, with exact
///   integer pair counts (Knight's O(n log n) merge count).
/// Rows holding NaN or ±inf in either column are left out of that pair, as
/// pandas does (its masks are `isfinite`). Fewer than two usable rows or a
/// constant column give NaN, which never exceeds a threshold.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How DropCorrelatedFeatures measures correlation.
enum class CorrelationMethod : std::uint8_t { pearson, spearman, kendall };
constexpr std::array<std::string_view, 3> enum_names(CorrelationMethod) { return {"pearson", "spearman", "kendall"}; }

namespace detail {

/// pandas' nancorr for one pair; `x` plays the role of the later column.
inline double pearson_complete(std::span<const double> x, std::span<const double> y) noexcept {
  std::int64_t nobs = 0;
  double meanx = 0, meany = 0, ssqdmx = 0, ssqdmy = 0, covxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double vx = x[i], vy = y[i];
    if (!std::isfinite(vx) || !std::isfinite(vy)) continue;
    ++nobs;
    const double dx = vx - meanx, dy = vy - meany;
    meanx += 1.0 / static_cast<double>(nobs) * dx;
    meany += 1.0 / static_cast<double>(nobs) * dy;
    ssqdmx += (vx - meanx) * dx;
    ssqdmy += (vy - meany) * dy;
    covxy += (vx - meanx) * dy;
  }
  if (nobs < 1) return nan_v;
  const double divisor = std::sqrt(ssqdmx * ssqdmy);
  return divisor != 0.0 ? covxy / divisor : nan_v;
}

/// Average ranks (1-based; ties share the mean of their positions) of the
/// non-NaN values; NaN keeps a NaN rank. ±inf are ranked like any value.
inline std::vector<double> average_ranks(std::span<const double> v) {
  std::vector<std::size_t> order;
  order.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isnan(v[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(v.size(), nan_v);
  for (std::size_t lo = 0; lo < order.size();) {
    std::size_t hi = lo + 1;
    while (hi < order.size() && v[order[hi]] == v[order[lo]]) ++hi;
    // Positions lo+1..hi share (lo+1+hi)/2: exact in binary (a whole or a half).
    const double rank = static_cast<double>(lo + 1 + hi) / 2.0;
    for (std::size_t k = lo; k < hi; ++k) ranks[order[k]] = rank;
    lo = hi;
  }
  return ranks;
}

/// pandas' Spearman step for one pair, given each column's own ranks.
inline double spearman_complete(std::span<const double> x, std::span<const double> y, std::span<const double> rank_x,
                                std::span<const double> rank_y) {
  std::vector<double> rx, ry, vx, vy;
  bool same_rows = true;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool fx = std::isfinite(x[i]), fy = std::isfinite(y[i]);
    same_rows = same_rows && fx == fy;
    if (fx && fy) {
      rx.push_back(rank_x[i]);
      ry.push_back(rank_y[i]);
      vx.push_back(x[i]);
      vy.push_back(y[i]);
    }
  }
  if (rx.empty()) return nan_v;
  // The column ranks are reused only when both columns miss the same rows
  // (pandas' shortcut); otherwise rank again over the complete rows.
  if (!same_rows) {
    rx = average_ranks(vx);
    ry = average_ranks(vy);
  }
  const double mean = (static_cast<double>(rx.size()) + 1.0) / 2.0;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    const double dx = rx[i] - mean, dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const double divisor = std::sqrt(sxx * syy);
  return divisor != 0.0 ? sxy / divisor : nan_v;
}

/// Number of pairs i < j with v[i] > v[j], by merge sort (v is reordered).
inline std::int64_t count_inversions(std::vector<double>& v, std::vector<double>& buf) {
  std::int64_t inversions = 0;
  const std::size_t n = v.size();
  buf.resize(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (v[j] < v[i]) {
          inversions += static_cast<std::int64_t>(mid - i);
          buf[k++] = v[j++];
        } else {
          buf[k++] = v[i++];
        }
      }
      while (i < mid) buf[k++] = v[i++];
      while (j < hi) buf[k++] = v[j++];
    }
    v.swap(buf);
  }
  return inversions;
}

/// Σ c(c−1)/2 over runs of equal values of a sorted sequence.
template <class Equal>
std::int64_t tied_pairs(std::size_t n, Equal&& equal_to_previous) {
  std::int64_t ties = 0, run = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && equal_to_previous(i)) {
      ++run;
    } else {
      ties += run * (run - 1) / 2;
      run = 1;
    }
  }
  return ties;
}

/// scipy's kendalltau (variant b) over the rows where both are finite.
inline double kendall_complete(std::span<const double> x, std::span<const double> y) {
  std::vector<std::pair<double, double>> xy;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) xy.emplace_back(x[i], y[i]);
  const std::size_t n = xy.size();
  if (n == 0) return nan_v;
  // Sorted by x then y, a discordant pair is an inversion of the y sequence;
  // pairs tied in x are in y order and so never counted.
  std::sort(xy.begin(), xy.end());
  const std::int64_t xtie = tied_pairs(n, [&](std::size_t i) { return xy[i].first == xy[i - 1].first; });
  const std::int64_t ntie = tied_pairs(n, [&](std::size_t i) { return xy[i] == xy[i - 1]; });
  std::vector<double> ys(n), buf;
  for (std::size_t i = 0; i < n; ++i) ys[i] = xy[i].second;
  const std::int64_t dis = count_inversions(ys, buf);  // leaves ys sorted
  const std::int64_t ytie = tied_pairs(n, [&](std::size_t i) { return ys[i] == ys[i - 1]; });
  const auto total = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n - 1) / 2;
  if (xtie == total || ytie == total) return nan_v;
  const std::int64_t con_minus_dis = total - xtie - ytie + ntie - 2 * dis;
  const double tau = static_cast<double>(con_minus_dis) / std::sqrt(static_cast<double>(total - xtie)) /
                     std::sqrt(static_cast<double>(total - ytie));
  return std::clamp(tau, -1.0, 1.0);
}

/// The correlations of every pair i < j of `columns` (row-major k×k, only
/// the upper triangle filled), each computed with the argument order pandas
/// uses for that entry so the last bits agree too.
inline std::vector<double> correlation_upper(std::span<const std::span<const double>> columns,
                                             CorrelationMethod method) {
  const std::size_t k = columns.size();
  std::vector<double> r(k * k, nan_v);
  std::vector<std::vector<double>> ranks;
  if (method == CorrelationMethod::spearman)
    for (auto c : columns) ranks.push_back(average_ranks(c));
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = i + 1; j < k; ++j) {
      double v = nan_v;
      switch (method) {
        // pandas fills [j, i] with the later column as "x", then mirrors it.
        case CorrelationMethod::pearson:
          v = pearson_complete(columns[j], columns[i]);
          break;
        case CorrelationMethod::spearman:
          v = spearman_complete(columns[j], columns[i], ranks[j], ranks[i]);
          break;
        // pandas' kendall loop passes the earlier column first.
        case CorrelationMethod::kendall:
          v = kendall_complete(columns[i], columns[j]);
          break;
      }
      r[i * k + j] = v;
    }
  return r;
}

}  // namespace detail
FEPIPE_NAMESPACE_END
