#pragma once
// Judging a maximum-likelihood lambda (Box-Cox, Yeo-Johnson) against scipy.
//
// Near its maximum the profile log-likelihood is flat to rounding over a
// window of lambdas (~1e-7 wide on House Prices), so where an optimiser stops
// depends on the last bit of every likelihood it evaluates: numpy's AVX-512
// log/pow alone move scipy's own lambda by up to 2e-8. The generator runs
// numpy on its libm kernels (see the top of
// tools/reference/catalogue_discretise_transform_outlier.py) and fepipe
// evaluates the likelihood with the same operations
// (transform/detail/power_transforms.hpp), so the lambdas must be scipy's to
// the 1e-8 relative; with the same libm they are bit-identical.
// The log-likelihood itself is also checked at fixed probe lambdas (1e-12).

#include <doctest/doctest.h>

#include <cmath>
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

}  // namespace fepipe_test
