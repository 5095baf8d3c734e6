#pragma once
/// @file
/// PowerTransformer — feature_engine.transformation.PowerTransformer.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/numeric_fit.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Raises numeric variables to a fixed power, x^exp (numpy.power: a
/// negative value to a fractional power gives NaN, not an error). Values
/// must be finite at fit and at transform (DataError naming the column and
/// row). The inverse is y^(1/exp).
///
/// Difference from feature-engine: `exp` must be finite and non-zero
/// (ParameterError); x^0 is constant and its inverse divides by zero.
///
/// Learns: `variables_`, `feature_names_in_` (nothing is estimated).
class PowerTransformer {
 public:
  struct Options {
    double exp = 0.5;
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(exp), FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "PowerTransformer";
  static constexpr std::uint32_t serial_version = 1;

  PowerTransformer() = default;
  explicit PowerTransformer(Options options) : options_(std::move(options)) { validate(); }

  PowerTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, why,
                                [this](std::size_t, double x) { return power(x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, finite, why,
                                    [this](std::size_t, double x) { return power(x); });
  }

  /// y^(1/exp).
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    const double inv = 1.0 / options_.exp;
    detail::map_numeric_checked(X, positions_, type_name, finite, why,
                                [inv](std::size_t, double y) { return std::pow(y, inv); });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_));
    if constexpr (Archive::is_loading) {
      validate();
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  void validate() const {
    options_.variables.validate(type_name);
    if (!std::isfinite(options_.exp) || options_.exp == 0)
      detail::throw_parameter(type_name,
                              "exp must be finite and non-zero, got " + detail::python_float_repr(options_.exp));
  }
  static bool finite(double x) noexcept { return std::isfinite(x); }
  static std::string why(double x) { return detail::not_finite_or("", x); }
  double power(double x) const noexcept { return std::pow(x, options_.exp); }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<PowerTransformer>);

FEPIPE_NAMESPACE_END
