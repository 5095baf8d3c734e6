// Committed version-1 model files of the tree models
// (tests/data/model_files/): each must still load and predict bit for bit
// what the model fitted today predicts. Small forests keep the files small.
// See support/model_fixture.hpp.

#include <doctest/doctest.h>

#include <Eigen/Core>

#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/model_fixture.hpp"
#include "support/learned_checks.hpp"
#include "support/synthetic.hpp"

namespace tree_model_files_test {

using namespace fepipe;

namespace {

using fepipe_test::synthetic_features;
Target y(const char* name) { return fepipe_test::target_of(fepipe_test::synthetic_frame(), name); }
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
  const Frame X = synthetic_features();
  DecisionTreeRegressor regressor({.max_depth = 4, .random_state = 0u});
  regressor.fit(X, y("y_reg"));
  fepipe_test::check_estimator_fixtures("decision_tree_regressor", regressor, X,
                                        predictions<DecisionTreeRegressor>);
  DecisionTreeClassifier classifier({.max_depth = 4, .random_state = 0u});
  classifier.fit(X, y("y_multi"));
  fepipe_test::check_estimator_fixtures("decision_tree_classifier", classifier, X,
                                        probabilities<DecisionTreeClassifier>);
}

TEST_CASE("model files: GradientBoostingRegressor and GradientBoostingClassifier") {
  const Frame X = synthetic_features();
  GradientBoostingRegressor regressor({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  regressor.fit(X, y("y_reg"));
  fepipe_test::check_estimator_fixtures("gradient_boosting_regressor", regressor, X,
                                        predictions<GradientBoostingRegressor>);
  GradientBoostingClassifier classifier({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  classifier.fit(X, y("y_multi"));
  fepipe_test::check_estimator_fixtures("gradient_boosting_classifier", classifier, X,
                                        probabilities<GradientBoostingClassifier>);
}

TEST_CASE("model files: HistGradientBoostingRegressor and HistGradientBoostingClassifier") {
  const Frame X = synthetic_features();
  HistGradientBoostingRegressor regressor({.max_iter = 5, .random_state = 0u, .n_threads = 1});
  regressor.fit(X, y("y_reg"));
  fepipe_test::check_estimator_fixtures("hist_gradient_boosting_regressor", regressor, X,
                                        predictions<HistGradientBoostingRegressor>);
  HistGradientBoostingClassifier classifier({.max_iter = 5, .random_state = 0u, .n_threads = 1});
  classifier.fit(X, y("y_multi"));
  fepipe_test::check_estimator_fixtures("hist_gradient_boosting_classifier", classifier, X,
                                        probabilities<HistGradientBoostingClassifier>);
}

}  // namespace tree_model_files_test
