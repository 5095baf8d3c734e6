#pragma once
/// @file
/// HistGradientBoostingRegressor — sklearn.ensemble.HistGradientBoostingRegressor
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

/// Loss of HistGradientBoostingRegressor.
enum class HistRegressionLoss : std::uint8_t { squared_error, absolute_error, poisson, quantile };
constexpr std::array<std::string_view, 4> enum_names(HistRegressionLoss) {
  return {"squared_error", "absolute_error", "poisson", "quantile"};
}

/// Histogram-based gradient boosting for regression, reproducing
/// scikit-learn 1.2.1: quantile binning (≤ max_bins bins + one for missing
/// values), leaf-wise trees grown on float32 gradients with float64
/// histogram sums, the learned side for missing values, native categorical
/// splits, early stopping on the loss. Predictions agree with scikit-learn's
/// to ~1e-12 relative (tested to 1e-6 on House Prices and synthetic data).
///
/// Inputs: numeric columns (NaN = missing, ±inf allowed) and label
/// (categorical-kind) columns, which are always categorical: their labels,
/// sorted, are the categories (as an OrdinalEncoder would code them), and a
/// label unseen at fit follows the missing side. A numeric column named in
/// `categorical_features` holds category codes, integers in [0, max_bins).
/// scikit-learn 1.2 has no label support (categorical_features=None by
/// default, codes only); fepipe's label handling is what 1.4+ does with
/// 'from_dtype'. At most max_bins categories per feature (DataError).
///
/// Follows 1.2.1 where later releases changed behaviour (the reference
/// semantics page describes 1.4–1.8): categorical features keep their column
/// position (1.4+ moves them first, which changes which feature wins a tie
/// of equal gains), and an explicit list is needed for numeric code columns
/// (1.6+ defaults to 'from_dtype'). Deliberate differences from 1.2.1:
/// negative or fractional category codes are a DataError at fit (1.2.1
/// truncates them when predicting), and a categorical split of a feature
/// with a single known category uses its bitset (1.2.1's predictor then
/// reads another split's bitset).
///
/// Not implemented: sample_weight, monotonic_cst, interaction_cst,
/// warm_start, scorer names other than 'loss', an integer
/// validation_fraction.
///
/// `n_threads` (0 = all cores) parallelises fit and batch predict; results
/// are bit-identical for every thread count.
///
/// Learns: `n_iter_`, `train_score_`, `validation_score_` (negated mean
/// loss before the first tree and after every iteration, when early
/// stopping ran), `baseline_prediction_`, `bin_thresholds_`,
/// `n_bins_non_missing_`, `is_categorical_`, `category_labels_`, the trees
/// in `forest_`, `feature_names_in_`.
class HistGradientBoostingRegressor : public detail::HistGradientBoostingBase {
 public:
  struct Options {
    HistRegressionLoss loss = HistRegressionLoss::squared_error;
    /// The quantile to predict with loss = quantile, in (0, 1).
    std::optional<double> quantile{};
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
    /// Fraction of rows held out for early stopping; unset: score on the
    /// training rows.
    std::optional<double> validation_fraction = 0.1;
    int n_iter_no_change = 10;
    double tol = 1e-7;
    /// Seeds the validation split and the binning subsample (numpy
    /// RandomState semantics); unset: a fresh seed.
    std::optional<std::uint32_t> random_state{};
    /// Threads for fit and batch predict; 0 = all cores.
    int n_threads = 0;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(loss), FEPIPE_NVP(quantile));
      detail::serialize_hist_options(ar, *this);
    }
    // scikit-learn's early_stopping is 'auto', True or False.
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "early_stopping", .values = R"([[true, "on"], [false, "off"]])"},
    }};
  };

  static constexpr std::string_view type_name = "HistGradientBoostingRegressor";
  /// Version 2: the forest records node covers (Forest version 2, for
  /// explanations); version-1 files still load.
  static constexpr std::uint32_t serial_version = 2;

  HistGradientBoostingRegressor() = default;
  explicit HistGradientBoostingRegressor(Options options) : options_(std::move(options)) { validate(); }

  HistGradientBoostingRegressor& fit(const Frame& X, const Target& y) {
    validate();
    const auto p = detail::hist_params(options_);
    fit_target(prepare(X, p, type_name), y, p);
    return *this;
  }
  HistGradientBoostingRegressor& fit(const Eigen::MatrixXd& X, const Target& y) {
    validate();
    const auto p = detail::hist_params(options_);
    fit_target(prepare(X, p, type_name), y, p);
    return *this;
  }

  Eigen::VectorXd predict(const Frame& X) const { return finish(raw_predict(X, options_.n_threads, type_name)); }
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const {
    return finish(raw_predict(X, options_.n_threads, type_name));
  }
  /// One record (values in fitted column order: numbers, labels for label
  /// columns, missing); allocation-free.
  double predict_row(std::span<const Value> row) const {
    double raw = 0.0;
    raw_predict_row(row, &raw, type_name);
    return inverse_link(raw);
  }

  const Options& options() const noexcept { return options_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_));
    serialize_learned(ar);
    if constexpr (Archive::is_loading) {
      validate_loaded();
      check_loaded(1, detail::hist_params(options_), type_name);
    }
  }

 private:
  void validate() const {
    detail::validate_hist_params(detail::hist_params(options_), type_name);
    if (options_.loss == HistRegressionLoss::quantile &&
        !(options_.quantile && *options_.quantile > 0.0 && *options_.quantile < 1.0))
      detail::throw_parameter(type_name, "loss = quantile needs quantile in (0, 1), got " +
                                             (options_.quantile ? detail::python_float_repr(*options_.quantile)
                                                                : std::string("none")));
  }
  void validate_loaded() const {
    try {
      validate();
    } catch (const ParameterError& e) {
      detail::throw_model_format(std::string("invalid options: ") + e.what());
    }
  }

  detail::HistLoss make_loss() const {
    detail::HistLoss loss;
    switch (options_.loss) {
      case HistRegressionLoss::squared_error: loss.kind = detail::HistLossKind::squared_error; break;
      case HistRegressionLoss::absolute_error: loss.kind = detail::HistLossKind::absolute_error; break;
      case HistRegressionLoss::poisson: loss.kind = detail::HistLossKind::poisson; break;
      case HistRegressionLoss::quantile:
        loss.kind = detail::HistLossKind::quantile;
        loss.quantile = *options_.quantile;
        break;
    }
    return loss;
  }

  void fit_target(FitData data, const Target& y, const detail::HistParams& p) {
    if (static_cast<std::size_t>(y.size()) != data.n_rows)
      detail::throw_schema(type_name, "",
                           "target has " + std::to_string(y.size()) + " values for " + std::to_string(data.n_rows) +
                               " rows");
    const std::span<const double> yv(y.data(), static_cast<std::size_t>(y.size()));
    for (std::size_t i = 0; i < yv.size(); ++i)
      if (!std::isfinite(yv[i]))
        detail::throw_data(type_name, "", "target " + detail::value_at_row(yv[i], i) + " is not finite");
    if (options_.loss == HistRegressionLoss::poisson) {
      double sum = 0.0;
      for (std::size_t i = 0; i < yv.size(); ++i) {
        if (yv[i] < 0)
          detail::throw_data(type_name, "",
                             "loss = poisson needs a target >= 0, got " + detail::value_at_row(yv[i], i));
        sum += yv[i];
      }
      if (!(sum > 0)) detail::throw_data(type_name, "", "loss = poisson needs a target whose sum is > 0");
    }
    fit_data(std::move(data), yv, make_loss(), p, false, type_name);
  }

  double inverse_link(double raw) const noexcept {
    return options_.loss == HistRegressionLoss::poisson ? std::exp(raw) : raw;
  }
  Eigen::VectorXd finish(const std::vector<double>& raw) const {
    Eigen::VectorXd out(static_cast<Eigen::Index>(raw.size()));
    for (std::size_t i = 0; i < raw.size(); ++i) out[static_cast<Eigen::Index>(i)] = inverse_link(raw[i]);
    return out;
  }

  Options options_;
};

static_assert(RowEstimator<HistGradientBoostingRegressor>);

FEPIPE_NAMESPACE_END
