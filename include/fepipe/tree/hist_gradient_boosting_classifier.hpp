#pragma once
/// @file
/// HistGradientBoostingClassifier — sklearn.ensemble.HistGradientBoostingClassifier
/// (scikit-learn 1.2.1 semantics).

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/tree/detail/hist_boosting.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Loss of HistGradientBoostingClassifier.
enum class HistClassificationLoss : std::uint8_t { log_loss };
constexpr std::array<std::string_view, 1> enum_names(HistClassificationLoss) { return {"log_loss"}; }

/// Histogram-based gradient boosting for classification, reproducing
/// scikit-learn 1.2.1 (see HistGradientBoostingRegressor for the shared
/// behaviour, inputs and options). Targets are class labels 0..k-1 with
/// every class present and k >= 2 (anything else is a DataError). Binary
/// problems grow one tree per iteration on the logit (probability = expit);
/// k > 2 classes grow k trees per iteration (softmax). The validation split
/// for early stopping is stratified, as scikit-learn's.
class HistGradientBoostingClassifier : public detail::HistGradientBoostingBase {
 public:
  struct Options {
    HistClassificationLoss loss = HistClassificationLoss::log_loss;
    double learning_rate = 0.1;
    int max_iter = 100;
    std::optional<int> max_leaf_nodes = 31;
    std::optional<int> max_depth{};
    int min_samples_leaf = 20;
    double l2_regularization = 0.0;
    int max_bins = 255;
    /// Numeric columns holding category codes (label columns are always
    /// categorical).
    std::vector<std::string> categorical_features{};
    HistEarlyStopping early_stopping = HistEarlyStopping::automatic;
    HistScoring scoring = HistScoring::loss;
    std::optional<double> validation_fraction = 0.1;
    int n_iter_no_change = 10;
    double tol = 1e-7;
    std::optional<std::uint32_t> random_state{};
    /// Threads for fit and batch predict; 0 = all cores.
    int n_threads = 0;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(loss));
      detail::serialize_hist_options(ar, *this);
    }
    // scikit-learn's early_stopping is 'auto', True or False.
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "early_stopping", .values = R"([[true, "on"], [false, "off"]])"},
    }};
  };

  static constexpr std::string_view type_name = "HistGradientBoostingClassifier";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;

  HistGradientBoostingClassifier() = default;
  explicit HistGradientBoostingClassifier(Options options) : options_(std::move(options)) { validate(); }

  HistGradientBoostingClassifier& fit(const Frame& X, const Target& y) {
    validate();
    const auto p = detail::hist_params(options_);
    fit_target(prepare(X, p, type_name), y, p);
    return *this;
  }
  HistGradientBoostingClassifier& fit(const Eigen::MatrixXd& X, const Target& y) {
    validate();
    const auto p = detail::hist_params(options_);
    fit_target(prepare(X, p, type_name), y, p);
    return *this;
  }

  /// Class codes (argmax of the probabilities, first class on ties).
  Eigen::VectorXd predict(const Frame& X) const { return classes_of(raw_predict(X, options_.n_threads, type_name)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const {
    return classes_of(raw_predict(X, options_.n_threads, type_name));
  }
  /// n × n_classes() probabilities.
  Eigen::MatrixXd predict_proba(const Frame& X) const {
    return probabilities(raw_predict(X, options_.n_threads, type_name));
  }
  Eigen::MatrixXd predict_proba(const Eigen::MatrixXd& X) const {
    return probabilities(raw_predict(X, options_.n_threads, type_name));
  }
  /// Raw scores (logits): n × 1 for binary problems, n × k otherwise.
  Eigen::MatrixXd decision_function(const Frame& X) const {
    const auto raw = raw_predict(X, options_.n_threads, type_name);
    const auto K = static_cast<std::size_t>(n_trees_per_iteration_);
    Eigen::MatrixXd out(static_cast<Eigen::Index>(raw.size() / K), static_cast<Eigen::Index>(K));
    for (std::size_t i = 0; i < raw.size() / K; ++i)
      for (std::size_t k = 0; k < K; ++k) out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = raw[i * K + k];
    return out;
  }

  /// One record's class code; allocation-free for up to 64 classes.
  double predict_row(std::span<const Value> row) const {
    double p[max_row_classes];
    const std::size_t k = n_classes();
    if (k > max_row_classes) {
      std::vector<double> heap(k);
      predict_proba_row(row, heap);
      return static_cast<double>(argmax(heap.data(), k));
    }
    predict_proba_row(row, {p, k});
    return static_cast<double>(argmax(p, k));
  }
  /// One record's probabilities into out (n_classes() values).
  void predict_proba_row(std::span<const Value> row, std::span<double> out) const {
    if (!is_fitted()) detail::throw_not_fitted(type_name);
    if (out.size() != n_classes())
      detail::throw_schema(type_name, "",
                           "probability buffer has " + std::to_string(out.size()) + " slots for " +
                               std::to_string(n_classes()) + " classes");
    raw_predict_row(row, out.data(), type_name);
    if (n_trees_per_iteration_ == 1) {
      const double p1 = expit(out[0]);
      out[0] = 1 - p1;
      out[1] = p1;
    } else {
      softmax(out.data(), out.size());
    }
  }

  /// Number of classes (0 before fit).
  std::size_t n_classes() const noexcept {
    if (!is_fitted()) return 0;
    return n_trees_per_iteration_ == 1 ? 2 : static_cast<std::size_t>(n_trees_per_iteration_);
  }
  const Options& options() const noexcept { return options_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_));
    serialize_learned(ar);
    if constexpr (Archive::is_loading) {
      try {
        validate();
      } catch (const ParameterError& e) {
        detail::throw_model_format(std::string("invalid options: ") + e.what());
      }
      check_loaded(n_trees_per_iteration_ == 1 ? 1 : 0, detail::hist_params(options_), type_name);
    }
  }

 private:
  static constexpr std::size_t max_row_classes = 64;

  void validate() const { detail::validate_hist_params(detail::hist_params(options_), type_name); }

  void fit_target(FitData data, const Target& y, const detail::HistParams& p) {
    if (static_cast<std::size_t>(y.size()) != data.n_rows)
      detail::throw_schema(type_name, "",
                           "target has " + std::to_string(y.size()) + " values for " + std::to_string(data.n_rows) +
                               " rows");
    const std::span<const double> yv(y.data(), static_cast<std::size_t>(y.size()));
    double max_label = 0;
    for (std::size_t i = 0; i < yv.size(); ++i) {
      const double v = yv[i];
      if (!(v >= 0) || v != std::floor(v) || v > 1e6)
        detail::throw_data(type_name, "",
                           "class labels must be integers 0..k-1, got target " + detail::value_at_row(v, i));
      max_label = std::max(max_label, v);
    }
    const auto k = static_cast<std::size_t>(max_label) + 1;
    std::vector<char> present(k, 0);
    for (double v : yv) present[static_cast<std::size_t>(v)] = 1;
    if (k < 2)
      detail::throw_data(type_name, "", "the target has a single class (0); a classifier needs at least two classes");
    for (std::size_t c = 0; c < k; ++c)
      if (!present[c])
        detail::throw_data(type_name, "",
                           "class " + std::to_string(c) + " does not occur in the target (labels must be 0.." +
                               std::to_string(k - 1) + " with every class present)");
    detail::HistLoss loss;
    loss.kind = k == 2 ? detail::HistLossKind::binary_log_loss : detail::HistLossKind::multinomial;
    loss.n_outputs = k == 2 ? 1 : k;
    fit_data(std::move(data), yv, loss, p, true, type_name);
  }

  // scipy's expit and scikit-learn's softmax, as their predict_proba uses.
  static double expit(double x) noexcept { return 1 / (1 + std::exp(-x)); }
  static void softmax(double* x, std::size_t k) noexcept {
    double max_value = x[0];
    for (std::size_t j = 1; j < k; ++j) max_value = std::max(max_value, x[j]);
    double sum = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      x[j] = std::exp(x[j] - max_value);
      sum += x[j];
    }
    for (std::size_t j = 0; j < k; ++j) x[j] /= sum;
  }
  static std::size_t argmax(const double* p, std::size_t k) noexcept {
    std::size_t best = 0;
    for (std::size_t j = 1; j < k; ++j)
      if (p[j] > p[best]) best = j;
    return best;
  }

  Eigen::MatrixXd probabilities(const std::vector<double>& raw) const {
    const std::size_t K = static_cast<std::size_t>(n_trees_per_iteration_), k = n_classes();
    const std::size_t n = raw.size() / K;
    Eigen::MatrixXd out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
    std::vector<double> row(k);
    for (std::size_t i = 0; i < n; ++i) {
      if (K == 1) {
        row[1] = expit(raw[i]);
        row[0] = 1 - row[1];
      } else {
        for (std::size_t j = 0; j < k; ++j) row[j] = raw[i * K + j];
        softmax(row.data(), k);
      }
      for (std::size_t j = 0; j < k; ++j) out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = row[j];
    }
    return out;
  }
  Eigen::VectorXd classes_of(const std::vector<double>& raw) const {
    const Eigen::MatrixXd p = probabilities(raw);
    Eigen::VectorXd out(p.rows());
    std::vector<double> row(static_cast<std::size_t>(p.cols()));
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      for (Eigen::Index j = 0; j < p.cols(); ++j) row[static_cast<std::size_t>(j)] = p(i, j);
      out[i] = static_cast<double>(argmax(row.data(), row.size()));
    }
    return out;
  }

  Options options_;
};

static_assert(RowClassifier<HistGradientBoostingClassifier>);

FEPIPE_NAMESPACE_END
