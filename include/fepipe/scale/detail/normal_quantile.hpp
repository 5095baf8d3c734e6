#pragma once
/// @file
/// Φ⁻¹, the standard normal quantile (scipy.stats.norm.ppf), for
/// RobustScaler's unit_variance. scipy evaluates Cephes' rational
/// approximations; here a coarse start is polished by Halley's method on the
/// C library's erf/erfc, which lands within a few ulps of scipy over (0, 1)
/// without carrying a table of coefficients.

#include <cmath>
#include <limits>
#include <numbers>

#include "fepipe/config.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// Φ⁻¹(p) for p ≤ 0.5 (so the result is ≤ 0).
inline double normal_quantile_lower(double p) noexcept {
  // Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4): a start close enough for
  // Halley's cubic convergence to reach full precision in two or three steps.
  const double t = std::sqrt(-2.0 * std::log(p));
  double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  const double inv_sqrt2 = 1.0 / std::numbers::sqrt2;
  const double inv_sqrt_2pi = std::numbers::inv_sqrtpi * inv_sqrt2;
  for (int i = 0; i < 50; ++i) {
    // Near the centre Φ(x) − p cancels badly; erf(x/√2)/2 − (p − ½) does not
    // (p − ½ is exact there by Sterbenz's lemma).
    const double err = p >= 0.25 ? 0.5 * std::erf(x * inv_sqrt2) - (p - 0.5) : 0.5 * std::erfc(-x * inv_sqrt2) - p;
    const double density = inv_sqrt_2pi * std::exp(-0.5 * x * x);
    if (!(density > 0.0)) break;  // far tail: the density underflowed, keep the estimate
    const double u = err / density;
    const double step = u / (1.0 + 0.5 * x * u);
    x -= step;
    if (std::fabs(step) <= 1e-17 * std::fabs(x)) break;
  }
  return x;
}

/// Φ⁻¹(p): −inf at 0, +inf at 1, NaN outside [0, 1].
inline double normal_quantile(double p) noexcept {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  if (p == 0.5) return 0.0;
  // Symmetry; 1 − p is exact for p ≥ ½, so the upper tail loses nothing.
  return p < 0.5 ? normal_quantile_lower(p) : -normal_quantile_lower(1.0 - p);
}

}  // namespace detail
FEPIPE_NAMESPACE_END
