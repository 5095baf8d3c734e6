// Path-dependent TreeSHAP on every tree model: additivity on House Prices
// and Titanic, equality with brute-force Shapley values on small trees,
// node covers equal to scikit-learn's (tools/reference/explain.py), the
// allocation-free record path, and errors.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "explain/explain_checks.hpp"
#include "fepipe/explain/contributions.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "tree/tree_data.hpp"

namespace explain_tree_shap_test {

using namespace fepipe;
using explain_test::brute_force_shap;
using explain_test::check_additive;
using explain_test::row_of;

namespace {

// The datasets of tools/reference/explain.py: CART models read the
// median-filled numeric columns (tree_test's datasets), HGB the raw ones
// with their NaN.
Frame house_with_nan() {
  const Frame hp = fepipe_test::load_houseprice();
  Frame X(hp.rows());
  for (std::size_t c = 0; c < hp.cols(); ++c)
    if (hp.column(c).is_numeric() && hp.name(c) != "Id" && hp.name(c) != "SalePrice") X.add(hp.name(c), hp.column(c));
  return X;
}
Frame titanic_with_nan() {
  const Frame t = read_csv(fepipe_test::data_path("titanic.csv"), {.na_values = {"?"}});
  return t.select({"pclass", "age", "sibsp", "parch", "fare"});
}

/// Every node's cover in pre-order, tree after tree (the reference's
/// order), for the first `n_trees` trees (all if 0).
std::vector<double> preorder_covers(const detail::Forest& f, std::size_t n_trees) {
  std::vector<double> out;
  for (std::size_t t = 0; t < (n_trees ? n_trees : f.n_trees()); ++t) {
    std::vector<std::size_t> todo{static_cast<std::size_t>(f.tree_root[t])};
    while (!todo.empty()) {
      const std::size_t n = todo.back();
      todo.pop_back();
      out.push_back(f.cover[n]);
      if (f.feature[n] >= 0) {
        todo.push_back(static_cast<std::size_t>(f.left[n]) + 1);
        todo.push_back(static_cast<std::size_t>(f.left[n]));
      }
    }
  }
  return out;
}

void check_covers(const detail::Forest& f, const std::string& case_name, std::size_t n_trees = 0) {
  REQUIRE(f.has_covers());
  const std::vector<double> actual = preorder_covers(f, n_trees);
  std::vector<double> expected;
  for (const auto& row : fepipe_test::read_attribute("explain/" + case_name + "__covers.csv")) expected.push_back(row.value);
  tree_test::compare(actual, expected, 1e-12, case_name + " covers");
}

/// explain() on X adds up to `raw`, and explain_one gives the same bits per
/// record without allocating.
template <class Model>
void check_model(const Model& model, const Frame& X, const Eigen::MatrixXd& raw, const char* what) {
  INFO(std::string(what));
  ModelExplainer<Model> e(model);
  const Eigen::MatrixXd c = e.explain(X);
  check_additive(c, raw, e.n_features());
  std::vector<double> out(e.width());
  for (std::size_t r = 0; r < X.rows(); r += 97) {
    const std::vector<Value> row = row_of(X, r);
    {
      fepipe_test::CountAllocations count;
      e.explain_one(row, out);
      CHECK(count.count() == 0);
    }
    for (std::size_t j = 0; j < out.size(); ++j) CHECK(out[j] == c(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)));
  }
}

Eigen::MatrixXd column(const Eigen::VectorXd& v) { return v; }

}  // namespace

