#pragma once
/// @file
/// scikit-learn's scoring names (`scoring="neg_log_loss"`...) and their sign
/// convention: a scorer is always "greater is better", so losses come
/// negated (`neg_*`, and `max_error`, which scikit-learn negates without the
/// prefix). One table declares each name once, with what the scorer reads
/// (labels from predict, probabilities from predict_proba, or scores from
/// decision_function) and its sign; lookup, the error for an unknown name
/// and `scorer_names()` all come from it.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/error.hpp"
#include "fepipe/metrics/classification.hpp"
#include "fepipe/metrics/regression.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What a scorer takes as its second argument (scikit-learn's predict,
/// needs_proba, needs_threshold scorers).
enum class ScorerInput : std::uint8_t {
  prediction,   ///< predicted labels or values (`predict`)
  probability,  ///< the positive class's probability (`predict_proba[:, 1]`)
  score         ///< a decision score or probability (`decision_function`)
};
constexpr std::array<std::string_view, 3> enum_names(ScorerInput) { return {"prediction", "probability", "score"}; }

/// A metric with scikit-learn's scorer sign: `scorer(y_true, x)` is
/// `sign · metric(y_true, x)`, greater is better.
struct Scorer {
  std::string_view name;
  ScorerInput input;
  /// +1 when the metric itself is greater-is-better, −1 for a loss (negated).
  int sign;
  double (*metric)(const Eigen::VectorXd&, const Eigen::VectorXd&);

  bool greater_is_better() const noexcept { return sign > 0; }
  bool needs_proba() const noexcept { return input == ScorerInput::probability; }
  bool needs_threshold() const noexcept { return input == ScorerInput::score; }
  double operator()(const Eigen::VectorXd& y_true, const Eigen::VectorXd& x) const {
    return static_cast<double>(sign) * metric(y_true, x);
  }
};

namespace detail {
using V = Eigen::VectorXd;
template <Average A, double (*F)(const V&, const V&, const ClassScoreOptions&)>
double averaged(const V& t, const V& p) {
  return F(t, p, ClassScoreOptions{.average = A});
}
inline double log_loss_binary(const V& t, const V& p) { return log_loss(t, p); }
inline double brier_default(const V& t, const V& p) { return brier_score_loss(t, p); }
inline double average_precision_default(const V& t, const V& p) { return average_precision_score(t, p); }
inline double precision_binary(const V& t, const V& p) { return precision_score(t, p); }
inline double recall_binary(const V& t, const V& p) { return recall_score(t, p); }
inline double f1_binary(const V& t, const V& p) { return f1_score(t, p); }

using I = ScorerInput;
/// The table: scikit-learn 1.2.1's name, input, sign, metric.
inline constexpr std::array<Scorer, 26> scorer_table{{
    {"explained_variance", I::prediction, +1, &explained_variance_score},
    {"r2", I::prediction, +1, &r2_score},
    {"max_error", I::prediction, -1, &max_error},
    {"neg_median_absolute_error", I::prediction, -1, &median_absolute_error},
    {"neg_mean_absolute_error", I::prediction, -1, &mean_absolute_error},
    {"neg_mean_absolute_percentage_error", I::prediction, -1, &mean_absolute_percentage_error},
    {"neg_mean_squared_error", I::prediction, -1, &mean_squared_error},
    {"neg_root_mean_squared_error", I::prediction, -1, &root_mean_squared_error},
    {"accuracy", I::prediction, +1, &accuracy_score},
    {"balanced_accuracy", I::prediction, +1, &balanced_accuracy_score},
    {"roc_auc", I::score, +1, &roc_auc_score},
    {"average_precision", I::score, +1, &average_precision_default},
    {"neg_log_loss", I::probability, -1, &log_loss_binary},
    {"neg_brier_score", I::probability, -1, &brier_default},
    {"precision", I::prediction, +1, &precision_binary},
    {"precision_macro", I::prediction, +1, &averaged<Average::macro, &precision_score>},
    {"precision_micro", I::prediction, +1, &averaged<Average::micro, &precision_score>},
    {"precision_weighted", I::prediction, +1, &averaged<Average::weighted, &precision_score>},
    {"recall", I::prediction, +1, &recall_binary},
    {"recall_macro", I::prediction, +1, &averaged<Average::macro, &recall_score>},
    {"recall_micro", I::prediction, +1, &averaged<Average::micro, &recall_score>},
    {"recall_weighted", I::prediction, +1, &averaged<Average::weighted, &recall_score>},
    {"f1", I::prediction, +1, &f1_binary},
    {"f1_macro", I::prediction, +1, &averaged<Average::macro, &f1_score>},
    {"f1_micro", I::prediction, +1, &averaged<Average::micro, &f1_score>},
    {"f1_weighted", I::prediction, +1, &averaged<Average::weighted, &f1_score>},
}};
}  // namespace detail

/// Every scoring name, in the table's order.
inline std::vector<std::string_view> scorer_names() {
  std::vector<std::string_view> names;
  names.reserve(detail::scorer_table.size());
  for (const Scorer& s : detail::scorer_table) names.push_back(s.name);
  return names;
}

/// The scorer scikit-learn calls `name`; an unknown name is a ParameterError
/// that lists the valid ones.
inline const Scorer& get_scorer(std::string_view name) {
  for (const Scorer& s : detail::scorer_table)
    if (s.name == name) return s;
  std::string valid;
  for (const Scorer& s : detail::scorer_table) valid += (valid.empty() ? "" : ", ") + std::string(s.name);
  detail::throw_parameter("get_scorer", "unknown scoring '" + std::string(name) + "'; valid names: " + valid);
}

FEPIPE_NAMESPACE_END
