#pragma once
/// @file
/// OutlierTrimmer — feature_engine.outliers.OutlierTrimmer.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/outlier/detail/capping.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Removes the rows whose value in any variable lies beyond the caps the
/// Winsorizer would learn (same options and caps; values equal to a cap are
/// kept). With `missing_values = ignore`, a row missing a capped variable
/// is removed too (feature-engine's comparison is false for NaN).
///
/// In a Pipeline, fit passes the target through `transform_xy`, so y stays
/// aligned with the surviving rows. A single record cannot be removed:
/// `transform_row` returns an inlier unchanged and throws a DataError naming
/// the column and value for an outlier.
///
/// Learns: `right_tail_caps_`, `left_tail_caps_`, `fold_`, `variables_`,
/// `feature_names_in_` (see Winsorizer).
class OutlierTrimmer {
 public:
  struct Options {
    CappingMethod capping_method = CappingMethod::gaussian;
    Tail tail = Tail::right;
    /// Multiplier of the spread (or tail fraction for quantiles); unset = 'auto'.
    std::optional<double> fold{};
    Variables variables{};
    bool return_empty = false;
    MissingValues missing_values = MissingValues::raise;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(capping_method), FEPIPE_NVP(tail), FEPIPE_NVP(fold), FEPIPE_NVP(variables),
         FEPIPE_NVP(return_empty), FEPIPE_NVP(missing_values));
    }
    // feature-engine's fold='auto' is fold unset.
    static constexpr std::array<SpecKeyword, 1> spec_keywords{{
        {.field = "fold", .values = R"([["auto", null]])"},
    }};
  };

  static constexpr std::string_view type_name = "OutlierTrimmer";
  static constexpr std::uint32_t serial_version = 1;

  OutlierTrimmer() = default;
  explicit OutlierTrimmer(Options options) : options_(std::move(options)) { validate(); }

  OutlierTrimmer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    detail::CapFit fitted = detail::fit_caps(X, options_, type_name);
    detail::CapTable table(fitted.variables, fitted.right_tail_caps, fitted.left_tail_caps);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    right_tail_caps_ = std::move(fitted.right_tail_caps);
    left_tail_caps_ = std::move(fitted.left_tail_caps);
    fold_ = fitted.fold;
    table_ = std::move(table);
    return *this;
  }

  /// The rows of X inside the caps, in their order.
  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    const std::vector<std::size_t> keep = kept_rows(X);
    if (keep.size() == X.rows()) return X;
    return X.take_rows(keep);
  }

  /// transform, with the target restricted to the same rows.
  std::pair<Frame, Target> transform_xy(Frame X, Target y) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (static_cast<std::size_t>(y.size()) != X.rows())
      detail::throw_schema(
          type_name, "",
          "target has " + std::to_string(y.size()) + " values for " + std::to_string(X.rows()) + " rows");
    const std::vector<std::size_t> keep = kept_rows(X);
    if (keep.size() == X.rows()) return {std::move(X), std::move(y)};
    Target kept(static_cast<Eigen::Index>(keep.size()));
    for (std::size_t i = 0; i < keep.size(); ++i)
      kept[static_cast<Eigen::Index>(i)] = y[static_cast<Eigen::Index>(keep[i])];
    return {X.take_rows(keep), std::move(kept)};
  }

  /// Checks one record: unchanged if inside the caps, DataError otherwise.
  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      const double x = detail::outlier_cell(row[positions_[k]], options_.missing_values, type_name, variables_[k]);
      if (!table_.inside(k, x)) [[unlikely]]
        reject(k, x);
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> right_tail_caps_;
  Dict<double> left_tail_caps_;
  double fold_ = 0;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(right_tail_caps_), FEPIPE_NVP(left_tail_caps_), FEPIPE_NVP(fold_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_loaded_fit(right_tail_caps_, left_tail_caps_, fold_, variables_, options_.tail,
                               !feature_names_in_.empty(), type_name);
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      table_ = detail::CapTable(variables_, right_tail_caps_, left_tail_caps_);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    detail::validate_fold(options_.fold, options_.capping_method, type_name);
  }

  /// Rows inside every variable's caps (the same test as transform_row).
  std::vector<std::size_t> kept_rows(const Frame& X) const {
    if (options_.missing_values == MissingValues::raise) detail::require_finite(X, positions_, type_name);
    std::vector<char> keep(X.rows(), 1);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      auto v = X.column(positions_[k]).values();
      for (std::size_t r = 0; r < v.size(); ++r) keep[r] = keep[r] && table_.inside(k, v[r]);
    }
    std::vector<std::size_t> rows;
    rows.reserve(X.rows());
    for (std::size_t r = 0; r < keep.size(); ++r)
      if (keep[r]) rows.push_back(r);
    return rows;
  }

  [[noreturn]] FEPIPE_COLD void reject(std::size_t k, double x) const {
    std::string where;
    if (std::isnan(x))
      where = "is missing";
    else if (x > table_.upper(k))
      where = "is above the right cap " + detail::python_float_repr(table_.upper(k));
    else
      where = "is below the left cap " + detail::python_float_repr(table_.lower(k));
    detail::throw_data(type_name, variables_[k],
                       "value " + detail::python_float_repr(x) + " " + where +
                           ": the record is an outlier, and OutlierTrimmer cannot remove a single record");
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::CapTable table_;
};

static_assert(RowFilter<OutlierTrimmer>);
static_assert(RowTransformer<OutlierTrimmer>);

FEPIPE_NAMESPACE_END