TEST_CASE("TreeSHAP: decision trees add up and record scikit-learn's covers") {
  const auto& house = tree_test::dataset("house");
  DecisionTreeRegressor reg({.max_depth = 6, .random_state = 0u});
  reg.fit(house.X, house.y);
  check_covers(reg.forest_, "dt_reg_house");
  check_model(reg, house.X, column(reg.predict(house.X)), "DecisionTreeRegressor, depth 6");
  DecisionTreeRegressor deep({.random_state = 0u});
  deep.fit(house.X, house.y);
  check_model(deep, house.X, column(deep.predict(house.X)), "DecisionTreeRegressor, unlimited depth");

  const auto& titanic = tree_test::dataset("titanic");
  DecisionTreeClassifier clf({.max_depth = 5, .random_state = 0u});
  clf.fit(titanic.X, titanic.y);
  // One tree per class in the Forest, sharing scikit-learn's one tree's
  // structure and covers.
  REQUIRE(clf.forest_.n_trees() == 2);
  check_covers(clf.forest_, "dt_clf_titanic", 1);
  CHECK(preorder_covers(clf.forest_, 2) == [&] {
    const auto once = preorder_covers(clf.forest_, 1);
    auto twice = once;
    twice.insert(twice.end(), once.begin(), once.end());
    return twice;
  }());
  // A decision tree classifier's raw output is its class probabilities.
  check_model(clf, titanic.X, clf.predict_proba(titanic.X), "DecisionTreeClassifier");
}

TEST_CASE("TreeSHAP: gradient boosting adds up on House Prices and Titanic (binary and 3 classes)") {
  const auto& house = tree_test::dataset("house");
  GradientBoostingRegressor sub({.n_estimators = 10, .subsample = 0.8, .max_depth = 3, .random_state = 0u});
  sub.fit(house.X, house.y);
  check_covers(sub.forest_, "gb_reg_house_sub");
  check_model(sub, house.X, column(sub.predict(house.X)), "GradientBoostingRegressor, subsample 0.8");
  GradientBoostingRegressor reg({.n_estimators = 100, .max_depth = 3, .random_state = 0u});
  reg.fit(house.X, house.y);
  check_model(reg, house.X, column(reg.predict(house.X)), "GradientBoostingRegressor, 100 trees");

  const auto& titanic = tree_test::dataset("titanic");
  GradientBoostingClassifier small({.n_estimators = 10, .max_depth = 3, .random_state = 0u});
  small.fit(titanic.X, titanic.y);
  check_covers(small.forest_, "gb_clf_titanic");
  GradientBoostingClassifier binary({.n_estimators = 100, .max_depth = 3, .random_state = 0u});
  binary.fit(titanic.X, titanic.y);
  check_model(binary, titanic.X, binary.decision_function(titanic.X), "GradientBoostingClassifier, binary");
  const auto& multi = tree_test::dataset("titanic_multi");
  GradientBoostingClassifier three({.n_estimators = 30, .max_depth = 3, .random_state = 0u});
  three.fit(multi.X, multi.y);
  check_model(three, multi.X, three.decision_function(multi.X), "GradientBoostingClassifier, 3 classes");
}

TEST_CASE("TreeSHAP: histogram gradient boosting adds up, missing values following the trees' side") {
  const auto& house = tree_test::dataset("house");
  const Frame X = house_with_nan();
  HistGradientBoostingRegressor small({.max_iter = 10, .early_stopping = HistEarlyStopping::off});
  small.fit(X, house.y);
  check_covers(small.forest_, "hgb_reg_house");
  HistGradientBoostingRegressor reg({.max_iter = 100, .early_stopping = HistEarlyStopping::off});
  reg.fit(X, house.y);
  check_model(reg, X, column(reg.predict(X)), "HistGradientBoostingRegressor, House Prices with NaN");

  const Frame T = titanic_with_nan();
  const auto& titanic = tree_test::dataset("titanic");
  HistGradientBoostingClassifier clf({.max_iter = 10, .early_stopping = HistEarlyStopping::off});
  clf.fit(T, titanic.y);
  check_covers(clf.forest_, "hgb_clf_titanic");
  check_model(clf, T, clf.decision_function(T), "HistGradientBoostingClassifier, binary, Titanic with NaN");
  const auto& multi = tree_test::dataset("titanic_multi");
  HistGradientBoostingClassifier three({.max_iter = 30, .early_stopping = HistEarlyStopping::off});
  three.fit(multi.X, multi.y);
  check_model(three, multi.X, three.decision_function(multi.X), "HistGradientBoostingClassifier, 3 classes");
}

