#pragma once
// Judging a maximum-likelihood lambda (Box-Cox, Yeo-Johnson) against scipy.
//
// Near its maximum the profile log-likelihood is flat to rounding over a
// window of lambdas (~1e-7 wide on House Prices), so where an optimiser stops
// depends on the last bit of every likelihood it evaluates: numpy's AVX-512
// log/pow alone move scipy's own lambda by 3e-8 to 4e-5 relative. The
// generator runs numpy on its libm kernels (see the top of
// tools/reference/catalogue_discretise_transform_outlier.py) and fepipe
// evaluates the likelihood with the same operations
// (transform/detail/power_transforms.hpp), so the lambdas must be scipy's to
// the 1e-8 relative; with the same libm they are bit-identical.
// The log-likelihood itself is also checked at fixed probe lambdas (1e-12).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

/// `c` names the case ("transform/box_cox_transformer_house").
template <class Llf>
void check_lambdas(const fepipe::Frame& X, const fepipe::Dict<double>& fitted, const std::string& c, Llf&& llf) {
  const auto expected = read_number_dict(c + "__lambda_dict.csv");
  const auto probes = read_attribute(c + "__llf_probes.csv");
  REQUIRE(fitted.keys() == expected.keys());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const std::string& var = expected[k].first;
    INFO("variable " << var);
    const auto x = X.numeric(var);
    for (const auto& p : probes) {
      if (p.variable != var) continue;
      double lmbda = 0;
      REQUIRE(fepipe::detail::parse_double(p.key, lmbda));
      INFO("log-likelihood at lambda " << p.key);
      FEPIPE_CHECK_CLOSE(llf(x, lmbda), p.value, 1e-12);
    }
    FEPIPE_CHECK_CLOSE(fitted[k].second, expected[k].second, 1e-8);
  }
}

/// log popvar(exp(u) / scale) in a form independent of fepipe's log-space
/// code: the two-pass variance of exp(u - max u), shifted back by 2 max u.
/// For checking likelihoods where exp(u) itself leaves the double range.
inline double log_var_of_exp(const std::vector<double>& u, double scale) {
  double m = -HUGE_VAL;
  for (double v : u) m = v > m ? v : m;
  double mean = 0, ss = 0;
  for (double v : u) mean += std::exp(v - m);
  mean /= static_cast<double>(u.size());
  for (double v : u) ss += (std::exp(v - m) - mean) * (std::exp(v - m) - mean);
  return 2 * m - 2 * std::log(std::fabs(scale)) + std::log(ss / static_cast<double>(u.size()));
}

/// The fitted lambda maximises `llf` locally (steps well outside the
/// optimiser's tolerance).
template <class Llf>
void check_local_maximum(std::span<const double> x, double lmbda, Llf&& llf) {
  INFO("lambda " << lmbda);
  REQUIRE(std::isfinite(lmbda));
  const double at = llf(x, lmbda), step = 1e-4 * std::max(1.0, std::fabs(lmbda));
  REQUIRE(std::isfinite(at));
  CHECK(at >= llf(x, lmbda - step));
  CHECK(at >= llf(x, lmbda + step));
}

}  // namespace fepipe_test
