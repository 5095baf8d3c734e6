#pragma once
/// @file
/// ValueTransformer: the transformation family (log, reciprocal, power,
/// Box-Cox, ...) written once. Each of these replaces every value x of
/// variable k by f(k, x) after checking x is in f's domain, so a class is
/// its Options, what it learns (nothing, or one number per variable) and
/// that value function; fitting's bookkeeping, both transform paths and the
/// model file layout live here.

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/record.hpp"
#include "fepipe/core/schema.hpp"
#include "fepipe/core/serialize.hpp"
#include "fepipe/core/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN
namespace detail {

/// check_numeric with a domain that depends on the variable: the first value
/// of column positions[k] with `!ok(k, x)` raises a DataError naming the
/// column and row, with `why(k, x)` as reason.
template <class Ok, class Why>
void check_numeric_each(const Frame& X, std::span<const std::size_t> positions, std::string_view step, Ok&& ok,
                        Why&& why) {
  for (std::size_t k = 0; k < positions.size(); ++k) {
    auto v = X.column(positions[k]).values();
    if (auto r = first_row_failing(v, [&](double x) { return ok(k, x); }))
      throw_data(step, X.name(positions[k]), value_at_row(v[*r], *r) + " " + why(k, v[*r]));
  }
}

/// One learned number per variable: `learn(values, name)` for each fitted
/// variable, in order.
template <class Learn>
Dict<double> learn_each(const Frame& X, const NumericFit& fitted, Learn&& learn) {
  Dict<double> out;
  for (std::size_t k = 0; k < fitted.positions.size(); ++k)
    out.insert_or_assign(fitted.variables[k], learn(X.column(fitted.positions[k]).values(), fitted.variables[k]));
  return out;
}

/// After loading a per-variable parameter dict: its keys are the variables
/// and every value is finite.
inline void check_loaded_parameters(const Dict<double>& dict, std::span<const std::string> variables,
                                    std::string_view step, std::string_view dict_name, std::string_view what) {
  check_dict_keys(dict, variables, step, dict_name);
  for (const auto& [var, value] : dict)
    if (!std::isfinite(value))
      throw_model_format(std::string(step) + ": " + std::string(what) + " of '" + var + "' is not finite");
}

/// CRTP base. `Derived` has `options_` (with `variables` and
/// `return_empty`), `type_name`, a `fit` built from `fit_domain` and `adopt`,
/// and `double apply(std::size_t k, double x) const`, the value function of
/// variable k. It may redefine the protected hooks below; they are found
/// statically (no virtual calls), so the row path stays inlined and
/// allocation-free.
template <class Derived>
class ValueTransformer {
 public:
  Frame transform(Frame X) const {
    const Derived& d = self();
    align_to_schema(X, feature_names_in_, Derived::type_name);
    check_numeric_each(
        X, positions_, Derived::type_name, [&d](std::size_t k, double x) { return d.in_domain(k, x); },
        [&d](std::size_t k, double x) { return d.why(k, x); });
    map_numeric(X, positions_, [&d](std::size_t k, double x) { return d.apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    const Derived& d = self();
    check_row_width(row, feature_names_in_, Derived::type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const double x = cell_number(cell, Derived::type_name, variables_[k]);
      if (!d.in_domain(k, x)) [[unlikely]]
        throw_data(Derived::type_name, variables_[k], "value " + python_float_repr(x) + " " + d.why(k, x));
      cell = Value(d.apply(k, x));
    }
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const auto& options() const noexcept { return self().options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    Derived& d = self();
    ar(make_nvp("options", d.options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    d.serialize_learned(ar);
    if constexpr (Archive::is_loading) {
      d.validate();
      d.check_loaded();
      positions_ = restore_positions(feature_names_in_, variables_, Derived::type_name, Kind::numeric);
    }
  }

 protected:
  ValueTransformer() = default;

  /// fit's first half: the numeric variables of `options_.variables`, every
  /// training value in the domain.
  NumericFit fit_domain(const Frame& X) const {
    const Derived& d = self();
    auto fitted = fit_numeric_variables(X, d.options_.variables, d.options_.return_empty, Derived::type_name);
    check_numeric_each(
        X, fitted.positions, Derived::type_name, [&d](std::size_t k, double x) { return d.in_domain(k, x); },
        [&d](std::size_t k, double x) { return d.why(k, x); });
    return fitted;
  }

  /// fit's last step: keeps the fitted variables (and what was learned
  /// about them, stored into `learned`).
  Derived& adopt(NumericFit&& fitted) {
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    return self();
  }
  Derived& adopt(NumericFit&& fitted, Dict<double>& learned, Dict<double>&& value) {
    adopt(std::move(fitted));
    learned = std::move(value);
    return self();
  }

  /// inverse_transform's frame: finite values only, then `f(k, y)`.
  template <class F>
  Frame map_finite(Frame X, F&& f) const {
    align_to_schema(X, feature_names_in_, Derived::type_name);
    map_numeric_checked(X, positions_, Derived::type_name, is_finite, not_finite, f);
    return X;
  }

  // Hooks with the common answer; a transformer redefines them to differ.
  /// Options are valid (at construction and on load).
  void validate() const { self().options_.variables.validate(Derived::type_name); }
  /// The domain of variable k's value function, and why x is outside it.
  static bool in_domain(std::size_t, double x) noexcept { return std::isfinite(x); }
  static std::string why(std::size_t, double x) { return not_finite_or("", x); }
  /// Writes (reads) the learned parameters, after `variables_`.
  template <class Archive>
  void serialize_learned(Archive&) {}
  /// The learned parameters read from a file are consistent.
  void check_loaded() const {}

  static bool is_finite(double x) noexcept { return std::isfinite(x); }
  static std::string not_finite(double x) { return not_finite_or("", x); }

  std::vector<std::size_t> positions_;

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace detail
FEPIPE_NAMESPACE_END