TEST_CASE("TreeSHAP: label columns of HistGradientBoosting are explained through their category codes") {
  // A label column (ranked codes), an unseen label and a missing one in the
  // explained rows.
  const std::size_t n = 400;
  std::vector<double> a(n), b(n), y(n);
  std::vector<std::int32_t> codes(n);
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = static_cast<double>((i * 37) % 101) / 10.0;
    b[i] = i % 11 == 0 ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>((i * 13) % 29);
    codes[i] = static_cast<std::int32_t>((i * 7) % 5);
    y[i] = a[i] + (codes[i] == 2 ? 5.0 : 0.0) - (std::isnan(b[i]) ? 3.0 : 0.1 * b[i]);
  }
  Frame X(n);
  X.add("a", Column::numeric(a));
  X.add("b", Column::numeric(b));
  X.add("color", Column::categorical(codes, {"blue", "green", "red", "white", "yellow"}));
  HistGradientBoostingRegressor m({.max_iter = 20, .early_stopping = HistEarlyStopping::off});
  m.fit(X, Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(n)));
  check_model(m, X, column(m.predict(X)), "HistGradientBoostingRegressor with a label column");

  Frame Q(3);
  Q.add("a", Column::numeric({1.0, 5.0, 9.0}));
  Q.add("b", Column::numeric({2.0, std::numeric_limits<double>::quiet_NaN(), 20.0}));
  Q.add("color", Column::categorical({0, 1, -1}, {"red", "purple"}));  // red, unseen, missing
  check_model(m, Q, column(m.predict(Q)), "unseen and missing labels");
}

TEST_CASE("TreeSHAP equals brute-force Shapley values on small trees (every feature subset)") {
  // Each model's TreeSHAP against the exact Shapley values of the
  // path-dependent conditional expectation, for query rows on and between
  // thresholds.
  const auto check_exact = [](const auto& model, const Frame& X, std::span<const double> raw_base, const char* what) {
    INFO(std::string(what));
    using Model = std::remove_cvref_t<decltype(model)>;
    ModelExplainer<Model> e(model);
    const Eigen::MatrixXd c = e.explain(X);
    const auto F = e.n_features();
    double worst = 0.0;
    for (std::size_t r = 0; r < X.rows(); r += 7) {
      std::vector<double> x(F);
      for (std::size_t j = 0; j < F; ++j) x[j] = X.column(j).values()[r];
      const std::vector<double> exact = brute_force_shap(model.forest_, x.data(), raw_base);
      REQUIRE(exact.size() == e.width());
      for (std::size_t j = 0; j < exact.size(); ++j) {
        const double d = std::fabs(c(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) - exact[j]);
        worst = std::max(worst, d);
        if (d > 1e-12) {
          INFO("row " << r << " entry " << j << ": TreeSHAP " << c(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j))
                      << ", brute force " << exact[j]);
          CHECK(false);
        }
      }
    }
    MESSAGE(std::string(what) << ": largest difference " << worst);
  };

  const auto& syn = tree_test::dataset("syn_reg");  // 6 features, weights with zeros
  const auto& query = syn.query.cols() ? syn.query : syn.X;
  const std::vector<double> zero{0.0};
  DecisionTreeRegressor dt({.max_depth = 6, .random_state = 0u});
  dt.fit(syn.X, syn.y, syn.weight);
  check_exact(dt, syn.X, zero, "DecisionTreeRegressor, weighted (some weights 0)");
  check_exact(dt, query.select({"f0", "f1", "f2", "f3", "f4", "f5"}), zero, "on the query rows");

  const auto& bin = tree_test::dataset("syn_bin");
  GradientBoostingClassifier gb({.n_estimators = 15, .max_depth = 4, .random_state = 0u});
  gb.fit(bin.X, bin.y);
  check_exact(gb, bin.X, gb.init_raw_, "GradientBoostingClassifier, binary");
  const auto& multi = tree_test::dataset("syn_multi");
  DecisionTreeClassifier dtc({.max_depth = 5, .random_state = 0u});
  dtc.fit(multi.X, multi.y);
  check_exact(dtc, multi.X, std::vector<double>(3, 0.0), "DecisionTreeClassifier, 3 classes");

  // HGB with missing values and a categorical code column, 7 features.
  const std::size_t n = 500;
  Frame X(n);
  std::vector<std::vector<double>> cols(7, std::vector<double>(n));
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < 6; ++j) {
      const auto u = static_cast<double>((i * (2 * j + 3) + j * 17) % 23);
      cols[j][i] = (i + j) % 13 == 0 ? std::numeric_limits<double>::quiet_NaN() : u;
    }
    cols[6][i] = static_cast<double>((i * 5) % 4);  // category code
    y[i] = 0.1 * (std::isnan(cols[0][i]) ? 7.0 : cols[0][i]) + (cols[6][i] == 1.0 ? 1.0 : 0.0) +
           0.05 * (std::isnan(cols[1][i]) ? 0.0 : cols[1][i]) * (cols[2][i] > 10.0 ? 1.0 : -1.0);
  }
  for (std::size_t j = 0; j < 7; ++j) X.add("x" + std::to_string(j), Column::numeric(cols[j]));
  HistGradientBoostingRegressor hgb(
      {.max_iter = 15, .categorical_features = {"x6"}, .early_stopping = HistEarlyStopping::off});
  hgb.fit(X, Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(n)));
  check_exact(hgb, X, hgb.baseline_prediction_, "HistGradientBoostingRegressor, NaN and a categorical split");
}

