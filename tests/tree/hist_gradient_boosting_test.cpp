// HistGradientBoostingRegressor / Classifier against scikit-learn 1.2.1
// (tools/reference/tree_hgb.py), plus threads, model files, records and
// errors. The reference semantics page (§12) describes scikit-learn 1.4–1.8;
// these tests hold fepipe to 1.2.1's numbers, which differ where 1.4+
// changed behaviour: categorical_features defaults to None (so numeric code
// columns are named explicitly here), categorical columns are not moved in
// front of the numeric ones, and label columns have no native support (the
// generator ordinal-encodes them with sorted categories, as fepipe does).

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fepipe/core/pipeline.hpp"
#include "fepipe/impute/categorical_imputer.hpp"
#include "fepipe/io/csv.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"

namespace tree_hist_gradient_boosting_test {

using namespace fepipe;
using fepipe_test::read_attribute;
using fepipe_test::read_reference_frame;

namespace {

const double missing_value = std::numeric_limits<double>::quiet_NaN();
constexpr double rel = 1e-6;

// ---- data -----------------------------------------------------------------

Frame house_features() {
  std::vector<std::string> names;
  for (const auto& row : read_attribute("tree/hgb_house__features.csv")) names.push_back(row.text);
  return fepipe_test::load_houseprice().select(names);
}
Target house_target() {
  const Frame house = fepipe_test::load_houseprice();
  const auto y = house.numeric("SalePrice");
  return Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
}

Frame titanic(Target& survived) {
  CsvOptions o;
  o.na_values = {"?"};
  const Frame all = read_csv(fepipe_test::data_path("titanic.csv"), o);
  const auto s = all.numeric("survived");
  survived = Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Eigen::Index>(s.size()));
  return all.select({"pclass", "age", "sibsp", "parch", "fare"});
}

Target column_target(const Frame& f, const char* name) {
  const auto v = f.numeric(name);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}
Frame synth_features(const Frame& f) { return f.select({"num_a", "num_b", "code", "color"}); }

// The generated data set of tree_hgb.py (synth_frame): splitmix64 of the
// row and stream gives exactly the same doubles in Python and here.
std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
double synth_u(std::uint64_t i, std::uint64_t j) {
  return static_cast<double>(mix64(i * 1000003ull + j) >> 11) / 9007199254740992.0;
}
struct Generated {
  Frame X;
  Target score, y_class;
};
Generated generated(std::size_t n) {
  std::vector<double> x0(n), x1(n), x2(n), x3(n);
  Generated g;
  g.score.resize(static_cast<Eigen::Index>(n));
  g.y_class.resize(static_cast<Eigen::Index>(n));
  const double effect[6] = {1.0, -2.0, 0.5, 3.0, 0.0, -1.0};
  for (std::size_t i = 0; i < n; ++i) {
    x0[i] = synth_u(i, 0) * 10.0 - 5.0;
    x1[i] = synth_u(i, 5) < 0.1 ? missing_value : synth_u(i, 1);
    x2[i] = synth_u(i, 6) < 0.05 ? missing_value : std::floor(synth_u(i, 2) * 6.0);
    x3[i] = synth_u(i, 3) * synth_u(i, 4);
    double s = x0[i] * 2.0 + (std::isnan(x1[i]) ? 0.5 : x1[i]) * 3.0;
    s += std::isnan(x2[i]) ? 0.0 : effect[static_cast<int>(x2[i])];
    s = s + synth_u(i, 7) * 2.0;
    const auto r = static_cast<Eigen::Index>(i);
    g.score[r] = s;
    g.y_class[r] = s < -2.0 ? 0.0 : (s < 4.0 ? 1.0 : 2.0);
  }
  g.X.add("x0", Column::numeric(std::move(x0)));
  g.X.add("x1", Column::numeric(std::move(x1)));
  g.X.add("x2", Column::numeric(std::move(x2)));
  g.X.add("x3", Column::numeric(std::move(x3)));
  return g;
}

// ---- comparisons ----------------------------------------------------------

void check_values(const Eigen::VectorXd& actual, const Frame& expected, const char* column) {
  const auto e = expected.numeric(column);
  REQUIRE(static_cast<std::size_t>(actual.size()) == e.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < e.size(); ++i)
    if (!fepipe_test::close(actual[static_cast<Eigen::Index>(i)], e[i], rel, 1e-12) && bad++ < 5) {
      INFO(column << " row " << i << " actual " << actual[static_cast<Eigen::Index>(i)] << " expected " << e[i]);
      CHECK(false);
    }
  CHECK(bad == 0);
}

template <class Model>
void check_predictions(const Model& m, const Frame& X, const std::string& ref_case) {
  const Frame ref = read_reference_frame("tree/" + ref_case + "__predict.csv");
  if constexpr (requires { m.predict_proba(X); }) {
    const Eigen::MatrixXd p = m.predict_proba(X);
    REQUIRE(static_cast<std::size_t>(p.cols()) + 1 == ref.cols());
    for (Eigen::Index k = 0; k < p.cols(); ++k) {
      // Built with += : GCC 12 at -O3 warns (-Wrestrict, a known false
      // positive) on "p" + std::to_string(k).
      std::string column = "p";
      column += std::to_string(k);
      check_values(p.col(k), ref, column.c_str());
    }
    const Eigen::VectorXd cls = m.predict(X);
    const auto e = ref.numeric("pred");
    for (std::size_t i = 0; i < e.size(); ++i) CHECK(cls[static_cast<Eigen::Index>(i)] == e[i]);
  } else {
    check_values(m.predict(X), ref, "pred");
  }
}

void check_n_iter(const detail::HistGradientBoostingBase& m, const std::string& ref_case) {
  const auto rows = read_attribute("tree/" + ref_case + "__n_iter.csv");
  REQUIRE(rows.size() == 1);
  CHECK(m.n_iter_ == static_cast<int>(rows[0].value));
}

void check_scores(const std::vector<double>& actual, const std::string& file) {
  const auto rows = read_attribute(file);
  REQUIRE(actual.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) FEPIPE_CHECK_CLOSE(actual[i], rows[i].value, rel);
}

// Bin thresholds are computed exactly as numpy does: compare bit for bit.
void check_thresholds(const detail::HistGradientBoostingBase& m, const std::string& ref_case) {
  const auto rows = read_attribute("tree/" + ref_case + "__bin_thresholds.csv");
  std::size_t checked = 0;
  for (std::size_t f = 0; f < m.feature_names_in_.size(); ++f) {
    std::vector<double> expected;
    for (const auto& r : rows)
      if (r.variable == m.feature_names_in_[f].name) expected.push_back(r.value);
    INFO("feature " << m.feature_names_in_[f].name);
    REQUIRE(m.bin_thresholds_[f].size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(m.bin_thresholds_[f][i] == expected[i]);
    checked += expected.size();
  }
  CHECK(checked == rows.size());
}

template <class Model>
void check_same_bits(const Model& a, const Model& b, const Frame& X) {
  fepipe_test::require_identical(Eigen::MatrixXd(a.predict(X)), Eigen::MatrixXd(b.predict(X)));
  if constexpr (requires { a.predict_proba(X); }) fepipe_test::require_identical(a.predict_proba(X), b.predict_proba(X));
}

// A record of row r of X (labels as views into the frame's dictionary).
std::vector<Value> record(const Frame& X, std::size_t r) {
  std::vector<Value> v;
  for (std::size_t c = 0; c < X.cols(); ++c) {
    const Column& col = X.column(c);
    if (col.is_numeric())
      v.emplace_back(col.values()[r]);
    else if (col.codes()[r] < 0)
      v.push_back(Value::missing());
    else
      v.emplace_back(col.label(col.codes()[r]));
  }
  return v;
}

// The call throws E and its message contains every one of `parts`.
template <class E, class F>
void check_error(F&& call, std::initializer_list<const char*> parts) {
  try {
    call();
    FAIL("no exception");
  } catch (const E& e) {
    const std::string what = e.what();
    for (const char* part : parts) {
      INFO("message: " << what);
      CHECK(what.find(part) != std::string::npos);
    }
  }
}

HistGradientBoostingRegressor::Options reg_options() {
  HistGradientBoostingRegressor::Options o;
  o.early_stopping = HistEarlyStopping::off;
  return o;
}
HistGradientBoostingClassifier::Options clf_options() {
  HistGradientBoostingClassifier::Options o;
  o.early_stopping = HistEarlyStopping::off;
  return o;
}

}  // namespace

// ---- parity with scikit-learn ------------------------------------------------

TEST_CASE("HistGradientBoostingRegressor matches scikit-learn on House Prices (NaN kept)") {
  const Frame X = house_features();
  const Target y = house_target();
  HistGradientBoostingRegressor m(reg_options());
  m.fit(X, y);
  check_thresholds(m, "hgb_house_squared");
  check_n_iter(m, "hgb_house_squared");
  check_predictions(m, X, "hgb_house_squared");
  CHECK(m.train_score_.empty());
  CHECK_FALSE(m.do_early_stopping_);
}

TEST_CASE("HistGradientBoostingRegressor losses: absolute_error, poisson, quantile") {
  const Frame X = house_features();
  const Target y = house_target();
  auto o = reg_options();
  o.max_iter = 30;
  SUBCASE("absolute_error") {
    o.loss = HistRegressionLoss::absolute_error;
    HistGradientBoostingRegressor m(o);
    check_predictions(m.fit(X, y), X, "hgb_house_absolute");
  }
  SUBCASE("poisson") {
    o.loss = HistRegressionLoss::poisson;
    HistGradientBoostingRegressor m(o);
    check_predictions(m.fit(X, y), X, "hgb_house_poisson");
  }
  SUBCASE("quantile with regularisation and smaller trees") {
    o.loss = HistRegressionLoss::quantile;
    o.quantile = 0.8;
    o.max_leaf_nodes = 15;
    o.min_samples_leaf = 10;
    o.l2_regularization = 1.0;
    HistGradientBoostingRegressor m(o);
    check_predictions(m.fit(X, y), X, "hgb_house_quantile");
  }
}

TEST_CASE("HistGradientBoostingRegressor max_depth without a leaf limit, 32 bins (percentile thresholds)") {
  const Frame X = house_features();
  auto o = reg_options();
  o.max_depth = 3;
  o.max_leaf_nodes = std::nullopt;
  o.learning_rate = 0.2;
  o.max_bins = 32;
  o.max_iter = 60;
  HistGradientBoostingRegressor m(o);
  m.fit(X, house_target());
  check_thresholds(m, "hgb_house_depth");
  check_predictions(m, X, "hgb_house_depth");
}

TEST_CASE("HistGradientBoostingRegressor early stopping on a seeded validation split") {
  const Frame X = house_features();
  auto o = reg_options();
  o.early_stopping = HistEarlyStopping::on;
  o.random_state = 7;
  o.max_iter = 300;
  o.n_iter_no_change = 5;
  HistGradientBoostingRegressor m(o);
  m.fit(X, house_target());
  CHECK(m.do_early_stopping_);
  check_thresholds(m, "hgb_house_early");  // fitted on the training part only
  check_n_iter(m, "hgb_house_early");
  check_scores(m.train_score_, "tree/hgb_house_early__train_score.csv");
  check_scores(m.validation_score_, "tree/hgb_house_early__validation_score.csv");
  check_predictions(m, X, "hgb_house_early");
}

TEST_CASE("HistGradientBoostingRegressor early stopping on the training loss") {
  const Frame X = house_features();
  auto o = reg_options();
  o.early_stopping = HistEarlyStopping::on;
  o.validation_fraction = std::nullopt;
  o.max_iter = 300;
  o.n_iter_no_change = 3;
  o.tol = 5e5;
  o.random_state = 0;
  HistGradientBoostingRegressor m(o);
  m.fit(X, house_target());
  check_n_iter(m, "hgb_house_early_train");
  CHECK(m.n_iter_ < 300);
  check_scores(m.train_score_, "tree/hgb_house_early_train__train_score.csv");
  CHECK(m.validation_score_.empty());
  check_predictions(m, X, "hgb_house_early_train");
}

TEST_CASE("HistGradientBoostingClassifier matches scikit-learn on Titanic (binary, NaN kept)") {
  Target y;
  const Frame X = titanic(y);
  auto o = clf_options();
  o.max_iter = 50;
  HistGradientBoostingClassifier m(o);
  m.fit(X, y);
  CHECK(m.n_classes() == 2);
  CHECK(m.n_trees_per_iteration_ == 1);
  check_thresholds(m, "hgb_titanic_binary");
  check_predictions(m, X, "hgb_titanic_binary");
}

TEST_CASE("HistGradientBoosting native categorical splits: code and label columns, unseen categories") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame test = fepipe_test::read_input_frame("hgb_synth_test");
  REQUIRE(train["color"].is_categorical());
  const Frame X = synth_features(train), Xt = synth_features(test);
  SUBCASE("regression") {
    auto o = reg_options();
    o.categorical_features = {"code"};
    o.max_iter = 80;
    o.max_leaf_nodes = 20;
    o.min_samples_leaf = 15;
    HistGradientBoostingRegressor m(o);
    m.fit(X, column_target(train, "y"));
    CHECK(m.is_categorical_ == std::vector<bool>{false, false, true, true});
    CHECK(m.category_labels_[3] == std::vector<std::string>{"amber", "black", "blue", "green", "red", "teal", "violet"});
    check_thresholds(m, "hgb_synth_regression");
    check_predictions(m, Xt, "hgb_synth_regression");
  }
  SUBCASE("multiclass") {
    auto o = clf_options();
    o.categorical_features = {"code"};
    o.max_iter = 40;
    o.l2_regularization = 0.5;
    HistGradientBoostingClassifier m(o);
    m.fit(X, column_target(train, "y_class"));
    CHECK(m.n_classes() == 3);
    CHECK(m.n_trees_per_iteration_ == 3);
    check_predictions(m, Xt, "hgb_synth_multiclass");
  }
  SUBCASE("binary") {
    auto o = clf_options();
    o.categorical_features = {"code"};
    o.max_iter = 30;
    HistGradientBoostingClassifier m(o);
    Target y = column_target(train, "y_class");
    for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = y[i] == 2.0 ? 1.0 : 0.0;
    m.fit(X, y);
    check_predictions(m, Xt, "hgb_synth_binary");
  }
}

