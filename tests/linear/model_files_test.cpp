// Committed version-1 model files of the linear models
// (tests/data/model_files/): each must still load and predict bit for bit
// what the model fitted today predicts. See support/model_fixture.hpp.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <utility>

#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "support/model_fixture.hpp"
#include "support/reference.hpp"

namespace linear_model_files_test {

using namespace fepipe;

namespace {

std::pair<Frame, Frame> synthetic() {
  const Frame s = fepipe_test::read_input_frame("tree_synthetic");
  return {s.select({"f0", "f1", "f2", "f3", "f4", "f5"}), s};
}
Target column(const Frame& f, const char* name) {
  const auto v = f.numeric(name);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace

TEST_CASE("model files: Lasso") {
  const auto [X, s] = synthetic();
  Lasso fitted({.alpha = 0.01});
  fitted.fit(X, column(s, "y_reg"));
  fepipe_test::check_estimator_fixtures("lasso", fitted, X,
                                        [](const Lasso& m, const Frame& in) { return Eigen::MatrixXd(m.predict(in)); });
}

TEST_CASE("model files: LogisticRegression") {
  const auto [X, s] = synthetic();
  LogisticRegression fitted;
  fitted.fit(X, column(s, "y_multi"));
  fepipe_test::check_estimator_fixtures("logistic_regression", fitted, X,
                                        [](const LogisticRegression& m, const Frame& in) { return m.predict_proba(in); });
}

}  // namespace linear_model_files_test