TEST_CASE("TreeSHAP: a subtree without cover, off the record's path, splitting again on the same feature") {
  // Root: x1 <= 0.5 (cover 10); its left child x0 <= 0.5 (cover 10): left
  // a leaf (cover 10), right a subtree of cover 0 that splits on x0 again;
  // the root's right child a split on x0 (cover 0). Shapley values are
  // still finite and exact (brute force).
  const auto& syn = tree_test::dataset("syn_reg");
  DecisionTreeRegressor m({.max_depth = 2, .random_state = 0u});
  m.fit(syn.X, syn.y);
  detail::Forest f;
  f.n_features = static_cast<std::int32_t>(syn.X.cols());
  f.float32_inputs = true;
  f.tree_root.push_back(0);
  f.tree_output.push_back(0);
  f.add_node(1, 0.5, 0, 0.0, 10.0);       // 0
  f.add_node(0, 0.5, 0, 0.0, 10.0);       // 1 (left of 0)
  f.add_node(0, 0.25, 0, 0.0, 0.0);       // 2 (right of 0), no cover
  f.add_node(-1, 0.0, 0, 1.0, 10.0);      // 3 (left of 1)
  f.add_node(0, 0.75, 0, 0.0, 0.0);       // 4 (right of 1), no cover
  f.add_node(-1, 0.0, 0, 5.0, 0.0);       // 5 (left of 2)
  f.add_node(-1, 0.0, 0, 7.0, 0.0);       // 6 (right of 2)
  f.add_node(-1, 0.0, 0, 11.0, 0.0);      // 7 (left of 4)
  f.add_node(-1, 0.0, 0, 13.0, 0.0);      // 8 (right of 4)
  f.left = {1, 3, 5, -1, 7, -1, -1, -1, -1};
  REQUIRE_NOTHROW(f.compile());
  REQUIRE_NOTHROW(f.validate_covers());
  m.forest_ = f;
  ModelExplainer<DecisionTreeRegressor> e(m);
  std::vector<double> out(e.width());
  for (const double x0 : {0.1, 0.4, 0.6, 0.9})
    for (const double x1 : {0.1, 0.9}) {
      std::vector<double> x(syn.X.cols(), 0.0);
      x[0] = x0;
      x[1] = x1;
      std::vector<Value> row(x.begin(), x.end());
      e.explain_one(row, out);
      const std::vector<double> exact = brute_force_shap(m.forest_, x.data(), std::vector<double>{0.0});
      double sum = 0.0;
      for (std::size_t j = 0; j < out.size(); ++j) {
        CAPTURE(x0);
        CAPTURE(x1);
        CAPTURE(j);
        REQUIRE(std::isfinite(out[j]));
        CHECK(std::fabs(out[j] - exact[j]) <= 1e-12);
        sum += out[j];
      }
      CHECK(sum == doctest::Approx(m.predict_row(row)).epsilon(1e-12));
    }
}

