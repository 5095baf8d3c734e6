// DecisionTreeRegressor / DecisionTreeClassifier against scikit-learn 1.2.1
// (tools/reference/tree_gb.py), plus the record path, model files and errors.
//
// The reference-data helpers of namespace tree_test are in tree_data.hpp.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "tree/tree_data.hpp"

namespace tree_decision_tree_test {

using namespace fepipe;

namespace {
using tree_test::compare;
using tree_test::Dataset;
using tree_test::dataset;

constexpr double rel_tol = 1e-9;

struct RegressorCase {
  const char* name;
  const char* data;
  DecisionTreeRegressor::Options options;
  bool weighted;
};
struct ClassifierCase {
  const char* name;
  const char* data;
  DecisionTreeClassifier::Options options;
  bool weighted;
};

// Mirrors tools/reference/tree_gb.py.
const RegressorCase regressor_cases[] = {
    {"dt_reg_house_full", "house", {.random_state = 0}, false},
    {"dt_reg_house_depth", "house", {.max_depth = 6, .min_samples_leaf = 5, .random_state = 0}, false},
    {"dt_reg_house_friedman_sqrt",
     "house",
     {.criterion = RegressionCriterion::friedman_mse,
      .max_depth = 8,
      .max_features = MaxFeatures::square_root(),
      .random_state = 3},
     false},
    {"dt_reg_syn_full", "syn_reg", {.random_state = 1}, false},
    {"dt_reg_syn_best_first", "syn_reg", {.max_features = 3, .random_state = 7, .max_leaf_nodes = 12}, false},
    {"dt_reg_syn_weighted",
     "syn_reg",
     {.min_samples_split = RowCount::fraction_of_rows(0.05), .min_weight_fraction_leaf = 0.05, .random_state = 2},
     true},
    {"dt_reg_syn_fractions",
     "syn_reg",
     {.min_samples_leaf = RowCount::fraction_of_rows(0.02),
      .max_features = MaxFeatures::fraction_of_features(0.5),
      .random_state = 4,
      .min_impurity_decrease = 0.05},
     false},
};

const ClassifierCase classifier_cases[] = {
    {"dt_clf_titanic_gini", "titanic", {.max_depth = 4, .random_state = 0}, false},
    {"dt_clf_titanic_entropy", "titanic", {.criterion = ClassificationCriterion::entropy, .random_state = 0}, false},
    {"dt_clf_syn_multi_log2", "syn_multi", {.max_features = MaxFeatures::log2(), .random_state = 5}, false},
    {"dt_clf_syn_multi_best_first",
     "syn_multi",
     {.criterion = ClassificationCriterion::log_loss, .random_state = 11, .max_leaf_nodes = 10},
     true},
    {"dt_clf_syn_bin", "syn_bin", {.min_samples_split = 10, .random_state = 0}, false},
};

template <class Model>
Model fit_case(const typename Model::Options& options, const Dataset& d, bool weighted) {
  Model m(options);
  if (weighted)
    m.fit(d.X, d.y, d.weight);
  else
    m.fit(d.X, d.y);
  return m;
}

/// Structure shared by both trees: leaves (scikit-learn ids), thresholds,
/// importances, depth, leaf count, max_features_.
template <class Model>
double check_structure(const Model& m, const std::string& name, const Dataset& d) {
  double worst = compare({m.feature_importances_.data(), static_cast<std::size_t>(m.feature_importances_.size())},
                         tree_test::reference_values(name + "__feature_importances_.csv"), rel_tol,
                         "feature_importances_");
  const std::vector<std::int32_t> leaves = m.apply(d.X);
  const std::vector<double> ref_leaves = tree_test::reference_values(name + "__apply.csv");
  REQUIRE(leaves.size() == ref_leaves.size());
  std::size_t leaf_mismatch = 0;
  for (std::size_t i = 0; i < leaves.size(); ++i) leaf_mismatch += leaves[i] != static_cast<std::int32_t>(ref_leaves[i]);
  CHECK(leaf_mismatch == 0);

  std::map<std::string, std::vector<double>> thresholds;
  for (const auto& row : fepipe_test::read_attribute("tree/" + name + "__thresholds.csv"))
    thresholds[row.variable].push_back(row.value);
  for (const auto& spec : m.feature_names_in_) {
    INFO("thresholds of " << spec.name);
    CHECK(m.split_thresholds(spec.name) == thresholds[spec.name]);
  }
  std::map<std::string, double> shape;
  for (const auto& row : fepipe_test::read_attribute("tree/" + name + "__shape.csv")) shape[row.variable] = row.value;
  CHECK(static_cast<double>(m.depth()) == shape["depth"]);
  CHECK(static_cast<double>(m.n_leaves()) == shape["n_leaves"]);
  CHECK(static_cast<double>(m.max_features_) == shape["max_features_"]);
  return worst;
}

Frame small_frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, 2.0, 3.0, 4.0, 5.0, 6.0}));
  f.add("b", Column::numeric({0.5, 0.5, 1.5, 1.5, 2.5, 2.5}));
  return f;
}
Target small_target() {
  Target y(6);
  y << 0, 0, 1, 1, 2, 2;
  return y;
}
}  // namespace

