// Model files and explanations: files of the versions before means and
// covers were recorded (the committed fixtures tests/data/model_files/*_v1)
// still load and predict, and explaining them is refused with an error
// saying why; today's files round-trip the means and covers bit for bit;
// hostile means and covers are refused at load.

#include <doctest/doctest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "explain/explain_checks.hpp"
#include "fepipe/explain/contributions.hpp"
#include "fepipe/io/model_file.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/linear/logistic_regression.hpp"
#include "fepipe/tree/decision_tree_classifier.hpp"
#include "fepipe/tree/decision_tree_regressor.hpp"
#include "fepipe/tree/gradient_boosting_classifier.hpp"
#include "fepipe/tree/gradient_boosting_regressor.hpp"
#include "fepipe/tree/hist_gradient_boosting_classifier.hpp"
#include "fepipe/tree/hist_gradient_boosting_regressor.hpp"
#include "support/hostile_files.hpp"
#include "support/learned_checks.hpp"
#include "support/model_fixture.hpp"
#include "support/synthetic.hpp"

namespace explain_model_files_test {

using namespace fepipe;

namespace {

Target y(const char* name) { return fepipe_test::target_of(fepipe_test::synthetic_frame(), name); }

/// The version-1 fixture `stem` loads (JSON and binary), predicts what
/// `fitted` (fitted as the fixture was) predicts, and cannot be explained.
/// `rel`: the fixture's fit predates a change of the solver's arithmetic
/// (Lasso's summation order), so its predictions agree with today's fit to
/// this relative distance, and its two copies with each other bit for bit.
template <class Model, class Outputs>
void check_v1(const std::string& stem, const Model& fitted, Outputs outputs, double rel = 0.0) {
  INFO(stem);
  const Frame X = fepipe_test::synthetic_features();
  const Eigen::MatrixXd expected = outputs(fitted, X);
  std::optional<Eigen::MatrixXd> first;
  for (const char* ext : {".json", ".fpm"}) {
    const Model old = load_model<Model>(fepipe_test::model_fixture_path(stem, 1, ext));
    const Eigen::MatrixXd got = outputs(old, X);
    if (rel == 0.0) {
      CHECK(got == expected);
    } else {
      REQUIRE(got.size() == expected.size());
      CHECK((got - expected).cwiseAbs().maxCoeff() <= rel * (1.0 + expected.cwiseAbs().maxCoeff()));
    }
    if (first) CHECK(got == *first);
    first = got;
    CHECK_THROWS_WITH_AS(ModelExplainer<Model>{old}, doctest::Contains("predates explanations"), Error);
    CHECK_THROWS_WITH_AS(ModelExplainer<Model>{old}, doctest::Contains(std::string(Model::type_name).c_str()), Error);
  }
  // Today's file keeps what explanations need: the reloaded copy explains
  // with the same bits.
  for (const auto format : {ModelFormat::json, ModelFormat::binary}) {
    Model reloaded;
    load_model_from_memory(save_model_to_string(fitted, format), reloaded);
    CHECK(explain(reloaded, X) == explain(fitted, X));
  }
}

template <class M>
Eigen::MatrixXd predictions(const M& m, const Frame& X) {
  return m.predict(X);
}
template <class M>
Eigen::MatrixXd probabilities(const M& m, const Frame& X) {
  return m.predict_proba(X);
}

}  // namespace

TEST_CASE("version-1 model files load, predict, and refuse to be explained") {
  const Frame X = fepipe_test::synthetic_features();
  Lasso lasso({.alpha = 0.01});
  lasso.fit(X, y("y_reg"));
  check_v1("lasso", lasso, [](const Lasso& m, const Frame& in) { return Eigen::MatrixXd(m.predict(in)); }, 1e-12);
  LogisticRegression logit;
  logit.fit(X, y("y_multi"));
  check_v1("logistic_regression", logit, probabilities<LogisticRegression>);

  DecisionTreeRegressor dtr({.max_depth = 4, .random_state = 0u});
  dtr.fit(X, y("y_reg"));
  check_v1("decision_tree_regressor", dtr, predictions<DecisionTreeRegressor>);
  DecisionTreeClassifier dtc({.max_depth = 4, .random_state = 0u});
  dtc.fit(X, y("y_multi"));
  check_v1("decision_tree_classifier", dtc, probabilities<DecisionTreeClassifier>);
  GradientBoostingRegressor gbr({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  gbr.fit(X, y("y_reg"));
  check_v1("gradient_boosting_regressor", gbr, predictions<GradientBoostingRegressor>);
  GradientBoostingClassifier gbc({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  gbc.fit(X, y("y_multi"));
  check_v1("gradient_boosting_classifier", gbc, probabilities<GradientBoostingClassifier>);
}

TEST_CASE("version-1 histogram gradient boosting files load and refuse to be explained") {
  // Fitted as tests/tree/model_files_test.cpp fits them; only the loading
  // and the refusal are checked here (that test compares predictions).
  for (const char* ext : {".json", ".fpm"}) {
    const auto reg = load_model<HistGradientBoostingRegressor>(
        fepipe_test::model_fixture_path("hist_gradient_boosting_regressor", 1, ext));
    CHECK_FALSE(reg.forest_.has_covers());
    CHECK_THROWS_WITH_AS(ModelExplainer<HistGradientBoostingRegressor>{reg}, doctest::Contains("predates"), Error);
    const auto clf = load_model<HistGradientBoostingClassifier>(
        fepipe_test::model_fixture_path("hist_gradient_boosting_classifier", 1, ext));
    CHECK_THROWS_WITH_AS(ModelExplainer<HistGradientBoostingClassifier>{clf}, doctest::Contains("predates"), Error);
  }
}

/// `json` with the first number of `member`'s data replaced by `to`.
std::string with_first_value(const std::string& json, const std::string& member, const std::string& to) {
  const std::size_t at = json.find("\"" + member + "\"");
  REQUIRE(at != std::string::npos);
  const std::size_t data = json.find("\"data\": [", at);
  REQUIRE(data != std::string::npos);
  const std::size_t begin = json.find_first_not_of(" \n", data + 9);
  const std::size_t end = json.find_first_of(",\n]", begin);
  std::string out = json;
  return out.replace(begin, end - begin, to);
}

TEST_CASE("files without means or covers (converted models) load, predict, and refuse to be explained") {
  const Frame X = fepipe_test::synthetic_features();
  Lasso lasso({.alpha = 0.01});
  lasso.fit(X, y("y_reg"));
  Lasso no_means = lasso;
  no_means.feature_means_.resize(0);
  Lasso loaded;
  load_model_from_memory(save_model_to_string(no_means), loaded);
  CHECK(loaded.predict(X) == lasso.predict(X));
  CHECK_THROWS_WITH_AS(ModelExplainer<Lasso>{loaded}, doctest::Contains("no training means"), Error);

  GradientBoostingRegressor gbr({.n_estimators = 5, .max_depth = 3, .random_state = 0u});
  gbr.fit(X, y("y_reg"));
  GradientBoostingRegressor no_covers = gbr;
  no_covers.forest_.cover.clear();
  GradientBoostingRegressor gloaded;
  load_model_from_memory(save_model_to_string(no_covers, ModelFormat::binary), gloaded);
  CHECK(gloaded.predict(X) == gbr.predict(X));
  CHECK_THROWS_WITH_AS(ModelExplainer<GradientBoostingRegressor>{gloaded}, doctest::Contains("no node covers"), Error);
}

TEST_CASE("hostile feature means are refused at load") {
  const Frame X = fepipe_test::synthetic_features();
  Lasso lasso({.alpha = 0.01});
  lasso.fit(X, y("y_reg"));
  const std::string means = "\"feature_means_\": {\n   \"rows\": 6";
  fepipe_test::check_edit_rejected(lasso, means, "\"feature_means_\": {\n   \"rows\": 5");  // one too few
  const std::string json = save_model_to_string(lasso, ModelFormat::json);
  {
    // The edit itself is sound: a finite mean loads.
    Lasso edited;
    load_model_from_memory(with_first_value(json, "feature_means_", "0.25"), edited);
    CHECK(edited.feature_means_[0] == 0.25);
  }
  fepipe_test::check_json_rejected<Lasso>(with_first_value(json, "feature_means_", "1e400"));  // inf
  fepipe_test::check_json_rejected<Lasso>(with_first_value(json, "feature_means_", "\"nan\""));

  LogisticRegression logit;
  logit.fit(X, y("y_bin"));
  fepipe_test::check_edit_rejected(logit, means, "\"feature_means_\": {\n   \"rows\": 7");
  const std::string ljson = save_model_to_string(logit, ModelFormat::json);
  fepipe_test::check_json_rejected<LogisticRegression>(with_first_value(ljson, "feature_means_", "-1e400"));
}

TEST_CASE("hostile node covers are refused at load") {
  const Frame X = fepipe_test::synthetic_features();
  DecisionTreeRegressor dtr({.max_depth = 3, .random_state = 0u});
  dtr.fit(X, y("y_reg"));
  const std::string json = save_model_to_string(dtr, ModelFormat::json);
  const std::size_t at = json.find("\"cover\": [");
  REQUIRE(at != std::string::npos);
  const auto with_root_cover = [&](const std::string& v) {
    return fepipe_test::edit_json_value_after(json, "\"cover\": [", v);
  };
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(with_root_cover("-300.0"));   // negative
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(with_root_cover("0.0"));      // root without cover
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(with_root_cover("301.5"));    // not its children's sum
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(with_root_cover("1e400"));    // infinite
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(with_root_cover("\"nan\""));  // not a number
  // One cover fewer than nodes.
  std::string shorter = json;
  const std::size_t first = shorter.find_first_not_of(" \n", at + 10);
  const std::size_t comma = shorter.find(',', first);
  shorter.erase(first, comma + 1 - first);
  fepipe_test::check_json_rejected<DecisionTreeRegressor>(shorter);

  // Counts (HGB): a leaf's count off by one breaks its parent's sum.
  HistGradientBoostingRegressor hgb({.max_iter = 3, .early_stopping = HistEarlyStopping::off});
  hgb.fit(X, y("y_reg"));
  const std::string hjson = save_model_to_string(hgb, ModelFormat::json);
  const std::size_t hat = hjson.find("\"cover\": [");
  REQUIRE(hat != std::string::npos);
  const std::size_t second = hjson.find(',', hat) + 1;
  const std::size_t begin = hjson.find_first_not_of(" \n", second);
  const std::size_t end = hjson.find_first_of(",\n]", begin);
  const double v = std::stod(hjson.substr(begin, end - begin));
  std::string off = hjson;
  off.replace(begin, end - begin, std::to_string(v + 1.0));
  fepipe_test::check_json_rejected<HistGradientBoostingRegressor>(off);
}

}  // namespace explain_model_files_test
