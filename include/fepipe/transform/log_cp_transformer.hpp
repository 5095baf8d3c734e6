#pragma once
/// @file
/// LogCpTransformer — feature_engine.transformation.LogCpTransformer.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/stats.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/spec_keyword.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/value_transformer.hpp"
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
class LogCpTransformer : public detail::ValueTransformer<LogCpTransformer> {
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
    // feature-engine's C is a number, 'auto' (C unset) or a dict of per-variable constants (C_dict).
    static constexpr std::array<SpecKeyword, 2> spec_keywords{{
        {.field = "C", .values = R"([["auto", null]])"},
        {.field = "C_dict", .keyword = "C"},
    }};
  };

  static constexpr std::string_view type_name = "LogCpTransformer";
  static constexpr std::uint32_t serial_version = 1;

  LogCpTransformer() = default;
  explicit LogCpTransformer(Options options) : options_(std::move(options)) { validate(); }

  LogCpTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    const bool from_dict = !options_.C_dict.empty();
    auto fitted = detail::fit_numeric_variables(X, from_dict ? Variables(options_.C_dict.keys()) : options_.variables,
                                                options_.return_empty, type_name);
    Dict<double> c = detail::learn_each(X, fitted, [&](std::span<const double> x, const std::string& var) {
      if (from_dict) return options_.C_dict.at(var);
      if (options_.C) return *options_.C;
      const double mn = detail::nan_min(x);
      return mn > 0 ? 0.0 : std::fabs(mn) + 1.0;
    });
    // The domain depends on C: checked once C is known.
    detail::check_numeric_each(
        X, fitted.positions, type_name, [&c](std::size_t k, double x) { return shifted_positive(x, c[k].second); },
        [&c](std::size_t k, double x) { return why_not(x, c[k].second); });
    return adopt(std::move(fitted), C_, std::move(c));
  }

  /// exp(y) − C, or 10^y − C.
  Frame inverse_transform(Frame X) const {
    return map_finite(std::move(X), [this](std::size_t k, double y) {
      return (options_.base == LogBase::e ? std::exp(y) : std::pow(10.0, y)) - C_[k].second;
    });
  }

  Dict<double> C_;

 private:
  friend class detail::ValueTransformer<LogCpTransformer>;

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

  static bool shifted_positive(double x, double c) noexcept { return std::isfinite(x) && x + c > 0; }
  static std::string why_not(double x, double c) {
    return detail::not_finite_or("gives x + C = " + detail::python_float_repr(x + c) +
                                     " with C = " + detail::python_float_repr(c) + " (the log needs x + C > 0)",
                                 x);
  }
  bool in_domain(std::size_t k, double x) const noexcept { return shifted_positive(x, C_[k].second); }
  std::string why(std::size_t k, double x) const { return why_not(x, C_[k].second); }

  double apply(std::size_t k, double x) const noexcept {
    const double shifted = x + C_[k].second;
    return options_.base == LogBase::e ? std::log(shifted) : std::log10(shifted);
  }

  template <class Archive>
  void serialize_learned(Archive& ar) {
    ar(FEPIPE_NVP(C_));
  }
  void check_loaded() const { detail::check_loaded_parameters(C_, variables_, type_name, "C_", "C_"); }

  Options options_;
};

static_assert(RowTransformer<LogCpTransformer>);

FEPIPE_NAMESPACE_END
