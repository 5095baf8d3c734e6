#pragma once
/// @file
/// Classification metrics with scikit-learn 1.2.1's definitions. Class
/// labels are numbers with integral values (scikit-learn's "binary" or
/// "multiclass" targets); anything else, NaN, or inputs of different lengths
/// is an error naming the metric. Means are numpy's (pairwise summation).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/metrics/regression.hpp"

FEPIPE_NAMESPACE_BEGIN

namespace detail {

/// Class labels: finite and integral (scikit-learn's type_of_target calls
/// non-integral floats "continuous" and refuses them).
inline void check_metric_labels(const Eigen::VectorXd& y, const char* metric, const char* what) {
  for (Eigen::Index i = 0; i < y.size(); ++i)
    if (!std::isfinite(y[i]) || y[i] != std::floor(y[i]))
      throw_data(metric, "", std::string(what) + " must hold class labels (finite integral numbers): " +
                                 value_at_row(y[i], static_cast<std::size_t>(i)));
}

inline void check_classification(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred, const char* metric) {
  check_same_length(y_true, y_pred, metric);
  check_metric_labels(y_true, metric, "y_true");
  check_metric_labels(y_pred, metric, "y_pred");
}

/// Probabilities: finite and in [0, 1].
inline void check_probabilities(const Eigen::VectorXd& p, const char* metric, const char* what) {
  for (Eigen::Index i = 0; i < p.size(); ++i)
    if (!(p[i] >= 0.0 && p[i] <= 1.0))
      throw_data(metric, "", std::string(what) + " must be probabilities in [0, 1]: " +
                                 value_at_row(p[i], static_cast<std::size_t>(i)));
}

inline std::vector<double> sorted_unique(const Eigen::VectorXd& a) {
  std::vector<double> v(a.data(), a.data() + a.size());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

inline std::string labels_text(const std::vector<double>& labels) {
  std::string s = "[";
  for (std::size_t i = 0; i < labels.size(); ++i) s += (i ? ", " : "") + python_float_repr(labels[i]);
  return s + "]";
}

/// The positive label scikit-learn's `_check_pos_label_consistency(None, y)`
/// picks: 1 when the classes are {0,1}, {-1,1} or one of them, otherwise
/// (brier_score_loss's fallback for numeric labels) the greatest class.
inline double default_pos_label(const std::vector<double>& classes) {
  const bool standard = (classes == std::vector<double>{0.0, 1.0}) || (classes == std::vector<double>{-1.0, 1.0}) ||
                        (classes.size() == 1 && (classes[0] == 0.0 || classes[0] == 1.0 || classes[0] == -1.0));
  return standard ? 1.0 : classes.back();
}

}  // namespace detail

/// The labels of a confusion matrix's rows and columns: the sorted distinct
/// values of y_true and y_pred together (scikit-learn's unique_labels).
inline std::vector<double> unique_labels(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  Eigen::VectorXd both(y_true.size() + y_pred.size());
  both << y_true, y_pred;
  return detail::sorted_unique(both);
}

using ConfusionMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

namespace detail {
inline ConfusionMatrix confusion_counts(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred,
                                        const char* metric) {
  check_classification(y_true, y_pred, metric);
  const std::vector<double> labels = ::fepipe::unique_labels(y_true, y_pred);
  const auto k = static_cast<Eigen::Index>(labels.size());
  auto index_of = [&](double v) {
    return static_cast<Eigen::Index>(std::lower_bound(labels.begin(), labels.end(), v) - labels.begin());
  };
  ConfusionMatrix c = ConfusionMatrix::Zero(k, k);
  for (Eigen::Index i = 0; i < y_true.size(); ++i) ++c(index_of(y_true[i]), index_of(y_pred[i]));
  return c;
}
}  // namespace detail

/// scikit-learn's `confusion_matrix`: entry (i, j) counts the samples of
/// true class labels[i] predicted as labels[j], labels as `unique_labels`.
inline ConfusionMatrix confusion_matrix(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  return detail::confusion_counts(y_true, y_pred, "confusion_matrix");
}

/// Mean of the per-class recalls over the classes present in y_true
/// (classes only predicted are left out, as scikit-learn does after its
/// warning).
inline double balanced_accuracy_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  const ConfusionMatrix c = detail::confusion_counts(y_true, y_pred, "balanced_accuracy_score");
  std::vector<double> per_class;
  for (Eigen::Index i = 0; i < c.rows(); ++i) {
    const std::int64_t row = c.row(i).sum();
    if (row > 0) per_class.push_back(static_cast<double>(c(i, i)) / static_cast<double>(row));
  }
  return detail::pairwise_sum(per_class) / static_cast<double>(per_class.size());
}

