// GradientBoostingRegressor / GradientBoostingClassifier against
// scikit-learn 1.2.1 (tools/reference/tree_gb.py), plus the record path,
// staged predictions, model files and errors; and the allocation-free
// record path of every CART-based model (this is test_tree's only file
// counting allocations).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/mean_median_imputer.hpp"
#include "fepipe/tree/boosting_options.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "tree/tree_data.hpp"

namespace tree_gradient_boosting_test {

using namespace fepipe;

namespace {
using tree_test::compare;
using tree_test::Dataset;
using tree_test::dataset;

constexpr double rel_tol = 1e-9;

struct RegressorCase {
  const char* name;
  const char* data;
  GradientBoostingRegressor::Options options;
  bool weighted;
  bool staged;
};
struct ClassifierCase {
  const char* name;
  const char* data;
  GradientBoostingClassifier::Options options;
  bool weighted;
  bool staged;
};

// Mirrors tools/reference/tree_gb.py.
const RegressorCase regressor_cases[] = {
    {"gb_reg_house_ls", "house", {.random_state = 0}, false, true},
    {"gb_reg_house_lad_sub",
     "house",
     {.loss = RegressionLoss::absolute_error, .n_estimators = 50, .subsample = 0.8, .random_state = 1},
     false,
     false},
    {"gb_reg_house_huber",
     "house",
     {.loss = RegressionLoss::huber,
      .n_estimators = 60,
      .random_state = 2,
      .max_features = MaxFeatures::square_root(),
      .alpha = 0.8},
     false,
     false},
    {"gb_reg_house_quantile",
     "house",
     {.loss = RegressionLoss::quantile,
      .learning_rate = 0.2,
      .n_estimators = 40,
      .criterion = RegressionCriterion::squared_error,
      .max_depth = std::nullopt,
      .random_state = 0,
      .alpha = 0.3,
      .max_leaf_nodes = 8},
     false,
     false},
    {"gb_reg_house_early",
     "house",
     {.learning_rate = 0.3,
      .n_estimators = 500,
      .random_state = 3,
      .validation_fraction = 0.2,
      .n_iter_no_change = 5},
     false,
     false},
    {"gb_reg_syn_ls", "syn_reg", {.n_estimators = 40, .random_state = 4}, false, false},
    {"gb_reg_syn_huber_sub_weighted",
     "syn_reg",
     {.loss = RegressionLoss::huber, .n_estimators = 40, .subsample = 0.7, .random_state = 5},
     true,
     false},
    {"gb_reg_syn_lad_zero",
     "syn_reg",
     {.loss = RegressionLoss::absolute_error,
      .n_estimators = 30,
      .min_samples_leaf = 4,
      .init = BoostingInit::zero,
      .random_state = 6,
      .max_features = 2},
     false,
     false},
    {"gb_reg_syn_quantile_early",
     "syn_reg",
     {.loss = RegressionLoss::quantile, .n_estimators = 200, .random_state = 7, .alpha = 0.6, .n_iter_no_change = 3},
     false,
     false},
};

const ClassifierCase classifier_cases[] = {
    {"gb_clf_titanic_binary", "titanic", {.random_state = 0}, false, true},
    {"gb_clf_titanic_exp_sub",
     "titanic",
     {.loss = ClassificationLoss::exponential, .n_estimators = 50, .subsample = 0.6, .random_state = 5},
     false,
     false},
    {"gb_clf_titanic_early",
     "titanic",
     {.n_estimators = 300, .random_state = 8, .validation_fraction = 0.15, .n_iter_no_change = 4},
     false,
     false},
    {"gb_clf_titanic_multi", "titanic_multi", {.n_estimators = 40, .max_depth = 2, .random_state = 1}, false, true},
    {"gb_clf_syn_multi",
     "syn_multi",
     {.n_estimators = 100, .subsample = 0.8, .random_state = 6, .max_features = 3, .n_iter_no_change = 3},
     true,
     false},
    {"gb_clf_syn_bin_zero",
     "syn_bin",
     {.n_estimators = 30,
      .min_samples_leaf = 3,
      .max_depth = std::nullopt,
      .init = BoostingInit::zero,
      .random_state = 9,
      .max_leaf_nodes = 6},
     false,
     false},
    {"gb_clf_syn_bin_exp_weighted",
     "syn_bin",
     {.loss = ClassificationLoss::exponential,
      .n_estimators = 30,
      .min_samples_split = RowCount::fraction_of_rows(0.1),
      .min_weight_fraction_leaf = 0.02,
      .random_state = 10},
     true,
     false},
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

std::span<const double> span_of(const Eigen::VectorXd& v) { return {v.data(), static_cast<std::size_t>(v.size())}; }

/// What both boosting models learn besides predictions.
template <class Model>
double check_learned(const Model& m, const std::string& name) {
  const std::vector<double> n_est = tree_test::reference_values(name + "__n_estimators_.csv");
  REQUIRE(static_cast<double>(m.n_estimators_) == n_est.at(0));
  double worst = compare(span_of(m.feature_importances_),
                         tree_test::reference_values(name + "__feature_importances_.csv"), rel_tol,
                         "feature_importances_");
  worst = std::max(worst, compare(span_of(m.train_score_), tree_test::reference_values(name + "__train_score_.csv"),
                                  rel_tol, "train_score_"));
  if (m.options().subsample < 1.0)
    worst = std::max(worst, compare(span_of(m.oob_improvement_),
                                    tree_test::reference_values(name + "__oob_improvement_.csv"), rel_tol,
                                    "oob_improvement_"));
  else
    CHECK(m.oob_improvement_.size() == 0);
  return worst;
}

/// The staged reference file: rows (stage, row, values...) for the first 25
/// training rows after a few stages.
template <class Staged>
double check_staged(const Staged& stages, const std::string& name, std::size_t width) {
  const Frame f = fepipe_test::read_reference_frame("tree/" + name + "__staged.csv");
  double worst = 0.0;
  for (std::size_t i = 0; i < f.rows(); ++i) {
    const auto stage = static_cast<std::size_t>(f.numeric("stage")[i]);
    const auto row = static_cast<Eigen::Index>(f.numeric("row")[i]);
    REQUIRE(stage < stages.size());
    for (std::size_t k = 0; k < width; ++k) {
      std::string column = "p";
      column += std::to_string(k);
      const double expected = f.numeric(width == 1 ? std::string("pred") : column)[i];
      const double actual = stages[stage](row, static_cast<Eigen::Index>(k));
      worst = std::max(worst, compare(std::span<const double>(&actual, 1), std::span<const double>(&expected, 1),
                                      rel_tol, "staged stage " + std::to_string(stage)));
    }
  }
  return worst;
}

Frame small_frame() {
  Frame f;
  f.add("a", Column::numeric({1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0}));
  f.add("b", Column::numeric({0.5, 0.5, 1.5, 1.5, 2.5, 2.5, 3.5, 3.5}));
  return f;
}
Target small_target() {
  Target y(8);
  y << 0, 0, 1, 1, 2, 2, 0, 1;
  return y;
}

std::string message_of(auto&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no exception";
}
}  // namespace

TEST_CASE("the boosting models' option types are public (#17 point 7)") {
  // They were fepipe::detail::GradientBoostingOptions and enums declared in
  // a detail header: a program could not name the type of its own options.
  static_assert(std::is_same_v<GradientBoostingRegressor::Options, GradientBoostingOptions<RegressionLoss>>);
  static_assert(std::is_same_v<GradientBoostingClassifier::Options, GradientBoostingOptions<ClassificationLoss>>);
  GradientBoostingOptions<RegressionLoss> o{.loss = RegressionLoss::huber, .n_estimators = 5, .init = BoostingInit::zero};
  const GradientBoostingRegressor model(o);
  CHECK(model.options().n_estimators == 5);
  CHECK(model.options().init == BoostingInit::zero);
  CHECK(enum_names(HistEarlyStopping{}).front() == "auto");
  CHECK(enum_names(HistScoring{}).front() == "loss");
}

TEST_CASE("GradientBoostingRegressor matches scikit-learn 1.2.1 for every loss, subsampling and early stopping") {
  for (const RegressorCase& c : regressor_cases) {
    INFO("case " << c.name);
    const Dataset& d = dataset(c.data);
    const auto m = fit_case<GradientBoostingRegressor>(c.options, d, c.weighted);
    const std::string name = c.name;
    double worst = compare(span_of(m.predict(d.X)), tree_test::reference_column(name + "__predict_train.csv", "pred"),
                           rel_tol, "train predictions");
    if (d.query.cols() > 0)
      worst = std::max(worst, compare(span_of(m.predict(d.query)),
                                      tree_test::reference_column(name + "__predict_query.csv", "pred"), rel_tol,
                                      "query predictions"));
    worst = std::max(worst, check_learned(m, name));
    if (c.staged) {
      const std::vector<Eigen::VectorXd> stages = m.staged_predict(d.X.head(25));
      std::vector<Eigen::MatrixXd> as_matrices(stages.begin(), stages.end());
      worst = std::max(worst, check_staged(as_matrices, name, 1));
    }
    tree_test::report(name, worst);
  }
}

TEST_CASE("GradientBoostingClassifier matches scikit-learn 1.2.1: binary, exponential, multiclass, early stopping") {
  for (const ClassifierCase& c : classifier_cases) {
    INFO("case " << c.name);
    const Dataset& d = dataset(c.data);
    const auto m = fit_case<GradientBoostingClassifier>(c.options, d, c.weighted);
    const std::string name = c.name;
    double worst = 0.0;
    for (const char* part : {"train", "query"}) {
      const Frame& X = std::string(part) == "train" ? d.X : d.query;
      if (X.cols() == 0) continue;
      const auto [proba, labels] = tree_test::reference_proba(name + "__predict_" + part + ".csv");
      worst = std::max(worst, compare(tree_test::to_std(m.predict_proba(X)), proba, rel_tol, "probabilities"));
      compare(span_of(m.predict(X)), labels, 0.0, "labels");
    }
    worst = std::max(worst, check_learned(m, name));
    if (c.staged) worst = std::max(worst, check_staged(m.staged_predict_proba(d.X.head(25)), name, m.n_classes()));
    tree_test::report(name, worst);
  }
}

TEST_CASE("gradient boosting records, staged predictions and matrices agree with the batch path bit for bit") {
  const Dataset& d = dataset("syn_multi");
  const auto reg = fit_case<GradientBoostingRegressor>({.n_estimators = 20, .subsample = 0.9, .random_state = 1}, d, false);
  const auto clf = fit_case<GradientBoostingClassifier>({.n_estimators = 15, .random_state = 2}, d, true);
  const Eigen::VectorXd pr = reg.predict(d.query);
  const Eigen::MatrixXd pp = clf.predict_proba(d.query);
  const Eigen::VectorXd pl = clf.predict(d.query);
  const auto rows = tree_test::records(d.query);
  std::vector<double> out(3);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    INFO("row " << r);
    CHECK(fepipe_test::same_bits(reg.predict_row(rows[r]), pr[static_cast<Eigen::Index>(r)]));
    CHECK(clf.predict_row(rows[r]) == pl[static_cast<Eigen::Index>(r)]);
    clf.predict_proba_row(rows[r], out);
    for (std::size_t k = 0; k < 3; ++k)
      CHECK(fepipe_test::same_bits(out[k], pp(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))));
  }
  const auto staged = reg.staged_predict(d.query);
  REQUIRE(staged.size() == 20);
  fepipe_test::require_identical(staged.back(), pr);
  const auto staged_proba = clf.staged_predict_proba(d.query);
  fepipe_test::require_identical(staged_proba.back(), pp);
  fepipe_test::require_identical(clf.staged_predict(d.query).back(), pl);
  CHECK(clf.decision_function(d.query).cols() == 3);

