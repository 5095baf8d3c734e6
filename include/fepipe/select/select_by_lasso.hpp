#pragma once
/// @file
/// SelectByLasso — sklearn.feature_selection.SelectFromModel(Lasso(...)),
/// the course's feature selection.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/detail/design_matrix.hpp"
#include "fepipe/linear/lasso.hpp"
#include "fepipe/core/detail/selector_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// How SelectByLasso turns importances (|coef_|) into a cut-off.
enum class ImportanceThreshold : std::uint8_t {
  value,   ///< `threshold` itself
  mean,    ///< `threshold_scale` × the mean importance ("1.25*mean")
  median,  ///< `threshold_scale` × the median importance
};
constexpr std::array<std::string_view, 3> enum_names(ImportanceThreshold) { return {"value", "mean", "median"}; }

/// Fits a Lasso on every column and keeps the features whose |coefficient|
/// reaches the threshold — scikit-learn's SelectFromModel with a Lasso,
/// whose default cut for L1 models is 1e-5 (so "nonzero coefficient").
/// With `max_features`, at most that many features are kept: the largest
/// importances, ties by column order, still subject to the threshold.
///
/// Every column must be numeric; NaN or ±inf anywhere is a DataError at fit
/// and at transform (scikit-learn validates the whole input for a Lasso).
/// Keeping no feature at all is a SchemaError at fit (scikit-learn warns and
/// returns an empty matrix, which no later step can use).
///
/// Learns: `estimator_` (the fitted Lasso), `threshold_` (the cut used),
/// `features_to_drop_` (in column order), `feature_names_in_`.
///
/// @code
///   SelectByLasso sel({.lasso = {.alpha = 0.001, .random_state = 0u}});
///   sel.fit(X_train, y_train);   // the course's SelectFromModel(Lasso(alpha=0.001, random_state=0))
/// @endcode
class SelectByLasso {
 public:
  struct Options {
    /// The Lasso to fit (scikit-learn's defaults; the course uses alpha 0.001).
    Lasso::Options lasso{};
    ImportanceThreshold threshold_rule = ImportanceThreshold::value;
    /// The cut with rule `value` (keep |coef| ≥ threshold).
    double threshold = 1e-5;
    /// The factor on the mean or median with those rules.
    double threshold_scale = 1.0;
    /// Keep at most this many features (none: no limit).
    std::optional<std::size_t> max_features{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(lasso), FEPIPE_NVP(threshold_rule), FEPIPE_NVP(threshold), FEPIPE_NVP(threshold_scale),
         FEPIPE_NVP(max_features));
    }
  };

  static constexpr std::string_view type_name = "SelectByLasso";
  /// 2: the Lasso it holds (estimator_) is a version-2 Lasso, which records
  /// its training means; version-1 files (a version-1 Lasso) still load.
  static constexpr std::uint32_t serial_version = 2;

  SelectByLasso() = default;
  explicit SelectByLasso(Options options) : options_(std::move(options)) { validate(); }

  /// The target is required.
  SelectByLasso& fit(const Frame& X, const Target* y) {
    if (y == nullptr) detail::throw_schema(type_name, "", "needs the target y to fit its Lasso");
    Schema schema = detail::fit_schema(X, type_name);
    detail::check_numeric_frame(X, type_name, true);
    if (static_cast<std::size_t>(y->size()) != X.rows())
      detail::throw_schema(
          type_name, "",
          "target has " + std::to_string(y->size()) + " values for " + std::to_string(X.rows()) + " rows");
    if (options_.max_features && *options_.max_features > X.cols())
      detail::throw_parameter(type_name, "max_features is " + std::to_string(*options_.max_features) +
                                             ", the frame has only " + std::to_string(X.cols()) + " columns");
    Lasso lasso(options_.lasso);
    lasso.fit(X, *y);
    auto [threshold, drop] = select(lasso, schema);
    auto dropper = detail::ColumnDrop::resolve(schema, drop, type_name);
    // scikit-learn warns and returns no columns; nothing downstream can use that.
    dropper.require_columns_left(schema.size(), type_name);
    feature_names_in_ = std::move(schema);
    estimator_ = std::move(lasso);
    threshold_ = threshold;
    features_to_drop_ = std::move(drop);
    drop_ = std::move(dropper);
    return *this;
  }
  SelectByLasso& fit(const Frame& X, const Target& y) { return fit(X, &y); }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::check_numeric_frame(X, type_name, true);
    drop_.apply(X);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t j = 0; j < row.width(); ++j) {
      const double x = detail::cell_number(row[j], type_name, feature_names_in_[j].name);
      if (!std::isfinite(x)) [[unlikely]]
        detail::throw_data(type_name, feature_names_in_[j].name,
                           "value " + detail::python_float_repr(x) + " is not finite (impute or cap it first)");
    }
    drop_.apply(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return drop_.kept_names(feature_names_in_); }

  Lasso estimator_;
  double threshold_ = 0.0;
  std::vector<std::string> features_to_drop_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(estimator_), FEPIPE_NVP(threshold_),
       FEPIPE_NVP(features_to_drop_));
    if constexpr (Archive::is_loading) {
      validate();
      if (feature_names_in_.empty()) return;
      if (estimator_.feature_names_in_ != feature_names_in_)
        detail::throw_model_format("SelectByLasso: the Lasso was fitted on other columns than the selector");
      // The selection is a function of the coefficients: recompute it and
      // insist that the file agrees.
      const auto [threshold, drop] = select(estimator_, feature_names_in_);
      if (!(threshold == threshold_ || (std::isnan(threshold) && std::isnan(threshold_))) || drop != features_to_drop_)
        detail::throw_model_format("SelectByLasso: threshold_ or features_to_drop_ do not match the Lasso's coef_");
      drop_ = detail::ColumnDrop::resolve(feature_names_in_, features_to_drop_, type_name);
      drop_.require_columns_left(feature_names_in_.size(), type_name);
    }
  }

 private:
  void validate() const {
    if (std::isnan(options_.threshold)) detail::throw_parameter(type_name, "threshold is NaN");
    if (!std::isfinite(options_.threshold_scale))
      detail::throw_parameter(
          type_name, "threshold_scale must be finite, got " + detail::python_float_repr(options_.threshold_scale));
    Lasso check(options_.lasso);  // the Lasso validates its own options
  }

  /// scikit-learn's `_calculate_threshold` and `_get_support_mask`.
  std::pair<double, std::vector<std::string>> select(const Lasso& lasso, const Schema& schema) const {
    const std::size_t p = schema.size();
    std::vector<double> importance(p);
    for (std::size_t j = 0; j < p; ++j) importance[j] = std::fabs(lasso.coef_[static_cast<Eigen::Index>(j)]);
    double threshold = options_.threshold;
    if (options_.threshold_rule == ImportanceThreshold::mean)
      threshold = options_.threshold_scale * (detail::pairwise_sum(importance) / static_cast<double>(p));
    else if (options_.threshold_rule == ImportanceThreshold::median)
      threshold = options_.threshold_scale * detail::nan_median(importance);
    std::vector<char> keep(p, 1);
    if (options_.max_features) {
      // Stable order of decreasing importance (mergesort on −score).
      std::vector<std::size_t> order(p);
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return -importance[a] < -importance[b]; });
      std::fill(keep.begin(), keep.end(), 0);
      for (std::size_t k = 0; k < std::min(*options_.max_features, p); ++k) keep[order[k]] = 1;
    }
    std::vector<std::string> drop;
    for (std::size_t j = 0; j < p; ++j)
      if (!keep[j] || importance[j] < threshold) drop.push_back(schema[j].name);
    return {threshold, std::move(drop)};
  }

  Options options_;
  detail::ColumnDrop drop_;
};

static_assert(RowTransformer<SelectByLasso>);

FEPIPE_NAMESPACE_END