/// How precision, recall and F1 combine the classes.
enum class Average : std::uint8_t {
  binary,   ///< the pos_label class only (binary targets)
  micro,    ///< counts summed over classes
  macro,    ///< unweighted mean over classes
  weighted  ///< mean weighted by each class's count in y_true
};
constexpr std::array<std::string_view, 4> enum_names(Average) { return {"binary", "micro", "macro", "weighted"}; }

struct ClassScoreOptions {
  Average average = Average::binary;
  /// The positive class with Average::binary (ignored otherwise).
  double pos_label = 1.0;
  /// The value of 0/0 (no predicted or no true sample of a class): 0 is
  /// scikit-learn's default ("warn", without the warning), 1 the other choice.
  double zero_division = 0.0;
};

namespace detail {

struct Prf {
  double precision, recall, f1;
};

/// scikit-learn's precision_recall_fscore_support with beta = 1.
inline Prf precision_recall_f1(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred,
                               const ClassScoreOptions& o, const char* metric) {
  check_classification(y_true, y_pred, metric);
  if (o.zero_division != 0.0 && o.zero_division != 1.0)
    throw_parameter(metric, "zero_division must be 0 or 1, got " + python_float_repr(o.zero_division));
  const std::vector<double> present = unique_labels(y_true, y_pred);
  std::vector<double> labels = present;
  if (o.average == Average::binary) {
    if (present.size() > 2)
      throw_parameter(metric, "target is multiclass (labels " + labels_text(present) +
                                  ") but average='binary'; choose micro, macro or weighted");
    if (!std::isfinite(o.pos_label) ||
        (present.size() >= 2 && !std::binary_search(present.begin(), present.end(), o.pos_label)))
      throw_parameter(metric, "pos_label=" + python_float_repr(o.pos_label) +
                                  " is not a valid label: it should be one of " + labels_text(present));
    labels = {o.pos_label};
  }
  const std::size_t k = labels.size();
  std::vector<double> tp(k, 0), pred(k, 0), truth(k, 0);
  for (std::size_t c = 0; c < k; ++c)
    for (Eigen::Index i = 0; i < y_true.size(); ++i) {
      const bool t = y_true[i] == labels[c], p = y_pred[i] == labels[c];
      tp[c] += (t && p) ? 1 : 0;
      pred[c] += p ? 1 : 0;
      truth[c] += t ? 1 : 0;
    }
  if (o.average == Average::micro) {
    tp = {std::accumulate(tp.begin(), tp.end(), 0.0)};
    pred = {std::accumulate(pred.begin(), pred.end(), 0.0)};
    truth = {std::accumulate(truth.begin(), truth.end(), 0.0)};
  }
  const std::size_t m = tp.size();
  std::vector<double> precision(m), recall(m), f1(m);
  for (std::size_t c = 0; c < m; ++c) {
    precision[c] = pred[c] == 0 ? o.zero_division : tp[c] / pred[c];
    recall[c] = truth[c] == 0 ? o.zero_division : tp[c] / truth[c];
    double denom = precision[c] + recall[c];
    if (denom == 0.0) denom = 1.0;
    f1[c] = 2.0 * precision[c] * recall[c] / denom;
  }
  if (o.average == Average::weighted) {
    const double weight_sum = std::accumulate(truth.begin(), truth.end(), 0.0);
    if (weight_sum == 0.0) {
      const double pred_sum = std::accumulate(pred.begin(), pred.end(), 0.0);
      if (pred_sum == 0.0) return {o.zero_division, o.zero_division, o.zero_division};
      return {0.0, o.zero_division, 0.0};
    }
    auto weighted = [&](const std::vector<double>& x) {
      return pairwise_sum(0, m, [&](std::size_t c) { return x[c] * truth[c]; }) / weight_sum;
    };
    return {weighted(precision), weighted(recall), weighted(f1)};
  }
  auto mean = [&](const std::vector<double>& x) { return pairwise_sum(x) / static_cast<double>(m); };
  return {mean(precision), mean(recall), mean(f1)};
}

}  // namespace detail

/// Precision tp / (tp + fp), scikit-learn's `precision_score`.
inline double precision_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred,
                              const ClassScoreOptions& options = {}) {
  return detail::precision_recall_f1(y_true, y_pred, options, "precision_score").precision;
}

/// Recall tp / (tp + fn), scikit-learn's `recall_score`.
inline double recall_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred,
                           const ClassScoreOptions& options = {}) {
  return detail::precision_recall_f1(y_true, y_pred, options, "recall_score").recall;
}

/// F1 = 2·P·R / (P + R) per class (0 when P + R = 0), then averaged:
/// scikit-learn's `f1_score`.
inline double f1_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred,
                       const ClassScoreOptions& options = {}) {
  return detail::precision_recall_f1(y_true, y_pred, options, "f1_score").f1;
}