TEST_CASE("HistGradientBoosting early stopping 'auto' above 10 000 rows (plain and stratified split)") {
  const Generated g = generated(12000);
  const Frame head = g.X.head(300);
  SUBCASE("regression") {
    HistGradientBoostingRegressor m({.learning_rate = 0.3, .max_iter = 200, .categorical_features = {"x2"},
                                     .random_state = 0});
    m.fit(g.X, g.score);
    CHECK(m.do_early_stopping_);
    check_thresholds(m, "hgb_gen_early_regression");
    check_n_iter(m, "hgb_gen_early_regression");
    check_scores(m.train_score_, "tree/hgb_gen_early_regression__train_score.csv");
    check_scores(m.validation_score_, "tree/hgb_gen_early_regression__validation_score.csv");
    check_predictions(m, head, "hgb_gen_early_regression");
  }
  SUBCASE("multiclass") {
    HistGradientBoostingClassifier m({.learning_rate = 0.3, .max_iter = 200, .categorical_features = {"x2"},
                                      .random_state = 42});
    m.fit(g.X, g.y_class);
    check_thresholds(m, "hgb_gen_early_multiclass");
    check_n_iter(m, "hgb_gen_early_multiclass");
    check_scores(m.train_score_, "tree/hgb_gen_early_multiclass__train_score.csv");
    check_scores(m.validation_score_, "tree/hgb_gen_early_multiclass__validation_score.csv");
    check_predictions(m, head, "hgb_gen_early_multiclass");
  }
}

