#pragma once
// The metric reference data sets (tools/reference/model_selection_metrics.py):
// inputs by name, and scikit-learn's value of each metric by name.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "support/reference.hpp"

namespace fepipe_test {

struct MetricSet {
  std::string name;
  std::map<std::string, Eigen::VectorXd> inputs;  // y_true, y_pred, y_score, y_prob, proba_<j>
  std::map<std::string, double> values;           // metric name → scikit-learn's value

  bool has(const std::string& input) const { return inputs.count(input) > 0; }
  const Eigen::VectorXd& at(const std::string& input) const { return inputs.at(input); }
  /// The multiclass probability matrix (columns proba_0, proba_1, ...).
  Eigen::MatrixXd proba() const {
    Eigen::Index k = 0;
    while (inputs.count("proba_" + std::to_string(k))) ++k;
    Eigen::MatrixXd m(at("y_true").size(), k);
    for (Eigen::Index j = 0; j < k; ++j) m.col(j) = at("proba_" + std::to_string(j));
    return m;
  }
};

inline MetricSet read_metric_set(const std::string& name) {
  MetricSet s{name, {}, {}};
  std::map<std::string, std::vector<double>> cols;
  for (const auto& row : read_attribute("metrics/" + name + "__input.csv")) cols[row.variable].push_back(row.value);
  for (auto& [k, v] : cols) s.inputs[k] = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
  for (const auto& row : read_attribute("metrics/" + name + "__values.csv")) s.values[row.variable] = row.value;
  REQUIRE(s.has("y_true"));
  return s;
}

/// Relative tolerance of the metric comparisons. fepipe sums as numpy does
/// (pairwise) and follows scikit-learn's order of operations, so on x86-64
/// with glibc every value here equals scikit-learn's to the bit (checked with
/// a tolerance of 0) except mean_squared_error (and the scorers on it),
/// which keeps Eigen's summation (see its comment), 1 ulp off on
/// regression_random; 1e-12 leaves room for another libm's log (log_loss)
/// on the other CI platforms, and for roc_auc_score, which fepipe computes as
/// a Mann–Whitney U statistic rather than scikit-learn's trapezoids.
inline constexpr double metric_rel = 1e-12;

/// The message of the exception `f` throws (empty if none). The
/// model_selection family's split_reference.hpp has the same helper: the
/// two families are separate executables, and tests/support is shared code
/// outside this work.
template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace fepipe_test