/// Clipping of log_loss: scikit-learn 1.2.1's default eps="auto" is the
/// machine epsilon of float64 (1e-15 was the default before 1.2).
struct LogLossOptions {
  double eps = std::numeric_limits<double>::epsilon();
};

namespace detail {
inline void check_eps(double eps) {
  if (!(eps > 0.0 && eps < 0.5)) throw_parameter("log_loss", "eps must be in (0, 0.5), got " + python_float_repr(eps));
}
}  // namespace detail

/// Binary cross-entropy: y_true holds two classes (the greater is the
/// positive one), `proba` the positive class's probabilities. As
/// scikit-learn: clip to [eps, 1 − eps], form (1 − p, p), divide by the row
/// sum, mean of −log(probability of the true class). Probabilities outside
/// [0, 1] are refused (scikit-learn clips them silently).
inline double log_loss(const Eigen::VectorXd& y_true, const Eigen::VectorXd& proba, const LogLossOptions& options = {}) {
  detail::check_eps(options.eps);
  detail::check_same_length(y_true, proba, "log_loss");
  detail::check_metric_labels(y_true, "log_loss", "y_true");
  detail::check_probabilities(proba, "log_loss", "y_pred");
  const std::vector<double> classes = detail::sorted_unique(y_true);
  if (classes.size() == 1)
    detail::throw_data("log_loss", "", "y_true contains only one label (" + detail::python_float_repr(classes[0]) +
                                           "): log_loss needs both classes");
  if (classes.size() > 2)
    detail::throw_data("log_loss", "", "y_true has " + std::to_string(classes.size()) + " classes " +
                                           detail::labels_text(classes) +
                                           " but y_pred one column: pass a matrix of class probabilities");
  const auto n = static_cast<std::size_t>(y_true.size());
  return detail::numpy_mean(n, [&](std::size_t i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double p = std::clamp(proba[r], options.eps, 1.0 - options.eps);
    const double q = 1.0 - p;
    const double sum = q + p;
    return -std::log((y_true[r] == classes[1] ? p : q) / sum);
  });
}

/// Multiclass cross-entropy: `proba` has one column per class of y_true in
/// sorted label order; rows are clipped and renormalised as in the binary case.
inline double log_loss(const Eigen::VectorXd& y_true, const Eigen::MatrixXd& proba, const LogLossOptions& options = {}) {
  detail::check_eps(options.eps);
  if (y_true.size() == 0 || proba.rows() != y_true.size())
    detail::throw_schema("log_loss", "", "needs non-empty y_true and y_pred with one row per sample (got " +
                                             std::to_string(y_true.size()) + " and " + std::to_string(proba.rows()) + ")");
  detail::check_metric_labels(y_true, "log_loss", "y_true");
  for (Eigen::Index j = 0; j < proba.cols(); ++j) detail::check_probabilities(proba.col(j), "log_loss", "y_pred");
  const std::vector<double> classes = detail::sorted_unique(y_true);
  if (classes.size() == 1)
    detail::throw_data("log_loss", "", "y_true contains only one label (" + detail::python_float_repr(classes[0]) +
                                           "): log_loss needs two or more classes");
  if (static_cast<Eigen::Index>(classes.size()) != proba.cols())
    detail::throw_data("log_loss", "", "y_true has " + std::to_string(classes.size()) + " classes " +
                                           detail::labels_text(classes) + " but y_pred has " +
                                           std::to_string(proba.cols()) + " columns");
  const auto n = static_cast<std::size_t>(y_true.size());
  const auto k = static_cast<std::size_t>(proba.cols());
  std::vector<double> row(k);
  return detail::numpy_mean(n, [&](std::size_t i) {
    const auto r = static_cast<Eigen::Index>(i);
    for (std::size_t j = 0; j < k; ++j)
      row[j] = std::clamp(proba(r, static_cast<Eigen::Index>(j)), options.eps, 1.0 - options.eps);
    const double sum = detail::pairwise_sum(row);
    const auto label = static_cast<std::size_t>(std::lower_bound(classes.begin(), classes.end(), y_true[r]) - classes.begin());
    return -std::log(row[label] / sum);
  });
}

