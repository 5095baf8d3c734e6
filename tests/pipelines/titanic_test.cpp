// The course's Titanic pipelines against scikit-learn 1.2.1 + feature-engine
// 1.6.2 (tools/reference/titanic.py): probabilities, metrics, reloads and
// single raw records.

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "support/alloc_counter.hpp"
#include "support/reference.hpp"
#include "support/roundtrip.hpp"
#include "support/rows.hpp"
#include "titanic_pipeline.hpp"

namespace pipelines_titanic_test {

using namespace fepipe;

namespace {

const TrainTestSplit& split() {
  static const TrainTestSplit s = [] {
    auto [X, y] = titanic::load(fepipe_test::data_path("titanic.csv"));
    return train_test_split(X, y, {.test_size = 0.2, .random_state = 0u});
  }();
  return s;
}

template <class Pipeline>
void check_against_reference(const Pipeline& p, const std::string& name) {
  const Frame ref = fepipe_test::read_reference_frame("pipelines/titanic_" + name + "__predict_test.csv");
  const Eigen::MatrixXd proba = p.predict_proba(split().X_test);
  const Eigen::VectorXd pred = p.predict(split().X_test);
  REQUIRE(static_cast<std::size_t>(proba.rows()) == ref.rows());
  double worst = 0;
  for (std::size_t r = 0; r < ref.rows(); ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    worst = std::max(worst, std::fabs(proba(i, 1) - ref.numeric("proba")[r]) / std::fabs(ref.numeric("proba")[r]));
    CHECK(pred[i] == ref.numeric("prediction")[r]);
  }
  INFO(name << ": max relative probability difference " << worst);
  CHECK(worst <= 1e-6);
  const auto metrics = fepipe_test::read_attribute("pipelines/titanic_" + name + "__metrics.csv");
  for (const auto& m : metrics) {
    if (m.variable == "accuracy") CHECK(accuracy_score(split().y_test, pred) == doctest::Approx(m.value).epsilon(1e-12));
    if (m.variable == "roc_auc")
      CHECK(roc_auc_score(split().y_test, proba.col(1)) == doctest::Approx(m.value).epsilon(1e-12));
    if (m.variable == "train_accuracy")
      CHECK(accuracy_score(split().y_train, p.predict(split().X_train)) == doctest::Approx(m.value).epsilon(1e-12));
  }
  const auto names = fepipe_test::read_attribute("pipelines/titanic_" + name + "__feature_names.csv");
  REQUIRE(p.feature_names_out().size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) CHECK(p.feature_names_out()[i] == names[i].text);
}

template <class Pipeline>
void check_records(const Pipeline& p) {
  const Eigen::MatrixXd proba = p.predict_proba(split().X_test);
  double out[2];
  for (std::size_t r = 0; r < split().X_test.rows(); ++r) {
    const auto rec = fepipe_test::record_of(split().X_test, r);
    p.predict_proba_one(rec, out);
    CHECK(fepipe_test::same_bits(out[1], proba(static_cast<Eigen::Index>(r), 1)));
    CHECK(fepipe_test::same_bits(p.predict_one(rec), p.predict(split().X_test.take_rows(std::vector<std::size_t>{r}))[0]));
  }
  const auto rec = fepipe_test::record_of(split().X_test, 3);
  p.predict_proba_one(rec, out);
  std::size_t allocations = 0;
  {
    fepipe_test::CountAllocations guard;
    for (int i = 0; i < 50; ++i) p.predict_proba_one(rec, out);
    allocations = guard.count();
  }
  CHECK(allocations == 0);
}

}  // namespace

TEST_CASE("Titanic logistic regression pipeline matches scikit-learn (accuracy 0.71374, ROC-AUC 0.83546)") {
  auto p = titanic::make_logit_pipeline();
  p.fit(split().X_train, split().y_train);
  check_against_reference(p, "logit");
  check_records(p);
  auto [json, bin] = fepipe_test::roundtrip_both(p);
  fepipe_test::require_identical(bin.predict_proba(split().X_test), p.predict_proba(split().X_test));
  fepipe_test::require_identical(json.predict_proba(split().X_test), p.predict_proba(split().X_test));
}

TEST_CASE("Titanic gradient boosting pipeline matches scikit-learn (accuracy 0.82061, ROC-AUC 0.84991)") {
  auto p = titanic::make_gbm_pipeline();
  p.fit(split().X_train, split().y_train);
  check_against_reference(p, "gbm");
  check_records(p);
  auto [json, bin] = fepipe_test::roundtrip_both(p);
  fepipe_test::require_identical(bin.predict_proba(split().X_test), p.predict_proba(split().X_test));
}

TEST_CASE("Titanic: raw records with unseen and missing values get the documented results") {
  auto p = titanic::make_logit_pipeline();
  p.fit(split().X_train, split().y_train);
  auto rec = fepipe_test::record_of(split().X_test, 0);
  const std::size_t cabin = *p.input_schema().find("cabin");
  const std::size_t age = *p.input_schema().find("age");
  const std::size_t embarked = *p.input_schema().find("embarked");
  const std::size_t name = *p.input_schema().find("name");
  rec[cabin] = Value("Z999 Z1000");   // unseen deck: grouped as Rare, then one-hot
  rec[age] = Value::missing();        // imputed with the training median, flagged in age_na
  rec[embarked] = Value::missing();   // imputed as "Missing"
  rec[name] = Value("Nobody, Dr. X"); // title Other
  double out[2];
  p.predict_proba_one(rec, out);
  CHECK(out[0] + out[1] == doctest::Approx(1.0));
  CHECK(out[1] > 0.0);
  rec[age] = Value("forty");
  CHECK_THROWS_WITH_AS(p.predict_proba_one(rec, out), doctest::Contains("age"), SchemaError);
}

}  // namespace pipelines_titanic_test