TEST_CASE("DecisionTreeRegressor matches scikit-learn 1.2.1: predictions, leaves, thresholds, importances") {
  for (const RegressorCase& c : regressor_cases) {
    INFO("case " << c.name);
    const Dataset& d = dataset(c.data);
    const auto m = fit_case<DecisionTreeRegressor>(c.options, d, c.weighted);
    const Eigen::VectorXd p = m.predict(d.X);
    double worst = compare({p.data(), static_cast<std::size_t>(p.size())},
                           tree_test::reference_column(std::string(c.name) + "__predict_train.csv", "pred"), rel_tol,
                           "train predictions");
    if (d.query.cols() > 0) {
      const Eigen::VectorXd q = m.predict(d.query);
      worst = std::max(worst, compare({q.data(), static_cast<std::size_t>(q.size())},
                                      tree_test::reference_column(std::string(c.name) + "__predict_query.csv", "pred"),
                                      rel_tol, "query predictions"));
    }
    worst = std::max(worst, check_structure(m, c.name, d));
    tree_test::report(c.name, worst);
  }
}

TEST_CASE("DecisionTreeClassifier matches scikit-learn 1.2.1: probabilities, labels, leaves, thresholds") {
  for (const ClassifierCase& c : classifier_cases) {
    INFO("case " << c.name);
    const Dataset& d = dataset(c.data);
    const auto m = fit_case<DecisionTreeClassifier>(c.options, d, c.weighted);
    double worst = 0.0;
    for (const char* part : {"train", "query"}) {
      const Frame& X = std::string(part) == "train" ? d.X : d.query;
      if (X.cols() == 0) continue;
      const auto [proba, labels] = tree_test::reference_proba(std::string(c.name) + "__predict_" + part + ".csv");
      worst = std::max(worst, compare(tree_test::to_std(m.predict_proba(X)), proba, rel_tol, "probabilities"));
      const Eigen::VectorXd got = m.predict(X);
      compare({got.data(), static_cast<std::size_t>(got.size())}, labels, 0.0, "labels");
    }
    worst = std::max(worst, check_structure(m, c.name, d));
    tree_test::report(c.name, worst);
  }
}

TEST_CASE("decision tree records predict bit for bit as the batch path") {
  const Dataset& d = dataset("syn_multi");
  const auto reg = fit_case<DecisionTreeRegressor>({.max_depth = 6, .random_state = 1}, d, false);
  const auto clf = fit_case<DecisionTreeClassifier>({.random_state = 2}, d, true);
  const Eigen::VectorXd pr = reg.predict(d.query);
  const Eigen::MatrixXd pp = clf.predict_proba(d.query);
  const Eigen::VectorXd pl = clf.predict(d.query);
  const auto rows = tree_test::records(d.query);
  std::vector<double> out(clf.n_classes());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    INFO("row " << r);
    CHECK(fepipe_test::same_bits(reg.predict_row(rows[r]), pr[static_cast<Eigen::Index>(r)]));
    CHECK(clf.predict_row(rows[r]) == pl[static_cast<Eigen::Index>(r)]);
    clf.predict_proba_row(rows[r], out);
    for (std::size_t k = 0; k < out.size(); ++k)
      CHECK(fepipe_test::same_bits(out[k], pp(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))));
  }
  // An Eigen matrix gives the same tree as the frame it was built from.
  Eigen::MatrixXd M(static_cast<Eigen::Index>(d.X.rows()), static_cast<Eigen::Index>(d.X.cols()));
  for (std::size_t c = 0; c < d.X.cols(); ++c)
    for (std::size_t r = 0; r < d.X.rows(); ++r)
      M(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = d.X.column(c).values()[r];
  DecisionTreeRegressor from_matrix({.max_depth = 6, .random_state = 1});
  from_matrix.fit(M, d.y);
  fepipe_test::require_identical(from_matrix.predict(M), reg.predict(d.X));
}

