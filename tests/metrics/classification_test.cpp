#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/scorers.hpp"
#include "metrics/metric_reference.hpp"

namespace metrics_classification_test {

using namespace fepipe;
using fepipe_test::error_message;
using V = Eigen::VectorXd;

const char* const classification_sets[] = {"binary_random", "binary_ties",  "binary_perfect", "all_positive",
                                           "all_negative",  "all_negative_predicted_negative", "multiclass", "multiclass_ten",
                                           "multiclass_perfect"};

/// Every classification metric fepipe offers, by the generator's name, on a
/// data set's inputs (skipping those whose input the set lacks).
std::map<std::string, std::function<double()>> metrics_of(const fepipe_test::MetricSet& s) {
  std::map<std::string, std::function<double()>> m;
  const V& t = s.at("y_true");
  const V& p = s.at("y_pred");
  m["accuracy_score"] = [&] { return accuracy_score(t, p); };
  m["balanced_accuracy_score"] = [&] { return balanced_accuracy_score(t, p); };
  const std::pair<const char*, Average> averages[] = {
      {"binary", Average::binary}, {"micro", Average::micro}, {"macro", Average::macro}, {"weighted", Average::weighted}};
  for (const auto& [name, avg] : averages)
    for (double zd : {0.0, 1.0}) {
      const std::string suffix = std::string(":") + name + (zd == 1.0 ? ":zero_division_1" : "");
      const ClassScoreOptions o{.average = avg, .zero_division = zd};
      m["precision_score" + suffix] = [&t, &p, o] { return precision_score(t, p, o); };
      m["recall_score" + suffix] = [&t, &p, o] { return recall_score(t, p, o); };
      m["f1_score" + suffix] = [&t, &p, o] { return f1_score(t, p, o); };
    }
  if (s.has("y_score")) {
    const V& score = s.at("y_score");
    m["roc_auc_score"] = [&t, &score] { return roc_auc_score(t, score); };
    m["average_precision_score"] = [&t, &score] { return average_precision_score(t, score); };
  }
  if (s.has("y_prob")) {
    const V& prob = s.at("y_prob");
    m["log_loss"] = [&t, &prob] { return log_loss(t, prob); };
    m["log_loss:eps_1e-15"] = [&t, &prob] { return log_loss(t, prob, {.eps = 1e-15}); };
    m["brier_score_loss"] = [&t, &prob] { return brier_score_loss(t, prob); };
    m["brier_score_loss:pos_label_0"] = [&t, &prob] {
      const V complement = (1.0 - prob.array()).matrix();
      return brier_score_loss(t, complement, 0.0);
    };
  }
  if (s.has("proba_0")) {
    m["log_loss:multiclass"] = [&t, proba = s.proba()] { return log_loss(t, proba); };
  }
  return m;
}

TEST_CASE("classification metrics equal scikit-learn's, and refuse what scikit-learn refuses") {
  for (const char* name : classification_sets) {
    const auto s = fepipe_test::read_metric_set(name);
    INFO("data set " << std::string(name));
    std::size_t compared = 0;
    for (const auto& [metric, f] : metrics_of(s)) {
      INFO("metric " << std::string(metric));
      const auto it = s.values.find(metric);
      if (it == s.values.end()) {
        // scikit-learn raised for this input: fepipe must too.
        CHECK_THROWS_AS(f(), fepipe::Error);
        continue;
      }
      FEPIPE_CHECK_CLOSE(f(), it->second, fepipe_test::metric_rel);
      ++compared;
    }
    CHECK(compared >= 10);
    // Every reference value was computed above (none is left unchecked).
    const auto m = metrics_of(s);
    for (const auto& [metric, value] : s.values)
      if (metric.rfind("scorer:", 0) != 0) CHECK_MESSAGE(m.count(metric) == 1, metric);
  }
}

TEST_CASE("confusion_matrix has scikit-learn's counts and sorted labels") {
  for (const char* name : classification_sets) {
    const auto s = fepipe_test::read_metric_set(name);
    INFO("data set " << std::string(name));
    const ConfusionMatrix c = confusion_matrix(s.at("y_true"), s.at("y_pred"));
    const auto labels = fepipe_test::read_attribute("metrics/" + std::string(name) + "__labels.csv");
    const std::vector<double> got = unique_labels(s.at("y_true"), s.at("y_pred"));
    REQUIRE(got.size() == labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) CHECK(got[i] == labels[i].value);
    const auto cells = fepipe_test::read_attribute("metrics/" + std::string(name) + "__confusion_matrix.csv");
    REQUIRE(static_cast<std::size_t>(c.size()) == cells.size());
    for (const auto& cell : cells)
      CHECK(c(std::stoi(cell.variable), std::stoi(cell.key)) == static_cast<std::int64_t>(cell.value));
  }
}

TEST_CASE("classification metrics refuse bad input, naming the metric and the value") {
  V t(4), p(4), bad(3);
  t << 0, 1, 1, 0;
  p << 0, 1, 0, 0;
  bad << 0, 1, 0;
  const std::pair<const char*, std::function<double(const V&, const V&)>> label_metrics[] = {
      {"accuracy_score", [](const V& a, const V& b) { return accuracy_score(a, b); }},
      {"balanced_accuracy_score", [](const V& a, const V& b) { return balanced_accuracy_score(a, b); }},
      {"precision_score", [](const V& a, const V& b) { return precision_score(a, b); }},
      {"recall_score", [](const V& a, const V& b) { return recall_score(a, b); }},
      {"f1_score", [](const V& a, const V& b) { return f1_score(a, b); }},
      {"confusion_matrix", [](const V& a, const V& b) { return static_cast<double>(confusion_matrix(a, b).sum()); }},
  };
  for (const auto& [name, f] : label_metrics) {
    INFO(std::string(name));
    CHECK_THROWS_AS(f(t, bad), SchemaError);
    CHECK(error_message([&] { f(t, bad); }).find(name) != std::string::npos);
    CHECK_THROWS_AS(f(V(), V()), SchemaError);
    V frac = p;
    frac[2] = 0.5;
    CHECK_THROWS_AS(f(t, frac), DataError);
    CHECK(error_message([&] { f(t, frac); }).find("0.5 at row 2") != std::string::npos);
    V nan = t;
    nan[1] = std::nan("");
    CHECK_THROWS_AS(f(nan, p), DataError);
    CHECK(error_message([&] { f(nan, p); }).find(name) != std::string::npos);
  }
  V multi(4);
  multi << 0, 1, 2, 1;
  CHECK_THROWS_AS(f1_score(multi, p), ParameterError);
  CHECK(error_message([&] { f1_score(multi, p); }).find("average='binary'") != std::string::npos);
  CHECK_THROWS_AS(precision_score(t, p, {.pos_label = 2}), ParameterError);
  CHECK(error_message([&] { precision_score(t, p, {.pos_label = 2}); }).find("pos_label=2.0") != std::string::npos);
  CHECK_THROWS_AS(recall_score(t, p, {.zero_division = 0.5}), ParameterError);
  CHECK(error_message([&] { recall_score(t, p, {.zero_division = 0.5}); }).find("zero_division") !=
        std::string::npos);

  V prob(4);
  prob << 0.1, 0.9, 1.2, 0.3;
  CHECK_THROWS_AS(log_loss(t, prob), DataError);
  CHECK(error_message([&] { log_loss(t, prob); }).find("value 1.2 at row 2") != std::string::npos);
  CHECK(error_message([&] { log_loss(t, prob); }).find("log_loss") != std::string::npos);
  CHECK_THROWS_AS(brier_score_loss(t, prob), DataError);
  CHECK(error_message([&] { brier_score_loss(t, prob); }).find("brier_score_loss") != std::string::npos);
  prob[2] = std::nan("");
  CHECK_THROWS_AS(log_loss(t, prob), DataError);
  CHECK_THROWS_AS(brier_score_loss(t, prob), DataError);
  prob[2] = 0.4;
  CHECK_THROWS_AS(log_loss(t, prob, {.eps = 0.0}), ParameterError);
  CHECK(error_message([&] { log_loss(t, prob, {.eps = 0.0}); }).find("eps") != std::string::npos);
  CHECK_THROWS_AS(log_loss(t, bad), SchemaError);
  const V ones = V::Ones(4);
  CHECK_THROWS_AS(log_loss(ones, prob), DataError);
  CHECK(error_message([&] { log_loss(ones, prob); }).find("only one label") != std::string::npos);
  CHECK_THROWS_AS(log_loss(multi, prob), DataError);
  CHECK_THROWS_AS(brier_score_loss(multi, prob), DataError);
  CHECK(error_message([&] { brier_score_loss(multi, prob); }).find("binary") != std::string::npos);
  Eigen::MatrixXd two_cols(4, 2);
  two_cols << 0.5, 0.5, 0.2, 0.8, 0.1, 0.9, 0.7, 0.3;
  CHECK_THROWS_AS(log_loss(multi, two_cols), DataError);
  CHECK(error_message([&] { log_loss(multi, two_cols); }).find("2 columns") != std::string::npos);
  CHECK_THROWS_AS(log_loss(multi, Eigen::MatrixXd(3, 3)), SchemaError);
  two_cols(1, 1) = -0.1;
  CHECK_THROWS_AS(log_loss(t, two_cols), DataError);

  V score(4);
  score << 0.3, 0.8, 0.1, std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(average_precision_score(t, score), DataError);
  CHECK(error_message([&] { average_precision_score(t, score); }).find("average_precision_score") !=
        std::string::npos);
  CHECK_THROWS_AS(roc_auc_score(t, score), DataError);
  score[3] = 0.5;
  CHECK_THROWS_AS(average_precision_score(multi, score), DataError);
  CHECK_THROWS_AS(average_precision_score(t, score, 3.0), ParameterError);
  CHECK(error_message([&] { average_precision_score(t, score, 3.0); }).find("pos_label=3.0") != std::string::npos);
  CHECK_THROWS_AS(roc_auc_score(ones, score), DataError);
}

}  // namespace metrics_classification_test