TEST_CASE("HistGradientBoostingRegressor bins more than 200 000 rows from a seeded subsample") {
  const Generated g = generated(250000);
  HistGradientBoostingRegressor m({.max_iter = 3, .max_leaf_nodes = 8, .categorical_features = {"x2"},
                                   .early_stopping = HistEarlyStopping::off, .random_state = 3});
  m.fit(g.X, g.score);
  check_thresholds(m, "hgb_gen_subsample");
  check_predictions(m, g.X.head(300), "hgb_gen_subsample");
}

// ---- threads, records, model files -------------------------------------------

TEST_CASE("HistGradientBoosting: n_threads = 1 and 2 give the same bits") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame X = synth_features(train);
  auto o = clf_options();
  o.categorical_features = {"code"};
  o.max_iter = 15;
  o.n_threads = 1;
  HistGradientBoostingClassifier one(o);
  o.n_threads = 2;
  HistGradientBoostingClassifier two(o);
  one.fit(X, column_target(train, "y_class"));
  two.fit(X, column_target(train, "y_class"));
  CHECK(one.forest_.threshold == two.forest_.threshold);
  CHECK(one.forest_.value == two.forest_.value);
  check_same_bits(one, two, X);

  // A regression large enough for the parallel partition and gathers.
  const Generated g = generated(150000);
  HistGradientBoostingRegressor r1({.max_iter = 5, .early_stopping = HistEarlyStopping::off, .n_threads = 1});
  HistGradientBoostingRegressor r2({.max_iter = 5, .early_stopping = HistEarlyStopping::off, .n_threads = 2});
  r1.fit(g.X, g.score);
  r2.fit(g.X, g.score);
  CHECK(r1.forest_.value == r2.forest_.value);
  check_same_bits(r1, r2, g.X);
}

