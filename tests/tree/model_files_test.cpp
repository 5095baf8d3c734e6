// Committed version-1 model files of the tree models
// (tests/data/model_files/): each must still load and predict bit for bit
// what the model fitted today predicts. Small forests keep the files small.
// See support/model_fixture.hpp.

#include <doctest/doctest.h>

#include <Eigen/Core>
#include <utility>

#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/model_fixture.hpp"
#include "support/reference.hpp"

namespace tree_model_files_test {

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
template <class Model>
Eigen::MatrixXd predictions(const Model& m, const Frame& X) {
  return m.predict(X);
}
template <class Model>
Eigen::MatrixXd probabilities(const Model& m, const Frame& X) {
  return m.predict_proba(X);
}

}  // namespace

TEST_CASE("model files: DecisionTreeRegressor and DecisionTreeClassifier") {
  const auto [X, s] = synthetic();
  DecisionTreeRegressor regressor({.max_depth = 4, .random_state = 0u});
  regressor.fit(X, column(s, "y_reg"));
  fepipe_test::check_estimator_fixtures("decision_tree_regressor", regressor, X,
                                        predictions<DecisionTreeRegressor>);
  DecisionTreeClassifier classifier({.max_depth = 4, .random_state = 0u});
  classifier.fit(X, column(s, "y_multi"));
  fepipe_test::check_estimator_fixtures("decision_tree_classifier", classifier, X,
                                        probabilities<DecisionTreeClassifier>);
}

TEST_CASE("model files: GradientBoostingRegressor and GradientBoostingClassifier") {
  const auto [X, s] = synthetic();
  GradientBoostingRegressor regressor({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  regressor.fit(X, column(s, "y_reg"));
  fepipe_test::check_estimator_fixtures("gradient_boosting_regressor", regressor, X,
                                        predictions<GradientBoostingRegressor>);
  GradientBoostingClassifier classifier({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  classifier.fit(X, column(s, "y_multi"));
  fepipe_test::check_estimator_fixtures("gradient_boosting_classifier", classifier, X,
                                        probabilities<GradientBoostingClassifier>);
}

TEST_CASE("model files: HistGradientBoostingRegressor and HistGradientBoostingClassifier") {
  const auto [X, s] = synthetic();
  HistGradientBoostingRegressor regressor({.max_iter = 5, .random_state = 0u, .n_threads = 1});
  regressor.fit(X, column(s, "y_reg"));
  fepipe_test::check_estimator_fixtures("hist_gradient_boosting_regressor", regressor, X,
                                        predictions<HistGradientBoostingRegressor>);
  HistGradientBoostingClassifier classifier({.max_iter = 5, .random_state = 0u, .n_threads = 1});
  classifier.fit(X, column(s, "y_multi"));
  fepipe_test::check_estimator_fixtures("hist_gradient_boosting_classifier", classifier, X,
                                        probabilities<HistGradientBoostingClassifier>);
}

}  // namespace tree_model_files_test