TEST_CASE("TreeSHAP refuses trees deeper than it explains (a hostile chain)") {
  // A chain of 600 splits: valid for prediction, beyond the 512 levels
  // whose scratch and recursion explanations bound.
  const auto& syn = tree_test::dataset("syn_reg");
  DecisionTreeRegressor m({.max_depth = 2, .random_state = 0u});
  m.fit(syn.X, syn.y);
  detail::Forest chain;
  chain.n_features = static_cast<std::int32_t>(syn.X.cols());
  chain.float32_inputs = true;
  const std::int32_t depth = 600;
  chain.tree_root.push_back(0);
  chain.tree_output.push_back(0);
  // Split d is node 2d: its left child (2d + 1) a leaf, its right child
  // (2d + 2) the next split; covers count the leaves below.
  for (std::int32_t d = 0; d < depth; ++d) {
    const auto split = chain.add_node(0, static_cast<double>(d), 0, 0.0, static_cast<double>(depth - d + 1));
    chain.left[static_cast<std::size_t>(split)] = chain.add_node(-1, 0.0, 0, static_cast<double>(d), 1.0);
  }
  chain.add_node(-1, 0.0, 0, -1.0, 1.0);
  REQUIRE_NOTHROW(chain.compile());
  REQUIRE_NOTHROW(chain.validate_covers());
  m.forest_ = chain;
  CHECK_THROWS_WITH_AS(ModelExplainer<DecisionTreeRegressor>{m}, doctest::Contains("levels deep"), Error);
}

TEST_CASE("TreeSHAP: bad records are refused naming the model and column") {
  const auto& titanic = tree_test::dataset("titanic");
  GradientBoostingClassifier m({.n_estimators = 5, .random_state = 0u});
  m.fit(titanic.X, titanic.y);
  ModelExplainer<GradientBoostingClassifier> e(m);
  std::vector<double> out(e.width());
  std::vector<Value> row = row_of(titanic.X, 0);
  row[1] = Value::missing();
  CHECK_THROWS_WITH_AS(e.explain_one(row, out), doctest::Contains("GradientBoostingClassifier"), DataError);
  CHECK_THROWS_WITH_AS(e.explain_one(row, out), doctest::Contains("age"), DataError);
  row[1] = Value("old");
  CHECK_THROWS_AS(e.explain_one(row, out), SchemaError);
  row.pop_back();
  CHECK_THROWS_AS(e.explain_one(row, out), SchemaError);
  std::vector<double> short_out(e.width() - 1);
  CHECK_THROWS_AS(e.explain_one(row_of(titanic.X, 0), short_out), SchemaError);
  CHECK_THROWS_AS(e.explain(titanic.X.select({"age", "fare"})), SchemaError);
  GradientBoostingClassifier unfitted;
  CHECK_THROWS_AS(ModelExplainer<GradientBoostingClassifier>{unfitted}, NotFittedError);
}

TEST_CASE("feature_importances_ of the tree models are scikit-learn's (normalised impurity decrease)") {
  // Already learned by every CART model (tests/tree compares more cases);
  // checked here on the House Prices tree whose covers are compared above.
  const auto& titanic = tree_test::dataset("titanic");
  DecisionTreeClassifier clf({.max_depth = 4, .random_state = 0u});
  clf.fit(titanic.X, titanic.y);
  const auto expected = tree_test::reference_values("dt_clf_titanic_gini__feature_importances_.csv");
  std::vector<double> actual(clf.feature_importances_.data(),
                             clf.feature_importances_.data() + clf.feature_importances_.size());
  tree_test::compare(actual, expected, 1e-12, "feature_importances_");
}

}  // namespace explain_tree_shap_test
