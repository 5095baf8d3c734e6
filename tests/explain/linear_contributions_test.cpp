// Linear models: contributions coef·(x − training mean) with the means
// numpy computes (tools/reference/explain.py), additivity on House Prices
// (Lasso) and Titanic (LogisticRegression, binary and multinomial logits),
// the allocation-free record path, and errors.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "explain/explain_checks.hpp"
#include "fepipe/explain/contributions.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "tree/tree_data.hpp"

namespace explain_linear_contributions_test {

using namespace fepipe;
using explain_test::check_additive;
using explain_test::row_of;

namespace {

void check_means(const Eigen::VectorXd& means, const Schema& schema, const std::string& dataset) {
  const auto rows = fepipe_test::read_attribute("explain/" + dataset + "__means.csv");
  REQUIRE(rows.size() == schema.size());
  REQUIRE(static_cast<std::size_t>(means.size()) == schema.size());
  for (std::size_t j = 0; j < rows.size(); ++j) {
    INFO(rows[j].variable);
    CHECK(rows[j].variable == schema[j].name);
    CHECK(std::fabs(means[static_cast<Eigen::Index>(j)] - rows[j].value) <= 1e-15 * std::fabs(rows[j].value));
  }
}

template <class Model>
void check_records(const Model& model, const Frame& X, const Eigen::MatrixXd& c) {
  ModelExplainer<Model> e(model);
  std::vector<double> out(e.width());
  for (std::size_t r = 0; r < X.rows(); r += 101) {
    const std::vector<Value> row = row_of(X, r);
    {
      fepipe_test::CountAllocations count;
      e.explain_one(row, out);
      CHECK(count.count() == 0);
    }
    for (std::size_t j = 0; j < out.size(); ++j) CHECK(out[j] == c(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)));
  }
}

}  // namespace

TEST_CASE("Lasso: contributions coef_j (x_j - mean_j) add up to the prediction on House Prices") {
  const auto& house = tree_test::dataset("house");
  Lasso m({.alpha = 10.0, .max_iter = 5000});
  m.fit(house.X, house.y);
  check_means(m.feature_means_, m.feature_names_in_, "house");
  ModelExplainer<Lasso> e(m);
  REQUIRE(e.n_outputs() == 1);
  const Eigen::MatrixXd c = e.explain(house.X);
  check_additive(c, Eigen::MatrixXd(m.predict(house.X)), e.n_features());
  // Each contribution is exactly coef_j·(x_j − mean_j).
  const std::size_t F = e.n_features();
  for (std::size_t j = 0; j < F; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    const double x = house.X.column(j).values()[3];
    CHECK(c(3, jj) == m.coef_[jj] * (x - m.feature_means_[jj]));
  }
  // The base value is the prediction at the mean.
  double at_mean = m.intercept_;
  for (std::size_t j = 0; j < F; ++j) at_mean += m.coef_[static_cast<Eigen::Index>(j)] * m.feature_means_[static_cast<Eigen::Index>(j)];
  CHECK(e.base_values()[0] == at_mean);
  check_records(m, house.X, c);

  Lasso no_intercept({.alpha = 10.0, .fit_intercept = false, .max_iter = 5000});
  no_intercept.fit(house.X, house.y);
  check_means(no_intercept.feature_means_, no_intercept.feature_names_in_, "house");
  check_additive(explain(no_intercept, house.X), Eigen::MatrixXd(no_intercept.predict(house.X)), F);
}

TEST_CASE("LogisticRegression: logit contributions add up, binary and multinomial (Titanic)") {
  const auto& titanic = tree_test::dataset("titanic");
  LogisticRegression binary({.max_iter = 1000});
  binary.fit(titanic.X, titanic.y);
  check_means(binary.feature_means_, binary.feature_names_in_, "titanic");
  ModelExplainer<LogisticRegression> e(binary);
  REQUIRE(e.n_outputs() == 1);
  const Eigen::MatrixXd c = e.explain(titanic.X);
  check_additive(c, binary.decision_function(titanic.X), e.n_features());
  check_records(binary, titanic.X, c);

  const auto& multi = tree_test::dataset("titanic_multi");
  LogisticRegression three({.max_iter = 1000});
  three.fit(multi.X, multi.y);
  ModelExplainer<LogisticRegression> e3(three);
  REQUIRE(e3.n_outputs() == 3);
  const Eigen::MatrixXd c3 = e3.explain(multi.X);
  check_additive(c3, three.decision_function(multi.X), e3.n_features());
  check_records(three, multi.X, c3);
}

TEST_CASE("linear contributions: bad records are refused naming the model and column") {
  const auto& titanic = tree_test::dataset("titanic");
  LogisticRegression m;
  m.fit(titanic.X, titanic.y);
  ModelExplainer<LogisticRegression> e(m);
  std::vector<double> out(e.width());
  std::vector<Value> row = row_of(titanic.X, 0);
  row[4] = Value(std::numeric_limits<double>::infinity());
  CHECK_THROWS_WITH_AS(e.explain_one(row, out), doctest::Contains("fare"), DataError);
  CHECK_THROWS_WITH_AS(e.explain_one(row, out), doctest::Contains("LogisticRegression"), DataError);
  row[4] = Value::missing();
  CHECK_THROWS_AS(e.explain_one(row, out), DataError);
  row[4] = Value("cheap");
  CHECK_THROWS_AS(e.explain_one(row, out), SchemaError);
  Lasso unfitted;
  CHECK_THROWS_AS(ModelExplainer<Lasso>{unfitted}, NotFittedError);
}

}  // namespace explain_linear_contributions_test
