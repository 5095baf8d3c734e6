#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "fepipe/metrics/scorers.hpp"
#include "metrics/metric_reference.hpp"

namespace metrics_scorers_test {

using namespace fepipe;
using fepipe_test::error_message;

TEST_CASE("the scorer table has scikit-learn's names, inputs and signs") {
  const auto rows = fepipe_test::read_attribute("metrics/scorer_table.csv");
  std::set<std::string> expected;
  for (const auto& row : rows) {
    INFO("scoring " << row.variable);
    expected.insert(row.variable);
    const Scorer& s = get_scorer(row.variable);
    CHECK(s.name == row.variable);
    CHECK(enum_names(ScorerInput{})[static_cast<std::size_t>(s.input)] == row.key);
    CHECK(s.sign == static_cast<int>(row.value));
    CHECK(s.greater_is_better() == (row.value > 0));
    CHECK(s.needs_proba() == (row.key == "probability"));
    CHECK(s.needs_threshold() == (row.key == "score"));
  }
  const auto names = scorer_names();
  CHECK(std::set<std::string>(names.begin(), names.end()) == expected);
  CHECK(names.size() == expected.size());  // each name declared once
}

TEST_CASE("every scorer equals scikit-learn's scorer (sign included) on the reference data sets") {
  std::size_t compared = 0;
  for (const char* name : {"binary_random", "binary_ties", "binary_perfect", "all_positive", "all_negative",
                           "all_negative_predicted_negative", "multiclass", "multiclass_ten", "multiclass_perfect",
                           "regression_random", "regression_ties_zeros", "regression_perfect",
                           "regression_constant_target", "regression_constant_shift"}) {
    const auto s = fepipe_test::read_metric_set(name);
    const bool regression = std::string(name).rfind("regression", 0) == 0;
    INFO("data set " << std::string(name));
    for (const std::string_view scoring : scorer_names()) {
      const Scorer& scorer = get_scorer(scoring);
      // Regression scorers on regression sets, classification ones on the others.
      const bool is_regression_scorer = scoring == "r2" || scoring == "explained_variance" ||
                                        scoring == "max_error" || scoring.find("_error") != std::string_view::npos;
      if (is_regression_scorer != regression) continue;
      const char* input = scorer.input == ScorerInput::prediction    ? "y_pred"
                          : scorer.input == ScorerInput::probability ? "y_prob"
                                                                     : "y_score";
      if (!s.has(input)) continue;
      INFO("scoring " << std::string(scoring));
      const auto it = s.values.find("scorer:" + std::string(scoring));
      if (it == s.values.end()) {
        CHECK_THROWS_AS(scorer(s.at("y_true"), s.at(input)), fepipe::Error);
        continue;
      }
      FEPIPE_CHECK_CLOSE(scorer(s.at("y_true"), s.at(input)), it->second, fepipe_test::metric_rel);
      ++compared;
    }
  }
  CHECK(compared >= 100);
}

TEST_CASE("an unknown scoring name is a ParameterError listing the valid names") {
  CHECK_THROWS_AS(get_scorer("mean_squared_error"), ParameterError);
  const std::string msg = error_message([] { get_scorer("neg_mse"); });
  CHECK(msg.find("get_scorer") != std::string::npos);
  CHECK(msg.find("'neg_mse'") != std::string::npos);
  for (const std::string_view n : scorer_names()) CHECK(msg.find(std::string(n)) != std::string::npos);
}

}  // namespace metrics_scorers_test
