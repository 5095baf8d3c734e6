#pragma once
// Judging a maximum-likelihood lambda (Box-Cox, Yeo-Johnson) against scipy.
//
// Near its maximum the profile log-likelihood is flat to rounding over a
// window of lambdas (for House Prices ~1e-7 wide: 1e-6 to 1e-5 relative),
// so implementations whose log-likelihoods differ in the last bits — scipy
// 1.10's direct variance versus the log-space form of current scipy that
// fepipe computes, numpy's vectorised exp/log versus libm — stop at
// different points of it. No implementation can agree with scipy on lambda
// to 1e-8 there without reproducing numpy's arithmetic bit for bit. What is
// checked instead (the generator writes the inputs; see lambda_reference in
// tools/reference/catalogue_discretise_transform_outlier.py):
// 1. the objective: fepipe's log-likelihood equals scipy's at fixed probe
//    lambdas to 1e-12 relative;
// 2. the lambdas differ by at most twice the window's half-width plus both
//    optimisers' stopping tolerances (tol·|lambda| + 1e-11, tol = 1.48e-8):
//    each optimiser stops within its tolerance of a maximiser of its own
//    objective, and those maximisers lie in the flat window;
// 3. fepipe's lambda is at least as good a maximiser as scipy's under
//    fepipe's own objective (up to the same rounding level).

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "support/reference.hpp"

namespace fepipe_test {

/// `c` names the case ("transform/box_cox_transformer_house").
template <class Llf>
void check_lambdas(const fepipe::Frame& X, const fepipe::Dict<double>& fitted, const std::string& c, Llf&& llf) {
  const auto expected = read_number_dict(c + "__lambda_dict.csv");
  const auto window = read_number_dict(c + "__lambda_window.csv");
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
    const double ours = fitted[k].second, theirs = expected[k].second;
    INFO("lambda " << ours << " scipy " << theirs << " window " << window.at(var));
    const double stop = 1.48e-8 * std::fabs(theirs) + 1e-11;
    CHECK(std::fabs(ours - theirs) <= 2 * window.at(var) + 2 * stop);
    const double at_theirs = llf(x, theirs);
    CHECK(llf(x, ours) >= at_theirs - 16 * std::numeric_limits<double>::epsilon() * std::fabs(at_theirs));
  }
}

}  // namespace fepipe_test
