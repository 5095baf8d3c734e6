#pragma once
/// @file
/// BoxCoxTransformer — feature_engine.transformation.BoxCoxTransformer.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fepipe/config.hpp"
#include "fepipe/core/concepts.hpp"
#include "fepipe/core/detail/format.hpp"
#include "fepipe/core/detail/step_support.hpp"
#include "fepipe/core/dict.hpp"
#include "fepipe/core/frame.hpp"
#include "fepipe/core/variables.hpp"
#include "fepipe/transform/detail/lambda_transformer.hpp"
#include "fepipe/transform/detail/power_transforms.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Applies the Box-Cox power transform to numeric variables, each with the
/// lambda that maximises the normal log-likelihood of the transformed
/// training data (scipy.stats.boxcox: Brent's method bracketed from
/// (-2, 2); scipy's lambda to the last bit, see detail/power_transforms.hpp).
/// Values must be finite and positive at fit and
/// transform, and a variable must not be constant at fit (DataError naming
/// the column, value and row).
///
/// Difference from scipy >= 1.12: when the optimal lambda would map a
/// training value beyond DBL_MAX/10000, scipy warns and moves lambda to the
/// largest safe value; fepipe raises a DataError (the data needs rescaling).
///
/// Learns:
/// - `lambda_dict_`: variable → lambda.
/// - `variables_`, `feature_names_in_`.
class BoxCoxTransformer : public detail::LambdaTransformer<BoxCoxTransformer> {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty));
    }
  };

  static constexpr std::string_view type_name = "BoxCoxTransformer";
  static constexpr std::uint32_t serial_version = 1;

  BoxCoxTransformer() = default;
  explicit BoxCoxTransformer(Options options) : options_(std::move(options)) { validate(); }

 private:
  friend class detail::ValueTransformer<BoxCoxTransformer>;
  friend class detail::LambdaTransformer<BoxCoxTransformer>;

  static bool in_domain(std::size_t, double x) noexcept { return std::isfinite(x) && x > 0; }
  static std::string why(std::size_t, double x) {
    return detail::not_finite_or("is not positive (Box-Cox needs x > 0)", x);
  }
  static double forward(double x, double lmbda) noexcept { return detail::box_cox(x, lmbda); }
  /// scipy.special.inv_boxcox.
  static double inverse(double y, double lmbda) noexcept { return detail::inverse_box_cox(y, lmbda); }

  /// scipy.stats.boxcox's lambda. Precondition: x positive and finite.
  static double fit_lambda(std::span<const double> x, const std::string& var) {
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    if (*lo == *hi)
      detail::throw_data(
          type_name, var,
          "is constant (every value is " + detail::python_float_repr(*lo) + "): the Box-Cox likelihood has no maximum");
    const double lmbda = detail::box_cox_normmax(x);
    // The transform is monotone in x, so the extreme outputs come from the
    // extreme inputs; scipy >= 1.12 flags outputs above DBL_MAX / 10000.
    const double limit = std::numeric_limits<double>::max() / 10000.0;
    const double extreme = std::max(std::fabs(detail::box_cox(*lo, lmbda)), std::fabs(detail::box_cox(*hi, lmbda)));
    if (!std::isfinite(lmbda) || !(extreme <= limit))
      detail::throw_data(type_name, var,
                         "the optimal lambda " + detail::python_float_repr(lmbda) +
                             " maps the training values beyond the floating-point range; rescale the variable");
    return lmbda;
  }

  Options options_;
};

static_assert(RowTransformer<BoxCoxTransformer>);

FEPIPE_NAMESPACE_END
