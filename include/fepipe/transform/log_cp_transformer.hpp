#pragma once
/// @file
/// LogCpTransformer — feature_engine.transformation.LogCpTransformer.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/numeric_fit.hpp"
#include "fepipe/transform/log_transformer.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Replaces numeric variables by log(x + C) (natural or base 10), where the
/// constant C shifts the values into the log's domain.
///
/// C is one number for every variable (`C`), one number per variable
/// (`C_dict`, whose keys then are the variables), or — the default — learned
/// per variable as feature-engine 1.9 does: 0 if the training minimum is
/// positive, else |min| + 1. Values must be finite and x + C > 0, at fit
/// and at transform (DataError naming the column, value and row).
///
/// Learns:
/// - `C_`: variable → C (always per variable, also when one `C` was given;
///   feature-engine stores that case as a single number).
/// - `variables_`, `feature_names_in_`.
class LogCpTransformer {
 public:
  struct Options {
    LogBase base = LogBase::e;
    /// The constant added to every variable; unset = learn it ('auto').
    std::optional<double> C{};
    /// Per-variable constants; when given, its keys are the variables, and
    /// `C` and `variables` stay unset.
    Dict<double> C_dict{};
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(base), FEPIPE_NVP(C), FEPIPE_NVP(C_dict), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "LogCpTransformer";
  static constexpr std::uint32_t serial_version = 1;

  LogCpTransformer() = default;
  explicit LogCpTransformer(Options options) : options_(std::move(options)) { validate(); }

  LogCpTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    const bool from_dict = !options_.C_dict.empty();
    auto fitted = detail::fit_numeric_variables(X, from_dict ? Variables(options_.C_dict.keys()) : options_.variables,
                                                options_.return_empty, type_name);
    Dict<double> c;
    for (std::size_t k = 0; k < fitted.variables.size(); ++k) {
      const std::string& var = fitted.variables[k];
      double value;
      if (from_dict) {
        value = options_.C_dict.at(var);
      } else if (options_.C) {
        value = *options_.C;
      } else {
        const double mn = detail::nan_min(X.column(fitted.positions[k]).values());
        value = mn > 0 ? 0.0 : std::fabs(mn) + 1.0;
      }
      c.insert_or_assign(var, value);
    }
    check_domain(X, fitted.positions, c);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    C_ = std::move(c);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    check_domain(X, positions_, C_);
    detail::map_numeric(X, positions_, [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    for (std::size_t k = 0; k < positions_.size(); ++k) {
      Value& cell = row[positions_[k]];
      const double x = detail::cell_number(cell, type_name, variables_[k]);
      if (!in_domain(x, C_[k].second)) [[unlikely]]
        detail::throw_data(type_name, variables_[k],
                           "value " + detail::python_float_repr(x) + " " + why(x, C_[k].second));
      cell = Value(apply(k, x));
    }
  }

  /// exp(y) − C, or 10^y − C.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, not_finite, [this](std::size_t k, double y) {
      return (options_.base == LogBase::e ? std::exp(y) : std::pow(10.0, y)) - C_[k].second;
    });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> C_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(C_));
    if constexpr (Archive::is_loading) {
      validate();
      detail::check_dict_keys(C_, variables_, type_name, "C_");
      for (const auto& [var, c] : C_)
        if (!std::isfinite(c)) detail::throw_model_format("LogCpTransformer: C_ of '" + var + "' is not finite");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  void validate() const {
    if (!options_.C_dict.empty()) {
      if (options_.C) detail::throw_parameter(type_name, "set either C or C_dict, not both");
      if (!options_.variables.automatic())
        detail::throw_parameter(type_name, "C_dict names the variables; leave variables unset");
      for (const auto& [var, c] : options_.C_dict)
        if (!std::isfinite(c)) throw ParameterError(std::string(type_name), var, "C_dict: C must be finite");
    } else {
      options_.variables.validate(type_name);
    }
    if (options_.C && !std::isfinite(*options_.C))
      detail::throw_parameter(type_name, "C must be finite, got " + detail::python_float_repr(*options_.C));
  }

  static bool in_domain(double x, double c) noexcept { return std::isfinite(x) && x + c > 0; }
  static std::string why(double x, double c) {
    return detail::not_finite_or("gives x + C = " + detail::python_float_repr(x + c) +
                                     " with C = " + detail::python_float_repr(c) + " (the log needs x + C > 0)",
                                 x);
  }
  static bool finite(double x) noexcept { return std::isfinite(x); }
  static std::string not_finite(double x) { return detail::not_finite_or("", x); }

  /// DataError naming the first value of variable k with x + C_k <= 0.
  static void check_domain(const Frame& X, std::span<const std::size_t> positions, const Dict<double>& c) {
    for (std::size_t k = 0; k < positions.size(); ++k) {
      const double ck = c[k].second;
      auto v = X.column(positions[k]).values();
      if (auto r = detail::first_row_failing(v, [ck](double x) { return in_domain(x, ck); }))
        detail::throw_data(type_name, X.name(positions[k]), detail::value_at_row(v[*r], *r) + " " + why(v[*r], ck));
    }
  }

  double apply(std::size_t k, double x) const noexcept {
    const double shifted = x + C_[k].second;
    return options_.base == LogBase::e ? std::log(shifted) : std::log10(shifted);
  }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<LogCpTransformer>);

FEPIPE_NAMESPACE_END
