// Committed version-1 model files of the linear models
// (tests/data/model_files/): each must still load and predict bit for bit
// what the model fitted today predicts (Lasso's version 1: to rounding, see
// below). See support/model_fixture.hpp.

#include <doctest/doctest.h>

#include <Eigen/Core>

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "support/model_fixture.hpp"
#include "support/learned_checks.hpp"
#include "support/synthetic.hpp"

namespace linear_model_files_test {

using namespace fepipe;

namespace {

using fepipe_test::synthetic_features;
Target y(const char* name) { return fepipe_test::target_of(fepipe_test::synthetic_frame(), name); }

}  // namespace

TEST_CASE("model files: Lasso") {
  const Frame X = synthetic_features();
  Lasso fitted({.alpha = 0.01});
  fitted.fit(X, y("y_reg"));
  // The version-1 file was written before the solver's four-lane sums
  // (coordinate_descent.hpp): its coefficients differ in the last bits.
  fepipe_test::check_estimator_fixtures(
      "lasso", fitted, X, [](const Lasso& m, const Frame& in) { return Eigen::MatrixXd(m.predict(in)); }, 1, 1e-12);
}

TEST_CASE("model files: LogisticRegression") {
  const Frame X = synthetic_features();
  LogisticRegression fitted;
  fitted.fit(X, y("y_multi"));
  fepipe_test::check_estimator_fixtures("logistic_regression", fitted, X,
                                        [](const LogisticRegression& m, const Frame& in) { return m.predict_proba(in); });
}

}  // namespace linear_model_files_test