TEST_CASE("HistGradientBoosting: records predict the batch's bits, labels included") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame test = fepipe_test::read_input_frame("hgb_synth_test");
  const Frame X = synth_features(train), Xt = synth_features(test);
  auto o = clf_options();
  o.categorical_features = {"code"};
  o.max_iter = 20;
  HistGradientBoostingClassifier m(o);
  m.fit(X, column_target(train, "y_class"));
  const Eigen::MatrixXd proba = m.predict_proba(Xt);
  const Eigen::VectorXd cls = m.predict(Xt);
  std::vector<double> p(3);
  for (std::size_t r = 0; r < Xt.rows(); ++r) {
    const auto rec = record(Xt, r);
    m.predict_proba_row(rec, p);
    for (std::size_t k = 0; k < 3; ++k)
      REQUIRE(fepipe_test::same_bits(p[k], proba(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))));
    REQUIRE(m.predict_row(rec) == cls[static_cast<Eigen::Index>(r)]);
  }
  // An unseen label and a missing label both follow the missing side.
  auto rec = record(Xt, 1);
  REQUIRE(rec[3].label() == "magenta");
  std::vector<double> unseen(3), missing(3);
  m.predict_proba_row(rec, unseen);
  rec[3] = Value::missing();
  m.predict_proba_row(rec, missing);
  CHECK(unseen == missing);
  // A label in a numeric column is a SchemaError naming the column.
  rec[0] = Value("oops");
  CHECK_THROWS_WITH_AS(m.predict_proba_row(rec, p), doctest::Contains("num_a"), SchemaError);
}

