#include "fepipe/transform/yeo_johnson_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/lambda_check.hpp"
#include "transform/transform_case.hpp"

namespace transform_yeo_johnson_transformer_test {

using namespace fepipe;

namespace {

Frame house() {
  return fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "WoodDeckSF", "SalePrice", "YearBuilt"});
}

/// Both optimisers against scipy (judged as lambda_check.hpp explains):
/// `bounded` against scipy >= 1.12's fminbound (replicated with scipy
/// 1.10's fminbound and yeojohnson_llf), `brent` against scipy 1.10's
/// yeojohnson_normmax.
void check_case(const Frame& X, const std::string& c) {
  for (auto [optimizer, name] :
       {std::pair{LambdaOptimizer::bounded, "bounded"}, std::pair{LambdaOptimizer::brent, "brent"}}) {
    CAPTURE(name);
    YeoJohnsonTransformer t({.optimizer = optimizer});
    t.fit(X);
    fepipe_test::check_lambdas(X, t.lambda_dict_, "transform/" + c + "_" + name,
                               [](std::span<const double> x, double l) { return detail::yeo_johnson_llf(x, l); });
  }
}

}  // namespace

TEST_CASE("YeoJohnsonTransformer lambdas match scipy on House Prices, for both optimisers") {
  check_case(house(), "yeo_johnson_transformer_house");
}

TEST_CASE("YeoJohnsonTransformer lambdas on mixed-sign and all-negative data") {
  const Frame X = fepipe_test::read_input_frame("yeo_johnson_transformer_small");
  check_case(X, "yeo_johnson_transformer_small");
  YeoJohnsonTransformer t({.optimizer = LambdaOptimizer::brent});
  t.fit(X);
  // 1e-10: at tiny's lambda (-36028) scipy 1.10's ((x+1)^lambda - 1)/lambda
  // loses ~1e-11 to the rounding of x+1; fepipe's expm1 form does not.
  fepipe_test::check_transformer_case(t, X, "yeo_johnson_transformer_small_brent", 1e-10);
}

TEST_CASE("YeoJohnsonTransformer fit and transform end to end as scipy's, and the inverse") {
  const Frame X = house();
  YeoJohnsonTransformer t({.optimizer = LambdaOptimizer::brent});
  t.fit(X);
  fepipe_test::check_transformer_case(t, X, "yeo_johnson_transformer_house_brent", 1e-12);
  // feature-engine's inverse brings the data back.
  fepipe_test::check_frame_close(t.inverse_transform(t.transform(X)), X, 1e-9);
}

TEST_CASE("YeoJohnsonTransformer: all-zero data gives lambda 1; NaN is refused") {
  Frame X;
  X.add("zeros", Column::numeric({0.0, 0.0, 0.0}));
  YeoJohnsonTransformer t;
  t.fit(X);
  CHECK(t.lambda_dict_.at("zeros") == 1.0);
  X["zeros"].mutable_values()[1] = std::nan("");
  CHECK_THROWS_WITH_AS(YeoJohnsonTransformer().fit(X),
                       doctest::Contains("YeoJohnsonTransformer: column 'zeros': value nan at row 1"), DataError);
  CHECK_THROWS_AS(t.transform(X), DataError);
}

TEST_CASE("YeoJohnsonTransformer: where the transform overflows, one-sign data's variance is taken in log space") {
  // At the bracket's lambda 2 (and beyond) these values' powers overflow;
  // scipy 1.10 rejects such a lambda, fepipe (like current scipy) computes
  // its likelihood. Mixed-sign data has no log-space form: it is rejected.
  const std::vector<double> pos{1e100, 3e110, 5e120, 2e130, 7e140, 1e150};
  const std::vector<double> neg = [&] {
    std::vector<double> negated;
    for (double v : pos) negated.push_back(-v);
    return negated;
  }();
  auto llf = [](std::span<const double> v, double l) { return detail::yeo_johnson_llf(v, l); };
  for (const auto* x : {&pos, &neg}) {
    const bool positive = x == &pos;
    CAPTURE(positive);
    double signed_log = 0;
    for (double v : *x) signed_log += (positive ? 1.0 : -1.0) * std::log1p(std::fabs(v));
    for (double lmbda : positive ? std::vector<double>{2.0, 3.5} : std::vector<double>{-2.0, 0.5}) {
      CAPTURE(lmbda);
      const double power = positive ? lmbda : 2.0 - lmbda;
      std::vector<double> u;
      for (double v : *x) u.push_back(power * std::log1p(std::fabs(v)));
      const double expected = -3.0 * fepipe_test::log_var_of_exp(u, power) + (lmbda - 1) * signed_log;
      FEPIPE_CHECK_CLOSE(llf(*x, lmbda), expected, 1e-12);
    }
    Frame X;
    X.add("huge", Column::numeric(*x));
    for (auto optimizer : {LambdaOptimizer::bounded, LambdaOptimizer::brent}) {
      YeoJohnsonTransformer t({.optimizer = optimizer});
      t.fit(X);
      fepipe_test::check_local_maximum(*x, t.lambda_dict_.at("huge"), llf);
    }
  }
  const std::vector<double> mixed{-1e150, -1e100, 0.0, 1e100, 1e150, 2e150};
  CHECK(llf(mixed, 3.0) == -HUGE_VAL);
}

TEST_CASE("YeoJohnsonTransformer in a Pipeline") {
  const Frame X = house();
  Pipeline pipe(YeoJohnsonTransformer({.variables = {"LotArea", "WoodDeckSF"}}));
  pipe.fit(X);
  YeoJohnsonTransformer alone({.variables = {"LotArea", "WoodDeckSF"}});
  fepipe_test::require_identical(pipe.transform(X), alone.fit(X).transform(X));
  fepipe_test::check_transform_roundtrip(pipe, X);
}

}  // namespace transform_yeo_johnson_transformer_test