TEST_CASE("records wider than the stack buffer predict like batches") {
  const Eigen::Index n = 40, p = 1100;
  Eigen::MatrixXd M(n, p);
  Target y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < p; ++j) M(i, j) = static_cast<double>((i * 7 + j * 3) % 11);
    y[i] = static_cast<double>((i * 5) % 7);
  }
  DecisionTreeRegressor m({.max_features = 50, .random_state = 0});
  m.fit(M, y);
  const Eigen::VectorXd batch = m.predict(M);
  for (Eigen::Index i = 0; i < n; ++i) {
    std::vector<Value> rec;
    for (Eigen::Index j = 0; j < p; ++j) rec.emplace_back(M(i, j));
    CHECK(fepipe_test::same_bits(m.predict_row(rec), batch[i]));
  }
}

TEST_CASE("decision tree model files round trip bit for bit") {
  const Dataset& d = dataset("syn_multi");
  const auto reg = fit_case<DecisionTreeRegressor>({.random_state = 3, .max_leaf_nodes = 20}, d, false);
  auto [reg_json, reg_bin] = fepipe_test::roundtrip_both(reg);
  for (const auto* loaded : {&reg_json, &reg_bin}) {
    fepipe_test::require_identical(loaded->predict(d.query), reg.predict(d.query));
    CHECK(loaded->apply(d.X) == reg.apply(d.X));
    CHECK(loaded->split_thresholds("f0") == reg.split_thresholds("f0"));
    CHECK(loaded->options().max_leaf_nodes == 20);
  }
  const auto clf = fit_case<DecisionTreeClassifier>({.criterion = ClassificationCriterion::entropy, .random_state = 4},
                                                    d, true);
  auto [clf_json, clf_bin] = fepipe_test::roundtrip_both(clf);
  for (const auto* loaded : {&clf_json, &clf_bin}) {
    fepipe_test::require_identical(loaded->predict_proba(d.query), clf.predict_proba(d.query));
    CHECK(loaded->n_classes() == 3);
    CHECK(loaded->feature_importances_ == clf.feature_importances_);
  }
}

TEST_CASE("decision tree model files are checked on load") {
  DecisionTreeClassifier clf({.random_state = 0});
  clf.fit(small_frame(), small_target());
  const std::string json = save_model_to_string(clf, ModelFormat::json);
  const auto corrupt = [&](const std::string& from, const std::string& to) {
    std::string bad = json;
    const auto at = bad.find(from);
    REQUIRE(at != std::string::npos);
    bad.replace(at, from.size(), to);
    DecisionTreeClassifier loaded;
    CHECK_THROWS_AS(load_model_from_memory(bad, loaded), ModelFormatError);
  };
  corrupt("\"max_features_\": 2", "\"max_features_\": 0");
  corrupt("\"n_outputs\": 3", "\"n_outputs\": 4");
  corrupt("\"max_depth\": [", "\"max_depth\": [0");  // an invalid option
  corrupt("\"node_ids_\": [\n   0", "\"node_ids_\": [\n   7");
}