TEST_CASE("HistGradientBoosting records predict without allocating") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame test = fepipe_test::read_input_frame("hgb_synth_test");
  const Frame X = synth_features(train), Xt = synth_features(test);
  auto o = clf_options();
  o.categorical_features = {"code"};
  o.max_iter = 10;
  HistGradientBoostingClassifier c(o);
  c.fit(X, column_target(train, "y_class"));
  HistGradientBoostingRegressor r({.max_iter = 10, .categorical_features = {"code"}});
  r.fit(X, column_target(train, "y"));
  std::vector<std::vector<Value>> records;
  for (std::size_t i = 0; i < Xt.rows(); ++i) records.push_back(record(Xt, i));
  std::vector<double> p(3);
  double sink = 0.0;
  {
    fepipe_test::CountAllocations guard;
    for (const auto& rec : records) {
      c.predict_proba_row(rec, p);
      sink += p[0] + c.predict_row(rec) + r.predict_row(rec);
    }
    CHECK(guard.count() == 0);
  }
  CHECK(std::isfinite(sink));
}

TEST_CASE("HistGradientBoosting model files: JSON and binary round trips predict the same bits") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame test = fepipe_test::read_input_frame("hgb_synth_test");
  const Frame X = synth_features(train), Xt = synth_features(test);
  SUBCASE("regressor") {
    auto o = reg_options();
    o.categorical_features = {"code"};
    o.loss = HistRegressionLoss::poisson;
    o.max_iter = 25;
    HistGradientBoostingRegressor m(o);
    Target y = column_target(train, "y");
    for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = std::fabs(y[i]);
    m.fit(X, y);
    auto [from_json, from_bin] = fepipe_test::roundtrip_both(m);
    check_same_bits(m, from_json, Xt);
    check_same_bits(m, from_bin, Xt);
    CHECK(from_bin.options().loss == HistRegressionLoss::poisson);
    const auto rec = record(Xt, 5);
    CHECK(fepipe_test::same_bits(from_json.predict_row(rec), m.predict_row(rec)));
  }
  SUBCASE("classifier with early stopping state") {
    const Generated g = generated(12000);
    HistGradientBoostingClassifier m({.max_iter = 20, .categorical_features = {"x2"}, .random_state = 1});
    m.fit(g.X, g.y_class);
    auto [from_json, from_bin] = fepipe_test::roundtrip_both(m);
    check_same_bits(m, from_json, g.X.head(500));
    check_same_bits(m, from_bin, g.X.head(500));
    CHECK(from_bin.validation_score_ == m.validation_score_);
    CHECK(from_json.n_iter_ == m.n_iter_);
  }
}

