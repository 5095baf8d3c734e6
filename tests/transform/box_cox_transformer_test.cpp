#include "fepipe/transform/box_cox_transformer.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "support/attribute_dicts.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/linear/lasso.hpp"
#include "support/reference.hpp"
#include "support/rows.hpp"
#include "transform/lambda_check.hpp"
#include "transform/transform_case.hpp"

namespace transform_box_cox_transformer_test {

using namespace fepipe;

namespace {

/// The lambdas as lambda_check.hpp judges them, then the transform of
/// fepipe's own fit against scipy's end to end.
void check_case(const Frame& X, const std::string& c) {
  BoxCoxTransformer t;
  t.fit(X);
  fepipe_test::check_lambdas(X, t.lambda_dict_, "transform/" + c,
                             [](std::span<const double> x, double l) { return detail::box_cox_llf(x, l); });
  fepipe_test::check_transformer_case(t, X, c, 1e-12);
}

}  // namespace

TEST_CASE("BoxCoxTransformer matches scipy's maximum-likelihood lambdas on House Prices") {
  check_case(fepipe_test::load_houseprice().select({"LotArea", "GrLivArea", "1stFlrSF", "SalePrice", "YearBuilt"}),
             "box_cox_transformer_house");
}

TEST_CASE("BoxCoxTransformer on ties, tiny and huge positive values") {
  check_case(fepipe_test::read_input_frame("box_cox_transformer_small").select({"ties", "tiny", "big"}),
             "box_cox_transformer_small");
}

TEST_CASE("BoxCoxTransformer rejects non-positive and constant data, as scipy") {
  CHECK(!fepipe_test::reference_error("transform/box_cox_transformer_small_not_positive__raises.csv").empty());
  CHECK(!fepipe_test::reference_error("transform/box_cox_transformer_constant__raises.csv").empty());
  const Frame X = fepipe_test::read_input_frame("box_cox_transformer_small");
  CHECK_THROWS_WITH_AS(BoxCoxTransformer().fit(X),
                       doctest::Contains("BoxCoxTransformer: column 'neg': value -5.5 at row 0 is not positive"),
                       DataError);
  Frame constant;
  constant.add("const", Column::numeric({2.0, 2.0, 2.0}));
  CHECK_THROWS_WITH_AS(BoxCoxTransformer().fit(constant), doctest::Contains("column 'const': is constant"), DataError);
  BoxCoxTransformer t({.variables = {"ties"}});
  t.fit(X);
  std::vector<Value> cells = fepipe_test::record_of(X, 0);
  cells[0] = 0.0;
  Row row(cells, cells.size());
  CHECK_THROWS_WITH_AS(t.transform_row(row), doctest::Contains("column 'ties': value 0.0 is not positive"), DataError);
}

TEST_CASE("BoxCoxTransformer refuses a lambda that overflows the training data") {
  // Values near the top of the double range, skewed left: the optimal
  // lambda (about 1.56) maps the largest beyond DBL_MAX; scipy >= 1.12
  // clamps lambda with a warning, fepipe asks for rescaling.
  Frame X;
  X.add("wide", Column::numeric({1e300, 0.99e300, 0.98e300, 0.97e300, 0.5e300, 0.1e300}));
  BoxCoxTransformer t;
  const std::string msg = fepipe_test::error_message<DataError>([&] { t.fit(X); });
  CHECK(msg.find("column 'wide'") != std::string::npos);
  CHECK(msg.find("rescale") != std::string::npos);
}

TEST_CASE("BoxCoxTransformer: where x^lambda leaves the double range, the variance is taken in log space") {
  // Brent's bracket starts at lambda -2 and 2, where these values' powers
  // and their squares (in the variance) overflow or vanish. scipy 1.10
  // computes an infinite likelihood there; fepipe, like current scipy, a
  // finite one.
  const std::vector<double> x{1e100, 3e110, 5e120, 2e130, 7e140, 1e150};
  auto llf = [](std::span<const double> v, double l) { return detail::box_cox_llf(v, l); };
  double sum_log = 0;
  for (double v : x) sum_log += std::log(v);
  for (double lmbda : {2.0, -2.0, 1.5}) {
    CAPTURE(lmbda);
    std::vector<double> u;
    for (double v : x) u.push_back(lmbda * std::log(v));
    const double expected = (lmbda - 1) * sum_log - 3.0 * fepipe_test::log_var_of_exp(u, lmbda);
    FEPIPE_CHECK_CLOSE(llf(x, lmbda), expected, 1e-12);
  }
  Frame X;
  X.add("huge", Column::numeric(x));
  BoxCoxTransformer t;
  t.fit(X);
  fepipe_test::check_local_maximum(x, t.lambda_dict_.at("huge"), llf);
  const Frame out = t.transform(X);
  for (double v : out.numeric("huge")) CHECK(std::isfinite(v));
}

TEST_CASE("BoxCoxTransformer in a Pipeline ending in Lasso") {
  const auto house = fepipe_test::load_houseprice();
  const Frame X = house.select({"LotArea", "GrLivArea"});
  const Target y =
      Eigen::Map<const Eigen::VectorXd>(house.numeric("SalePrice").data(), static_cast<Eigen::Index>(X.rows()));
  Pipeline pipe(BoxCoxTransformer(), Lasso({.alpha = 1.0}));
  pipe.fit(X, y);
  const Eigen::VectorXd batch = pipe.predict(X);
  for (std::size_t r = 0; r < 20; ++r)
    CHECK(fepipe_test::same_bits(pipe.predict_one(fepipe_test::record_of(X, r)), batch[static_cast<Eigen::Index>(r)]));
  fepipe_test::check_transform_roundtrip(pipe.step<0>(), X);
}

}  // namespace transform_box_cox_transformer_test
