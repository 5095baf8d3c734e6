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
#include "fepipe/transform/detail/numeric_fit.hpp"
#include "fepipe/transform/detail/power_transforms.hpp"

FEPIPE_NAMESPACE_BEGIN

/// Applies the Box-Cox power transform to numeric variables, each with the
/// lambda that maximises the normal log-likelihood of the transformed
/// training data (scipy.stats.boxcox: Brent's method bracketed from
/// (-2, 2), lambda to ~1e-8). Values must be finite and positive at fit and
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
class BoxCoxTransformer {
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
  explicit BoxCoxTransformer(Options options) : options_(std::move(options)) { options_.variables.validate(type_name); }

  BoxCoxTransformer& fit(const Frame& X, const Target* /*y*/ = nullptr) {
    auto fitted = detail::fit_numeric_variables(X, options_.variables, options_.return_empty, type_name);
    detail::check_numeric(X, fitted.positions, type_name, positive, why);
    Dict<double> lambdas;
    for (std::size_t k = 0; k < fitted.positions.size(); ++k)
      lambdas.insert_or_assign(fitted.variables[k],
                               fit_lambda(X.column(fitted.positions[k]).values(), fitted.variables[k]));
    feature_names_in_ = std::move(fitted.schema);
    variables_ = std::move(fitted.variables);
    positions_ = std::move(fitted.positions);
    lambda_dict_ = std::move(lambdas);
    return *this;
  }

  Frame transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, positive, why,
                                [this](std::size_t k, double x) { return apply(k, x); });
    return X;
  }

  void transform_row(Row& row) const {
    detail::check_row_width(row, feature_names_in_, type_name);
    detail::map_numeric_row_checked(row, positions_, variables_, type_name, positive, why,
                                    [this](std::size_t k, double x) { return apply(k, x); });
  }

  /// scipy.special.inv_boxcox.
  Frame inverse_transform(Frame X) const {
    detail::align_to_schema(X, feature_names_in_, type_name);
    detail::map_numeric_checked(X, positions_, type_name, finite, not_finite, [this](std::size_t k, double y) {
      return detail::inverse_box_cox(y, lambda_dict_[k].second);
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
    ar(make_nvp("options", options_), FEPIPE_NVP(feature_names_in_), FEPIPE_NVP(variables_), FEPIPE_NVP(lambda_dict_));
    if constexpr (Archive::is_loading) {
      options_.variables.validate(type_name);
      detail::check_dict_keys(lambda_dict_, variables_, type_name, "lambda_dict_");
      for (const auto& [var, lmbda] : lambda_dict_)
        if (!std::isfinite(lmbda))
          detail::throw_model_format("BoxCoxTransformer: lambda of '" + var + "' is not finite");
      positions_ = detail::restore_positions(feature_names_in_, variables_, type_name, Kind::numeric);
    }
  }

 private:
  static bool positive(double x) noexcept { return std::isfinite(x) && x > 0; }
  static std::string why(double x) { return detail::not_finite_or("is not positive (Box-Cox needs x > 0)", x); }
  static bool finite(double x) noexcept { return std::isfinite(x); }
  static std::string not_finite(double x) { return detail::not_finite_or("", x); }
  double apply(std::size_t k, double x) const noexcept { return detail::box_cox(x, lambda_dict_[k].second); }

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
  std::vector<std::size_t> positions_;
};

static_assert(RowTransformer<BoxCoxTransformer>);

FEPIPE_NAMESPACE_END