TEST_CASE("decision tree errors name the step, the column and the value") {
  const auto message = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  Frame X = small_frame();
  Frame with_nan = small_frame();
  with_nan.column(1).mutable_values()[2] = std::numeric_limits<double>::quiet_NaN();
  DecisionTreeRegressor reg;
  CHECK_THROWS_AS(reg.fit(with_nan, small_target()), DataError);
  CHECK(message([&] { reg.fit(with_nan, small_target()); }) ==
        "DecisionTreeRegressor: column 'b': value nan at row 2 is missing (trees here do not route missing values: "
        "impute first)");
  Frame huge = small_frame();
  huge.column(0).mutable_values()[4] = 1e300;
  CHECK(message([&] { reg.fit(huge, small_target()); }).find("column 'a': value 1e+300 at row 4 is too large for float32") !=
        std::string::npos);
  Frame inf = small_frame();
  inf.column(0).mutable_values()[1] = -std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(reg.fit(inf, small_target()), DataError);

  CHECK_THROWS_AS(reg.predict(X), NotFittedError);
  CHECK_THROWS_AS(reg.predict_row(std::vector<Value>{1.0, 2.0}), NotFittedError);
  reg.fit(X, small_target());
  CHECK(message([&] { reg.predict(with_nan); }).find("column 'b': value nan at row 2") != std::string::npos);
  CHECK_THROWS_AS(reg.predict_row(std::vector<Value>{1.0, std::numeric_limits<double>::quiet_NaN()}), DataError);
  CHECK_THROWS_AS(reg.predict_row(std::vector<Value>{1.0}), SchemaError);
  CHECK(message([&] { reg.predict_row(std::vector<Value>{1.0, "x"}); }).find("column 'b'") != std::string::npos);
  CHECK(message([&] { reg.predict(X.select({"a"})); }).find("column 'b': is missing") != std::string::npos);

  Frame cat = small_frame();
  cat.add("c", Column::from_labels(std::vector<std::string>{"u", "v", "u", "v", "u", "v"}));
  CHECK(message([&] { reg.fit(cat, small_target()); }) ==
        "DecisionTreeRegressor: column 'c': is categorical; encode it before this estimator (estimators need numbers)");
  CHECK_THROWS_AS(reg.fit(Frame(), small_target()), DataError);
  CHECK_THROWS_AS(reg.fit(X.head(0), Target()), DataError);
  CHECK_THROWS_AS(reg.fit(X, Target::Zero(3)), SchemaError);
  Target y_nan = small_target();
  y_nan[0] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(reg.fit(X, y_nan), DataError);
  CHECK_THROWS_AS(reg.fit(X, small_target(), Eigen::VectorXd::Constant(6, -1.0)), DataError);
  CHECK_THROWS_AS(reg.fit(X, small_target(), Eigen::VectorXd::Zero(6)), DataError);
  CHECK_THROWS_AS(reg.fit(X, small_target(), Eigen::VectorXd::Ones(5)), SchemaError);
  CHECK_THROWS_AS(reg.fit(Eigen::MatrixXd(0, 2), Target()), DataError);

  DecisionTreeClassifier clf;
  std::vector<double> three(3);
  CHECK_THROWS_AS(clf.predict_row(std::vector<Value>{1.0, 2.0}), NotFittedError);
  CHECK_THROWS_AS(clf.predict_proba_row(std::vector<Value>{1.0, 2.0}, three), NotFittedError);
  Target y = small_target();
  y[4] = y[5] = 3.0;  // labels 0, 1, 3: class 2 is missing
  CHECK(message([&] { clf.fit(X, y); }) ==
        "DecisionTreeClassifier: class 2 has no rows, but label 3 does (labels must be 0..k-1, every class present)");
  y = small_target();
  y[1] = -1.0;
  CHECK(message([&] { clf.fit(X, y); }).find("value -1.0 at row 1 is not a class label") != std::string::npos);
  y[1] = 0.5;
  CHECK_THROWS_AS(clf.fit(X, y), DataError);
  CHECK(message([&] { clf.fit(X, Target::Zero(6)); }) ==
        "DecisionTreeClassifier: the target holds a single class (0); a classifier needs at least two");
  clf.fit(X, small_target());
  std::vector<double> two(2);
  CHECK_THROWS_AS(clf.predict_proba_row(std::vector<Value>{1.0, 2.0}, two), SchemaError);

  using O = DecisionTreeRegressor::Options;
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.max_depth = 0}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.min_samples_split = 1}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.min_samples_split = RowCount::fraction_of_rows(1.5)}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.min_samples_leaf = 0}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.min_samples_leaf = RowCount::fraction_of_rows(1.0)}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.min_weight_fraction_leaf = 0.6}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.max_features = 0}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.max_features = MaxFeatures::fraction_of_features(0.0)}), ParameterError);
  CHECK_THROWS_AS(DecisionTreeRegressor(O{.max_leaf_nodes = 1}), ParameterError);
  CHECK(message([&] { DecisionTreeRegressor(O{.min_impurity_decrease = -1.0}); }) ==
        "DecisionTreeRegressor: min_impurity_decrease must be a finite number >= 0, got -1.0");
}

TEST_CASE("a pipeline ending in a decision tree predicts single records like batches") {
  Frame X = small_frame();
  X.column(0).mutable_values()[3] = std::numeric_limits<double>::quiet_NaN();
  Pipeline p(MeanMedianImputer(), DecisionTreeClassifier({.random_state = 0}));
  static_assert(decltype(p)::row_path);
  p.fit(X, small_target());
  const Eigen::VectorXd batch = p.predict(X);
  const Eigen::MatrixXd proba = p.predict_proba(X);
  std::vector<double> out(3);
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const std::vector<Value> rec{X.column(0).values()[r], X.column(1).values()[r]};
    CHECK(p.predict_one(rec) == batch[static_cast<Eigen::Index>(r)]);
    p.predict_proba_one(rec, out);
    for (std::size_t k = 0; k < 3; ++k)
      CHECK(fepipe_test::same_bits(out[k], proba(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))));
  }
  auto [json, bin] = fepipe_test::roundtrip_both(p);
  fepipe_test::require_identical(json.predict_proba(X), proba);
  fepipe_test::require_identical(bin.predict_proba(X), proba);
}

}  // namespace tree_decision_tree_test
