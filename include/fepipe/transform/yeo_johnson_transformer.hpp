#pragma once
/// @file
/// YeoJohnsonTransformer — feature_engine.transformation.YeoJohnsonTransformer.

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
#include "fepipe/transform/detail/numeric_fit.hpp"
#include "fepipe/transform/detail/power_transforms.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Applies the Yeo-Johnson power transform to numeric variables, each with
/// the lambda that maximises the normal log-likelihood of the transformed
/// training data (scipy.stats.yeojohnson). Values must be finite.
///
/// Learns:
/// - `lambda_dict_`: variable → lambda. The optimiser is scipy's: bounded
///   fminbound as in scipy >= 1.12 by default, or Brent from (-2, 2) as in
///   older scipy (`optimizer`); both reach the same optimum to ~1e-8.
/// - `variables_`, `feature_names_in_`.
class YeoJohnsonTransformer {
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
  explicit YeoJohnsonTransformer(Options options) : options_(std::move(options)) {
    options_.variables.validate(type_name);
  }

  YeoJohnsonTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    Dict<double> lambdas;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k)
      lambdas.insert_or_assign(fitted.variables[k],
                               detail::yeo_johnson_normmax(X.column(fitted.positions[k]).values(), options_.optimizer));
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    lambda_dict_ = std::move(lambdas);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, why, [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, finite, why, [this](std::size_t k, double x) { return apply(k, x); });
  }

  /// feature-engine's inverse transform.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, why, [&](std::size_t k, double y) {
      return detail::inverse_yeo_johnson(y, lambda_dict_[k].second);
    });
    return X;
  }

  bool is_fitted() const noexcept { return !feature_names_in_.empty(); }
  const Options& options() const noexcept { return options_; }
  std::vector<std::string> feature_names_out() const { return feature_names_in_.names(); }

  Dict<double> lambda_dict_;
  std::vector<std::string> variables_;
  Schema feature_names_in_;

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t /*version*/) {
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_),
       FEPIPE_NVP(lambda_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_dict_keys(lambda_dict_, variables_, type_name, "lambda_dict_");
      for (const auto& [var, lmbda] : lambda_dict_)
        if (!std::isfinite(lmbda)) detail::throw_model_format("YeoJohnsonTransformer: lambda of '" + var + "' is not finite");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  static bool finite(double x) noexcept { return std::isfinite(x); }
  static std::string why(double x) { return detail::not_finite_or("", x); }
  double apply(std::size_t k, double x) const noexcept { return detail::yeo_johnson(x, lambda_dict_[k].second); }

  Options options_;
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<YeoJohnsonTransformer>);

FEPIPE_NAMESPACE_END
