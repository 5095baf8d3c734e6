#pragma once
/// @file
/// DropMissingData — feature_engine.imputation.DropMissingData.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/variables.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Removes the rows that have missing values (complete-case analysis).
///
/// A row is dropped when any checked variable is missing, or, with a
/// `threshold` t in (0, 1], kept only when at least t · len(variables_) of
/// its checked values are present. It is a RowFilter: inside a Pipeline the
/// target rows are dropped with the frame's during fit (`transform_xy`).
///
/// Learns:
/// - `variables_`: the variables checked — every selected variable (any
///   kind; automatic = all columns); with `missing_only` and no threshold,
///   only those that had missing values in the training data.
/// - `feature_names_in_`.
///
/// `return_na_data(X)` gives the rows with a missing value (without a
/// threshold) or whose share of missing values is ≥ t — with a threshold
/// not exactly the rows transform drops, as in feature-engine.
///
/// A single record cannot be dropped: transform_row throws a DataError
/// naming the variable whose missing value would have dropped it.
class DropMissingData {
 public:
  struct Options {
    /// Check only the variables that had missing values at fit (ignored
    /// when a threshold is given).
    bool missing_only = true;
    /// Minimum share of present values a row needs to be kept, in (0, 1].
    std::optional<double> threshold{};
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(missing_only), FEPIPE_NVP(threshold), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "DropMissingData";
  static constexpr std::uint32_t serial_version = 1;

  DropMissingData() = default;
  explicit DropMissingData(Options options) : options_(std::move(options)) { validate(); }

  DropMissingData& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto candidates = resolve_variables(X, options_.variables, type_name,
                                        {.type = VariableType::any, .return_empty = options_.return_empty});
    std::vector<std::string> vars;
    for (auto& v : candidates)
      if (options_.threshold || !options_.missing_only || detail::has_missing(X[v])) vars.push_back(std::move(v));
    positions_ = detail::positions_in(schema, vars, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    return *this;
  }

  /// X without the dropped rows.
  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    const auto kept = kept_rows(X);
    if (kept.size() == X.rows()) return X;
    return X.take_rows(kept);
  }

  /// X and y without the dropped rows (the Pipeline calls this during fit).
  std::pair<Frame, Target> transform_xy(Frame X, Target y) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (static_cast<std::size_t>(y.size()) != X.rows())
      detail::throw_schema(type_name, "", "target has " + std::to_string(y.size()) + " values for " +
                                              std::to_string(X.rows()) + " rows");
    const auto kept = kept_rows(X);
    if (kept.size() == X.rows()) return {std::move(X), std::move(y)};
    Target y_kept(static_cast<Eigen::Index>(kept.size()));
    for (std::size_t i = 0; i < kept.size(); ++i)
      y_kept[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(kept[i])];
    return {X.take_rows(kept), std::move(y_kept)};
  }

  /// The rows with missing values: any missing checked value, or with a
  /// threshold t, a share of missing checked values ≥ t.
  Frame return_na_data(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    const auto missing = missing_per_row(X);
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < missing.size(); ++r)
      if (is_na_row(missing[r])) rows.push_back(r);
    return X.take_rows(rows);
  }

  /// Passes a complete record through; DataError naming the variable whose
  /// missing value would have dropped it.
  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    std::size_t missing = 0;
    std::size_t first_missing = 0;
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      if (!cell_missing(row[positions_[k]], feature_names_in_[positions_[k]].kind, variables_[k])) continue;
      if (missing++ == 0) first_missing = k;
    }
    if (!keeps(missing)) [[unlikely]]
      detail::throw_data(type_name, variables_[first_missing],
                         "is missing, so the record would be dropped (" + std::to_string(missing) + " of " +
                             std::to_string(positions_.size()) + " checked values missing" +
                             (options_.threshold ? ", threshold " + detail::python_float_repr(*options_.threshold)
                                                 : std::string()) +
                             "); a single record cannot be dropped — impute it or filter it before predicting");
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    if constexpr (Archive::is_loading) {
      validate();
      if (!variables_.empty()) Variables(variables_).validate(type_name);  // no duplicates
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, std::nullopt);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (options_.threshold && !(*options_.threshold > 0.0 && *options_.threshold <= 1.0))
      detail::throw_parameter(type_name, "threshold must be in (0, 1], got " +
                                             detail::python_float_repr(*options_.threshold));
  }

  // The keep rule of pandas' dropna: how='any', or thresh = t · n compared
  // with the count of present values.
  bool keeps(std::size_t missing) const noexcept {
    if (!options_.threshold) return missing == 0;
    const std::size_t n = positions_.size();
    return static_cast<double>(n - missing) >= static_cast<double>(n) * *options_.threshold;
  }
  // return_na_data's rule: any missing, or the row's mean of isnull ≥ t.
  bool is_na_row(std::size_t missing) const noexcept {
    if (!options_.threshold) return missing > 0;
    const std::size_t n = positions_.size();
    return n > 0 && static_cast<double>(missing) / static_cast<double>(n) >= *options_.threshold;
  }

  bool cell_missing(const Value& v, Kind kind, std::string_view column) const {
    if (kind == Kind::numeric) return std::isnan(detail::cell_number(v, type_name, column));
    return !detail::cell_label(v, type_name, column);
  }

  std::vector<std::size_t> kept_rows(const Frame& X) const {
    const auto missing = missing_per_row(X);
    std::vector<std::size_t> kept;
    kept.reserve(X.rows());
    for (std::size_t r = 0; r < missing.size(); ++r)
      if (keeps(missing[r])) kept.push_back(r);
    return kept;
  }

  // Missing checked values per row, column by column.
  std::vector<std::size_t> missing_per_row(const Frame& X) const {
    std::vector<std::size_t> missing(X.rows(), 0);
    for (std::size_t pos : positions_) {
      const Column& col = X.column(pos);
      if (col.is_numeric()) {
        auto v = col.values();
        for (std::size_t r = 0; r < v.size(); ++r) missing[r] += std::isnan(v[r]) ? 1 : 0;
      } else {
        auto c = col.codes();
        for (std::size_t r = 0; r < c.size(); ++r) missing[r] += c[r] < 0 ? 1 : 0;
      }
    }
    return missing;
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<DropMissingData>);
static_assert(RowFilter<DropMissingData>);

FEPIPE_NAMESPACE_END
