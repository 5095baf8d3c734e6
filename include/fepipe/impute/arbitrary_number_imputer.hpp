#pragma once
/// @file
/// ArbitraryNumberImputer — feature_engine.imputation.ArbitraryNumberImputer.

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/impute/detail/numeric_imputer.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces missing values of numeric variables by a number chosen by the
/// user: one for all variables, or one per variable (`imputer_dict`).
///
/// Learns:
/// - `imputer_dict_`: variable → fill value (nothing is estimated; fit
///   checks the variables and records the dict).
/// - `variables_`, `feature_names_in_`.
class ArbitraryNumberImputer : public detail::NumericImputer<ArbitraryNumberImputer> {
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

 private:
  friend class detail::NumericImputer<ArbitraryNumberImputer>;

  std::vector<std::string> imputed_variables(const Frame& X) const {
    if (options_.imputer_dict.empty()) return NumericImputer::imputed_variables(X);
    return resolve_variables(X, Variables(options_.imputer_dict.keys()), type_name, {.type = VariableType::numeric});
  }
  /// The given number: nothing is estimated.
  double fill_value(std::span<const double> /*x*/, const std::string& var) const {
    return options_.imputer_dict.empty() ? options_.arbitrary_number : options_.imputer_dict.at(var);
  }
  void validate() const {
    options_.variables.validate(type_name);
    if (!std::isfinite(options_.arbitrary_number))
      detail::throw_parameter(type_name, "arbitrary_number must be a finite number");
    for (const auto& [k, v] : options_.imputer_dict)
      if (!std::isfinite(v)) detail::throw_parameter(type_name, "imputer_dict['" + k + "'] must be a finite number");
  }

  Options options_;
};

static_assert(RowTransformer<ArbitraryNumberImputer>);

FEPIPE_NAMESPACE_END