/// Mean squared difference between the positive-class indicator and the
/// probability. `pos_label` unset: 1 for {0,1} or {-1,1} labels, otherwise
/// the greater label, as scikit-learn.
inline double brier_score_loss(const Eigen::VectorXd& y_true, const Eigen::VectorXd& proba,
                               std::optional<double> pos_label = std::nullopt) {
  detail::check_same_length(y_true, proba, "brier_score_loss");
  detail::check_metric_labels(y_true, "brier_score_loss", "y_true");
  detail::check_probabilities(proba, "brier_score_loss", "y_prob");
  const std::vector<double> classes = detail::sorted_unique(y_true);
  if (classes.size() > 2)
    detail::throw_data("brier_score_loss", "", "only binary classification is supported; y_true has classes " +
                                                   detail::labels_text(classes));
  const double pos = pos_label ? *pos_label : detail::default_pos_label(classes);
  return detail::numpy_mean(static_cast<std::size_t>(y_true.size()), [&](std::size_t i) {
    const auto r = static_cast<Eigen::Index>(i);
    const double d = (y_true[r] == pos ? 1.0 : 0.0) - proba[r];
    return d * d;
  });
}

/// Average precision: Σ (R_n − R_{n−1}) P_n over the distinct score
/// thresholds, highest first (scikit-learn's step integral, no
/// interpolation). y_true binary; all negatives give 0.
inline double average_precision_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& score,
                                      double pos_label = 1.0) {
  detail::check_same_length(y_true, score, "average_precision_score");
  detail::check_metric_labels(y_true, "average_precision_score", "y_true");
  detail::check_finite(score, "average_precision_score", "y_score");
  const std::vector<double> classes = detail::sorted_unique(y_true);
  if (classes.size() > 2)
    detail::throw_data("average_precision_score", "", "y_true must be binary; it has classes " +
                                                          detail::labels_text(classes));
  if (classes.size() == 2 && !std::binary_search(classes.begin(), classes.end(), pos_label))
    detail::throw_parameter("average_precision_score", "pos_label=" + detail::python_float_repr(pos_label) +
                                                           " is not a valid label: it should be one of " +
                                                           detail::labels_text(classes));
  const auto n = static_cast<std::size_t>(y_true.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return score[static_cast<Eigen::Index>(a)] > score[static_cast<Eigen::Index>(b)];
  });
  // tps, fps at the last sample of each distinct score (descending).
  std::vector<double> tps, fps;
  double cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<Eigen::Index>(order[i]);
    cum += y_true[r] == pos_label ? 1.0 : 0.0;
    if (i + 1 == n || score[static_cast<Eigen::Index>(order[i + 1])] != score[r]) {
      tps.push_back(cum);
      fps.push_back(1.0 + static_cast<double>(i) - cum);
    }
  }
  const std::size_t m = tps.size();
  // Reversed (recall decreasing), with the final point (precision 1, recall 0).
  std::vector<double> precision(m + 1), recall(m + 1);
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t t = m - 1 - j;
    const double ps = tps[t] + fps[t];
    precision[j] = ps != 0 ? tps[t] / ps : 0.0;
    recall[j] = tps[m - 1] == 0 ? 1.0 : tps[t] / tps[m - 1];
  }
  precision[m] = 1.0;
  recall[m] = 0.0;
  return -detail::pairwise_sum(0, m, [&](std::size_t j) { return (recall[j + 1] - recall[j]) * precision[j]; });
}

/// Fraction of exact matches.
inline double accuracy_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& y_pred) {
  detail::check_classification(y_true, y_pred, "accuracy_score");
  Eigen::Index hits = 0;
  for (Eigen::Index i = 0; i < y_true.size(); ++i) hits += y_true[i] == y_pred[i];
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

/// Area under the ROC curve of binary labels (0/1) against scores; ties in
/// the scores count one half, as scikit-learn's trapezoidal rule does.
inline double roc_auc_score(const Eigen::VectorXd& y_true, const Eigen::VectorXd& score) {
  detail::check_same_length(y_true, score, "roc_auc_score");
  detail::check_finite(score, "roc_auc_score", "y_score");
  const auto n = static_cast<std::size_t>(y_true.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return score[static_cast<Eigen::Index>(a)] < score[static_cast<Eigen::Index>(b)];
  });
  // Mann–Whitney U with mid-ranks for ties.
  double pos = 0, neg = 0, rank_sum = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && score[static_cast<Eigen::Index>(order[j])] == score[static_cast<Eigen::Index>(order[i])]) ++j;
    const double mid_rank = (static_cast<double>(i) + static_cast<double>(j) + 1.0) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      const double y = y_true[static_cast<Eigen::Index>(order[k])];
      if (y != 0.0 && y != 1.0) detail::throw_data("roc_auc_score", "", "labels must be 0 or 1");
      if (y == 1.0) {
        pos += 1;
        rank_sum += mid_rank;
      } else {
        neg += 1;
      }
    }
    i = j;
  }
  if (pos == 0 || neg == 0) detail::throw_data("roc_auc_score", "", "needs both classes in y_true");
  return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg);
}

FEPIPE_NAMESPACE_END
