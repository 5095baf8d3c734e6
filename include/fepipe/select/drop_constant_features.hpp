#pragma once
/// @file
/// DropConstantFeatures — feature_engine.selection.DropConstantFeatures.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/core/detail/selector_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// What DropConstantFeatures does with missing values at fit.
enum class ConstantMissing : std::uint8_t {
  raise,    ///< DataError naming the column and row
  ignore,   ///< not a value: not counted as distinct, but rows still count in the fraction
  include,  ///< missing is a value of its own
};
constexpr std::array<std::string_view, 3> enum_names(ConstantMissing) { return {"raise", "ignore", "include"}; }

/// Removes constant and quasi-constant variables of any kind.
///
/// With `tol` = 1 a variable is dropped when it holds exactly one distinct
/// value. With `tol` < 1 it is dropped when its most frequent value covers at
/// least `tol` of all rows (missing rows included in the count of rows).
/// Numbers compare by value (0.0 equals −0.0), labels by text. An
/// all-missing variable has no value and is kept, unless missing values are
/// included (feature-engine fails on it when tol < 1 and they are ignored).
///
/// Learns: `features_to_drop_` (in `variables_` order), `variables_`,
/// `feature_names_in_`. Dropping every column is a SchemaError. Transform
/// only removes columns; it never looks at values.
class DropConstantFeatures {
 public:
  struct Options {
    /// Any kind of column (automatic: every column).
    Variables variables{};
    /// Fraction of rows the most frequent value must reach, in [0, 1].
    double tol = 1.0;
    ConstantMissing missing_values = ConstantMissing::raise;
    /// Keep only the listed variables present in the frame at fit.
    bool confirm_variables = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(tol), FEPIPE_NVP(missing_values), FEPIPE_NVP(confirm_variables));
    }
  };

  static constexpr std::string_view type_name = "DropConstantFeatures";
  static constexpr std::uint32_t serial_version = 1;

  DropConstantFeatures() = default;
  explicit DropConstantFeatures(Options options) : options_(std::move(options)) { validate(); }

  DropConstantFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    auto vars =
        detail::select_variables(X, options_.variables, options_.confirm_variables, VariableType::any, type_name);
    if (options_.missing_values == ConstantMissing::raise) detail::require_no_missing(X, vars, type_name);
    std::vector<std::string> drop;
    for (const auto& v : vars)
      if (is_quasi_constant(X[v])) drop.push_back(v);
    auto dropper = detail::ColumnDrop::resolve(schema, drop, type_name);
    dropper.require_columns_left(schema.size(), type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    features_to_drop_ = std::move(drop);
    drop_ = std::move(dropper);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    drop_.apply(X);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    drop_.apply(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return drop_.kept_names(feature_names_in_); }

  std::vector<std::string> features_to_drop_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(features_to_drop_));
    if constexpr (Archive::is_loading) {
      validate();
      if (feature_names_in_.empty()) return;
      detail::positions_in(feature_names_in_, variables_, type_name);
      detail::check_subset(features_to_drop_, variables_, type_name, "features_to_drop_");
      drop_ = detail::ColumnDrop::resolve(feature_names_in_, features_to_drop_, type_name);
      drop_.require_columns_left(feature_names_in_.size(), type_name);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!(options_.tol >= 0.0 && options_.tol <= 1.0))
      detail::throw_parameter(type_name, "tol must be between 0 and 1, got " + detail::python_float_repr(options_.tol));
  }

  // Count of the most frequent value (missing counted as a value only with
  // `include`) and the number of distinct values, per feature-engine's rule.
  bool is_quasi_constant(const Column& col) const {
    const bool include = options_.missing_values == ConstantMissing::include;
    std::size_t distinct = 0, top = 0, missing = 0;
    if (col.is_numeric()) {
      // Sorted copies make equal values adjacent (0.0 and −0.0 compare
      // equal, as in pandas' hash tables): one sort instead of a hash node
      // per distinct value.
      std::vector<double> v;
      v.reserve(col.size());
      for (double x : col.values()) {
        if (std::isnan(x))
          ++missing;
        else
          v.push_back(x);
      }
      std::sort(v.begin(), v.end());
      for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i + 1;
        while (j < v.size() && v[j] == v[i]) ++j;
        ++distinct;
        top = std::max(top, j - i);
        i = j;
      }
    } else {
      std::vector<std::size_t> counts(col.labels().size(), 0);
      for (std::int32_t code : col.codes()) {
        if (code < 0) {
          ++missing;
          continue;
        }
        const std::size_t c = ++counts[static_cast<std::size_t>(code)];
        if (c == 1) ++distinct;
        top = std::max(top, c);
      }
    }
    if (include && missing > 0) {
      ++distinct;
      top = std::max(top, missing);
    }
    // A variable without any value (all missing, not included) is not
    // constant under either rule (feature-engine fails on it with tol < 1).
    if (distinct == 0) return false;
    if (options_.tol == 1.0) return distinct == 1;
    // pandas divides each count by len(X) and compares with tol.
    return static_cast<double>(top) / static_cast<double>(col.size()) >= options_.tol;
  }

  Options options_;
  detail::ColumnDrop drop_;
};

static_assert(RowTransformer<DropConstantFeatures>);

FEPIPE_NAMESPACE_END
