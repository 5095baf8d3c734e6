#pragma once
/// @file
/// The drift statistics, as pure functions on counts: what DriftMonitor
/// reports per column (fepipe/drift/monitor.hpp), each defined exactly so
/// that numpy / scipy on the same data give the same number
/// (tests/drift/statistics_test.cpp, tools/reference/drift.py).
///
/// - `psi`: the population stability index over matching bins,
///   Σ (a_i − e_i)·ln(a_i/e_i), a and e the live and training shares. An
///   empty bin would make a term infinite, so every share is floored at
///   `psi_share_floor` = 1e-4 (the usual choice: a bin empty on one side
///   then counts as 0.01 % of it) before the sum; a bin empty on both sides
///   contributes 0. The reference script applies the same floor.
/// - `ks_from_bins`: the two-sample Kolmogorov-Smirnov statistic evaluated
///   at the training bin edges. Numeric bins are DriftColumnBaseline's
///   quantile bins (bin k is (e(k-1), e(k)]), so the number of values ≤ e_k
///   is a prefix sum of bin counts and both empirical CDFs are exact at
///   every edge: D_edges = max_k |F_train(e_k) − F_live(e_k)|. It equals
///   numpy's `np.searchsorted(sorted, e, 'right') / n` at the edges
///   (bit for bit: the same integer counts and one division). It is a
///   supremum over the edges only, so against scipy.stats.ks_2samp's D
///   (supremum over every value) on the same samples:
///       D_edges ≤ D ≤ D_edges + max_k max(p_train,k, p_live,k),
///   p the bins' shares: between two edges each CDF moves by at most its
///   bin's share. With the baseline's ~10 % bins D is resolved to a bin.
/// - `chi2_contingency`: scipy.stats.chi2_contingency (default correction)
///   on the 2×k table of training and live counts, bins empty in both rows
///   dropped first (scipy refuses a zero expected count): expected counts
///   from the margins, Yates' continuity correction when dof == 1, Pearson's
///   statistic summed as numpy sums the table (pairwise, row-major), and the
///   p-value as chi2.sf(stat, dof) = Q(dof/2, stat/2).
/// - `chi2_sf` / `igamc`: the regularized upper incomplete gamma function
///   Q(a, x) written out here, because the standard library has none (and
///   fepipe takes no Boost): Cephes' `igamc`, which scipy's `chdtrc` is
///   built on — power series for P when x < 1 or x < a (Q = 1 − P, never
///   small there), Legendre's continued fraction otherwise (relative
///   accuracy down to the smallest p). scipy 1.10 adds asymptotic branches
///   for large a near x; both converge to within a few ulps of Q, and the
///   tests hold the p-values to scipy's within 1e-9 relative, down to
///   p ≈ 1e-200. A p-value below ~1e-308 underflows to 0 (as scipy's).
/// - `missing_share_change`: live missing share − training missing share.
///
/// A statistic that is not defined (no training or no live values) is NaN.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/error.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace drift {

inline constexpr double psi_share_floor = 1e-4;

