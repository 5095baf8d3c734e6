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
#include "fepipe/transform/detail/value_transformer.hpp"

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
class PowerTransformer : public detail::ValueTransformer<PowerTransformer> {
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

  PowerTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) { return adopt(fit_domain(X)); }

  /// y^(1/exp).
  Frame inverse_transform(Frame X) const {
    const double inv = 1.0 / options_.exp;
    return map_finite(std::move(X), [inv](std::size_t, double y) { return std::pow(y, inv); });
  }

 private:
  friend class detail::ValueTransformer<PowerTransformer>;

  void validate() const {
    options_.variables.validate(type_name);
    if (!std::isfinite(options_.exp) || options_.exp == 0)
      detail::throw_parameter(type_name,
                              "exp must be finite and non-zero, got " + detail::python_float_repr(options_.exp));
  }
  double apply(std::size_t, double x) const noexcept { return std::pow(x, options_.exp); }

  Options options_;
};

static_assert(RowTransformer<PowerTransformer>);

FEPIPE_NAMESPACE_END