TEST_CASE("HistGradientBoosting rejects inconsistent model files") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  auto o = reg_options();
  o.max_iter = 3;
  HistGradientBoostingRegressor m(o);
  m.fit(synth_features(train), column_target(train, "y"));
  const std::string json = save_model_to_string(m, ModelFormat::json);
  auto load_modified = [&](const std::string& from, const std::string& to) {
    std::string bad = json;
    const auto pos = bad.find(from);
    REQUIRE(pos != std::string::npos);
    bad.replace(pos, from.size(), to);
    HistGradientBoostingRegressor loaded;
    load_model_from_memory(bad, loaded);
  };
  CHECK_THROWS_WITH_AS(load_modified("\"n_iter_\": 3", "\"n_iter_\": 4"), doctest::Contains("trees"), ModelFormatError);
  CHECK_THROWS_AS(load_modified("\"n_trees_per_iteration_\": 1", "\"n_trees_per_iteration_\": 2"), ModelFormatError);
  CHECK_THROWS_AS(load_modified("\"max_bins\": 255", "\"max_bins\": 300"), ModelFormatError);
  CHECK_THROWS_AS(load_modified("\"amber\"", "\"black\""), ModelFormatError);  // duplicate label
  // A classifier file is not a regressor.
  HistGradientBoostingClassifier c;
  CHECK_THROWS_AS(load_model_from_memory(json, c), ModelFormatError);
}

TEST_CASE("HistGradientBoosting as a Pipeline's last step: batch, records and model files agree") {
  const Frame train = fepipe_test::read_input_frame("hgb_synth_train");
  const Frame test = fepipe_test::read_input_frame("hgb_synth_test");
  const Frame X = synth_features(train), Xt = synth_features(test);
  // Missing labels become the label "Missing" (a category of its own) before
  // the classifier sees them.
  Pipeline pipe(CategoricalImputer{}, HistGradientBoostingClassifier({.max_iter = 10, .categorical_features = {"code"},
                                                                      .early_stopping = HistEarlyStopping::off}));
  static_assert(decltype(pipe)::row_path);
  pipe.fit(X, column_target(train, "y_class"));
  const Eigen::MatrixXd proba = pipe.predict_proba(Xt);
  const Eigen::VectorXd cls = pipe.predict(Xt);
  std::vector<double> p(3);
  for (std::size_t r = 0; r < Xt.rows(); ++r) {
    const auto rec = record(Xt, r);
    pipe.predict_proba_one(rec, p);
    for (std::size_t k = 0; k < 3; ++k)
      REQUIRE(fepipe_test::same_bits(p[k], proba(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k))));
    REQUIRE(pipe.predict_one(rec) == cls[static_cast<Eigen::Index>(r)]);
  }
  CHECK(pipe.step<1>().category_labels_[3].front() == "Missing");
  auto [from_json, from_bin] = fepipe_test::roundtrip_both(pipe);
  fepipe_test::require_identical(from_json.predict_proba(Xt), proba);
  fepipe_test::require_identical(from_bin.predict_proba(Xt), proba);
}