namespace detail {
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

inline std::uint64_t total(std::span<const std::uint64_t> counts) noexcept {
  std::uint64_t s = 0;
  for (std::uint64_t n : counts) s += n;
  return s;
}

inline void check_same_size(std::span<const std::uint64_t> train, std::span<const std::uint64_t> live,
                            const char* what) {
  if (train.size() != live.size())
    fepipe::detail::throw_parameter(what, "training and live counts have different lengths (" +
                                              std::to_string(train.size()) + " and " + std::to_string(live.size()) + ")");
}

// Cephes' constants (double precision).
inline constexpr double machep = 1.11022302462515654042e-16;
inline constexpr double maxlog = 7.09782712893383996843e2;
inline constexpr double big = 4.503599627370496e15;
inline constexpr double biginv = 2.22044604925031308085e-16;

/// x^a e^-x / Γ(a), or 0 when it underflows.
inline double igam_prefactor(double a, double x) noexcept {
  const double ax = a * std::log(x) - x - std::lgamma(a);
  return ax < -maxlog ? 0.0 : std::exp(ax);
}

/// P(a, x) by its power series (Cephes igam).
inline double igam_series(double a, double x) noexcept {
  const double ax = igam_prefactor(a, x);
  if (ax == 0.0) return 0.0;
  double r = a, c = 1.0, ans = 1.0;
  do {
    r += 1.0;
    c *= x / r;
    ans += c;
  } while (c / ans > machep);
  return ans * ax / a;
}

/// Q(a, x) by its continued fraction (Cephes igamc, x ≥ 1 and x ≥ a).
inline double igamc_fraction(double a, double x) noexcept {
  const double ax = igam_prefactor(a, x);
  if (ax == 0.0) return 0.0;
  double y = 1.0 - a, z = x + y + 1.0, c = 0.0;
  double pkm2 = 1.0, qkm2 = x, pkm1 = x + 1.0, qkm1 = z * x;
  double ans = pkm1 / qkm1, t;
  do {
    c += 1.0;
    y += 1.0;
    z += 2.0;
    const double yc = y * c;
    const double pk = pkm1 * z - pkm2 * yc;
    const double qk = qkm1 * z - qkm2 * yc;
    if (qk != 0.0) {
      const double r = pk / qk;
      t = std::fabs((ans - r) / r);
      ans = r;
    } else {
      t = 1.0;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (std::fabs(pk) > big) {
      pkm2 *= biginv;
      pkm1 *= biginv;
      qkm2 *= biginv;
      qkm1 *= biginv;
    }
  } while (t > machep);
  return ans * ax;
}
}  // namespace detail

/// The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a)
/// (a > 0, x ≥ 0; NaN otherwise).
inline double igamc(double a, double x) noexcept {
  if (!(a > 0.0) || !(x >= 0.0)) return detail::nan;
  if (x == 0.0) return 1.0;
  if (std::isinf(x)) return 0.0;
  if (x < 1.0 || x < a) return 1.0 - detail::igam_series(a, x);
  return detail::igamc_fraction(a, x);
}

/// The chi-square distribution's survival function, scipy.stats.chi2.sf.
inline double chi2_sf(double x, double dof) noexcept {
  if (!(dof > 0.0)) return detail::nan;
  if (x < 0.0) return 1.0;
  return igamc(dof / 2.0, x / 2.0);
}

/// Population stability index between training and live counts over the
/// same bins (shares floored at psi_share_floor; NaN if a side is empty).
inline double psi(std::span<const std::uint64_t> train, std::span<const std::uint64_t> live) {
  detail::check_same_size(train, live, "drift::psi");
  const std::uint64_t nt = detail::total(train), nl = detail::total(live);
  if (nt == 0 || nl == 0) return detail::nan;
  std::vector<double> terms(train.size());
  for (std::size_t i = 0; i < train.size(); ++i) {
    const double e = std::max(static_cast<double>(train[i]) / static_cast<double>(nt), psi_share_floor);
    const double a = std::max(static_cast<double>(live[i]) / static_cast<double>(nl), psi_share_floor);
    terms[i] = (a - e) * std::log(a / e);
  }
  return fepipe::detail::pairwise_sum(terms);
}

/// Kolmogorov-Smirnov statistic at the bin edges: counts of present values
/// per bin (bin k = (e(k-1), e(k)], the last bin above the last edge); the
/// CDFs are compared at the bins.size() − 1 edges. NaN if a side is empty.
inline double ks_from_bins(std::span<const std::uint64_t> train, std::span<const std::uint64_t> live) {
  detail::check_same_size(train, live, "drift::ks_from_bins");
  const std::uint64_t nt = detail::total(train), nl = detail::total(live);
  if (nt == 0 || nl == 0) return detail::nan;
  std::uint64_t ct = 0, cl = 0;
  double d = 0.0;
  for (std::size_t k = 0; k + 1 < train.size(); ++k) {
    ct += train[k];
    cl += live[k];
    d = std::max(d, std::fabs(static_cast<double>(ct) / static_cast<double>(nt) -
                              static_cast<double>(cl) / static_cast<double>(nl)));
  }
  return d;
}

/// scipy.stats.chi2_contingency's result on a 2×k table.
struct Chi2Result {
  double statistic = detail::nan;
  std::size_t dof = 0;
  double p_value = detail::nan;
};

/// chi2_contingency([train, live]) with the bins empty in both rows dropped
/// (NaN statistic and p if a row is empty; statistic 0, p 1 when a single
/// bin remains, as scipy does for dof 0).
inline Chi2Result chi2_contingency(std::span<const std::uint64_t> train, std::span<const std::uint64_t> live) {
  detail::check_same_size(train, live, "drift::chi2_contingency");
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < train.size(); ++j)
    if (train[j] + live[j] > 0) kept.push_back(j);
  const std::uint64_t rows[2] = {detail::total(train), detail::total(live)};
  Chi2Result out;
  if (rows[0] == 0 || rows[1] == 0) return out;
  out.dof = kept.size() - 1;
  if (out.dof == 0) {
    out.statistic = 0.0;
    out.p_value = 1.0;
    return out;
  }
  const std::uint64_t n = rows[0] + rows[1];
  const std::span<const std::uint64_t> table[2] = {train, live};
  std::vector<double> terms;
  terms.reserve(2 * kept.size());
  for (int i = 0; i < 2; ++i) {
    for (std::size_t j : kept) {
      const std::uint64_t col = train[j] + live[j];
      // numpy: the margins' product in int64, then divided as doubles.
      const double num = (col != 0 && rows[i] > UINT64_MAX / col)
                             ? static_cast<double>(rows[i]) * static_cast<double>(col)
                             : static_cast<double>(rows[i] * col);
      const double expected = num / static_cast<double>(n);
      double observed = static_cast<double>(table[i][j]);
      if (out.dof == 1) {  // Yates: move each count towards its expectation by at most 0.5
        const double diff = expected - observed;
        const double step = std::min(0.5, std::fabs(diff));
        observed += diff > 0 ? step : (diff < 0 ? -step : 0.0);
      }
      const double dev = observed - expected;
      terms.push_back(dev * dev / expected);
    }
  }
  out.statistic = fepipe::detail::pairwise_sum(terms);
  out.p_value = chi2_sf(out.statistic, static_cast<double>(out.dof));
  return out;
}

/// Live missing share − training missing share (NaN if a side has no rows).
inline double missing_share_change(std::uint64_t train_missing, std::uint64_t train_count, std::uint64_t live_missing,
                                   std::uint64_t live_count) noexcept {
  if (train_count == 0 || live_count == 0) return detail::nan;
  return static_cast<double>(live_missing) / static_cast<double>(live_count) -
         static_cast<double>(train_missing) / static_cast<double>(train_count);
}

}  // namespace drift
FEPIPE_NAMESPACE_END
