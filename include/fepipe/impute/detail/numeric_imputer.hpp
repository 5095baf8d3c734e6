#pragma once
/// @file
/// NumericImputer: the imputers that learn one fill number per numeric
/// variable (MeanMedianImputer, ArbitraryNumberImputer, EndTailImputer)
/// written once. They differ only in how that number comes from a training
/// column, so an imputer is its Options plus `fill_value`; fitting, both
/// transform paths and the model file layout live here.

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/target.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/impute/detail/numeric_fill.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// CRTP base. `Derived` has `options_`, `type_name` and
/// `double fill_value(std::span<const double> x, const std::string& var) const`,
/// the fill number of a variable from its training values. It may redefine
/// the protected hooks below; they are found statically (no virtual calls),
/// so the row path stays inlined and allocation-free.
template <class Derived>
class NumericImputer {
 public:
  Derived& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    const Derived& d = self();
    Schema schema = fit_schema(X, Derived::type_name);
    std::vector<std::string> vars = d.imputed_variables(X);
    Dict<double> dict;
    for (const auto& v : vars) dict.insert_or_assign(v, d.fill_value(X.numeric(v), v));
    positions_ = positions_in(schema, vars, Derived::type_name);
    feature_names_in_ = std::move(schema);
    variables_ = std::move(vars);
    imputer_dict_ = std::move(dict);
    return self();
  }

  Frame transform(Frame X) const {
    align_to_schema(X, feature_names_in_, Derived::type_name);
    fill_numeric(X, positions_, imputer_dict_);
    return X;
  }

  void transform_row(Row& row) const {
    check_row_width(row, feature_names_in_, Derived::type_name);
    fill_numeric_row(row, positions_, imputer_dict_, Derived::type_name);
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const auto& options() const noexcept { return self().options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> imputer_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    // feature-engine learns NaN for a variable without values (or with
    // infinite ones, or one row for the gaussian rule) and inf from inf
    // values, and imputes with them: fepipe does the same (documented in
    // docs/bad-input-contract.md), so any number is a valid fill number.
    ar(make_nvp("options", self().options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP_NONFINITE(imputer_dict_));
    if constexpr (Archive::is_loading) {
      self().validate();
      check_dict_keys(imputer_dict_, variables_, Derived::type_name, "imputer_dict_");
      positions_ = restore_positions(feature_names_in_, variables_, Derived::type_name, Kind::numeric);
    }
  }

 protected:
  NumericImputer() = default;

  // Hooks with the common answer; an imputer redefines them to differ.
  /// Options are valid (at construction and on load).
  void validate() const { self().options_.variables.validate(Derived::type_name); }
  /// The numeric variables of `options_.variables` (all, when automatic).
  std::vector<std::string> imputed_variables(const Frame& X) const {
    const auto& o = self().options_;
    return resolve_variables(X, o.variables, Derived::type_name,
                             {.type = VariableType::numeric, .return_empty = o.return_empty});
  }

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }

  std::vector<std::size_t> positions_;
};

}  // namespace detail
FEPIPE_NAMESPACE_END
