#pragma once
/// @file
/// YeoJohnsonTransformer — feature_engine.transformation.YeoJohnsonTransformer.

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
#include "fepipe/transform/detail/lambda_transformer.hpp"
#include "fepipe/transform/detail/power_transforms.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Applies the Yeo-Johnson power transform to numeric variables, each with
/// the lambda that maximises the normal log-likelihood of the transformed
/// training data (scipy.stats.yeojohnson). Values must be finite.
///
/// Learns:
/// - `lambda_dict_`: variable → lambda. The optimiser is scipy's: bounded
///   fminbound as in scipy >= 1.12 by default, or Brent from (-2, 2) as in
///   older scipy (`optimizer`), each giving that scipy's lambda. The two
///   stop at different points of the likelihood's flat top (on House Prices
///   5e-8 apart, 1e-5 relative for a lambda near 0).
/// - `variables_`, `feature_names_in_`.
class YeoJohnsonTransformer : public detail::LambdaTransformer<YeoJohnsonTransformer> {
 public:
  struct Options {
    Variables variables{};
    bool return_empty = false;
    LambdaOptimizer optimizer = LambdaOptimizer::bounded;

    template <class Archive>
    void serialize(Archive& ar) {
      ar(FEPIPE_NVP(variables), FEPIPE_NVP(return_empty), FEPIPE_NVP(optimizer));
    }
  };

  static constexpr std::string_view type_name = "YeoJohnsonTransformer";
  static constexpr std::uint32_t serial_version = 1;

  YeoJohnsonTransformer() = default;
  explicit YeoJohnsonTransformer(Options options) : options_(std::move(options)) { validate(); }

 private:
  friend class detail::ValueTransformer<YeoJohnsonTransformer>;
  friend class detail::LambdaTransformer<YeoJohnsonTransformer>;

  double fit_lambda(std::span<const double> x, const std::string& /*var*/) const {
    return detail::yeo_johnson_normmax(x, options_.optimizer);
  }
  static double forward(double x, double lmbda) noexcept { return detail::yeo_johnson(x, lmbda); }
  /// feature-engine's inverse transform.
  static double inverse(double y, double lmbda) noexcept { return detail::inverse_yeo_johnson(y, lmbda); }

  Options options_;
};

static_assert(RowTransformer<YeoJohnsonTransformer>);

FEPIPE_NAMESPACE_END
