#pragma once
/// @file
/// ArbitraryNumberImputer — feature_engine.imputation.ArbitraryNumberImputer.

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
#include "fepipe/impute/detail/numeric_fill.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces missing values of numeric variables by a number chosen by the
/// user: one for all variables, or one per variable (`imputer_dict`).
///
/// Learns:
/// - `imputer_dict_`: variable → fill value (nothing is estimated; fit
///   checks the variables and records the dict).
/// - `variables_`, `feature_names_in_`.
class ArbitraryNumberImputer {
 public:
  struct Options {
    double arbitrary_number = 999.0;
    Variables variables{};
    bool return_empty = false;
    /// Per-variable fill values; when given, its keys are the variables and
    /// `variables` / `arbitrary_number` are ignored.
    Dict<double> imputer_dict{};

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(arbitrary_number), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(imputer_dict));
    }
  };

  static constexpr std::string_view type_name = "ArbitraryNumberImputer";
  static constexpr std::uint32_t serial_version = 1;

  ArbitraryNumberImputer() = default;
  explicit ArbitraryNumberImputer(Options options) : options_(std::move(options)) { validate(); }

  ArbitraryNumberImputer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    Schema schema = detail::fit_schema(X, type_name);
    Dict<double> dict;
    if (!options_.imputer_dict.empty()) {
      std::vector<std::string> keys = options_.imputer_dict.keys();
      resolve_variables(X, Variables(keys), type_name, {.type = VariableType::numeric});
      dict = options_.imputer_dict;
    } else {
      for (auto& v : resolve_variables(X, options_.variables, type_name,
                                       {.type = VariableType::numeric, .return_empty = options_.return_empty}))
        dict.insert_or_assign(std::move(v), options_.arbitrary_number);
    }
    std::vector<std::string> vars = dict.keys();
    positions_ = detail::positions_in(schema, vars, type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    imputer_dict_ = std::move(dict);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::fill_numeric(X, positions_, imputer_dict_);
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::fill_numeric_row(row, positions_, imputer_dict_, type_name);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> imputer_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(imputer_dict_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(imputer_dict_, variables_, type_name, "imputer_dict_");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!std::isfinite(options_.arbitrary_number))
      detail::throw_parameter(type_name, "arbitrary_number must be a finite number");
    for (const auto& [k, v] : options_.imputer_dict)
      if (!std::isfinite(v)) detail::throw_parameter(type_name, "imputer_dict['" + k + "'] must be a finite number");
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<ArbitraryNumberImputer>);

FEPIPE_NAMESPACE_END