// ---- inputs and errors -------------------------------------------------------

TEST_CASE("HistGradientBoosting accepts NaN and infinities in features") {
  const Generated g = generated(3000);
  Frame X = g.X;
  auto x0 = X.column(0).mutable_values();
  x0[0] = std::numeric_limits<double>::infinity();
  x0[1] = -std::numeric_limits<double>::infinity();
  HistGradientBoostingRegressor m({.max_iter = 10, .early_stopping = HistEarlyStopping::off});
  m.fit(X, g.score);
  Frame all_nan(2);
  for (const auto& name : X.names()) all_nan.add(name, Column::numeric({missing_value, missing_value}));
  const Eigen::VectorXd p = m.predict(all_nan);
  CHECK(std::isfinite(p[0]));
  CHECK(p[0] == p[1]);
  const Eigen::VectorXd q = m.predict(X.head(2));
  CHECK(std::isfinite(q[0]));
  CHECK(std::isfinite(q[1]));
}

TEST_CASE("HistGradientBoostingClassifier rejects targets that are not labels 0..k-1") {
  const Generated g = generated(200);
  HistGradientBoostingClassifier m(clf_options());
  Target y = g.y_class;
  SUBCASE("fractional") {
    y[3] = 0.5;
    CHECK_THROWS_WITH_AS(m.fit(g.X, y), doctest::Contains("value 0.5 at row 3"), DataError);
  }
  SUBCASE("negative") {
    y[0] = -1;
    CHECK_THROWS_WITH_AS(m.fit(g.X, y), doctest::Contains("integers 0..k-1"), DataError);
  }
  SUBCASE("NaN") {
    y[7] = missing_value;
    CHECK_THROWS_AS(m.fit(g.X, y), DataError);
  }
  SUBCASE("a class missing") {
    for (Eigen::Index i = 0; i < y.size(); ++i)
      if (y[i] == 1.0) y[i] = 0.0;
    CHECK_THROWS_WITH_AS(m.fit(g.X, y), doctest::Contains("class 1 does not occur"), DataError);
  }
  SUBCASE("a single class") {
    y.setZero();
    CHECK_THROWS_WITH_AS(m.fit(g.X, y), doctest::Contains("single class"), DataError);
  }
  CHECK_FALSE(m.is_fitted());
}