  Eigen::MatrixXd M(static_cast<Eigen::Index>(d.X.rows()), static_cast<Eigen::Index>(d.X.cols()));
  for (std::size_t c = 0; c < d.X.cols(); ++c)
    for (std::size_t r = 0; r < d.X.rows(); ++r)
      M(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = d.X.column(c).values()[r];
  GradientBoostingClassifier from_matrix({.n_estimators = 15, .random_state = 2});
  from_matrix.fit(M, d.y, d.weight);
  fepipe_test::require_identical(from_matrix.predict_proba(M), clf.predict_proba(d.X));
}

TEST_CASE("gradient boosting model files round trip bit for bit and are checked on load") {
  const Dataset& d = dataset("syn_multi");
  const auto reg = fit_case<GradientBoostingRegressor>(
      {.loss = RegressionLoss::huber, .n_estimators = 25, .subsample = 0.8, .random_state = 3}, d, false);
  auto [reg_json, reg_bin] = fepipe_test::roundtrip_both(reg);
  for (const auto* loaded : {&reg_json, &reg_bin}) {
    fepipe_test::require_identical(loaded->predict(d.query), reg.predict(d.query));
    fepipe_test::require_identical(loaded->train_score_, reg.train_score_);
    fepipe_test::require_identical(loaded->oob_improvement_, reg.oob_improvement_);
  }
  const auto clf = fit_case<GradientBoostingClassifier>({.n_estimators = 10, .random_state = 4}, d, false);
  auto [clf_json, clf_bin] = fepipe_test::roundtrip_both(clf);
  for (const auto* loaded : {&clf_json, &clf_bin}) {
    fepipe_test::require_identical(loaded->predict_proba(d.query), clf.predict_proba(d.query));
    CHECK(loaded->n_estimators_ == 10);
  }

  const std::string json = save_model_to_string(clf, ModelFormat::json);
  const auto corrupt = [&](const std::string& from, const std::string& to) {
    std::string bad = json;
    const auto at = bad.find(from);
    REQUIRE(at != std::string::npos);
    bad.replace(at, from.size(), to);
    GradientBoostingClassifier loaded;
    CHECK_THROWS_AS(load_model_from_memory(bad, loaded), ModelFormatError);
  };
  corrupt("\"n_estimators_\": 10", "\"n_estimators_\": 11");
  corrupt("\"n_estimators\": 10", "\"n_estimators\": 5");
  corrupt("\"loss\": \"log_loss\"", "\"loss\": \"huber\"");
  corrupt("\"init_raw_\": [", "\"init_raw_\": [1.0,");
  corrupt("\"learning_rate\": 0.1", "\"learning_rate\": -0.1");
}

TEST_CASE("gradient boosting errors name the step, the column and the value") {
  GradientBoostingRegressor reg({.n_estimators = 5});
  Frame with_nan = small_frame();
  with_nan.column(0).mutable_values()[6] = std::numeric_limits<double>::quiet_NaN();
  CHECK(message_of([&] { reg.fit(with_nan, small_target()); }) ==
        "GradientBoostingRegressor: column 'a': value nan at row 6 is missing (trees here do not route missing "
        "values: impute first)");
  CHECK_THROWS_AS(reg.predict(small_frame()), NotFittedError);
  reg.fit(small_frame(), small_target());
  CHECK_THROWS_AS(reg.predict(with_nan), DataError);
  CHECK_THROWS_AS(reg.predict_row(std::vector<Value>{std::numeric_limits<double>::infinity(), 1.0}), DataError);
  Frame cat = small_frame();
  cat.add("c", Column::from_labels(std::vector<std::string>{"u", "v", "u", "v", "u", "v", "u", "v"}));
  CHECK_THROWS_AS(reg.fit(cat, small_target()), SchemaError);
  CHECK_THROWS_AS(reg.fit(Frame(), small_target()), DataError);

  GradientBoostingClassifier clf({.n_estimators = 5});
  std::vector<double> three_slots(3);
  CHECK_THROWS_AS(clf.predict_row(std::vector<Value>{1.0, 2.0}), NotFittedError);
  CHECK_THROWS_AS(clf.predict_proba_row(std::vector<Value>{1.0, 2.0}, three_slots), NotFittedError);
  CHECK(message_of([&] { clf.fit(small_frame(), Target::Ones(8)); }).find("class 0 has no rows") !=
        std::string::npos);
  CHECK(message_of([&] { clf.fit(small_frame(), Target::Zero(8)); }).find("single class") != std::string::npos);
  Target frac = small_target();
  frac[3] = 1.5;
  CHECK_THROWS_AS(clf.fit(small_frame(), frac), DataError);
  GradientBoostingClassifier expo({.loss = ClassificationLoss::exponential, .n_estimators = 5});
  CHECK(message_of([&] { expo.fit(small_frame(), small_target()); }) ==
        "GradientBoostingClassifier: loss 'exponential' needs 2 classes, the target has 3");
  // Only one class keeps a non-zero weight.
  Eigen::VectorXd w = Eigen::VectorXd::Zero(8);
  w[0] = w[1] = 1.0;
  CHECK(message_of([&] { clf.fit(small_frame(), small_target(), w); }).find("non-zero total sample_weight") !=
        std::string::npos);
  // A stratified validation split needs two rows per class.
  GradientBoostingClassifier early({.n_estimators = 5, .n_iter_no_change = 2});
  Target rare = small_target();
  rare[4] = 0;  // class 2 keeps a single row
  CHECK(message_of([&] { early.fit(small_frame(), rare); }).find("class 2 has 1 row(s)") != std::string::npos);
  GradientBoostingRegressor early_reg({.n_estimators = 5, .validation_fraction = 0.9, .n_iter_no_change = 2});
  Frame two = small_frame().head(2);
  CHECK_THROWS_AS(early_reg.fit(two, Target::Ones(2)), DataError);
  clf.fit(small_frame(), small_target());
  std::vector<double> two_slots(2);
  CHECK_THROWS_AS(clf.predict_proba_row(std::vector<Value>{1.0, 2.0}, two_slots), SchemaError);

  using R = GradientBoostingRegressor::Options;
  using C = GradientBoostingClassifier::Options;
  CHECK(message_of([] { GradientBoostingRegressor(R{.learning_rate = -1.0}); }) ==
        "GradientBoostingRegressor: learning_rate must be a finite number >= 0, got -1.0");
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.n_estimators = 0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.subsample = 0.0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.max_depth = 0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.alpha = 1.0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.validation_fraction = 1.0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.n_iter_no_change = 0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingRegressor(R{.tol = -1.0}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingClassifier(C{.alpha = 0.5}), ParameterError);
  CHECK_THROWS_AS(GradientBoostingClassifier(C{.max_features = 0}), ParameterError);
}

TEST_CASE("a pipeline ending in gradient boosting predicts single records like batches") {
  Frame X = small_frame();
  X.column(1).mutable_values()[5] = std::numeric_limits<double>::quiet_NaN();
  Pipeline p(MeanMedianImputer(), GradientBoostingRegressor({.n_estimators = 10, .random_state = 0}));
  static_assert(decltype(p)::row_path);
  p.fit(X, small_target());
  const Eigen::VectorXd batch = p.predict(X);
  for (std::size_t r = 0; r < X.rows(); ++r)
    CHECK(fepipe_test::same_bits(p.predict_one({X.column(0).values()[r], X.column(1).values()[r]}),
                                 batch[static_cast<Eigen::Index>(r)]));
  auto [json, bin] = fepipe_test::roundtrip_both(p);
  fepipe_test::require_identical(json.predict(X), batch);
  fepipe_test::require_identical(bin.predict(X), batch);
}

TEST_CASE("record predictions of every CART model make no heap allocation") {
  const Dataset& d = dataset("syn_multi");
  const auto gbr = fit_case<GradientBoostingRegressor>({.n_estimators = 20, .random_state = 1}, d, false);
  const auto gbc = fit_case<GradientBoostingClassifier>({.n_estimators = 10, .random_state = 2}, d, false);
  const auto dtr = fit_case<DecisionTreeRegressor>({.random_state = 3}, d, false);
  const auto dtc = fit_case<DecisionTreeClassifier>({.random_state = 4}, d, false);
  GradientBoostingRegressor loaded;
  load_model_from_memory(save_model_to_string(gbr, ModelFormat::binary), loaded);
  Pipeline p(MeanMedianImputer(), GradientBoostingClassifier({.n_estimators = 5, .random_state = 0}));
  p.fit(d.X, d.y);
  const auto rows = tree_test::records(d.query);
  Workspace ws;
  std::vector<double> out(3);
  double sink = 0.0;
  const auto predict_all = [&] {
    for (const auto& rec : rows) {
      sink += gbr.predict_row(rec) + gbc.predict_row(rec) + dtr.predict_row(rec) + dtc.predict_row(rec) +
              loaded.predict_row(rec) + p.predict_one(rec, ws);
      gbc.predict_proba_row(rec, out);
      dtc.predict_proba_row(rec, out);
      p.predict_proba_one(rec, out, ws);
      sink += out[0];
    }
  };
  predict_all();  // warms the workspace
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    predict_all();
    allocations = guard.count();
  }
  CHECK(allocations == 0);
  CHECK(std::isfinite(sink));
  // The counter is live in this program: a batch prediction allocates.
  fepipe_test::CountAllocations control;
  CHECK(gbr.predict(d.query).size() > 0);
  CHECK(control.count() > 0);
}

}  // namespace tree_gradient_boosting_test
