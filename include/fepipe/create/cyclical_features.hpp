#pragma once
/// @file
/// CyclicalFeatures — feature_engine.creation.CyclicalFeatures.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/create/detail/creation_support.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Encodes periodic numeric variables (hour, month, day of week) as points
/// on a circle: for each variable it appends `<var>_sin` = sin(x·2π/max) and
/// `<var>_cos` = cos(x·2π/max), variable by variable, after the input
/// columns; with `drop_original` the variables are removed.
///
/// NaN or ±inf in the variables is a DataError at fit and at transform (a
/// feature-engine numerical transformer).
///
/// Learns: `max_values_` (variable → the training maximum, or the given
/// `max_values`, whose keys are then the variables), `variables_`,
/// `feature_names_in_`. A maximum of 0 would divide by zero and turn every
/// value into NaN; fepipe refuses it (DataError at fit, ParameterError for a
/// given one) where feature-engine silently produces NaN.
class CyclicalFeatures {
 public:
  struct Options {
    /// Numeric columns (automatic: every numeric column). Ignored when
    /// max_values is given.
    Variables variables{};
    /// The period of each variable (variable → maximum); none: learned.
    std::optional<Dict<double>> max_values{};
    bool drop_original = false;
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(max_values), FEPIPE_NVP(drop_original), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "CyclicalFeatures";
  static constexpr std::uint32_t serial_version = 1;

  CyclicalFeatures() = default;
  explicit CyclicalFeatures(Options options) : options_(std::move(options)) { validate(); }

  CyclicalFeatures& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    const Variables wanted = options_.max_values ? Variables(options_.max_values->keys()) : options_.variables;
    auto vars =
        resolve_variables(X, wanted, type_name, {.type = VariableType::numeric, .return_empty = options_.return_empty});
    detail::require_finite(X, detail::positions_in(schema, vars, type_name), type_name);
    Dict<double> max_values;
    for (const auto& v : vars) {
      if (options_.max_values) {
        max_values.insert_or_assign(v, options_.max_values->at(v));
        continue;
      }
      const double m = detail::nan_max(X[v].values());
      if (m == 0.0)
        detail::throw_data(type_name, v, "the maximum is 0, so the period 2π/max is undefined (pass max_values)");
      max_values.insert_or_assign(v, m);
    }
    commit(std::move(schema), std::move(vars), std::move(max_values));
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::require_finite(X, positions_, type_name);
    std::vector<std::vector<double>> out;
    out.reserve(2 * positions_.size());
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      auto x = X.column(positions_[k]).values();
      std::vector<double> s(x.size()), c(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) {
        const double angle = x[i] * factor_[k];
        s[i] = std::sin(angle);
        c[i] = std::cos(angle);
      }
      out.push_back(std::move(s));
      out.push_back(std::move(c));
    }
    created_.finish(X, std::move(out));
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k)
      detail::row_number(row, positions_[k], variables_[k], type_name, true);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      const double angle = row[positions_[k]].number() * factor_[k];
      row.append(Value(std::sin(angle)));
      row.append(Value(std::cos(angle)));
    }
    created_.finish(row);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return created_.names_out(feature_names_in_); }

  Dict<double> max_values_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(max_values_));
    if constexpr (Archive::is_loading) {
      validate();
      if (feature_names_in_.empty()) return;
      detail::check_dict_keys(max_values_, variables_, type_name, "max_values_");
      for (const auto& [v, m] : max_values_)
        if (!std::isfinite(m) || m == 0.0)
          detail::throw_model_format("CyclicalFeatures: max_values_ of '" + v + "' is " + detail::python_float_repr(m));
      Schema schema = std::move(feature_names_in_);
      auto vars = std::move(variables_);
      auto dict = std::move(max_values_);
      detail::restore_positions(schema, vars, type_name, Kind::numeric);
      commit(std::move(schema), std::move(vars), std::move(dict));
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!options_.max_values) return;
    if (options_.max_values->empty()) detail::throw_parameter(type_name, "max_values is empty");
    for (const auto& [v, m] : *options_.max_values)
      if (!std::isfinite(m) || m == 0.0)
        detail::throw_parameter(type_name, "max_values['" + v + "'] must be a finite, non-zero number, got " +
                                               detail::python_float_repr(m));
  }

  void commit(Schema schema, std::vector<std::string> vars, Dict<double> max_values) {
    auto positions = detail::positions_in(schema, vars, type_name);
    std::vector<std::string> names;
    std::vector<double> factor;
    for (const auto& [v, m] : max_values) {
      names.push_back(v + "_sin");
      names.push_back(v + "_cos");
      // feature-engine multiplies by the scalar (2.0·π / max), computed first.
      factor.push_back(2.0 * std::numbers::pi / m);
    }
    const std::vector<std::string> none;
    detail::CreatedColumns created(schema, std::move(names), options_.drop_original ? vars : none, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    max_values_ = std::move(max_values);
    positions_ = std::move(positions);
    factor_ = std::move(factor);
    created_ = std::move(created);
  }

  Options options_;
  std::vector<std::size_t> positions_;
  std::vector<double> factor_;  // derived: 2π / max, per variable
  detail::CreatedColumns created_;
};

static_assert(RowTransformer<CyclicalFeatures>);

FEPIPE_NAMESPACE_END