TEST_CASE("HistGradientBoosting input errors name the step, the column and the value") {
  HistGradientBoostingRegressor m(reg_options());
  const Generated g = generated(100);
  SUBCASE("empty frame") {
    CHECK_THROWS_WITH_AS(m.fit(Frame(), Target()), doctest::Contains("HistGradientBoostingRegressor"), DataError);
    CHECK_THROWS_AS(m.fit(g.X.head(0), Target()), DataError);
  }
  SUBCASE("target length and values") {
    CHECK_THROWS_AS(m.fit(g.X, Target::Zero(5)), SchemaError);
    Target y = g.score;
    y[4] = missing_value;
    CHECK_THROWS_WITH_AS(m.fit(g.X, y), doctest::Contains("row 4"), DataError);
  }
  SUBCASE("too many categories in a label column") {
    std::vector<std::string> labels;
    for (int i = 0; i < 300; ++i) labels.push_back(std::string("c").append(std::to_string(i)));
    Frame X(300);
    X.add("many", Column::from_labels(labels));
    X.add("x", Column::numeric(std::vector<double>(300, 1.0)));
    check_error<DataError>([&] { m.fit(X, Target::Zero(300)); },
                           {"HistGradientBoostingRegressor", "'many'", "300 categories", "max_bins = 255"});
  }
  SUBCASE("bad category codes in a numeric categorical column") {
    HistGradientBoostingRegressor c({.categorical_features = {"x0"}});
    check_error<DataError>([&] { c.fit(g.X, g.score); }, {"'x0'", "at row 0", "category code"});
    HistGradientBoostingRegressor missing({.categorical_features = {"nope"}});
    CHECK_THROWS_WITH_AS(missing.fit(g.X, g.score), doctest::Contains("nope"), SchemaError);
  }
  SUBCASE("poisson needs a non-negative target") {
    HistGradientBoostingRegressor p({.loss = HistRegressionLoss::poisson});
    CHECK_THROWS_WITH_AS(p.fit(g.X, g.score), doctest::Contains("poisson"), DataError);
  }
  SUBCASE("predict before fit, and with other columns") {
    CHECK_THROWS_AS(m.predict(g.X), NotFittedError);
    const std::vector<Value> rec{1.0, 2.0, 3.0, 4.0};
    CHECK_THROWS_AS((void)m.predict_row(rec), NotFittedError);
    m.fit(g.X, g.score);
    CHECK_THROWS_WITH_AS(m.predict(g.X.select({"x0", "x1", "x2"})), doctest::Contains("x3"), SchemaError);
    CHECK_THROWS_AS(m.predict(Eigen::MatrixXd::Zero(2, 3)), SchemaError);
    CHECK_THROWS_AS((void)m.predict_row(std::vector<Value>{1.0}), SchemaError);
    // Columns in another order are aligned by name.
    const Frame reordered = g.X.select({"x3", "x1", "x0", "x2"});
    fepipe_test::require_identical(Eigen::MatrixXd(m.predict(reordered)), Eigen::MatrixXd(m.predict(g.X)));
  }
}

TEST_CASE("HistGradientBoosting options are checked at construction") {
  using R = HistGradientBoostingRegressor;
  CHECK_THROWS_WITH_AS(R({.learning_rate = 0.0}), doctest::Contains("learning_rate"), ParameterError);
  CHECK_THROWS_AS(R({.max_iter = 0}), ParameterError);
  CHECK_THROWS_AS(R({.max_leaf_nodes = 1}), ParameterError);
  CHECK_THROWS_AS(R({.max_depth = 0}), ParameterError);
  CHECK_THROWS_AS(R({.min_samples_leaf = 0}), ParameterError);
  CHECK_THROWS_AS(R({.l2_regularization = -1.0}), ParameterError);
  CHECK_THROWS_WITH_AS(R({.max_bins = 256}), doctest::Contains("max_bins"), ParameterError);
  CHECK_THROWS_AS(R({.validation_fraction = 1.0}), ParameterError);
  CHECK_THROWS_AS(R({.n_iter_no_change = 0}), ParameterError);
  CHECK_THROWS_WITH_AS(R({.loss = HistRegressionLoss::quantile}), doctest::Contains("quantile"), ParameterError);
  CHECK_THROWS_AS(R({.loss = HistRegressionLoss::quantile, .quantile = 1.0}), ParameterError);
  CHECK_THROWS_AS(HistGradientBoostingClassifier({.categorical_features = {"a", "a"}}), ParameterError);
}

TEST_CASE("HistGradientBoosting Eigen overloads name columns x0..") {
  const Generated g = generated(400);
  Eigen::MatrixXd M(400, 4);
  for (std::size_t c = 0; c < 4; ++c)
    for (std::size_t r = 0; r < 400; ++r)
      M(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = g.X.column(c).values()[r];
  HistGradientBoostingRegressor a({.max_iter = 10, .categorical_features = {"x2"}});
  HistGradientBoostingRegressor b({.max_iter = 10, .categorical_features = {"x2"}});
  a.fit(M, g.score);
  b.fit(g.X, g.score);
  fepipe_test::require_identical(Eigen::MatrixXd(a.predict(M)), Eigen::MatrixXd(b.predict(g.X)));
}

}  // namespace tree_hist_gradient_boosting_test
