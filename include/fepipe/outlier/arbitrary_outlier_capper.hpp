#pragma once
/// @file
/// ArbitraryOutlierCapper — feature_engine.outliers.ArbitraryOutlierCapper.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/outlier/detail/capping.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Caps numeric values at limits the user gives: values above a variable's
/// maximum become the maximum, values below its minimum the minimum
/// (missing values stay missing). Nothing is learned from the data.
///
/// `missing_values = raise` (default) rejects NaN and ±inf at fit and
/// transform (DataError naming the column and row); `ignore` lets NaN
/// through and caps infinities like any value.
///
/// Learns:
/// - `right_tail_caps_` = `max_capping_dict`, `left_tail_caps_` =
///   `min_capping_dict`.
/// - `variables_`: the keys of min_capping_dict, then those of
///   max_capping_dict not already listed (feature-engine's dict update).
/// - `feature_names_in_`.
class ArbitraryOutlierCapper {
 public:
  struct Options {
    /// Variable → maximum (right cap).
    Dict<double> max_capping_dict{};
    /// Variable → minimum (left cap).
    Dict<double> min_capping_dict{};
    MissingValues missing_values = MissingValues::raise;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(max_capping_dict), FEPIPE_NVP(min_capping_dict), FEPIPE_NVP(missing_values));
    }
  };

  static constexpr std::string_view type_name = "ArbitraryOutlierCapper";
  static constexpr std::uint32_t serial_version = 1;

  ArbitraryOutlierCapper() = default;
  explicit ArbitraryOutlierCapper(Options options) : options_(std::move(options)) { validate(); }

  ArbitraryOutlierCapper& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    validate();
    Schema schema = detail::fit_schema(X, type_name);
    std::vector<std::string> vars =
        resolve_variables(X, Variables(union_of_keys()), type_name, {.type = VariableType::numeric});
    std::vector<std::size_t> positions = detail::positions_in(schema, vars, type_name);
    if (options_.missing_values == MissingValues::raise) detail::require_finite(X, positions, type_name);
    table_ = detail::CapTable(vars, options_.max_capping_dict, options_.min_capping_dict);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    positions_ = std::move(positions);
    right_tail_caps_ = options_.max_capping_dict;
    left_tail_caps_ = options_.min_capping_dict;
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    if (options_.missing_values == MissingValues::raise) detail::require_finite(X, positions_, type_name);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) { return table_.clip(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      cell = Value(table_.clip(k, detail::outlier_cell(cell, options_.missing_values, type_name, variables_[k])));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> right_tail_caps_;
  Dict<double> left_tail_caps_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(right_tail_caps_), FEPIPE_NVP(left_tail_caps_));
    if constexpr (Archive::is_loading) {
      const bool fitted = !feature_names_in_.empty();
      if (fitted || !options_.max_capping_dict.empty() || !options_.min_capping_dict.empty()) validate();
      if (fitted && (right_tail_caps_ != options_.max_capping_dict || left_tail_caps_ != options_.min_capping_dict ||
                     variables_ != union_of_keys()))
        detail::throw_model_format("ArbitraryOutlierCapper: the learned caps differ from the capping dicts");
      if (!fitted && (!variables_.empty() || !right_tail_caps_.empty() || !left_tail_caps_.empty()))
        detail::throw_model_format("ArbitraryOutlierCapper: an unfitted step holds learned caps");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
      table_ = detail::CapTable(variables_, right_tail_caps_, left_tail_caps_);
    }
  }

 private:
  void validate() const {
    if (options_.max_capping_dict.empty() && options_.min_capping_dict.empty())
      detail::throw_parameter(type_name, "give at least one of max_capping_dict and min_capping_dict");
    for (const auto* dict : {&options_.max_capping_dict, &options_.min_capping_dict})
      for (const auto& [var, cap] : *dict)
        if (std::isnan(cap)) throw ParameterError(std::string(type_name), var, "the cap is NaN");
  }

  std::vector<std::string> union_of_keys() const {
    std::vector<std::string> keys = options_.min_capping_dict.keys();
    for (const auto& [var, cap] : options_.max_capping_dict)
      if (!options_.min_capping_dict.contains(var)) keys.push_back(var);
    return keys;
  }

  Options options_;
  std::vector<std::size_t> positions_;
  detail::CapTable table_;
};

static_assert(RowTransformer<ArbitraryOutlierCapper>);

FEPIPE_NAMESPACE_END
